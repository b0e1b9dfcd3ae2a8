//! Comment rows: inserting, threaded listing for readers, per-page counts, moderation states.

use std::collections::HashMap;

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError, StoreResult};

/// Where a comment stands in moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentStatus {
    Pending,
    Approved,
    Spam,
}

impl CommentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Pending => "pending",
            CommentStatus::Approved => "approved",
            CommentStatus::Spam => "spam",
        }
    }

    pub fn parse(text: &str) -> Option<CommentStatus> {
        match text {
            "pending" => Some(CommentStatus::Pending),
            "approved" => Some(CommentStatus::Approved),
            "spam" => Some(CommentStatus::Spam),
            _ => None,
        }
    }
}

/// Newest or oldest threads first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentOrder {
    #[default]
    Oldest,
    Newest,
}

/// A comment ready to store: already validated, its HTML already sanitized.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub page: String,
    pub parent_id: Option<i64>,
    pub author: String,
    pub email: Option<String>,
    pub website: Option<String>,
    pub body: String,
    pub html: String,
    pub ip_hash: Option<String>,
    pub created_at: i64,
    /// Origin of an imported comment (`waline:<id>`), so a re-import skips it.
    pub source: Option<String>,
}

/// A comment as readers see it: no email, no IP hash.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comment {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub author: String,
    pub website: Option<String>,
    pub html: String,
    pub created_at: i64,
    pub replies: Vec<Comment>,
}

/// One page of top-level comments with their replies.
#[derive(Debug, Clone, Serialize)]
pub struct Thread {
    /// Approved comments on the page, replies included.
    pub total: i64,
    /// Approved top-level comments, the unit of pagination.
    pub threads: i64,
    pub comments: Vec<Comment>,
}

/// A comment as the moderator sees it.
#[derive(Debug, Clone, Serialize)]
pub struct AdminComment {
    pub id: i64,
    pub page: String,
    pub parent_id: Option<i64>,
    pub author: String,
    pub email: Option<String>,
    pub website: Option<String>,
    pub body: String,
    pub html: String,
    pub status: CommentStatus,
    pub ip_hash: Option<String>,
    pub created_at: i64,
}

const READER_COLUMNS: &str = "id, parent_id, author, website, html, created_at";
const ADMIN_COLUMNS: &str =
    "id, page, parent_id, author, email, website, body, html, status, ip_hash, created_at";

fn reader_comment(row: &AnyRow) -> StoreResult<Comment> {
    Ok(Comment {
        id: row.try_get("id")?,
        parent_id: row.try_get("parent_id")?,
        author: row.try_get("author")?,
        website: row.try_get("website")?,
        html: row.try_get("html")?,
        created_at: row.try_get("created_at")?,
        replies: Vec::new(),
    })
}

