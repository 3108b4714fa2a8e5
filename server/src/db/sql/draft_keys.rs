// Shared statements, compiled into each database's store (see `db/mod.rs`):
// the participants' draft keys.

use async_trait::async_trait;

use super::This;
use crate::db::{DbError, DraftKeyRow, DraftKeys};

#[async_trait]
impl DraftKeys for This {
    async fn draft_key(&self, participant_id: &str) -> Result<Option<DraftKeyRow>, DbError> {
        Ok(
            sqlx::query_as("SELECT sealed, created_at FROM draft_keys WHERE participant_id = $1")
                .bind(participant_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn insert_draft_key(
        &self,
        participant_id: &str,
        sealed: &str,
        now: i64,
    ) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO draft_keys (participant_id, sealed, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (participant_id) DO NOTHING",
        )
        .bind(participant_id)
        .bind(sealed)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
