//! A post as lists, neighbours and related links show it: a template object whose fields are
//! made only when a template reads them, which records the fields read, and a hash of each
//! field, so that `serve` re-renders a list only when a field it shows has changed.

use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use minijinja::Value;
use minijinja::value::{Enumerator, Object};
use rayon::prelude::*;
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64, xxh3_64_with_seed};

use crate::assemble::{Site, Term, find_term};
use crate::parse::Page;
use crate::parse::dates::rfc3339;
use crate::render::i18n;
use crate::render::values::{TermLink, term_links, to_value};

/// A field of a summary. Its place in [`Field::ALL`] is its bit in a [`FieldSet`]; its
/// name, the one templates use, and its value and hash below are matched without a fallback,
/// so a new field cannot miss any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    Url,
    Permalink,
    Date,
    DateDisplay,
    Summary,
    SummaryText,
    Tags,
    Categories,
    ReadingMinutes,
    WordCount,
    Lang,
    SummaryHasMath,
    SummaryHasComponents,
    Cover,
    Pinned,
    ReadingTimeDisplay,
    WordCountDisplay,
}

impl Field {
    pub(crate) const ALL: [Field; 18] = [
        Field::Title,
        Field::Url,
        Field::Permalink,
        Field::Date,
        Field::DateDisplay,
        Field::Summary,
        Field::SummaryText,
        Field::Tags,
        Field::Categories,
        Field::ReadingMinutes,
        Field::WordCount,
        Field::Lang,
        Field::SummaryHasMath,
        Field::SummaryHasComponents,
        Field::Cover,
        Field::Pinned,
        Field::ReadingTimeDisplay,
        Field::WordCountDisplay,
    ];

    /// The name templates read it by.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Url => "url",
            Field::Permalink => "permalink",
            Field::Date => "date",
            Field::DateDisplay => "date_display",
            Field::Summary => "summary",
            Field::SummaryText => "summary_text",
            Field::Tags => "tags",
            Field::Categories => "categories",
            Field::ReadingMinutes => "reading_minutes",
            Field::WordCount => "word_count",
            Field::Lang => "lang",
            Field::SummaryHasMath => "summary_has_math",
            Field::SummaryHasComponents => "summary_has_components",
            Field::Cover => "cover",
            Field::Pinned => "pinned",
            Field::ReadingTimeDisplay => "reading_time_display",
            Field::WordCountDisplay => "word_count_display",
        }
    }

    /// The field a template names `name`, if it is one.
    pub(crate) fn named(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.name() == name)
    }

    fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// The names of [`Field::ALL`], in order, for templates that walk a summary's keys.
pub(crate) const FIELDS: [&str; Field::ALL.len()] = {
    let mut names = [""; Field::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = Field::ALL[i].name();
        i += 1;
    }
    names
};

/// Some fields of a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct FieldSet(u32);

impl FieldSet {
    pub(crate) const ALL: Self = Self((1 << Field::ALL.len()) - 1);

    /// This set and `field`.
    pub(crate) fn with(self, field: Field) -> Self {
        Self(self.0 | field.bit())
    }

    fn contains(self, field: Field) -> bool {
        self.0 & field.bit() != 0
    }
}

/// The fields read from the summaries of one page while it renders: every summary object of
/// that page marks the same set.
#[derive(Debug, Default)]
pub(crate) struct FieldsRead(AtomicU32);

impl FieldsRead {
    fn mark(&self, field: Field) {
        self.0.fetch_or(field.bit(), Ordering::Relaxed);
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
        let field = Field::named(key)?;
        self.read.mark(field);
        Some(field_value(&self.site, &self.post, field))
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

/// The field `field` of `post`'s summary.
pub(crate) fn field_value(site: &Site, post: &Page, field: Field) -> Value {
    match field {
        Field::Title => Value::from(post.title.as_str()),
        Field::Url => Value::from(post.placement.url.as_str()),
        Field::Permalink => Value::from(site.config.absolute_url(&post.placement.url)),
        Field::Date => Value::from(post.placement.date.as_ref().map(rfc3339)),
        Field::DateDisplay => Value::from(
            post.placement
                .date
                .as_ref()
                .map(|date| i18n::format_date(date, &post.placement.lang)),
        ),
        Field::Summary => Value::from(post.summary_html.as_str()),
        Field::SummaryText => Value::from(post.summary_text.as_str()),
        Field::Tags => to_value(term_links(&site.tags.terms, &post.placement.tags)),
        Field::Categories => to_value(term_links(
            &site.categories.terms,
            &post.placement.categories,
        )),
        Field::ReadingMinutes => Value::from(post.reading_minutes),
        Field::WordCount => Value::from(post.word_count),
        Field::Lang => Value::from(post.placement.lang.as_str()),
        Field::SummaryHasMath => Value::from(post.summary_has_math),
        Field::SummaryHasComponents => Value::from(post.summary_has_components),
        Field::Cover => Value::from(post.cover.as_deref()),
        Field::Pinned => Value::from(post.pinned > 0),
        Field::ReadingTimeDisplay => Value::from(i18n::reading_time(
            post.reading_minutes,
            &post.placement.lang,
        )),
        Field::WordCountDisplay => {
            Value::from(i18n::word_count(post.word_count, &post.placement.lang))
        }
    }
}

/// For each post of the site, a hash of each field of its summary.
#[derive(Debug, Clone)]
pub(crate) struct SummaryHashes(Vec<[u64; Field::ALL.len()]>);

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
        for (field, hash) in Field::ALL.iter().zip(fields) {
            if shown.contains(*field) {
                hasher.write_u64(*hash);
            }
        }
    }
}

