//! The pages the owner's mail links to: `GET /moderate/{approve|spam}?token=` shows the
//! comment and a button, and only the button's `POST` acts, once; a used link says what was
//! done and when, an expired one says so.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::ApiPath;
use super::public::{html_escape, page};
use super::{ApiError, Shared};
use crate::owner::{self, Action, Token};
use crate::store::{AdminComment, CommentStatus, LinkUse, now};

#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    token: String,
}

/// A page with the admin page's security headers: the token is in the address, so it must
/// not leave in a `Referer`.
fn secure(response: Response) -> Response {
    (super::admin::SECURITY_HEADERS, response).into_response()
}

fn notice(status: StatusCode, title: &str, text: &str) -> Response {
    secure(page(
        status,
        title,
        &format!("<p>{}</p>", html_escape(text)),
    ))
}

fn when(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .map(|at| at.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// The comment a link names, or the page to answer instead (unknown action, bad or expired
/// token, a link already used, a comment deleted since).
async fn linked(
    shared: &Shared,
    action: &str,
    token: &str,
) -> Result<Result<(Action, AdminComment), Response>, ApiError> {
    let Some(action) = Action::parse(action) else {
        return Ok(Err(notice(
            StatusCode::NOT_FOUND,
            "链接无效 / Invalid link",
            "",
        )));
    };
    let app = &shared.app;
    let id = match owner::check(&app.secrets.link_key, action, token, now()) {
        Token::Valid(id) => id,
        Token::Expired => {
            return Ok(Err(notice(
                StatusCode::GONE,
                "链接已过期 / This link has expired",
                &format!(
                    "请到管理页处理这条评论。 / Moderate the comment on the admin page: {}/admin",
                    app.config.public_url
                ),
            )));
        }
        Token::Invalid => {
            return Ok(Err(notice(
                StatusCode::BAD_REQUEST,
                "链接无效 / Invalid link",
                "",
            )));
        }
    };
    if let Some(used) = app.store.link_use(&owner::link_key(id)).await? {
        return Ok(Err(already(&used)));
    }
    match app.store.comment(id).await? {
        Some(comment) => Ok(Ok((action, comment))),
        None => Ok(Err(notice(
            StatusCode::NOT_FOUND,
            "评论已删除 / The comment was deleted",
            "",
        ))),
    }
}

fn already(used: &LinkUse) -> Response {
    let LinkUse::Already { action, used_at } = used else {
        return notice(StatusCode::OK, "已处理 / Done", "");
    };
    let (zh, en) = Action::done(action);
    notice(
        StatusCode::OK,
        "已经处理过了 / Already done",
        &format!(
            "这条评论在 {at} {zh}，链接只能用一次。 / The comment was {en} at {at}; the link works once.",
            at = when(*used_at)
        ),
    )
}

/// `GET`: what the comment says, and a button. Nothing changes on a GET.
pub async fn confirm(
    State(shared): State<Shared>,
    ApiPath(action): ApiPath<String>,
    Query(query): Query<LinkQuery>,
) -> Result<Response, ApiError> {
    answer(&shared, &action, &query.token, false).await
}

/// `POST`: acts once.
pub async fn act(
    State(shared): State<Shared>,
    ApiPath(action): ApiPath<String>,
    Query(query): Query<LinkQuery>,
) -> Result<Response, ApiError> {
    answer(&shared, &action, &query.token, true).await
}

async fn answer(
    shared: &Shared,
    action: &str,
    token: &str,
    acting: bool,
) -> Result<Response, ApiError> {
    let (action, comment) = match linked(shared, action, token).await? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    if acting {
        return act_once(shared, action, &comment).await;
    }
    let button = match action {
        Action::Approve => "通过这条评论 / Approve",
        Action::Spam => "标为垃圾评论 / Mark as spam",
    };
    let body = format!(
        "<p><strong>{author}</strong> · {page}</p><blockquote>{html}</blockquote>\
         <form method=\"post\" action=\"?token={token}\"><button type=\"submit\">{button}</button></form>",
        author = html_escape(&comment.author),
        page = html_escape(&comment.page),
        html = comment.html,
        token = html_escape(token),
    );
    Ok(secure(page(StatusCode::OK, button, &body)))
}

async fn act_once(
    shared: &Shared,
    action: Action,
    comment: &AdminComment,
) -> Result<Response, ApiError> {
    let app = &shared.app;
    let key = owner::link_key(comment.id);
    if let used @ LinkUse::Already { .. } = app.store.use_link(&key, action.as_str()).await? {
        return Ok(already(&used));
    }
    if let Err(error) = app
        .store
        .set_comment_status(comment.id, action.status())
        .await
    {
        // The link acted on nothing: it must work again.
        app.store.release_link(&key).await?;
        return Err(error.into());
    }
    if action == Action::Approve && comment.status != CommentStatus::Approved {
        app.notify_reply(comment.id).await;
    }
    let (zh, en) = Action::done(action.as_str());
    Ok(notice(
        StatusCode::OK,
        &format!("{zh} / {}", capitalized(en)),
        &format!(
            "{} 的评论{zh}。 / The comment by {} was {en}.",
            comment.author, comment.author
        ),
    ))
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
