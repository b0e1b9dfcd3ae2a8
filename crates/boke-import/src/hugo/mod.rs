//! Reading a Hugo site: `hugo.*`, `config.*` or `config/_default/`, regular pages of the main
//! section as posts, other pages as pages, page bundles' files beside them, `static/`, and the
//! URL Hugo gave each (permalinks, `url`, `slug`, `uglyURLs`, lowercased paths).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde_json::Value;

use crate::error::{ImportError, read};
use crate::model::{Doc, DocKind, OldKind, OldSite, Settings};
use crate::report::Report;
use crate::source::{self, is_markdown, non_blank_text, skip_editor_temp, text_of};
use crate::{dates, front, themes};

mod config;
mod lists;
mod urls;
use config::read_config;
use lists::{SectionPage, url};
use urls::{old_path, translate_permalink};

const MAPPED: &[&str] = &[
    "baseurl",
    "title",
    "languagecode",
    "defaultcontentlanguage",
    "timezone",
    "permalinks",
    "uglyurls",
    "markup",
    "taxonomies",
    "menu",
    "menus",
    "params",
    "author",
    "disqusshortname",
    "services",
    "theme",
    "copyright",
    "paginate",
    "paginatepath",
    "pagination",
];
const HUGO_ONLY: &[&str] = &[
    "outputs",
    "outputformats",
    "mediatypes",
    "build",
    "caches",
    "module",
    "enablerobotstxt",
    "enableemoji",
    "enablegitinfo",
    "buildfuture",
    "builddrafts",
    "buildexpired",
    "publishdir",
    "minify",
    "imaging",
    "related",
    "sitemap",
    "privacy",
    "security",
    "server",
    "summarylength",
    "hascjklanguage",
    "relativeurls",
    "canonifyurls",
    "googleanalytics",
    "disablekinds",
    "pygmentsusecss",
    "pygmentscodefences",
    "enableinlineshortcodes",
    "frontmatter",
    "defaultcontentlanguageinsubdir",
    "languages",
    "ignorefiles",
    "removepathaccents",
    "disablepathtolower",
];

