//! What the server serves: the built site's files in memory, the copied files by where they
//! come from, the current build problem, and the events sent to open pages.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use crate::assemble::{Hidden, Site};
use crate::diagnostic::Diagnostic;
use crate::emit::copies::CopiedFile;
use crate::incremental::Update;
use crate::links::ContentLinks;
use crate::render::OutputFile;

/// What open pages are told after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reload {
    /// Reload the page; the output paths that changed.
    Page(Vec<String>),
    /// Only stylesheets changed: swap them without a reload.
    Css(Vec<String>),
    /// The last edit broke the build: show this message over the page.
    Problem(String),
}

#[derive(Default)]
struct Files {
    /// Rendered and generated files by output path (`posts/a/index.html`).
    built: HashMap<String, Arc<[u8]>>,
    /// Files copied from disk by output path, read when asked for.
    copies: HashMap<String, PathBuf>,
    /// Output paths of the files made from the whole site, to drop the ones that went away.
    site_wide: HashSet<String>,
    /// Why the last rebuild failed, as the terminal shows it.
    problem: Option<String>,
    /// Output paths of the posts left out, and why.
    hidden: HashMap<String, Hidden>,
}

/// One served file.
pub(crate) enum Found {
    Built(Arc<[u8]>),
    Copied(PathBuf),
}

/// The state shared by the HTTP handlers and the rebuild thread.
pub(crate) struct Shared {
    files: RwLock<Files>,
    events: broadcast::Sender<Reload>,
}

impl Default for Shared {
    fn default() -> Self {
        Self {
            files: RwLock::default(),
            events: broadcast::channel(64).0,
        }
    }
}

impl Shared {
    pub(crate) fn find(&self, path: &str) -> Option<Found> {
        let files = self.files.read().ok()?;
        if let Some(bytes) = files.built.get(path) {
            return Some(Found::Built(Arc::clone(bytes)));
        }
        files.copies.get(path).cloned().map(Found::Copied)
    }

    /// Why the page at `path` is not served, when it is a post the site leaves out.
    pub(crate) fn hidden(&self, path: &str) -> Option<Hidden> {
        self.files.read().ok()?.hidden.get(path).copied()
    }

    pub(crate) fn problem(&self) -> Option<String> {
        self.files.read().ok()?.problem.clone()
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Reload> {
        self.events.subscribe()
    }

    /// Takes a successful rebuild: stores what changed, clears the problem, and tells open
    /// pages. `touched` are copied files whose content changed on disk. Returns the event sent.
    pub(crate) fn publish(&self, update: Update, touched: &[PathBuf]) -> Option<Reload> {
        let mut changed = Vec::new();
        let had_problem;
        {
            let Ok(mut files) = self.files.write() else {
                return None;
            };
            had_problem = files.problem.take().is_some();
            files.hidden = update.hidden.into_iter().collect();
            store(&mut files.built, update.files, &mut changed);
            for path in update.removed {
                if files.built.remove(&path).is_some() {
                    changed.push(path);
                }
            }
            let copies: HashMap<String, PathBuf> = update
                .copies
                .into_iter()
                .map(|CopiedFile { from, to }| (to, from))
                .collect();
            for (to, from) in &copies {
                if files.copies.get(to) != Some(from) || touched.contains(from) {
                    changed.push(to.clone());
                }
            }
            changed.extend(
                files
                    .copies
                    .keys()
                    .filter(|to| !copies.contains_key(*to))
                    .cloned(),
            );
            files.copies = copies;
        }
        let event = if changed.is_empty() {
            had_problem.then(|| Reload::Page(Vec::new()))
        } else if changed.iter().all(|path| path.ends_with(".css")) {
            Some(Reload::Css(changed))
        } else {
            Some(Reload::Page(changed))
        };
        if let Some(event) = &event {
            // No receiver only means no page is open.
            let _ = self.events.send(event.clone());
        }
        event
    }

    /// Replaces the files made from the whole site (feeds, search index, mirrors), quietly:
    /// pages show them on their next load.
    pub(crate) fn publish_site_wide(&self, site_files: Vec<OutputFile>) {
        let Ok(mut files) = self.files.write() else {
            return;
        };
        let paths: HashSet<String> = site_files.iter().map(|f| f.path.clone()).collect();
        let gone: Vec<String> = files.site_wide.difference(&paths).cloned().collect();
        for path in gone {
            files.built.remove(&path);
        }
        store(&mut files.built, site_files, &mut Vec::new());
        files.site_wide = paths;
    }

    /// What the text of the pages at `rendered` (output paths) links to and the site does not
    /// serve, as `boke build` reports it.
    pub(crate) fn link_problems(&self, site: &Site, rendered: &HashSet<String>) -> Vec<Diagnostic> {
        if rendered.is_empty() {
            return Vec::new();
        }
        let mut links = ContentLinks::scan(site, &|path| rendered.contains(path));
        let Ok(files) = self.files.read() else {
            return Vec::new();
        };
        for (path, bytes) in &files.built {
            links.observe(path, Some(bytes));
        }
        for path in files.copies.keys() {
            links.observe(path, None);
        }
        drop(files);
        // `serve` keeps every page's Markdown, so no source is read again from the root.
        links.problems(site, &[], std::path::Path::new(""))
    }

    /// Keeps serving the last good site and shows `message` over it.
    pub(crate) fn fail(&self, message: String) {
        if let Ok(mut files) = self.files.write() {
            files.problem = Some(message.clone());
        }
        let _ = self.events.send(Reload::Problem(message));
    }
}

/// Stores files whose bytes differ from what is there, noting their paths in `changed`.
fn store(
    built: &mut HashMap<String, Arc<[u8]>>,
    files: Vec<OutputFile>,
    changed: &mut Vec<String>,
) {
    for file in files {
        if built
            .get(&file.path)
            .is_some_and(|old| **old == *file.bytes)
        {
            continue;
        }
        changed.push(file.path.clone());
        built.insert(file.path, file.bytes.into());
    }
}
