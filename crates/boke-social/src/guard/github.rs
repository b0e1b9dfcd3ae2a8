//! Signing in with GitHub, when the operator registers an OAuth app: the form links to
//! `/api/auth/github?page=…`, which sends the reader to GitHub; GitHub sends them back to
//! `/api/auth/github/callback` with a code, which the service exchanges for a token and reads
//! the account's id with. The reader becomes a trusted commenter (their comments need no
//! moderator) and their browser gets the commenter secret in the URL fragment of the page they
//! came from, where `social.js` keeps it. Only the account id is stored.

use std::time::Duration;

use crate::keys;

/// The OAuth app and GitHub's endpoints (tests point them at a server on loopback).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GithubConfig {
    pub client_id: String,
    pub client_secret: String,
    /// Default `https://github.com/login/oauth/authorize`.
    pub authorize_url: String,
    /// Default `https://github.com/login/oauth/access_token`.
    pub token_url: String,
    /// Default `https://api.github.com`.
    pub api_url: String,
}

impl GithubConfig {
    pub fn new(client_id: &str, client_secret: &str) -> GithubConfig {
        GithubConfig {
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            authorize_url: "https://github.com/login/oauth/authorize".to_owned(),
            token_url: "https://github.com/login/oauth/access_token".to_owned(),
            api_url: "https://api.github.com".to_owned(),
        }
    }
}

/// How long a reader may take at GitHub before the state is refused.
const STATE_SECONDS: i64 = 600;

/// The `state` that carries the page back, signed and expiring: `hex(expiry|page).mac`.
pub fn state(key: &str, page: &str, now: i64) -> String {
    keys::sign(
        key,
        "github-state",
        &format!("{}|{page}", now + STATE_SECONDS),
    )
}

/// The page a `state` made by [`state`] names, while it has not expired.
pub fn page_of_state(key: &str, state: &str, now: i64) -> Option<String> {
    let subject = keys::verify(key, "github-state", state)?;
    let (expires, page) = subject.split_once('|')?;
    (expires.parse::<i64>().ok()? >= now).then(|| page.to_owned())
}

/// Where the reader is sent to sign in.
pub fn authorize_location(config: &GithubConfig, callback: &str, state: &str) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("client_id", &config.client_id)
        .append_pair("redirect_uri", callback)
        .append_pair("state", state)
        .append_pair("allow_signup", "false")
        .finish();
    format!("{}?{query}", config.authorize_url)
}

/// Exchanges `code` for a token and returns the GitHub account id it belongs to.
pub async fn account(config: &GithubConfig, code: &str, callback: &str) -> Result<i64, String> {
    let config = config.clone();
    let (code, callback) = (code.to_owned(), callback.to_owned());
    tokio::task::spawn_blocking(move || account_blocking(&config, &code, &callback))
        .await
        .unwrap_or_else(|error| Err(error.to_string()))
}

fn account_blocking(config: &GithubConfig, code: &str, callback: &str) -> Result<i64, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let token: serde_json::Value = agent
        .post(&config.token_url)
        .header("Accept", "application/json")
        .send_form([
            ("client_id", config.client_id.as_str()),
            ("client_secret", config.client_secret.as_str()),
            ("code", code),
            ("redirect_uri", callback),
        ])
        .and_then(|mut response| response.body_mut().read_to_string())
        .map_err(|error| format!("token exchange: {error}"))
        .and_then(|body| json(&body))?;
    let token = token["access_token"]
        .as_str()
        .ok_or_else(|| format!("token exchange answered {token}"))?;
    let user: serde_json::Value = agent
        .get(&format!("{}/user", config.api_url.trim_end_matches('/')))
        .header("Accept", "application/vnd.github+json")
        .header("Authorization", &format!("Bearer {token}"))
        .header("User-Agent", "boke-social")
        .call()
        .and_then(|mut response| response.body_mut().read_to_string())
        .map_err(|error| format!("user lookup: {error}"))
        .and_then(|body| json(&body))?;
    user["id"]
        .as_i64()
        .ok_or_else(|| format!("the user lookup has no id: {user}"))
}

fn json(body: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(body).map_err(|error| format!("not JSON ({error}): {body:.200}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_carry_their_page_until_they_expire() {
        let state = state("key", "/posts/你好/", 1_000);
        assert_eq!(
            page_of_state("key", &state, 1_500).as_deref(),
            Some("/posts/你好/")
        );
        assert_eq!(page_of_state("key", &state, 1_601), None, "expired");
        assert_eq!(page_of_state("other", &state, 1_000), None, "another key");
    }
}
