//! The participant's own view of what staff did and of the staff-side data:
//! the audit trail, their hard skills (which they may correct) and the agency
//! report, which they see and agree to before it is released.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use lotse_shared::api::{
    AuditEntry, Competence, CompetenceInput, DataSheet, ReportDraft, ReportOverview,
};

use crate::AppState;
use crate::api::dossier::{check_competence, report_overview};
use crate::auth::ParticipantSession;
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/me/audit`: every staff view or change of my dossier.
pub async fn audit(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<Vec<AuditEntry>>> {
    Ok(ApiJson(
        state.store.audit_trail(&session.participant_id).await?,
    ))
}

/// `GET /api/v1/me/datasheet`: the counselling results and notes (read only:
/// the participant may read what is written about them).
pub async fn datasheet(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<DataSheet>> {
    Ok(ApiJson(
        state.store.datasheet(&session.participant_id).await?,
    ))
}

/// `GET /api/v1/me/competences`
pub async fn competences(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<Vec<Competence>>> {
    Ok(ApiJson(
        state.store.competences(&session.participant_id).await?,
    ))
}

/// `POST /api/v1/me/competences`
pub async fn add_competence(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(input): ApiJson<CompetenceInput>,
) -> AppResult<(StatusCode, ApiJson<Vec<Competence>>)> {
    check_competence(&input)?;
    let id = &session.participant_id;
    state
        .store
        .add_competence(id, &input, state.clock.unix(), None)
        .await?;
    Ok((
        StatusCode::CREATED,
        ApiJson(state.store.competences(id).await?),
    ))
}

/// `PUT /api/v1/me/competences/{cid}`
pub async fn update_competence(
    State(state): State<AppState>,
    session: ParticipantSession,
    Path(cid): Path<String>,
    ApiJson(input): ApiJson<CompetenceInput>,
) -> AppResult<ApiJson<Vec<Competence>>> {
    check_competence(&input)?;
    let id = &session.participant_id;
    if !state
        .store
        .update_competence(id, &cid, &input, state.clock.unix(), None)
        .await?
    {
        return Err(AppError::NotFound("competence"));
    }
    Ok(ApiJson(state.store.competences(id).await?))
}

/// `DELETE /api/v1/me/competences/{cid}`
pub async fn delete_competence(
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

/// `GET /api/v1/me/report`: the draft as it would be released, and past releases.
pub async fn report(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<ReportOverview>> {
    Ok(ApiJson(
        report_overview(&state, &session.participant_id).await?,
    ))
}

/// `POST /api/v1/me/report/agree`: agree to the wording shown (sent back, so
/// a change made meanwhile cannot be agreed to unseen).
pub async fn agree(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(seen): ApiJson<ReportDraft>,
) -> AppResult<ApiJson<ReportOverview>> {
    let id = &session.participant_id;
    if !state
        .store
        .agree_report(id, seen.wording.trim(), state.clock.unix())
        .await?
    {
        return Err(AppError::Conflict(
            "the report changed or is not waiting for your agreement".into(),
        ));
    }
    Ok(ApiJson(report_overview(&state, id).await?))
}
