//! Service-wide settings kept in the database (secrets shared by every instance, the admin
//! password hash), admin sessions, and commenters known by their browser's secret.

use sqlx::Row;

use super::{Store, StoreError, StoreResult, now};
use crate::keys::random_hex;

/// A commenter, known by the hash of a secret their browser keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commenter {
    pub id: i64,
    /// A moderator approved one of their comments (or one was published at once).
    pub trusted: bool,
}

/// Secrets every instance of the service shares, created on first start.
#[derive(Clone)]
pub struct Secrets {
    /// Signs confirmation and unsubscribe links.
    pub link_key: String,
    /// Salts visitor and address hashes.
    pub visitor_salt: String,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets { .. }")
    }
}

impl Store {
    /// Loads the shared secrets, creating them on first start.
    pub async fn secrets(&self) -> StoreResult<Secrets> {
        let fresh =
            |bytes| random_hex(bytes).map_err(|error| StoreError::Random(error.to_string()));
        Ok(Secrets {
            link_key: self.setting_or_init("link_key", &fresh(32)?).await?,
            visitor_salt: self.setting_or_init("visitor_salt", &fresh(16)?).await?,
        })
    }

    /// Reads a setting.
    pub async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|row| row.try_get("value")).transpose()?)
    }

    /// Reads a setting, storing `initial` first when it is absent. Safe when several
    /// instances start at once: the first writer wins and all read its value.
    pub async fn setting_or_init(&self, key: &str, initial: &str) -> StoreResult<String> {
        {
            let _gate = self.write_gate().await;
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(initial)
            .execute(self.pool())
            .await?;
        }
        Ok(self
            .setting(key)
            .await?
            .unwrap_or_else(|| initial.to_owned()))
    }

    /// Stores or replaces a setting.
    pub async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Remembers an admin session by the hash of its token.
    pub async fn add_admin_session(&self, token_hash: &str, expires_at: i64) -> StoreResult<()> {
        let _gate = self.write_gate().await;
        sqlx::query("DELETE FROM admin_sessions WHERE expires_at < $1")
            .bind(now())
            .execute(self.pool())
            .await?;
        sqlx::query("INSERT INTO admin_sessions (token_hash, expires_at) VALUES ($1, $2)")
            .bind(token_hash)
            .bind(expires_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Whether a session token hash is known and unexpired.
    pub async fn admin_session_valid(&self, token_hash: &str) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM admin_sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now())
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    /// Ends one admin session (logout); false when it was not live.
    pub async fn remove_admin_session(&self, token_hash: &str) -> StoreResult<bool> {
        let _gate = self.write_gate().await;
        let done = sqlx::query("DELETE FROM admin_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The commenter whose secret hashes to `token_hash`.
    pub async fn commenter(&self, token_hash: &str) -> StoreResult<Option<Commenter>> {
        let row = sqlx::query("SELECT id, trusted FROM commenters WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(self.pool())
            .await?;
        row.map(|row| {
            Ok(Commenter {
                id: row.try_get("id")?,
                trusted: row.try_get::<i64, _>("trusted")? != 0,
            })
        })
        .transpose()
    }

    /// Ends every admin session (after a password change).
    pub async fn clear_admin_sessions(&self) -> StoreResult<()> {
        let _gate = self.write_gate().await;
        sqlx::query("DELETE FROM admin_sessions")
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
