//! Rights handled by staff (GDPR Art. 12–21): the request register with its
//! legal deadline, restriction of processing, objection, correcting master
//! data, and the recipients who must be told of a change (Art. 19).

use serde::{Deserialize, Serialize};

/// What the person asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// To learn what is stored (Art. 15).
    Access,
    /// A copy of the data (Art. 15(3), Art. 20).
    Copy,
    /// To correct wrong master data (Art. 16).
    Correction,
    /// To have everything erased (Art. 17).
    Erasure,
    /// To keep the data but stop working with it (Art. 18).
    Restriction,
    /// To object to processing that rests on the organisation's interest (Art. 21).
    Objection,
}

impl RequestKind {
    pub const ALL: [Self; 6] = [
        Self::Access,
        Self::Copy,
        Self::Correction,
        Self::Erasure,
        Self::Restriction,
        Self::Objection,
    ];
}

/// How the request arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestChannel {
    /// In person at the office.
    Desk,
    Letter,
    Email,
    Phone,
}

impl RequestChannel {
    pub const ALL: [Self; 4] = [Self::Desk, Self::Letter, Self::Email, Self::Phone];
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Open,
    /// Answered as asked.
    Done,
    /// Refused, with the reason in the outcome.
    Refused,
}

/// `POST /api/v1/staff/requests`: record a request that arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRightsRequest {
    pub participant_id: String,
    pub kind: RequestKind,
    pub channel: RequestChannel,
    /// YYYY-MM-DD: the legal deadline runs from this day.
    pub received_on: String,
    /// Who asked: the participant, or a representative's name and role.
    pub requester: String,
    /// What exactly was asked (e.g. which name is wrong). May be empty.
    #[serde(default)]
    pub details: String,
    /// The caller checked the requester's identity when recording it.
    #[serde(default)]
    pub identity_checked: bool,
}

/// `POST /api/v1/staff/requests/{id}/close`: the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CloseRightsRequest {
    /// `done` or `refused` (an open request cannot be closed as open).
    pub status: RequestStatus,
    /// What was done, or why it was refused; the participant reads it.
    pub outcome: String,
}

/// `POST /api/v1/staff/requests/{id}/erase`: erase on the participant's behalf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EraseOnBehalf {
    /// Must be `true`: the officer confirmed what will be deleted.
    pub confirm: bool,
}

/// One request in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RightsRequest {
    pub id: String,
    /// `None` once the participant was erased.
    pub participant_id: Option<String>,
    /// The participant's current name; `None` once erased.
    pub participant_name: Option<String>,
    pub kind: RequestKind,
    pub channel: RequestChannel,
    pub requester: String,
    pub details: String,
    /// YYYY-MM-DD.
    pub received_on: String,
    /// YYYY-MM-DD: the legal deadline.
    pub due_on: String,
    /// Open past its deadline.
    pub overdue: bool,
    /// The staff member who checked the identity.
    pub identity_checked_by: Option<String>,
    /// Unix seconds.
    pub identity_checked_at: Option<i64>,
    pub status: RequestStatus,
    pub outcome: Option<String>,
    pub recorded_by: String,
    /// Unix seconds.
    pub recorded_at: i64,
    pub closed_by: Option<String>,
    /// Unix seconds.
    pub closed_at: Option<i64>,
}

/// What changed, that a recipient must be told of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecipientChange {
    Erasure,
    Correction,
    Restriction,
    RestrictionLifted,
}

/// A recipient to tell of a change to data they received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecipientNotice {
    pub id: String,
    /// `None` once the participant was erased.
    pub participant_id: Option<String>,
    /// The recipient (the agency, as named when the notice was made).
    pub recipient: String,
    /// Whom it is about, as the recipient knows them.
    pub subject: String,
    pub change: RecipientChange,
    /// Unix seconds: when the last report went to the recipient.
    pub released_at: i64,
    pub created_by: String,
    /// Unix seconds.
    pub created_at: i64,
    pub told_by: Option<String>,
    /// Unix seconds; `None` while it is still to be done.
    pub told_at: Option<i64>,
}

/// `GET /api/v1/staff/requests`: the register and the recipients still to tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestRegister {
    /// Open ones first, by deadline; then the closed ones, newest first.
    pub requests: Vec<RightsRequest>,
    /// Not yet told first; then the done ones, newest first.
    pub recipient_notices: Vec<RecipientNotice>,
    /// Months a request has to be answered in (from the configuration).
    pub deadline_months: u8,
}

/// A restriction of processing on the participant's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Restriction {
    /// Unix seconds.
    pub since: i64,
    pub reason: String,
    /// Unix seconds: when the participant was told it will be lifted; it can
    /// be lifted only after that.
    pub lift_told_at: Option<i64>,
}

/// `PUT /api/v1/staff/participants/{id}/restriction`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RestrictionRequest {
    /// Why (e.g. the accuracy is disputed), as the participant will read it.
    pub reason: String,
}

/// `PUT /api/v1/staff/participants/{id}/master-data`: correct name,
/// programme and exit date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MasterDataCorrection {
    pub display_name: String,
    pub programme_id: String,
    /// YYYY-MM-DD, or `None` for no exit.
    #[serde(default)]
    pub exit_on: Option<String>,
}

/// One of my requests, as the participant sees it in "My data".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyRequest {
    pub kind: RequestKind,
    pub channel: RequestChannel,
    pub received_on: String,
    pub due_on: String,
    pub status: RequestStatus,
    pub outcome: Option<String>,
    /// Unix seconds.
    pub closed_at: Option<i64>,
}

/// Who received my data, and whom Lotse told of a change since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyRecipient {
    pub recipient: String,
    /// Unix seconds: when a released report went to them.
    pub released_at: i64,
}

/// What the officer's actions on my data were, in "My data".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyRights {
    pub requests: Vec<MyRequest>,
    pub restriction: Option<Restriction>,
    /// Unix seconds: my objection was upheld; I am left out of the programme
    /// figures.
    pub objected_at: Option<i64>,
    /// Every release of my data to a recipient.
    pub recipients: Vec<MyRecipient>,
    /// Changes the recipients were or are to be told of.
    pub recipient_notices: Vec<MyRecipientNotice>,
}

/// A change a recipient was (or is to be) told of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyRecipientNotice {
    pub recipient: String,
    pub change: RecipientChange,
    /// Unix seconds.
    pub created_at: i64,
    pub told_at: Option<i64>,
}
