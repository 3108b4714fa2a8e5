//! Questionnaire results: the participant uploads aggregates and reads their
//! own; a counsellor reads them in the dossier (audited). The server receives
//! scores and bands only; it checks each against the instrument definition
//! before a single byte is stored.

use axum::extract::State;

use super::common::Path;
use axum::http::StatusCode;
use lotse_shared::api::{AggregateSubmission, AuditAction, DossierResults, StoredResult};
use lotse_shared::instrument;

use crate::AppState;
use crate::api::common::audited;
use crate::api::openapi::errors;
use crate::auth::ParticipantSession;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/results`: the participant's own aggregates, newest first.
#[utoipa::path(
    get,
    path = "/results",
    operation_id = "results_list",
    tag = "participant",
    responses(
        (status = 200, description = "The participant's own aggregates, newest first", body = Vec<StoredResult>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<Vec<StoredResult>>> {
    Ok(ApiJson(state.store.results(&session.participant_id).await?))
}

/// `POST /api/v1/results`: stores one aggregate for a released module.
#[utoipa::path(
    post,
    path = "/results",
    operation_id = "results_submit",
    tag = "participant",
    request_body = AggregateSubmission,
    responses(
        (status = 201, description = "Stored", body = StoredResult),
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
pub async fn submit(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(submission): ApiJson<AggregateSubmission>,
) -> AppResult<(StatusCode, ApiJson<StoredResult>)> {
    let definition = instrument::find(&submission.instrument).ok_or_else(|| {
        AppError::InvalidValue(format!("unknown instrument `{}`", submission.instrument))
    })?;
    definition
        .check_submission(&submission)
        .map_err(|e| AppError::InvalidValue(e.to_string()))?;
    // The store checks that the module is open and stores in one atomic
    // step; only a refusal needs to look up why.
    if let Some(stored) = state
        .store
        .insert_aggregate(&session.participant_id, &submission, state.clock.unix())
        .await?
    {
        return Ok((StatusCode::CREATED, ApiJson(stored)));
    }
    match state
        .store
        .module_state(&session.participant_id, &definition.id)
        .await?
    {
        None => Err(AppError::Forbidden),
        // A retake needs the counsellor to release the module again; this also
        // stops a double click from storing the same result twice.
        Some(_) => Err(AppError::Conflict(
            "this questionnaire is already done; it can be taken again once it is released again"
                .into(),
        )),
    }
}

/// `GET /api/v1/staff/participants/{id}/results`: aggregates only.
#[utoipa::path(
    get,
    path = "/staff/participants/{id}/results",
    operation_id = "results_of_participant",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "The participant's aggregates (the read is audited)", body = DossierResults),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn of_participant(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<DossierResults>> {
    let access = authz::authorize(&state, &staff, Action::ViewResults, &id).await?;
    audited(&state, &access, AuditAction::ResultsView).await?;
    Ok(ApiJson(DossierResults {
        results: state.store.results(&id).await?,
    }))
}
