//! One build from start to end: load → parse → assemble → render → emit, with every problem
//! of the build collected before anything is written.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::emit::{self, CopiedFile};
use crate::load;
use crate::page::{self, Page};
use crate::render::{self, OutputFile};
use crate::site::{self, Site, Visibility};
use crate::templates::{THEME_ASSETS, Templates};

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides the config's `output_dir`.
    pub output: Option<PathBuf>,
    pub visibility: Visibility,
}

/// A site built in memory: everything `emit` would write.
pub struct Built {
    pub site: Site,
    pub files: Vec<OutputFile>,
    pub copies: Vec<CopiedFile>,
    pub warnings: Vec<Diagnostic>,
}

/// What a finished build reports.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub posts: usize,
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Builds the site and writes it to the output directory, replacing it only on success.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let built = build_in_memory(&options.root, options.visibility)?;
    let output = match &options.output {
        Some(output) => output.clone(),
        None => options.root.join(&built.site.config.output_dir),
    };
    emit::write_site(&output, &built.files, &built.copies).map_err(|error| {
        Diagnostics(vec![Diagnostic::error(
            &output,
            format!("cannot write the site: {error}"),
        )])
    })?;
    Ok(BuildReport {
        output,
        posts: built.site.posts.len(),
        pages: built
            .files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count(),
        files: built.files.len() + built.copies.len(),
        warnings: built.warnings,
        elapsed: started.elapsed(),
    })
}

/// Builds everything into memory. Errors from every file are returned together.
pub fn build_in_memory(root: &Path, visibility: Visibility) -> Result<Built, Diagnostics> {
    let relative = |list: Vec<Diagnostic>| {
        Diagnostics(list.into_iter().map(|d| d.relative_to(root)).collect())
    };
    let config = Config::load(root).map_err(|d| relative(vec![*d]))?;
    let content = load::load_content(root, &config.content_dir).map_err(relative)?;
    let templates = Templates::load(&root.join(&config.templates_dir)).map_err(relative)?;

    let parsed: Vec<Result<page::Parsed, Vec<Diagnostic>>> = content
        .sources
        .par_iter()
        .map(|source| page::parse(source, &config))
        .collect();
    let mut pages: Vec<Page> = Vec::with_capacity(parsed.len());
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for result in parsed {
        match result {
            Ok(parsed) => {
                warnings.extend(parsed.warnings);
                pages.push(parsed.page);
            }
            Err(problems) => errors.extend(problems),
        }
    }
    if !errors.is_empty() {
        errors.extend(warnings);
        return Err(relative(errors));
    }

    let static_dir = root.join(&config.static_dir);
    let content_dir = root.join(&config.content_dir);
    let site = site::assemble(config, pages, visibility).map_err(relative)?;
    let mut files = render::render_site(&site, &templates).map_err(relative)?;
    files.extend(theme_assets());
    files.extend(crate::mirror::markdown_mirrors(&site));
    files.extend(crate::search_index::search_files(&site));
    let copies = copies(&site, &content.assets, &content_dir, &static_dir);
    Ok(Built {
        site,
        files,
        copies,
        warnings: warnings.into_iter().map(|d| d.relative_to(root)).collect(),
    })
}

fn theme_assets() -> impl Iterator<Item = OutputFile> {
    THEME_ASSETS
        .iter()
        .map(|(path, text)| OutputFile::new(*path, *text))
        .chain(std::iter::once(OutputFile::new(
            "assets/highlight.css",
            boke_markdown::highlight_css(),
        )))
}

/// Static files, and files kept beside a post in its folder (`posts/a/cover.png`).
fn copies(
    site: &Site,
    assets: &[PathBuf],
    content_dir: &Path,
    static_dir: &Path,
) -> Vec<CopiedFile> {
    let mut copies = Vec::new();
    for asset in assets {
        let owner = site.posts.iter().chain(&site.pages).find(|page| {
            page.bundle_dir
                .as_ref()
                .is_some_and(|dir| asset.starts_with(dir))
        });
        let to = match owner {
            Some(page) => {
                let inside = page
                    .bundle_dir
                    .as_ref()
                    .and_then(|dir| asset.strip_prefix(dir).ok())
                    .unwrap_or(asset);
                format!(
                    "{}{}",
                    page.path.trim_start_matches('/'),
                    slash_path(inside)
                )
            }
            None => slash_path(asset),
        };
        copies.push(CopiedFile {
            from: content_dir.join(asset),
            to,
        });
    }
    if static_dir.is_dir() {
        for entry in ignore::WalkBuilder::new(static_dir)
            .standard_filters(false)
            .hidden(true)
            .build()
            .flatten()
        {
            if entry.file_type().is_some_and(|t| t.is_file())
                && let Ok(relative) = entry.path().strip_prefix(static_dir)
            {
                copies.push(CopiedFile {
                    from: entry.path().to_path_buf(),
                    to: slash_path(relative),
                });
            }
        }
    }
    copies
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
