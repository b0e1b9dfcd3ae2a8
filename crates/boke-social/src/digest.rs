//! `boke social notify --digest weekly`: one mail a week with the posts of the last seven
//! days from the site's feed. Each ISO week has at most one issue (`2026-W49`): the first run
//! of the week that finds posts no earlier digest held assembles it and freezes its posts;
//! later runs that week send that same issue to whoever has not had it (deliveries are
//! claimed as `notify` claims them), so a subscriber never gets two digests for one week. A
//! week with nothing new sends nothing. Every issue stays readable in the web archive
//! (`/newsletter/`); the letters are plain text, so nothing in them can track a reader.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::mail::{Letter, Mailer};
use crate::notify::{Letters, NotifyError, NotifyReport, send_claimed};
use crate::store::{DeliveryClaim, FeedPost, Issue, Store, StoreError};

/// How far back a weekly digest looks.
const WEEK_SECONDS: i64 = 7 * 24 * 3600;

/// Digest periods `notify --digest` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Period {
    Weekly,
}

/// A post as an issue keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuePost {
    pub id: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    /// Unix seconds, from the feed's `date_published`.
    pub published: i64,
}

/// A post of the feed with its publication time, when the feed gives one.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedPost {
    pub post: FeedPost,
    pub published: Option<i64>,
}

/// Reads the feed's posts with their `date_published` (RFC 3339).
pub fn dated_posts(json: &str) -> Result<Vec<DatedPost>, NotifyError> {
    let posts = crate::notify::parse_feed(json)?;
    let feed: serde_json::Value = serde_json::from_str(json)?;
    let items = feed["items"].as_array().cloned().unwrap_or_default();
    Ok(posts
        .into_iter()
        .zip(items)
        .map(|(post, item)| DatedPost {
            post,
            published: item["date_published"]
                .as_str()
                .and_then(|date| date.parse::<jiff::Timestamp>().ok())
                .map(jiff::Timestamp::as_second),
        })
        .collect())
}

/// The ISO week `at` falls in, in UTC: `2026-W49`.
pub fn week_of(at: i64) -> String {
    let date = jiff::Timestamp::from_second(at)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .iso_week_date();
    format!("{}-W{:02}", date.year(), date.week())
}

/// What a digest run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DigestReport {
    /// The week's issue, when there is one.
    pub issue: Option<String>,
    pub posts: usize,
    pub mail: NotifyReport,
}

impl fmt::Display for DigestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(issue) = &self.issue else {
            return write!(
                f,
                "no post in the last 7 days that an earlier digest did not hold: nothing sent"
            );
        };
        let mail = &self.mail;
        if mail.sent + mail.failed + mail.unknown == 0 {
            return write!(
                f,
                "digest {issue} ({} posts) went to every confirmed subscriber already: nothing sent",
                self.posts
            );
        }
        write!(
            f,
            "digest {issue} ({} posts): {} sent, {} not sent (retried next run), {} interrupted mid-send (not retried, to avoid a duplicate)",
            self.posts, self.mail.sent, self.mail.failed, self.mail.unknown
        )
    }
}

/// The posts an issue holds.
pub fn issue_posts(issue: &Issue) -> Result<Vec<IssuePost>, StoreError> {
    serde_json::from_str(&issue.posts)
        .map_err(|error| StoreError::Corrupt(format!("newsletter issue {}: {error}", issue.id)))
}

