//! The record of processing activities (GDPR Art. 30), made from the schema:
//! every stored column with what it holds, why it exists, on which legal
//! basis, how long it is kept and who receives it.

use serde::{Deserialize, Serialize};

/// What kind of data a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DataCategory {
    /// Name, programme, counsellor, dates: the participant's basic data.
    BasicData,
    /// Questionnaire aggregates and module states.
    CounsellingResults,
    /// Health-related results (the fit-for-work index) and nothing else.
    HealthResults,
    /// Hard skills, languages, qualifications.
    Competences,
    /// Occupational wishes, the work profile, shared suggestions.
    CareerOrientation,
    /// The data sheet and counselling notes.
    CounsellingNotes,
    /// The agency short report.
    AgencyReports,
    /// Consent events and the privacy notices they point to.
    Consent,
    /// Who did what to whose data, and when.
    AuditTrail,
    /// Sign-in, sessions, keys and limits.
    Security,
    /// Staff accounts and substitutions.
    StaffAccounts,
    /// Breaches, erasure receipts and other accountability records.
    Accountability,
    /// The organisation's public profile, programmes, vacancies.
    Organisation,
    /// How the database itself works (schema history, job leases).
    Technical,
}

/// The legal basis a column is processed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProcessingBasis {
    /// The basis the organisation configured for counselling (consent,
    /// contract, legal obligation or public task, with its law).
    Counselling,
    /// The basis configured for health data (explicit consent, or social
    /// protection law), Art. 9(2).
    Health,
    /// The participant's optional consent (Art. 6(1)(a), Art. 9(2)(a) for
    /// health data).
    Consent,
    /// Art. 6(1)(c) with the controller's duties of accountability and
    /// security (Art. 5(2), 30, 32, 33 GDPR).
    LegalObligation,
    /// Holds no personal data.
    NotPersonal,
}

/// How long a column is kept: its retention category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RetentionCategory {
    /// The participant's record: erased with them (withdrawal) or when its
    /// retention period after the programme end or exit is over.
    ParticipantRecord,
    /// Questionnaire results.
    CounsellingResults,
    /// Health-related results.
    HealthResults,
    Competences,
    AgencyReports,
    AuditTrail,
    /// The HTTP request log: addresses removed after 7 days.
    RequestLog,
    /// Sessions: until sign-out or the idle timeout.
    Sessions,
    /// Staff accounts: while the account exists.
    StaffAccounts,
    /// Rights requests and recipient notices: a configured period after the
    /// request was answered or the recipient told.
    RightsRequests,
    /// Kept while needed for accountability (breaches, erasure receipts).
    Accountability,
    /// Not personal: kept while useful.
    NotPersonal,
}

/// Who receives or sees a column's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    Participant,
    Counsellor,
    /// A counsellor's substitute, while delegated.
    Substitute,
    /// Admins and office staff.
    Office,
    DataProtectionOfficer,
    /// The employment agency, only with the participant's consent.
    Agency,
    /// Nobody reads it through Lotse (kept for the system itself).
    System,
}

/// One stored column, classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterColumn {
    pub table: String,
    pub column: String,
    /// Whether it relates to an identifiable person.
    pub personal: bool,
    pub category: DataCategory,
    /// The purpose of the table it belongs to.
    pub purpose: String,
    /// Why this column exists.
    pub why: String,
    pub basis: ProcessingBasis,
    pub retention: RetentionCategory,
    pub recipients: Vec<Recipient>,
}

/// `GET /api/v1/staff/register`: the record of processing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcessingRegister {
    /// The controller, from the organisation's profile.
    pub controller: String,
    pub dpo_contact: String,
    /// The configured bases, in words, for `counselling` and `health`.
    pub counselling_basis: String,
    pub health_basis: String,
    /// Unix seconds.
    pub generated_at: i64,
    pub columns: Vec<RegisterColumn>,
    /// How long each retention category is kept, from the configuration.
    #[serde(default)]
    pub periods: Vec<RetentionPeriod>,
}

/// A retention category's period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetentionPeriod {
    pub category: RetentionCategory,
    /// Months after the programme end (or an earlier exit), for the
    /// participant's data; `None` where another rule applies.
    pub months: Option<u32>,
    /// The rule in words (English, like the register's reasons).
    pub rule: String,
}
