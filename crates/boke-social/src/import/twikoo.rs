//! Twikoo's export (its admin panel's 导出, or a dump of its `comment` and `counter`
//! collections): `_id`, `nick`, `mail`, `link`, `url` (the page path), `href`, `comment` (HTML),
//! `pid` (the parent), `rid` (the root), `isSpam`, `ip`, `created` (milliseconds); counters have
//! `url` and `time`.

use serde_json::Value;

use super::records::{counter, identifier, text};
use super::{Foreign, Parsed, page_path, timestamp};
use crate::store::CommentStatus;

/// The comments and counters among `records`.
pub(super) fn parse(records: &[Value]) -> Parsed {
    let mut parsed = Parsed::default();
    for item in records {
        if let Some((url, views)) = counter(item) {
            parsed.views.push((page_path(&url), views));
            continue;
        }
        let id = identifier(item.get("_id")).or_else(|| identifier(item.get("id")));
        let (Some(id), Some(body)) = (id, item.get("comment").and_then(Value::as_str)) else {
            parsed.unrecognised += 1;
            continue;
        };
        // Twikoo holds comments for review by marking them spam; both wait for a moderator
        // here, where a moderator can tell them apart.
        let status = if item.get("isSpam").and_then(Value::as_bool) == Some(true) {
            CommentStatus::Pending
        } else {
            CommentStatus::Approved
        };
        let page = text(item, "url")
            .or_else(|| text(item, "href"))
            .unwrap_or_else(|| "/".to_owned());
        parsed.comments.push(Foreign {
            source: format!("twikoo:{id}"),
            parent: identifier(item.get("pid"))
                .or_else(|| identifier(item.get("rid")))
                .map(|pid| format!("twikoo:{pid}")),
            page: page_path(&page),
            author: text(item, "nick").unwrap_or_else(|| "匿名".to_owned()),
            email: text(item, "mail"),
            website: text(item, "link"),
            body: body.to_owned(),
            body_is_html: true,
            ip: text(item, "ip"),
            created_at: item.get("created").and_then(timestamp).unwrap_or(0),
            status,
        });
    }
    parsed
}
