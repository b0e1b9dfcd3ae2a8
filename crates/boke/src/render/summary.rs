//! A post as lists, neighbours and related links show it: a template object whose fields are
//! made only when a template reads them, which records the fields read, and a hash of each
//! field, so that `serve` re-renders a list only when a field it shows has changed.

use std::hash::Hasher;
use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};

use minijinja::Value;
use minijinja::value::{Enumerator, Object};
use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

use crate::assemble::{Site, Term, find_term};
use crate::parse::Page;
use crate::parse::dates::rfc3339;
use crate::render::i18n;
use crate::render::values::{term_links, to_value};

/// The fields of a summary, as templates name them. A field's place here is its bit in a
/// [`FieldSet`].
pub(crate) const FIELDS: [&str; 12] = [
    "title",
    "url",
    "permalink",
    "date",
    "date_display",
    "summary",
    "summary_text",
    "tags",
    "categories",
    "reading_minutes",
    "word_count",
    "lang",
];

/// Some fields of a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct FieldSet(u16);

impl FieldSet {
    pub(crate) const ALL: Self = Self((1 << FIELDS.len()) - 1);

    /// This set and the field `name`.
    pub(crate) fn with(self, name: &str) -> Self {
        field_index(name).map_or(self, |field| Self(self.0 | 1 << field))
    }

    fn contains(self, field: usize) -> bool {
        self.0 & (1 << field) != 0
    }
}

/// The fields read from the summaries of one page while it renders: every summary object of
/// that page marks the same set.
#[derive(Debug, Default)]
pub(crate) struct FieldsRead(AtomicU16);

impl FieldsRead {
    fn mark(&self, field: usize) {
        self.0.fetch_or(1 << field, Ordering::Relaxed);
    }

    pub(crate) fn mark_all(&self) {
        self.0.fetch_or(FieldSet::ALL.0, Ordering::Relaxed);
    }

    pub(crate) fn get(&self) -> FieldSet {
        FieldSet(self.0.load(Ordering::Relaxed))
    }
}

/// A post in a list, as a template value.
#[derive(Debug)]
pub(crate) struct PostSummary {
    site: Arc<Site>,
    post: Arc<Page>,
    read: Arc<FieldsRead>,
}

impl PostSummary {
    /// The summary of `post`; reads of its fields are marked in `read`.
    pub(crate) fn value(site: &Arc<Site>, post: &Arc<Page>, read: &Arc<FieldsRead>) -> Value {
        Value::from_object(Self {
            site: Arc::clone(site),
            post: Arc::clone(post),
            read: Arc::clone(read),
        })
    }
}

impl Object for PostSummary {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let value = field_value(&self.site, &self.post, key)?;
        self.read.mark(field_index(key)?);
        Some(value)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        // Whoever walks the keys may read any of them.
        self.read.mark_all();
        Enumerator::Str(&FIELDS)
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(FIELDS.len())
    }

    fn is_true(self: &Arc<Self>) -> bool {
        true
    }
}

/// The place of a summary field in [`FIELDS`].
pub(crate) fn field_index(name: &str) -> Option<usize> {
    FIELDS.iter().position(|field| *field == name)
}

/// The field `name` of `post`'s summary.
pub(crate) fn field_value(site: &Site, post: &Page, name: &str) -> Option<Value> {
    Some(match name {
        "title" => Value::from(post.title.as_str()),
        "url" => Value::from(post.placement.url.as_str()),
        "permalink" => Value::from(site.config.absolute_url(&post.placement.url)),
        "date" => Value::from(post.placement.date.as_ref().map(rfc3339)),
        "date_display" => Value::from(
            post.placement
                .date
                .as_ref()
                .map(|date| i18n::format_date(date, &post.placement.lang)),
        ),
        "summary" => Value::from(post.summary_html.as_str()),
        "summary_text" => Value::from(post.summary_text.as_str()),
        "tags" => to_value(term_links(&site.tags.terms, &post.placement.tags)),
        "categories" => to_value(term_links(
            &site.categories.terms,
            &post.placement.categories,
        )),
        "reading_minutes" => Value::from(post.reading_minutes),
        "word_count" => Value::from(post.word_count),
        "lang" => Value::from(post.placement.lang.as_str()),
        _ => return None,
    })
}

/// For each post of the site, a hash of each field of its summary.
#[derive(Debug, Clone)]
pub(crate) struct SummaryHashes(Vec<[u64; FIELDS.len()]>);

impl SummaryHashes {
    pub(crate) fn of(site: &Site) -> Self {
        Self(
            site.posts
                .par_iter()
                .map(|post| field_hashes(site, post))
                .collect(),
        )
    }

    /// Hashes the summaries of `posts` again, after their pages were edited in place.
    pub(crate) fn refresh(&mut self, site: &Site, posts: &[usize]) {
        for &index in posts {
            if let (Some(fields), Some(post)) = (self.0.get_mut(index), site.posts.get(index)) {
                *fields = field_hashes(site, post);
            }
        }
    }

    /// Feeds the fields `shown` of the summary of post `index` to `hasher`.
    pub(crate) fn hash_shown(&self, index: usize, shown: FieldSet, hasher: &mut impl Hasher) {
        let Some(fields) = self.0.get(index) else {
            return;
        };
        for (field, hash) in fields.iter().enumerate() {
            if shown.contains(field) {
                hasher.write_u64(*hash);
            }
        }
    }
}

