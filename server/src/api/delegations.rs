//! Delegations: a substitute counsellor for a caseload over a date range,
//! named by the admin or the caseload's owner. A delegation ends by itself
//! after its last day and can be revoked at once.

use axum::extract::State;

use super::common::Path;
use axum::http::StatusCode;
use lotse_shared::api::{AuditAction, Delegation, NewDelegation, StaffRole};

use crate::AppState;
use crate::api::common::{check_counsellor, check_date};
use crate::api::openapi::errors;
use crate::auth::authz::{self, Action, Relation};
use crate::auth::staff::StaffSession;
use crate::db::AuditEvent;
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/staff/delegations`: an admin sees all; a counsellor those they
/// gave or received.
#[utoipa::path(
    get,
    path = "/staff/delegations",
    operation_id = "delegations_list",
    tag = "staff",
    responses(
        (status = 200, description = "The caller's delegations (an admin's: all)", body = Vec<Delegation>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<Vec<Delegation>>> {
    let all = staff.role == StaffRole::Admin;
    Ok(ApiJson(
        state
            .store
            .delegations(if all { None } else { Some(&staff.staff_id) })
            .await?,
    ))
}

/// `POST /api/v1/staff/delegations`: an admin, or the caseload owner, names a
/// substitute for a date range. It ends by itself after `ends_on`.
#[utoipa::path(
    post,
    path = "/staff/delegations",
    operation_id = "delegations_create",
    tag = "staff",
    request_body = NewDelegation,
    responses(
        (status = 201, description = "Granted", body = Delegation),
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
pub async fn create(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(request): ApiJson<NewDelegation>,
) -> AppResult<(StatusCode, ApiJson<Delegation>)> {
    let relation = if request.owner_id == staff.staff_id {
        Relation::Own
    } else {
        Relation::Foreign
    };
    if !authz::decide(staff.role, Action::ManageDelegation, relation) {
        return Err(AppError::Forbidden);
    }
    if check_date(&request.ends_on)? < check_date(&request.starts_on)? {
        return Err(AppError::InvalidValue(
            "the delegation ends before it starts".into(),
        ));
    }
    if request.owner_id == request.substitute_id {
        return Err(AppError::InvalidValue(
            "a counsellor cannot substitute for themselves".into(),
        ));
    }
    check_counsellor(&state, &request.owner_id).await?;
    check_counsellor(&state, &request.substitute_id).await?;
    let id = state
        .store
        .create_delegation(
            &request.owner_id,
            &request.substitute_id,
            &request.starts_on,
            &request.ends_on,
            &staff.staff_id,
            state.clock.unix(),
            // No participant: a delegation concerns a whole caseload.
            &AuditEvent {
                acting_for: Some(request.owner_id.clone()),
                ..AuditEvent::general(
                    &staff.staff_id,
                    AuditAction::DelegationGrant,
                    state.clock.unix(),
                )
            },
        )
        .await?;
    tracing::info!(actor = %staff.staff_id, delegation = %id, "delegation granted");
    let d = state
        .store
        .delegation(&id)
        .await?
        .ok_or(AppError::NotFound("delegation"))?;
    Ok((StatusCode::CREATED, ApiJson(d)))
}

/// `DELETE /api/v1/staff/delegations/{id}`: revoke at once (admin or owner).
#[utoipa::path(
    delete,
    path = "/staff/delegations/{id}",
    operation_id = "delegations_revoke",
    tag = "staff",
    params(("id" = String, Path, description = "The delegation's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn revoke(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let d = state
        .store
        .delegation(&id)
        .await?
        .ok_or(AppError::NotFound("delegation"))?;
    let relation = if d.owner_id == staff.staff_id {
        Relation::Own
    } else {
        Relation::Foreign
    };
    if !authz::decide(staff.role, Action::ManageDelegation, relation) {
        return Err(AppError::NotFound("delegation"));
    }
    state
        .store
        .revoke_delegation(
            &id,
            state.clock.unix(),
            &AuditEvent {
                acting_for: Some(d.owner_id.clone()),
                ..AuditEvent::general(
                    &staff.staff_id,
                    AuditAction::DelegationRevoke,
                    state.clock.unix(),
                )
            },
        )
        .await?;
    tracing::info!(actor = %staff.staff_id, delegation = %id, "delegation revoked");
    Ok(StatusCode::NO_CONTENT)
}
