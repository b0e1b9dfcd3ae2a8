//! Reader text to safe HTML: Markdown with raw HTML off, then an ammonia allow-list, so nothing
//! a reader writes can run script in another reader's browser.

use std::collections::HashSet;
use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .add_tags([
            "p",
            "br",
            "strong",
            "em",
            "del",
            "code",
            "pre",
            "blockquote",
            "ul",
            "ol",
            "li",
            "a",
            "hr",
            "h3",
            "h4",
            "h5",
            "h6",
        ])
        .add_tag_attributes("a", ["href"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("nofollow ugc noopener noreferrer"))
        .strip_comments(true);
    builder
});

/// Renders a reader's Markdown comment to sanitized HTML.
pub fn comment_html(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.render.r#unsafe = false;
    let html = comrak::markdown_to_html(markdown, &options);
    sanitize_html(&html)
}

/// Sanitizes HTML from elsewhere (imported comments) with the same allow-list.
pub fn sanitize_html(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// Keeps a reader-supplied website only when it is a plain http(s) URL.
pub fn safe_website(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() <= 300
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>`".contains(c));
    ok.then(|| url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_basic_formatting() {
        let html = comment_html("**粗体** and *em*\n\n- item\n\n`code`");
        assert!(html.contains("<strong>粗体</strong>"), "{html}");
        assert!(html.contains("<em>em</em>"), "{html}");
        assert!(html.contains("<li>item</li>"), "{html}");
        assert!(html.contains("<code>code</code>"), "{html}");
    }

    #[test]
    fn links_get_rel_and_keep_http_only() {
        let html = comment_html("[x](https://example.com) [y](javascript:alert(1))");
        assert!(
            html.contains(
                r#"<a href="https://example.com" rel="nofollow ugc noopener noreferrer">x</a>"#
            ),
            "{html}"
        );
        assert!(!html.contains("javascript"), "{html}");
    }

    #[test]
    fn websites_must_be_http() {
        assert_eq!(
            safe_website(" https://a.example/ ").as_deref(),
            Some("https://a.example/")
        );
        assert_eq!(safe_website("javascript:alert(1)"), None);
        assert_eq!(safe_website("https://a.example/\"onmouseover=x"), None);
        assert_eq!(safe_website("data:text/html,hi"), None);
    }
}
