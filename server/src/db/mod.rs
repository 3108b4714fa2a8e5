//! Storage: the only module that contains SQL.
//!
//! Queries use `$n` placeholders and portable types (TEXT, BIGINT, INTEGER) so
//! the same statements run on SQLite and PostgreSQL; SQLite-only settings live in
//! [`Store::connect`] alone.

mod rows;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context as _;
use lotse_shared::api::{AggregateSubmission, ModuleState, ModuleStatus, StoredResult};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Executor as _, SqlitePool};

use rows::{AggregateRow, ReleaseRow, ScaleRow};
pub use rows::{ParticipantRow, ProgrammeRow, SessionRow};

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

    // ---- programmes -------------------------------------------------------

    pub async fn create_programme(
        &self,
        name: &str,
        starts_on: &str,
        ends_on: &str,
        now: i64,
    ) -> Result<ProgrammeRow, sqlx::Error> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO programmes (id, name, starts_on, ends_on, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(name)
        .bind(starts_on)
        .bind(ends_on)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(ProgrammeRow {
            id,
            name: name.to_owned(),
            starts_on: starts_on.to_owned(),
            ends_on: ends_on.to_owned(),
        })
    }

    pub async fn programme_by_name(&self, name: &str) -> Result<Option<ProgrammeRow>, sqlx::Error> {
        sqlx::query_as("SELECT id, name, starts_on, ends_on FROM programmes WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await
    }

    pub async fn programme(&self, id: &str) -> Result<Option<ProgrammeRow>, sqlx::Error> {
        sqlx::query_as("SELECT id, name, starts_on, ends_on FROM programmes WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    // ---- participants -----------------------------------------------------

    /// Adds a participant and releases the given questionnaire modules to them,
    /// in one transaction.
    pub async fn create_participant(
        &self,
        programme_id: &str,
        display_name: &str,
        access_code_hash: &str,
        released: &[&str],
        now: i64,
    ) -> Result<String, sqlx::Error> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO participants (id, programme_id, display_name, access_code_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(programme_id)
        .bind(display_name)
        .bind(access_code_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for instrument in released {
            sqlx::query(
                "INSERT INTO releases (participant_id, instrument, state, released_at) \
                 VALUES ($1, $2, 'released', $3)",
            )
            .bind(&id)
            .bind(instrument)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn participant(&self, id: &str) -> Result<Option<ParticipantRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT p.id, p.display_name, p.programme_id, g.name AS programme_name \
             FROM participants p JOIN programmes g ON g.id = p.programme_id WHERE p.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn participant_by_code_hash(
        &self,
        hash: &str,
    ) -> Result<Option<ParticipantRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT p.id, p.display_name, p.programme_id, g.name AS programme_name \
             FROM participants p JOIN programmes g ON g.id = p.programme_id \
             WHERE p.access_code_hash = $1",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn participants_in_programme(
        &self,
        programme_id: &str,
    ) -> Result<Vec<ParticipantRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT p.id, p.display_name, p.programme_id, g.name AS programme_name \
             FROM participants p JOIN programmes g ON g.id = p.programme_id \
             WHERE p.programme_id = $1 ORDER BY p.id",
        )
        .bind(programme_id)
        .fetch_all(&self.pool)
        .await
    }

    /// Replaces a participant's access code; their open sessions end with it.
    pub async fn reissue_access_code(&self, id: &str, hash: &str) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE participants SET access_code_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE participant_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    // ---- sessions ---------------------------------------------------------

    pub async fn create_session(
        &self,
        token_hash: &str,
        participant_id: &str,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, participant_id, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $3)",
        )
        .bind(token_hash)
        .bind(participant_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT token_hash, participant_id, created_at, last_seen_at \
             FROM sessions WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    // ---- modules and aggregates -------------------------------------------

    pub async fn modules(&self, participant_id: &str) -> Result<Vec<ModuleStatus>, sqlx::Error> {
        let rows: Vec<ReleaseRow> = sqlx::query_as(
            "SELECT instrument, state FROM releases WHERE participant_id = $1 ORDER BY released_at, instrument",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(ReleaseRow::into_status)
            .collect())
    }

    /// The state of one module, or `None` when it was never released.
    pub async fn module_state(
        &self,
        participant_id: &str,
        instrument: &str,
    ) -> Result<Option<ModuleState>, sqlx::Error> {
        let row: Option<ReleaseRow> = sqlx::query_as(
            "SELECT instrument, state FROM releases WHERE participant_id = $1 AND instrument = $2",
        )
        .bind(participant_id)
        .bind(instrument)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(ReleaseRow::into_status).map(|s| s.state))
    }

    /// Stores a validated aggregate and marks the module done, atomically.
    pub async fn insert_aggregate(
        &self,
        participant_id: &str,
        submission: &AggregateSubmission,
        now: i64,
    ) -> Result<StoredResult, sqlx::Error> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO aggregates (id, participant_id, instrument, instrument_version, quality, \
             completion_seconds, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(participant_id)
        .bind(&submission.instrument)
        .bind(i64::from(submission.version))
        .bind(rows::quality_to_str(submission.quality))
        .bind(i64::from(submission.completion_seconds))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for (position, scale) in submission.scales.iter().enumerate() {
            sqlx::query(
                "INSERT INTO aggregate_scales (aggregate_id, position, scale, score, band) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&id)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(&scale.scale)
            .bind(scale.score.map(i64::from))
            .bind(scale.band.as_deref())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE releases SET state = 'done' WHERE participant_id = $1 AND instrument = $2",
        )
        .bind(participant_id)
        .bind(&submission.instrument)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(StoredResult {
            id,
            instrument: submission.instrument.clone(),
            version: submission.version,
            scales: submission.scales.clone(),
            quality: submission.quality,
            completion_seconds: submission.completion_seconds,
            submitted_at: now,
        })
    }

    /// All of a participant's aggregates, newest first.
    pub async fn results(&self, participant_id: &str) -> Result<Vec<StoredResult>, sqlx::Error> {
        let aggregates: Vec<AggregateRow> = sqlx::query_as(
            "SELECT id, instrument, instrument_version, quality, completion_seconds, submitted_at \
             FROM aggregates WHERE participant_id = $1 ORDER BY submitted_at DESC, id DESC",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        let scales: Vec<ScaleRow> = sqlx::query_as(
            "SELECT s.aggregate_id, s.scale, s.score, s.band FROM aggregate_scales s \
             JOIN aggregates a ON a.id = s.aggregate_id \
             WHERE a.participant_id = $1 ORDER BY s.aggregate_id, s.position",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(aggregates
            .into_iter()
            .map(|a| a.into_result(&scales))
            .collect())
    }

    /// Sets a released module's state (`released`, `done` or `skipped`).
    pub async fn set_module_state(
        &self,
        participant_id: &str,
        instrument: &str,
        state: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE releases SET state = $1 WHERE participant_id = $2 AND instrument = $3")
            .bind(state)
            .bind(participant_id)
            .bind(instrument)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
