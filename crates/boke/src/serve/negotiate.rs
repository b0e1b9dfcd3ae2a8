//! Content negotiation between a page and its Markdown copy: whether a request's `Accept`
//! header asks for Markdown, and where a page's copy is.

/// Whether `accept` prefers `text/markdown` to `text/html`: Markdown named (not only through
/// `*/*` or `text/*`, which browsers and most clients send) with a q-value at least that of
/// HTML. Anything unreadable in the header counts as not asking, so the answer is HTML and
/// never 406.
pub(crate) fn prefers_markdown(accept: &str) -> bool {
    let ranges: Vec<(&str, f32)> = accept.split(',').filter_map(media_range).collect();
    let named = ranges
        .iter()
        .any(|(range, q)| range.eq_ignore_ascii_case("text/markdown") && *q > 0.0);
    named && quality(&ranges, "markdown") >= quality(&ranges, "html")
}

/// `text/html;q=0.8` → `("text/html", 0.8)`; a range without q is 1.
fn media_range(item: &str) -> Option<(&str, f32)> {
    let mut parts = item.split(';');
    let range = parts.next()?.trim();
    if range.is_empty() {
        return None;
    }
    let mut q = 1.0;
    for parameter in parts {
        if let Some((name, value)) = parameter.split_once('=')
            && name.trim().eq_ignore_ascii_case("q")
        {
            q = value.trim().parse::<f32>().ok()?.clamp(0.0, 1.0);
        }
    }
    Some((range, q))
}

/// The q-value `ranges` give `text/<subtype>`: that of the most specific range matching it
/// (RFC 9110, 12.5.1), 0 when none does.
fn quality(ranges: &[(&str, f32)], subtype: &str) -> f32 {
    let exact = format!("text/{subtype}");
    let mut best: Option<(u8, f32)> = None;
    for (range, q) in ranges {
        let specificity = if range.eq_ignore_ascii_case(&exact) {
            3
        } else if range.eq_ignore_ascii_case("text/*") {
            2
        } else if *range == "*/*" {
            1
        } else {
            continue;
        };
        if best.is_none_or(|(s, _)| specificity > s) {
            best = Some((specificity, *q));
        }
    }
    best.map_or(0.0, |(_, q)| q)
}

/// The output path of the Markdown copy of the HTML file at `output_path`:
/// `posts/a/index.html` → `posts/a/index.md`, `a.html` → `a.md`; `None` for other files.
pub(crate) fn mirror_of(output_path: &str) -> Option<String> {
    output_path
        .strip_suffix(".html")
        .map(|stem| format!("{stem}.md"))
}

/// The URL of the Markdown copy of the page a request path names, as the request spelled it:
/// `/posts/a/` → `/posts/a/index.md`, `/a.html` → `/a.md`.
pub(crate) fn mirror_url(request_path: &str) -> String {
    match request_path.strip_suffix(".html") {
        Some(stem) => format!("{stem}.md"),
        None if request_path.ends_with('/') => format!("{request_path}index.md"),
        None => format!("{request_path}/index.md"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_only_when_named_and_not_below_html() {
        for accept in [
            "text/markdown",
            "text/markdown, text/html",
            "text/html;q=0.5, text/markdown",
            "text/html;q=0.9, text/markdown;q=0.9",
            "text/markdown;charset=utf-8, */*;q=0.1",
            "TEXT/MARKDOWN",
            "text/markdown, text/*;q=0.2",
        ] {
            assert!(prefers_markdown(accept), "{accept}");
        }
        for accept in [
            "",
            "*/*",
            "text/*",
            "text/html",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "text/html, text/markdown;q=0.5",
            "text/markdown;q=0",
            "text/markdown;q=abc",
            "text/plain",
        ] {
            assert!(!prefers_markdown(accept), "{accept}");
        }
    }

    #[test]
    fn mirror_paths_and_urls() {
        assert_eq!(
            mirror_of("posts/a/index.html").as_deref(),
            Some("posts/a/index.md")
        );
        assert_eq!(mirror_of("a.html").as_deref(), Some("a.md"));
        assert_eq!(mirror_of("atom.xml"), None);
        assert_eq!(mirror_url("/posts/%E4%BA%BA/"), "/posts/%E4%BA%BA/index.md");
        assert_eq!(mirror_url("/a.html"), "/a.md");
        assert_eq!(mirror_url("/"), "/index.md");
    }
}
