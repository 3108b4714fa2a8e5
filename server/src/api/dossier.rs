//! A counsellor's work on a dossier: caseload, modules, results (aggregates
//! only), competences, the data sheet and the agency report. Every handler asks
//! the authorization table first, and every view or change writes its audit row
//! before data leaves (a read whose audit row fails, fails). Nothing new is
//! stored about a participant before they accept the current privacy notice
//! (removing a hard skill stays possible).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lotse_shared::api::{
    AgencyReport, AuditEntry, CaseloadPage, CaseloadQuery, Competence, CompetenceInput, DataSheet,
    Dossier, DossierResults, ModuleRelease, ModuleState, ReportContent, ReportDraft,
    ReportOverview, ReportState, StaffRole,
};
use lotse_shared::instrument;

use crate::AppState;
use crate::auth::authz::{self, Access, Action};
use crate::auth::staff::StaffSession;
use crate::db::{CaseloadScope, ReportRow};
use crate::domain::{report, rights};
use crate::http::error::{ApiJson, AppError, AppResult};

/// Longest free text (evidence, notes, report wording).
pub const MAX_TEXT: usize = 4000;
const MAX_SKILL: usize = 120;

pub fn check_text(value: &str, max: usize, what: &str) -> Result<(), AppError> {
    if value.chars().count() > max {
        return Err(AppError::InvalidValue(format!(
            "{what} may have at most {max} characters"
        )));
    }
    Ok(())
}

pub fn check_competence(input: &CompetenceInput) -> Result<(), AppError> {
    if input.skill.trim().is_empty() {
        return Err(AppError::InvalidValue("the skill needs a name".into()));
    }
    check_text(&input.skill, MAX_SKILL, "the skill")?;
    check_text(&input.evidence, MAX_TEXT, "the evidence")
}

/// Writes the audit row for a read; the read fails if it cannot be written.
async fn audited(state: &AppState, access: &Access, action: &'static str) -> AppResult<()> {
    state
        .store
        .record_audit(&access.event(action, state.clock.unix()))
        .await?;
    Ok(())
}

