//! Disqus's XML export: `<thread>` elements give each page's link, `<post>` elements the
//! comments, with parents and spam and deletion flags.

use std::collections::HashMap;

use serde_json::Value;

use super::{Foreign, ImportError, page_path, timestamp};
use crate::store::CommentStatus;

const DISQUS_NS: &str = "http://disqus.com/disqus-internals";

/// The comments of a Disqus export; deleted ones are left out here.
pub(super) fn parse(text: &str) -> Result<(Vec<Foreign>, usize), ImportError> {
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
    let mut deleted = 0;
    for post in root.children().filter(|node| node.has_tag_name("post")) {
        let Some(id) = dsq_id(post) else { continue };
        let flag = |name| child_text(post, name).as_deref() == Some("true");
        if flag("isDeleted") {
            deleted += 1;
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
    Ok((comments, deleted))
}
