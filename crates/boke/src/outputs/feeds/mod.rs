//! Feeds: RSS 2.0 (`/rss.xml`), Atom (`/atom.xml`) and JSON Feed 1.1 (`/feed.json`) for the
//! whole site, and an Atom feed per tag and category (`/tags/<slug>/atom.xml`), and copies at
//! the paths `[feed]` names for an old site's subscribers. Every URL in them is absolute and
//! percent-encoded; ids are permalinks; dates carry the site's offset.

mod atom;
mod json;
mod rss;

use jiff::ZonedDateTime;
use rayon::prelude::*;

use crate::assemble::{Site, Term};
use crate::parse::Page;
use crate::parse::links::absolute_links;
use crate::render::OutputFile;

pub(crate) const ATOM_PATH: &str = "/atom.xml";
pub(crate) const RSS_PATH: &str = "/rss.xml";
pub(crate) const JSON_FEED_PATH: &str = "/feed.json";
/// A term's Atom feed, beside its page.
pub(crate) const TERM_FEED_FILE: &str = "atom.xml";

/// Every feed of the site, ready to write.
pub(crate) fn feeds(site: &Site) -> std::io::Result<Vec<OutputFile>> {
    let all: Vec<usize> = (0..site.posts.len()).collect();
    let config = &site.config;
    let home = config.absolute_url("/");
    let site_feed = |self_path: &str| Feed::new(site, &all, &config.title, &home, self_path);

    let mut files = vec![
        OutputFile::new(path_of(ATOM_PATH), atom::write(&site_feed(ATOM_PATH))?),
        OutputFile::new(path_of(RSS_PATH), rss::write(&site_feed(RSS_PATH))?),
        OutputFile::new(
            path_of(JSON_FEED_PATH),
            json::write(&site_feed(JSON_FEED_PATH))?,
        ),
    ];
    // An old site's feed paths, as files rather than redirects: a feed reader that does not
    // follow a redirect page keeps its subscription. Each names itself by its own URL.
    let feed_config = &config.feed;
    for path in &feed_config.atom_also_at {
        let path = format!("/{}", path.trim_start_matches('/'));
        if path != ATOM_PATH {
            files.push(OutputFile::new(
                path_of(&path),
                atom::write(&site_feed(&path))?,
            ));
        }
    }
    for path in &feed_config.rss_also_at {
        let path = format!("/{}", path.trim_start_matches('/'));
        if path != RSS_PATH {
            files.push(OutputFile::new(
                path_of(&path),
                rss::write(&site_feed(&path))?,
            ));
        }
    }
    let term_rss = feed_config
        .term_rss_file
        .as_deref()
        .filter(|file| *file != TERM_FEED_FILE);
    for taxonomy in [&site.tags, &site.categories] {
        let term_feeds: Vec<Vec<OutputFile>> = taxonomy
            .terms
            .par_iter()
            .map(|term| {
                let feed = term_feed(site, term);
                let mut files = vec![OutputFile::new(
                    path_of(&term_feed_path(term)),
                    atom::write(&feed)?,
                )];
                if let Some(file) = term_rss {
                    let path = format!("{}{file}", term.path);
                    let feed = Feed::new(site, &term.posts, &feed.title, &feed.home_url, &path);
                    files.push(OutputFile::new(path_of(&path), rss::write(&feed)?));
                }
                Ok(files)
            })
            .collect::<std::io::Result<_>>()?;
        files.extend(term_feeds.into_iter().flatten());
    }
    Ok(files)
}

/// Site path of a term's Atom feed (`/tags/人工智能/atom.xml`), not encoded.
pub(crate) fn term_feed_path(term: &Term) -> String {
    format!("{}{TERM_FEED_FILE}", term.path)
}

fn term_feed<'a>(site: &'a Site, term: &'a Term) -> Feed<'a> {
    let title = format!("{} · {}", site.config.title, term.name);
    let home = site.config.absolute_url(&term.url);
    Feed::new(site, &term.posts, &title, &home, &term_feed_path(term))
}

fn path_of(site_path: &str) -> String {
    site_path.trim_start_matches('/').to_owned()
}

