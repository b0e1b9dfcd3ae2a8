//! Writing the site's XML files (feeds, sitemap): a writer that starts with the declaration,
//! and the one-line elements they are mostly made of. Escaping is quick-xml's.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

pub(crate) type XmlWriter = Writer<Vec<u8>>;

/// An indented writer with `<?xml version="1.0" encoding="utf-8"?>` already written.
pub(crate) fn document() -> io::Result<XmlWriter> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    Ok(writer)
}

/// `<name>text</name>`, with the text escaped.
pub(crate) fn text_element(writer: &mut XmlWriter, name: &str, text: &str) -> io::Result<()> {
    writer
        .create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// `<name a="1" b="2"/>`, with the values escaped.
pub(crate) fn empty_element(
    writer: &mut XmlWriter,
    name: &str,
    attributes: &[(&str, &str)],
) -> io::Result<()> {
    writer
        .create_element(name)
        .with_attributes(attributes.iter().copied())
        .write_empty()?;
    Ok(())
}

/// The finished document, ending with a newline.
pub(crate) fn finish(writer: XmlWriter) -> Vec<u8> {
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    bytes
}
