//! Where Hexo published each post and page: its permalink variables filled, a post's own
//! `permalink:`, pages by their folder, and the pattern as boke writes it when it can.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::Doc;
use crate::slugs::{self, Case};
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

/// A post's slug as Hexo's post processor made it, which `:title` fills: the part of the
/// file's path (under `_posts/`, extension dropped) that `new_post_name`'s `:title` matches,
/// as written; a path the pattern does not match (or one without `:title`) is slugized whole.
pub(super) fn post_slug(new_post_name: &str, inside_posts: &str) -> String {
    let strip = |text: &str| -> String {
        let cut = text.rfind('.').filter(|&dot| {
            !text[dot..].contains('/') && dot > text.rfind('/').map_or(0, |s| s + 1)
        });
        cut.map_or(text, |dot| &text[..dot]).to_owned()
    };
    let (pattern, path) = (strip(new_post_name), strip(inside_posts));
    let parts = pattern_parts(&pattern);
    let mut captures = Vec::new();
    if match_parts(&parts, &path, &mut captures)
        && let Some(title) = captures
            .iter()
            .find(|(name, _)| *name == "title")
            .map(|(_, value)| value.clone())
    {
        return title;
    }
    slugs::hexo(&path, Case::Kept)
}

/// One piece of a Hexo pattern: literal text, or a `:variable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part<'a> {
    Text(&'a str),
    Variable(&'a str),
}

/// hexo-util's `Permalink` reading of a rule: a variable is `:` and word characters, not
/// ending in `_` (`:title_` is `:title` and a `_`).
fn pattern_parts(pattern: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    let bytes = pattern.as_bytes();
    while at < bytes.len() {
        if bytes[at] == b':' {
            let mut end = at + 1;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            while end > at + 1 && bytes[end - 1] == b'_' {
                end -= 1;
            }
            if end > at + 1 {
                if text_start < at {
                    parts.push(Part::Text(&pattern[text_start..at]));
                }
                parts.push(Part::Variable(&pattern[at + 1..end]));
                text_start = end;
                at = end;
                continue;
            }
        }
        at += 1;
    }
    if text_start < pattern.len() {
        parts.push(Part::Text(&pattern[text_start..]));
    }
    parts
}

/// Matches `text` whole against the parts as Hexo's post processor does: dates as digits of
/// their width, `:hash` as 12 hex digits, anything else as the shortest run that lets the
/// rest match.
fn match_parts(parts: &[Part<'_>], text: &str, captures: &mut Vec<(String, String)>) -> bool {
    let Some((first, rest)) = parts.split_first() else {
        return text.is_empty();
    };
    match first {
        Part::Text(literal) => text
            .strip_prefix(literal)
            .is_some_and(|after| match_parts(rest, after, captures)),
        Part::Variable(name) => {
            let digits = |min: usize, max: usize| -> Vec<usize> {
                let run = text.bytes().take_while(u8::is_ascii_digit).count();
                (min..=max.min(run)).rev().collect()
            };
            let lengths: Vec<usize> = match *name {
                "year" => digits(4, 4),
                "month" | "day" => digits(2, 2),
                "i_month" | "i_day" => digits(1, 2),
                "hash" => {
                    let run = text
                        .bytes()
                        .take_while(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
                        .count();
                    if run >= 12 { vec![12] } else { Vec::new() }
                }
                _ => text.char_indices().map(|(i, c)| i + c.len_utf8()).collect(),
            };
            for length in lengths {
                let mark = captures.len();
                captures.push(((*name).to_owned(), text[..length].to_owned()));
                if match_parts(rest, &text[length..], captures) {
                    return true;
                }
                captures.truncate(mark);
            }
            false
        }
    }
}

/// What fills a post's permalink besides its own front matter.
pub(super) struct PermalinkRules<'a> {
    pub(super) pattern: &'a str,
    pub(super) category_map: &'a BTreeMap<String, String>,
    pub(super) default_category: &'a str,
    pub(super) case: Case,
}

/// A tag's or category level's slug as Hexo's models made it: the `tag_map`/`category_map`
/// name if there is one, slugized either way.
pub(super) fn term_slug(map: &BTreeMap<String, String>, name: &str, case: Case) -> String {
    let mapped = map
        .get(name)
        .filter(|m| !m.is_empty())
        .map_or(name, String::as_str);
    slugs::hexo(mapped, case)
}

/// Fills Hexo's permalink (or the post's own `permalink:`) for one post. `id` is the post's
/// database id from `db.json`; `None` when the pattern needs `:id` and neither the front
/// matter nor the database has it.
pub(super) fn post_path(doc: &Doc, rules: &PermalinkRules<'_>, id: Option<&str>) -> Option<String> {
    let front = &doc.text.front;
    if let Some(own) = front
        .get("permalink")
        .and_then(text_of)
        .filter(|p| !p.trim().is_empty())
    {
        return Some(finish(&own));
    }
    // Hexo sets a post's slug from its file name, over any `slug:` in the front matter.
    let slug = &doc.name;
    let date = doc.date.as_ref();
    let format = |f: &str| date.map(|d| d.strftime(f).to_string()).unwrap_or_default();
    // `:category` is the post's last category with its parents, as Hexo's category slug is.
    let category = doc
        .categories
        .last()
        .map(|path| {
            path.iter()
                .map(|n| term_slug(rules.category_map, n, rules.case))
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_else(|| rules.default_category.to_owned());
    let title = front.get("title").and_then(text_of).unwrap_or_default();
    let mut out = String::new();
    for part in pattern_parts(rules.pattern) {
        let key = match part {
            Part::Text(text) => {
                out.push_str(text);
                continue;
            }
            Part::Variable(key) => key,
        };
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
            "name" => slug.rsplit('/').next().unwrap_or(slug).to_owned(),
            // Hexo lowercases this one whatever `filename_case` says.
            "post_title" => slugs::hexo(&title, Case::Lower),
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
            "id" => front
                .get("id")
                .and_then(text_of)
                .filter(|id| !id.is_empty())
                .or_else(|| id.map(str::to_owned))?,
            other => front.get(other).and_then(text_of).unwrap_or_default(),
        };
        out.push_str(&value);
    }
    Some(finish(&out))
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
        let fill = |pattern: &str, doc: &Doc| {
            let rules = PermalinkRules {
                pattern,
                category_map: &none,
                default_category: "uncategorized",
                case: Case::Kept,
            };
            post_path(doc, &rules, None).unwrap_or_default()
        };
        assert_eq!(
            fill(":year/:i_month/:i_day/:hour:minute:second/:name/", &doc),
            "/2021/3/4/050607/a/"
        );
        assert_eq!(fill(":category/:title/", &doc), "/Java/Groovy-Tips/sub/a/");
        // The last of parallel hierarchies, with its parents; `_` is a separator to slugize.
        doc.categories.push(vec!["Web_Dev".into(), "Vue".into()]);
        assert_eq!(fill(":category/:name.html", &doc), "/Web-Dev/Vue/a.html");
        // `:title_` is `:title` and a literal `_`.
        assert_eq!(fill(":year_:title_/", &doc), "/2021_sub/a_/");
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
    fn post_slugs_as_hexo_reads_file_names() {
        assert_eq!(
            post_slug(":title.md", "sub/Hello_World.md"),
            "sub/Hello_World"
        );
        assert_eq!(
            post_slug(":year-:month-:day-:title.md", "2021-03-04-my_post.md"),
            "my_post"
        );
        // A name the pattern does not match is slugized whole.
        assert_eq!(
            post_slug(":year-:month-:day-:title.md", "notes/my_post.md"),
            "notes-my-post"
        );
        assert_eq!(
            post_slug(":year/:i_month/:title.md", "2021/3/a.b.md"),
            "a.b"
        );
    }

    #[test]
    fn page_paths() {
        assert_eq!(page_path(Path::new("about/index.md")), "/about/");
        assert_eq!(page_path(Path::new("links.md")), "/links.html");
        assert_eq!(finish("2020/01/a"), "/2020/01/a/");
        assert_eq!(finish("p/abc.html"), "/p/abc.html");
    }
}
