//! The SQLite store: the embedded default, one file in the data folder.
//! Uploads go through one writer task that commits them in groups.

use std::str::FromStr;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use async_trait::async_trait;
use lotse_shared::api::AggregateSubmission;
use sqlx::Acquire as _;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Executor as _, SqlitePool};

use super::{Backend, DbError, Maintenance};

type DbKind = sqlx::Sqlite;
type Conn = sqlx::SqliteConnection;
type This = SqliteStore;

/// SQL that differs from PostgreSQL's.
mod dialect {
    /// SQLite's LIKE ignores ASCII case already.
    pub const LIKE_CI: &str = "LIKE";
    /// Tables, their columns and foreign-key targets, from SQLite's catalogue.
    pub const TABLES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' ORDER BY name";
    pub const COLUMNS: &str = "SELECT name FROM pragma_table_info($1)";
    pub const REFERENCES: &str = "SELECT \"table\" FROM pragma_foreign_key_list($1)";
}

crate::db::shared_statements!();

/// Storage on a SQLite file (or in memory, for tests).
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Uploads waiting for the writer task, which commits them together.
    uploads: mpsc::Sender<Upload>,
}

/// Uploads one commit takes at most.
const MAX_BATCH: usize = 256;

/// An aggregate on its way to the writer, with the channel for its answer.
#[derive(Debug)]
struct Upload {
    id: String,
    participant_id: String,
    submission: AggregateSubmission,
    now: i64,
    done: oneshot::Sender<Result<bool, DbError>>,
}

/// Group commit: SQLite has one writer at a time and each commit waits for the
/// disk (`synchronous = FULL`), so uploads that arrive together are written in
/// one transaction, each in a savepoint of its own (one that fails rolls back
/// alone), and every upload is answered only after that commit is durable.
async fn write_uploads(pool: SqlitePool, mut queue: mpsc::Receiver<Upload>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        match commit_uploads(&pool, &batch).await {
            Ok(outcomes) => {
                for (upload, outcome) in batch.drain(..).zip(outcomes) {
                    let _ = upload.done.send(outcome);
                }
            }
            Err(error) => {
                for upload in batch.drain(..) {
                    let _ = upload.done.send(Err(error.for_each_waiter()));
                }
            }
        }
    }
}

async fn commit_uploads(
    pool: &SqlitePool,
    batch: &[Upload],
) -> Result<Vec<Result<bool, DbError>>, DbError> {
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for u in batch {
        let mut savepoint = (&mut tx).begin().await?;
        match modules::store_aggregate(
            &mut savepoint,
            &u.id,
            &u.participant_id,
            &u.submission,
            u.now,
        )
        .await
        {
            Ok(stored) => {
                savepoint.commit().await?;
                outcomes.push(Ok(stored));
            }
            Err(error) => {
                savepoint.rollback().await?;
                outcomes.push(Err(error));
            }
        }
    }
    tx.commit().await?;
    Ok(outcomes)
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
            .after_release(crate::db::pool::keep_when_outside_transactions)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open database {url}"))?;
        let (uploads, queue) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(write_uploads(pool.clone(), queue));
        Ok(Self { pool, uploads })
    }

    /// Hands the upload to the writer and waits until it is committed.
    async fn claim_and_store(
        &self,
        id: &str,
        participant_id: &str,
        submission: &AggregateSubmission,
        now: i64,
    ) -> Result<bool, DbError> {
        let (done, answer) = oneshot::channel();
        let upload = Upload {
            id: id.to_owned(),
            participant_id: participant_id.to_owned(),
            submission: submission.clone(),
            now,
            done,
        };
        let gone = || DbError::Other("the upload writer has stopped".into());
        self.uploads.send(upload).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
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

    async fn integrity_check(&self) -> Result<Option<Vec<String>>, DbError> {
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await?;
        Ok(Some(rows))
    }
}
