//! The render stage: every HTML page of the site through its template, in parallel.

pub(crate) mod components;
pub(crate) mod context;
pub(crate) mod i18n;
pub(crate) mod plan;
pub(crate) mod summary;
pub(crate) mod templates;
pub(crate) mod values;
pub(crate) mod view;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use minijinja::{Value, context};
use rayon::prelude::*;

use crate::assemble::{Site, normalize_alias};
use crate::diagnostic::Diagnostic;
use context::SiteView;
use plan::Job;
use summary::{FieldSet, FieldsRead};
use templates::Templates;
use values::to_value;

/// One file of the built site, by its path inside the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative, `/`-separated, not encoded: `posts/人工智能/index.html`.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub(crate) fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            path: path.into(),
            bytes: bytes.into(),
        }
    }

    /// The file that serves a site path: `/a/` → `a/index.html`, `/404.html` → `404.html`.
    pub(crate) fn for_site_path(site_path: &str, bytes: impl Into<Vec<u8>>) -> Self {
        let trimmed = site_path.trim_start_matches('/');
        let path = if trimmed.is_empty() || trimmed.ends_with('/') {
            format!("{trimmed}index.html")
        } else {
            trimmed.to_owned()
        };
        Self::new(path, bytes)
    }
}

/// Pages rendered at a time by [`render_site_in_batches`]: enough to keep every core busy,
/// few enough that a batch of rendered HTML stays a few megabytes.
const BATCH: usize = 512;

/// Renders every HTML page batch by batch, handing each batch to `sink` as soon as it is
/// rendered. After the first template error no more batches go to `sink`, but every page is
/// still rendered so that the errors of all templates are reported together.
pub(crate) fn render_site_in_batches(
    site: &Arc<Site>,
    templates: &Templates,
    sink: &mut dyn FnMut(Vec<OutputFile>) -> Result<(), Vec<Diagnostic>>,
) -> Result<(), Vec<Diagnostic>> {
    let jobs = plan::plan(site);
    missing_templates(site, templates)?;
    let all: Vec<&Job> = jobs.iter().collect();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut seen = BTreeSet::new();
    for batch in all.chunks(BATCH) {
        match render_jobs(site, templates, batch) {
            Ok(files) if problems.is_empty() => sink(files)?,
            Ok(_) => {}
            Err(found) => problems.extend(
                found
                    .into_iter()
                    .filter(|problem| seen.insert(problem.to_string())),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    sink(alias_pages(site))
}

/// An error for each page whose front matter names a template that neither the site nor the
/// theme has, at the page's `template:` line, with the templates there are.
pub(crate) fn missing_templates(site: &Site, templates: &Templates) -> Result<(), Vec<Diagnostic>> {
    let problems: Vec<Diagnostic> = site
        .posts
        .iter()
        .chain(&site.pages)
        .filter_map(|page| {
            let name = page.placement.template.as_deref()?;
            if templates.env.get_template(name).is_ok() {
                return None;
            }
            let mut known: Vec<&str> = templates
                .env
                .templates()
                .map(|(name, _)| name)
                .filter(|name| {
                    !name.starts_with(templates::COMPONENTS_DIR) && !name.starts_with('_')
                })
                .collect();
            known.sort_unstable();
            let mut diagnostic =
                Diagnostic::error(&page.source, format!("no template named `{name}`"));
            if let Some(line) = page
                .markdown
                .lines()
                .position(|line| line.trim_start().starts_with("template"))
            {
                diagnostic = diagnostic.at(&page.markdown, line + 1, 1);
            }
            let mut hint = format!(
                "add templates/{name} to the site, or name one of: {}",
                known.join(", ")
            );
            if let Some(close) = crate::diagnostic::did_you_mean(name, known.iter().copied()) {
                hint = format!("did you mean `{close}`? {hint}");
            }
            Some(diagnostic.with_hint(hint))
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Renders the given pages of the site, in parallel.
pub(crate) fn render_jobs(
    site: &Arc<Site>,
    templates: &Templates,
    jobs: &[&Job],
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let pages = render_pages(site, templates, jobs)?;
    Ok(pages.into_iter().map(|(file, _)| file).collect())
}

/// Renders the given pages of the site, in parallel, each with the fields of post summaries
/// its template read.
pub(crate) fn render_pages(
    site: &Arc<Site>,
    templates: &Templates,
    jobs: &[&Job],
) -> Result<Vec<(OutputFile, FieldSet)>, Vec<Diagnostic>> {
    let site_view = to_value(SiteView::new(site));
    // The interface strings of each language, made once rather than once per page.
    let strings: HashMap<&str, Value> = jobs
        .iter()
        .map(|job| job.lang.as_str())
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .map(|lang| (lang, to_value(i18n::strings(lang))))
        .collect();
    // The largest page of each template so far: a page's buffer starts that large rather than
    // growing, and being copied, several times while it is written.
    let sizes: HashMap<&str, AtomicUsize> = jobs
        .iter()
        .map(|job| (job.template.as_str(), AtomicUsize::new(0)))
        .collect();
    let results: Vec<Result<(OutputFile, FieldSet), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let template = templates
                .env
                .get_template(&job.template)
                .map_err(|error| templates.diagnostic(&error, None))?;
            let read = Arc::new(FieldsRead::default());
            let page_context = context! {
                site => site_view.clone(),
                t => strings.get(job.lang.as_str()).cloned(),
                lang => &job.lang,
                og_locale => i18n::og_locale(&job.lang),
                current_path => &job.path,
                canonical => job.canonical(site),
                ..job.values(site, &read)
            };
            let size = sizes.get(job.template.as_str());
            let mut html = Vec::with_capacity(size.map_or(0, |s| s.load(Ordering::Relaxed)));
            template
                .render_captured_to(page_context, &mut html)
                .map_err(|error| templates.diagnostic(&error, None))?;
            if let Some(size) = size {
                size.fetch_max(html.len(), Ordering::Relaxed);
            }
            Ok((OutputFile::for_site_path(&job.path, html), read.get()))
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(problem) => {
                if seen.insert(problem.to_string()) {
                    problems.push(problem);
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(pages)
    } else {
        Err(problems)
    }
}

/// A small page at each alias that sends readers and crawlers to the real URL.
pub(crate) fn alias_pages(site: &Site) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for page in site.posts.iter().chain(&site.pages) {
        for alias in &page.placement.aliases {
            let target = site.config.absolute_url(&page.placement.url);
            let target = minijinja::HtmlEscape(&target).to_string();
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
                 <link rel=\"canonical\" href=\"{target}\"><meta name=\"robots\" content=\"noindex\">\
                 <meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
                 <body><p><a href=\"{target}\">{title}</a></p></body></html>\n",
                lang = minijinja::HtmlEscape(&page.placement.lang),
                title = minijinja::HtmlEscape(&page.title),
            );
            files.push(OutputFile::for_site_path(&normalize_alias(alias), html));
        }
    }
    files
}
