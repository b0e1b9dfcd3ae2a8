//! The headers an uploaded file is served with: `Content-Type` from its extension (with
//! `charset=utf-8` for text) and `Cache-Control` from the target's rules, then the defaults.

use crate::config::CacheRule;

/// A year, for files whose name carries a hash of their content: a new content is a new name.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Pages, feeds, the files naming others, and the search index: they change in place, so
/// caches ask again soon. The index's shards keep their names from build to build, so a shard
/// cached longer than its `meta.json` would pair two builds' halves in a reader's search.
pub const SHORT: &str = "public, max-age=300";
/// Everything else (images, styles and scripts under stable names).
pub const DEFAULT: &str = "public, max-age=3600";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    pub content_type: &'static str,
    pub cache_control: String,
}

/// The headers for the site path `path`, the target's own `rules` first.
pub fn for_path(path: &str, rules: &[CacheRule]) -> Headers {
    let cache_control = rules
        .iter()
        .find(|rule| glob(&rule.pattern, path))
        .map_or_else(
            || default_cache_control(path).to_string(),
            |rule| rule.value.clone(),
        );
    Headers {
        content_type: content_type(path),
        cache_control,
    }
}

pub(crate) fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map_or(String::new(), |(_, ext)| ext.to_ascii_lowercase())
}

/// The content type of a site path, by its extension. Feeds are `application/xml`, as the
/// common static hosts serve them, which browsers show rather than download.
pub fn content_type(path: &str) -> &'static str {
    match extension(path).as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        "gz" => "application/gzip",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

fn default_cache_control(path: &str) -> &'static str {
    let extension = extension(path);
    if matches!(
        extension.as_str(),
        "html" | "htm" | "xml" | "json" | "txt" | "md"
    ) {
        SHORT
    } else if fingerprinted(path) {
        IMMUTABLE
    } else if path.starts_with("search/") {
        SHORT
    } else {
        DEFAULT
    }
}

/// Whether the file name holds a content hash as one of its dot-separated parts
/// (`photo.960.4311a6d3.webp`, `app.3f2a9c1b7e.js`): eight or more hex digits, with a digit.
fn fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|part| {
            part.len() >= 8
                && part.chars().all(|c| c.is_ascii_hexdigit())
                && part.chars().any(|c| c.is_ascii_digit())
        })
}

/// Whether `path` matches `pattern`: `**` any run of characters, `*` any run without `/`,
/// `?` one character other than `/`, anything else itself.
pub fn glob(pattern: &str, path: &str) -> bool {
    fn go(pattern: &[char], path: &[char]) -> bool {
        match pattern {
            [] => path.is_empty(),
            ['*', '*', rest @ ..] => {
                let rest = rest.strip_prefix(&['/']).unwrap_or(rest);
                (0..=path.len()).any(|skip| go(rest, &path[skip..]))
            }
            ['*', rest @ ..] => (0..=path.len())
                .take_while(|&skip| skip == 0 || path[skip - 1] != '/')
                .any(|skip| go(rest, &path[skip..])),
            ['?', rest @ ..] => path.first().is_some_and(|&c| c != '/') && go(rest, &path[1..]),
            [c, rest @ ..] => path.first() == Some(c) && go(rest, &path[1..]),
        }
    }
    let pattern: Vec<char> = pattern.trim_start_matches('/').chars().collect();
    let path: Vec<char> = path.chars().collect();
    go(&pattern, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_utf8_and_binary_is_not() {
        assert_eq!(
            content_type("posts/人工智能/index.html"),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(
            content_type("assets/THEME.JS"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("images/a.webp"), "image/webp");
        assert_eq!(content_type("search/d/0.bin"), "application/octet-stream");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn cache_control_by_kind_of_file() {
        let none = [];
        let cache = |path| for_path(path, &none).cache_control;
        assert_eq!(cache("images/build-times.960.4311a6d3.webp"), IMMUTABLE);
        assert_eq!(cache("index.html"), SHORT);
        assert_eq!(cache("feed.json"), SHORT);
        assert_eq!(cache("search/meta.json"), SHORT);
        assert_eq!(cache("search/d/a.bin"), SHORT, "as short as meta.json");
        assert_eq!(cache("assets/style.css"), DEFAULT);
        // A word of hex letters alone is not a hash.
        assert_eq!(cache("images/cafe.deadbeef.png"), DEFAULT);
    }

    #[test]
    fn the_targets_rules_come_first() {
        let rules = [CacheRule {
            pattern: "assets/**".into(),
            value: "no-cache".into(),
        }];
        assert_eq!(for_path("assets/a/b.css", &rules).cache_control, "no-cache");
        assert_eq!(for_path("index.html", &rules).cache_control, SHORT);
    }

    #[test]
    fn globs() {
        assert!(glob("**/*.html", "index.html"));
        assert!(glob("**/*.html", "posts/a/index.html"));
        assert!(glob("/posts/*/index.html", "posts/a/index.html"));
        assert!(!glob("posts/*.html", "posts/a/index.html"));
        assert!(glob("images/??.png", "images/ab.png"));
        assert!(!glob("images/*", "images/a/b.png"));
    }
}
