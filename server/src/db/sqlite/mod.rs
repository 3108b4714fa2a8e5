//! The SQLite store: the embedded default, one file in the data folder.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Executor as _, Row as _, SqlitePool};

use super::{Backend, Cell, DbError, Maintenance, TableInfo};

type DbKind = sqlx::Sqlite;
type Conn = sqlx::SqliteConnection;
type This = SqliteStore;

/// SQL that differs from PostgreSQL's.
mod dialect {
    /// SQLite's LIKE ignores ASCII case already.
    pub const LIKE_CI: &str = "LIKE";
}

// The statements both databases share (see `db/mod.rs`).
mod common {
    include!("../sql/common.rs");
}
mod consents {
    include!("../sql/consents.rs");
}
mod dossier {
    include!("../sql/dossier.rs");
}
mod lifecycle {
    include!("../sql/lifecycle.rs");
}
mod modules {
    include!("../sql/modules.rs");
}
mod participants {
    include!("../sql/participants.rs");
}
mod seed {
    include!("../sql/seed.rs");
}
mod sessions {
    include!("../sql/sessions.rs");
}
mod staff {
    include!("../sql/staff.rs");
}

/// Storage on a SQLite file (or in memory, for tests).
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database; does not migrate.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        use anyhow::Context as _;
        let in_memory = url.contains(":memory:");
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("invalid database URL {url:?}"))?
            .create_if_missing(true)
            .foreign_keys(true)
            .journal_mode(if in_memory {
                SqliteJournalMode::Memory
            } else {
                SqliteJournalMode::Wal
            })
            // FULL: a committed aggregate or consent survives a power cut, not
            // only a crash of the process.
            .synchronous(SqliteSynchronous::Full)
            // Deleted personal data is overwritten in the file, not just unlinked.
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(5));
        if let Some(parent) = options.get_filename().parent()
            && !in_memory
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        // An in-memory database exists per connection, so tests get exactly one.
        let pool = SqlitePoolOptions::new()
            .max_connections(if in_memory { 1 } else { 8 })
            .idle_timeout((!in_memory).then_some(Duration::from_mins(10)))
            .max_lifetime((!in_memory).then_some(Duration::from_hours(1)))
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open database {url}"))?;
        Ok(Self { pool })
    }
}

fn value_of(row: &sqlx::sqlite::SqliteRow, index: usize) -> Cell {
    if let Ok(Some(n)) = row.try_get::<Option<i64>, _>(index) {
        return Cell::Int(n);
    }
    match row.try_get::<Option<String>, _>(index) {
        Ok(Some(s)) => Cell::Text(s),
        _ => Cell::Null,
    }
}

#[async_trait]
impl Maintenance for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    async fn migrate(&self) -> Result<(), DbError> {
        sqlx::migrate!("./migrations/sqlite")
            .run(&self.pool)
            .await?;
        Ok(())
    }

    async fn after_erasure(&self) -> Result<(), DbError> {
        // With secure_delete the main file is overwritten at once; the
        // write-ahead log still holds the old pages until a checkpoint.
        self.pool.execute("PRAGMA wal_checkpoint(TRUNCATE)").await?;
        Ok(())
    }

    async fn tables(&self) -> Result<Vec<TableInfo>, DbError> {
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut tables = Vec::with_capacity(names.len());
        for name in names {
            let columns = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                .bind(&name)
                .fetch_all(&self.pool)
                .await?;
            let references =
                sqlx::query_scalar("SELECT \"table\" FROM pragma_foreign_key_list($1)")
                    .bind(&name)
                    .fetch_all(&self.pool)
                    .await?;
            tables.push(TableInfo {
                name,
                columns,
                references,
            });
        }
        Ok(tables)
    }

    async fn raw_execute(&self, sql: &str, params: &[&str]) -> Result<u64, DbError> {
        let mut query = sqlx::query(sql);
        for p in params {
            query = query.bind(*p);
        }
        Ok(query.execute(&self.pool).await?.rows_affected())
    }

    async fn raw_rows(&self, sql: &str, params: &[&str]) -> Result<Vec<Vec<Cell>>, DbError> {
        let mut query = sqlx::query(sql);
        for p in params {
            query = query.bind(*p);
        }
        let rows = query.fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(|row| (0..row.len()).map(|i| value_of(row, i)).collect())
            .collect())
    }
}
