//! RSS 2.0: the site's `/rss.xml`, with the whole post in `content:encoded` when the config asks
//! for full content and the summary in `description`.

use std::io;

use quick_xml::events::BytesText;

use super::{Entry, Feed};
use crate::outputs::xml::{self, XmlWriter, empty_element, text_element};
use crate::parse::dates::rfc2822;

const ATOM_NAMESPACE: &str = "http://www.w3.org/2005/Atom";
const CONTENT_NAMESPACE: &str = "http://purl.org/rss/1.0/modules/content/";
const DUBLIN_CORE_NAMESPACE: &str = "http://purl.org/dc/elements/1.1/";

pub(super) fn write(feed: &Feed<'_>) -> io::Result<Vec<u8>> {
    let mut writer = xml::document()?;
    writer
        .create_element("rss")
        .with_attribute(("version", "2.0"))
        .with_attribute(("xmlns:atom", ATOM_NAMESPACE))
        .with_attribute(("xmlns:content", CONTENT_NAMESPACE))
        .with_attribute(("xmlns:dc", DUBLIN_CORE_NAMESPACE))
        .write_inner_content(|w| {
            w.create_element("channel")
                .write_inner_content(|w| write_channel(w, feed))?;
            Ok(())
        })?;
    Ok(xml::finish(writer))
}

fn write_channel(w: &mut XmlWriter, feed: &Feed<'_>) -> io::Result<()> {
    text_element(w, "title", &feed.title)?;
    text_element(w, "link", &feed.home_url)?;
    // RSS requires a description; the title stands in for a site without one.
    let description = if feed.description.is_empty() {
        feed.title.as_str()
    } else {
        feed.description
    };
    text_element(w, "description", description)?;
    text_element(w, "language", feed.language)?;
    text_element(w, "generator", concat!("boke ", env!("CARGO_PKG_VERSION")))?;
    if let Some(updated) = feed.updated {
        text_element(w, "lastBuildDate", &rfc2822(updated))?;
    }
    empty_element(
        w,
        "atom:link",
        &[
            ("href", &feed.self_url),
            ("rel", "self"),
            ("type", "application/rss+xml"),
        ],
    )?;
    for entry in &feed.entries {
        w.create_element("item")
            .write_inner_content(|w| write_item(w, feed, entry))?;
    }
    Ok(())
}

fn write_item(w: &mut XmlWriter, feed: &Feed<'_>, entry: &Entry<'_>) -> io::Result<()> {
    text_element(w, "title", entry.title)?;
    text_element(w, "link", &entry.url)?;
    w.create_element("guid")
        .with_attribute(("isPermaLink", "true"))
        .write_text_content(BytesText::new(&entry.url))?;
    if let Some(published) = entry.published {
        text_element(w, "pubDate", &rfc2822(published))?;
    }
    // RSS's own <author> must be an e-mail address; Dublin Core takes a name.
    if !feed.author.is_empty() {
        text_element(w, "dc:creator", feed.author)?;
    }
    for term in &entry.terms {
        w.create_element("category")
            .with_attribute(("domain", term.scheme.as_str()))
            .write_text_content(BytesText::new(term.name))?;
    }
    text_element(w, "description", &entry.summary_html)?;
    if let Some(content) = &entry.content_html {
        text_element(w, "content:encoded", content)?;
    }
    Ok(())
}
