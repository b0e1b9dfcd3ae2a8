//! How one service instance behaves: allowed site origins, its public address, moderation
//! policy, limits. Filled from the command line; [`ServiceConfig::for_site`] gives defaults.

/// Which new comments wait for a moderator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModerationPolicy {
    /// Every new comment waits.
    All,
    /// A commenter's comments wait until a moderator approves one; after that, comments sent
    /// with the same browser secret (`commenter`) are published at once.
    FirstTime,
    /// Every comment is published at once (blocks and spam checks still apply).
    None,
}

/// A token bucket's shape: `burst` requests at once, refilled at `per_minute`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub burst: u32,
    pub per_minute: u32,
}

/// Settings of one service instance.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServiceConfig {
    /// Origins allowed by CORS, e.g. `https://blog.example.com`. No other origin may call the API
    /// from a browser.
    pub site_origins: Vec<String>,
    /// The service's own public base URL, used in links inside emails.
    pub public_url: String,
    /// The blog's name, used in emails.
    pub site_title: String,
    /// Default [`ModerationPolicy::FirstTime`].
    pub moderation: ModerationPolicy,
    /// Longest comment in characters; default 5,000.
    pub max_comment_chars: usize,
    /// Largest request body in bytes; default 64 KiB.
    pub max_body_bytes: usize,
    /// Read the client address from `X-Forwarded-For` (only behind a reverse proxy you run).
    pub trust_proxy: bool,
    /// New comments and subscriptions per client address; default burst 5, 10 a minute.
    pub write_rate: RateLimit,
    /// All other requests per client address; default burst 120, 600 a minute.
    pub read_rate: RateLimit,
    /// Log one line per request on stderr; default true.
    pub log_requests: bool,
    /// An Akismet-compatible check of each new comment; default off.
    pub spam_check: Option<crate::spam::SpamCheckConfig>,
    /// Where new comments (published or waiting) are announced to the owner; default none.
    pub webhooks: Vec<crate::webhook::Webhook>,
    /// The key that signs generic webhook calls (`X-Boke-Signature`).
    pub webhook_secret: Option<String>,
    pub webhook_retry: crate::outbox::RetryPolicy,
    /// Addresses mailed about each new comment (published or waiting), through the outbox,
    /// with approve and spam links; default none.
    pub owner_emails: Vec<String>,
    /// The secret the bounce and complaint webhooks must carry; without it they are off.
    pub bounce_secret: Option<String>,
    /// Accept SES reports only from this SNS topic; default any.
    pub ses_topic_arn: Option<String>,
    /// Show each comment's browser and system (read at write time); default off.
    pub show_user_agent: bool,
    /// The built site (`public/`) whose posts `/mcp` offers to readers' agents; default none,
    /// and then there is no `/mcp`.
    pub site_dir: Option<std::path::PathBuf>,
    /// Where each new commenter's region (IP属地) is looked up; default none: none is stored.
    pub regions: Option<std::sync::Arc<crate::region::RegionDb>>,
    /// Keep stored regions out of the API; default false (shown when there are any).
    pub hide_region: bool,
    /// Where pictures of commenters come from; default a pattern drawn by the theme.
    pub avatars: crate::avatar::AvatarSource,
    /// Limits, block list and challenges for new comments.
    pub guard: crate::guard::GuardConfig,
}

impl ServiceConfig {
    /// Defaults for a site served at `site_origin`, with the service at `public_url`.
    pub fn for_site(site_origin: &str, public_url: &str) -> ServiceConfig {
        ServiceConfig {
            site_origins: vec![site_origin.trim_end_matches('/').to_owned()],
            public_url: public_url.trim_end_matches('/').to_owned(),
            site_title: "boke".to_owned(),
            moderation: ModerationPolicy::FirstTime,
            max_comment_chars: 5_000,
            max_body_bytes: 64 * 1024,
            trust_proxy: false,
            write_rate: RateLimit {
                burst: 5,
                per_minute: 10,
            },
            read_rate: RateLimit {
                burst: 120,
                per_minute: 600,
            },
            log_requests: true,
            spam_check: None,
            webhooks: Vec::new(),
            webhook_secret: None,
            webhook_retry: crate::outbox::RetryPolicy::default(),
            owner_emails: Vec::new(),
            bounce_secret: None,
            ses_topic_arn: None,
            show_user_agent: false,
            site_dir: None,
            regions: None,
            hide_region: false,
            avatars: crate::avatar::AvatarSource::Pattern,
            guard: crate::guard::GuardConfig::default(),
        }
    }
}
