//! What SQLite alone needs: a start lock so concurrent first starts take turns, the pool's
//! connection settings, and keeping the write-ahead log small while the service runs.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};
use tokio::sync::Mutex;

use super::{StoreError, StoreResult};

/// The WAL is emptied after this many writes, and after a quiet spell with any write at all.
const CHECKPOINT_EVERY_WRITES: u64 = 500;
const IDLE_CHECKPOINT: Duration = Duration::from_secs(20);

/// An exclusive lock on `<database>.lock`, held while one process opens and migrates.
pub(super) struct StartLock {
    _file: Option<std::fs::File>,
}

impl StartLock {
    /// Waits for the lock of the database at `url`; a no-op for in-memory databases.
    pub(super) async fn take(url: &str) -> StoreResult<StartLock> {
        let Some(database) = database_file(url) else {
            return Ok(StartLock { _file: None });
        };
        let mut path = database.into_os_string();
        path.push(".lock");
        let path = PathBuf::from(path);
        let file = tokio::task::spawn_blocking(move || {
            // A separate file: closing a descriptor of the database itself would drop the
            // POSIX locks SQLite holds on it.
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|source| StoreError::DataDir {
                    path: path.clone(),
                    source,
                })?;
            file.lock()
                .map_err(|source| StoreError::DataDir { path, source })?;
            Ok::<_, StoreError>(file)
        })
        .await
        .map_err(|error| StoreError::Corrupt(format!("start lock task: {error}")))??;
        Ok(StartLock { _file: Some(file) })
    }
}

/// The file behind a `sqlite://…` URL, or `None` for an in-memory database.
pub(super) fn database_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or("");
    (!path.is_empty() && !path.starts_with(":memory:")).then(|| PathBuf::from(path))
}

/// Switches the file to WAL and opens the pool.
pub(super) async fn open_pool(url: &str) -> StoreResult<AnyPool> {
    // WAL is a property of the file; switch it once, before the pool opens connections that
    // could hold locks the switch would have to wait for.
    let mut first = <sqlx::AnyConnection as sqlx::Connection>::connect(url).await?;
    first.execute("PRAGMA busy_timeout = 15000").await?;
    first.execute("PRAGMA journal_mode = WAL").await?;
    sqlx::Connection::close(first).await?;
    Ok(AnyPoolOptions::new()
        .max_connections(8)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA busy_timeout = 15000").await?;
                conn.execute("PRAGMA synchronous = NORMAL").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                Ok(())
            })
        })
        .after_release(super::keep_if_out_of_transaction)
        .connect(url)
        .await?)
}

/// Keeps the write-ahead log bounded.
///
/// SQLite's automatic checkpoint is passive: while readers keep arriving it copies pages but
/// never gets to restart the log, which then grows with every write (650 MB after 25,000
/// comments). Under the write gate, so no writer of this process interferes, a
/// `wal_checkpoint(TRUNCATE)` waits the few milliseconds until readers are on the newest
/// snapshot, copies the log back and empties it.
#[derive(Default)]
pub(super) struct WalKeeper {
    writes: AtomicU64,
}

impl WalKeeper {
    /// Called with the write gate held, before each write.
    pub(super) async fn after_write(&self, pool: &AnyPool) {
        if self.writes.fetch_add(1, Ordering::Relaxed) + 1 >= CHECKPOINT_EVERY_WRITES {
            self.checkpoint(pool).await;
        }
    }

    async fn checkpoint(&self, pool: &AnyPool) {
        self.writes.store(0, Ordering::Relaxed);
        // A failure here (busy for 15 s, disk trouble) is not the write's failure; the next
        // checkpoint tries again.
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_all(pool)
            .await
        {
            eprintln!("boke social: WAL checkpoint failed: {error}");
        }
    }

    /// Empties the WAL after a quiet spell; ends when the store is dropped or closed.
    pub(super) fn watch_idle(keeper: &Arc<WalKeeper>, gate: &Arc<Mutex<()>>, pool: AnyPool) {
        let keeper: Weak<WalKeeper> = Arc::downgrade(keeper);
        let gate: Weak<Mutex<()>> = Arc::downgrade(gate);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(IDLE_CHECKPOINT).await;
                let (Some(keeper), Some(gate)) = (keeper.upgrade(), gate.upgrade()) else {
                    return;
                };
                if pool.is_closed() {
                    return;
                }
                if keeper.writes.load(Ordering::Relaxed) > 0 {
                    let _held = gate.lock().await;
                    keeper.checkpoint(&pool).await;
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::database_file;

    #[test]
    fn database_files_come_from_urls() {
        assert_eq!(
            database_file("sqlite:///srv/social/social.db?mode=rwc"),
            Some("/srv/social/social.db".into())
        );
        assert_eq!(database_file("sqlite:data.db"), Some("data.db".into()));
        assert_eq!(database_file("sqlite::memory:"), None);
        assert_eq!(database_file("sqlite://:memory:?cache=shared"), None);
    }
}
