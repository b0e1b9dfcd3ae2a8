//! `boke check`: builds the site in memory and reports what a reader would trip over — broken
//! internal links and anchors, missing images, posts without a description, emphasis that will
//! not render — and, when asked, external links that no longer answer.

mod external;
mod html;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

use crate::assemble::Visibility;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pipeline::{Built, build_in_memory_at};
use crate::render::OutputFile;

use html::{Scan, scan};

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub visibility: Visibility,
    /// Also request every external link.
    pub external: bool,
    /// Checks the site as built for this address instead of the config's `base_url`.
    pub base_url: Option<String>,
}

/// Everything found, errors and warnings mixed, errors first.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub problems: Vec<Diagnostic>,
    pub pages: usize,
    pub links: usize,
    pub external_links: usize,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }
}

/// Builds the site and checks it. A site that does not build is the error list of the build.
pub fn check(options: &CheckOptions) -> Result<CheckReport, Diagnostics> {
    let built = build_in_memory_at(
        &options.root,
        options.visibility,
        options.base_url.as_deref(),
    )?;
    let mut report = CheckReport {
        problems: built.warnings.clone(),
        ..CheckReport::default()
    };
    for post in &built.site.posts {
        if post.description.is_none() {
            report.problems.push(
                Diagnostic::warning(
                    &post.source,
                    "no description: search engines and feeds get the first paragraph",
                )
                .with_hint("add `description: …` (one or two sentences) to the front matter"),
            );
        }
    }
    let links = Links::new(&built);
    report.pages = links.pages.len();
    for page in built.site.posts.iter().chain(&built.site.pages) {
        check_images(page, &mut report.problems);
    }
    let mut external = BTreeMap::new();
    report.links = links.check(&mut report.problems, &mut external);
    report.external_links = external.len();
    if options.external {
        external::check(&external, &mut report.problems);
    }
    report
        .problems
        .sort_by_key(|p| std::cmp::Reverse(p.severity));
    Ok(report)
}

/// Images in a page's own text that readers or the page may lose: no alt text (screen readers
/// say the file name, and nothing shows when the image fails), or a file on another host
/// (image hosts such as sinaimg refuse hotlinks, public CDNs come and go).
fn check_images(page: &crate::parse::Page, problems: &mut Vec<Diagnostic>) {
    let markdown = &*page.markdown;
    for image in scan(&page.content).images {
        let at = |diagnostic: Diagnostic| match find_in_source(markdown, &image.src) {
            Some((line, column)) => diagnostic.at(markdown, line, column),
            None => diagnostic,
        };
        if image.alt.as_deref().is_none_or(|alt| alt.trim().is_empty()) {
            problems.push(
                at(Diagnostic::warning(
                    &page.source,
                    format!("image without alt text: `{}`", image.src),
                ))
                .with_hint("say what it shows: ![图中说明的内容](file.png)"),
            );
        }
        let remote = image.src.starts_with("http://")
            || image.src.starts_with("https://")
            || image.src.starts_with("//");
        if remote {
            problems.push(
                at(Diagnostic::warning(
                    &page.source,
                    format!("remote image: `{}`", image.src),
                ))
                .with_hint(
                    "hosts such as sinaimg refuse images linked from other sites, and CDNs \
                     come and go; keep the file beside the post (content/posts/NAME/index.md \
                     and the image next to it)",
                ),
            );
        }
    }
}

/// A page of the built site and the source it came from.
struct PageInfo<'a> {
    /// Output path: `posts/a/index.html`.
    path: &'a str,
    source: Option<(&'a Path, &'a str)>,
    scan: Scan,
}

/// The site's pages scanned once, and every output path a link may point to.
struct Links<'a> {
    pages: Vec<PageInfo<'a>>,
    /// Output paths of every file, and the index in `pages` of HTML ones.
    targets: HashMap<&'a str, Option<usize>>,
    base_url: &'a str,
}

impl<'a> Links<'a> {
    fn new(built: &'a Built) -> Self {
        let sources: HashMap<String, (&Path, &str)> = built
            .site
            .posts
            .iter()
            .chain(&built.site.pages)
            .map(|page| {
                (
                    OutputFile::for_site_path(&page.placement.path, "").path,
                    (page.source.as_path(), &*page.markdown),
                )
            })
            .collect();
        let html: Vec<&OutputFile> = built
            .files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .collect();
        let scans: Vec<Scan> = {
            use rayon::prelude::*;
            html.par_iter()
                .map(|file| scan(&String::from_utf8_lossy(&file.bytes)))
                .collect()
        };
        let pages: Vec<PageInfo<'a>> = html
            .iter()
            .zip(scans)
            .map(|(file, scan)| PageInfo {
                path: &file.path,
                source: sources.get(&file.path).copied(),
                scan,
            })
            .collect();
        let mut targets: HashMap<&str, Option<usize>> = built
            .files
            .iter()
            .map(|f| (f.path.as_str(), None))
            .chain(built.copies.iter().map(|c| (c.to.as_str(), None)))
            .collect();
        for (index, page) in pages.iter().enumerate() {
            targets.insert(page.path, Some(index));
        }
        Self {
            pages,
            targets,
            base_url: built.site.config.base(),
        }
    }

