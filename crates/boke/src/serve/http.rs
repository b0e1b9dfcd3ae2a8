//! The HTTP side of `serve`: site paths mapped safely onto the in-memory site, content types,
//! a page or its Markdown copy by the `Accept` header, the 404 page, gzip, and the live reload
//! endpoints.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::compression::CompressionLayer;

use super::livereload;
use super::negotiate::{mirror_of, mirror_url, prefers_markdown};
use super::state::{Found, Reload, Shared};
use crate::assemble::Hidden;
use crate::parse::NOT_FOUND_PATH;

/// What the handlers share: the site, and the real path of its folder, which copied files
/// must stay inside.
#[derive(Clone)]
pub(crate) struct App {
    pub(crate) shared: Arc<Shared>,
    pub(crate) site_root: PathBuf,
}

pub(crate) fn router(app: App) -> Router {
    Router::new()
        .route(livereload::EVENTS_PATH, get(events))
        .route(livereload::SCRIPT_PATH, get(script))
        .fallback(site_file)
        .with_state(app)
        .layer(CompressionLayer::new())
}

async fn script() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        livereload::script(),
    )
}

async fn events(
    State(app): State<App>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let current = app
        .shared
        .problem()
        .map(|problem| Ok(Event::default().event("problem").data(problem)));
    let updates = BroadcastStream::new(app.shared.subscribe()).filter_map(|reload| {
        let event = match reload.ok()? {
            Reload::Page(paths) => Event::default().event("reload").data(paths.join("\n")),
            Reload::Css(paths) => Event::default().event("css").data(paths.join("\n")),
            Reload::Problem(problem) => Event::default().event("problem").data(problem),
        };
        Some(Ok(event))
    });
    Sse::new(tokio_stream::iter(current).chain(updates)).keep_alive(KeepAlive::default())
}

/// Why a request path maps to no file of the site.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BadPath {
    /// Not valid percent-encoded UTF-8, or a `..`, `.`, `\` or NUL in it.
    Refused,
}

/// The output path a request path asks for: percent-decoded, with `..`, `.`, backslashes and
/// NUL refused (after decoding, so `%2e%2e` and `..%2f` are caught too). `/a/` → `a/index.html`.
pub(crate) fn output_path(request_path: &str) -> Result<String, BadPath> {
    let decoded = percent_encoding::percent_decode_str(request_path)
        .decode_utf8()
        .map_err(|_| BadPath::Refused)?;
    if decoded.contains(['\\', '\0']) {
        return Err(BadPath::Refused);
    }
    let relative = decoded.trim_start_matches('/');
    if relative
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return Err(BadPath::Refused);
    }
    Ok(if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    })
}

async fn site_file(
    State(app): State<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            "method not allowed\n",
        );
    }
    let Ok(path) = output_path(uri.path()) else {
        return respond(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            "bad path\n",
        );
    };
    // A page with a Markdown copy answers with either, by what the request accepts.
    let mirror = mirror_of(&path).filter(|mirror| app.shared.find(mirror).is_some());
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let markdown = mirror.as_deref().filter(|_| prefers_markdown(accept));
    let chosen = markdown.unwrap_or(&path);
    let response = match app.shared.find(chosen) {
        Some(found) => file_response(&app, chosen, found, StatusCode::OK).await,
        None => None,
    };
    let response = match (response, &mirror) {
        (Some(mut response), Some(_)) => {
            negotiated(&mut response, &mirror_url(uri.path()), markdown.is_some());
            Some(response)
        }
        (response, _) => response,
    };
    let mut response = match response {
        Some(response) => response,
        None => {
            // Pretty URLs: `/posts/a` is the folder `/posts/a/`.
            let folder = format!("{path}/index.html");
            if !path.ends_with("index.html") && app.shared.find(&folder).is_some() {
                redirect_to_folder(&uri)
            } else if let Some(hidden) = app
                .shared
                .hidden(&path)
                .or_else(|| app.shared.hidden(&folder))
            {
                hidden_post(hidden)
            } else {
                not_found(&app).await
            }
        }
    };
    if method == Method::HEAD {
        *response.body_mut() = Body::empty();
    }
    response
}

