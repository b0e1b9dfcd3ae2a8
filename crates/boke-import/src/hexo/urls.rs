//! Where Hexo published each post and page: its permalink variables filled, a post's own
//! `permalink:`, pages by their folder, and the pattern as boke writes it when it can.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::Doc;
use crate::slugs;
use crate::source::{boke_can_express, text_of};

/// Hexo's permalink in boke's pattern language, when boke can write it: only `:year`,
/// `:month`, `:day` and one per-post part (`:title`, `:name`, `:abbrlink`, …) as `:slug`.
pub(super) fn translate_permalink(pattern: &str) -> Option<String> {
    let mut out = format!("/{}", pattern.trim_start_matches('/'));
    let per_post = [":title", ":name", ":abbrlink", ":post_title"];
    let found: Vec<&&str> = per_post.iter().filter(|v| out.contains(**v)).collect();
    if found.len() != 1 {
        return None;
    }
    out = out.replace(found[0], ":slug");
    if !boke_can_express(&out) {
        return None;
    }
    if !out.ends_with('/') && !out.ends_with(".html") {
        out.push('/');
    }
    Some(out)
}

/// `about/index.md` → `/about/`; `links.md` → `/links.html`.
pub(super) fn page_path(relative: &Path) -> String {
    let stem = relative
        .with_extension("")
        .to_string_lossy()
        .replace('\\', "/");
    match stem
        .strip_suffix("/index")
        .or(if stem == "index" { Some("") } else { None })
    {
        Some("") => "/".into(),
        Some(dir) => format!("/{dir}/"),
        None => format!("/{stem}.html"),
    }
}

/// Fills Hexo's permalink (or the post's own `permalink:`) for one post.
pub(super) fn post_path(
    doc: &Doc,
    pattern: &str,
    category_map: &BTreeMap<String, String>,
    default_category: &str,
    lowercase: bool,
) -> String {
    let front = &doc.text.front;
    if let Some(own) = front
        .get("permalink")
        .and_then(text_of)
        .filter(|p| !p.trim().is_empty())
    {
        return finish(&own);
    }
    let slug = front
        .get("slug")
        .and_then(text_of)
        .unwrap_or_else(|| doc.name.clone());
    let date = doc.date.as_ref();
    let format = |f: &str| date.map(|d| d.strftime(f).to_string()).unwrap_or_default();
    let category = doc
        .categories
        .first()
        .map(|path| {
            path.iter()
                .map(|n| {
                    category_map
                        .get(n)
                        .cloned()
                        .unwrap_or_else(|| slugs::hexo(n, lowercase))
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_else(|| default_category.to_owned());
    let title = front.get("title").and_then(text_of).unwrap_or_default();
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let key = &after[..end];
        let value = match key {
            "year" => format("%Y"),
            "month" => format("%m"),
            "i_month" => format("%-m"),
            "day" => format("%d"),
            "i_day" => format("%-d"),
            "hour" => format("%H"),
            "minute" => format("%M"),
            "second" => format("%S"),
            "title" => slug.clone(),
            "name" => slug.rsplit('/').next().unwrap_or(&slug).to_owned(),
            // Hexo lowercases this one whatever `filename_case` says.
            "post_title" => slugs::hexo(&title, true),
            // The first 12 hex digits of SHA-1 over the slug and the date's Unix seconds.
            "hash" => date
                .map(|d| {
                    use sha1::Digest;
                    let digest = sha1::Sha1::digest(format!("{slug}{}", d.timestamp().as_second()));
                    digest
                        .iter()
                        .take(6)
                        .map(|b| format!("{b:02x}"))
                        .collect::<String>()
                })
                .unwrap_or_default(),
            "category" => category.clone(),
            "" => ":".into(),
            other => front.get(other).and_then(text_of).unwrap_or_default(),
        };
        out.push_str(&value);
        rest = &after[end..];
    }
    out.push_str(rest);
    finish(&out)
}

/// A Hexo path as a site path: leading slash, and a folder's trailing one.
fn finish(path: &str) -> String {
    let path = path.trim().trim_start_matches('/');
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let last = path.rsplit('/').next().unwrap_or("");
    if path.is_empty() {
        "/".into()
    } else if path.ends_with('/') || !last.contains('.') {
        format!("/{}/", path.trim_end_matches('/'))
    } else {
        format!("/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks_translate_when_boke_can_write_them() {
        assert_eq!(
            translate_permalink(":year/:month/:day/:title/").as_deref(),
            Some("/:year/:month/:day/:slug/")
        );
        assert_eq!(
            translate_permalink("posts/:abbrlink.html").as_deref(),
            Some("/posts/:slug.html")
        );
        assert_eq!(translate_permalink(":year/:i_month/:title/"), None);
        assert_eq!(translate_permalink(":category/:title/"), None);
    }

    #[test]
    fn post_variables() {
        let text =
            crate::source::split("---\ntitle: Hello World 你好\ndate: 2021-03-04 05:06:07\n---\n");
        let zone = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap_or(jiff::tz::TimeZone::UTC);
        let date = crate::dates::read("2021-03-04 05:06:07", &zone)
            .ok()
            .map(|d| d.zoned);
        let mut doc = Doc::post("source/_posts/sub/a.md".into(), text, date, "sub/a".into());
        doc.categories = vec![vec!["Java".into(), "Groovy Tips".into()]];
        let none = BTreeMap::new();
        let fill =
            |pattern: &str, doc: &Doc| post_path(doc, pattern, &none, "uncategorized", false);
        assert_eq!(
            fill(":year/:i_month/:i_day/:hour:minute:second/:name/", &doc),
            "/2021/3/4/050607/a/"
        );
        assert_eq!(fill(":category/:title/", &doc), "/Java/Groovy-Tips/sub/a/");
        assert_eq!(fill(":post_title.html", &doc), "/hello-world-你好.html");
        let hashed = fill("p/:hash/", &doc);
        let hash = hashed.trim_start_matches("/p/").trim_end_matches('/');
        assert!(
            hash.len() == 12 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "{hashed}"
        );
        doc.text
            .front
            .insert("permalink".into(), "custom/place".into());
        assert_eq!(fill(":title/", &doc), "/custom/place/");
    }

    #[test]
    fn page_paths() {
        assert_eq!(page_path(Path::new("about/index.md")), "/about/");
        assert_eq!(page_path(Path::new("links.md")), "/links.html");
        assert_eq!(finish("2020/01/a"), "/2020/01/a/");
        assert_eq!(finish("p/abc.html"), "/p/abc.html");
    }
}
