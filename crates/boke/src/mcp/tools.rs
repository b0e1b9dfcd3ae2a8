//! The tools of `boke mcp` that read, as plain functions over the site folder, and what every
//! tool shares: problems, failures, posts as lists show them. They read the site afresh on
//! every call, since the writer edits it beside the agent.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assemble::{Hidden, Visibility};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::load::config::Config;
use crate::parse::Page;
use crate::parse::slug::mirror_path;
use crate::pipeline::{Inputs, parse_all};

/// A problem as tools report it: where, how bad, what is wrong and what to do.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Problem {
    /// `error` or `warning`.
    pub(crate) severity: String,
    /// `file:line:column`, relative to the site folder.
    pub(crate) location: String,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl From<&Diagnostic> for Problem {
    fn from(diagnostic: &Diagnostic) -> Self {
        Self {
            severity: match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }
            .to_owned(),
            location: diagnostic.location(),
            message: diagnostic.message.clone(),
            hint: diagnostic.hint.clone(),
        }
    }
}

/// Why a tool did not do what was asked, worded for the agent to act on.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The arguments do not make sense (an unknown post, a path outside `content/`).
    BadArguments(String),
    /// The site does not load or build: its problems.
    Site(Vec<Problem>),
    /// Something else went wrong (the disk, the search index).
    Other(String),
}

impl From<Diagnostics> for Failure {
    fn from(diagnostics: Diagnostics) -> Self {
        Self::Site(diagnostics.0.iter().map(Problem::from).collect())
    }
}

/// Every post and page of the site, drafts and posts dated later included, as parsed: the
/// writer's own view of the site, not the published one.
fn all_pages(root: &Path) -> Result<(Config, Vec<Page>), Failure> {
    let inputs = Inputs::load(root, None)?;
    let parsed = parse_all(&inputs.content.sources, &inputs.config);
    let mut pages = Vec::with_capacity(parsed.len());
    let mut problems = Vec::new();
    for result in parsed {
        match result {
            Ok(parsed) => pages.push(parsed.page),
            Err(errors) => problems.extend(errors.into_iter().map(|d| d.relative_to(root))),
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems).into());
    }
    pages.sort_by(|a, b| {
        let date = |page: &Page| page.placement.date.as_ref().map(|d| d.timestamp());
        date(b)
            .cmp(&date(a))
            .then_with(|| a.placement.path.cmp(&b.placement.path))
    });
    Ok((inputs.config, pages))
}

/// Whether a post is published, a draft, or dated later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum State {
    Published,
    Draft,
    Future,
}

pub(crate) fn state(page: &Page, now: jiff::Timestamp) -> State {
    match Visibility::default().hides(page, now) {
        None => State::Published,
        Some(Hidden::Draft) => State::Draft,
        Some(Hidden::Future) => State::Future,
    }
}

/// A post or page as lists show it.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct PostSummary {
    pub(crate) title: String,
    /// The page's path on the site, percent-encoded (`/posts/2026-ai-trends/`).
    pub(crate) url: String,
    /// The source file, relative to the site folder.
    pub(crate) path: String,
    pub(crate) slug: String,
    /// RFC 3339.
    pub(crate) date: Option<String>,
    pub(crate) state: State,
    /// `post` or a standalone `page`.
    pub(crate) kind: String,
    pub(crate) tags: Vec<String>,
    pub(crate) categories: Vec<String>,
    pub(crate) series: Option<String>,
    pub(crate) description: String,
}