/// The headers of a page that has a Markdown copy at `markdown_url`: caches keep the two
/// answers apart, the HTML points at the copy, the copy says where it lives.
fn negotiated(response: &mut Response, markdown_url: &str, is_markdown: bool) {
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("accept"));
    let value = if is_markdown {
        HeaderValue::from_str(markdown_url)
    } else {
        HeaderValue::from_str(&format!(
            "<{markdown_url}>; rel=\"alternate\"; type=\"text/markdown\""
        ))
    };
    if let Ok(value) = value {
        let name = if is_markdown {
            header::CONTENT_LOCATION
        } else {
            header::LINK
        };
        headers.insert(name, value);
    }
}

async fn file_response(
    app: &App,
    path: &str,
    found: Found,
    status: StatusCode,
) -> Option<Response> {
    let content_type = content_type(path);
    let bytes: Bytes = match found {
        Found::Built(bytes) => {
            if content_type.starts_with("text/html") {
                livereload::inject(&bytes, app.shared.problem().as_deref()).into()
            } else {
                Bytes::from_owner(bytes)
            }
        }
        Found::Copied(from) => read_inside(&app.site_root, &from).await?.into(),
    };
    Some(respond(status, content_type, bytes))
}

/// Reads a copied file only if its real path (symlinks resolved) is inside the site's folder.
async fn read_inside(site_root: &Path, file: &Path) -> Option<Vec<u8>> {
    let real = tokio::fs::canonicalize(file).await.ok()?;
    if !real.starts_with(site_root) {
        return None;
    }
    tokio::fs::read(real).await.ok()
}

/// The answer for a post the site leaves out: why, and how to see it, in both languages.
fn hidden_post(hidden: Hidden) -> Response {
    let (zh, en) = match hidden {
        Hidden::Draft => (
            "这篇文章是草稿（draft: true）：用 <code>boke serve --drafts</code> 预览它，去掉 draft 发布它。",
            "This post is a draft (draft: true): preview it with <code>boke serve --drafts</code>; remove draft to publish it.",
        ),
        Hidden::Future => (
            "这篇文章的日期在将来：用 <code>boke serve --future</code> 预览它，到了那天它才发布。",
            "This post is dated in the future: preview it with <code>boke serve --future</code>; it is published on its date.",
        ),
    };
    respond(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        format!(
            "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>未发布 · not published</title><p>{zh}</p><p lang=\"en\">{en}</p></html>\n"
        ),
    )
}

async fn not_found(app: &App) -> Response {
    let path = NOT_FOUND_PATH.trim_start_matches('/');
    if let Some(found) = app.shared.find(path)
        && let Some(response) = file_response(app, path, found, StatusCode::NOT_FOUND).await
    {
        return response;
    }
    match app.shared.problem() {
        Some(problem) => respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            livereload::problem_page(&problem),
        ),
        None => respond(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "not found\n",
        ),
    }
}

fn redirect_to_folder(uri: &Uri) -> Response {
    let mut location = format!("{}/", uri.path());
    if let Some(query) = uri.query() {
        location.push('?');
        location.push_str(query);
    }
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

fn respond(status: StatusCode, content_type: &'static str, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Every load after an edit must see the new bytes.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The content type of an output path, by its extension: as a deploy uploads it.
pub(crate) use boke_deploy::headers::content_type;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_pretty_and_encoded_paths() {
        assert_eq!(output_path("/").ok().as_deref(), Some("index.html"));
        assert_eq!(
            output_path("/posts/%E4%BA%BA%E5%B7%A5/").ok().as_deref(),
            Some("posts/人工/index.html")
        );
        assert_eq!(output_path("/a.css").ok().as_deref(), Some("a.css"));
    }

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for path in [
            "/../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc/passwd",
            "/a/%2E%2E/%2E%2E/b",
            "/a/..\\..\\b",
            "/%00",
            "/%ff",
            "/./a",
        ] {
            assert_eq!(output_path(path), Err(BadPath::Refused), "{path}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("x.PNG"), "image/png");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
