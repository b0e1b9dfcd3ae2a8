//! The pages a site renders: one job per HTML page, what each reads from the site, and a
//! fingerprint of those inputs, so that `serve` re-renders only the pages an edit touches.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use minijinja::{Value, context};
use xxhash_rust::xxh3::Xxh3Default;

use crate::assemble::{Site, Slot, TaxonomyKind};
use crate::parse::NOT_FOUND_PATH;
use crate::render::context::{self, PageView, pager_url};
use crate::render::summary::{Field, FieldSet, FieldsRead, SummaryHashes};
use crate::render::values::{TermLink, to_value};

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

impl Job {
    /// The page's own absolute URL.
    pub(crate) fn canonical(&self, site: &Site) -> String {
        site.config
            .absolute_url(&crate::parse::slug::encode_path(&self.path))
    }

    /// The values this page's template sees besides `site`, `t`, `lang` and the paths. The
    /// summaries of posts it shows mark the fields the template reads in `read`.
    pub(crate) fn values(&self, site: &Arc<Site>, read: &Arc<FieldsRead>) -> Value {
        match &self.kind {
            Kind::Post(index) => {
                let page = &site.posts[*index];
                context! { page => PageView::value(site, page, Some(*index), read) }
            }
            Kind::Page(index) => {
                let page = &site.pages[*index];
                context! { page => PageView::value(site, page, None, read) }
            }
            Kind::Plain => context! {},
            Kind::List {
                posts,
                base_url,
                number,
                total,
                term,
            } => {
                let paginator = context::paginator(site, posts, base_url, (*number, *total), read);
                match term {
                    Some((kind, index)) => {
                        let term = &site.taxonomy(*kind).terms[*index];
                        context! {
                            taxonomy => kind.name(),
                            term => to_value(TermLink::new(term)),
                            paginator => paginator,
                        }
                    }
                    None => context! { paginator => paginator },
                }
            }
            Kind::Terms(kind) => {
                let terms: Vec<TermLink<'_>> = site
                    .taxonomy(*kind)
                    .terms
                    .iter()
                    .map(TermLink::new)
                    .collect();
                context! { taxonomy => kind.name(), terms => to_value(&terms) }
            }
            Kind::Archives => context! { archives => context::archives(site, read) },
        }
    }

    /// What this page shows of the site, declared once: [`Job::fingerprint`] hashes it and
    /// [`Showing`] inverts it, so the pages an edit in place renders again are exactly those
    /// whose fingerprint it can change.
    pub(crate) fn shows(&self, site: &Site) -> Shows {
        let (own, summaries, every_post) = match &self.kind {
            Kind::Post(index) => (
                Some(Slot::Post(*index)),
                others_shown(site, *index).collect(),
                false,
            ),
            Kind::Page(index) => (Some(Slot::Page(*index)), Vec::new(), false),
            Kind::List { posts, .. } => (None, posts.clone(), false),
            Kind::Archives => (None, Vec::new(), true),
            // Term pages show counts, which an edit in place does not change.
            Kind::Plain | Kind::Terms(_) => (None, Vec::new(), false),
        };
        Shows {
            own,
            summaries,
            every_post,
        }
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
        // `site.post_count` is on every page.
        site.posts.len().hash(&mut hasher);
        let shows = self.shows(site);
        match shows.own {
            Some(Slot::Post(index)) => {
                // The post's own summary fields carry the counts of its terms.
                summaries.hash_shown(index, FieldSet::ALL, &mut hasher);
                hash_own(&site.posts[index], &mut hasher);
            }
            Some(Slot::Page(index)) => hash_own(&site.pages[index], &mut hasher),
            None => {}
        }
        for &post in &shows.summaries {
            summaries.hash_shown(post, shown, &mut hasher);
        }
        if shows.every_post {
            // Posts are grouped by their dates whether the template shows them or not.
            let shown = shown.with(Field::Date);
            for post in 0..site.posts.len() {
                summaries.hash_shown(post, shown, &mut hasher);
            }
        }
        self.hash_facts(site, &mut hasher);
        hasher.finish()
    }

    /// What a page shows besides pages and summaries: where a post stands among its
    /// neighbours and series, which page of a list this is, the terms a term page names.
    fn hash_facts(&self, site: &Site, hasher: &mut Xxh3Default) {
        match &self.kind {
            Kind::Post(index) => {
                let index = *index;
                let newer = index > 0;
                let older = index + 1 < site.posts.len();
                let related = site.related.get(index).map_or(0, Vec::len);
                (0u8, newer, older, related).hash(hasher);
                if let Some(series) = site.series_of(index) {
                    (&series.name, series.posts.iter().position(|&p| p == index)).hash(hasher);
                }
            }
            Kind::Page(_) => 1u8.hash(hasher),
            Kind::Plain => 2u8.hash(hasher),
            Kind::List {
                posts,
                base_url,
                number,
                total,
                term,
            } => {
                (3u8, base_url, number, total, posts.len()).hash(hasher);
                if let Some((kind, index)) = term {
                    let term = &site.taxonomy(*kind).terms[*index];
                    (kind, &term.name, &term.url, term.posts.len()).hash(hasher);
                }
            }
            Kind::Terms(kind) => {
                4u8.hash(hasher);
                for term in &site.taxonomy(*kind).terms {
                    (&term.name, &term.url, term.posts.len()).hash(hasher);
                }
            }
            Kind::Archives => 5u8.hash(hasher),
        }
    }
}

/// A page's own text: its source, and where components were expanded into it, what they
/// made (their templates and the pages and files they read are not in the source).
fn hash_own(page: &crate::parse::Page, hasher: &mut Xxh3Default) {
    page.source_hash.hash(hasher);
    if !page.components.is_empty() {
        page.content.hash(hasher);
    }
}

/// What one page shows of the site (see [`Job::shows`]).
pub(crate) struct Shows {
    /// The post or standalone page this page is: its text, and for a post all of its summary.
    pub(crate) own: Option<Slot>,
    /// Posts whose summaries it shows, counted by the fields its template read; a post can be
    /// here twice (its own series).
    pub(crate) summaries: Vec<usize>,
    /// It shows every post's summary (the archives).
    pub(crate) every_post: bool,
}

/// The posts the page of post `index` shows besides itself: its neighbours, its related
/// posts and its series, in that order.
fn others_shown(site: &Site, index: usize) -> impl Iterator<Item = usize> + '_ {
    let newer = index.checked_sub(1);
    let older = (index + 1 < site.posts.len()).then_some(index + 1);
    let related = site.related.get(index).map_or(&[][..], Vec::as_slice);
    let series = site
        .series_of(index)
        .map_or(&[][..], |s| s.posts.as_slice());
    newer
        .into_iter()
        .chain(older)
        .chain(related.iter().copied())
        .chain(series.iter().copied())
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
            let shows = job.shows(site);
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
