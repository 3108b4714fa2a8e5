//! Career orientation, activities and explainable job matching: occupational
//! wishes coded with ESCO, the participant's work profile (module 2 with
//! languages and qualifications), vacancies and what matched.
//!
//! Every enum travels as a stable snake_case code; the client has a label for
//! each in every language. Explanations are data (criterion, fit, the items
//! concerned), never prose from the server, so each reader sees them in their
//! own language.

use serde::{Deserialize, Serialize};

/// An occupation of the ESCO classification, as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Occupation {
    /// The ESCO concept id (the UUID of its URI); empty when a vacancy names
    /// only an ISCO-08 unit group.
    pub id: String,
    /// The ESCO code, e.g. `5120.1`.
    pub code: String,
    /// The ISCO-08 unit group (4 digits).
    pub isco: String,
    /// ESCO's English preferred label.
    pub label: String,
    /// The label of its ISCO-08 minor group in the languages other than
    /// English (`de`, `nl`, …): ESCO's own labels are English only here, so a
    /// reader of another language sees the group in theirs next to it.
    #[serde(default)]
    pub group_labels: std::collections::BTreeMap<String, String>,
}

/// Who recorded something: the participant, or staff with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordedBy {
    Participant,
    Staff,
}

/// An occupational wish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OccupationWish {
    pub id: String,
    pub occupation: Occupation,
    pub recorded_by: RecordedBy,
    pub created_at: i64,
}

/// `POST …/wishes`: an occupation by its ESCO id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewWish {
    pub occupation_id: String,
}

/// `GET …/occupations?q=`: a search in the catalogue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct OccupationQuery {
    /// Words of the occupation's name, or an ESCO or ISCO code.
    #[cfg_attr(feature = "openapi", param(max_length = 100), schema(max_length = 100))]
    pub q: String,
}

/// The search's answer, with the source the labels come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OccupationList {
    pub occupations: Vec<Occupation>,
    /// "ESCO, European Commission, v1.1.1": named wherever labels are shown.
    pub source: String,
}

/// Kinds of work a person likes to do or can do (module 2), and that a
/// vacancy may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    HandsOn,
    Machines,
    Driving,
    Outdoors,
    Building,
    Warehouse,
    Cleaning,
    Cooking,
    Caring,
    Customers,
    Selling,
    Office,
    Numbers,
    Teaching,
    Creative,
    Plants,
}

impl Activity {
    pub const ALL: [Activity; 16] = [
        Activity::HandsOn,
        Activity::Machines,
        Activity::Driving,
        Activity::Outdoors,
        Activity::Building,
        Activity::Warehouse,
        Activity::Cleaning,
        Activity::Cooking,
        Activity::Caring,
        Activity::Customers,
        Activity::Selling,
        Activity::Office,
        Activity::Numbers,
        Activity::Teaching,
        Activity::Creative,
        Activity::Plants,
    ];
}

/// Driving licence classes of the EU (Directive 2006/126/EC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Licence {
    #[serde(rename = "AM")]
    Am,
    A1,
    A2,
    A,
    B,
    #[serde(rename = "BE")]
    Be,
    C1,
    #[serde(rename = "C1E")]
    C1e,
    C,
    #[serde(rename = "CE")]
    Ce,
    D1,
    #[serde(rename = "D1E")]
    D1e,
    D,
    #[serde(rename = "DE")]
    De,
}

impl Licence {
    pub const ALL: [Licence; 14] = [
        Licence::Am,
        Licence::A1,
        Licence::A2,
        Licence::A,
        Licence::B,
        Licence::Be,
        Licence::C1,
        Licence::C1e,
        Licence::C,
        Licence::Ce,
        Licence::D1,
        Licence::D1e,
        Licence::D,
        Licence::De,
    ];

    /// The class as printed on the licence.
    pub const fn code(self) -> &'static str {
        match self {
            Licence::Am => "AM",
            Licence::A1 => "A1",
            Licence::A2 => "A2",
            Licence::A => "A",
            Licence::B => "B",
            Licence::Be => "BE",
            Licence::C1 => "C1",
            Licence::C1e => "C1E",
            Licence::C => "C",
            Licence::Ce => "CE",
            Licence::D1 => "D1",
            Licence::D1e => "D1E",
            Licence::D => "D",
            Licence::De => "DE",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// When in the day or week someone can work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Shift {
    Day,
    Early,
    Late,
    Night,
    Weekend,
}

impl Shift {
    /// Every shift, in the order forms list them.
    pub const ALL: [Self; 5] = [
        Self::Day,
        Self::Early,
        Self::Late,
        Self::Night,
        Self::Weekend,
    ];

    /// The code in JSON and in a vacancy file (`night`).
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Early => "early",
            Self::Late => "late",
            Self::Night => "night",
            Self::Weekend => "weekend",
        }
    }

    /// The shift with this code, in any case.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// A language level of the Common European Framework of Reference, or a
/// first language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Cefr {
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
    /// A first language: above every level.
    #[serde(rename = "native")]
    Native,
}

impl Cefr {
    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim().to_ascii_uppercase().as_str() {
            "A1" => Some(Cefr::A1),
            "A2" => Some(Cefr::A2),
            "B1" => Some(Cefr::B1),
            "B2" => Some(Cefr::B2),
            "C1" => Some(Cefr::C1),
            "C2" => Some(Cefr::C2),
            "NATIVE" => Some(Cefr::Native),
            _ => None,
        }
    }
}

