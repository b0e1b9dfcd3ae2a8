//! Reading a Hexo site: `_config.yml`, the theme's configuration, `source/_data/`, posts
//! under `source/_posts` (and drafts), pages and assets elsewhere in `source/`, and the URL
//! Hexo gave each.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use crate::error::{ImportError, read};
use crate::model::{Doc, DocKind, OldSite, Settings};
use crate::report::Report;
use crate::slugs::Case;
use crate::source::{self, is_markdown, non_blank_text, skip_editor_temp, text_of};
use crate::themes;

mod abbrlink;
mod lists;
mod pinyin;
mod post;
mod urls;
use lists::ListDirs;
use post::read_post;
use urls::{PermalinkRules, page_path, post_path, translate_permalink};

/// Top-level keys of `_config.yml` the import reads.
const MAPPED: &[&str] = &[
    "title",
    "subtitle",
    "description",
    "author",
    "language",
    "timezone",
    "url",
    "root",
    "permalink",
    "permalink_pinyin",
    "permalink_defaults",
    "pretty_urls",
    "post_asset_folder",
    "new_post_name",
    "category_map",
    "tag_map",
    "marked",
    "markdown",
    "hexo-renderer-marked",
    "theme",
    "tag_dir",
    "category_dir",
    "archive_dir",
    "source_dir",
    "feed",
    "code_dir",
    "per_page",
    "pagination_dir",
    "index_generator",
    "tag_generator",
    "category_generator",
    "archive_generator",
    "archive",
    "default_category",
    "filename_case",
    "abbrlink",
    "menu",
    "search",
    "sitemap",
    "baidusitemap",
];
/// Keys of Hexo itself that describe its own build and mean nothing to boke.
const HEXO_ONLY: &[&str] = &[
    "public_dir",
    "i18n_dir",
    "skip_render",
    "render_drafts",
    "relative_link",
    "future",
    "highlight",
    "prismjs",
    "syntax_highlighter",
    "date_format",
    "time_format",
    "updated_option",
    "include",
    "exclude",
    "ignore",
    "deploy",
    "external_link",
    "titlecase",
    "default_layout",
    "post_title",
    "meta_generator",
    "keywords",
    "server",
    "use_date_for_updated",
];

