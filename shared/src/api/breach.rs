//! The breach register in the office dashboard (GDPR Art. 33: notify within 72 hours).

use serde::{Deserialize, Serialize};

/// One recorded personal-data breach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Breach {
    pub id: String,
    /// What happened.
    pub what: String,
    /// Unix seconds: when it was found.
    pub found_at: i64,
    /// Unix seconds: when it was reported to the supervisory authority.
    pub reported_at: Option<i64>,
    /// How many people are affected.
    pub affected: i64,
    /// Unix seconds: found + 72 hours.
    pub deadline: i64,
}

/// `POST /api/v1/staff/breaches`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewBreach {
    pub what: String,
    pub found_at: i64,
    pub reported_at: Option<i64>,
    pub affected: i64,
}

/// `POST /api/v1/staff/breaches/{id}/reported`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BreachReported {
    pub at: i64,
}
