//! What templates see: the site, its pages and its lists as template values; pages and the
//! posts in lists are objects whose fields are made when a template reads them.

use std::sync::Arc;

use minijinja::value::{Enumerator, Object};
use minijinja::{Value, context};
use serde::Serialize;

use crate::assemble::Site;
use crate::load::config::{Config, MenuItem};
use crate::load::links::LinkGroup;
use crate::parse::Page;
use crate::parse::dates::rfc3339;
use crate::parse::slug::mirror_path;
use crate::render::i18n;
use crate::render::summary::{self, FieldsRead, PostSummary};
use crate::render::values::to_value;

/// `site` in every template.
#[derive(Debug, Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) base_url: &'a str,
    pub(crate) language: &'a str,
    pub(crate) author: &'a str,
    pub(crate) menu: &'a [MenuItem],
    pub(crate) social_endpoint: Option<&'a str>,
    /// Whether `/assets/emoji.json` holds packs for the comment form.
    pub(crate) emoji: bool,
    /// URL of the icon pages link: `[theme] favicon`, else the theme's own.
    pub(crate) favicon: &'a str,
    pub(crate) extra: &'a toml::Table,
    pub(crate) generator: &'static str,
    pub(crate) post_count: usize,
    /// The footer's copyright years: the first and the last post's ([`Site::years`]).
    pub(crate) first_year: i16,
    pub(crate) last_year: i16,
    /// The `[theme]` settings the default theme shows.
    pub(crate) theme: ThemeView<'a>,
    /// The groups of friend links of `data/links.toml`, for `links.html`.
    pub(crate) links: &'a [LinkGroup],
}

/// `site.theme`: what `[theme]` asks the default theme to show.
#[derive(Debug, Serialize)]
pub(crate) struct ThemeView<'a> {
    pub(crate) avatar: Option<&'a str>,
    pub(crate) logo: Option<&'a str>,
    pub(crate) accent: Option<&'a str>,
    pub(crate) footer: Option<&'a str>,
    pub(crate) icp: Option<&'a str>,
    pub(crate) police: Option<&'a str>,
    pub(crate) police_url: Option<String>,
    pub(crate) notice: Option<&'a str>,
    pub(crate) show_word_count: bool,
    pub(crate) show_reading_time: bool,
    pub(crate) show_toc: bool,
    pub(crate) show_related: bool,
    pub(crate) show_share: bool,
    /// The author card, when `[theme.author]` or `avatar` gives it something to show.
    pub(crate) author: Option<AuthorView<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct AuthorView<'a> {
    pub(crate) name: &'a str,
    pub(crate) bio: Option<&'a str>,
    pub(crate) links: Vec<AuthorLink>,
}

#[derive(Debug, Serialize)]
pub(crate) struct AuthorLink {
    pub(crate) key: &'static str,
    pub(crate) url: String,
}

impl<'a> ThemeView<'a> {
    fn new(config: &'a Config) -> Self {
        let theme = &config.theme;
        let card = &theme.author;
        let author = (card.is_set() || theme.avatar.is_some()).then(|| AuthorView {
            name: card.name.as_deref().unwrap_or(&config.author),
            bio: card.bio.as_deref(),
            links: card
                .links()
                .into_iter()
                .map(|(key, url)| AuthorLink { key, url })
                .collect(),
        });
        Self {
            avatar: theme.avatar.as_deref(),
            logo: theme.logo.as_deref(),
            accent: theme.accent.as_deref().map(str::trim),
            footer: theme.footer.as_deref(),
            icp: theme.icp.as_deref(),
            police: theme.police.as_deref(),
            police_url: theme.police_url(),
            notice: theme.notice.as_deref(),
            show_word_count: theme.show_word_count,
            show_reading_time: theme.show_reading_time,
            show_toc: theme.show_toc,
            show_related: theme.show_related,
            show_share: theme.show_share,
            author,
        }
    }
}

