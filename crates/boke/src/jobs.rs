//! The pages a site renders: one job per HTML page, what each reads from the site, and a
//! fingerprint of those inputs, so that `serve` re-renders only the pages an edit touches.

use std::hash::{DefaultHasher, Hash, Hasher};

use minijinja::{Value, context};

use crate::context::{self, PageView, Paginator, TermLink, pager_url};
use crate::page::Page;
use crate::site::{Site, Taxonomy, Term};

/// One HTML page to render: where it goes, with which template, and what it shows.
#[derive(Debug, Clone)]
pub struct Job {
    /// Site path, not encoded (`/posts/人工智能/`).
    pub path: String,
    pub template: String,
    pub lang: String,
    pub canonical: String,
    kind: Kind,
}

/// What a page shows. Values are built only when the page is rendered: most pages of a
/// rebuild in `serve` are never rendered at all.
#[derive(Debug, Clone)]
enum Kind {
    /// A post, by index in [`Site::posts`].
    Post(usize),
    /// A standalone page, by index in [`Site::pages`].
    Page(usize),
    /// A page made from the template alone (the default 404, search).
    Plain,
    /// One page of a post list; `term` is `(taxonomy kind, index of the term)` for term lists.
    List {
        posts: Vec<usize>,
        base_url: String,
        number: usize,
        total: usize,
        term: Option<(&'static str, usize)>,
    },
    /// The list of all terms of a taxonomy.
    Terms(&'static str),
    Archives,
}

/// Every HTML page of the site, in a stable order.
pub fn plan(site: &Site) -> Vec<Job> {
    let config = &site.config;
    let language = config.language.as_str();
    let job = |path: String, template: &str, lang: &str, kind: Kind| Job {
        canonical: config.absolute_url(&crate::slug::encode_path(&path)),
        path,
        template: template.to_owned(),
        lang: lang.to_owned(),
        kind,
    };
    let mut jobs = Vec::new();
    for (index, post) in site.posts.iter().enumerate() {
        let template = post.template.as_deref().unwrap_or("post.html");
        jobs.push(job(
            post.path.clone(),
            template,
            &post.lang,
            Kind::Post(index),
        ));
    }
    for (index, page) in site.pages.iter().enumerate() {
        let default = if page.path == "/404.html" {
            "404.html"
        } else {
            "page.html"
        };
        let template = page.template.as_deref().unwrap_or(default);
        jobs.push(job(
            page.path.clone(),
            template,
            &page.lang,
            Kind::Page(index),
        ));
    }
    if !site.pages.iter().any(|page| page.path == "/404.html") {
        jobs.push(job("/404.html".into(), "404.html", language, Kind::Plain));
    }

    let all: Vec<usize> = (0..site.posts.len()).collect();
    for (path, kind) in paginate(site, &all, "/", None) {
        jobs.push(job(path, "index.html", language, kind));
    }
    for taxonomy in [&site.tags, &site.categories] {
        jobs.push(job(
            taxonomy.path(),
            "taxonomy.html",
            language,
            Kind::Terms(taxonomy.kind),
        ));
        for (index, term) in taxonomy.terms.iter().enumerate() {
            let term_key = Some((taxonomy.kind, index));
            for (path, kind) in paginate(site, &term.posts, &term.path, term_key) {
                jobs.push(job(path, "term.html", language, kind));
            }
        }
    }
    jobs.push(job(
        "/archives/".into(),
        "archives.html",
        language,
        Kind::Archives,
    ));
    jobs.push(job("/search/".into(), "search.html", language, Kind::Plain));
    jobs
}

/// Splits a post list into pages: `(site path, list job)` for each.
fn paginate(
    site: &Site,
    posts: &[usize],
    base_path: &str,
    term: Option<(&'static str, usize)>,
) -> Vec<(String, Kind)> {
    let per_page = site.config.posts_per_page.max(1);
    let total = posts.len().div_ceil(per_page).max(1);
    let base_url = crate::slug::encode_path(base_path);
    (1..=total)
        .map(|number| {
            let start = ((number - 1) * per_page).min(posts.len());
            let end = (start + per_page).min(posts.len());
            (
                pager_url(base_path, number),
                Kind::List {
                    posts: posts[start..end].to_vec(),
                    base_url: base_url.clone(),
                    number,
                    total,
                    term,
                },
            )
        })
        .collect()
}

fn taxonomy<'a>(site: &'a Site, kind: &str) -> &'a Taxonomy {
    if kind == site.categories.kind {
        &site.categories
    } else {
        &site.tags
    }
}

impl Job {
    /// The values this page's template sees besides `site`, `t`, `lang` and the paths.
    pub fn values(&self, site: &Site) -> Value {
        match &self.kind {
            Kind::Post(index) => {
                let view = PageView::new(site, &site.posts[*index], Some(*index));
                context! { page => to_value(view) }
            }
            Kind::Page(index) => {
                let view = PageView::new(site, &site.pages[*index], None);
                context! { page => to_value(view) }
            }
            Kind::Plain => context! {},
            Kind::List {
                posts,
                base_url,
                number,
                total,
                term,
            } => {
                let paginator = to_value(Paginator::new(site, posts, base_url, *number, *total));
                match term {
                    Some((kind, index)) => {
                        let term = &taxonomy(site, kind).terms[*index];
                        context! {
                            taxonomy => *kind,
                            term => to_value(TermLink::new(term)),
                            paginator => paginator,
                        }
                    }
                    None => context! { paginator => paginator },
                }
            }
            Kind::Terms(kind) => {
                let terms: Vec<TermLink<'_>> = taxonomy(site, kind)
                    .terms
                    .iter()
                    .map(TermLink::new)
                    .collect();
                context! { taxonomy => *kind, terms => to_value(&terms) }
            }
            Kind::Archives => context! { archives => to_value(context::archives(site)) },
        }
    }

