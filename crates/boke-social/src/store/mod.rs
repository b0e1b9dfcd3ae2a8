//! Storage: one async API over SQLite and PostgreSQL through sqlx's `Any` driver, so every
//! query is written once (with `$n` placeholders, which both backends accept).
//!
//! SQLite runs in WAL mode with a generous busy timeout, and every write takes an in-process
//! gate first: SQLite allows one writer at a time, and queueing writers here instead of inside
//! SQLite's busy handler is what keeps many parallel posters free of "database is locked".
//! PostgreSQL needs no gate; several service instances may share one database.

mod comments;
mod engagement;
mod moderation;
mod newsletter;
mod settings;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Executor, Row};
use tokio::sync::{Mutex, MutexGuard};

pub use comments::{AdminComment, Comment, CommentOrder, CommentStatus, NewComment, Thread};
pub use engagement::{REACTION_KINDS, ReactionSummary};
pub use moderation::{Block, BlockKind};
pub use newsletter::{DeliveryClaim, FeedPost, Subscriber, SubscriberStatus};
pub use settings::Secrets;

/// Errors from the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("unsupported database URL `{0}`: use postgres://… or sqlite://…")]
    UnsupportedUrl(String),
    #[error("the system random source failed: {0}")]
    Random(String),
    #[error("the database holds an invalid value: {0}")]
    Corrupt(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Which database engine a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle to the service's database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    write_gate: Option<Arc<Mutex<()>>>,
}

/// The SQLite file inside a data directory.
pub const SQLITE_FILE: &str = "social.db";

impl Store {
    /// Opens (creating on first use) the SQLite database inside `dir`.
    pub async fn open_data_dir(dir: &Path) -> StoreResult<Store> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let file =
            std::path::absolute(dir.join(SQLITE_FILE)).map_err(|source| StoreError::DataDir {
                path: dir.to_path_buf(),
                source,
            })?;
        Store::connect(&format!("sqlite://{}?mode=rwc", file.display())).await
    }

    /// Connects to `url` (`postgres://…` or `sqlite://…`) and applies pending migrations.
    pub async fn connect(url: &str) -> StoreResult<Store> {
        install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        let pool = match backend {
            Backend::Sqlite => {
                // WAL is a property of the file; switch it once, before the pool opens
                // connections that could hold locks the switch would have to wait for.
                let mut first = <sqlx::AnyConnection as sqlx::Connection>::connect(url).await?;
                first.execute("PRAGMA journal_mode = WAL").await?;
                sqlx::Connection::close(first).await?;
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute("PRAGMA busy_timeout = 15000").await?;
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?
            }
        };
        let store = Store {
            pool,
            backend,
            write_gate: (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(()))),
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> StoreResult<()> {
        let sql = include_str!("../../migrations/0001_init.sql");
        let sql = match self.backend {
            Backend::Sqlite => sql.to_owned(),
            Backend::Postgres => sql.replace(
                "INTEGER PRIMARY KEY AUTOINCREMENT",
                "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            ),
        };
        let migrations = vec![Migration::new(
            1,
            "init".into(),
            MigrationType::Simple,
            sqlx::SqlSafeStr::into_sql_str(sqlx::AssertSqlSafe(sql)),
            false,
        )];
        let _gate = self.write_gate().await;
        Migrator::with_migrations(migrations)
            .run(&self.pool)
            .await?;
        Ok(())
    }

    /// The engine behind this store.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The connection pool, for the few callers (backup, health) that run raw SQL.
    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Serializes writers on SQLite; a no-op on PostgreSQL.
    pub(crate) async fn write_gate(&self) -> Option<MutexGuard<'_, ()>> {
        match &self.write_gate {
            Some(gate) => Some(gate.lock().await),
            None => None,
        }
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes every connection after in-flight queries finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The current time in Unix seconds.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

impl Store {
    /// Runs `select` (a query whose `IN (…)` list is the placeholder `{pages}`, returning
    /// columns `page` and `n`) for `pages`.
    async fn per_page_counts(
        &self,
        select: &str,
        pages: &[String],
    ) -> StoreResult<std::collections::HashMap<String, i64>> {
        if pages.is_empty() {
            return Ok(std::collections::HashMap::new());
        }
        let sql = select.replace("{pages}", &placeholders(1, pages.len()));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for page in pages {
            query = query.bind(page);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| Ok((row.try_get("page")?, row.try_get("n")?)))
            .collect()
    }
}

/// Builds `$start, $start+1, …` for an `IN (…)` list of `count` values.
fn placeholders(start: usize, count: usize) -> String {
    (start..start + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_are_numbered_from_start() {
        assert_eq!(placeholders(2, 3), "$2, $3, $4");
        assert_eq!(placeholders(1, 0), "");
    }
}
