//! Atom (RFC 4287): the site's `/atom.xml` and the feed of each tag and category.

use std::io;

use quick_xml::events::BytesText;

use super::{Entry, Feed};
use crate::outputs::xml::{self, XmlWriter, empty_element, text_element};
use crate::parse::dates::rfc3339;

const NAMESPACE: &str = "http://www.w3.org/2005/Atom";

pub(super) fn write(feed: &Feed<'_>) -> io::Result<Vec<u8>> {
    let mut writer = xml::document()?;
    writer
        .create_element("feed")
        .with_attribute(("xmlns", NAMESPACE))
        .with_attribute(("xml:lang", feed.language))
        .write_inner_content(|w| {
            text_element(w, "title", &feed.title)?;
            if !feed.description.is_empty() {
                text_element(w, "subtitle", feed.description)?;
            }
            empty_element(
                w,
                "link",
                &[
                    ("rel", "self"),
                    ("type", "application/atom+xml"),
                    ("href", &feed.self_url),
                ],
            )?;
            empty_element(
                w,
                "link",
                &[
                    ("rel", "alternate"),
                    ("type", "text/html"),
                    ("href", &feed.home_url),
                ],
            )?;
            text_element(w, "id", &feed.home_url)?;
            // Atom requires `updated`; a feed without dated posts says when it was built.
            let updated = feed
                .updated
                .map_or_else(|| rfc3339(&jiff::ZonedDateTime::now()), rfc3339);
            text_element(w, "updated", &updated)?;
            // Atom requires an author on the feed or on every entry.
            let author = if feed.author.is_empty() {
                feed.title.as_str()
            } else {
                feed.author
            };
            w.create_element("author")
                .write_inner_content(|w| text_element(w, "name", author))?;
            w.create_element("generator")
                .with_attribute(("version", env!("CARGO_PKG_VERSION")))
                .write_text_content(BytesText::new("boke"))?;
            for entry in &feed.entries {
                write_entry(w, feed, entry)?;
            }
            Ok(())
        })?;
    Ok(xml::finish(writer))
}

fn write_entry(writer: &mut XmlWriter, feed: &Feed<'_>, entry: &Entry<'_>) -> io::Result<()> {
    let mut element = writer.create_element("entry");
    if entry.lang != feed.language {
        element = element.with_attribute(("xml:lang", entry.lang));
    }
    element.write_inner_content(|w| {
        text_element(w, "title", entry.title)?;
        empty_element(
            w,
            "link",
            &[
                ("rel", "alternate"),
                ("type", "text/html"),
                ("href", &entry.url),
            ],
        )?;
        text_element(w, "id", &entry.url)?;
        if let Some(published) = entry.published {
            text_element(w, "published", &rfc3339(published))?;
        }
        if let Some(updated) = entry.updated.or(feed.updated) {
            text_element(w, "updated", &rfc3339(updated))?;
        }
        for term in &entry.terms {
            empty_element(
                w,
                "category",
                &[
                    ("term", term.name),
                    ("scheme", &term.scheme),
                    ("label", term.name),
                ],
            )?;
        }
        w.create_element("summary")
            .with_attribute(("type", "html"))
            .write_text_content(BytesText::new(&entry.summary_html))?;
        if let Some(content) = &entry.content_html {
            w.create_element("content")
                .with_attribute(("type", "html"))
                .write_text_content(BytesText::new(content))?;
        }
        Ok(())
    })?;
    Ok(())
}
