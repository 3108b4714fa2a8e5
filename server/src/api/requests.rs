//! Rights handled by the data protection officer: the request register (a
//! request that came by letter, at the desk, by e-mail or phone, with its
//! legal deadline), and what the officer does from it: check the identity,
//! hand over a copy, erase on the participant's behalf, restrict processing
//! (and tell the participant before lifting it), uphold an objection, correct
//! master data, and note that the agency was told of a change to data it
//! received (GDPR Art. 12, 15–19, 21). Every step writes an audit row in the
//! change's own transaction; the participant sees their requests, a
//! restriction and who received their data in "My data".

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotse_shared::api::{
    AuditAction, CloseRightsRequest, Dossier, EraseOnBehalf, ErasureReceipt, MasterDataCorrection,
    MyData, NewRightsRequest, RequestKind, RequestRegister, RequestStatus, RestrictionRequest,
    RightsRequest,
};
use time::format_description::well_known::Iso8601;

use super::common::{Path, check_date, check_name, check_text};
use crate::AppState;
use crate::api::openapi::errors;
use crate::auth::authz::{self, Access, Action};
use crate::auth::staff::StaffSession;
use crate::db::{AuditEvent, Closing, Lift, NewRequestRow};
use crate::domain::text::Field;
use crate::domain::{retention, rights};
use crate::http::error::{ApiJson, AppError, AppResult};

/// Longest name of whoever made a request.
const MAX_REQUESTER: usize = 200;
/// Longest reason for a restriction.
const MAX_REASON: usize = 300;

