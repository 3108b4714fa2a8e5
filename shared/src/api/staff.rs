//! The staff side: sign-in with password and TOTP, caseloads, dossiers,
//! competences, the data sheet, agency short reports and the audit trail.

use serde::{Deserialize, Serialize};

use super::{ModuleState, ModuleStatus, ScaleAggregate, StoredResult};

/// What a staff member may do in general; per participant, the server's
/// authorization table decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// The office: staff, programmes, participants and access letters; no results.
    Admin,
    /// Works on their own caseload (and caseloads delegated to them).
    Counsellor,
    /// The data protection officer: requests, audit trails, the record of
    /// processing, breaches and retention; never results or counselling content.
    Dpo,
    /// Office staff limited to basic data: name, programme, counsellor, dates.
    Office,
}

/// `POST /api/v1/staff/session`: the first factor.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffSignIn {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for StaffSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffSignIn")
            .field("username", &self.username)
            .field("password", &"[REDACTED]")
            .finish()
    }
}

/// What sign-in needs next after the password was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignInStep {
    /// Enter the current code from the authenticator app.
    Totp,
    /// First sign-in: add the account to an authenticator app, then enter a code.
    Enrol,
}

/// Answer to the first factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInPending {
    pub next: SignInStep,
}

/// `POST /api/v1/staff/session/totp`: the second factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TotpCode {
    pub code: String,
}

/// `GET /api/v1/staff/session/enrolment`: what the authenticator app needs.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrolment {
    /// The secret in base32, for typing it in by hand.
    pub secret: String,
    /// The `otpauth://` URI the QR code encodes.
    pub uri: String,
    /// The QR code: an SVG image as a `data:` URI (made on the server).
    pub qr_image: String,
}

impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Enrolment([REDACTED])")
    }
}

/// The signed-in staff member (`GET /api/v1/staff/session`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffInfo {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: StaffRole,
}

/// A staff account as the admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: StaffRole,
    pub enrolled: bool,
    pub disabled: bool,
}

/// `POST /api/v1/staff/staff`: the admin adds an account. The server makes the
/// initial password and shows it once; the TOTP is enrolled at first sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewStaff {
    pub username: String,
    pub display_name: String,
    pub role: StaffRole,
}

/// The new account with its one-time initial password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedStaff {
    pub member: StaffMember,
    pub initial_password: String,
}

impl std::fmt::Debug for CreatedStaff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedStaff")
            .field("member", &self.member)
            .field("initial_password", &"[REDACTED]")
            .finish()
    }
}

/// `PATCH /api/v1/staff/staff/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffUpdate {
    pub disabled: bool,
}

/// `PUT /api/v1/staff/me/password`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordChange([REDACTED])")
    }
}

/// A programme as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Programme {
    pub id: String,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// `PATCH /api/v1/staff/programmes/{id}`: corrected dates; every deletion
/// day that runs from the programme end moves with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProgrammeDates {
    pub starts_on: String,
    pub ends_on: String,
}

/// `POST /api/v1/staff/programmes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewProgramme {
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// One row of the caseload list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseloadEntry {
    pub id: String,
    pub display_name: String,
    pub programme: String,
    pub counsellor: Option<String>,
    /// Set when the caller sees this participant as a substitute.
    pub delegated_by: Option<String>,
    pub exit_on: Option<String>,
    pub modules: Vec<ModuleStatus>,
}

/// A page of the caseload list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseloadPage {
    pub entries: Vec<CaseloadEntry>,
    /// How many match, counted up to a cap (see `more`).
    pub total: u32,
    /// More than `total` match: the count stopped at its cap.
    #[serde(default)]
    pub more: bool,
    pub page: u32,
    pub per_page: u32,
}

/// `GET /api/v1/staff/participants` query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CaseloadQuery {
    /// Part of the name.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(max_length = 100), schema(max_length = 100))]
    pub q: Option<String>,
    #[serde(default)]
    pub programme: Option<String>,
    /// Only participants with a module in this state.
    #[serde(default)]
    pub status: Option<ModuleState>,
    /// `name` (default), `-name`, `programme`, `created`, `-created`.
    #[serde(default)]
    pub sort: Option<String>,
    /// 1-based, at most [`CaseloadQuery::MAX_PAGE`].
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        param(minimum = 1, maximum = 1_000_000),
        schema(minimum = 1, maximum = 1_000_000)
    )]
    pub page: Option<u32>,
}

