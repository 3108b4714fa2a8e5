//! The breach register for the office (admins only): record a breach, see the
//! 72-hour deadline of each, and note when it was reported.

use axum::extract::State;

use super::common::Path;
use axum::http::StatusCode;
use lotse_shared::api::{AuditAction, Breach, BreachReported, NewBreach};

use crate::AppState;
use crate::api::openapi::errors;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::db::{AuditEvent, BreachRow};
use crate::domain::breach::{self, DEADLINE_SECS};
use crate::http::error::{ApiJson, AppError, AppResult};

fn to_api(row: BreachRow) -> Breach {
    Breach {
        deadline: row.found_at + DEADLINE_SECS,
        id: row.id,
        what: row.what,
        found_at: row.found_at,
        reported_at: row.reported_at,
        affected: row.affected,
    }
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
    let rows = state.store.breaches().await?;
    Ok(ApiJson(rows.into_iter().map(to_api).collect()))
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
    let rows = state.store.breaches().await?;
    Ok((
        StatusCode::CREATED,
        ApiJson(rows.into_iter().map(to_api).collect()),
    ))
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
    let rows = state.store.breaches().await?;
    Ok(ApiJson(rows.into_iter().map(to_api).collect()))
}