pub(crate) fn read_site(root: &Path) -> Result<OldSite, ImportError> {
    let config = read_config(root)?;
    let mut site = OldSite::default();
    site.report.engine = "Hugo";
    let get = |key: &str| non_blank_text(config.get(key));
    let params = config.get("params").cloned().unwrap_or(Value::Null);
    let param = |key: &str| non_blank_text(params.get(key));
    let mut settings = Settings {
        title: get("title").unwrap_or_default(),
        description: param("description")
            .or_else(|| param("subtitle"))
            .unwrap_or_default(),
        author: get("author")
            .or_else(|| {
                config
                    .get("author")
                    .and_then(|a| a.get("name"))
                    .and_then(text_of)
            })
            .or_else(|| param("author"))
            .or_else(|| {
                params
                    .get("author")
                    .and_then(|a| a.get("name"))
                    .and_then(text_of)
            })
            .unwrap_or_default(),
        language: crate::hexo::normalise_language(
            &get("languagecode")
                .or_else(|| get("defaultcontentlanguage"))
                .unwrap_or_default(),
        ),
        base_url: get("baseurl")
            .filter(|u| u.starts_with("http"))
            .map(|u| format!("{}/", u.trim_end_matches('/')))
            .unwrap_or_else(|| "https://example.com/".into()),
        ..Settings::default()
    };
    // Keys below the top level keep Hugo's camel case (`pagerSize`).
    let pagination = |key: &str| {
        config
            .get("pagination")
            .and_then(Value::as_object)
            .and_then(|p| p.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
            .map(|(_, v)| v)
    };
    let pager_size = pagination("pagerSize")
        .or_else(|| config.get("paginate"))
        .and_then(Value::as_u64)
        .unwrap_or(10);
    let pager_size = usize::try_from(pager_size).ok().filter(|n| *n > 0);
    lists::paging(&params, pager_size, &mut settings, &mut site.report);
    settings.pagination_path = Some(
        non_blank_text(pagination("path"))
            .or_else(|| get("paginatepath"))
            .map(|dir| dir.trim_matches('/').to_owned())
            .unwrap_or_else(|| "page".into()),
    );
    settings.timezone = match get("timezone") {
        Some(zone) if TimeZone::get(&zone).is_ok() => zone,
        _ => "UTC".into(),
    };
    let zone_set = get("timezone").is_some();
    let zone = TimeZone::get(&settings.timezone).unwrap_or(TimeZone::UTC);
    settings.raw_html = Value::Object(config.clone())
        .pointer("/markup/goldmark/renderer/unsafe")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let parser = Value::Object(config.clone())
        .pointer("/markup/goldmark/parser")
        .cloned()
        .unwrap_or(Value::Null);
    let parser_option = |key: &str| {
        parser
            .as_object()
            .and_then(|p| p.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
            .map(|(_, v)| v.clone())
    };
    let id_type = parser_option("autoHeadingIDType")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "github".into());
    let auto_ids = parser_option("autoHeadingID").and_then(|v| v.as_bool()) != Some(false);
    if auto_ids && id_type.eq_ignore_ascii_case("github") {
        settings.anchor_aliases = Some("hugo");
        site.report.decisions.push("headings keep Hugo's ids beside boke's (`[markdown] anchor_aliases = \"hugo\"`), so old `#fragment` links still land".into());
    } else if auto_ids {
        site.report.decisions.push(format!("Hugo made heading ids in the `{id_type}` style, which boke does not reproduce: old `#fragment` links to headings land at the top of the post"));
    }
    if !settings.raw_html {
        site.report.decisions.push("Hugo left raw HTML out of posts (`markup.goldmark.renderer.unsafe` is off), so boke.toml sets `[markdown] raw_html = false` to show posts as they were".into());
    }
    let ugly = config
        .get("uglyurls")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let lower = !config
        .get("disablepathtolower")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let menus = config.get("menus").or_else(|| config.get("menu"));
    if let Some(Value::Array(main)) = menus.and_then(|m| m.get("main")) {
        let mut items: Vec<(i64, String, String)> = main
            .iter()
            .filter_map(|item| {
                Some((
                    item.get("weight").and_then(Value::as_i64).unwrap_or(0),
                    item.get("name").and_then(text_of)?,
                    item.get("url")
                        .or_else(|| item.get("pageRef"))
                        .or_else(|| item.get("pageref"))
                        .and_then(text_of)?,
                ))
            })
            .collect();
        items.sort_by_key(|(weight, _, _)| *weight);
        settings.menu = items
            .into_iter()
            .map(|(_, name, url)| (name, url))
            .collect();
    }
    let mut comments = Vec::new();
    if get("disqusshortname").is_some()
        || Value::Object(config.clone())
            .pointer("/services/disqus/shortname")
            .and_then(text_of)
            .is_some_and(|s| !s.is_empty())
    {
        comments.push("disqus".to_owned());
    }
    settings.comments = comments;
    for key in config.keys() {
        if !MAPPED.contains(&key.as_str()) {
            let why = if HUGO_ONLY.contains(&key.as_str()) {
                "Hugo's own build setting"
            } else {
                "no boke setting"
            };
            site.report.dropped_config.push(format!("{key} ({why})"));
        }
    }
    // Taxonomies beside tags and categories: `series` becomes boke's series, the others
    // (`authors`) stay in each page's `extra`, their old pages redirected (see README).
    let mut custom: Vec<String> = Vec::new();
    if let Some(Value::Object(taxonomies)) = config.get("taxonomies") {
        for plural in taxonomies.values() {
            let plural = text_of(plural).unwrap_or_default();
            if !plural.is_empty() && !matches!(plural.as_str(), "tags" | "categories") {
                custom.push(plural);
            }
        }
    }

    let content = root.join("content");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let main_section = main_section(&params, &files, &content);
    let permalinks = config.get("permalinks").cloned().unwrap_or(Value::Null);
    let post_pattern = permalinks
        .get(&main_section)
        .or_else(|| permalinks.get("page").and_then(|p| p.get(&main_section)))
        .and_then(text_of)
        .unwrap_or_else(|| format!("/{main_section}/:slug/"));
    settings.permalink = translate_permalink(&post_pattern, ugly);
    let bundles: Vec<PathBuf> = files
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n == "index.md" || n == "index.markdown")
        })
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    let mut sections: Vec<SectionPage> = Vec::new();
    for path in &files {
        let Ok(relative) = path.strip_prefix(&content) else {
            continue;
        };
        let shown = Path::new("content").join(relative);
        if skip_editor_temp(relative, &shown, &mut site.report.skipped) {
            continue;
        }
        let name = relative
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !is_markdown(relative) {
            if !bundles.iter().any(|b| path.starts_with(b)) {
                Report::note(
                    &mut site.report.skipped,
                    &shown,
                    "a file in content/ outside a page bundle",
                );
            }
            continue;
        }
        if name.starts_with("_index.") {
            Report::note(
                &mut site.report.skipped,
                &shown,
                "a section's list page; boke makes its own lists",
            );
            let raw = std::fs::read_to_string(path).map_err(read(path))?;
            let section = relative
                .parent()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let front = source::split(&raw).front;
            sections.push(SectionPage {
                section,
                aliases: front::names(front.get("aliases")),
                url: non_blank_text(front.get("url")),
            });
            continue;
        }
        let raw = std::fs::read_to_string(path).map_err(read(path))?;
        let text = source::split(&raw);
        if let Some(error) = &text.front_error {
            Report::note(
                &mut site.report.front_matter,
                &shown,
                format!("front matter unreadable ({error}); imported with none"),
            );
        }
        let bundle = name
            .starts_with("index.")
            .then(|| path.parent().map(Path::to_path_buf))
            .flatten();
        let section = relative
            .components()
            .next()
            .filter(|_| relative.components().count() > 1)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let file_name = match &bundle {
            Some(dir) => dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            None => relative
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        let kind = if !section.is_empty() && section == main_section {
            DocKind::Post
        } else {
            DocKind::Page
        };
        let date = ["date", "publishDate", "publishdate", "pubDate"]
            .iter()
            .find_map(|k| text.front.get(*k).and_then(text_of))
            .and_then(|value| match dates::read(&value, &zone) {
                Ok(read) => {
                    if read.normalised {
                        Report::note(
                            &mut site.report.dates,
                            &shown,
                            format!("date `{value}` → `{}`", dates::rfc3339(&read.zoned)),
                        );
                    }
                    let written = dates::written_offset(&value);
                    Some((read.zoned, written))
                }
                Err(error) => {
                    Report::note(
                        &mut site.report.front_matter,
                        &shown,
                        format!("date dropped: {error}"),
                    );
                    None
                }
            });
        let (date, written) = match date {
            Some((date, written)) => (Some(date), written),
            None => (None, None),
        };
        let date = if kind == DocKind::Post {
            date.or_else(|| file_time(path, &zone))
        } else {
            date
        };
        // Hugo formats a date in URLs in the offset it was written with.
        let url_date = date
            .as_ref()
            .zip(written)
            .map(|(date, offset)| date.with_time_zone(TimeZone::fixed(offset)));
        let assets = match &bundle {
            Some(dir) => files
                .iter()
                .filter(|p| p.starts_with(dir) && *p != path && !is_markdown(p))
                .filter_map(|p| {
                    Some((
                        p.clone(),
                        p.strip_prefix(dir)
                            .ok()?
                            .to_string_lossy()
                            .replace('\\', "/"),
                    ))
                })
                .collect(),
            None => Vec::new(),
        };
        let mut doc = Doc {
            kind,
            url_date,
            assets,
            categories: front::names(text.front.get("categories"))
                .into_iter()
                .map(|c| vec![c])
                .collect(),
            tags: front::names(text.front.get("tags")),
            ..Doc::post(shown, text, date, file_name.clone())
        };
        doc.old_path = Some(old_path(&doc, relative, &section, &permalinks, ugly, lower));
        site.docs.push(doc);
    }
    let statics = root.join("static");
    for entry in walkdir::WalkDir::new(&statics)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        if let Ok(relative) = entry.path().strip_prefix(&statics) {
            site.statics.push((
                entry.path().to_path_buf(),
                relative.to_string_lossy().replace('\\', "/"),
            ));
        }
    }

    lists::term_urls(&mut site, &mut settings, &custom, &config);
    site.other_urls
        .push(url(OldKind::Home, "/".into(), "/", None));
    // Hugo's RSS feeds: boke writes its own at the same paths too (`rss_also_at`).
    site.other_urls
        .push(url(OldKind::Feed, "/index.xml".into(), "/index.xml", None));
    settings.rss_also_at.push("/index.xml".into());
    if !main_section.is_empty() {
        site.other_urls.push(url(
            OldKind::Archive,
            format!("/{main_section}/"),
            "/archives/",
            None,
        ));
        site.other_urls.push(url(
            OldKind::Feed,
            format!("/{main_section}/index.xml"),
            &format!("/{main_section}/index.xml"),
            None,
        ));
        settings
            .rss_also_at
            .push(format!("/{main_section}/index.xml"));
    }
    let taxonomy_feeds = lists::writes_rss(&config, "taxonomy");
    for plural in ["tags", "categories"] {
        site.other_urls.push(url(
            OldKind::Other,
            format!("/{plural}/"),
            &format!("/{plural}/"),
            None,
        ));
        // The taxonomy's own feed (its terms as items); boke has none, the site's is nearest.
        if taxonomy_feeds {
            site.other_urls.push(url(
                OldKind::Feed,
                format!("/{plural}/index.xml"),
                "/index.xml",
                None,
            ));
        }
    }
    lists::archive_page(&mut site, &config);
    lists::section_urls(&mut site, &sections, &main_section, lower);
    if !zone_set {
        settings.timezone = zone_of_posts(&mut site);
    }
    settings_done(&mut site, settings, &params);
    Ok(site)
}

