//! The record of processing, classified column by column in one place: for
//! every table, what it holds, for which purpose, on which legal basis, how
//! long it is kept and who sees it; for every column, whether it is personal
//! and why it exists. A test compares this with the live schema of both
//! databases, so a column added without a line here fails the build.

use lotse_shared::api::{
    DataCategory as C, ProcessingBasis as B, Recipient as R, RegisterColumn, RetentionCategory as K,
};

/// One table's classification.
struct Table {
    name: &'static str,
    purpose: &'static str,
    category: C,
    basis: B,
    retention: K,
    recipients: &'static [R],
    columns: &'static [Column],
}

/// One column: its name, whether it is personal and why it exists.
struct Column {
    name: &'static str,
    personal: bool,
    why: &'static str,
}

const fn p(name: &'static str, why: &'static str) -> Column {
    Column {
        name,
        personal: true,
        why,
    }
}

const fn n(name: &'static str, why: &'static str) -> Column {
    Column {
        name,
        personal: false,
        why,
    }
}

const COUNSELLING: &[R] = &[R::Participant, R::Counsellor, R::Substitute];
const BASIC: &[R] = &[
    R::Participant,
    R::Counsellor,
    R::Substitute,
    R::Office,
    R::DataProtectionOfficer,
];
const TO_AGENCY: &[R] = &[R::Participant, R::Counsellor, R::Substitute, R::Agency];
const ACCOUNTABILITY: &[R] = &[R::Office, R::DataProtectionOfficer];
const SYSTEM: &[R] = &[R::System];

