//! Front matter of either engine → boke's: the keys boke reads, and everything a theme
//! invented under `extra`, untouched. Dates are written with the site's offset.

use serde_json::{Map, Value};

use crate::dates;
use crate::model::Doc;
use crate::report::Report;
use crate::source::text_of;

/// Keys that decide where a post was published; read by the URL planner, not kept.
const URL_KEYS: &[&str] = &["slug", "url", "permalink", "abbrlink"];
/// Keys with no meaning left once the site is boke's.
const ENGINE_KEYS: &[&str] = &[
    "layout",
    "date",
    "updated",
    "update",
    "lastmod",
    "modified",
    "publishDate",
    "pubDate",
    "published",
    "draft",
    "tags",
    "tag",
    "categories",
    "category",
    "title",
    "description",
    "excerpt",
    "summary",
    "aliases",
    "toc",
    "series",
    "lang",
    "language",
    "password",
    "headless",
    "isCJKLanguage",
    "expiryDate",
    "sticky",
];
/// Cover image keys of the common themes, kept as `extra.cover`.
const COVER_KEYS: &[&str] = &[
    "cover",
    "thumbnail",
    "banner_img",
    "top_img",
    "index_img",
    "image",
    "featured_image",
    "featuredImage",
    "featuredImagePreview",
    "headimg",
    "img",
];

/// What a document's front matter becomes.
#[derive(Debug, Default)]
pub(crate) struct BokeFront {
    pub(crate) table: toml::Table,
}

/// Maps `doc`'s front matter; `slug` and `aliases` come from the URL planner.
pub(crate) fn map(doc: &Doc, slug: &str, aliases: &[String], report: &mut Report) -> BokeFront {
    let front = &doc.text.front;
    let mut table = toml::Table::new();
    let mut extra = Map::new();
    let text = |key: &str| {
        front
            .get(key)
            .and_then(text_of)
            .filter(|s| !s.trim().is_empty())
    };
    if let Some(title) = text("title") {
        table.insert("title".into(), title.into());
    }
    if let Some(date) = &doc.date {
        table.insert("date".into(), dates::rfc3339(date).into());
    }
    let zone = doc
        .date
        .as_ref()
        .map(|d| d.time_zone().clone())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    if let Some(updated) = ["updated", "update", "lastmod", "modified"]
        .iter()
        .find_map(|k| text(k))
    {
        match dates::read(&updated, &zone) {
            Ok(read) => {
                table.insert("updated".into(), dates::rfc3339(&read.zoned).into());
                if read.normalised {
                    Report::note(
                        &mut report.dates,
                        &doc.source,
                        format!("updated `{updated}` → `{}`", dates::rfc3339(&read.zoned)),
                    );
                }
            }
            Err(error) => Report::note(
                &mut report.front_matter,
                &doc.source,
                format!("updated date dropped: {error}"),
            ),
        }
    }
    table.insert("slug".into(), slug.into());
    if !doc.tags.is_empty() {
        table.insert("tags".into(), string_list(&doc.tags));
    }
    // A hierarchy in boke's own form (`Java/Groovy`): boke gives each level its page, a
    // parent's listing its whole subtree as Hexo's did.
    let mut paths: Vec<String> = Vec::new();
    for path in &doc.categories {
        let key = crate::model::category_key(path);
        if !key.is_empty() && !paths.contains(&key) {
            paths.push(key);
        }
    }
    if !paths.is_empty() {
        table.insert("categories".into(), string_list(&paths));
    }
    if let Some(description) = text("description").or_else(|| text("excerpt")) {
        table.insert("description".into(), description.into());
    }
    if let Some(summary) = text("summary") {
        table.insert("summary".into(), summary.into());
    }
    let draft = front.get("draft").and_then(Value::as_bool).unwrap_or(false)
        || front.get("published").and_then(Value::as_bool) == Some(false);
    let password = front
        .get("password")
        .is_some_and(|v| !v.is_null() && v != "");
    if password {
        Report::note(
            &mut report.front_matter,
            &doc.source,
            "had a `password`: boke has no protected posts, so it is imported as a draft (published only with --drafts) rather than shown to everyone",
        );
    }
    if draft || password {
        table.insert("draft".into(), true.into());
    }
    if let Some(lang) = text("lang").or_else(|| text("language")) {
        table.insert("lang".into(), lang.into());
    }
    if let Some(series) = front.get("series").and_then(|v| match v {
        Value::Array(items) => items.first().and_then(text_of),
        other => text_of(other),
    }) {
        let others = names(front.get("series")).len().saturating_sub(1);
        if others > 0 {
            Report::note(
                &mut report.front_matter,
                &doc.source,
                format!(
                    "series `{series}` kept; boke files a post under one series, so {others} more were dropped"
                ),
            );
        }
        table.insert("series".into(), series.into());
    }
    if !aliases.is_empty() {
        table.insert("aliases".into(), string_list(aliases));
    }
    // Hexo's sticky posts lead its home page, as boke's pinned ones do.
    if sticky(doc) != 0 {
        table.insert("pinned".into(), sticky(doc).into());
    }
    if let Some(toc) = front.get("toc").and_then(Value::as_bool) {
        table.insert("toc".into(), toc.into());
    }
    for (key, value) in front {
        if URL_KEYS.contains(&key.as_str())
            || ENGINE_KEYS.contains(&key.as_str())
            || value.is_null()
        {
            continue;
        }
        if key == "extra" {
            if let Value::Object(inner) = value {
                extra.extend(inner.clone());
            }
            continue;
        }
        let name = if COVER_KEYS.contains(&key.as_str()) && !extra.contains_key("cover") {
            "cover"
        } else {
            key.as_str()
        };
        extra.insert(name.to_owned(), value.clone());
    }
    if let Some(value) = front.get("abbrlink").filter(|v| !v.is_null()) {
        extra.insert("abbrlink".into(), value.clone());
    }
    if !extra.is_empty()
        && let Some(toml::Value::Table(extra)) = json_to_toml(Value::Object(extra))
    {
        table.insert("extra".into(), toml::Value::Table(extra));
    }
    BokeFront { table }
}

