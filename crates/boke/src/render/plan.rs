//! The pages a site renders: one job per HTML page, what each reads from the site, and a
//! fingerprint of those inputs, so that `serve` re-renders only the pages an edit touches.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use minijinja::Value;
use xxhash_rust::xxh3::Xxh3Default;

use crate::assemble::{Site, Slot, TaxonomyKind};
use crate::parse::NOT_FOUND_PATH;
use crate::render::context::{Around, pager_url};
use crate::render::summary::{FieldSet, FieldsRead, SummaryHashes};
use crate::render::view::View;

/// The theme's template of the page for a missing URL, unless `content/404.md` names another.
const NOT_FOUND_TEMPLATE: &str = "404.html";

/// One HTML page to render: where it goes, with which template, and what it shows.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    /// Site path, not encoded (`/posts/人工智能/`).
    pub(crate) path: String,
    pub(crate) template: String,
    pub(crate) lang: String,
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
        term: Option<(TaxonomyKind, usize)>,
    },
    /// The list of all terms of a taxonomy.
    Terms(TaxonomyKind),
    Archives,
}

/// Every HTML page of the site, in a stable order.
pub(crate) fn plan(site: &Site) -> Vec<Job> {
    let config = &site.config;
    let language = config.language.as_str();
    let job = |path: String, template: &str, lang: &str, kind: Kind| Job {
        path,
        template: template.to_owned(),
        lang: lang.to_owned(),
        kind,
    };
    let mut jobs = Vec::new();
    for (index, post) in site.posts.iter().enumerate() {
        let template = post.placement.template.as_deref().unwrap_or("post.html");
        jobs.push(job(
            post.placement.path.clone(),
            template,
            &post.placement.lang,
            Kind::Post(index),
        ));
    }
    for (index, page) in site.pages.iter().enumerate() {
        let default = if page.placement.path == NOT_FOUND_PATH {
            NOT_FOUND_TEMPLATE
        } else {
            "page.html"
        };
        let template = page.placement.template.as_deref().unwrap_or(default);
        jobs.push(job(
            page.placement.path.clone(),
            template,
            &page.placement.lang,
            Kind::Page(index),
        ));
    }
    if !site
        .pages
        .iter()
        .any(|page| page.placement.path == NOT_FOUND_PATH)
    {
        jobs.push(job(
            NOT_FOUND_PATH.into(),
            NOT_FOUND_TEMPLATE,
            language,
            Kind::Plain,
        ));
    }

    let mut all: Vec<usize> = (0..site.posts.len()).collect();
    // Pinned posts first, the higher number first; the rest keep their date order.
    all.sort_by_key(|&i| std::cmp::Reverse(site.posts[i].pinned.max(0)));
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
    term: Option<(TaxonomyKind, usize)>,
) -> Vec<(String, Kind)> {
    let per_page = site.config.posts_per_page.max(1);
    let total = posts.len().div_ceil(per_page).max(1);
    let base_url = crate::parse::slug::encode_path(base_path);
    (1..=total)
        .map(|number| {
            let start = ((number - 1) * per_page).min(posts.len());
            let end = (start + per_page).min(posts.len());
            (
                pager_url(base_path, number, &site.config.pagination_path),
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

impl Job {
    /// The page's own absolute URL.
    pub(crate) fn canonical(&self, site: &Site) -> String {
        site.config
            .absolute_url(&crate::parse::slug::encode_path(&self.path))
    }

    /// What this page shows of the site: the one declaration its template values, its
    /// fingerprint and [`Showing`] are all made from.
    pub(crate) fn view<'s>(&'s self, site: &'s Site) -> View<'s> {
        match &self.kind {
            Kind::Post(index) => View::Post {
                index: *index,
                around: Around::of(site, *index),
            },
            Kind::Page(index) => View::Page { index: *index },
            Kind::Plain => View::Plain,
            Kind::List {
                posts,
                base_url,
                number,
                total,
                term,
            } => View::List {
                posts,
                base_url,
                number: *number,
                total: *total,
                term: term.map(|(kind, index)| (kind, &site.taxonomy(kind).terms[index])),
            },
            Kind::Terms(kind) => View::Terms {
                kind: *kind,
                terms: &site.taxonomy(*kind).terms,
            },
            Kind::Archives => View::Archives,
        }
    }

    /// The values this page's template sees besides `site`, `t`, `lang` and the paths. The
    /// summaries of posts it shows mark the fields the template reads in `read`.
    pub(crate) fn values(&self, site: &Arc<Site>, read: &Arc<FieldsRead>) -> Value {
        self.view(site).values(site, read)
    }

    /// A hash of everything this page is rendered from, where the summaries of the posts it
    /// shows count by the fields `shown` (those its template read when it was last
    /// rendered). Two renders with equal fingerprints, templates and config give the same
    /// bytes: a template that reads the same values takes the same path through itself.
    pub(crate) fn fingerprint(
        &self,
        site: &Site,
        summaries: &SummaryHashes,
        shown: FieldSet,
    ) -> u64 {
        let mut hasher = Xxh3Default::new();
        // The canonical URL is made from the path and the config.
        (&self.path, &self.template, &self.lang).hash(&mut hasher);
        // `site.post_count` and the footer's years are on every page.
        site.posts.len().hash(&mut hasher);
        site.years().hash(&mut hasher);
        self.view(site)
            .hash_into(site, summaries, shown, &mut hasher);
        hasher.finish()
    }
}

/// A page's place in a plan: an index into the jobs [`plan`] returns. Its own type, because
/// the same structures hold post indices (into [`Site::posts`]) beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct JobIndex(pub(crate) usize);

/// Which pages of a plan show each post and standalone page: all a page's fingerprint can
/// change by when an edit leaves every page in its place.
#[derive(Debug, Default)]
pub(crate) struct Showing {
    /// For each post, the pages showing it or its summary (by index into the plan), besides
    /// those in `every_post`; a page showing a post twice (its own series) is listed twice.
    pub(crate) post: Vec<Vec<JobIndex>>,
    /// For each standalone page, its own page.
    pub(crate) page: Vec<Option<JobIndex>>,
    /// Pages showing every post: the archives.
    pub(crate) every_post: Vec<JobIndex>,
}

impl Showing {
    pub(crate) fn of(plan: &[Job], site: &Site) -> Self {
        let mut showing = Self {
            post: vec![Vec::new(); site.posts.len()],
            page: vec![None; site.pages.len()],
            every_post: Vec::new(),
        };
        for (at, job) in plan.iter().enumerate() {
            let at = JobIndex(at);
            let shows = job.view(site).shows(site);
            let mut post_shown = |post: usize| {
                if let Some(jobs) = showing.post.get_mut(post) {
                    jobs.push(at);
                }
            };
            match shows.own {
                Some(Slot::Post(index)) => post_shown(index),
                Some(Slot::Page(index)) => {
                    if let Some(slot) = showing.page.get_mut(index) {
                        *slot = Some(at);
                    }
                }
                None => {}
            }
            shows.summaries.into_iter().for_each(post_shown);
            if shows.every_post {
                showing.every_post.push(at);
            }
        }
        showing
    }
}
