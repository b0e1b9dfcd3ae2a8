//! JSON Feed 1.1: the site's `/feed.json`.

use std::io;

use serde::Serialize;

use super::Feed;
use crate::parse::dates::rfc3339;

const VERSION: &str = "https://jsonfeed.org/version/1.1";

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    language: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    /// The whole post, or its summary when feeds carry summaries only.
    content_html: &'a str,
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    language: &'a str,
}

pub(super) fn write(feed: &Feed<'_>) -> io::Result<Vec<u8>> {
    let authors = if feed.author.is_empty() {
        Vec::new()
    } else {
        vec![Author { name: feed.author }]
    };
    let items = feed
        .entries
        .iter()
        .map(|entry| Item {
            id: &entry.url,
            url: &entry.url,
            title: entry.title,
            content_html: entry.content_html.as_deref().unwrap_or(&entry.summary_html),
            summary: entry.summary_text,
            date_published: entry.published.map(rfc3339),
            date_modified: entry.updated.map(rfc3339),
            tags: entry.terms.iter().map(|term| term.name).collect(),
            language: entry.lang,
        })
        .collect();
    let json = JsonFeed {
        version: VERSION,
        title: &feed.title,
        home_page_url: &feed.home_url,
        feed_url: &feed.self_url,
        description: feed.description,
        language: feed.language,
        authors,
        items,
    };
    let mut bytes = serde_json::to_vec_pretty(&json)?;
    bytes.push(b'\n');
    Ok(bytes)
}
