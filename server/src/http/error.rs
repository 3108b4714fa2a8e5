//! The one place where failures become HTTP responses: `{ "error": { "code",
//! "message" } }` with a stable code. 5xx bodies are generic; details go to the log.

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lotse_shared::api::{ApiError, ErrorCode};
use serde::de::DeserializeOwned;

use crate::auth::RandomError;
use crate::auth::password::{PasswordError, PolicyError};
use crate::auth::ratelimit::LimitError;
use crate::auth::seal::SealError;
use crate::auth::totp::TotpError;
use crate::domain::report::ReportError;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    InvalidBody(String),
    #[error("{0}")]
    InvalidValue(String),
    #[error("please sign in")]
    Unauthenticated,
    #[error("you are not allowed to do this")]
    Forbidden,
    #[error("please read and accept the privacy notice first")]
    ConsentRequired,
    #[error(
        "a guardian's consent must be recorded before the notice can be accepted; please speak to your counsellor"
    )]
    GuardianConsentRequired,
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    #[error("the code or password is not correct")]
    InvalidCredentials,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error(
        "the participant's data is under a restriction of processing: nothing may be changed, released or exported until the data protection officer lifts it"
    )]
    Restricted,
    #[error("this request is missing Lotse's request header")]
    Csrf,
    #[error("too many attempts, please wait {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: u64 },
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("the organisation's profile is incomplete ({}); an admin fills it in under Organisation", missing_fields(.0))]
    ProfileIncomplete(Vec<lotse_shared::api::ProfileField>),
    #[error("{}", unavailable_message(*.reason))]
    Unavailable {
        reason: crate::db::Unavailable,
        #[source]
        source: crate::db::DbError,
    },
    #[error("database error")]
    Database(#[source] crate::db::DbError),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

/// What a caller is told while the database cannot take requests: that
/// nothing was changed, and whether waiting helps by itself.
fn unavailable_message(reason: crate::db::Unavailable) -> &'static str {
    match reason {
        crate::db::Unavailable::Unreachable => {
            "Lotse cannot reach its database for a moment. Nothing was changed; please try again shortly."
        }
        crate::db::Unavailable::Full => {
            "Lotse's storage is full. Nothing was changed; please try again later (the operators have been alerted in the log)."
        }
    }
}

/// Seconds a caller should wait before trying again, by reason.
fn unavailable_retry_secs(reason: crate::db::Unavailable) -> u64 {
    match reason {
        crate::db::Unavailable::Unreachable => 5,
        crate::db::Unavailable::Full => 60,
    }
}

/// The missing fields as their API names, for the message.
fn missing_fields(fields: &[lotse_shared::api::ProfileField]) -> String {
    fields
        .iter()
        .filter_map(|f| serde_json::to_value(f).ok())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect::<Vec<_>>()
        .join(", ")
}

impl AppError {
    fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        match self {
            AppError::InvalidBody(_) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidBody),
            AppError::InvalidValue(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidValue)
            }
            AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated),
            AppError::Forbidden => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            AppError::ConsentRequired => (StatusCode::FORBIDDEN, ErrorCode::ConsentRequired),
            AppError::MethodNotAllowed => {
                (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed)
            }
            AppError::InvalidCredentials => {
                (StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials)
            }
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            AppError::Conflict(_) => (StatusCode::CONFLICT, ErrorCode::Conflict),
            AppError::Restricted => (StatusCode::CONFLICT, ErrorCode::Restricted),
            AppError::ProfileIncomplete(_) => (StatusCode::CONFLICT, ErrorCode::ProfileIncomplete),
            AppError::GuardianConsentRequired => {
                (StatusCode::CONFLICT, ErrorCode::GuardianConsentRequired)
            }
            AppError::Csrf => (StatusCode::FORBIDDEN, ErrorCode::CsrfRejected),
            AppError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited),
            AppError::PayloadTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge)
            }
            AppError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
            ),
            AppError::Unavailable { .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable)
            }
            AppError::Database(_) | AppError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = if let AppError::Unavailable { .. } = self {
            // Says what happened and that nothing changed; the cause is the
            // operators' business and goes to the log.
            tracing::error!(error = ?self, "database unavailable");
            self.to_string()
        } else if status.is_server_error() {
            tracing::error!(error = ?self, "request failed");
            "Something went wrong on our side. Nothing you entered was lost; please try again."
                .to_owned()
        } else {
            self.to_string()
        };
        let retry_after = match &self {
            AppError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            AppError::Unavailable { reason, .. } => Some(unavailable_retry_secs(*reason)),
            _ => None,
        };
        let mut response = (status, axum::Json(ApiError::new(code, message))).into_response();
        if let Some(secs) = retry_after
            && let Ok(value) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

impl From<crate::domain::work_profile::ProfileError> for AppError {
    fn from(error: crate::domain::work_profile::ProfileError) -> Self {
        AppError::InvalidValue(error.to_string())
    }
}

impl From<crate::db::DbError> for AppError {
    fn from(error: crate::db::DbError) -> Self {
        match error {
            crate::db::DbError::NotFound => AppError::NotFound("record"),
            crate::db::DbError::Conflict => {
                AppError::Conflict("this conflicts with a stored record".into())
            }
            crate::db::DbError::Unavailable { reason, .. } => AppError::Unavailable {
                reason,
                source: error,
            },
            other => AppError::Database(other),
        }
    }
}

