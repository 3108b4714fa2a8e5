//! Questionnaire modules (released, done, skipped) and uploaded aggregates.

use lotse_shared::api::{AggregateSubmission, ModuleState, ModuleStatus, StoredResult};

use super::rows::{self, AggregateRow, ReleaseRow, ScaleRow};
use super::{Store, new_id};

impl Store {
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
