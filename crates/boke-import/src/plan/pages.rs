//! The later pages of old lists (`/tags/Hexo/page/2/`): as many as the old engine made, each
//! list counted with its own page size, order and members (Hugo's term pages list pages as
//! well as posts), and for each the page of the new list that now shows the same posts; and
//! Hugo's `page/1/` of each list, which led to its first page.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;

use super::{Placed, shown_here, unpublished};
use crate::front::sticky;
use crate::model::{Doc, DocKind, OldKind, OldList, OldOrder, OldSite, OldUrl, OrderKey};
use crate::oldsite::Published;
use crate::source::text_of;

/// boke's page size when boke.toml names none.
const BOKE_PER_PAGE: usize = 10;

/// Adds each later page of each old list, sent to the page of the new list that holds the
/// first post the old page showed (or the nearest one the new site still has): boke has one
/// page size and orders by date, so page numbers alone would not line up. Archives and lists
/// boke has no page for go to their one target.
pub(super) fn later_pages(site: &mut OldSite, placed: &[Placed], published: Option<&[Published]>) {
    let Some(folder) = site.settings.pagination_path.clone() else {
        return;
    };
    let new_size = site.settings.posts_per_page.unwrap_or(BOKE_PER_PAGE);
    // An old `public/` shows which later pages there were; a sitemap seldom lists them.
    let known: Option<BTreeSet<&str>> = published
        .filter(|pages| {
            let second = format!("/{folder}/2/");
            pages.iter().any(|page| page.path.ends_with(&second))
        })
        .map(|pages| pages.iter().map(|page| page.path.as_str()).collect());
    let docs = &site.docs;
    let mut later = Vec::new();
    for url in &site.other_urls {
        let lists = matches!(
            url.kind,
            OldKind::Tag
                | OldKind::Category
                | OldKind::Taxonomy
                | OldKind::Archive
                | OldKind::Section
                | OldKind::Home
        );
        if !lists || url.target.is_empty() || !url.path.ends_with('/') {
            continue;
        }
        let rule = site
            .settings
            .lists
            .get(&url.kind)
            .copied()
            .unwrap_or(OldList {
                per_page: site.settings.posts_per_page,
                order: OldOrder::Hexo {
                    key: OrderKey::Date,
                    descending: true,
                    sticky_first: false,
                },
            });
        let Some(old_size) = rule.per_page else {
            continue;
        };
        let mut old = members(site, url);
        old.sort_by(|&a, &b| old_order(&docs[a], &docs[b], rule.order));
        let first = format!("{}{folder}/1/", url.path);
        let listed = |path: &str| known.as_ref().is_none_or(|k| k.contains(path));
        if site.settings.first_page_alias && !old.is_empty() && listed(&first) {
            later.push(OldUrl {
                target: url.target.clone(),
                ..later_page(url, first)
            });
        }
        let pages = old.len().div_ceil(old_size);
        if pages < 2 {
            continue;
        }
        let paged = url.near.is_none() && url.kind != OldKind::Archive;
        let mut new: Vec<usize> = old
            .iter()
            .copied()
            .filter(|&i| paged && docs[i].kind == DocKind::Post && shown_here(&docs[i]))
            .collect();
        let home = url.kind == OldKind::Home;
        new.sort_by(|&a, &b| new_order((&docs[a], &placed[a]), (&docs[b], &placed[b]), home));
        let rank: HashMap<usize, usize> = new.iter().enumerate().map(|(r, &i)| (i, r)).collect();
        let new_pages = new.len().div_ceil(new_size);
        for number in 2..=pages {
            let path = format!("{}{folder}/{number}/", url.path);
            if !listed(&path) {
                continue;
            }
            // A list that kept its path has its own page there, whatever it shows now.
            if url.path == url.target && number <= new_pages {
                later.push(OldUrl {
                    target: path.clone(),
                    ..later_page(url, path)
                });
                continue;
            }
            let start = (number - 1) * old_size;
            let (before, from) = old.split_at(start);
            let position = from
                .iter()
                .chain(before.iter().rev())
                .find_map(|i| rank.get(i));
            let target = match position.map(|r| r / new_size + 1) {
                Some(page) if page > 1 => format!("{}{folder}/{page}/", url.target),
                _ => url.target.clone(),
            };
            later.push(OldUrl {
                target,
                ..later_page(url, path)
            });
        }
    }
    site.other_urls.extend(later);
}

/// Page `path` of the old list `url`, its target to be set.
fn later_page(url: &OldUrl, path: String) -> OldUrl {
    OldUrl {
        kind: url.kind,
        path,
        target: String::new(),
        term: url.term.clone(),
        near: None,
    }
}

