//! Uploaded aggregates. The server receives scores and bands only; it checks each
//! against the instrument definition before a single byte is stored.

use axum::extract::State;
use axum::http::StatusCode;
use lotse_shared::api::{AggregateSubmission, StoredResult};
use lotse_shared::instrument;

use crate::AppState;
use crate::auth::ParticipantSession;
use crate::error::{ApiJson, AppError, AppResult};

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
    if state
        .store
        .module_state(&session.participant_id, &definition.id)
        .await?
        .is_none()
    {
        return Err(AppError::Forbidden);
    }
    let stored = state
        .store
        .insert_aggregate(&session.participant_id, &submission, state.clock.unix())
        .await?;
    Ok((StatusCode::CREATED, ApiJson(stored)))
}
