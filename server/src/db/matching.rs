//! Career orientation, activities and job matching: occupational wishes,
//! the work profile, vacancies and the suggestions shared with a
//! participant. Staff changes take an [`AuditEvent`] written in the same
//! transaction; a participant's own changes take none.

use async_trait::async_trait;
use lotse_shared::api::{
    ModuleState, Occupation, OccupationWish, RecordedBy, StoredWorkProfile, Suggestion, Vacancy,
    WorkProfile,
};

use super::{AuditEvent, DbError};

/// What storing a work profile did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileWrite {
    Stored,
    /// The activities module was in none of the open states: this one, or
    /// `None` when it was never released. Nothing was stored.
    Closed(Option<ModuleState>),
}

#[async_trait]
pub trait Matching: Send + Sync {
    async fn wishes(&self, participant_id: &str) -> Result<Vec<OccupationWish>, DbError>;
    /// Records a wish; [`DbError::Conflict`] when the participant has it already.
    async fn add_wish(
        &self,
        participant_id: &str,
        occupation: &Occupation,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<String, DbError>;
    /// `false` if this participant has no wish with that id.
    async fn remove_wish(
        &self,
        participant_id: &str,
        wish_id: &str,
        audit: Option<&AuditEvent>,
    ) -> Result<bool, DbError>;
    async fn work_profile(&self, participant_id: &str) -> Result<StoredWorkProfile, DbError>;
    /// Stores the work profile and marks the activities module done, in one
    /// transaction, when the module's state is one of `open`; otherwise
    /// stores nothing and answers the state found (`None`: never released).
    async fn put_work_profile(
        &self,
        participant_id: &str,
        profile: &WorkProfile,
        by: RecordedBy,
        open: &[ModuleState],
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<ProfileWrite, DbError>;
    /// Removes the work profile and marks the activities module skipped (the
    /// participant declined it), in one transaction; `false` when there was
    /// no profile.
    async fn remove_work_profile(&self, participant_id: &str) -> Result<bool, DbError>;
    /// Every vacancy, newest first.
    async fn vacancies(&self) -> Result<Vec<Vacancy>, DbError>;
    async fn vacancy(&self, id: &str) -> Result<Option<Vacancy>, DbError>;
    /// Stores all of them in one transaction, or none.
    async fn add_vacancies(
        &self,
        vacancies: &[Vacancy],
        created_by: &str,
        audit: &AuditEvent,
    ) -> Result<(), DbError>;
    async fn remove_vacancy(&self, id: &str, audit: &AuditEvent) -> Result<bool, DbError>;
    /// Shares a judged vacancy; sharing it again replaces the earlier copy.
    async fn share_suggestion(
        &self,
        participant_id: &str,
        suggestion: &Suggestion,
        shared_by: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<(), DbError>;
    /// What was shared with the participant, newest first.
    async fn shared_suggestions(&self, participant_id: &str) -> Result<Vec<Suggestion>, DbError>;
}
