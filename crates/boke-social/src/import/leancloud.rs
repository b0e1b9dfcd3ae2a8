//! Comments and page counters in LeanCloud's object format, which Valine and Waline share:
//! `objectId`, `nick`, `mail`, `link`, `url`, `comment`, `pid` (the parent), `rid` (the root),
//! `ip`, `insertedAt`/`createdAt`, and in Waline a `status`; counters are `Counter` objects
//! with `url` and `time` (the view count).

use serde_json::Value;

use super::records::{counter, identifier, text};
use super::{Foreign, Parsed, page_path, timestamp};
use crate::store::CommentStatus;

/// Which program wrote the comments, which decides how bodies are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavour {
    /// Waline keeps the Markdown the reader typed.
    Waline,
    /// Valine keeps the HTML its browser script rendered.
    Valine,
    /// Each record says: Waline records have a `status`, Valine's never do.
    Either,
}

/// The comments and counters among `records`.
pub(super) fn parse(records: &[Value], flavour: Flavour) -> Parsed {
    let mut parsed = Parsed::default();
    for item in records {
        if let Some((url, views)) = counter(item) {
            parsed.views.push((page_path(&url), views));
            continue;
        }
        let Some(id) = identifier(item.get("objectId")).or_else(|| identifier(item.get("id")))
        else {
            parsed.unrecognised += 1;
            continue;
        };
        if item.get("comment").is_none() {
            parsed.unrecognised += 1;
            continue;
        }
        let waline = match flavour {
            Flavour::Waline => true,
            Flavour::Valine => false,
            Flavour::Either => item.get("status").is_some(),
        };
        let prefix = if waline { "waline" } else { "valine" };
        let status = match text(item, "status").as_deref() {
            Some("waiting") => CommentStatus::Pending,
            Some("spam") => CommentStatus::Spam,
            _ => CommentStatus::Approved,
        };
        let created_at = ["insertedAt", "createdAt"]
            .iter()
            .find_map(|key| item.get(*key).and_then(timestamp))
            .unwrap_or(0);
        parsed.comments.push(Foreign {
            source: format!("{prefix}:{id}"),
            parent: identifier(item.get("pid"))
                .or_else(|| identifier(item.get("rid")))
                .map(|pid| format!("{prefix}:{pid}")),
            page: page_path(&text(item, "url").unwrap_or_else(|| "/".to_owned())),
            author: text(item, "nick").unwrap_or_else(|| "匿名".to_owned()),
            email: text(item, "mail"),
            website: text(item, "link"),
            body: item
                .get("comment")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            body_is_html: !waline,
            ip: text(item, "ip"),
            created_at,
            status,
        });
    }
    parsed
}
