//! `boke social …`: the subcommands and their flags, each building a runtime and calling
//! into the library.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;

use crate::app::App;
use crate::config::{ModerationPolicy, ServiceConfig};
use crate::http::admin_password_key;
use crate::mail::Mailer;
use crate::spam::SpamCheckConfig;
use crate::store::{Store, now};
use crate::{backup, import, keys, notify};

/// Where the data lives.
#[derive(Debug, Clone, clap::Args)]
pub struct DatabaseArgs {
    /// Directory holding the SQLite database (created on first start).
    #[arg(long, default_value = "social-data", env = "BOKE_SOCIAL_DATA")]
    data: PathBuf,
    /// A PostgreSQL URL (postgres://user:pass@host/db); replaces --data.
    #[arg(long, env = "BOKE_SOCIAL_DATABASE")]
    database: Option<String>,
    /// Seconds to keep retrying while the PostgreSQL server cannot be reached (it may start
    /// after the service); 0 gives up at the first failure.
    #[arg(long, default_value_t = 60, env = "BOKE_SOCIAL_DATABASE_WAIT")]
    database_wait: u64,
}

impl DatabaseArgs {
    async fn open(&self) -> anyhow::Result<Store> {
        Ok(match &self.database {
            Some(url) => Store::connect_patiently(url, Duration::from_secs(self.database_wait))
                .await
                .context("cannot open the database")?,
            None => Store::open_data_dir(&self.data)
                .await
                .with_context(|| format!("cannot open the database in {}", self.data.display()))?,
        })
    }
}

/// How to send mail.
#[derive(Debug, Clone, clap::Args)]
pub struct MailArgs {
    /// SMTP server: smtp://host:25 (plain), smtp://user:pass@host:587?tls=required, smtps://…
    #[arg(long, env = "BOKE_SOCIAL_SMTP")]
    smtp: Option<String>,
    /// Sender address, e.g. "博客 <blog@example.com>".
    #[arg(
        long,
        env = "BOKE_SOCIAL_MAIL_FROM",
        default_value = "boke <noreply@localhost>"
    )]
    mail_from: String,
    /// The service's public URL, used in links inside emails.
    #[arg(long, env = "BOKE_SOCIAL_PUBLIC_URL")]
    public_url: Option<String>,
    /// The blog's name, used in emails.
    #[arg(long, default_value = "boke")]
    site_title: String,
}

impl MailArgs {
    fn mailer(&self) -> anyhow::Result<Option<Mailer>> {
        self.smtp
            .as_deref()
            .map(|url| Mailer::new(url, &self.mail_from))
            .transpose()
            .context("cannot set up mail")
    }
}

/// `boke social serve`'s flags.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub bind: SocketAddr,
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[command(flatten)]
    pub mail: MailArgs,
    /// Origin of the blog allowed to call the API (repeatable), e.g. https://blog.example.com.
    #[arg(long = "site-origin", default_value = "http://127.0.0.1:1111")]
    pub site_origins: Vec<String>,
    /// Which new comments wait for a moderator.
    #[arg(long, value_enum, default_value = "first-time")]
    pub moderation: ModerationPolicy,
    /// Longest comment in characters.
    #[arg(long, default_value_t = 5000)]
    pub max_comment_chars: usize,
    /// Take the client address from X-Forwarded-For (only behind your own reverse proxy).
    #[arg(long)]
    pub trust_proxy: bool,
    /// An Akismet-compatible comment-check URL, e.g. https://rest.akismet.com/1.1/comment-check.
    #[arg(long, env = "BOKE_SOCIAL_SPAM_CHECK_URL", requires = "spam_check_key")]
    pub spam_check_url: Option<String>,
    /// The spam check's API key.
    #[arg(long, env = "BOKE_SOCIAL_SPAM_CHECK_KEY", requires = "spam_check_url")]
    pub spam_check_key: Option<String>,
    /// Tell the owner of each new comment: URL (boke's signed JSON) or KIND=URL with KIND
    /// one of telegram, wecom, dingtalk, feishu, bark, serverchan. Repeatable.
    #[arg(long = "webhook", value_name = "[KIND=]URL")]
    pub webhooks: Vec<String>,
    /// The key that signs generic webhook calls (X-Boke-Signature).
    #[arg(long, env = "BOKE_SOCIAL_WEBHOOK_SECRET")]
    pub webhook_secret: Option<String>,
    /// Show each comment's browser and system ("Chrome 131 · Windows 10"), read from the
    /// User-Agent when it was posted (only the names are stored, either way).
    #[arg(long)]
    pub show_user_agent: bool,
    /// The built site (the folder `boke build` writes): readers' agents may search, read and
    /// list its posts over MCP at /mcp. Without it there is no /mcp.
    #[arg(long, value_name = "DIR", env = "BOKE_SOCIAL_SITE_DIR")]
    pub site_dir: Option<std::path::PathBuf>,
    /// Mail this address about each new comment, with approve and spam links (needs
    /// --smtp). Repeatable.
    #[arg(long = "notify-email", value_name = "ADDRESS")]
    pub notify_emails: Vec<String>,
    /// The secret that turns on the bounce and complaint webhooks (/api/bounces/ses,
    /// /api/bounces/postmark, /api/bounces/generic) and that each call must carry.
    #[arg(long, env = "BOKE_SOCIAL_BOUNCE_SECRET")]
    pub bounce_secret: Option<String>,
    /// Accept Amazon SES reports only from this SNS topic ARN.
    #[arg(long, requires = "bounce_secret")]
    pub ses_topic_arn: Option<String>,
    #[command(flatten)]
    pub guard: crate::guard::GuardArgs,
}

