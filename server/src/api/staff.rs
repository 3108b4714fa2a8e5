//! Staff accounts: the admin creates, disables and re-enables them; a
//! counsellor sees only the names of active colleagues (to name a substitute).

use axum::extract::State;

use super::common::Path;
use axum::http::StatusCode;
use lotse_shared::api::{AuditAction, CreatedStaff, NewStaff, StaffMember, StaffRole, StaffUpdate};

use crate::AppState;
use crate::api::common::{check_name, taken};
use crate::api::openapi::errors;
use crate::auth::authz::{self, Action};
use crate::auth::password;
use crate::auth::staff::StaffSession;
use crate::auth::totp;
use crate::db::{AuditEvent, NewStaffRow};
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/staff/staff`
#[utoipa::path(
    get,
    path = "/staff/staff",
    operation_id = "staff_list",
    tag = "staff",
    responses(
        (status = 200, description = "Staff accounts (a counsellor sees active counsellors only, without user names)", body = Vec<StaffMember>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<Vec<StaffMember>>> {
    authz::authorize_general(&staff, Action::ListStaff)?;
    let rows = state.store.list_staff().await?;
    let members = rows.iter().map(crate::db::StaffRow::to_member);
    if staff.role == StaffRole::Admin {
        return Ok(ApiJson(members.collect()));
    }
    // Counsellors need colleagues' names to name a substitute, nothing more:
    // no user names (half of a sign-in) and no account states (ASVS 8.2.3).
    Ok(ApiJson(
        members
            .filter(|m| m.role == StaffRole::Counsellor && !m.disabled)
            .map(|m| StaffMember {
                username: String::new(),
                enrolled: false,
                ..m
            })
            .collect(),
    ))
}

/// `POST /api/v1/staff/staff`: a new account with a one-time initial password.
#[utoipa::path(
    post,
    path = "/staff/staff",
    operation_id = "staff_create",
    tag = "staff",
    request_body = NewStaff,
    responses(
        (status = 201, description = "Created, with the initial password", body = CreatedStaff),
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
pub async fn create(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(request): ApiJson<NewStaff>,
) -> AppResult<(StatusCode, ApiJson<CreatedStaff>)> {
    authz::authorize_general(&staff, Action::ManageStaff)?;
    let username = crate::domain::text::username(&request.username)?;
    let display_name = check_name(&request.display_name, "the name")?;
    let initial = password::generate()?;
    let hash = password::hash(&initial).await?;
    let secret = state.secrets.seal(&totp::new_secret()?, &username)?;
    let id = state
        .store
        .create_staff(
            NewStaffRow {
                username: &username,
                display_name: &display_name,
                role: request.role,
                password_hash: &hash,
                totp_secret: &secret,
            },
            state.clock.unix(),
            Some(&AuditEvent::general(
                &staff.staff_id,
                AuditAction::StaffCreate,
                state.clock.unix(),
            )),
        )
        .await
        .map_err(taken("this user name"))?;
    tracing::info!(actor = %staff.staff_id, created = %id, "staff account created");
    let member = StaffMember {
        id,
        username,
        display_name,
        role: request.role,
        enrolled: false,
        disabled: false,
    };
    Ok((
        StatusCode::CREATED,
        ApiJson(CreatedStaff {
            member,
            initial_password: initial,
        }),
    ))
}

/// `PATCH /api/v1/staff/staff/{id}`: disable (ends sessions) or enable.
#[utoipa::path(
    patch,
    path = "/staff/staff/{id}",
    operation_id = "staff_update",
    tag = "staff",
    params(("id" = String, Path, description = "The staff member's id")),
    request_body = StaffUpdate,
    responses(
        (status = 200, description = "Changed", body = StaffMember),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn update(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<StaffUpdate>,
) -> AppResult<ApiJson<StaffMember>> {
    authz::authorize_general(&staff, Action::ManageStaff)?;
    if id == staff.staff_id && request.disabled {
        return Err(AppError::Conflict(
            "you cannot disable your own account".into(),
        ));
    }
    state
        .store
        .staff_by_id(&id)
        .await?
        .ok_or(AppError::NotFound("staff member"))?;
    state
        .store
        .set_staff_disabled(
            &id,
            request.disabled.then(|| state.clock.unix()),
            &AuditEvent::general(
                &staff.staff_id,
                if request.disabled {
                    AuditAction::StaffDisable
                } else {
                    AuditAction::StaffEnable
                },
                state.clock.unix(),
            ),
        )
        .await?;
    let row = state
        .store
        .staff_by_id(&id)
        .await?
        .ok_or(AppError::NotFound("staff member"))?;
    tracing::info!(actor = %staff.staff_id, target = %id, disabled = request.disabled, "staff account changed");
    Ok(ApiJson(row.to_member()))
}
