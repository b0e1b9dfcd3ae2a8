//! Full-text search for boke: tokenizing Chinese and Latin text, the sharded index format that
//! the browser fetches on demand, building it, and querying it.
//!
//! The browser client `assets/search.js` (see [`SEARCH_JS`], and [`SEARCH_UI_JS`] for the page) reads the same files and ranks the
//! same way as [`search`]; `tests/cross.rs` holds them to it.

mod build;
mod doc_terms;
mod engine;
pub mod format;
mod layout;
pub mod normalize;
pub mod query;
mod rice;
mod snippet;
pub mod tokenize;

use serde::Serialize;

pub use build::build_index;
pub use engine::{Hit, SearchError, SearchResults, Searcher, search};

/// The browser search client (engine and UI), to be served beside the index.
pub const SEARCH_JS: &str = include_str!("../assets/search.js");

/// The search page UI; its DOM contract is written at the top of the file.
pub const SEARCH_UI_JS: &str = include_str!("../assets/search-ui.js");

/// One published page to index.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// Site-relative URL, e.g. `/posts/hello/`.
    pub url: String,
    pub title: String,
    /// RFC 3339 date, when the page has one.
    pub date: Option<String>,
    pub headings: Vec<String>,
    /// Plain text of the body, code included; snippets are cut from it.
    pub body: String,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
}
