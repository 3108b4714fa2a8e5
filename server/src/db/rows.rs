//! Stored codes and row shapes. Every state is stored as a short text code and
//! read back through [`Code`], so a value that does not decode is a
//! [`DbError::Corrupt`], never a default and never a dropped row. Row structs
//! that leave `db/` carry the shared enums, not strings.

use lotse_shared::api::{
    CompetenceLevel, ConsentChannel, ConsentEventKind, GuardianChannel, HealthBasis, LegalBasis,
    ModuleState, ModuleStatus, NoticeOrigin, QualityFlag, RecipientChange, RecordedBy, ReportState,
    RequestChannel, RequestKind, RequestStatus, StaffMember, StaffRole,
};

use lotse_shared::Lang;

use super::DbError;

/// An enum stored as a text code.
pub trait Code: Copy + Sized + 'static {
    /// Every value, so reading back needs no second mapping.
    const ALL: &'static [Self];
    /// The stored text.
    fn code(self) -> &'static str;

    /// The value `stored` names, or an error naming `column`.
    fn decode(column: &'static str, stored: &str) -> Result<Self, DbError> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.code() == stored)
            .ok_or_else(|| DbError::corrupt(column, stored))
    }
}

/// How far a staff sign-in got; participant sessions are always `Full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStage {
    /// Signed in.
    Full,
    /// Password accepted, the TOTP code is outstanding.
    Totp,
    /// Password accepted, the first code (enrolment) is outstanding.
    Enrol,
}

/// Why data was erased; recorded in the receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureReason {
    Withdrawal,
    Retention,
}

macro_rules! codes {
    ($($ty:ident { $($variant:ident => $code:literal),+ $(,)? })+) => {$(
        impl Code for $ty {
            const ALL: &'static [Self] = &[$($ty::$variant),+];
            fn code(self) -> &'static str {
                match self { $($ty::$variant => $code),+ }
            }
        }
    )+};
}

codes! {
    ModuleState { Released => "released", Done => "done", Skipped => "skipped" }
    QualityFlag { Ok => "ok", UniformAnswers => "uniform_answers", Contradictory => "contradictory" }
    CompetenceLevel { Basic => "basic", Advanced => "advanced", Expert => "expert" }
    ConsentEventKind { Given => "given", Changed => "changed", Withdrawn => "withdrawn", Declined => "declined" }
    ConsentChannel { SelfService => "self", Counsellor => "counsellor" }
    GuardianChannel { Office => "office", Letter => "letter" }
    ReportState { Draft => "draft", Agreed => "agreed", Released => "released" }
    RecordedBy { Participant => "participant", Staff => "staff" }
    StaffRole { Admin => "admin", Counsellor => "counsellor", Dpo => "dpo", Office => "office" }
    SessionStage { Full => "full", Totp => "totp", Enrol => "enrol" }
    ErasureReason { Withdrawal => "withdrawal", Retention => "retention" }
    LegalBasis { Consent => "consent", Contract => "contract", LegalObligation => "legal_obligation", PublicTask => "public_task" }
    HealthBasis { ExplicitConsent => "explicit_consent", SocialProtectionLaw => "social_protection_law" }
    NoticeOrigin { Legacy => "legacy", Shipped => "shipped", Admin => "admin" }
    Lang { De => "de", En => "en", Nl => "nl", Bg => "bg", DeEasy => "de-x-easy" }
    RequestKind { Access => "access", Copy => "copy", Correction => "correction", Erasure => "erasure", Restriction => "restriction", Objection => "objection" }
    RequestChannel { Desk => "desk", Letter => "letter", Email => "email", Phone => "phone" }
    RequestStatus { Open => "open", Done => "done", Refused => "refused" }
    RecipientChange { Erasure => "erasure", Correction => "correction", Restriction => "restriction", RestrictionLifted => "restriction_lifted" }
}

/// A stored integer that must fit a narrower type.
pub(crate) fn narrow<T: TryFrom<i64>>(column: &'static str, value: i64) -> Result<T, DbError> {
    T::try_from(value).map_err(|_| DbError::corrupt(column, value))
}

