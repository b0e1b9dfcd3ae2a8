//! Importing comments and page views exported from other comment systems into the same
//! schema: Waline, Valine and LeanCloud (JSON, JSON lines, or the folder LeanCloud's export
//! unpacks to), Twikoo, Artalk (Artrans) and Disqus (XML). Bodies are re-sanitized; addresses
//! are hashed like live ones; page paths can be mapped to the new site's URLs; re-running an
//! import skips what is already there.

mod artalk;
mod disqus;
mod leancloud;
mod map;
mod records;
mod twikoo;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use map::{PageMap, PageMapError};

use crate::keys;
use crate::render;
use crate::store::{CommentStatus, NewComment, Store, StoreError};

/// Export formats `boke social import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// LeanCloud's data export of a Valine or Waline app: the folder it unpacks to, or its
    /// `Comment` and `Counter` files (JSON lines or JSON); each record says which program
    /// wrote it.
    Leancloud,
    /// Waline's JSON export (`{"type":"waline","data":{"Comment":[…],"Counter":[…]}}`);
    /// bodies are Markdown.
    Waline,
    /// Valine / LeanCloud JSON (an array, `{"results":[…]}`, or JSON lines); bodies are HTML.
    Valine,
    /// Twikoo's JSON export of comments (and counters); bodies are HTML.
    Twikoo,
    /// Artalk's Artrans JSON; bodies are Markdown.
    Artalk,
    /// Disqus XML export; bodies are HTML.
    Disqus,
}

/// Errors reading an export.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("not valid XML: {0}")]
    Xml(#[from] roxmltree::Error),
    #[error("no comments where the format keeps them: expected {0}")]
    Shape(&'static str),
    // The causes are part of these messages, not sources, so a report of the error chain
    // does not say them twice.
    #[error("{path}: {problem}")]
    File {
        path: PathBuf,
        problem: Box<ImportError>,
    },
    #[error("cannot read {path}: {problem}")]
    Read {
        path: PathBuf,
        problem: std::io::Error,
    },
    #[error("{0} holds no export files (.json, .jsonl, .artrans, .xml)")]
    EmptyFolder(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: usize,
    pub already_present: usize,
    /// Deleted in the source, or without text: left out.
    pub dropped: usize,
    /// Replies whose parent is neither in the export nor stored: kept, as top-level comments.
    pub parent_missing: usize,
    /// Comments whose page the map moved.
    pub mapped: usize,
    /// Page counters that set or raised a page's views.
    pub pages_counted: usize,
    /// Page counters no higher than what is stored already.
    pub counters_unchanged: usize,
    /// Records that are neither comments nor counters (users, settings): not imported.
    pub unrecognised: usize,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "comments imported: {}", self.imported)?;
        let lines = [
            (self.already_present, "already present, skipped"),
            (self.dropped, "deleted or empty in the export, left out"),
            (
                self.parent_missing,
                "replies whose parent is not in the export, kept as top-level comments",
            ),
            (self.mapped, "moved to a new page path by the map"),
            (self.pages_counted, "page view counters set"),
            (
                self.counters_unchanged,
                "page view counters no higher than stored, skipped",
            ),
            (
                self.unrecognised,
                "records neither comment nor counter (users, settings), ignored",
            ),
        ];
        for (count, what) in lines {
            if count > 0 {
                writeln!(f, "  {what}: {count}")?;
            }
        }
        Ok(())
    }
}

/// One comment as read from an export, before storing.
#[derive(Debug, Clone, PartialEq)]
struct Foreign {
    source: String,
    parent: Option<String>,
    page: String,
    author: String,
    email: Option<String>,
    website: Option<String>,
    body: String,
    body_is_html: bool,
    ip: Option<String>,
    created_at: i64,
    status: CommentStatus,
}

/// What one export file holds.
#[derive(Debug, Default)]
struct Parsed {
    comments: Vec<Foreign>,
    /// (page path, views)
    views: Vec<(String, i64)>,
    dropped: usize,
    unrecognised: usize,
}

impl Parsed {
    fn extend(&mut self, other: Parsed) {
        self.comments.extend(other.comments);
        self.views.extend(other.views);
        self.dropped += other.dropped;
        self.unrecognised += other.unrecognised;
    }
}

/// Reads `text` in `format` and stores its comments and counters.
pub async fn import(
    store: &Store,
    format: Format,
    text: &str,
    map: &PageMap,
) -> Result<ImportReport, ImportError> {
    let parsed = parse(format, text)?;
    store_parsed(store, parsed, map).await
}

