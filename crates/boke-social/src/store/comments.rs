//! Comment rows: inserting, threaded listing for readers, per-page counts, moderation states.
//!
//! Replies nest at most [`MAX_REPLY_DEPTH`] deep, on the way in and on the way out, and no
//! code walks a thread recursively: a chain of replies is reader-made and may be any length.

use std::collections::HashMap;

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError, StoreResult, write_returning};

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
    /// The commenter who proved their identity with their browser's secret, if any.
    pub commenter_id: Option<i64>,
    /// Short browser and system names ([`crate::agent`]); the User-Agent is not kept.
    pub browser: Option<String>,
    pub os: Option<String>,
    /// The commenter's region (IP属地) from the operator's database ([`crate::region`]).
    pub region: Option<String>,
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
    /// Shown only when the operator turns it on (`--show-user-agent`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    /// Present when the operator gave a region database and did not hide regions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Read for [`crate::avatar`] only: never served.
    #[serde(skip)]
    pub email: Option<String>,
    /// The seed of the commenter's drawn picture, and a picture service's URL when the
    /// operator turned one on ([`crate::avatar`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    pub replies: Vec<Comment>,
}

impl Comment {
    /// Drops the browser and system names from this comment and every reply under it.
    pub fn hide_agents(comments: &mut [Comment]) {
        Comment::for_each(comments, |comment| {
            comment.browser = None;
            comment.os = None;
        });
    }

    /// Drops the region from this comment and every reply under it.
    pub fn hide_regions(comments: &mut [Comment]) {
        Comment::for_each(comments, |comment| comment.region = None);
    }

    /// Calls `change` on each comment and reply, without recursion.
    pub(crate) fn for_each(comments: &mut [Comment], mut change: impl FnMut(&mut Comment)) {
        let mut stack: Vec<&mut Comment> = comments.iter_mut().collect();
        while let Some(comment) = stack.pop() {
            change(comment);
            stack.extend(comment.replies.iter_mut());
        }
    }
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

/// How deep replies nest below a top-level comment (depth 0). A reply to a comment at this
/// depth is stored under that comment's parent instead, as Waline and Remark42 do, and a
/// deeper chain already stored is shown flattened at this depth.
pub const MAX_REPLY_DEPTH: usize = 8;

const READER_COLUMNS: &str =
    "id, parent_id, author, website, html, created_at, browser, os, region, email";
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
        browser: row.try_get("browser")?,
        os: row.try_get("os")?,
        region: row.try_get("region")?,
        email: row.try_get("email")?,
        avatar: None,
        avatar_url: None,
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
    /// A reply deeper than [`MAX_REPLY_DEPTH`] is stored under the deepest allowed ancestor;
    /// an approved comment makes its commenter trusted, in the same transaction.
    pub async fn insert_comment(
        &self,
        comment: &NewComment,
        status: CommentStatus,
    ) -> StoreResult<Option<i64>> {
        self.insert_comment_notifying(comment, status, &[], None)
            .await
    }

    /// Like [`Store::insert_comment`], and in the same transaction queues a notification of
    /// the new comment to each `(channel, target)` webhook (see [`Store::due_notifications`])
    /// and, for a first comment, records its new commenter by the hash of their secret (in
    /// place of `comment.commenter_id`): one write where there would be two.
    pub async fn insert_comment_notifying(
        &self,
        comment: &NewComment,
        status: CommentStatus,
        webhooks: &[(&str, &str)],
        new_commenter: Option<&str>,
    ) -> StoreResult<Option<i64>> {
        let parent_id = match comment.parent_id {
            Some(parent) => Some(self.ancestor_within_depth(parent).await?),
            None => None,
        };
        let _gate = self.write_gate().await;
        let mut transaction = self.pool().begin().await?;
        let commenter_id = match new_commenter {
            Some(token_hash) => {
                let row = write_returning(
                    &mut *transaction,
                    sqlx::query(
                        "INSERT INTO commenters (token_hash, trusted, created_at) \
                         VALUES ($1, 0, $2) RETURNING id",
                    )
                    .bind(token_hash)
                    .bind(comment.created_at),
                )
                .await?
                .ok_or_else(|| StoreError::Corrupt("a new commenter has no id".into()))?;
                Some(row.try_get::<i64, _>("id")?)
            }
            None => comment.commenter_id,
        };
        let row = write_returning(
            &mut *transaction,
            sqlx::query(
                "INSERT INTO comments \
                 (page, parent_id, author, email, website, body, html, status, ip_hash, created_at, \
                 source, commenter_id, browser, os, region) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
                 ON CONFLICT (source) DO NOTHING RETURNING id",
            )
            .bind(&comment.page)
            .bind(parent_id)
            .bind(&comment.author)
            .bind(&comment.email)
            .bind(&comment.website)
            .bind(&comment.body)
            .bind(&comment.html)
            .bind(status.as_str())
            .bind(&comment.ip_hash)
            .bind(comment.created_at)
            .bind(&comment.source)
            .bind(commenter_id)
            .bind(&comment.browser)
            .bind(&comment.os)
            .bind(&comment.region),
        )
        .await?;
        if let (Some(commenter), CommentStatus::Approved, Some(_)) = (commenter_id, status, &row) {
            sqlx::query("UPDATE commenters SET trusted = 1 WHERE id = $1")
                .bind(commenter)
                .execute(&mut *transaction)
                .await?;
        }
        let id: Option<i64> = match row {
            Some(row) => Some(row.try_get("id")?),
            None => None,
        };
        if let Some(id) = id {
            for (channel, target) in webhooks {
                super::outbox::enqueue(&mut transaction, channel, target, id).await?;
            }
        }
        transaction.commit().await?;
        Ok(id)
    }

