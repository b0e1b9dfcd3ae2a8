//! The outbox of owner notifications: queued with their comment, claimed by one sender at a
//! time (a lease, so several instances on one PostgreSQL never send a row twice at once),
//! then settled as sent, retried later, or given up.

use sqlx::{Any, Row, Transaction};

use super::{Store, StoreResult, now};

/// One notification waiting to go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i64,
    pub channel: String,
    pub target: String,
    pub comment_id: i64,
    /// Tries made before this one.
    pub attempts: i64,
}

/// Where a notification stands, for operators and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxState {
    pub id: i64,
    pub attempts: i64,
    pub sent_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
}

pub(super) async fn enqueue(
    transaction: &mut Transaction<'static, Any>,
    channel: &str,
    target: &str,
    comment_id: i64,
) -> StoreResult<()> {
    let at = now();
    sqlx::query(
        "INSERT INTO outbox (channel, target, comment_id, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(channel)
    .bind(target)
    .bind(comment_id)
    .bind(at)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}

impl Store {
    /// Claims up to `limit` notifications that are due, each for `lease` seconds: until then
    /// no other sender takes it, and if this one dies mid-send it is tried again after.
    pub async fn due_notifications(&self, limit: i64, lease: i64) -> StoreResult<Vec<OutboxEntry>> {
        let at = now();
        let rows = sqlx::query(
            "SELECT id, channel, target, comment_id, attempts, next_attempt_at FROM outbox \
             WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
             ORDER BY id LIMIT $2",
        )
        .bind(at)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let mut claimed = Vec::new();
        for row in rows {
            let id: i64 = row.try_get("id")?;
            let seen: i64 = row.try_get("next_attempt_at")?;
            let _gate = self.write_gate().await;
            let taken = sqlx::query(
                "UPDATE outbox SET next_attempt_at = $1 \
                 WHERE id = $2 AND next_attempt_at = $3 AND sent_at IS NULL AND failed_at IS NULL",
            )
            .bind(at + lease)
            .bind(id)
            .bind(seen)
            .execute(self.pool())
            .await?
            .rows_affected();
            if taken == 1 {
                claimed.push(OutboxEntry {
                    id,
                    channel: row.try_get("channel")?,
                    target: row.try_get("target")?,
                    comment_id: row.try_get("comment_id")?,
                    attempts: row.try_get("attempts")?,
                });
            }
        }
        Ok(claimed)
    }

    /// Records a notification as delivered.
    pub async fn notification_sent(&self, id: i64) -> StoreResult<()> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL \
             WHERE id = $2",
        )
        .bind(now())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records a failed try: tried again at `retry_at`, or given up when that is `None`.
    pub async fn notification_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<i64>,
    ) -> StoreResult<()> {
        let _gate = self.write_gate().await;
        let at = now();
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $1, \
             next_attempt_at = $2, failed_at = $3 WHERE id = $4",
        )
        .bind(error)
        .bind(retry_at.unwrap_or(at))
        .bind(retry_at.is_none().then_some(at))
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Every notification, oldest first.
    pub async fn notifications(&self) -> StoreResult<Vec<OutboxState>> {
        let rows = sqlx::query(
            "SELECT id, attempts, sent_at, failed_at, last_error FROM outbox ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(OutboxState {
                    id: row.try_get("id")?,
                    attempts: row.try_get("attempts")?,
                    sent_at: row.try_get("sent_at")?,
                    failed_at: row.try_get("failed_at")?,
                    last_error: row.try_get("last_error")?,
                })
            })
            .collect()
    }
}
