//! The participant's view of staff-side data: the audit trail, the agency
//! report, their own hard skills, occupational wishes, work profile and the
//! vacancies shared with them; and the key their kept answers in progress
//! are encrypted under. HTTP itself stays in `api.rs`.

use lotse_shared::api::{
    AuditEntry, Competence, CompetenceInput, DraftKey, NewWish, OccupationList, OccupationWish,
    ReportAgreement, ReportDecline, ReportOverview, StoredWorkProfile, Suggestion, WorkProfile,
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

/// Declines the report's draft, with other wording the participant proposes.
pub async fn decline_report(proposal: String) -> Result<ReportOverview, Failure> {
    send(
        "POST",
        "/api/v1/me/report/decline",
        &ReportDecline { proposal },
    )
    .await
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

/// Occupations of the catalogue (ESCO) whose label has every word of `query`.
pub async fn occupations(query: &str) -> Result<OccupationList, Failure> {
    let q = String::from(js_sys::encode_uri_component(query));
    get(&format!("/api/v1/me/occupations?q={q}")).await
}

/// The participant's occupational wishes.
pub async fn my_wishes() -> Result<Vec<OccupationWish>, Failure> {
    get("/api/v1/me/wishes").await
}

/// Adds an occupation (by its ESCO id) to the wishes; answers with all of them.
pub async fn add_wish(occupation_id: String) -> Result<Vec<OccupationWish>, Failure> {
    send("POST", "/api/v1/me/wishes", &NewWish { occupation_id }).await
}

pub async fn remove_wish(id: &str) -> Result<(), Failure> {
    call("DELETE", &format!("/api/v1/me/wishes/{id}"), None)
        .await
        .map(|_| ())
}

/// The work profile (module 2 and what matching reads).
pub async fn my_profile() -> Result<StoredWorkProfile, Failure> {
    get("/api/v1/me/profile").await
}

/// Stores the work profile; answers with it as stored (cleaned up).
pub async fn save_profile(profile: &WorkProfile) -> Result<StoredWorkProfile, Failure> {
    send("PUT", "/api/v1/me/profile", profile).await
}

/// Declines module 2: the work profile is removed and the module skipped.
pub async fn decline_profile() -> Result<(), Failure> {
    call("DELETE", "/api/v1/me/profile", None).await.map(|_| ())
}

/// The vacancies the counsellor shared, with what matched.
pub async fn my_suggestions() -> Result<Vec<Suggestion>, Failure> {
    get("/api/v1/me/suggestions").await
}
