//! The privacy notice, consent, and the participant's own data ("my data"):
//! seeing it, downloading it, and erasing it.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// `GET /api/v1/notice?lang=de`: the current privacy notice, readable without
/// signing in. `hash` is the SHA-256 (hex) of the exact text file, and is
/// recorded with every consent, so it is provable which words were agreed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub version: u32,
    pub lang: Lang,
    pub hash: String,
    pub title: String,
    pub sections: Vec<NoticeSection>,
}

/// One headed part of the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeSection {
    pub heading: String,
    pub blocks: Vec<NoticeBlock>,
}

/// A paragraph, a bulleted list or a table (the "who sees what" table).
/// Externally tagged (`{"list": {...}}`): it decodes without buffering, which
/// keeps the browser's WASM smaller than an internally tagged enum would.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeBlock {
    Paragraph {
        text: String,
    },
    List {
        items: Vec<String>,
    },
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

/// The optional consents a participant can give or take back at any time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsentScope {
    /// Forward the agency-shareable questionnaire results to the agency.
    AgencyResults,
    /// Forward hard skills (competences) for automated job matching.
    JobMatching,
    /// Health data: the fit-for-work index may go to the agency and be
    /// compared with a job's physical demands. Separate from the other
    /// results, as health data needs its own explicit consent (GDPR Art. 9).
    HealthData,
    /// Being contacted afterwards for a satisfaction survey. Nothing about
    /// the participant's results goes with it.
    SurveyContact,
}

/// What happened in one consent event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsentEventKind {
    /// The notice was accepted (first time or a new version).
    Given,
    /// Optional consents were added or changed.
    Changed,
    /// Optional consents were only taken back.
    Withdrawn,
    /// The notice was declined.
    Declined,
}

/// Who recorded a consent event: the participant, or a counsellor together with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsentChannel {
    #[serde(rename = "self")]
    SelfService,
    Counsellor,
}

/// One entry of the append-only consent history.
// Each optional consent is its own yes or no on the wire, as the notice lists them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentEvent {
    pub event: ConsentEventKind,
    pub notice_accepted: bool,
    pub agency_results: bool,
    pub job_matching: bool,
    pub health_data: bool,
    /// Absent in events recorded before the scope existed: not given.
    #[serde(default)]
    pub survey_contact: bool,
    pub notice_version: u32,
    pub notice_hash: String,
    pub channel: ConsentChannel,
    /// Unix seconds.
    pub at: i64,
    /// Unix seconds: when the counsellor noted that the signed paper record
    /// of this event (taken in the office) is on file.
    #[serde(default)]
    pub signed_copy_at: Option<i64>,
}

/// `GET /api/v1/consent`: where the participant stands.
// Each optional consent is its own yes or no on the wire, as the notice lists them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentStatus {
    /// True when the current notice has not been accepted yet: nothing else is usable.
    pub required: bool,
    pub current_version: u32,
    pub agency_results: bool,
    pub job_matching: bool,
    pub health_data: bool,
    #[serde(default)]
    pub survey_contact: bool,
    /// Oldest first.
    pub history: Vec<ConsentEvent>,
    /// Whether a guardian's consent is needed, and the ones recorded.
    #[serde(default)]
    pub guardian: Guardianship,
}

/// `POST /api/v1/consent`: accept or decline the notice shown. Declining signs
/// the participant out; only the refusal is stored.
// Each optional consent is its own yes or no on the wire, as the notice lists them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentDecision {
    pub accept: bool,
    /// The version and hash of the notice the participant was shown.
    pub notice_version: u32,
    pub notice_hash: String,
    #[serde(default)]
    pub agency_results: bool,
    #[serde(default)]
    pub job_matching: bool,
    #[serde(default)]
    pub health_data: bool,
    #[serde(default)]
    pub survey_contact: bool,
}

/// `PUT /api/v1/consent`: change the optional consents later.
// Each optional consent is its own yes or no on the wire, as the notice lists them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OptionalConsents {
    pub agency_results: bool,
    pub job_matching: bool,
    /// Absent means not given, so a client that predates it never gives it.
    #[serde(default)]
    pub health_data: bool,
    /// Absent means not given, like `health_data`.
    #[serde(default)]
    pub survey_contact: bool,
}

impl OptionalConsents {
    /// Every optional scope, for code that must treat each alike.
    pub const SCOPES: [ConsentScope; 4] = [
        ConsentScope::AgencyResults,
        ConsentScope::JobMatching,
        ConsentScope::HealthData,
        ConsentScope::SurveyContact,
    ];

    /// Whether `scope` is given.
    #[must_use]
    pub const fn allows(&self, scope: ConsentScope) -> bool {
        match scope {
            ConsentScope::AgencyResults => self.agency_results,
            ConsentScope::JobMatching => self.job_matching,
            ConsentScope::HealthData => self.health_data,
            ConsentScope::SurveyContact => self.survey_contact,
        }
    }

    /// Whether any optional scope is given.
    #[must_use]
    pub fn any(&self) -> bool {
        Self::SCOPES.iter().any(|s| self.allows(*s))
    }
}

impl ConsentEvent {
    /// The optional consents this event records.
    #[must_use]
    pub const fn optional(&self) -> OptionalConsents {
        OptionalConsents {
            agency_results: self.agency_results,
            job_matching: self.job_matching,
            health_data: self.health_data,
            survey_contact: self.survey_contact,
        }
    }
}

