//! Bulk writes for the benchmark's seeding (`lotse bench seed`): the same rows
//! the use cases write one at a time (participants, releases, consent events,
//! sessions, staff accounts), in multi-row INSERTs with one transaction per
//! batch, so that 10⁶ participants take a minute instead of hours.

use async_trait::async_trait;
use lotse_shared::api::ConsentEvent;

use super::{DbError, NewParticipantRow, StaffRow};

/// Participants to add in one transaction, each with the same modules
/// released, the same consent event and one live session.
#[derive(Debug, Clone)]
pub struct SeedBatch {
    pub participants: Vec<NewParticipantRow>,
    /// Instrument ids released to every participant of the batch.
    pub released: Vec<String>,
    pub released_at: i64,
    /// The consent event every participant of the batch recorded.
    pub consent: ConsentEvent,
    /// One session token hash per participant, in the same order.
    pub session_hashes: Vec<String>,
    /// When the sessions began and when they were last used.
    pub signed_in_at: i64,
    pub last_seen_at: i64,
}

#[async_trait]
pub trait Seed: Send + Sync {
    /// Writes the batch's participants, releases, consent events and
    /// sessions in one transaction.
    async fn seed_batch(&self, batch: &SeedBatch) -> Result<(), DbError>;
    /// Adds staff accounts, all created at `created_at`, in one transaction.
    async fn seed_staff(&self, rows: &[StaffRow], created_at: i64) -> Result<(), DbError>;
}