/// Failures below the API that are never the caller's fault: a 500, with the
/// error and its sources in the log.
macro_rules! internal {
    ($($error:ty),+ $(,)?) => {$(
        impl From<$error> for AppError {
            fn from(error: $error) -> Self {
                AppError::Internal(anyhow::Error::new(error))
            }
        }
    )+};
}

internal!(RandomError, PasswordError, TotpError, SealError);

/// A used-up sign-in allowance: a 429 with `Retry-After`.
impl From<LimitError> for AppError {
    fn from(error: LimitError) -> Self {
        match error {
            LimitError::Reached { retry_after_secs } => AppError::RateLimited { retry_after_secs },
            LimitError::Db(e) => e.into(),
        }
    }
}

/// Outside text or a date that breaks the rule of `domain::text`, as a 422.
impl From<crate::domain::text::TextError> for AppError {
    fn from(error: crate::domain::text::TextError) -> Self {
        AppError::InvalidValue(error.to_string())
    }
}

/// A refused new password: the policy's reason, as a 422.
impl From<PolicyError> for AppError {
    fn from(error: PolicyError) -> Self {
        AppError::InvalidValue(error.to_string())
    }
}

impl From<ReportError> for AppError {
    fn from(error: ReportError) -> Self {
        match error {
            ReportError::NoParticipant => AppError::NotFound("participant"),
            ReportError::Db(e) => e.into(),
            ReportError::Stored(e) => AppError::Internal(anyhow::anyhow!(e)),
        }
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonDataError(e) => AppError::InvalidValue(e.body_text()),
            JsonRejection::JsonSyntaxError(e) => AppError::InvalidBody(e.body_text()),
            JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMediaType,
            JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                AppError::PayloadTooLarge
            }
            other => AppError::InvalidBody(other.body_text()),
        }
    }
}

/// A JSON body whose every rejection becomes an [`AppError`], so malformed input
/// gets the same error shape as everything else. The body must be a JSON
/// object: serde's derived structs also accept an array of their fields in
/// order (`[true]` for `{"confirm": true}`), which no Lotse client sends and
/// which would let a body pass without naming a single field.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !json_content_type(req.headers()) {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(JsonRejection::from)?;
        // Looking at the first byte is enough: after it the deserialiser reads
        // an object or fails, and the body is parsed only once.
        let first = bytes
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        if first != Some(&b'{') {
            return Err(AppError::InvalidBody(
                "the request body must be a JSON object".into(),
            ));
        }
        let axum::Json(value) = axum::Json::<T>::from_bytes(&bytes)?;
        Ok(ApiJson(value))
    }
}

/// `application/json` or `application/<anything>+json`, with any parameters:
/// the same rule as axum's own JSON extractor.
fn json_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase())
        .and_then(|essence| {
            essence
                .strip_prefix("application/")
                .map(|sub| sub == "json" || sub.ends_with("+json"))
        })
        .unwrap_or(false)
}

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    fn with_type(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn helper_errors_keep_their_statuses() {
        let policy = AppError::from(PolicyError::TooShort);
        assert_eq!(
            policy.status_and_code(),
            (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidValue)
        );
        assert_eq!(
            policy.to_string(),
            "the password needs at least 12 characters"
        );
        let missing = AppError::from(ReportError::NoParticipant);
        assert_eq!(
            missing.status_and_code(),
            (StatusCode::NOT_FOUND, ErrorCode::NotFound)
        );
        assert_eq!(missing.to_string(), "participant not found");
        for internal in [
            AppError::from(RandomError::Malformed),
            AppError::from(SealError::Open),
            AppError::from(TotpError::Seed(
                totp_rs::Secret::try_from_base32("!").unwrap_err(),
            )),
            AppError::from(PasswordError::Random(RandomError::Malformed)),
        ] {
            assert_eq!(
                internal.status_and_code(),
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
            );
        }
    }

    #[test]
    fn an_unavailable_database_answers_503_with_when_to_retry() {
        for (reason, retry) in [
            (crate::db::Unavailable::Unreachable, "5"),
            (crate::db::Unavailable::Full, "60"),
        ] {
            let error = AppError::from(crate::db::DbError::Unavailable {
                reason,
                source: "gone".into(),
            });
            let message = error.to_string();
            let response = error.into_response();
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(response.headers()[header::RETRY_AFTER], retry);
            assert!(message.contains("Nothing was changed"), "{message}");
        }
        let other = AppError::from(crate::db::DbError::Other("broken".into()));
        assert_eq!(
            other.status_and_code(),
            (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
        );
    }

    #[test]
    fn json_content_types_are_recognised_like_axum_does() {
        assert!(json_content_type(&with_type("application/json")));
        assert!(json_content_type(&with_type(
            "application/json; charset=utf-8"
        )));
        assert!(json_content_type(&with_type("Application/JSON")));
        assert!(json_content_type(&with_type("application/problem+json")));
        assert!(!json_content_type(&with_type("text/json")));
        assert!(!json_content_type(&with_type("application/jsonx")));
        assert!(!json_content_type(&with_type("text/plain")));
        assert!(!json_content_type(&HeaderMap::new()));
    }
}
