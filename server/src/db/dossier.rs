//! What counsellor and participant record together: competences (hard
//! skills), the data sheet and agency reports. Every staff change takes an
//! [`AuditEvent`] written in the same transaction.

use async_trait::async_trait;
use lotse_shared::api::{Competence, CompetenceRecord, DataSheet};

use super::{AuditEvent, DbError, ReportRow};

#[async_trait]
pub trait DossierRecords: Send + Sync {
    async fn competences(&self, participant_id: &str) -> Result<Vec<Competence>, DbError>;
    /// Adds a competence; `audit` is `None` when the participant adds their own.
    async fn add_competence(
        &self,
        participant_id: &str,
        input: &CompetenceRecord,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<String, DbError>;
    /// `false` if this participant has no competence with that id.
    async fn update_competence(
        &self,
        participant_id: &str,
        competence_id: &str,
        input: &CompetenceRecord,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<bool, DbError>;
    async fn delete_competence(
        &self,
        participant_id: &str,
        competence_id: &str,
        audit: Option<&AuditEvent>,
    ) -> Result<bool, DbError>;
    async fn datasheet(&self, participant_id: &str) -> Result<DataSheet, DbError>;
    async fn put_datasheet(
        &self,
        participant_id: &str,
        sheet: &DataSheet,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<(), DbError>;
    /// The open draft (draft or agreed), if any.
    async fn report_draft(&self, participant_id: &str) -> Result<Option<ReportRow>, DbError>;
    async fn released_reports(&self, participant_id: &str) -> Result<Vec<ReportRow>, DbError>;
    async fn released_report(
        &self,
        participant_id: &str,
        report_id: &str,
    ) -> Result<Option<ReportRow>, DbError>;
    /// Writes the counsellor's wording; an earlier agreement lapses. A unique
    /// index keeps it to one open draft even when two saves race.
    async fn put_report_draft(
        &self,
        participant_id: &str,
        wording: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<(), DbError>;
    /// The participant agrees to the draft with exactly the wording they saw;
    /// `content_json` is the whole content they agreed to, kept with it.
    async fn agree_report(
        &self,
        participant_id: &str,
        wording: &str,
        content_json: &str,
        now: i64,
    ) -> Result<bool, DbError>;
    /// The participant declines the open draft (agreed or not) and proposes
    /// other wording (may be empty); it stays a draft until the counsellor
    /// writes again. `false` if there is no open draft.
    async fn decline_report(
        &self,
        participant_id: &str,
        proposal: &str,
        now: i64,
    ) -> Result<bool, DbError>;
    /// An agreed draft whose content changed goes back to draft: the
    /// participant must agree again. `false` if there was none.
    async fn reopen_report(&self, participant_id: &str) -> Result<bool, DbError>;
    /// Releases the agreed draft with its frozen content, only if that is
    /// exactly the content the participant agreed to; its id, or `None`
    /// when there is no such agreed draft.
    async fn release_report(
        &self,
        participant_id: &str,
        content_json: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<Option<String>, DbError>;
}