impl<'a> SiteView<'a> {
    pub(crate) fn new(site: &'a Site) -> Self {
        let config: &Config = &site.config;
        Self {
            title: &config.title,
            description: &config.description,
            base_url: config.base(),
            language: &config.language,
            author: &config.author,
            menu: &config.menu,
            social_endpoint: config.social.endpoint.as_deref(),
            emoji: !config.emoji.is_empty(),
            favicon: config.theme.favicon(),
            extra: &config.extra,
            generator: concat!("boke ", env!("CARGO_PKG_VERSION")),
            post_count: site.posts.len(),
            first_year: site.years().0,
            last_year: site.years().1,
            theme: ThemeView::new(config),
            links: &config.friends,
        }
    }
}

/// The fields of [`PageView`] besides those of a summary.
const PAGE_FIELDS: [&str; 15] = [
    "kind",
    "content",
    "description",
    "updated",
    "updated_display",
    "toc",
    "show_toc",
    "markdown_url",
    "newer",
    "older",
    "series",
    "related",
    "extra",
    "has_math",
    "components",
];

/// The posts a post's page shows besides itself, each by index in [`Site::posts`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Around {
    pub(crate) newer: Option<usize>,
    pub(crate) older: Option<usize>,
    pub(crate) related: Vec<usize>,
    /// The post's series (by index in [`Site::series`]) and its 1-based place in it.
    pub(crate) series: Option<(usize, usize)>,
}

impl Around {
    pub(crate) fn of(site: &Site, index: usize) -> Self {
        let series = site.series.iter().enumerate().find_map(|(at, series)| {
            let place = series.posts.iter().position(|&p| p == index)?;
            Some((at, place + 1))
        });
        Self {
            newer: index.checked_sub(1),
            older: (index + 1 < site.posts.len()).then_some(index + 1),
            related: site.related.get(index).cloned().unwrap_or_default(),
            series,
        }
    }

    /// The posts shown, in the order the page shows them; a post can come twice (its own
    /// series).
    pub(crate) fn posts<'a>(&'a self, site: &'a Site) -> impl Iterator<Item = usize> + 'a {
        let series = self
            .series
            .and_then(|(at, _)| site.series.get(at))
            .map_or(&[][..], |s| s.posts.as_slice());
        self.newer
            .into_iter()
            .chain(self.older)
            .chain(self.related.iter().copied())
            .chain(series.iter().copied())
    }
}

/// `page` in post and page templates, its fields made as they are read. The page's own
/// fields are not marked as read (the page is rendered again whenever its source changes);
/// the summaries of its neighbours, series and related posts mark `read`.
#[derive(Debug)]
pub(crate) struct PageView {
    site: Arc<Site>,
    page: Arc<Page>,
    /// For a post, its position in [`Site::posts`] and the posts shown around it.
    post: Option<(usize, Around)>,
    read: Arc<FieldsRead>,
}

impl PageView {
    pub(crate) fn value(
        site: &Arc<Site>,
        page: &Arc<Page>,
        post: Option<(usize, Around)>,
        read: &Arc<FieldsRead>,
    ) -> Value {
        Value::from_object(Self {
            site: Arc::clone(site),
            page: Arc::clone(page),
            post,
            read: Arc::clone(read),
        })
    }

    fn around(&self) -> Option<&Around> {
        self.post.as_ref().map(|(_, around)| around)
    }

    fn summary_of(&self, index: usize) -> Option<Value> {
        let post = self.site.posts.get(index)?;
        Some(PostSummary::value(&self.site, post, &self.read))
    }

    fn series(&self) -> Option<Value> {
        let (at, position) = self.around()?.series?;
        let series = self.site.series.get(at)?;
        let posts: Vec<Value> = series
            .posts
            .iter()
            .filter_map(|&i| self.summary_of(i))
            .collect();
        Some(context! { name => &series.name, position => position, posts => posts })
    }

    fn related(&self) -> Value {
        let posts: Vec<Value> = self
            .around()
            .map_or(&[][..], |around| around.related.as_slice())
            .iter()
            .filter_map(|&i| self.summary_of(i))
            .collect();
        Value::from(posts)
    }
}

