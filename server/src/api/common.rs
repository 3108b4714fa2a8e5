//! What several resource modules share: the path extractor that answers in
//! the API's error shape, the audit row written before a read leaves, the checks of free text, names, dates and counsellors, the conflict
//! for a taken name, and the response that signs a participant out.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotse_shared::api::{AuditAction, StaffRole};
use time::Date;

use crate::AppState;
use crate::auth;
use crate::auth::authz::Access;
use crate::db::DbError;
use crate::domain::text::{self, Field};
use crate::http::error::{AppError, AppResult};

/// A path parameter. A segment that does not decode (invalid UTF-8 after
/// percent-decoding, a number that is not one) or holds a control character
/// (`%00` and the like: nothing stored has one, and PostgreSQL refuses NUL in
/// a query) names nothing that exists: `404 not_found` in the API's JSON,
/// where axum's own `Path` answers in plain text.
pub struct Path<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for Path<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, AppError> {
        let raw = axum::extract::RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound("record"))?;
        if raw.iter().any(|(_, v)| v.chars().any(char::is_control)) {
            return Err(AppError::NotFound("record"));
        }
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Self(value))
    }
}

impl From<axum::extract::rejection::PathRejection> for AppError {
    fn from(rejection: axum::extract::rejection::PathRejection) -> Self {
        tracing::debug!(%rejection, "path parameter refused");
        AppError::NotFound("record")
    }
}

/// Longest free text (evidence, notes, report wording).
pub const MAX_TEXT: usize = text::FREE_TEXT;

/// Writes the audit row for a read; the read fails if it cannot be written.
pub async fn audited(state: &AppState, access: &Access, action: AuditAction) -> AppResult<()> {
    state
        .store
        .record_audit(&access.event(action, state.clock.unix()))
        .await?;
    Ok(())
}

/// Free text of up to `max` characters, several lines allowed, in its stored
/// form (see `domain::text`).
pub fn check_text(value: &str, max: usize, what: &'static str) -> Result<String, AppError> {
    Ok(Field::lines(what, max).clean(value)?)
}

/// A one-line name of 1 to [`text::NAME`] characters, in its stored form.
pub fn check_name(value: &str, what: &'static str) -> Result<String, AppError> {
    Ok(Field::one_line(what, text::NAME).required(value)?)
}

/// A calendar date (`YYYY-MM-DD`) in a plausible range.
pub fn check_date(value: &str) -> Result<Date, AppError> {
    Ok(text::date(value)?)
}

/// The counsellor to assign must be an active counsellor account.
pub async fn check_counsellor(state: &AppState, id: &str) -> Result<(), AppError> {
    match state.store.staff_by_id(id).await? {
        Some(s) if s.role == StaffRole::Counsellor && s.disabled_at.is_none() => Ok(()),
        _ => Err(AppError::InvalidValue("no such counsellor".into())),
    }
}

/// A unique violation becomes a conflict that names what is taken.
pub fn taken(what: &'static str) -> impl FnOnce(DbError) -> AppError {
    move |e| match e {
        DbError::Conflict => AppError::Conflict(format!("{what} is taken")),
        other => other.into(),
    }
}

/// Responses that end the participant's session in the browser too.
pub fn signed_out(state: &AppState, status: StatusCode, body: Option<Response>) -> Response {
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
