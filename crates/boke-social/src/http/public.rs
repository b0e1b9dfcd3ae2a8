//! Reader-facing endpoints: comments, counts, reactions, views, subscribing and the pages
//! that email links open.

use std::collections::BTreeMap;

use axum::extract::{Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};

use super::extract::{ApiJson, ApiQuery};
use super::{ApiError, Shared};
use crate::app::{Client, CommentInput, valid_page};
use crate::keys;
use crate::store::{
    Comment, CommentOrder, CommentStatus, REACTION_KINDS, ReactionOutcome, ReactionSummary, now,
};

#[derive(Deserialize)]
pub struct ListQuery {
    page: String,
    #[serde(default)]
    order: CommentOrder,
    #[serde(default)]
    offset: i64,
    limit: Option<i64>,
}

#[derive(Serialize)]
pub struct CommentList {
    page: String,
    total: i64,
    threads: i64,
    offset: i64,
    limit: i64,
    comments: Vec<Comment>,
}

pub async fn list_comments(
    State(shared): State<Shared>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<CommentList>, ApiError> {
    let page = valid_page(&query.page)?;
    let limit = query.limit.unwrap_or(20).clamp(1, 100);
    let offset = query.offset.max(0);
    let thread = shared
        .app
        .store
        .thread(&page, query.order, offset, limit)
        .await?;
    let mut comments = thread.comments;
    if !shared.app.config.show_user_agent {
        Comment::hide_agents(&mut comments);
    }
    crate::avatar::fill(
        &mut comments,
        &shared.app.secrets.visitor_salt,
        shared.app.config.avatars,
    );
    if shared.app.config.hide_region {
        Comment::hide_regions(&mut comments);
    }
    Ok(Json(CommentList {
        page,
        total: thread.total,
        threads: thread.threads,
        offset,
        limit,
        comments,
    }))
}

pub async fn post_comment(
    State(shared): State<Shared>,
    Extension(client): Extension<Client>,
    ApiJson(input): ApiJson<CommentInput>,
) -> Result<Response, ApiError> {
    let accepted = shared.app.submit_comment(input, &client).await?;
    // A comment the spam check caught is "pending" to its sender, as a honeypot catch is.
    let status = match accepted.status {
        CommentStatus::Spam => CommentStatus::Pending,
        other => other,
    };
    // `commenter` is the secret the browser keeps and sends with later comments: once a
    // moderator approves one of them, the next ones need no moderator.
    let body = serde_json::json!({
        "id": accepted.id,
        "status": status,
        "commenter": accepted.commenter,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[derive(Serialize, Default)]
pub struct PageCounts {
    comments: i64,
    views: i64,
}

/// `GET /api/counts?page=/a/&page=/b/` (up to 100 pages).
pub async fn counts(
    State(shared): State<Shared>,
    RawQuery(query): RawQuery,
) -> Result<Json<BTreeMap<String, PageCounts>>, ApiError> {
    let mut asked = Vec::new();
    for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        if key == "page" && asked.len() < 100 {
            asked.push((valid_page(&value)?, value.trim().to_owned()));
        }
    }
    let keys: Vec<String> = asked.iter().map(|(key, _)| key.clone()).collect();
    let comments = shared.app.store.comment_counts(&keys).await?;
    let views = shared.app.store.view_counts(&keys).await?;
    // Answered under each path as it was asked, which the page looks its counts up by.
    Ok(Json(
        asked
            .into_iter()
            .map(|(key, as_asked)| {
                let counts = PageCounts {
                    comments: comments.get(&key).copied().unwrap_or(0),
                    views: views.get(&key).copied().unwrap_or(0),
                };
                (as_asked, counts)
            })
            .collect(),
    ))
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: String,
}

#[derive(Serialize)]
pub struct Reactions {
    page: String,
    kinds: Vec<ReactionKind>,
    #[serde(flatten)]
    summary: ReactionSummary,
}

#[derive(Serialize)]
struct ReactionKind {
    key: &'static str,
    emoji: &'static str,
}

fn reactions_body(page: String, summary: ReactionSummary) -> Json<Reactions> {
    Json(Reactions {
        page,
        kinds: REACTION_KINDS
            .iter()
            .map(|(key, emoji)| ReactionKind { key, emoji })
            .collect(),
        summary,
    })
}

pub async fn reactions(
    State(shared): State<Shared>,
    Extension(client): Extension<Client>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<Reactions>, ApiError> {
    let page = valid_page(&query.page)?;
    let visitor = shared.app.visitor(&client);
    let summary = shared.app.store.reactions(&page, &visitor).await?;
    Ok(reactions_body(page, summary))
}

#[derive(Deserialize)]
pub struct ReactInput {
    page: String,
    /// A key from the fixed set, or `null` to withdraw.
    kind: Option<String>,
}

pub async fn react(
    State(shared): State<Shared>,
    Extension(client): Extension<Client>,
    ApiJson(input): ApiJson<ReactInput>,
) -> Result<Json<Reactions>, ApiError> {
    let page = valid_page(&input.page)?;
    if let Some(kind) = &input.kind
        && !REACTION_KINDS.iter().any(|(key, _)| key == kind)
    {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "没有这种表情",
            "unknown reaction",
        ));
    }
    let visitor = shared.app.visitor(&client);
    let store = &shared.app.store;
    let outcome = store
        .set_reaction(
            &page,
            &visitor,
            &shared.app.ip_hash(&client.ip),
            input.kind.as_deref(),
        )
        .await?;
    if outcome == ReactionOutcome::AddressFull {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "你所在的网络已在这篇文章上留下了足够多的表情",
            "your network has already left as many reactions on this page as one address may",
        ));
    }
    Ok(reactions_body(
        page.clone(),
        store.reactions(&page, &visitor).await?,
    ))
}

