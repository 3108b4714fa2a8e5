//! Programmes (the courses participants belong to): listed for staff,
//! created by the admin, their dates corrected (the deletion days of their
//! participants follow).

use axum::extract::State;
use axum::http::StatusCode;
use lotse_shared::api::{AuditAction, NewProgramme, Programme, ProgrammeDates};

use super::common::Path;

use crate::AppState;
use crate::api::common::{check_date, check_name, taken};
use crate::api::openapi::errors;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::db::{AuditEvent, ProgrammeRow};
use crate::http::error::{ApiJson, AppError, AppResult};

fn to_api(row: ProgrammeRow) -> Programme {
    Programme {
        id: row.id,
        name: row.name,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
    }
}

/// `GET /api/v1/staff/programmes`
#[utoipa::path(
    get,
    path = "/staff/programmes",
    operation_id = "programmes_list",
    tag = "staff",
    responses(
        (status = 200, description = "All programmes", body = Vec<Programme>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<Vec<Programme>>> {
    authz::authorize_general(&staff, Action::ListProgrammes)?;
    let rows = state.store.all_programmes().await?;
    Ok(ApiJson(rows.into_iter().map(to_api).collect()))
}

/// `POST /api/v1/staff/programmes`
#[utoipa::path(
    post,
    path = "/staff/programmes",
    operation_id = "programmes_create",
    tag = "staff",
    request_body = NewProgramme,
    responses(
        (status = 201, description = "Created", body = Programme),
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
pub async fn create(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(request): ApiJson<NewProgramme>,
) -> AppResult<(StatusCode, ApiJson<Programme>)> {
    authz::authorize_general(&staff, Action::ManageProgrammes)?;
    let name = check_name(&request.name, "the name")?;
    if check_date(&request.ends_on)? < check_date(&request.starts_on)? {
        return Err(AppError::InvalidValue(
            "the programme ends before it starts".into(),
        ));
    }
    let row = state
        .store
        .create_programme(
            &name,
            &request.starts_on,
            &request.ends_on,
            state.clock.unix(),
            Some(&AuditEvent::general(
                &staff.staff_id,
                AuditAction::ProgrammeCreate,
                state.clock.unix(),
            )),
        )
        .await
        .map_err(taken("this programme name"))?;
    Ok((StatusCode::CREATED, ApiJson(to_api(row))))
}

/// `PATCH /api/v1/staff/programmes/{id}`: corrects the dates. Retention
/// runs from the programme end, so every participant's deletion days move
/// with it.
#[utoipa::path(
    patch,
    path = "/staff/programmes/{id}",
    operation_id = "programmes_dates",
    tag = "staff",
    params(("id" = String, Path, description = "The programme's id")),
    request_body = ProgrammeDates,
    responses(
        (status = 200, description = "Corrected", body = Programme),
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
pub async fn set_dates(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ProgrammeDates>,
) -> AppResult<ApiJson<Programme>> {
    authz::authorize_general(&staff, Action::ManageProgrammes)?;
    if check_date(&request.ends_on)? < check_date(&request.starts_on)? {
        return Err(AppError::InvalidValue(
            "the programme ends before it starts".into(),
        ));
    }
    let now = state.clock.unix();
    if !state
        .store
        .set_programme_dates(
            &id,
            &request.starts_on,
            &request.ends_on,
            &AuditEvent::general(&staff.staff_id, AuditAction::ProgrammeDates, now),
        )
        .await?
    {
        return Err(AppError::NotFound("programme"));
    }
    let row = state
        .store
        .programme(&id)
        .await?
        .ok_or(AppError::NotFound("programme"))?;
    Ok(ApiJson(to_api(row)))
}
