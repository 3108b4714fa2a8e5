//! The organisation's profile: public to read (the notice, the consent screen
//! and the footer show it before anyone signs in), edited by admins.

use axum::extract::State;
use lotse_shared::api::{OrganisationProfile, OrganisationStatus};

use crate::AppState;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::domain::organisation;
use crate::http::error::{ApiJson, AppResult};

/// `GET /api/v1/organisation`: who runs Lotse here; no sign-in needed.
pub async fn get(State(state): State<AppState>) -> AppResult<ApiJson<OrganisationProfile>> {
    Ok(ApiJson(organisation::load(&*state.store).await?))
}

/// `GET /api/v1/staff/organisation`: the profile and what is still missing.
pub async fn status(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<OrganisationStatus>> {
    authz::authorize_general(&staff, Action::ManageOrganisation)?;
    let profile = organisation::load(&*state.store).await?;
    Ok(ApiJson(OrganisationStatus {
        missing: profile.missing(),
        profile,
    }))
}

/// `PUT /api/v1/staff/organisation`: replaces the profile (incomplete is
/// allowed; the answer says what is still missing).
pub async fn put(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(profile): ApiJson<OrganisationProfile>,
) -> AppResult<ApiJson<OrganisationStatus>> {
    authz::authorize_general(&staff, Action::ManageOrganisation)?;
    let profile = organisation::validate(&profile)?;
    state
        .store
        .save_organisation(&profile, state.clock.unix())
        .await?;
    Ok(ApiJson(OrganisationStatus {
        missing: profile.missing(),
        profile,
    }))
}
