//! Questionnaire modules (released, done, skipped) and uploaded aggregates.

use async_trait::async_trait;
use lotse_shared::api::{AggregateSubmission, ModuleState, ModuleStatus, StoredResult};

use super::{AuditEvent, DbError};

#[async_trait]
pub trait Modules: Send + Sync {
    async fn modules(&self, participant_id: &str) -> Result<Vec<ModuleStatus>, DbError>;
    /// The state of one module, or `None` when it was never released.
    async fn module_state(
        &self,
        participant_id: &str,
        instrument: &str,
    ) -> Result<Option<ModuleState>, DbError>;
    /// Releases a module, or again after it was done or skipped; earlier
    /// results stay. `audit` is the staff member's row (`None`: console, demo).
    async fn release_module(
        &self,
        participant_id: &str,
        instrument: &str,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<(), DbError>;
    /// Marks an open (released) module skipped, as one atomic step; a done
    /// module stays done, so skipping can never reopen it for a second result.
    /// Returns the module's state afterwards (`None`: no such module).
    async fn skip_module(
        &self,
        participant_id: &str,
        instrument: &str,
    ) -> Result<Option<ModuleState>, DbError>;
    /// Stores a validated aggregate and marks its module done, as one atomic
    /// step: `None` (and nothing stored) unless the module is open (released
    /// or skipped), so concurrent uploads of one module store one result.
    async fn insert_aggregate(
        &self,
        participant_id: &str,
        submission: &AggregateSubmission,
        now: i64,
    ) -> Result<Option<StoredResult>, DbError>;
    /// All of a participant's aggregates, newest first.
    async fn results(&self, participant_id: &str) -> Result<Vec<StoredResult>, DbError>;
}