/// A stored 0/1 flag.
pub(crate) fn flag(column: &'static str, value: i64) -> Result<bool, DbError> {
    match value {
        0 => Ok(false),
        1 => Ok(true),
        other => Err(DbError::corrupt(column, other)),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProgrammeRow {
    pub id: String,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ParticipantRow {
    pub id: String,
    pub display_name: String,
    pub programme_id: String,
    pub programme_name: String,
}

/// A session, participant's or staff member's.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub token_hash: String,
    pub participant_id: Option<String>,
    pub staff_id: Option<String>,
    pub stage: SessionStage,
    pub created_at: i64,
    pub last_seen_at: i64,
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct RawSession {
    token_hash: String,
    participant_id: Option<String>,
    staff_id: Option<String>,
    stage: String,
    created_at: i64,
    last_seen_at: i64,
}

impl TryFrom<RawSession> for SessionRow {
    type Error = DbError;
    fn try_from(r: RawSession) -> Result<Self, DbError> {
        Ok(Self {
            stage: SessionStage::decode("sessions.stage", &r.stage)?,
            token_hash: r.token_hash,
            participant_id: r.participant_id,
            staff_id: r.staff_id,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct RawRelease {
    instrument: String,
    state: String,
}

impl TryFrom<RawRelease> for ModuleStatus {
    type Error = DbError;
    fn try_from(r: RawRelease) -> Result<Self, DbError> {
        Ok(Self {
            state: ModuleState::decode("releases.state", &r.state)?,
            instrument: r.instrument,
        })
    }
}

/// A staff account as stored.
#[derive(Clone)]
pub struct StaffRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: StaffRole,
    pub password_hash: String,
    /// Sealed (see `auth::seal`); open it with the user name as context.
    pub totp_secret: String,
    pub totp_enrolled: bool,
    pub totp_last_step: Option<i64>,
    pub disabled_at: Option<i64>,
}

impl std::fmt::Debug for StaffRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffRow")
            .field("id", &self.id)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl StaffRow {
    pub fn to_member(&self) -> StaffMember {
        StaffMember {
            id: self.id.clone(),
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            enrolled: self.totp_enrolled,
            disabled: self.disabled_at.is_some(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct RawStaff {
    id: String,
    username: String,
    display_name: String,
    role: String,
    password_hash: String,
    totp_secret: String,
    totp_enrolled: i64,
    totp_last_step: Option<i64>,
    disabled_at: Option<i64>,
}

impl TryFrom<RawStaff> for StaffRow {
    type Error = DbError;
    fn try_from(r: RawStaff) -> Result<Self, DbError> {
        Ok(Self {
            role: StaffRole::decode("staff.role", &r.role)?,
            totp_enrolled: flag("staff.totp_enrolled", r.totp_enrolled)?,
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            password_hash: r.password_hash,
            totp_secret: r.totp_secret,
            totp_last_step: r.totp_last_step,
            disabled_at: r.disabled_at,
        })
    }
}

/// A stored agency report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub id: String,
    pub state: ReportState,
    pub wording: String,
    /// What the participant proposed instead, when they declined the draft.
    pub proposal: Option<String>,
    pub content: Option<String>,
    pub agreed_at: Option<i64>,
    pub released_at: Option<i64>,
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct RawReport {
    id: String,
    state: String,
    wording: String,
    proposal: Option<String>,
    content: Option<String>,
    agreed_at: Option<i64>,
    released_at: Option<i64>,
}

impl TryFrom<RawReport> for ReportRow {
    type Error = DbError;
    fn try_from(r: RawReport) -> Result<Self, DbError> {
        Ok(Self {
            state: ReportState::decode("agency_reports.state", &r.state)?,
            id: r.id,
            wording: r.wording,
            proposal: r.proposal,
            content: r.content,
            agreed_at: r.agreed_at,
            released_at: r.released_at,
        })
    }
}

/// A participant as the retention job sees them: no name, only dates.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RetentionRow {
    pub id: String,
    pub programme_name: String,
    pub ends_on: String,
    pub exit_on: Option<String>,
    /// Under a legal hold: never deleted while it lasts.
    pub held: bool,
}

/// One line of the request log, before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLogEntry {
    pub at: i64,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub size: Option<u64>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

/// A recorded breach.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BreachRow {
    pub id: String,
    pub what: String,
    pub found_at: i64,
    pub reported_at: Option<i64>,
    pub affected: i64,
    pub recorded_at: i64,
    pub measures: String,
    pub consequences: String,
    pub contact: String,
    pub message: String,
    pub notified_at: Option<i64>,
}

/// What the consent gate needs to know about a session: the session itself
/// (handed on to the handler, so it is read once per request) and the notice
/// version the participant's newest consent event accepted, if any.
#[derive(Debug)]
pub struct ConsentGateRow {
    pub session: SessionRow,
    pub accepted_version: Option<i64>,
    /// The newest published notice (`None` before the first).
    pub current_version: Option<i64>,
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct RawGate {
    #[sqlx(flatten)]
    session: RawSession,
    accepted_version: Option<i64>,
    current_version: Option<i64>,
}

impl TryFrom<RawGate> for ConsentGateRow {
    type Error = DbError;
    fn try_from(r: RawGate) -> Result<Self, DbError> {
        Ok(Self {
            session: SessionRow::try_from(r.session)?,
            accepted_version: r.accepted_version,
            current_version: r.current_version,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_itself_and_unknown_codes_are_errors() {
        fn round_trip<T: Code + PartialEq + std::fmt::Debug>() {
            for v in T::ALL {
                assert_eq!(T::decode("c", v.code()).ok(), Some(*v));
            }
            assert!(matches!(
                T::decode("c", "nonsense"),
                Err(DbError::Corrupt { column: "c", .. })
            ));
        }
        round_trip::<ModuleState>();
        round_trip::<QualityFlag>();
        round_trip::<CompetenceLevel>();
        round_trip::<ConsentEventKind>();
        round_trip::<ConsentChannel>();
        round_trip::<GuardianChannel>();
        round_trip::<ReportState>();
        round_trip::<StaffRole>();
        round_trip::<SessionStage>();
        round_trip::<ErasureReason>();
        round_trip::<RequestKind>();
        round_trip::<RequestChannel>();
        round_trip::<RequestStatus>();
        round_trip::<RecipientChange>();
    }

    #[test]
    fn flags_are_zero_or_one() {
        assert!(!flag("f", 0).unwrap_or(true));
        assert!(flag("f", 1).unwrap_or(false));
        assert!(flag("f", 2).is_err());
    }
}
