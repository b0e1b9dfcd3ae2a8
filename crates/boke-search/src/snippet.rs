//! Cuts a short excerpt of a document's prose around the first match and wraps every match in
//! `<mark>`, HTML-escaping the rest. It starts at the sentence or clause the match is in (or at
//! the line, a heading or a paragraph, it opens), shows lines apart with [`SEPARATOR`], and
//! holds at most [`WINDOW`] characters of the text. Mirrored in `assets/search.js` character
//! for character.

use crate::query::Term;
use crate::tokenize::units;

/// Characters of the text shown in a snippet.
const WINDOW: usize = 100;
/// How far before the first match a snippet looks for the start of its sentence or clause.
const LEAD: usize = 40;
/// A snippet that would end on a sentence end at least this far in ends there.
const MIN_BEFORE_END: usize = 60;
/// Shown between two lines of the text (a heading and the paragraph after it).
const SEPARATOR: &str = " · ";

/// A character after which a sentence or a clause starts (`、` only parts the items of a list).
fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '\n' | '。' | '！' | '？' | '；' | '，' | '：' | '!' | '?' | ';' | ','
    )
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\r' | '\t' | '\u{3000}')
}

pub fn snippet(text: &str, terms: &[Term]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let doc = units(text);
    let mut marks: Vec<(usize, usize)> = Vec::new();
    for term in terms {
        let n = term.units.len();
        for i in 0..doc.len().saturating_sub(n - 1) {
            let window = &doc[i..i + n];
            let (d0, q0) = (window[0].slot, term.units[0].slot);
            let same = window
                .iter()
                .zip(&term.units)
                .all(|(d, q)| d.key == q.key && d.slot - d0 == q.slot - q0);
            if same {
                marks.push((window[0].start, window[n - 1].end));
            }
        }
    }
    marks.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in marks {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let anchor = merged.first().map_or(0, |m| m.0);
    let (start, end) = bounds(&chars, anchor);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut open = false;
    let mut pending_break = false;
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        if c == '\n' {
            pending_break = true;
            continue;
        }
        let in_mark = merged.iter().any(|&(s, e)| s <= i && i < e);
        if pending_break {
            if open {
                out.push_str("</mark>");
                open = false;
            }
            out.push_str(SEPARATOR);
            pending_break = false;
        }
        if in_mark != open {
            out.push_str(if in_mark { "<mark>" } else { "</mark>" });
            open = in_mark;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    if chars[end..].iter().any(|&c| !is_space(c)) {
        out.push('…');
    }
    out
}

/// The characters shown for a first match at `anchor`: from the start of its sentence or clause
/// within [`LEAD`] characters (else from the first space there, else from the match), spaces skipped,
/// for at most [`WINDOW`] characters, ending on a sentence end when one comes late enough.
/// A snippet as plain text, for terminals and agents: each `<mark>`ed match between `open`
/// and `close`, the HTML entities [`snippet`] wrote decoded.
pub fn snippet_text(html: &str, open: &str, close: &str) -> String {
    html.replace("<mark>", open)
        .replace("</mark>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn bounds(chars: &[char], anchor: usize) -> (usize, usize) {
    let lead = anchor.saturating_sub(LEAD)..anchor;
    let mut start = match lead.clone().rev().find(|&i| is_boundary(chars[i])) {
        Some(i) => i + 1,
        // The text's start is a boundary too.
        None if anchor <= LEAD => 0,
        // Else from the first space within reach: some words before the match, none cut.
        None => lead
            .into_iter()
            .find(|&i| is_space(chars[i]))
            .map_or(anchor, |i| i + 1),
    };
    while start < chars.len() && is_space(chars[start]) {
        start += 1;
    }
    let mut end = chars.len().min(start + WINDOW);
    if end < chars.len()
        && let Some(i) = (start + MIN_BEFORE_END..end)
            .rev()
            .find(|&i| matches!(chars[i], '。' | '！' | '？' | '\n'))
    {
        end = i + 1;
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    #[test]
    fn marks_matches_and_escapes() {
        let s = snippet("用 <b> 做多模态，多模型不算。", &parse("多模态"));
        assert_eq!(s, "用 &lt;b&gt; 做<mark>多模态</mark>，多模型不算。");
    }

    #[test]
    fn marks_folded_forms_in_the_original_text() {
        let s = snippet("開源模型與 AGENTS", &parse("开源 agent"));
        assert_eq!(s, "<mark>開源</mark>模型與 <mark>AGENTS</mark>");
    }

    #[test]
    fn cuts_a_window_around_the_first_match() {
        let text = format!("{}缩放定律{}", "甲".repeat(300), "乙".repeat(300));
        let s = snippet(&text, &parse("缩放定律"));
        // No boundary before the match: the snippet opens on it.
        assert!(s.starts_with("…<mark>缩放定律</mark>乙"), "{s}");
        assert!(s.ends_with('…'));
        assert_eq!(s.chars().filter(|&c| c == '甲' || c == '乙').count(), 96);
    }

    /// The characters of a snippet's text, markup and the leading and trailing `…` removed.
    fn shown(snippet: &str) -> String {
        snippet
            .replace("<mark>", "")
            .replace("</mark>", "")
            .trim_matches('…')
            .to_owned()
    }

    #[test]
    fn starts_at_the_clause_of_the_match() {
        let text = format!(
            "{}。第二句先铺垫一些话，然后谈到多模态模型的进展，再往后还有很长很长的内容{}",
            "第一句".repeat(20),
            "乙".repeat(200)
        );
        let s = snippet(&text, &parse("多模态"));
        assert!(s.starts_with("…然后谈到<mark>多模态</mark>"), "{s}");
        assert!(shown(&s).chars().count() <= WINDOW, "{s}");
        // Far from any boundary, a Latin match starts at a whole word some way before it.
        let latin = format!("{}the scaling laws hold", "wordy ".repeat(30));
        let s = snippet(&latin, &parse("scaling"));
        assert!(s.starts_with("…wordy wordy "), "{s}");
        assert!(s.contains("wordy the <mark>scaling</mark> laws"), "{s}");
    }

    #[test]
    fn lines_are_shown_apart() {
        let text = "引言\n多模态融合\n文本、图像与视频的融合。\n";
        let s = snippet(text, &parse("多模态"));
        // The match opens its line: the snippet starts there.
        assert_eq!(s, "…<mark>多模态</mark>融合 · 文本、图像与视频的融合。");
        let s = snippet(text, &parse("图像"));
        assert_eq!(s, "…文本、<mark>图像</mark>与视频的融合。");
    }

    #[test]
    fn ends_on_a_sentence_end_late_in_the_window() {
        let text = format!("多模态{}。{}", "甲".repeat(70), "乙".repeat(100));
        let s = snippet(&text, &parse("多模态"));
        assert!(s.ends_with("甲。…"), "{s}");
        assert_eq!(shown(&s).chars().count(), 3 + 70 + 1);
    }
}
