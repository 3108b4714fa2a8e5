//! The append-only consent history and erasure. Which notice version counts
//! is a domain rule (`crate::domain::rights`), not storage's.

use async_trait::async_trait;
use lotse_shared::api::{ConsentEvent, ErasureReceipt};

use super::{AuditEvent, DbError, ErasureReason};

#[async_trait]
pub trait Consents: Send + Sync {
    /// Appends one event; `audit` when a staff member recorded it (same transaction).
    async fn insert_consent_event(
        &self,
        participant_id: &str,
        event: &ConsentEvent,
        audit: Option<&AuditEvent>,
    ) -> Result<(), DbError>;
    /// The whole history, oldest first; a row that does not decode is an error.
    async fn consent_history(&self, participant_id: &str) -> Result<Vec<ConsentEvent>, DbError>;
    async fn latest_consent(&self, participant_id: &str) -> Result<Option<ConsentEvent>, DbError>;
    /// Whether anyone has a consent event at all (an install in use).
    async fn has_any_consent(&self) -> Result<bool, DbError>;
    /// Records a refusal and ends every session of the participant, together.
    async fn decline(&self, participant_id: &str, event: &ConsentEvent) -> Result<(), DbError>;
    /// Erases everything about a participant in one transaction (real
    /// `DELETE`s) and leaves a receipt with a random id and the time only.
    /// `None` when there was nobody to erase.
    async fn erase_participant(
        &self,
        participant_id: &str,
        reason: ErasureReason,
        now: i64,
    ) -> Result<Option<ErasureReceipt>, DbError>;
}
