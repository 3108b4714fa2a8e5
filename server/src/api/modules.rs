//! The participant's questionnaire modules: what is released, done or skipped.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use lotse_shared::api::{ModuleState, ModuleStatus};
use lotse_shared::instrument;

use crate::AppState;
use crate::auth::ParticipantSession;
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/modules`
pub async fn list(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<Vec<ModuleStatus>>> {
    let mut modules = state.store.modules(&session.participant_id).await?;
    // In the order the instruments ship, so every participant's list reads alike.
    modules.sort_by_key(|m| {
        instrument::all()
            .iter()
            .position(|i| i.id == m.instrument)
            .unwrap_or(usize::MAX)
    });
    Ok(ApiJson(modules))
}

/// `POST /api/v1/modules/{instrument}/skip`: the participant skips a module.
/// Skipping is voluntary and affects nothing else.
pub async fn skip(
    State(state): State<AppState>,
    session: ParticipantSession,
    Path(instrument): Path<String>,
) -> AppResult<StatusCode> {
    if state
        .store
        .module_state(&session.participant_id, &instrument)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound("module"));
    }
    state
        .store
        .set_module_state(&session.participant_id, &instrument, ModuleState::Skipped)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