/// A hash of each field of `post`'s summary, in the order of [`FIELDS`]. Fields made from
/// the config as well (the permalink's base) hash only their own part: a config change
/// renders every page anyway.
fn field_hashes(site: &Site, post: &Page) -> [u64; Field::ALL.len()] {
    let date = post.placement.date.as_ref().map_or(0, |date| {
        let instant = date.timestamp().as_nanosecond() as u64;
        xxh3_64_with_seed(&date.offset().seconds().to_le_bytes(), instant)
    });
    let terms = |names: &[String], terms: &[Term]| {
        // What a term link shows: its name, post count and place, and those of its parents.
        let mut hasher = Xxh3Default::new();
        for name in names {
            name.hash(&mut hasher);
            find_term(terms, name)
                .map(|term| TermLink::new(terms, term))
                .hash(&mut hasher);
        }
        hasher.finish()
    };
    Field::ALL.map(|field| match field {
        Field::Title => xxh3_64(post.title.as_bytes()),
        Field::Url | Field::Permalink => xxh3_64(post.placement.url.as_bytes()),
        Field::Date => date,
        Field::DateDisplay => xxh3_64_with_seed(post.placement.lang.as_bytes(), date),
        Field::Summary => xxh3_64(post.summary_html.as_bytes()),
        Field::SummaryText => xxh3_64(post.summary_text.as_bytes()),
        Field::Tags => terms(&post.placement.tags, &site.tags.terms),
        Field::Categories => terms(&post.placement.categories, &site.categories.terms),
        Field::ReadingMinutes => u64::from(post.reading_minutes),
        Field::WordCount => post.word_count as u64,
        Field::Lang => xxh3_64(post.placement.lang.as_bytes()),
        Field::SummaryHasMath => u64::from(post.summary_has_math),
        Field::SummaryHasComponents => u64::from(post.summary_has_components),
        Field::Cover => post
            .cover
            .as_deref()
            .map_or(0, |cover| xxh3_64(cover.as_bytes())),
        Field::Pinned => post.pinned as u64,
        Field::ReadingTimeDisplay => xxh3_64_with_seed(
            post.placement.lang.as_bytes(),
            u64::from(post.reading_minutes),
        ),
        Field::WordCountDisplay => {
            xxh3_64_with_seed(post.placement.lang.as_bytes(), post.word_count as u64)
        }
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
            folder: std::path::PathBuf::new(),
            root: std::path::PathBuf::new(),
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
                "title: 甲\ndate: 2026-01-01\ntags: [AI]\ncover: /a.png",
                "正文。",
            ),
            (
                "title: 甲\ndate: 2026-01-01\ntags: [AI]\npinned: true",
                "正文。",
            ),
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
            (
                "title: 甲\ndate: 2026-01-01\ntags: [AI]",
                "正文 $x^2$。\n\n<!--more-->\n",
            ),
            (
                "title: 甲\ndate: 2026-01-01\ntags: [AI]",
                "{{< note >}}\n正文。\n{{< /note >}}\n\n<!--more-->\n",
            ),
        ];
        let base = site(base.0, base.1);
        let base_hashes = field_hashes(&base, &base.posts[0]);
        let mut changed = [false; Field::ALL.len()];
        for (front, body) in variants {
            let variant = site(front, body);
            let hashes = field_hashes(&variant, &variant.posts[0]);
            for (index, field) in Field::ALL.into_iter().enumerate() {
                let name = field.name();
                let shown = |site: &Site| field_value(site, &site.posts[0], field).to_string();
                if shown(&base) != shown(&variant) {
                    changed[index] = true;
                    assert_ne!(
                        base_hashes[index], hashes[index],
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
        assert_eq!(FieldSet::ALL.0.count_ones() as usize, Field::ALL.len());
        for (index, field) in Field::ALL.into_iter().enumerate() {
            assert_eq!(Field::named(field.name()), Some(field));
            assert_eq!(FIELDS[index], field.name());
            assert!(FieldSet::ALL.contains(field));
            assert!(!FieldSet(0).contains(field));
        }
    }

    #[test]
    fn reads_are_marked_per_field() {
        let read = FieldsRead::default();
        read.mark(Field::Title);
        read.mark(Field::Url);
        let set = read.get();
        assert!(set.contains(Field::Title) && set.contains(Field::Url));
        assert!(!set.contains(Field::WordCount), "word_count was not read");
        read.mark_all();
        assert_eq!(read.get(), FieldSet::ALL);
    }
}
