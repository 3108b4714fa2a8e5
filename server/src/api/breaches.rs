//! The breach register for the admin and the data protection officer:
//! record a breach, see the 72-hour deadline of each, note when it was
//! reported; write what the people affected are told (measures, likely
//! consequences, contact, message), link the affected participants and mark
//! them told, after which each reads it in "My data" (`/me/breaches`).

use axum::extract::State;

use super::common::Path;
use axum::http::StatusCode;
use lotse_shared::api::{
    AuditAction, Breach, BreachDetails, BreachLink, BreachNotice, BreachParticipant,
    BreachReported, NewBreach,
};

use crate::AppState;
use crate::api::common::{MAX_TEXT, check_text};
use crate::api::openapi::errors;
use crate::auth::ParticipantSession;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::db::{AuditEvent, BreachRow};
use crate::domain::breach::{self, DEADLINE_SECS};
use crate::http::error::{ApiJson, AppError, AppResult};

fn to_api(row: BreachRow, linked: &[(String, BreachParticipant)]) -> Breach {
    Breach {
        deadline: row.found_at + DEADLINE_SECS,
        participants: linked
            .iter()
            .filter(|(breach, _)| *breach == row.id)
            .map(|(_, p)| p.clone())
            .collect(),
        id: row.id,
        what: row.what,
        found_at: row.found_at,
        reported_at: row.reported_at,
        affected: row.affected,
        measures: row.measures,
        consequences: row.consequences,
        contact: row.contact,
        message: row.message,
        notified_at: row.notified_at,
    }
}

/// The whole register, each breach with its linked participants.
async fn register(state: &AppState) -> AppResult<Vec<Breach>> {
    let linked = state.store.breach_participants().await?;
    Ok(state
        .store
        .breaches()
        .await?
        .into_iter()
        .map(|row| to_api(row, &linked))
        .collect())
}

