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
    settings.first_page_alias = true;
    for (kind, per_page) in [
        (OldKind::Home, home),
        (OldKind::Tag, terms),
        (OldKind::Category, terms),
        (OldKind::Taxonomy, terms),
        (OldKind::Archive, sections),
        (OldKind::Section, sections),
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
    /// Where Hugo published the list instead of its folder's path (`url:`).
    pub(super) url: Option<String>,
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

/// The output formats `outputs` names for pages of `kind` (`home`, `taxonomy`, `term`).
fn outputs(config: &serde_json::Map<String, Value>, kind: &str) -> Option<Vec<String>> {
    config
        .get("outputs")
        .and_then(Value::as_object)
        .and_then(|outputs| outputs.iter().find(|(k, _)| k.eq_ignore_ascii_case(kind)))
        .map(|(_, formats)| front::names(Some(formats)))
}

/// Whether Hugo wrote an RSS feed for pages of `kind`: its `outputs` list, else Hugo's
/// default, which has one.
pub(super) fn writes_rss(config: &serde_json::Map<String, Value>, kind: &str) -> bool {
    outputs(config, kind)
        .is_none_or(|formats| formats.iter().any(|f| f.eq_ignore_ascii_case("rss")))
}

/// FixIt's `archives` output of the home page: `/archives/`, paged like a section.
pub(super) fn archive_page(site: &mut OldSite, config: &serde_json::Map<String, Value>) {
    let formats = outputs(config, "home").unwrap_or_default();
    if formats.iter().any(|f| f.eq_ignore_ascii_case("archives")) {
        site.other_urls.push(url(
            OldKind::Archive,
            "/archives/".into(),
            "/archives/",
            None,
        ));
    }
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

/// A section's old list page, to `to`, and its feed, to the site's feed.
fn push_section(urls: &mut Vec<OldUrl>, path: String, to: &str, near: Option<Near>) {
    let feed = format!("{path}index.xml");
    urls.push(url(OldKind::Section, path, to, near));
    urls.push(url(OldKind::Feed, feed, "/index.xml", None));
}

/// Section pages other than the main one (`/notes/`), nested sections (`/posts/series-x/`, a
/// folder with its own `_index.md`) with their feeds, and the old paths `_index.md` files gave
/// lists in `aliases` or `url`: each to the section's one page, else to the home page (the
/// main section's, and those inside it, to `/archives/`); a term's `_index.md` to the term's
/// page.
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
        let mut folder = String::new();
        for part in inside
            .split('/')
            .rev()
            .skip(1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            if !folder.is_empty() {
                folder.push('/');
            }
            folder.push_str(part);
            members.entry(folder.clone()).or_default().push(index);
        }
    }
    let target = |section: &str| {
        let top = section.split('/').next().unwrap_or(section);
        if section.is_empty() {
            ("/".to_owned(), None)
        } else if section == main_section {
            ("/archives/".to_owned(), None)
        } else {
            let near = Near {
                docs: members.get(section).cloned().unwrap_or_default(),
                first_post: false,
                otherwise: if top == main_section {
                    "/archives/"
                } else {
                    "/"
                }
                .into(),
            };
            (String::new(), Some(near))
        }
    };
    let shown = |path: String| if lower { path.to_lowercase() } else { path };
    let top_sections = members
        .keys()
        .filter(|s| !s.contains('/') && *s != main_section);
    for section in top_sections {
        let (to, near) = target(section);
        push_section(
            &mut site.other_urls,
            shown(format!("/{section}/")),
            &to,
            near,
        );
    }
    for page in sections {
        let term = page.section.split_once('/').filter(|(plural, name)| {
            matches!(*plural, "tags" | "categories") && !name.contains('/')
        });
        let paths = page.aliases.iter().chain(&page.url).filter_map(|alias| {
            let alias = alias.trim().trim_start_matches('/');
            if alias.is_empty() {
                None
            } else if alias.ends_with('/') || alias.ends_with(".html") {
                Some(format!("/{alias}"))
            } else {
                Some(format!("/{alias}/"))
            }
        });
        let paths: Vec<String> = paths.collect();
        if let Some((plural, name)) = term {
            let kind = if plural == "tags" {
                OldKind::Tag
            } else {
                OldKind::Category
            };
            let new = format!("/{plural}/{}/", slugs::boke(name));
            for path in paths {
                let feed = format!("{path}index.xml");
                site.other_urls.push(OldUrl {
                    term: Some(name.to_owned()),
                    ..url(kind, path, &new, None)
                });
                site.other_urls.push(OldUrl {
                    term: Some(name.to_owned()),
                    ..url(OldKind::Feed, feed, &format!("{new}index.xml"), None)
                });
            }
            continue;
        }
        let (to, near) = target(&page.section);
        let nested = page.section.contains('/') && members.contains_key(&page.section);
        if nested && page.url.is_none() {
            push_section(
                &mut site.other_urls,
                shown(format!("/{}/", page.section)),
                &to,
                near.clone(),
            );
        }
        for path in paths {
            site.other_urls
                .push(url(OldKind::Other, path, &to, near.clone()));
        }
    }
}
