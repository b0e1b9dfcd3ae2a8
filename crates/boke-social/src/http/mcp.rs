//! `/mcp`: a read-only Model Context Protocol server for readers' agents over the streamable
//! HTTP transport, on the published site only (`serve --site-dir`): search, read and list the
//! posts. Stateless (no session is kept between requests), so several instances can stand
//! behind one address; requests pass the service's rate limits like every other call.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, Implementation, ProtocolVersion, ServerCapabilities, ServerConfig,
};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ServerHandler, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::published::{Entry, Published};

/// The protocol version the server states; clients asking for an older one the SDK speaks get
/// theirs.
pub const PROTOCOL_VERSION: &str = "2025-11-25";

/// The `/mcp` service for the site in `published`, answering requests whose `Host` is one of
/// `hosts` (the service's public address and loopback).
pub fn service(
    published: Published,
    site_title: String,
    hosts: Vec<String>,
) -> StreamableHttpService<ReaderServer, LocalSessionManager> {
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_max_request_body_bytes(64 * 1024)
        .with_allowed_hosts(hosts);
    StreamableHttpService::new(
        move || {
            Ok(ReaderServer {
                published: published.clone(),
                site_title: site_title.clone(),
            })
        },
        Default::default(),
        config,
    )
}

#[derive(Clone)]
pub struct ReaderServer {
    published: Published,
    site_title: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchPosts {
    /// Words to find, Chinese or not; quote a phrase with "…".
    pub query: String,
    /// Most hits to return (default 10, at most 50).
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SearchHit {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    /// The passage that matched, the matched words in **bold**.
    pub snippet: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SearchResults {
    /// How many posts and pages match, before the limit.
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct GetPost {
    /// The post's URL (`https://blog.example.com/posts/a/` or `/posts/a/`) or its slug (`a`).
    pub post: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ListPosts {
    /// Only posts with this tag (exact name).
    pub tag: Option<String>,
    /// Only posts in this category (exact name, or a parent of it: `AI` matches `AI/模型`).
    pub category: Option<String>,
    /// Only posts dated on or after this day (`2026-01-01`).
    pub since: Option<String>,
    /// Only posts dated on or before this day (`2026-12-31`).
    pub until: Option<String>,
    /// Also list standalone pages (about, links); posts only when absent.
    pub include_pages: Option<bool>,
    /// Entries to skip, for the next page of a long list (default 0).
    pub offset: Option<usize>,
    /// Most entries to return (default 50, at most 200).
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PostSummary {
    pub title: String,
    pub url: String,
    /// RFC 3339; none for a standalone page.
    pub date: Option<String>,
    /// `post` or `page`.
    pub kind: String,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub description: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PostList {
    /// How many match, before offset and limit.
    pub total: usize,
    pub posts: Vec<PostSummary>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Post {
    #[serde(flatten)]
    pub summary: PostSummary,
    /// The page's Markdown copy as the site publishes it: front matter, then the text.
    pub markdown: String,
}

impl From<&Entry> for PostSummary {
    fn from(entry: &Entry) -> Self {
        Self {
            title: entry.title.clone(),
            url: entry.url.clone(),
            date: entry.date.clone(),
            kind: entry.kind.to_owned(),
            tags: entry.tags.clone(),
            categories: entry.categories.clone(),
            description: entry.description.clone(),
        }
    }
}

/// A tool's answer as structured content, or its failure as a tool error the agent reads.
fn answer<T: Serialize>(result: Result<T, String>) -> CallToolResult {
    match result.and_then(|value| serde_json::to_value(value).map_err(|e| e.to_string())) {
        Ok(value) => CallToolResult::structured(value),
        Err(message) => CallToolResult::structured_error(serde_json::json!({ "error": message })),
    }
}

impl ReaderServer {
    async fn blocking<T, F>(&self, work: F) -> CallToolResult
    where
        T: Serialize + Send + 'static,
        F: FnOnce(&Published) -> Result<T, String> + Send + 'static,
    {
        let published = self.published.clone();
        match tokio::task::spawn_blocking(move || work(&published)).await {
            Ok(result) => answer(result),
            Err(error) => answer::<()>(Err(error.to_string())),
        }
    }
}

#[tool_router]
impl ReaderServer {
    #[tool(
        description = "Search the blog's published posts and pages with the site's own search \
                       (Chinese words and Latin ones), best first, each hit with a snippet."
    )]
    async fn search_posts(&self, Parameters(query): Parameters<SearchPosts>) -> CallToolResult {
        self.blocking(move |published| search(published, &query))
            .await
    }

    #[tool(description = "One published post or page by its URL or slug, with its Markdown.")]
    async fn get_post(&self, Parameters(query): Parameters<GetPost>) -> CallToolResult {
        self.blocking(move |published| get(published, &query)).await
    }

    #[tool(
        description = "The blog's published posts, newest first, by tag, category and date \
                       range, a page at a time."
    )]
    async fn list_posts(&self, Parameters(query): Parameters<ListPosts>) -> CallToolResult {
        self.blocking(move |published| list(published, &query))
            .await
    }
}

#[tool_handler]
impl ServerHandler for ReaderServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(
                "boke-social",
                env!("CARGO_PKG_VERSION"),
            ))
            .with_protocol_version(ProtocolVersion::V_2025_11_25)
            .with_instructions(format!(
                "The published posts of the blog {}: search_posts, get_post, list_posts. \
                 Read-only.",
                self.site_title
            ))
    }
}

fn search(published: &Published, query: &SearchPosts) -> Result<SearchResults, String> {
    if query.query.trim().is_empty() {
        return Err("the query is empty: give words to find".to_owned());
    }
    let limit = query.limit.unwrap_or(10).clamp(1, 50);
    let index = published.dir().join("search");
    let results = boke_search::search(&index, &query.query, limit).map_err(|e| e.to_string())?;
    // The index holds site paths; an agent wants the address it can fetch.
    let entries = published.entries().map_err(|e| e.to_string())?;
    let absolute = |path: String| {
        let key = crate::page::page_key(&path);
        entries
            .iter()
            .find(|entry| entry.path == key)
            .map_or(path, |entry| entry.url.clone())
    };
    Ok(SearchResults {
        total: results.total,
        hits: results
            .hits
            .into_iter()
            .map(|hit| SearchHit {
                title: hit.title,
                url: absolute(hit.url),
                date: hit.date,
                snippet: boke_search::snippet_text(&hit.snippet, "**", "**"),
            })
            .collect(),
    })
}

fn get(published: &Published, query: &GetPost) -> Result<Post, String> {
    let entries = published.entries().map_err(|e| e.to_string())?;
    let wanted = query.post.trim();
    let path = match wanted.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => wanted,
    };
    let key = crate::page::page_key(path.split(['?', '#']).next().unwrap_or("/"));
    let slug_key = crate::page::page_key(wanted.trim_matches('/'));
    let found = entries.iter().find(|entry| {
        entry.path == key
            || entry.path.trim_end_matches('/') == key.trim_end_matches('/')
            || entry
                .path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .is_some_and(|last| last.trim_end_matches(".html") == slug_key)
    });
    let Some(entry) = found else {
        return Err(format!(
            "no published post or page is `{wanted}`; list_posts or search_posts shows them"
        ));
    };
    Ok(Post {
        summary: PostSummary::from(entry),
        markdown: published.markdown(entry).map_err(|e| e.to_string())?,
    })
}

