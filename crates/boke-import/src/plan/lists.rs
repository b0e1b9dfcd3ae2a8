//! The old lists' new places: tag and category spellings merged as boke merges them, term
//! pages' paths as boke makes them, lists boke has no page for sent to the nearest page, and
//! the later pages of each list.

use std::collections::{BTreeSet, HashMap};

use super::{Placed, unpublished};
use crate::model::{DocKind, OldKind, OldSite};
use crate::oldsite::Published;
use crate::report::Report;
use crate::slugs;

/// Old lists boke has no page for go to the nearest page: the one document they listed, a
/// series' first part, else the list named in [`Near::otherwise`].
pub(super) fn near_targets(site: &mut OldSite, placed: &[Placed]) {
    for url in &mut site.other_urls {
        let Some(near) = &url.near else { continue };
        // Only documents the new site publishes: not drafts, nor password posts (drafts now).
        let docs = || {
            near.docs
                .iter()
                .filter_map(|&i| Some((site.docs.get(i)?, placed.get(i)?)))
                .filter(|(doc, _)| {
                    let password = doc.text.front.get("password");
                    !unpublished(doc) && password.is_none_or(|p| p.is_null() || p == "")
                })
        };
        let first = docs()
            .filter(|(doc, _)| doc.kind == DocKind::Post)
            .min_by_key(|(doc, _)| doc.date.as_ref().map(jiff::ZonedDateTime::timestamp));
        url.target = match (docs().count(), first) {
            (1, _) => docs().next().map(|(_, place)| place.new_path.clone()),
            (_, Some((_, place))) if near.first_post => Some(place.new_path.clone()),
            _ => None,
        }
        .unwrap_or_else(|| near.otherwise.clone());
    }
}

/// Tags that differ only in case (`Docker`, `docker`) are one tag, spelled as first seen.
pub(super) fn merge_tag_spellings(site: &mut OldSite) {
    let mut first: HashMap<String, String> = HashMap::new();
    for doc in &mut site.docs {
        for tag in &mut doc.tags {
            let spelling = first
                .entry(tag.to_lowercase())
                .or_insert_with(|| tag.clone());
            if spelling != tag {
                Report::note(
                    &mut site.report.front_matter,
                    &doc.source,
                    format!("tag `{tag}` is filed as `{spelling}`, its first spelling in the site"),
                );
                *tag = spelling.clone();
            }
        }
        let mut seen = BTreeSet::new();
        doc.tags.retain(|tag| seen.insert(tag.clone()));
    }
}

/// The later pages of old lists (`/tags/Hexo/page/2/`): where the list's first page moved,
/// each page number redirects to the same number of the new list (boke is given the old
/// `posts_per_page` and `pagination_path`, so the numbers hold the same posts); pages of
/// the old archives go to boke's one archive page.
pub(super) fn later_pages(site: &mut OldSite, published: Option<&[Published]>) {
    let (Some(per_page), Some(folder)) = (
        site.settings.posts_per_page,
        site.settings.pagination_path.clone(),
    ) else {
        return;
    };
    let old_posts: Vec<&crate::model::Doc> = site
        .docs
        .iter()
        .filter(|d| d.kind == DocKind::Post && !unpublished(d))
        .collect();
    // Password posts were published by the old site and are drafts on the new one.
    let new_posts: Vec<&crate::model::Doc> = old_posts
        .iter()
        .copied()
        .filter(|d| {
            d.text
                .front
                .get("password")
                .is_none_or(|p| p.is_null() || p == "")
        })
        .collect();
    let count = |url: &crate::model::OldUrl, posts: &[&crate::model::Doc]| -> usize {
        let Some(term) = url.term.as_deref().map(str::to_lowercase) else {
            return match url.kind {
                // `/archives/2021/03/` holds the posts of March 2021.
                OldKind::Archive => {
                    let period: String = url
                        .path
                        .trim_matches('/')
                        .split('/')
                        .skip(1)
                        .collect::<Vec<_>>()
                        .join("/");
                    posts
                        .iter()
                        .filter(|d| {
                            period.is_empty()
                                || d.date.as_ref().is_some_and(|date| {
                                    let format = if period.contains('/') { "%Y/%m" } else { "%Y" };
                                    date.strftime(format).to_string() == period
                                })
                        })
                        .count()
                }
                OldKind::Home => posts.len(),
                _ => 0,
            };
        };
        match url.kind {
            OldKind::Tag => posts
                .iter()
                .filter(|d| d.tags.iter().any(|t| t.to_lowercase() == term))
                .count(),
            OldKind::Category => posts
                .iter()
                .filter(|d| {
                    d.categories.iter().any(|path| {
                        let key = crate::model::category_key(path).to_lowercase();
                        key == term || key.starts_with(&format!("{term}/"))
                    })
                })
                .count(),
            _ => 0,
        }
    };
    // An old `public/` shows which later pages there were; a sitemap seldom lists them.
    let known: Option<BTreeSet<&str>> = published
        .filter(|pages| {
            let second = format!("/{folder}/2/");
            pages.iter().any(|page| page.path.ends_with(&second))
        })
        .map(|pages| pages.iter().map(|page| page.path.as_str()).collect());
    let mut later = Vec::new();
    for url in &site.other_urls {
        let lists = matches!(
            url.kind,
            OldKind::Tag | OldKind::Category | OldKind::Taxonomy | OldKind::Archive | OldKind::Home
        );
        if !lists || url.target.is_empty() || !url.path.ends_with('/') {
            continue;
        }
        // A list sent to its nearest page had as many pages as the documents it showed.
        let (pages, new_pages) = match &url.near {
            Some(near) => (near.docs.len().div_ceil(per_page), 0),
            None => (
                count(url, &old_posts).div_ceil(per_page),
                count(url, &new_posts).div_ceil(per_page),
            ),
        };
        // Pages the new list has, or the old site had; a list boke shows on one page (the
        // archive, a nearest page) keeps the count the old rules give.
        let one_page = url.kind == OldKind::Archive || url.near.is_some();
        let last = if one_page {
            pages
        } else {
            pages.min(new_pages)
        };
        for number in 2..=pages {
            let path = format!("{}{folder}/{number}/", url.path);
            let listed = match &known {
                Some(known) => known.contains(path.as_str()),
                None => number <= last,
            };
            if !listed {
                continue;
            }
            let target = if url.kind == OldKind::Archive || new_pages < 2 {
                url.target.clone()
            } else {
                format!("{}{folder}/{}/", url.target, number.min(new_pages))
            };
            later.push(crate::model::OldUrl {
                kind: url.kind,
                path,
                target,
                term: url.term.clone(),
                near: None,
            });
        }
    }
    site.other_urls.extend(later);
}

