// Shared statements, compiled into each database's store (see `db/mod.rs`):
// questionnaire modules and uploaded aggregates.

use async_trait::async_trait;
use lotse_shared::api::{
    AggregateSubmission, ModuleState, ModuleStatus, QualityFlag, ScaleAggregate, StoredResult,
};

use super::common::{commit_audited, upsert_release};
use super::{Conn, DbKind, This};
use crate::db::rows::{RawRelease, narrow};
use crate::db::{AuditEvent, Code as _, DbError, Modules, new_id};

#[derive(Debug, sqlx::FromRow)]
struct AggregateRow {
    id: String,
    instrument: String,
    instrument_version: i64,
    quality: String,
    completion_seconds: i64,
    submitted_at: i64,
}

#[derive(Debug, sqlx::FromRow)]
struct ScaleRow {
    aggregate_id: String,
    scale: String,
    score: Option<i64>,
    band: Option<String>,
}

impl AggregateRow {
    fn into_result(self, scales: &[ScaleRow]) -> Result<StoredResult, DbError> {
        let scales = scales
            .iter()
            .filter(|s| s.aggregate_id == self.id)
            .map(|s| {
                Ok(ScaleAggregate {
                    scale: s.scale.clone(),
                    score: s
                        .score
                        .map(|v| narrow("aggregate_scales.score", v))
                        .transpose()?,
                    band: s.band.clone(),
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        Ok(StoredResult {
            version: narrow("aggregates.instrument_version", self.instrument_version)?,
            quality: QualityFlag::decode("aggregates.quality", &self.quality)?,
            completion_seconds: narrow("aggregates.completion_seconds", self.completion_seconds)?,
            id: self.id,
            instrument: self.instrument,
            scales,
            submitted_at: self.submitted_at,
        })
    }
}

#[async_trait]
impl Modules for This {
    async fn modules(&self, participant_id: &str) -> Result<Vec<ModuleStatus>, DbError> {
        let rows: Vec<RawRelease> = sqlx::query_as(
            "SELECT instrument, state FROM releases WHERE participant_id = $1 \
             ORDER BY released_at, instrument",
        )
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ModuleStatus::try_from).collect()
    }

    async fn module_state(
        &self,
        participant_id: &str,
        instrument: &str,
    ) -> Result<Option<ModuleState>, DbError> {
        let row: Option<RawRelease> = sqlx::query_as(
            "SELECT instrument, state FROM releases WHERE participant_id = $1 AND instrument = $2",
        )
        .bind(participant_id)
        .bind(instrument)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| ModuleStatus::try_from(r).map(|s| s.state))
            .transpose()
    }

    async fn release_module(
        &self,
        participant_id: &str,
        instrument: &str,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        upsert_release(&mut tx, participant_id, instrument, now).await?;
        commit_audited(tx, audit).await?;
        Ok(())
    }

    async fn skip_module(
        &self,
        participant_id: &str,
        instrument: &str,
    ) -> Result<Option<ModuleState>, DbError> {
        sqlx::query(
            "UPDATE releases SET state = 'skipped' \
             WHERE participant_id = $1 AND instrument = $2 AND state = 'released'",
        )
        .bind(participant_id)
        .bind(instrument)
        .execute(&self.pool)
        .await?;
        self.module_state(participant_id, instrument).await
    }

    async fn insert_aggregate(
        &self,
        participant_id: &str,
        submission: &AggregateSubmission,
        now: i64,
    ) -> Result<Option<StoredResult>, DbError> {
        let id = new_id();
        // How the claim and the rows reach the disk is each database's own
        // (SQLite commits concurrent uploads together, see `db/sqlite`).
        if !self
            .claim_and_store(&id, participant_id, submission, now)
            .await?
        {
            return Ok(None);
        }
        Ok(Some(StoredResult {
            id,
            instrument: submission.instrument.clone(),
            version: submission.version,
            scales: submission.scales.clone(),
            quality: submission.quality,
            completion_seconds: submission.completion_seconds,
            submitted_at: now,
        }))
    }

    async fn results(&self, participant_id: &str) -> Result<Vec<StoredResult>, DbError> {
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
        aggregates
            .into_iter()
            .map(|a| a.into_result(&scales))
            .collect()
    }
}

/// Claims the module and stores the aggregate, inside the caller's
/// transaction: `false`, with nothing written, unless the module is open.
pub(super) async fn store_aggregate(
    conn: &mut Conn,
    id: &str,
    participant_id: &str,
    submission: &AggregateSubmission,
    now: i64,
) -> Result<bool, DbError> {
    // The check and the claim are one conditional UPDATE and the first
    // statement: SQLite takes the write lock there, PostgreSQL locks the row
    // and re-checks the condition after a concurrent commit, so of two racing
    // uploads of one module exactly one continues.
    let claimed = sqlx::query(
        "UPDATE releases SET state = 'done' WHERE participant_id = $1 AND instrument = $2 \
         AND state IN ('released', 'skipped')",
    )
    .bind(participant_id)
    .bind(&submission.instrument)
    .execute(&mut *conn)
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO aggregates (id, participant_id, instrument, instrument_version, quality, \
         completion_seconds, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(participant_id)
    .bind(&submission.instrument)
    .bind(i64::from(submission.version))
    .bind(submission.quality.code())
    .bind(i64::from(submission.completion_seconds))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let mut scales = sqlx::QueryBuilder::<DbKind>::new(
        "INSERT INTO aggregate_scales (aggregate_id, position, scale, score, band) ",
    );
    scales.push_values(
        (0_i64..).zip(&submission.scales),
        |mut b, (position, scale)| {
            b.push_bind(id)
                .push_bind(position)
                .push_bind(&scale.scale)
                .push_bind(scale.score.map(i64::from))
                .push_bind(scale.band.as_deref());
        },
    );
    if !submission.scales.is_empty() {
        scales.build().execute(&mut *conn).await?;
    }
    Ok(true)
}
