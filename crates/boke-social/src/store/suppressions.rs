//! The suppression list: addresses that bounced for good, complained, or left another list,
//! and so are never mailed (see [`crate::bounce`] and [`crate::subscribers`]).

use serde::Serialize;
use sqlx::Row;

use super::{Store, StoreResult, now};

/// One suppressed address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    pub email: String,
    /// `bounce`, `complaint`, `unsubscribed` or `cleaned`.
    pub reason: String,
    /// Who said so: `ses`, `postmark`, `generic`, or the import's format.
    pub source: String,
    pub created_at: i64,
}

impl Store {
    /// Suppresses `email` (lower-cased by the caller); false when it already was (the first
    /// reason is kept).
    pub async fn suppress(&self, email: &str, reason: &str, source: &str) -> StoreResult<bool> {
        let _gate = self.write_gate().await;
        let done = sqlx::query(
            "INSERT INTO suppressions (email, reason, source, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (email) DO NOTHING",
        )
        .bind(email)
        .bind(reason)
        .bind(source)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Whether `email` is suppressed.
    pub async fn is_suppressed(&self, email: &str) -> StoreResult<bool> {
        let row = sqlx::query("SELECT 1 AS one FROM suppressions WHERE email = $1")
            .bind(email)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.is_some())
    }

    /// Every suppressed address, oldest first.
    pub async fn suppressions(&self) -> StoreResult<Vec<Suppression>> {
        let rows = sqlx::query(
            "SELECT email, reason, source, created_at FROM suppressions ORDER BY created_at, email",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Suppression {
                    email: row.try_get("email")?,
                    reason: row.try_get("reason")?,
                    source: row.try_get("source")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }
}
