//! Loading: finding the site a command is about, and its content files, and reading them into
//! memory.

pub(crate) mod config;
pub(crate) mod emoji;
pub(crate) mod links;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;

/// The site a command run in `start` is about: `start` itself, or the nearest folder above it,
/// that holds `boke.toml`, as git finds its repository. With `explicit` (`--root`), that
/// folder, which must hold one.
pub fn find_site(start: &Path, explicit: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    if let Some(root) = explicit {
        if !root.is_dir() {
            return Err(Diagnostic::error(root, "this folder does not exist")
                .with_hint("give --root the folder that holds the site's boke.toml"));
        }
        if !root.join(config::CONFIG_FILE).is_file() {
            return Err(Diagnostic::error(
                root,
                format!("no {} in this folder: it is not a boke site", config::CONFIG_FILE),
            )
            .with_hint("give --root the folder that holds boke.toml, or run `boke init` there to make a site"));
        }
        return Ok(root.to_path_buf());
    }
    let absolute = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    for folder in absolute.ancestors() {
        if folder.join(config::CONFIG_FILE).is_file() {
            // The folder as the user reaches it: relative to `start` when it is `start`.
            return Ok(if folder == absolute {
                start.to_path_buf()
            } else {
                folder.to_path_buf()
            });
        }
    }
    Err(Diagnostic::error(
        &absolute,
        format!(
            "no {} in this folder or any folder above it",
            config::CONFIG_FILE
        ),
    )
    .with_hint("run boke inside a site, pass --root SITE, or make a site here with `boke init`"))
}

/// The folder, in the site root, where builds keep what later builds reuse (parsed pages,
/// images' smaller copies).
pub(crate) const CACHE_DIR: &str = ".boke-cache";

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
    /// The folder the file is in, as this process reaches it: where images beside a folder
    /// post are read from.
    pub(crate) folder: PathBuf,
    /// The site's root as this process reaches it: where `static/` images and the image cache
    /// are found.
    pub(crate) root: PathBuf,
}

/// Everything under `content/`: Markdown sources, and other files to copy beside the pages.
#[derive(Debug, Default)]
pub(crate) struct Content {
    pub(crate) sources: Vec<Source>,
    /// Files that are not Markdown (images next to a post), relative to the content directory.
    pub(crate) assets: Vec<PathBuf>,
    /// Files under `posts/` that are neither posts nor beside a folder post: published as they
    /// are, which is seldom what was meant.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// What a file under `content/` is to the site, by its path alone. The one rule for the full
/// load and for `serve`'s re-reads of changed files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContentFile {
    /// Hidden (a name in its path starts with `.`) or a partial (its name starts with `_`).
    Skipped,
    /// Not Markdown: copied beside the pages (an image in a post's folder).
    Asset,
    Markdown,
}

/// The extensions of Markdown files, as editors and other engines name them.
const MARKDOWN_EXTENSIONS: [&str; 5] = ["md", "markdown", "mdown", "mkd", "mkdn"];

/// What the file at `content_path` (relative to the content directory) is.
pub(crate) fn content_file(content_path: &Path) -> ContentFile {
    let name_starts = |path: &Path, c: char| {
        path.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(c))
    };
    let hidden = content_path.components().any(|part| {
        part.as_os_str()
            .to_str()
            .is_some_and(|p| p.starts_with('.'))
    });
    let leftover = content_path
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(is_editor_leftover);
    if hidden || leftover || name_starts(content_path, '_') {
        ContentFile::Skipped
    } else if content_path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            MARKDOWN_EXTENSIONS
                .iter()
                .any(|md| e.eq_ignore_ascii_case(md))
        })
    {
        ContentFile::Markdown
    } else {
        ContentFile::Asset
    }
}

/// Swap files, backups and lock files that editors write beside the real one: Emacs's
/// `#a.md#` and `a.md~`, Vim's `.a.md.swp` and `4913`, Word's `~$a.docx`, `.tmp` and `.bak`.
pub(crate) fn is_editor_leftover(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with('#')
        || [".swp", ".swx", ".tmp", ".bak"]
            .iter()
            .any(|end| name.ends_with(end))
        || name == "4913"
}

/// Reads one Markdown file: `content_path` inside the content directory `base` of the site
/// at `root`.
pub(crate) fn read_source(
    root: &Path,
    base: &Path,
    content_path: &Path,
) -> Result<Source, Diagnostic> {
    let path = base.join(content_path);
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
        folder: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        root: root.to_path_buf(),
        path: relative,
        content_path: content_path.to_path_buf(),
        text: text.into(),
    })
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
    let mut markdown: Vec<PathBuf> = Vec::new();
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
        match content_file(content_path) {
            ContentFile::Skipped => {}
            ContentFile::Asset => content.assets.push(content_path.to_path_buf()),
            ContentFile::Markdown => markdown.push(content_path.to_path_buf()),
        }
    }
    content.warnings = stray_files(&markdown, &content.assets, content_dir);
    // Reading is most of the time of a build that turns out to be up to date: in parallel.
    let read: Vec<Result<Source, Diagnostic>> = markdown
        .into_par_iter()
        .map(|content_path| read_source(root, &base, &content_path))
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

/// A warning for each file under `posts/` that is neither Markdown nor in a folder post's folder.
fn stray_files(markdown: &[PathBuf], assets: &[PathBuf], content_dir: &Path) -> Vec<Diagnostic> {
    // A set, looked up by each asset's folders: a site of 10,000 folder posts has as many
    // bundles and several times as many images.
    let bundles: std::collections::HashSet<&Path> = markdown
        .iter()
        .filter(|path| path.file_stem().is_some_and(|stem| stem == "index"))
        .filter_map(|path| path.parent())
        .filter(|dir| !dir.as_os_str().is_empty())
        .collect();
    assets
        .iter()
        .filter(|asset| asset.starts_with("posts"))
        .filter(|asset| !asset.ancestors().skip(1).any(|dir| bundles.contains(dir)))
        .map(|asset| {
            Diagnostic::warning(
                content_dir.join(asset),
                "not a post and not in a post's folder: published as it is",
            )
            .with_hint("name a post .md (or .markdown); keep a post's images in its folder, posts/NAME/index.md beside them, or put files for the whole site in static/")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_files_by_path() {
        let kind = |path: &str| content_file(Path::new(path));
        assert_eq!(kind("posts/a.md"), ContentFile::Markdown);
        for post in [
            "posts/a.markdown",
            "posts/a.mdown",
            "posts/a.mkd",
            "posts/A.MD",
        ] {
            assert_eq!(kind(post), ContentFile::Markdown, "{post}");
        }
        for leftover in [
            "posts/#a.md#",
            "posts/a.md~",
            "posts/.a.md.swp",
            "posts/4913",
            "posts/a.md.bak",
        ] {
            assert_eq!(kind(leftover), ContentFile::Skipped, "{leftover}");
        }
        assert_eq!(kind("posts/a/cover.png"), ContentFile::Asset);
        assert_eq!(kind("posts/_draft.md"), ContentFile::Skipped);
        assert_eq!(kind("posts/.a.md.swp"), ContentFile::Skipped);
        // As the full load's walker skips hidden folders, so do serve's re-reads.
        assert_eq!(kind(".notes/a.md"), ContentFile::Skipped);
    }
}
