//! Cloudflare Turnstile, when the operator configures it: the widget in the comment form
//! gives the browser a token, and the service asks the siteverify endpoint whether it is
//! genuine (posting `secret`, `response` and `remoteip`, as Cloudflare documents).

use std::time::Duration;

/// Cloudflare's endpoint; tests and proxies give another.
pub const SITEVERIFY_URL: &str = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/// The site's Turnstile keys and where tokens are checked.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TurnstileConfig {
    /// The secret key, sent to the siteverify endpoint only.
    pub secret: String,
    /// The site key, given to the browser for the widget.
    pub sitekey: String,
    /// Default [`SITEVERIFY_URL`].
    pub verify_url: String,
    /// How long one check may take before the comment is held instead; default 5 s.
    pub timeout: Duration,
}

impl TurnstileConfig {
    pub fn new(secret: &str, sitekey: &str) -> TurnstileConfig {
        TurnstileConfig {
            secret: secret.to_owned(),
            sitekey: sitekey.to_owned(),
            verify_url: SITEVERIFY_URL.to_owned(),
            timeout: Duration::from_secs(5),
        }
    }
}

/// What siteverify said of a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TurnstileVerdict {
    Passed,
    /// The token is missing, forged, expired or used; the error codes Cloudflare gave.
    Failed(String),
    /// No usable answer (unreachable, an error status, a body that is not its JSON), and why.
    Unknown(String),
}

/// Asks siteverify about `token` from a client at `remote_ip`.
pub async fn verify(config: &TurnstileConfig, token: &str, remote_ip: &str) -> TurnstileVerdict {
    if token.is_empty() || token.len() > 2048 {
        return TurnstileVerdict::Failed("missing-input-response".into());
    }
    let fields = vec![
        ("secret", config.secret.clone()),
        ("response", token.to_owned()),
        ("remoteip", remote_ip.to_owned()),
    ];
    let url = config.verify_url.clone();
    let timeout = config.timeout;
    tokio::task::spawn_blocking(move || ask(&url, timeout, &fields))
        .await
        .unwrap_or_else(|error| TurnstileVerdict::Unknown(error.to_string()))
}

#[derive(serde::Deserialize)]
struct Answer {
    success: bool,
    #[serde(default, rename = "error-codes")]
    error_codes: Vec<String>,
}

fn ask(url: &str, timeout: Duration, fields: &[(&'static str, String)]) -> TurnstileVerdict {
    let (status, body) = match crate::spam::post_form(url, timeout, fields, 16 * 1024) {
        Ok(answer) => (answer.status, answer.body),
        Err(why) => return TurnstileVerdict::Unknown(why),
    };
    match serde_json::from_str::<Answer>(&body) {
        Ok(answer) if status.is_success() && answer.success => TurnstileVerdict::Passed,
        Ok(answer) if status.is_success() => {
            TurnstileVerdict::Failed(answer.error_codes.join(", "))
        }
        _ => TurnstileVerdict::Unknown(format!("HTTP {status}, answer {:?}", body.trim())),
    }
}
