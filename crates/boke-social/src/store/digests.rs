//! The newsletter's issues (weekly digests): each assembled once, its posts frozen as JSON
//! and recorded so no post is in two digests, and kept for the web archive, which also lists
//! the posts `notify` mailed one by one.

use sqlx::Row;

use super::{FeedPost, Store, StoreResult, now};

/// One issue as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// `2026-W49`.
    pub id: String,
    pub kind: String,
    /// The posts, as [`crate::digest`] wrote them.
    pub posts: String,
    pub created_at: i64,
}

fn issue(row: &sqlx::any::AnyRow) -> StoreResult<Issue> {
    Ok(Issue {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        posts: row.try_get("posts")?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// The issue `id`, if it was assembled.
    pub async fn issue(&self, id: &str) -> StoreResult<Option<Issue>> {
        let row = sqlx::query("SELECT id, kind, posts, created_at FROM newsletters WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(issue).transpose()
    }

    /// Every issue, newest first.
    pub async fn issues(&self) -> StoreResult<Vec<Issue>> {
        let rows = sqlx::query(
            "SELECT id, kind, posts, created_at FROM newsletters ORDER BY created_at DESC, id DESC",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(issue).collect()
    }

    /// The posts `notify` mailed on their own to at least one subscriber, newest first, with
    /// when they were first seen.
    pub async fn mailed_posts(&self) -> StoreResult<Vec<(FeedPost, i64)>> {
        let rows = sqlx::query(
            "SELECT id, url, title, summary, seen_at FROM posts p WHERE EXISTS ( \
               SELECT 1 FROM deliveries d WHERE d.post_id = p.id AND d.status = 'sent') \
             ORDER BY seen_at DESC, id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let post = FeedPost {
                    id: row.try_get("id")?,
                    url: row.try_get("url")?,
                    title: row.try_get("title")?,
                    summary: row.try_get("summary")?,
                };
                Ok((post, row.try_get("seen_at")?))
            })
            .collect()
    }

    /// Of `post_ids`, those already in an issue.
    pub async fn posts_in_issues(&self, post_ids: &[String]) -> StoreResult<Vec<String>> {
        if post_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT post_id FROM newsletter_posts WHERE post_id IN ({})",
            super::placeholders(1, post_ids.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in post_ids {
            query = query.bind(id);
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter().map(|row| Ok(row.try_get("post_id")?)).collect()
    }

    /// Stores issue `id` with `posts` (JSON) holding `post_ids`, unless an issue `id` exists
    /// already (a concurrent run made it); returns the issue that stands.
    pub async fn add_issue(
        &self,
        id: &str,
        kind: &str,
        posts: &str,
        post_ids: &[String],
    ) -> StoreResult<Issue> {
        {
            let _gate = self.write_gate().await;
            let mut transaction = self.pool().begin().await?;
            let done = sqlx::query(
                "INSERT INTO newsletters (id, kind, posts, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(id)
            .bind(kind)
            .bind(posts)
            .bind(now())
            .execute(&mut *transaction)
            .await?;
            if done.rows_affected() > 0 {
                for post in post_ids {
                    sqlx::query(
                        "INSERT INTO newsletter_posts (post_id, newsletter_id) VALUES ($1, $2) \
                         ON CONFLICT (post_id) DO NOTHING",
                    )
                    .bind(post)
                    .bind(id)
                    .execute(&mut *transaction)
                    .await?;
                }
            }
            transaction.commit().await?;
        }
        self.issue(id)
            .await?
            .ok_or_else(|| super::StoreError::Corrupt(format!("newsletter issue {id} vanished")))
    }
}
