//! Full-text search for boke: tokenizing Chinese and Latin text, the sharded index format that
//! the browser fetches on demand, building it, and querying it.

use serde::Serialize;

/// One published page to index.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// Site-relative URL, e.g. `/posts/hello/`.
    pub url: String,
    pub title: String,
    /// RFC 3339 date, when the page has one.
    pub date: Option<String>,
    pub headings: Vec<String>,
    /// Plain text of the body, code included.
    pub body: String,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
}

/// The files of a built index, as paths relative to the index directory and their bytes.
pub fn build_index(documents: &[Document]) -> Vec<(String, Vec<u8>)> {
    let _ = documents;
    Vec::new()
}
