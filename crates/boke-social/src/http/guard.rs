//! `GET /api/challenge`: what the comment form must do before sending — solve a proof of
//! work, show a Turnstile widget, both or neither ([`crate::guard`]).

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::{ApiError, Shared};

pub async fn challenge(State(shared): State<Shared>) -> Result<Response, ApiError> {
    let app = &shared.app;
    let pow = app.challenge()?;
    let turnstile = app
        .config
        .guard
        .turnstile
        .as_ref()
        .map(|turnstile| serde_json::json!({ "sitekey": turnstile.sitekey }));
    Ok((
        // Each form gets its own challenge: never from a cache.
        [(header::CACHE_CONTROL, "no-store")],
        Json(serde_json::json!({ "pow": pow, "turnstile": turnstile })),
    )
        .into_response())
}
