//! The sender of owner notifications: while the service runs it takes due rows from the
//! outbox, posts each to its webhook (or mails it, for the owner's address), and settles it as sent or to be retried with growing
//! waits (then given up, with the reason kept). A row is sent at least once; its
//! `X-Boke-Delivery` header lets a receiver drop the rare repeat after a crash mid-send.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::app::App;
use crate::store::{OutboxEntry, now};
use crate::webhook::{Channel, Notice, Webhook, deliver};

/// How often a notification is tried, and how long the waits between tries grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failure; each next wait is four times longer, up to 6 h.
    pub first_wait: Duration,
    /// Tries before a notification is given up.
    pub attempts: i64,
    /// How long one try may take.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            first_wait: Duration::from_secs(30),
            attempts: 8,
            timeout: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// The wait before the next try after `tries` failed ones, or `None` to give up.
    fn wait_after(&self, tries: i64) -> Option<Duration> {
        if tries >= self.attempts {
            return None;
        }
        let factor = 4u32.saturating_pow(u32::try_from(tries - 1).unwrap_or(0).min(15));
        Some(
            self.first_wait
                .saturating_mul(factor)
                .min(Duration::from_secs(6 * 3600)),
        )
    }
}

/// How often the sender looks for due rows when nothing woke it.
const POLL: Duration = Duration::from_secs(5);
/// How long a claimed row is kept from other senders.
const LEASE_SECONDS: i64 = 120;

/// Runs until `stop` is notified; `wake` makes it look at once (a comment was just queued).
pub async fn run(app: App, wake: Arc<Notify>, stop: Arc<Notify>) {
    if app.config.webhooks.is_empty() && app.config.owner_emails.is_empty() {
        return;
    }
    loop {
        send_due(&app).await;
        tokio::select! {
            () = stop.notified() => return,
            () = wake.notified() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

/// Sends every row that is due now.
pub async fn send_due(app: &App) {
    loop {
        let entries = match app.store.due_notifications(20, LEASE_SECONDS).await {
            Ok(entries) => entries,
            Err(error) => {
                eprintln!("boke social: cannot read the notification outbox: {error}");
                return;
            }
        };
        if entries.is_empty() {
            return;
        }
        for entry in entries {
            send_one(app, &entry).await;
        }
    }
}

async fn send_one(app: &App, entry: &OutboxEntry) {
    let settled = match attempt(app, entry).await {
        Ok(()) => app.store.notification_sent(entry.id).await,
        Err(error) => {
            let tries = entry.attempts + 1;
            let wait = app.config.webhook_retry.wait_after(tries);
            match wait {
                Some(_) => eprintln!(
                    "boke social: notification {} to {} failed ({error}); trying again later",
                    entry.id, entry.channel
                ),
                None => eprintln!(
                    "boke social: notification {} to {} failed ({error}); given up after {tries} tries",
                    entry.id, entry.channel
                ),
            }
            let retry_at = match wait {
                // The outbox keeps whole seconds: a shorter wait is waited out here.
                Some(wait) if wait < Duration::from_secs(1) => {
                    tokio::time::sleep(wait).await;
                    Some(now())
                }
                Some(wait) => Some(now() + i64::try_from(wait.as_secs()).unwrap_or(i64::MAX / 2)),
                None => None,
            };
            app.store
                .notification_failed(entry.id, &error, retry_at)
                .await
        }
    };
    if let Err(error) = settled {
        eprintln!(
            "boke social: cannot record notification {}: {error}",
            entry.id
        );
    }
}

async fn attempt(app: &App, entry: &OutboxEntry) -> Result<(), String> {
    let comment = match app.store.comment(entry.comment_id).await {
        Ok(Some(comment)) => comment,
        // Deleted before the owner heard of it: nothing left to tell.
        Ok(None) => return Ok(()),
        Err(error) => return Err(error.to_string()),
    };
    let site = app.config.site_origins.first().cloned().unwrap_or_default();
    if entry.channel == crate::owner::CHANNEL {
        let mailer = app.mailer.as_ref().ok_or("no SMTP server is configured")?;
        let letter = crate::owner::OwnerMail {
            site_title: &app.config.site_title,
            page_url: format!("{site}{}", comment.page),
            public_url: &app.config.public_url,
            link_key: &app.secrets.link_key,
            now: now(),
        }
        .letter(&entry.target, &comment);
        return mailer
            .send(&letter)
            .await
            .map_err(|error| error.to_string());
    }
    let channel = Channel::from_name(&entry.channel)
        .ok_or_else(|| format!("unknown webhook kind {}", entry.channel))?;
    let notice = Notice {
        comment: &comment,
        site_title: &app.config.site_title,
        page_url: format!("{site}{}", comment.page),
        admin_url: format!("{}/admin", app.config.public_url),
        delivery: entry.id,
    };
    let webhook = Webhook {
        channel,
        url: entry.target.clone(),
    };
    let request = notice.request(&webhook, app.config.webhook_secret.as_deref(), now());
    deliver(channel, request, app.config.webhook_retry.timeout).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_fourfold_then_give_up() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.wait_after(1), Some(Duration::from_secs(30)));
        assert_eq!(policy.wait_after(2), Some(Duration::from_secs(120)));
        assert_eq!(policy.wait_after(3), Some(Duration::from_secs(480)));
        assert_eq!(policy.wait_after(7), Some(Duration::from_secs(6 * 3600)));
        assert_eq!(policy.wait_after(8), None);
    }
}
