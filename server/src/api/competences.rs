//! Hard skills (competences): the counsellor records them in the dossier
//! (audited, and only once the participant accepted the current privacy
//! notice; removing stays possible), and the participant sees and corrects
//! their own (`my_*`).

use axum::extract::State;

use super::common::Path;
use axum::http::StatusCode;
use lotse_shared::api::{AuditAction, Competence, CompetenceInput, CompetenceRecord};

use super::career::{shown, with_group_labels};
use crate::domain::occupation;

use crate::AppState;
use crate::api::common::{MAX_TEXT, audited, check_text};
use crate::api::openapi::errors;
use crate::auth::ParticipantSession;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::domain::rights;
use crate::domain::text::Field;
use crate::http::error::{ApiJson, AppError, AppResult};

/// Longest skill name.
const MAX_SKILL: usize = 120;

/// The competence in its stored form (see `domain::text`), its occupation
/// looked up in the catalogue.
fn check_competence(input: CompetenceInput) -> Result<CompetenceRecord, AppError> {
    let occupation = match input.occupation.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => Some(occupation::find(id).map(shown).ok_or_else(|| {
            AppError::InvalidValue("no occupation with this id in the catalogue".into())
        })?),
    };
    Ok(CompetenceRecord {
        skill: Field::one_line("the skill", MAX_SKILL).required(&input.skill)?,
        level: input.level,
        evidence: check_text(&input.evidence, MAX_TEXT, "the evidence")?,
        occupation,
    })
}

/// Every competence of the participant, each occupation with its group's
/// labels in Lotse's other languages.
async fn all(state: &AppState, participant_id: &str) -> AppResult<Vec<Competence>> {
    let mut competences = state.store.competences(participant_id).await?;
    for c in &mut competences {
        if let Some(o) = &mut c.occupation {
            with_group_labels(o);
        }
    }
    Ok(competences)
}

/// `GET /api/v1/staff/participants/{id}/competences`
#[utoipa::path(
    get,
    path = "/staff/participants/{id}/competences",
    operation_id = "competences_list",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "The participant's hard skills (the read is audited)", body = Vec<Competence>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<Vec<Competence>>> {
    let access = authz::authorize(&state, &staff, Action::ViewCompetences, &id).await?;
    audited(&state, &access, AuditAction::CompetencesView).await?;
    Ok(ApiJson(all(&state, &id).await?))
}

/// `POST /api/v1/staff/participants/{id}/competences`
#[utoipa::path(
    post,
    path = "/staff/participants/{id}/competences",
    operation_id = "competences_add",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    request_body = CompetenceInput,
    responses(
        (status = 201, description = "Added; all hard skills", body = Vec<Competence>),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Restricted),
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
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CompetenceInput>,
) -> AppResult<(StatusCode, ApiJson<Vec<Competence>>)> {
    let access = authz::authorize(&state, &staff, Action::EditCompetences, &id).await?;
    rights::require_notice_accepted(&*state.store, &id).await?;
    let input = check_competence(input)?;
    let now = state.clock.unix();
    state
        .store
        .add_competence(
            &id,
            &input,
            now,
            Some(&access.event(AuditAction::CompetenceAdd, now)),
        )
        .await?;
    Ok((StatusCode::CREATED, ApiJson(all(&state, &id).await?)))
}

/// `PUT /api/v1/staff/participants/{id}/competences/{cid}`
#[utoipa::path(
    put,
    path = "/staff/participants/{id}/competences/{cid}",
    operation_id = "competences_update",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id"), ("cid" = String, Path, description = "The hard skill's id")),
    request_body = CompetenceInput,
    responses(
        (status = 200, description = "Changed; all hard skills", body = Vec<Competence>),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Restricted),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn update(
    State(state): State<AppState>,
    staff: StaffSession,
    Path((id, cid)): Path<(String, String)>,
    ApiJson(input): ApiJson<CompetenceInput>,
) -> AppResult<ApiJson<Vec<Competence>>> {
    let access = authz::authorize(&state, &staff, Action::EditCompetences, &id).await?;
    rights::require_notice_accepted(&*state.store, &id).await?;
    let input = check_competence(input)?;
    let now = state.clock.unix();
    if !state
        .store
        .update_competence(
            &id,
            &cid,
            &input,
            now,
            Some(&access.event(AuditAction::CompetenceEdit, now)),
        )
        .await?
    {
        return Err(AppError::NotFound("competence"));
    }
    Ok(ApiJson(all(&state, &id).await?))
}

