//! Staff accounts, delegations (substitutes) and the audit trail.

use async_trait::async_trait;
use lotse_shared::api::{AuditAction, AuditEntry, Delegation, StaffRole};

use super::{Code, DbError, StaffRow};

/// One audit row to write: who did what to whose dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub actor_id: String,
    pub acting_for: Option<String>,
    pub participant_id: Option<String>,
    pub action: AuditAction,
    pub at: i64,
}

/// Stored as its code; a code no variant has is a corrupt row, never skipped.
impl Code for AuditAction {
    const ALL: &'static [Self] = AuditAction::ALL;
    fn code(self) -> &'static str {
        AuditAction::code(self)
    }
}

/// A staff account to create.
#[derive(Debug, Clone, Copy)]
pub struct NewStaffRow<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: StaffRole,
    pub password_hash: &'a str,
    pub totp_secret: &'a str,
}

#[async_trait]
pub trait Staff: Send + Sync {
    /// Creates an account; `audit` is the admin's row (`None` from the console).
    async fn create_staff(
        &self,
        new: NewStaffRow<'_>,
        now: i64,
        audit: Option<&AuditEvent>,
    ) -> Result<String, DbError>;
    async fn staff_by_username(&self, username: &str) -> Result<Option<StaffRow>, DbError>;
    async fn staff_by_id(&self, id: &str) -> Result<Option<StaffRow>, DbError>;
    async fn list_staff(&self) -> Result<Vec<StaffRow>, DbError>;
    /// Disables (or re-enables) an account; disabling ends its sessions at once.
    async fn set_staff_disabled(
        &self,
        id: &str,
        disabled_at: Option<i64>,
        audit: &AuditEvent,
    ) -> Result<(), DbError>;
    /// Replaces the password hash; every other session of the account ends.
    async fn set_staff_password(
        &self,
        id: &str,
        hash: &str,
        keep_session: &str,
    ) -> Result<(), DbError>;
    /// Replaces the TOTP seed and marks the account as not enrolled.
    async fn reset_staff_totp(&self, id: &str, secret: &str) -> Result<(), DbError>;
    /// Records `step` as used if newer than the last used one; `false` on a
    /// replay. One conditional UPDATE, so two requests cannot both win.
    async fn use_totp_step(&self, id: &str, step: i64) -> Result<bool, DbError>;
    #[allow(clippy::too_many_arguments)]
    async fn create_delegation(
        &self,
        owner_id: &str,
        substitute_id: &str,
        starts_on: &str,
        ends_on: &str,
        granted_by: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<String, DbError>;
    async fn delegation(&self, id: &str) -> Result<Option<Delegation>, DbError>;
    /// Every delegation, or only those where `staff_id` is owner or substitute.
    async fn delegations(&self, staff_id: Option<&str>) -> Result<Vec<Delegation>, DbError>;
    async fn revoke_delegation(
        &self,
        id: &str,
        now: i64,
        audit: &AuditEvent,
    ) -> Result<(), DbError>;
    /// Whether `substitute` stands in for `owner` on `today` (YYYY-MM-DD, UTC).
    async fn delegation_active(
        &self,
        owner: &str,
        substitute: &str,
        today: &str,
    ) -> Result<bool, DbError>;
    /// Writes one audit row on its own (before data is read and returned).
    async fn record_audit(&self, event: &AuditEvent) -> Result<(), DbError>;
    /// The trail of one participant's dossier, newest first, with staff names.
    async fn audit_trail(&self, participant_id: &str) -> Result<Vec<AuditEntry>, DbError>;
}

impl AuditEvent {
    /// An action of `actor` that concerns no participant's dossier (staff
    /// accounts, programmes, delegations, the breach register).
    pub fn general(actor_id: &str, action: AuditAction, at: i64) -> Self {
        Self {
            actor_id: actor_id.to_owned(),
            acting_for: None,
            participant_id: None,
            action,
            at,
        }
    }
}
