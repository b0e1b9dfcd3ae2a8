//! What templates see: plain serializable views of the site, its pages and its lists.

use serde::Serialize;

use crate::config::{Config, MenuItem};
use crate::dates::rfc3339;
use crate::i18n;
use crate::page::Page;
use crate::site::{Site, Term};

/// `site` in every template.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
    pub author: &'a str,
    pub menu: &'a [MenuItem],
    pub social_endpoint: Option<&'a str>,
    pub extra: &'a toml::Table,
    pub generator: &'static str,
    pub post_count: usize,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site) -> Self {
        let config: &Config = &site.config;
        Self {
            title: &config.title,
            description: &config.description,
            base_url: config.base(),
            language: &config.language,
            author: &config.author,
            menu: &config.menu,
            social_endpoint: config.social.endpoint.as_deref(),
            extra: &config.extra,
            generator: concat!("boke ", env!("CARGO_PKG_VERSION")),
            post_count: site.posts.len(),
        }
    }
}

/// A tag or category as a link.
#[derive(Debug, Serialize)]
pub struct TermLink<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub count: usize,
}

impl<'a> TermLink<'a> {
    pub fn new(term: &'a Term) -> Self {
        Self {
            name: &term.name,
            url: &term.url,
            count: term.posts.len(),
        }
    }
}

/// A post as it appears in lists, neighbours and feeds.
#[derive(Debug, Serialize)]
pub struct PostSummary<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub permalink: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub summary: &'a str,
    pub summary_text: &'a str,
    pub tags: Vec<TermLink<'a>>,
    pub categories: Vec<TermLink<'a>>,
    pub reading_minutes: u32,
    pub word_count: usize,
    pub lang: &'a str,
}

impl<'a> PostSummary<'a> {
    pub fn new(site: &'a Site, page: &'a Page) -> Self {
        Self {
            title: &page.title,
            url: &page.url,
            permalink: site.config.absolute_url(&page.url),
            date: page.date.as_ref().map(rfc3339),
            date_display: page.date.as_ref().map(|d| i18n::format_date(d, &page.lang)),
            summary: &page.summary_html,
            summary_text: &page.summary_text,
            tags: term_links(&site.tags.terms, &page.tags),
            categories: term_links(&site.categories.terms, &page.categories),
            reading_minutes: page.reading_minutes,
            word_count: page.word_count,
            lang: &page.lang,
        }
    }
}

/// The terms of `names`, from a taxonomy's terms (sorted by name, as `site` makes them).
fn term_links<'a>(terms: &'a [Term], names: &[String]) -> Vec<TermLink<'a>> {
    names
        .iter()
        .filter_map(|name| {
            terms
                .binary_search_by(|term| term.name.as_str().cmp(name))
                .ok()
                .map(|found| &terms[found])
        })
        .map(TermLink::new)
        .collect()
}

/// A post's place in its series.
#[derive(Debug, Serialize)]
pub struct SeriesView<'a> {
    pub name: &'a str,
    /// 1-based position of this post.
    pub position: usize,
    pub posts: Vec<PostSummary<'a>>,
}

/// `page` in post and page templates.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    #[serde(flatten)]
    pub summary: PostSummary<'a>,
    pub kind: crate::page::PageKind,
    pub content: &'a str,
    pub description: &'a str,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub toc: &'a [boke_markdown::TocEntry],
    pub show_toc: bool,
    /// The Markdown mirror of a post.
    pub markdown_url: Option<String>,
    pub newer: Option<PostSummary<'a>>,
    pub older: Option<PostSummary<'a>>,
    pub series: Option<SeriesView<'a>>,
    /// Posts on the same subject, best first (empty for standalone pages).
    pub related: Vec<PostSummary<'a>>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

impl<'a> PageView<'a> {
    /// `index` is the post's position in [`Site::posts`], `None` for standalone pages.
    pub fn new(site: &'a Site, page: &'a Page, index: Option<usize>) -> Self {
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| site.posts.get(i))
                .map(|p| PostSummary::new(site, p))
        };
        let series = index.and_then(|index| {
            let series = site.series_of(index)?;
            Some(SeriesView {
                name: &series.name,
                position: series
                    .posts
                    .iter()
                    .position(|&i| i == index)
                    .map_or(1, |p| p + 1),
                posts: series
                    .posts
                    .iter()
                    .map(|&i| PostSummary::new(site, &site.posts[i]))
                    .collect(),
            })
        });
        Self {
            summary: PostSummary::new(site, page),
            kind: page.kind,
            content: &page.content,
            description: &page.summary_text,
            updated: page.updated.as_ref().map(rfc3339),
            updated_display: page
                .updated
                .as_ref()
                .map(|d| i18n::format_date(d, &page.lang)),
            toc: &page.toc,
            show_toc: page.show_toc,
            markdown_url: page.is_post().then(|| format!("{}index.md", page.url)),
            newer: neighbour(index.and_then(|i| i.checked_sub(1))),
            older: neighbour(index.map(|i| i + 1)),
            series,
            related: index
                .and_then(|index| site.related.get(index))
                .map(|related| {
                    related
                        .iter()
                        .map(|&i| PostSummary::new(site, &site.posts[i]))
                        .collect()
                })
                .unwrap_or_default(),
            extra: &page.extra,
        }
    }
}

/// `paginator` in list templates.
#[derive(Debug, Serialize)]
pub struct Paginator<'a> {
    pub posts: Vec<PostSummary<'a>>,
    /// 1-based.
    pub current: usize,
    pub total: usize,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
    pub first_url: String,
}

/// The URL of page `number` of a list whose first page is at `base` (`/`, `/tags/ai/`).
pub fn pager_url(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_owned()
    } else {
        format!("{base}page/{number}/")
    }
}

impl<'a> Paginator<'a> {
    pub fn new(
        site: &'a Site,
        posts: &[usize],
        base_url: &str,
        current: usize,
        total: usize,
    ) -> Self {
        Self {
            posts: posts
                .iter()
                .map(|&i| PostSummary::new(site, &site.posts[i]))
                .collect(),
            current,
            total,
            previous_url: (current > 1).then(|| pager_url(base_url, current - 1)),
            next_url: (current < total).then(|| pager_url(base_url, current + 1)),
            first_url: base_url.to_owned(),
        }
    }
}

/// Posts of one month in the archives.
#[derive(Debug, Serialize)]
pub struct ArchiveMonth<'a> {
    pub month: i8,
    pub posts: Vec<PostSummary<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ArchiveYear<'a> {
    pub year: i16,
    pub count: usize,
    pub months: Vec<ArchiveMonth<'a>>,
}

/// All posts grouped by year and month, newest first.
pub fn archives(site: &Site) -> Vec<ArchiveYear<'_>> {
    let mut years: Vec<ArchiveYear<'_>> = Vec::new();
    for post in &site.posts {
        let Some(date) = &post.date else { continue };
        if years.last().is_none_or(|y| y.year != date.year()) {
            years.push(ArchiveYear {
                year: date.year(),
                count: 0,
                months: Vec::new(),
            });
        }
        let Some(year) = years.last_mut() else {
            continue;
        };
        year.count += 1;
        if year.months.last().is_none_or(|m| m.month != date.month()) {
            year.months.push(ArchiveMonth {
                month: date.month(),
                posts: Vec::new(),
            });
        }
        if let Some(month) = year.months.last_mut() {
            month.posts.push(PostSummary::new(site, post));
        }
    }
    years
}