/// A hash of each field of `post`'s summary, in the order of [`FIELDS`]. Fields made from
/// the config as well (the permalink's base) hash only their own part: a config change
/// renders every page anyway.
fn field_hashes(site: &Site, post: &Page) -> [u64; FIELDS.len()] {
    let date = post.placement.date.as_ref().map_or(0, |date| {
        let instant = date.timestamp().as_nanosecond() as u64;
        xxh3_64_with_seed(&date.offset().seconds().to_le_bytes(), instant)
    });
    let terms = |names: &[String], terms: &[Term]| {
        names.iter().fold(0, |seed, name| {
            // What a term link shows besides its name: its post count and where it is.
            let (count, url) = find_term(terms, name)
                .map(|term| (term.posts.len(), term.url.as_str()))
                .unwrap_or_default();
            let seed = xxh3_64_with_seed(name.as_bytes(), seed);
            xxh3_64_with_seed(url.as_bytes(), seed ^ count as u64)
        })
    };
    FIELDS.map(|name| match name {
        "title" => xxh3_64(post.title.as_bytes()),
        "url" | "permalink" => xxh3_64(post.placement.url.as_bytes()),
        "date" => date,
        "date_display" => xxh3_64_with_seed(post.placement.lang.as_bytes(), date),
        "summary" => xxh3_64(post.summary_html.as_bytes()),
        "summary_text" => xxh3_64(post.summary_text.as_bytes()),
        "tags" => terms(&post.placement.tags, &site.tags.terms),
        "categories" => terms(&post.placement.categories, &site.categories.terms),
        "reading_minutes" => u64::from(post.reading_minutes),
        "word_count" => post.word_count as u64,
        "lang" => xxh3_64(post.placement.lang.as_bytes()),
        _ => 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::related::RelatedMemo;
    use crate::assemble::{Visibility, assemble};
    use crate::load::Source;
    use crate::load::config::Config;

    /// A site of one post with front matter `front` and body `body`.
    fn site(front: &str, body: &str) -> Site {
        let source = Source {
            path: "content/posts/a.md".into(),
            content_path: "posts/a.md".into(),
            text: format!("---\n{front}\n---\n{body}\n").into(),
            modified: std::time::SystemTime::UNIX_EPOCH,
        };
        let page = crate::parse::parse(&source, &Config::default())
            .map(|parsed| Arc::new(parsed.page))
            .unwrap_or_else(|_| panic!("parses: {front}"));
        assemble(
            Config::default(),
            vec![page],
            Visibility::default(),
            &mut RelatedMemo::default(),
        )
        .unwrap_or_else(|_| panic!("assembles"))
    }

    #[test]
    fn a_field_that_shows_differently_hashes_differently() {
        let base = ("title: 甲\ndate: 2026-01-01\ntags: [AI]", "正文。");
        let variants = [
            ("title: 乙\ndate: 2026-01-01\ntags: [AI]", "正文。"),
            ("title: 甲\ndate: 2026-01-02\ntags: [AI]", "正文。"),
            (
                "title: 甲\ndate: 2026-01-01T08:00:00+09:00\ntags: [AI]",
                "正文。",
            ),
            ("title: 甲\ndate: 2026-01-01\ntags: [AI, Rust]", "正文。"),
            (
                "title: 甲\ndate: 2026-01-01\ntags: [AI]\ncategories: [技术]",
                "正文。",
            ),
            (
                "title: 甲\ndate: 2026-01-01\ntags: [AI]\nslug: other",
                "正文。",
            ),
            (
                "title: 甲\ndate: 2026-01-01\ntags: [AI]\nlang: en",
                "正文。",
            ),
            (
                "title: 甲\ndate: 2026-01-01\ntags: [AI]",
                &"很长的正文。".repeat(400),
            ),
        ];
        let base = site(base.0, base.1);
        let base_hashes = field_hashes(&base, &base.posts[0]);
        let mut changed = [false; FIELDS.len()];
        for (front, body) in variants {
            let variant = site(front, body);
            let hashes = field_hashes(&variant, &variant.posts[0]);
            for (field, name) in FIELDS.iter().enumerate() {
                let shown = |site: &Site| {
                    field_value(site, &site.posts[0], name).map(|value| value.to_string())
                };
                if shown(&base) != shown(&variant) {
                    changed[field] = true;
                    assert_ne!(
                        base_hashes[field], hashes[field],
                        "`{name}` shows differently for `{front}` but hashes the same"
                    );
                }
            }
        }
        let unexercised: Vec<&str> = FIELDS
            .iter()
            .zip(changed)
            .filter(|(_, changed)| !changed)
            .map(|(name, _)| *name)
            .collect();
        assert!(unexercised.is_empty(), "no variant changes {unexercised:?}");
    }

    #[test]
    fn every_field_has_a_value_and_a_bit() {
        assert_eq!(FieldSet::ALL.0.count_ones() as usize, FIELDS.len());
        for (index, name) in FIELDS.iter().enumerate() {
            assert_eq!(field_index(name), Some(index));
            assert!(FieldSet::ALL.contains(index));
            assert!(!FieldSet(0).contains(index));
        }
    }

    #[test]
    fn reads_are_marked_per_field() {
        let read = FieldsRead::default();
        read.mark(field_index("title").unwrap_or(usize::MAX));
        read.mark(field_index("url").unwrap_or(usize::MAX));
        let set = read.get();
        assert!(set.contains(0) && set.contains(1));
        assert!(!set.contains(10), "word_count was not read");
        read.mark_all();
        assert_eq!(read.get(), FieldSet::ALL);
    }
}