/// `boke social …` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum SocialCommand {
    /// Serve the interaction API (comments, reactions, views, subscriptions, /admin).
    Serve(Box<ServeArgs>),
    /// Email new posts from the built site's feed to confirmed subscribers (each at most once).
    Notify {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        mail: MailArgs,
        /// The site directory; its public/feed.json is read.
        #[arg(long, conflicts_with = "feed")]
        site: Option<PathBuf>,
        /// A JSON Feed file to read instead.
        #[arg(long)]
        feed: Option<PathBuf>,
        /// On the first run, also send the posts already in the feed (default: only remember them).
        #[arg(long)]
        send_existing: bool,
        /// Send one digest of the last week's posts instead of one mail per post; skipped
        /// when nothing is new, never twice in one ISO week.
        #[arg(long, value_enum, conflicts_with = "send_existing")]
        digest: Option<crate::digest::Period>,
    },
    /// Write a consistent copy of the database.
    Backup {
        #[command(flatten)]
        database: DatabaseArgs,
        /// Output file (SQLite: a database file; PostgreSQL: a JSON dump).
        #[arg(long)]
        out: PathBuf,
    },
    /// Import comments and page views exported from LeanCloud (Valine, Waline), Waline,
    /// Valine, Twikoo, Artalk or Disqus; running it again adds nothing twice.
    Import {
        #[command(flatten)]
        database: DatabaseArgs,
        /// Export format.
        #[arg(long, value_enum)]
        format: import::Format,
        /// Move old page paths to new ones: OLD=NEW, a page (/2019/05/a.html=/posts/a/) or,
        /// ending in /, everything under it (/archives/=/posts/). Repeatable.
        #[arg(long = "map", value_name = "OLD=NEW")]
        maps: Vec<String>,
        /// A file of `old new` pairs, one a line (# starts a comment), as `boke import` writes.
        #[arg(long)]
        map_file: Option<PathBuf>,
        /// Export files, or folders of them (the folder LeanCloud's export unpacks to).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Import or export the subscriber list as CSV.
    Subscribers {
        #[command(subcommand)]
        command: SubscribersCommand,
    },
    /// Set the moderator password (read from BOKE_SOCIAL_ADMIN_PASSWORD or standard input).
    SetPassword {
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// `boke social subscribers …`.
#[derive(Debug, clap::Subcommand)]
pub enum SubscribersCommand {
    /// Import subscribers exported from Ghost, Mailchimp or Substack (or by `export`):
    /// confirmed where the export says they were subscribed; unsubscribed and cleaned rows go
    /// to the suppression list. Running it again adds nothing twice.
    Import {
        #[command(flatten)]
        database: DatabaseArgs,
        /// Export format.
        #[arg(long, value_enum)]
        format: crate::subscribers::ListFormat,
        /// Language of the mail new subscribers get: zh-CN or en.
        #[arg(long, default_value = "zh-CN")]
        lang: String,
        /// CSV files (Mailchimp: the subscribed, unsubscribed and cleaned files together).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write every subscriber and suppressed address to a CSV file.
    Export {
        #[command(flatten)]
        database: DatabaseArgs,
        /// The CSV file to write.
        file: PathBuf,
    },
}

/// Runs one `boke social` subcommand.
pub fn run(command: SocialCommand) -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?
        .block_on(run_async(command))
}

async fn run_async(command: SocialCommand) -> anyhow::Result<()> {
    match command {
        SocialCommand::Serve(serve) => {
            let ServeArgs {
                bind,
                database,
                mail,
                site_origins,
                moderation,
                max_comment_chars,
                trust_proxy,
                spam_check_url,
                spam_check_key,
                webhooks,
                webhook_secret,
                show_user_agent,
                notify_emails,
                bounce_secret,
                ses_topic_arn,
                site_dir,
                guard,
            } = *serve;
            // Flags are checked before the database is touched.
            anyhow::ensure!(
                notify_emails.is_empty() || mail.smtp.is_some(),
                "--notify-email needs --smtp (the owner's mail goes out through it)"
            );
            let owner_emails = notify_emails
                .iter()
                .map(|address| {
                    crate::app::valid_email(address.trim()).map_err(|_| {
                        anyhow::anyhow!("bad --notify-email `{address}`: not a deliverable address")
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(dir) = &site_dir {
                check_site_dir(dir)?;
            }
            let webhooks = webhooks
                .iter()
                .map(|spec| crate::webhook::Webhook::parse(spec))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|why| anyhow::anyhow!("bad --webhook: {why}"))?;
            let mut config = ServiceConfig::for_site("", "");
            guard.apply(&mut config)?;
            let store = database.open().await?;
            ensure_admin_password(&store).await?;
            let public_url = mail
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{bind}"));
            config.public_url = public_url.trim_end_matches('/').to_owned();
            config.site_origins = site_origins
                .iter()
                .map(|origin| origin.trim_end_matches('/').to_owned())
                .collect();
            config.site_title = mail.site_title.clone();
            config.moderation = moderation;
            config.max_comment_chars = max_comment_chars;
            config.trust_proxy = trust_proxy;
            if let (Some(url), Some(key)) = (&spam_check_url, &spam_check_key) {
                config.spam_check = Some(SpamCheckConfig::new(url, key));
            }
            config.webhooks = webhooks;
            config.webhook_secret = webhook_secret;
            config.show_user_agent = show_user_agent;
            config.site_dir = site_dir;
            config.owner_emails = owner_emails;
            config.bounce_secret = bounce_secret;
            config.ses_topic_arn = ses_topic_arn;
            let app = App::new(store, config, mail.mailer()?).await?;
            let listener = tokio::net::TcpListener::bind(bind)
                .await
                .with_context(|| format!("cannot listen on {bind}"))?;
            eprintln!("boke social: serving on http://{bind} (moderation at http://{bind}/admin)");
            crate::http::serve(listener, app, shutdown_signal()).await?;
            eprintln!("boke social: stopped");
            Ok(())
        }
        SocialCommand::Notify {
            database,
            mail,
            site,
            feed,
            send_existing,
            digest,
        } => {
            let feed = match (site, feed) {
                (_, Some(feed)) => feed,
                (Some(site), None) => site.join("public").join("feed.json"),
                (None, None) => anyhow::bail!("give --site DIR or --feed FILE"),
            };
            let feed_text = std::fs::read_to_string(&feed)
                .with_context(|| format!("cannot read the feed {}", feed.display()))?;
            let dated = crate::digest::dated_posts(&feed_text)
                .with_context(|| format!("cannot read the feed {}", feed.display()))?;
            let posts: Vec<_> = dated.iter().map(|dated| dated.post.clone()).collect();
            let mailer = mail.mailer()?.context("notify needs --smtp")?;
            let public_url = mail
                .public_url
                .clone()
                .context("notify needs --public-url for unsubscribe links")?;
            let store = database.open().await?;
            let secrets = store.secrets().await?;
            let letters = notify::Letters {
                site_title: mail.site_title.clone(),
                public_url,
                link_key: secrets.link_key,
            };
            if let Some(crate::digest::Period::Weekly) = digest {
                let report =
                    crate::digest::send_weekly(&store, &mailer, &letters, &dated, now()).await?;
                println!("{report}");
                anyhow::ensure!(
                    report.mail.all_delivered(),
                    "{} digests were not sent and {} were interrupted; run notify again once \
                     the SMTP server answers (the ones not sent go out then)",
                    report.mail.failed,
                    report.mail.unknown
                );
                return Ok(());
            }
            let report = notify::notify(&store, &mailer, &letters, &posts, send_existing).await?;
            println!("{report}");
            anyhow::ensure!(
                report.all_delivered(),
                "{} deliveries were not sent and {} were interrupted; run notify again once \
                 the SMTP server answers (the ones not sent go out then)",
                report.failed,
                report.unknown
            );
            Ok(())
        }
        SocialCommand::Backup { database, out } => {
            let store = database.open().await?;
            backup::backup(&store, &out).await?;
            println!("backup written to {}", out.display());
            Ok(())
        }
        SocialCommand::Import {
            database,
            format,
            maps,
            map_file,
            paths,
        } => {
            let mut map = import::PageMap::default();
            for pair in &maps {
                map.add_pair(pair).context("bad --map")?;
            }
            if let Some(file) = &map_file {
                let text = std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                map.add_file(&text)
                    .with_context(|| format!("bad map file {}", file.display()))?;
            }
            let store = database.open().await?;
            let report = import::import_paths(&store, format, &paths, &map).await?;
            print!("{report}");
            Ok(())
        }
        SocialCommand::Subscribers { command } => match command {
            SubscribersCommand::Import {
                database,
                format,
                lang,
                files,
            } => {
                let lang = if lang.to_ascii_lowercase().starts_with("zh") {
                    "zh-CN"
                } else {
                    "en"
                };
                let store = database.open().await?;
                let report = crate::subscribers::import(&store, format, &files, lang).await?;
                print!("{report}");
                Ok(())
            }
            SubscribersCommand::Export { database, file } => {
                let store = database.open().await?;
                let rows = crate::subscribers::export(&store, &file).await?;
                println!("{rows} addresses written to {}", file.display());
                Ok(())
            }
        },
        SocialCommand::SetPassword { database } => {
            let password = match std::env::var("BOKE_SOCIAL_ADMIN_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    eprintln!("new admin password (one line):");
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            anyhow::ensure!(password.chars().count() >= 12, "use at least 12 characters");
            let store = database.open().await?;
            store
                .set_setting(admin_password_key(), &keys::hash_password(&password)?)
                .await?;
            store.clear_admin_sessions().await?;
            println!("admin password set");
            Ok(())
        }
    }
}

/// On first start there is no admin password: make one, store its hash, show it once.
async fn ensure_admin_password(store: &Store) -> anyhow::Result<()> {
    if store.setting(admin_password_key()).await?.is_some() {
        return Ok(());
    }
    let password = keys::random_hex(12)?;
    let phc = keys::hash_password(&password)?;
    if store.setting_or_init(admin_password_key(), &phc).await? == phc {
        eprintln!(
            "boke social: first start. Admin password (shown once, change it with \
             `boke social set-password`): {password}"
        );
    }
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    eprintln!("boke social: shutting down, finishing requests in flight");
}

/// `--site-dir` must be a built site, and this build must have `/mcp`.
fn check_site_dir(dir: &std::path::Path) -> anyhow::Result<()> {
    if !cfg!(feature = "mcp") {
        anyhow::bail!(
            "--site-dir serves /mcp, which this build of boke leaves out (feature `mcp`)"
        );
    }
    if !dir.join("llms.txt").is_file() {
        anyhow::bail!(
            "--site-dir {}: no llms.txt there; give the folder `boke build` writes (public/), after a build",
            dir.display()
        );
    }
    Ok(())
}
