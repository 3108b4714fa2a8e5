//! Rights handled by staff: the request register, restriction of
//! processing, an upheld objection, corrected master data, and the notices
//! a recipient of the participant's data is owed (GDPR Art. 19).
//!
//! Whether a recipient must be told is decided here, inside the change's own
//! transaction: a notice is written exactly when a released agency report
//! exists, naming the person as the report did, before the change touches
//! the name or the participant is gone.

use async_trait::async_trait;
use lotse_shared::api::{
    ErasureReceipt, MasterDataCorrection, MyRights, RecipientNotice, RequestChannel, RequestKind,
    RequestStatus, RightsRequest,
};

use super::{AuditEvent, DbError};

/// A request as recorded; texts already checked.
#[derive(Debug, Clone)]
pub struct NewRequestRow<'a> {
    pub participant_id: &'a str,
    pub kind: RequestKind,
    pub channel: RequestChannel,
    pub requester: &'a str,
    pub details: &'a str,
    pub received_on: &'a str,
    pub due_on: &'a str,
    /// Whether the recording staff member checked the identity.
    pub identity_checked: bool,
    pub recorded_by: &'a str,
    pub at: i64,
}

/// The outcome of closing a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing<'a> {
    pub status: RequestStatus,
    pub outcome: &'a str,
    pub by: &'a str,
    pub at: i64,
}

/// Why a restriction could not be lifted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lift {
    Lifted,
    /// There is no restriction.
    NotRestricted,
    /// The participant was not told yet that it will be lifted.
    NotTold,
}

#[async_trait]
pub trait Requests: Send + Sync {
    /// Deletes the requests answered and the recipient notices told before
    /// `before` (unix seconds), except those of a participant under a legal
    /// hold; open ones are never deleted. A dry run only counts. The number
    /// of rows.
    async fn expire_rights_records(&self, before: i64, dry_run: bool) -> Result<u64, DbError>;
    /// Records a request; `false` when the participant does not exist.
    async fn record_request(
        &self,
        row: &NewRequestRow<'_>,
        audit: &AuditEvent,
    ) -> Result<Option<String>, DbError>;
    /// The register: open requests first by deadline, then closed ones,
    /// newest first. `today` (YYYY-MM-DD) decides which are overdue.
    async fn rights_requests(&self, today: &str) -> Result<Vec<RightsRequest>, DbError>;
    async fn rights_request(&self, id: &str, today: &str)
    -> Result<Option<RightsRequest>, DbError>;
    /// Notes that `by` checked the requester's identity; `false` when the
    /// request is closed or already checked.
    async fn check_request_identity(
        &self,
        id: &str,
        by: &str,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    /// Closes an open request; an objection closed as done is upheld: the
    /// participant is marked objected in the same transaction. `false` when
    /// the request is not open.
    async fn close_request(
        &self,
        id: &str,
        closing: &Closing<'_>,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    /// Erases the participant of request `id` and closes it as done, with
    /// the recipients' notices, in one transaction. `None` when a legal hold
    /// keeps the data (nothing changed).
    async fn erase_for_request(
        &self,
        id: &str,
        participant_id: &str,
        closing: &Closing<'_>,
        audit: &AuditEvent,
    ) -> Result<Option<ErasureReceipt>, DbError>;
    /// Restricts processing; `false` when it already is.
    async fn restrict(
        &self,
        participant_id: &str,
        reason: &str,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    /// Records that the participant was told the restriction will be lifted;
    /// `false` when there is no restriction.
    async fn tell_restriction_lift(
        &self,
        participant_id: &str,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    async fn lift_restriction(
        &self,
        participant_id: &str,
        audit: &AuditEvent,
    ) -> Result<Lift, DbError>;
    /// Corrects name, programme and exit date (texts already checked);
    /// `false` when the participant or the programme does not exist.
    async fn correct_master_data(
        &self,
        participant_id: &str,
        correction: &MasterDataCorrection,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    /// Not yet told first, then the rest, newest first.
    async fn recipient_notices(&self) -> Result<Vec<RecipientNotice>, DbError>;
    /// `false` when there is no such notice or it was told already.
    async fn mark_recipient_told(
        &self,
        id: &str,
        by: &str,
        at: i64,
        audit: &AuditEvent,
    ) -> Result<bool, DbError>;
    /// The participant's requests, restriction, objection and recipients.
    async fn my_rights(&self, participant_id: &str) -> Result<MyRights, DbError>;
}
