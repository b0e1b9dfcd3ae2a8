//! Writing the new site: each document converted and placed (`place`), links between posts
//! relinked, old lists given their new places (`lists`, their later pages `pages`) and
//! redirect pages or server rules, boke.toml (`config`), and a line in the report for every
//! old URL.

mod config;
mod lists;
mod pages;
mod place;

use std::collections::{BTreeSet, HashMap};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::convert::scan::Syntax;
use crate::convert::{self, Context, Target};
use crate::error::ImportError;
use crate::front;
use crate::model::{DocKind, Engine, OldKind, OldSite};
use crate::oldsite::Published;
use crate::report::{Report, Resolution, UrlLine};
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
pub(super) struct Placed {
    pub(super) content_path: String,
    pub(super) slug: String,
    pub(super) new_path: String,
    pub(super) aliases: Vec<String>,
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
    lists::merge_tag_spellings(site);
    lists::merge_category_spellings(site);
    lists::term_targets(site);
    let (pattern, placed) = place::place(site, fetch_images.is_some());
    lists::near_targets(site, &placed);
    pages::later_pages(site, &placed, published);
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
        if !unpublished(doc) {
            for alias in place::own_aliases(doc) {
                let resolution = if place.aliases.contains(&alias) {
                    Resolution::Alias(place.new_path.clone())
                } else {
                    Resolution::Same
                };
                report.urls.push(UrlLine {
                    kind: "alias",
                    old: alias,
                    resolution,
                });
            }
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
        config::boke_toml(site, engine, &pattern).as_bytes(),
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

/// A draft of the old site: never published there.
pub(super) fn unpublished(doc: &crate::model::Doc) -> bool {
    let front = |key: &str| doc.text.front.get(key).and_then(serde_json::Value::as_bool);
    front("draft") == Some(true) || front("published") == Some(false)
}

/// Published by the new site: not a draft, nor a password post (a draft now).
pub(super) fn shown_here(doc: &crate::model::Doc) -> bool {
    let password = doc.text.front.get("password");
    !unpublished(doc) && password.is_none_or(|p| p.is_null() || p == "")
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
