//! Who is asking: participant sessions and access codes (here), staff
//! sessions ([`staff`]), passwords, TOTP, sealed secrets, sign-in rate limits
//! and the authorization table ([`authz`]).
//!
//! The session cookie carries 256 random bits; the database keeps only their
//! SHA-256, so a leaked database cannot be replayed as cookies. Sessions end after
//! 30 idle minutes (or the shorter time configured) or 12 hours at most (NIST SP
//! 800-63B AAL2), and at sign-out.

pub mod authz;
pub mod password;
pub mod ratelimit;
pub mod seal;
pub mod staff;
pub mod totp;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use base64::Engine as _;
use lotse_shared::api::{Role, SessionInfo};
use sha2::{Digest as _, Sha256};

use crate::AppState;
use crate::db::SessionStage;
use crate::http::error::AppError;

/// The longest idle timeout in seconds (`Config::session_idle_seconds` may
/// only shorten it).
pub const IDLE_TIMEOUT: i64 = 30 * 60;
/// Absolute timeout in seconds.
pub const ABSOLUTE_TIMEOUT: i64 = 12 * 3600;
/// Refresh `last_seen_at` at most this often, so reads do not all become writes.
pub const TOUCH_INTERVAL: i64 = 60;
/// How long the TOTP step may take after a staff password was accepted.
pub const PENDING_TIMEOUT: i64 = 5 * 60;

/// The one expiry rule for every session: idle at most `idle_timeout` seconds
/// (at most five minutes for a staff sign-in waiting for its code) and alive 12
/// hours at most.
pub fn session_live(
    stage: SessionStage,
    created_at: i64,
    last_seen_at: i64,
    now: i64,
    idle_timeout: i64,
) -> bool {
    let idle = if stage == SessionStage::Full {
        idle_timeout
    } else {
        PENDING_TIMEOUT.min(idle_timeout)
    };
    now - last_seen_at <= idle && now - created_at <= ABSOLUTE_TIMEOUT
}

/// The configured idle timeout in seconds.
pub fn idle_timeout(state: &AppState) -> i64 {
    i64::from(state.config.session_idle_seconds)
}

/// An opaque tag per participant (see `SessionInfo::subject`): not the id
/// itself, so what the device files drafts under says nothing about the record.
pub fn subject_tag(participant_id: &str) -> String {
    sha256_hex(&format!("lotse-subject:{participant_id}"))[..24].to_owned()
}

/// Why no secret value (key, salt, code, token) could be made.
#[derive(Debug, thiserror::Error)]
pub enum RandomError {
    /// The operating system's CSPRNG failed.
    #[error("no randomness")]
    Unavailable(#[source] getrandom::Error),
    /// A generated access code does not read back as itself (a bug).
    #[error("generated code does not normalise")]
    Malformed,
}

/// Fills a buffer from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], RandomError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(RandomError::Unavailable)?;
    Ok(buf)
}

/// Hex SHA-256, used for session tokens and access codes at rest.
pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// A new participant access code (80 bits) and the hash to store.
pub fn new_access_code() -> Result<(String, String), RandomError> {
    let code = lotse_shared::access_code::format_code(&random_bytes()?);
    let normalized = lotse_shared::access_code::normalize(&code).ok_or(RandomError::Malformed)?;
    Ok((code, access_code_hash(&normalized)))
}

/// The stored form of a normalised access code.
pub fn access_code_hash(normalized: &str) -> String {
    sha256_hex(&format!("lotse-access-code:{normalized}"))
}

/// The cookie's name: with TLS the `__Host-` prefix pins it to this origin.
pub fn cookie_name(tls: bool) -> &'static str {
    if tls {
        "__Host-lotse_session"
    } else {
        "lotse_session"
    }
}

/// A new session token and its hash.
pub fn new_session_token() -> Result<(String, String), RandomError> {
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>()?);
    let hash = sha256_hex(&token);
    Ok((token, hash))
}

