//! Programme figures for management: counts only, never a list of people,
//! and no count below the minimum group size.

use serde::{Deserialize, Serialize};

/// One count, or `None` where it is withheld: below the minimum group size,
/// or withheld so that a withheld neighbour cannot be worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    /// What is counted (a state, a module id, a band id).
    pub key: String,
    pub count: Option<u32>,
}

/// How the participants of a scale are spread over its bands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScaleDistribution {
    pub instrument: String,
    pub scale: String,
    /// In the scale's band order.
    pub bands: Vec<Figure>,
}

/// `GET /api/v1/staff/statistics?programme=`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct StatisticsQuery {
    /// One programme's id; absent: all programmes.
    pub programme: Option<String>,
}

/// The figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeFigures {
    pub programme: Option<String>,
    /// No count below this is shown.
    pub min_group: u32,
    /// All participants counted, or `None` below the minimum group size.
    pub participants: Option<u32>,
    /// Participants per state: `consent_pending`, `declined`, `active`, `finished`.
    pub states: Vec<Figure>,
    /// Participants who completed each module.
    pub modules_done: Vec<Figure>,
    /// Each agency-shareable scale (not health data) in its bands, counting
    /// every participant's newest result once.
    pub scales: Vec<ScaleDistribution>,
    /// Unix seconds.
    pub generated_at: i64,
}
