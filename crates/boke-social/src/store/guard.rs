//! What the comment guard keeps: proof-of-work challenges already answered (until they
//! expire), and the counts behind the per-email and per-page limits.

use sqlx::Row;

use super::{Store, StoreResult};

impl Store {
    /// Marks the challenge `id` answered; false when it was answered before (a replay).
    /// Challenges past their expiry are forgotten here too: they cannot be answered anyway.
    pub async fn spend_challenge(&self, id: i64, expires_at: i64, now: i64) -> StoreResult<bool> {
        let _gate = self.write_gate().await;
        let mut transaction = self.pool().begin().await?;
        sqlx::query("DELETE FROM spent_challenges WHERE expires_at < $1")
            .bind(now)
            .execute(&mut *transaction)
            .await?;
        let spent = sqlx::query(
            "INSERT INTO spent_challenges (id, expires_at) VALUES ($1, $2) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(expires_at)
        .execute(&mut *transaction)
        .await?
        .rows_affected();
        transaction.commit().await?;
        Ok(spent == 1)
    }

    /// Comments (of any status) stored since `since` with this email address.
    pub async fn comments_by_email_since(&self, email: &str, since: i64) -> StoreResult<i64> {
        self.comments_since("email", email, since).await
    }

    /// Comments (of any status) stored since `since` on this page.
    pub async fn comments_on_page_since(&self, page: &str, since: i64) -> StoreResult<i64> {
        self.comments_since("page", page, since).await
    }

    /// `column` is one of ours, never a reader's text.
    async fn comments_since(&self, column: &str, value: &str, since: i64) -> StoreResult<i64> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM comments WHERE {column} = $1 AND created_at >= $2"
        )))
        .bind(value)
        .bind(since)
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("n")?)
    }
}

impl Store {
    /// Records a commenter who proved who they are (a GitHub account, or an email link),
    /// trusted at once, known from now on by the hash of the secret their browser is given.
    pub async fn add_signed_in_commenter(
        &self,
        token_hash: &str,
        github_id: Option<i64>,
    ) -> StoreResult<()> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "INSERT INTO commenters (token_hash, trusted, created_at, github_id) \
             VALUES ($1, 1, $2, $3)",
        )
        .bind(token_hash)
        .bind(super::now())
        .bind(github_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
