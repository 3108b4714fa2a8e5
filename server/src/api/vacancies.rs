//! Vacancies and explainable job matching. Counsellors enter vacancies or
//! import a CSV or JSON file of them (all or nothing, problems by line: see
//! `domain::vacancy`); for a participant who consented to job matching they
//! see the vacancies ranked with what matched (`domain::matching`), and share
//! the ones they choose. The participant sees only what was shared. Nothing
//! is sent to anyone or decided here.

use axum::extract::State;
use axum::http::StatusCode;
use lotse_shared::api::{
    AuditAction, ConsentScope, ImportReport, Occupation, StoredResult, Suggestion, Suggestions,
    Vacancy, VacancyImport, VacancyInput,
};
use lotse_shared::instrument;

use super::common::Path;
use crate::AppState;
use crate::api::career::resolve;
use crate::api::common::audited;
use crate::api::openapi::errors;
use crate::auth::ParticipantSession;
use crate::auth::authz::{self, Access, Action};
use crate::auth::staff::StaffSession;
use crate::db::{AuditEvent, new_id};
use crate::domain::matching::{self, Candidate, Coded, Fitness};
use crate::domain::{rights, vacancy};
use crate::http::error::{ApiJson, AppError, AppResult};

/// The largest import body: 5,000 vacancies of a few hundred bytes each.
pub const MAX_IMPORT_BYTES: usize = 4 * 1024 * 1024;

/// The newest fit-for-work index among the results (newest first): the
/// health instrument's scales, the first one scored.
fn fitness_index(results: &[StoredResult]) -> Option<u8> {
    results
        .iter()
        .filter(|r| instrument::find(&r.instrument).is_some_and(|d| d.health))
        .find_map(|r| r.scales.iter().find_map(|s| s.score))
        .filter(|score| *score <= 100)
}

fn stored(checked: vacancy::Checked, now: i64) -> Vacancy {
    let input = checked.input;
    Vacancy {
        id: new_id(),
        title: input.title,
        employer: input.employer,
        reference: input.reference,
        occupation: checked.occupation,
        place: input.place,
        remote: input.remote,
        hours: input.hours,
        start: input.start,
        skills: input.skills,
        languages: input.languages,
        licences: input.licences,
        physical: input.physical,
        shifts: input.shifts,
        created_at: now,
    }
}

fn general_event(staff: &StaffSession, action: AuditAction, at: i64) -> AuditEvent {
    AuditEvent {
        actor_id: staff.staff_id.clone(),
        acting_for: None,
        participant_id: None,
        action,
        at,
    }
}

