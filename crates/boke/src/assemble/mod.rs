//! The assemble stage: published pages placed into a site — posts in date order with their
//! neighbours, taxonomies, series, archives — and URL clashes caught.

pub(crate) mod related;

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::load::config::Config;
use crate::parse::Page;
use crate::parse::slug::{encode_path, slugify};

/// Which pages a build publishes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Visibility {
    /// Include `draft: true` posts.
    pub drafts: bool,
    /// Include posts dated in the future.
    pub future: bool,
}

/// Why a page is left out of a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// `draft: true`, without `--drafts`.
    Draft,
    /// A post dated after now, without `--future`.
    Future,
}

impl Visibility {
    /// Why this build leaves `page` out, if it does: the one rule for what is published, for
    /// the counts that say so and for `serve`'s answer when such a page is asked for.
    pub(crate) fn hides(self, page: &Page, now: jiff::Timestamp) -> Option<Hidden> {
        if page.placement.draft && !self.drafts {
            Some(Hidden::Draft)
        } else if !self.future
            && page.is_post()
            && page
                .placement
                .date
                .as_ref()
                .is_some_and(|date| date.timestamp() > now)
        {
            Some(Hidden::Future)
        } else {
            None
        }
    }
}

/// How many posts a build left out, by why: so that a post missing from the site is never a
/// mystery.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LeftOut {
    /// Posts marked `draft: true` (without `--drafts`).
    pub drafts: usize,
    /// Posts dated after now (without `--future`), drafts not counted again.
    pub future: usize,
}

impl LeftOut {
    pub(crate) fn count<'a>(pages: impl Iterator<Item = &'a Page>, visibility: Visibility) -> Self {
        let now = jiff::Timestamp::now();
        let mut left_out = Self::default();
        for page in pages.filter(|page| page.is_post()) {
            match visibility.hides(page, now) {
                Some(Hidden::Draft) => left_out.drafts += 1,
                Some(Hidden::Future) => left_out.future += 1,
                None => {}
            }
        }
        left_out
    }

    /// The line saying which posts stayed out and how to see them, when any did.
    pub fn describe(&self) -> Option<String> {
        let them = |n: usize| if n == 1 { ("", "it") } else { ("s", "them") };
        let mut parts = Vec::new();
        if self.drafts > 0 {
            let (s, them) = them(self.drafts);
            parts.push(format!(
                "{} draft{s} (--drafts, -D, includes {them})",
                self.drafts
            ));
        }
        if self.future > 0 {
            let (s, them) = them(self.future);
            parts.push(format!(
                "{} post{s} dated in the future (--future, -F, includes {them})",
                self.future
            ));
        }
        (!parts.is_empty()).then(|| format!("left out: {}", parts.join("; ")))
    }
}

/// A tag or category and the posts filed under it, newest first.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// What the term is shown as: a category's own level (`Groovy`).
    pub(crate) name: String,
    /// What front matter names it by and terms are sorted by: for a category its whole path
    /// (`Java/Groovy`), for a tag its name.
    pub(crate) key: String,
    /// The category this one is under, by index into [`Taxonomy::terms`]; `None` for tags.
    pub(crate) parent: Option<usize>,
    /// Site path (`/tags/人工智能/`), not encoded.
    pub(crate) path: String,
    pub(crate) url: String,
    /// Indices into [`Site::posts`]; a category's include the posts of the categories under it.
    pub(crate) posts: Vec<usize>,
}

impl Term {
    /// The categories above this one, from the top level down.
    pub(crate) fn ancestors<'a>(&self, terms: &'a [Term]) -> Vec<&'a Term> {
        let mut ancestors = Vec::new();
        let mut parent = self.parent;
        // A parent always sorts before its children, so the walk ends; the bound keeps a
        // malformed list from looping.
        while let Some(term) = parent.and_then(|at| terms.get(at)) {
            if ancestors.len() > terms.len() {
                break;
            }
            ancestors.push(term);
            parent = term.parent;
        }
        ancestors.reverse();
        ancestors
    }
}

