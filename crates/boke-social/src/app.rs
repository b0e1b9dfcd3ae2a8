//! The running service's shared state and its rules for accepting what readers send:
//! validation, honeypot, block list, moderation policy, rendering, reply notifications.

use std::sync::Arc;

use tokio::sync::Mutex;
use tokio::task::JoinSet;

use crate::config::{ModerationPolicy, ServiceConfig};
use crate::keys;
use crate::mail::{self, Mailer};
use crate::render;
use crate::spam::{self, Submission, Verdict};
use crate::store::{CommentStatus, Commenter, NewComment, Secrets, Store, StoreError, now};
use crate::text::Text;

/// Everything a request handler needs; cheap to clone.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub config: Arc<ServiceConfig>,
    pub secrets: Secrets,
    pub mailer: Option<Mailer>,
    background: Arc<Mutex<JoinSet<()>>>,
    /// Tells the outbox sender that a notification was just queued.
    pub(crate) outbox_wake: Arc<tokio::sync::Notify>,
}

/// Why a submission was refused; the HTTP layer maps each to a status code.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    Invalid(Text),
    #[error("blocked")]
    Blocked,
    #[error("not found")]
    NotFound,
    #[error("email is not configured on this service")]
    NoMail,
    #[error("{0}")]
    TooMany(Text),
    #[error("{0}")]
    Challenge(Text),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a reader sent in the comment form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CommentInput {
    pub page: String,
    pub parent_id: Option<i64>,
    pub author: String,
    pub email: Option<String>,
    pub website: Option<String>,
    pub body: String,
    /// Honeypot: hidden from people, filled in by bots.
    pub homepage: Option<String>,
    /// The secret this browser was given with its first comment, proving it is the same
    /// commenter; a typed email address proves nothing.
    pub commenter: Option<String>,
    /// The answer to the proof-of-work challenge ([`crate::guard`]).
    pub pow: Option<crate::guard::PowAnswer>,
    /// The Cloudflare Turnstile widget's token, when Turnstile is configured.
    pub turnstile: Option<String>,
}

/// Who sent a request, as far as the service may know.
#[derive(Debug, Clone)]
pub struct Client {
    pub ip: String,
    pub user_agent: String,
}

/// The outcome of a comment submission.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    /// `None` when the honeypot caught a bot (it is told "pending" and nothing is stored).
    pub id: Option<i64>,
    pub status: CommentStatus,
    /// The commenter's secret for the browser to keep: the one it sent, or a new one.
    pub commenter: Option<String>,
}

/// How long a confirmation link works, and how often one address may be sent one.
const CONFIRM_LINK_SECONDS: i64 = 7 * 24 * 3600;
const CONFIRM_MAIL_PERIOD_SECONDS: i64 = 24 * 3600;
/// Unsubscribe links keep working long after the mail (laws ask for at least 30 days).
pub const UNSUBSCRIBE_LINK_SECONDS: i64 = 2 * 365 * 24 * 3600;

impl App {
    /// Builds the state, loading (or creating) the shared secrets.
    pub async fn new(
        store: Store,
        config: ServiceConfig,
        mailer: Option<Mailer>,
    ) -> Result<App, StoreError> {
        let secrets = store.secrets().await?;
        Ok(App {
            store,
            config: Arc::new(config),
            secrets,
            mailer,
            background: Arc::new(Mutex::new(JoinSet::new())),
            outbox_wake: Arc::new(tokio::sync::Notify::new()),
        })
    }

    /// The salted hash standing in for this client on this service.
    pub fn visitor(&self, client: &Client) -> String {
        keys::visitor_hash(&self.secrets.visitor_salt, &client.ip, &client.user_agent)
    }

    /// The salted hash of the client address alone.
    pub fn ip_hash(&self, ip: &str) -> String {
        keys::ip_hash(&self.secrets.visitor_salt, ip)
    }

