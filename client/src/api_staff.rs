//! The staff dashboard's calls (compiled into the staff app only).
//! HTTP itself stays in `api.rs`; this file only names the endpoints.

use lotse_shared::api::{
    AccessLetter, AgencyReport, AuditEntry, Breach, BreachDetails, BreachLink, BreachReported,
    CaseloadPage, Competence, CompetenceInput, ConsentDecision, ConsentStatus, CreatedStaff,
    DataSheet, Delegation, Dossier, DossierResults, Enrolment, GuardianConsentRecord,
    ModuleRelease, ModuleState, NewBreach, NewDelegation, NewParticipant, NewProgramme, NewStaff,
    Notice, NoticeDraft, NoticeSources, OptionalConsents, OrganisationProfile, OrganisationStatus,
    ParticipantUpdate, ProcessingRegister, Programme, ProgrammeDates, PublishedNotice, ReportDraft,
    ReportOverview, SignInPending, StaffInfo, StaffMember, StaffSignIn, StaffUpdate, TotpCode,
};

use lotse_shared::api::{
    ImportFormat, ImportReport, LegalHoldRequest, NewWish, OccupationList, OccupationWish,
    ProgrammeFigures, StoredWorkProfile, Suggestion, Suggestions, Vacancy, VacancyImport,
    VacancyInput, WorkProfile,
};

use lotse_shared::api::{
    CloseRightsRequest, EraseOnBehalf, ErasureReceipt, MasterDataCorrection, NewRightsRequest,
    RequestRegister, RestrictionRequest, RightsRequest,
};

use crate::api::{Failure, call, from_json, get, send, to_json};

fn p(id: &str) -> String {
    format!("/api/v1/staff/participants/{id}")
}

