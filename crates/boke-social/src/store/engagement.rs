//! Reactions (one fixed-set emoji per visitor per page) and page-view counters.
//!
//! Reaction totals live in `reaction_counts`, changed in the same transaction as the
//! reaction itself, so reading a page's reactions costs one row per kind however many
//! readers reacted. One client address adds at most [`REACTIONS_PER_ADDRESS`] reactions to a
//! page, whatever user agents it sends.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use sqlx::Row;

use super::{Backend, Store, StoreResult, now, write_returning};

/// The reactions a reader can pick, by key, with the emoji the theme shows.
pub const REACTION_KINDS: [(&str, &str); 6] = [
    ("like", "👍"),
    ("love", "❤️"),
    ("laugh", "😄"),
    ("hooray", "🎉"),
    ("thinking", "🤔"),
    ("eyes", "👀"),
];

/// How many reactions one client address may add to one page, whatever its user agents
/// (enough for a household or an office behind one address).
pub const REACTIONS_PER_ADDRESS: usize = 8;

/// Reaction counts on one page and the asking visitor's own choice.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReactionSummary {
    pub counts: BTreeMap<String, i64>,
    pub mine: Option<String>,
}

/// What became of a reaction a visitor sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReactionOutcome {
    Stored,
    /// The visitor's address already added [`REACTIONS_PER_ADDRESS`] to this page.
    AddressFull,
}

impl Store {
    /// Sets, changes or (with `None`) withdraws a visitor's reaction on a page. `ip_hash`
    /// stands for the client address, to bound how many visitors one address can be.
    pub async fn set_reaction(
        &self,
        page: &str,
        visitor: &str,
        ip_hash: &str,
        kind: Option<&str>,
    ) -> StoreResult<ReactionOutcome> {
        let _gate = self.write_gate().await;
        let mut transaction = self.pool().begin().await?;
        if self.backend() == Backend::Postgres {
            // One writer per page at a time, so the old kind read below is still the kind
            // when its count is moved (SQLite's write gate already serializes writers).
            sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))")
                .bind(page)
                .execute(&mut *transaction)
                .await?;
        }
        let previous: Option<String> = write_returning(
            &mut *transaction,
            sqlx::query("DELETE FROM reactions WHERE page = $1 AND visitor = $2 RETURNING kind")
                .bind(page)
                .bind(visitor),
        )
        .await?
        .map(|row| row.try_get("kind"))
        .transpose()?;
        if previous.is_none() && kind.is_some() {
            let from_address =
                sqlx::query("SELECT COUNT(*) AS n FROM reactions WHERE page = $1 AND ip_hash = $2")
                    .bind(page)
                    .bind(ip_hash)
                    .fetch_one(&mut *transaction)
                    .await?
                    .try_get::<i64, _>("n")?;
            if from_address >= REACTIONS_PER_ADDRESS as i64 {
                return Ok(ReactionOutcome::AddressFull);
            }
        }
        if let Some(kind) = kind {
            sqlx::query(
                "INSERT INTO reactions (page, visitor, kind, created_at, ip_hash) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(page)
            .bind(visitor)
            .bind(kind)
            .bind(now())
            .bind(ip_hash)
            .execute(&mut *transaction)
            .await?;
        }
        if previous.as_deref() != kind {
            if let Some(previous) = &previous {
                sqlx::query(
                    "UPDATE reaction_counts SET n = n - 1 WHERE page = $1 AND kind = $2 AND n > 0",
                )
                .bind(page)
                .bind(previous)
                .execute(&mut *transaction)
                .await?;
            }
            if let Some(kind) = kind {
                sqlx::query(
                    "INSERT INTO reaction_counts (page, kind, n) VALUES ($1, $2, 1) \
                     ON CONFLICT (page, kind) DO UPDATE SET n = reaction_counts.n + 1",
                )
                .bind(page)
                .bind(kind)
                .execute(&mut *transaction)
                .await?;
            }
        }
        transaction.commit().await?;
        Ok(ReactionOutcome::Stored)
    }

    /// Every reaction kind's count on `page` (zeros included) and `visitor`'s pick: one row
    /// per kind and one key lookup, whatever the number of reactions.
    pub async fn reactions(&self, page: &str, visitor: &str) -> StoreResult<ReactionSummary> {
        let rows = sqlx::query("SELECT kind, n FROM reaction_counts WHERE page = $1")
            .bind(page)
            .fetch_all(self.pool())
            .await?;
        let mut counts: BTreeMap<String, i64> = REACTION_KINDS
            .iter()
            .map(|(kind, _)| ((*kind).to_owned(), 0))
            .collect();
        for row in &rows {
            let kind: String = row.try_get("kind")?;
            if let Some(count) = counts.get_mut(&kind) {
                *count = row.try_get("n")?;
            }
        }
        let mine = sqlx::query("SELECT kind FROM reactions WHERE page = $1 AND visitor = $2")
            .bind(page)
            .bind(visitor)
            .fetch_optional(self.pool())
            .await?
            .map(|row| row.try_get("kind"))
            .transpose()?;
        Ok(ReactionSummary { counts, mine })
    }

    /// Counts one view of `page`; returns the new total.
    pub async fn add_view(&self, page: &str) -> StoreResult<i64> {
        let _gate = self.write_gate().await;
        let row = write_returning(
            self.pool(),
            sqlx::query(
                "INSERT INTO page_views (page, views) VALUES ($1, 1) \
                 ON CONFLICT (page) DO UPDATE SET views = page_views.views + 1 RETURNING views",
            )
            .bind(page),
        )
        .await?
        .ok_or_else(|| super::StoreError::Corrupt(format!("no view count for {page}")))?;
        Ok(row.try_get("views")?)
    }

    /// Sets `page`'s views to `views` unless it has that many already (an import run twice
    /// counts nothing twice); true when the count changed.
    pub async fn raise_views(&self, page: &str, views: i64) -> StoreResult<bool> {
        let _gate = self.write_gate().await;
        let changed = sqlx::query(
            "INSERT INTO page_views (page, views) VALUES ($1, $2) \
             ON CONFLICT (page) DO UPDATE SET views = excluded.views \
             WHERE page_views.views < excluded.views",
        )
        .bind(page)
        .bind(views)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(changed > 0)
    }

    /// View counts for each of `pages` (pages never viewed are absent).
    pub async fn view_counts(&self, pages: &[String]) -> StoreResult<HashMap<String, i64>> {
        self.per_page_counts(
            "SELECT page, views AS n FROM page_views WHERE page IN ({pages})",
            pages,
        )
        .await
    }
}