/// `GET /api/v1/staff/requests`: every request with its deadline (overdue
/// ones marked), and the recipients still to be told of a change.
#[utoipa::path(
    get,
    path = "/staff/requests",
    operation_id = "requests_list",
    tag = "staff",
    responses(
        (status = 200, description = "The request register", body = RequestRegister),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<RequestRegister>> {
    authz::authorize_general(&staff, Action::ManageRequests)?;
    Ok(ApiJson(RequestRegister {
        requests: state.store.rights_requests(&authz::today(&state)).await?,
        recipient_notices: state.store.recipient_notices().await?,
        deadline_months: state.config.request_deadline_months,
    }))
}

/// `POST /api/v1/staff/requests`: records a request that arrived; its
/// deadline is the day it arrived plus the configured months.
#[utoipa::path(
    post,
    path = "/staff/requests",
    operation_id = "requests_record",
    tag = "staff",
    request_body = NewRightsRequest,
    responses(
        (status = 201, description = "Recorded", body = RightsRequest),
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
pub async fn record(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(body): ApiJson<NewRightsRequest>,
) -> AppResult<(StatusCode, ApiJson<RightsRequest>)> {
    let access =
        authz::authorize(&state, &staff, Action::HandleRequest, &body.participant_id).await?;
    let requester = Field::one_line("who asked", MAX_REQUESTER).required(&body.requester)?;
    let details = check_text(&body.details, crate::domain::text::FREE_TEXT, "the details")?;
    let received = check_date(&body.received_on)?;
    if received > state.clock.now().date() {
        return Err(AppError::InvalidValue(
            "the day the request arrived cannot be in the future".into(),
        ));
    }
    let due = retention::add_months(received, u32::from(state.config.request_deadline_months))
        .ok_or_else(|| AppError::InvalidValue("the deadline falls outside the calendar".into()))?;
    let (received_on, due_on) = (iso(received), iso(due));
    let now = state.clock.unix();
    let id = state
        .store
        .record_request(
            &NewRequestRow {
                participant_id: &body.participant_id,
                kind: body.kind,
                channel: body.channel,
                requester: &requester,
                details: &details,
                received_on: &received_on,
                due_on: &due_on,
                identity_checked: body.identity_checked,
                recorded_by: &staff.staff_id,
                at: now,
            },
            &access.event(AuditAction::RequestRecord, now),
        )
        .await?
        .ok_or(AppError::NotFound("participant"))?;
    Ok((StatusCode::CREATED, ApiJson(request_of(&state, &id).await?)))
}

/// `POST /api/v1/staff/requests/{id}/identity`: the caller checked who asked.
#[utoipa::path(
    post,
    path = "/staff/requests/{id}/identity",
    operation_id = "requests_identity",
    tag = "staff",
    params(("id" = String, Path, description = "The request's id")),
    responses(
        (status = 200, description = "Checked; the request", body = RightsRequest),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn identity(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<RightsRequest>> {
    let (_, access) = open_request(&state, &staff, &id).await?;
    let now = state.clock.unix();
    if !state
        .store
        .check_request_identity(
            &id,
            &staff.staff_id,
            now,
            &access.event(AuditAction::RequestIdentity, now),
        )
        .await?
    {
        return Err(AppError::Conflict(
            "the identity was checked already, or the request is closed".into(),
        ));
    }
    Ok(ApiJson(request_of(&state, &id).await?))
}

/// `POST /api/v1/staff/requests/{id}/close`: answers the request, done or
/// refused with the reason. Closing an objection as done upholds it: the
/// participant is left out of the programme figures from then on.
#[utoipa::path(
    post,
    path = "/staff/requests/{id}/close",
    operation_id = "requests_close",
    tag = "staff",
    params(("id" = String, Path, description = "The request's id")),
    request_body = CloseRightsRequest,
    responses(
        (status = 200, description = "Closed; the request", body = RightsRequest),
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
pub async fn close(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CloseRightsRequest>,
) -> AppResult<ApiJson<RightsRequest>> {
    if body.status == RequestStatus::Open {
        return Err(AppError::InvalidValue(
            "a request is closed as done or refused".into(),
        ));
    }
    let outcome =
        Field::lines("the outcome", crate::domain::text::FREE_TEXT).required(&body.outcome)?;
    let (request, event) = request_event(&state, &staff, &id, AuditAction::RequestClose).await?;
    if request.status != RequestStatus::Open {
        return Err(AppError::Conflict("the request is closed already".into()));
    }
    let closing = Closing {
        status: body.status,
        outcome: &outcome,
        by: &staff.staff_id,
        at: event.at,
    };
    if !state.store.close_request(&id, &closing, &event).await? {
        return Err(AppError::Conflict("the request is closed already".into()));
    }
    Ok(ApiJson(request_of(&state, &id).await?))
}

/// `GET /api/v1/staff/requests/{id}/export`: the participant's data as the
/// file they would download themselves, for an access or copy request whose
/// requester's identity was checked.
#[utoipa::path(
    get,
    path = "/staff/requests/{id}/export",
    operation_id = "requests_export",
    tag = "staff",
    params(("id" = String, Path, description = "The request's id")),
    responses(
        (status = 200, description = "Everything stored about the participant, as a JSON file", body = MyData, headers(("Content-Disposition" = String, description = "`attachment; filename=\"lotse-data-YYYY-MM-DD.json\"`"))),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn export(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let (request, access) = open_request(&state, &staff, &id).await?;
    if !matches!(request.kind, RequestKind::Access | RequestKind::Copy) {
        return Err(AppError::Conflict(
            "a copy is handed over for an access or copy request".into(),
        ));
    }
    require_identity(&request)?;
    // The row is written before the data leaves: no copy without a trace.
    state
        .store
        .record_audit(&access.event(AuditAction::RequestExport, state.clock.unix()))
        .await?;
    let data = rights::my_data(&state, &access.participant_id)
        .await
        .map_err(|e| match e {
            AppError::Unauthenticated => AppError::NotFound("participant"),
            other => other,
        })?;
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"lotse-data-{}.json\"",
        authz::today(&state)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok(([(header::CONTENT_DISPOSITION, disposition)], ApiJson(data)).into_response())
}

/// `POST /api/v1/staff/requests/{id}/erase`: erases everything of the
/// participant on their behalf, for an erasure request whose requester's
/// identity was checked, and closes the request with the erasure receipt.
/// When a report went to the agency, a notice that it must be told stays in
/// the register. A legal hold refuses it (409) and changes nothing.
#[utoipa::path(
    post,
    path = "/staff/requests/{id}/erase",
    operation_id = "requests_erase",
    tag = "staff",
    params(("id" = String, Path, description = "The request's id")),
    request_body = EraseOnBehalf,
    responses(
        (status = 200, description = "Erased; the pseudonymous receipt", body = ErasureReceipt),
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
pub async fn erase(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EraseOnBehalf>,
) -> AppResult<ApiJson<ErasureReceipt>> {
    if !body.confirm {
        return Err(AppError::InvalidValue(
            "confirm must be true to erase the participant's data".into(),
        ));
    }
    let (request, access) = open_request(&state, &staff, &id).await?;
    if request.kind != RequestKind::Erasure {
        return Err(AppError::Conflict(
            "data is erased on a participant's behalf for an erasure request".into(),
        ));
    }
    require_identity(&request)?;
    let now = state.clock.unix();
    // The participant is gone with the transaction: the row names only the
    // officer, and the request keeps who asked and the receipt.
    let event = AuditEvent {
        participant_id: None,
        ..access.event(AuditAction::RequestErase, now)
    };
    // The receipt stays unlinkable: the request does not name it.
    let closing = Closing {
        status: RequestStatus::Done,
        outcome: "Everything stored about the participant was erased on their behalf.",
        by: &staff.staff_id,
        at: now,
    };
    let receipt = state
        .store
        .erase_for_request(&id, &access.participant_id, &closing, &event)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(
                "the participant's data is under a legal hold and cannot be erased until it is lifted"
                    .into(),
            )
        })?;
    if let Err(error) = state.store.after_erasure().await {
        tracing::warn!(?error, "clean-up after erasure failed");
    }
    Ok(ApiJson(receipt))
}

/// `PUT /api/v1/staff/participants/{id}/restriction`: restricts processing:
/// the data is kept, but no staff change, release or export happens until
/// it is lifted.
#[utoipa::path(
    put,
    path = "/staff/participants/{id}/restriction",
    operation_id = "participants_restrict",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    request_body = RestrictionRequest,
    responses(
        (status = 200, description = "Restricted; the dossier", body = Dossier),
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
pub async fn restrict(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RestrictionRequest>,
) -> AppResult<ApiJson<Dossier>> {
    let access = authz::authorize(&state, &staff, Action::RestrictData, &id).await?;
    let reason = Field::one_line("the reason", MAX_REASON).required(&body.reason)?;
    let now = state.clock.unix();
    if !state
        .store
        .restrict(
            &id,
            &reason,
            now,
            &access.event(AuditAction::RestrictionSet, now),
        )
        .await?
    {
        return Err(AppError::Conflict(
            "the participant's data is restricted already".into(),
        ));
    }
    dossier_of(&state, &id).await
}

/// `POST /api/v1/staff/participants/{id}/restriction/lift-notice`: records
/// that the participant was told the restriction will be lifted (GDPR
/// Art. 18(3)); they read it in "My data". Only then can it be lifted.
#[utoipa::path(
    post,
    path = "/staff/participants/{id}/restriction/lift-notice",
    operation_id = "participants_restriction_lift_notice",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "Told; the dossier", body = Dossier),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn tell_lift(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<Dossier>> {
    let access = authz::authorize(&state, &staff, Action::RestrictData, &id).await?;
    let now = state.clock.unix();
    if !state
        .store
        .tell_restriction_lift(
            &id,
            now,
            &access.event(AuditAction::RestrictionAnnounce, now),
        )
        .await?
    {
        return Err(AppError::Conflict(
            "the participant's data is not restricted".into(),
        ));
    }
    dossier_of(&state, &id).await
}

/// `DELETE /api/v1/staff/participants/{id}/restriction`: lifts the
/// restriction, once the participant was told it would be.
#[utoipa::path(
    delete,
    path = "/staff/participants/{id}/restriction",
    operation_id = "participants_restriction_lift",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "Lifted; the dossier", body = Dossier),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn lift(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<Dossier>> {
    let access = authz::authorize(&state, &staff, Action::RestrictData, &id).await?;
    let event = access.event(AuditAction::RestrictionLift, state.clock.unix());
    match state.store.lift_restriction(&id, &event).await? {
        Lift::Lifted => dossier_of(&state, &id).await,
        Lift::NotRestricted => Err(AppError::Conflict(
            "the participant's data is not restricted".into(),
        )),
        Lift::NotTold => Err(AppError::Conflict(
            "tell the participant first that the restriction will be lifted".into(),
        )),
    }
}

/// `PUT /api/v1/staff/participants/{id}/master-data`: corrects name,
/// programme and exit date. When a report went to the agency, a notice that
/// it must be told of the correction stays in the request register.
#[utoipa::path(
    put,
    path = "/staff/participants/{id}/master-data",
    operation_id = "participants_correct",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    request_body = MasterDataCorrection,
    responses(
        (status = 200, description = "Corrected; the dossier", body = Dossier),
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
pub async fn correct(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MasterDataCorrection>,
) -> AppResult<ApiJson<Dossier>> {
    let access = authz::authorize(&state, &staff, Action::CorrectMasterData, &id).await?;
    let display_name = check_name(&body.display_name, "the name")?;
    if let Some(exit_on) = &body.exit_on {
        check_date(exit_on)?;
    }
    if state.store.programme(&body.programme_id).await?.is_none() {
        return Err(AppError::InvalidValue("no such programme".into()));
    }
    let correction = MasterDataCorrection {
        display_name,
        ..body
    };
    let event = access.event(AuditAction::MasterDataCorrect, state.clock.unix());
    if !state
        .store
        .correct_master_data(&id, &correction, &event)
        .await?
    {
        return Err(AppError::NotFound("participant"));
    }
    dossier_of(&state, &id).await
}

/// `POST /api/v1/staff/recipient-notices/{id}/told`: the recipient was told
/// of the change; the notice leaves the to-do list.
#[utoipa::path(
    post,
    path = "/staff/recipient-notices/{id}/told",
    operation_id = "recipient_notices_told",
    tag = "staff",
    params(("id" = String, Path, description = "The notice's id")),
    responses(
        (status = 204, description = "Noted"),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn told(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    authz::authorize_general(&staff, Action::ManageRequests)?;
    let notice = state
        .store
        .recipient_notices()
        .await?
        .into_iter()
        .find(|n| n.id == id && n.told_at.is_none())
        .ok_or(AppError::NotFound("recipient notice"))?;
    let now = state.clock.unix();
    let event = AuditEvent {
        actor_id: staff.staff_id.clone(),
        acting_for: None,
        participant_id: notice.participant_id,
        action: AuditAction::RecipientTold,
        at: now,
    };
    if !state
        .store
        .mark_recipient_told(&id, &staff.staff_id, now, &event)
        .await?
    {
        return Err(AppError::NotFound("recipient notice"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The request and the officer's access to its participant, for the steps
/// that need both; a request whose participant was erased has none left.
async fn open_request(
    state: &AppState,
    staff: &StaffSession,
    id: &str,
) -> AppResult<(RightsRequest, Access)> {
    authz::authorize_general(staff, Action::ManageRequests)?;
    let request = request_of(state, id).await?;
    if request.status != RequestStatus::Open {
        return Err(AppError::Conflict("the request is closed already".into()));
    }
    let participant = request
        .participant_id
        .as_deref()
        .ok_or_else(|| AppError::Conflict("the participant's data was erased".into()))?;
    let access = authz::authorize(state, staff, Action::HandleRequest, participant).await?;
    Ok((request, access))
}

/// The request and the audit row for `action` on it: about its participant
/// while there is one, else only the officer's.
async fn request_event(
    state: &AppState,
    staff: &StaffSession,
    id: &str,
    action: AuditAction,
) -> AppResult<(RightsRequest, AuditEvent)> {
    authz::authorize_general(staff, Action::ManageRequests)?;
    let request = request_of(state, id).await?;
    let now = state.clock.unix();
    let event = match request.participant_id.as_deref() {
        Some(participant) => authz::authorize(state, staff, Action::HandleRequest, participant)
            .await?
            .event(action, now),
        None => AuditEvent {
            actor_id: staff.staff_id.clone(),
            acting_for: None,
            participant_id: None,
            action,
            at: now,
        },
    };
    Ok((request, event))
}

fn require_identity(request: &RightsRequest) -> AppResult<()> {
    if request.identity_checked_at.is_none() {
        return Err(AppError::Conflict(
            "check the requester's identity first".into(),
        ));
    }
    Ok(())
}

async fn request_of(state: &AppState, id: &str) -> AppResult<RightsRequest> {
    state
        .store
        .rights_request(id, &authz::today(state))
        .await?
        .ok_or(AppError::NotFound("request"))
}

async fn dossier_of(state: &AppState, id: &str) -> AppResult<ApiJson<Dossier>> {
    Ok(ApiJson(
        state
            .store
            .dossier(id)
            .await?
            .ok_or(AppError::NotFound("participant"))?,
    ))
}

fn iso(date: time::Date) -> String {
    date.format(&Iso8601::DATE).unwrap_or_default()
}
