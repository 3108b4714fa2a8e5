//! The agency short report: the counsellor writes the wording and releases
//! it, the participant sees the draft exactly as it would be released and
//! agrees to it first. Staff reads and changes are audited; writes need the
//! participant to have accepted the current privacy notice.

use axum::extract::State;

use super::common::Path;
use lotse_shared::api::{
    AgencyReport, AuditAction, ReportAgreement, ReportDecline, ReportDraft, ReportOverview,
    ReportState,
};

use crate::AppState;
use crate::api::common::{MAX_TEXT, audited, check_text};
use crate::api::openapi::errors;
use crate::auth::ParticipantSession;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::domain::{report, rights};
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/staff/participants/{id}/report`
#[utoipa::path(
    get,
    path = "/staff/participants/{id}/report",
    operation_id = "reports_get",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "The participant's agency report: draft and released ones (the read is audited)", body = ReportOverview),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn get(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<ReportOverview>> {
    let access = authz::authorize(&state, &staff, Action::ViewReport, &id).await?;
    audited(&state, &access, AuditAction::ReportView).await?;
    Ok(ApiJson(report::overview(&*state.store, &id).await?))
}

/// `PUT /api/v1/staff/participants/{id}/report`: the wording; the participant
/// must agree again after every change.
#[utoipa::path(
    put,
    path = "/staff/participants/{id}/report",
    operation_id = "reports_put",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    request_body = ReportDraft,
    responses(
        (status = 200, description = "The draft is saved and waits for the participant to agree", body = ReportOverview),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Restricted),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn put(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(draft): ApiJson<ReportDraft>,
) -> AppResult<ApiJson<ReportOverview>> {
    let access = authz::authorize(&state, &staff, Action::ComposeReport, &id).await?;
    rights::require_notice_accepted(&*state.store, &id).await?;
    let wording = check_text(&draft.wording, MAX_TEXT, "the wording")?;
    let now = state.clock.unix();
    state
        .store
        .put_report_draft(
            &id,
            &wording,
            now,
            &access.event(AuditAction::ReportCompose, now),
        )
        .await?;
    Ok(ApiJson(report::overview(&*state.store, &id).await?))
}

/// `POST /api/v1/staff/participants/{id}/report/release`: only a report the
/// participant agreed to; its content is frozen with the release time.
#[utoipa::path(
    post,
    path = "/staff/participants/{id}/report/release",
    operation_id = "reports_release",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "The agreed draft, released", body = AgencyReport),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Restricted),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn release(
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
        .release_report(
            &id,
            &json,
            now,
            &access.event(AuditAction::ReportRelease, now),
        )
        .await?;
    let Some(released) = released else {
        // Results, competences, consents or the organisation's details changed
        // after the participant agreed: what they agreed to is not what
        // would go. They are asked again.
        state.store.reopen_report(&id).await?;
        return Err(AppError::Conflict(
            "the report's content changed after the participant agreed; they need to agree again"
                .into(),
        ));
    };
    let row = state
        .store
        .released_report(&id, &released)
        .await?
        .ok_or(AppError::NotFound("report"))?;
    Ok(ApiJson(report::shown(&*state.store, &id, row).await?))
}

/// `GET /api/v1/staff/participants/{id}/reports/{rid}`: a released report for
/// download (JSON) or printing; audited as an export.
#[utoipa::path(
    get,
    path = "/staff/participants/{id}/reports/{rid}",
    operation_id = "reports_export",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id"), ("rid" = String, Path, description = "The released report's id")),
    responses(
        (status = 200, description = "A released report (the read is audited)", body = AgencyReport),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Restricted),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn export(
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
    audited(&state, &access, AuditAction::ReportExport).await?;
    Ok(ApiJson(report::shown(&*state.store, &id, row).await?))
}

/// `GET /api/v1/me/report`: the draft as it would be released, and past releases.
#[utoipa::path(
    get,
    path = "/me/report",
    operation_id = "reports_my_get",
    tag = "participant",
    responses(
        (status = 200, description = "The participant's agency report: draft and released ones", body = ReportOverview),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn my_get(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<ReportOverview>> {
    Ok(ApiJson(
        report::overview(&*state.store, &session.participant_id).await?,
    ))
}

/// `POST /api/v1/me/report/agree`: agree to the wording and the content
/// shown (both sent back, the content as its hash, so a change made meanwhile
/// cannot be agreed to unseen). The agreed content is kept; releasing
/// anything else asks the participant again.
#[utoipa::path(
    post,
    path = "/me/report/agree",
    operation_id = "reports_agree",
    tag = "participant",
    request_body = ReportAgreement,
    responses(
        (status = 200, description = "Agreed to the wording and content seen", body = ReportOverview),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 409, response = errors::Conflict),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn agree(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(seen): ApiJson<ReportAgreement>,
) -> AppResult<ApiJson<ReportOverview>> {
    let id = &session.participant_id;
    let changed = || {
        AppError::Conflict(
            "the report changed or is not waiting for your agreement; please read it again".into(),
        )
    };
    let wording = seen.wording.trim();
    // What would go to the agency now must be what the participant read.
    let content = report::current_content(&*state.store, id, wording).await?;
    if report::content_hash(&content) != seen.content_hash {
        return Err(changed());
    }
    let json =
        serde_json::to_string(&content).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    if !state
        .store
        .agree_report(id, wording, &json, state.clock.unix())
        .await?
    {
        return Err(changed());
    }
    Ok(ApiJson(report::overview(&*state.store, id).await?))
}

/// `POST /api/v1/me/report/decline`: the participant does not agree to the
/// draft (even one they agreed to before it was released) and may propose
/// other wording. The counsellor sees the proposal; nothing is released.
#[utoipa::path(
    post,
    path = "/me/report/decline",
    operation_id = "reports_decline",
    tag = "participant",
    request_body = ReportDecline,
    responses(
        (status = 200, description = "Declined; the draft waits for the counsellor", body = ReportOverview),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 409, response = errors::Conflict),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn decline(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(input): ApiJson<ReportDecline>,
) -> AppResult<ApiJson<ReportOverview>> {
    let id = &session.participant_id;
    let proposal = check_text(&input.proposal, MAX_TEXT, "the proposal")?;
    if !state
        .store
        .decline_report(id, &proposal, state.clock.unix())
        .await?
    {
        return Err(AppError::Conflict(
            "there is no report waiting for your agreement".into(),
        ));
    }
    Ok(ApiJson(report::overview(&*state.store, id).await?))
}