/// A participant under the consent age: before anything but a refusal is
/// stored, a guardian's consent must be on record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Guardianship {
    /// True while the participant is under the consent age and no guardian's
    /// consent is recorded: the notice cannot be accepted yet.
    pub required: bool,
    /// Whether the office recorded the participant as under the consent age.
    pub minor: bool,
    /// YYYY-MM-DD: the day the participant reaches the consent age, when the
    /// date of birth was given (the date of birth itself is not stored).
    pub adult_on: Option<String>,
    /// Oldest first.
    pub consents: Vec<GuardianConsent>,
}

/// How a guardian's consent reached the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GuardianChannel {
    /// The guardian signed in the office.
    Office,
    /// The guardian's signed letter or form came by post.
    Letter,
}

/// A guardian's consent as recorded by staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GuardianConsent {
    pub guardian_name: String,
    /// How the guardian is related, e.g. "mother", "legal guardian".
    pub relation: String,
    /// YYYY-MM-DD: the day the guardian gave consent.
    pub given_on: String,
    pub channel: GuardianChannel,
    /// Unix seconds: when it was recorded.
    pub recorded_at: i64,
}

/// `POST /api/v1/staff/participants/{id}/guardian-consents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GuardianConsentRecord {
    pub guardian_name: String,
    pub relation: String,
    /// YYYY-MM-DD, not in the future.
    pub given_on: String,
    pub channel: GuardianChannel,
}

/// Version of the [`MyData`] export format (2: wishes, work profile and
/// shared suggestions; 3: breaches the participant was told about; 4: my
/// requests, a restriction or objection, who received my data, the
/// survey-contact consent, signed office records and guardians' consents).
pub const EXPORT_SCHEMA_VERSION: u32 = 4;

/// `GET /api/v1/me` and the download `GET /api/v1/me/export`: everything stored
/// about the signed-in participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyData {
    pub schema_version: u32,
    /// Unix seconds.
    pub exported_at: i64,
    pub participant: MyProfile,
    pub programme: MyProgramme,
    pub modules: Vec<super::ModuleStatus>,
    pub results: Vec<super::StoredResult>,
    pub consents: Vec<ConsentEvent>,
    pub sessions: Vec<MySession>,
    /// Hard skills recorded by me or with my counsellor.
    pub competences: Vec<super::Competence>,
    /// The counselling results and notes.
    pub datasheet: super::DataSheet,
    /// The agency short report: the open draft and every released one.
    pub agency_reports: super::ReportOverview,
    /// Occupations I wish to work in.
    #[serde(default)]
    pub wishes: Vec<super::OccupationWish>,
    /// Activities, mobility, working time, languages, qualifications.
    #[serde(default)]
    pub work_profile: Option<super::StoredWorkProfile>,
    /// Vacancies my counsellor shared with me, with what matched.
    #[serde(default)]
    pub suggestions: Vec<super::Suggestion>,
    /// Every staff view or change of my dossier.
    pub audit: Vec<super::AuditEntry>,
    /// When the key for answers kept on my device was made, if I ever kept
    /// any; the key itself is not in the export.
    #[serde(default)]
    pub draft_key: Option<MyDraftKey>,
    /// Data breaches that affected me, as I was told about them.
    #[serde(default)]
    pub breaches: Vec<super::BreachNotice>,
    /// Set while a legal hold keeps my data from being deleted.
    #[serde(default)]
    pub legal_hold: Option<super::LegalHold>,
    /// My requests to the office, a restriction or objection, and who
    /// received my data.
    #[serde(default)]
    pub rights: super::MyRights,
    /// Under the consent age: the guardians' consents recorded for me.
    #[serde(default)]
    pub guardian: Guardianship,
    /// The day (YYYY-MM-DD) from which the retention policy deletes everything,
    /// if nothing else happens first.
    pub deleted_on: Option<String>,
}

/// The participant record itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyProfile {
    pub display_name: String,
    /// YYYY-MM-DD, when the counsellor recorded an exit.
    pub exit_on: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
}

/// The programme (course or measure) the participant belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyProgramme {
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// A sign-in session (the secret token is never shown, it is not stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MySession {
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// That a draft key exists (the key stays out of the export, which is a file
/// on a device: next to the drafts it would open them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyDraftKey {
    /// Unix seconds.
    pub created_at: i64,
}

/// `GET /api/v1/me/draft-key`: the key the browser encrypts the answers in
/// progress under before keeping them on the device. Given only to this
/// participant's session; gone when their data is erased.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftKey {
    /// 32 random bytes, base64url without padding (an AES-256-GCM key).
    pub key: String,
}

/// The key never appears in logs or debug output.
impl std::fmt::Debug for DraftKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DraftKey([REDACTED])")
    }
}

/// `POST /api/v1/me/erase`: withdraw and erase everything, at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EraseRequest {
    /// Must be `true`: the participant confirmed what will be deleted.
    pub confirm: bool,
}

/// The pseudonymous erasure receipt: a random id and the time, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureReceipt {
    pub receipt: String,
    pub erased_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_and_blocks_have_stable_names() {
        assert_eq!(
            serde_json::to_string(&ConsentChannel::SelfService).unwrap(),
            r#""self""#
        );
        let block = NoticeBlock::List {
            items: vec!["a".into()],
        };
        assert_eq!(
            serde_json::to_string(&block).unwrap(),
            r#"{"list":{"items":["a"]}}"#
        );
    }

    #[test]
    fn decisions_reject_unknown_fields_and_default_to_no_optional_consent() {
        let d: ConsentDecision =
            serde_json::from_str(r#"{"accept":true,"notice_version":1,"notice_hash":"h"}"#)
                .unwrap();
        assert!(!d.agency_results && !d.job_matching);
        assert!(
            serde_json::from_str::<ConsentDecision>(
                r#"{"accept":true,"notice_version":1,"notice_hash":"h","extra":1}"#
            )
            .is_err()
        );
    }
}