fn list(published: &Published, query: &ListPosts) -> Result<PostList, String> {
    let day = |value: &Option<String>, name: &str| -> Result<Option<String>, String> {
        value
            .as_deref()
            .map(|text| match text.parse::<jiff::civil::Date>() {
                Ok(date) => Ok(date.to_string()),
                Err(_) => Err(format!(
                    "`{name}` must be a day such as 2026-01-31, not `{text}`"
                )),
            })
            .transpose()
    };
    let (since, until) = (day(&query.since, "since")?, day(&query.until, "until")?);
    let entries = published.entries().map_err(|e| e.to_string())?;
    let matching: Vec<&Entry> = entries
        .iter()
        .filter(|entry| entry.kind == "post" || query.include_pages == Some(true))
        .filter(|entry| {
            query
                .tag
                .as_ref()
                .is_none_or(|tag| entry.tags.contains(tag))
        })
        .filter(|entry| {
            query.category.as_ref().is_none_or(|wanted| {
                entry.categories.iter().any(|category| {
                    category == wanted || category.starts_with(&format!("{wanted}/"))
                })
            })
        })
        .filter(|entry| {
            let date = entry
                .date
                .as_deref()
                .map(|date| &date[..date.len().min(10)]);
            since
                .as_deref()
                .is_none_or(|since| date.is_some_and(|d| d >= since))
                && until
                    .as_deref()
                    .is_none_or(|until| date.is_some_and(|d| d <= until))
        })
        .collect();
    let offset = query.offset.unwrap_or(0);
    let limit = query.limit.unwrap_or(50).clamp(1, 200);
    Ok(PostList {
        total: matching.len(),
        posts: matching
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(PostSummary::from)
            .collect(),
    })
}
