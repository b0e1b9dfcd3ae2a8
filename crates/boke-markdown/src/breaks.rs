//! Soft line breaks between two East Asian wide characters render as nothing (CSS Text 3
//! segment-break rules); browsers other than Firefox would show a space, so the break node is
//! removed from the AST. Inline markup around the break is looked through: the last character of
//! the text before and the first character after decide.

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, NodeValue};

use boke_cjk::is_wide;

/// Removes every soft break that sits between two wide characters of the same block.
pub fn remove_cjk_soft_breaks<'a>(root: &'a AstNode<'a>) {
    let mut to_remove = Vec::new();
    // The last character seen in the current block, and a soft break still waiting for the
    // character after it.
    let mut last_char: Option<char> = None;
    let mut pending: Option<(&'a AstNode<'a>, Option<char>)> = None;
    for edge in root.traverse() {
        let NodeEdge::Start(node) = edge else {
            continue;
        };
        match &node.data().value {
            NodeValue::Text(literal) => {
                see_text(literal, &mut last_char, &mut pending, &mut to_remove);
            }
            NodeValue::Code(code) => {
                see_text(&code.literal, &mut last_char, &mut pending, &mut to_remove);
            }
            NodeValue::SoftBreak => pending = Some((node, last_char.take())),
            // Markup that wraps text is transparent; raw inline HTML is too.
            NodeValue::Emph
            | NodeValue::Strong
            | NodeValue::Strikethrough
            | NodeValue::Link(_)
            | NodeValue::Image(_)
            | NodeValue::HtmlInline(_)
            | NodeValue::Underline
            | NodeValue::Superscript
            | NodeValue::Subscript
            | NodeValue::Highlight
            | NodeValue::Insert
            | NodeValue::SpoileredText => {}
            // Anything else (a block, a hard break, a footnote reference) separates.
            _ => {
                last_char = None;
                pending = None;
            }
        }
    }
    for node in to_remove {
        node.detach();
    }
}

fn see_text<'a>(
    text: &str,
    last_char: &mut Option<char>,
    pending: &mut Option<(&'a AstNode<'a>, Option<char>)>,
    to_remove: &mut Vec<&'a AstNode<'a>>,
) {
    let Some(first) = text.chars().next() else {
        return;
    };
    if let Some((soft_break, Some(before))) = pending.take()
        && is_wide(before)
        && is_wide(first)
    {
        to_remove.push(soft_break);
    }
    *last_char = text.chars().next_back();
}
