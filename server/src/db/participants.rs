//! Programmes, participants and their access codes, the dossier header and the
//! caseload list.

use async_trait::async_trait;
use lotse_shared::api::{CaseloadPage, CaseloadQuery, Dossier, MyProfile, MyProgramme};

use super::{AuditEvent, DbError, ParticipantRow, ProgrammeRow};

/// Rows per caseload page.
pub const PER_PAGE: u32 = 20;

/// Whose participants a caseload list shows.
#[derive(Debug, Clone)]
pub enum CaseloadScope {
    /// Everyone (the admin's participant list).
    All,
    /// A counsellor's own and, on `today`, delegated participants.
    Counsellor { id: String, today: String },
}

/// A participant to add in bulk (demo data and the benchmark's seeding).
#[derive(Debug, Clone)]
pub struct NewParticipantRow {
    pub id: String,
    pub programme_id: String,
    pub display_name: String,
    pub access_code_hash: String,
    pub counsellor_id: Option<String>,
    pub created_at: i64,
}

#[async_trait]
pub trait Participants: Send + Sync {
    async fn create_programme(
        &self,
        name: &str,
        starts_on: &str,
        ends_on: &str,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<ProgrammeRow, DbError>;
    /// Corrects a programme's dates; `false` when there is no such programme.
    async fn set_programme_dates(
        &self,
        id: &str,
        starts_on: &str,
        ends_on: &str,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    async fn programme_by_name(&self, name: &str) -> Result<Option<ProgrammeRow>, DbError>;
    async fn programme(&self, id: &str) -> Result<Option<ProgrammeRow>, DbError>;
    async fn all_programmes(&self) -> Result<Vec<ProgrammeRow>, DbError>;

    /// Adds a participant with the given modules released, in one transaction;
    /// `audit` is the staff member's row (`None` from the console).
    #[allow(clippy::too_many_arguments)]
    async fn create_participant(
        &self,
        programme_id: &str,
        display_name: &str,
        counsellor_id: Option<&str>,
        access_code_hash: &str,
        released: &[&str],
        minority: &super::Minority,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<String, DbError>;
    /// Adds many participants in one transaction, nothing released.
    async fn seed_participants(&self, rows: &[NewParticipantRow]) -> Result<(), DbError>;
    /// Puts the participant under a legal hold (`Some(reason)`) or lifts it
    /// (`None`); `false` when there is no such participant, or nothing to
    /// lift.
    async fn set_legal_hold(
        &self,
        id: &str,
        hold: Option<&str>,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    async fn participant(&self, id: &str) -> Result<Option<ParticipantRow>, DbError>;
    async fn participant_by_code_hash(&self, hash: &str)
    -> Result<Option<ParticipantRow>, DbError>;
    async fn participants_in_programme(
        &self,
        programme_id: &str,
    ) -> Result<Vec<ParticipantRow>, DbError>;
    /// Replaces the access code; every session opened with the old one ends.
    async fn reissue_access_code(
        &self,
        id: &str,
        hash: &str,
        audit: Option<&AuditEvent>,
    ) -> Result<(), DbError>;
    /// Changes counsellor and/or exit date (`None` leaves a field as it is).
    async fn update_participant(
        &self,
        id: &str,
        counsellor_id: Option<Option<&str>>,
        exit_on: Option<Option<&str>>,
        audit: &AuditEvent,
    ) -> Result<(), DbError>;
    /// `None` if the participant does not exist, else who they belong to and
    /// whether their data is restricted: what authorization needs.
    async fn participant_reach(&self, id: &str) -> Result<Option<ParticipantReach>, DbError>;
    async fn dossier(&self, id: &str) -> Result<Option<Dossier>, DbError>;
    /// One page of a caseload, filtered and sorted.
    async fn caseload(
        &self,
        scope: &CaseloadScope,
        query: &CaseloadQuery,
    ) -> Result<CaseloadPage, DbError>;
    /// The participant record with its programme.
    async fn my_profile(
        &self,
        participant_id: &str,
    ) -> Result<Option<(MyProfile, MyProgramme)>, DbError>;
}

/// Whose caseload a participant is in, and whether a restriction of
/// processing stops changes to their data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantReach {
    pub counsellor_id: Option<String>,
    pub restricted: bool,
}
