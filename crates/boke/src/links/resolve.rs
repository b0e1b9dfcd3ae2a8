//! Where a link on a page of the site points, as a reader's browser would follow it: another
//! host, another scheme, or an output path of this site with an anchor. Shared by `boke check`,
//! which knows every page, and by the build's check of what each page's own text links to.

use percent_encoding::percent_decode_str;

/// A link read off a page.
pub(crate) enum Link {
    /// Another host: the URL to request.
    External(String),
    /// `mailto:`, `tel:`, `data:`, `javascript:` and other schemes: nothing to check.
    Ignored,
    /// Not a link any browser can follow; the message says why.
    Invalid(String),
    /// A path of this site.
    Local(Local),
}

/// A link to this site, resolved against the page it is on.
pub(crate) struct Local {
    /// Output path without a leading slash: `posts/a/`, `img/b.png`, `` for the home page.
    pub(crate) path: String,
    /// The decoded anchor, when one that names an element is given (not `#` or `#top`).
    pub(crate) anchor: Option<String>,
}

impl Local {
    /// The output files a server would answer the path with, in the order it tries them.
    pub(crate) fn candidates(&self) -> Vec<String> {
        let path = &self.path;
        if path.is_empty() || path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.clone(), format!("{path}/index.html")]
        }
    }

    /// The URL path the message names (`/posts/a/` rather than `posts/a/index.html`).
    pub(crate) fn shown(&self) -> String {
        format!("/{}", self.path.trim_end_matches("index.html"))
    }
}

/// What the link `target`, written on the page at output path `page` (`posts/a/index.html`),
/// points to on a site served at `base_url`.
pub(crate) fn classify(page: &str, target: &str, base_url: &str) -> Link {
    let target = target.trim();
    let lower = target.to_ascii_lowercase();
    let local = if let Some(rest) = target
        .strip_prefix(base_url)
        .filter(|_| !base_url.is_empty())
    {
        format!("/{rest}")
    } else if lower.starts_with("http://") || lower.starts_with("https://") {
        return Link::External(target.to_owned());
    } else if target.starts_with("//") {
        return Link::External(format!("https:{target}"));
    } else if target.is_empty()
        || target
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'))
    {
        return Link::Ignored;
    } else {
        target.to_owned()
    };
    let (path_part, fragment) = match local.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (local.as_str(), None),
    };
    let path_part = path_part.split('?').next().unwrap_or_default();
    let Ok(decoded) = percent_decode_str(path_part).decode_utf8() else {
        return Link::Invalid(format!(
            "broken link `{target}`: not valid percent-encoding"
        ));
    };
    let path = if decoded.is_empty() {
        page.to_owned()
    } else {
        resolve_path(page, &decoded)
    };
    let anchor = fragment
        .filter(|f| !f.is_empty() && *f != "top")
        .map(|f| percent_decode_str(f).decode_utf8_lossy().into_owned());
    Link::Local(Local { path, anchor })
}

/// Resolves a decoded link path against the output path of the page it is on, to an output
/// path without a leading slash (`/a/b/` → `a/b/`; `../c/` from `a/b/index.html` → `a/c/`).
pub(crate) fn resolve_path(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        let mut base: Vec<&str> = page.split('/').collect();
        base.pop();
        base
    };
    let trailing = link.ends_with('/') || link.ends_with("/.") || link.ends_with("/..");
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    if trailing && !path.is_empty() {
        path.push('/');
    }
    path
}

/// The line and column of a link in the Markdown it came from, tried as written and decoded.
pub(crate) fn find_in_source(markdown: &str, target: &str) -> Option<(usize, usize)> {
    let decoded = percent_decode_str(target).decode_utf8_lossy();
    [target, decoded.as_ref()]
        .iter()
        .find_map(|needle| markdown.find(needle))
        .map(|offset| crate::diagnostic::line_column(markdown, offset))
}

/// The message for a link whose path names no file; `image` when it is an `<img>`'s source.
pub(crate) fn missing(target: &str, local: &Local, image: bool) -> String {
    let what = if image {
        "missing image"
    } else {
        "broken link"
    };
    format!(
        "{what} `{}`: no page or file at `{}`",
        readable(target),
        local.shown()
    )
}

/// The message for a link to a page that has no element with its anchor.
pub(crate) fn no_anchor(target: &str, found: &str, anchor: &str) -> String {
    format!(
        "broken anchor `{}`: `{found}` has no id `{anchor}`",
        readable(target)
    )
}

/// A link as its writer typed it: Markdown percent-encodes Chinese paths in the HTML.
fn readable(target: &str) -> std::borrow::Cow<'_, str> {
    percent_decode_str(target).decode_utf8_lossy()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_absolute_links() {
        assert_eq!(resolve_path("posts/a/index.html", "/posts/b/"), "posts/b/");
        assert_eq!(resolve_path("posts/a/index.html", "../b/"), "posts/b/");
        assert_eq!(
            resolve_path("posts/a/index.html", "cover.png"),
            "posts/a/cover.png"
        );
        assert_eq!(resolve_path("index.html", "/"), "");
        assert_eq!(resolve_path("a/index.html", "../../../etc"), "etc");
    }

    #[test]
    fn classifies_schemes_hosts_and_anchors() {
        let page = "posts/a/index.html";
        let base = "https://blog.example/";
        assert!(matches!(
            classify(page, "mailto:a@b.c", base),
            Link::Ignored
        ));
        assert!(matches!(
            classify(page, "//cdn.example/x.js", base),
            Link::External(url) if url == "https://cdn.example/x.js"
        ));
        let Link::Local(local) = classify(page, "https://blog.example/posts/b/#%E7%AC%AC", base)
        else {
            panic!("a link on the site's own address is local");
        };
        assert_eq!(local.path, "posts/b/");
        assert_eq!(local.anchor.as_deref(), Some("第"));
        assert_eq!(local.candidates(), ["posts/b/index.html"]);
        let Link::Local(top) = classify(page, "#top", base) else {
            panic!("an anchor alone is local");
        };
        assert_eq!(top.path, page);
        assert_eq!(top.anchor, None);
    }
}
