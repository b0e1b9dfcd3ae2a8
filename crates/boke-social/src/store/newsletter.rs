//! Email subscribers, the posts `notify` has seen, and the per-(subscriber, post) delivery
//! ledger that makes `notify` send each post at most once per subscriber.

use serde::Serialize;
use sqlx::Row;

use super::{Store, StoreError, StoreResult, now};

/// Where a subscriber stands in the double opt-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubscriberStatus {
    Pending,
    Confirmed,
    Unsubscribed,
}

impl SubscriberStatus {
    fn as_str(self) -> &'static str {
        match self {
            SubscriberStatus::Pending => "pending",
            SubscriberStatus::Confirmed => "confirmed",
            SubscriberStatus::Unsubscribed => "unsubscribed",
        }
    }

    fn parse(text: &str) -> StoreResult<SubscriberStatus> {
        match text {
            "pending" => Ok(SubscriberStatus::Pending),
            "confirmed" => Ok(SubscriberStatus::Confirmed),
            "unsubscribed" => Ok(SubscriberStatus::Unsubscribed),
            other => Err(StoreError::Corrupt(format!("subscriber status `{other}`"))),
        }
    }
}

/// One subscriber.
#[derive(Debug, Clone, Serialize)]
pub struct Subscriber {
    pub id: i64,
    pub email: String,
    pub status: SubscriberStatus,
    pub lang: String,
    pub confirmed_at: Option<i64>,
}

/// A post read from the site's feed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedPost {
    pub id: String,
    pub url: String,
    pub title: String,
    pub summary: String,
}

/// The outcome of trying to claim one delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryClaim {
    /// This run owns the delivery and must send it.
    Claimed,
    /// Sent before, in flight elsewhere, or interrupted mid-send: never send again.
    AlreadyHandled,
}

fn subscriber(row: &sqlx::any::AnyRow) -> StoreResult<Subscriber> {
    Ok(Subscriber {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        status: SubscriberStatus::parse(&row.try_get::<String, _>("status")?)?,
        lang: row.try_get("lang")?,
        confirmed_at: row.try_get("confirmed_at")?,
    })
}