/// `GET /api/v1/staff/vacancies`
#[utoipa::path(
    get,
    path = "/staff/vacancies",
    operation_id = "vacancies_list",
    tag = "staff",
    responses(
        (status = 200, description = "Every vacancy, newest first", body = Vec<Vacancy>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<Vec<Vacancy>>> {
    authz::authorize_general(&staff, Action::ManageVacancies)?;
    Ok(ApiJson(state.store.vacancies().await?))
}

/// `POST /api/v1/staff/vacancies`
#[utoipa::path(
    post,
    path = "/staff/vacancies",
    operation_id = "vacancies_add",
    tag = "staff",
    request_body = VacancyInput,
    responses(
        (status = 201, description = "Added, as stored", body = Vacancy),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn add(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(input): ApiJson<VacancyInput>,
) -> AppResult<(StatusCode, ApiJson<Vacancy>)> {
    authz::authorize_general(&staff, Action::ManageVacancies)?;
    let checked = vacancy::check(&input, &resolve).map_err(|problems| {
        AppError::InvalidValue(
            problems
                .iter()
                .map(|p| format!("{}: {}", p.field, p.message))
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let now = state.clock.unix();
    let v = stored(checked, now);
    state
        .store
        .add_vacancies(
            std::slice::from_ref(&v),
            &staff.staff_id,
            &general_event(&staff, AuditAction::VacancyAdd, now),
        )
        .await?;
    Ok((StatusCode::CREATED, ApiJson(v)))
}

/// `POST /api/v1/staff/vacancies/import`: a CSV or JSON file (the formats
/// are in `domain::vacancy`). With any problem nothing is stored, and the
/// answer lists every problem by line.
#[utoipa::path(
    post,
    path = "/staff/vacancies/import",
    operation_id = "vacancies_import",
    tag = "staff",
    request_body = VacancyImport,
    responses(
        (status = 200, description = "Every vacancy stored (`imported`), or none and every problem by line (`problems`)", body = ImportReport),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn import(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(file): ApiJson<VacancyImport>,
) -> AppResult<ApiJson<ImportReport>> {
    authz::authorize_general(&staff, Action::ManageVacancies)?;
    let checked = match vacancy::import(file.format, &file.content, &resolve) {
        Ok(rows) => rows,
        Err(problems) => {
            return Ok(ApiJson(ImportReport {
                imported: 0,
                problems,
            }));
        }
    };
    let now = state.clock.unix();
    let vacancies: Vec<Vacancy> = checked.into_iter().map(|c| stored(c, now)).collect();
    state
        .store
        .add_vacancies(
            &vacancies,
            &staff.staff_id,
            &general_event(&staff, AuditAction::VacancyImport, now),
        )
        .await?;
    Ok(ApiJson(ImportReport {
        imported: u32::try_from(vacancies.len()).unwrap_or(u32::MAX),
        problems: Vec::new(),
    }))
}

/// `DELETE /api/v1/staff/vacancies/{vid}`
#[utoipa::path(
    delete,
    path = "/staff/vacancies/{vid}",
    operation_id = "vacancies_remove",
    tag = "staff",
    params(("vid" = String, Path, description = "The vacancy's id")),
    responses(
        (status = 204, description = "Removed (with the copies shared from it)"),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn remove(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(vid): Path<String>,
) -> AppResult<StatusCode> {
    authz::authorize_general(&staff, Action::ManageVacancies)?;
    let now = state.clock.unix();
    if !state
        .store
        .remove_vacancy(
            &vid,
            &general_event(&staff, AuditAction::VacancyRemove, now),
        )
        .await?
    {
        return Err(AppError::NotFound("vacancy"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The ranked suggestions, or none without the matching consent.
async fn suggestions(state: &AppState, access: &Access) -> AppResult<Suggestions> {
    let id = &access.participant_id;
    let store = &*state.store;
    let consented = rights::consent_allows(store, id, ConsentScope::JobMatching).await?;
    if !consented {
        return Ok(matching::suggest(false, &Candidate::default(), &[], ""));
    }
    let competences = store.competences(id).await?;
    let coded = |o: Occupation| Coded {
        id: o.id,
        isco: o.isco,
        label: o.label,
    };
    let fitness = if rights::consent_allows(store, id, ConsentScope::HealthData).await? {
        fitness_index(&store.results(id).await?).map_or(Fitness::NotAnswered, Fitness::Index)
    } else {
        Fitness::NotConsented
    };
    let candidate = Candidate {
        wishes: store
            .wishes(id)
            .await?
            .into_iter()
            .map(|w| coded(w.occupation))
            .collect(),
        skill_occupations: competences
            .iter()
            .filter_map(|c| c.occupation.clone())
            .map(coded)
            .collect(),
        skills: competences.into_iter().map(|c| c.skill).collect(),
        profile: Some(store.work_profile(id).await?)
            .filter(|p| p.updated_at.is_some())
            .map(|p| p.profile),
        fitness,
    };
    let shared: Vec<Suggestion> = store.shared_suggestions(id).await?;
    let mut out = matching::suggest(
        true,
        &candidate,
        &store.vacancies().await?,
        &authz::today(state),
    );
    for s in &mut out.suggestions {
        s.shared_at = shared
            .iter()
            .find(|x| x.vacancy.id == s.vacancy.id)
            .and_then(|x| x.shared_at);
    }
    Ok(out)
}

/// `GET /api/v1/staff/participants/{id}/suggestions`
#[utoipa::path(
    get,
    path = "/staff/participants/{id}/suggestions",
    operation_id = "suggestions_list",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "Every vacancy ranked for the participant with what matched; none without their consent to job matching (the read is audited)", body = Suggestions),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Restricted),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn list_suggestions(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<Suggestions>> {
    let access = authz::authorize(&state, &staff, Action::MatchVacancies, &id).await?;
    audited(&state, &access, AuditAction::SuggestionsView).await?;
    Ok(ApiJson(suggestions(&state, &access).await?))
}

/// `POST /api/v1/staff/participants/{id}/suggestions/{vid}`: shares one.
#[utoipa::path(
    post,
    path = "/staff/participants/{id}/suggestions/{vid}",
    operation_id = "suggestions_share",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id"), ("vid" = String, Path, description = "The vacancy's id")),
    responses(
        (status = 200, description = "Shared, as the participant sees it", body = Suggestion),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Restricted),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn share(
    State(state): State<AppState>,
    staff: StaffSession,
    Path((id, vid)): Path<(String, String)>,
) -> AppResult<ApiJson<Suggestion>> {
    let access = authz::authorize(&state, &staff, Action::MatchVacancies, &id).await?;
    let ranked = suggestions(&state, &access).await?;
    if !ranked.consented {
        return Err(AppError::Conflict(
            "the participant has not consented to job matching".into(),
        ));
    }
    let Some(mut suggestion) = ranked.suggestions.into_iter().find(|s| s.vacancy.id == vid) else {
        return Err(AppError::NotFound("vacancy"));
    };
    let now = state.clock.unix();
    state
        .store
        .share_suggestion(
            &id,
            &suggestion,
            &staff.staff_id,
            now,
            &access.event(AuditAction::SuggestionShare, now),
        )
        .await?;
    suggestion.shared_at = Some(now);
    Ok(ApiJson(suggestion))
}

/// `GET /api/v1/me/suggestions`: what my counsellor shared with me.
#[utoipa::path(
    get,
    path = "/me/suggestions",
    operation_id = "suggestions_my_list",
    tag = "participant",
    responses(
        (status = 200, description = "The vacancies my counsellor shared, with what matched when they did", body = Vec<Suggestion>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn my_suggestions(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<Vec<Suggestion>>> {
    Ok(ApiJson(
        state
            .store
            .shared_suggestions(&session.participant_id)
            .await?,
    ))
}