/// One feed in terms every format can write.
pub(crate) struct Feed<'a> {
    pub(crate) title: String,
    pub(crate) description: &'a str,
    pub(crate) language: &'a str,
    pub(crate) author: &'a str,
    /// Absolute URL of the HTML page the feed follows; also the feed's id.
    pub(crate) home_url: String,
    /// Absolute URL of the feed itself.
    pub(crate) self_url: String,
    /// When the newest entry last changed; `None` for a feed without dated entries.
    pub(crate) updated: Option<&'a ZonedDateTime>,
    pub(crate) entries: Vec<Entry<'a>>,
}

/// One post in a feed.
pub(crate) struct Entry<'a> {
    pub(crate) title: &'a str,
    /// Absolute, encoded permalink; also the entry's id.
    pub(crate) url: String,
    pub(crate) published: Option<&'a ZonedDateTime>,
    pub(crate) updated: Option<&'a ZonedDateTime>,
    pub(crate) summary_html: String,
    pub(crate) summary_text: &'a str,
    /// The whole post, when the config asks for full content.
    pub(crate) content_html: Option<String>,
    pub(crate) lang: &'a str,
    pub(crate) terms: Vec<EntryTerm<'a>>,
}

/// A tag or category of an entry.
pub(crate) struct EntryTerm<'a> {
    pub(crate) name: &'a str,
    /// Absolute URL of the taxonomy's index, which names the scheme the term belongs to.
    pub(crate) scheme: String,
}

/// Which posts (by index in [`Site::posts`]) some feed shows whole: the newest of the site's
/// list and of each term's, when `[feed] full_content` is on. No feed reads any other post's
/// HTML.
pub(crate) fn posts_in_full(site: &Site) -> Vec<bool> {
    let mut shown = vec![false; site.posts.len()];
    if !site.config.feed.full_content {
        return shown;
    }
    let all: Vec<usize> = (0..site.posts.len()).collect();
    let lists = std::iter::once(all.as_slice()).chain(
        [&site.tags, &site.categories]
            .into_iter()
            .flat_map(|taxonomy| taxonomy.terms.iter().map(|term| term.posts.as_slice())),
    );
    for list in lists {
        for &index in newest(site, list) {
            if let Some(slot) = shown.get_mut(index) {
                *slot = true;
            }
        }
    }
    shown
}

/// The posts of `posts` a feed shows: the newest `[feed] limit` of them, or all for 0.
fn newest<'p>(site: &Site, posts: &'p [usize]) -> &'p [usize] {
    match site.config.feed.limit {
        0 => posts,
        limit => &posts[..limit.min(posts.len())],
    }
}

impl<'a> Feed<'a> {
    /// A feed of the newest `[feed] limit` posts of `posts` (indices into the site's posts).
    fn new(site: &'a Site, posts: &[usize], title: &str, home_url: &str, self_path: &str) -> Self {
        let config = &site.config;
        let entries: Vec<Entry<'a>> = newest(site, posts)
            .iter()
            .filter_map(|&index| site.posts.get(index))
            .map(|post| Entry::new(site, post))
            .collect();
        let updated = entries
            .iter()
            .filter_map(|entry| entry.updated.or(entry.published))
            .max_by_key(|date| date.timestamp());
        Self {
            title: title.to_owned(),
            description: &config.description,
            language: &config.language,
            author: &config.author,
            home_url: home_url.to_owned(),
            self_url: config.absolute_url(&crate::parse::slug::encode_path(self_path)),
            updated,
            entries,
        }
    }
}

impl<'a> Entry<'a> {
    fn new(site: &'a Site, post: &'a Page) -> Self {
        let config = &site.config;
        let url = config.absolute_url(&post.placement.url);
        let base = config.base();
        let mut terms = Vec::new();
        for (taxonomy, names) in [
            (&site.tags, &post.placement.tags),
            (&site.categories, &post.placement.categories),
        ] {
            let scheme = config.absolute_url(&taxonomy.path());
            for term in names.iter().filter_map(|name| taxonomy.find(name)) {
                terms.push(EntryTerm {
                    // A category under another by its whole path (`Java/Groovy`).
                    name: &term.key,
                    scheme: scheme.clone(),
                });
            }
        }
        Self {
            title: &post.title,
            summary_html: absolute_links(&post.summary_html, base, &url),
            summary_text: &post.summary_text,
            content_html: config
                .feed
                .full_content
                .then(|| absolute_links(&post.content, base, &url)),
            published: post.placement.date.as_ref(),
            updated: post.updated.as_ref().or(post.placement.date.as_ref()),
            lang: &post.placement.lang,
            terms,
            url,
        }
    }
}