impl CaseloadQuery {
    /// The last page anyone can ask for: 20 million participants.
    pub const MAX_PAGE: u32 = 1_000_000;
}

/// `POST /api/v1/staff/participants`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewParticipant {
    pub programme_id: String,
    pub display_name: String,
    pub counsellor_id: Option<String>,
    /// YYYY-MM-DD. Only used to work out whether, and until when, a
    /// guardian's consent is needed; it is not stored.
    #[serde(default)]
    pub date_of_birth: Option<String>,
    /// Under the consent age, when the date of birth is not at hand.
    #[serde(default)]
    pub under_consent_age: bool,
}

/// `PATCH /api/v1/staff/participants/{id}`: admin changes. Absent fields stay.
#[allow(clippy::option_option)]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ParticipantUpdate {
    /// `Some(None)` removes the counsellor.
    #[serde(
        default,
        with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub counsellor_id: Option<Option<String>>,
    /// `Some(None)` clears the exit date; dates are YYYY-MM-DD.
    #[serde(
        default,
        with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub exit_on: Option<Option<String>>,
}

// `Option<Option<_>>`: absent (leave as is) vs `null` (clear) vs a value.
#[allow(clippy::option_option)]
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[allow(clippy::ref_option, clippy::trivially_copy_pass_by_ref)] // serde's signature
    pub fn serialize<S: Serializer>(
        value: &Option<Option<String>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            None => s.serialize_none(),
            Some(inner) => inner.serialize(s),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<String>>, D::Error> {
        Option::<String>::deserialize(d).map(Some)
    }
}

/// The access letter: the only place a participant's code ever appears. It is
/// made when the participant is created or the code reissued, and never again.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessLetter {
    pub participant_id: String,
    pub display_name: String,
    pub programme: String,
    pub code: String,
    /// Where to sign in, the code in the fragment (never sent to the server).
    pub sign_in_link: String,
    /// Lotse's address, to type in by hand.
    pub public_url: String,
    /// Who is responsible, and whom to ask for help.
    pub controller_name: String,
    pub help_contact: String,
    /// QR code of `sign_in_link`: an SVG image as a `data:` URI.
    pub qr_image: String,
}

impl std::fmt::Debug for AccessLetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessLetter")
            .field("participant_id", &self.participant_id)
            .field("code", &"[REDACTED]")
            .finish_non_exhaustive()
    }
}

/// A participant's dossier head (`GET /api/v1/staff/participants/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dossier {
    pub id: String,
    pub display_name: String,
    pub programme_id: String,
    pub programme: String,
    pub counsellor_id: Option<String>,
    pub counsellor: Option<String>,
    pub exit_on: Option<String>,
    pub modules: Vec<ModuleStatus>,
    /// Set while a legal hold stops every deletion of the participant's data.
    #[serde(default)]
    pub legal_hold: Option<LegalHold>,
    /// Set while processing is restricted: no change, release or export.
    #[serde(default)]
    pub restriction: Option<super::Restriction>,
    /// Unix seconds: an objection was upheld (left out of the figures).
    #[serde(default)]
    pub objected_at: Option<i64>,
    /// Under the consent age: whether a guardian's consent is still needed,
    /// and the ones recorded.
    #[serde(default)]
    pub guardian: super::Guardianship,
}

/// A legal hold: while a dispute is open, nothing of the participant's data
/// is deleted, neither by the retention job nor by an erasure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegalHold {
    /// Unix seconds.
    pub since: i64,
    pub reason: String,
}

/// `PUT /api/v1/staff/participants/{id}/hold`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LegalHoldRequest {
    /// Why (the dispute), as the participant will read it.
    pub reason: String,
}

/// `PUT /api/v1/staff/participants/{id}/modules/{instrument}`: release or re-release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ModuleRelease {
    pub state: ModuleState,
}

/// How well the participant can apply a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CompetenceLevel {
    Basic,
    Advanced,
    Expert,
}

/// A professional competence (hard skill).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Competence {
    pub id: String,
    pub skill: String,
    pub level: CompetenceLevel,
    /// Certificate, work sample, reference …
    pub evidence: String,
    /// The ESCO occupation the skill belongs to, where one fits; a skill
    /// without one stays free text.
    pub occupation: Option<super::Occupation>,
    /// Who entered or last changed it.
    pub changed_by: super::RecordedBy,
    pub updated_at: i64,
}

