//! Consent rules and the participant's rights, above the storage layer: the
//! consent gate in front of the API, the consent status, "my data".

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};
use lotse_shared::api::{
    ConsentChannel, ConsentEvent, ConsentEventKind, ConsentScope, ConsentStatus,
    EXPORT_SCHEMA_VERSION, Guardianship, MyData, OptionalConsents,
};
use time::format_description::well_known::Iso8601;

use crate::AppState;
use crate::auth;
use crate::db::{DbError, Minority, Store};
use crate::domain::notice;
use crate::domain::retention;
use crate::http::error::AppError;

/// API paths a participant may use before accepting the notice: signing in and
/// out, reading and answering the notice, the API's public description, and
/// their rights (seeing, downloading and erasing their data never depend on
/// consent).
const OPEN_BEFORE_CONSENT: &[&str] = &[
    "/api/v1/health",
    "/api/v1/openapi.json",
    "/api/v1/session",
    "/api/v1/notice",
    "/api/v1/organisation",
    "/api/v1/consent",
];

/// The rights that never wait for consent: seeing, downloading and erasing
/// one's data, and who looked at it. Not the rest of `/me` (hard skills,
/// agreeing to the agency report), which is ordinary use of Lotse.
const RIGHTS_BEFORE_CONSENT: &[&str] = &[
    "/api/v1/me",
    "/api/v1/me/export",
    "/api/v1/me/erase",
    "/api/v1/me/audit",
];

fn open_before_consent(path: &str) -> bool {
    RIGHTS_BEFORE_CONSENT.contains(&path)
        || OPEN_BEFORE_CONSENT.iter().any(|p| {
            path.strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
}

/// True when the newest consent event does not accept the current notice.
pub fn consent_required(latest: Option<&ConsentEvent>, current_version: u32) -> bool {
    !latest.is_some_and(|e| e.notice_accepted && e.notice_version == current_version)
}

/// The participant's newest consent event if it accepts the current notice.
pub async fn standing_consent(
    store: &dyn Store,
    participant_id: &str,
) -> Result<Option<ConsentEvent>, DbError> {
    let current = notice::current_version(store).await?;
    Ok(store
        .latest_consent(participant_id)
        .await?
        .filter(|latest| !consent_required(Some(latest), current)))
}

/// Whether the participant's standing consent covers `scope`: the newest event
/// accepts the current notice and gives that optional consent. Every export
/// to the agency asks this first and leaves out what it refuses.
pub async fn consent_allows(
    store: &dyn Store,
    participant_id: &str,
    scope: ConsentScope,
) -> Result<bool, DbError> {
    Ok(match standing_consent(store, participant_id).await? {
        Some(l) => l.optional().allows(scope),
        None => false,
    })
}

/// Whether a participant must (again) accept the notice before using Lotse.
pub async fn needs_consent(
    store: &dyn Store,
    participant_id: &str,
) -> Result<bool, crate::db::DbError> {
    Ok(standing_consent(store, participant_id).await?.is_none())
}

/// The participant's newest consent event, when it accepts the current notice;
/// otherwise `Conflict` (never accepted, declined, or a newer notice not yet
/// accepted). Staff may store nothing about a participant before that
/// (hard skills, data sheet, agency report, optional consents), and cannot
/// accept the notice for them.
pub async fn require_notice_accepted(
    store: &dyn Store,
    participant_id: &str,
) -> Result<ConsentEvent, AppError> {
    standing_consent(store, participant_id)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(
                "the participant must first accept the privacy notice themselves".into(),
            )
        })
}

/// Whether a guardian's consent is still missing: the participant was
/// recorded as under the consent age, has not reached it by `today`
/// (YYYY-MM-DD; a missing day means not known, so still a minor) and no
/// guardian's consent is on record.
pub fn guardian_missing(minority: &Minority, guardian_consents: usize, today: &str) -> bool {
    minority.minor
        && minority.adult_on.as_deref().is_none_or(|d| today < d)
        && guardian_consents == 0
}