    /// A hash of everything this page is rendered from, given the fingerprints of each post as
    /// it appears in lists (`summaries`, by index in [`Site::posts`]). Two renders with equal
    /// fingerprints, templates and config give the same bytes.
    pub fn fingerprint(&self, site: &Site, summaries: &[u64]) -> u64 {
        let mut hasher = DefaultHasher::new();
        (&self.path, &self.template, &self.lang, &self.canonical).hash(&mut hasher);
        // `site.post_count` is on every page.
        site.posts.len().hash(&mut hasher);
        let summary = |index: usize| summaries.get(index).copied().unwrap_or_default();
        match &self.kind {
            Kind::Post(index) => {
                let index = *index;
                (0u8, site.posts[index].source_hash, summary(index)).hash(&mut hasher);
                // Neighbours and series parts are shown by their summaries.
                let newer = index.checked_sub(1).map(summary);
                let older = (index + 1 < site.posts.len()).then(|| summary(index + 1));
                (newer, older).hash(&mut hasher);
                // Related posts are shown by their summaries too.
                for &related in site.related.get(index).map_or(&[][..], Vec::as_slice) {
                    summary(related).hash(&mut hasher);
                }
                if let Some(series) = site.series_of(index) {
                    series.name.hash(&mut hasher);
                    for &part in &series.posts {
                        (part == index, summary(part)).hash(&mut hasher);
                    }
                }
            }
            Kind::Page(index) => (1u8, site.pages[*index].source_hash).hash(&mut hasher),
            Kind::Plain => 2u8.hash(&mut hasher),
            Kind::List {
                posts,
                base_url,
                number,
                total,
                term,
            } => {
                (3u8, base_url, number, total).hash(&mut hasher);
                if let Some((kind, index)) = term {
                    let term = &taxonomy(site, kind).terms[*index];
                    (kind, &term.name, &term.url, term.posts.len()).hash(&mut hasher);
                }
                for &post in posts {
                    summary(post).hash(&mut hasher);
                }
            }
            Kind::Terms(kind) => {
                4u8.hash(&mut hasher);
                for term in &taxonomy(site, kind).terms {
                    (&term.name, &term.url, term.posts.len()).hash(&mut hasher);
                }
            }
            Kind::Archives => {
                5u8.hash(&mut hasher);
                summaries.hash(&mut hasher);
            }
        }
        hasher.finish()
    }
}

/// The fingerprint of each post as lists show it ([`context::PostSummary`]): its own fields and
/// the post counts of its tags and categories.
pub fn summary_fingerprints(site: &Site) -> Vec<u64> {
    site.posts
        .iter()
        .map(|post| summary_fingerprint(site, post))
        .collect()
}

fn summary_fingerprint(site: &Site, post: &Page) -> u64 {
    let mut hasher = DefaultHasher::new();
    // Every field of a summary is made from the source file and the config (a config change
    // renders everything anyway), so the source's hash stands for them all.
    post.source_hash.hash(&mut hasher);
    for (names, terms) in [
        (&post.tags, &site.tags.terms),
        (&post.categories, &site.categories.terms),
    ] {
        for name in names {
            term_size(terms, name).hash(&mut hasher);
        }
    }
    hasher.finish()
}

fn term_size<'a>(terms: &'a [Term], name: &str) -> Option<(usize, &'a str)> {
    terms
        .binary_search_by(|term| term.name.as_str().cmp(name))
        .ok()
        .map(|i| (terms[i].posts.len(), terms[i].url.as_str()))
}

/// Any serializable view as a template value.
pub fn to_value(view: impl serde::Serialize) -> Value {
    Value::from(minijinja::value::Serde(view))
}
