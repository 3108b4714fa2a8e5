//! Optional consents recorded by the counsellor with the participant present
//! (consent channel "with counsellor", SPEC §4). Accepting the privacy notice
//! stays the participant's own step: this only changes the two optional
//! consents of someone who already accepted the current notice.

use axum::extract::{Path, State};
use lotse_shared::api::{
    ConsentChannel, ConsentEvent, ConsentEventKind, ConsentStatus, OptionalConsents,
};

use crate::AppState;
use crate::authz::{self, Action};
use crate::error::{ApiJson, AppError, AppResult};
use crate::rights;
use crate::staff_auth::StaffSession;

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
    let latest = state
        .store
        .latest_consent(&id)
        .await?
        .filter(|l| !rights::consent_required(Some(l)))
        .ok_or_else(|| {
            AppError::Conflict(
                "the participant must first accept the privacy notice themselves".into(),
            )
        })?;
    let only_taken_back = (!wanted.agency_results || latest.agency_results)
        && (!wanted.job_matching || latest.job_matching);
    let event = ConsentEvent {
        event: if only_taken_back {
            ConsentEventKind::Withdrawn
        } else {
            ConsentEventKind::Changed
        },
        notice_accepted: true,
        agency_results: wanted.agency_results,
        job_matching: wanted.job_matching,
        notice_version: latest.notice_version,
        notice_hash: latest.notice_hash,
        channel: ConsentChannel::Counsellor,
        at: now,
    };
    state
        .store
        .insert_consent_event(&id, &event, Some(&access.event("consent.record", now)))
        .await?;
    Ok(ApiJson(rights::status(
        state.store.consent_history(&id).await?,
    )))
}
