//! The append-only consent history and erasure. Which notice version counts
//! is a domain rule (`crate::domain::rights`), not storage's.

use async_trait::async_trait;
use lotse_shared::api::{ConsentEvent, ErasureReceipt, GuardianConsent, GuardianConsentRecord};

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
    /// Notes that the signed paper record of the latest event is on file,
    /// with `audit` in the same transaction. Only an event taken with the
    /// counsellor, and only once: `false` (nothing changed) otherwise.
    async fn mark_signed_copy(
        &self,
        participant_id: &str,
        staff_id: &str,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    /// Whether the participant was recorded as under the consent age, and
    /// the day they reach it when known; `None` when there is no such participant.
    async fn minority(&self, participant_id: &str) -> Result<Option<Minority>, DbError>;
    /// The guardians' consents, oldest first.
    async fn guardian_consents(
        &self,
        participant_id: &str,
    ) -> Result<Vec<GuardianConsent>, DbError>;
    /// Records a guardian's consent with `audit` in the same transaction.
    async fn insert_guardian_consent(
        &self,
        participant_id: &str,
        record: &GuardianConsentRecord,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<(), DbError>;
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

/// What is stored about a participant's age: only whether they were under
/// the consent age when created, and the day they reach it if known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Minority {
    pub minor: bool,
    /// YYYY-MM-DD.
    pub adult_on: Option<String>,
}