/// `Set-Cookie` value that stores the session.
pub fn session_cookie(tls: bool, token: &str) -> HeaderValue {
    let secure = if tls { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict{secure}",
        cookie_name(tls)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(tls: bool) -> HeaderValue {
    let secure = if tls { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}",
        cookie_name(tls)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The session token from the request's cookies, if any.
pub fn token_from(headers: &HeaderMap, tls: bool) -> Option<String> {
    let name = cookie_name(tls);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// Exchanges an access code for a fresh session (the API's and the sign-in
/// page's way in alike): the new session's token and who signed in.
pub async fn sign_in_participant(
    state: &AppState,
    client: ratelimit::ClientAddr,
    code: &str,
) -> Result<(String, SessionInfo), AppError> {
    // Guessing codes is bounded per client address (ASVS 2.4.1); a successful
    // sign-in gives its attempt back, so only failures count.
    let limit_key = client.key("participant");
    let now = state.clock.unix();
    ratelimit::check(
        &*state.store,
        &limit_key,
        ratelimit::PARTICIPANT_PER_CLIENT,
        now,
    )
    .await?;
    let normalized =
        lotse_shared::access_code::normalize(code).ok_or(AppError::InvalidCredentials)?;
    let participant = state
        .store
        .participant_by_code_hash(&access_code_hash(&normalized))
        .await?
        .ok_or(AppError::InvalidCredentials)?;
    ratelimit::refund(
        &*state.store,
        &limit_key,
        ratelimit::PARTICIPANT_PER_CLIENT,
        now,
    )
    .await?;
    // Always a new token at sign-in, so a planted cookie can never be promoted.
    let (token, hash) = new_session_token()?;
    state
        .store
        .create_session(&hash, &participant.id, state.clock.unix())
        .await?;
    let info = session_info(
        state,
        &participant.id,
        participant.display_name,
        participant.programme_name,
    )
    .await?;
    Ok((token, info))
}

/// What the browser is told about a signed-in participant (at sign-in and by
/// `GET /api/v1/session`).
pub async fn session_info(
    state: &AppState,
    participant_id: &str,
    display_name: String,
    programme_name: String,
) -> Result<SessionInfo, AppError> {
    Ok(SessionInfo {
        role: Role::Participant,
        display_name,
        programme: Some(programme_name),
        consent_required: crate::domain::rights::needs_consent(&*state.store, participant_id)
            .await?,
        idle_timeout_seconds: state.config.session_idle_seconds,
        subject: subject_tag(participant_id),
    })
}

/// A signed-in participant. Extracting it fails with 401 when there is no live session.
#[derive(Debug, Clone)]
pub struct ParticipantSession {
    pub participant_id: String,
    pub token_hash: String,
}

/// Records that a session was used, at most once a [`TOUCH_INTERVAL`] (or a
/// sixth of a shorter idle timeout). Far from its idle limit the write goes to
/// the background writer, batched about once a second, so an ordinary request
/// writes nothing itself; near the limit it is written at once, so a late write
/// can never let a live session lapse.
pub(crate) async fn touch(
    state: &AppState,
    token_hash: &str,
    last_seen_at: i64,
    now: i64,
) -> Result<(), AppError> {
    let idle = now - last_seen_at;
    let limit = idle_timeout(state);
    if idle < TOUCH_INTERVAL.min(limit / 6) {
        return Ok(());
    }
    if idle < limit / 2 && state.request_log.touch(token_hash, now) {
        return Ok(());
    }
    state
        .store
        .touch_sessions(&[(token_hash.to_owned(), now)])
        .await?;
    Ok(())
}

/// The live session the request's cookie names; an expired one is deleted on
/// the way. 401 when there is none.
pub(crate) async fn live_session(
    parts: &Parts,
    state: &AppState,
) -> Result<crate::db::SessionRow, AppError> {
    // Put there by the consent gate, which read and checked it already.
    if let Some(session) = parts.extensions.get::<crate::db::SessionRow>() {
        return Ok(session.clone());
    }
    let token = token_from(&parts.headers, state.config.tls).ok_or(AppError::Unauthenticated)?;
    let hash = sha256_hex(&token);
    let session = state
        .store
        .session(&hash)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !session_live(
        session.stage,
        session.created_at,
        session.last_seen_at,
        state.clock.unix(),
        idle_timeout(state),
    ) {
        state.store.delete_session(&hash).await?;
        return Err(AppError::Unauthenticated);
    }
    Ok(session)
}

impl FromRequestParts<AppState> for ParticipantSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let session = live_session(parts, state).await?;
        let hash = session.token_hash;
        let now = state.clock.unix();
        let participant_id = session.participant_id.ok_or(AppError::Forbidden)?;
        touch(state, &hash, session.last_seen_at, now).await?;
        Ok(Self {
            participant_id,
            token_hash: hash,
        })
    }
}
