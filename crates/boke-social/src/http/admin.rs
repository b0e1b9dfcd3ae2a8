//! Moderation: password login (argon2) that yields a session token, the JSON API behind it,
//! and a small HTML page that drives that API.
//!
//! CSRF: the API only accepts the session token in an `Authorization: Bearer` header, which
//! a browser never attaches on its own, and these routes answer no CORS preflight, so another
//! site cannot make a visitor's browser act as the moderator.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::{ApiError, Shared};
use crate::app::valid_email;
use crate::keys;
use crate::store::{AdminComment, Block, BlockKind, CommentStatus, Subscriber, now};

/// Settings key of the admin password's argon2 hash.
pub const PASSWORD_KEY: &str = "admin_password";
const SESSION_SECONDS: i64 = 12 * 3600;

#[derive(Deserialize)]
pub struct LoginInput {
    password: String,
}

pub async fn login(
    State(shared): State<Shared>,
    ApiJson(input): ApiJson<LoginInput>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let store = &shared.app.store;
    let Some(phc) = store.setting(PASSWORD_KEY).await? else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "还没有设置管理密码：运行 boke social set-password",
            "no admin password is set: run `boke social set-password`",
        ));
    };
    let password = input.password;
    let verified = tokio::task::spawn_blocking(move || keys::verify_password(&password, &phc))
        .await
        .unwrap_or(false);
    if !verified {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "密码不对",
            "wrong password",
        ));
    }
    let token = keys::random_hex(32).map_err(|error| {
        eprintln!("boke social: login: {error}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "系统随机数源出错，无法登录",
            "the system random source failed; cannot log in",
        )
    })?;
    let expires_at = now() + SESSION_SECONDS;
    store
        .add_admin_session(&keys::sha256_hex(&token), expires_at)
        .await?;
    Ok(Json(
        serde_json::json!({ "token": token, "expires_at": expires_at }),
    ))
}

fn no_such_comment() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "没有这条评论", "no such comment")
}

/// The bearer token of a request, or "".
fn bearer(request_headers: &axum::http::HeaderMap) -> &str {
    request_headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("")
}

/// Ends the session whose token the request carries.
pub async fn logout(
    State(shared): State<Shared>,
    headers: axum::http::HeaderMap,
) -> Result<StatusCode, ApiError> {
    shared
        .app
        .store
        .remove_admin_session(&keys::sha256_hex(bearer(&headers)))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lets a request through only with a live session token in `Authorization: Bearer`.
pub async fn require_session(
    State(shared): State<Shared>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let token = bearer(request.headers());
    if token.is_empty()
        || !shared
            .app
            .store
            .admin_session_valid(&keys::sha256_hex(token))
            .await?
    {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "请先登录",
            "log in first",
        ));
    }
    Ok(next.run(request).await)
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    #[serde(default)]
    offset: i64,
    limit: Option<i64>,
}

pub async fn list(
    State(shared): State<Shared>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<Vec<AdminComment>>, ApiError> {
    let status = match query.status.as_deref() {
        None => CommentStatus::Pending,
        Some(text) => CommentStatus::parse(text).ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "status 只能是 pending、approved 或 spam",
                "status must be pending, approved or spam",
            )
        })?,
    };
    let limit = query.limit.unwrap_or(50).clamp(1, 500);
    let comments = shared
        .app
        .store
        .comments_with_status(status, query.offset.max(0), limit)
        .await?;
    Ok(Json(comments))
}

#[derive(Deserialize)]
pub struct StatusInput {
    status: CommentStatus,
}

pub async fn set_status(
    State(shared): State<Shared>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<StatusInput>,
) -> Result<StatusCode, ApiError> {
    let app = &shared.app;
    let before = app.store.comment(id).await?;
    let Some(before) = before else {
        return Err(no_such_comment());
    };
    app.store.set_comment_status(id, input.status).await?;
    if input.status == CommentStatus::Approved && before.status != CommentStatus::Approved {
        app.notify_reply(id).await;
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn remove(
    State(shared): State<Shared>,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    if shared.app.store.delete_comment(id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_such_comment())
    }
}

pub async fn blocks(State(shared): State<Shared>) -> Result<Json<Vec<Block>>, ApiError> {
    Ok(Json(shared.app.store.blocks().await?))
}

/// Either `{"kind": "ip"|"email", "value": "…"}` (a raw address is hashed before storing)
/// or `{"kind": …, "comment_id": n}` to block the sender of a comment.
#[derive(Deserialize)]
pub struct BlockInput {
    kind: BlockKind,
    value: Option<String>,
    comment_id: Option<i64>,
}

pub async fn add_block(
    State(shared): State<Shared>,
    ApiJson(input): ApiJson<BlockInput>,
) -> Result<StatusCode, ApiError> {
    let app = &shared.app;
    let value = match (input.value, input.comment_id) {
        (Some(value), _) => match input.kind {
            BlockKind::Ip => app.ip_hash(value.trim()),
            BlockKind::Email => valid_email(value.trim())?,
        },
        (None, Some(id)) => {
            let comment = app.store.comment(id).await?.ok_or_else(no_such_comment)?;
            match input.kind {
                BlockKind::Ip => comment.ip_hash,
                BlockKind::Email => comment.email,
            }
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "这条评论没有记录这一项",
                    "the comment has no such detail",
                )
            })?
        }
        (None, None) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "请给出 `value` 或 `comment_id`",
                "give `value` or `comment_id`",
            ));
        }
    };
    app.store.add_block(input.kind, &value).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn remove_block(
    State(shared): State<Shared>,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    if shared.app.store.remove_block(id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "没有这条屏蔽规则",
            "no such block",
        ))
    }
}

pub async fn subscribers(State(shared): State<Shared>) -> Result<Json<Vec<Subscriber>>, ApiError> {
    Ok(Json(shared.app.store.subscribers().await?))
}

pub async fn suppressions(
    State(shared): State<Shared>,
) -> Result<Json<Vec<crate::store::Suppression>>, ApiError> {
    Ok(Json(shared.app.store.suppressions().await?))
}

pub(super) const SECURITY_HEADERS: [(header::HeaderName, &str); 4] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
         connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "no-referrer"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
];

pub async fn page() -> Response {
    (SECURITY_HEADERS, Html(include_str!("admin.html"))).into_response()
}

pub async fn script() -> Response {
    (
        SECURITY_HEADERS,
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("admin.js"),
    )
        .into_response()
}