/// Percent-encodes a query value.
fn enc(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

pub async fn session() -> Result<StaffInfo, Failure> {
    get("/api/v1/staff/session").await
}

pub async fn sign_in(username: String, password: String) -> Result<SignInPending, Failure> {
    send(
        "POST",
        "/api/v1/staff/session",
        &StaffSignIn { username, password },
    )
    .await
}

pub async fn enrolment() -> Result<Enrolment, Failure> {
    get("/api/v1/staff/session/enrolment").await
}

pub async fn totp(code: String) -> Result<StaffInfo, Failure> {
    send("POST", "/api/v1/staff/session/totp", &TotpCode { code }).await
}

pub async fn sign_out() -> Result<(), Failure> {
    call("DELETE", "/api/v1/staff/session", None)
        .await
        .map(|_| ())
}

/// The caseload page; `status` and `sort` are the API's values.
pub async fn caseload(
    q: &str,
    programme: &str,
    status: &str,
    sort: &str,
    page: u32,
) -> Result<CaseloadPage, Failure> {
    let mut url = format!("/api/v1/staff/participants?page={page}&sort={}", enc(sort));
    for (k, v) in [("q", q), ("programme", programme), ("status", status)] {
        if !v.is_empty() {
            url.push('&');
            url.push_str(k);
            url.push('=');
            url.push_str(&enc(v));
        }
    }
    get(&url).await
}

pub async fn dossier(id: &str) -> Result<Dossier, Failure> {
    get(&p(id)).await
}

pub async fn results(id: &str) -> Result<DossierResults, Failure> {
    get(&format!("{}/results", p(id))).await
}

pub async fn release_module(id: &str, instrument: &str) -> Result<(), Failure> {
    let body = to_json(&ModuleRelease {
        state: ModuleState::Released,
    })
    .ok_or(Failure::Network)?;
    call(
        "PUT",
        &format!("{}/modules/{instrument}", p(id)),
        Some(body),
    )
    .await
    .map(|_| ())
}

pub async fn competences(id: &str) -> Result<Vec<Competence>, Failure> {
    get(&format!("{}/competences", p(id))).await
}

pub async fn add_competence(id: &str, c: &CompetenceInput) -> Result<Vec<Competence>, Failure> {
    send("POST", &format!("{}/competences", p(id)), c).await
}

pub async fn update_competence(
    id: &str,
    cid: &str,
    c: &CompetenceInput,
) -> Result<Vec<Competence>, Failure> {
    send("PUT", &format!("{}/competences/{cid}", p(id)), c).await
}

pub async fn delete_competence(id: &str, cid: &str) -> Result<(), Failure> {
    call("DELETE", &format!("{}/competences/{cid}", p(id)), None)
        .await
        .map(|_| ())
}

pub async fn datasheet(id: &str) -> Result<DataSheet, Failure> {
    get(&format!("{}/datasheet", p(id))).await
}

pub async fn put_datasheet(id: &str, sheet: &DataSheet) -> Result<DataSheet, Failure> {
    send("PUT", &format!("{}/datasheet", p(id)), sheet).await
}

pub async fn report(id: &str) -> Result<ReportOverview, Failure> {
    get(&format!("{}/report", p(id))).await
}

pub async fn put_report(id: &str, wording: String) -> Result<ReportOverview, Failure> {
    send(
        "PUT",
        &format!("{}/report", p(id)),
        &ReportDraft { wording },
    )
    .await
}

pub async fn release_report(id: &str) -> Result<AgencyReport, Failure> {
    let text = call("POST", &format!("{}/report/release", p(id)), None).await?;
    from_json(&text).ok_or(Failure::Network)
}

/// Where a released report is downloaded as JSON (an audited export).
pub fn report_url(id: &str, rid: &str) -> String {
    format!("{}/reports/{rid}", p(id))
}

pub async fn participant_audit(id: &str) -> Result<Vec<AuditEntry>, Failure> {
    get(&format!("{}/audit", p(id))).await
}

pub async fn update_participant(id: &str, update: &ParticipantUpdate) -> Result<(), Failure> {
    let body = to_json(update).ok_or(Failure::Network)?;
    call("PATCH", &p(id), Some(body)).await.map(|_| ())
}

pub async fn reissue_code(id: &str) -> Result<AccessLetter, Failure> {
    let text = call("POST", &format!("{}/code", p(id)), None).await?;
    from_json(&text).ok_or(Failure::Network)
}

pub async fn create_participant(new: &NewParticipant) -> Result<AccessLetter, Failure> {
    send("POST", "/api/v1/staff/participants", new).await
}

pub async fn staff() -> Result<Vec<StaffMember>, Failure> {
    get("/api/v1/staff/staff").await
}

pub async fn create_staff(new: &NewStaff) -> Result<CreatedStaff, Failure> {
    send("POST", "/api/v1/staff/staff", new).await
}

pub async fn update_staff(id: &str, disabled: bool) -> Result<StaffMember, Failure> {
    send(
        "PATCH",
        &format!("/api/v1/staff/staff/{id}"),
        &StaffUpdate { disabled },
    )
    .await
}

pub async fn programmes() -> Result<Vec<Programme>, Failure> {
    get("/api/v1/staff/programmes").await
}

/// Corrects a programme's dates (`PATCH`); deletion days follow them.
pub async fn update_programme_dates(id: &str, dates: &ProgrammeDates) -> Result<(), Failure> {
    let body = to_json(dates).ok_or(Failure::Network)?;
    call(
        "PATCH",
        &format!("/api/v1/staff/programmes/{}", enc(id)),
        Some(body),
    )
    .await
    .map(|_| ())
}

pub async fn create_programme(new: &NewProgramme) -> Result<Programme, Failure> {
    send("POST", "/api/v1/staff/programmes", new).await
}

pub async fn delegations() -> Result<Vec<Delegation>, Failure> {
    get("/api/v1/staff/delegations").await
}

pub async fn create_delegation(new: &NewDelegation) -> Result<Delegation, Failure> {
    send("POST", "/api/v1/staff/delegations", new).await
}

pub async fn revoke_delegation(id: &str) -> Result<(), Failure> {
    call("DELETE", &format!("/api/v1/staff/delegations/{id}"), None)
        .await
        .map(|_| ())
}

pub async fn breaches() -> Result<Vec<Breach>, Failure> {
    get("/api/v1/staff/breaches").await
}

pub async fn record_breach(new: &NewBreach) -> Result<Vec<Breach>, Failure> {
    send("POST", "/api/v1/staff/breaches", new).await
}

pub async fn breach_reported(id: &str, at: i64) -> Result<Vec<Breach>, Failure> {
    send(
        "POST",
        &format!("/api/v1/staff/breaches/{id}/reported"),
        &BreachReported { at },
    )
    .await
}

pub async fn save_breach_details(
    id: &str,
    details: &BreachDetails,
) -> Result<Vec<Breach>, Failure> {
    send(
        "PUT",
        &format!("/api/v1/staff/breaches/{}", enc(id)),
        details,
    )
    .await
}

pub async fn link_breach(id: &str, participant_id: String) -> Result<Vec<Breach>, Failure> {
    send(
        "POST",
        &format!("/api/v1/staff/breaches/{}/participants", enc(id)),
        &BreachLink { participant_id },
    )
    .await
}

pub async fn unlink_breach(id: &str, participant: &str) -> Result<Vec<Breach>, Failure> {
    let path = format!(
        "/api/v1/staff/breaches/{}/participants/{}",
        enc(id),
        enc(participant)
    );
    from_json(&call("DELETE", &path, None).await?).ok_or(Failure::Network)
}

pub async fn notify_breach(id: &str) -> Result<Vec<Breach>, Failure> {
    let path = format!("/api/v1/staff/breaches/{}/notified", enc(id));
    from_json(&call("POST", &path, None).await?).ok_or(Failure::Network)
}

/// The record of processing, also offered as a download of the same JSON.
pub const REGISTER_URL: &str = "/api/v1/staff/register";

pub async fn register() -> Result<ProcessingRegister, Failure> {
    get(REGISTER_URL).await
}

/// Programme figures: all programmes, or the one with this id.
pub async fn statistics(programme: Option<&str>) -> Result<ProgrammeFigures, Failure> {
    match programme {
        Some(id) => get(&format!("/api/v1/staff/statistics?programme={}", enc(id))).await,
        None => get("/api/v1/staff/statistics").await,
    }
}

pub async fn set_hold(id: &str, reason: String) -> Result<Dossier, Failure> {
    send(
        "PUT",
        &format!("{}/hold", p(id)),
        &LegalHoldRequest { reason },
    )
    .await
}

pub async fn lift_hold(id: &str) -> Result<Dossier, Failure> {
    let text = call("DELETE", &format!("{}/hold", p(id)), None).await?;
    from_json(&text).ok_or(Failure::Network)
}

pub async fn consent(id: &str) -> Result<ConsentStatus, Failure> {
    get(&format!("{}/consent", p(id))).await
}

pub async fn record_consent(id: &str, wanted: &OptionalConsents) -> Result<ConsentStatus, Failure> {
    send("PUT", &format!("{}/consent", p(id)), wanted).await
}

/// The participant accepted the notice in the office.
pub async fn office_consent(
    id: &str,
    decision: &ConsentDecision,
) -> Result<ConsentStatus, Failure> {
    send("POST", &format!("{}/consent", p(id)), decision).await
}

/// The signed paper record of the latest consent is on file.
pub async fn signed_copy_on_file(id: &str) -> Result<ConsentStatus, Failure> {
    let text = call("PUT", &format!("{}/consent/signed-copy", p(id)), None).await?;
    from_json(&text).ok_or(Failure::Network)
}

pub async fn record_guardian(
    id: &str,
    record: &GuardianConsentRecord,
) -> Result<ConsentStatus, Failure> {
    send("POST", &format!("{}/guardian-consents", p(id)), record).await
}

pub async fn organisation() -> Result<OrganisationStatus, Failure> {
    get("/api/v1/staff/organisation").await
}

pub async fn save_organisation(
    profile: &OrganisationProfile,
) -> Result<OrganisationStatus, Failure> {
    send("PUT", "/api/v1/staff/organisation", profile).await
}

pub async fn notice_sources() -> Result<NoticeSources, Failure> {
    get("/api/v1/staff/notice").await
}

pub async fn preview_notice(draft: &NoticeDraft) -> Result<Notice, Failure> {
    send("POST", "/api/v1/staff/notice/preview", draft).await
}

pub async fn publish_notice(draft: &NoticeDraft) -> Result<PublishedNotice, Failure> {
    send("POST", "/api/v1/staff/notice", draft).await
}

pub async fn occupations(q: &str) -> Result<OccupationList, Failure> {
    get(&format!("/api/v1/staff/occupations?q={}", enc(q))).await
}

pub async fn wishes(id: &str) -> Result<Vec<OccupationWish>, Failure> {
    get(&format!("{}/wishes", p(id))).await
}

pub async fn add_wish(id: &str, occupation_id: String) -> Result<Vec<OccupationWish>, Failure> {
    send(
        "POST",
        &format!("{}/wishes", p(id)),
        &NewWish { occupation_id },
    )
    .await
}

pub async fn remove_wish(id: &str, wid: &str) -> Result<(), Failure> {
    call("DELETE", &format!("{}/wishes/{wid}", p(id)), None)
        .await
        .map(|_| ())
}

pub async fn work_profile(id: &str) -> Result<StoredWorkProfile, Failure> {
    get(&format!("{}/profile", p(id))).await
}

/// Stores the participant's work profile as recorded with them; answers with
/// it as stored.
pub async fn save_work_profile(
    id: &str,
    profile: &WorkProfile,
) -> Result<StoredWorkProfile, Failure> {
    send("PUT", &format!("{}/profile", p(id)), profile).await
}

pub async fn suggestions(id: &str) -> Result<Suggestions, Failure> {
    get(&format!("{}/suggestions", p(id))).await
}

pub async fn share_suggestion(id: &str, vid: &str) -> Result<Suggestion, Failure> {
    let text = call("POST", &format!("{}/suggestions/{vid}", p(id)), None).await?;
    from_json(&text).ok_or(Failure::Network)
}

pub async fn vacancies() -> Result<Vec<Vacancy>, Failure> {
    get("/api/v1/staff/vacancies").await
}

pub async fn add_vacancy(input: &VacancyInput) -> Result<Vacancy, Failure> {
    send("POST", "/api/v1/staff/vacancies", input).await
}

pub async fn import_vacancies(
    format: ImportFormat,
    content: String,
) -> Result<ImportReport, Failure> {
    send(
        "POST",
        "/api/v1/staff/vacancies/import",
        &VacancyImport { format, content },
    )
    .await
}

pub async fn remove_vacancy(vid: &str) -> Result<(), Failure> {
    call("DELETE", &format!("/api/v1/staff/vacancies/{vid}"), None)
        .await
        .map(|_| ())
}

/// The rights requests register and the recipients still to be told.
pub async fn requests() -> Result<RequestRegister, Failure> {
    get("/api/v1/staff/requests").await
}

pub async fn record_request(new: &NewRightsRequest) -> Result<RightsRequest, Failure> {
    send("POST", "/api/v1/staff/requests", new).await
}

pub async fn request_identity(id: &str) -> Result<RightsRequest, Failure> {
    let path = format!("/api/v1/staff/requests/{}/identity", enc(id));
    from_json(&call("POST", &path, None).await?).ok_or(Failure::Network)
}

pub async fn close_request(id: &str, close: &CloseRightsRequest) -> Result<RightsRequest, Failure> {
    send(
        "POST",
        &format!("/api/v1/staff/requests/{}/close", enc(id)),
        close,
    )
    .await
}

/// Where the copy of the participant's data for a request is downloaded.
pub fn request_export_url(id: &str) -> String {
    format!("/api/v1/staff/requests/{}/export", enc(id))
}

/// Erases the participant on their behalf; closes the request.
pub async fn erase_for_request(id: &str) -> Result<ErasureReceipt, Failure> {
    send(
        "POST",
        &format!("/api/v1/staff/requests/{}/erase", enc(id)),
        &EraseOnBehalf { confirm: true },
    )
    .await
}

pub async fn recipient_told(id: &str) -> Result<(), Failure> {
    let path = format!("/api/v1/staff/recipient-notices/{}/told", enc(id));
    call("POST", &path, None).await.map(|_| ())
}

pub async fn restrict(id: &str, reason: String) -> Result<Dossier, Failure> {
    send(
        "PUT",
        &format!("{}/restriction", p(id)),
        &RestrictionRequest { reason },
    )
    .await
}

/// The participant is told that the restriction will be lifted.
pub async fn announce_lift(id: &str) -> Result<Dossier, Failure> {
    let text = call("POST", &format!("{}/restriction/lift-notice", p(id)), None).await?;
    from_json(&text).ok_or(Failure::Network)
}

pub async fn lift_restriction(id: &str) -> Result<Dossier, Failure> {
    let text = call("DELETE", &format!("{}/restriction", p(id)), None).await?;
    from_json(&text).ok_or(Failure::Network)
}

pub async fn correct_master_data(
    id: &str,
    correction: &MasterDataCorrection,
) -> Result<Dossier, Failure> {
    send("PUT", &format!("{}/master-data", p(id)), correction).await
}