/// The two taxonomies a post is filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum TaxonomyKind {
    Tags,
    Categories,
}

impl TaxonomyKind {
    /// The URL prefix and the key in templates.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Categories => "categories",
        }
    }
}

/// One kind of taxonomy (tags or categories).
#[derive(Debug, Clone)]
pub(crate) struct Taxonomy {
    pub(crate) kind: TaxonomyKind,
    /// Sorted by name.
    pub(crate) terms: Vec<Term>,
}

impl Taxonomy {
    pub(crate) fn path(&self) -> String {
        format!("/{}/", self.kind.name())
    }

    pub(crate) fn find(&self, name: &str) -> Option<&Term> {
        find_term(&self.terms, name)
    }
}

/// The term whose key is `name` among `terms`, sorted by key as [`assemble`] makes them; a
/// spelling that differs only in case (`docker` for the term `Docker`) finds the term it was
/// merged into.
pub(crate) fn find_term<'a>(terms: &'a [Term], name: &str) -> Option<&'a Term> {
    match terms.binary_search_by(|term| term.key.as_str().cmp(name)) {
        Ok(found) => Some(&terms[found]),
        Err(_) => {
            let lower = name.to_lowercase();
            terms.iter().find(|term| term.key.to_lowercase() == lower)
        }
    }
}

/// A series and its posts in reading order (oldest first).
#[derive(Debug, Clone)]
pub(crate) struct Series {
    pub(crate) name: String,
    pub(crate) posts: Vec<usize>,
}

/// The assembled site: plain data for the render stage.
#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) config: Config,
    /// Published posts, newest first. Shared, so that a rebuild after one edit reuses the
    /// other pages instead of copying them.
    pub(crate) posts: Vec<Arc<Page>>,
    /// Standalone pages (about, 404, …).
    pub(crate) pages: Vec<Arc<Page>>,
    pub(crate) tags: Taxonomy,
    pub(crate) categories: Taxonomy,
    pub(crate) series: Vec<Series>,
    /// For each post (same order as `posts`), its related posts as indices, best first.
    /// Shared with the next rebuild in `serve` while no post's ranking inputs change.
    pub(crate) related: Arc<Vec<Vec<usize>>>,
}

impl Site {
    /// The years of the first and the last post, for the footer's copyright line; the year
    /// of the build, in the site's time zone, when no post has a date.
    pub(crate) fn years(&self) -> (i16, i16) {
        let mut years = self
            .posts
            .iter()
            .filter_map(|post| post.placement.date.as_ref().map(jiff::ZonedDateTime::year));
        let Some(first) = years.next() else {
            let now = jiff::ZonedDateTime::now().with_time_zone(self.config.time_zone());
            return (now.year(), now.year());
        };
        years.fold((first, first), |(low, high), year| {
            (low.min(year), high.max(year))
        })
    }

