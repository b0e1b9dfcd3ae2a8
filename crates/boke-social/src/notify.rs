//! `boke social notify`: reads the built site's JSON Feed and mails each new post to the
//! confirmed subscribers, at most once per subscriber even across crashes and re-runs.
//!
//! Every (subscriber, post) delivery is claimed in the database before the message goes out
//! and settled after. A claim left open by an interrupted run means "maybe sent", and is never
//! sent again; only a definite refusal by the SMTP server makes a delivery retryable.

use std::fmt;
use std::path::Path;

use serde::Deserialize;

use crate::keys;
use crate::mail::{self, Mailer};
use crate::store::{DeliveryClaim, FeedPost, Store, StoreError, now};

/// Errors of a notify run.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("cannot read the feed {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the feed is not a JSON Feed: {0}")]
    Parse(#[from] serde_json::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the letters need besides the post.
#[derive(Debug, Clone)]
pub struct Letters {
    pub site_title: String,
    /// The service's public URL (for unsubscribe links).
    pub public_url: String,
    /// Key that signs unsubscribe links (from [`Store::secrets`]).
    pub link_key: String,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotifyReport {
    /// True on the first run, which only remembered the posts already published.
    pub baseline: bool,
    pub posts: usize,
    pub sent: usize,
    /// Refused by the server, or the server could not be reached; tried again next run.
    pub failed: usize,
    /// The connection broke mid-send; never retried, to avoid a duplicate.
    pub unknown: usize,
}

impl NotifyReport {
    /// True when every delivery this run claimed was sent.
    pub fn all_delivered(&self) -> bool {
        self.failed == 0 && self.unknown == 0
    }
}

impl fmt::Display for NotifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.baseline {
            return write!(
                f,
                "first run: remembered {} posts already published; new posts will be sent from now on",
                self.posts
            );
        }
        write!(
            f,
            "{} posts in the feed: {} sent, {} not sent (retried next run), {} interrupted mid-send (not retried, to avoid a duplicate)",
            self.posts, self.sent, self.failed, self.unknown
        )
    }
}

#[derive(Deserialize)]
struct JsonFeed {
    items: Vec<JsonFeedItem>,
}

#[derive(Deserialize)]
struct JsonFeedItem {
    id: String,
    url: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    content_text: Option<String>,
}

/// Reads a JSON Feed 1.1 file.
pub fn read_feed(path: &Path) -> Result<Vec<FeedPost>, NotifyError> {
    let text = std::fs::read_to_string(path).map_err(|source| NotifyError::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse_feed(&text)
}

/// Parses a JSON Feed 1.1 document into posts.
pub fn parse_feed(json: &str) -> Result<Vec<FeedPost>, NotifyError> {
    let feed: JsonFeed = serde_json::from_str(json)?;
    Ok(feed
        .items
        .into_iter()
        .map(|item| {
            let summary = item.summary.or(item.content_text).unwrap_or_default();
            FeedPost {
                url: item.url.unwrap_or_else(|| item.id.clone()),
                title: item.title.unwrap_or_else(|| item.id.clone()),
                summary: summary.chars().take(600).collect(),
                id: item.id,
            }
        })
        .collect())
}

/// Sends every post of `posts` not yet delivered to each confirmed subscriber.
///
/// The first run ever only records the posts (with `send_existing` it sends them too).
/// Subscribers get the posts first seen after they confirmed.
pub async fn notify(
    store: &Store,
    mailer: &Mailer,
    letters: &Letters,
    posts: &[FeedPost],
    send_existing: bool,
) -> Result<NotifyReport, NotifyError> {
    let baseline = !store.has_seen_posts().await? && !send_existing;
    let run_started = now();
    let mut report = NotifyReport {
        baseline,
        posts: posts.len(),
        ..NotifyReport::default()
    };
    for post in posts {
        // Baseline posts are stamped as seen at time 0: no subscriber confirmed before that,
        // so they are never sent.
        let seen_at = store
            .record_post(post, if baseline { 0 } else { run_started })
            .await?;
        for subscriber in store.recipients(&post.id, seen_at).await? {
            if store.claim_delivery(subscriber.id, &post.id).await? != DeliveryClaim::Claimed {
                continue;
            }
            let letter = mail::new_post(
                &subscriber.email,
                &subscriber.lang,
                &letters.site_title,
                post,
                &letters.unsubscribe_url(subscriber.id),
            );
            send_claimed(
                store,
                mailer,
                &letter,
                (subscriber.id, &post.id),
                &mut report,
            )
            .await?;
        }
    }
    Ok(report)
}

impl Letters {
    /// The one-click unsubscribe link for subscriber `id`.
    pub fn unsubscribe_url(&self, id: i64) -> String {
        let token = keys::sign_link(
            &self.link_key,
            "unsubscribe",
            id,
            now() + crate::app::UNSUBSCRIBE_LINK_SECONDS,
        );
        format!("{}/unsubscribe?token={token}", self.public_url)
    }
}

/// Sends a letter whose delivery `(subscriber, key)` this run claimed, and settles the claim
/// as sent, failed (retried next run) or unknown (never retried), counting it in `report`.
pub(crate) async fn send_claimed(
    store: &Store,
    mailer: &Mailer,
    letter: &mail::Letter,
    (subscriber, key): (i64, &str),
    report: &mut NotifyReport,
) -> Result<(), NotifyError> {
    let outcome = match mailer.send(letter).await {
        Ok(()) => {
            report.sent += 1;
            "sent"
        }
        Err(error) if error.definitely_not_sent() => {
            eprintln!("boke social notify: {}: {error}", letter.to);
            report.failed += 1;
            "failed"
        }
        Err(error) => {
            eprintln!("boke social notify: {}: {error}", letter.to);
            report.unknown += 1;
            "unknown"
        }
    };
    store.finish_delivery(subscriber, key, outcome).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_feed_items_become_posts() {
        let posts = parse_feed(
            r#"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[
              {"id":"https://b.example/posts/a/","url":"https://b.example/posts/a/","title":"甲","summary":"摘要","date_published":"2026-01-01T00:00:00+08:00"},
              {"id":"tag:b","content_text":"正文"}]}"#,
        )
        .unwrap();
        assert_eq!(posts.len(), 2);
        assert_eq!(posts[0].title, "甲");
        assert_eq!(posts[0].summary, "摘要");
        assert_eq!(posts[1].url, "tag:b");
        assert_eq!(posts[1].summary, "正文");
    }

    #[test]
    fn not_a_feed_is_an_error() {
        assert!(parse_feed("<feed/>").is_err());
    }
}
