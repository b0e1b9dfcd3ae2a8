//! One build from start to end: load → parse → assemble → render → emit, with every problem
//! of the build collected before anything is written, and unchanged work skipped via the cache.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::{Cache, LastBuild};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::emit::{self, CopiedFile};
use crate::load;
use crate::page::{self, Page};
use crate::render::{self, OutputFile};
use crate::site::{self, Site, Visibility};
use crate::templates::{THEME_ASSETS, Templates};
use crate::timings::Timings;

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides the config's `output_dir`.
    pub output: Option<PathBuf>,
    pub visibility: Visibility,
}

/// A site built, its generated files handed to the build's sink.
struct Assembled {
    site: Arc<Site>,
    copies: Vec<CopiedFile>,
    warnings: Vec<Diagnostic>,
    next_publish: Option<jiff::Timestamp>,
}

/// A site built in memory: everything `emit` would write.
pub struct Built {
    pub(crate) site: Arc<Site>,
    pub files: Vec<OutputFile>,
    pub(crate) copies: Vec<CopiedFile>,
    pub warnings: Vec<Diagnostic>,
    /// When a post left out for its future date comes due (the site is out of date then).
    pub next_publish: Option<jiff::Timestamp>,
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
    /// How long each stage took.
    pub timings: Timings,
    /// Nothing changed since the last build, so nothing was rendered or written.
    pub up_to_date: bool,
}

/// Builds the site and writes it to the output directory, changing it only on success.
/// Unchanged work is skipped through the cache in `.boke-cache/`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let mut timings = Timings::start();
    let root = &options.root;
    let inputs = Inputs::load(root)?;
    let output = match &options.output {
        Some(output) => output.clone(),
        None => root.join(&inputs.config.output_dir),
    };
    let cache = Cache::new(
        root,
        &inputs.config,
        &inputs.content,
        &inputs.templates_dir,
        options.visibility,
    );
    let last = cache.last_build(&output);
    timings.lap("load");
    if last
        .as_ref()
        .is_some_and(|last| cache.up_to_date(last, &output))
        && let Some(last) = last
    {
        timings.lap("check");
        return Ok(BuildReport::of(last, started, timings, true));
    }

    let previous = last.as_ref().map(|last| &last.outputs);
    let write_error = |error: std::io::Error| {
        Diagnostics(vec![Diagnostic::error(
            &output,
            format!("cannot write the site: {error}"),
        )])
    };
    // Each batch of files is written as soon as it is made, into a folder beside the output
    // that takes effect only in `finish`: a failed build drops it and leaves the output as it was.
    let mut emitter = emit::Emitter::begin(&output, previous).map_err(write_error)?;
    let mut pages = 0;
    let mut files = 0;
    let mut sink = |batch: Vec<OutputFile>| {
        pages += batch.iter().filter(|f| f.path.ends_with(".html")).count();
        files += batch.len();
        emitter.write_files(&batch).map_err(write_error)
    };
    let assembled = build_from(
        inputs,
        options.visibility,
        Some(&cache),
        &mut timings,
        &mut sink,
    )?;
    emitter.copy_files(&assembled.copies).map_err(write_error)?;
    cache.forget_last_build();
    let outputs = emitter.finish().map_err(write_error)?;
    timings.lap("emit");
    let last = LastBuild {
        fingerprint: cache.fingerprint(),
        next_publish: assembled.next_publish,
        output,
        posts: assembled.site.posts.len(),
        pages,
        files: files + assembled.copies.len(),
        warnings: assembled.warnings,
        outputs,
    };
    // A cache that cannot be saved costs the next build time, not correctness.
    let _ = cache.save_last_build(&last);
    timings.lap("cache");
    Ok(BuildReport::of(last, started, timings, false))
}

impl BuildReport {
    fn of(last: LastBuild, started: Instant, timings: Timings, up_to_date: bool) -> Self {
        Self {
            output: last.output,
            posts: last.posts,
            pages: last.pages,
            files: last.files,
            warnings: last.warnings,
            elapsed: started.elapsed(),
            timings,
            up_to_date,
        }
    }
}

/// What a build reads before it parses anything.
struct Inputs {
    root: PathBuf,
    config: Config,
    content: load::Content,
    templates: Templates,
    templates_dir: PathBuf,
}

impl Inputs {
    fn load(root: &Path) -> Result<Self, Diagnostics> {
        let relative = |list: Vec<Diagnostic>| {
            Diagnostics(list.into_iter().map(|d| d.relative_to(root)).collect())
        };
        let config = Config::load(root).map_err(|d| relative(vec![*d]))?;
        let content = load::load_content(root, &config.content_dir).map_err(relative)?;
        let templates_dir = root.join(&config.templates_dir);
        let templates = Templates::load(&templates_dir).map_err(relative)?;
        Ok(Self {
            root: root.to_path_buf(),
            config,
            content,
            templates,
            templates_dir,
        })
    }
}

/// Builds everything into memory. Errors from every file are returned together.
pub fn build_in_memory(root: &Path, visibility: Visibility) -> Result<Built, Diagnostics> {
    let mut files = Vec::new();
    let assembled = build_from(
        Inputs::load(root)?,
        visibility,
        None,
        &mut Timings::start(),
        &mut |batch| {
            files.extend(batch);
            Ok(())
        },
    )?;
    Ok(Built {
        site: assembled.site,
        files,
        copies: assembled.copies,
        warnings: assembled.warnings,
        next_publish: assembled.next_publish,
    })
}

