//! Signing in and who is signed in.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/session`: a participant signs in with their access code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub code: String,
}

/// Who is signed in (`GET /api/v1/session`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub role: Role,
    pub display_name: String,
    pub programme: Option<String>,
    /// True while the current privacy notice has not been accepted: the client
    /// shows the notice first, and the server refuses everything else.
    #[serde(default)]
    pub consent_required: bool,
    /// After this many seconds without a request the session ends; the client
    /// warns before that and keeps answers on the page if it happens.
    pub idle_timeout_seconds: u32,
    /// An opaque tag that is the same for every session of this participant
    /// and different for everyone else: a draft kept on a shared device is
    /// filed under it, so no one else who signs in there is offered it.
    pub subject: String,
}

/// The roles of SPEC §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Participant,
    Counsellor,
    Admin,
}
