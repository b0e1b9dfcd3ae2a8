//! Artalk's "Artrans" interchange format (what `artalk export` writes and its importers
//! read): an array of comments with string fields `id`, `rid` (`"0"` for a top-level
//! comment), `content` (Markdown), `nick`, `email`, `link`, `ip`, `is_pending`, `created_at`
//! and the page as `page_key` (a path or a full URL).

use serde_json::Value;

use super::records::{identifier, text};
use super::{Foreign, Parsed, page_path, timestamp};
use crate::store::CommentStatus;

/// The comments among `records`.
pub(super) fn parse(records: &[Value]) -> Parsed {
    let mut parsed = Parsed::default();
    for item in records {
        let id = identifier(item.get("id"));
        let (Some(id), Some(body)) = (id, item.get("content").and_then(Value::as_str)) else {
            parsed.unrecognised += 1;
            continue;
        };
        let yes = |key: &str| match item.get(key) {
            Some(Value::Bool(flag)) => *flag,
            Some(Value::String(text)) => text == "true" || text == "1",
            _ => false,
        };
        let status = if yes("is_pending") {
            CommentStatus::Pending
        } else {
            CommentStatus::Approved
        };
        let page = text(item, "page_key")
            .or_else(|| text(item, "page_url"))
            .unwrap_or_else(|| "/".to_owned());
        parsed.comments.push(Foreign {
            source: format!("artalk:{id}"),
            parent: identifier(item.get("rid"))
                .filter(|rid| rid != "0")
                .map(|rid| format!("artalk:{rid}")),
            page: page_path(&page),
            author: text(item, "nick").unwrap_or_else(|| "匿名".to_owned()),
            email: text(item, "email"),
            website: text(item, "link"),
            body: body.to_owned(),
            body_is_html: false,
            ip: text(item, "ip"),
            created_at: item
                .get("created_at")
                .or_else(|| item.get("date"))
                .and_then(timestamp)
                .unwrap_or(0),
            status,
        });
    }
    parsed
}