const TABLES: &[Table] = &[
    Table {
        name: "participants",
        purpose: "Who takes part in counselling, in which programme, with which counsellor.",
        category: C::BasicData,
        basis: B::Counselling,
        retention: K::ParticipantRecord,
        recipients: BASIC,
        columns: &[
            p(
                "id",
                "Links every record of the participant; random, says nothing about them.",
            ),
            p(
                "programme_id",
                "The programme, whose end date starts the retention period.",
            ),
            p(
                "display_name",
                "The name counsellor and office address the person by.",
            ),
            p(
                "access_code_hash",
                "Checks the personal access code at sign-in; the code itself is never stored.",
            ),
            p(
                "exit_on",
                "An early exit, which starts the retention period instead of the programme end.",
            ),
            p("created_at", "When the record was made."),
            p(
                "counsellor_id",
                "The counsellor whose caseload the participant is in.",
            ),
            p(
                "hold_since",
                "A legal hold: while a dispute is open nothing is deleted; since when.",
            ),
            p(
                "hold_reason",
                "Why the data is held, as the participant reads it.",
            ),
            p(
                "restricted_since",
                "A restriction of processing (Art. 18): kept, but not changed, released or exported; since when.",
            ),
            p(
                "restriction_reason",
                "Why processing is restricted, as the participant reads it.",
            ),
            p(
                "restriction_lift_told_at",
                "When the participant was told the restriction will be lifted; it cannot be lifted before.",
            ),
            p(
                "objected_at",
                "An upheld objection (Art. 21): the participant is left out of the programme figures.",
            ),
            p(
                "minor",
                "Under the consent age when created: a guardian's consent comes first (Art. 8).",
            ),
            p(
                "adult_on",
                "The day the consent age is reached, worked out from a date of birth that is not stored.",
            ),
        ],
    },
    Table {
        name: "programmes",
        purpose: "Courses and their dates.",
        category: C::Organisation,
        basis: B::NotPersonal,
        retention: K::NotPersonal,
        recipients: BASIC,
        columns: &[
            n("id", "Referenced by participants."),
            n(
                "name",
                "Shown to staff and on the participant's data sheet.",
            ),
            n("starts_on", "The programme's start, shown with it."),
            n(
                "ends_on",
                "The programme's end, from which the retention period runs.",
            ),
            n("created_at", "When the programme was added."),
        ],
    },
    Table {
        name: "releases",
        purpose: "Which modules the counsellor released and whether each is done or skipped.",
        category: C::CounsellingResults,
        basis: B::Counselling,
        retention: K::ParticipantRecord,
        recipients: BASIC,
        columns: &[
            p("participant_id", "Whose module it is."),
            n(
                "instrument",
                "The module (a questionnaire, or the activities).",
            ),
            p(
                "state",
                "Released, done or skipped: voluntary, and shown so.",
            ),
            p(
                "released_at",
                "When it was released, to list modules in order.",
            ),
        ],
    },
    Table {
        name: "aggregates",
        purpose: "Questionnaire results scored on the participant's device; no answers.",
        category: C::CounsellingResults,
        basis: B::Counselling,
        retention: K::CounsellingResults,
        recipients: TO_AGENCY,
        columns: &[
            p("id", "Links the result's scales."),
            p("participant_id", "Whose result it is."),
            n(
                "instrument",
                "Which questionnaire; the fit-for-work one is health data.",
            ),
            n(
                "instrument_version",
                "Which version of its items and bands the result was scored with.",
            ),
            p(
                "quality",
                "A careful note on answer patterns, for the counsellor only; never to the agency.",
            ),
            p(
                "completion_seconds",
                "How long answering took, so a rushed result can be discussed.",
            ),
            p(
                "submitted_at",
                "When it arrived; the newest result per questionnaire is shown.",
            ),
        ],
    },
    Table {
        name: "aggregate_scales",
        purpose: "The scores and bands of each result.",
        category: C::CounsellingResults,
        basis: B::Counselling,
        retention: K::CounsellingResults,
        recipients: TO_AGENCY,
        columns: &[
            p("aggregate_id", "The result the scale belongs to."),
            n("position", "Keeps the scales in the questionnaire's order."),
            n("scale", "Which scale."),
            p(
                "score",
                "The scale's value 0-100. Rows of the fit-for-work questionnaire are health data: processed on the health basis, kept as health-related results, and sent to the agency only with the separate consent.",
            ),
            p(
                "band",
                "The band the score falls in, whose explanation is shown.",
            ),
        ],
    },
    Table {
        name: "consent_events",
        purpose: "The append-only history of the participant's consents.",
        category: C::Consent,
        basis: B::LegalObligation,
        retention: K::ParticipantRecord,
        recipients: &[
            R::Participant,
            R::Counsellor,
            R::Substitute,
            R::DataProtectionOfficer,
        ],
        columns: &[
            n("id", "Identifies the event."),
            p("participant_id", "Whose consent it is."),
            p("event", "Given, changed, withdrawn or declined."),
            p(
                "notice_accepted",
                "Whether the privacy notice was accepted.",
            ),
            p(
                "agency_results",
                "The optional consent to forward results to the agency.",
            ),
            p("job_matching", "The optional consent to job matching."),
            p(
                "health_data",
                "The separate consent for health data (Art. 9(2)(a)).",
            ),
            n("notice_version", "Which notice version was shown."),
            n(
                "notice_hash",
                "The SHA-256 of the exact text shown, so the consent can be proven.",
            ),
            p(
                "channel",
                "Given by the participant or together with the counsellor.",
            ),
            p(
                "created_at",
                "When the consent was given, changed or taken back.",
            ),
            p(
                "survey_contact",
                "The optional consent to be contacted for a satisfaction survey.",
            ),
            p(
                "signed_copy_at",
                "When the signed paper record of a consent taken in the office was filed.",
            ),
            p(
                "signed_copy_by",
                "The staff account that noted the signed copy on file.",
            ),
        ],
    },
    Table {
        name: "guardian_consents",
        purpose: "A guardian's consent for a participant under the consent age, before anything else is stored.",
        category: C::Consent,
        basis: B::LegalObligation,
        retention: K::ParticipantRecord,
        recipients: BASIC,
        columns: &[
            n("id", "Identifies the record."),
            p("participant_id", "Whose guardian consented."),
            p("guardian_name", "Who consented, as on the signed form."),
            p(
                "relation",
                "How the guardian is related (parent, legal guardian).",
            ),
            p("given_on", "The day the guardian consented."),
            p("channel", "In the office or by letter."),
            p("recorded_by", "The staff account that recorded it."),
            p("recorded_at", "When it was recorded."),
        ],
    },
    Table {
        name: "sessions",
        purpose: "Signed-in participants and staff.",
        category: C::Security,
        basis: B::LegalObligation,
        retention: K::Sessions,
        recipients: SYSTEM,
        columns: &[
            n(
                "token_hash",
                "Finds the session from its cookie; the token itself is never stored.",
            ),
            p("participant_id", "Whose session (participants)."),
            p("created_at", "Limits a session's lifetime."),
            p("last_seen_at", "Ends a session after the idle timeout."),
            p("staff_id", "Whose session (staff)."),
            p(
                "stage",
                "How far a staff sign-in got (password, second factor).",
            ),
        ],
    },
    Table {
        name: "staff",
        purpose: "Staff accounts and their second factor.",
        category: C::StaffAccounts,
        basis: B::LegalObligation,
        retention: K::StaffAccounts,
        recipients: &[R::Office],
        columns: &[
            p("id", "Links what a staff member did (audit trail)."),
            p("username", "Half of the sign-in; shown to admins only."),
            p("display_name", "Shown to participants and colleagues."),
            p("role", "Decides what the person may see and do."),
            p(
                "password_hash",
                "Checks the password (Argon2id); the password is never stored.",
            ),
            p("totp_secret", "The second factor's seed."),
            p("totp_enrolled", "Whether the second factor was set up."),
            p("totp_last_step", "Makes each one-time code work only once."),
            p("created_at", "When the account was made."),
            p(
                "disabled_at",
                "A disabled account signs in no more but stays in the audit trail.",
            ),
        ],
    },
    Table {
        name: "delegations",
        purpose: "Which counsellor stands in for which colleague, when.",
        category: C::StaffAccounts,
        basis: B::LegalObligation,
        retention: K::StaffAccounts,
        recipients: &[R::Counsellor, R::Office],
        columns: &[
            n("id", "Identifies the substitution."),
            p("owner_id", "Whose caseload is covered."),
            p("substitute_id", "Who covers it."),
            n("starts_on", "Access starts on this day."),
            n("ends_on", "Access ends after this day."),
            p("granted_by", "Who granted it, for accountability."),
            n("created_at", "When it was granted."),
            n("revoked_at", "When it was ended early."),
        ],
    },
    Table {
        name: "audit_events",
        purpose: "Who did what with whose data, shown to the participant.",
        category: C::AuditTrail,
        basis: B::LegalObligation,
        retention: K::AuditTrail,
        recipients: &[
            R::Participant,
            R::Counsellor,
            R::Office,
            R::DataProtectionOfficer,
        ],
        columns: &[
            n("id", "Identifies the entry."),
            n("at", "When it was done; the participant sees it in order."),
            p("actor_id", "Which staff member acted."),
            p("acting_for", "Whose caseload a substitute acted for."),
            p("participant_id", "Whose data was concerned."),
            n("action", "What was done (viewed, changed, released …)."),
        ],
    },
    Table {
        name: "competences",
        purpose: "Hard skills recorded with the participant.",
        category: C::Competences,
        basis: B::Counselling,
        retention: K::Competences,
        recipients: TO_AGENCY,
        columns: &[
            n("id", "Identifies the skill for changes."),
            p("participant_id", "Whose skill."),
            p("skill", "The skill in words."),
            p("level", "How well it is mastered."),
            p("evidence", "What shows it (certificate, work sample)."),
            p("changed_by", "Who entered or last changed it."),
            p("updated_at", "When it was last changed, shown with it."),
            p(
                "occupation_id",
                "The ESCO occupation the skill belongs to, for matching.",
            ),
            p("occupation_code", "Its ESCO code, kept as recorded."),
            p("occupation_isco", "Its ISCO-08 group, kept as recorded."),
            p("occupation_label", "Its label, kept as recorded."),
        ],
    },
    Table {
        name: "datasheets",
        purpose: "The counselling results and notes.",
        category: C::CounsellingNotes,
        basis: B::Counselling,
        retention: K::ParticipantRecord,
        recipients: COUNSELLING,
        columns: &[
            p("participant_id", "Whose data sheet."),
            p("results", "The counselling results in words."),
            p(
                "notes",
                "The counsellor's notes; the participant reads them.",
            ),
            p("updated_at", "When they were last written."),
        ],
    },
    Table {
        name: "agency_reports",
        purpose: "The short report to the employment agency, agreed with the participant.",
        category: C::AgencyReports,
        basis: B::Consent,
        retention: K::AgencyReports,
        recipients: TO_AGENCY,
        columns: &[
            n("id", "Identifies the report."),
            p("participant_id", "Whose report."),
            p("state", "Draft, agreed or released."),
            p(
                "wording",
                "The wording counsellor and participant agreed on.",
            ),
            p(
                "content",
                "What was agreed or sent, exactly, so it can be shown later.",
            ),
            p("agreed_at", "When the participant agreed."),
            p("released_at", "When it was sent."),
            p("updated_at", "When it last changed."),
            p("proposal", "Other wording the participant proposed."),
        ],
    },
    Table {
        name: "occupation_wishes",
        purpose: "Occupations the participant would like to work in (module 1).",
        category: C::CareerOrientation,
        basis: B::Counselling,
        retention: K::ParticipantRecord,
        recipients: TO_AGENCY,
        columns: &[
            n("id", "Identifies the wish."),
            p("participant_id", "Whose wish."),
            p("occupation_id", "The ESCO occupation."),
            p("code", "Its ESCO code, kept as recorded."),
            p("isco", "Its ISCO-08 group, for matching and the agency."),
            p("label", "Its label, kept as recorded."),
            p(
                "recorded_by",
                "Recorded by the participant or with the counsellor.",
            ),
            p(
                "created_at",
                "When the wish was recorded, to list wishes in order.",
            ),
        ],
    },
    Table {
        name: "work_profiles",
        purpose: "What the participant likes to do and can do, mobility, working time (module 2).",
        category: C::CareerOrientation,
        basis: B::Counselling,
        retention: K::ParticipantRecord,
        recipients: TO_AGENCY,
        columns: &[
            p("participant_id", "Whose profile."),
            p("profile", "The profile as one checked document."),
            p("changed_by", "Who saved it last."),
            p("updated_at", "When it was last saved, shown to both sides."),
        ],
    },
    Table {
        name: "vacancies",
        purpose: "Job offers entered or imported by counsellors.",
        category: C::Organisation,
        basis: B::NotPersonal,
        retention: K::NotPersonal,
        recipients: &[R::Counsellor, R::Substitute],
        columns: &[
            n("id", "Identifies the vacancy."),
            n("content", "The vacancy as one checked document."),
            p("created_by", "Which counsellor entered it."),
            n("created_at", "When it was entered, newest listed first."),
        ],
    },
    Table {
        name: "shared_suggestions",
        purpose: "Vacancies a counsellor shared with the participant, as judged then.",
        category: C::CareerOrientation,
        basis: B::Counselling,
        retention: K::ParticipantRecord,
        recipients: COUNSELLING,
        columns: &[
            p("participant_id", "With whom it was shared."),
            n("vacancy_id", "Which vacancy."),
            p(
                "content",
                "The suggestion with its explanation, as the counsellor saw it.",
            ),
            p("shared_by", "Which counsellor shared it."),
            p("shared_at", "When it was shared, shown to the participant."),
        ],
    },
    Table {
        name: "draft_keys",
        purpose: "The key a participant's device encrypts answers in progress with.",
        category: C::Security,
        basis: B::Counselling,
        retention: K::ParticipantRecord,
        recipients: SYSTEM,
        columns: &[
            p(
                "participant_id",
                "Whose key: only their own session is given it.",
            ),
            p(
                "sealed",
                "The key, sealed with the server's secret; answers never reach the server.",
            ),
            p("created_at", "When it was made."),
        ],
    },
    Table {
        name: "erasure_receipts",
        purpose: "Proof that an erasure happened, without naming anyone.",
        category: C::Accountability,
        basis: B::LegalObligation,
        retention: K::Accountability,
        recipients: ACCOUNTABILITY,
        columns: &[
            n("id", "A random receipt number the person can keep."),
            n("reason", "Withdrawal or retention."),
            n(
                "erased_at",
                "When the erasure happened, as the receipt proves.",
            ),
        ],
    },
    Table {
        name: "request_log",
        purpose: "Every HTTP request, to find attacks and faults.",
        category: C::Security,
        basis: B::LegalObligation,
        retention: K::RequestLog,
        recipients: SYSTEM,
        columns: &[
            n("id", "Identifies the entry."),
            n(
                "at",
                "When the request came, for tracing a fault or an attack.",
            ),
            n("method", "The request's method."),
            n("path", "The path, never the query string."),
            n("status", "The answer's status."),
            n("size", "The answer's size."),
            p(
                "user_agent",
                "The browser's name, to find faults in one browser.",
            ),
            p(
                "ip",
                "The address, to trace an attack; removed after 7 days.",
            ),
        ],
    },
    Table {
        name: "rate_limits",
        purpose: "Sign-in attempts counted per address and user name.",
        category: C::Security,
        basis: B::LegalObligation,
        retention: K::Sessions,
        recipients: SYSTEM,
        columns: &[
            p("key", "The address or user name attempts are counted for."),
            n(
                "tat",
                "When the next attempt is allowed; pruned when full again.",
            ),
        ],
    },
    Table {
        name: "breaches",
        purpose: "The register of personal data breaches (Art. 33(5)).",
        category: C::Accountability,
        basis: B::LegalObligation,
        retention: K::Accountability,
        recipients: ACCOUNTABILITY,
        columns: &[
            n("id", "Identifies the breach."),
            n("what", "What happened."),
            n(
                "found_at",
                "When it was found; the 72-hour deadline runs from here.",
            ),
            n("reported_at", "When it was reported to the authority."),
            n("affected", "How many people are affected."),
            n("recorded_at", "When it was entered."),
            n(
                "measures",
                "What was done about it, for the authority and the people affected.",
            ),
            n(
                "consequences",
                "Its likely consequences, in words the people affected understand.",
            ),
            n("contact", "Whom the people affected can ask."),
            n("message", "What the people affected read in \"My data\"."),
            n("notified_at", "When the people affected were told."),
        ],
    },
    Table {
        name: "rights_requests",
        purpose: "The register of rights requests that reached the office, with their legal deadline (Art. 12(3)), as proof that each was answered.",
        category: C::Accountability,
        basis: B::LegalObligation,
        retention: K::RightsRequests,
        recipients: &[R::Participant, R::DataProtectionOfficer],
        columns: &[
            n("id", "Identifies the request."),
            p(
                "participant_id",
                "Whose data the request is about; emptied when they are erased, the request stays.",
            ),
            n(
                "kind",
                "What was asked: access, copy, correction, erasure, restriction or objection.",
            ),
            n(
                "channel",
                "How it arrived: at the desk, by letter, e-mail or phone.",
            ),
            p(
                "requester",
                "Who asked (the participant or their representative), so the answer reaches them.",
            ),
            p("details", "What exactly was asked."),
            n(
                "received_on",
                "When it arrived; the deadline runs from here.",
            ),
            n("due_on", "The legal deadline."),
            n(
                "identity_checked_by",
                "The staff member who checked the requester's identity.",
            ),
            n("identity_checked_at", "When the identity was checked."),
            n("status", "Open, done or refused."),
            p(
                "outcome",
                "What was done, or why it was refused; the participant reads it.",
            ),
            n("recorded_by", "Who recorded the request."),
            n("recorded_at", "When it was recorded."),
            n("closed_by", "Who answered it."),
            n("closed_at", "When it was answered."),
        ],
    },
    Table {
        name: "recipient_notices",
        purpose: "Recipients of the participant's data (the agency) that must be told of an erasure, correction or restriction (Art. 19), until they were.",
        category: C::Accountability,
        basis: B::LegalObligation,
        retention: K::RightsRequests,
        recipients: &[R::Participant, R::DataProtectionOfficer],
        columns: &[
            n("id", "Identifies the notice."),
            p(
                "participant_id",
                "Whose data changed; emptied when they are erased, the notice stays until it is sent.",
            ),
            n(
                "recipient",
                "Who received the data: the agency, as named at the time.",
            ),
            p(
                "subject",
                "The name the recipient knows the person by, so the notice can still be sent after an erasure; emptied once sent for an erased person.",
            ),
            n(
                "change_kind",
                "What the recipient must be told: erasure, correction, restriction or its lifting.",
            ),
            n("released_at", "When the data last went to the recipient."),
            n(
                "created_by",
                "The staff member whose change made the notice due.",
            ),
            n("created_at", "When it became due."),
            n("told_by", "Who told the recipient."),
            n("told_at", "When the recipient was told."),
        ],
    },
    Table {
        name: "breach_participants",
        purpose: "Which participants a breach affected, so each is told.",
        category: C::Accountability,
        basis: B::LegalObligation,
        retention: K::ParticipantRecord,
        recipients: &[R::Participant, R::Office, R::DataProtectionOfficer],
        columns: &[
            n("breach_id", "The breach."),
            p("participant_id", "Who was affected; erased with them."),
            p("linked_at", "When they were linked, for accountability."),
        ],
    },
    Table {
        name: "organisation",
        purpose: "The organisation's public profile, named wherever a person needs it.",
        category: C::Organisation,
        basis: B::NotPersonal,
        retention: K::NotPersonal,
        recipients: &[
            R::Participant,
            R::Office,
            R::DataProtectionOfficer,
            R::Agency,
        ],
        columns: &[
            n("id", "There is one profile."),
            n("controller_name", "Who is responsible for the processing."),
            n("controller_address", "Where to write to them."),
            n("controller_contact", "How to reach them."),
            p(
                "dpo_name",
                "The data protection officer, named in the notice.",
            ),
            p("dpo_contact", "How to reach the data protection officer."),
            n("agency_name", "Who receives agency reports."),
            n(
                "authority_name",
                "The supervisory authority to complain to.",
            ),
            n("authority_contact", "How to reach it."),
            n("counselling_basis", "The legal basis of counselling."),
            n("health_basis", "The legal basis for health data."),
            n("legal_basis_reference", "The law the bases rest on."),
            n("help_contact", "Whom participants ask for help."),
            n(
                "public_url",
                "Where Lotse is reached, for letters and QR codes.",
            ),
            n("updated_at", "When the profile last changed."),
        ],
    },
    Table {
        name: "notice_versions",
        purpose: "Every published privacy notice, kept readable.",
        category: C::Consent,
        basis: B::LegalObligation,
        retention: K::Accountability,
        recipients: &[R::Participant, R::Office, R::DataProtectionOfficer],
        columns: &[
            n("version", "Consents point to it."),
            n("lang", "Its language."),
            n(
                "origin",
                "Shipped with Lotse or written by the organisation.",
            ),
            n("source", "The template before the profile was filled in."),
            n("text", "The exact text shown."),
            n("hash", "Its SHA-256, which consents record."),
            n("published_at", "When it was published."),
            p("published_by", "Which admin published it."),
        ],
    },
    Table {
        name: "job_leases",
        purpose: "Lets one server instance at a time run a background job.",
        category: C::Technical,
        basis: B::NotPersonal,
        retention: K::NotPersonal,
        recipients: SYSTEM,
        columns: &[
            n("name", "Which background job (retention, clean-up)."),
            n("holder", "Which instance runs it."),
            n("expires_at", "When another instance may take over."),
        ],
    },
    Table {
        name: "_sqlx_migrations",
        purpose: "Which schema changes were applied.",
        category: C::Technical,
        basis: B::NotPersonal,
        retention: K::NotPersonal,
        recipients: SYSTEM,
        columns: &[
            n("version", "The change's number."),
            n("description", "The change's name, for the operator."),
            n("installed_on", "When it was applied."),
            n("success", "Whether it succeeded."),
            n("checksum", "Detects a changed migration file."),
            n("execution_time", "How long it took."),
        ],
    },
];

/// Every classified column, table by table.
pub fn columns() -> Vec<RegisterColumn> {
    TABLES
        .iter()
        .flat_map(|t| {
            t.columns.iter().map(move |c| RegisterColumn {
                table: t.name.to_owned(),
                column: c.name.to_owned(),
                personal: c.personal,
                category: t.category,
                purpose: t.purpose.to_owned(),
                why: c.why.to_owned(),
                basis: if c.personal && t.basis == B::NotPersonal {
                    // A personal column in an otherwise impersonal table (who
                    // entered a vacancy, who is the DPO) is kept for accountability.
                    B::LegalObligation
                } else {
                    t.basis
                },
                retention: t.retention,
                recipients: t.recipients.to_vec(),
            })
        })
        .collect()
}
