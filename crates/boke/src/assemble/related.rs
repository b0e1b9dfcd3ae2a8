//! Related posts: for each post, up to five others that share its tags and categories first,
//! then its keywords (jieba TF-IDF). Candidates come from an inverted index from each tag,
//! category and keyword to its posts, never from all pairs, so the work stays close to linear
//! in the number of posts.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::parse::Page;

/// Most related posts shown under a post.
pub(crate) const MAX_RELATED: usize = 5;
/// A tag carried by thousands of posts would make each of them a candidate for every other.
/// Past this many posts on either side, a shared term only brings in the posts nearest in date.
const NEIGHBOURHOOD: usize = 40;

/// For each post of `posts` (same order), the indices of its related posts, best first.
pub(crate) fn related_posts(posts: &[Arc<Page>]) -> Vec<Vec<usize>> {
    let features: Vec<Features> = posts.par_iter().map(|post| Features::of(post)).collect();
    let index = InvertedIndex::new(&features);
    (0..posts.len())
        .into_par_iter()
        .map_init(
            || Scratch::new(posts.len()),
            |scratch, post| rank(post, &features, &index, scratch),
        )
        .collect()
}

/// The related posts of the last site seen, reused while every post stands in the same place
/// with the same tags, categories and keywords: an edit to the body of a post (its opening
/// aside) then costs no ranking at all.
#[derive(Debug, Default)]
pub(crate) struct RelatedMemo {
    last: Option<(u64, Arc<Vec<Vec<usize>>>)>,
}

impl RelatedMemo {
    /// For each post of `posts` (same order), the indices of its related posts, best first.
    pub(crate) fn related_posts(&mut self, posts: &[Arc<Page>]) -> Arc<Vec<Vec<usize>>> {
        let key = ranked_by(posts);
        if let Some((last_key, related)) = &self.last
            && *last_key == key
        {
            return Arc::clone(related);
        }
        let related = Arc::new(related_posts(posts));
        self.last = Some((key, Arc::clone(&related)));
        related
    }
}

/// A hash of everything related posts are ranked by.
fn ranked_by(posts: &[Arc<Page>]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
    for post in posts {
        (
            &post.placement.path,
            &post.placement.tags,
            &post.placement.categories,
        )
            .hash(&mut hasher);
        for (keyword, weight) in &post.placement.keywords {
            (keyword, weight.to_bits()).hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// What a post is about, as the index sees it.
struct Features<'a> {
    /// Tags and categories, prefixed so that a tag and a category of one name stay apart.
    terms: Vec<String>,
    keywords: &'a [(String, f64)],
}

impl<'a> Features<'a> {
    fn of(post: &'a Page) -> Self {
        let mut terms: Vec<String> = post
            .placement
            .tags
            .iter()
            .map(|tag| format!("t:{tag}"))
            .collect();
        // Each level of a category path is shared with the posts under it: posts in
        // `Java/Groovy` are related to those in `Java/Spring` through `Java`, and closer to
        // those in `Java/Groovy` itself.
        for path in &post.placement.categories {
            let mut end = 0;
            for level in path.split('/') {
                end += level.len();
                let term = format!("c:{}", &path[..end]);
                if !terms.contains(&term) {
                    terms.push(term);
                }
                end += 1;
            }
        }
        Self {
            terms,
            keywords: &post.placement.keywords,
        }
    }
}

/// From each term and keyword to the posts that have it, in post order (newest first).
struct InvertedIndex<'a> {
    terms: HashMap<&'a str, Vec<usize>>,
    keywords: HashMap<&'a str, Vec<(usize, f64)>>,
}

impl<'a> InvertedIndex<'a> {
    fn new(features: &'a [Features<'a>]) -> Self {
        let mut terms: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut keywords: HashMap<&str, Vec<(usize, f64)>> = HashMap::new();
        for (post, feature) in features.iter().enumerate() {
            for term in &feature.terms {
                terms.entry(term).or_default().push(post);
            }
            for (keyword, weight) in feature.keywords {
                keywords.entry(keyword).or_default().push((post, *weight));
            }
        }
        Self { terms, keywords }
    }
}

