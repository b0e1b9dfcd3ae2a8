//! What a post is about, found while it is parsed: the jieba TF-IDF keywords of its title,
//! summary and opening, which related posts are ranked by. Made per page in parallel and kept
//! in the build cache with the page.

use std::sync::LazyLock;

use jieba_rs::{KeywordExtract, TfIdf};

/// Keywords kept per post: enough to find neighbours, few enough to keep posting lists short.
const KEYWORDS_PER_POST: usize = 12;
/// Keywords come from the title, and from this many characters of the summary and the
/// opening of the body. The opening of a post says what it is about, and jieba's segmenting
/// and tagging costs about as much per character as rendering Markdown.
const TEXT_CHARS: usize = 300;

static TF_IDF: LazyLock<TfIdf> = LazyLock::new(TfIdf::default);

/// What a post is about: the keywords of its title (counted twice: its words say most about
/// the subject), summary and opening, lowercased, with their TF-IDF weights.
pub(crate) fn keywords(title: &str, summary: &str, body: &str) -> Vec<(String, f64)> {
    let mut text = format!("{title}\n{title}\n");
    let summary = summary.trim();
    let body = body.trim_start();
    // The summary is usually the body's first paragraph: then it is read once, from the body.
    let parts = if body.starts_with(summary) {
        [body, ""]
    } else {
        [summary, body]
    };
    let mut left = TEXT_CHARS;
    for part in parts {
        let end = part
            .char_indices()
            .nth(left)
            .map_or(part.len(), |(end, _)| end);
        text.push_str(&part[..end]);
        text.push('\n');
        left = left.saturating_sub(part[..end].chars().count());
    }
    TF_IDF
        .extract_keywords(
            boke_search::tokenize::jieba(),
            &text,
            KEYWORDS_PER_POST,
            Vec::new(),
        )
        .into_iter()
        .map(|keyword| (keyword.keyword.to_lowercase(), keyword.weight))
        .collect()
}
