//! The key each participant's browser encrypts its kept answers in progress
//! under. Storage sees it only sealed; sealing and handing it out is
//! `api::me`'s.

use async_trait::async_trait;

use super::DbError;

/// A stored draft key, still sealed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DraftKeyRow {
    /// The key as `SecretBox::seal` wrote it, bound to the participant.
    pub sealed: String,
    /// Unix seconds.
    pub created_at: i64,
}

#[async_trait]
pub trait DraftKeys: Send + Sync {
    /// The participant's draft key, if they were ever given one.
    async fn draft_key(&self, participant_id: &str) -> Result<Option<DraftKeyRow>, DbError>;
    /// Stores a first key for the participant; keeps the existing one when
    /// there is one already (two tabs asking at once both end up with the
    /// key that was stored first, read back with [`DraftKeys::draft_key`]).
    async fn insert_draft_key(
        &self,
        participant_id: &str,
        sealed: &str,
        now: i64,
    ) -> Result<(), DbError>;
}
