//! Optional pangu spacing: a space between CJK and Latin letters or digits, applied to text nodes
//! only. Code, URLs and attributes are never text nodes; a link that shows its own address
//! (an autolink) is left alone too.

use comrak::nodes::{AstNode, NodeValue};

use boke_cjk::is_cjk_word;

pub fn add_spacing<'a>(root: &'a AstNode<'a>) {
    for node in root.descendants() {
        let shows_own_address = node.parent().is_some_and(|parent| {
            matches!(&parent.data().value, NodeValue::Link(link)
                if matches!(&node.data().value, NodeValue::Text(t) if link.url.ends_with(t.as_ref())))
        });
        if shows_own_address {
            continue;
        }
        let mut data = node.data_mut();
        if let NodeValue::Text(text) = &mut data.value
            && let Some(spaced) = spaced(text)
        {
            *text = spaced.into();
        }
    }
}

fn is_latin_or_digit(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The text with spaces inserted, or `None` when nothing changes (the common case allocates
/// nothing).
fn spaced(text: &str) -> Option<String> {
    let mut out: Option<String> = None;
    let mut previous: Option<char> = None;
    for (index, c) in text.char_indices() {
        let needs_space = previous.is_some_and(|p| {
            (is_cjk_word(p) && is_latin_or_digit(c)) || (is_latin_or_digit(p) && is_cjk_word(c))
        });
        if needs_space {
            let out = out.get_or_insert_with(|| {
                let mut s = String::with_capacity(text.len() + 8);
                s.push_str(&text[..index]);
                s
            });
            out.push(' ');
        }
        if let Some(out) = out.as_mut() {
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::spaced;

    #[test]
    fn spaces_between_cjk_and_latin() {
        assert_eq!(spaced("2026年AI发展").as_deref(), Some("2026 年 AI 发展"));
        assert_eq!(spaced("用GPT-4o写"), Some("用 GPT-4o 写".to_string()));
        assert_eq!(spaced("中文。English"), None);
        assert_eq!(spaced("已经 spaced 了"), None);
    }
}
