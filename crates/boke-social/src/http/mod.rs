//! The HTTP face of the service: the router, error mapping, and the layers every request
//! passes (client identification, rate limits, body size limit, CORS, one log line).

mod admin;
mod bounces;
mod error;
mod extract;
mod guard;
mod limit;
#[cfg(feature = "mcp")]
pub mod mcp;
mod moderate;
mod newsletter;
mod public;

use std::future::Future;
use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::app::{App, Client};
pub use error::ApiError;
pub use limit::RateLimiter;

/// Settings key under which the admin password's argon2 hash is stored.
pub fn admin_password_key() -> &'static str {
    admin::PASSWORD_KEY
}

/// Shared state of the router: the app and its rate limiter.
#[derive(Clone)]
pub struct Shared {
    pub app: App,
    pub limiter: RateLimiter,
}

/// Builds the whole router for `app`.
pub fn router(app: App) -> Router {
    let config = app.config.clone();
    let shared = Shared {
        limiter: RateLimiter::new(config.write_rate, config.read_rate),
        app,
    };
    let origins: Vec<HeaderValue> = config
        .site_origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(3600));
    let reader_api = Router::new()
        .route(
            "/api/comments",
            get(public::list_comments).post(public::post_comment),
        )
        .route("/api/challenge", get(guard::challenge))
        .route("/api/auth/github", get(guard::github_start))
        .route("/api/auth/github/callback", get(guard::github_callback))
        .route("/api/auth/email", post(guard::email_start))
        .route("/api/counts", get(public::counts))
        .route("/api/reactions", get(public::reactions).post(public::react))
        .route("/api/views", post(public::view))
        .route("/api/subscribe", post(public::subscribe))
        .layer(cors);
    let admin_api = Router::new()
        .route("/api/admin/comments", get(admin::list))
        .route("/api/admin/comments/{id}/status", post(admin::set_status))
        .route("/api/admin/comments/{id}", delete(admin::remove))
        .route(
            "/api/admin/blocks",
            get(admin::blocks).post(admin::add_block),
        )
        .route("/api/admin/blocks/{id}", delete(admin::remove_block))
        .route("/api/admin/subscribers", get(admin::subscribers))
        .route("/api/admin/suppressions", get(admin::suppressions))
        .route("/api/admin/logout", post(admin::logout))
        .route_layer(middleware::from_fn_with_state(
            shared.clone(),
            admin::require_session,
        ));
    let router = Router::new()
        .merge(reader_api)
        .merge(admin_api)
        .route("/api/admin/login", post(admin::login))
        .route("/api/subscribe/confirm", get(public::confirm))
        .route(
            "/api/auth/email/verify",
            get(guard::email_page).post(guard::email_verify),
        )
        .route(
            "/unsubscribe",
            get(public::unsubscribe_page).post(public::unsubscribe),
        )
        .route(
            "/moderate/{action}",
            get(moderate::confirm).post(moderate::act),
        )
        .route("/api/bounces/{source}", post(bounces::receive_from))
        .route("/newsletter/", get(newsletter::list))
        .route("/newsletter/{issue}/", get(newsletter::issue))
        .route("/admin", get(admin::page))
        .route("/admin/admin.js", get(admin::script))
        .route("/healthz", get(healthz));
    // Before the layers, which only wrap what the router already holds.
    #[cfg(feature = "mcp")]
    let router = match &config.site_dir {
        Some(dir) => router.nest_service(
            "/mcp",
            mcp::service(
                crate::published::Published::new(dir.clone()),
                config.site_title.clone(),
                mcp_hosts(&config.public_url),
            ),
        ),
        None => router,
    };
    let router = router
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            identify_and_limit,
        ));
    let router = router.layer(middleware::from_fn(error::localize));
    let router = if config.log_requests {
        router.layer(middleware::from_fn(log_request))
    } else {
        router
    };
    router.with_state(shared)
}

/// The `Host` values `/mcp` answers (a guard against DNS rebinding): the service's public
/// host, and loopback for a proxy on the same machine.
#[cfg(feature = "mcp")]
fn mcp_hosts(public_url: &str) -> Vec<String> {
    let mut hosts = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    if let Some((_, rest)) = public_url.split_once("://") {
        let authority = rest.split('/').next().unwrap_or_default();
        let host = authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host);
        if !host.is_empty() {
            hosts.push(host.to_owned());
        }
    }
    hosts
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "这个地址没有内容",
        "there is nothing at this address",
    )
}

/// `ok` only when the database takes a write as large as the largest comment: a service that
/// answers reads but loses every comment is not healthy.
async fn healthz(State(shared): State<Shared>) -> Response {
    // A comment is stored twice (source and HTML), up to four bytes a character each.
    let largest_write = shared.app.config.max_comment_chars * 8;
    // A disk this close to full refuses some writes and takes others (those that fit in
    // pages the log already holds), so a probe alone can say "ok" while comments fail.
    let low_water = 2 * 1024 * 1024;
    if let Some(free) = shared.app.store.free_space()
        && free < low_water
    {
        eprintln!("boke social: health check: {free} bytes free beside the database");
        return unhealthy(
            &format!(
                "the disk holding the database has {} KiB free; comments would be lost",
                free / 1024
            ),
            "disk full",
        );
    }
    match shared.app.store.probe_write(largest_write).await {
        Ok(()) => "ok".into_response(),
        Err(error) => {
            eprintln!("boke social: health check: the database cannot write: {error}");
            unhealthy(
                "the database cannot write; comments would be lost",
                "cannot write",
            )
        }
    }
}

/// The 503 a health check answers, saying what is wrong with the database.
fn unhealthy(error: &str, database: &str) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(serde_json::json!({ "error": error, "database": database })),
    )
        .into_response()
}

/// Works out who is asking (never storing the address) and applies the rate limits.
async fn identify_and_limit(
    State(shared): State<Shared>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip().to_string());
    let forwarded = shared
        .app
        .config
        .trust_proxy
        .then(|| request.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.rsplit(',').next())
        .map(|ip| ip.trim().to_owned());
    let ip = forwarded.or(peer).unwrap_or_else(|| "unknown".to_owned());
    let user_agent = request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(300)
        .collect();
    let writes = request.method() == Method::POST
        && matches!(
            request.uri().path(),
            "/api/comments" | "/api/subscribe" | "/api/admin/login" | "/api/auth/email"
        );
    if request.method() != Method::OPTIONS && !shared.limiter.allow(&ip, writes) {
        return ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "请求太频繁了，请稍等片刻再试",
            "too many requests; wait a moment and try again",
        )
        .into_response();
    }
    request.extensions_mut().insert(Client { ip, user_agent });
    next.run(request).await
}

/// One line per request on stderr: method, path, status, milliseconds.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    eprintln!(
        "{method} {path} {} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets in-flight requests and
/// background mail finish before returning.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = router(app.clone());
    let stop_sender = std::sync::Arc::new(tokio::sync::Notify::new());
    let sender = tokio::spawn(crate::outbox::run(
        app.clone(),
        app.outbox_wake.clone(),
        stop_sender.clone(),
    ));
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    // A send in progress finishes (and is recorded); what is left waits for the next start.
    stop_sender.notify_one();
    let _ = sender.await;
    app.drain_background().await;
    app.store.close().await;
    Ok(())
}
