//! The audit trail of a dossier: every staff view or change. An admin reads
//! it (itself an audited view); the participant reads their own (`my_list`).

use axum::extract::State;

use super::common::Path;
use lotse_shared::api::{AuditAction, AuditEntry};

use crate::AppState;
use crate::api::common::audited;
use crate::api::openapi::errors;
use crate::auth::ParticipantSession;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::http::error::{ApiJson, AppResult};

/// `GET /api/v1/staff/participants/{id}/audit`: who viewed the dossier (admin).
#[utoipa::path(
    get,
    path = "/staff/participants/{id}/audit",
    operation_id = "audit_list",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "Who read or changed the participant's data (the read is audited)", body = Vec<AuditEntry>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<Vec<AuditEntry>>> {
    let access = authz::authorize(&state, &staff, Action::ViewAudit, &id).await?;
    audited(&state, &access, AuditAction::AuditView).await?;
    Ok(ApiJson(state.store.audit_trail(&id).await?))
}

/// `GET /api/v1/me/audit`: every staff view or change of my dossier.
#[utoipa::path(
    get,
    path = "/me/audit",
    operation_id = "audit_my_list",
    tag = "rights",
    responses(
        (status = 200, description = "Who read or changed the participant's data", body = Vec<AuditEntry>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn my_list(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<Vec<AuditEntry>>> {
    Ok(ApiJson(
        state.store.audit_trail(&session.participant_id).await?,
    ))
}
