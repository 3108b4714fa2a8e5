//! Consent: the participant accepts or declines the privacy notice and gives
//! or takes back the two optional consents themselves; a counsellor records
//! the optional consents with the participant present (channel "with
//! counsellor", `counsellor_*`). Accepting the notice stays the participant's
//! own step: the counsellor only changes the optional consents of someone who
//! already accepted the current notice.

use axum::extract::State;

use super::common::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lotse_shared::api::{
    AuditAction, ConsentChannel, ConsentDecision, ConsentEvent, ConsentEventKind, ConsentStatus,
    OptionalConsents,
};

use crate::AppState;
use crate::api::common::{audited, signed_out};
use crate::api::openapi::errors;
use crate::auth::ParticipantSession;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::domain::{notice, rights};
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/consent`: whether the notice must be accepted, the optional
/// consents and the history.
#[utoipa::path(
    get,
    path = "/consent",
    operation_id = "consent_get",
    tag = "rights",
    responses(
        (status = 200, description = "The participant's consent status and history", body = ConsentStatus),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn get(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<ConsentStatus>> {
    let history = state.store.consent_history(&session.participant_id).await?;
    Ok(ApiJson(rights::status(&*state.store, history).await?))
}

/// `POST /api/v1/consent`: accept or decline the notice that was shown.
/// Declining records only the refusal and signs the participant out.
#[utoipa::path(
    post,
    path = "/consent",
    operation_id = "consent_decide",
    tag = "rights",
    request_body = ConsentDecision,
    responses(
        (status = 200, description = "The notice is accepted", body = ConsentStatus),
        (status = 204, description = "The notice is declined; the session ends", headers(("Set-Cookie" = String, description = "Clears the session cookie"), ("Clear-Site-Data" = String, description = "`\"cookies\", \"storage\"`"))),
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
pub async fn decide(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(decision): ApiJson<ConsentDecision>,
) -> AppResult<Response> {
    if decision.notice_version != notice::current_version(&*state.store).await? {
        return Err(AppError::Conflict(
            "the privacy notice has changed; please read the current version".into(),
        ));
    }
    if !notice::is_known(
        &*state.store,
        decision.notice_version,
        &decision.notice_hash,
    )
    .await?
    {
        return Err(AppError::InvalidValue(
            "notice_hash does not match the notice text".into(),
        ));
    }
    let mut event = ConsentEvent {
        event: ConsentEventKind::Given,
        notice_accepted: true,
        agency_results: decision.agency_results,
        job_matching: decision.job_matching,
        health_data: decision.health_data,
        notice_version: decision.notice_version,
        notice_hash: decision.notice_hash,
        channel: ConsentChannel::SelfService,
        at: state.clock.unix(),
    };
    if !decision.accept {
        if decision.agency_results || decision.job_matching || decision.health_data {
            return Err(AppError::InvalidValue(
                "optional consents need the notice to be accepted".into(),
            ));
        }
        event.event = ConsentEventKind::Declined;
        event.notice_accepted = false;
        state.store.decline(&session.participant_id, &event).await?;
        return Ok(signed_out(&state, StatusCode::NO_CONTENT, None));
    }
    if !rights::needs_consent(&*state.store, &session.participant_id).await? {
        return Err(AppError::Conflict(
            "the notice is already accepted; change optional consents instead".into(),
        ));
    }
    state
        .store
        .insert_consent_event(&session.participant_id, &event, None)
        .await?;
    let history = state.store.consent_history(&session.participant_id).await?;
    Ok(ApiJson(rights::status(&*state.store, history).await?).into_response())
}

/// `PUT /api/v1/consent`: give or take back the optional consents.
#[utoipa::path(
    put,
    path = "/consent",
    operation_id = "consent_change",
    tag = "rights",
    request_body = OptionalConsents,
    responses(
        (status = 200, description = "The optional consents as now recorded", body = ConsentStatus),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn change(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(wanted): ApiJson<OptionalConsents>,
) -> AppResult<ApiJson<ConsentStatus>> {
    let latest = rights::standing_consent(&*state.store, &session.participant_id)
        .await?
        .ok_or(AppError::ConsentRequired)?;
    if let Some(event) = rights::optional_consent_event(
        &latest,
        &wanted,
        ConsentChannel::SelfService,
        state.clock.unix(),
    ) {
        state
            .store
            .insert_consent_event(&session.participant_id, &event, None)
            .await?;
    }
    let history = state.store.consent_history(&session.participant_id).await?;
    Ok(ApiJson(rights::status(&*state.store, history).await?))
}

/// `GET /api/v1/staff/participants/{id}/consent`
#[utoipa::path(
    get,
    path = "/staff/participants/{id}/consent",
    operation_id = "consent_counsellor_status",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "The participant's consent status (the read is audited)", body = ConsentStatus),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn counsellor_status(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<ConsentStatus>> {
    let access = authz::authorize(&state, &staff, Action::RecordConsent, &id).await?;
    audited(&state, &access, AuditAction::ConsentView).await?;
    let history = state.store.consent_history(&id).await?;
    Ok(ApiJson(rights::status(&*state.store, history).await?))
}

/// `PUT /api/v1/staff/participants/{id}/consent`
#[utoipa::path(
    put,
    path = "/staff/participants/{id}/consent",
    operation_id = "consent_counsellor_record",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    request_body = OptionalConsents,
    responses(
        (status = 200, description = "The optional consents as now recorded", body = ConsentStatus),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn counsellor_record(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(wanted): ApiJson<OptionalConsents>,
) -> AppResult<ApiJson<ConsentStatus>> {
    let access = authz::authorize(&state, &staff, Action::RecordConsent, &id).await?;
    let now = state.clock.unix();
    let latest = rights::require_notice_accepted(&*state.store, &id).await?;
    match rights::optional_consent_event(&latest, &wanted, ConsentChannel::Counsellor, now) {
        Some(event) => {
            state
                .store
                .insert_consent_event(
                    &id,
                    &event,
                    Some(&access.event(AuditAction::ConsentRecord, now)),
                )
                .await?;
        }
        // Saved unchanged: no consent event and no 'consent.record' row
        // claiming a change; the status still leaves, so the view is audited.
        None => audited(&state, &access, AuditAction::ConsentView).await?,
    }
    let history = state.store.consent_history(&id).await?;
    Ok(ApiJson(rights::status(&*state.store, history).await?))
}
