//! Server-side sessions of participants and staff. Every instance reads them
//! from the database, so a session made on one instance is valid on all.

use async_trait::async_trait;
use lotse_shared::api::MySession;

use super::{ConsentGateRow, DbError, SessionRow, SessionStage};

#[async_trait]
pub trait Sessions: Send + Sync {
    async fn create_session(
        &self,
        token_hash: &str,
        participant_id: &str,
        now: i64,
    ) -> Result<(), DbError>;
    /// A participant's or staff member's session.
    async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>, DbError>;
    /// Sets `last_seen_at` of each (token hash, time), in one transaction.
    async fn touch_sessions(&self, touches: &[(String, i64)]) -> Result<(), DbError>;
    async fn delete_session(&self, token_hash: &str) -> Result<(), DbError>;
    /// For the consent gate: the session, and the notice version the
    /// participant's newest consent event accepted.
    async fn session_consent(&self, token_hash: &str) -> Result<Option<ConsentGateRow>, DbError>;
    /// The participant's open sessions (times only).
    async fn my_sessions(&self, participant_id: &str) -> Result<Vec<MySession>, DbError>;
    async fn create_staff_session(
        &self,
        token_hash: &str,
        staff_id: &str,
        stage: SessionStage,
        now: i64,
    ) -> Result<(), DbError>;
    /// Swaps a pending session for a full one with a new token (ASVS 7.2.4).
    async fn promote_staff_session(
        &self,
        old_hash: &str,
        new_hash: &str,
        staff_id: &str,
        now: i64,
    ) -> Result<(), DbError>;
    /// Deletes (or counts, on a dry run) sessions past their timeouts.
    async fn delete_expired_sessions(
        &self,
        created_before: i64,
        seen_before: i64,
        dry_run: bool,
    ) -> Result<u64, DbError>;
}
