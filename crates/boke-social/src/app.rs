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
use crate::store::{CommentStatus, NewComment, Secrets, Store, StoreError, now};

/// Everything a request handler needs; cheap to clone.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub config: Arc<ServiceConfig>,
    pub secrets: Secrets,
    pub mailer: Option<Mailer>,
    background: Arc<Mutex<JoinSet<()>>>,
}

/// Why a submission was refused; the HTTP layer maps each to a status code.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    Invalid(String),
    #[error("blocked")]
    Blocked,
    #[error("not found")]
    NotFound,
    #[error("email is not configured on this service")]
    NoMail,
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
}

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
            });
        }
        let page = valid_page(&input.page)?;
        let body = input.body.trim();
        if body.is_empty() {
            return Err(Refusal::Invalid("the comment is empty".into()));
        }
        if body.chars().count() > self.config.max_comment_chars {
            return Err(Refusal::Invalid(format!(
                "the comment is longer than {} characters",
                self.config.max_comment_chars
            )));
        }
        let author = input.author.trim();
        if author.chars().count() > 60 || author.chars().any(char::is_control) {
            return Err(Refusal::Invalid("the name is too long".into()));
        }
        let author = if author.is_empty() { "匿名" } else { author };
        let email = match input.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(email) => Some(valid_email(email)?),
        };
        let website = match input.website.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(url) => Some(
                render::safe_website(url)
                    .ok_or_else(|| Refusal::Invalid("the website must be an http(s) URL".into()))?,
            ),
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
                return Err(Refusal::Invalid(
                    "the replied-to comment is not on this page".into(),
                ));
            }
        }
        let status = match self.config.moderation {
            ModerationPolicy::None => CommentStatus::Approved,
            ModerationPolicy::All => CommentStatus::Pending,
            ModerationPolicy::FirstTime => match &email {
                Some(email) if self.store.has_approved_comment(email).await? => {
                    CommentStatus::Approved
                }
                _ => CommentStatus::Pending,
            },
        };
        let status = match self
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
        };
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
        };
        let id = self.store.insert_comment(&comment, status).await?;
        if let (Some(id), CommentStatus::Approved) = (id, status) {
            self.notify_reply(id).await;
        }
        Ok(Accepted { id, status })
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
        if reply.email.as_deref() == Some(to.as_str()) {
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
        let subscriber = self.store.add_subscriber(&email, lang).await?;
        if subscriber.status != crate::store::SubscriberStatus::Pending {
            return Ok(());
        }
        let token = keys::sign(&self.secrets.link_key, "confirm", &email);
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

/// A page key: a site path beginning with `/`, at most 300 characters, no controls.
pub fn valid_page(page: &str) -> Result<String, Refusal> {
    let page = page.trim();
    if !page.starts_with('/') || page.len() > 300 || page.chars().any(char::is_control) {
        return Err(Refusal::Invalid(
            "`page` must be a site path such as /posts/slug/".into(),
        ));
    }
    Ok(page.to_owned())
}

/// A plausible, lower-cased email address.
pub fn valid_email(email: &str) -> Result<String, Refusal> {
    let email = email.to_lowercase();
    if email.len() > 254 || email.parse::<lettre::Address>().is_err() {
        return Err(Refusal::Invalid("the email address is not valid".into()));
    }
    Ok(email)
}
