//! Plain text of the document without markup: prose for reading counts and search, code blocks
//! kept apart, formulas as their TeX source, and the first paragraph for summaries.

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, NodeValue};

use crate::math;

/// The text of a node's inline content (a heading, a paragraph), markup removed.
pub fn inline_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut text = String::new();
    for descendant in node.descendants() {
        push_inline(&mut text, &descendant.data().value);
    }
    text
}

fn push_inline(text: &mut String, value: &NodeValue) {
    match value {
        NodeValue::Text(literal) => text.push_str(literal),
        NodeValue::Code(code) => text.push_str(&code.literal),
        // Search and feeds want the formula as written, not MathML.
        NodeValue::Math(math) => text.push_str(math.literal.trim()),
        NodeValue::ShortCode(short_code) => text.push_str(&short_code.emoji),
        // Only soft breaks that survived the CJK pass are left: they read as a space.
        NodeValue::SoftBreak => text.push(' '),
        NodeValue::LineBreak => text.push('\n'),
        _ => {}
    }
}

/// The document as plain text.
#[derive(Debug, Default)]
pub struct PlainText {
    /// Prose, one line per block; code blocks excluded.
    pub text: String,
    /// The code blocks' contents, one after another.
    pub code_text: String,
    /// The first paragraph, whole.
    pub first_paragraph: String,
    /// Each bold span's text, in order, for search ranking.
    pub strong: Vec<String>,
}

pub fn collect<'a>(root: &'a AstNode<'a>) -> PlainText {
    let mut plain = PlainText::default();
    let mut paragraph_start: Option<usize> = None;
    let mut first_paragraph_done = false;
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(node) => {
                let data = node.data();
                match &data.value {
                    NodeValue::CodeBlock(block) if math::formula(&data.value).is_some() => {
                        plain.text.push_str(block.literal.trim_end());
                    }
                    NodeValue::CodeBlock(block) => {
                        plain.code_text.push_str(&block.literal);
                        if !plain.code_text.ends_with('\n') {
                            plain.code_text.push('\n');
                        }
                    }
                    NodeValue::Paragraph if !first_paragraph_done => {
                        paragraph_start = Some(plain.text.len());
                    }
                    NodeValue::Strong => {
                        let text = inline_text(node);
                        if !text.trim().is_empty() {
                            plain.strong.push(text.trim().to_owned());
                        }
                    }
                    value => push_inline(&mut plain.text, value),
                }
            }
            NodeEdge::End(node) => {
                let data = node.data();
                if !data.value.block() {
                    continue;
                }
                if let (NodeValue::Paragraph, Some(start)) = (&data.value, paragraph_start) {
                    paragraph_start = None;
                    // A component on lines of its own is not the summary's first paragraph.
                    if !crate::components::is_lone_placeholder(&plain.text[start..]) {
                        plain.first_paragraph = plain.text[start..].trim().to_string();
                        first_paragraph_done = true;
                    }
                }
                if !plain.text.is_empty() && !plain.text.ends_with('\n') {
                    plain.text.push('\n');
                }
            }
        }
    }
    plain
}