fn settings_done(site: &mut OldSite, mut settings: Settings, params: &Value) {
    detect_param_comments(params, &mut settings, &mut site.report);
    site.settings = settings;
}

/// Without `timeZone`, Hugo reads dates without an offset as UTC; posts written with one
/// offset (`+08:00`) take the zone of that offset, so that boke's dated URLs fall where
/// Hugo's did. Returns the zone for boke.toml.
fn zone_of_posts(site: &mut OldSite) -> String {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    let posts = site.docs.iter().filter(|d| d.kind == DocKind::Post);
    for doc in posts.clone() {
        let seconds = doc.url_date.as_ref().map_or(0, |d| d.offset().seconds());
        *counts.entry(seconds).or_default() += 1;
    }
    let total = posts.count();
    let common = counts.into_iter().max_by_key(|(_, n)| *n);
    let name = match common {
        Some((seconds, n)) if seconds != 0 && n * 2 >= total && seconds % 3600 == 0 => {
            match seconds / 3600 {
                8 => "Asia/Shanghai".to_owned(),
                9 => "Asia/Tokyo".to_owned(),
                hours => format!("Etc/GMT{:+}", -hours),
            }
        }
        _ => "UTC".to_owned(),
    };
    let Ok(zone) = TimeZone::get(&name) else {
        return "UTC".into();
    };
    if name == "UTC" {
        site.report.decisions.push("Hugo reads dates without an offset as UTC (no `timeZone` set), so boke.toml keeps `timezone = \"UTC\"`; change it for new posts if you write in another zone".into());
    } else {
        site.report.decisions.push(format!("no `timeZone` in Hugo's config, but most posts are dated with one offset: boke.toml sets `timezone = \"{name}\"` so dated URLs fall on the same day (dates are written with their offset, so none moves)"));
        for doc in &mut site.docs {
            doc.date = doc.date.take().map(|d| d.with_time_zone(zone.clone()));
        }
    }
    name
}

