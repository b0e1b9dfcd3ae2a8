//! A stretch of the Markdown with its components and escapes replaced by placeholders (and,
//! for a body on lines of its own, the container prefix of each line removed), and the way
//! back from an offset in the new text to one in the original, for warnings.

use std::ops::Range;

use super::{COMPONENT, ESCAPE, Node, placeholder};

/// Something inside a stretch of text that a placeholder stands for.
#[derive(Debug, Clone)]
pub enum Item {
    /// A component, by index into the matched nodes.
    Component(usize),
    /// An escape, by index into the escapes, with its byte range.
    Escape(usize, Range<usize>),
}

pub struct Spliced {
    pub text: String,
    /// Pieces copied from the original: (offset in `text`, offset in the original), in order.
    pieces: Vec<(usize, usize)>,
}

impl Spliced {
    /// `range` of `markdown` with `items` replaced; `prefix` is removed from the start of each
    /// line after the first.
    pub fn new(
        markdown: &str,
        range: Range<usize>,
        items: &[Item],
        nodes: &[Node],
        prefix: &str,
    ) -> Self {
        let mut spliced = Self {
            text: String::with_capacity(range.len()),
            pieces: Vec::new(),
        };
        let mut cursor = range.start;
        for item in items {
            let (span, mark) = match item {
                Item::Component(index) => {
                    let node = &nodes[*index];
                    (node.open.start..node.end(), placeholder(COMPONENT, *index))
                }
                Item::Escape(index, span) => (span.clone(), placeholder(ESCAPE, *index)),
            };
            spliced.copy(markdown, cursor..span.start, prefix);
            spliced.text.push_str(&mark);
            cursor = span.end;
        }
        spliced.copy(markdown, cursor..range.end, prefix);
        spliced
    }

    fn copy(&mut self, markdown: &str, range: Range<usize>, prefix: &str) {
        let mut start = range.start;
        if !prefix.is_empty() {
            let mut at = range.start;
            while let Some(newline) = markdown[at..range.end].find('\n') {
                let line_start = at + newline + 1;
                let line = &markdown[line_start..range.end];
                let strip = if line.starts_with(prefix) {
                    prefix.len()
                } else if line.starts_with(prefix.trim_end()) {
                    prefix.trim_end().len()
                } else {
                    0
                };
                if strip > 0 {
                    self.piece(markdown, start..line_start);
                    start = line_start + strip;
                }
                at = line_start;
            }
        }
        self.piece(markdown, start..range.end);
    }

    fn piece(&mut self, markdown: &str, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.pieces.push((self.text.len(), range.start));
        self.text.push_str(&markdown[range]);
    }

    /// The original offset of an offset in `text` (inside a placeholder: the end of the
    /// piece before it).
    pub fn original_offset(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|&(at, _)| at <= offset);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(at, original)) => original + (offset - at),
            None => self.pieces.first().map_or(0, |&(_, original)| original),
        }
    }
}
