//! Template values shared by page views and post summaries: tags and categories as links, and
//! any serializable view as a value. A leaf of the render stage, so views and summaries import
//! it and not each other.

use minijinja::Value;
use serde::Serialize;

use crate::assemble::{Term, find_term};

/// A tag or category as a link; a category under another carries the categories above it,
/// for breadcrumbs.
#[derive(Debug, Serialize, Hash)]
pub(crate) struct TermLink<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: &'a str,
    pub(crate) count: usize,
    /// The categories above, from the top level down; empty for tags and top-level categories.
    pub(crate) parents: Vec<TermLink<'a>>,
}

impl<'a> TermLink<'a> {
    /// `term`, one of `terms` (the taxonomy's, where its parents are found).
    pub(crate) fn new(terms: &'a [Term], term: &'a Term) -> Self {
        Self {
            parents: term
                .ancestors(terms)
                .into_iter()
                .map(TermLink::alone)
                .collect(),
            ..Self::alone(term)
        }
    }

    fn alone(term: &'a Term) -> Self {
        Self {
            name: &term.name,
            url: &term.url,
            count: term.posts.len(),
            parents: Vec::new(),
        }
    }
}

/// A category with the categories under it, for the tree on the categories page.
#[derive(Debug, Serialize, Hash)]
pub(crate) struct TermNode<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: &'a str,
    pub(crate) count: usize,
    pub(crate) children: Vec<TermNode<'a>>,
}

/// The terms as a tree, each level sorted by name; tags are all at the top.
pub(crate) fn term_tree(terms: &[Term]) -> Vec<TermNode<'_>> {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); terms.len()];
    let mut roots = Vec::new();
    for (at, term) in terms.iter().enumerate() {
        match term.parent.and_then(|parent| children.get_mut(parent)) {
            Some(siblings) => siblings.push(at),
            None => roots.push(at),
        }
    }
    fn node<'a>(terms: &'a [Term], children: &[Vec<usize>], at: usize) -> TermNode<'a> {
        let term = &terms[at];
        let mut under: Vec<TermNode<'a>> = children[at]
            .iter()
            .map(|&child| node(terms, children, child))
            .collect();
        under.sort_by(|a, b| a.name.cmp(b.name));
        TermNode {
            name: &term.name,
            url: &term.url,
            count: term.posts.len(),
            children: under,
        }
    }
    let mut tree: Vec<TermNode<'_>> = roots
        .into_iter()
        .map(|root| node(terms, &children, root))
        .collect();
    tree.sort_by(|a, b| a.name.cmp(b.name));
    tree
}

/// The terms of `names`, from a taxonomy's terms (sorted by key, as `site` makes them).
pub(crate) fn term_links<'a>(terms: &'a [Term], names: &[String]) -> Vec<TermLink<'a>> {
    names
        .iter()
        .filter_map(|name| find_term(terms, name))
        .map(|term| TermLink::new(terms, term))
        .collect()
}

/// Any serializable view as a template value.
pub(crate) fn to_value(view: impl serde::Serialize) -> Value {
    Value::from(minijinja::value::Serde(view))
}
