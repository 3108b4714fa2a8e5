//! Staff sign-in: password, then TOTP (with enrolment at the first sign-in).
//!
//! Unknown user names and wrong passwords get the same answer after the same
//! Argon2 work, so accounts cannot be enumerated (ASVS 6.3.8). Each step is rate
//! limited per client address and per account. The session token changes when
//! the second factor passes (ASVS 7.2.4).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotse_shared::api::{
    Enrolment, PasswordChange, SignInPending, SignInStep, StaffInfo, StaffSignIn, TotpCode,
};

use crate::AppState;
use crate::api::openapi::errors;
use crate::auth;
use crate::auth::password;
use crate::auth::ratelimit::{self, ClientAddr};
use crate::auth::staff::{PendingStaffSession, StaffSession};
use crate::auth::totp;
use crate::db::SessionStage;
use crate::http::error::{ApiJson, AppError, AppResult};

/// Longest user name accepted at sign-in (longer ones cannot exist).
const MAX_USERNAME: usize = 64;

/// `POST /api/v1/staff/session`: the password step.
#[utoipa::path(
    post,
    path = "/staff/session",
    operation_id = "staff_session_sign_in",
    tag = "session",
    request_body = StaffSignIn,
    responses(
        (status = 200, description = "The password is right; the pending session cookie is set and the second step named", body = SignInPending, headers(("Set-Cookie" = String, description = "The new session cookie"))),
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
    ApiJson(request): ApiJson<StaffSignIn>,
) -> AppResult<Response> {
    let now = state.clock.unix();
    let store = &*state.store;
    let username = request.username.trim().to_lowercase();
    ratelimit::check(
        store,
        &client.key("staff"),
        ratelimit::STAFF_PER_CLIENT,
        now,
    )
    .await?;
    // No stored username has a control character (`text::username`); and
    // PostgreSQL would refuse a NUL in the limit's key below.
    if username.is_empty()
        || username.len() > MAX_USERNAME
        || username.chars().any(char::is_control)
        || request.password.chars().count() > password::MAX_LEN
    {
        return Err(AppError::InvalidCredentials);
    }
    let account_key = format!("staff:user:{username}");
    ratelimit::check(store, &account_key, ratelimit::STAFF_PER_ACCOUNT, now).await?;
    let staff = state.store.staff_by_username(&username).await?;
    let ok = password::verify(
        &request.password,
        staff.as_ref().map(|s| s.password_hash.as_str()),
    )
    .await?;
    let staff = match staff {
        Some(s) if ok && s.disabled_at.is_none() => s,
        _ => {
            tracing::info!("staff sign-in refused");
            return Err(AppError::InvalidCredentials);
        }
    };
    // The password was right: only failures count against the limits.
    ratelimit::refund(
        store,
        &client.key("staff"),
        ratelimit::STAFF_PER_CLIENT,
        now,
    )
    .await?;
    ratelimit::refund(store, &account_key, ratelimit::STAFF_PER_ACCOUNT, now).await?;
    let (next, pending_stage) = if staff.totp_enrolled {
        (SignInStep::Totp, SessionStage::Totp)
    } else {
        (SignInStep::Enrol, SessionStage::Enrol)
    };
    let (token, hash) = auth::new_session_token()?;
    state
        .store
        .create_staff_session(&hash, &staff.id, pending_stage, now)
        .await?;
    Ok((
        [(
            header::SET_COOKIE,
            auth::session_cookie(state.config.tls, &token),
        )],
        ApiJson(SignInPending { next }),
    )
        .into_response())
}

/// `GET /api/v1/staff/session/enrolment`: the seed to add to an authenticator
/// app; only during the first sign-in, after the password.
#[utoipa::path(
    get,
    path = "/staff/session/enrolment",
    operation_id = "staff_session_enrolment",
    tag = "session",
    responses(
        (status = 200, description = "The TOTP seed to add to an authenticator app (pending session at its first sign-in only)", body = Enrolment),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 409, response = errors::Conflict),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn enrolment(
    State(state): State<AppState>,
    pending: PendingStaffSession,
) -> AppResult<ApiJson<Enrolment>> {
    if pending.stage != SessionStage::Enrol {
        return Err(AppError::Forbidden);
    }
    let secret = state
        .secrets
        .open(&pending.staff.totp_secret, &pending.staff.username)?;
    let uri = totp::otpauth_uri(&secret, &pending.staff.username);
    Ok(ApiJson(Enrolment {
        secret,
        qr_image: totp::qr_data_uri(&uri)?,
        uri,
    }))
}

