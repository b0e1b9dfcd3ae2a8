//! The pipeline in one place: what a build reads (config, content, templates), then
//! parse → assemble → render → site-wide outputs, each batch of files handed to a sink. It
//! writes nothing and knows no cache: `boke build` passes the cache's parse and a sink that
//! emits, `boke check` and tests collect into memory, `serve` keeps the stages' results.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::assemble::{self, LeftOut, Site, Visibility};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::emit::copies::{self, CopiedFile};
use crate::links::ContentLinks;
use crate::load::config::Config;
use crate::load::{self, Source};
use crate::outputs::{self, Sink};
use crate::parse::{self, Page};
use crate::render::templates::{THEME_FAVICON_FILE, Templates};
use crate::render::{self, OutputFile};
use crate::timings::Timings;

/// What a build reads before it parses anything.
pub(crate) struct Inputs {
    pub(crate) root: PathBuf,
    pub(crate) config: Config,
    pub(crate) content: load::Content,
    pub(crate) templates: Templates,
    pub(crate) templates_dir: PathBuf,
}

impl Inputs {
    /// The inputs with `base_url`, when given, in place of the config's (`--base-url`).
    pub(crate) fn with_base_url(mut self, base_url: Option<&str>) -> Self {
        if let Some(base_url) = base_url {
            self.config.base_url = base_url.to_owned();
        }
        self
    }

