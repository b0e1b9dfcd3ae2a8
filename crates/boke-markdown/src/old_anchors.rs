//! Heading ids as another engine made them, so that links to `#fragment`s of a blog brought
//! from Hexo or Hugo still land on their heading: each heading whose old id differs from
//! boke's gets it as an extra, empty anchor.

use std::collections::{HashMap, HashSet};

use crate::TocEntry;

/// The engine whose heading ids a document keeps answering to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AnchorAliases {
    /// hexo-renderer-marked: hexo-util's `slugize` of the heading text, case kept.
    Hexo,
    /// Hugo's Goldmark with `autoHeadingIDType = "github"`, its default.
    Hugo,
}

/// The id Hexo's default renderer gave a heading before numbering repeats: hexo-util's
/// `slugize` of its text, case kept.
pub fn hexo_id(text: &str) -> String {
    crate::hexo_slugize(text)
}

/// The id Hugo's GitHub style gave a heading before numbering repeats: letters, digits and
/// `_` kept and lowercased, each space, tab and `-` a `-` of its own (runs are not merged, ends
/// not trimmed), everything else dropped; `heading` when nothing is left.
pub fn hugo_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '-' || c == ' ' || c == '\t' {
            id.push('-');
        } else if c == '_' || c.is_alphabetic() || c.is_numeric() {
            id.extend(c.to_lowercase());
        }
    }
    if id.is_empty() {
        id.push_str("heading");
    }
    id
}

/// For each heading of `toc`, the old engine's id when it differs from boke's and names no
/// other heading of the page.
pub fn aliases(toc: &[TocEntry], style: AnchorAliases) -> Vec<Option<String>> {
    let boke: HashSet<&str> = toc.iter().map(|entry| entry.id.as_str()).collect();
    let mut given: HashSet<String> = HashSet::new();
    // Hexo numbers a repeat by how often its base came before (`a`, `a-1`, `a-2`);
    // Hugo by the first number whose id is free.
    let mut hexo_seen: HashMap<String, usize> = HashMap::new();
    let mut hugo_taken: HashSet<String> = HashSet::new();
    toc.iter()
        .map(|entry| {
            let old = match style {
                AnchorAliases::Hexo => {
                    let base = hexo_id(&entry.text);
                    let seen = hexo_seen.entry(base.clone()).or_insert(0);
                    *seen += 1;
                    match *seen {
                        1 => base,
                        n => format!("{base}-{}", n - 1),
                    }
                }
                AnchorAliases::Hugo => {
                    let base = hugo_id(&entry.text);
                    let mut id = base.clone();
                    let mut number = 1;
                    while hugo_taken.contains(&id) {
                        id = format!("{base}-{number}");
                        number += 1;
                    }
                    hugo_taken.insert(id.clone());
                    id
                }
            };
            let kept = !old.is_empty() && !boke.contains(old.as_str()) && given.insert(old.clone());
            kept.then_some(old)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str, id: &str) -> TocEntry {
        TocEntry {
            level: 2,
            id: id.to_owned(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn hexo_keeps_case_and_dashes_punctuation() {
        assert_eq!(hexo_id("Hello World"), "Hello-World");
        assert_eq!(hexo_id("  C++ / Rust_FFI  "), "C-Rust-FFI");
        assert_eq!(hexo_id("1. 大模型：从Chat到做事"), "1-大模型：从Chat到做事");
        assert_eq!(hexo_id("what's new?"), "what-s-new");
    }

    #[test]
    fn hugo_lowercases_and_drops_punctuation() {
        assert_eq!(hugo_id("Hello World"), "hello-world");
        assert_eq!(hugo_id("C++ / Rust_FFI"), "c--rust_ffi");
        assert_eq!(hugo_id("1. 大模型：从Chat到做事"), "1-大模型从chat到做事");
        assert_eq!(hugo_id("？！"), "heading");
    }

    #[test]
    fn repeats_are_numbered_as_each_engine_did() {
        // boke's own ids for three `## Setup`.
        let toc = [
            entry("Setup", "setup"),
            entry("Setup", "setup-1"),
            entry("Setup", "setup-2"),
        ];
        assert_eq!(
            aliases(&toc, AnchorAliases::Hexo),
            [
                Some("Setup".into()),
                Some("Setup-1".into()),
                Some("Setup-2".into())
            ]
        );
        // Hugo's ids are boke's here: nothing to add.
        assert_eq!(aliases(&toc, AnchorAliases::Hugo), [None, None, None]);
    }
}
