//! `/sitemap.xml` (sitemaps.org 0.9) listing every public HTML page of the site — and nothing
//! else: no 404 page, no alias redirects — with `lastmod` from `updated`/`date`; and
//! `/robots.txt` pointing at it.

use std::collections::HashMap;
use std::io;

use jiff::ZonedDateTime;

use crate::assemble::Site;
use crate::outputs::xml::{self, text_element};
use crate::parse::NOT_FOUND_PATH;
use crate::parse::dates::rfc3339;
use crate::parse::slug::encode_path;
use crate::render::OutputFile;

pub(crate) const SITEMAP_PATH: &str = "/sitemap.xml";
pub(crate) const ROBOTS_PATH: &str = "/robots.txt";
const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
/// The protocol's limit of URLs in one sitemap file; past it, `sitemap.xml` becomes an index
/// of `sitemap-1.xml`, `sitemap-2.xml`, ….
const MAX_URLS_PER_FILE: usize = 50_000;

/// One page in the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitemapUrl {
    /// Absolute, percent-encoded.
    pub(crate) loc: String,
    pub(crate) lastmod: Option<String>,
}

/// The sitemap file(s) of the site.
pub(crate) fn sitemap(site: &Site) -> io::Result<Vec<OutputFile>> {
    let urls = public_urls(site);
    if urls.len() <= MAX_URLS_PER_FILE {
        return Ok(vec![OutputFile::new(
            SITEMAP_PATH.trim_start_matches('/'),
            urlset(&urls)?,
        )]);
    }
    let mut outputs = Vec::new();
    let mut parts = Vec::new();
    for (number, chunk) in (1..).zip(urls.chunks(MAX_URLS_PER_FILE)) {
        let name = format!("sitemap-{number}.xml");
        parts.push(site.config.absolute_url(&format!("/{name}")));
        outputs.push(OutputFile::new(name, urlset(chunk)?));
    }
    outputs.push(OutputFile::new(
        SITEMAP_PATH.trim_start_matches('/'),
        sitemap_index(&parts)?,
    ));
    Ok(outputs)
}

/// `robots.txt` allowing everything and naming the sitemap.
pub(crate) fn robots_txt(site: &Site) -> OutputFile {
    OutputFile::new(
        ROBOTS_PATH.trim_start_matches('/'),
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.config.absolute_url(SITEMAP_PATH)
        ),
    )
}

/// Every HTML page a reader or crawler should find, in render order. They are the pages the
/// render stage plans, so the two cannot drift apart; alias redirects are not among them.
pub(crate) fn public_urls(site: &Site) -> Vec<SitemapUrl> {
    let lastmod = LastModified::new(site);
    crate::render::plan::plan(site)
        .into_iter()
        .filter(|job| job.path != NOT_FOUND_PATH)
        .map(|job| SitemapUrl {
            loc: site.config.absolute_url(&encode_path(&job.path)),
            lastmod: lastmod.of(&job.path).map(rfc3339),
        })
        .collect()
}

/// When each page last changed: a post or page by its own dates; a list when its newest post
/// did (a new post shifts every page of the list, so all of them share that date).
struct LastModified<'a> {
    by_path: HashMap<&'a str, Option<&'a ZonedDateTime>>,
    newest: Option<&'a ZonedDateTime>,
    /// `/page/`, or the folder `pagination_path` names, between slashes.
    pager: String,
}

impl<'a> LastModified<'a> {
    fn new(site: &'a Site) -> Self {
        let changed = |index: &usize| {
            let post = site.posts.get(*index)?;
            post.updated.as_ref().or(post.placement.date.as_ref())
        };
        let newest_of = |posts: &[usize]| {
            posts
                .iter()
                .filter_map(changed)
                .max_by_key(|date| date.timestamp())
        };
        let mut by_path = HashMap::new();
        for page in site.posts.iter().chain(&site.pages) {
            by_path.insert(
                page.placement.path.as_str(),
                page.updated.as_ref().or(page.placement.date.as_ref()),
            );
        }
        for taxonomy in [&site.tags, &site.categories] {
            for term in &taxonomy.terms {
                by_path.insert(term.path.as_str(), newest_of(&term.posts));
            }
        }
        let all: Vec<usize> = (0..site.posts.len()).collect();
        Self {
            by_path,
            newest: newest_of(&all),
            pager: format!("/{}/", site.config.pagination_path),
        }
    }

    fn of(&self, path: &str) -> Option<&'a ZonedDateTime> {
        match self.by_path.get(list_of(path, &self.pager)) {
            Some(date) => *date,
            None => self.newest,
        }
    }
}

/// The first page of the list a page belongs to: `/tags/a/page/2/` → `/tags/a/`, where
/// `pager` is the folder of later pages between slashes (`/page/`).
fn list_of<'p>(path: &'p str, pager: &str) -> &'p str {
    let Some(rest) = path.strip_suffix('/') else {
        return path;
    };
    match rest.rsplit_once(pager) {
        Some((list, number))
            if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) =>
        {
            &path[..list.len() + 1]
        }
        _ => path,
    }
}

fn urlset(urls: &[SitemapUrl]) -> io::Result<Vec<u8>> {
    let mut writer = xml::document()?;
    writer
        .create_element("urlset")
        .with_attribute(("xmlns", NAMESPACE))
        .write_inner_content(|w| {
            for url in urls {
                w.create_element("url").write_inner_content(|w| {
                    text_element(w, "loc", &url.loc)?;
                    if let Some(lastmod) = &url.lastmod {
                        text_element(w, "lastmod", lastmod)?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(xml::finish(writer))
}

fn sitemap_index(parts: &[String]) -> io::Result<Vec<u8>> {
    let mut writer = xml::document()?;
    writer
        .create_element("sitemapindex")
        .with_attribute(("xmlns", NAMESPACE))
        .write_inner_content(|w| {
            for part in parts {
                w.create_element("sitemap")
                    .write_inner_content(|w| text_element(w, "loc", part))?;
            }
            Ok(())
        })?;
    Ok(xml::finish(writer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_a_list_belong_to_its_first_page() {
        let list_of = |path| list_of(path, "/page/");
        assert_eq!(list_of("/page/3/"), "/");
        assert_eq!(list_of("/tags/人工智能/page/2/"), "/tags/人工智能/");
        assert_eq!(list_of("/posts/page/"), "/posts/page/");
        assert_eq!(list_of("/tags/page/"), "/tags/page/");
        assert_eq!(list_of("/archives/"), "/archives/");
        assert_eq!(super::list_of("/tags/a/p/2/", "/p/"), "/tags/a/");
    }

    #[test]
    fn a_large_site_gets_a_sitemap_index() {
        let urls: Vec<String> = vec!["https://b.example/sitemap-1.xml".into()];
        let index = sitemap_index(&urls).map(String::from_utf8);
        let text = index.ok().and_then(Result::ok).unwrap_or_default();
        assert!(
            text.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
        );
        assert!(text.contains("<loc>https://b.example/sitemap-1.xml</loc>"));
    }
}