/// `POST /api/v1/staff/session/totp`: the second factor; a code works once.
#[utoipa::path(
    post,
    path = "/staff/session/totp",
    operation_id = "staff_session_totp_step",
    tag = "session",
    request_body = TotpCode,
    responses(
        (status = 200, description = "Both factors passed; the full session cookie replaces the pending one", body = StaffInfo, headers(("Set-Cookie" = String, description = "The new session cookie"))),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::SessionOrCredentials),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 409, response = errors::Conflict),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 429, response = errors::RateLimited),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn totp_step(
    State(state): State<AppState>,
    client: ClientAddr,
    pending: PendingStaffSession,
    ApiJson(request): ApiJson<TotpCode>,
) -> AppResult<Response> {
    let now = state.clock.unix();
    let store = &*state.store;
    ratelimit::check(
        store,
        &client.key("staff"),
        ratelimit::STAFF_PER_CLIENT,
        now,
    )
    .await?;
    let account_key = format!("staff:totp:{}", pending.staff.id);
    ratelimit::check(store, &account_key, ratelimit::TOTP_PER_ACCOUNT, now).await?;
    let secret = state
        .secrets
        .open(&pending.staff.totp_secret, &pending.staff.username)?;
    let step = totp::check(&secret, &request.code, now)?.and_then(|s| i64::try_from(s).ok());
    let Some(step) = step else {
        tracing::info!("staff TOTP refused");
        return Err(AppError::InvalidCredentials);
    };
    if !state.store.use_totp_step(&pending.staff.id, step).await? {
        tracing::warn!("staff TOTP replay refused");
        return Err(AppError::InvalidCredentials);
    }
    // Both factors passed: the attempts are given back before the session is
    // promoted, so a failing write here cannot strand a promoted session whose
    // cookie was never sent.
    ratelimit::refund(
        store,
        &client.key("staff"),
        ratelimit::STAFF_PER_CLIENT,
        now,
    )
    .await?;
    ratelimit::reset(store, &account_key).await?;
    ratelimit::reset(store, &format!("staff:user:{}", pending.staff.username)).await?;
    let (token, hash) = auth::new_session_token()?;
    state
        .store
        .promote_staff_session(&pending.token_hash, &hash, &pending.staff.id, now)
        .await?;
    let role = pending.staff.role;
    let info = StaffInfo {
        id: pending.staff.id.clone(),
        username: pending.staff.username.clone(),
        display_name: pending.staff.display_name.clone(),
        role,
    };
    Ok((
        [(
            header::SET_COOKIE,
            auth::session_cookie(state.config.tls, &token),
        )],
        ApiJson(info),
    )
        .into_response())
}

/// `GET /api/v1/staff/session`: who is signed in.
#[utoipa::path(
    get,
    path = "/staff/session",
    operation_id = "staff_session_current",
    tag = "session",
    responses(
        (status = 200, description = "The signed-in staff member", body = StaffInfo),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn current(staff: StaffSession) -> ApiJson<StaffInfo> {
    ApiJson(staff.info())
}

/// `DELETE /api/v1/staff/session`: signs out exactly like the participant's
/// `DELETE /api/v1/session`; its own function only so that the document has
/// an operation for each of the two paths.
#[utoipa::path(
    delete,
    path = "/staff/session",
    operation_id = "staff_session_sign_out",
    tag = "session",
    responses(
        (status = 204, description = "Signed out (also without a session); the cookie is cleared", headers(("Set-Cookie" = String, description = "Clears the session cookie"), ("Clear-Site-Data" = String, description = "`\"cookies\", \"storage\"`"))),
        (status = 403, response = errors::CsrfRejected),
        (status = 500, response = errors::Internal),
    ),
    security(("csrf" = [])),
)]
pub async fn sign_out(state: State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    crate::api::session::sign_out(state, headers).await
}

/// `PUT /api/v1/staff/me/password`: needs the current password; other
/// sessions of the account end.
#[utoipa::path(
    put,
    path = "/staff/me/password",
    operation_id = "staff_session_change_password",
    tag = "staff",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; the account's other sessions end"),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::SessionOrCredentials),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 429, response = errors::RateLimited),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn change_password(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(request): ApiJson<PasswordChange>,
) -> AppResult<StatusCode> {
    let now = state.clock.unix();
    let store = &*state.store;
    // Shares the account's password budget, so it cannot serve as a guessing oracle.
    let account_key = format!("staff:user:{}", staff.username);
    ratelimit::check(store, &account_key, ratelimit::STAFF_PER_ACCOUNT, now).await?;
    let row = state
        .store
        .staff_by_id(&staff.staff_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !password::verify(&request.current, Some(&row.password_hash)).await? {
        return Err(AppError::InvalidCredentials);
    }
    password::check_policy(&request.new, &staff.username)
        .map_err(|e| AppError::InvalidValue(e.to_string()))?;
    let hash = password::hash(&request.new).await?;
    state
        .store
        .set_staff_password(&staff.staff_id, &hash, &staff.token_hash)
        .await?;
    ratelimit::reset(store, &account_key).await?;
    Ok(StatusCode::NO_CONTENT)
}