    pub(crate) fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        match kind {
            TaxonomyKind::Tags => &self.tags,
            TaxonomyKind::Categories => &self.categories,
        }
    }

    /// Where `page` (by its source file) is published, if it is.
    pub(crate) fn slot_of(&self, page: &Arc<Page>) -> Option<Slot> {
        // By source, not by pointer: the site holds pages with components expanded, copies
        // of the parsed pages.
        let find = |pages: &[Arc<Page>]| {
            pages
                .iter()
                .position(|p| Arc::ptr_eq(p, page) || p.source == page.source)
        };
        find(&self.posts)
            .map(Slot::Post)
            .or_else(|| find(&self.pages).map(Slot::Page))
    }

    /// Every published post and standalone page with its place.
    pub(crate) fn slots(&self) -> impl Iterator<Item = (Slot, &Arc<Page>)> {
        let posts = self.posts.iter().enumerate();
        let pages = self.pages.iter().enumerate();
        posts
            .map(|(i, page)| (Slot::Post(i), page))
            .chain(pages.map(|(i, page)| (Slot::Page(i), page)))
    }

    /// This site with pages replaced by edited versions that [stay in place](stays_in_place):
    /// the order, taxonomies, series and related posts stay as they are.
    pub(crate) fn with_edits(&self, edits: &[(Slot, Arc<Page>)]) -> Site {
        let mut posts = self.posts.clone();
        let mut pages = self.pages.clone();
        for (slot, page) in edits {
            let place = match *slot {
                Slot::Post(index) => posts.get_mut(index),
                Slot::Page(index) => pages.get_mut(index),
            };
            if let Some(place) = place {
                *place = Arc::clone(page);
            }
        }
        Site {
            config: self.config.clone(),
            posts,
            pages,
            tags: self.tags.clone(),
            categories: self.categories.clone(),
            series: self.series.clone(),
            related: Arc::clone(&self.related),
        }
    }
}

/// A published page's place: an index into [`Site::posts`] or [`Site::pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Post(usize),
    Page(usize),
}

/// Whether an edit from `old` to `new` leaves the site around the page as it was: its
/// [`Placement`](crate::parse::Placement), all that [`assemble`] orders, files, checks and
/// ranks related posts by, is the same, so the page keeps its place and only what shows it
/// can differ.
pub(crate) fn stays_in_place(old: &Page, new: &Page) -> bool {
    old.placement == new.placement
}

/// Places the parsed pages into a site. Two pages at one URL is an error naming both files.
pub(crate) fn assemble(
    config: Config,
    pages: Vec<Arc<Page>>,
    visibility: Visibility,
    related: &mut crate::assemble::related::RelatedMemo,
) -> Result<Site, Vec<Diagnostic>> {
    let now = jiff::Timestamp::now();
    let (mut posts, standalone): (Vec<Arc<Page>>, Vec<Arc<Page>>) = pages
        .into_iter()
        .filter(|page| visibility.hides(page, now).is_none())
        .partition(|page| page.is_post());
    posts.sort_by(|a, b| {
        b.placement
            .date
            .as_ref()
            .map(jiff::ZonedDateTime::timestamp)
            .cmp(
                &a.placement
                    .date
                    .as_ref()
                    .map(jiff::ZonedDateTime::timestamp),
            )
            .then_with(|| a.placement.path.cmp(&b.placement.path))
    });

    let tags = taxonomy(
        TaxonomyKind::Tags,
        &posts,
        |post| &post.placement.tags,
        &config,
    );
    let categories = categories(&posts, &config);
    let series = collect_series(&posts);
    let mut site = Site {
        config,
        posts,
        pages: standalone,
        tags,
        categories,
        series,
        related: Arc::default(),
    };
    check_unique_urls(&site)?;
    site.related = related.related_posts(&site.posts);
    Ok(site)
}

/// The spellings of one term and how many posts use each, in the order first seen.
type Spellings<'a> = Vec<(&'a str, usize)>;

/// The spelling used most, the first seen on a tie.
fn most_used<'a>(spellings: &Spellings<'a>) -> &'a str {
    let mut shown = spellings[0];
    for spelling in &spellings[1..] {
        if spelling.1 > shown.1 {
            shown = *spelling;
        }
    }
    shown.0
}

