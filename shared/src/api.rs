//! Types that cross the wire between the browser and the server (`/api/v1`).
//!
//! Every request body denies unknown fields: the server must never silently accept
//! more than the privacy contract allows (SPEC §3), e.g. an `answers` array.

use serde::{Deserialize, Serialize};

/// Header every state-changing request must carry. Browsers do not let another
/// site set custom headers without a CORS preflight, which Lotse never grants, so
/// its presence proves the request came from Lotse's own pages (CSRF defence).
pub const CSRF_HEADER: &str = "x-lotse-request";

/// The error body of every failed API call: `{ "error": { "code", "message" } }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorBody,
}

/// A stable machine-readable `code` and a human-readable `message`.
/// Clients match on `code`, never on the message text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

/// Stable error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// `POST /api/v1/session`: a participant signs in with their access code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub code: String,
}

/// Who is signed in (`GET /api/v1/session`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub role: Role,
    pub display_name: String,
    pub programme: Option<String>,
}

/// The roles of SPEC §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Participant,
    Counsellor,
    Admin,
}

/// The response-quality flag computed on the device. Only the flag travels,
/// never the answer pattern that raised it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualityFlag {
    /// Nothing unusual.
    Ok,
    /// The same answer was given to (nearly) every item.
    UniformAnswers,
    /// Answers to items that ask the same thing in opposite directions contradict.
    Contradictory,
}

/// One scale's part of an aggregate: a 0–100 score and its band, or neither when
/// too few of the scale's items were answered ("not enough answers").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleAggregate {
    pub scale: String,
    pub score: Option<u8>,
    pub band: Option<String>,
}

/// `POST /api/v1/results`: exactly what leaves the device for one questionnaire
/// (SPEC §3). Nothing else is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregateSubmission {
    pub instrument: String,
    pub version: u32,
    pub scales: Vec<ScaleAggregate>,
    pub quality: QualityFlag,
    /// Whole seconds from the first screen to submitting; capped by validation.
    pub completion_seconds: u32,
}

/// A stored aggregate as the participant (and later the counsellor) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResult {
    pub id: String,
    pub instrument: String,
    pub version: u32,
    pub scales: Vec<ScaleAggregate>,
    pub quality: QualityFlag,
    pub completion_seconds: u32,
    /// Unix seconds, UTC.
    pub submitted_at: i64,
}

/// Where a participant stands with one questionnaire module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModuleState {
    /// Released by the counsellor, not yet done.
    Released,
    /// Submitted; the latest result is available.
    Done,
    /// The participant chose to skip it.
    Skipped,
}

/// One questionnaire module on the participant's overview (`GET /api/v1/modules`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleStatus {
    pub instrument: String,
    pub state: ModuleState,
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
