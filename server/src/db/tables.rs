//! Which tables hold participant data, for the export's coverage guard.

/// Tables the export (`GET /api/v1/me/export`) covers, with the export field
/// that holds them. A test fails when a table holding participant data is in
/// neither this list nor [`NO_PARTICIPANT_DATA`].
pub const EXPORTED_TABLES: &[(&str, &str)] = &[
    ("participants", "participant"),
    ("releases", "modules"),
    ("aggregates", "results"),
    ("aggregate_scales", "results"),
    ("consent_events", "consents"),
    ("guardian_consents", "guardian"),
    ("sessions", "sessions"),
    ("competences", "competences"),
    ("datasheets", "datasheet"),
    ("agency_reports", "agency_reports"),
    ("occupation_wishes", "wishes"),
    ("work_profiles", "work_profile"),
    ("shared_suggestions", "suggestions"),
    ("audit_events", "audit"),
    // When the key was made, never the key: the export is a file on a device.
    ("draft_keys", "draft_key"),
    // Only breaches the participant was told about; an untold link shows
    // when they are told.
    ("breach_participants", "breaches"),
    // The participant's own requests, and who received their data.
    ("rights_requests", "rights"),
    ("recipient_notices", "rights"),
];

/// Tables that hold nothing about a participant, each with the reason.
pub const NO_PARTICIPANT_DATA: &[(&str, &str)] = &[
    ("_sqlx_migrations", "schema history"),
    ("staff", "staff accounts, no participant data"),
    (
        "delegations",
        "which counsellor stands in for which colleague; names no participant",
    ),
    (
        "programmes",
        "courses and their dates; exported as the participant's programme",
    ),
    (
        "erasure_receipts",
        "random id and time only, by design unlinkable",
    ),
    (
        "request_log",
        "not linked to a participant; IP removed after 7 days",
    ),
    ("breaches", "incident register: counts, no participant ids"),
    (
        "vacancies",
        "job offers entered or imported by counsellors; name no participant",
    ),
    (
        "rate_limits",
        "sign-in attempt counters keyed by address or user name; pruned when full again",
    ),
    (
        "organisation",
        "the organisation's public profile (controller, DPO, authority, help contact)",
    ),
    (
        "notice_versions",
        "the published privacy notices; consents point to them by version and hash",
    ),
    (
        "job_leases",
        "which server instance runs a background job; no personal data",
    ),
];