/// A language and how well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LanguageSkill {
    /// ISO 639-1, two lower-case letters (`de`, `ar`, `uk`).
    pub language: String,
    pub level: Cefr,
}

/// What kind of qualification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QualificationKind {
    School,
    Vocational,
    Degree,
    Other,
}

/// A school or vocational qualification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Qualification {
    pub kind: QualificationKind,
    pub title: String,
    /// The year it was gained.
    #[serde(default)]
    pub year: Option<u16>,
}

/// Module 2 with the rest of what matching reads: activities, mobility,
/// working time, start, languages, qualifications. One per participant;
/// the participant and the counsellor both edit it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkProfile {
    /// What the person likes to do.
    #[serde(default)]
    pub preferred_activities: Vec<Activity>,
    /// What the person can do.
    #[serde(default)]
    pub able_activities: Vec<Activity>,
    /// Towns or areas where the person can work (commuting included).
    #[serde(default)]
    pub places: Vec<String>,
    /// Longest acceptable way to work, one direction, in minutes.
    #[serde(default)]
    pub max_commute_minutes: Option<u16>,
    /// Willing to move for a job.
    #[serde(default)]
    pub relocate: bool,
    #[serde(default)]
    pub licences: Vec<Licence>,
    /// Has a vehicle of their own.
    #[serde(default)]
    pub vehicle: bool,
    /// Wished hours per week, from and to.
    #[serde(default)]
    pub hours_min: Option<u8>,
    #[serde(default)]
    pub hours_max: Option<u8>,
    #[serde(default)]
    pub shifts: Vec<Shift>,
    /// Earliest start, `YYYY-MM-DD`.
    #[serde(default)]
    pub earliest_start: Option<String>,
    #[serde(default)]
    pub languages: Vec<LanguageSkill>,
    #[serde(default)]
    pub qualifications: Vec<Qualification>,
}

/// The stored profile with who last changed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredWorkProfile {
    pub profile: WorkProfile,
    /// `None` while nothing was recorded.
    pub changed_by: Option<RecordedBy>,
    pub updated_at: Option<i64>,
}

/// How physically demanding a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PhysicalDemand {
    Light,
    Medium,
    Heavy,
}

/// A vacancy as entered or imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VacancyInput {
    pub title: String,
    #[serde(default)]
    pub employer: String,
    /// The employer's or agency's own reference, if any.
    #[serde(default)]
    pub reference: String,
    /// ESCO occupation id, ESCO code or ISCO-08 unit group.
    #[serde(default)]
    pub occupation: Option<String>,
    /// Town or area of the workplace.
    pub place: String,
    /// Work from home is possible.
    #[serde(default)]
    pub remote: bool,
    /// Hours per week.
    #[serde(default)]
    pub hours: Option<u8>,
    /// `YYYY-MM-DD`; none: at once.
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub languages: Vec<LanguageSkill>,
    #[serde(default)]
    pub licences: Vec<Licence>,
    #[serde(default)]
    pub physical: Option<PhysicalDemand>,
    /// The shifts the job is worked in; empty: not said.
    #[serde(default)]
    pub shifts: Vec<Shift>,
}

/// A stored vacancy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Vacancy {
    pub id: String,
    pub title: String,
    pub employer: String,
    pub reference: String,
    pub occupation: Option<Occupation>,
    pub place: String,
    pub remote: bool,
    pub hours: Option<u8>,
    pub start: Option<String>,
    pub skills: Vec<String>,
    pub languages: Vec<LanguageSkill>,
    pub licences: Vec<Licence>,
    pub physical: Option<PhysicalDemand>,
    /// Vacancies stored before shifts were asked for have none.
    #[serde(default)]
    pub shifts: Vec<Shift>,
    pub created_at: i64,
}

/// The file formats of a vacancy import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Csv,
    Json,
}

/// `POST /api/v1/staff/vacancies/import`: a file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VacancyImport {
    pub format: ImportFormat,
    pub content: String,
}

/// One problem of an import, by line (CSV: the file's line, the header is
/// line 1; JSON: the entry's position, from 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    pub line: u32,
    /// The column or field, when the problem is in one.
    pub field: Option<String>,
    pub message: String,
}

/// What an import did: everything, or (with any problem) nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub imported: u32,
    pub problems: Vec<ImportProblem>,
}

/// The criteria of matching, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Occupation,
    Skills,
    Languages,
    Licences,
    Hours,
    Place,
    Start,
    Shifts,
    Physical,
}

/// How one criterion came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    Met,
    Partly,
    NotMet,
    /// The participant's side is not recorded: not counted.
    Unknown,
    /// Not used: it would need a consent the participant has not given.
    NotConsidered,
}

/// One criterion's result, with the items it concerns (the skills,
/// languages or licences that are missing; the occupation's label …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionResult {
    pub criterion: Criterion,
    pub fit: Fit,
    /// Its weight in the score.
    pub weight: u8,
    /// What matched, e.g. the wished occupation or the skills in common.
    pub matched: Vec<String>,
    /// What did not, e.g. the skills or licences missing.
    pub missing: Vec<String>,
}

/// A vacancy ranked for a participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    pub vacancy: Vacancy,
    /// 0–100: the weighted share of the criteria that could be judged.
    pub score: u8,
    pub criteria: Vec<CriterionResult>,
    /// When the counsellor shared it with the participant.
    pub shared_at: Option<i64>,
}

/// `GET /api/v1/staff/participants/{id}/suggestions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestions {
    /// Whether the participant consented to job matching; without it there
    /// are no suggestions.
    pub consented: bool,
    pub suggestions: Vec<Suggestion>,
}
