//! Links that act once: the approve and spam links of the owner's mail. Each use is recorded
//! under the link's key before it acts, so a second click (or a second mail's link for the
//! same comment) finds the first and says what it did.

use sqlx::Row;

use super::{Store, StoreResult, now};

/// What became of an attempt to use a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkUse {
    /// This call used the link; the caller acts now.
    First,
    /// It was used before: `action` at `used_at`.
    Already { action: String, used_at: i64 },
}

impl Store {
    /// Records that the link `key` is used for `action`, unless it was used before.
    pub async fn use_link(&self, key: &str, action: &str) -> StoreResult<LinkUse> {
        {
            let _gate = self.write_gate().await;
            let done = sqlx::query(
                "INSERT INTO link_uses (link, action, used_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (link) DO NOTHING",
            )
            .bind(key)
            .bind(action)
            .bind(now())
            .execute(self.pool())
            .await?;
            if done.rows_affected() > 0 {
                return Ok(LinkUse::First);
            }
        }
        Ok(self.link_use(key).await?.unwrap_or(LinkUse::First))
    }

    /// How the link `key` was used, if it was.
    pub async fn link_use(&self, key: &str) -> StoreResult<Option<LinkUse>> {
        let row = sqlx::query("SELECT action, used_at FROM link_uses WHERE link = $1")
            .bind(key)
            .fetch_optional(self.pool())
            .await?;
        row.map(|row| {
            Ok(LinkUse::Already {
                action: row.try_get("action")?,
                used_at: row.try_get("used_at")?,
            })
        })
        .transpose()
    }

    /// Forgets a use whose action then failed, so the link works again.
    pub async fn release_link(&self, key: &str) -> StoreResult<()> {
        let _gate = self.write_gate().await;
        sqlx::query("DELETE FROM link_uses WHERE link = $1")
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