    /// Reads the site at `root`, its config from `config_file` when given (`--config`).
    pub(crate) fn load(root: &Path, config_file: Option<&Path>) -> Result<Self, Diagnostics> {
        let relative = |list: Vec<Diagnostic>| {
            Diagnostics(list.into_iter().map(|d| d.relative_to(root)).collect())
        };
        let config = Config::load_all_from(root, config_file).map_err(relative)?;
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

/// A site built, its generated files handed to the build's sink.
pub(crate) struct Assembled {
    pub(crate) site: Arc<Site>,
    pub(crate) copies: Vec<CopiedFile>,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) next_publish: Option<jiff::Timestamp>,
    pub(crate) left_out: LeftOut,
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

/// Builds everything into memory. Errors from every file are returned together.
pub fn build_in_memory(root: &Path, visibility: Visibility) -> Result<Built, Diagnostics> {
    build_in_memory_at(root, None, visibility, None)
}

/// [`build_in_memory`] with `base_url`, when given, in place of the config's.
pub(crate) fn build_in_memory_at(
    root: &Path,
    config_file: Option<&Path>,
    visibility: Visibility,
    base_url: Option<&str>,
) -> Result<Built, Diagnostics> {
    let mut files = Vec::new();
    let assembled = build_from(
        Inputs::load(root, config_file)?.with_base_url(base_url),
        visibility,
        LinkCheck::Skip,
        &parse_all,
        Keep::Everything,
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

/// Whether a build checks the links in each page's own text (`boke check` checks them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkCheck {
    InText,
    Skip,
}

/// What of the pages a build keeps once they are rendered: everything, for a caller that
/// reads the site afterwards (`serve`, `boke check`, tests), or only what the site-wide
/// outputs still read (`boke build`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    Everything,
    WhatOutputsRead,
}

/// Parses every source: one result per source, in order.
pub(crate) type Parse<'a> =
    dyn Fn(&[Source], &Config) -> Vec<Result<parse::Parsed, Vec<Diagnostic>>> + 'a;

/// [`Parse`] without a cache: every source parsed, in parallel.
pub(crate) fn parse_all(
    sources: &[Source],
    config: &Config,
) -> Vec<Result<parse::Parsed, Vec<Diagnostic>>> {
    sources
        .par_iter()
        .map(|source| parse::parse(source, config))
        .collect()
}

/// The pipeline from what was read to every output file: parse (with `parse`, which the
/// build cache may answer), assemble, render, then the site-wide outputs, each batch handed to
/// `sink` as soon as it is made.
pub(crate) fn build_from(
    inputs: Inputs,
    visibility: Visibility,
    links: LinkCheck,
    parse: &Parse<'_>,
    keep: Keep,
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
    let load::Content {
        sources,
        assets,
        warnings: content_warnings,
    } = content;
    let relative = |list: Vec<Diagnostic>| {
        Diagnostics(list.into_iter().map(|d| d.relative_to(&root)).collect())
    };
    let parsed = parse(&sources, &config);
    let mut pages: Vec<Page> = Vec::with_capacity(parsed.len());
    let mut warnings = content_warnings;
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
    let left_out = LeftOut::count(pages.iter(), visibility);
    let bundles: Vec<PathBuf> = pages
        .iter()
        .filter_map(|p| p.placement.bundle_dir.clone())
        .collect();
    let pages = pages.into_iter().map(Arc::new).collect();
    let site = Arc::new(
        assemble::assemble(
            config,
            pages,
            visibility,
            &mut crate::assemble::related::RelatedMemo::default(),
        )
        .map_err(relative)?,
    );
    let mut site =
        render::components::expand_site(site, &templates, &content_dir).map_err(relative)?;
    let mut content_links =
        (links == LinkCheck::InText).then(|| ContentLinks::scan(&site, &|_| true));
    timings.lap("assemble");
    let mut observe = |batch: &[OutputFile]| {
        if let Some(links) = content_links.as_mut() {
            links.observe_batch(batch);
        }
    };
    render::render_site_in_batches(&site, &templates, &mut |batch| {
        observe(&batch);
        sink(batch).map_err(|problems| problems.0)
    })
    .map_err(relative)?;
    timings.lap("render");
    let copies = copies::copies(&site, &assets, &bundles, &content_dir, &static_dir);
    // A robots.txt or favicon.svg of the site's own, in `static/`, wins over the generated one.
    let own: Vec<&str> = [outputs::ROBOTS_FILE, THEME_FAVICON_FILE]
        .into_iter()
        .filter(|path| copies.iter().any(|copy| copy.to == *path))
        .collect();
    let mut hand_over = |mut batch: Vec<OutputFile>| {
        if !own.is_empty() {
            batch.retain(|file| !own.contains(&file.path.as_str()));
        }
        observe(&batch);
        sink(batch)
    };
    outputs::markdown_files_into(&site, timings, &mut hand_over)?;
    if keep == Keep::WhatOutputsRead {
        release_what_was_written(&mut site);
    }
    outputs::site_wide_files_into(&site, timings, &mut hand_over)?;
    if let Some(links) = content_links {
        warnings.extend(links.problems(&site, &copies, &root));
    }
    Ok(Assembled {
        site,
        copies,
        warnings: warnings.into_iter().map(|d| d.relative_to(&root)).collect(),
        next_publish,
        left_out,
    })
}

/// Once every page is rendered and the Markdown outputs are written, empties what nothing
/// made later reads: the HTML of the posts no feed shows whole, and every post's Markdown
/// source (a broken link's warning reads its file again). At 10,000 posts the two are a third
/// of a build's memory, which the search index then reuses. A site or page shared elsewhere
/// keeps both.
pub(crate) fn release_what_was_written(site: &mut Arc<Site>) {
    let in_feeds = outputs::feeds::posts_in_full(site);
    let Some(site) = Arc::get_mut(site) else {
        return;
    };
    for (post, in_feed) in site.posts.iter_mut().zip(in_feeds) {
        if let Some(post) = Arc::get_mut(post) {
            if !in_feed {
                post.content = String::new();
            }
            post.markdown = Arc::from("");
        }
    }
}

/// When the first post left out for its future date comes due.
fn next_publish(pages: &[Page], visibility: Visibility) -> Option<jiff::Timestamp> {
    if visibility.future {
        return None;
    }
    let now = jiff::Timestamp::now();
    pages
        .iter()
        .filter(|page| page.is_post() && (visibility.drafts || !page.placement.draft))
        .filter_map(|page| {
            page.placement
                .date
                .as_ref()
                .map(jiff::ZonedDateTime::timestamp)
        })
        .filter(|date| *date > now)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three posts, each under its own tag, then one post tagged with all three: with one
    /// entry a feed, the site's feed and each tag's show only the newest post whole.
    #[test]
    fn only_the_posts_a_feed_shows_keep_their_html_and_no_post_keeps_its_source() {
        let site = tempfile::tempdir().expect("a temporary folder");
        let write = |path: &str, text: &str| {
            let path = site.path().join(path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
            std::fs::write(path, text).expect("a file");
        };
        write(
            "boke.toml",
            "title = \"T\"\nbase_url = \"https://example.com/\"\n[feed]\nlimit = 1\n",
        );
        for (day, tags) in [(1, "[a]"), (2, "[b]"), (3, "[c]"), (4, "[a, b]")] {
            write(
                &format!("content/posts/p{day}.md"),
                &format!(
                    "---\ntitle: 第{day}篇\ndate: 2026-01-0{day}\ntags: {tags}\n---\n正文{day}。\n"
                ),
            );
        }
        let mut built = match build_in_memory(site.path(), Visibility::default()) {
            Ok(built) => built,
            Err(errors) => panic!("the site builds: {errors}"),
        };
        release_what_was_written(&mut built.site);
        let kept: Vec<(&str, bool)> = built
            .site
            .posts
            .iter()
            .map(|post| (post.title.as_str(), !post.content.is_empty()))
            .collect();
        assert!(built.site.posts.iter().all(|post| post.markdown.is_empty()));
        // Newest first: p4 leads the site's, a's and b's feeds, p3 leads c's.
        assert_eq!(
            kept,
            [
                ("第4篇", true),
                ("第3篇", true),
                ("第2篇", false),
                ("第1篇", false)
            ]
        );
    }
}
