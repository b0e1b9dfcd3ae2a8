//! Placing every document on the new site: the permalink pattern, each post's slug and file,
//! the aliases that keep old URLs answering, redirects for old lists, and writing it all.

use std::collections::{BTreeSet, HashMap};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::convert::scan::Syntax;
use crate::convert::{self, Context, Target};
use crate::error::ImportError;
use crate::front;
use crate::model::{DocKind, Engine, OldKind, OldSite};
use crate::oldsite::Published;
use crate::report::{Report, Resolution, UrlLine};
use crate::slugs;
use crate::write::Writer;

const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Where one document lands.
#[derive(Debug, Clone)]
struct Placed {
    content_path: String,
    slug: String,
    new_path: String,
    aliases: Vec<String>,
}

pub(crate) fn write_site(
    site: &mut OldSite,
    published: Option<&[Published]>,
    out: &std::path::Path,
    force: bool,
    fetch_images: Option<crate::fetch::FetchImages>,
) -> Result<(), ImportError> {
    let engine = if site.report.engine == "Hugo" {
        Engine::Hugo
    } else {
        Engine::Hexo
    };
    if let Some(published) = published {
        crate::oldsite::match_published(site, published);
    }
    merge_tag_spellings(site);
    merge_category_spellings(site);
    term_targets(site);
    let (pattern, placed) = place(site, fetch_images.is_some());
    near_targets(site, &placed);
    later_pages(site, published);
    let mut fetcher = fetch_images.map(|limits| crate::fetch::Fetcher::new(limits, out));
    let mut report = std::mem::take(&mut site.report);

    // Links between posts find their targets by every name the old engine knew.
    let mut targets: HashMap<String, Target> = HashMap::new();
    for (doc, place) in site.docs.iter().zip(&placed) {
        let target = Target {
            content_path: place.content_path.clone(),
            url: utf8_percent_encode(&place.new_path, PATH).to_string(),
            title: doc
                .text
                .front
                .get("title")
                .and_then(crate::source::text_of)
                .unwrap_or_else(|| doc.name.clone()),
        };
        let source = doc.source.to_string_lossy().replace('\\', "/");
        let inside = source
            .split_once('/')
            .map(|(_, rest)| rest.to_owned())
            .unwrap_or_default();
        let mut keys = vec![
            doc.name.clone(),
            source.clone(),
            inside.clone(),
            inside.trim_start_matches("_posts/").to_owned(),
        ];
        if let Some(slug) = doc.text.front.get("slug").and_then(crate::source::text_of) {
            keys.push(slug);
        }
        if let Some(stripped) = inside.strip_suffix("/index.md") {
            keys.push(stripped.to_owned());
        }
        for key in keys {
            let key = key
                .trim_end_matches(".md")
                .trim_end_matches(".markdown")
                .to_owned();
            targets.entry(key).or_insert_with(|| target.clone());
        }
    }

    // Links to posts whose URL changed, in every form a post may have written them.
    let base = site.settings.base_url.trim_end_matches('/').to_owned();
    let mut moved: Vec<(String, String)> = Vec::new();
    for (doc, place) in site.docs.iter().zip(&placed) {
        if let Some(old) = doc.old_path.as_ref().filter(|old| **old != place.new_path) {
            let new = enc(&place.new_path);
            for form in [old.clone(), enc(old)] {
                moved.push((format!("{base}{form}"), new.clone()));
                moved.push((form, new.clone()));
            }
        }
    }
    moved.dedup();
    let mut writer = Writer::new(out, force);
    let syntax = match engine {
        Engine::Hexo => Syntax::Hexo,
        Engine::Hugo => Syntax::Hugo,
    };
    for (doc, place) in site.docs.iter().zip(&placed) {
        let mut context = Context {
            file: &doc.source,
            first_line: doc.text.body_line,
            targets: &targets,
            code_dir: site.code_dir.as_deref(),
            unconverted: Vec::new(),
            remote_images: Vec::new(),
            includes: Vec::new(),
        };
        let body = convert::convert(&doc.text.body, syntax, &mut context);
        let (body, relinked) = convert::rewrite_links(&body, &moved);
        if relinked > 0 {
            Report::note(
                &mut report.front_matter,
                &doc.source,
                format!("{relinked} links to moved posts point at their new URLs"),
            );
        }
        report.unconverted.append(&mut context.unconverted);
        let folder = place.content_path.strip_suffix("index.md").unwrap_or("");
        let mut body = body;
        let mut names: Vec<String> = doc.assets.iter().map(|(_, name)| name.clone()).collect();
        for (line, url) in std::mem::take(&mut context.remote_images) {
            let text = match fetcher.as_mut() {
                None => format!("line {line}: {url}"),
                Some(_) if folder.is_empty() => {
                    format!("line {line}: {url}: not downloaded: the post has no folder of its own")
                }
                Some(fetcher) => {
                    match fetcher.place(&url, folder, &mut names, &mut writer, &mut report)? {
                        Ok((name, note)) => {
                            body = convert::relink_image(&body, &url, &name);
                            format!("line {line}: {note}")
                        }
                        Err(why) => format!("line {line}: {url}: not downloaded: {why}"),
                    }
                }
            };
            Report::note(&mut report.remote_images, &doc.source, text);
        }
        let mapped = front::map(doc, &place.slug, &place.aliases, &mut report);
        let text = front::file_text(&mapped, &body);
        writer.write(
            &format!("content/{}", place.content_path),
            text.as_bytes(),
            &mut report,
        )?;
        for (file, name) in doc.assets.iter().chain(&context.includes) {
            if folder.is_empty() {
                continue;
            }
            writer.copy(file, &format!("content/{folder}{name}"), &mut report)?;
            report.assets += 1;
        }
        match doc.kind {
            DocKind::Post => report.posts += 1,
            DocKind::Page => report.pages += 1,
        }
        // A draft of the old site was never published: it had no URL to keep.
        if let Some(old) = doc.old_path.as_ref().filter(|_| !unpublished(doc)) {
            let draft = mapped.table.get("draft").and_then(toml::Value::as_bool) == Some(true);
            let resolution = if draft {
                Resolution::Lost("a password post of the old site, imported as a draft: published with `boke build --drafts` or once `draft` is removed".into())
            } else if *old == place.new_path {
                Resolution::Same
            } else if place.aliases.contains(old) {
                Resolution::Alias(place.new_path.clone())
            } else {
                Resolution::Lost("the path clashes with another page of the new site".into())
            };
            report.urls.push(UrlLine {
                kind: if doc.kind == DocKind::Post {
                    "post"
                } else {
                    "page"
                },
                old: old.clone(),
                resolution,
            });
        }
    }
    for (file, relative) in &site.statics {
        writer.copy(file, &format!("static/{relative}"), &mut report)?;
        report.assets += 1;
    }

    // Old lists: the same path where boke has it, else a redirect page or a server rule.
    let mut taken: BTreeSet<String> = placed
        .iter()
        .map(|p| p.new_path.clone())
        .chain(placed.iter().flat_map(|p| p.aliases.clone()))
        .collect();
    taken.extend(site.other_urls.iter().map(|u| u.target.clone()));
    let mut rules = String::new();
    let mut seen = BTreeSet::new();
    for url in &site.other_urls {
        if !seen.insert(url.path.clone()) {
            continue;
        }
        let resolution = if url.target.is_empty() {
            Resolution::Lost(match url.kind {
                OldKind::Other if url.path.ends_with(".xml") || url.path.ends_with(".json") => "boke has no such file: its search index is under /search/".into(),
                _ => "the old site had this page, and no source matched it (a post deleted since, or a page of the theme)".into(),
            })
        } else if url.path == url.target {
            Resolution::Same
        } else if url.path.ends_with(".xml") {
            rules.push_str(&format!("{} {} 301\n", enc(&url.path), enc(&url.target)));
            Resolution::ServerRule(url.target.clone())
        } else if taken.contains(&url.path) {
            Resolution::Lost(format!(
                "another page of the new site is at this path; {} has the list now",
                url.target
            ))
        } else {
            let file = if url.path.ends_with(".html") {
                url.path.trim_start_matches('/').to_owned()
            } else {
                format!("{}index.html", url.path.trim_start_matches('/'))
            };
            writer.write(
                &format!("static/{file}"),
                redirect_page(&site.settings.base_url, &url.target).as_bytes(),
                &mut report,
            )?;
            Resolution::Redirect(url.target.clone())
        };
        report.urls.push(UrlLine {
            kind: url.kind.label(),
            old: url.path.clone(),
            resolution,
        });
    }
    if !rules.is_empty() {
        writer.write("static/_redirects", rules.as_bytes(), &mut report)?;
        report.decisions.push("old feed paths cannot be redirected by a page: `static/_redirects` holds a 301 rule for each (read by Netlify and Cloudflare Pages; on nginx write `location = /index.xml { return 301 /rss.xml; }` and so on)".into());
    }
    writer.write(
        "boke.toml",
        boke_toml(site, engine, &pattern).as_bytes(),
        &mut report,
    )?;
    writer.finish()?;
    if let Some(fetcher) = fetcher {
        fetcher.finish()?;
    }
    report.unconverted.sort();
    site.report = report;
    Ok(())
}