/// Where a build hands the files it makes, batch by batch.
type Sink<'a> = dyn FnMut(Vec<OutputFile>) -> Result<(), Diagnostics> + 'a;

fn build_from(
    inputs: Inputs,
    visibility: Visibility,
    cache: Option<&Cache>,
    timings: &mut Timings,
    sink: &mut Sink<'_>,
) -> Result<Assembled, Diagnostics> {
    let Inputs {
        root,
        config,
        content,
        templates,
        ..
    } = inputs;
    let load::Content { sources, assets } = content;
    let relative = |list: Vec<Diagnostic>| {
        Diagnostics(list.into_iter().map(|d| d.relative_to(&root)).collect())
    };
    let parsed: Vec<Result<page::Parsed, Vec<Diagnostic>>> = match cache {
        Some(cache) => cache.parse(&sources, &config),
        None => sources
            .par_iter()
            .map(|source| page::parse(source, &config))
            .collect(),
    };
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
    // Each page keeps the Markdown it needs; the sources would hold it a second time.
    drop(sources);
    timings.lap("parse");

    let static_dir = root.join(&config.static_dir);
    let content_dir = root.join(&config.content_dir);
    let next_publish = next_publish(&pages, visibility);
    let bundles: Vec<PathBuf> = pages.iter().filter_map(|p| p.bundle_dir.clone()).collect();
    let pages = pages.into_iter().map(Arc::new).collect();
    let site = Arc::new(
        site::assemble(
            config,
            pages,
            visibility,
            &mut crate::related::RelatedMemo::default(),
        )
        .map_err(relative)?,
    );
    timings.lap("assemble");
    render::render_site_in_batches(&site, &templates, &mut |batch| {
        sink(batch).map_err(|problems| problems.0)
    })
    .map_err(relative)?;
    timings.lap("render");
    let copies = copies(&site, &assets, &bundles, &content_dir, &static_dir);
    // A robots.txt of the site's own, in `static/`, wins over the generated one.
    let own_robots = copies.iter().any(|copy| copy.to == ROBOTS_FILE);
    site_files_into(&site, timings, &mut |mut batch| {
        if own_robots {
            batch.retain(|file| file.path != ROBOTS_FILE);
        }
        sink(batch)
    })?;
    Ok(Assembled {
        site,
        copies,
        warnings: warnings.into_iter().map(|d| d.relative_to(&root)).collect(),
        next_publish,
    })
}

/// When the first post left out for its future date comes due.
fn next_publish(pages: &[Page], visibility: Visibility) -> Option<jiff::Timestamp> {
    if visibility.future {
        return None;
    }
    let now = jiff::Timestamp::now();
    pages
        .iter()
        .filter(|page| page.is_post() && (visibility.drafts || !page.draft))
        .filter_map(|page| page.date.as_ref().map(jiff::ZonedDateTime::timestamp))
        .filter(|date| *date > now)
        .min()
}

/// The files made from the site as a whole rather than page by page through templates:
/// theme assets, Markdown mirrors, and the site-wide outputs (feeds, sitemap, robots.txt,
/// llms.txt, search index).
/// `serve` makes these apart from the pages, so that a reload never waits for them.
pub(crate) fn site_files(site: &Site, timings: &mut Timings) -> Vec<OutputFile> {
    let mut files = Vec::new();
    // Collecting into memory cannot fail.
    let _ = site_files_into(site, timings, &mut |batch| {
        files.extend(batch);
        Ok(())
    });
    files
}

/// [`site_files`], handed to `sink` group by group.
fn site_files_into(
    site: &Site,
    timings: &mut Timings,
    sink: &mut Sink<'_>,
) -> Result<(), Diagnostics> {
    sink(theme_assets().collect())?;
    // In batches, like the pages: together the mirrors weigh as much as all the sources.
    let posts = site.posts.len();
    for start in (0..posts).step_by(MIRROR_BATCH) {
        let end = (start + MIRROR_BATCH).min(posts);
        sink(crate::mirror::markdown_mirrors(site, start..end))?;
    }
    timings.lap("mirrors");
    // Feeds and the sitemap are made while the search index is, on whichever core it leaves
    // idle between its parallel steps.
    let (search, files) = rayon::join(
        || crate::search_index::search_files(site),
        || {
            // Written into memory, where writing cannot fail.
            let mut files = crate::feeds::feeds(site).expect("writing feeds to memory");
            files.extend(crate::sitemap::sitemap(site).expect("writing the sitemap to memory"));
            files.push(crate::sitemap::robots_txt(site));
            files.push(crate::llms::llms_txt(site));
            files
        },
    );
    sink(search)?;
    sink(files)?;
    timings.lap("search, feeds");
    Ok(())
}

/// Mirrors made and written at a time.
const MIRROR_BATCH: usize = 1000;

/// Where the generated robots.txt goes, unless `static/` holds one.
const ROBOTS_FILE: &str = "robots.txt";

fn theme_assets() -> impl Iterator<Item = OutputFile> {
    THEME_ASSETS
        .iter()
        .map(|(path, text)| OutputFile::new(*path, *text))
        .chain(std::iter::once(OutputFile::new(
            "assets/highlight.css",
            boke_markdown::highlight_css(),
        )))
}

/// Static files, and files kept beside a post in its folder (`posts/a/cover.png`). Files in the
/// folder of a page that is not published (a draft, a future post) stay out.
pub(crate) fn copies(
    site: &Site,
    assets: &[PathBuf],
    bundles: &[PathBuf],
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
            None if bundles.iter().any(|dir| asset.starts_with(dir)) => continue,
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
