//! Storage: one async API over SQLite and PostgreSQL through sqlx's `Any` driver, so every
//! query is written once (with `$n` placeholders, which both backends accept).
//!
//! SQLite runs in WAL mode with a generous busy timeout, and every write takes an in-process
//! gate first: SQLite allows one writer at a time, and queueing writers here instead of inside
//! SQLite's busy handler is what keeps many parallel posters free of "database is locked".
//! PostgreSQL needs no gate; several service instances may share one database.
//!
//! A write is acknowledged only once it is committed: statements that return rows are stepped
//! to their end (`write_returning`), because on SQLite an autocommit statement commits
//! at its last step, and one dropped after its first row loses the commit's error (a full disk)
//! while its row says "stored".

mod comments;
mod digests;
mod engagement;
mod guard;
mod links;
mod moderation;
mod newsletter;
mod outbox;
mod respell;
mod roster;
mod settings;
mod sqlite;
mod suppressions;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyArguments, AnyPoolOptions, AnyRow, install_default_drivers};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{Any, AnyPool, Executor, Row};
use tokio::sync::{Mutex, MutexGuard};

pub use comments::{
    AdminComment, Comment, CommentOrder, CommentStatus, MAX_REPLY_DEPTH, NewComment, Thread,
};
pub use digests::Issue;
pub use engagement::{REACTION_KINDS, REACTIONS_PER_ADDRESS, ReactionOutcome, ReactionSummary};
pub use links::LinkUse;
pub use moderation::{Block, BlockKind};
pub use newsletter::{DeliveryClaim, FeedPost, Subscriber, SubscriberStatus};
pub use outbox::{OutboxEntry, OutboxState};
pub use roster::Arrival;
pub use settings::{Commenter, Secrets};
pub use suppressions::Suppression;

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
    wal: Option<Arc<sqlite::WalKeeper>>,
    /// The SQLite database file, for the free space health reports.
    sqlite_file: Option<PathBuf>,
}

/// The SQLite file inside a data directory.
pub const SQLITE_FILE: &str = "social.db";

/// The schema, in order; each applied once and recorded by sqlx's migration table.
const MIGRATIONS: [(i64, &str, &str); 6] = [
    (1, "init", include_str!("../../migrations/0001_init.sql")),
    (
        2,
        "hardening",
        include_str!("../../migrations/0002_hardening.sql"),
    ),
    (
        3,
        "outbox",
        include_str!("../../migrations/0003_outbox.sql"),
    ),
    (4, "agent", include_str!("../../migrations/0004_agent.sql")),
    (5, "guard", include_str!("../../migrations/0005_guard.sql")),
    (6, "owner", include_str!("../../migrations/0006_owner.sql")),
];

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
        Store::connect_patiently(url, Duration::ZERO).await
    }

    /// Like [`Store::connect`], but while a PostgreSQL server cannot be reached (not started
    /// yet, restarting), retries with backoff for up to `patience`, saying so on stderr.
    pub async fn connect_patiently(url: &str, patience: Duration) -> StoreResult<Store> {
        install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        let store = match backend {
            Backend::Sqlite => {
                // Two services starting on a new folder at once must not both create the
                // schema, nor race the switch to WAL: one opens and migrates, then the other.
                let _first = sqlite::StartLock::take(url).await?;
                let pool = sqlite::open_pool(url).await?;
                let store = Store {
                    pool: pool.clone(),
                    backend,
                    write_gate: Some(Arc::new(Mutex::new(()))),
                    wal: Some(Arc::new(sqlite::WalKeeper::default())),
                    sqlite_file: sqlite::database_file(url),
                };
                store.migrate().await?;
                // Under the start lock on SQLite, so that instances starting together take
                // turns here too.
                store.respell_pages().await?;
                store
            }
            Backend::Postgres => {
                let pool = connect_postgres(url, patience).await?;
                let store = Store {
                    pool,
                    backend,
                    write_gate: None,
                    wal: None,
                    sqlite_file: None,
                };
                store.migrate().await?;
                store.respell_pages().await?;
                store
            }
        };
        if let (Some(gate), Some(wal)) = (&store.write_gate, &store.wal) {
            sqlite::WalKeeper::watch_idle(wal, gate, store.pool.clone());
        }
        Ok(store)
    }

    async fn migrate(&self) -> StoreResult<()> {
        let migrations = MIGRATIONS
            .iter()
            .map(|(version, name, sql)| {
                let sql = match self.backend {
                    Backend::Sqlite => (*sql).to_owned(),
                    Backend::Postgres => sql.replace(
                        "INTEGER PRIMARY KEY AUTOINCREMENT",
                        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                    ),
                };
                Migration::new(
                    *version,
                    (*name).into(),
                    MigrationType::Simple,
                    sqlx::SqlSafeStr::into_sql_str(sqlx::AssertSqlSafe(sql)),
                    false,
                )
            })
            .collect();
        let _gate = self.write_gate().await;
        // On PostgreSQL the migrator holds an advisory lock, so concurrent starts take turns.
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

    /// Serializes writers on SQLite (and now and then empties the WAL first, see
    /// [`sqlite::WalKeeper`]); a no-op on PostgreSQL.
    pub(crate) async fn write_gate(&self) -> Option<MutexGuard<'_, ()>> {
        let gate = self.write_gate.as_ref()?.lock().await;
        if let Some(wal) = &self.wal {
            wal.after_write(&self.pool).await;
        }
        Some(gate)
    }

    /// Checks that the database takes a write of `bytes` (a full disk, a read-only file or a
    /// lost connection fail here), by committing a one-row change that size.
    ///
    /// The size matters: a full disk still takes a few bytes in pages the log already holds,
    /// so a tiny probe says "ok" while every comment fails; callers pass the largest write a
    /// request can make.
    pub async fn probe_write(&self, bytes: usize) -> StoreResult<()> {
        let _gate = self.write_gate().await;
        let mut transaction = self.pool.begin().await?;
        let stamp = now().to_string();
        let mut value = String::with_capacity(bytes.max(stamp.len()));
        value.push_str(&stamp);
        value.extend(std::iter::repeat_n('.', bytes.saturating_sub(stamp.len())));
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('health_probe', $1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(value)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(())
    }

    /// Bytes free for the database file, on SQLite (`None` on PostgreSQL, whose server is
    /// watched by its own tools, and for in-memory databases).
    pub fn free_space(&self) -> Option<u64> {
        let folder = self.sqlite_file.as_ref()?.parent()?.to_path_buf();
        let stats = rustix::fs::statvfs(&folder).ok()?;
        Some(stats.f_bavail.saturating_mul(stats.f_frsize))
    }

    /// Closes every connection after in-flight queries finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Runs a write that returns rows and steps it to its end, so that a failed commit is an
/// error here and never a row that looks stored. Every `RETURNING` goes through this.
pub(crate) async fn write_returning<'e, 'c: 'e, E>(
    executor: E,
    query: sqlx::query::Query<'e, Any, AnyArguments>,
) -> StoreResult<Option<AnyRow>>
where
    E: 'e + Executor<'c, Database = Any>,
{
    Ok(query.fetch_all(executor).await?.into_iter().next())
}

