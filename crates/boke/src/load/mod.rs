//! Loading: finding the content files of a site and reading them into memory.

pub(crate) mod config;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;

/// A Markdown file as read from disk.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// Path relative to the site root, for messages (`content/posts/a.md`).
    pub(crate) path: PathBuf,
    /// Path relative to the content directory (`posts/a.md`).
    pub(crate) content_path: PathBuf,
    /// Shared with the page made from it, which keeps it for the `index.md` mirror.
    pub(crate) text: std::sync::Arc<str>,
    pub(crate) modified: SystemTime,
}

/// Everything under `content/`: Markdown sources, and other files to copy beside the pages.
#[derive(Debug, Default)]
pub(crate) struct Content {
    pub(crate) sources: Vec<Source>,
    /// Files that are not Markdown (images next to a post), relative to the content directory.
    pub(crate) assets: Vec<PathBuf>,
}

/// Reads the content directory. Files whose names start with `.` or `_` are skipped.
pub(crate) fn load_content(root: &Path, content_dir: &Path) -> Result<Content, Vec<Diagnostic>> {
    let base = root.join(content_dir);
    if !base.is_dir() {
        return Err(vec![
            Diagnostic::error(&base, "the content directory does not exist")
                .with_hint("create it, or run `boke init` to start a new site"),
        ]);
    }
    let mut content = Content::default();
    let mut problems = Vec::new();
    let mut markdown: Vec<(PathBuf, PathBuf)> = Vec::new();
    let walker = ignore::WalkBuilder::new(&base)
        .standard_filters(false)
        .hidden(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                problems.push(Diagnostic::error(&base, format!("cannot read: {error}")));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Ok(content_path) = path.strip_prefix(&base) else {
            continue;
        };
        if content_path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('_'))
        {
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            content.assets.push(content_path.to_path_buf());
            continue;
        }
        markdown.push((path.to_path_buf(), content_path.to_path_buf()));
    }
    // Reading is most of the time of a build that turns out to be up to date: in parallel.
    let read: Vec<Result<Source, Diagnostic>> = markdown
        .into_par_iter()
        .map(|(path, content_path)| {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let text = std::fs::read_to_string(&path).map_err(|error| {
                Diagnostic::error(&relative, format!("cannot read: {error}"))
                    .with_hint("content files must be UTF-8 text")
            })?;
            let modified = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            Ok(Source {
                modified,
                path: relative,
                content_path,
                text: text.into(),
            })
        })
        .collect();
    for source in read {
        match source {
            Ok(source) => content.sources.push(source),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(content)
    } else {
        Err(problems)
    }
}
