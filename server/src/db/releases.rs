//! Releasing questionnaire modules again, so a participant can retake one.

use super::Store;

impl Store {
    /// Releases a module to a participant: new, or again after it was done or
    /// skipped. Earlier aggregates stay (the history is kept); the module shows as
    /// open until the next result arrives.
    pub async fn release_module(
        &self,
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
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