impl Store {
    /// Records a subscription request. A new or unsubscribed address becomes pending;
    /// an address already pending or confirmed keeps its state. Returns the stored row.
    pub async fn add_subscriber(&self, email: &str, lang: &str) -> StoreResult<Subscriber> {
        {
            let _gate = self.write_gate().await;
            sqlx::query(
                "INSERT INTO subscribers (email, status, lang, created_at) VALUES ($1, 'pending', $2, $3) \
                 ON CONFLICT (email) DO UPDATE SET status = 'pending', lang = excluded.lang \
                 WHERE subscribers.status = 'unsubscribed'",
            )
            .bind(email)
            .bind(lang)
            .bind(now())
            .execute(self.pool())
            .await?;
        }
        self.subscriber(email)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("subscriber {email} vanished")))
    }

    /// Marks that a confirmation mail goes out to a pending address now, unless one went out
    /// within `period` seconds; true when this call may send it. One mail per address per
    /// period, whoever asks and from wherever.
    pub async fn take_confirmation_turn(&self, email: &str, period: i64) -> StoreResult<bool> {
        let _gate = self.write_gate().await;
        let now = now();
        let done = sqlx::query(
            "UPDATE subscribers SET confirm_sent_at = $1 \
             WHERE email = $2 AND status = 'pending' \
             AND (confirm_sent_at IS NULL OR confirm_sent_at <= $3)",
        )
        .bind(now)
        .bind(email)
        .bind(now - period)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Looks up a subscriber by id (signed links name the id, never the address).
    pub async fn subscriber_by_id(&self, id: i64) -> StoreResult<Option<Subscriber>> {
        let row = sqlx::query(
            "SELECT id, email, status, lang, confirmed_at FROM subscribers WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(subscriber).transpose()
    }

    /// Looks up a subscriber by address.
    pub async fn subscriber(&self, email: &str) -> StoreResult<Option<Subscriber>> {
        let row = sqlx::query(
            "SELECT id, email, status, lang, confirmed_at FROM subscribers WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(subscriber).transpose()
    }

    /// Confirms a pending subscriber; false when the address is unknown or unsubscribed.
    pub async fn confirm_subscriber(&self, email: &str) -> StoreResult<bool> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "UPDATE subscribers SET status = 'confirmed', confirmed_at = $1 \
             WHERE email = $2 AND status = 'pending'",
        )
        .bind(now())
        .bind(email)
        .execute(self.pool())
        .await?;
        let row = sqlx::query("SELECT status FROM subscribers WHERE email = $1")
            .bind(email)
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(row) => row.try_get::<String, _>("status")? == "confirmed",
            None => false,
        })
    }

    /// Unsubscribes an address (idempotent); false when it was never subscribed.
    pub async fn unsubscribe(&self, email: &str) -> StoreResult<bool> {
        let _gate = self.write_gate().await;
        let done = sqlx::query("UPDATE subscribers SET status = $1 WHERE email = $2")
            .bind(SubscriberStatus::Unsubscribed.as_str())
            .bind(email)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Every subscriber, for the admin view.
    pub async fn subscribers(&self) -> StoreResult<Vec<Subscriber>> {
        let rows = sqlx::query(
            "SELECT id, email, status, lang, confirmed_at FROM subscribers ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(subscriber).collect()
    }

    /// Confirmed subscribers who had confirmed by `seen_at` and whose delivery of `post` is
    /// not settled yet (never tried, or refused and so retryable); suppressed addresses never.
    pub async fn recipients(&self, post: &str, seen_at: i64) -> StoreResult<Vec<Subscriber>> {
        let rows = sqlx::query(
            "SELECT id, email, status, lang, confirmed_at FROM subscribers s \
             WHERE status = 'confirmed' AND confirmed_at <= $1 AND NOT EXISTS ( \
               SELECT 1 FROM deliveries d \
               WHERE d.subscriber_id = s.id AND d.post_id = $2 AND d.status <> 'failed') \
             AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email = s.email) \
             ORDER BY id",
        )
        .bind(seen_at)
        .bind(post)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(subscriber).collect()
    }

    /// Whether `notify` has ever recorded a post (the first run only takes a baseline).
    pub async fn has_seen_posts(&self) -> StoreResult<bool> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM posts")
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    /// Records a post the first time it is seen; returns when it was first seen.
    pub async fn record_post(&self, post: &FeedPost, seen_at: i64) -> StoreResult<i64> {
        {
            let _gate = self.write_gate().await;
            sqlx::query(
                "INSERT INTO posts (id, url, title, summary, seen_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(&post.id)
            .bind(&post.url)
            .bind(&post.title)
            .bind(&post.summary)
            .bind(seen_at)
            .execute(self.pool())
            .await?;
        }
        let row = sqlx::query("SELECT seen_at FROM posts WHERE id = $1")
            .bind(&post.id)
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("seen_at")?)
    }

    /// Claims the delivery of `post` to `subscriber` before sending. Only one claim ever
    /// succeeds, and a claim left `sending` by an interrupted run is never retried, so a
    /// re-run cannot send twice. A delivery that failed with a definite SMTP refusal
    /// (`failed`) may be claimed again.
    pub async fn claim_delivery(&self, subscriber: i64, post: &str) -> StoreResult<DeliveryClaim> {
        let _gate = self.write_gate().await;
        let done = sqlx::query(
            "INSERT INTO deliveries (subscriber_id, post_id, status, updated_at) \
             VALUES ($1, $2, 'sending', $3) \
             ON CONFLICT (subscriber_id, post_id) DO UPDATE SET status = 'sending', updated_at = excluded.updated_at \
             WHERE deliveries.status = 'failed'",
        )
        .bind(subscriber)
        .bind(post)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(if done.rows_affected() > 0 {
            DeliveryClaim::Claimed
        } else {
            DeliveryClaim::AlreadyHandled
        })
    }

    /// Records how a claimed delivery ended: `sent`, `failed` (refused, retry later) or
    /// `unknown` (the connection broke mid-send; never retried).
    pub async fn finish_delivery(
        &self,
        subscriber: i64,
        post: &str,
        status: &str,
    ) -> StoreResult<()> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "UPDATE deliveries SET status = $1, updated_at = $2 \
             WHERE subscriber_id = $3 AND post_id = $4",
        )
        .bind(status)
        .bind(now())
        .bind(subscriber)
        .bind(post)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Delivery counts by status, for reports.
    pub async fn delivery_counts(&self) -> StoreResult<Vec<(String, i64)>> {
        let rows = sqlx::query(
            "SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status ORDER BY status",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("status")?, row.try_get("n")?)))
            .collect()
    }
}
