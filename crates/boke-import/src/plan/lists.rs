//! The old lists' new places: tag and category spellings merged as boke merges them, term
//! pages' paths as boke makes them, and lists boke has no page for sent to the nearest page.

use std::collections::{BTreeSet, HashMap};

use super::{Placed, shown_here};
use crate::model::{DocKind, OldKind, OldSite};
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
                .filter(|(doc, _)| shown_here(doc))
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
