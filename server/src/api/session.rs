//! Participant sign-in and sign-out.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotse_shared::api::{SessionInfo, SignInRequest};

use crate::AppState;
use crate::api::openapi::errors;
use crate::auth::ratelimit::ClientAddr;
use crate::auth::{self, ParticipantSession};
use crate::http::error::{ApiJson, AppError, AppResult};

/// `POST /api/v1/session`: exchanges an access code for a fresh session.
#[utoipa::path(
    post,
    path = "/session",
    operation_id = "session_sign_in",
    tag = "session",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SessionInfo, headers(("Set-Cookie" = String, description = "The new session cookie"))),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::InvalidCredentials),
        (status = 403, response = errors::CsrfRejected),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 429, response = errors::RateLimited),
        (status = 500, response = errors::Internal),
    ),
    security(("csrf" = [])),
)]
pub async fn sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    ApiJson(request): ApiJson<SignInRequest>,
) -> AppResult<Response> {
    let (token, info) = auth::sign_in_participant(&state, client, &request.code).await?;
    Ok((
        [(
            header::SET_COOKIE,
            auth::session_cookie(state.config.tls, &token),
        )],
        ApiJson(info),
    )
        .into_response())
}

/// `GET /api/v1/session`: who is signed in. It counts as activity, so the
/// browser calls it to keep a session alive while a participant answers (the
/// request carries nothing but the cookie).
#[utoipa::path(
    get,
    path = "/session",
    operation_id = "session_current",
    tag = "session",
    responses(
        (status = 200, description = "The signed-in participant; counts as activity", body = SessionInfo),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn current(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<SessionInfo>> {
    let participant = state
        .store
        .participant(&session.participant_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let info = auth::session_info(
        &state,
        &participant.id,
        participant.display_name,
        participant.programme_name,
    )
    .await?;
    Ok(ApiJson(info))
}

/// `DELETE /api/v1/session`: signs out; the session row is deleted, the cookie cleared
/// and the browser told to drop anything it kept for this site.
#[utoipa::path(
    delete,
    path = "/session",
    operation_id = "session_sign_out",
    tag = "session",
    responses(
        (status = 204, description = "Signed out (also without a session); the cookie is cleared", headers(("Set-Cookie" = String, description = "Clears the session cookie"), ("Clear-Site-Data" = String, description = "`\"cookies\", \"storage\"`"))),
        (status = 403, response = errors::CsrfRejected),
        (status = 500, response = errors::Internal),
    ),
    security(("csrf" = [])),
)]
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = auth::token_from(&headers, state.config.tls) {
        state
            .store
            .delete_session(&auth::sha256_hex(&token))
            .await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [
            (header::SET_COOKIE, auth::clear_cookie(state.config.tls)),
            (
                header::HeaderName::from_static("clear-site-data"),
                header::HeaderValue::from_static("\"cookies\", \"storage\""),
            ),
        ],
    )
        .into_response())
}
