//! Questionnaire modules and uploaded aggregates.

use serde::{Deserialize, Serialize};

/// The response-quality flag computed on the device. Only the flag travels,
/// never the answer pattern that raised it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScaleAggregate {
    pub scale: String,
    pub score: Option<u8>,
    pub band: Option<String>,
}

/// `POST /api/v1/results`: exactly what leaves the device for one questionnaire
/// (SPEC §3). Nothing else is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModuleStatus {
    pub instrument: String,
    pub state: ModuleState,
}
