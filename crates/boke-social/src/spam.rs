//! The optional Akismet-compatible spam check: each new comment is described to a
//! `comment-check` endpoint in Akismet's form fields, which answers `true` (spam) or `false`.
//! Anything else — an error status, another body, no answer in time — is "unknown", and the
//! caller holds the comment for a moderator instead of losing it.

use std::time::Duration;

/// Where and how to ask. Off unless set in [`crate::config::ServiceConfig::spam_check`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SpamCheckConfig {
    /// The comment-check URL, e.g. `https://rest.akismet.com/1.1/comment-check`.
    pub url: String,
    /// The API key, sent as the `api_key` field.
    pub key: String,
    /// How long one check may take before the comment is held instead; default 3 s.
    pub timeout: Duration,
}

impl SpamCheckConfig {
    pub fn new(url: &str, key: &str) -> SpamCheckConfig {
        SpamCheckConfig {
            url: url.to_owned(),
            key: key.to_owned(),
            timeout: Duration::from_secs(3),
        }
    }
}

/// What the endpoint said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Spam,
    NotSpam,
    /// No usable answer, and why.
    Unknown(String),
}

/// A new comment as the check sees it. The client address is sent (spam services rely on it)
/// but, as everywhere in the service, never stored.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The blog's origin, e.g. `https://blog.example.com`.
    pub blog: String,
    /// The post's full URL.
    pub permalink: String,
    pub user_ip: String,
    pub user_agent: String,
    pub is_reply: bool,
    pub author: String,
    pub email: Option<String>,
    pub website: Option<String>,
    pub body: String,
}

impl Submission {
    /// The form fields of Akismet's comment-check call.
    fn fields(&self, key: &str) -> Vec<(&'static str, String)> {
        let mut fields = vec![
            ("api_key", key.to_owned()),
            ("blog", self.blog.clone()),
            ("permalink", self.permalink.clone()),
            ("user_ip", self.user_ip.clone()),
            ("user_agent", self.user_agent.clone()),
            (
                "comment_type",
                if self.is_reply { "reply" } else { "comment" }.to_owned(),
            ),
            ("comment_author", self.author.clone()),
            ("comment_content", self.body.clone()),
            ("blog_charset", "UTF-8".to_owned()),
        ];
        if let Some(email) = &self.email {
            fields.push(("comment_author_email", email.clone()));
        }
        if let Some(website) = &self.website {
            fields.push(("comment_author_url", website.clone()));
        }
        fields
    }
}

/// Asks the endpoint about one comment; never fails, never waits past the timeout by much.
pub async fn check(config: &SpamCheckConfig, submission: &Submission) -> Verdict {
    let fields = submission.fields(&config.key);
    let url = config.url.clone();
    let timeout = config.timeout;
    // ureq is a blocking client: run it off the async workers.
    tokio::task::spawn_blocking(move || ask(&url, timeout, &fields))
        .await
        .unwrap_or_else(|error| Verdict::Unknown(error.to_string()))
}

/// An answer to [`post_form`]: its status, headers and (the start of) its body.
pub(crate) struct FormAnswer {
    pub status: ureq::http::StatusCode,
    pub headers: ureq::http::HeaderMap,
    pub body: String,
}

/// Posts `fields` as a form to `url` and reads up to `limit` bytes of the answer (blocking:
/// call it from `spawn_blocking`); `Err` when no answer came.
pub(crate) fn post_form(
    url: &str,
    timeout: Duration,
    fields: &[(&'static str, String)],
    limit: u64,
) -> Result<FormAnswer, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .post(url)
        .send_form(fields.iter().map(|(name, value)| (*name, value.as_str())))
        .map_err(|error| error.to_string())?;
    let body = response
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_string()
        .unwrap_or_default();
    Ok(FormAnswer {
        status: response.status(),
        headers: response.headers().clone(),
        body,
    })
}

fn ask(url: &str, timeout: Duration, fields: &[(&'static str, String)]) -> Verdict {
    let answer = match post_form(url, timeout, fields, 1024) {
        Ok(answer) => answer,
        Err(why) => return Verdict::Unknown(why),
    };
    let (status, body) = (answer.status, answer.body);
    // Akismet explains a refused call (a bad key, a missing field) in this header.
    let help = answer
        .headers
        .get("X-akismet-debug-help")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    match (status.is_success(), body.trim()) {
        (true, "true") => Verdict::Spam,
        (true, "false") => Verdict::NotSpam,
        (_, other) => Verdict::Unknown(format!(
            "HTTP {status}, answer {other:?}{}",
            help.map(|help| format!(" ({help})")).unwrap_or_default()
        )),
    }
}