/// How much a candidate has in common with the post being ranked.
#[derive(Default, Clone, Copy)]
struct Score {
    shared_terms: u32,
    keyword_weight: f64,
    /// Whether the post is already among the candidates.
    candidate: bool,
}

/// Every post's score against the one being ranked, kept from post to post on one thread so
/// that ranking touches only the candidates' slots: no hashing, no allocation per post.
struct Scratch {
    scores: Vec<Score>,
    candidates: Vec<usize>,
}

impl Scratch {
    fn new(posts: usize) -> Self {
        Self {
            scores: vec![Score::default(); posts],
            candidates: Vec::new(),
        }
    }

    fn score(&mut self, other: usize) -> &mut Score {
        let score = &mut self.scores[other];
        if !score.candidate {
            score.candidate = true;
            self.candidates.push(other);
        }
        score
    }

    /// The candidates with their scores, leaving every slot clean for the next post.
    fn take(&mut self) -> Vec<(usize, Score)> {
        let scores = &mut self.scores;
        self.candidates
            .drain(..)
            .map(|other| (other, std::mem::take(&mut scores[other])))
            .collect()
    }
}

fn rank(
    post: usize,
    features: &[Features<'_>],
    index: &InvertedIndex<'_>,
    scratch: &mut Scratch,
) -> Vec<usize> {
    let own = &features[post];
    for term in &own.terms {
        let postings = index
            .terms
            .get(term.as_str())
            .map_or(&[][..], Vec::as_slice);
        for &other in near(postings, post, |&p| p) {
            if other != post {
                scratch.score(other).shared_terms += 1;
            }
        }
    }
    for (keyword, weight) in own.keywords {
        let postings = index
            .keywords
            .get(keyword.as_str())
            .map_or(&[][..], Vec::as_slice);
        for &(other, other_weight) in near(postings, post, |&(p, _)| p) {
            if other != post {
                scratch.score(other).keyword_weight += weight * other_weight;
            }
        }
    }
    let mut ranked = scratch.take();
    let order = |(a, a_score): &(usize, Score), (b, b_score): &(usize, Score)| {
        b_score
            .shared_terms
            .cmp(&a_score.shared_terms)
            .then_with(|| {
                b_score
                    .keyword_weight
                    .partial_cmp(&a_score.keyword_weight)
                    .unwrap_or(Ordering::Equal)
            })
            // Then the post closest in time, then a fixed order.
            .then_with(|| a.abs_diff(post).cmp(&b.abs_diff(post)))
            .then_with(|| a.cmp(b))
    };
    // Only the best few are kept: select them, then sort just those.
    if ranked.len() > MAX_RELATED {
        ranked.select_nth_unstable_by(MAX_RELATED - 1, order);
        ranked.truncate(MAX_RELATED);
    }
    ranked.sort_unstable_by(order);
    // Collected from a borrow: collecting from `into_iter` would reuse, and keep, the whole
    // candidate buffer for every post.
    ranked.iter().map(|(other, _)| *other).collect()
}

/// The part of a posting list (sorted by post index) within [`NEIGHBOURHOOD`] of `post`.
fn near<T>(postings: &[T], post: usize, index_of: impl Fn(&T) -> usize) -> &[T] {
    if postings.len() <= 2 * NEIGHBOURHOOD + 1 {
        return postings;
    }
    let at = postings.partition_point(|item| index_of(item) < post);
    let start = at.saturating_sub(NEIGHBOURHOOD);
    let end = (at + NEIGHBOURHOOD + 1).min(postings.len());
    &postings[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Source;
    use crate::load::config::Config;

    fn post(name: &str, front: &str, body: &str) -> Arc<Page> {
        let source = Source {
            path: format!("content/posts/{name}.md").into(),
            content_path: format!("posts/{name}.md").into(),
            text: format!("---\ndate: 2026-01-01\n{front}\n---\n{body}\n").into(),
            modified: std::time::SystemTime::UNIX_EPOCH,
            folder: std::path::PathBuf::new(),
            root: std::path::PathBuf::new(),
        };
        crate::parse::parse(&source, &Config::default())
            .map(|parsed| Arc::new(parsed.page))
            .unwrap_or_else(|_| panic!("{name} parses"))
    }

    #[test]
    fn shared_tags_rank_above_shared_keywords() {
        let posts = vec![
            post("a", "tags: [Rust, 搜索]", "分词器的实现细节。"),
            post("b", "tags: [烹饪]", "分词器的实现细节，分词器的速度。"),
            post("c", "tags: [Rust, 搜索]", "今天谈谈别的。"),
            post("d", "tags: [Rust]", "完全无关的旅行笔记。"),
            post("e", "tags: [园艺]", "花园里的番茄。"),
        ];
        let related = related_posts(&posts);
        assert_eq!(related[0].first(), Some(&2), "two shared tags first");
        assert_eq!(related[0].get(1), Some(&3), "then one shared tag");
        assert!(related[0].contains(&1), "then a shared keyword");
        assert!(!related[0].contains(&4), "nothing in common: not related");
        assert!(!related[0].contains(&0), "never itself");
    }

    #[test]
    fn keywords_alone_relate_untagged_posts() {
        let posts = vec![
            post("a", "title: 量化推理", "量化让推理成本下降，显存占用更少。"),
            post("b", "title: 园艺", "番茄和黄瓜的种植。"),
            post("c", "title: 蒸馏与量化", "蒸馏和量化都降低推理成本。"),
        ];
        let related = related_posts(&posts);
        assert_eq!(related[0], vec![2]);
        assert_eq!(related[2], vec![0]);
    }

    #[test]
    fn the_memo_follows_changes_to_tags_and_keywords() {
        let mut posts = vec![
            post("a", "tags: [Rust]", "分词器的实现细节。"),
            post("b", "tags: [烹饪]", "番茄炒蛋。"),
            post("c", "tags: [Rust]", "今天谈谈别的。"),
        ];
        let mut memo = RelatedMemo::default();
        assert_eq!(*memo.related_posts(&posts), related_posts(&posts));
        assert_eq!(memo.related_posts(&posts)[1], Vec::<usize>::new());
        posts[1] = post("b", "tags: [Rust]", "番茄炒蛋。");
        let after = memo.related_posts(&posts);
        assert_eq!(*after, related_posts(&posts));
        assert_eq!(after[1], vec![0, 2], "the new shared tag counts");
        posts[1] = post("b", "tags: [Rust]", "分词器的实现细节，分词器的速度。");
        assert_eq!(*memo.related_posts(&posts), related_posts(&posts));
    }

    #[test]
    fn at_most_five() {
        let posts: Vec<Arc<Page>> = (0..9)
            .map(|i| post(&format!("p{i}"), "tags: [同一个标签]", "正文"))
            .collect();
        let related = related_posts(&posts);
        assert!(related.iter().all(|r| r.len() == MAX_RELATED));
        assert_eq!(related[4], vec![3, 5, 2, 6, 1], "nearest in time first");
    }

    #[test]
    fn neighbourhood_bounds_long_posting_lists() {
        let postings: Vec<usize> = (0..1000).collect();
        let window = near(&postings, 500, |&p| p);
        assert_eq!(window.len(), 2 * NEIGHBOURHOOD + 1);
        assert_eq!(window.first(), Some(&(500 - NEIGHBOURHOOD)));
        assert_eq!(near(&postings[..10], 5, |&p| p).len(), 10);
    }
}
