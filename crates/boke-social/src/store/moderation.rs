//! Block list: hashed IP addresses and email addresses whose comments are refused.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{Store, StoreError, StoreResult, now};

/// What a block matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// A salted hash of the client address (raw addresses are never stored).
    Ip,
    /// A lower-cased email address.
    Email,
}

impl BlockKind {
    fn as_str(self) -> &'static str {
        match self {
            BlockKind::Ip => "ip",
            BlockKind::Email => "email",
        }
    }
}

/// One entry of the block list.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub id: i64,
    pub kind: BlockKind,
    pub value: String,
    pub created_at: i64,
}

impl Store {
    /// Adds a block (idempotent).
    pub async fn add_block(&self, kind: BlockKind, value: &str) -> StoreResult<()> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "INSERT INTO blocks (kind, value, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (kind, value) DO NOTHING",
        )
        .bind(kind.as_str())
        .bind(value)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Removes a block; false when it did not exist.
    pub async fn remove_block(&self, id: i64) -> StoreResult<bool> {
        let _gate = self.write_gate().await;
        let done = sqlx::query("DELETE FROM blocks WHERE id = $1")
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The whole block list, newest first.
    pub async fn blocks(&self) -> StoreResult<Vec<Block>> {
        let rows = sqlx::query(
            "SELECT id, kind, value, created_at FROM blocks ORDER BY created_at DESC, id DESC",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let kind: String = row.try_get("kind")?;
                Ok(Block {
                    id: row.try_get("id")?,
                    kind: match kind.as_str() {
                        "ip" => BlockKind::Ip,
                        "email" => BlockKind::Email,
                        other => return Err(StoreError::Corrupt(format!("block kind `{other}`"))),
                    },
                    value: row.try_get("value")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Whether either the hashed address or the email is on the block list.
    pub async fn is_blocked(
        &self,
        ip_hash: Option<&str>,
        email: Option<&str>,
    ) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM blocks \
             WHERE (kind = 'ip' AND value = $1) OR (kind = 'email' AND value = $2)",
        )
        .bind(ip_hash.unwrap_or(""))
        .bind(email.unwrap_or(""))
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }
}