/// Adding or changing a competence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompetenceInput {
    pub skill: String,
    pub level: CompetenceLevel,
    pub evidence: String,
    /// The ESCO concept id of the occupation the skill belongs to (from the
    /// occupation search), or absent for a free-text skill.
    #[serde(default)]
    pub occupation: Option<String>,
}

/// A competence as checked and stored, and as the agency report carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompetenceRecord {
    pub skill: String,
    pub level: CompetenceLevel,
    pub evidence: String,
    /// Reports of format 2 and older carry none.
    #[serde(default)]
    pub occupation: Option<super::Occupation>,
}

/// The data sheet: counselling results and notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DataSheet {
    pub results: String,
    pub notes: String,
}

/// The results a counsellor sees: aggregates only (there are no answers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierResults {
    pub results: Vec<StoredResult>,
}

/// Where an agency report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Being written; the participant has not agreed to this wording.
    Draft,
    /// The participant agreed to exactly this wording.
    Agreed,
    /// Released to the agency; frozen.
    Released,
}

/// One result in the agency report: agency-shareable scales only. The
/// response-quality flag stays in counselling: it is a prompt for a
/// conversation, not something to judge a person by from afar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportResult {
    pub instrument: String,
    pub version: u32,
    pub scales: Vec<ScaleAggregate>,
}

/// Version of the agency report's format, as released and exported: 1 the
/// results, hard skills and wording; 2 adds the coded occupational wishes,
/// languages, driving licences and qualifications for job matching; 3 adds
/// each hard skill's ESCO occupation and the separate health-data consent.
pub const AGENCY_REPORT_VERSION: u32 = 3;

const fn first_report_version() -> u32 {
    1
}

/// The content of an agency short report, as previewed and as released.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportContent {
    /// [`AGENCY_REPORT_VERSION`] when it was composed (1 for reports
    /// released before the field existed).
    #[serde(default = "first_report_version")]
    pub schema_version: u32,
    pub participant: String,
    pub programme: String,
    /// Agency-shareable results; empty when the participant did not consent.
    pub results: Vec<ReportResult>,
    pub results_consented: bool,
    /// Hard skills for job matching; empty without the matching consent.
    pub competences: Vec<CompetenceRecord>,
    pub competences_consented: bool,
    /// Whether health data (the fit-for-work index) may go with the
    /// results: its own consent, separate from `results_consented`.
    #[serde(default)]
    pub health_consented: bool,
    /// Occupational wishes with their ESCO and ISCO-08 codes; empty without
    /// the matching consent.
    #[serde(default)]
    pub wishes: Vec<super::Occupation>,
    /// Languages with CEFR levels, driving licences and qualifications, from
    /// the work profile; empty without the matching consent.
    #[serde(default)]
    pub languages: Vec<super::LanguageSkill>,
    #[serde(default)]
    pub licences: Vec<super::Licence>,
    #[serde(default)]
    pub qualifications: Vec<super::Qualification>,
    /// The wording counsellor and participant agreed on.
    pub wording: String,
    /// Who sends the report and who receives it, as the organisation's
    /// profile said when it was released. Reports released before the profile
    /// existed have none.
    #[serde(default)]
    pub parties: Option<ReportParties>,
}

/// The sender (the controller, with its data protection officer) and the
/// receiving agency, printed on the report so that whoever holds the paper
/// knows whom to ask about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportParties {
    pub controller_name: String,
    pub controller_address: String,
    pub dpo_contact: String,
    pub agency_name: String,
}

/// An agency report with its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyReport {
    pub id: String,
    pub state: ReportState,
    pub content: ReportContent,
    /// SHA-256 (hex) of `content` as shown: agreeing sends it back, so the
    /// agreement binds to exactly what the participant read.
    #[serde(default)]
    pub content_hash: String,
    /// The wording the participant proposed when they declined this draft.
    #[serde(default)]
    pub proposal: Option<String>,
    pub agreed_at: Option<i64>,
    pub released_at: Option<i64>,
}

/// The draft (if any) and the released reports, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportOverview {
    pub draft: Option<AgencyReport>,
    pub released: Vec<AgencyReport>,
}

/// `PUT /api/v1/staff/participants/{id}/report`: the counsellor's wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportDraft {
    pub wording: String,
}

