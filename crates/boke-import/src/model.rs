//! What an engine's reader hands the writer: the site's settings, its documents with their old
//! URLs, the files to copy, and the old URLs that are not documents (terms, feeds, archives).

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::ZonedDateTime;
use serde_json::{Map, Value};

use crate::report::Report;
use crate::source::SourceText;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Hexo,
    Hugo,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Hexo => "Hexo",
            Engine::Hugo => "Hugo",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocKind {
    Post,
    Page,
}

/// One post or page of the old site.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    /// Relative to the old site's root, for the report.
    pub(crate) source: PathBuf,
    pub(crate) kind: DocKind,
    pub(crate) text: SourceText,
    pub(crate) date: Option<ZonedDateTime>,
    /// The date as the old engine formatted it in URLs, when that differs from `date`'s zone:
    /// Hugo keeps the offset a date was written with.
    pub(crate) url_date: Option<ZonedDateTime>,
    /// The name the old engine knew it by (Hexo's `:title`, Hugo's file or bundle name).
    pub(crate) name: String,
    /// Where the old site published it, decoded, relative to the site root (`/2020/01/a/`).
    pub(crate) old_path: Option<String>,
    /// Files kept beside it (Hexo's post asset folder, Hugo's page bundle): (file, name).
    pub(crate) assets: Vec<(PathBuf, String)>,
    /// Categories as hierarchies (`[[Java, Groovy]]` is Java › Groovy).
    pub(crate) categories: Vec<Vec<String>>,
    pub(crate) tags: Vec<String>,
}

/// A category path as boke's front matter names it: levels joined by `/`. A `/` inside a level
/// (`CI/CD`) would start a level of its own in boke, so it becomes the full-width `／`.
pub(crate) fn category_key(path: &[String]) -> String {
    let levels: Vec<String> = path.iter().map(|level| level.replace('/', "／")).collect();
    levels.join("/")
}

impl Doc {
    /// A post with no URL, assets or terms yet.
    pub(crate) fn post(
        source: PathBuf,
        text: SourceText,
        date: Option<ZonedDateTime>,
        name: String,
    ) -> Doc {
        Doc {
            source,
            kind: DocKind::Post,
            text,
            date,
            url_date: None,
            name,
            old_path: None,
            assets: Vec::new(),
            categories: Vec::new(),
            tags: Vec::new(),
        }
    }
}

/// Settings of the old site that boke has a place for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) author: String,
    pub(crate) language: String,
    pub(crate) timezone: String,
    pub(crate) base_url: String,
    /// Every line break in a paragraph is a `<br>` (Hexo's `breaks: true`).
    pub(crate) hard_breaks: bool,
    pub(crate) raw_html: bool,
    pub(crate) menu: Vec<(String, String)>,
    /// The old post permalink as boke writes patterns (`/:year/:month/:slug/`), when it can.
    pub(crate) permalink: Option<String>,
    /// Posts on a page of a list (Hexo's `per_page`, Hugo's `paginate`), when the old site
    /// paginated.
    pub(crate) posts_per_page: Option<usize>,
    /// The folder of a list's later pages (Hexo's `pagination_dir`, Hugo's `paginatePath`).
    pub(crate) pagination_path: Option<String>,
    /// How the old site paged and ordered each kind of list, where that is known; a kind not
    /// named had `posts_per_page` posts a page, newest first.
    pub(crate) lists: BTreeMap<OldKind, OldList>,
    /// Hugo lists every page filed under a term, posts or not; Hexo only posts.
    pub(crate) terms_list_pages: bool,
    /// Hugo wrote `page/1/` of every paginated list, a redirect to its first page.
    pub(crate) first_page_alias: bool,
    /// Old feed paths boke writes its RSS 2.0 or Atom feed at too (`[feed] rss_also_at`,
    /// `atom_also_at`).
    pub(crate) rss_also_at: Vec<String>,
    pub(crate) atom_also_at: Vec<String>,
    /// The file name of each term's old RSS feed in its folder (Hugo's `index.xml`).
    pub(crate) term_rss_file: Option<String>,
    /// The engine whose heading ids boke keeps beside its own (`[markdown] anchor_aliases`).
    pub(crate) anchor_aliases: Option<&'static str>,
    /// Comment services named in the configuration.
    pub(crate) comments: Vec<String>,
    /// Values boke keeps for templates (`site.extra`): friend links and the like.
    pub(crate) extra: Map<String, Value>,
}

/// How the old engine paged and ordered one kind of list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OldList {
    /// Posts on a page; `None`: the list was one page (Hexo's `per_page: 0`).
    pub(crate) per_page: Option<usize>,
    pub(crate) order: OldOrder,
}

/// The order of an old list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OldOrder {
    /// Hexo's `order_by` (`-date` by default, `-updated`, `title`); `sticky` posts first on the
    /// home page.
    Hexo {
        key: OrderKey,
        descending: bool,
        sticky_first: bool,
    },
    /// Hugo's default: by `weight` (pages without one last), then newest first, then title.
    Hugo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OrderKey {
    Date,
    Updated,
    Title,
}

/// Which list an old URL of the old site belonged to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum OldKind {
    Tag,
    Category,
    /// A term of a taxonomy boke does not have (Hugo's `authors`), or of `series`.
    Taxonomy,
    Archive,
    /// A section's list other than the main one (Hugo's `/notes/`, `/posts/series-x/`).
    Section,
    Feed,
    Home,
    Other,
}

impl OldKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            OldKind::Tag => "tag",
            OldKind::Category => "category",
            OldKind::Taxonomy => "taxonomy",
            OldKind::Archive => "archive",
            OldKind::Section => "section",
            OldKind::Feed => "feed",
            OldKind::Home => "home",
            OldKind::Other => "other",
        }
    }
}

/// An old URL that is not a document, and the new site path that shows the same.
#[derive(Debug, Clone)]
pub(crate) struct OldUrl {
    pub(crate) kind: OldKind,
    pub(crate) path: String,
    pub(crate) target: String,
    /// For a tag or category page (or its feed), the term's name: the target is found again
    /// once tags are merged and slugs made as boke makes them.
    pub(crate) term: Option<String>,
    /// For a list boke has no page for (a custom taxonomy's term, a tag only pages carry, a
    /// section), the documents it listed: the target is the nearest page, found once they are
    /// placed.
    pub(crate) near: Option<Near>,
}

/// Everything read from the old site.
#[derive(Debug, Default)]
pub(crate) struct OldSite {
    pub(crate) settings: Settings,
    pub(crate) docs: Vec<Doc>,
    /// Files copied into `static/`: (file, path under static/).
    pub(crate) statics: Vec<(PathBuf, String)>,
    pub(crate) other_urls: Vec<OldUrl>,
    /// Hexo `include_code` root and the like: named folders of the old site.
    pub(crate) code_dir: Option<PathBuf>,
    pub(crate) report: Report,
}

/// The documents an old list showed, for sending its URL to the nearest page boke has.
#[derive(Debug, Clone)]
pub(crate) struct Near {
    /// Indices into [`OldSite::docs`].
    pub(crate) docs: Vec<usize>,
    /// A series: its first part is nearest (boke links the other parts from each part).
    pub(crate) first_post: bool,
    /// Where a list of more than one document goes (`/archives/`).
    pub(crate) otherwise: String,
}
