//! Lint: another engine's template syntax left in the text, where boke prints it as it is —
//! Hexo's tag plugins (`{% note info %}`) and Hugo's Markdown shortcodes (`{{% notice %}}`).
//! Text nodes only, so code spans and code blocks that show the syntax never warn.

use comrak::nodes::{AstNode, NodeValue};

use crate::Warning;
use crate::position::Source;

/// A warning for the first opening tag left in each text node.
pub fn other_engines_tags<'a>(root: &'a AstNode<'a>, source: &Source<'_>) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for node in root.descendants() {
        let data = node.data();
        let NodeValue::Text(text) = &data.value else {
            continue;
        };
        let Some((start, tag, engine)) = find_tag(text) else {
            continue;
        };
        // Exact only when the node is the source as written; else the node's start.
        let offset = source
            .slice(data.sourcepos)
            .filter(|written| *written == text.as_ref())
            .and_then(|_| source.offset(data.sourcepos.start))
            .map(|node_start| node_start + start);
        let (line, column) = offset
            .and_then(|offset| source.char_column(offset))
            .unwrap_or((data.sourcepos.start.line, data.sourcepos.start.column));
        let advice = match engine {
            Engine::Hexo => {
                "`boke import hexo` converts the common tag plugins; or write a component, \
                 {{< note >}}…{{< /note >}}"
            }
            Engine::Hugo => {
                "`boke import hugo` converts the common shortcodes; boke's components are \
                 written {{< name >}}"
            }
        };
        warnings.push(Warning {
            line,
            column,
            message: format!(
                "`{tag}` is {} syntax, which boke shows as plain text: {advice}",
                engine.name()
            ),
        });
    }
    warnings
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    Hexo,
    Hugo,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Self::Hexo => "Hexo tag-plugin",
            Self::Hugo => "Hugo shortcode",
        }
    }
}

/// The first `{% … %}` or `{{% … %}}` in `text`: its byte offset, the tag shortened to its
/// name, and whose syntax it is.
fn find_tag(text: &str) -> Option<(usize, String, Engine)> {
    let mut from = 0;
    while let Some(found) = text[from..].find("{%") {
        let start = from + found;
        let hugo = text[..start].ends_with('{');
        let (open, close, engine) = if hugo {
            (start - 1, "%}}", Engine::Hugo)
        } else {
            (start, "%}", Engine::Hexo)
        };
        let inside = &text[start + 2..];
        if let Some(end) = inside.find(close) {
            let words = inside[..end].trim().trim_start_matches('-').trim();
            let name = words.split_whitespace().next().unwrap_or_default();
            // A closing tag (`{% endnote %}`, `{{% /notice %}}`) is the end of one reported.
            let closing = name.starts_with('/') || name.starts_with("end");
            if !closing
                && !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                let (left, right) = if hugo { ("{{%", "%}}") } else { ("{%", "%}") };
                return Some((open, format!("{left} {name} {right}"), engine));
            }
        }
        from = start + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_hexo_and_hugo_tags_and_not_lookalikes() {
        assert_eq!(
            find_tag("前文 {% note info %} 后文"),
            Some((7, "{% note %}".to_owned(), Engine::Hexo))
        );
        assert_eq!(
            find_tag("{{% notice tip %}}"),
            Some((0, "{{% notice %}}".to_owned(), Engine::Hugo))
        );
        assert_eq!(find_tag("{% endnote %}"), None);
        assert_eq!(find_tag("{{% /notice %}}"), None);
        assert_eq!(find_tag("100% 的 {%"), None);
        assert_eq!(find_tag("{% %}"), None);
        assert_eq!(find_tag("a {%= x %}"), None);
    }
}