/// `DELETE /api/v1/staff/participants/{id}/competences/{cid}`
#[utoipa::path(
    delete,
    path = "/staff/participants/{id}/competences/{cid}",
    operation_id = "competences_delete",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id"), ("cid" = String, Path, description = "The hard skill's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Restricted),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn delete(
    State(state): State<AppState>,
    staff: StaffSession,
    Path((id, cid)): Path<(String, String)>,
) -> AppResult<StatusCode> {
    let access = authz::authorize(&state, &staff, Action::EditCompetences, &id).await?;
    let now = state.clock.unix();
    if !state
        .store
        .delete_competence(
            &id,
            &cid,
            Some(&access.event(AuditAction::CompetenceRemove, now)),
        )
        .await?
    {
        return Err(AppError::NotFound("competence"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/me/competences`
#[utoipa::path(
    get,
    path = "/me/competences",
    operation_id = "competences_my_list",
    tag = "participant",
    responses(
        (status = 200, description = "The participant's hard skills", body = Vec<Competence>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn my_list(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<Vec<Competence>>> {
    Ok(ApiJson(all(&state, &session.participant_id).await?))
}

/// `POST /api/v1/me/competences`
#[utoipa::path(
    post,
    path = "/me/competences",
    operation_id = "competences_my_add",
    tag = "participant",
    request_body = CompetenceInput,
    responses(
        (status = 201, description = "Added; all hard skills", body = Vec<Competence>),
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
pub async fn my_add(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(input): ApiJson<CompetenceInput>,
) -> AppResult<(StatusCode, ApiJson<Vec<Competence>>)> {
    let input = check_competence(input)?;
    let id = &session.participant_id;
    state
        .store
        .add_competence(id, &input, state.clock.unix(), None)
        .await?;
    Ok((StatusCode::CREATED, ApiJson(all(&state, id).await?)))
}

/// `PUT /api/v1/me/competences/{cid}`
#[utoipa::path(
    put,
    path = "/me/competences/{cid}",
    operation_id = "competences_my_update",
    tag = "participant",
    params(("cid" = String, Path, description = "The hard skill's id")),
    request_body = CompetenceInput,
    responses(
        (status = 200, description = "Changed; all hard skills", body = Vec<Competence>),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn my_update(
    State(state): State<AppState>,
    session: ParticipantSession,
    Path(cid): Path<String>,
    ApiJson(input): ApiJson<CompetenceInput>,
) -> AppResult<ApiJson<Vec<Competence>>> {
    let input = check_competence(input)?;
    let id = &session.participant_id;
    if !state
        .store
        .update_competence(id, &cid, &input, state.clock.unix(), None)
        .await?
    {
        return Err(AppError::NotFound("competence"));
    }
    Ok(ApiJson(all(&state, id).await?))
}

/// `DELETE /api/v1/me/competences/{cid}`
#[utoipa::path(
    delete,
    path = "/me/competences/{cid}",
    operation_id = "competences_my_delete",
    tag = "participant",
    params(("cid" = String, Path, description = "The hard skill's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn my_delete(
    State(state): State<AppState>,
    session: ParticipantSession,
    Path(cid): Path<String>,
) -> AppResult<StatusCode> {
    if !state
        .store
        .delete_competence(&session.participant_id, &cid, None)
        .await?
    {
        return Err(AppError::NotFound("competence"));
    }
    Ok(StatusCode::NO_CONTENT)
}
