//! Summaries: the `<!-- more -->` marker and cutting the first paragraph to length.

/// Whether an HTML block is the `<!-- more -->` marker (spacing and case are forgiven).
pub fn is_more_marker(html_block: &str) -> bool {
    let Some(inner) = html_block
        .trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
    else {
        return false;
    };
    inner.trim().eq_ignore_ascii_case("more")
}

/// Cuts `text` to at most `max_chars` characters (never inside a character), ending in `…`
/// when something was cut. Trailing whitespace before the ellipsis is dropped.
pub fn cut(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_string(),
        Some((byte_index, _)) => {
            let mut cut = text[..byte_index].trim_end().to_string();
            cut.push('…');
            cut
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_marker() {
        assert!(is_more_marker("<!-- more -->\n"));
        assert!(is_more_marker("<!--more-->"));
        assert!(is_more_marker("  <!-- MORE -->  "));
        assert!(!is_more_marker("<!-- more than this -->"));
        assert!(!is_more_marker("<div>more</div>"));
    }

    #[test]
    fn cuts_on_characters_not_bytes() {
        assert_eq!(cut("探讨2026年人工智能", 4), "探讨20…");
        assert_eq!(cut("短文", 4), "短文");
        assert_eq!(cut("四个汉字", 4), "四个汉字");
        assert_eq!(cut("ab cd", 3), "ab…");
        assert_eq!(cut("", 0), "");
        assert_eq!(cut("中", 0), "…");
    }
}