pub(crate) fn read_site(root: &Path) -> Result<OldSite, ImportError> {
    let config_path = root.join("_config.yml");
    if !config_path.is_file() {
        return Err(ImportError::NotASite {
            path: root.to_path_buf(),
            engine: "Hexo",
            hint: "no _config.yml; give the folder that holds _config.yml and source/",
        });
    }
    let config = read_yaml(&config_path)?;
    let mut site = OldSite::default();
    site.report.engine = "Hexo";
    let get = |key: &str| non_blank_text(config.get(key));

    let mut settings = Settings {
        title: get("title").unwrap_or_default(),
        description: get("description")
            .or_else(|| get("subtitle"))
            .unwrap_or_default(),
        author: get("author").unwrap_or_default(),
        language: match config.get("language") {
            Some(Value::Array(list)) => list.first().and_then(text_of).unwrap_or_default(),
            Some(other) => text_of(other).unwrap_or_default(),
            None => String::new(),
        },
        raw_html: true,
        ..Settings::default()
    };
    settings.language = normalise_language(&settings.language);
    settings.timezone = match get("timezone") {
        Some(zone) if TimeZone::get(&zone).is_ok() => zone,
        Some(zone) => {
            site.report.decisions.push(format!(
                "`timezone: {zone}` is not an IANA zone; Asia/Shanghai is used"
            ));
            "Asia/Shanghai".into()
        }
        None => {
            site.report.decisions.push("`_config.yml` names no timezone (Hexo then uses the computer's); dates without an offset are read as Asia/Shanghai: set `timezone` in boke.toml and import again if that is wrong".into());
            "Asia/Shanghai".into()
        }
    };
    let zone = TimeZone::get(&settings.timezone).unwrap_or(TimeZone::UTC);
    let root_path = get("root").unwrap_or_else(|| "/".into());
    settings.base_url = match get("url") {
        Some(url) if url.starts_with("http") => {
            let url = url.trim_end_matches('/');
            let root_part = root_path.trim_matches('/');
            if root_part.is_empty() || url.ends_with(root_part) {
                format!("{url}/")
            } else {
                format!("{url}/{root_part}/")
            }
        }
        _ => "https://example.com/".into(),
    };
    // Both Hexo Markdown renderers default to `breaks: true`.
    let breaks = ["marked", "markdown", "hexo-renderer-marked"]
        .iter()
        .find_map(|key| {
            let options = config.get(*key)?;
            options
                .get("breaks")
                .or_else(|| options.get("render").and_then(|r| r.get("breaks")))
                .and_then(Value::as_bool)
        });
    settings.hard_breaks = breaks.unwrap_or(true);
    site.report.decisions.push(if settings.hard_breaks {
        "Hexo rendered every single line break as `<br>` (`breaks: true`, its renderers' default), so boke.toml sets `[markdown] hard_breaks = true` and old posts keep their lines; turn it off for new writing if you prefer Markdown's joined lines".to_owned()
    } else {
        "`breaks: false` in Hexo: boke's default (single newlines join) is kept".to_owned()
    });

    lists::paging(&config, &mut settings, &mut site.report);
    settings.pagination_path = Some(
        get("pagination_dir")
            .map(|dir| dir.trim_matches('/').to_owned())
            .unwrap_or_else(|| "page".into()),
    );
    // Heading ids: hexo-renderer-marked's, unless it was told to change their case or leave
    // them out; hexo-renderer-markdown-it (a `markdown:` section) made its own.
    let marked = config.get("marked");
    let marked_option = |key: &str| marked.and_then(|m| m.get(key));
    let modified_case = marked_option("modifyAnchors")
        .and_then(Value::as_i64)
        .is_some_and(|n| n != 0);
    let no_ids = marked_option("headerIds").and_then(Value::as_bool) == Some(false);
    if config.get("markdown").is_some() && marked.is_none() {
        site.report.decisions.push("the site was rendered with hexo-renderer-markdown-it, whose heading ids boke does not reproduce: old `#fragment` links to headings land at the top of the post".into());
    } else if modified_case {
        site.report.decisions.push("`marked.modifyAnchors` changed the case of Hexo's heading ids, which boke does not reproduce: old `#fragment` links to headings land at the top of the post".into());
    } else if !no_ids {
        settings.anchor_aliases = Some("hexo");
        site.report.decisions.push("headings keep Hexo's ids beside boke's (`[markdown] anchor_aliases = \"hexo\"`), so old `#fragment` links still land".into());
    }
    let permalink = get("permalink").unwrap_or_else(|| ":year/:month/:day/:title/".into());
    settings.permalink = translate_permalink(&permalink);
    let source_dir = root.join(get("source_dir").unwrap_or_else(|| "source".into()));
    let tag_dir = get("tag_dir").unwrap_or_else(|| "tags".into());
    let category_dir = get("category_dir").unwrap_or_else(|| "categories".into());
    let archive_dir = get("archive_dir").unwrap_or_else(|| "archives".into());
    let default_category = get("default_category").unwrap_or_else(|| "uncategorized".into());
    let case = Case::from_filename_case(config.get("filename_case").and_then(Value::as_i64));
    let name_pattern = get("new_post_name").unwrap_or_else(|| ":title.md".into());
    let tag_map = string_map(config.get("tag_map"));
    let category_map = string_map(config.get("category_map"));
    site.code_dir =
        Some(source_dir.join(get("code_dir").unwrap_or_else(|| "downloads/code".into())));

    for (key, _) in &config {
        if !MAPPED.contains(&key.as_str()) {
            let why = if HEXO_ONLY.contains(&key.as_str()) {
                "Hexo's own build setting"
            } else {
                "no boke setting"
            };
            site.report
                .dropped_config
                .push(format!("_config.yml: {key} ({why})"));
        }
    }
    let theme = get("theme").unwrap_or_default();
    themes::read_theme(root, &theme, &source_dir, &mut settings, &mut site.report);
    site.settings = settings;

    // Documents.
    let mut walker: Vec<PathBuf> = walkdir::WalkDir::new(&source_dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    walker.sort();
    let post_stems: Vec<PathBuf> = walker
        .iter()
        .filter_map(|p| p.strip_prefix(&source_dir).ok())
        .filter(|p| (p.starts_with("_posts") || p.starts_with("_drafts")) && is_markdown(p))
        .map(|p| p.with_extension(""))
        .collect();
    for path in &walker {
        let Ok(relative) = path.strip_prefix(&source_dir) else {
            continue;
        };
        let shown = Path::new("source").join(relative);
        if skip_editor_temp(relative, &shown, &mut site.report.skipped) {
            continue;
        }
        let first = relative
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let in_posts = first == "_posts" || first == "_drafts";
        if in_posts && is_markdown(relative) {
            let doc = read_post(
                path,
                relative,
                &shown,
                first == "_drafts",
                &name_pattern,
                &zone,
                &mut site.report,
            )?;
            site.docs.push(doc);
            continue;
        }
        if in_posts {
            // A file in a post's asset folder goes beside that post.
            if !post_stems.iter().any(|stem| relative.starts_with(stem)) {
                Report::note(
                    &mut site.report.skipped,
                    &shown,
                    "a file in _posts that belongs to no post",
                );
            }
            continue;
        }
        if first.starts_with('_')
            || relative
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('_'))
        {
            if first != "_data" {
                Report::note(
                    &mut site.report.skipped,
                    &shown,
                    "Hexo skips files and folders whose name starts with `_`",
                );
            }
            continue;
        }
        if is_markdown(relative) {
            let raw = std::fs::read_to_string(path).map_err(read(path))?;
            let text = source::split(&raw);
            let kind = text.front.get("type").and_then(text_of).unwrap_or_default();
            if matches!(kind.as_str(), "tags" | "categories" | "archives")
                || matches!(
                    relative.to_str(),
                    Some("tags/index.md" | "categories/index.md")
                )
            {
                Report::note(
                    &mut site.report.skipped,
                    &shown,
                    format!(
                        "a `{kind}` index page of the theme; boke makes its own at the same place"
                    ),
                );
                continue;
            }
            let old_path = page_path(relative);
            let name = relative.with_extension("").to_string_lossy().into_owned();
            site.docs.push(Doc {
                kind: DocKind::Page,
                old_path: Some(old_path),
                ..Doc::post(shown, text, None, name)
            });
            continue;
        }
        site.statics
            .push((path.clone(), relative.to_string_lossy().replace('\\', "/")));
    }
    // Asset folders: every file under `_posts/<stem>/` belongs to the post `<stem>`.
    for doc in &mut site.docs {
        if doc.kind != DocKind::Post {
            continue;
        }
        let stem = source_dir
            .join(doc.source.strip_prefix("source").unwrap_or(&doc.source))
            .with_extension("");
        for path in walker
            .iter()
            .filter(|p| p.starts_with(&stem) && !is_markdown(p))
        {
            if let Ok(inside) = path.strip_prefix(&stem) {
                doc.assets
                    .push((path.clone(), inside.to_string_lossy().replace('\\', "/")));
            }
        }
    }

    // Old URLs of posts, terms and lists.
    if permalink.contains(":abbrlink") {
        let filled =
            abbrlink::fill_missing(&mut site.docs, abbrlink::Settings::from_config(&config));
        if filled.made > 0 {
            site.report.decisions.push(format!(
                "{} posts had no `abbrlink` in their front matter: each got the one hexo-abbrlink 2.2.1 makes from its title (kept in its front matter); where the old blog's value differed (another version of the plugin, which also hashes the date, or another order of posts with one title), `--old-site` finds the real one",
                filled.made
            ));
        }
        for (post, other) in filled.shared {
            Report::note(
                &mut site.report.front_matter,
                &post,
                format!(
                    "hexo-abbrlink (`rep: hex`) gave it the abbrlink of {}, so the old site showed only one of the two at that path; this post gets the next free value",
                    other.display()
                ),
            );
        }
    }
    let database_ids = database_ids(root);
    let rules = PermalinkRules {
        pattern: &permalink,
        category_map: &category_map,
        default_category: &default_category,
        case,
    };
    let mut tags: BTreeMap<String, ()> = BTreeMap::new();
    let mut category_paths: BTreeMap<Vec<String>, ()> = BTreeMap::new();
    let mut without_id = 0;
    let pinyin = pinyin::plugin(root, &config);
    if pinyin.is_some() {
        site.report.decisions.push("hexo-permalink-pinyin rewrote the old post paths in pinyin: they are made again here with each character's most common reading, so a post whose title holds a heteronym (行, 长, 重, 乐) may have had another; import with `--old-site` to take the exact paths".into());
    }
    for doc in &mut site.docs {
        if doc.kind != DocKind::Post {
            continue;
        }
        let source = doc.source.strip_prefix("source").unwrap_or(&doc.source);
        let id = database_ids
            .get(&source.to_string_lossy().replace('\\', "/"))
            .map(String::as_str);
        doc.old_path = post_path(doc, &rules, id);
        if let (Some(plugin), Some(path)) = (&pinyin, &mut doc.old_path) {
            *path = plugin.rewrite(path);
        }
        if doc.old_path.is_none() {
            without_id += 1;
            Report::note(
                &mut site.report.front_matter,
                &doc.source,
                "its old URL used `:id`, Hexo's database id, which neither its front matter nor db.json holds; import again with `--old-site` to keep it",
            );
        }
        for tag in &doc.tags {
            tags.insert(tag.clone(), ());
        }
        for path in &doc.categories {
            for depth in 1..=path.len() {
                category_paths.insert(path[..depth].to_vec(), ());
            }
        }
    }
    if permalink.contains(":id") {
        site.report.decisions.push(format!(
            "the permalink uses `:id`, the id Hexo's database gave each post: {} from front matter `id:` or db.json, {without_id} unknown{}",
            site.docs.iter().filter(|d| d.kind == DocKind::Post).count() - without_id,
            if without_id > 0 { " (their old URLs are found only with `--old-site`)" } else { "" }
        ));
    }
    let dirs = ListDirs {
        tags: &tag_dir,
        categories: &category_dir,
        archives: &archive_dir,
        tag_map: &tag_map,
        category_map: &category_map,
        case,
    };
    lists::term_urls(&mut site, &dirs, tags.keys(), category_paths.keys());
    lists::archive_urls(&mut site, &dirs, &config);
    lists::feed_urls(&mut site, &config);
    Ok(site)
}