/// The guardian part of the consent status.
pub async fn guardianship(
    store: &dyn Store,
    participant_id: &str,
    today: &str,
) -> Result<Guardianship, DbError> {
    let minority = store.minority(participant_id).await?.unwrap_or_default();
    let consents = store.guardian_consents(participant_id).await?;
    Ok(Guardianship {
        required: guardian_missing(&minority, consents.len(), today),
        minor: minority.minor,
        adult_on: minority.adult_on,
        consents,
    })
}

/// `GuardianConsentRequired` while a minor's guardian has not consented:
/// before that nothing but a refusal is stored, so the notice cannot be
/// accepted, neither by the participant nor in the office.
pub async fn require_guardian(state: &AppState, participant_id: &str) -> Result<(), AppError> {
    let today = crate::auth::authz::today(state);
    if guardianship(&*state.store, participant_id, &today)
        .await?
        .required
    {
        return Err(AppError::GuardianConsentRequired);
    }
    Ok(())
}

/// The day someone born on `born` reaches `age` (a birthday on 29 February
/// counts from 1 March in other years); `None` past the calendar's end.
pub fn adult_on(born: time::Date, age: u32) -> Option<time::Date> {
    let year = born.year().checked_add(i32::try_from(age).ok()?)?;
    time::Date::from_calendar_date(year, born.month(), born.day())
        .ok()
        .or_else(|| time::Date::from_calendar_date(year, time::Month::March, 1).ok())
}

/// Refuses every other API call of a signed-in participant with
/// `consent_required` until the current notice is accepted. The rule sits in
/// front of the whole API, so endpoints added later are covered without
/// remembering to check.
/// A live session it let through travels on in the request, so the handler's
/// session extractor does not read it again.
pub async fn consent_gate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if path.starts_with("/api/")
        && !open_before_consent(path)
        && let Some(token) = auth::token_from(request.headers(), state.config.tls)
    {
        {
            match state.store.session_consent(&auth::sha256_hex(&token)).await {
                Ok(Some(gate)) => {
                    let session = gate.session;
                    let live = auth::session_live(
                        session.stage,
                        session.created_at,
                        session.last_seen_at,
                        state.clock.unix(),
                        auth::idle_timeout(&state),
                    );
                    let accepted = gate
                        .accepted_version
                        .is_some_and(|v| Some(v) == gate.current_version);
                    // Staff sessions have no participant and are not gated here.
                    if live && session.participant_id.is_some() && !accepted {
                        return AppError::ConsentRequired.into_response();
                    }
                    if live {
                        request.extensions_mut().insert(session);
                    }
                }
                Ok(None) => {}
                Err(e) => return AppError::from(e).into_response(),
            }
        }
    }
    next.run(request).await
}

/// The event that changing the optional consents from `latest` to `wanted`
/// records, for both channels (the participant themselves, or with the
/// counsellor): none when nothing changes, so saving a form unchanged leaves no
/// trace in the history; `Withdrawn` when consent is only taken back (it
/// stops processing from now on); `Changed` when anything is given.
/// `latest` must accept the current notice; its version and hash carry over.
pub fn optional_consent_event(
    latest: &ConsentEvent,
    wanted: &OptionalConsents,
    channel: ConsentChannel,
    at: i64,
) -> Option<ConsentEvent> {
    let before = latest.optional();
    if before == *wanted {
        return None;
    }
    let only_taken_back = OptionalConsents::SCOPES
        .iter()
        .all(|s| !wanted.allows(*s) || before.allows(*s));
    Some(ConsentEvent {
        event: if only_taken_back {
            ConsentEventKind::Withdrawn
        } else {
            ConsentEventKind::Changed
        },
        notice_accepted: true,
        agency_results: wanted.agency_results,
        job_matching: wanted.job_matching,
        health_data: wanted.health_data,
        survey_contact: wanted.survey_contact,
        notice_version: latest.notice_version,
        notice_hash: latest.notice_hash.clone(),
        channel,
        at,
        signed_copy_at: None,
    })
}

