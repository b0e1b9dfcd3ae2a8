//! Maps comrak's source positions (1-based line, 1-based byte column) back into the Markdown
//! text, and byte columns to character columns for messages.

use comrak::nodes::{LineColumn, Sourcepos};

/// The Markdown given to `render`, with the byte offset of each line's start.
pub struct Source<'s> {
    text: &'s str,
    line_starts: Vec<usize>,
}

impl<'s> Source<'s> {
    pub fn new(text: &'s str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { text, line_starts }
    }

    /// Byte offset of a position, when it lies inside the text.
    pub fn offset(&self, position: LineColumn) -> Option<usize> {
        let line_start = *self.line_starts.get(position.line.checked_sub(1)?)?;
        let offset = line_start + position.column.checked_sub(1)?;
        (offset <= self.text.len()).then_some(offset)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> Option<&'s str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        self.text
            .get(start..end)
            .map(|text| text.trim_end_matches('\r'))
    }

    pub fn byte_at(&self, position: LineColumn) -> Option<u8> {
        self.text.as_bytes().get(self.offset(position)?).copied()
    }

    /// The source text a node spans (comrak's end column is its last byte, inclusive), when
    /// it lies on character boundaries.
    pub fn slice(&self, span: Sourcepos) -> Option<&'s str> {
        let start = self.offset(span.start)?;
        let end = self.offset(span.end)? + 1;
        self.text.get(start..end)
    }

    /// Whether the byte before `offset` is a backslash (an escape the AST no longer shows).
    pub fn escaped_at(&self, offset: usize) -> bool {
        offset > 0 && self.text.as_bytes().get(offset - 1) == Some(&b'\\')
    }

    /// The byte offset of a 1-based line and character column, when it lies inside the text.
    pub fn char_offset(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let skip = column.checked_sub(1)?;
        let rest = self.text.get(start..)?;
        match rest.char_indices().nth(skip) {
            Some((at, _)) => Some(start + at),
            None => (rest.chars().count() == skip).then_some(self.text.len()),
        }
    }

    /// The 1-based character column of a byte offset.
    pub fn char_column(&self, offset: usize) -> Option<(usize, usize)> {
        let line_index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line_index];
        let column = self.text.get(line_start..offset)?.chars().count() + 1;
        Some((line_index + 1, column))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_positions() {
        let source = Source::new("ab\n中文x\n");
        assert_eq!(source.offset(LineColumn { line: 2, column: 1 }), Some(3));
        assert_eq!(
            source.byte_at(LineColumn { line: 2, column: 7 }),
            Some(b'x')
        );
        let span = Sourcepos::from((2, 1, 2, 6));
        assert_eq!(source.slice(span), Some("中文"));
        assert_eq!(source.char_column(9), Some((2, 3)));
        assert_eq!(source.offset(LineColumn { line: 9, column: 1 }), None);
        assert_eq!(source.line(2), Some("中文x"));
        assert_eq!(source.line(3), Some(""));
        assert_eq!(source.line(4), None);
        assert_eq!(Source::new("a\r\nb").line(1), Some("a"));
        assert!(Source::new("a\\*").escaped_at(2) && !Source::new("a\\*").escaped_at(1));
    }
}
