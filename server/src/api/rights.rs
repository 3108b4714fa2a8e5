//! The privacy notice, consent, and the participant's rights: see, download and
//! erase their data.

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotse_shared::Lang;
use lotse_shared::api::{
    ConsentChannel, ConsentDecision, ConsentEvent, ConsentEventKind, ConsentStatus, EraseRequest,
    MyData, Notice, OptionalConsents,
};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{self, ParticipantSession};
use crate::db::ErasureReason;
use crate::domain::{notice, rights};
use crate::http::error::{ApiJson, AppError, AppResult};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeQuery {
    lang: Option<String>,
}

/// `GET /api/v1/notice?lang=de`: the current privacy notice; no sign-in needed.
pub async fn get_notice(
    query: Result<Query<NoticeQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<ApiJson<Notice>> {
    let Query(query) = query.map_err(|e| AppError::InvalidValue(e.body_text()))?;
    let lang = match query.lang.as_deref() {
        None => Lang::De,
        Some(tag) => Lang::from_tag(tag)
            .ok_or_else(|| AppError::InvalidValue(format!("no notice in language {tag:?}")))?,
    };
    notice::current(lang)
        .map(ApiJson)
        .ok_or(AppError::NotFound("privacy notice"))
}

/// `GET /api/v1/consent`: whether the notice must be accepted, the optional
/// consents and the history.
pub async fn get_consent(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<ConsentStatus>> {
    let history = state.store.consent_history(&session.participant_id).await?;
    Ok(ApiJson(rights::status(history)))
}

/// Responses that end the session in the browser too.
fn signed_out(state: &AppState, status: StatusCode, body: Option<Response>) -> Response {
    let mut response = body.unwrap_or_else(|| status.into_response());
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::SET_COOKIE, auth::clear_cookie(state.config.tls));
    headers.insert(
        header::HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static("\"cookies\", \"storage\""),
    );
    response
}

/// `POST /api/v1/consent`: accept or decline the notice that was shown.
/// Declining records only the refusal and signs the participant out.
pub async fn decide(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(decision): ApiJson<ConsentDecision>,
) -> AppResult<Response> {
    if decision.notice_version != notice::current_version() {
        return Err(AppError::Conflict(
            "the privacy notice has changed; please read the current version".into(),
        ));
    }
    if !notice::is_known(decision.notice_version, &decision.notice_hash) {
        return Err(AppError::InvalidValue(
            "notice_hash does not match the notice text".into(),
        ));
    }
    let mut event = ConsentEvent {
        event: ConsentEventKind::Given,
        notice_accepted: true,
        agency_results: decision.agency_results,
        job_matching: decision.job_matching,
        notice_version: decision.notice_version,
        notice_hash: decision.notice_hash,
        channel: ConsentChannel::SelfService,
        at: state.clock.unix(),
    };
    if !decision.accept {
        if decision.agency_results || decision.job_matching {
            return Err(AppError::InvalidValue(
                "optional consents need the notice to be accepted".into(),
            ));
        }
        event.event = ConsentEventKind::Declined;
        event.notice_accepted = false;
        state.store.decline(&session.participant_id, &event).await?;
        return Ok(signed_out(&state, StatusCode::NO_CONTENT, None));
    }
    if !rights::needs_consent(&*state.store, &session.participant_id).await? {
        return Err(AppError::Conflict(
            "the notice is already accepted; change optional consents instead".into(),
        ));
    }
    state
        .store
        .insert_consent_event(&session.participant_id, &event, None)
        .await?;
    let history = state.store.consent_history(&session.participant_id).await?;
    Ok(ApiJson(rights::status(history)).into_response())
}

/// `PUT /api/v1/consent`: give or take back the optional consents.
pub async fn change(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(wanted): ApiJson<OptionalConsents>,
) -> AppResult<ApiJson<ConsentStatus>> {
    let latest = state
        .store
        .latest_consent(&session.participant_id)
        .await?
        .filter(|l| !rights::consent_required(Some(l)))
        .ok_or(AppError::ConsentRequired)?;
    if let Some(event) = rights::optional_consent_event(
        &latest,
        &wanted,
        ConsentChannel::SelfService,
        state.clock.unix(),
    ) {
        state
            .store
            .insert_consent_event(&session.participant_id, &event, None)
            .await?;
    }
    let history = state.store.consent_history(&session.participant_id).await?;
    Ok(ApiJson(rights::status(history)))
}

/// `GET /api/v1/me`: everything stored about the participant.
pub async fn me(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<MyData>> {
    Ok(ApiJson(
        rights::my_data(&state, &session.participant_id).await?,
    ))
}

/// `GET /api/v1/me/export`: the same, as a file to keep (data portability).
pub async fn export(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<Response> {
    let data = rights::my_data(&state, &session.participant_id).await?;
    let day = state
        .clock
        .now()
        .date()
        .format(&time::format_description::well_known::Iso8601::DATE)
        .unwrap_or_default();
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"lotse-my-data-{day}.json\""
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok(([(header::CONTENT_DISPOSITION, disposition)], ApiJson(data)).into_response())
}

/// `POST /api/v1/me/erase`: withdraw and erase everything at once, in one
/// transaction; the answer carries the pseudonymous receipt and signs out.
pub async fn erase(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(request): ApiJson<EraseRequest>,
) -> AppResult<Response> {
    if !request.confirm {
        return Err(AppError::InvalidValue(
            "confirm must be true to erase your data".into(),
        ));
    }
    let receipt = state
        .store
        .erase_participant(
            &session.participant_id,
            ErasureReason::Withdrawal,
            state.clock.unix(),
        )
        .await?
        .ok_or(AppError::Unauthenticated)?;
    // The deletion is committed; moving the bytes out of the files is best
    // effort and repeated by the hourly retention job.
    if let Err(error) = state.store.after_erasure().await {
        tracing::warn!(?error, "clean-up after erasure failed");
    }
    Ok(signed_out(
        &state,
        StatusCode::OK,
        Some(ApiJson(receipt).into_response()),
    ))
}
