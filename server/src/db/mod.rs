//! Storage: the only module that contains SQL.
//!
//! Queries use `$n` placeholders and portable types (TEXT, BIGINT, INTEGER) so
//! the same statements run on SQLite and PostgreSQL; SQLite-only settings live in
//! [`Store::connect`] alone.

mod dossier;
mod lifecycle;
mod participants;
mod programmes;
mod releases;
mod results;
mod rights;
mod rows;
mod sessions;
mod staff;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context as _;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Executor as _, SqlitePool};

pub use dossier::{CaseloadScope, PER_PAGE, ReportRow};
pub use lifecycle::{BreachRow, RequestLogEntry, RetentionRow};
pub use rights::{ConsentGateRow, EXPORTED_TABLES, ErasureReason, NO_PARTICIPANT_DATA};
pub use rows::{ParticipantRow, ProgrammeRow, SessionRow};
pub use staff::{AuditEvent, StaffRow, StaffSessionRow};

/// A handle to the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

/// A fresh, time-ordered id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl Store {
    /// Opens (creating if needed) the database and runs pending migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
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
            .idle_timeout(if in_memory {
                None
            } else {
                Some(Duration::from_mins(10))
            })
            .max_lifetime(if in_memory {
                None
            } else {
                Some(Duration::from_hours(1))
            })
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open database {url}"))?;
        let store = Self { pool };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        sqlx::migrate!("./migrations/sqlite")
            .run(&self.pool)
            .await
            .context("database migration failed")
    }

    /// Makes sure deleted bytes are gone from the write-ahead log too.
    pub async fn checkpoint(&self) -> Result<(), sqlx::Error> {
        self.pool.execute("PRAGMA wal_checkpoint(TRUNCATE)").await?;
        Ok(())
    }

    /// The pool, for tests that inspect the schema directly.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}
