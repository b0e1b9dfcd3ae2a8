//! The old lists of a Hexo site that are not documents: tag and category pages (case and
//! `tag_map` kept), the archives by year and month, the home page, how the generators paged
//! and ordered each, the feeds of hexo-generator-feed, the sitemaps and the search file of
//! hexo-generator-search.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::urls::term_slug;
use crate::model::{DocKind, OldKind, OldList, OldOrder, OldSite, OldUrl, OrderKey, Settings};
use crate::report::Report;
use crate::slugs::Case;
use crate::source::text_of;

/// Each generator's `per_page` and `order_by` (hexo-generator-index, -tag, -category,
/// -archive), each defaulting to the top-level `per_page` (10 when absent; 0 is one page) and
/// `-date`; `archive: 1`, the older switch, turns the archives' pages off. boke has one page
/// size, the home page's: the later pages of the other lists are sent where their posts are.
pub(super) fn paging(config: &Map<String, Value>, settings: &mut Settings, report: &mut Report) {
    let per_page = |value: Option<&Value>| {
        value
            .and_then(Value::as_u64)
            .map(|n| usize::try_from(n).ok().filter(|n| *n > 0))
    };
    let all = per_page(config.get("per_page")).unwrap_or(Some(10));
    let generator = |name: &str| config.get(name).filter(|g| g.is_object());
    let archives_paged = config.get("archive").and_then(Value::as_u64) != Some(1);
    let mut unknown_orders = Vec::new();
    for (kind, name) in [
        (OldKind::Home, "index_generator"),
        (OldKind::Tag, "tag_generator"),
        (OldKind::Category, "category_generator"),
        (OldKind::Archive, "archive_generator"),
    ] {
        let settings_of = generator(name);
        let default_size = match kind {
            OldKind::Archive if !archives_paged => None,
            _ => all,
        };
        let size = per_page(settings_of.and_then(|g| g.get("per_page"))).unwrap_or(default_size);
        let order_by = settings_of
            .and_then(|g| g.get("order_by"))
            .and_then(text_of)
            .unwrap_or_else(|| "-date".into());
        let descending = order_by.starts_with('-');
        let key = match order_by.trim_start_matches(['-', '+']) {
            "date" => OrderKey::Date,
            "updated" => OrderKey::Updated,
            "title" => OrderKey::Title,
            _ => {
                unknown_orders.push(format!("`{name}.order_by: {order_by}`"));
                OrderKey::Date
            }
        };
        let order = OldOrder::Hexo {
            key,
            descending,
            sticky_first: kind == OldKind::Home,
        };
        settings.lists.insert(
            kind,
            OldList {
                per_page: size,
                order,
            },
        );
    }
    let size = |kind: OldKind| settings.lists.get(&kind).and_then(|list| list.per_page);
    let home = size(OldKind::Home);
    settings.posts_per_page = home;
    let count = |n: Option<usize>| n.map_or("all".to_owned(), |n| n.to_string());
    let others: Vec<String> = [
        (OldKind::Tag, "tag"),
        (OldKind::Category, "category"),
        (OldKind::Archive, "archive"),
    ]
    .into_iter()
    .filter(|(kind, _)| size(*kind) != home)
    .map(|(kind, label)| format!("{} on {label} pages", count(size(kind))))
    .collect();
    if !others.is_empty() {
        report.decisions.push(format!(
            "Hexo showed {} posts a page on the home page and {}; boke has one count for all lists, the home page's, so each old later page of the others redirects to the page of the new list that shows its first post",
            count(home),
            others.join(", ")
        ));
    }
    let by_update = settings.lists.values().any(|list| {
        matches!(
            list.order,
            OldOrder::Hexo {
                key: OrderKey::Updated,
                ..
            }
        )
    });
    if by_update {
        report.decisions.push("the old site ordered some lists by `updated`; boke orders them by date, so an old later page redirects to the page that now shows its first post (posts without `updated` were placed by their date, which Hexo did with `updated_option: date`; otherwise it used the file's time, which a checkout does not keep)".into());
    }
    if !unknown_orders.is_empty() {
        report.decisions.push(format!(
            "{}: read as `-date`, the order boke knows; later pages of those lists may redirect to a page showing other posts",
            unknown_orders.join(", ")
        ));
    }
}

/// Where the old site kept its lists, and how it spelled terms in their paths.
pub(super) struct ListDirs<'a> {
    pub(super) tags: &'a str,
    pub(super) categories: &'a str,
    pub(super) archives: &'a str,
    pub(super) tag_map: &'a BTreeMap<String, String>,
    pub(super) category_map: &'a BTreeMap<String, String>,
    pub(super) case: Case,
}