fn taxonomy(
    kind: TaxonomyKind,
    posts: &[Arc<Page>],
    names: impl Fn(&Page) -> &Vec<String>,
    config: &Config,
) -> Taxonomy {
    // Names that differ only in case (`Docker`, `docker`) are one term, shown in its most used
    // spelling (the newest post's on a tie).
    let mut by_key: HashMap<String, (Vec<usize>, Spellings<'_>)> = HashMap::new();
    for (index, post) in posts.iter().enumerate() {
        for name in names(post) {
            let (indices, spellings) = by_key.entry(name.to_lowercase()).or_default();
            if indices.last() != Some(&index) {
                indices.push(index);
            }
            match spellings
                .iter_mut()
                .find(|(spelling, _)| *spelling == name.as_str())
            {
                Some((_, count)) => *count += 1,
                None => spellings.push((name.as_str(), 1)),
            }
        }
    }
    let mut by_name: Vec<(&str, Vec<usize>)> = by_key
        .into_values()
        .map(|(indices, spellings)| (most_used(&spellings), indices))
        .collect();
    by_name.sort_by(|a, b| a.0.cmp(b.0));
    // Names with one slug (`C++` and `C#` are both `c`) get `c`, `c-2`, … in name order, so
    // a site with both builds and each keeps a page.
    let mut slugs_taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let terms = by_name
        .into_iter()
        .map(|(name, posts)| {
            let base = slugify(name, config.slug_style);
            let mut slug = base.clone();
            let mut number = 2;
            while !slugs_taken.insert(slug.clone()) {
                slug = format!("{base}-{number}");
                number += 1;
            }
            let path = format!("/{}/{slug}/", kind.name());
            Term {
                name: name.to_owned(),
                key: name.to_owned(),
                parent: None,
                url: encode_path(&path),
                path,
                posts,
            }
        })
        .collect();
    Taxonomy { kind, terms }
}

/// One level of a category path while the tree is gathered.
#[derive(Default)]
struct Level<'a> {
    posts: Vec<usize>,
    spellings: Spellings<'a>,
}

/// The category tree. Each level of `Java/Groovy` is a term of its own, and a post filed under
/// `Java/Groovy` is listed on `Java`'s page too, as Hexo lists a category's whole subtree.
/// Levels are merged by case within their parent as tags are, and a level's slug is made
/// unique among its siblings (`/categories/java/groovy/`).
fn categories(posts: &[Arc<Page>], config: &Config) -> Taxonomy {
    // Keyed by the lowercased path, each level's own spellings counted.
    let mut levels: HashMap<String, Level<'_>> = HashMap::new();
    for (index, post) in posts.iter().enumerate() {
        for path in &post.placement.categories {
            let mut key = String::with_capacity(path.len());
            for level in path.split('/') {
                if !key.is_empty() {
                    key.push('/');
                }
                key.push_str(&level.to_lowercase());
                let entry = levels.entry(key.clone()).or_default();
                if entry.posts.last() != Some(&index) {
                    entry.posts.push(index);
                }
                match entry
                    .spellings
                    .iter_mut()
                    .find(|(spelling, _)| *spelling == level)
                {
                    Some((_, count)) => *count += 1,
                    None => entry.spellings.push((level, 1)),
                }
            }
        }
    }
    // Parents before children, so each level finds its parent's key, path and slugs.
    let mut lowered: Vec<(String, Level<'_>)> = levels.into_iter().collect();
    lowered.sort_by(|a, b| {
        let depth = |key: &str| key.matches('/').count();
        depth(&a.0)
            .cmp(&depth(&b.0))
            .then_with(|| most_used(&a.1.spellings).cmp(most_used(&b.1.spellings)))
            .then_with(|| a.0.cmp(&b.0))
    });
    // For each lowered key: the shown key and the site path.
    let mut placed: HashMap<String, (String, String)> = HashMap::new();
    let mut paths_taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut terms: Vec<(Term, Option<String>)> = Vec::with_capacity(lowered.len());
    for (lower, level) in lowered {
        let name = most_used(&level.spellings);
        let parent = lower
            .rsplit_once('/')
            .and_then(|(parent, _)| placed.get(parent).cloned());
        let (key, base) = match &parent {
            Some((parent_key, parent_path)) => {
                (format!("{parent_key}/{name}"), parent_path.clone())
            }
            None => (
                name.to_owned(),
                format!("/{}/", TaxonomyKind::Categories.name()),
            ),
        };
        let slug = slugify(name, config.slug_style);
        let mut path = format!("{base}{slug}/");
        let mut number = 2;
        // A level named like the pagination folder (`Java/page`) would sit where its
        // parent's later pages are (`/categories/java/page/2/`): it is numbered as if taken,
        // whether or not the parent has later pages yet, so its URL stays put as posts come.
        let pager_folder = parent.is_some() && slug == config.pagination_path;
        while (pager_folder && number == 2) || !paths_taken.insert(path.clone()) {
            path = format!("{base}{slug}-{number}/");
            number += 1;
        }
        placed.insert(lower, (key.clone(), path.clone()));
        terms.push((
            Term {
                name: name.to_owned(),
                key,
                parent: None,
                url: encode_path(&path),
                path,
                posts: level.posts,
            },
            parent.map(|(parent_key, _)| parent_key),
        ));
    }
    terms.sort_by(|a, b| a.0.key.cmp(&b.0.key));
    let keys: Vec<String> = terms.iter().map(|(term, _)| term.key.clone()).collect();
    let terms = terms
        .into_iter()
        .map(|(mut term, parent)| {
            term.parent = parent.and_then(|parent| keys.binary_search(&parent).ok());
            term
        })
        .collect();
    Taxonomy {
        kind: TaxonomyKind::Categories,
        terms,
    }
}

fn collect_series(posts: &[Arc<Page>]) -> Vec<Series> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, post) in posts.iter().enumerate() {
        if let Some(name) = &post.placement.series {
            by_name.entry(name.as_str()).or_default().push(index);
        }
    }
    by_name
        .into_iter()
        .map(|(name, mut indices)| {
            // Posts are newest first; a series is read from its first part.
            indices.reverse();
            Series {
                name: name.to_owned(),
                posts: indices,
            }
        })
        .collect()
}

