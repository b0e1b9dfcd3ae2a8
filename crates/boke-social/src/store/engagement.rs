//! Reactions (one fixed-set emoji per visitor per page) and page-view counters.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use sqlx::Row;

use super::{Store, StoreResult, now};

/// The reactions a reader can pick, by key, with the emoji the theme shows.
pub const REACTION_KINDS: [(&str, &str); 6] = [
    ("like", "👍"),
    ("love", "❤️"),
    ("laugh", "😄"),
    ("hooray", "🎉"),
    ("thinking", "🤔"),
    ("eyes", "👀"),
];

/// Reaction counts on one page and the asking visitor's own choice.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReactionSummary {
    pub counts: BTreeMap<String, i64>,
    pub mine: Option<String>,
}

impl Store {
    /// Sets, changes or (with `None`) withdraws a visitor's reaction on a page.
    pub async fn set_reaction(
        &self,
        page: &str,
        visitor: &str,
        kind: Option<&str>,
    ) -> StoreResult<()> {
        let _gate = self.write_gate().await;
        match kind {
            Some(kind) => {
                sqlx::query(
                    "INSERT INTO reactions (page, visitor, kind, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (page, visitor) DO UPDATE SET kind = excluded.kind",
                )
                .bind(page)
                .bind(visitor)
                .bind(kind)
                .bind(now())
                .execute(self.pool())
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM reactions WHERE page = $1 AND visitor = $2")
                    .bind(page)
                    .bind(visitor)
                    .execute(self.pool())
                    .await?;
            }
        }
        Ok(())
    }

    /// Every reaction kind's count on `page` (zeros included) and `visitor`'s pick.
    pub async fn reactions(&self, page: &str, visitor: &str) -> StoreResult<ReactionSummary> {
        let rows =
            sqlx::query("SELECT kind, COUNT(*) AS n FROM reactions WHERE page = $1 GROUP BY kind")
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
        let row = sqlx::query(
            "INSERT INTO page_views (page, views) VALUES ($1, 1) \
             ON CONFLICT (page) DO UPDATE SET views = page_views.views + 1 RETURNING views",
        )
        .bind(page)
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("views")?)
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
