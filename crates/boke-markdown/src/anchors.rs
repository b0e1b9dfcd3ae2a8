//! Heading anchors: ids that keep CJK characters, lowercase Latin, drop punctuation and join
//! words with `-`, made unique within the document with `-1`, `-2` suffixes; ids the author
//! wrote as `## 标题 {#my-id}`; and the table of contents built from them.

use std::collections::HashSet;

use comrak::nodes::{AstNode, NodeValue, Sourcepos};

use crate::TocEntry;
use crate::plain::inline_text;
use crate::slug::{SlugTarget, slug};

/// Turns heading text into an id by the anchor rule of [`crate::slug`]; `section` when the
/// heading has no letter or digit.
pub fn slugify(text: &str) -> String {
    let slug = slug(text, SlugTarget::Anchor);
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug
    }
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

/// Ids written by the author, keyed by their heading's position in the source.
#[derive(Default)]
pub struct ExplicitIds {
    ids: Vec<(Sourcepos, String)>,
}

impl ExplicitIds {
    fn get(&self, heading: Sourcepos) -> Option<&str> {
        self.ids
            .iter()
            .find(|(at, _)| *at == heading)
            .map(|(_, id)| id.as_str())
    }
}

/// Takes a trailing `{#id}` (whitespace before it) off every heading that has one. Any
/// character but whitespace and `}` may be part of the id, so `{#概览}` works too.
pub fn take_explicit_ids<'a>(root: &'a AstNode<'a>) -> ExplicitIds {
    let mut explicit = ExplicitIds::default();
    for node in root.descendants() {
        if !matches!(node.data().value, NodeValue::Heading(_)) {
            continue;
        }
        let Some(last) = node.last_child() else {
            continue;
        };
        let mut data = last.data_mut();
        let NodeValue::Text(text) = &mut data.value else {
            continue;
        };
        if let Some((kept, id)) = split_id_suffix(text) {
            let id = id.to_string();
            let kept = kept.len();
            text.to_mut().truncate(kept);
            explicit.ids.push((node.data().sourcepos, id));
        }
    }
    explicit
}

/// The text before a trailing ` {#id}` and the id.
fn split_id_suffix(text: &str) -> Option<(&str, &str)> {
    let body = text.trim_end().strip_suffix('}')?;
    let open = body.rfind("{#")?;
    let id = body[open + 2..].trim();
    let before = &body[..open];
    let separated = before.is_empty() || before.ends_with(char::is_whitespace);
    let valid = !id.is_empty() && !id.contains(|c: char| c.is_whitespace() || c == '}');
    (separated && valid).then(|| (before.trim_end(), id))
}

/// Every heading in document order with its unique id, besides those `ids` already handed
/// out. Written ids are handed out first, so an automatic id never takes one the author chose.
pub fn collect_toc<'a>(
    root: &'a AstNode<'a>,
    explicit: &ExplicitIds,
    ids: &mut UniqueIds,
) -> Vec<TocEntry> {
    let headings: Vec<_> = root
        .descendants()
        .filter(|node| matches!(node.data().value, NodeValue::Heading(_)))
        .collect();
    let written: Vec<Option<String>> = headings
        .iter()
        .map(|node| {
            explicit
                .get(node.data().sourcepos)
                .map(|id| ids.claim(id.to_string()))
        })
        .collect();
    let mut toc = Vec::with_capacity(headings.len());
    for (node, written) in headings.into_iter().zip(written) {
        if let NodeValue::Heading(heading) = node.data().value {
            let text = inline_text(node);
            let id = written.unwrap_or_else(|| ids.claim(slugify(&text)));
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
    fn id_suffixes() {
        assert_eq!(split_id_suffix("标题 {#my-id}"), Some(("标题", "my-id")));
        assert_eq!(split_id_suffix("标题 {#概览}  "), Some(("标题", "概览")));
        assert_eq!(split_id_suffix("{#only}"), Some(("", "only")));
        assert_eq!(split_id_suffix("标题{#glued}"), None);
        assert_eq!(split_id_suffix("标题 {#}"), None);
        assert_eq!(split_id_suffix("标题 {#a b}"), None);
        assert_eq!(split_id_suffix("集合 {1, 2}"), None);
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
