//! The old site as published (`public/` or its `sitemap.xml`): its URLs, and each page's
//! title where the HTML is at hand, to match what the permalink rules cannot derive.

use std::path::Path;

use percent_encoding::percent_decode_str;

use crate::error::{ImportError, read};

/// An old page: its decoded site path and, from `public/`, its title.
#[derive(Debug, Clone)]
pub(crate) struct Published {
    pub(crate) path: String,
    pub(crate) title: Option<String>,
}

pub(crate) fn read_old_site(at: &Path, base_url: &str) -> Result<Vec<Published>, ImportError> {
    if at.is_dir() {
        let mut pages = Vec::new();
        for entry in walkdir::WalkDir::new(at)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let Ok(relative) = entry.path().strip_prefix(at) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if !relative.ends_with(".html") {
                continue;
            }
            let path = match relative.strip_suffix("index.html") {
                Some(dir) => format!("/{dir}"),
                None => format!("/{relative}"),
            };
            let html = std::fs::read_to_string(entry.path()).unwrap_or_default();
            pages.push(Published {
                path,
                title: title_of(&html),
            });
        }
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        return Ok(pages);
    }
    let text = std::fs::read_to_string(at).map_err(read(at))?;
    let base_path = base_url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned()))
        .unwrap_or_else(|| "/".into());
    let mut pages = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<loc>") {
        let after = &rest[start + 5..];
        let end = after.find("</loc>").unwrap_or(after.len());
        let url = after[..end].trim().replace("&amp;", "&");
        let path = url
            .split_once("://")
            .and_then(|(_, r)| r.find('/').map(|i| r[i..].to_owned()))
            .unwrap_or_else(|| "/".into());
        let path = percent_decode_str(&path).decode_utf8_lossy().into_owned();
        let path = match path.strip_prefix(base_path.trim_end_matches('/')) {
            Some(inside) if inside.starts_with('/') => inside.to_owned(),
            _ => path,
        };
        let path = path
            .strip_suffix("index.html")
            .map(str::to_owned)
            .unwrap_or(path);
        pages.push(Published { path, title: None });
        rest = &after[end..];
    }
    Ok(pages)
}

/// `og:title`, else `<title>` up to its first separator.
fn title_of(html: &str) -> Option<String> {
    let og = html.find("property=\"og:title\"").and_then(|at| {
        let tag_start = html[..at].rfind('<')?;
        let tag_end = at + html[at..].find('>')?;
        let tag = &html[tag_start..tag_end];
        let content = tag.find("content=\"")? + 9;
        Some(tag[content..content + tag[content..].find('"')?].to_owned())
    });
    og.or_else(|| {
        let start = html.find("<title>")? + 7;
        let end = start + html[start..].find("</title>")?;
        let title = &html[start..end];
        let cut = [" | ", " - ", " · "]
            .iter()
            .filter_map(|sep| title.find(sep))
            .min()
            .unwrap_or(title.len());
        Some(title[..cut].trim().to_owned())
    })
    .map(|t| {
        t.replace("&amp;", "&")
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
    })
}
