//! GFM extended autolinks swallow Chinese after a bare URL: `https://x.com/路径。然后` would
//! link the whole run. A bare URL ends at the first CJK punctuation; the rest is text again.

use comrak::Arena;
use comrak::nodes::{AstNode, NodeValue};

use crate::position::Source;
use boke_cjk::is_cjk_punctuation;

/// Shortens every bare (not `<...>`) autolink that contains CJK punctuation.
pub fn end_bare_urls_at_cjk_punctuation<'a>(
    arena: &'a Arena<'a>,
    root: &'a AstNode<'a>,
    source: &Source<'_>,
) {
    let mut splits = Vec::new();
    for node in root.descendants() {
        let data = node.data();
        let NodeValue::Link(link) = &data.value else {
            continue;
        };
        let Some(text_node) = node.first_child() else {
            continue;
        };
        if text_node.next_sibling().is_some() {
            continue;
        }
        let NodeValue::Text(text) = &text_node.data().value else {
            continue;
        };
        // An autolink shows its own address (GFM adds `http://` or `mailto:` in front).
        if !link.url.ends_with(text.as_ref()) {
            continue;
        }
        let Some(cut) = text.find(is_cjk_punctuation) else {
            continue;
        };
        if source.byte_at(data.sourcepos.start) == Some(b'<') {
            continue;
        }
        splits.push((node, text_node, cut));
    }
    for (link_node, text_node, cut) in splits {
        let rest = {
            let mut text_data = text_node.data_mut();
            let NodeValue::Text(text) = &mut text_data.value else {
                continue;
            };
            let rest = text[cut..].to_string();
            text.to_mut().truncate(cut);
            rest
        };
        {
            let mut link_data = link_node.data_mut();
            if let NodeValue::Link(link) = &mut link_data.value {
                let url_cut = link.url.len() - rest.len();
                link.url.truncate(url_cut);
            }
        }
        let rest_node = arena.alloc(NodeValue::Text(rest.into()).into());
        link_node.insert_after(rest_node);
    }
}