fn admin_comment(row: &AnyRow) -> StoreResult<AdminComment> {
    let status: String = row.try_get("status")?;
    Ok(AdminComment {
        id: row.try_get("id")?,
        page: row.try_get("page")?,
        parent_id: row.try_get("parent_id")?,
        author: row.try_get("author")?,
        email: row.try_get("email")?,
        website: row.try_get("website")?,
        body: row.try_get("body")?,
        html: row.try_get("html")?,
        status: CommentStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("comment status `{status}`")))?,
        ip_hash: row.try_get("ip_hash")?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// Stores a comment; returns its id, or `None` when `source` was imported before.
    pub async fn insert_comment(
        &self,
        comment: &NewComment,
        status: CommentStatus,
    ) -> StoreResult<Option<i64>> {
        let _gate = self.write_gate().await;
        let row = sqlx::query(
            "INSERT INTO comments \
             (page, parent_id, author, email, website, body, html, status, ip_hash, created_at, source) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (source) DO NOTHING RETURNING id",
        )
        .bind(&comment.page)
        .bind(comment.parent_id)
        .bind(&comment.author)
        .bind(&comment.email)
        .bind(&comment.website)
        .bind(&comment.body)
        .bind(&comment.html)
        .bind(status.as_str())
        .bind(&comment.ip_hash)
        .bind(comment.created_at)
        .bind(&comment.source)
        .fetch_optional(self.pool())
        .await?;
        Ok(match row {
            Some(row) => Some(row.try_get("id")?),
            None => None,
        })
    }

    /// One page of approved threads on `page`: `limit` top-level comments from `offset`,
    /// each with all of its approved replies nested (oldest reply first).
    pub async fn thread(
        &self,
        page: &str,
        order: CommentOrder,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Thread> {
        let direction = match order {
            CommentOrder::Oldest => "ASC",
            CommentOrder::Newest => "DESC",
        };
        let counts = sqlx::query(
            "SELECT COUNT(*) AS total, \
             COUNT(CASE WHEN parent_id IS NULL THEN 1 END) AS threads \
             FROM comments WHERE page = $1 AND status = 'approved'",
        )
        .bind(page)
        .fetch_one(self.pool())
        .await?;
        let roots = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {READER_COLUMNS} FROM comments \
             WHERE page = $1 AND status = 'approved' AND parent_id IS NULL \
             ORDER BY created_at {direction}, id {direction} LIMIT $2 OFFSET $3"
        )))
        .bind(page)
        .bind(limit)
        .bind(offset)
        .fetch_all(self.pool())
        .await?;
        let replies = if roots.is_empty() {
            Vec::new()
        } else {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {READER_COLUMNS} FROM comments \
                 WHERE page = $1 AND status = 'approved' AND parent_id IS NOT NULL \
                 ORDER BY created_at ASC, id ASC"
            )))
            .bind(page)
            .fetch_all(self.pool())
            .await?
        };
        let mut children: HashMap<i64, Vec<Comment>> = HashMap::new();
        for row in &replies {
            let reply = reader_comment(row)?;
            if let Some(parent) = reply.parent_id {
                children.entry(parent).or_default().push(reply);
            }
        }
        let comments = roots
            .iter()
            .map(|row| reader_comment(row).map(|root| attach_replies(root, &mut children)))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Thread {
            total: counts.try_get("total")?,
            threads: counts.try_get("threads")?,
            comments,
        })
    }

    /// Approved comment counts for each of `pages` (pages without comments are absent).
    pub async fn comment_counts(&self, pages: &[String]) -> StoreResult<HashMap<String, i64>> {
        self.per_page_counts(
            "SELECT page, COUNT(*) AS n FROM comments \
             WHERE status = 'approved' AND page IN ({pages}) GROUP BY page",
            pages,
        )
        .await
    }

    /// The id of a comment imported from `source`, if it was.
    pub async fn comment_id_by_source(&self, source: &str) -> StoreResult<Option<i64>> {
        let row = sqlx::query("SELECT id FROM comments WHERE source = $1")
            .bind(source)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|row| row.try_get("id")).transpose()?)
    }

    /// One comment with everything the moderator may see.
    pub async fn comment(&self, id: i64) -> StoreResult<Option<AdminComment>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ADMIN_COLUMNS} FROM comments WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(admin_comment).transpose()
    }

    /// Comments in one moderation state, newest first.
    pub async fn comments_with_status(
        &self,
        status: CommentStatus,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<AdminComment>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ADMIN_COLUMNS} FROM comments WHERE status = $1 \
             ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"
        )))
        .bind(status.as_str())
        .bind(limit)
        .bind(offset)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(admin_comment).collect()
    }

    /// Whether this email address already has an approved comment (a returning commenter).
    pub async fn has_approved_comment(&self, email: &str) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM comments WHERE email = $1 AND status = 'approved'",
        )
        .bind(email)
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    /// Moves a comment to another moderation state; false when it does not exist.
    pub async fn set_comment_status(&self, id: i64, status: CommentStatus) -> StoreResult<bool> {
        let _gate = self.write_gate().await;
        let done = sqlx::query("UPDATE comments SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes a comment and its replies; false when it does not exist.
    pub async fn delete_comment(&self, id: i64) -> StoreResult<bool> {
        let _gate = self.write_gate().await;
        let done = sqlx::query("DELETE FROM comments WHERE id = $1")
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }
}

fn attach_replies(mut comment: Comment, children: &mut HashMap<i64, Vec<Comment>>) -> Comment {
    if let Some(replies) = children.remove(&comment.id) {
        comment.replies = replies
            .into_iter()
            .map(|reply| attach_replies(reply, children))
            .collect();
    }
    comment
}