/// Opens the PostgreSQL pool, retrying for up to `patience` while the server is unreachable.
///
/// Each try is one plain connection, which fails at once when nothing listens; the pool's own
/// connect would keep retrying silently until its acquire timeout.
async fn connect_postgres(url: &str, patience: Duration) -> StoreResult<AnyPool> {
    let started = std::time::Instant::now();
    let mut wait = Duration::from_millis(500);
    loop {
        match <sqlx::AnyConnection as sqlx::Connection>::connect(url).await {
            Ok(first) => {
                sqlx::Connection::close(first).await?;
                break;
            }
            Err(error) if unreachable(&error) && started.elapsed() + wait <= patience => {
                eprintln!(
                    "boke social: PostgreSQL is not reachable yet ({error}); trying again in {:.1} s",
                    wait.as_secs_f64()
                );
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(15));
            }
            Err(error) => return Err(error.into()),
        }
    }
    Ok(AnyPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .after_release(keep_if_out_of_transaction)
        .connect(url)
        .await?)
}

/// The pool's release check: a connection that still counts an open transaction is closed
/// instead of reused.
///
/// When a statement inside a transaction fails with a full disk, SQLite has already rolled the
/// transaction back, so the `ROLLBACK` sent when the transaction is dropped fails and sqlx
/// keeps counting one open transaction. The connection's next `BEGIN` then becomes a
/// savepoint: its `COMMIT` releases the savepoint but commits nothing, so a write is
/// acknowledged that was never stored, and the write lock it keeps makes every other
/// connection wait out its busy timeout. Closing the connection ends whatever it still holds;
/// the pool opens a fresh one.
fn keep_if_out_of_transaction(
    connection: &mut sqlx::AnyConnection,
    _: sqlx::pool::PoolConnectionMetadata,
) -> std::pin::Pin<Box<dyn Future<Output = Result<bool, sqlx::Error>> + Send + '_>> {
    let keep = !sqlx::Connection::is_in_transaction(connection);
    Box::pin(async move { Ok(keep) })
}

/// Errors that a server coming up later would cure (and not, say, a wrong password).
fn unreachable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::Tls(_) => true,
        // 57P03: the database system is starting up; 53300: too many connections.
        sqlx::Error::Database(database) => {
            matches!(database.code().as_deref(), Some("57P03" | "53300"))
        }
        _ => false,
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

    /// A `RETURNING` read with `fetch_one`/`fetch_optional` acknowledges writes SQLite never
    /// committed; every one must go through `write_returning`.
    #[test]
    fn every_returning_write_is_stepped_to_its_end() {
        let sources = [
            ("comments.rs", include_str!("comments.rs")),
            ("engagement.rs", include_str!("engagement.rs")),
            ("moderation.rs", include_str!("moderation.rs")),
            ("newsletter.rs", include_str!("newsletter.rs")),
            ("outbox.rs", include_str!("outbox.rs")),
            ("settings.rs", include_str!("settings.rs")),
        ];
        let mut seen = 0;
        for (file, text) in sources {
            let mut rest = text;
            while let Some(at) = rest.find("RETURNING") {
                seen += 1;
                let after = &rest[at..];
                let end = after.find(".await").unwrap_or(after.len());
                let statement = &after[..end];
                assert!(
                    !statement.contains(".fetch_one(") && !statement.contains(".fetch_optional("),
                    "{file}: a RETURNING statement is read with fetch_one/fetch_optional: {statement}"
                );
                let before = &rest[..at];
                let opening = before.rfind("sqlx::query").unwrap_or(0);
                assert!(
                    before[opening.saturating_sub(80)..].contains("write_returning("),
                    "{file}: a RETURNING statement does not go through write_returning"
                );
                rest = &rest[at + "RETURNING".len()..];
            }
        }
        assert!(
            seen >= 3,
            "the check found only {seen} RETURNING statements"
        );
    }
}
