//! `boke mcp`: a Model Context Protocol server over stdio for the writer's own agent, on the
//! site in one folder. Its tools search, read and list the posts, report on the site, check
//! and build it, and start a draft; its resources are the posts' Markdown copies. Nothing it
//! does deletes, and the only files it writes are a new draft under `content/` and a build.

mod actions;
mod tools;

use std::path::{Path, PathBuf};

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, Implementation, ListResourcesResult, PaginatedRequestParams, ProtocolVersion,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use serde::Serialize;
use tools::Failure;

/// The protocol version `boke mcp` speaks; clients asking for an older one get theirs where
/// the SDK supports it.
pub const PROTOCOL_VERSION: &str = "2025-11-25";

/// Why the server did not start, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum McpError {
    #[error("cannot start the server's runtime")]
    Runtime(#[source] std::io::Error),
    #[error("the MCP session did not start: {0}")]
    Start(String),
    #[error("the MCP session ended with an error: {0}")]
    Stopped(String),
}

/// Serves the site at `root` over stdin and stdout until the client closes them.
pub fn run(root: &Path) -> Result<(), McpError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(McpError::Runtime)?;
    runtime.block_on(async {
        let server = BokeServer::new(root.to_path_buf())
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|error| McpError::Start(error.to_string()))?;
        server
            .waiting()
            .await
            .map_err(|error| McpError::Stopped(error.to_string()))?;
        Ok(())
    })
}

#[derive(Clone)]
struct BokeServer {
    root: PathBuf,
}

/// A tool's answer: its value as structured content (and as JSON text for clients that read
/// only text), or why it failed, as a tool error the agent sees.
fn answer<T: Serialize>(result: Result<T, Failure>) -> CallToolResult {
    match result {
        Ok(value) => match serde_json::to_value(value) {
            Ok(value) => CallToolResult::structured(value),
            Err(error) => failed("other", error.to_string(), Vec::new()),
        },
        Err(Failure::BadArguments(message)) => failed("bad_arguments", message, Vec::new()),
        Err(Failure::Site(problems)) => failed(
            "site_problems",
            "the site has errors; fix them and try again".to_owned(),
            problems,
        ),
        Err(Failure::Other(message)) => failed("other", message, Vec::new()),
    }
}

fn failed(kind: &str, message: String, problems: Vec<tools::Problem>) -> CallToolResult {
    CallToolResult::structured_error(serde_json::json!({
        "error": kind,
        "message": message,
        "problems": problems,
    }))
}

impl BokeServer {
    fn new(root: PathBuf) -> Self {
        Self { root }
    }

    /// Runs a tool's work off the async thread: reading and building a site is blocking work.
    async fn blocking<T, F>(&self, work: F) -> CallToolResult
    where
        T: Serialize + Send + 'static,
        F: FnOnce(&Path) -> Result<T, Failure> + Send + 'static,
    {
        let root = self.root.clone();
        match tokio::task::spawn_blocking(move || work(&root)).await {
            Ok(result) => answer(result),
            Err(error) => failed("other", error.to_string(), Vec::new()),
        }
    }
}

#[tool_router]
impl BokeServer {
    #[tool(
        description = "Search the site's published posts and pages with the site's own search \
                       (Chinese words and Latin ones), ranked as the search page ranks them, each \
                       hit with a snippet."
    )]
    async fn search_posts(
        &self,
        Parameters(query): Parameters<tools::SearchPosts>,
    ) -> CallToolResult {
        self.blocking(move |root| tools::search_posts(root, &query))
            .await
    }

    #[tool(
        description = "One post or page by its URL, slug or source file: its front matter, its \
                       Markdown and the Markdown copy the site publishes. Drafts included."
    )]
    async fn get_post(&self, Parameters(query): Parameters<tools::GetPost>) -> CallToolResult {
        self.blocking(move |root| tools::get_post(root, &query))
            .await
    }

    #[tool(
        description = "The site's posts, newest first, by tag, category, series, date range \
                       and state (published, draft, future)."
    )]
    async fn list_posts(&self, Parameters(query): Parameters<tools::ListPosts>) -> CallToolResult {
        self.blocking(move |root| tools::list_posts(root, &query))
            .await
    }

    #[tool(
        description = "The site's configuration in short, its counts of posts, drafts, future \
                       posts and pages, its tags and categories, and when it was last built."
    )]
    async fn site_info(&self) -> CallToolResult {
        self.blocking(tools::site_info).await
    }

    #[tool(
        description = "Start a new post as a draft (draft: true), with front matter as `boke \
                       new` writes it, under content/. Never overwrites a file and refuses a \
                       section or slug that leads outside content/."
    )]
    async fn new_post(&self, Parameters(post): Parameters<actions::NewPost>) -> CallToolResult {
        self.blocking(move |root| actions::new_post(root, &post))
            .await
    }

    #[tool(
        description = "Check the site as `boke check` does (broken links and anchors, missing \
                       images and alt text, emphasis that will not render), without requesting \
                       external links; every problem with file, line and a hint."
    )]
    async fn check_site(&self, Parameters(shown): Parameters<actions::Shown>) -> CallToolResult {
        self.blocking(move |root| actions::check_site(root, &shown))
            .await
    }

    #[tool(
        description = "Build the site into its output folder as `boke build` does and report \
                       what was written; a failed build leaves the folder as it was and reports \
                       every problem."
    )]
    async fn build_site(&self, Parameters(shown): Parameters<actions::Shown>) -> CallToolResult {
        self.blocking(move |root| actions::build_site(root, &shown))
            .await
    }
}

#[tool_handler]
impl ServerHandler for BokeServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(Implementation::new("boke", env!("CARGO_PKG_VERSION")))
        .with_protocol_version(ProtocolVersion::V_2025_11_25)
        .with_instructions(
            "The blog in this folder, built with boke. Read posts with get_post, list_posts and \
             search_posts, or as resources (their Markdown). new_post starts a draft under \
             content/; check_site and build_site report on the site. No tool deletes anything.",
        )
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let mirrors = self.mirrors().await?;
        Ok(ListResourcesResult {
            resources: mirrors
                .into_iter()
                .map(|(uri, title, text)| {
                    Resource::new(uri, title.clone())
                        .with_title(title)
                        .with_mime_type("text/markdown")
                        .with_size(text.len() as u64)
                })
                .collect(),
            ..Default::default()
        })
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let mirrors = self.mirrors().await?;
        match mirrors.into_iter().find(|(uri, _, _)| *uri == request.uri) {
            Some((uri, _, text)) => Ok(ReadResourceResult::new(vec![
                ResourceContents::text(text, uri).with_mime_type("text/markdown"),
            ])
            .into()),
            None => Err(ErrorData::resource_not_found(
                format!(
                    "no post or page has the Markdown copy {}; resources/list shows them",
                    request.uri
                ),
                None,
            )),
        }
    }
}

impl BokeServer {
    async fn mirrors(&self) -> Result<Vec<(String, String, String)>, ErrorData> {
        let root = self.root.clone();
        let result = tokio::task::spawn_blocking(move || tools::mirrors(&root))
            .await
            .map_err(|error| ErrorData::internal_error(error.to_string(), None))?;
        result.map_err(|failure| {
            let message = match failure {
                Failure::Site(problems) => problems
                    .iter()
                    .map(|p| format!("{}: {}", p.location, p.message))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Failure::BadArguments(message) | Failure::Other(message) => message,
            };
            ErrorData::internal_error(message, None)
        })
    }
}
