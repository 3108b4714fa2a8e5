//! Questionnaire results: the participant uploads aggregates and reads their
//! own; a counsellor reads them in the dossier (audited). The server receives
//! scores and bands only; it checks each against the instrument definition
//! before a single byte is stored.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use lotse_shared::api::{AggregateSubmission, AuditAction, DossierResults, StoredResult};
use lotse_shared::instrument;

use crate::AppState;
use crate::api::common::audited;
use crate::auth::ParticipantSession;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/results`: the participant's own aggregates, newest first.
pub async fn list(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<Vec<StoredResult>>> {
    Ok(ApiJson(state.store.results(&session.participant_id).await?))
}

/// `POST /api/v1/results`: stores one aggregate for a released module.
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
