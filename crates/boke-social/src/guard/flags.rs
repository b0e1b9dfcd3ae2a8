//! The `serve` flags of the guard and of the region lookup (who may comment, and where
//! from), read and checked before the service touches its database.

use std::path::PathBuf;
use std::sync::Arc;

use super::{BlockWords, DEFAULT_POW_BITS, TurnstileConfig, turnstile};
use crate::config::ServiceConfig;
use crate::region::RegionDb;

#[derive(Debug, Clone, clap::Args)]
pub struct GuardArgs {
    /// An ip2region xdb file (ip2region_v4.xdb, ip2region_v6.xdb; give both for both
    /// versions): each new comment stores its commenter's province, or country abroad
    /// (IP属地), never the address.
    #[arg(
        long = "ip-region-db",
        value_name = "FILE",
        env = "BOKE_SOCIAL_IP_REGION_DB"
    )]
    ip_region_dbs: Vec<PathBuf>,
    /// Keep stored regions out of the API (and so off the pages).
    #[arg(long)]
    hide_region: bool,
    /// Words and patterns that mark a comment as spam: one a line, `re:` before a regular
    /// expression, # for comments.
    #[arg(long, value_name = "FILE")]
    block_words: Option<PathBuf>,
    /// Most comments one email address may leave in an hour (0: no limit).
    #[arg(long, default_value_t = 20)]
    per_email_hourly: u32,
    /// Most comments one page may take in an hour (0: no limit).
    #[arg(long, default_value_t = 120)]
    per_page_hourly: u32,
    /// Leading zero bits of the proof of work the browser solves for commenters who are not
    /// trusted yet (0: off).
    #[arg(long, default_value_t = DEFAULT_POW_BITS, value_parser = clap::value_parser!(u8).range(0..=32))]
    pow_bits: u8,
    /// Cloudflare Turnstile's secret key: commenters who are not trusted yet pass its widget.
    #[arg(
        long,
        env = "BOKE_SOCIAL_TURNSTILE_SECRET",
        requires = "turnstile_sitekey"
    )]
    turnstile_secret: Option<String>,
    /// Cloudflare Turnstile's site key (shown to browsers).
    #[arg(long, requires = "turnstile_secret")]
    turnstile_sitekey: Option<String>,
    /// Where Turnstile tokens are verified.
    #[arg(long, default_value = turnstile::SITEVERIFY_URL)]
    turnstile_verify_url: String,
    /// Under --moderation first-time, publish at once a comment that passed the proof of
    /// work or Turnstile.
    #[arg(long)]
    approve_challenged: bool,
    /// Pictures of commenters: a pattern the theme draws from a salted hash (no request to
    /// anyone), or, for commenters who left an email, Gravatar or Cravatar (the reader's
    /// browser then asks that service).
    #[arg(long, value_enum, default_value = "pattern")]
    avatars: crate::avatar::AvatarSource,
    /// The client id of a GitHub OAuth app (its callback URL: PUBLIC_URL/api/auth/github/callback):
    /// readers who sign in with GitHub are trusted commenters at once.
    #[arg(long, requires = "github_client_secret")]
    github_client_id: Option<String>,
    /// The GitHub OAuth app's client secret.
    #[arg(
        long,
        env = "BOKE_SOCIAL_GITHUB_CLIENT_SECRET",
        requires = "github_client_id"
    )]
    github_client_secret: Option<String>,
}

impl GuardArgs {
    /// Reads the files the flags name into `config`; a missing or bad file is an error.
    pub fn apply(&self, config: &mut ServiceConfig) -> anyhow::Result<()> {
        if !self.ip_region_dbs.is_empty() {
            let regions = RegionDb::open(&self.ip_region_dbs)?;
            config.regions = Some(Arc::new(regions));
        }
        config.hide_region = self.hide_region;
        config.avatars = self.avatars;
        let guard = &mut config.guard;
        if let Some(path) = &self.block_words {
            let list = BlockWords::read(path)?;
            anyhow::ensure!(
                !list.is_empty(),
                "the block list {} has no entries; give a word or `re:` pattern a line",
                path.display()
            );
            guard.block_words = Some(Arc::new(list));
        }
        guard.per_email_hourly = self.per_email_hourly;
        guard.per_page_hourly = self.per_page_hourly;
        guard.pow_bits = self.pow_bits;
        if let (Some(secret), Some(sitekey)) = (&self.turnstile_secret, &self.turnstile_sitekey) {
            let mut turnstile = TurnstileConfig::new(secret, sitekey);
            turnstile.verify_url = self.turnstile_verify_url.clone();
            guard.turnstile = Some(turnstile);
        }
        guard.approve_challenged = self.approve_challenged;
        if let (Some(id), Some(secret)) = (&self.github_client_id, &self.github_client_secret) {
            guard.github = Some(super::github::GithubConfig::new(id, secret));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    #[derive(clap::Parser)]
    struct Command {
        #[command(flatten)]
        guard: super::GuardArgs,
    }

    #[test]
    fn a_missing_region_file_is_an_error_that_names_it() {
        let command = Command::parse_from(["serve", "--ip-region-db", "/nonexistent/v4.xdb"]);
        let mut config = crate::config::ServiceConfig::for_site("", "");
        let error = command.guard.apply(&mut config).unwrap_err().to_string();
        assert!(error.contains("/nonexistent/v4.xdb"), "{error}");
    }
}