/// `GET /api/v1/staff/participants`: the caller's caseload (admin: everyone).
/// A list of names is not a dossier view, so it is not audited.
pub async fn caseload(
    State(state): State<AppState>,
    staff: StaffSession,
    query: Result<Query<CaseloadQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<ApiJson<CaseloadPage>> {
    authz::authorize_general(&staff, Action::ListCaseload)?;
    // A bad query gets the API's JSON error shape, not axum's plain text.
    let Query(query) = query.map_err(|e| AppError::InvalidValue(e.body_text()))?;
    let scope = match staff.role {
        StaffRole::Admin => CaseloadScope::All,
        StaffRole::Counsellor => CaseloadScope::Counsellor {
            id: staff.staff_id.clone(),
            today: authz::today(&state),
        },
    };
    if query.q.as_deref().is_some_and(|q| q.chars().count() > 100) {
        return Err(AppError::InvalidValue("the search is too long".into()));
    }
    Ok(ApiJson(state.store.caseload(&scope, &query).await?))
}

/// `GET /api/v1/staff/participants/{id}`
pub async fn dossier(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<Dossier>> {
    let access = authz::authorize(&state, &staff, Action::ViewDossier, &id).await?;
    audited(&state, &access, "dossier.view").await?;
    let dossier = state
        .store
        .dossier(&id)
        .await?
        .ok_or(AppError::NotFound("participant"))?;
    Ok(ApiJson(dossier))
}

/// `GET /api/v1/staff/participants/{id}/results`: aggregates only.
pub async fn results(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<DossierResults>> {
    let access = authz::authorize(&state, &staff, Action::ViewResults, &id).await?;
    audited(&state, &access, "results.view").await?;
    Ok(ApiJson(DossierResults {
        results: state.store.results(&id).await?,
    }))
}

/// `PUT /api/v1/staff/participants/{id}/modules/{instrument}`: release, or
/// re-release a done or skipped module.
pub async fn release_module(
    State(state): State<AppState>,
    staff: StaffSession,
    Path((id, instrument)): Path<(String, String)>,
    ApiJson(request): ApiJson<ModuleRelease>,
) -> AppResult<StatusCode> {
    let access = authz::authorize(&state, &staff, Action::ReleaseModule, &id).await?;
    if instrument::find(&instrument).is_none() {
        return Err(AppError::NotFound("module"));
    }
    if request.state != ModuleState::Released {
        return Err(AppError::InvalidValue(
            "a module can only be released".into(),
        ));
    }
    let now = state.clock.unix();
    state
        .store
        .release_module(
            &id,
            &instrument,
            now,
            Some(&access.event("module.release", now)),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/staff/participants/{id}/competences`
pub async fn competences(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<Vec<Competence>>> {
    let access = authz::authorize(&state, &staff, Action::ViewCompetences, &id).await?;
    audited(&state, &access, "competences.view").await?;
    Ok(ApiJson(state.store.competences(&id).await?))
}

/// `POST /api/v1/staff/participants/{id}/competences`
pub async fn add_competence(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CompetenceInput>,
) -> AppResult<(StatusCode, ApiJson<Vec<Competence>>)> {
    let access = authz::authorize(&state, &staff, Action::EditCompetences, &id).await?;
    rights::require_notice_accepted(&*state.store, &id).await?;
    check_competence(&input)?;
    let now = state.clock.unix();
    state
        .store
        .add_competence(&id, &input, now, Some(&access.event("competence.add", now)))
        .await?;
    Ok((
        StatusCode::CREATED,
        ApiJson(state.store.competences(&id).await?),
    ))
}

/// `PUT /api/v1/staff/participants/{id}/competences/{cid}`
pub async fn update_competence(
    State(state): State<AppState>,
    staff: StaffSession,
    Path((id, cid)): Path<(String, String)>,
    ApiJson(input): ApiJson<CompetenceInput>,
) -> AppResult<ApiJson<Vec<Competence>>> {
    let access = authz::authorize(&state, &staff, Action::EditCompetences, &id).await?;
    rights::require_notice_accepted(&*state.store, &id).await?;
    check_competence(&input)?;
    let now = state.clock.unix();
    if !state
        .store
        .update_competence(
            &id,
            &cid,
            &input,
            now,
            Some(&access.event("competence.edit", now)),
        )
        .await?
    {
        return Err(AppError::NotFound("competence"));
    }
    Ok(ApiJson(state.store.competences(&id).await?))
}

/// `DELETE /api/v1/staff/participants/{id}/competences/{cid}`
pub async fn delete_competence(
    State(state): State<AppState>,
    staff: StaffSession,
    Path((id, cid)): Path<(String, String)>,
) -> AppResult<StatusCode> {
    let access = authz::authorize(&state, &staff, Action::EditCompetences, &id).await?;
    let now = state.clock.unix();
    if !state
        .store
        .delete_competence(&id, &cid, Some(&access.event("competence.remove", now)))
        .await?
    {
        return Err(AppError::NotFound("competence"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/staff/participants/{id}/datasheet`
pub async fn datasheet(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<DataSheet>> {
    let access = authz::authorize(&state, &staff, Action::ViewDataSheet, &id).await?;
    audited(&state, &access, "datasheet.view").await?;
    Ok(ApiJson(state.store.datasheet(&id).await?))
}

/// `PUT /api/v1/staff/participants/{id}/datasheet`
pub async fn put_datasheet(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(sheet): ApiJson<DataSheet>,
) -> AppResult<ApiJson<DataSheet>> {
    let access = authz::authorize(&state, &staff, Action::EditDataSheet, &id).await?;
    rights::require_notice_accepted(&*state.store, &id).await?;
    check_text(&sheet.results, MAX_TEXT, "the results")?;
    check_text(&sheet.notes, MAX_TEXT, "the notes")?;
    let now = state.clock.unix();
    state
        .store
        .put_datasheet(&id, &sheet, now, &access.event("datasheet.edit", now))
        .await?;
    Ok(ApiJson(sheet))
}

/// A stored report as the API shows it; the open draft is composed afresh so
/// it always shows what would be released now.
pub async fn to_report(
    state: &AppState,
    participant_id: &str,
    row: ReportRow,
) -> AppResult<AgencyReport> {
    let content: ReportContent = match (row.state, &row.content) {
        (ReportState::Released, Some(json)) => serde_json::from_str(json)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("stored report: {e}")))?,
        _ => report::current_content(&*state.store, participant_id, &row.wording).await?,
    };
    Ok(AgencyReport {
        id: row.id,
        state: row.state,
        content,
        agreed_at: row.agreed_at,
        released_at: row.released_at,
    })
}

pub async fn report_overview(state: &AppState, id: &str) -> AppResult<ReportOverview> {
    let draft = match state.store.report_draft(id).await? {
        Some(row) => Some(to_report(state, id, row).await?),
        None => None,
    };
    let mut released = Vec::new();
    for row in state.store.released_reports(id).await? {
        released.push(to_report(state, id, row).await?);
    }
    Ok(ReportOverview { draft, released })
}

/// `GET /api/v1/staff/participants/{id}/report`
pub async fn report(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<ReportOverview>> {
    let access = authz::authorize(&state, &staff, Action::ViewReport, &id).await?;
    audited(&state, &access, "report.view").await?;
    Ok(ApiJson(report_overview(&state, &id).await?))
}

/// `PUT /api/v1/staff/participants/{id}/report`: the wording; the participant
/// must agree again after every change.
pub async fn put_report(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(draft): ApiJson<ReportDraft>,
) -> AppResult<ApiJson<ReportOverview>> {
    let access = authz::authorize(&state, &staff, Action::ComposeReport, &id).await?;
    rights::require_notice_accepted(&*state.store, &id).await?;
    check_text(&draft.wording, MAX_TEXT, "the wording")?;
    let now = state.clock.unix();
    state
        .store
        .put_report_draft(
            &id,
            draft.wording.trim(),
            now,
            &access.event("report.compose", now),
        )
        .await?;
    Ok(ApiJson(report_overview(&state, &id).await?))
}

/// `POST /api/v1/staff/participants/{id}/report/release`: only a report the
/// participant agreed to; its content is frozen with the release time.
pub async fn release_report(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<AgencyReport>> {
    let access = authz::authorize(&state, &staff, Action::ReleaseReport, &id).await?;
    let Some(draft) = state.store.report_draft(&id).await? else {
        return Err(AppError::Conflict("there is no report to release".into()));
    };
    if draft.state != ReportState::Agreed {
        return Err(AppError::Conflict(
            "the participant has not agreed to this wording yet".into(),
        ));
    }
    let content = report::current_content(&*state.store, &id, &draft.wording).await?;
    let json =
        serde_json::to_string(&content).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let now = state.clock.unix();
    let released = state
        .store
        .release_report(&id, &json, now, &access.event("report.release", now))
        .await?
        .ok_or_else(|| AppError::Conflict("the report changed; please reload".into()))?;
    let row = state
        .store
        .released_report(&id, &released)
        .await?
        .ok_or(AppError::NotFound("report"))?;
    Ok(ApiJson(to_report(&state, &id, row).await?))
}

/// `GET /api/v1/staff/participants/{id}/reports/{rid}`: a released report for
/// download (JSON) or printing; audited as an export.
pub async fn export_report(
    State(state): State<AppState>,
    staff: StaffSession,
    Path((id, rid)): Path<(String, String)>,
) -> AppResult<ApiJson<AgencyReport>> {
    let access = authz::authorize(&state, &staff, Action::ExportReport, &id).await?;
    let row = state
        .store
        .released_report(&id, &rid)
        .await?
        .ok_or(AppError::NotFound("report"))?;
    audited(&state, &access, "report.export").await?;
    Ok(ApiJson(to_report(&state, &id, row).await?))
}

/// `GET /api/v1/staff/participants/{id}/audit`: who viewed the dossier (admin).
pub async fn audit(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<Vec<AuditEntry>>> {
    let access = authz::authorize(&state, &staff, Action::ViewAudit, &id).await?;
    audited(&state, &access, "audit.view").await?;
    Ok(ApiJson(state.store.audit_trail(&id).await?))
}
