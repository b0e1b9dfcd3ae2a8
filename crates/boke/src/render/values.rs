//! Template values shared by page views and post summaries: tags and categories as links, and
//! any serializable view as a value. A leaf of the render stage, so views and summaries import
//! it and not each other.

use minijinja::Value;
use serde::Serialize;

use crate::assemble::{Term, find_term};

/// A tag or category as a link.
#[derive(Debug, Serialize, Hash)]
pub(crate) struct TermLink<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: &'a str,
    pub(crate) count: usize,
}

impl<'a> TermLink<'a> {
    pub(crate) fn new(term: &'a Term) -> Self {
        Self {
            name: &term.name,
            url: &term.url,
            count: term.posts.len(),
        }
    }
}

/// The terms of `names`, from a taxonomy's terms (sorted by name, as `site` makes them).
pub(crate) fn term_links<'a>(terms: &'a [Term], names: &[String]) -> Vec<TermLink<'a>> {
    names
        .iter()
        .filter_map(|name| find_term(terms, name))
        .map(TermLink::new)
        .collect()
}

/// Any serializable view as a template value.
pub(crate) fn to_value(view: impl serde::Serialize) -> Value {
    Value::from(minijinja::value::Serde(view))
}
