//! The old site as published (`public/` or its `sitemap.xml`): its URLs, and each page's
//! title where the HTML is at hand, matched to the documents and terms whose old URLs the
//! permalink rules cannot derive (`:id`, pinyin slugs, renamed files).

use std::collections::BTreeSet;
use std::path::Path;

use percent_encoding::percent_decode_str;
use pinyin::ToPinyinMulti;

use crate::error::{ImportError, read};
use crate::model::{DocKind, OldKind, OldSite, OldUrl};
use crate::source::text_of;

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

/// Old URLs of the published site that the rules did not derive, matched to documents by
/// title (from `public/`), by their last part (file name, `slug`, `abbrlink`, or its pinyin),
/// and to tag and category pages by each level's slug or pinyin. A match replaces the derived
/// path when that one was not published: it was a guess.
pub(crate) fn match_published(site: &mut OldSite, published: &[Published]) {
    let derived: BTreeSet<String> = site
        .docs
        .iter()
        .filter_map(|d| d.old_path.clone())
        .chain(site.other_urls.iter().map(|u| u.path.clone()))
        .collect();
    let known: BTreeSet<&str> = published.iter().map(|p| p.path.as_str()).collect();
    let (mut documents, mut terms) = (0, 0);
    for page in published.iter().filter(|p| !derived.contains(&p.path)) {
        if let Some(index) = document_for(site, page) {
            let doc = &mut site.docs[index];
            if doc
                .old_path
                .as_deref()
                .is_none_or(|old| !known.contains(old))
            {
                doc.old_path = Some(page.path.clone());
                documents += 1;
            }
            continue;
        }
        if let Some(index) = term_for(&site.other_urls, &known, &page.path) {
            site.other_urls[index].path = page.path.clone();
            terms += 1;
            continue;
        }
        if !page.path.contains("/page/") && page.path != "/404.html" {
            site.other_urls.push(OldUrl {
                kind: OldKind::Other,
                path: page.path.clone(),
                target: String::new(),
                term: None,
                near: None,
            });
        }
    }
    site.report.decisions.push(format!(
        "the old site lists {} pages; {documents} post or page URLs and {terms} tag or category URLs were taken from it where the rules gave another",
        published.len()
    ));
}

/// The document an old page was, by its title or its last path part.
fn document_for(site: &OldSite, page: &Published) -> Option<usize> {
    let last = last_part(&page.path);
    let front = |doc: &crate::model::Doc, key: &str| doc.text.front.get(key).and_then(text_of);
    let by_title = page.title.as_ref().and_then(|title| {
        site.docs.iter().position(|d| {
            front(d, "title").is_some_and(|t| !t.is_empty() && t.trim() == title.trim())
        })
    });
    by_title.or_else(|| {
        if last.is_empty() {
            return None;
        }
        let exact = site.docs.iter().position(|d| {
            d.name.rsplit('/').next() == Some(last)
                || front(d, "abbrlink").as_deref() == Some(last)
                || front(d, "slug").as_deref() == Some(last)
        });
        // hexo-permalink-pinyin wrote a post's Chinese file name or title in pinyin.
        exact.or_else(|| {
            site.docs.iter().position(|d| {
                d.kind == DocKind::Post
                    && (is_pinyin_of(last, d.name.rsplit('/').next().unwrap_or(&d.name))
                        || front(d, "title").is_some_and(|t| is_pinyin_of(last, &t)))
            })
        })
    })
}

/// The tag or category page (or feed) whose derived path was not published and whose levels
/// the old path spells, one for one, by their slug or their pinyin.
fn term_for(urls: &[OldUrl], published: &BTreeSet<&str>, path: &str) -> Option<usize> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    urls.iter().position(|url| {
        let Some(term) = url.term.as_deref() else {
            return false;
        };
        if !matches!(url.kind, OldKind::Tag | OldKind::Category)
            || published.contains(url.path.as_str())
        {
            return false;
        }
        let old: Vec<&str> = url.path.trim_matches('/').split('/').collect();
        let levels: Vec<&str> = if url.kind == OldKind::Tag {
            vec![term]
        } else {
            term.split('/').collect()
        };
        // The folder (`tags`, `categories`) before the levels is the same.
        let folder = old.len().saturating_sub(levels.len());
        old.len() == parts.len()
            && old[..folder] == parts[..folder]
            && levels.iter().zip(&old[folder..]).zip(&parts[folder..]).all(
                |((level, derived), part)| {
                    derived.eq_ignore_ascii_case(part) || is_pinyin_of(part, level)
                },
            )
    })
}

fn last_part(path: &str) -> &str {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    last.strip_suffix(".html").unwrap_or(last)
}

/// Whether `written` (`ren-gong-zhi-neng`, `RenGongZhiNeng`, `rust-ru-men`) spells `name`
/// (`人工智能`, `Rust 入门`) in toneless pinyin, any reading of each character, whatever the
/// separators and case. Names without Han characters never match: their slug is compared as
/// it is.
fn is_pinyin_of(written: &str, name: &str) -> bool {
    let target: Vec<u8> = written
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let mut han = false;
    let mut choices: Vec<Vec<String>> = Vec::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            choices.push(vec![c.to_ascii_lowercase().to_string()]);
        } else if let Some(readings) = c.to_pinyin_multi() {
            han = true;
            let mut spelled: Vec<String> = Vec::new();
            for reading in readings {
                let plain = reading.plain();
                // `ü` is written `u` by some tools and `v` by others.
                for form in [plain.replace('ü', "u"), plain.replace('ü', "v")] {
                    if !spelled.contains(&form) {
                        spelled.push(form);
                    }
                }
            }
            choices.push(spelled);
        } else {
            let folded = boke_markdown::hexo_slugize(&c.to_string()).to_ascii_lowercase();
            let folded: String = folded.chars().filter(char::is_ascii_alphanumeric).collect();
            if !folded.is_empty() {
                choices.push(vec![folded]);
            }
        }
    }
    if !han || target.is_empty() {
        return false;
    }
    // Which lengths of `target` the characters so far can spell.
    let mut reachable = vec![false; target.len() + 1];
    reachable[0] = true;
    for spelled in &choices {
        let mut next = vec![false; target.len() + 1];
        for start in (0..=target.len()).filter(|&at| reachable[at]) {
            for form in spelled {
                let end = start + form.len();
                if end <= target.len() && target[start..end] == *form.as_bytes() {
                    next[end] = true;
                }
            }
        }
        reachable = next;
    }
    reachable[target.len()]
}

#[cfg(test)]
mod tests {
    use super::is_pinyin_of;

    #[test]
    fn pinyin_spellings() {
        assert!(is_pinyin_of("ren-gong-zhi-neng", "人工智能"));
        assert!(is_pinyin_of("RenGongZhiNeng", "人工智能"));
        assert!(is_pinyin_of("rust-ru-men", "Rust 入门"));
        assert!(is_pinyin_of("ni-jin-ri-yin-zuo-wei", "你今日饮咗未"));
        // Either reading of 行.
        assert!(is_pinyin_of("yin-hang", "银行"));
        assert!(is_pinyin_of("xing-dong", "行动"));
        assert!(is_pinyin_of("lv-se", "绿色"));
        assert!(!is_pinyin_of("ren-gong", "人工智能"));
        assert!(!is_pinyin_of("rust", "rust"));
        assert!(!is_pinyin_of("", "人工智能"));
    }
}