/// This week's issue: the one already assembled, or a new one of the posts published in the
/// seven days before `now` that no earlier issue held; `None` when there are none.
async fn this_week(
    store: &Store,
    posts: &[DatedPost],
    now: i64,
) -> Result<Option<Issue>, StoreError> {
    let week = week_of(now);
    if let Some(issue) = store.issue(&week).await? {
        return Ok(Some(issue));
    }
    let mut recent: Vec<IssuePost> = posts
        .iter()
        .filter_map(|dated| {
            let published = dated.published?;
            (published > now - WEEK_SECONDS && published <= now).then(|| IssuePost {
                id: dated.post.id.clone(),
                url: dated.post.url.clone(),
                title: dated.post.title.clone(),
                summary: dated.post.summary.clone(),
                published,
            })
        })
        .collect();
    let ids: Vec<String> = recent.iter().map(|post| post.id.clone()).collect();
    let earlier = store.posts_in_issues(&ids).await?;
    recent.retain(|post| !earlier.contains(&post.id));
    if recent.is_empty() {
        return Ok(None);
    }
    recent.sort_by_key(|post| std::cmp::Reverse(post.published));
    let ids: Vec<String> = recent.iter().map(|post| post.id.clone()).collect();
    let json = serde_json::to_string(&recent)
        .map_err(|error| StoreError::Corrupt(format!("cannot encode the digest: {error}")))?;
    Ok(Some(store.add_issue(&week, "weekly", &json, &ids).await?))
}

/// Assembles (once) and sends this week's digest to every confirmed subscriber who has not
/// had it; `now` is the run's time.
pub async fn send_weekly(
    store: &Store,
    mailer: &Mailer,
    letters: &Letters,
    posts: &[DatedPost],
    now: i64,
) -> Result<DigestReport, NotifyError> {
    let Some(issue) = this_week(store, posts, now).await? else {
        return Ok(DigestReport::default());
    };
    let posts = issue_posts(&issue)?;
    let key = format!("digest:{}", issue.id);
    let mut report = DigestReport {
        issue: Some(issue.id.clone()),
        posts: posts.len(),
        ..DigestReport::default()
    };
    for subscriber in store.recipients(&key, now).await? {
        if store.claim_delivery(subscriber.id, &key).await? != DeliveryClaim::Claimed {
            continue;
        }
        let letter = letter(
            &subscriber.email,
            &subscriber.lang,
            letters,
            &issue.id,
            &posts,
            &letters.unsubscribe_url(subscriber.id),
        );
        send_claimed(
            store,
            mailer,
            &letter,
            (subscriber.id, &key),
            &mut report.mail,
        )
        .await?;
    }
    Ok(report)
}

/// The digest letter, in the subscriber's language.
pub fn letter(
    to: &str,
    lang: &str,
    letters: &Letters,
    issue: &str,
    posts: &[IssuePost],
    unsubscribe_url: &str,
) -> Letter {
    let site = &letters.site_title;
    let chinese = lang.to_ascii_lowercase().starts_with("zh");
    let archive = format!(
        "{}/newsletter/{issue}/?lang={}",
        letters.public_url,
        if chinese { "zh" } else { "en" }
    );
    let mut text = if chinese {
        format!("「{site}」本周文章（{issue}）\n\n")
    } else {
        format!("This week on {site} ({issue})\n\n")
    };
    for (n, post) in posts.iter().enumerate() {
        text.push_str(&format!("{}. {}\n", n + 1, post.title));
        if !post.summary.is_empty() {
            text.push_str(&format!("   {}\n", post.summary.replace('\n', "\n   ")));
        }
        text.push_str(&format!("   {}\n\n", post.url));
    }
    if chinese {
        text.push_str(&format!(
            "网页版：{archive}\n\n——\n不想再收到这些邮件？一键退订：{unsubscribe_url}\n"
        ));
    } else {
        text.push_str(&format!(
            "On the web: {archive}\n\n--\nUnsubscribe with one click: {unsubscribe_url}\n"
        ));
    }
    Letter {
        to: to.to_owned(),
        subject: if chinese {
            format!("「{site}」本周文章 · {issue}")
        } else {
            format!("This week on {site} · {issue}")
        },
        text,
        unsubscribe: Some(unsubscribe_url.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_are_iso_weeks_in_utc() {
        // 2026-12-02 12:00 UTC is a Wednesday of week 49; 2027-01-01 is in 2026's week 53.
        assert_eq!(week_of(1_796_212_800), "2026-W49");
        assert_eq!(week_of(1_798_761_600), "2026-W53");
    }
}