    /// The comment a reply to `parent` hangs under: `parent` itself, or the ancestor at
    /// [`MAX_REPLY_DEPTH`] when `parent` is that deep already.
    async fn ancestor_within_depth(&self, parent: i64) -> StoreResult<i64> {
        // The chain upwards from `parent`, nearest first, one row more than the cap allows.
        let rows = sqlx::query(
            "WITH RECURSIVE chain (id, parent_id, up) AS ( \
               SELECT id, parent_id, CAST(0 AS BIGINT) FROM comments WHERE id = $1 \
               UNION ALL \
               SELECT c.id, c.parent_id, chain.up + 1 FROM comments c \
               JOIN chain ON c.id = chain.parent_id WHERE chain.up < $2) \
             SELECT id, parent_id FROM chain ORDER BY up",
        )
        .bind(parent)
        .bind(MAX_REPLY_DEPTH as i64 + 1)
        .fetch_all(self.pool())
        .await?;
        let chain = rows
            .iter()
            .map(|row| {
                Ok((
                    row.try_get::<i64, _>("id")?,
                    row.try_get::<Option<i64>, _>("parent_id")?,
                ))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let reaches_root = chain.last().is_some_and(|(_, up)| up.is_none());
        if !reaches_root {
            // Deeper than the walk (a chain stored before the cap): the farthest ancestor
            // walked is as good a home as any and keeps the walk bounded.
            return Ok(chain.last().map_or(parent, |(id, _)| *id));
        }
        let parent_depth = chain.len() - 1;
        if parent_depth < MAX_REPLY_DEPTH {
            return Ok(parent);
        }
        // chain[k] is at depth parent_depth - k; the reply may hang at MAX_REPLY_DEPTH at most.
        Ok(chain[parent_depth + 1 - MAX_REPLY_DEPTH].0)
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
        let replies = replies
            .iter()
            .map(reader_comment)
            .collect::<StoreResult<Vec<_>>>()?;
        let roots = roots
            .iter()
            .map(reader_comment)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Thread {
            total: counts.try_get("total")?,
            threads: counts.try_get("threads")?,
            comments: nest(roots, replies),
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

    /// Moves a comment to another moderation state; false when it does not exist. Approving
    /// a comment makes its commenter trusted, so their next comments need no moderator.
    pub async fn set_comment_status(&self, id: i64, status: CommentStatus) -> StoreResult<bool> {
        let _gate = self.write_gate().await;
        let mut transaction = self.pool().begin().await?;
        let done = sqlx::query("UPDATE comments SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(id)
            .execute(&mut *transaction)
            .await?;
        if status == CommentStatus::Approved {
            sqlx::query(
                "UPDATE commenters SET trusted = 1 \
                 WHERE id = (SELECT commenter_id FROM comments WHERE id = $1)",
            )
            .bind(id)
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
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

/// Where a reply is shown: under a top-level comment or under another reply.
#[derive(Clone, Copy)]
enum Under {
    Root(usize),
    Reply(usize),
}

/// How far resolving one reply got.
#[derive(Clone, Copy)]
enum Place {
    Unvisited,
    /// On the walk in progress; meeting it again means the parents form a cycle.
    Visiting,
    /// Its parent is not shown (pending, deleted, or a cycle): the reply is left out.
    Hidden,
    Shown {
        depth: usize,
        under: Under,
    },
}

/// Builds the reply trees under `roots` without recursion. `replies` come oldest first; each
/// is shown under its parent, or beside its parent when the parent is at [`MAX_REPLY_DEPTH`],
/// so the result nests at most that deep whatever chains the database holds.
fn nest(mut roots: Vec<Comment>, replies: Vec<Comment>) -> Vec<Comment> {
    let root_at: HashMap<i64, usize> = roots
        .iter()
        .enumerate()
        .map(|(at, root)| (root.id, at))
        .collect();
    let reply_at: HashMap<i64, usize> = replies
        .iter()
        .enumerate()
        .map(|(at, reply)| (reply.id, at))
        .collect();
    let mut places = vec![Place::Unvisited; replies.len()];
    let mut path = Vec::new();
    for start in 0..replies.len() {
        if !matches!(places[start], Place::Unvisited) {
            continue;
        }
        // Walk up to the first ancestor already placed (or a root, or a dead end) ...
        let mut at = start;
        let mut parent = loop {
            places[at] = Place::Visiting;
            path.push(at);
            let parent_id = replies[at].parent_id;
            if let Some(&root) = parent_id.and_then(|id| root_at.get(&id)) {
                break Some(Under::Root(root));
            }
            match parent_id.and_then(|id| reply_at.get(&id)) {
                Some(&up) if matches!(places[up], Place::Unvisited) => at = up,
                Some(&up) if !matches!(places[up], Place::Visiting) => {
                    break Some(Under::Reply(up));
                }
                _ => break None,
            }
        };
        // ... then place the walked replies from the top down.
        while let Some(slot) = path.pop() {
            places[slot] = match parent {
                Some(Under::Root(root)) => Place::Shown {
                    depth: 1,
                    under: Under::Root(root),
                },
                Some(Under::Reply(up)) => match places[up] {
                    Place::Shown { depth, .. } if depth < MAX_REPLY_DEPTH => Place::Shown {
                        depth: depth + 1,
                        under: Under::Reply(up),
                    },
                    shown @ Place::Shown { .. } => shown,
                    _ => Place::Hidden,
                },
                None => Place::Hidden,
            };
            parent = Some(Under::Reply(slot));
        }
    }
    // Deepest first, so each reply is complete before it moves into its parent; within a
    // depth in time order, so siblings stay oldest first.
    let mut by_depth = vec![Vec::new(); MAX_REPLY_DEPTH + 1];
    for (slot, place) in places.iter().enumerate() {
        if let Place::Shown { depth, under } = place {
            by_depth[*depth].push((slot, *under));
        }
    }
    let mut built: Vec<Option<Comment>> = replies.into_iter().map(Some).collect();
    for level in by_depth.iter().rev() {
        for &(slot, under) in level {
            let Some(reply) = built[slot].take() else {
                continue;
            };
            match under {
                Under::Root(root) => roots[root].replies.push(reply),
                Under::Reply(up) => {
                    if let Some(parent) = built[up].as_mut() {
                        parent.replies.push(reply);
                    }
                }
            }
        }
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: i64, parent_id: Option<i64>) -> Comment {
        Comment {
            id,
            parent_id,
            author: String::new(),
            website: None,
            html: String::new(),
            created_at: id,
            browser: None,
            os: None,
            region: None,
            email: None,
            avatar: None,
            avatar_url: None,
            replies: Vec::new(),
        }
    }

    fn depth_and_count(comments: &[Comment]) -> (usize, usize) {
        let mut stack: Vec<(&Comment, usize)> = comments.iter().map(|c| (c, 0)).collect();
        let (mut deepest, mut count) = (0, 0);
        while let Some((comment, depth)) = stack.pop() {
            deepest = deepest.max(depth);
            count += 1;
            stack.extend(comment.replies.iter().map(|reply| (reply, depth + 1)));
        }
        (deepest, count)
    }

    #[test]
    fn a_long_chain_is_shown_flattened_at_the_cap_in_order() {
        let replies: Vec<_> = (2..=50).map(|id| comment(id, Some(id - 1))).collect();
        let tree = nest(vec![comment(1, None)], replies);
        assert_eq!(depth_and_count(&tree), (MAX_REPLY_DEPTH, 50));
        let mut node = &tree[0];
        for _ in 1..MAX_REPLY_DEPTH {
            assert_eq!(node.replies.len(), 1);
            node = &node.replies[0];
        }
        let beside: Vec<i64> = node.replies.iter().map(|reply| reply.id).collect();
        let expected: Vec<i64> = (MAX_REPLY_DEPTH as i64 + 1..=50).collect();
        assert_eq!(beside, expected);
    }

    #[test]
    fn replies_out_of_time_order_cycles_and_orphans() {
        // 3 answers 4 although it is older; 5 and 6 answer each other; 7 answers a hidden 99.
        let replies = vec![
            comment(3, Some(4)),
            comment(4, Some(1)),
            comment(5, Some(6)),
            comment(6, Some(5)),
            comment(7, Some(99)),
            comment(8, Some(8)),
        ];
        let tree = nest(vec![comment(1, None)], replies);
        assert_eq!(depth_and_count(&tree), (2, 3));
        assert_eq!(tree[0].replies[0].id, 4);
        assert_eq!(tree[0].replies[0].replies[0].id, 3);
    }
}
