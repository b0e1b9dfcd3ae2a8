//! The HTTP face of the service: the router, error mapping, and the layers every request
//! passes (client identification, rate limits, body size limit, CORS, one log line).

mod admin;
mod limit;
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

use crate::app::{App, Client, Refusal};
use crate::store::StoreError;
pub use limit::RateLimiter;

/// Settings key under which the admin password's argon2 hash is stored.
pub fn admin_password_key() -> &'static str {
    admin::PASSWORD_KEY
}

/// An error answered as `{"error": "…"}` with a fitting status.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError(status, message.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        eprintln!("boke-social: {error}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "storage error")
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> ApiError {
        match refusal {
            Refusal::Invalid(message) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message),
            Refusal::Blocked => ApiError::new(StatusCode::FORBIDDEN, "blocked"),
            Refusal::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not found"),
            Refusal::NoMail => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, refusal.to_string()),
            Refusal::Store(error) => error.into(),
        }
    }
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
            "/unsubscribe",
            get(public::unsubscribe_page).post(public::unsubscribe),
        )
        .route("/admin", get(admin::page))
        .route("/admin/admin.js", get(admin::script))
        .route("/healthz", get(healthz))
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            identify_and_limit,
        ));
    let router = if config.log_requests {
        router.layer(middleware::from_fn(log_request))
    } else {
        router
    };
    router.with_state(shared)
}

async fn healthz(State(shared): State<Shared>) -> Result<&'static str, ApiError> {
    shared.app.store.ping().await?;
    Ok("ok")
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
            "/api/comments" | "/api/subscribe" | "/api/admin/login"
        );
    if request.method() != Method::OPTIONS && !shared.limiter.allow(&ip, writes) {
        return ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests, slow down",
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
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    app.drain_background().await;
    app.store.close().await;
    Ok(())
}
