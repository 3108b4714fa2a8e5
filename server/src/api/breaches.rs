//! The breach register for the office (admins only): record a breach, see the
//! 72-hour deadline of each, and note when it was reported.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use lotse_shared::api::{AuditAction, Breach, BreachReported, NewBreach};

use crate::AppState;
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
pub async fn list(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<Vec<Breach>>> {
    authz::authorize_general(&staff, Action::ManageBreaches)?;
    let rows = state.store.breaches().await?;
    Ok(ApiJson(rows.into_iter().map(to_api).collect()))
}

/// `POST /api/v1/staff/breaches`
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
