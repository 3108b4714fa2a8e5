//! The PostgreSQL store: for organisations that run several Lotse instances
//! on one database behind a load balancer.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use lotse_shared::api::AggregateSubmission;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Executor as _, PgPool};

use super::{Backend, DbError, Maintenance};

type DbKind = sqlx::Postgres;
type Conn = sqlx::PgConnection;
type This = PgStore;

/// SQL that differs from SQLite's.
mod dialect {
    /// PostgreSQL's LIKE is case-sensitive; the search is not meant to be.
    pub const LIKE_CI: &str = "ILIKE";
    /// Tables, their columns and foreign-key targets, from the SQL standard's
    /// `information_schema` (in the store's own schema).
    pub const TABLES: &str = "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
    pub const COLUMNS: &str = "SELECT column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position";
    pub const REFERENCES: &str = "SELECT DISTINCT ccu.table_name::text \
         FROM information_schema.table_constraints tc \
         JOIN information_schema.constraint_column_usage ccu \
           ON ccu.constraint_name = tc.constraint_name \
          AND ccu.constraint_schema = tc.constraint_schema \
         WHERE tc.constraint_type = 'FOREIGN KEY' \
           AND tc.table_schema = current_schema() AND tc.table_name = $1";
}

crate::db::shared_statements!();

/// Tables that hold participant data: vacuumed after an erasure so that dead
/// tuples with the erased values are reclaimed now, not at autovacuum's leisure.
const PARTICIPANT_TABLES: &[&str] = &[
    "participants",
    "releases",
    "aggregates",
    "aggregate_scales",
    "consent_events",
    "sessions",
    "competences",
    "datasheets",
    "agency_reports",
    "audit_events",
    "draft_keys",
];

/// Storage on a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to the database; does not migrate.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        Self::connect_with(PgConnectOptions::from_str(url)?).await
    }

    /// Connects with a new, empty schema of its own first on the search path,
    /// so that many stores (tests running in parallel) share one database
    /// without seeing each other's rows.
    pub async fn connect_fresh_schema(url: &str) -> anyhow::Result<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let schema = format!("t{}", uuid::Uuid::now_v7().simple());
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        admin
            .execute(format!("CREATE SCHEMA {schema}").as_str())
            .await?;
        admin.close().await;
        Self::connect_with(options.options([("search_path", schema.as_str())])).await
    }

    /// Claims the module and stores the aggregate in a transaction of its own;
    /// PostgreSQL groups concurrent commits by itself.
    async fn claim_and_store(
        &self,
        id: &str,
        participant_id: &str,
        submission: &AggregateSubmission,
        now: i64,
    ) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let stored = modules::store_aggregate(&mut tx, id, participant_id, submission, now).await?;
        if stored {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(stored)
    }

    async fn connect_with(options: PgConnectOptions) -> anyhow::Result<Self> {
        use anyhow::Context as _;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            // While PostgreSQL is down, a request waits this long for a
            // connection and then answers 503; long enough for a queue under
            // load, short enough that nobody stares at a spinner.
            .acquire_timeout(Duration::from_secs(5))
            .idle_timeout(Some(Duration::from_mins(10)))
            .after_release(crate::db::pool::keep_when_outside_transactions)
            .connect_with(options)
            .await
            .context("cannot connect to PostgreSQL")?;
        Ok(Self { pool })
    }
}

#[async_trait]
impl Maintenance for PgStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    async fn migrate(&self) -> Result<(), DbError> {
        sqlx::migrate!("./migrations/postgres")
            .run(&self.pool)
            .await?;
        Ok(())
    }

    async fn after_erasure(&self) -> Result<(), DbError> {
        // VACUUM cannot run inside a transaction, so one statement per table
        // straight on the pool. Plain VACUUM marks the space reusable; the
        // bytes are overwritten as new rows take it (see README).
        for table in PARTICIPANT_TABLES {
            self.pool
                .execute(format!("VACUUM {table}").as_str())
                .await?;
        }
        Ok(())
    }

    async fn integrity_check(&self) -> Result<Option<Vec<String>>, DbError> {
        // PostgreSQL has no built-in equivalent of SQLite's check; its contrib
        // extension amcheck verifies B-tree indexes and that every heap tuple
        // is indexed. Creating it needs the right to (a superuser, as in the
        // throwaway clusters of scripts/bench): without, nothing is checked.
        if self
            .pool
            .execute("CREATE EXTENSION IF NOT EXISTS amcheck")
            .await
            .is_err()
        {
            return Ok(None);
        }
        let indexes: Vec<String> = sqlx::query_scalar(
            "SELECT c.oid::regclass::text FROM pg_index i \
             JOIN pg_class c ON c.oid = i.indexrelid \
             JOIN pg_am a ON a.oid = c.relam \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE a.amname = 'btree' AND i.indisvalid AND n.nspname = current_schema() \
             ORDER BY 1",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut problems = Vec::new();
        for index in indexes {
            if let Err(e) = sqlx::query("SELECT bt_index_check($1::text::regclass, true)")
                .bind(&index)
                .execute(&self.pool)
                .await
            {
                problems.push(format!("{index}: {e}"));
            }
        }
        if problems.is_empty() {
            problems.push("ok".to_owned());
        }
        Ok(Some(problems))
    }
}
