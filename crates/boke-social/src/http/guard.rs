//! `GET /api/challenge`: what the comment form must do before sending — solve a proof of
//! work, show a Turnstile widget, both or neither, and where to sign in ([`crate::guard`]);
//! and the two ways to sign in: GitHub ([`crate::guard::github`]) and the email magic link
//! ([`crate::guard::email`]).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::extract::{ApiJson, ApiQuery};
use super::{ApiError, Shared};
use crate::app::{valid_email, valid_page};
use crate::guard::email;
use crate::guard::github::{self, GithubConfig};
use crate::keys;
use crate::store::now;

pub async fn challenge(State(shared): State<Shared>) -> Result<Response, ApiError> {
    let app = &shared.app;
    let pow = app.challenge()?;
    let turnstile = app
        .config
        .guard
        .turnstile
        .as_ref()
        .map(|turnstile| serde_json::json!({ "sitekey": turnstile.sitekey }));
    let github = app
        .config
        .guard
        .github
        .as_ref()
        .map(|_| format!("{}/api/auth/github", app.config.public_url));
    let email = app.mailer.is_some();
    let sign_in = (github.is_some() || email)
        .then(|| serde_json::json!({ "github": github, "email": email }));
    Ok((
        // Each form gets its own challenge: never from a cache.
        [(header::CACHE_CONTROL, "no-store")],
        Json(serde_json::json!({ "pow": pow, "turnstile": turnstile, "sign_in": sign_in })),
    )
        .into_response())
}

#[derive(serde::Deserialize)]
pub struct StartQuery {
    #[serde(default)]
    page: String,
}

fn github(shared: &Shared) -> Result<&GithubConfig, ApiError> {
    shared.app.config.guard.github.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "这个服务没有开启 GitHub 登录",
            "signing in with GitHub is not turned on for this service",
        )
    })
}

fn callback_url(shared: &Shared) -> String {
    format!("{}/api/auth/github/callback", shared.app.config.public_url)
}

/// `GET /api/auth/github?page=/posts/x/`: off to GitHub, with the page kept in `state`.
pub async fn github_start(
    State(shared): State<Shared>,
    ApiQuery(query): ApiQuery<StartQuery>,
) -> Result<Response, ApiError> {
    let config = github(&shared)?;
    let page = valid_page(&query.page)?;
    let state = github::state(&shared.app.secrets.link_key, &page, now());
    let location = github::authorize_location(config, &callback_url(&shared), &state);
    Ok(Redirect::to(&location).into_response())
}

#[derive(serde::Deserialize)]
pub struct CallbackQuery {
    #[serde(default)]
    code: String,
    #[serde(default)]
    state: String,
}

/// `GET /api/auth/github/callback?code=&state=`: a trusted commenter, and back to the page
/// with the commenter's secret in the fragment (which no server and no `Referer` sees).
pub async fn github_callback(
    State(shared): State<Shared>,
    ApiQuery(query): ApiQuery<CallbackQuery>,
) -> Result<Response, ApiError> {
    let config = github(&shared)?;
    let app = &shared.app;
    let Some(page) = github::page_of_state(&app.secrets.link_key, &query.state, now()) else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "登录链接无效或已过期，请回到文章页重新登录",
            "the sign-in link is invalid or expired; go back to the post and sign in again",
        ));
    };
    let account = github::account(config, &query.code, &callback_url(&shared))
        .await
        .map_err(|why| {
            eprintln!("boke social: GitHub sign-in failed: {why}");
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "GitHub 登录没有成功，请稍后再试",
                "signing in with GitHub did not work; try again later",
            )
        })?;
    signed_in(&shared, &page, Some(account)).await
}