/// The documents an old list showed: what the old engine published under it.
fn members(site: &OldSite, url: &OldUrl) -> Vec<usize> {
    let docs = &site.docs;
    let listed = |i: &usize| !unpublished(&docs[*i]);
    if let Some(near) = &url.near {
        return near.docs.iter().copied().filter(listed).collect();
    }
    let hidden = |doc: &Doc| {
        doc.text
            .front
            .get("hidden")
            .and_then(serde_json::Value::as_bool)
    };
    let all = (0..docs.len()).filter(listed);
    let posts = all.clone().filter(|&i| docs[i].kind == DocKind::Post);
    let Some(term) = url.term.as_deref().map(str::to_lowercase) else {
        return match url.kind {
            // `/archives/2021/03/` holds the posts of March 2021.
            OldKind::Archive => {
                let period: Vec<&str> = url.path.trim_matches('/').split('/').skip(1).collect();
                let format = ["%Y", "%Y/%m", "%Y/%m/%d"]
                    .get(period.len().saturating_sub(1))
                    .copied()
                    .unwrap_or("%Y/%m/%d");
                let period = period.join("/");
                posts
                    .filter(|&i| {
                        period.is_empty()
                            || docs[i]
                                .date
                                .as_ref()
                                .is_some_and(|date| date.strftime(format).to_string() == period)
                    })
                    .collect()
            }
            // hexo-generator-index leaves out `hidden: true` posts.
            OldKind::Home => posts.filter(|&i| hidden(&docs[i]) != Some(true)).collect(),
            _ => Vec::new(),
        };
    };
    let filed: Vec<usize> = if site.settings.terms_list_pages {
        all.collect()
    } else {
        posts.collect()
    };
    let holds = |doc: &Doc| match url.kind {
        OldKind::Tag => doc.tags.iter().any(|t| t.to_lowercase() == term),
        // A category lists its subcategories' posts too.
        OldKind::Category => doc.categories.iter().any(|path| {
            let key = crate::model::category_key(path).to_lowercase();
            key == term || key.starts_with(&format!("{term}/"))
        }),
        _ => false,
    };
    filed.into_iter().filter(|&i| holds(&docs[i])).collect()
}

fn timestamp(doc: &Doc) -> Option<Timestamp> {
    doc.date.as_ref().map(jiff::ZonedDateTime::timestamp)
}

fn title(doc: &Doc) -> String {
    doc.text
        .front
        .get("title")
        .and_then(text_of)
        .unwrap_or_default()
}

/// The order the old engine listed `a` and `b` in.
fn old_order(a: &Doc, b: &Doc, order: OldOrder) -> Ordering {
    match order {
        OldOrder::Hexo {
            key,
            descending,
            sticky_first,
        } => {
            let pinned = if sticky_first {
                sticky(b).cmp(&sticky(a))
            } else {
                Ordering::Equal
            };
            let by_key = match key {
                OrderKey::Date => timestamp(a).cmp(&timestamp(b)),
                OrderKey::Updated => updated(a).cmp(&updated(b)),
                OrderKey::Title => title(a).cmp(&title(b)),
            };
            let by_key = if descending { by_key.reverse() } else { by_key };
            pinned.then(by_key).then_with(|| a.source.cmp(&b.source))
        }
        OldOrder::Hugo => {
            // Weight 0 is no weight, listed after every weighted page.
            let weight = |doc: &Doc| {
                let weight = doc
                    .text
                    .front
                    .get("weight")
                    .and_then(serde_json::Value::as_i64);
                weight.filter(|w| *w != 0).unwrap_or(i64::MAX)
            };
            weight(a)
                .cmp(&weight(b))
                .then_with(|| timestamp(b).cmp(&timestamp(a)))
                .then_with(|| title(a).cmp(&title(b)))
                .then_with(|| a.source.cmp(&b.source))
        }
    }
}

/// Hexo's `updated`, else the post's date (what `updated_option: date` gives).
fn updated(doc: &Doc) -> Option<Timestamp> {
    let zone = doc.date.as_ref().map(|d| d.time_zone().clone())?;
    doc.text
        .front
        .get("updated")
        .and_then(text_of)
        .and_then(|text| crate::dates::read(&text, &zone).ok())
        .map(|read| read.zoned.timestamp())
        .or_else(|| timestamp(doc))
}

/// The order boke lists `a` and `b` in: newest first, by path where dates are equal; pinned
/// posts first on the home page.
fn new_order(a: (&Doc, &Placed), b: (&Doc, &Placed), home: bool) -> Ordering {
    let pinned = if home {
        sticky(b.0).max(0).cmp(&sticky(a.0).max(0))
    } else {
        Ordering::Equal
    };
    pinned
        .then_with(|| timestamp(b.0).cmp(&timestamp(a.0)))
        .then_with(|| a.1.new_path.cmp(&b.1.new_path))
}