pub async fn view(
    State(shared): State<Shared>,
    ApiJson(input): ApiJson<PageQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let page = valid_page(&input.page)?;
    let views = shared.app.store.add_view(&page).await?;
    Ok(Json(serde_json::json!({ "page": page, "views": views })))
}

#[derive(Deserialize)]
pub struct SubscribeInput {
    email: String,
    #[serde(default)]
    lang: String,
    /// Honeypot, as in the comment form.
    #[serde(default)]
    homepage: Option<String>,
}

pub async fn subscribe(
    State(shared): State<Shared>,
    ApiJson(input): ApiJson<SubscribeInput>,
) -> Result<Response, ApiError> {
    if input
        .homepage
        .as_deref()
        .is_none_or(|v| v.trim().is_empty())
    {
        shared.app.subscribe(&input.email, &input.lang).await?;
    }
    // The same answer whether the address was new, pending or confirmed: no address probing.
    Ok((
        StatusCode::ACCEPTED,
        Json(serde_json::json!({ "status": "pending" })),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// The subscriber a signed link names, if it is genuine and unexpired. Unsubscribe links in
/// the older format (mailed before links expired) still work; confirm links must be new.
async fn linked_subscriber(
    shared: &Shared,
    purpose: &str,
    token: &str,
) -> Result<Option<crate::store::Subscriber>, ApiError> {
    let app = &shared.app;
    if let Some(id) = keys::verify_link(&app.secrets.link_key, purpose, token, now()) {
        return Ok(app.store.subscriber_by_id(id).await?);
    }
    if purpose == "unsubscribe"
        && let Some(email) = keys::verify(&app.secrets.link_key, purpose, token)
    {
        return Ok(app.store.subscriber(&email).await?);
    }
    Ok(None)
}

pub async fn confirm(
    State(shared): State<Shared>,
    Query(query): Query<TokenQuery>,
) -> Result<Response, ApiError> {
    let Some(subscriber) = linked_subscriber(&shared, "confirm", &query.token).await? else {
        return Ok(notice(
            StatusCode::BAD_REQUEST,
            "链接无效或已过期 / Invalid or expired link",
            "请重新订阅，会收到新的确认邮件。 / Subscribe again to get a new confirmation email.",
        ));
    };
    if shared
        .app
        .store
        .confirm_subscriber(&subscriber.email)
        .await?
    {
        Ok(notice(
            StatusCode::OK,
            "订阅成功 / Subscribed",
            "有新文章时会发邮件给你。 / You will get an email when a new post is published.",
        ))
    } else {
        Ok(notice(
            StatusCode::NOT_FOUND,
            "链接已失效 / This link has expired",
            "",
        ))
    }
}

/// The page an unsubscribe link opens: a button, since mail scanners follow links with GET.
pub async fn unsubscribe_page(
    State(shared): State<Shared>,
    Query(query): Query<TokenQuery>,
) -> Result<Response, ApiError> {
    if linked_subscriber(&shared, "unsubscribe", &query.token)
        .await?
        .is_none()
    {
        return Ok(notice(
            StatusCode::BAD_REQUEST,
            "链接无效 / Invalid link",
            "",
        ));
    }
    let token = html_escape(&query.token);
    Ok(page(
        StatusCode::OK,
        "退订 / Unsubscribe",
        &format!(
            "<form method=\"post\" action=\"?token={token}\">\
             <button type=\"submit\">确认退订 / Unsubscribe</button></form>"
        ),
    ))
}

/// One-click unsubscribe (RFC 8058): any POST with a valid token unsubscribes.
pub async fn unsubscribe(
    State(shared): State<Shared>,
    Query(query): Query<TokenQuery>,
) -> Result<Response, ApiError> {
    let Some(subscriber) = linked_subscriber(&shared, "unsubscribe", &query.token).await? else {
        return Ok(notice(
            StatusCode::BAD_REQUEST,
            "链接无效 / Invalid link",
            "",
        ));
    };
    shared.app.store.unsubscribe(&subscriber.email).await?;
    Ok(notice(
        StatusCode::OK,
        "已退订 / Unsubscribed",
        "不会再收到新文章邮件。 / You will get no more emails.",
    ))
}

fn notice(status: StatusCode, title: &str, text: &str) -> Response {
    page(status, title, &format!("<p>{}</p>", html_escape(text)))
}

pub(super) fn page(status: StatusCode, title: &str, body_html: &str) -> Response {
    let title = html_escape(title);
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem\">\
         <h1>{title}</h1>{body_html}</body></html>"
    );
    (status, Html(html)).into_response()
}

/// Escapes text for HTML element content and double-quoted attributes.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