/// Category levels that differ only in case under one parent are one category, spelled as
/// first seen, as tags are: boke would merge them too, and showing the first spelling keeps
/// the new paths predictable here.
pub(super) fn merge_category_spellings(site: &mut OldSite) {
    let mut first: HashMap<String, String> = HashMap::new();
    for doc in &mut site.docs {
        for path in &mut doc.categories {
            let mut key = String::new();
            for level in path.iter_mut() {
                // Not `/`, which a level may hold (`CI/CD`).
                key.push('\u{1f}');
                key.push_str(&level.to_lowercase());
                let spelling = first.entry(key.clone()).or_insert_with(|| level.clone());
                if spelling != level {
                    Report::note(
                        &mut site.report.categories,
                        &doc.source,
                        format!(
                            "category `{level}` is filed as `{spelling}`, its first spelling in the site"
                        ),
                    );
                    *level = spelling.clone();
                }
            }
        }
        let mut seen = BTreeSet::new();
        doc.categories.retain(|path| seen.insert(path.clone()));
    }
}

/// Tag pages' new paths as boke makes them: names in order, a slug taken twice numbered.
fn tag_slugs(names: &BTreeSet<String>) -> HashMap<String, String> {
    let mut taken = BTreeSet::new();
    let mut slugs: HashMap<String, String> = HashMap::new();
    for name in names {
        let base = slugs::boke(name);
        let mut slug = base.clone();
        let mut number = 2;
        while !taken.insert(slug.clone()) {
            slug = format!("{base}-{number}");
            number += 1;
        }
        slugs.insert(name.to_lowercase(), slug);
    }
    slugs
}

/// Category pages' new paths as boke makes them, by the lowercased path (`java/groovy`): each
/// level under its parent's path, levels placed parents first and by name, a slug taken twice
/// among siblings numbered.
fn category_paths(paths: &BTreeSet<String>, pager_folder: &str) -> HashMap<String, String> {
    let mut levels: BTreeSet<(usize, String, String)> = BTreeSet::new();
    for path in paths {
        let parts: Vec<&str> = path.split('/').collect();
        for depth in 1..=parts.len() {
            let shown = parts[..depth].join("/");
            let name = parts[depth - 1].to_owned();
            levels.insert((depth, name, shown.to_lowercase()));
        }
    }
    let mut placed: HashMap<String, String> = HashMap::new();
    let mut taken = BTreeSet::new();
    for (_, name, lower) in levels {
        let base = match lower.rsplit_once('/') {
            Some((parent, _)) => placed.get(parent).cloned().unwrap_or_default(),
            None => "/categories/".to_owned(),
        };
        let slug = slugs::boke(&name);
        let mut path = format!("{base}{slug}/");
        let mut number = 2;
        // boke numbers a level named like the pagination folder under a parent.
        let pager = lower.contains('/') && slug == pager_folder;
        while (pager && number == 2) || !taken.insert(path.clone()) {
            path = format!("{base}{slug}-{number}/");
            number += 1;
        }
        placed.insert(lower, path);
    }
    placed
}

/// Term pages' new paths as boke makes them, for every old term URL that names its term.
pub(super) fn term_targets(site: &mut OldSite) {
    let posts = || site.docs.iter().filter(|d| d.kind == DocKind::Post);
    let tags: BTreeSet<String> = posts().flat_map(|d| d.tags.clone()).collect();
    let categories: BTreeSet<String> = posts()
        .flat_map(|d| {
            d.categories
                .iter()
                .map(|path| crate::model::category_key(path))
        })
        .collect();
    let (tags, categories) = (
        tag_slugs(&tags),
        category_paths(
            &categories,
            site.settings.pagination_path.as_deref().unwrap_or("page"),
        ),
    );
    for url in &mut site.other_urls {
        let Some(term) = &url.term else { continue };
        let category = url.kind == OldKind::Category || url.target.starts_with("/categories/");
        let path = if category {
            categories.get(&term.to_lowercase()).cloned()
        } else {
            tags.get(&term.to_lowercase())
                .map(|slug| format!("/tags/{slug}/"))
        };
        if let Some(path) = path {
            let feed = match (url.kind, &site.settings.term_rss_file) {
                (OldKind::Feed, Some(file)) => file.as_str(),
                (OldKind::Feed, None) => "atom.xml",
                _ => "",
            };
            url.target = format!("{path}{feed}");
        }
    }
}
