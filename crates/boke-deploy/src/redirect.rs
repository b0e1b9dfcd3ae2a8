//! Alias pages as object redirects (`redirects = "metadata"`): finding the small pages whose
//! whole job is a zero-delay `<meta http-equiv="refresh">` (what `boke build` writes at an
//! alias, as Hugo and Zola do), and the `x-amz-website-redirect-location` each becomes: the
//! target's path when it is on the site's own host, else the whole URL.

use std::path::Path;

use rayon::prelude::*;

use crate::Error;
use crate::headers::extension;
use crate::manifest::Manifest;
use crate::store::folder::Folder;

/// A page larger than this is a page, not a redirect: an alias page is a few hundred bytes.
pub const MAX_SIZE: u64 = 4096;

/// Notes on each alias page of `manifest` (files in `public`) where it redirects to.
pub fn mark(manifest: &mut Manifest, public: &Path, site_url: &str) -> Result<(), Error> {
    let source = Folder::new(public.to_path_buf());
    let found = manifest
        .files
        .par_iter()
        .filter(|(path, entry)| {
            entry.size <= MAX_SIZE && matches!(extension(path).as_str(), "html" | "htm")
        })
        .map(|(path, _)| {
            let file = source.local_path(path);
            let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
            let html = String::from_utf8_lossy(&bytes);
            Ok(refresh_url(&html)
                .and_then(|url| location(&url, site_url))
                .map(|location| (path.clone(), location)))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    for (path, location) in found.into_iter().flatten() {
        if let Some(entry) = manifest.files.get_mut(&path) {
            entry.redirect = Some(location);
        }
    }
    Ok(())
}

/// The URL of a page's zero-delay `<meta http-equiv="refresh" content="0; url=…">`.
pub fn refresh_url(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut rest = 0;
    while let Some(at) = lower[rest..].find("<meta") {
        let start = rest + at + "<meta".len();
        let end = start + lower[start..].find('>')?;
        rest = end;
        let attributes = attributes(&html[start..end]);
        let value = |name: &str| {
            attributes
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        if !value("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh")) {
            continue;
        }
        let (delay, url) = value("content")?.split_once(';')?;
        if delay.trim().parse::<f64>().ok() != Some(0.0) {
            return None;
        }
        let url = url.trim();
        let url = url
            .get(..3)
            .filter(|word| word.eq_ignore_ascii_case("url"))
            .map_or(url, |_| url[3..].trim_start());
        let url = url.strip_prefix('=')?.trim();
        let url = url.trim_matches(|c| c == '"' || c == '\'');
        return (!url.is_empty()).then(|| url.to_string());
    }
    None
}

/// A tag's attributes, `name=value` with the value quoted or bare, entities undone.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut chars = tag.char_indices().peekable();
    loop {
        while chars
            .next_if(|(_, c)| c.is_whitespace() || *c == '/')
            .is_some()
        {}
        let Some(&(start, _)) = chars.peek() else {
            return found;
        };
        let mut end = start;
        while let Some((i, c)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != '=') {
            end = i + c.len_utf8();
        }
        let name = tag[start..end].to_string();
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        if chars.next_if(|(_, c)| *c == '=').is_none() {
            found.push((name, String::new()));
            continue;
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let quote = chars
            .next_if(|(_, c)| *c == '"' || *c == '\'')
            .map(|(_, c)| c);
        let mut value = String::new();
        for (_, c) in chars.by_ref() {
            match quote {
                Some(q) if c == q => break,
                None if c.is_whitespace() => break,
                _ => value.push(c),
            }
        }
        found.push((name, unescape(&value)));
    }
}

/// `text` with its character references undone: numeric ones (`&#x2f;`, as boke's pages
/// escape `/`, and `&#47;`) and the named ones a URL's characters are written with.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').and_then(|end| {
            let name = &rest[1..end];
            let character = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            character.map(|c| (c, end + 1))
        });
        match decoded {
            Some((character, length)) => {
                out.push(character);
                rest = &rest[length..];
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

/// The redirect location for `url`: its path (with query and fragment) when it is on the
/// host of `site_url` or `site_url` is not given, the URL itself on another host; `None` for
/// a URL relative to the page, which the page resolves better than a header could.
pub fn location(url: &str, site_url: &str) -> Option<String> {
    if url.starts_with('/') && !url.starts_with("//") {
        return Some(ascii(url));
    }
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let (host, path) = rest
        .find(['/', '?', '#'])
        .map_or((rest, "/"), |at| rest.split_at(at));
    let site_host = site_url
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(rest))
        .filter(|host| !host.is_empty());
    let own = site_host.is_none_or(|site| site.eq_ignore_ascii_case(host));
    match (own, path.starts_with('/')) {
        (true, true) => Some(ascii(path)),
        (true, false) => Some(ascii(&format!("/{path}"))),
        (false, _) => Some(ascii(url)),
    }
}

/// `text` with every byte a header value may not hold percent-encoded (non-ASCII, spaces,
/// controls), and the rest, `%` escapes included, as it is.
fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_graphic() {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An alias page as `boke build` writes one, `/` escaped as `&#x2f;`.
    const ALIAS: &str = "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
        <title>搜索</title><link rel=\"canonical\" href=\"https:&#x2f;&#x2f;blog.example.com&#x2f;\
        posts&#x2f;搜索&#x2f;\"><meta name=\"robots\" content=\"noindex\"><meta \
        http-equiv=\"refresh\" content=\"0; url=https:&#x2f;&#x2f;blog.example.com&#x2f;posts\
        &#x2f;搜索&#x2f;?a=1&amp;b=2&#47;\"></head><body><p><a href=\"https:&#x2f;&#x2f;\
        blog.example.com&#x2f;posts&#x2f;搜索&#x2f;\">搜索</a></p></body></html>\n";

    #[test]
    fn an_alias_page_gives_its_url() {
        assert_eq!(
            refresh_url(ALIAS).as_deref(),
            Some("https://blog.example.com/posts/搜索/?a=1&b=2/")
        );
        assert_eq!(
            unescape("a &amp b &#xZZ; &unknown; &#38;"),
            "a &amp b &#xZZ; &unknown; &"
        );
        // Other spellings of the same tag.
        let loose = "<META HTTP-EQUIV=Refresh CONTENT='0;URL=/new/'>";
        assert_eq!(refresh_url(loose).as_deref(), Some("/new/"));
    }

    #[test]
    fn a_page_that_waits_or_does_not_refresh_is_no_redirect() {
        let waits = "<meta http-equiv=\"refresh\" content=\"5; url=/new/\">";
        assert_eq!(refresh_url(waits), None);
        let reloads = "<meta http-equiv=\"refresh\" content=\"30\">";
        assert_eq!(refresh_url(reloads), None);
        let page = "<meta charset=\"utf-8\"><meta name=\"description\" content=\"0; url=/x/\">";
        assert_eq!(refresh_url(page), None);
    }

    #[test]
    fn locations_are_paths_on_the_site_and_urls_elsewhere_in_ascii() {
        let site = "https://blog.example.com/";
        assert_eq!(
            location("https://blog.example.com/posts/搜索/", site).as_deref(),
            Some("/posts/%E6%90%9C%E7%B4%A2/")
        );
        assert_eq!(
            location("https://BLOG.example.com", site).as_deref(),
            Some("/")
        );
        assert_eq!(
            location("https://other.example.org/a%20b", site).as_deref(),
            Some("https://other.example.org/a%20b")
        );
        assert_eq!(location("/a b/", "").as_deref(), Some("/a%20b/"));
        assert_eq!(location("new/", site), None);
        assert_eq!(location("javascript:alert(1)", site), None);
    }
}
