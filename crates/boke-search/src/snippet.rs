//! Cuts a short excerpt of a document's text around the first match and wraps every match in
//! `<mark>`, HTML-escaping the rest. Mirrored in `assets/search.js` character for character.

use crate::query::Term;
use crate::tokenize::units;

/// Characters shown in a snippet.
const WINDOW: usize = 100;
/// Characters shown before the first match.
const LEAD: usize = 20;

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
    let mut start = anchor.saturating_sub(LEAD);
    let end = chars.len().min(start + WINDOW);
    if end - start < WINDOW {
        start = end.saturating_sub(WINDOW);
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut open = false;
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        let in_mark = merged.iter().any(|&(s, e)| s <= i && i < e);
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
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    if end < chars.len() {
        out.push('…');
    }
    out
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
        assert!(
            s.starts_with(&format!("…{}<mark>缩放定律</mark>", "甲".repeat(20))),
            "{s}"
        );
        assert!(s.ends_with('…'));
        assert_eq!(s.chars().filter(|&c| c == '甲' || c == '乙').count(), 96);
    }
}
