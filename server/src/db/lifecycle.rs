//! The data lifecycle: retention, the request log, the breach register, the
//! shared sign-in rate limits and which instance runs a background job.

use async_trait::async_trait;

use lotse_shared::api::{BreachDetails, BreachNotice, BreachParticipant, RetentionCategory};

use super::{AuditEvent, BreachRow, DbError, RequestLogEntry, RetentionRow};

/// A rate-limit rule as storage applies it: `burst` attempts, then one per
/// `interval` seconds (a generic cell rate algorithm).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub burst: i64,
    pub interval: i64,
}

#[async_trait]
pub trait Lifecycle: Send + Sync {
    /// Up to `limit` participants with the dates that decide their deletion,
    /// in id order after `after`: the retention job pages through everyone
    /// with bounded memory.
    async fn retention_batch(
        &self,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<RetentionRow>, DbError>;
    /// Deletes one kind of the participant's data (results, health-related
    /// results, competences, agency reports, audit trail) whose retention
    /// period is over before their record's is: `true` when anything was
    /// (or, on a dry run, would be) deleted. A legal hold keeps it.
    async fn purge_category(
        &self,
        participant_id: &str,
        category: RetentionCategory,
        dry_run: bool,
    ) -> Result<bool, DbError>;
    /// Writes a batch of request-log lines in one transaction.
    async fn insert_request_log(&self, entries: &[RequestLogEntry]) -> Result<(), DbError>;
    /// Removes the IP address from lines written before `before`.
    async fn expire_request_log_ips(&self, before: i64, dry_run: bool) -> Result<u64, DbError>;
    async fn record_breach(
        &self,
        what: &str,
        found_at: i64,
        reported_at: Option<i64>,
        affected: i64,
        now: i64,
        audit: Option<&super::AuditEvent>,
    ) -> Result<String, DbError>;
    async fn mark_breach_reported(
        &self,
        id: &str,
        at: i64,
        audit: Option<&super::AuditEvent>,
    ) -> Result<bool, DbError>;
    /// All breaches, newest finding first.
    async fn breaches(&self) -> Result<Vec<BreachRow>, DbError>;
    /// `false` when there is no such breach.
    async fn update_breach(
        &self,
        id: &str,
        details: &BreachDetails,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    /// Links a participant as affected (again: nothing changes). `false`
    /// when the breach does not exist.
    async fn link_breach(
        &self,
        id: &str,
        participant_id: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    /// `false` when the participant was not linked.
    async fn unlink_breach(
        &self,
        id: &str,
        participant_id: &str,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    /// Marks the linked participants told at `at`, with one audit row per
    /// participant (their own trail shows it) besides the officer's.
    async fn mark_breach_notified(
        &self,
        id: &str,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    /// The participants linked to each breach: (breach id, participant).
    async fn breach_participants(&self) -> Result<Vec<(String, BreachParticipant)>, DbError>;
    /// The breaches a participant was linked to and told about.
    async fn breach_notices(&self, participant_id: &str) -> Result<Vec<BreachNotice>, DbError>;
    /// Counts one attempt for `key` in one atomic statement, so instances
    /// sharing the database share the allowance. `Some(seconds)` to wait when
    /// the limit is reached (nothing is counted then).
    async fn rate_limit_hit(&self, key: &str, rule: Rule, now: i64)
    -> Result<Option<i64>, DbError>;
    /// Gives back one attempt after it succeeded.
    async fn rate_limit_refund(&self, key: &str, rule: Rule, now: i64) -> Result<(), DbError>;
    /// Deletes the cell of `key` (after a sign-in that passed every step).
    async fn rate_limit_reset(&self, key: &str) -> Result<(), DbError>;
    /// Deletes cells that are back to full (they hold addresses and names).
    async fn prune_rate_limits(&self, now: i64) -> Result<u64, DbError>;
    /// Takes or renews the lease on job `name` for `holder` until `until`;
    /// `false` while another holder's lease runs.
    async fn acquire_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        until: i64,
    ) -> Result<bool, DbError>;
    async fn release_lease(&self, name: &str, holder: &str) -> Result<(), DbError>;
}