/// What claims an output path: a page, one of its aliases, a taxonomy term, or a later page
/// of a list (the home page's when the term is `None`).
#[derive(Clone, Copy)]
enum Owner<'a> {
    Page(&'a Page),
    Alias(&'a Page),
    Term(&'a Taxonomy, &'a Term),
    Pager(Option<(&'a Taxonomy, &'a Term)>, usize),
}

impl Owner<'_> {
    /// How an error names the owner: its file, or for a term the first post that uses it.
    fn describe(self, site: &Site) -> String {
        let term_name = |taxonomy: &Taxonomy, term: &Term| {
            let used_by = term
                .posts
                .first()
                .and_then(|&index| site.posts.get(index))
                .map(|post| format!(" (used by {})", post.source.display()))
                .unwrap_or_default();
            format!("{} `{}`{used_by}", taxonomy.kind.name(), term.key)
        };
        match self {
            Owner::Page(page) => page.source.display().to_string(),
            Owner::Alias(page) => format!("{} (alias)", page.source.display()),
            Owner::Term(taxonomy, term) => term_name(taxonomy, term),
            Owner::Pager(Some((taxonomy, term)), number) => {
                format!("page {number} of {}", term_name(taxonomy, term))
            }
            Owner::Pager(None, number) => format!("page {number} of the home page's post list"),
        }
    }
}