/// `POST /api/v1/me/report/agree`: the wording and the content hash the
/// participant was shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportAgreement {
    pub wording: String,
    pub content_hash: String,
}

/// `POST /api/v1/me/report/decline`: not this report; optionally, other wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportDecline {
    #[serde(default)]
    pub proposal: String,
}

/// `POST /api/v1/staff/delegations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewDelegation {
    /// The caseload owner; a counsellor may only give away their own.
    pub owner_id: String,
    pub substitute_id: String,
    /// First day, YYYY-MM-DD (UTC).
    pub starts_on: String,
    /// Last day, inclusive.
    pub ends_on: String,
}

/// A delegation as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delegation {
    pub id: String,
    pub owner_id: String,
    pub owner: String,
    pub substitute_id: String,
    pub substitute: String,
    pub starts_on: String,
    pub ends_on: String,
    pub revoked: bool,
}

/// Declares [`AuditAction`] from one table, so the code serde sends, the code
/// [`AuditAction::code`] stores and the list [`AuditAction::ALL`] cannot drift.
/// The code is a `tt`, not a `literal`: a `literal` fragment reaches derive
/// macros wrapped in an invisible group, and utoipa's `ToSchema` then misses
/// the `serde(rename)` and documents the variant names instead of the codes.
macro_rules! audit_actions {
    ($($(#[doc = $doc:literal])+ $variant:ident => $code:tt,)+) => {
        /// What a staff member did, as written to the audit trail. The codes
        /// (`dossier.view`, ...) are stored in the database and sent to the
        /// client, which has a label for each: never rename or remove one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum AuditAction {
            $($(#[doc = $doc])+ #[serde(rename = $code)] $variant,)+
        }

        impl AuditAction {
            /// Every action, in the order of the table above.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stable code, exactly as serde writes it.
            pub const fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }
        }
    };
}

audit_actions! {
    /// Opened a participant's dossier.
    DossierView => "dossier.view",
    /// Read a participant's results (aggregates).
    ResultsView => "results.view",
    /// Released (or re-released) a questionnaire module.
    ModuleRelease => "module.release",
    /// Read a participant's competences.
    CompetencesView => "competences.view",
    /// Added a competence.
    CompetenceAdd => "competence.add",
    /// Changed a competence.
    CompetenceEdit => "competence.edit",
    /// Removed a competence.
    CompetenceRemove => "competence.remove",
    /// Read the data sheet.
    DataSheetView => "datasheet.view",
    /// Changed the data sheet.
    DataSheetEdit => "datasheet.edit",
    /// Read the agency report.
    ReportView => "report.view",
    /// Wrote the agency report's wording.
    ReportCompose => "report.compose",
    /// Released the agency report.
    ReportRelease => "report.release",
    /// Downloaded or printed a released agency report.
    ReportExport => "report.export",
    /// Read the audit trail itself.
    AuditView => "audit.view",
    /// Read the participant's consents.
    ConsentView => "consent.view",
    /// Recorded a change of the optional consents with the participant.
    ConsentRecord => "consent.record",
    /// Recorded that the participant accepted the notice in the office.
    ConsentOffice => "consent.office",
    /// Noted that the signed paper consent record is on file.
    ConsentSignedCopy => "consent.signed_copy",
    /// Recorded a guardian's consent for a participant under the consent age.
    GuardianConsentRecord => "guardian_consent.record",
    /// Created the participant.
    ParticipantCreate => "participant.create",
    /// Assigned a counsellor.
    ParticipantAssign => "participant.assign",
    /// Set the exit date.
    ParticipantExitDate => "participant.exit_date",
    /// Changed counsellor and exit date together.
    ParticipantUpdate => "participant.update",
    /// Issued a new access code (the old one stops working).
    CodeReissue => "code.reissue",
    /// Named a substitute for a caseload.
    DelegationGrant => "delegation.grant",
    /// Revoked a substitute.
    DelegationRevoke => "delegation.revoke",
    /// Created a staff account.
    StaffCreate => "staff.create",
    /// Disabled a staff account.
    StaffDisable => "staff.disable",
    /// Enabled a staff account again.
    StaffEnable => "staff.enable",
    /// Created a programme.
    ProgrammeCreate => "programme.create",
    /// Corrected a programme's dates (the deletion days follow).
    ProgrammeDates => "programme.dates",
    /// Recorded a data breach.
    BreachRecord => "breach.record",
    /// Noted when a breach was reported to the supervisory authority.
    BreachReported => "breach.reported",
    /// Wrote what to tell the people affected by a breach.
    BreachEdit => "breach.edit",
    /// Linked the participant to a breach as affected.
    BreachLink => "breach.link",
    /// Removed the participant from a breach's affected people.
    BreachUnlink => "breach.unlink",
    /// Told the affected participants about a breach.
    BreachNotify => "breach.notify",
    /// Put the participant's data under a legal hold.
    HoldSet => "hold.set",
    /// Lifted the legal hold.
    HoldLift => "hold.lift",
    /// Recorded a rights request (access, copy, correction, erasure,
    /// restriction, objection) that arrived by letter, at the desk, …
    RequestRecord => "request.record",
    /// Checked the identity of the person who made a request.
    RequestIdentity => "request.identity",
    /// Answered a request (done or refused).
    RequestClose => "request.close",
    /// Downloaded a copy of the participant's data for a request.
    RequestExport => "request.export",
    /// Erased the participant's data on their behalf (the row names no
    /// participant: they are gone; the request keeps who asked).
    RequestErase => "request.erase",
    /// Restricted the processing of the participant's data.
    RestrictionSet => "restriction.set",
    /// Told the participant the restriction will be lifted.
    RestrictionAnnounce => "restriction.announce",
    /// Lifted the restriction.
    RestrictionLift => "restriction.lift",
    /// Corrected the participant's master data (name, programme, dates).
    MasterDataCorrect => "participant.correct",
    /// Noted that a recipient was told of a change to data it received.
    RecipientTold => "recipient.told",
    /// Read a participant's wishes and work profile.
    ProfileView => "profile.view",
    /// Changed a participant's work profile (activities, mobility, …).
    ProfileEdit => "profile.edit",
    /// Recorded an occupational wish with the participant.
    WishAdd => "wish.add",
    /// Removed an occupational wish.
    WishRemove => "wish.remove",
    /// Matched a participant against the vacancies.
    SuggestionsView => "suggestions.view",
    /// Shared a suggested vacancy with the participant.
    SuggestionShare => "suggestion.share",
    /// Entered a vacancy.
    VacancyAdd => "vacancy.add",
    /// Imported a file of vacancies.
    VacancyImport => "vacancy.import",
    /// Removed a vacancy.
    VacancyRemove => "vacancy.remove",
}

/// One row of the audit trail as the participant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Unix seconds, UTC.
    pub at: i64,
    pub actor: String,
    /// The caseload owner a substitute stood in for.
    pub acting_for: Option<String>,
    /// What was done (the client translates it).
    pub action: AuditAction,
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn audit_action_codes_round_trip_and_are_unique() {
        let mut seen = HashSet::new();
        for &action in AuditAction::ALL {
            let code = action.code();
            assert!(seen.insert(code), "{code} is used twice");
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<AuditAction>(&json).unwrap(), action);
        }
        // An unknown code is an error, not a default.
        assert!(serde_json::from_str::<AuditAction>("\"dossier.edit\"").is_err());
    }

    #[test]
    fn participant_update_tells_absent_from_null() {
        let absent: ParticipantUpdate =
            serde_json::from_str(r#"{"exit_on":"2027-01-31"}"#).unwrap();
        assert_eq!(absent.counsellor_id, None);
        assert_eq!(absent.exit_on, Some(Some("2027-01-31".into())));
        let null: ParticipantUpdate = serde_json::from_str(r#"{"counsellor_id":null}"#).unwrap();
        assert_eq!(null.counsellor_id, Some(None));
        // Serialising leaves absent fields out, so a client never clears by accident.
        let json = serde_json::to_string(&absent).unwrap();
        assert_eq!(json, r#"{"exit_on":"2027-01-31"}"#);
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let sign_in = StaffSignIn {
            username: "a".into(),
            password: "hunter2hunter2".into(),
        };
        assert!(!format!("{sign_in:?}").contains("hunter2"));
        let letter = AccessLetter {
            participant_id: "p".into(),
            display_name: "n".into(),
            programme: "g".into(),
            code: "ABCD-EFGH".into(),
            sign_in_link: "https://lotse.example.org/#code=ABCD-EFGH".into(),
            public_url: "https://lotse.example.org".into(),
            controller_name: "c".into(),
            help_contact: "h".into(),
            qr_image: String::new(),
        };
        assert!(!format!("{letter:?}").contains("ABCD"));
    }
}
