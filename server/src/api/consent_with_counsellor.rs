//! Optional consents recorded by the counsellor with the participant present
//! (consent channel "with counsellor"). Accepting the privacy notice
//! stays the participant's own step: this only changes the two optional
//! consents of someone who already accepted the current notice.

use axum::extract::{Path, State};
use lotse_shared::api::{ConsentChannel, ConsentStatus, OptionalConsents};

use crate::AppState;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::domain::rights;
use crate::http::error::{ApiJson, AppResult};

/// `GET /api/v1/staff/participants/{id}/consent`
pub async fn status(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<ConsentStatus>> {
    let access = authz::authorize(&state, &staff, Action::RecordConsent, &id).await?;
    state
        .store
        .record_audit(&access.event("consent.view", state.clock.unix()))
        .await?;
    Ok(ApiJson(rights::status(
        state.store.consent_history(&id).await?,
    )))
}

/// `PUT /api/v1/staff/participants/{id}/consent`
pub async fn record(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(wanted): ApiJson<OptionalConsents>,
) -> AppResult<ApiJson<ConsentStatus>> {
    let access = authz::authorize(&state, &staff, Action::RecordConsent, &id).await?;
    let now = state.clock.unix();
    let latest = rights::require_notice_accepted(&*state.store, &id).await?;
    match rights::optional_consent_event(&latest, &wanted, ConsentChannel::Counsellor, now) {
        Some(event) => {
            state
                .store
                .insert_consent_event(&id, &event, Some(&access.event("consent.record", now)))
                .await?;
        }
        // Saved unchanged: no consent event and no 'consent.record' row
        // claiming a change; the status still leaves, so the view is audited.
        None => {
            state
                .store
                .record_audit(&access.event("consent.view", now))
                .await?;
        }
    }
    Ok(ApiJson(rights::status(
        state.store.consent_history(&id).await?,
    )))
}
