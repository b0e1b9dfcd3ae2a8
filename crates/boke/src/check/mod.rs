//! `boke check`: builds the site in memory and reports what a reader would trip over — broken
//! internal links and anchors, missing images, posts without a description, emphasis that will
//! not render — and, when asked, external links that no longer answer.

mod external;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::assemble::Visibility;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pipeline::{Built, build_in_memory_at};
use crate::render::OutputFile;

use crate::links::html::{Scan, scan};
use crate::links::resolve::{self, Link, find_in_source};

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub visibility: Visibility,
    /// Also request every external link.
    pub external: bool,
    /// Checks the site as built for this address instead of the config's `base_url`.
    pub base_url: Option<String>,
    /// Read instead of the site's `boke.toml` (`--config FILE`).
    pub config: Option<PathBuf>,
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
        options.config.as_deref(),
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
                match self.resolve(page, &link.target, link.tag == "img") {
                    Target::Fine | Target::Ignored => {}
                    Target::External(url) => {
                        external
                            .entry(url)
                            .or_default()
                            .push(page_label(page).display().to_string());
                    }
                    Target::Broken(what) => {
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

    fn resolve(&self, page: &PageInfo<'_>, target: &str, image: bool) -> Target {
        let local = match resolve::classify(page.path, target, self.base_url) {
            Link::External(url) => return Target::External(url),
            Link::Ignored => return Target::Ignored,
            Link::Invalid(why) => return Target::Broken(why),
            Link::Local(local) => local,
        };
        let found = local.candidates().into_iter().find_map(|candidate| {
            self.targets
                .get(candidate.as_str())
                .map(|&page| (candidate, page))
        });
        let Some((found, html_page)) = found else {
            return Target::Broken(resolve::missing(target, &local, image));
        };
        match (local.anchor, html_page) {
            (Some(anchor), Some(index)) if !self.pages[index].scan.ids.contains(&anchor) => {
                Target::Broken(resolve::no_anchor(target, &found, &anchor))
            }
            _ => Target::Fine,
        }
    }
}

enum Target {
    Fine,
    Ignored,
    External(String),
    Broken(String),
}

/// The file to name in a message: the Markdown source, or the output path of a generated page.
fn page_label(page: &PageInfo<'_>) -> PathBuf {
    match page.source {
        Some((source, _)) => source.to_path_buf(),
        None => Path::new("public").join(page.path),
    }
}
