//! Single tildes are text: `3~5 天` is a range in everyday Chinese, not the start of a
//! strikethrough. comrak is asked to parse `~x~` as subscript (which also makes `~~x~~` the only
//! strikethrough), and unless subscript is wanted, each such node is turned back into the text
//! it was written as.

use comrak::Arena;
use comrak::nodes::{AstNode, LineColumn, NodeValue, Sourcepos};

/// Replaces every subscript node with `~`, its children and `~`, then joins the text pieces so
/// that later passes (lint, pangu spacing) see the run as written.
pub fn restore_single_tildes<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    let subscripts: Vec<_> = root
        .descendants()
        .filter(|node| matches!(node.data().value, NodeValue::Subscript))
        .collect();
    // Document order puts outer nodes first; unwrapping inner ones first keeps every parent
    // attached while its children move.
    for node in subscripts.into_iter().rev() {
        let span = node.data().sourcepos;
        let open = tilde(arena, span.start);
        let close = tilde(arena, span.end);
        node.insert_before(open);
        while let Some(child) = node.first_child() {
            child.detach();
            node.insert_before(child);
        }
        node.insert_before(close);
        let parent = node.parent();
        node.detach();
        if let Some(parent) = parent {
            join_adjacent_text(parent);
        }
    }
}

fn tilde<'a>(arena: &'a Arena<'a>, at: LineColumn) -> &'a AstNode<'a> {
    let node = arena.alloc(NodeValue::Text("~".into()).into());
    node.data_mut().sourcepos = Sourcepos { start: at, end: at };
    node
}

/// Merges runs of text siblings into the first of each run, its span covering them all.
fn join_adjacent_text<'a>(parent: &'a AstNode<'a>) {
    let mut child = parent.first_child();
    while let Some(current) = child {
        let next = current.next_sibling();
        if let Some(following) = next
            && is_text(current)
            && is_text(following)
        {
            let (text, end) = {
                let data = following.data();
                let text = match &data.value {
                    NodeValue::Text(text) => text.to_string(),
                    _ => String::new(),
                };
                (text, data.sourcepos.end)
            };
            {
                let mut data = current.data_mut();
                data.sourcepos.end = end;
                if let NodeValue::Text(existing) = &mut data.value {
                    existing.to_mut().push_str(&text);
                }
            }
            following.detach();
            // Stay on `current`: the node after `following` may be text too.
            continue;
        }
        child = next;
    }
}

fn is_text<'a>(node: &'a AstNode<'a>) -> bool {
    matches!(node.data().value, NodeValue::Text(_))
}