/// Old lists boke has no page for go to the nearest page: the one document they listed, a
/// series' first part, else the list named in [`Near::otherwise`].
fn near_targets(site: &mut OldSite, placed: &[Placed]) {
    for url in &mut site.other_urls {
        let Some(near) = &url.near else { continue };
        let docs = || {
            near.docs
                .iter()
                .filter_map(|&i| Some((site.docs.get(i)?, placed.get(i)?)))
        };
        let first = docs()
            .filter(|(doc, _)| doc.kind == DocKind::Post && !unpublished(doc))
            .min_by_key(|(doc, _)| doc.date.as_ref().map(jiff::ZonedDateTime::timestamp));
        url.target = match (near.docs.len(), first) {
            (1, _) => docs().next().map(|(_, place)| place.new_path.clone()),
            (_, Some((_, place))) if near.first_post => Some(place.new_path.clone()),
            _ => None,
        }
        .unwrap_or_else(|| near.otherwise.clone());
    }
}

/// Tags that differ only in case (`Docker`, `docker`) are one tag, spelled as first seen.
fn merge_tag_spellings(site: &mut OldSite) {
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

/// A draft of the old site: never published there.
fn unpublished(doc: &crate::model::Doc) -> bool {
    let front = |key: &str| doc.text.front.get(key).and_then(serde_json::Value::as_bool);
    front("draft") == Some(true) || front("published") == Some(false)
}

/// The later pages of old lists (`/tags/Hexo/page/2/`): where the list's first page moved,
/// each page number redirects to the same number of the new list (boke is given the old
/// `posts_per_page` and `pagination_path`, so the numbers hold the same posts); pages of
/// the old archives go to boke's one archive page.
fn later_pages(site: &mut OldSite, published: Option<&[Published]>) {
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
fn merge_category_spellings(site: &mut OldSite) {
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
fn term_targets(site: &mut OldSite) {
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

fn enc(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// A page that sends readers and crawlers to `target`, as boke's own alias pages do.
fn redirect_page(base_url: &str, target: &str) -> String {
    let url = format!("{}{}", base_url.trim_end_matches('/'), enc(target));
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{target}</title><link rel=\"canonical\" href=\"{url}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={url}\"></head><body><p><a href=\"{url}\">{target}</a></p></body></html>\n"
    )
}

/// The pattern for posts, and where each document goes: a post with files beside it (assets,
/// included code, images to download) in a folder of its own.
fn place(site: &OldSite, fetch_images: bool) -> (String, Vec<Placed>) {
    let posts: Vec<usize> = (0..site.docs.len())
        .filter(|&i| site.docs[i].kind == DocKind::Post)
        .collect();
    let slug_under = |pattern: &str, index: usize| -> Option<String> {
        let doc = &site.docs[index];
        let old = doc.old_path.as_deref()?;
        let date = doc.date.as_ref();
        let format = |f: &str| date.map(|d| d.strftime(f).to_string()).unwrap_or_default();
        let filled = pattern
            .replace(":year", &format("%Y"))
            .replace(":month", &format("%m"))
            .replace(":day", &format("%d"));
        let (prefix, suffix) = filled.split_once(":slug")?;
        let slug = old.strip_prefix(prefix)?.strip_suffix(suffix)?;
        // boke adds the folder's slash itself when the pattern ends without one.
        let slug = if suffix.is_empty() {
            slug.strip_suffix('/').unwrap_or(slug)
        } else {
            slug
        };
        let ok = !slug.is_empty() && !slug.starts_with('/') && !slug.ends_with('/');
        ok.then(|| slug.to_owned())
    };
    let candidate = site.settings.permalink.clone().filter(|pattern| {
        let fits = posts
            .iter()
            .filter(|&&i| slug_under(pattern, i).is_some())
            .count();
        fits * 2 >= posts.len()
    });
    let pattern = candidate.unwrap_or_else(|| "/:slug".into());

    let mut used_files: BTreeSet<String> = BTreeSet::new();
    let mut placed = Vec::new();
    for doc in &site.docs {
        let index = placed.len();
        let bundle = !doc.assets.is_empty()
            || doc.text.body.contains("include_code")
            || (fetch_images && !convert::remote_images(&doc.text.body).is_empty());
        let base = slugs::file_name(&doc.name.replace('/', "-"));
        let place = match doc.kind {
            DocKind::Post => {
                let mut name = base.clone();
                let mut n = 2;
                while !used_files.insert(format!("posts/{name}")) {
                    name = format!("{base}-{n}");
                    n += 1;
                }
                let content_path = if bundle {
                    format!("posts/{name}/index.md")
                } else {
                    format!("posts/{name}.md")
                };
                match slug_under(&pattern, index) {
                    Some(slug) => {
                        let new_path = fill(&pattern, doc, &slug);
                        Placed {
                            content_path,
                            slug,
                            new_path,
                            aliases: Vec::new(),
                        }
                    }
                    None => {
                        let slug = slugs::boke(&name);
                        let slug = if slug.is_empty() { name.clone() } else { slug };
                        let new_path = fill(&pattern, doc, &slug);
                        let aliases = doc
                            .old_path
                            .iter()
                            .filter(|old| **old != new_path)
                            .cloned()
                            .collect();
                        Placed {
                            content_path,
                            slug,
                            new_path,
                            aliases,
                        }
                    }
                }
            }
            DocKind::Page => {
                let old = doc.old_path.clone().unwrap_or_else(|| format!("/{base}/"));
                let dir = old.trim_matches('/').trim_end_matches(".html").to_owned();
                let dir = if dir.is_empty() { base.clone() } else { dir };
                let mut folder = dir.clone();
                let mut n = 2;
                while !used_files.insert(folder.clone()) {
                    folder = format!("{dir}-{n}");
                    n += 1;
                }
                let slug = folder.rsplit('/').next().unwrap_or(&folder).to_owned();
                let new_path = format!("/{folder}/");
                let aliases = if old != new_path && old != "/" {
                    vec![old]
                } else {
                    Vec::new()
                };
                Placed {
                    content_path: format!("{folder}/index.md"),
                    slug,
                    new_path,
                    aliases,
                }
            }
        };
        placed.push(place);
    }
    (pattern, placed)
}

/// The path boke gives a post under `pattern` (as boke's `parse` fills it).
fn fill(pattern: &str, doc: &crate::model::Doc, slug: &str) -> String {
    let date = doc.date.as_ref();
    let format = |f: &str| date.map(|d| d.strftime(f).to_string()).unwrap_or_default();
    let mut path = pattern
        .replace(":year", &format("%Y"))
        .replace(":month", &format("%m"))
        .replace(":day", &format("%d"))
        .replace(":slug", slug.trim_matches('/'));
    while path.contains("//") {
        path = path.replace("//", "/");
    }
    if !path.ends_with('/') && !path.ends_with(".html") {
        path.push('/');
    }
    path
}

fn boke_toml(site: &OldSite, engine: Engine, pattern: &str) -> String {
    let s = &site.settings;
    let mut table = toml::Table::new();
    let mut put = |key: &str, value: &str| {
        if !value.is_empty() {
            table.insert(key.into(), value.into());
        }
    };
    put("title", &s.title);
    put("description", &s.description);
    put("base_url", &s.base_url);
    put("language", &s.language);
    put("author", &s.author);
    put("timezone", &s.timezone);
    put("permalink", pattern);
    if let Some(folder) = s.pagination_path.as_deref().filter(|f| *f != "page") {
        put("pagination_path", folder);
    }
    if let Some(per_page) = s.posts_per_page.and_then(|n| i64::try_from(n).ok()) {
        table.insert("posts_per_page".into(), per_page.into());
    }
    let mut feed = toml::Table::new();
    let paths =
        |paths: &[String]| toml::Value::Array(paths.iter().map(|p| p.clone().into()).collect());
    if !s.rss_also_at.is_empty() {
        feed.insert("rss_also_at".into(), paths(&s.rss_also_at));
    }
    if !s.atom_also_at.is_empty() {
        feed.insert("atom_also_at".into(), paths(&s.atom_also_at));
    }
    if let Some(file) = &s.term_rss_file {
        feed.insert("term_rss_file".into(), file.clone().into());
    }
    if !feed.is_empty() {
        table.insert("feed".into(), toml::Value::Table(feed));
    }
    let mut markdown = toml::Table::new();
    markdown.insert("hard_breaks".into(), s.hard_breaks.into());
    markdown.insert("raw_html".into(), s.raw_html.into());
    if let Some(engine) = s.anchor_aliases {
        markdown.insert("anchor_aliases".into(), engine.into());
    }
    table.insert("markdown".into(), toml::Value::Table(markdown));
    if !s.menu.is_empty() {
        let items = s.menu.iter().map(|(name, url)| {
            let mut item = toml::Table::new();
            item.insert("name".into(), name.clone().into());
            item.insert("url".into(), url.clone().into());
            toml::Value::Table(item)
        });
        table.insert("menu".into(), toml::Value::Array(items.collect()));
    }
    if !s.extra.is_empty()
        && let Some(extra) = front::json_to_toml(serde_json::Value::Object(s.extra.clone()))
    {
        table.insert("extra".into(), extra);
    }
    let header = format!(
        "# Imported from {} by `boke import`; see import-report.md.\n",
        engine.name()
    );
    format!("{header}{}", toml::to_string(&table).unwrap_or_default())
}
