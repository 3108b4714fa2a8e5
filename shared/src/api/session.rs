//! Signing in and who is signed in.

use serde::{Deserialize, Serialize};

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
    /// True while the current privacy notice has not been accepted: the client
    /// shows the notice first, and the server refuses everything else.
    #[serde(default)]
    pub consent_required: bool,
}

/// The roles of SPEC §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Participant,
    Counsellor,
    Admin,
}