    /// Checks every internal link; collects external ones (URL → pages linking to it).
    /// Returns how many links were checked.
    fn check(
        &self,
        problems: &mut Vec<Diagnostic>,
        external: &mut BTreeMap<String, Vec<String>>,
    ) -> usize {
        // One problem per broken target, however many pages share it (a theme link).
        let mut broken: BTreeMap<(String, String), Vec<&PageInfo<'_>>> = BTreeMap::new();
        let mut count = 0;
        for page in &self.pages {
            let mut seen = HashSet::new();
            for link in &page.scan.links {
                if !seen.insert(&link.target) {
                    continue;
                }
                count += 1;
                match self.resolve(page, &link.target) {
                    Target::Fine | Target::Ignored => {}
                    Target::External(url) => {
                        external
                            .entry(url)
                            .or_default()
                            .push(page_label(page).display().to_string());
                    }
                    Target::Missing(what) | Target::NoAnchor(what) => {
                        let what = if link.tag == "img" && what.starts_with("broken link") {
                            what.replacen("broken link", "missing image", 1)
                        } else {
                            what
                        };
                        broken
                            .entry((what, link.target.clone()))
                            .or_default()
                            .push(page);
                    }
                }
            }
        }
        for ((what, target), pages) in broken {
            let first = pages[0];
            let mut diagnostic = Diagnostic::error(page_label(first), what);
            if let Some((_, markdown)) = first.source
                && let Some((line, column)) = find_in_source(markdown, &target)
            {
                diagnostic = diagnostic.at(markdown, line, column);
            }
            if pages.len() > 1 {
                diagnostic = diagnostic.with_hint(format!(
                    "linked from {} pages; a link on every page comes from a template",
                    pages.len()
                ));
            }
            problems.push(diagnostic);
        }
        count
    }

    fn resolve(&self, page: &PageInfo<'_>, target: &str) -> Target {
        let target = target.trim();
        let lower = target.to_ascii_lowercase();
        let local = if let Some(rest) = target.strip_prefix(self.base_url) {
            format!("/{rest}")
        } else if lower.starts_with("http://") || lower.starts_with("https://") {
            return Target::External(target.to_owned());
        } else if target.starts_with("//") {
            return Target::External(format!("https:{target}"));
        } else if target.is_empty()
            || target
                .split(['/', '?', '#'])
                .next()
                .is_some_and(|first| first.contains(':'))
        {
            // mailto:, tel:, data:, javascript: and other schemes.
            return Target::Ignored;
        } else {
            target.to_owned()
        };
        let (path_part, fragment) = match local.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (local.as_str(), None),
        };
        let path_part = path_part.split('?').next().unwrap_or_default();
        let Ok(decoded) = percent_decode_str(path_part).decode_utf8() else {
            return Target::Missing(format!(
                "broken link `{target}`: not valid percent-encoding"
            ));
        };
        let resolved = if decoded.is_empty() {
            page.path.to_owned()
        } else {
            resolve_path(page.path, &decoded)
        };
        let Some((found, html_page)) = self.lookup(&resolved) else {
            return Target::Missing(format!(
                "broken link `{target}`: no page or file at `/{}`",
                resolved.trim_end_matches("index.html")
            ));
        };
        let Some(fragment) = fragment.filter(|f| !f.is_empty() && *f != "top") else {
            return Target::Fine;
        };
        let Some(index) = html_page else {
            return Target::Fine;
        };
        let anchor = percent_decode_str(fragment).decode_utf8_lossy();
        if self.pages[index].scan.ids.contains(anchor.as_ref()) {
            Target::Fine
        } else {
            Target::NoAnchor(format!(
                "broken anchor `{target}`: `{found}` has no id `{anchor}`"
            ))
        }
    }

    /// The output file a resolved path names, as the server would find it.
    fn lookup(&self, path: &str) -> Option<(String, Option<usize>)> {
        let candidates = if path.is_empty() || path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_owned(), format!("{path}/index.html")]
        };
        candidates.into_iter().find_map(|candidate| {
            self.targets
                .get(candidate.as_str())
                .map(|&page| (candidate, page))
        })
    }
}

enum Target {
    Fine,
    Ignored,
    External(String),
    Missing(String),
    NoAnchor(String),
}

/// The file to name in a message: the Markdown source, or the output path of a generated page.
fn page_label(page: &PageInfo<'_>) -> PathBuf {
    match page.source {
        Some((source, _)) => source.to_path_buf(),
        None => Path::new("public").join(page.path),
    }
}

/// Resolves a decoded link path against the output path of the page it is on, to an output
/// path without a leading slash (`/a/b/` → `a/b/`; `../c/` from `a/b/index.html` → `a/c/`).
fn resolve_path(page: &str, link: &str) -> String {
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
fn find_in_source(markdown: &str, target: &str) -> Option<(usize, usize)> {
    let decoded = percent_decode_str(target).decode_utf8_lossy();
    [target, decoded.as_ref()]
        .iter()
        .find_map(|needle| markdown.find(needle))
        .map(|offset| crate::diagnostic::line_column(markdown, offset))
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
}
