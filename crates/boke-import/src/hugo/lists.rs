//! The old lists of a Hugo site that are not documents: each taxonomy's term pages with their
//! feeds and later pages (tags and categories as boke makes them; `series`, custom taxonomies
//! such as `authors` and tags only pages carry sent to the nearest page), the taxonomies' own
//! feeds, section pages with the aliases their `_index.md` gave them, and how the theme paged
//! each list.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::front;
use crate::model::{DocKind, Near, OldKind, OldList, OldOrder, OldSite, OldUrl, Settings};
use crate::report::Report;
use crate::slugs;

/// Page sizes: Hugo's `pagerSize` (`paginate` before 0.128), unless the theme takes its own
/// from `params`, as FixIt, LoveIt and DoIt do (`params.home.posts.paginate` on the home page,
/// `params.list.paginate` on term pages, `params.section.paginate` on sections, each else
/// `params.paginate`). boke's one size is the home page's.
pub(super) fn paging(
    params: &Value,
    pager_size: Option<usize>,
    settings: &mut Settings,
    report: &mut Report,
) {
    let size = |path: &str| {
        params
            .pointer(path)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| *n > 0)
    };
    let fallback = size("/paginate").or(pager_size);
    let home = size("/home/posts/paginate").or(fallback);
    let terms = size("/list/paginate").or(fallback);
    let sections = size("/section/paginate").or(fallback);
    settings.posts_per_page = home;
    settings.terms_list_pages = true;
    for (kind, per_page) in [
        (OldKind::Home, home),
        (OldKind::Tag, terms),
        (OldKind::Category, terms),
        (OldKind::Taxonomy, terms),
        (OldKind::Archive, sections),
    ] {
        let order = OldOrder::Hugo;
        settings.lists.insert(kind, OldList { per_page, order });
    }
    let count = |n: Option<usize>| n.map_or("all".to_owned(), |n| n.to_string());
    if terms != home || sections != home {
        report.decisions.push(format!(
            "the theme showed {} posts a page on the home page, {} on term pages and {} on section pages (`params`); boke has one count for all lists, the home page's, so each old later page of the others redirects to the page of the new list that shows its first post",
            count(home),
            count(terms),
            count(sections)
        ));
    }
}

/// A section's list page as its `_index.md` names it: the section's folder under `content/`
/// (empty for the home page) and its `aliases`.
pub(super) struct SectionPage {
    pub(super) section: String,
    pub(super) aliases: Vec<String>,
}

/// An old URL that names no term.
pub(super) fn url(kind: OldKind, path: String, target: &str, near: Option<Near>) -> OldUrl {
    OldUrl {
        kind,
        path,
        target: target.to_owned(),
        term: None,
        near,
    }
}

/// Whether Hugo wrote an RSS feed for pages of `kind` (`taxonomy`, `term`): its `outputs`
/// list, else Hugo's default, which has one.
pub(super) fn writes_rss(config: &serde_json::Map<String, Value>, kind: &str) -> bool {
    let listed = config
        .get("outputs")
        .and_then(Value::as_object)
        .and_then(|outputs| outputs.iter().find(|(k, _)| k.eq_ignore_ascii_case(kind)))
        .map(|(_, formats)| front::names(Some(formats)));
    listed.is_none_or(|formats| formats.iter().any(|f| f.eq_ignore_ascii_case("rss")))
}

