//! Full-text search for boke: tokenizing Chinese and Latin text, the sharded index format that
//! the browser fetches on demand, building it, and querying it.
//!
//! The browser client `assets/search.js` (see [`SEARCH_JS`], and [`SEARCH_UI_JS`] for the page) reads the same files and ranks the
//! same way as [`search`]; `tests/cross.rs` holds them to it.

mod build;
mod doc_terms;
mod engine;
pub mod format;
mod gzip;
mod layout;
pub mod normalize;
mod postings;
pub mod query;
mod record;
mod rice;
mod snippet;
pub mod tokenize;

use std::borrow::Cow;

use serde::Serialize;

pub use build::{IndexSink, build_index, build_index_into};
pub use engine::{Hit, SearchError, SearchResults, Searcher, search};
pub use snippet::snippet_text;

/// The browser search client (engine and UI), to be served beside the index.
pub const SEARCH_JS: &str = include_str!("../assets/search.js");

/// The search page UI; its DOM contract is written at the top of the file.
pub const SEARCH_UI_JS: &str = include_str!("../assets/search-ui.js");

/// One published page to index. Text is borrowed where the caller already holds it, so a site's
/// worth of posts is not copied to build its index.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document<'a> {
    /// Site-relative URL, e.g. `/posts/hello/`.
    pub url: Cow<'a, str>,
    pub title: Cow<'a, str>,
    /// RFC 3339 date, when the page has one.
    pub date: Option<String>,
    /// The date as the site shows it in the page's language (`2026年1月5日`), for results.
    pub date_label: Option<String>,
    pub headings: Vec<String>,
    /// Bold text, counted above the body in ranking.
    pub strong: Vec<String>,
    /// Plain text of the body, one line per block; snippets are cut from it.
    pub body: Cow<'a, str>,
    /// Text of code blocks, indexed as words after the body and never shown in snippets;
    /// empty when the page has none.
    pub code: Cow<'a, str>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
}