/// Hexo's `sticky`: a number (higher first), or `true` for 1.
pub(crate) fn sticky(doc: &Doc) -> i64 {
    match doc.text.front.get("sticky") {
        Some(Value::Bool(pinned)) => i64::from(*pinned),
        Some(value) => value
            .as_i64()
            .or_else(|| text_of(value)?.trim().parse().ok())
            .unwrap_or(0),
        None => 0,
    }
}

fn string_list(items: &[String]) -> toml::Value {
    toml::Value::Array(
        items
            .iter()
            .map(|s| toml::Value::String(s.clone()))
            .collect(),
    )
}

/// JSON as TOML; nulls (which TOML cannot hold) are left out.
pub(crate) fn json_to_toml(value: Value) -> Option<toml::Value> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => toml::Value::Boolean(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => toml::Value::String(s),
        Value::Array(items) => {
            toml::Value::Array(items.into_iter().filter_map(json_to_toml).collect())
        }
        Value::Object(map) => toml::Value::Table(
            map.into_iter()
                .filter_map(|(k, v)| Some((k, json_to_toml(v)?)))
                .collect(),
        ),
    })
}

/// Front matter and body as one boke source file.
pub(crate) fn file_text(front: &BokeFront, body: &str) -> String {
    let front = toml::to_string(&front.table).unwrap_or_default();
    format!("+++\n{front}+++\n{body}")
}

/// A front matter list of names: `a`, `[a, b]`, numbers as text, empty items dropped.
pub(crate) fn names(value: Option<&Value>) -> Vec<String> {
    let items: Vec<&Value> = match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    let mut names: Vec<String> = Vec::new();
    for item in items {
        if let Some(name) = text_of(item)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    names
}
