//! The record of processing (GDPR Art. 30) for the data protection officer
//! and the admin: every stored column classified (`db::register`), with the
//! controller and the configured legal bases from the organisation's profile.

use axum::extract::State;
use lotse_shared::Lang;
use lotse_shared::api::ProcessingRegister;

use crate::AppState;
use crate::api::openapi::errors;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::db::register;
use crate::domain::notice;
use crate::http::error::{ApiJson, AppResult};

/// `GET /api/v1/staff/register`
#[utoipa::path(
    get,
    path = "/staff/register",
    operation_id = "register_get",
    tag = "staff",
    responses(
        (status = 200, description = "The record of processing: every stored column with its category, purpose, reason, legal basis, retention category and recipients", body = ProcessingRegister),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn get(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<ProcessingRegister>> {
    authz::authorize_general(&staff, Action::ViewRegister)?;
    let profile = state.store.organisation().await?.unwrap_or_default();
    // The register's own texts are English; the bases follow them.
    let (counselling_basis, health_basis) = notice::basis_words(&profile, Lang::En);
    Ok(ApiJson(ProcessingRegister {
        controller: profile.controller_name,
        dpo_contact: profile.dpo_contact,
        counselling_basis,
        health_basis,
        generated_at: state.clock.unix(),
        columns: register::columns(),
    }))
}
