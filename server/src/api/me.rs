//! The participant's rights over their data as a whole: see everything stored
//! about them, download it, and erase it.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotse_shared::api::{EraseRequest, MyData};

use crate::AppState;
use crate::api::common::signed_out;
use crate::auth::ParticipantSession;
use crate::db::ErasureReason;
use crate::domain::rights;
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/me`: everything stored about the participant.
pub async fn get(
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