/// Term pages of `tags`, `categories` and of each plural in `custom`, with their feeds.
pub(super) fn term_urls(
    site: &mut OldSite,
    settings: &mut Settings,
    custom: &[String],
    config: &serde_json::Map<String, Value>,
) {
    let term_feeds = writes_rss(config, "term");
    let taxonomy_feeds = writes_rss(config, "taxonomy");
    // Hugo lists every page filed under a term, posts or not; boke's term pages list posts.
    let mut terms: BTreeMap<(OldKind, String), (Vec<usize>, bool)> = BTreeMap::new();
    for (index, doc) in site.docs.iter().enumerate() {
        let named = doc.tags.iter().map(|tag| (OldKind::Tag, tag));
        let filed = doc.categories.iter().flatten();
        for key in named.chain(filed.map(|category| (OldKind::Category, category))) {
            let (docs, posts) = terms.entry((key.0, key.1.clone())).or_default();
            docs.push(index);
            *posts |= doc.kind == DocKind::Post;
        }
    }
    for ((kind, name), (docs, posts)) in terms {
        let plural = if kind == OldKind::Category {
            "categories"
        } else {
            "tags"
        };
        let old = format!("/{plural}/{}/", slugs::hugo(&name));
        if term_feeds {
            settings.term_rss_file = Some("index.xml".into());
        }
        if !posts {
            let near = Near {
                docs,
                first_post: false,
                otherwise: format!("/{plural}/"),
            };
            site.other_urls.push(url(kind, old.clone(), "", Some(near)));
            if term_feeds {
                let feed = url(OldKind::Feed, format!("{old}index.xml"), "/index.xml", None);
                site.other_urls.push(feed);
            }
            continue;
        }
        let new = format!("/{plural}/{}/", slugs::boke(&name));
        // The term's name, so that its target is made again as boke makes it.
        let term = match kind {
            OldKind::Category => crate::model::category_key(std::slice::from_ref(&name)),
            _ => name.clone(),
        };
        site.other_urls.push(OldUrl {
            term: Some(term.clone()),
            ..url(kind, old.clone(), &new, None)
        });
        // boke writes each term's feed as RSS in `index.xml` too (`term_rss_file`).
        if term_feeds {
            site.other_urls.push(OldUrl {
                term: Some(term),
                ..url(
                    OldKind::Feed,
                    format!("{old}index.xml"),
                    &format!("{new}index.xml"),
                    None,
                )
            });
        }
    }
    for plural in custom {
        let mut terms: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, doc) in site.docs.iter().enumerate() {
            for name in front::names(doc.text.front.get(plural)) {
                terms.entry(name).or_default().push(index);
            }
        }
        let list = format!("/{}/", slugs::hugo(plural));
        for (name, docs) in terms {
            let old = format!("{list}{}/", slugs::hugo(&name));
            let near = Near {
                docs,
                first_post: plural == "series",
                otherwise: "/archives/".into(),
            };
            site.other_urls
                .push(url(OldKind::Taxonomy, old.clone(), "", Some(near)));
            if term_feeds {
                let feed = url(OldKind::Feed, format!("{old}index.xml"), "/index.xml", None);
                site.other_urls.push(feed);
            }
        }
        site.other_urls
            .push(url(OldKind::Other, list.clone(), "/archives/", None));
        if taxonomy_feeds {
            let feed = url(
                OldKind::Feed,
                format!("{list}index.xml"),
                "/index.xml",
                None,
            );
            site.other_urls.push(feed);
        }
        let what = if plural == "series" {
            "boke's series (one per post, the first one named; its old pages redirect to the first part)".to_owned()
        } else {
            format!(
                "`extra.{plural}` of each page (boke has no such taxonomy; its old pages redirect to the one page filed under a term, else to /archives/)"
            )
        };
        site.report
            .decisions
            .push(format!("Hugo's taxonomy `{plural}` became {what}"));
    }
}

/// Section pages other than the main one (`/notes/`), and the old paths `_index.md` files
/// gave sections in `aliases`: each to the section's one page, else to the home page; the
/// main section's to `/archives/`.
pub(super) fn section_urls(
    site: &mut OldSite,
    sections: &[SectionPage],
    main_section: &str,
    lower: bool,
) {
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, doc) in site.docs.iter().enumerate() {
        let source = doc.source.to_string_lossy().replace('\\', "/");
        let inside = source.strip_prefix("content/").unwrap_or(&source);
        if let Some((section, _)) = inside.split_once('/') {
            members.entry(section.to_owned()).or_default().push(index);
        }
    }
    let target = |section: &str, members: &BTreeMap<String, Vec<usize>>| {
        if section.is_empty() {
            ("/".to_owned(), None)
        } else if section == main_section {
            ("/archives/".to_owned(), None)
        } else {
            let top = section.split('/').next().unwrap_or(section);
            let near = Near {
                docs: members.get(top).cloned().unwrap_or_default(),
                first_post: false,
                otherwise: "/".into(),
            };
            (String::new(), Some(near))
        }
    };
    for section in members.keys().filter(|s| *s != main_section) {
        let (to, near) = target(section, &members);
        let path = format!("/{section}/");
        let path = if lower { path.to_lowercase() } else { path };
        site.other_urls.push(url(OldKind::Other, path, &to, near));
    }
    for page in sections {
        let (to, near) = target(&page.section, &members);
        for alias in &page.aliases {
            let alias = alias.trim().trim_start_matches('/');
            if alias.is_empty() {
                continue;
            }
            let path = if alias.ends_with('/') || alias.ends_with(".html") {
                format!("/{alias}")
            } else {
                format!("/{alias}/")
            };
            site.other_urls
                .push(url(OldKind::Other, path, &to, near.clone()));
        }
    }
}
