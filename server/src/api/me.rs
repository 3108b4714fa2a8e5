//! The participant's rights over their data as a whole: see everything stored
//! about them, download it, and erase it; and the key their browser encrypts
//! the answers they keep on the device under, which erasure takes with it.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use lotse_shared::api::{DraftKey, EraseRequest, ErasureReceipt, MyData};

use crate::AppState;
use crate::api::common::signed_out;
use crate::api::openapi::errors;
use crate::auth::ParticipantSession;
use crate::auth::seal::SecretBox;
use crate::db::ErasureReason;
use crate::domain::rights;
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/me`: everything stored about the participant.
#[utoipa::path(
    get,
    path = "/me",
    operation_id = "me_get",
    tag = "rights",
    responses(
        (status = 200, description = "Everything stored about the participant", body = MyData),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn get(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<MyData>> {
    Ok(ApiJson(
        rights::my_data(&state, &session.participant_id).await?,
    ))
}

/// `GET /api/v1/me/export`: the same, as a file to keep (data portability).
#[utoipa::path(
    get,
    path = "/me/export",
    operation_id = "me_export",
    tag = "rights",
    responses(
        (status = 200, description = "The same as a JSON file download", body = MyData, headers(("Content-Disposition" = String, description = "`attachment; filename=\"lotse-my-data-YYYY-MM-DD.json\"`"))),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
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
#[utoipa::path(
    post,
    path = "/me/erase",
    operation_id = "me_erase",
    tag = "rights",
    request_body = EraseRequest,
    responses(
        (status = 200, description = "Erased; the session ends", body = ErasureReceipt, headers(("Set-Cookie" = String, description = "Clears the session cookie"), ("Clear-Site-Data" = String, description = "`\"cookies\", \"storage\"`"))),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 409, response = errors::Conflict),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
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
    // Data needed for an open dispute is kept until it is settled (GDPR
    // Art. 17(3)(e)); the store refuses it too, so a hold set meanwhile wins.
    if state
        .store
        .dossier(&session.participant_id)
        .await?
        .is_some_and(|d| d.legal_hold.is_some())
    {
        return Err(AppError::Conflict(
            "your data is under a legal hold because of an open dispute and cannot be erased until it is settled; the data protection officer can tell you more".into(),
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

/// What a sealed draft key is bound to, so a sealed value copied to another
/// participant's row does not open.
fn draft_key_context(participant_id: &str) -> String {
    format!("draft-key:{participant_id}")
}

/// `GET /api/v1/me/draft-key`: the participant's draft key, made on first
/// request. Only their own session gets it, so drafts another participant left
/// on a shared device do not open; erasure deletes it, so drafts left behind
/// then open for no one. Stored sealed under the server's secret key.
#[utoipa::path(
    get,
    path = "/me/draft-key",
    operation_id = "me_draft_key",
    tag = "participant",
    responses(
        (status = 200, description = "The key that encrypts the participant's unfinished answers in the browser", body = DraftKey, headers(("Cache-Control" = String, description = "`no-store`"))),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn draft_key(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<Response> {
    let store = &*state.store;
    let id = &session.participant_id;
    let secrets: &SecretBox = &state.secrets;
    let context = draft_key_context(id);
    if store.draft_key(id).await?.is_none() {
        let fresh = crate::auth::random_bytes::<32>()?;
        let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(fresh);
        store
            .insert_draft_key(id, &secrets.seal(&encoded, &context)?, state.clock.unix())
            .await?;
    }
    // Read back: when two requests raced, both hand out the one stored first.
    let row = store
        .draft_key(id)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the draft key was not stored")))?;
    let key = secrets.open(&row.sealed, &context)?;
    // The API's security headers say no-store already; this answer must never
    // be cached even if that changes.
    Ok((
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        ApiJson(DraftKey { key }),
    )
        .into_response())
}
