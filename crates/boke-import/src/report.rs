//! The import's account of itself: counts, every old URL and where it resolves now, what was
//! not converted (by file and line), dropped settings and changed dates; `import-report.md`.

use std::fmt::Write as _;
use std::path::PathBuf;

/// How an old URL answers on the new site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The new site has a page at the same path.
    Same,
    /// A redirect page at the old path (an `aliases` entry of the post or page) to this path.
    Alias(String),
    /// A redirect written into `static/` to this path (terms, archives).
    Redirect(String),
    /// A 301 rule in `static/_redirects` to this path: kept only on hosts that read the file
    /// (feeds, which a redirect page cannot move).
    ServerRule(String),
    /// Nothing answers there; the reason.
    Lost(String),
}

#[derive(Debug, Clone)]
pub struct UrlLine {
    pub kind: &'static str,
    pub old: String,
    pub resolution: Resolution,
}

/// A construct left as it was, visible in the page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unconverted {
    pub file: PathBuf,
    pub line: usize,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Note {
    pub file: PathBuf,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub engine: &'static str,
    pub posts: usize,
    pub pages: usize,
    pub assets: usize,
    pub skipped: Vec<Note>,
    pub urls: Vec<UrlLine>,
    pub unconverted: Vec<Unconverted>,
    pub dropped_config: Vec<String>,
    pub front_matter: Vec<Note>,
    pub dates: Vec<Note>,
    pub categories: Vec<Note>,
    pub remote_images: Vec<Note>,
    pub comments: Vec<String>,
    pub decisions: Vec<String>,
    /// Files not written because they were changed by hand since the last import.
    pub kept_edits: Vec<PathBuf>,
    pub written: usize,
    pub unchanged: usize,
}

impl Report {
    pub fn urls_kept(&self) -> usize {
        self.urls
            .iter()
            .filter(|line| {
                matches!(
                    line.resolution,
                    Resolution::Same | Resolution::Alias(_) | Resolution::Redirect(_)
                )
            })
            .count()
    }

    pub(crate) fn note(list: &mut Vec<Note>, file: &std::path::Path, text: impl Into<String>) {
        list.push(Note {
            file: file.to_path_buf(),
            text: text.into(),
        });
    }

    /// The lines printed on the terminal.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "imported from {}: {} posts, {} pages, {} assets",
            self.engine, self.posts, self.pages, self.assets
        );
        let same = self
            .urls
            .iter()
            .filter(|l| l.resolution == Resolution::Same)
            .count();
        let _ = writeln!(
            out,
            "old URLs kept: {}/{} ({} at the same path, {} by redirect page); {} more by a server rule in static/_redirects",
            self.urls_kept(),
            self.urls.len(),
            same,
            self.urls_kept() - same,
            self.urls
                .iter()
                .filter(|l| matches!(l.resolution, Resolution::ServerRule(_)))
                .count()
        );
        let _ = writeln!(
            out,
            "constructs left unconverted: {}; dates normalised: {}; config keys without a place in boke: {}",
            self.unconverted.len(),
            self.dates.len(),
            self.dropped_config.len()
        );
        let _ = writeln!(
            out,
            "files written: {}, unchanged: {}, kept because edited by hand: {}",
            self.written,
            self.unchanged,
            self.kept_edits.len()
        );
        for path in &self.kept_edits {
            let _ = writeln!(out, "  kept (use --force to overwrite): {}", path.display());
        }
        out
    }

    /// `url-map.txt`: `old new` for each post and page the new site publishes at another
    /// path, the form `boke social import --map-file` reads, so that comments and view counts
    /// kept under the old paths land on the new pages.
    pub fn url_map(&self) -> String {
        let mut text = String::from(
            "# Old path, new path of each post and page that moved (boke social import --map-file).\n",
        );
        for line in &self.urls {
            if let Resolution::Alias(new) = &line.resolution {
                text.push_str(&format!("{} {new}\n", line.old));
            }
        }
        text
    }

    /// `import-report.md`.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Import from {}\n", self.engine);
        let _ = writeln!(out, "```text\n{}```\n", self.summary());
        section(&mut out, "Decisions", &self.decisions, |s| s.clone());
        section(&mut out, "Comments", &self.comments, |s| s.clone());
        section(&mut out, "Unconverted constructs", &self.unconverted, |u| {
            format!("`{}:{}`: `{}`", u.file.display(), u.line, u.name)
        });
        let lost: Vec<&UrlLine> = self
            .urls
            .iter()
            .filter(|l| matches!(l.resolution, Resolution::Lost(_)))
            .collect();
        section(&mut out, "Old URLs that do not answer", &lost, |l| {
            let Resolution::Lost(why) = &l.resolution else {
                return String::new();
            };
            format!("{} `{}`: {why}", l.kind, l.old)
        });
        section(
            &mut out,
            "Configuration keys boke has no place for",
            &self.dropped_config,
            |s| format!("`{s}`"),
        );
        let notes = |n: &Note| format!("`{}`: {}", n.file.display(), n.text);
        section(&mut out, "Front matter", &self.front_matter, notes);
        section(&mut out, "Dates normalised", &self.dates, notes);
        section(&mut out, "Categories restructured", &self.categories, notes);
        section(&mut out, "Remote images", &self.remote_images, notes);
        section(&mut out, "Files skipped", &self.skipped, notes);
        section(&mut out, "Every old URL", &self.urls, |l| {
            let how = match &l.resolution {
                Resolution::Same => "same path".to_owned(),
                Resolution::Alias(to) => format!("alias → `{to}`"),
                Resolution::Redirect(to) => format!("redirect page → `{to}`"),
                Resolution::ServerRule(to) => format!("301 rule in static/_redirects → `{to}`"),
                Resolution::Lost(why) => format!("**lost**: {why}"),
            };
            format!("{} `{}`: {how}", l.kind, l.old)
        });
        out
    }
}

fn section<T>(out: &mut String, title: &str, items: &[T], line: impl Fn(&T) -> String) {
    let _ = writeln!(out, "## {title} ({})\n", items.len());
    if items.is_empty() {
        let _ = writeln!(out, "None.\n");
        return;
    }
    for item in items {
        let _ = writeln!(out, "- {}", line(item));
    }
    out.push('\n');
}