/// Every output path belongs to one source: pages, aliases and taxonomy terms alike.
fn check_unique_urls<'a>(site: &'a Site) -> Result<(), Vec<Diagnostic>> {
    let mut owners: HashMap<Cow<'a, str>, Owner<'a>> =
        HashMap::with_capacity(site.posts.len() + site.pages.len());
    let mut clashes = Vec::new();
    let mut claim = |path: Cow<'a, str>, owner: Owner<'a>| match owners.entry(path) {
        Entry::Occupied(taken) => clashes.push((taken.key().to_string(), *taken.get(), owner)),
        Entry::Vacant(free) => {
            free.insert(owner);
        }
    };
    for page in site.posts.iter().chain(&site.pages) {
        claim(
            Cow::Borrowed(page.placement.path.as_str()),
            Owner::Page(page),
        );
        for alias in &page.placement.aliases {
            claim(Cow::Owned(normalize_alias(alias)), Owner::Alias(page));
        }
    }
    for taxonomy in [&site.tags, &site.categories] {
        for term in &taxonomy.terms {
            claim(
                Cow::Borrowed(term.path.as_str()),
                Owner::Term(taxonomy, term),
            );
        }
    }
    // A list's later pages sit in its folder (`/categories/a/page/2/`), where a category `2`
    // under a category named like the pagination folder would land too, or a page whose slug
    // is `page/2`.
    let per_page = site.config.posts_per_page.max(1);
    let folder = site.config.pagination_path.as_str();
    let mut later = |base: &str, posts: usize, term: Option<(&'a Taxonomy, &'a Term)>| {
        for number in 2..=posts.div_ceil(per_page) {
            claim(
                Cow::Owned(format!("{base}{folder}/{number}/")),
                Owner::Pager(term, number),
            );
        }
    };
    later("/", site.posts.len(), None);
    for taxonomy in [&site.tags, &site.categories] {
        for term in &taxonomy.terms {
            later(&term.path, term.posts.len(), Some((taxonomy, term)));
        }
    }
    if clashes.is_empty() {
        return Ok(());
    }
    Err(clashes
        .into_iter()
        .map(|(path, first, second)| {
            let previous = first.describe(site);
            let hint = if matches!(second, Owner::Pager(..)) {
                format!(
                    "rename one of them, or set `pagination_path` in boke.toml to a folder name no page or term uses (now `{folder}`)"
                )
            } else {
                "give one of them a different `slug` in its front matter".to_owned()
            };
            Diagnostic::error(
                second.describe(site),
                format!("`{path}` is also the URL of {previous}"),
            )
            .with_hint(hint)
        })
        .collect())
}