    /// Validates, moderates and stores a comment.
    pub async fn submit_comment(
        &self,
        input: CommentInput,
        client: &Client,
    ) -> Result<Accepted, Refusal> {
        if input
            .homepage
            .as_deref()
            .is_some_and(|v| !v.trim().is_empty())
        {
            return Ok(Accepted {
                id: None,
                status: CommentStatus::Pending,
                commenter: None,
            });
        }
        let page = valid_page(&input.page)?;
        let body = input.body.trim();
        if body.is_empty() {
            return Err(invalid("评论是空的", "the comment is empty"));
        }
        if body.contains('\0') {
            return Err(invalid(
                "评论里有空字符（NUL），请删掉后再发",
                "the comment contains a NUL character; remove it and send again",
            ));
        }
        if body.chars().count() > self.config.max_comment_chars {
            let most = self.config.max_comment_chars;
            return Err(invalid(
                format!("评论超过了 {most} 个字"),
                format!("the comment is longer than {most} characters"),
            ));
        }
        let author = input.author.trim();
        if author.chars().any(char::is_control) {
            return Err(invalid(
                "名字里不能有控制字符（换行、制表符、NUL 等）",
                "the name must not contain control characters (line breaks, tabs, NUL …)",
            ));
        }
        if author.chars().count() > 60 {
            return Err(invalid(
                "名字最多 60 个字",
                "the name is longer than 60 characters",
            ));
        }
        let author = if author.is_empty() { "匿名" } else { author };
        let email = match input.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(email) => Some(valid_email(email)?),
        };
        let website = match input.website.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(url) => Some(render::safe_website(url).ok_or_else(|| {
                invalid(
                    "网址必须是 http:// 或 https:// 开头的完整地址",
                    "the website must be a full http:// or https:// URL",
                )
            })?),
        };
        let ip_hash = self.ip_hash(&client.ip);
        if self
            .store
            .is_blocked(Some(&ip_hash), email.as_deref())
            .await?
        {
            return Err(Refusal::Blocked);
        }
        if let Some(parent) = input.parent_id {
            let parent = self.store.comment(parent).await?.ok_or(Refusal::NotFound)?;
            if parent.page != page || parent.status != CommentStatus::Approved {
                return Err(invalid(
                    "回复的评论不在这个页面上",
                    "the comment replied to is not on this page",
                ));
            }
        }
        let (known, commenter_token) = self.commenter(input.commenter.as_deref()).await?;
        let trusted = known.as_ref().is_some_and(|commenter| commenter.trusted);
        let draft = crate::guard::Draft {
            page: &page,
            author,
            email: email.as_deref(),
            website: website.as_deref(),
            body,
            pow: input.pow.as_ref(),
            turnstile: input.turnstile.as_deref(),
        };
        let screening = self.screen(&draft, client, trusted).await?;
        let status = match self.config.moderation {
            ModerationPolicy::None => CommentStatus::Approved,
            ModerationPolicy::All => CommentStatus::Pending,
            ModerationPolicy::FirstTime if trusted => CommentStatus::Approved,
            ModerationPolicy::FirstTime
                if screening.challenged && self.config.guard.approve_challenged =>
            {
                CommentStatus::Approved
            }
            ModerationPolicy::FirstTime => CommentStatus::Pending,
        };
        let status = if screening.listed {
            // Listed words settle it; the spam service is not asked.
            CommentStatus::Spam
        } else {
            match self
                .spam_verdict(
                    &page,
                    &input,
                    author,
                    email.as_deref(),
                    website.as_deref(),
                    client,
                )
                .await
            {
                Some(Verdict::Spam) => CommentStatus::Spam,
                Some(Verdict::NotSpam) | None => status,
                Some(Verdict::Unknown(why)) => {
                    // Never lose the comment and never publish it unchecked: a moderator decides.
                    eprintln!(
                        "boke social: spam check failed ({why}); the comment waits for a moderator"
                    );
                    CommentStatus::Pending
                }
            }
        };
        let status = match &screening.unchecked {
            Some(why) if status == CommentStatus::Approved => {
                eprintln!("boke social: Turnstile could not be asked ({why}); the comment waits");
                CommentStatus::Pending
            }
            _ => status,
        };
        let agent = crate::agent::describe(&client.user_agent);
        let comment = NewComment {
            page,
            parent_id: input.parent_id,
            author: author.to_owned(),
            email,
            website,
            body: body.to_owned(),
            html: render::comment_html(body),
            ip_hash: Some(ip_hash),
            created_at: now(),
            source: None,
            commenter_id: known.as_ref().map(|commenter| commenter.id),
            browser: agent.browser,
            os: agent.os,
            region: self
                .config
                .regions
                .as_ref()
                .and_then(|regions| regions.region(&client.ip)),
        };
        // The owner hears of what readers see or what waits for them, not of spam.
        let webhooks: Vec<(&str, &str)> = if status == CommentStatus::Spam {
            Vec::new()
        } else {
            self.config
                .webhooks
                .iter()
                .map(|hook| (hook.channel.as_str(), hook.url.as_str()))
                .chain(
                    self.config
                        .owner_emails
                        .iter()
                        .map(|to| (crate::owner::CHANNEL, to.as_str())),
                )
                .collect()
        };
        let id = self
            .store
            .insert_comment_notifying(
                &comment,
                status,
                &webhooks,
                known
                    .is_none()
                    .then(|| keys::sha256_hex(&commenter_token))
                    .as_deref(),
            )
            .await?;
        if !webhooks.is_empty() {
            self.outbox_wake.notify_one();
        }
        if let (Some(id), CommentStatus::Approved) = (id, status) {
            self.notify_reply(id).await;
        }
        Ok(Accepted {
            id,
            status,
            commenter: Some(commenter_token),
        })
    }

    /// The commenter a browser's secret names, or `None` and a new secret (for a first
    /// comment, or a secret this service does not know).
    async fn commenter(&self, token: Option<&str>) -> Result<(Option<Commenter>, String), Refusal> {
        if let Some(token) = token.map(str::trim).filter(|token| keys::is_token(token))
            && let Some(known) = self.store.commenter(&keys::sha256_hex(token)).await?
        {
            return Ok((Some(known), token.to_owned()));
        }
        // Recorded with the comment, in its transaction.
        let token = keys::random_hex(32).map_err(|error| StoreError::Random(error.to_string()))?;
        Ok((None, token))
    }

    /// Asks the configured spam check about a comment that passed every other rule; `None`
    /// when no check is configured.
    async fn spam_verdict(
        &self,
        page: &str,
        input: &CommentInput,
        author: &str,
        email: Option<&str>,
        website: Option<&str>,
        client: &Client,
    ) -> Option<Verdict> {
        let check = self.config.spam_check.as_ref()?;
        let blog = self
            .config
            .site_origins
            .first()
            .cloned()
            .unwrap_or_default();
        let submission = Submission {
            permalink: format!("{blog}{page}"),
            blog,
            user_ip: client.ip.clone(),
            user_agent: client.user_agent.clone(),
            is_reply: input.parent_id.is_some(),
            author: author.to_owned(),
            email: email.map(str::to_owned),
            website: website.map(str::to_owned),
            body: input.body.trim().to_owned(),
        };
        Some(spam::check(check, &submission).await)
    }

    /// Sends, in the background, the reply notification for comment `id` when it answers
    /// someone who left an email. Called when a reply becomes visible.
    pub async fn notify_reply(&self, id: i64) {
        let Some(mailer) = self.mailer.clone() else {
            return;
        };
        let Ok(Some(reply)) = self.store.comment(id).await else {
            return;
        };
        let Some(parent_id) = reply.parent_id else {
            return;
        };
        let Ok(Some(parent)) = self.store.comment(parent_id).await else {
            return;
        };
        let Some(to) = parent.email.clone() else {
            return;
        };
        if reply.email.as_deref() == Some(to.as_str())
            || self.store.is_suppressed(&to).await.unwrap_or(true)
        {
            return;
        }
        let origin = self
            .config
            .site_origins
            .first()
            .cloned()
            .unwrap_or_default();
        let link = format!("{origin}{}#comment-{}", reply.page, reply.id);
        let letter = mail::reply(
            &to,
            &self.config.site_title,
            &reply.author,
            &reply.body,
            &link,
        );
        self.background.lock().await.spawn(async move {
            if let Err(error) = mailer.send(&letter).await {
                eprintln!("boke-social: reply notification to comment {parent_id} failed: {error}");
            }
        });
    }

    /// Records a subscription request and mails the confirmation link.
    pub async fn subscribe(&self, email: &str, lang: &str) -> Result<(), Refusal> {
        let Some(mailer) = self.mailer.clone() else {
            return Err(Refusal::NoMail);
        };
        let email = valid_email(email.trim())?;
        let lang = if lang.to_ascii_lowercase().starts_with("zh") {
            "zh-CN"
        } else {
            "en"
        };
        // The same answer as for anyone else: a bounced or complaining address is not told apart.
        if self.store.is_suppressed(&email).await? {
            return Ok(());
        }
        let subscriber = self.store.add_subscriber(&email, lang).await?;
        if subscriber.status != crate::store::SubscriberStatus::Pending
            || !self
                .store
                .take_confirmation_turn(&email, CONFIRM_MAIL_PERIOD_SECONDS)
                .await?
        {
            return Ok(());
        }
        let token = keys::sign_link(
            &self.secrets.link_key,
            "confirm",
            subscriber.id,
            now() + CONFIRM_LINK_SECONDS,
        );
        let url = format!(
            "{}/api/subscribe/confirm?token={token}",
            self.config.public_url
        );
        let letter = mail::confirmation(&email, lang, &self.config.site_title, &url);
        self.background.lock().await.spawn(async move {
            if let Err(error) = mailer.send(&letter).await {
                eprintln!("boke-social: confirmation mail failed: {error}");
            }
        });
        Ok(())
    }

    /// Waits for background mail to finish (on shutdown, and in tests).
    pub async fn drain_background(&self) {
        let mut tasks = std::mem::take(&mut *self.background.lock().await);
        while tasks.join_next().await.is_some() {}
    }
}

