//! The old lists of a Hexo site that are not documents: tag and category pages (case and
//! `tag_map` kept), the archives by year and month, the home page, the feeds of
//! hexo-generator-feed and the search file of hexo-generator-search.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::urls::term_slug;
use crate::model::{DocKind, OldKind, OldSite, OldUrl};
use crate::slugs::Case;
use crate::source::text_of;

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

/// `/archives/`, each year and month of a post, and the home page.
pub(super) fn archive_urls(site: &mut OldSite, dirs: &ListDirs<'_>) {
    site.other_urls.push(OldUrl {
        kind: OldKind::Archive,
        path: format!("/{}/", dirs.archives),
        target: "/archives/".into(),
        term: None,
        near: None,
    });
    let mut months: BTreeMap<String, ()> = BTreeMap::new();
    for doc in site.docs.iter().filter(|d| d.kind == DocKind::Post) {
        if let Some(date) = &doc.date {
            months.insert(date.strftime("%Y").to_string(), ());
            months.insert(date.strftime("%Y/%m").to_string(), ());
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

/// The feeds hexo-generator-feed wrote, and hexo-generator-search's file.
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
