//! The comment guard: the rules a new comment passes before moderation decides — limits per
//! email address and per page, the operator's block list of words, and the challenges
//! (Cloudflare Turnstile, and a proof of work of our own) asked of commenters who are not
//! trusted yet.

pub mod email;
mod flags;
pub mod github;
pub mod pow;
pub mod turnstile;
pub mod words;

use std::sync::Arc;

use crate::app::{App, Client, Refusal};
use crate::store::now;
use crate::text::Text;
pub use flags::GuardArgs;
pub use pow::Challenge;
pub use turnstile::{TurnstileConfig, TurnstileVerdict};
pub use words::BlockWords;

/// The proof of work's default difficulty, in leading zero bits of SHA-256: about 4,000
/// hashes. Measured with `tests/browser/pow-cost.mjs` (the README has the figures): in
/// headless Chromium with the CPU slowed four to six times, as a phone, the theme's solver
/// took 175–390 ms on average (13 bits came near a second under load), and it starts when
/// the reader turns to the form.
pub const DEFAULT_POW_BITS: u8 = 12;

/// How the guard is set. [`GuardConfig::default`] is what `serve` starts with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GuardConfig {
    /// Words and patterns whose comments are stored as spam; default none.
    pub block_words: Option<Arc<BlockWords>>,
    /// Most comments one email address may leave in an hour; default 20, 0 for no limit.
    pub per_email_hourly: u32,
    /// Most comments one page may take in an hour; default 120, 0 for no limit.
    pub per_page_hourly: u32,
    /// Zero bits the proof of work asks of commenters who are not trusted; default
    /// [`DEFAULT_POW_BITS`], 0 turns it off.
    pub pow_bits: u8,
    /// Seconds a challenge may be answered in; default 30 minutes (a comment takes a while).
    pub pow_lifetime: i64,
    /// Cloudflare Turnstile, asked of commenters who are not trusted; default off.
    pub turnstile: Option<TurnstileConfig>,
    /// Under first-time moderation, publish at once a comment that passed a challenge;
    /// default false.
    pub approve_challenged: bool,
    /// Signing in with GitHub, which makes a commenter trusted; default off.
    pub github: Option<github::GithubConfig>,
}

impl Default for GuardConfig {
    fn default() -> GuardConfig {
        GuardConfig {
            block_words: None,
            per_email_hourly: 20,
            per_page_hourly: 120,
            pow_bits: DEFAULT_POW_BITS,
            pow_lifetime: 30 * 60,
            turnstile: None,
            approve_challenged: false,
            github: None,
        }
    }
}

impl GuardConfig {
    /// No limits, no list, no challenges.
    pub fn off() -> GuardConfig {
        GuardConfig {
            per_email_hourly: 0,
            per_page_hourly: 0,
            pow_bits: 0,
            ..GuardConfig::default()
        }
    }
}

/// A proof-of-work answer as the form sends it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PowAnswer {
    pub challenge: String,
    pub nonce: String,
}

/// What the guard found, for moderation to weigh.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Screening {
    /// The block list matched: store as spam.
    pub listed: bool,
    /// The commenter passed at least one challenge.
    pub challenged: bool,
    /// A challenge could not be checked (the service behind it did not answer), and why:
    /// a moderator decides.
    pub unchecked: Option<String>,
}

/// The parts of a comment the guard reads.
pub struct Draft<'a> {
    pub page: &'a str,
    pub author: &'a str,
    pub email: Option<&'a str>,
    pub website: Option<&'a str>,
    pub body: &'a str,
    pub pow: Option<&'a PowAnswer>,
    pub turnstile: Option<&'a str>,
}

fn refused(zh: &str, en: &str) -> Refusal {
    Refusal::Challenge(Text::new(zh, en))
}

impl App {
    /// The challenge for a new comment form, when the proof of work is on.
    pub fn challenge(&self) -> Result<Option<Challenge>, Refusal> {
        let guard = &self.config.guard;
        if guard.pow_bits == 0 {
            return Ok(None);
        }
        pow::issue(
            &self.secrets.link_key,
            guard.pow_bits,
            guard.pow_lifetime,
            now(),
        )
        .map(Some)
        .map_err(|error| Refusal::Store(crate::store::StoreError::Random(error.to_string())))
    }

    /// Applies the guard to a comment that passed validation; `trusted` commenters skip the
    /// challenges.
    pub async fn screen(
        &self,
        draft: &Draft<'_>,
        client: &Client,
        trusted: bool,
    ) -> Result<Screening, Refusal> {
        let guard = &self.config.guard;
        let hour_ago = now() - 3600;
        if guard.per_page_hourly > 0
            && self
                .store
                .comments_on_page_since(draft.page, hour_ago)
                .await?
                >= i64::from(guard.per_page_hourly)
        {
            return Err(Refusal::TooMany(Text::new(
                "这篇文章这一小时收到的评论太多了，请稍后再来",
                "this page has had as many comments as it takes in an hour; try again later",
            )));
        }
        if let Some(email) = draft.email
            && guard.per_email_hourly > 0
            && self.store.comments_by_email_since(email, hour_ago).await?
                >= i64::from(guard.per_email_hourly)
        {
            return Err(Refusal::TooMany(Text::new(
                "这个邮箱这一小时发的评论太多了，请稍后再来",
                "this email address has sent as many comments as it may in an hour; try again later",
            )));
        }
        let mut screening = Screening {
            listed: guard.block_words.as_ref().is_some_and(|list| {
                list.matches(
                    [
                        Some(draft.body),
                        Some(draft.author),
                        draft.email,
                        draft.website,
                    ]
                    .into_iter()
                    .flatten(),
                )
            }),
            ..Screening::default()
        };
        if trusted {
            return Ok(screening);
        }
        if let Some(turnstile) = &guard.turnstile {
            match turnstile::verify(turnstile, draft.turnstile.unwrap_or(""), &client.ip).await {
                TurnstileVerdict::Passed => screening.challenged = true,
                TurnstileVerdict::Failed(codes) => {
                    eprintln!("boke social: Turnstile refused a comment ({codes})");
                    return Err(refused(
                        "人机验证没有通过，请重新验证后再发",
                        "the human check did not pass; do it again and resend",
                    ));
                }
                TurnstileVerdict::Unknown(why) => screening.unchecked = Some(why),
            }
        }
        if guard.pow_bits > 0 {
            let answer = draft.pow.cloned().unwrap_or_default();
            let time = now();
            let (id, expires_at) = pow::check(
                &self.secrets.link_key,
                guard.pow_bits,
                &answer.challenge,
                &answer.nonce,
                time,
            )
            .map_err(|_| {
                refused(
                    "浏览器验证没有完成或已过期，请刷新页面后再发",
                    "the browser check is missing or expired; reload the page and send again",
                )
            })?;
            if !self.store.spend_challenge(id, expires_at, time).await? {
                return Err(refused(
                    "这次验证已经用过了，请再发一次",
                    "this check was already used; send again",
                ));
            }
            screening.challenged = true;
        }
        Ok(screening)
    }
}