/// Reads every file at `paths` (a folder stands for the export files inside it, as
/// LeanCloud's export unpacks) and stores what they hold, as one import.
pub async fn import_paths(
    store: &Store,
    format: Format,
    paths: &[PathBuf],
    map: &PageMap,
) -> Result<ImportReport, ImportError> {
    let mut parsed = Parsed::default();
    for file in export_files(paths)? {
        let text = std::fs::read_to_string(&file).map_err(|problem| ImportError::Read {
            path: file.clone(),
            problem,
        })?;
        let one = parse(format, &text).map_err(|problem| ImportError::File {
            path: file.clone(),
            problem: Box::new(problem),
        })?;
        parsed.extend(one);
    }
    store_parsed(store, parsed, map).await
}

/// The files named by `paths`, folders replaced by the export files inside them.
fn export_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ImportError> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        let mut folders = vec![path.clone()];
        while let Some(folder) = folders.pop() {
            let entries = std::fs::read_dir(&folder).map_err(|problem| ImportError::Read {
                path: folder.clone(),
                problem,
            })?;
            for entry in entries {
                let entry = entry.map_err(|problem| ImportError::Read {
                    path: folder.clone(),
                    problem,
                })?;
                let entry = entry.path();
                if entry.is_dir() {
                    folders.push(entry);
                } else if is_export_file(&entry) {
                    found.push(entry);
                }
            }
        }
        if found.is_empty() {
            return Err(ImportError::EmptyFolder(path.clone()));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

fn is_export_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("");
    !name.starts_with('.')
        && [".json", ".jsonl", ".xml", ".artrans"]
            .iter()
            .any(|extension| name.ends_with(extension))
}

fn parse(format: Format, text: &str) -> Result<Parsed, ImportError> {
    Ok(match format {
        Format::Leancloud => leancloud::parse(&records::records(text)?, leancloud::Flavour::Either),
        Format::Waline => leancloud::parse(&records::records(text)?, leancloud::Flavour::Waline),
        Format::Valine => leancloud::parse(&records::records(text)?, leancloud::Flavour::Valine),
        Format::Twikoo => twikoo::parse(&records::records(text)?),
        Format::Artalk => artalk::parse(&records::records(text)?),
        Format::Disqus => {
            let (comments, dropped) = disqus::parse(text)?;
            Parsed {
                comments,
                dropped,
                ..Parsed::default()
            }
        }
    })
}

/// How many ancestors each comment has inside the export, so parents are stored before
/// their replies whatever the timestamps say (cycles count as roots).
fn depths(comments: &[Foreign]) -> HashMap<&str, usize> {
    let parents: HashMap<&str, &str> = comments
        .iter()
        .filter_map(|comment| Some((comment.source.as_str(), comment.parent.as_deref()?)))
        .collect();
    let mut depths: HashMap<&str, usize> = HashMap::new();
    for comment in comments {
        let mut chain = vec![comment.source.as_str()];
        let mut known = 0;
        while let Some(parent) = parents.get(chain[chain.len() - 1]) {
            if let Some(depth) = depths.get(parent) {
                known = depth + 1;
                break;
            }
            if chain.contains(parent) || chain.len() > comments.len() {
                break;
            }
            chain.push(parent);
        }
        for (offset, source) in chain.iter().rev().enumerate() {
            depths.entry(source).or_insert(known + offset);
        }
    }
    depths
}

async fn store_parsed(
    store: &Store,
    parsed: Parsed,
    map: &PageMap,
) -> Result<ImportReport, ImportError> {
    let salt = store.secrets().await?.visitor_salt;
    let mut report = ImportReport {
        dropped: parsed.dropped,
        unrecognised: parsed.unrecognised,
        ..ImportReport::default()
    };
    let mut comments = parsed.comments;
    let order: HashMap<String, usize> = depths(&comments)
        .into_iter()
        .map(|(source, depth)| (source.to_owned(), depth))
        .collect();
    comments.sort_by_key(|comment| {
        (
            order.get(&comment.source).copied().unwrap_or(0),
            comment.created_at,
        )
    });
    let mut ids: HashMap<String, i64> = HashMap::new();
    for comment in comments {
        // PostgreSQL refuses NUL in text, and no reader typed one.
        let comment = Foreign {
            body: comment.body.replace('\0', ""),
            author: comment.author.replace('\0', ""),
            ..comment
        };
        if comment.body.trim().is_empty() {
            report.dropped += 1;
            continue;
        }
        let parent_id = match &comment.parent {
            Some(parent) => match ids.get(parent) {
                Some(id) => Some(*id),
                None => store.comment_id_by_source(parent).await?,
            },
            None => None,
        };
        let page = match map.apply(&comment.page) {
            Some(moved) => {
                report.mapped += 1;
                moved
            }
            None => comment.page.clone(),
        };
        let html = if comment.body_is_html {
            render::sanitize_html(&comment.body)
        } else {
            render::comment_html(&comment.body)
        };
        let new = NewComment {
            page,
            parent_id,
            author: comment.author.chars().take(60).collect(),
            email: comment.email.map(|email| email.to_lowercase()),
            website: comment.website.as_deref().and_then(render::safe_website),
            body: comment.body,
            html,
            ip_hash: comment.ip.map(|ip| keys::ip_hash(&salt, &ip)),
            created_at: comment.created_at,
            source: Some(comment.source.clone()),
            commenter_id: None,
            browser: None,
            os: None,
            region: None,
        };
        match store.insert_comment(&new, comment.status).await? {
            Some(id) => {
                report.imported += 1;
                if comment.parent.is_some() && parent_id.is_none() {
                    report.parent_missing += 1;
                }
                ids.insert(comment.source, id);
            }
            None => {
                report.already_present += 1;
                if let Some(id) = store.comment_id_by_source(&comment.source).await? {
                    ids.insert(comment.source, id);
                }
            }
        }
    }
    // One page may have counters in several files (or under several old URLs that the map
    // joins): the highest stands.
    let mut views: HashMap<String, i64> = HashMap::new();
    for (page, count) in parsed.views {
        let page = map.apply(&page).unwrap_or(page);
        let entry = views.entry(page).or_insert(0);
        *entry = (*entry).max(count);
    }
    let mut views: Vec<_> = views.into_iter().collect();
    views.sort();
    for (page, count) in views {
        if store.raise_views(&page, count).await? {
            report.pages_counted += 1;
        } else {
            report.counters_unchanged += 1;
        }
    }
    Ok(report)
}