/// The consent status built from the history, with the guardian part.
pub async fn status(
    state: &AppState,
    participant_id: &str,
    history: Vec<ConsentEvent>,
) -> Result<ConsentStatus, DbError> {
    let store = &*state.store;
    let guardian = guardianship(store, participant_id, &crate::auth::authz::today(state)).await?;
    let current_version = notice::current_version(store).await?;
    let latest = history.last();
    let required = consent_required(latest, current_version);
    let standing = match latest {
        Some(e) if !required => e.optional(),
        _ => OptionalConsents::default(),
    };
    Ok(ConsentStatus {
        required,
        current_version,
        agency_results: standing.agency_results,
        job_matching: standing.job_matching,
        health_data: standing.health_data,
        survey_contact: standing.survey_contact,
        history,
        guardian,
    })
}

/// Everything stored about a participant, as shown and exported.
pub async fn my_data(state: &AppState, participant_id: &str) -> Result<MyData, AppError> {
    let store = &*state.store;
    let (participant, programme) = store
        .my_profile(participant_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let deleted_on = retention::deletion_day(
        &programme.ends_on,
        participant.exit_on.as_deref(),
        retention::Policy::from_config(&state.config).record_months(),
    )
    .and_then(|d| d.format(&Iso8601::DATE).ok());
    Ok(MyData {
        schema_version: EXPORT_SCHEMA_VERSION,
        exported_at: state.clock.unix(),
        participant,
        programme,
        modules: store.modules(participant_id).await?,
        results: store.results(participant_id).await?,
        consents: store.consent_history(participant_id).await?,
        sessions: store.my_sessions(participant_id).await?,
        competences: store.competences(participant_id).await?,
        datasheet: store.datasheet(participant_id).await?,
        agency_reports: crate::domain::report::overview(&*state.store, participant_id).await?,
        wishes: store.wishes(participant_id).await?,
        work_profile: Some(store.work_profile(participant_id).await?)
            .filter(|p| p.updated_at.is_some()),
        suggestions: store.shared_suggestions(participant_id).await?,
        audit: store.audit_trail(participant_id).await?,
        draft_key: store.draft_key(participant_id).await?.map(|row| {
            lotse_shared::api::MyDraftKey {
                created_at: row.created_at,
            }
        }),
        breaches: store.breach_notices(participant_id).await?,
        legal_hold: store
            .dossier(participant_id)
            .await?
            .and_then(|d| d.legal_hold),
        rights: store.my_rights(participant_id).await?,
        guardian: guardianship(store, participant_id, &crate::auth::authz::today(state)).await?,
        deleted_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(agency_results: bool, job_matching: bool) -> ConsentEvent {
        ConsentEvent {
            event: ConsentEventKind::Given,
            notice_accepted: true,
            agency_results,
            job_matching,
            health_data: false,
            survey_contact: false,
            notice_version: 1,
            notice_hash: "hash".into(),
            channel: ConsentChannel::SelfService,
            at: 1,
            signed_copy_at: None,
        }
    }

    fn kind(latest: (bool, bool), wanted: (bool, bool)) -> Option<ConsentEventKind> {
        let wanted = OptionalConsents {
            agency_results: wanted.0,
            job_matching: wanted.1,
            ..OptionalConsents::default()
        };
        optional_consent_event(
            &given(latest.0, latest.1),
            &wanted,
            ConsentChannel::Counsellor,
            2,
        )
        .map(|e| e.event)
    }

    #[test]
    fn the_optional_consent_event_follows_what_changed() {
        use ConsentEventKind::{Changed, Withdrawn};
        assert_eq!(kind((true, false), (true, false)), None);
        assert_eq!(kind((false, false), (false, false)), None);
        assert_eq!(kind((true, true), (true, false)), Some(Withdrawn));
        assert_eq!(kind((true, true), (false, false)), Some(Withdrawn));
        assert_eq!(kind((false, false), (true, false)), Some(Changed));
        assert_eq!(kind((true, false), (false, true)), Some(Changed));
        // The health-data consent is a scope of its own: giving it alone is
        // a change, taking it back alone a withdrawal.
        let health = OptionalConsents {
            health_data: true,
            ..OptionalConsents::default()
        };
        let latest = given(false, false);
        let gave = optional_consent_event(&latest, &health, ConsentChannel::Counsellor, 2).unwrap();
        assert_eq!((gave.event, gave.health_data), (Changed, true));
        let took_back = optional_consent_event(
            &gave,
            &OptionalConsents::default(),
            ConsentChannel::SelfService,
            3,
        )
        .unwrap();
        assert_eq!((took_back.event, took_back.health_data), (Withdrawn, false));
        let event = optional_consent_event(
            &given(false, false),
            &OptionalConsents {
                agency_results: true,
                ..OptionalConsents::default()
            },
            ConsentChannel::Counsellor,
            2,
        )
        .unwrap();
        assert_eq!(event.channel, ConsentChannel::Counsellor);
        assert_eq!(event.at, 2);
        assert_eq!(event.notice_hash, "hash");
        assert!(event.notice_accepted);
    }

    #[test]
    fn the_survey_contact_is_a_scope_of_its_own() {
        let survey = OptionalConsents {
            survey_contact: true,
            ..OptionalConsents::default()
        };
        let gave =
            optional_consent_event(&given(true, false), &survey, ConsentChannel::Counsellor, 2)
                .unwrap();
        assert_eq!(gave.event, ConsentEventKind::Changed);
        assert!(gave.survey_contact && !gave.agency_results);
        let took_back = optional_consent_event(
            &gave,
            &OptionalConsents::default(),
            ConsentChannel::SelfService,
            3,
        )
        .unwrap();
        assert_eq!(took_back.event, ConsentEventKind::Withdrawn);
        assert!(!took_back.optional().allows(ConsentScope::SurveyContact));
    }

    #[test]
    fn a_minor_needs_a_guardian_until_the_consent_age() {
        use time::Month::{February, March, May};
        let minor = |adult_on: Option<&str>| Minority {
            minor: true,
            adult_on: adult_on.map(str::to_owned),
        };
        assert!(!guardian_missing(&Minority::default(), 0, "2026-11-23"));
        assert!(guardian_missing(&minor(None), 0, "2026-11-23"));
        assert!(!guardian_missing(&minor(None), 1, "2026-11-23"));
        assert!(guardian_missing(
            &minor(Some("2026-11-24")),
            0,
            "2026-11-23"
        ));
        assert!(!guardian_missing(
            &minor(Some("2026-11-23")),
            0,
            "2026-11-23"
        ));
        let day = |y, m, d| time::Date::from_calendar_date(y, m, d).unwrap();
        assert_eq!(adult_on(day(2010, May, 4), 16), Some(day(2026, May, 4)));
        assert_eq!(
            adult_on(day(2008, February, 29), 16),
            Some(day(2024, February, 29))
        );
        assert_eq!(
            adult_on(day(2008, February, 29), 15),
            Some(day(2023, March, 1))
        );
    }

    #[test]
    fn only_the_listed_paths_are_open_before_consent() {
        assert!(open_before_consent("/api/v1/me"));
        assert!(open_before_consent("/api/v1/me/export"));
        assert!(open_before_consent("/api/v1/consent"));
        assert!(!open_before_consent("/api/v1/modules"));
        assert!(!open_before_consent("/api/v1/results"));
        assert!(!open_before_consent("/api/v1/messages"));
        assert!(!open_before_consent("/api/v1/notices-and-more"));
        assert!(open_before_consent("/api/v1/me/audit"));
        assert!(open_before_consent("/api/v1/openapi.json"));
        assert!(!open_before_consent("/api/v1/me/competences"));
        assert!(!open_before_consent("/api/v1/me/report/agree"));
        assert!(!open_before_consent("/api/v1/me/datasheet"));
    }
}