/// Records a trusted commenter (with their GitHub id, if that is how they proved who they
/// are) and sends the browser back to `page` with the commenter's secret in the fragment.
async fn signed_in(
    shared: &Shared,
    page: &str,
    github_id: Option<i64>,
) -> Result<Response, ApiError> {
    let app = &shared.app;
    let secret = keys::random_hex(32)
        .map_err(|error| crate::store::StoreError::Random(error.to_string()))?;
    app.store
        .add_signed_in_commenter(&keys::sha256_hex(&secret), github_id)
        .await?;
    let origin = app.config.site_origins.first().cloned().unwrap_or_default();
    Ok(Redirect::to(&format!("{origin}{page}#boke-commenter={secret}")).into_response())
}

#[derive(serde::Deserialize)]
pub struct EmailInput {
    email: String,
    page: String,
    #[serde(default)]
    lang: String,
}

/// `POST /api/auth/email {email, page, lang}`: mails a sign-in link (202 whatever the
/// address, as subscribing does; at most one mail per address every 10 minutes).
pub async fn email_start(
    State(shared): State<Shared>,
    ApiJson(input): ApiJson<EmailInput>,
) -> Result<Response, ApiError> {
    let app = &shared.app;
    let Some(mailer) = app.mailer.clone() else {
        return Err(crate::app::Refusal::NoMail.into());
    };
    let email = valid_email(input.email.trim())?;
    let page = valid_page(&input.page)?;
    let turn = format!("email-sign-in:{}", keys::sha256_hex(&email));
    let last: i64 = app
        .store
        .setting(&turn)
        .await?
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    if now() - last >= 600 {
        app.store.set_setting(&turn, &now().to_string()).await?;
        let token = email::token(&app.secrets.link_key, &page, now())
            .map_err(|error| crate::store::StoreError::Random(error.to_string()))?;
        let url = format!(
            "{}/api/auth/email/verify?page={}&token={token}",
            app.config.public_url,
            form_urlencoded::byte_serialize(page.as_bytes()).collect::<String>()
        );
        let letter = email::letter(&email, &input.lang, &app.config.site_title, &url);
        if let Err(error) = mailer.send(&letter).await {
            eprintln!("boke social: sign-in mail failed: {error}");
        }
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(serde_json::json!({ "status": "sent" })),
    )
        .into_response())
}

#[derive(serde::Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    page: String,
    #[serde(default)]
    token: String,
}

fn expired_link() -> Response {
    super::public::page(
        StatusCode::BAD_REQUEST,
        "链接无效或已用过 / Invalid or used link",
        "<p>请回到文章页重新获取登录链接。 / Go back to the post and ask for a new link.</p>",
    )
}

/// The page the link opens: a button, since mail scanners follow links with GET.
pub async fn email_page(
    State(shared): State<Shared>,
    ApiQuery(query): ApiQuery<LinkQuery>,
) -> Response {
    if email::check(
        &shared.app.secrets.link_key,
        &query.page,
        &query.token,
        now(),
    )
    .is_none()
    {
        return expired_link();
    }
    let action = format!(
        "?page={}&token={}",
        form_urlencoded::byte_serialize(query.page.as_bytes()).collect::<String>(),
        super::public::html_escape(&query.token)
    );
    super::public::page(
        StatusCode::OK,
        "登录评论 / Sign in to comment",
        &format!(
            "<form method=\"post\" action=\"{action}\">\
             <button type=\"submit\">登录并回到文章 / Sign in and go back</button></form>"
        ),
    )
}

/// The button: spends the link, records a trusted commenter, back to the page.
pub async fn email_verify(
    State(shared): State<Shared>,
    ApiQuery(query): ApiQuery<LinkQuery>,
) -> Result<Response, ApiError> {
    let app = &shared.app;
    let time = now();
    let Some((id, expires)) = email::check(&app.secrets.link_key, &query.page, &query.token, time)
    else {
        return Ok(expired_link());
    };
    if !app.store.spend_challenge(id, expires, time).await? {
        return Ok(expired_link());
    }
    signed_in(&shared, &query.page, None).await
}
