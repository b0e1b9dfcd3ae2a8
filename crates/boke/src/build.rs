//! `boke build`: the pipeline run with the build cache answering for unchanged sources and
//! its files emitted into the output folder, with every problem of the build collected before
//! the output changes, and nothing done at all when nothing changed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::assemble::{LeftOut, Visibility};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::emit::{self, Tally};
use crate::incremental::cache::{Cache, LastBuild};
use crate::load::config::{CONFIG_FILE, PREVIEW_BASE_URL};
use crate::pipeline::{Inputs, Keep, LinkCheck, build_from};
use crate::render::OutputFile;
use crate::timings::Timings;

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides the config's `output_dir`.
    pub output: Option<PathBuf>,
    pub visibility: Visibility,
    /// Overrides the config's `base_url` (a preview deploy at another address).
    pub base_url: Option<String>,
    /// Read instead of the site's `boke.toml` (`--config FILE`).
    pub config: Option<PathBuf>,
    /// Fails on any warning (a broken link, a missing image, …), leaving the output as it was.
    pub strict: bool,
}

/// What a finished build reports.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub posts: usize,
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    /// Posts not published, and why.
    pub left_out: LeftOut,
    pub elapsed: Duration,
    /// How long each stage took.
    pub timings: Timings,
    /// Nothing changed since the last build, so nothing was rendered or written.
    pub up_to_date: bool,
    /// The files this build wrote: the others were in the output already, byte for byte.
    pub written: Tally,
}

/// Builds the site and writes it to the output directory, changing it only on success.
/// Unchanged work is skipped through the cache in `.boke-cache/`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let mut timings = Timings::start();
    let root = &options.root;
    let inputs =
        Inputs::load(root, options.config.as_deref())?.with_base_url(options.base_url.as_deref());
    let address_unknown = inputs.config.base_url_unset().then(|| {
        Diagnostic::warning(
            root.join(CONFIG_FILE),
            format!(
                "base_url is not set: feeds, the sitemap, canonical and share links point at {PREVIEW_BASE_URL}"
            ),
        )
        .with_hint("set base_url = \"https://your.domain/\" in boke.toml before publishing, or build with --base-url URL")
        .relative_to(root)
    });
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
        if options.strict && !last.warnings.is_empty() {
            return Err(strict_failure(last.warnings));
        }
        return Ok(BuildReport::of(
            last,
            started,
            timings,
            Tally::default(),
            true,
        ));
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
        LinkCheck::InText,
        &|sources, config| cache.parse(sources, config),
        Keep::WhatOutputsRead,
        &mut timings,
        &mut sink,
    )?;
    let warnings: Vec<Diagnostic> = address_unknown
        .into_iter()
        .chain(assembled.warnings)
        .collect();
    if options.strict && !warnings.is_empty() {
        // The emitter is dropped unfinished: its folder goes and the output stays as it was.
        return Err(strict_failure(warnings));
    }
    emitter.copy_files(&assembled.copies).map_err(write_error)?;
    cache.forget_last_build();
    let (outputs, written) = emitter.finish().map_err(write_error)?;
    // Only for the usual output: a preview built elsewhere (`-o`) is not what a host serves.
    let snippets_unwritten = options
        .output
        .is_none()
        .then(|| write_host_snippets(root, &assembled.site.config, &output))
        .flatten();
    timings.lap("emit");
    let last = LastBuild {
        fingerprint: cache.fingerprint(),
        next_publish: assembled.next_publish,
        output,
        posts: assembled.site.posts.len(),
        pages,
        files: files + assembled.copies.len(),
        warnings: warnings.into_iter().chain(snippets_unwritten).collect(),
        left_out: assembled.left_out,
        outputs,
    };
    // A cache that cannot be saved costs the next build time, not correctness.
    let _ = cache.save_last_build(&last);
    timings.lap("cache");
    Ok(BuildReport::of(last, started, timings, written, false))
}

/// A `--strict` build's warnings, as the errors that failed it.
fn strict_failure(warnings: Vec<Diagnostic>) -> Diagnostics {
    Diagnostics(
        warnings
            .into_iter()
            .map(|mut warning| {
                warning.severity = crate::diagnostic::Severity::Error;
                warning
            })
            .collect(),
    )
}

/// Writes the hosts' configuration snippets into the site's `deploy/` folder, each only when
/// its text changed; a snippet that cannot be written is a warning, the site being built.
fn write_host_snippets(
    root: &std::path::Path,
    config: &crate::load::config::Config,
    output: &std::path::Path,
) -> Option<Diagnostic> {
    use crate::outputs::hosts;
    let dir = root.join(hosts::DEPLOY_DIR);
    let output = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(&dir)?;
        for (name, text) in hosts::snippets(config, &output) {
            let path = dir.join(name);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::write(&path, text)?;
            }
        }
        Ok(())
    };
    write().err().map(|error| {
        Diagnostic::warning(&dir, format!("cannot write the hosts' snippets: {error}"))
            .with_hint("the site is built; make the folder writable to get them")
            .relative_to(root)
    })
}

impl BuildReport {
    fn of(
        last: LastBuild,
        started: Instant,
        timings: Timings,
        written: Tally,
        up_to_date: bool,
    ) -> Self {
        Self {
            output: last.output,
            posts: last.posts,
            pages: last.pages,
            files: last.files,
            warnings: last.warnings,
            left_out: last.left_out,
            elapsed: started.elapsed(),
            timings,
            up_to_date,
            written,
        }
    }
}
