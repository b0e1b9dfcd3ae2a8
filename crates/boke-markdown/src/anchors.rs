//! Heading anchors: ids that keep CJK characters, lowercase Latin, drop punctuation and join
//! words with `-`, made unique within the document with `-1`, `-2` suffixes; and the table of
//! contents built from them.

use std::collections::HashSet;

use comrak::nodes::{AstNode, NodeValue};

use crate::TocEntry;
use crate::plain::inline_text;

/// Turns heading text into an id: letters and digits of every script are kept (Latin
/// lowercased), whitespace, `-` and `_` runs become one `-`, everything else is dropped.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut separator_pending = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if separator_pending && !slug.is_empty() {
                slug.push('-');
            }
            separator_pending = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            separator_pending = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// Hands out ids, appending `-1`, `-2`, ... to a repeated one.
#[derive(Default)]
pub struct UniqueIds {
    used: HashSet<String>,
}

impl UniqueIds {
    pub fn claim(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let mut suffix = 1usize;
        loop {
            let candidate = format!("{base}-{suffix}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            suffix += 1;
        }
    }
}

/// Every heading in document order with its unique id.
pub fn collect_toc<'a>(root: &'a AstNode<'a>) -> Vec<TocEntry> {
    let mut ids = UniqueIds::default();
    let mut toc = Vec::new();
    for node in root.descendants() {
        if let NodeValue::Heading(heading) = node.data().value {
            let text = inline_text(node);
            let id = ids.claim(slugify(&text));
            toc.push(TocEntry {
                level: heading.level,
                id,
                text,
            });
        }
    }
    toc
}

/// Detaches a leading level-1 heading and returns its text.
pub fn extract_title<'a>(root: &'a AstNode<'a>) -> Option<String> {
    let first = root.first_child()?;
    let is_title = matches!(first.data().value, NodeValue::Heading(h) if h.level == 1);
    if !is_title {
        return None;
    }
    let title = inline_text(first);
    first.detach();
    Some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_keeps_cjk_and_drops_punctuation() {
        assert_eq!(
            slugify("1. 大模型的范式转变：从Chat到做事"),
            "1-大模型的范式转变从chat到做事"
        );
        assert_eq!(slugify("结论"), "结论");
        assert_eq!(
            slugify("4. Scaling Law的挑战与突破"),
            "4-scaling-law的挑战与突破"
        );
        assert_eq!(slugify("问答（FAQ）、附录。"), "问答faq附录");
        assert_eq!(slugify("  Hello,  World!  "), "hello-world");
        assert_eq!(slugify("a - b__c"), "a-b-c");
        assert_eq!(slugify("？！"), "section");
    }

    #[test]
    fn repeated_ids_get_suffixes() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a".into()), "a");
        assert_eq!(ids.claim("a".into()), "a-1");
        assert_eq!(ids.claim("a-1".into()), "a-1-1");
        assert_eq!(ids.claim("a".into()), "a-2");
    }
}
