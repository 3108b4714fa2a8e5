//! The data sheet: counselling results and notes that the counsellor writes
//! (audited, and only once the participant accepted the current privacy
//! notice) and the participant may read (`my_get`).

use axum::extract::State;

use super::common::Path;
use lotse_shared::api::{AuditAction, DataSheet};

use crate::AppState;
use crate::api::common::{MAX_TEXT, audited, check_text};
use crate::api::openapi::errors;
use crate::auth::ParticipantSession;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::domain::rights;
use crate::http::error::{ApiJson, AppResult};

/// `GET /api/v1/staff/participants/{id}/datasheet`
#[utoipa::path(
    get,
    path = "/staff/participants/{id}/datasheet",
    operation_id = "datasheet_get",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "The participant's data sheet (the read is audited)", body = DataSheet),
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
) -> AppResult<ApiJson<DataSheet>> {
    let access = authz::authorize(&state, &staff, Action::ViewDataSheet, &id).await?;
    audited(&state, &access, AuditAction::DataSheetView).await?;
    Ok(ApiJson(state.store.datasheet(&id).await?))
}

/// `PUT /api/v1/staff/participants/{id}/datasheet`
#[utoipa::path(
    put,
    path = "/staff/participants/{id}/datasheet",
    operation_id = "datasheet_put",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    request_body = DataSheet,
    responses(
        (status = 200, description = "Saved, as stored", body = DataSheet),
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
    ApiJson(input): ApiJson<DataSheet>,
) -> AppResult<ApiJson<DataSheet>> {
    let access = authz::authorize(&state, &staff, Action::EditDataSheet, &id).await?;
    rights::require_notice_accepted(&*state.store, &id).await?;
    let sheet = DataSheet {
        results: check_text(&input.results, MAX_TEXT, "the results")?,
        notes: check_text(&input.notes, MAX_TEXT, "the notes")?,
    };
    let now = state.clock.unix();
    state
        .store
        .put_datasheet(
            &id,
            &sheet,
            now,
            &access.event(AuditAction::DataSheetEdit, now),
        )
        .await?;
    Ok(ApiJson(sheet))
}

/// `GET /api/v1/me/datasheet`: the counselling results and notes (read only:
/// the participant may read what is written about them).
#[utoipa::path(
    get,
    path = "/me/datasheet",
    operation_id = "datasheet_my_get",
    tag = "participant",
    responses(
        (status = 200, description = "The participant's data sheet", body = DataSheet),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn my_get(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<DataSheet>> {
    Ok(ApiJson(
        state.store.datasheet(&session.participant_id).await?,
    ))
}