/// Aliases are written loosely (`old/post`, `/old/post.html`); pages sit in folders.
pub(crate) fn normalize_alias(alias: &str) -> String {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.ends_with(".html") {
        format!("/{trimmed}")
    } else {
        format!("/{}/", trimmed.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Source;
    use crate::parse::Placement;

    fn post() -> Page {
        let text = "---\ntitle: 甲\ndate: 2026-01-02\ntags: [a, b]\ncategories: [c, d]\n\
                    series: s\naliases: [/old/]\ntemplate: post.html\nlang: zh-CN\n---\n\
                    大模型的新进展，Agent 能力的提升。\n";
        let source = Source {
            path: "content/posts/bundle/index.md".into(),
            content_path: "posts/bundle/index.md".into(),
            text: text.into(),
            modified: std::time::SystemTime::UNIX_EPOCH,
            folder: std::path::PathBuf::new(),
            root: std::path::PathBuf::new(),
        };
        match crate::parse::parse(&source, &Config::default()) {
            Ok(parsed) => parsed.page,
            Err(problems) => panic!("{problems:?}"),
        }
    }

    #[test]
    fn tags_with_one_slug_get_distinct_paths() {
        let text = "---\ntitle: 甲\ndate: 2026-01-02\ntags: [C++, C#, c]\n---\n正文\n";
        let source = Source {
            path: "content/posts/a.md".into(),
            content_path: "posts/a.md".into(),
            text: text.into(),
            modified: std::time::SystemTime::UNIX_EPOCH,
            folder: std::path::PathBuf::new(),
            root: std::path::PathBuf::new(),
        };
        let page = match crate::parse::parse(&source, &Config::default()) {
            Ok(parsed) => parsed.page,
            Err(problems) => panic!("{problems:?}"),
        };
        let mut memo = related::RelatedMemo::default();
        let site = assemble(
            Config::default(),
            vec![Arc::new(page)],
            Visibility::default(),
            &mut memo,
        );
        let Ok(site) = site else {
            panic!("tags sharing a slug failed the build");
        };
        let paths: Vec<(&str, &str)> = site
            .tags
            .terms
            .iter()
            .map(|t| (t.name.as_str(), t.path.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("C#", "/tags/c/"),
                ("C++", "/tags/c-2/"),
                ("c", "/tags/c-3/")
            ]
        );
    }

    #[test]
    fn a_path_on_a_categorys_later_page_is_an_error() {
        let parse = |name: &str, extra: &str| {
            let text = format!(
                "---\ntitle: {name}\ndate: 2026-01-02\ncategories: [a]\n{extra}---\n正文\n"
            );
            let source = Source {
                path: format!("content/posts/{name}.md").into(),
                content_path: format!("posts/{name}.md").into(),
                text: text.into(),
                modified: std::time::SystemTime::UNIX_EPOCH,
                folder: std::path::PathBuf::new(),
                root: std::path::PathBuf::new(),
            };
            match crate::parse::parse(&source, &Config::default()) {
                Ok(parsed) => Arc::new(parsed.page),
                Err(problems) => panic!("{problems:?}"),
            }
        };
        let config = Config {
            posts_per_page: 1,
            ..Config::default()
        };
        // `a` lists both posts, so its second page is `/categories/a/page/2/`, where a post's
        // alias points too. (A category `a/page` would be numbered `page-2`, out of the way.)
        let posts = vec![
            parse("one", ""),
            parse("two", "aliases: [/categories/a/page/2/]\n"),
        ];
        let mut memo = related::RelatedMemo::default();
        let Err(problems) = assemble(config, posts, Visibility::default(), &mut memo) else {
            panic!("the clash was not caught");
        };
        let text = format!("{problems:?}");
        assert!(
            text.contains(
                "`/categories/a/page/2/` is also the URL of content/posts/two.md (alias)"
            ) && text.contains("page 2 of categories `a`")
                && text.contains("pagination_path"),
            "{text}"
        );
    }

    /// One change of a serialized field that still reads back as the same type.
    fn changed(value: &serde_json::Value) -> Vec<serde_json::Value> {
        use serde_json::Value;
        match value {
            Value::Bool(b) => vec![Value::Bool(!b)],
            Value::String(s) => vec![
                Value::String(format!("{s}x")),
                Value::String(s.replace("2026", "2025")),
                Value::String("page".into()),
            ],
            Value::Array(items) => vec![Value::Array(
                items[..items.len().saturating_sub(1)].to_vec(),
            )],
            Value::Null => vec![Value::String("x".into())],
            other => panic!("no change known for {other}"),
        }
    }

    /// Every field of the placement, found through serde and so including fields added later,
    /// takes an edit out of place when it changes. The hand list this replaced compared 13
    /// named fields: a 14th added to `Page` was silently treated as "stays in place".
    #[test]
    fn every_placement_field_takes_an_edit_out_of_place() {
        let old = post();
        let fields = serde_json::to_value(&old.placement).expect("a placement serializes");
        let fields = fields.as_object().expect("a placement is a struct");
        assert!(fields.len() >= 13, "{fields:?}");
        for (name, value) in fields {
            assert!(
                !value.is_null() || name == "bundle_dir",
                "{name} is unset in the test post"
            );
            let edited = changed(value).into_iter().find_map(|value| {
                let mut edited = fields.clone();
                edited.insert(name.clone(), value);
                serde_json::from_value::<Placement>(edited.into())
                    .ok()
                    .filter(|placement| *placement != old.placement)
            });
            let Some(placement) = edited else {
                panic!("could not change {name} ({value})");
            };
            let new = Page {
                placement,
                ..old.clone()
            };
            assert!(
                !stays_in_place(&old, &new),
                "{name} changed, but the page stayed"
            );
        }
        let retitled = Page {
            title: "乙".into(),
            ..old.clone()
        };
        assert!(
            stays_in_place(&old, &retitled),
            "a new title keeps the page's place"
        );
    }
}