/// `GET /api/v1/staff/breaches`: every breach, newest first.
#[utoipa::path(
    get,
    path = "/staff/breaches",
    operation_id = "breaches_list",
    tag = "staff",
    responses(
        (status = 200, description = "The breach register", body = Vec<Breach>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<Vec<Breach>>> {
    authz::authorize_general(&staff, Action::ManageBreaches)?;
    Ok(ApiJson(register(&state).await?))
}

/// `POST /api/v1/staff/breaches`
#[utoipa::path(
    post,
    path = "/staff/breaches",
    operation_id = "breaches_record",
    tag = "staff",
    request_body = NewBreach,
    responses(
        (status = 201, description = "Recorded; the whole register", body = Vec<Breach>),
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
pub async fn record(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(new): ApiJson<NewBreach>,
) -> AppResult<(StatusCode, ApiJson<Vec<Breach>>)> {
    authz::authorize_general(&staff, Action::ManageBreaches)?;
    let now = state.clock.unix();
    let what = breach::check(&new.what, new.found_at, new.reported_at, new.affected, now)
        .map_err(|p| AppError::InvalidValue(p.to_string()))?;
    state
        .store
        .record_breach(
            &what,
            new.found_at,
            new.reported_at,
            new.affected,
            now,
            Some(&AuditEvent::general(
                &staff.staff_id,
                AuditAction::BreachRecord,
                now,
            )),
        )
        .await?;
    Ok((StatusCode::CREATED, ApiJson(register(&state).await?)))
}

/// `POST /api/v1/staff/breaches/{id}/reported`: when it was reported to the
/// supervisory authority.
#[utoipa::path(
    post,
    path = "/staff/breaches/{id}/reported",
    operation_id = "breaches_reported",
    tag = "staff",
    params(("id" = String, Path, description = "The breach's id")),
    request_body = BreachReported,
    responses(
        (status = 200, description = "Marked as reported; the whole register", body = Vec<Breach>),
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
pub async fn reported(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<BreachReported>,
) -> AppResult<ApiJson<Vec<Breach>>> {
    authz::authorize_general(&staff, Action::ManageBreaches)?;
    let rows = state.store.breaches().await?;
    let found = rows
        .iter()
        .find(|b| b.id == id)
        .ok_or(AppError::NotFound("breach"))?
        .found_at;
    if body.at < found || body.at > state.clock.unix() {
        return Err(AppError::InvalidValue(
            "the report time must lie between finding the breach and now".into(),
        ));
    }
    state
        .store
        .mark_breach_reported(
            &id,
            body.at,
            Some(&AuditEvent::general(
                &staff.staff_id,
                AuditAction::BreachReported,
                state.clock.unix(),
            )),
        )
        .await?;
    Ok(ApiJson(register(&state).await?))
}

/// `PUT /api/v1/staff/breaches/{id}`: what the people affected are told.
#[utoipa::path(
    put,
    path = "/staff/breaches/{id}",
    operation_id = "breaches_update",
    tag = "staff",
    params(("id" = String, Path, description = "The breach's id")),
    request_body = BreachDetails,
    responses(
        (status = 200, description = "Saved; the whole register", body = Vec<Breach>),
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
pub async fn update(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<BreachDetails>,
) -> AppResult<ApiJson<Vec<Breach>>> {
    authz::authorize_general(&staff, Action::ManageBreaches)?;
    let details = BreachDetails {
        measures: check_text(&body.measures, MAX_TEXT, "the measures")?,
        consequences: check_text(&body.consequences, MAX_TEXT, "the likely consequences")?,
        contact: check_text(&body.contact, MAX_TEXT, "the contact")?,
        message: check_text(&body.message, MAX_TEXT, "the message")?,
    };
    let audit = AuditEvent::general(&staff.staff_id, AuditAction::BreachEdit, state.clock.unix());
    if !state.store.update_breach(&id, &details, &audit).await? {
        return Err(AppError::NotFound("breach"));
    }
    Ok(ApiJson(register(&state).await?))
}

/// `POST /api/v1/staff/breaches/{id}/participants`: links a participant as
/// affected. Their audit trail shows it.
#[utoipa::path(
    post,
    path = "/staff/breaches/{id}/participants",
    operation_id = "breaches_link",
    tag = "staff",
    params(("id" = String, Path, description = "The breach's id")),
    request_body = BreachLink,
    responses(
        (status = 200, description = "Linked; the whole register", body = Vec<Breach>),
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
pub async fn link(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<BreachLink>,
) -> AppResult<ApiJson<Vec<Breach>>> {
    authz::authorize_general(&staff, Action::ManageBreaches)?;
    let participant = body.participant_id.trim();
    if participant.chars().any(char::is_control)
        || state.store.participant(participant).await?.is_none()
    {
        return Err(AppError::NotFound("participant"));
    }
    let now = state.clock.unix();
    let audit = AuditEvent {
        participant_id: Some(participant.to_owned()),
        ..AuditEvent::general(&staff.staff_id, AuditAction::BreachLink, now)
    };
    if !state
        .store
        .link_breach(&id, participant, now, &audit)
        .await?
    {
        return Err(AppError::NotFound("breach"));
    }
    Ok(ApiJson(register(&state).await?))
}

/// `DELETE /api/v1/staff/breaches/{id}/participants/{participant}`
#[utoipa::path(
    delete,
    path = "/staff/breaches/{id}/participants/{participant}",
    operation_id = "breaches_unlink",
    tag = "staff",
    params(
        ("id" = String, Path, description = "The breach's id"),
        ("participant" = String, Path, description = "The participant's id"),
    ),
    responses(
        (status = 200, description = "No longer linked; the whole register", body = Vec<Breach>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn unlink(
    State(state): State<AppState>,
    staff: StaffSession,
    Path((id, participant)): Path<(String, String)>,
) -> AppResult<ApiJson<Vec<Breach>>> {
    authz::authorize_general(&staff, Action::ManageBreaches)?;
    let audit = AuditEvent {
        participant_id: Some(participant.clone()),
        ..AuditEvent::general(
            &staff.staff_id,
            AuditAction::BreachUnlink,
            state.clock.unix(),
        )
    };
    if !state.store.unlink_breach(&id, &participant, &audit).await? {
        return Err(AppError::NotFound("link"));
    }
    Ok(ApiJson(register(&state).await?))
}

/// `POST /api/v1/staff/breaches/{id}/notified`: the linked participants are
/// told now; from then on each reads the message in "My data". Needs the
/// message, the likely consequences, the measures and a contact, in clear
/// words (Art. 34(2)), and at least one linked participant.
#[utoipa::path(
    post,
    path = "/staff/breaches/{id}/notified",
    operation_id = "breaches_notify",
    tag = "staff",
    params(("id" = String, Path, description = "The breach's id")),
    responses(
        (status = 200, description = "Told; the whole register", body = Vec<Breach>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn notify(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<Vec<Breach>>> {
    authz::authorize_general(&staff, Action::ManageBreaches)?;
    let all = register(&state).await?;
    let breach = all
        .iter()
        .find(|b| b.id == id)
        .ok_or(AppError::NotFound("breach"))?;
    if [
        &breach.message,
        &breach.consequences,
        &breach.measures,
        &breach.contact,
    ]
    .iter()
    .any(|t| t.trim().is_empty())
    {
        return Err(AppError::Conflict(
            "write the message, the likely consequences, the measures and a contact first".into(),
        ));
    }
    if breach.participants.is_empty() {
        return Err(AppError::Conflict(
            "link the affected participants first".into(),
        ));
    }
    let now = state.clock.unix();
    let audit = AuditEvent::general(&staff.staff_id, AuditAction::BreachNotify, now);
    state.store.mark_breach_notified(&id, now, &audit).await?;
    Ok(ApiJson(register(&state).await?))
}

/// `GET /api/v1/me/breaches`: the breaches the participant was told about.
#[utoipa::path(
    get,
    path = "/me/breaches",
    operation_id = "breaches_mine",
    tag = "participant",
    responses(
        (status = 200, description = "Breaches that affected me, as I was told about them", body = Vec<BreachNotice>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn mine(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<Vec<BreachNotice>>> {
    Ok(ApiJson(
        state.store.breach_notices(&session.participant_id).await?,
    ))
}
