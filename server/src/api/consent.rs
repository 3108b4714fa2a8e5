//! Consent: the participant accepts or declines the privacy notice and gives
//! or takes back the optional consents themselves; a counsellor records
//! the optional consents with the participant present (channel "with
//! counsellor", `counsellor_*`).
//!
//! In the office a counsellor may also record that the participant accepted
//! the notice (`office_accept`): the participant read the printed notice and
//! signs the printed consent record, which the counsellor then notes as on
//! file (`signed_copy`). The signature on paper is the participant's own
//! step, so the acceptance is theirs, with channel "with counsellor".
//! Declining stays with the participant (nothing is stored for it but the
//! refusal, and a refusal in the office needs no record in Lotse).
//!
//! A participant under the consent age can accept nothing until staff have
//! recorded a guardian's consent (`guardian_record`).

use axum::extract::State;

use super::common::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lotse_shared::api::{
    AuditAction, ConsentChannel, ConsentDecision, ConsentEvent, ConsentEventKind, ConsentStatus,
    GuardianConsentRecord, OptionalConsents,
};

use crate::AppState;
use crate::api::common::{audited, check_date, signed_out};
use crate::api::openapi::errors;
use crate::auth::ParticipantSession;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::domain::text::{self, Field};
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
    Ok(ApiJson(
        rights::status(&state, &session.participant_id, history).await?,
    ))
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
    let mut event = acceptance(&state, decision.clone(), ConsentChannel::SelfService).await?;
    if !decision.accept {
        if event.optional().any() {
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
    rights::require_guardian(&state, &session.participant_id).await?;
    state
        .store
        .insert_consent_event(&session.participant_id, &event, None)
        .await?;
    let history = state.store.consent_history(&session.participant_id).await?;
    Ok(ApiJson(rights::status(&state, &session.participant_id, history).await?).into_response())
}

/// The event accepting the notice `decision` names, after checking it is the
/// current version and its exact text.
async fn acceptance(
    state: &AppState,
    decision: ConsentDecision,
    channel: ConsentChannel,
) -> AppResult<ConsentEvent> {
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
    Ok(ConsentEvent {
        event: ConsentEventKind::Given,
        notice_accepted: true,
        agency_results: decision.agency_results,
        job_matching: decision.job_matching,
        health_data: decision.health_data,
        survey_contact: decision.survey_contact,
        notice_version: decision.notice_version,
        notice_hash: decision.notice_hash,
        channel,
        at: state.clock.unix(),
        signed_copy_at: None,
    })
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
    Ok(ApiJson(
        rights::status(&state, &session.participant_id, history).await?,
    ))
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
    Ok(ApiJson(rights::status(&state, &id, history).await?))
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
    Ok(ApiJson(rights::status(&state, &id, history).await?))
}

/// `POST /api/v1/staff/participants/{id}/consent`: the participant accepted
/// the notice in the office (read on paper, consent record signed), with
/// the optional consents ticked there.
#[utoipa::path(
    post,
    path = "/staff/participants/{id}/consent",
    operation_id = "consent_office_accept",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    request_body = ConsentDecision,
    responses(
        (status = 200, description = "The notice is accepted in the office", body = ConsentStatus),
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
pub async fn office_accept(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(decision): ApiJson<ConsentDecision>,
) -> AppResult<ApiJson<ConsentStatus>> {
    let access = authz::authorize(&state, &staff, Action::RecordConsent, &id).await?;
    if !decision.accept {
        return Err(AppError::InvalidValue(
            "only an acceptance is recorded in the office; declining is the participant's own step"
                .into(),
        ));
    }
    let event = acceptance(&state, decision, ConsentChannel::Counsellor).await?;
    if !rights::needs_consent(&*state.store, &id).await? {
        return Err(AppError::Conflict(
            "the notice is already accepted; change optional consents instead".into(),
        ));
    }
    rights::require_guardian(&state, &id).await?;
    state
        .store
        .insert_consent_event(
            &id,
            &event,
            Some(&access.event(AuditAction::ConsentOffice, event.at)),
        )
        .await?;
    let history = state.store.consent_history(&id).await?;
    Ok(ApiJson(rights::status(&state, &id, history).await?))
}

/// `PUT /api/v1/staff/participants/{id}/consent/signed-copy`: the signed
/// paper record of the latest consent, taken in the office, is on file.
#[utoipa::path(
    put,
    path = "/staff/participants/{id}/consent/signed-copy",
    operation_id = "consent_signed_copy",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "Noted; the consent status", body = ConsentStatus),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn signed_copy(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<ConsentStatus>> {
    let access = authz::authorize(&state, &staff, Action::RecordConsent, &id).await?;
    let now = state.clock.unix();
    let marked = state
        .store
        .mark_signed_copy(
            &id,
            &staff.staff_id,
            now,
            &access.event(AuditAction::ConsentSignedCopy, now),
        )
        .await?;
    if !marked {
        return Err(AppError::Conflict(
            "the latest consent was not taken in the office, or its signed copy is already on file"
                .into(),
        ));
    }
    let history = state.store.consent_history(&id).await?;
    Ok(ApiJson(rights::status(&state, &id, history).await?))
}

/// `POST /api/v1/staff/participants/{id}/guardian-consents`: a guardian
/// consented for a participant under the consent age.
#[utoipa::path(
    post,
    path = "/staff/participants/{id}/guardian-consents",
    operation_id = "consent_guardian_record",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    request_body = GuardianConsentRecord,
    responses(
        (status = 201, description = "Recorded; the consent status", body = ConsentStatus),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn guardian_record(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(record): ApiJson<GuardianConsentRecord>,
) -> AppResult<(StatusCode, ApiJson<ConsentStatus>)> {
    let access = authz::authorize(&state, &staff, Action::RecordGuardianConsent, &id).await?;
    let record = GuardianConsentRecord {
        guardian_name: Field::one_line("the guardian's name", text::NAME)
            .required(&record.guardian_name)?,
        relation: Field::one_line("the relation", text::NAME).required(&record.relation)?,
        given_on: checked_past_day(&state, &record.given_on)?,
        channel: record.channel,
    };
    let now = state.clock.unix();
    state
        .store
        .insert_guardian_consent(
            &id,
            &record,
            now,
            &access.event(AuditAction::GuardianConsentRecord, now),
        )
        .await?;
    let history = state.store.consent_history(&id).await?;
    Ok((
        StatusCode::CREATED,
        ApiJson(rights::status(&state, &id, history).await?),
    ))
}

/// A YYYY-MM-DD day that is not after today.
fn checked_past_day(state: &AppState, day: &str) -> AppResult<String> {
    if check_date(day)? > state.clock.now().date() {
        return Err(AppError::InvalidValue("the date is in the future".into()));
    }
    Ok(day.to_owned())
}