/// Unix seconds from an RFC 3339 string, a `YYYY-MM-DD HH:MM:SS` string (UTC, or followed by
/// an offset such as ` +0800`, as Artalk writes), LeanCloud's `{"__type":"Date","iso":…}`, or
/// a number of milliseconds (seconds when it is too small to be milliseconds since 1973).
fn timestamp(value: &Value) -> Option<i64> {
    match value {
        Value::String(text) => {
            let text = text.trim();
            if let Ok(instant) = text.parse::<jiff::Timestamp>() {
                return Some(instant.as_second());
            }
            let civil_part = text.get(..19).unwrap_or(text);
            let civil = civil_part.parse::<jiff::civil::DateTime>().ok()?;
            let offset = text
                .get(19..)
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(utc_offset)
                .unwrap_or(jiff::tz::Offset::UTC);
            Some(offset.to_timestamp(civil).ok()?.as_second())
        }
        Value::Number(number) => number.as_i64().map(|n| {
            if n.abs() >= 100_000_000_000 {
                n / 1000
            } else {
                n
            }
        }),
        Value::Object(object) => object.get("iso").and_then(timestamp),
        _ => None,
    }
}

/// `+0800`, `-05:30` or `Z` as an offset from UTC.
fn utc_offset(text: &str) -> Option<jiff::tz::Offset> {
    if text == "Z" {
        return Some(jiff::tz::Offset::UTC);
    }
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    jiff::tz::Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// The site path of a page URL: origin, query and fragment dropped.
fn page_path(url: &str) -> String {
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => url,
    };
    let path = rest.split(['?', '#']).next().unwrap_or("/");
    if path.starts_with('/') {
        crate::page::page_key(path)
    } else {
        crate::page::page_key(&format!("/{path}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_drop_origin_query_and_fragment() {
        assert_eq!(
            page_path("https://blog.example.com/posts/a/?x=1#c"),
            "/posts/a/"
        );
        assert_eq!(page_path("https://blog.example.com"), "/");
        assert_eq!(page_path("/posts/b/"), "/posts/b/");
        assert_eq!(page_path("posts/c/"), "/posts/c/");
    }

    #[test]
    fn timestamps_in_every_exported_shape() {
        let want = Some(1_609_459_200);
        assert_eq!(
            timestamp(&Value::String("2021-01-01T00:00:00Z".into())),
            want
        );
        assert_eq!(
            timestamp(&Value::String("2021-01-01T08:00:00+08:00".into())),
            want
        );
        assert_eq!(
            timestamp(&Value::String("2021-01-01 00:00:00".into())),
            want
        );
        assert_eq!(
            timestamp(&serde_json::json!({"__type": "Date", "iso": "2021-01-01T00:00:00.000Z"})),
            want
        );
        assert_eq!(timestamp(&serde_json::json!(1_609_459_200_000_i64)), want);
        assert_eq!(timestamp(&serde_json::json!(1_609_459_200_i64)), want);
        assert_eq!(
            timestamp(&Value::String("2021-01-01 08:00:00 +0800 +0800".into())),
            want,
            "Artalk"
        );
        assert_eq!(
            timestamp(&Value::String("2021-01-01 08:00:00 +0800 CST".into())),
            want
        );
    }
}
