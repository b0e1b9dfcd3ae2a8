//! What one page shows of the site, declared once as a [`View`]: its template values are made
//! from the view alone, its fingerprint hashes every field of the view, and the posts in the
//! view are the posts whose edits can change the page. A value a template sees that is not in
//! the view cannot reach the page, so `serve` and `boke build` cannot disagree about it.

use std::hash::Hash;
use std::sync::Arc;

use minijinja::{Value, context};
use xxhash_rust::xxh3::Xxh3Default;

use crate::assemble::{Site, Slot, TaxonomyKind, Term};
use crate::render::context::{self, Around, PageView};
use crate::render::summary::{Field, FieldSet, FieldsRead, SummaryHashes};
use crate::render::values::{TermLink, term_tree, to_value};

/// Everything one page is made from besides `site`, `t`, `lang` and its own path.
pub(crate) enum View<'s> {
    /// A post's page: the post, by index in [`Site::posts`], and the posts shown around it.
    Post { index: usize, around: Around },
    /// A standalone page, by index in [`Site::pages`].
    Page { index: usize },
    /// A page made from the template alone (the default 404, search).
    Plain,
    /// One page of a post list, of a term when `term` is set.
    List {
        posts: &'s [usize],
        base_url: &'s str,
        number: usize,
        total: usize,
        term: Option<(TaxonomyKind, &'s Term)>,
    },
    /// The list of all terms of a taxonomy.
    Terms {
        kind: TaxonomyKind,
        terms: &'s [Term],
    },
    /// Every dated post, by year and month.
    Archives,
}

/// What one page shows of the site, as [`crate::render::plan::Showing`] inverts it.
pub(crate) struct Shows {
    /// The post or standalone page this page is: its text, and for a post all of its summary.
    pub(crate) own: Option<Slot>,
    /// Posts whose summaries it shows, counted by the fields its template read.
    pub(crate) summaries: Vec<usize>,
    /// It shows every post's summary (the archives).
    pub(crate) every_post: bool,
}

impl View<'_> {
    /// The template values. Summaries of the posts shown mark the fields read in `read`.
    pub(crate) fn values(&self, site: &Arc<Site>, read: &Arc<FieldsRead>) -> Value {
        match self {
            View::Post { index, around } => {
                let page = &site.posts[*index];
                let shown = Some((*index, around.clone()));
                context! { page => PageView::value(site, page, shown, read) }
            }
            View::Page { index } => {
                let page = &site.pages[*index];
                context! { page => PageView::value(site, page, None, read) }
            }
            View::Plain => context! {},
            View::List {
                posts,
                base_url,
                number,
                total,
                term,
            } => {
                let paginator = context::paginator(site, posts, base_url, (*number, *total), read);
                match term {
                    Some((kind, term)) => context! {
                        taxonomy => kind.name(),
                        term => to_value(TermLink::new(&site.taxonomy(*kind).terms, term)),
                        paginator => paginator,
                    },
                    None => context! { paginator => paginator },
                }
            }
            View::Terms { kind, terms } => {
                let links: Vec<TermLink<'_>> = terms
                    .iter()
                    .map(|term| TermLink::new(terms, term))
                    .collect();
                context! {
                    taxonomy => kind.name(),
                    terms => to_value(&links),
                    tree => to_value(term_tree(terms)),
                }
            }
            View::Archives => context! { archives => context::archives(site, read) },
        }
    }

    /// The posts and pages whose edits can change this page.
    pub(crate) fn shows(&self, site: &Site) -> Shows {
        let (own, summaries, every_post) = match self {
            View::Post { index, around } => (
                Some(Slot::Post(*index)),
                around.posts(site).collect(),
                false,
            ),
            View::Page { index } => (Some(Slot::Page(*index)), Vec::new(), false),
            View::List { posts, .. } => (None, posts.to_vec(), false),
            View::Archives => (None, Vec::new(), true),
            // Term pages show counts, hashed with the terms themselves.
            View::Plain | View::Terms { .. } => (None, Vec::new(), false),
        };
        Shows {
            own,
            summaries,
            every_post,
        }
    }

    /// Hashes every field of the view into `hasher`: the posts of [`View::shows`] by the
    /// fields `shown` of their summaries (those the template read when the page was last
    /// rendered) rather than by index, so that a post moving in the list changes only the
    /// pages that show it, and everything else as it is. Each variant is taken apart without
    /// `..`: a field added to the view does not compile until it is hashed here.
    pub(crate) fn hash_into(
        &self,
        site: &Site,
        summaries: &SummaryHashes,
        shown: FieldSet,
        hasher: &mut Xxh3Default,
    ) {
        match self {
            View::Post { index: _, around } => {
                let Around {
                    newer,
                    older,
                    related,
                    series,
                } = around;
                (0u8, newer.is_some(), older.is_some(), related.len()).hash(hasher);
                if let Some((series, place)) =
                    series.and_then(|(at, place)| Some((site.series.get(at)?, place)))
                {
                    (&series.name, place, series.posts.len()).hash(hasher);
                }
            }
            View::Page { index: _ } => 1u8.hash(hasher),
            View::Plain => 2u8.hash(hasher),
            View::List {
                posts,
                base_url,
                number,
                total,
                term,
            } => {
                (3u8, base_url, number, total, posts.len()).hash(hasher);
                if let Some((kind, term)) = term {
                    (kind, TermLink::new(&site.taxonomy(*kind).terms, term)).hash(hasher);
                }
            }
            View::Terms { kind, terms } => {
                (4u8, kind).hash(hasher);
                // The links carry each term's parents: the tree is hashed with them.
                terms
                    .iter()
                    .for_each(|term| TermLink::new(terms, term).hash(hasher));
            }
            View::Archives => 5u8.hash(hasher),
        }
        let Shows {
            own,
            summaries: posts,
            every_post,
        } = self.shows(site);
        match own {
            Some(Slot::Post(index)) => {
                // The post's own summary fields carry the counts of its terms.
                summaries.hash_shown(index, FieldSet::ALL, hasher);
                hash_own(&site.posts[index], hasher);
            }
            Some(Slot::Page(index)) => hash_own(&site.pages[index], hasher),
            None => {}
        }
        for post in posts {
            summaries.hash_shown(post, shown, hasher);
        }
        if every_post {
            // Posts are grouped by their dates whether the template shows them or not.
            let shown = shown.with(Field::Date);
            for post in 0..site.posts.len() {
                summaries.hash_shown(post, shown, hasher);
            }
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
