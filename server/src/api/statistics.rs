//! Programme figures for management (admin, data protection officer):
//! counts per state, modules done, and each shareable scale in its bands,
//! with no count below the configured minimum group size
//! (`domain::statistics`). Never a list of people.

use axum::extract::{Query, State};
use lotse_shared::api::{ProgrammeFigures, StatisticsQuery};

use crate::AppState;
use crate::api::openapi::errors;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::domain::statistics;
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/staff/statistics`
#[utoipa::path(
    get,
    path = "/staff/statistics",
    operation_id = "statistics_get",
    tag = "staff",
    params(StatisticsQuery),
    responses(
        (status = 200, description = "Counts only; a count below the minimum group size is null", body = ProgrammeFigures),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn get(
    State(state): State<AppState>,
    staff: StaffSession,
    query: Result<Query<StatisticsQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<ApiJson<ProgrammeFigures>> {
    authz::authorize_general(&staff, Action::ViewStatistics)?;
    let Query(query) = query.map_err(|e| AppError::InvalidValue(e.body_text()))?;
    let programme = query.programme.filter(|p| !p.is_empty());
    if let Some(id) = &programme {
        // A NUL or other control character is no id PostgreSQL would take.
        if id.chars().any(char::is_control) || state.store.programme(id).await?.is_none() {
            return Err(AppError::NotFound("programme"));
        }
    }
    let rows = state
        .store
        .figures(programme.as_deref(), &authz::today(&state))
        .await?;
    Ok(ApiJson(statistics::figures(
        &rows,
        state.config.statistics_min_group,
        programme,
        state.clock.unix(),
    )))
}
