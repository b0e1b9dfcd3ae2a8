//! Links inside a page's HTML made to work away from the page: in feeds (absolute URLs) and
//! in lists (a summary's `chart.png` resolved against its post's URL, not the list's).

/// Rewrites the `href` and `src` attributes of a post's HTML to absolute URLs, because feed
/// readers show it away from the site: `/x/` becomes `<base>/x/`; `#a` and `cover.png` are
/// resolved against the post's own URL.
pub(crate) fn absolute_links(html: &str, base: &str, page_url: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some((value_start, quote)) = next_link_value(rest) {
        let (head, tail) = rest.split_at(value_start);
        out.push_str(head);
        let Some(value_end) = tail.find(quote) else {
            rest = tail;
            break;
        };
        out.push_str(&resolve(&tail[..value_end], base, page_url));
        rest = &tail[value_end..];
    }
    out.push_str(rest);
    out
}

/// Where the value of the next ` href="` or ` src='` begins, and its quote. One pass over
/// the text from `=` to `=`: looking for each attribute name in turn would scan the rest of
/// the post again for every link.
fn next_link_value(html: &str) -> Option<(usize, char)> {
    let mut from = 0;
    while let Some(at) = html[from..].find('=') {
        let equals = from + at;
        let before = &html[..equals];
        let name_start = ["href", "src"]
            .into_iter()
            .find_map(|name| before.ends_with(name).then(|| equals - name.len()));
        if let Some(name_start) = name_start {
            let preceded_by_space = html[..name_start]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace);
            match html[equals + 1..].chars().next() {
                Some(quote @ ('"' | '\'')) if preceded_by_space => {
                    return Some((equals + 2, quote));
                }
                _ => {}
            }
        }
        from = equals + 1;
    }
    None
}

/// The absolute form of a link, with characters outside ASCII (Chinese anchors and paths)
/// percent-encoded; existing `%XX` escapes are kept as they are.
fn resolve(value: &str, base: &str, page_url: &str) -> String {
    let absolute = absolute_form(value, base, page_url);
    percent_encoding::utf8_percent_encode(&absolute, &NOT_URL).to_string()
}

/// Bytes that cannot stand in a URL as they are; `utf8_percent_encode` adds all of non-ASCII.
const NOT_URL: percent_encoding::AsciiSet = percent_encoding::CONTROLS.add(b' ');

fn absolute_form(value: &str, base: &str, page_url: &str) -> String {
    let has_scheme = value.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if value.is_empty() || has_scheme || value.starts_with("//") {
        value.to_owned()
    } else if value.starts_with('/') {
        format!("{base}{value}")
    } else if value.starts_with(['#', '?']) {
        format!("{page_url}{value}")
    } else {
        let folder = &page_url[..page_url.rfind('/').map_or(page_url.len(), |i| i + 1)];
        format!("{folder}{}", value.trim_start_matches("./"))
    }
}

/// A post's summary as lists show it: relative links and images resolved against the post's
/// URL path, so that a folder post's `![封面](chart.png)` shows on the home page too.
pub(crate) fn for_lists(html: &str, page_url: &str) -> String {
    absolute_links(html, "", page_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://b.example";
    const PAGE: &str = "https://b.example/posts/%E4%B8%AD/";

    #[test]
    fn links_become_absolute() {
        let html = r##"<a href="/tags/中/">t</a><a href="#中文">a</a> <a href="/tags/x/">t</a> <img src="cover.png" alt=""> <a href="#h">h</a> <a href='./a.pdf'>p</a>"##;
        assert_eq!(
            absolute_links(html, BASE, PAGE),
            r##"<a href="https://b.example/tags/%E4%B8%AD/">t</a><a href="https://b.example/posts/%E4%B8%AD/#%E4%B8%AD%E6%96%87">a</a> <a href="https://b.example/tags/x/">t</a> <img src="https://b.example/posts/%E4%B8%AD/cover.png" alt=""> <a href="https://b.example/posts/%E4%B8%AD/#h">h</a> <a href='https://b.example/posts/%E4%B8%AD/a.pdf'>p</a>"##
        );
    }

    #[test]
    fn absolute_and_other_schemes_are_kept() {
        let html = r#"<a href="https://x.org/a">x</a><a href="mailto:a@b.c">m</a><img src="//cdn.x/i.png"><img src="data:image/png;base64,AA">"#;
        assert_eq!(absolute_links(html, BASE, PAGE), html);
    }

    #[test]
    fn a_summary_keeps_its_images_on_list_pages() {
        let summary = r##"<p><img src="chart.png" alt="封面"> <a href="#结论">结论</a> <a href="/about/">关于</a></p>"##;
        assert_eq!(
            for_lists(summary, "/posts/%E4%B8%AD/"),
            r##"<p><img src="/posts/%E4%B8%AD/chart.png" alt="封面"> <a href="/posts/%E4%B8%AD/#%E7%BB%93%E8%AE%BA">结论</a> <a href="/about/">关于</a></p>"##
        );
    }

    #[test]
    fn text_that_only_looks_like_an_attribute_is_kept() {
        let html = "<p>write href=&quot;/x&quot; like this: <code>src=&quot;/y&quot;</code></p><p data-href=\"/z\"></p>";
        let out = absolute_links(html, BASE, PAGE);
        assert!(out.contains("<code>src=&quot;/y&quot;</code>"), "{out}");
        assert!(out.contains("data-href=\"/z\""), "{out}");
        assert!(out.contains("href=&quot;/x&quot;"), "{out}");
    }
}