fn read_yaml(path: &Path) -> Result<Map<String, Value>, ImportError> {
    let text = std::fs::read_to_string(path).map_err(read(path))?;
    let text = text.trim_start_matches('\u{feff}').replace('\t', "  ");
    match serde_saphyr::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Ok(Map::new()),
        Err(error) => Err(ImportError::Parse {
            path: path.to_path_buf(),
            message: error.to_string().lines().next().unwrap_or("").to_owned(),
        }),
    }
}

pub(crate) fn read_yaml_lenient(path: &Path) -> Option<Map<String, Value>> {
    read_yaml(path).ok()
}

/// Each post's database id (`_id`) by its source path under `source/` (`_posts/a.md`), from
/// the `db.json` Hexo keeps beside `_config.yml` when the repository has it.
fn database_ids(root: &Path) -> std::collections::HashMap<String, String> {
    let Ok(text) = std::fs::read_to_string(root.join("db.json")) else {
        return Default::default();
    };
    let Ok(database) = serde_json::from_str::<Value>(&text) else {
        return Default::default();
    };
    database
        .pointer("/models/Post")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|post| Some((text_of(post.get("source")?)?, text_of(post.get("_id")?)?)))
        .collect()
}

fn string_map(value: Option<&Value>) -> BTreeMap<String, String> {
    value
        .and_then(Value::as_object)
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), text_of(v)?)))
                .collect()
        })
        .unwrap_or_default()
}

/// `zh-Hans` and friends as the BCP 47 tags boke's themes know.
pub(crate) fn normalise_language(language: &str) -> String {
    match language.trim() {
        "" => "zh-CN".into(),
        "zh-Hans" | "zh-hans" | "zh-cn" | "zh_CN" | "zh" | "cn" => "zh-CN".into(),
        "zh-Hant" | "zh-hant" | "zh-tw" | "zh_TW" => "zh-TW".into(),
        "zh-hk" | "zh_HK" => "zh-HK".into(),
        "default" => "en".into(),
        other => other.replace('_', "-"),
    }
}
