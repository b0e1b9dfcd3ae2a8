//! Importing comments exported from Waline / Valine (JSON) and Disqus (XML) into the same
//! schema. Bodies are re-sanitized; addresses are hashed like live ones; re-running an import
//! skips what is already there.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

use crate::keys;
use crate::render;
use crate::store::{CommentStatus, NewComment, Store, StoreError};

/// Export formats `boke social import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Waline's JSON export (`{"type":"waline","data":{"Comment":[…]}}`); bodies are Markdown.
    Waline,
    /// Valine / LeanCloud JSON (an array, `{"results":[…]}`, or JSON lines); bodies are HTML.
    Valine,
    /// Disqus XML export; bodies are HTML.
    Disqus,
}

/// Errors reading an export.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the export is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the export is not valid XML: {0}")]
    Xml(#[from] roxmltree::Error),
    #[error("the export has no comment list where {0} keeps it")]
    Shape(&'static str),
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
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "imported {} comments ({} already present, {} deleted or empty left out)",
            self.imported, self.already_present, self.dropped
        )
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

/// Reads `text` in `format` and stores its comments.
pub async fn import(
    store: &Store,
    format: Format,
    text: &str,
) -> Result<ImportReport, ImportError> {
    let mut comments = match format {
        Format::Waline => parse_leancloud(text, "waline", false)?,
        Format::Valine => parse_leancloud(text, "valine", true)?,
        Format::Disqus => parse_disqus(text)?,
    };
    let salt = store.secrets().await?.visitor_salt;
    // Parents before children: by time, which every exporter keeps.
    comments.sort_by_key(|comment| comment.created_at);
    let mut report = ImportReport::default();
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
        let html = if comment.body_is_html {
            render::sanitize_html(&comment.body)
        } else {
            render::comment_html(&comment.body)
        };
        let new = NewComment {
            page: comment.page,
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
        };
        match store.insert_comment(&new, comment.status).await? {
            Some(id) => {
                report.imported += 1;
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
    Ok(report)
}

/// Waline and Valine both descend from LeanCloud's object format.
fn parse_leancloud(text: &str, prefix: &str, html: bool) -> Result<Vec<Foreign>, ImportError> {
    let trimmed = text.trim_start();
    let items: Vec<Value> = if trimmed.starts_with('[') || trimmed.starts_with('{') {
        let value: Value = serde_json::from_str(text).or_else(|error| {
            // JSON lines: one object per line.
            if trimmed.starts_with('{') && trimmed.lines().count() > 1 {
                text.lines()
                    .filter(|line| !line.trim().is_empty())
                    .map(serde_json::from_str)
                    .collect::<Result<Vec<Value>, _>>()
                    .map(Value::Array)
            } else {
                Err(error)
            }
        })?;
        match value {
            Value::Array(items) => items,
            Value::Object(mut object) => {
                let list = object
                    .get_mut("data")
                    .and_then(|data| data.get_mut("Comment"))
                    .map(Value::take)
                    .or_else(|| object.remove("results"))
                    .or_else(|| object.remove("Comment"));
                match list {
                    Some(Value::Array(items)) => items,
                    _ => return Err(ImportError::Shape("Waline/Valine")),
                }
            }
            _ => return Err(ImportError::Shape("Waline/Valine")),
        }
    } else {
        return Err(ImportError::Shape("Waline/Valine"));
    };
    Ok(items
        .iter()
        .filter_map(|item| {
            let text = |key: &str| item.get(key).and_then(Value::as_str).map(str::to_owned);
            let id = text("objectId").or_else(|| item.get("id").map(|id| id.to_string()))?;
            let status = match text("status").as_deref() {
                Some("waiting") => CommentStatus::Pending,
                Some("spam") => CommentStatus::Spam,
                _ => CommentStatus::Approved,
            };
            let created_at = ["insertedAt", "createdAt"]
                .iter()
                .find_map(|key| item.get(*key).and_then(timestamp))
                .unwrap_or(0);
            let nonempty = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
            Some(Foreign {
                source: format!("{prefix}:{id}"),
                parent: nonempty(text("pid"))
                    .or_else(|| {
                        item.get("pid")
                            .filter(|v| v.is_number())
                            .map(|v| v.to_string())
                    })
                    .map(|pid| format!("{prefix}:{pid}")),
                page: page_path(&text("url").unwrap_or_else(|| "/".to_owned())),
                author: nonempty(text("nick")).unwrap_or_else(|| "匿名".to_owned()),
                email: nonempty(text("mail")),
                website: nonempty(text("link")),
                body: text("comment").unwrap_or_default(),
                body_is_html: html,
                ip: nonempty(text("ip")),
                created_at,
                status,
            })
        })
        .collect())
}

const DISQUS_NS: &str = "http://disqus.com/disqus-internals";

fn parse_disqus(text: &str) -> Result<Vec<Foreign>, ImportError> {
    let document = roxmltree::Document::parse(text)?;
    let root = document.root_element();
    let child_text = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|child| child.has_tag_name(name))
            .and_then(|child| child.text())
            .map(|text| text.trim().to_owned())
    };
    let dsq_id = |node: roxmltree::Node| node.attribute((DISQUS_NS, "id")).map(str::to_owned);
    let threads: HashMap<String, String> = root
        .children()
        .filter(|node| node.has_tag_name("thread"))
        .filter_map(|thread| Some((dsq_id(thread)?, child_text(thread, "link")?)))
        .collect();
    let mut comments = Vec::new();
    for post in root.children().filter(|node| node.has_tag_name("post")) {
        let Some(id) = dsq_id(post) else { continue };
        let flag = |name| child_text(post, name).as_deref() == Some("true");
        if flag("isDeleted") {
            continue;
        }
        let reference = |name: &str| {
            post.children()
                .find(|child| child.has_tag_name(name))
                .and_then(dsq_id)
        };
        let Some(link) = reference("thread").and_then(|thread| threads.get(&thread).cloned())
        else {
            continue;
        };
        let author = post.children().find(|child| child.has_tag_name("author"));
        comments.push(Foreign {
            source: format!("disqus:{id}"),
            parent: reference("parent").map(|parent| format!("disqus:{parent}")),
            page: page_path(&link),
            author: author
                .and_then(|a| child_text(a, "name"))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| "匿名".to_owned()),
            email: author
                .and_then(|a| child_text(a, "email"))
                .filter(|email| !email.is_empty()),
            website: None,
            body: child_text(post, "message").unwrap_or_default(),
            body_is_html: true,
            ip: child_text(post, "ipAddress").filter(|ip| !ip.is_empty()),
            created_at: child_text(post, "createdAt")
                .and_then(|text| timestamp(&Value::String(text)))
                .unwrap_or(0),
            status: if flag("isSpam") {
                CommentStatus::Spam
            } else {
                CommentStatus::Approved
            },
        });
    }
    Ok(comments)
}

/// Unix seconds from an RFC 3339 string, a `YYYY-MM-DD HH:MM:SS` string (UTC),
/// LeanCloud's `{"__type":"Date","iso":…}`, or milliseconds since the epoch.
fn timestamp(value: &Value) -> Option<i64> {
    match value {
        Value::String(text) => text
            .parse::<jiff::Timestamp>()
            .ok()
            .or_else(|| {
                text.parse::<jiff::civil::DateTime>()
                    .ok()
                    .and_then(|civil| jiff::tz::TimeZone::UTC.to_timestamp(civil).ok())
            })
            .map(|ts| ts.as_second()),
        Value::Number(number) => number.as_i64().map(|ms| ms / 1000),
        Value::Object(object) => object.get("iso").and_then(timestamp),
        _ => None,
    }
}

/// The site path of a page URL: origin, query and fragment dropped.
fn page_path(url: &str) -> String {
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => url,
    };
    let path = rest.split(['?', '#']).next().unwrap_or("/");
    if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
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
    }
}
