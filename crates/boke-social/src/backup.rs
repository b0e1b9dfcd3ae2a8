//! `boke social backup`: a consistent copy of the data while the service keeps running.
//! SQLite: `VACUUM INTO` a new database file. PostgreSQL: every table dumped as JSON inside one
//! repeatable-read transaction (for whole-cluster backups, prefer `pg_dump`).

use std::path::Path;

use sqlx::{Column, Row, ValueRef};

use crate::store::{Backend, Store, StoreError};

/// The tables a PostgreSQL dump holds, in restore order.
const TABLES: [&str; 17] = [
    "settings",
    "commenters",
    "comments",
    "blocks",
    "reactions",
    "reaction_counts",
    "page_views",
    "subscribers",
    "posts",
    "deliveries",
    "admin_sessions",
    "outbox",
    "link_uses",
    "suppressions",
    "newsletters",
    "newsletter_posts",
    "spent_challenges",
];

/// Errors writing a backup.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; choose a new file")]
    Exists(String),
    #[error("cannot write the backup: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// The pool behind a store, for tools (benchmarks, maintenance) that run their own SQL.
pub fn pool_of(store: &Store) -> &sqlx::AnyPool {
    store.pool()
}

/// Writes a consistent copy of `store` to `out` (which must not exist yet).
pub async fn backup(store: &Store, out: &Path) -> Result<(), BackupError> {
    if out.exists() {
        return Err(BackupError::Exists(out.display().to_string()));
    }
    match store.backend() {
        Backend::Sqlite => {
            let target = std::path::absolute(out)?;
            sqlx::query("VACUUM INTO $1")
                .bind(target.display().to_string())
                .execute(store.pool())
                .await?;
        }
        Backend::Postgres => {
            let dump = dump_postgres(store).await?;
            std::fs::write(out, serde_json::to_vec_pretty(&dump).unwrap_or_default())?;
        }
    }
    Ok(())
}

async fn dump_postgres(store: &Store) -> Result<serde_json::Value, BackupError> {
    let mut transaction = store.pool().begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *transaction)
        .await?;
    let mut tables = serde_json::Map::new();
    for table in TABLES {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table}")))
            .fetch_all(&mut *transaction)
            .await?;
        let rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|row| {
                let mut object = serde_json::Map::new();
                for (at, column) in row.columns().iter().enumerate() {
                    let null = row
                        .try_get_raw(at)
                        .map(|value| value.is_null())
                        .unwrap_or(true);
                    let value = if null {
                        serde_json::Value::Null
                    } else if let Ok(number) = row.try_get::<i64, _>(at) {
                        number.into()
                    } else {
                        row.try_get::<String, _>(at)
                            .map(Into::into)
                            .unwrap_or_default()
                    };
                    object.insert(column.name().to_owned(), value);
                }
                serde_json::Value::Object(object)
            })
            .collect();
        tables.insert(table.to_owned(), rows.into());
    }
    transaction.commit().await?;
    Ok(serde_json::json!({ "format": "boke-social-dump", "version": 1, "tables": tables }))
}
