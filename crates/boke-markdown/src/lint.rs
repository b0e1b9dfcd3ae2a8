//! Lint: emphasis that will not render. `** healthcare**` stays literal because the opener is
//! followed by a space; the author meant `**healthcare**`. Only unmatched delimiters that remain
//! as text are looked at, so code spans, code blocks and rendered emphasis never warn; a
//! delimiter with spaces on both sides (`2 * 3`) is arithmetic, not a mistake.

use comrak::nodes::{AstNode, NodeValue};

use crate::Warning;
use crate::position::Source;

/// Warnings for every emphasis pair broken by a space inside it.
pub fn broken_emphasis<'a>(root: &'a AstNode<'a>, source: &Source<'_>) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for node in root.descendants() {
        let data = node.data();
        let NodeValue::Text(text) = &data.value else {
            continue;
        };
        if !text.contains(['*', '_']) {
            continue;
        }
        // Positions are exact only when the node is the source as written (no escapes or
        // entities); an escaped `\*` is deliberate, so such nodes are skipped.
        let Some(written) = source.slice(data.sourcepos) else {
            continue;
        };
        if written != text.as_ref() {
            continue;
        }
        let Some(node_start) = source.offset(data.sourcepos.start) else {
            continue;
        };
        for broken in find_broken_pairs(text) {
            if source.escaped_at(node_start + broken.start) {
                continue;
            }
            if let Some((line, column)) = source.char_column(node_start + broken.start) {
                warnings.push(Warning {
                    line,
                    column,
                    message: broken.message(),
                });
            }
        }
    }
    warnings
}

/// A run of `*` or `_` and what surrounds it.
#[derive(Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    delimiter: char,
    /// Could open: nothing or whitespace or punctuation before it.
    open_side: bool,
    /// Could close: nothing or whitespace or punctuation after it.
    close_side: bool,
    space_before: bool,
    space_after: bool,
}

struct BrokenPair<'t> {
    /// Byte offset of the opener in the text node.
    start: usize,
    delimiters: &'t str,
    content: &'t str,
    space_after_opener: bool,
}

impl BrokenPair<'_> {
    fn message(&self) -> String {
        let kind = match self.delimiters.len() {
            1 => "italic",
            2 => "bold",
            _ => "bold italic",
        };
        let d = self.delimiters;
        let fixed = format!("{d}{}{d}", self.content.trim());
        let written = format!("{d}{}{d}", self.content);
        let problem = if self.space_after_opener {
            format!("`{d}` is followed by a space")
        } else {
            format!("the closing `{d}` is preceded by a space")
        };
        format!("{problem}, so `{written}` will not be {kind}: write `{fixed}`")
    }
}

fn find_broken_pairs(text: &str) -> Vec<BrokenPair<'_>> {
    let mut broken = Vec::new();
    let mut opener: Option<Run> = None;
    for run in delimiter_runs(text) {
        if let Some(open) = opener
            && open.delimiter == run.delimiter
            && open.end - open.start == run.end - run.start
        {
            let opener_broken = open.space_after;
            let closer_broken = run.space_before;
            // A closer must not run into the next word, and `_` never closes inside a word.
            let closes = run.close_side || (run.delimiter == '*' && !closer_broken);
            let content = &text[open.end..run.start];
            if closes && opener_broken != closer_broken && !content.trim().is_empty() {
                broken.push(BrokenPair {
                    start: open.start,
                    delimiters: &text[open.start..open.end],
                    content,
                    space_after_opener: opener_broken,
                });
            }
            opener = None;
            continue;
        }
        // Spaces on both sides (`2 * 3`) is arithmetic, never an opener.
        if run.open_side && !(run.space_before && run.space_after) {
            opener = Some(run);
        }
    }
    broken
}

fn delimiter_runs(text: &str) -> impl Iterator<Item = Run> + '_ {
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    std::iter::from_fn(move || {
        while let Some((start, c)) = chars.next() {
            if c != '*' && c != '_' {
                previous = Some(c);
                continue;
            }
            let mut end = start + 1;
            while let Some(&(i, next)) = chars.peek() {
                if next != c {
                    break;
                }
                end = i + 1;
                chars.next();
            }
            let after = chars.peek().map(|&(_, next)| next);
            let before = previous;
            previous = Some(c);
            let boundary =
                |side: Option<char>| side.is_none_or(|s| s.is_whitespace() || is_punctuation(s));
            return Some(Run {
                start,
                end,
                delimiter: c,
                open_side: boundary(before),
                close_side: boundary(after),
                space_before: before.is_some_and(char::is_whitespace),
                space_after: after.is_some_and(char::is_whitespace),
            });
        }
        None
    })
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace() && !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(usize, String)> {
        find_broken_pairs(text)
            .iter()
            .map(|pair| (pair.start, pair.message()))
            .collect()
    }

    #[test]
    fn space_after_opener() {
        let found = pairs("** healthcare**：AI辅助诊断");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 0);
        assert_eq!(
            found[0].1,
            "`**` is followed by a space, so `** healthcare**` will not be bold: write `**healthcare**`"
        );
    }

    #[test]
    fn space_before_closer() {
        let found = pairs("看 *重点 * 这里");
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("preceded by a space"), "{}", found[0].1);
        assert!(found[0].1.contains("italic"));
        assert_eq!(found[0].0, "看 ".len());
    }

    #[test]
    fn arithmetic_and_identifiers_are_fine() {
        for text in [
            "2 * 3 * 4",
            "a ** b ** c",
            "snake_case_name and __init__",
            "5*3 = 15",
            "file_name_ here",
            "**",
            "* ",
        ] {
            assert!(pairs(text).is_empty(), "{text}");
        }
    }
}
