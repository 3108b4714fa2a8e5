//! Types that cross the wire between the browser and the server (`/api/v1`).
//!
//! Every request body denies unknown fields: the server must never silently accept
//! more than the privacy contract allows (SPEC §3), e.g. an `answers` array.
//! One submodule per area; everything is re-exported here.

mod breach;
mod matching;
mod organisation;
mod register;
mod requests;
mod results;
mod rights;
mod session;
mod staff;
mod statistics;

pub use breach::*;
pub use matching::*;
pub use organisation::*;
pub use register::*;
pub use requests::*;
pub use results::*;
pub use rights::*;
pub use session::*;
pub use staff::*;
pub use statistics::*;

use serde::{Deserialize, Serialize};

/// Header every state-changing request must carry. Browsers do not let another
/// site set custom headers without a CORS preflight, which Lotse never grants, so
/// its presence proves the request came from Lotse's own pages (CSRF defence).
pub const CSRF_HEADER: &str = "x-lotse-request";

/// The error body of every failed API call: `{ "error": { "code", "message" } }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub error: ErrorBody,
}

/// A stable machine-readable `code` and a human-readable `message`.
/// Clients match on `code`, never on the message text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

/// Stable error codes. `unknown` is never sent: it is what a client reads a
/// code into that its version does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON or not the expected shape.
    InvalidBody,
    /// The body was well-formed but its values break the rules.
    InvalidValue,
    /// No valid session.
    Unauthenticated,
    /// Signed in, but not allowed to do this.
    Forbidden,
    /// An access code or password was wrong.
    InvalidCredentials,
    /// The thing asked for does not exist (or is not visible to the caller).
    NotFound,
    /// The request conflicts with the current state.
    Conflict,
    /// A state-changing request came without the CSRF header.
    CsrfRejected,
    /// Too many attempts; see the `Retry-After` header.
    RateLimited,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The request needs `Content-Type: application/json`.
    UnsupportedMediaType,
    /// Something went wrong on the server; details are in its log only.
    Internal,
    /// The server cannot store or read anything right now (its database is
    /// restarting or unreachable, or its disk is full). Nothing was changed;
    /// the same request can be sent again later, see `Retry-After`.
    Unavailable,
    /// The current privacy notice must be accepted before this can be used.
    ConsentRequired,
    /// The path exists, but not with this HTTP method.
    MethodNotAllowed,
    /// The organisation's profile is incomplete: no participant can be
    /// invited until an admin has filled it in.
    ProfileIncomplete,
    /// The participant's data is under a restriction of processing: nothing
    /// may be changed, released or exported until the officer lifts it.
    Restricted,
    /// The participant is under the consent age and no guardian's consent
    /// is recorded yet: nothing but a refusal can be stored.
    GuardianConsentRequired,
    /// A code this client version does not know.
    #[serde(other)]
    Unknown,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorBody {
                code,
                message: message.into(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submission_rejects_unknown_fields() {
        let body = r#"{"instrument":"x","version":1,"scales":[],"quality":"ok",
            "completion_seconds":10,"answers":[1,2,3]}"#;
        assert!(serde_json::from_str::<AggregateSubmission>(body).is_err());
    }

    #[test]
    fn error_codes_are_snake_case_and_tolerate_new_ones() {
        let json = serde_json::to_string(&ApiError::new(ErrorCode::InvalidBody, "m")).unwrap();
        assert_eq!(json, r#"{"error":{"code":"invalid_body","message":"m"}}"#);
        let later: ApiError =
            serde_json::from_str(r#"{"error":{"code":"brand_new","message":"m"}}"#).unwrap();
        assert_eq!(later.error.code, ErrorCode::Unknown);
    }
}
