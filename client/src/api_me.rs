//! The participant's view of staff-side data: the audit trail, the agency
//! report and their own hard skills; and the key their kept answers in
//! progress are encrypted under. HTTP itself stays in `api.rs`.

use lotse_shared::api::{
    AuditEntry, Competence, CompetenceInput, DraftKey, ReportAgreement, ReportOverview,
};

use crate::api::{Failure, call, get, send};

/// The participant's own audit trail (`/my-data/audit`).
pub async fn my_audit() -> Result<Vec<AuditEntry>, Failure> {
    get("/api/v1/me/audit").await
}

/// The participant's view of the agency report.
pub async fn my_report() -> Result<ReportOverview, Failure> {
    get("/api/v1/me/report").await
}

/// Agrees to the report as shown: its wording and its content's hash.
pub async fn agree_report(
    wording: String,
    content_hash: String,
) -> Result<ReportOverview, Failure> {
    send(
        "POST",
        "/api/v1/me/report/agree",
        &ReportAgreement {
            wording,
            content_hash,
        },
    )
    .await
}

/// The participant's own hard skills, which they may add, correct and remove.
pub async fn my_competences() -> Result<Vec<Competence>, Failure> {
    get("/api/v1/me/competences").await
}

pub async fn add_competence(input: &CompetenceInput) -> Result<Vec<Competence>, Failure> {
    send("POST", "/api/v1/me/competences", input).await
}

pub async fn update_competence(
    id: &str,
    input: &CompetenceInput,
) -> Result<Vec<Competence>, Failure> {
    send("PUT", &format!("/api/v1/me/competences/{id}"), input).await
}

pub async fn delete_competence(id: &str) -> Result<(), Failure> {
    call("DELETE", &format!("/api/v1/me/competences/{id}"), None)
        .await
        .map(|_| ())
}

/// The participant's draft key (a plain GET: nothing is sent but the cookie).
/// Kept in memory only, by `journey`.
pub async fn draft_key() -> Result<DraftKey, Failure> {
    get("/api/v1/me/draft-key").await
}
