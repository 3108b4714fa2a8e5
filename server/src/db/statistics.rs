//! Counts for the programme figures: grouped in the database, so no row
//! about a person leaves it. Suppression of small groups is the domain's
//! (`domain::statistics`).

use async_trait::async_trait;

use super::DbError;

/// The raw counts, before suppression.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FigureRows {
    pub participants: i64,
    /// (state, count): `consent_pending`, `declined`, `active`, `finished`.
    pub states: Vec<(String, i64)>,
    /// (module, participants who completed it).
    pub modules_done: Vec<(String, i64)>,
    /// (instrument, scale, band, participants), newest result per
    /// participant and instrument.
    pub bands: Vec<(String, String, String, i64)>,
}

#[async_trait]
pub trait Statistics: Send + Sync {
    /// The counts for one programme, or all; `today` is `YYYY-MM-DD` and
    /// decides who has finished (exit or programme end before it).
    async fn figures(&self, programme: Option<&str>, today: &str) -> Result<FigureRows, DbError>;
}