fn summary(page: &Page, now: jiff::Timestamp) -> PostSummary {
    PostSummary {
        title: page.title.clone(),
        url: page.placement.url.clone(),
        path: page.source.to_string_lossy().replace('\\', "/"),
        slug: page.slug.clone(),
        date: page
            .placement
            .date
            .as_ref()
            .map(crate::parse::dates::rfc3339),
        state: state(page, now),
        kind: if page.is_post() { "post" } else { "page" }.to_owned(),
        tags: page.placement.tags.clone(),
        categories: page.placement.categories.clone(),
        series: page.placement.series.clone(),
        description: page.summary_text.clone(),
    }
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListPosts {
    /// Only posts with this tag (exact name).
    pub(crate) tag: Option<String>,
    /// Only posts in this category (exact name, or a parent of it: `AI` matches `AI/模型`).
    pub(crate) category: Option<String>,
    /// Only posts of this series.
    pub(crate) series: Option<String>,
    /// Only posts dated on or after this day (`2026-01-01`).
    pub(crate) since: Option<String>,
    /// Only posts dated on or before this day (`2026-12-31`).
    pub(crate) until: Option<String>,
    /// Only posts in this state; every state when absent.
    pub(crate) state: Option<State>,
    /// Also list standalone pages (about, links); posts only when absent.
    pub(crate) include_pages: Option<bool>,
    /// Most entries to return (default 50).
    pub(crate) limit: Option<usize>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct PostList {
    /// How many match, before the limit.
    pub(crate) total: usize,
    /// Newest first.
    pub(crate) posts: Vec<PostSummary>,
}

/// A day as given to `list_posts` (`2026-03-01`).
fn day(text: &str, what: &str) -> Result<jiff::civil::Date, Failure> {
    text.trim().parse().map_err(|_| {
        Failure::BadArguments(format!(
            "{what} `{text}` is not a day: write it as YYYY-MM-DD, e.g. 2026-03-01"
        ))
    })
}

pub(crate) fn list_posts(root: &Path, query: &ListPosts) -> Result<PostList, Failure> {
    let since = query
        .since
        .as_deref()
        .map(|d| day(d, "since"))
        .transpose()?;
    let until = query
        .until
        .as_deref()
        .map(|d| day(d, "until"))
        .transpose()?;
    let (_, pages) = all_pages(root)?;
    let now = jiff::Timestamp::now();
    let matches = |page: &&Page| {
        let placement = &page.placement;
        let date = placement.date.as_ref().map(jiff::ZonedDateTime::date);
        (page.is_post() || query.include_pages == Some(true))
            && query
                .tag
                .as_ref()
                .is_none_or(|tag| placement.tags.contains(tag))
            && query.category.as_ref().is_none_or(|wanted| {
                placement.categories.iter().any(|category| {
                    category == wanted || category.starts_with(&format!("{wanted}/"))
                })
            })
            && query
                .series
                .as_ref()
                .is_none_or(|series| placement.series.as_ref() == Some(series))
            && since.is_none_or(|since| date.is_some_and(|d| d >= since))
            && until.is_none_or(|until| date.is_some_and(|d| d <= until))
            && query.state.is_none_or(|wanted| state(page, now) == wanted)
    };
    let found: Vec<&Page> = pages.iter().filter(matches).collect();
    Ok(PostList {
        total: found.len(),
        posts: found
            .into_iter()
            .take(query.limit.unwrap_or(50))
            .map(|page| summary(page, now))
            .collect(),
    })
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct GetPost {
    /// The post's URL (`https://blog.example.com/posts/a/` or `/posts/a/`), its slug (`a`), or
    /// its source file (`content/posts/2026-01-05-a.md`).
    pub(crate) post: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Post {
    #[serde(flatten)]
    pub(crate) summary: PostSummary,
    /// The front matter as written in the file.
    pub(crate) front_matter: String,
    /// The Markdown after the front matter.
    pub(crate) markdown: String,
    /// The Markdown copy the site publishes: front matter with title, date and URL, then the
    /// Markdown.
    pub(crate) mirror: String,
}

/// The page `wanted` names by URL (absolute or a path, encoded or not), slug or source path.
fn find<'a>(config: &Config, pages: &'a [Page], wanted: &str) -> Result<&'a Page, Failure> {
    let wanted = wanted.trim();
    let base = config.absolute_url("/");
    let path = wanted
        .strip_prefix(base.trim_end_matches('/'))
        .unwrap_or(wanted);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let as_folder = format!("{}/", decoded.trim_end_matches('/'));
    let source = Path::new(wanted);
    pages
        .iter()
        .find(|page| {
            let placement = &page.placement;
            placement.url == path
                || placement.path == decoded
                || placement.path == as_folder
                || page.source == source
                || page.source == Path::new(&config.content_dir).join(source)
        })
        .or_else(|| {
            pages
                .iter()
                .find(|page| page.is_post() && page.slug == wanted)
        })
        .ok_or_else(|| {
            Failure::BadArguments(format!(
                "no post or page is `{wanted}`: give its URL, its slug or its file under content/ \
                 (list_posts shows them)"
            ))
        })
}

pub(crate) fn get_post(root: &Path, query: &GetPost) -> Result<Post, Failure> {
    let (config, pages) = all_pages(root)?;
    let page = find(&config, &pages, &query.post)?;
    let split = crate::parse::frontmatter::split(&page.markdown, &page.source).ok();
    Ok(Post {
        summary: summary(page, jiff::Timestamp::now()),
        front_matter: split
            .as_ref()
            .map(|split| split.front.to_owned())
            .unwrap_or_default(),
        markdown: crate::outputs::mirror::body(page).to_owned(),
        mirror: crate::outputs::mirror::mirror_text(&config, page),
    })
}

/// The Markdown copy of every post and page as resources: `(uri, title, text)`.
pub(crate) fn mirrors(root: &Path) -> Result<Vec<(String, String, String)>, Failure> {
    let (config, pages) = all_pages(root)?;
    Ok(pages
        .iter()
        .filter(|page| page.has_mirror())
        .map(|page| {
            (
                resource_uri(&page.placement.url),
                page.title.clone(),
                crate::outputs::mirror::mirror_text(&config, page),
            )
        })
        .collect())
}

/// The URI of a page's Markdown copy as a resource: `boke://site/posts/a/index.md`.
pub(crate) fn resource_uri(url: &str) -> String {
    format!("{RESOURCE_PREFIX}{}", mirror_path(url))
}

pub(crate) const RESOURCE_PREFIX: &str = "boke://site";

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchPosts {
    /// Words to find, Chinese or not; quote a phrase with "…".
    pub(crate) query: String,
    /// Most hits to return (default 10).
    pub(crate) limit: Option<usize>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct SearchHit {
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) date: Option<String>,
    pub(crate) score: f64,
    /// The passage that matched, the matched words in **bold**.
    pub(crate) snippet: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct SearchResults {
    /// How many posts and pages match, before the limit.
    pub(crate) total: usize,
    pub(crate) hits: Vec<SearchHit>,
}

/// The site's own search over its published posts and pages: the index the build writes, made
/// afresh into a temporary folder so that it sees the latest edits, and queried by the same
/// code as the search page and `boke search`.
pub(crate) fn search_posts(root: &Path, query: &SearchPosts) -> Result<SearchResults, Failure> {
    if query.query.trim().is_empty() {
        return Err(Failure::BadArguments(
            "the query is empty: give words to find".to_owned(),
        ));
    }
    let built = crate::pipeline::build_in_memory(root, Visibility::default())?;
    let folder = tempfile::tempdir().map_err(|e| Failure::Other(e.to_string()))?;
    let prefix = format!("{}/", crate::outputs::search_index::SEARCH_DIR);
    for file in &built.files {
        if let Some(name) = file.path.strip_prefix(&prefix) {
            let path = folder.path().join(name);
            path.parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, &*file.bytes))
                .map_err(|e| Failure::Other(format!("{}: {e}", path.display())))?;
        }
    }
    let results = boke_search::search(folder.path(), &query.query, query.limit.unwrap_or(10))
        .map_err(|e| Failure::Other(e.to_string()))?;
    Ok(SearchResults {
        total: results.total,
        hits: results
            .hits
            .into_iter()
            .map(|hit| SearchHit {
                title: hit.title,
                url: hit.url,
                date: hit.date,
                score: hit.score,
                snippet: plain_snippet(&hit.snippet),
            })
            .collect(),
    })
}

/// A search snippet's HTML as text, the `<mark>`ed words in Markdown bold.
fn plain_snippet(html: &str) -> String {
    boke_search::snippet_text(html, "**", "**")
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct SiteInfo {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) base_url: String,
    pub(crate) language: String,
    pub(crate) author: String,
    pub(crate) permalink: String,
    /// The site folder.
    pub(crate) root: String,
    pub(crate) content_dir: String,
    pub(crate) output_dir: String,
    pub(crate) published_posts: usize,
    pub(crate) drafts: usize,
    pub(crate) future_posts: usize,
    pub(crate) pages: usize,
    pub(crate) tags: Vec<String>,
    pub(crate) categories: Vec<String>,
    /// When the output folder was last written (RFC 3339), if it has been.
    pub(crate) last_build: Option<String>,
}

pub(crate) fn site_info(root: &Path) -> Result<SiteInfo, Failure> {
    let (config, pages) = all_pages(root)?;
    let now = jiff::Timestamp::now();
    let count = |wanted| {
        pages
            .iter()
            .filter(|page| page.is_post() && state(page, now) == wanted)
            .count()
    };
    let mut tags: Vec<String> = pages
        .iter()
        .flat_map(|page| page.placement.tags.clone())
        .collect();
    tags.sort();
    tags.dedup();
    let mut categories: Vec<String> = pages
        .iter()
        .flat_map(|page| page.placement.categories.clone())
        .collect();
    categories.sort();
    categories.dedup();
    let output = root.join(&config.output_dir);
    let last_build = std::fs::metadata(output.join("index.html"))
        .and_then(|meta| meta.modified())
        .ok()
        .and_then(|time| jiff::Timestamp::try_from(time).ok())
        .map(|time| time.to_string());
    Ok(SiteInfo {
        title: config.title.clone(),
        description: config.description.clone(),
        base_url: config.base_url.clone(),
        language: config.language.clone(),
        author: config.author.clone(),
        permalink: config.permalink.clone(),
        root: root.display().to_string(),
        content_dir: config.content_dir.display().to_string(),
        output_dir: config.output_dir.display().to_string(),
        published_posts: count(State::Published),
        drafts: count(State::Draft),
        future_posts: count(State::Future),
        pages: pages.iter().filter(|page| !page.is_post()).count(),
        tags,
        categories,
        last_build,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_lose_their_markup() {
        assert_eq!(
            plain_snippet("从&lt;Chat&gt;到<mark>多模态</mark> &amp; 做事"),
            "从<Chat>到**多模态** & 做事"
        );
    }
}
