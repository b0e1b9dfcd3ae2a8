//! Links between the pages of a built site: reading them off HTML ([`html`]), following them
//! ([`resolve`]), and the build's own check of what each post's and page's text links to —
//! pages or files the site does not have, images that are not there, anchors no element
//! carries. The check reads each page's HTML fragment, which the site holds anyway, and keeps
//! the paths of the files the build writes, not their bytes; a page's rendered HTML is read
//! only when a link names an anchor its text does not carry (an id the theme adds, such as
//! `#main`). `boke check` looks at the theme's links too.

pub(crate) mod html;
pub(crate) mod resolve;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::assemble::Site;
use crate::diagnostic::Diagnostic;
use crate::emit::copies::CopiedFile;
use crate::render::OutputFile;

use html::scan;
use resolve::{Link, Local, find_in_source};

/// A link written in a page's text, to this site.
struct Written {
    /// As written, for the message and to find it in the Markdown.
    target: String,
    image: bool,
    local: Local,
}

/// One post or page: where it is written and what its text links to.
struct PageLinks {
    /// Index into the site's posts, then its pages.
    page: usize,
    links: Vec<Written>,
}

/// The links of every page's text, waiting for the build to say which files exist.
pub(crate) struct ContentLinks {
    pages: Vec<PageLinks>,
    /// The ids of the pages some link names an anchor of, by output path: those of their
    /// text, then those of `wanted` found in their rendered HTML.
    ids: HashMap<String, HashSet<String>>,
    /// Anchors wanted in pages whose text does not carry them, by output path: the page's
    /// rendered HTML is scanned for them as it is written.
    wanted: HashMap<String, HashSet<String>>,
    /// Every output path written so far.
    written: HashSet<String>,
}

impl ContentLinks {
    /// Reads the links of the text of each post and page whose output path is `checked`, and
    /// the ids of the pages they name an anchor of.
    pub(crate) fn scan(site: &Site, checked: &(dyn Fn(&str) -> bool + Sync)) -> Self {
        let base_url = site.config.base();
        let every_page: Vec<(String, &str)> = site
            .posts
            .iter()
            .chain(&site.pages)
            .map(|page| {
                let path = OutputFile::for_site_path(&page.placement.path, "").path;
                (path, page.content.as_str())
            })
            .collect();
        let pages: Vec<PageLinks> = every_page
            .par_iter()
            .enumerate()
            .filter(|(_, (path, _))| checked(path))
            .filter_map(|(page, (path, content))| {
                let mut seen = HashSet::new();
                let links: Vec<Written> = scan(content)
                    .links
                    .into_iter()
                    .filter(|link| seen.insert(link.target.clone()))
                    .filter_map(
                        |link| match resolve::classify(path, &link.target, base_url) {
                            Link::Local(local) => Some(Written {
                                image: link.tag == "img",
                                target: link.target,
                                local,
                            }),
                            _ => None,
                        },
                    )
                    .collect();
                (!links.is_empty()).then_some(PageLinks { page, links })
            })
            .collect();
        let anchored: HashMap<String, HashSet<String>> = pages
            .iter()
            .flat_map(|page| &page.links)
            .filter_map(|written| Some((written.local.candidates(), written.local.anchor.clone()?)))
            .flat_map(|(candidates, anchor)| {
                candidates
                    .into_iter()
                    .map(move |candidate| (candidate, anchor.clone()))
            })
            .fold(HashMap::new(), |mut anchored, (candidate, anchor)| {
                anchored
                    .entry(candidate)
                    .or_insert_with(HashSet::new)
                    .insert(anchor);
                anchored
            });
        let ids: HashMap<String, HashSet<String>> = every_page
            .par_iter()
            .filter(|(path, _)| anchored.contains_key(path))
            .map(|(path, content)| (path.clone(), scan(content).ids))
            .collect();
        let wanted = anchored
            .into_iter()
            .filter_map(|(path, anchors)| {
                let own = ids.get(&path);
                let missing: HashSet<String> = anchors
                    .into_iter()
                    .filter(|anchor| !own.is_some_and(|own| own.contains(anchor)))
                    .collect();
                (!missing.is_empty()).then_some((path, missing))
            })
            .collect();
        Self {
            pages,
            ids,
            wanted,
            written: HashSet::new(),
        }
    }

    /// Notes the files of one batch the build writes, and the wanted anchors they carry.
    pub(crate) fn observe_batch(&mut self, batch: &[OutputFile]) {
        for file in batch {
            self.observe(&file.path, Some(&file.bytes));
        }
    }

    /// Notes a file the site has, with its bytes when it is one the site makes (HTML whose
    /// ids may be wanted); a copied file has none.
    pub(crate) fn observe(&mut self, path: &str, bytes: Option<&[u8]>) {
        if let (Some(anchors), Some(bytes)) = (self.wanted.get(path), bytes) {
            let found = scan(&String::from_utf8_lossy(bytes)).ids;
            let present: HashSet<String> = anchors.intersection(&found).cloned().collect();
            self.ids.entry(path.to_owned()).or_default().extend(present);
        }
        self.written.insert(path.to_owned());
    }

    /// A warning for each link of a checked page's text that leads nowhere, once every file
    /// of the site was observed and `copies` are copied. A page whose Markdown the build has
    /// let go is read again from its file under `root`, to say where the link is.
    pub(crate) fn problems(
        mut self,
        site: &Site,
        copies: &[CopiedFile],
        root: &Path,
    ) -> Vec<Diagnostic> {
        self.written
            .extend(copies.iter().map(|copy| copy.to.clone()));
        let every_page: Vec<_> = site.posts.iter().chain(&site.pages).collect();
        let mut problems = Vec::new();
        for page_links in &self.pages {
            let Some(page) = every_page.get(page_links.page) else {
                continue;
            };
            for written in &page_links.links {
                let Some(message) = self.broken(written) else {
                    continue;
                };
                let mut diagnostic = Diagnostic::warning(&page.source, message);
                let markdown: Cow<'_, str> = if page.markdown.is_empty() {
                    std::fs::read_to_string(root.join(&page.source))
                        .unwrap_or_default()
                        .into()
                } else {
                    Cow::Borrowed(&page.markdown)
                };
                if let Some((line, column)) = find_in_source(&markdown, &written.target) {
                    diagnostic = diagnostic.at(&markdown, line, column);
                }
                problems.push(diagnostic.with_hint(if written.image {
                    "put the file beside the post (content/posts/NAME/index.md and the image next to it) or under static/"
                } else {
                    "`boke check` lists every broken link of the site, the theme's too"
                }));
            }
        }
        problems
    }

    fn broken(&self, written: &Written) -> Option<String> {
        let local = &written.local;
        let Some(found) = local
            .candidates()
            .into_iter()
            .find(|candidate| self.written.contains(candidate))
        else {
            return Some(resolve::missing(&written.target, local, written.image));
        };
        let anchor = local.anchor.as_ref()?;
        if !found.ends_with(".html") || self.ids.get(&found).is_some_and(|ids| ids.contains(anchor))
        {
            return None;
        }
        Some(resolve::no_anchor(&written.target, &found, anchor))
    }
}
