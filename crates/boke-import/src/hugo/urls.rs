//! Where Hugo published each page: permalinks filled, `url`, `slug`, `uglyURLs` and
//! lowercased paths, and the pattern as boke writes it when it can.

use std::path::Path;

use serde_json::Value;

use crate::model::Doc;
use crate::slugs;
use crate::source::{boke_can_express, text_of};

/// Hugo's pattern as boke's, when it has only dates and one per-post part.
pub(super) fn translate_permalink(pattern: &str, ugly: bool) -> Option<String> {
    let mut out = format!("/{}", pattern.trim_start_matches('/'));
    let per_post = [
        ":slugorfilename",
        ":slugorcontentbasename",
        ":contentbasename",
        ":filename",
        ":slug",
        ":title",
    ];
    let found = per_post.iter().find(|v| out.contains(**v))?;
    out = out.replacen(found, ":slug", 1);
    if !boke_can_express(&out) {
        return None;
    }
    if ugly && out.ends_with('/') {
        out = format!("{}.html", out.trim_end_matches('/'));
    } else if !out.ends_with('/') && !out.ends_with(".html") {
        out.push('/');
    }
    Some(out)
}

/// The path Hugo published a page at.
pub(super) fn old_path(
    doc: &Doc,
    relative: &Path,
    section: &str,
    permalinks: &Value,
    ugly: bool,
    lower: bool,
) -> String {
    let front = &doc.text.front;
    let finish = |path: String| {
        let path = if lower { path.to_lowercase() } else { path };
        let path = path.replace(' ', "-");
        let path = format!("/{}", path.trim_start_matches('/'));
        if path.ends_with('/') || path.rsplit('/').next().is_some_and(|l| l.contains('.')) {
            path
        } else {
            format!("{path}/")
        }
    };
    if let Some(url) = front
        .get("url")
        .and_then(text_of)
        .filter(|u| !u.trim().is_empty())
    {
        // `url` is used as written, without lowercasing.
        let url = format!("/{}", url.trim().trim_start_matches('/'));
        return if url.ends_with('/') || url.rsplit('/').next().is_some_and(|l| l.contains('.')) {
            url
        } else {
            format!("{url}/")
        };
    }
    let title = front.get("title").and_then(text_of).unwrap_or_default();
    let slug = front
        .get("slug")
        .and_then(text_of)
        .filter(|s| !s.trim().is_empty());
    let pattern = permalinks
        .get(section)
        .or_else(|| permalinks.get("page").and_then(|p| p.get(section)))
        .and_then(text_of);
    let ugly_form = |path: String| {
        if ugly && path.ends_with('/') && path != "/" {
            format!("{}.html", path.trim_end_matches('/'))
        } else {
            path
        }
    };
    match pattern {
        Some(pattern) if !section.is_empty() => {
            let date = doc.url_date.as_ref().or(doc.date.as_ref());
            let format = |f: &str| date.map(|d| d.strftime(f).to_string()).unwrap_or_default();
            let mut out = String::new();
            let mut rest = pattern.as_str();
            while let Some(at) = rest.find(':') {
                out.push_str(&rest[..at]);
                let after = &rest[at + 1..];
                let end = after
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                let value = match &after[..end] {
                    "year" => format("%Y"),
                    "month" => format("%m"),
                    "monthname" => format("%B"),
                    "day" => format("%d"),
                    "weekday" => format("%w"),
                    "weekdayname" => format("%A"),
                    "yearday" => format("%-j"),
                    "section" | "sections" => section.to_owned(),
                    "title" => slugs::hugo(&title),
                    "slug" | "slugorfilename" | "slugorcontentbasename" => {
                        slug.clone().map(|s| slugs::hugo(&s)).unwrap_or_else(|| {
                            if &after[..end] == "slug" {
                                slugs::hugo(&title)
                            } else {
                                doc.name.clone()
                            }
                        })
                    }
                    "filename" | "contentbasename" => doc.name.clone(),
                    other => format!(":{other}"),
                };
                out.push_str(&value);
                rest = &after[end..];
            }
            out.push_str(rest);
            finish(ugly_form(finish(out)))
        }
        _ => {
            let mut parts: Vec<String> = relative
                .parent()
                .map(|p| p.iter().map(|c| c.to_string_lossy().into_owned()).collect())
                .unwrap_or_default();
            if relative.file_stem().is_some_and(|s| s == "index") {
                parts.pop();
            }
            parts.push(slug.unwrap_or_else(|| doc.name.clone()));
            finish(ugly_form(format!("/{}/", parts.join("/"))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{dates, source};
    use jiff::tz::TimeZone;

    fn path_of(front: &str, relative: &str, permalinks: Value, ugly: bool) -> String {
        let text = source::split(&format!("---\n{front}\n---\nbody\n"));
        let zone = TimeZone::UTC;
        let date = text
            .front
            .get("date")
            .and_then(text_of)
            .and_then(|d| dates::read(&d, &zone).ok())
            .map(|d| d.zoned);
        let relative = Path::new(relative);
        let name = relative
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = Doc::post(relative.to_path_buf(), text, date, name);
        old_path(&doc, relative, "posts", &permalinks, ugly, true)
    }

    #[test]
    fn hugo_paths() {
        let none = Value::Null;
        assert_eq!(
            path_of("title: A B", "posts/Hello World.md", none.clone(), false),
            "/posts/hello-world/"
        );
        assert_eq!(
            path_of("title: x\nslug: my-slug", "posts/a.md", none.clone(), true),
            "/posts/my-slug.html"
        );
        assert_eq!(
            path_of("url: legacy/Old.html", "posts/a.md", none.clone(), false),
            "/legacy/Old.html"
        );
        assert_eq!(
            path_of("url: /about-me", "posts/a.md", none, false),
            "/about-me/"
        );
        let pattern = serde_json::json!({"posts": "/:year/:month/:title/"});
        assert_eq!(
            path_of(
                "title: Go 并发\ndate: 2023-01-31T23:00:00-02:00",
                "posts/a.md",
                pattern.clone(),
                false
            ),
            "/2023/02/go-并发/"
        );
        assert_eq!(
            path_of("title: T\ndate: 2023-05-01", "posts/a.md", pattern, true),
            "/2023/05/t.html"
        );
        assert_eq!(
            translate_permalink("/:year/:month/:slug/", false).as_deref(),
            Some("/:year/:month/:slug/")
        );
        assert_eq!(translate_permalink("/:section/:slug/", false), None);
        assert_eq!(
            translate_permalink("/posts/:filename/", true).as_deref(),
            Some("/posts/:slug.html")
        );
    }
}
