//! Releasing questionnaire modules (again), so a participant can take or retake one.

use sqlx::{Executor, Sqlite};

use super::Store;

/// Releases a module: new, or again after it was done or skipped. Earlier
/// aggregates stay (the history is kept); the module shows as open until the
/// next result arrives.
pub(super) async fn upsert_release<'e, E: Executor<'e, Database = Sqlite>>(
    executor: E,
    participant_id: &str,
    instrument: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO releases (participant_id, instrument, state, released_at) \
         VALUES ($1, $2, 'released', $3) \
         ON CONFLICT (participant_id, instrument) \
         DO UPDATE SET state = 'released', released_at = excluded.released_at",
    )
    .bind(participant_id)
    .bind(instrument)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}

impl Store {
    /// Releases a module without a staff member behind it (CLI, demo data,
    /// tests). Staff releases go through the audited `release_module`.
    pub async fn release_module_by_system(
        &self,
        participant_id: &str,
        instrument: &str,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        upsert_release(&self.pool, participant_id, instrument, now).await
    }
}