/// Each tag's page, and each level of each category path.
pub(super) fn term_urls<'a>(
    site: &mut OldSite,
    dirs: &ListDirs<'_>,
    tags: impl Iterator<Item = &'a String>,
    category_paths: impl Iterator<Item = &'a Vec<String>>,
) {
    for tag in tags {
        let old = format!(
            "/{}/{}/",
            dirs.tags,
            term_slug(dirs.tag_map, tag, dirs.case)
        );
        site.other_urls.push(OldUrl {
            kind: OldKind::Tag,
            path: old,
            target: format!("/tags/{}/", crate::slugs::boke(tag)),
            term: Some(tag.clone()),
            near: None,
        });
    }
    for path in category_paths {
        let old: Vec<String> = path
            .iter()
            .map(|name| term_slug(dirs.category_map, name, dirs.case))
            .collect();
        let new: Vec<String> = path.iter().map(|name| crate::slugs::boke(name)).collect();
        site.other_urls.push(OldUrl {
            kind: OldKind::Category,
            path: format!("/{}/{}/", dirs.categories, old.join("/")),
            // Made again as boke makes it once spellings are merged.
            target: format!("/categories/{}/", new.join("/")),
            term: Some(crate::model::category_key(path)),
            near: None,
        });
    }
}

/// `/archives/`, each year and month (and with `daily`, day) of a post, as
/// `archive_generator` had them, and the home page.
pub(super) fn archive_urls(site: &mut OldSite, dirs: &ListDirs<'_>, config: &Map<String, Value>) {
    let generator = config.get("archive_generator");
    let switch = |key: &str, default: bool| {
        generator
            .and_then(|g| g.get(key))
            .and_then(Value::as_bool)
            .unwrap_or(default)
    };
    let (yearly, monthly, daily) = (
        switch("yearly", true),
        switch("monthly", true),
        switch("daily", false),
    );
    site.other_urls.push(OldUrl {
        kind: OldKind::Archive,
        path: format!("/{}/", dirs.archives),
        target: "/archives/".into(),
        term: None,
        near: None,
    });
    let mut months: BTreeMap<String, ()> = BTreeMap::new();
    for doc in site.docs.iter().filter(|d| d.kind == DocKind::Post) {
        let Some(date) = doc.date.as_ref().filter(|_| yearly) else {
            continue;
        };
        months.insert(date.strftime("%Y").to_string(), ());
        if monthly {
            months.insert(date.strftime("%Y/%m").to_string(), ());
        }
        if daily {
            months.insert(date.strftime("%Y/%m/%d").to_string(), ());
        }
    }
    for month in months.keys() {
        site.other_urls.push(OldUrl {
            kind: OldKind::Archive,
            path: format!("/{}/{month}/", dirs.archives),
            target: "/archives/".into(),
            term: None,
            near: None,
        });
    }
    site.other_urls.push(OldUrl {
        kind: OldKind::Home,
        path: "/".into(),
        target: "/".into(),
        term: None,
        near: None,
    });
}

/// The feeds hexo-generator-feed wrote, the sitemaps' other paths and hexo-generator-search's
/// file.
pub(super) fn feed_urls(site: &mut OldSite, config: &Map<String, Value>) {
    // hexo-generator-feed: one type and path, or lists of both in step.
    let list = |key: &str| -> Vec<String> {
        match config.get("feed").and_then(|f| f.get(key)) {
            Some(Value::Array(items)) => items.iter().filter_map(text_of).collect(),
            Some(other) => text_of(other).into_iter().collect(),
            None => Vec::new(),
        }
    };
    let types = list("type");
    let paths = list("path");
    let types = if types.is_empty() {
        vec!["atom".to_owned()]
    } else {
        types
    };
    for (at, feed_type) in types.iter().enumerate() {
        let rss = feed_type.contains("rss");
        let path = paths
            .get(at)
            .map(|p| format!("/{}", p.trim_start_matches('/')))
            .unwrap_or_else(|| if rss { "/rss2.xml" } else { "/atom.xml" }.into());
        let (own, also_at) = if rss {
            ("/rss.xml", &mut site.settings.rss_also_at)
        } else {
            ("/atom.xml", &mut site.settings.atom_also_at)
        };
        // boke writes its feed at the old path as well, so readers subscribed there stay.
        if path != own && path.ends_with(".xml") {
            also_at.push(path.clone());
        }
        site.other_urls.push(OldUrl {
            kind: OldKind::Feed,
            target: if path.ends_with(".xml") {
                path.clone()
            } else {
                own.into()
            },
            path,
            term: None,
            near: None,
        });
    }
    // hexo-generator-sitemap and hexo-generator-baidu-sitemap: boke's sitemap is nearest.
    for (key, default) in [
        ("sitemap", "sitemap.xml"),
        ("baidusitemap", "baidusitemap.xml"),
    ] {
        let Some(settings) = config.get(key) else {
            continue;
        };
        let path = settings.get("path").and_then(text_of);
        let path = format!(
            "/{}",
            path.as_deref().unwrap_or(default).trim_start_matches('/')
        );
        if path != "/sitemap.xml" {
            site.other_urls.push(OldUrl {
                kind: OldKind::Other,
                path,
                target: "/sitemap.xml".into(),
                term: None,
                near: None,
            });
        }
    }
    if config.get("search").is_some() {
        let path = config
            .get("search")
            .and_then(|s| s.get("path"))
            .and_then(text_of)
            .unwrap_or_else(|| "search.xml".into());
        site.other_urls.push(OldUrl {
            kind: OldKind::Other,
            path: format!("/{}", path.trim_start_matches('/')),
            target: String::new(),
            term: None,
            near: None,
        });
    }
}