impl Object for PageView {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let page = &self.page;
        if let Some(field) = summary::Field::named(key) {
            return Some(summary::field_value(&self.site, page, field));
        }
        Some(match key {
            "kind" => to_value(page.placement.kind),
            "content" => Value::from(page.content.as_str()),
            "description" => Value::from(page.summary_text.as_str()),
            "updated" => Value::from(page.updated.as_ref().map(rfc3339)),
            "updated_display" => Value::from(
                page.updated
                    .as_ref()
                    .map(|date| i18n::format_date(date, &page.placement.lang)),
            ),
            "toc" => to_value(&page.toc),
            "show_toc" => Value::from(page.show_toc),
            "markdown_url" => {
                Value::from(page.has_mirror().then(|| mirror_path(&page.placement.url)))
            }
            "newer" => Value::from(
                self.around()
                    .and_then(|around| around.newer)
                    .and_then(|i| self.summary_of(i)),
            ),
            "older" => Value::from(
                self.around()
                    .and_then(|around| around.older)
                    .and_then(|i| self.summary_of(i)),
            ),
            "series" => Value::from(self.series()),
            "related" => self.related(),
            "extra" => to_value(&page.extra),
            "has_math" => Value::from(page.has_math),
            // The names of the components used, once each.
            "components" => {
                let names: std::collections::BTreeSet<&str> =
                    page.components.iter().map(|c| c.name.as_str()).collect();
                Value::from_iter(names)
            }
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        // Whoever walks the keys may read the neighbours' summaries in full.
        self.read.mark_all();
        let names = summary::FIELDS.iter().chain(&PAGE_FIELDS);
        Enumerator::Iter(Box::new(names.map(|name| Value::from(*name))))
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(summary::FIELDS.len() + PAGE_FIELDS.len())
    }

    fn is_true(self: &Arc<Self>) -> bool {
        true
    }
}
/// The URL of page `number` of a list whose first page is at `base` (`/`, `/tags/ai/`), its
/// later pages in the folder `folder` (`[site] pagination_path`, `page`: `/tags/ai/page/2/`).
pub(crate) fn pager_url(base: &str, number: usize, folder: &str) -> String {
    if number <= 1 {
        base.to_owned()
    } else {
        format!("{base}{folder}/{number}/")
    }
}

/// `paginator` in list templates: page `current` (1-based) of `total` of a post list.
pub(crate) fn paginator(
    site: &Arc<Site>,
    posts: &[usize],
    base_url: &str,
    (current, total): (usize, usize),
    read: &Arc<FieldsRead>,
) -> Value {
    let posts: Vec<Value> = posts
        .iter()
        .filter_map(|&i| site.posts.get(i))
        .map(|post| PostSummary::value(site, post, read))
        .collect();
    let folder = site.config.pagination_path.as_str();
    context! {
        posts => posts,
        current => current,
        total => total,
        previous_url => (current > 1).then(|| pager_url(base_url, current - 1, folder)),
        next_url => (current < total).then(|| pager_url(base_url, current + 1, folder)),
        first_url => base_url,
    }
}

/// Posts of one month in the archives.
struct ArchiveMonth {
    month: i8,
    posts: Vec<Value>,
}

/// Posts of one year in the archives.
struct ArchiveYear {
    year: i16,
    count: usize,
    months: Vec<ArchiveMonth>,
}

/// `archives`: all dated posts grouped by year and month, newest first.
pub(crate) fn archives(site: &Arc<Site>, read: &Arc<FieldsRead>) -> Value {
    let mut years: Vec<ArchiveYear> = Vec::new();
    for post in &site.posts {
        let Some(date) = &post.placement.date else {
            continue;
        };
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
            month.posts.push(PostSummary::value(site, post, read));
        }
    }
    let years: Vec<Value> = years
        .into_iter()
        .map(|year| {
            let months: Vec<Value> = year
                .months
                .into_iter()
                .map(|m| context! { month => m.month, posts => m.posts })
                .collect();
            context! { year => year.year, count => year.count, months => months }
        })
        .collect();
    Value::from(years)
}
