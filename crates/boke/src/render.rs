//! The render stage: every HTML page of the site through its template, in parallel.

use std::collections::BTreeSet;

use minijinja::{Value, context};
use rayon::prelude::*;

use crate::context::{self, PageView, Paginator, SiteView, TermLink, pager_url};
use crate::diagnostic::Diagnostic;
use crate::i18n;
use crate::site::{Site, Taxonomy, normalize_alias};
use crate::templates::Templates;

/// One file of the built site, by its path inside the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative, `/`-separated, not encoded: `posts/人工智能/index.html`.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            path: path.into(),
            bytes: bytes.into(),
        }
    }

    /// The file that serves a site path: `/a/` → `a/index.html`, `/404.html` → `404.html`.
    pub fn for_site_path(site_path: &str, bytes: impl Into<Vec<u8>>) -> Self {
        let trimmed = site_path.trim_start_matches('/');
        let path = if trimmed.is_empty() || trimmed.ends_with('/') {
            format!("{trimmed}index.html")
        } else {
            trimmed.to_owned()
        };
        Self::new(path, bytes)
    }
}

/// A page to render: its site path, template and the values that differ per page.
struct Job {
    path: String,
    template: String,
    lang: String,
    canonical: String,
    values: Value,
}

/// Renders every HTML page. Template errors are collected once per template line.
pub fn render_site(site: &Site, templates: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let jobs = jobs(site);
    let site_view = to_value(SiteView::new(site));
    let results: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let template = templates
                .env
                .get_template(&job.template)
                .map_err(|error| templates.diagnostic(&error, None))?;
            let page_context = context! {
                site => site_view.clone(),
                t => to_value(i18n::strings(&job.lang)),
                lang => &job.lang,
                current_path => &job.path,
                canonical => &job.canonical,
                ..job.values.clone()
            };
            template
                .render(page_context)
                .map(|html| OutputFile::for_site_path(&job.path, html))
                .map_err(|error| templates.diagnostic(&error, None))
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => {
                if seen.insert(problem.to_string()) {
                    problems.push(problem);
                }
            }
        }
    }
    if problems.is_empty() {
        files.extend(alias_pages(site));
        Ok(files)
    } else {
        Err(problems)
    }
}

fn jobs(site: &Site) -> Vec<Job> {
    let config = &site.config;
    let language = config.language.clone();
    let job = |path: String, template: &str, lang: &str, values: Value| Job {
        canonical: config.absolute_url(&crate::slug::encode_path(&path)),
        path,
        template: template.to_owned(),
        lang: lang.to_owned(),
        values,
    };
    let mut jobs = Vec::new();
    for (index, post) in site.posts.iter().enumerate() {
        let template = post.template.as_deref().unwrap_or("post.html");
        let view = PageView::new(site, post, Some(index));
        jobs.push(job(
            post.path.clone(),
            template,
            &post.lang,
            context! { page => to_value(view) },
        ));
    }
    for page in &site.pages {
        let default = if page.path == "/404.html" {
            "404.html"
        } else {
            "page.html"
        };
        let template = page.template.as_deref().unwrap_or(default);
        let view = PageView::new(site, page, None);
        jobs.push(job(
            page.path.clone(),
            template,
            &page.lang,
            context! { page => to_value(view) },
        ));
    }
    if !site.pages.iter().any(|page| page.path == "/404.html") {
        jobs.push(job("/404.html".into(), "404.html", &language, context! {}));
    }

    let all: Vec<usize> = (0..site.posts.len()).collect();
    for (path, paginator) in paginate(site, &all, "/") {
        jobs.push(job(
            path,
            "index.html",
            &language,
            context! { paginator => to_value(paginator) },
        ));
    }
    for taxonomy in [&site.tags, &site.categories] {
        jobs.extend(taxonomy_jobs(site, taxonomy, &language, &job));
    }
    jobs.push(job(
        "/archives/".into(),
        "archives.html",
        &language,
        context! { archives => to_value(context::archives(site)) },
    ));
    jobs.push(job(
        "/search/".into(),
        "search.html",
        &language,
        context! {},
    ));
    jobs
}

fn taxonomy_jobs(
    site: &Site,
    taxonomy: &Taxonomy,
    language: &str,
    job: &impl Fn(String, &str, &str, Value) -> Job,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    let terms: Vec<TermLink<'_>> = taxonomy.terms.iter().map(TermLink::new).collect();
    jobs.push(job(
        taxonomy.path(),
        "taxonomy.html",
        language,
        context! { taxonomy => taxonomy.kind, terms => to_value(&terms) },
    ));
    for term in &taxonomy.terms {
        for (path, paginator) in paginate(site, &term.posts, &term.path) {
            jobs.push(job(
                path,
                "term.html",
                language,
                context! {
                    taxonomy => taxonomy.kind,
                    term => to_value(TermLink::new(term)),
                    paginator => to_value(paginator),
                },
            ));
        }
    }
    jobs
}

/// Splits a post list into pages: `(site path, paginator)` for each.
fn paginate<'a>(site: &'a Site, posts: &[usize], base_path: &str) -> Vec<(String, Paginator<'a>)> {
    let per_page = site.config.posts_per_page.max(1);
    let total = posts.len().div_ceil(per_page).max(1);
    let base_url = crate::slug::encode_path(base_path);
    (1..=total)
        .map(|number| {
            let start = (number - 1) * per_page;
            let chunk = &posts[start.min(posts.len())..(start + per_page).min(posts.len())];
            (
                pager_url(base_path, number),
                Paginator::new(site, chunk, &base_url, number, total),
            )
        })
        .collect()
}

/// A small page at each alias that sends readers and crawlers to the real URL.
fn alias_pages(site: &Site) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for page in site.posts.iter().chain(&site.pages) {
        for alias in &page.aliases {
            let target = site.config.absolute_url(&page.url);
            let target = minijinja::HtmlEscape(&target).to_string();
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
                 <link rel=\"canonical\" href=\"{target}\"><meta name=\"robots\" content=\"noindex\">\
                 <meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
                 <body><p><a href=\"{target}\">{title}</a></p></body></html>\n",
                lang = minijinja::HtmlEscape(&page.lang),
                title = minijinja::HtmlEscape(&page.title),
            );
            files.push(OutputFile::for_site_path(&normalize_alias(alias), html));
        }
    }
    files
}

/// Any serializable view as a template value.
fn to_value(view: impl serde::Serialize) -> Value {
    Value::from(minijinja::value::Serde(view))
}