fn invalid(zh: impl Into<String>, en: impl Into<String>) -> Refusal {
    Refusal::Invalid(Text::new(zh, en))
}

/// A page key (see [`crate::page`]): a site path beginning with `/`, at most 300 characters,
/// no controls.
pub fn valid_page(page: &str) -> Result<String, Refusal> {
    let page = page.trim();
    if !page.starts_with('/') || page.len() > 300 || page.chars().any(char::is_control) {
        return Err(invalid(
            "`page` 必须是站内路径，例如 /posts/slug/",
            "`page` must be a site path such as /posts/slug/",
        ));
    }
    Ok(crate::page::page_key(page))
}

/// A lower-cased email address that a mailer can deliver to: a plain dot-atom local part
/// (no quoted strings, no empty or doubled dots) at a public host name (no address
/// literals such as `[127.0.0.1]`, no single-label hosts such as `localhost`).
pub fn valid_email(email: &str) -> Result<String, Refusal> {
    let email = email.to_lowercase();
    let refused = || {
        invalid(
            "邮箱地址无效，请检查后再填",
            "the email address is not valid; check it and try again",
        )
    };
    if email.len() > 254 || email.parse::<lettre::Address>().is_err() {
        return Err(refused());
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Err(refused());
    };
    let atom_char = |c: char| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(atom_char));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()));
    if !local_ok || !domain_ok {
        return Err(refused());
    }
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::valid_email;

    #[test]
    fn only_deliverable_addresses_pass() {
        for good in [
            "reader@example.com",
            "A.B+tag@mail.example.cn",
            "读者@例子.中国",
        ] {
            assert!(valid_email(good).is_ok(), "{good}");
        }
        for bad in [
            r#""a b"@example.com"#,
            "user@[127.0.0.1]",
            "user@localhost",
            "user@-example.com",
            "a..b@example.com",
            ".a@example.com",
            "a@example.com.",
            "user@10.0.0.1",
            "a\0@example.com",
        ] {
            assert!(valid_email(bad).is_err(), "{bad}");
        }
    }
}
