//! Storage: the seam between Lotse and its database, and the only place with SQL.
//!
//! Callers see [`Store`], a set of traits at the level of use cases
//! (participants, modules, sessions, consents, dossier records, matching,
//! staff, the organisation, the privacy notice, draft keys, lifecycle, rights
//! requests), and [`DbError`]; no driver type leaves this folder.
//! [`connect`] picks the implementation from the URL's scheme: `sqlite://`
//! ([`sqlite`]) or `postgres://` ([`postgres`]), each on its native sqlx pool.
//!
//! The statements both databases agree on are written once, in `sql/`, and
//! compiled into each implementation with `include!` (so each gets its own
//! pool, connection and transaction types). What differs lives in the
//! implementation's own folder: connection settings, case-insensitive search,
//! schema inspection and what makes erased bytes leave the files.

/// The statements both databases share, compiled into the calling store's
/// module: each file becomes a submodule that sees the store's `This`,
/// `DbKind`, `Conn` and `dialect`.
macro_rules! shared_statements {
    () => {
        $crate::db::shared_statements!(common, consents, dossier, draft_keys, inspect, lifecycle, matching, modules, notices, organisation, participants, requests, seed, sessions, staff, statistics);
    };
    ($($name:ident),+) => {$(
        mod $name {
            include!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/db/sql/", stringify!($name), ".rs"));
        }
    )+};
}
pub(crate) use shared_statements;

mod consents;
mod dossier;
mod draft_keys;
mod error;
mod lifecycle;
mod matching;
mod modules;
mod notices;
mod organisation;
mod participants;
mod pool;
pub mod postgres;
pub mod register;
mod requests;
mod rows;
mod seed;
mod sessions;
pub mod sqlite;
mod staff;
mod statistics;
mod tables;

use std::sync::Arc;

use async_trait::async_trait;

pub use consents::{Consents, Minority};
pub use dossier::DossierRecords;
pub use draft_keys::{DraftKeyRow, DraftKeys};
pub use error::{DbError, Unavailable};
pub use lifecycle::{Lifecycle, Rule};
pub use matching::{Matching, ProfileWrite};
pub use modules::Modules;
pub use notices::{NewNoticeText, NoticeRow, Notices};
pub use organisation::Organisation;
pub use participants::{
    CaseloadScope, NewParticipantRow, PER_PAGE, ParticipantReach, Participants,
};
pub use requests::{Closing, Lift, NewRequestRow, Requests};
pub use rows::{
    BreachRow, Code, ConsentGateRow, ErasureReason, ParticipantRow, ProgrammeRow, ReportRow,
    RequestLogEntry, RetentionRow, SessionRow, SessionStage, StaffRow,
};
pub use seed::{Seed, SeedBatch};
pub use sessions::Sessions;
pub use staff::{AuditEvent, NewStaffRow, Staff};
pub use statistics::{FigureRows, Statistics};
pub use tables::{EXPORTED_TABLES, NO_PARTICIPANT_DATA};

/// The whole storage of one database. Methods of every part are callable on
/// `dyn Store` (and so on [`Db`]) without importing the parts.
pub trait Store:
    Participants
    + Modules
    + Sessions
    + Consents
    + DossierRecords
    + Matching
    + Staff
    + Organisation
    + Notices
    + DraftKeys
    + Lifecycle
    + Maintenance
    + Inspect
    + Seed
    + Statistics
    + Requests
    + std::fmt::Debug
{
}

impl<T> Store for T where
    T: Participants
        + Modules
        + Sessions
        + Consents
        + DossierRecords
        + Matching
        + Staff
        + Organisation
        + Notices
        + DraftKeys
        + Lifecycle
        + Maintenance
        + Inspect
        + Seed
        + Statistics
        + Requests
        + std::fmt::Debug
{
}

/// A shared handle to the store; cheap to clone.
pub type Db = Arc<dyn Store>;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A table as the schema guards see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub name: String,
    pub columns: Vec<String>,
    /// Tables its foreign keys point to.
    pub references: Vec<String>,
}

/// A value of a raw row (tests and operations checks only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Null,
    Int(i64),
    Text(String),
}

impl Cell {
    pub fn int(&self) -> Option<i64> {
        match self {
            Self::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Self::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// What each database does its own way.
#[async_trait]
pub trait Maintenance: Send + Sync {
    fn backend(&self) -> Backend;
    /// Applies pending migrations.
    async fn migrate(&self) -> Result<(), DbError>;
    /// After an erasure or a purge: makes the deleted bytes leave the files
    /// soon (SQLite: checkpoint the write-ahead log; PostgreSQL: vacuum the
    /// tables that hold participant data, so dead tuples are reclaimed).
    async fn after_erasure(&self) -> Result<(), DbError>;
    /// The database's own check of its files, for `lotse bench integrity`
    /// and the crash harness: its rows, a single `ok` meaning sound (SQLite:
    /// `PRAGMA integrity_check`; PostgreSQL: amcheck's `bt_index_check` on
    /// every index, with the heap), or `None` where it cannot run (PostgreSQL
    /// without the right to create the amcheck extension).
    async fn integrity_check(&self) -> Result<Option<Vec<String>>, DbError>;
}

/// The schema and raw statements, for the schema guards, tests and operator
/// checks: never with input from a request.
#[async_trait]
pub trait Inspect: Send + Sync {
    /// Every table with its columns and foreign-key targets, read from the
    /// database's own catalogue.
    async fn tables(&self) -> Result<Vec<TableInfo>, DbError>;
    /// Runs a statement with text parameters; rows changed.
    async fn raw_execute(&self, sql: &str, params: &[&str]) -> Result<u64, DbError>;
    /// Runs a query with text parameters; every column as a [`Cell`].
    async fn raw_rows(&self, sql: &str, params: &[&str]) -> Result<Vec<Vec<Cell>>, DbError>;
}

/// A fresh, time-ordered id (UUIDv7: inserts append to the index).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Opens the database the URL names, creating it if needed, and migrates it.
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    let store: Db = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Arc::new(postgres::PgStore::connect(url).await?)
    } else if url.starts_with("sqlite:") {
        Arc::new(sqlite::SqliteStore::connect(url).await?)
    } else {
        anyhow::bail!("unsupported database URL (use sqlite://… or postgres://…)");
    };
    store.migrate().await?;
    Ok(store)
}

/// A fresh, empty, migrated store for a test: on PostgreSQL in a schema of its
/// own when `LOTSE_TEST_DATABASE_URL` names one (so the same suite runs on both
/// databases), else in-memory SQLite.
pub async fn connect_for_tests() -> anyhow::Result<Db> {
    let store: Db = match std::env::var("LOTSE_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            Arc::new(postgres::PgStore::connect_fresh_schema(&url).await?)
        }
        _ => Arc::new(sqlite::SqliteStore::connect("sqlite::memory:").await?),
    };
    store.migrate().await?;
    Ok(store)
}
