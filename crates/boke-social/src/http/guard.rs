//! `GET /api/challenge`: what the comment form must do before sending — solve a proof of
//! work, show a Turnstile widget, both or neither, and where to sign in ([`crate::guard`]);
//! and the GitHub sign-in's two steps ([`crate::guard::github`]).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::extract::ApiQuery;
use super::{ApiError, Shared};
use crate::app::valid_page;
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
    let sign_in = app.config.guard.github.as_ref().map(
        |_| serde_json::json!({ "github": format!("{}/api/auth/github", app.config.public_url) }),
    );
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
    let secret = keys::random_hex(32)
        .map_err(|error| crate::store::StoreError::Random(error.to_string()))?;
    app.store
        .add_signed_in_commenter(&keys::sha256_hex(&secret), account)
        .await?;
    let origin = app.config.site_origins.first().cloned().unwrap_or_default();
    Ok(Redirect::to(&format!("{origin}{page}#boke-commenter={secret}")).into_response())
}
