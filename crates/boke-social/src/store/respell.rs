//! Page keys stored before every path had one spelling ([`crate::page`]): an import of Valine
//! or Waline data could keep Chinese paths decoded (`/posts/大/`), which the site's pages,
//! asking for `/posts/%E5%A4%A7/`, never find. Once per database, at start, those comments and
//! view counts move to the spelling the pages ask for.

use sqlx::Row;

use super::{Store, StoreResult};
use crate::page::page_key;

/// The setting that says the move was made.
const DONE: &str = "page_keys_respelled";

impl Store {
    /// Moves comments and page views stored under another spelling of a page's path to its
    /// one key; a page counted under both keeps the larger count, as an import does.
    pub(super) async fn respell_pages(&self) -> StoreResult<()> {
        if self.setting(DONE).await?.is_some() {
            return Ok(());
        }
        let _gate = self.write_gate().await;
        let mut transaction = self.pool().begin().await?;
        let pages: Vec<String> = sqlx::query("SELECT DISTINCT page FROM comments")
            .fetch_all(&mut *transaction)
            .await?
            .iter()
            .map(|row| row.try_get("page"))
            .collect::<Result<_, _>>()?;
        for page in pages {
            let key = page_key(&page);
            if key != page {
                sqlx::query("UPDATE comments SET page = $1 WHERE page = $2")
                    .bind(&key)
                    .bind(&page)
                    .execute(&mut *transaction)
                    .await?;
            }
        }
        let counted = sqlx::query("SELECT page, views FROM page_views")
            .fetch_all(&mut *transaction)
            .await?;
        for row in counted {
            let page: String = row.try_get("page")?;
            let views: i64 = row.try_get("views")?;
            let key = page_key(&page);
            if key == page {
                continue;
            }
            sqlx::query(
                "INSERT INTO page_views (page, views) VALUES ($1, $2) \
                 ON CONFLICT (page) DO UPDATE SET views = excluded.views \
                 WHERE page_views.views < excluded.views",
            )
            .bind(&key)
            .bind(views)
            .execute(&mut *transaction)
            .await?;
            sqlx::query("DELETE FROM page_views WHERE page = $1")
                .bind(&page)
                .execute(&mut *transaction)
                .await?;
        }
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, '1') ON CONFLICT (key) DO NOTHING",
        )
        .bind(DONE)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(())
    }
}