/// Hugo themes name the comment service under `params` (`params.giscus`, `params.comments.waline`).
fn detect_param_comments(params: &Value, settings: &mut Settings, report: &mut Report) {
    themes::detect_comments(params, &mut settings.comments);
    if let Some(nested) = params.get("comments").filter(|c| c.is_object()) {
        themes::detect_comments(nested, &mut settings.comments);
    }
    themes::comment_advice(settings, report);
}

fn file_time(path: &Path, zone: &TimeZone) -> Option<jiff::ZonedDateTime> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    Some(
        jiff::Timestamp::try_from(modified)
            .ok()?
            .to_zoned_datetime(zone.clone()),
    )
}

/// The section whose pages are posts: `params.mainSections`, else the usual names, else the
/// section with most pages.
fn main_section(params: &Value, files: &[PathBuf], content: &Path) -> String {
    let named = params
        .get("mainSections")
        .or_else(|| params.get("mainsections"))
        .and_then(|v| match v {
            Value::Array(list) => list.first().and_then(text_of),
            other => text_of(other),
        });
    if let Some(name) = named {
        return name;
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for file in files.iter().filter(|f| is_markdown(f)) {
        if let Ok(relative) = file.strip_prefix(content)
            && relative.components().count() > 1
            && let Some(first) = relative.components().next()
        {
            *counts
                .entry(first.as_os_str().to_string_lossy().into_owned())
                .or_default() += 1;
        }
    }
    for usual in ["posts", "post", "blog", "articles"] {
        if counts.contains_key(usual) {
            return usual.into();
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(name, _)| name)
        .unwrap_or_default()
}
