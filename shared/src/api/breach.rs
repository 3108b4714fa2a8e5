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
    /// What was done about it (Art. 33(3)(d)).
    pub measures: String,
    /// Its likely consequences for the people affected.
    pub consequences: String,
    /// Whom to contact for more information.
    pub contact: String,
    /// The message the affected participants read in "My data".
    pub message: String,
    /// Unix seconds: when the linked participants were told; until then they
    /// see nothing.
    pub notified_at: Option<i64>,
    /// The participants linked as affected.
    pub participants: Vec<BreachParticipant>,
}

/// A participant linked to a breach, as the officer sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BreachParticipant {
    pub id: String,
    pub display_name: String,
    pub linked_at: i64,
}

/// `PUT /api/v1/staff/breaches/{id}`: what to tell the people affected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BreachDetails {
    pub measures: String,
    pub consequences: String,
    pub contact: String,
    pub message: String,
}

/// `POST /api/v1/staff/breaches/{id}/participants`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BreachLink {
    pub participant_id: String,
}

/// A breach as an affected participant reads it, once they were told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BreachNotice {
    /// Unix seconds: when it was found.
    pub found_at: i64,
    pub message: String,
    pub consequences: String,
    pub measures: String,
    pub contact: String,
    /// Unix seconds: when they were told.
    pub notified_at: i64,
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
