//! A small scanner over the HTML boke writes: the links of a page (`href`, `src`) and the ids
//! it can be linked to. Not a general HTML parser: it reads tags and attributes, skips
//! comments and the insides of `script` and `style`, and decodes character references.

use std::collections::HashSet;

/// A link found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    /// Lower-case tag name: `a`, `img`, `link`, …
    pub(crate) tag: String,
    /// The attribute value, character references decoded.
    pub(crate) target: String,
}

/// An `<img>` of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Image {
    pub(crate) src: String,
    /// `None` when the tag has no `alt` at all; `Some("")` marks a decorative image.
    pub(crate) alt: Option<String>,
}

/// What a page links to and what it can be linked to.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub(crate) links: Vec<Link>,
    pub(crate) images: Vec<Image>,
    /// Every `id`, and `name` of `<a>` (old-style anchors).
    pub(crate) ids: HashSet<String>,
}

/// Scans one HTML page.
pub(crate) fn scan(html: &str) -> Scan {
    let mut scan = Scan::default();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let name_len = rest[1..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len() - 1);
        let name = rest[1..1 + name_len].to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            rest = &rest[1..];
            continue;
        }
        let (attributes, after) = attributes(&rest[1 + name_len..]);
        if name == "img" {
            let value_of = |wanted: &str| {
                attributes
                    .iter()
                    .find(|(key, _)| key == wanted)
                    .map(|(_, value)| value.clone())
            };
            scan.images.push(Image {
                src: value_of("src").unwrap_or_default(),
                alt: value_of("alt"),
            });
        }
        for (key, value) in attributes {
            match key.as_str() {
                "id" => {
                    scan.ids.insert(value);
                }
                "name" if name == "a" => {
                    scan.ids.insert(value);
                }
                "href" | "src" => scan.links.push(Link {
                    tag: name.clone(),
                    target: value,
                }),
                _ => {}
            }
        }
        rest = after;
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = find_ascii_case_insensitive(rest, &close).map_or("", |end| &rest[end..]);
        }
    }
    scan
}

/// Reads attributes up to the end of the tag: `(name, decoded value)` and the text after `>`.
fn attributes(mut text: &str) -> (Vec<(String, String)>, &str) {
    let mut found = Vec::new();
    loop {
        text = text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if text.is_empty() {
            return (found, "");
        }
        if let Some(after) = text.strip_prefix('>') {
            return (found, after);
        }
        let name_len = text
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(text.len());
        let name = text[..name_len].to_ascii_lowercase();
        text = text[name_len..].trim_start();
        let Some(value_start) = text.strip_prefix('=') else {
            if name_len == 0 {
                // A stray character: step over it rather than loop on it.
                text = &text[text.chars().next().map_or(0, char::len_utf8)..];
            } else {
                found.push((name, String::new()));
            }
            continue;
        };
        let value_start = value_start.trim_start();
        let (raw, after) = match value_start.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = &value_start[1..];
                match inner.find(quote) {
                    Some(end) => (&inner[..end], &inner[end + 1..]),
                    None => (inner, ""),
                }
            }
            _ => {
                let end = value_start
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .unwrap_or(value_start.len());
                (&value_start[..end], &value_start[end..])
            }
        };
        found.push((name, decode_references(raw)));
        text = after;
    }
}

/// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric references.
pub(crate) fn decode_references(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                _ => entity.strip_prefix('#').and_then(|number| {
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_and_ids() {
        let html = r#"<h2 id="1-大模型的范式转变">x</h2><a href="/posts/a/#x&amp;y" class=z>a</a>
            <img alt='p' src=/img/a.png><a name=old>o</a><p>a &lt;a href="/not-a-link"&gt;</p>"#;
        let scan = scan(html);
        let targets: Vec<(&str, &str)> = scan
            .links
            .iter()
            .map(|l| (l.tag.as_str(), l.target.as_str()))
            .collect();
        assert_eq!(targets, [("a", "/posts/a/#x&y"), ("img", "/img/a.png")]);
        assert!(scan.ids.contains("1-大模型的范式转变"));
        assert!(scan.ids.contains("old"));
    }

    #[test]
    fn skips_comments_scripts_and_styles() {
        let html = "<!-- <a href=\"/c\"> --><script>if (a<b) x='<a href=\"/s\">'</script>\
                    <style>a[href=\"/t\"]{}</style><a href=\"/real\">r</a>";
        let targets: Vec<String> = scan(html).links.into_iter().map(|l| l.target).collect();
        assert_eq!(targets, ["/real"]);
    }

    #[test]
    fn decodes_numeric_references() {
        assert_eq!(
            decode_references("&#20013;&#x6587;&amp;&bogus"),
            "中文&&bogus"
        );
    }
}
