//! Modules: the questionnaires and the activities (module 2, the work
//! profile). The participant's list (released, done or skipped) and skipping
//! one; the counsellor's release or re-release.

use axum::extract::State;

use super::common::Path;
use axum::http::StatusCode;
use lotse_shared::api::{AuditAction, ModuleRelease, ModuleState, ModuleStatus};
use lotse_shared::instrument;

use crate::AppState;
use crate::api::openapi::errors;
use crate::auth::ParticipantSession;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/modules`
#[utoipa::path(
    get,
    path = "/modules",
    operation_id = "modules_list",
    tag = "participant",
    responses(
        (status = 200, description = "The participant's modules in the method's order (`activities` is module 2, the work profile)", body = Vec<ModuleStatus>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<Vec<ModuleStatus>>> {
    let mut modules = state.store.modules(&session.participant_id).await?;
    // In the method's order, so every participant's list reads alike.
    let order = instrument::modules();
    modules.sort_by_key(|m| {
        order
            .iter()
            .position(|id| *id == m.instrument)
            .unwrap_or(usize::MAX)
    });
    Ok(ApiJson(modules))
}

/// `POST /api/v1/modules/{instrument}/skip`: the participant skips a module.
/// Skipping is voluntary and affects nothing else; a skipped module can still
/// be answered, a done one can be neither skipped nor answered again.
#[utoipa::path(
    post,
    path = "/modules/{instrument}/skip",
    operation_id = "modules_skip",
    tag = "participant",
    params(("instrument" = String, Path, description = "The questionnaire's instrument id, or `activities`")),
    responses(
        (status = 204, description = "Skipped"),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn skip(
    State(state): State<AppState>,
    session: ParticipantSession,
    Path(instrument): Path<String>,
) -> AppResult<StatusCode> {
    match state
        .store
        .skip_module(&session.participant_id, &instrument)
        .await?
    {
        None => Err(AppError::NotFound("module")),
        // The work profile is declined by removing it (`DELETE /me/profile`).
        Some(ModuleState::Done) if instrument == instrument::ACTIVITIES => Err(AppError::Conflict(
            "your work profile is saved; remove it to decline this part".into(),
        )),
        // One result per release: a done module is closed until it is released again.
        Some(ModuleState::Done) => Err(AppError::Conflict(
            "this questionnaire is already done; it can be skipped or taken again once it is released again"
                .into(),
        )),
        Some(ModuleState::Skipped | ModuleState::Released) => Ok(StatusCode::NO_CONTENT),
    }
}

/// `PUT /api/v1/staff/participants/{id}/modules/{instrument}`: release, or
/// re-release a done or skipped module.
#[utoipa::path(
    put,
    path = "/staff/participants/{id}/modules/{instrument}",
    operation_id = "modules_release",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id"), ("instrument" = String, Path, description = "The questionnaire's instrument id, or `activities` (module 2)")),
    request_body = ModuleRelease,
    responses(
        (status = 204, description = "Released"),
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
pub async fn release(
    State(state): State<AppState>,
    staff: StaffSession,
    Path((id, instrument)): Path<(String, String)>,
    ApiJson(request): ApiJson<ModuleRelease>,
) -> AppResult<StatusCode> {
    let access = authz::authorize(&state, &staff, Action::ReleaseModule, &id).await?;
    if !instrument::is_module(&instrument) {
        return Err(AppError::NotFound("module"));
    }
    if request.state != ModuleState::Released {
        return Err(AppError::InvalidValue(
            "a module can only be released".into(),
        ));
    }
    let now = state.clock.unix();
    state
        .store
        .release_module(
            &id,
            &instrument,
            now,
            Some(&access.event(AuditAction::ModuleRelease, now)),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
