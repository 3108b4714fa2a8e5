//! Participants as the office and counsellors see them: the caseload, the
//! dossier header, creating a participant, assigning a counsellor or an exit
//! date, and replacing a lost access code (each answered with an access letter).

use axum::extract::{Query, State};

use super::common::Path;
use axum::http::StatusCode;
use lotse_shared::api::{
    AccessLetter, AuditAction, CaseloadPage, CaseloadQuery, Dossier, LegalHoldRequest,
    NewParticipant, OrganisationProfile, ParticipantUpdate, StaffRole,
};

use crate::AppState;
use crate::api::common::{audited, check_counsellor, check_date, check_name};
use crate::api::openapi::errors;
use crate::auth;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::auth::totp;
use crate::db::{AuditEvent, CaseloadScope, Minority};
use crate::domain::text::Field;
use crate::domain::{organisation, rights};

/// Longest reason for a legal hold.
const MAX_REASON: usize = 300;
use crate::http::error::{ApiJson, AppError, AppResult};

/// `GET /api/v1/staff/participants`: the caller's caseload (admin: everyone).
/// A list of names is not a dossier view, so it is not audited.
#[utoipa::path(
    get,
    path = "/staff/participants",
    operation_id = "participants_caseload",
    tag = "staff",
    params(CaseloadQuery),
    responses(
        (status = 200, description = "One page of the caller's caseload (an admin's: everyone)", body = CaseloadPage),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn caseload(
    State(state): State<AppState>,
    staff: StaffSession,
    query: Result<Query<CaseloadQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<ApiJson<CaseloadPage>> {
    authz::authorize_general(&staff, Action::ListCaseload)?;
    // A bad query gets the API's JSON error shape, not axum's plain text.
    let Query(query) = query.map_err(|e| AppError::InvalidValue(e.body_text()))?;
    let scope = match staff.role {
        // Without a caseload of their own, these roles list everyone (basic
        // data only: the caseload carries no results).
        StaffRole::Admin | StaffRole::Dpo | StaffRole::Office => CaseloadScope::All,
        StaffRole::Counsellor => CaseloadScope::Counsellor {
            id: staff.staff_id.clone(),
            today: authz::today(&state),
        },
    };
    if query.q.as_deref().is_some_and(|q| q.chars().count() > 100) {
        return Err(AppError::InvalidValue("the search is too long".into()));
    }
    // Nothing stored holds a control character, and PostgreSQL refuses a NUL
    // in a query: such a search or filter is wrong, not an empty result.
    for (name, value) in [
        ("q", &query.q),
        ("programme", &query.programme),
        ("sort", &query.sort),
    ] {
        if value
            .as_deref()
            .is_some_and(|v| v.chars().any(char::is_control))
        {
            return Err(AppError::InvalidValue(format!(
                "{name} contains a control character"
            )));
        }
    }
    if query
        .page
        .is_some_and(|p| !(1..=CaseloadQuery::MAX_PAGE).contains(&p))
    {
        return Err(AppError::InvalidValue(format!(
            "the page must be between 1 and {}",
            CaseloadQuery::MAX_PAGE
        )));
    }
    Ok(ApiJson(state.store.caseload(&scope, &query).await?))
}

/// `GET /api/v1/staff/participants/{id}`
#[utoipa::path(
    get,
    path = "/staff/participants/{id}",
    operation_id = "participants_get",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "The participant's dossier (the read is audited)", body = Dossier),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn get(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<Dossier>> {
    let access = authz::authorize(&state, &staff, Action::ViewDossier, &id).await?;
    audited(&state, &access, AuditAction::DossierView).await?;
    dossier_of(&state, &id).await
}

/// The access letter: the code, where to use it, who is responsible and whom
/// to ask. Only with a complete organisation profile (checked before the code
/// is made, so no code is issued that no letter can carry).
async fn letter(
    state: &AppState,
    profile: &OrganisationProfile,
    participant_id: &str,
    code: String,
) -> Result<AccessLetter, AppError> {
    let p = state
        .store
        .participant(participant_id)
        .await?
        .ok_or(AppError::NotFound("participant"))?;
    let sign_in_link = profile.sign_in_link(&code);
    Ok(AccessLetter {
        participant_id: p.id,
        display_name: p.display_name,
        programme: p.programme_name,
        qr_image: totp::qr_data_uri(&sign_in_link)?,
        sign_in_link,
        public_url: profile.public_url.clone(),
        controller_name: profile.controller_name.clone(),
        help_contact: profile.help_contact.clone(),
        code,
    })
}

/// `POST /api/v1/staff/participants`: creates a participant and returns the
/// access letter. The code exists only in this answer (the server keeps its hash).
#[utoipa::path(
    post,
    path = "/staff/participants",
    operation_id = "participants_create",
    tag = "staff",
    request_body = NewParticipant,
    responses(
        (status = 201, description = "Created; the access letter with the participant's code", body = AccessLetter),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 409, response = errors::ProfileIncomplete),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn create(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(request): ApiJson<NewParticipant>,
) -> AppResult<(StatusCode, ApiJson<AccessLetter>)> {
    authz::authorize_general(&staff, Action::CreateParticipant)?;
    let profile = organisation::require_complete(&*state.store).await?;
    let name = check_name(&request.display_name, "the name")?;
    state
        .store
        .programme(&request.programme_id)
        .await?
        .ok_or_else(|| AppError::InvalidValue("no such programme".into()))?;
    if let Some(c) = &request.counsellor_id {
        check_counsellor(&state, c).await?;
    }
    let minority = minority(&state, &request)?;
    let (code, hash) = auth::new_access_code()?;
    let now = state.clock.unix();
    let audit = AuditEvent {
        actor_id: staff.staff_id.clone(),
        acting_for: None,
        participant_id: None,
        action: AuditAction::ParticipantCreate,
        at: now,
    };
    let id = state
        .store
        .create_participant(
            &request.programme_id,
            &name,
            request.counsellor_id.as_deref(),
            &hash,
            &[],
            &minority,
            now,
            Some(&audit),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        ApiJson(letter(&state, &profile, &id, code).await?),
    ))
}

/// What is kept about the participant's age: whether they are under the
/// consent age today and, from a date of birth, the day they reach it. The
/// date of birth itself is not stored (data minimisation); someone already
/// of age leaves nothing behind.
fn minority(state: &AppState, request: &NewParticipant) -> AppResult<Minority> {
    let Some(born) = request.date_of_birth.as_deref() else {
        return Ok(Minority {
            minor: request.under_consent_age,
            adult_on: None,
        });
    };
    let born = check_date(born)?;
    let today = state.clock.now().date();
    if born > today {
        return Err(AppError::InvalidValue(
            "the date of birth is in the future".into(),
        ));
    }
    let adult_on = rights::adult_on(born, state.config.consent_age)
        .ok_or_else(|| AppError::InvalidValue("the date of birth is out of range".into()))?;
    if adult_on <= today {
        if request.under_consent_age {
            return Err(AppError::InvalidValue(
                "by the date of birth the participant has reached the consent age".into(),
            ));
        }
        return Ok(Minority::default());
    }
    Ok(Minority {
        minor: true,
        adult_on: Some(format!(
            "{:04}-{:02}-{:02}",
            adult_on.year(),
            u8::from(adult_on.month()),
            adult_on.day()
        )),
    })
}

/// `PATCH /api/v1/staff/participants/{id}`: assign a counsellor, set the exit date.
#[utoipa::path(
    patch,
    path = "/staff/participants/{id}",
    operation_id = "participants_update",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    request_body = ParticipantUpdate,
    responses(
        (status = 204, description = "Changed"),
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
pub async fn update(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ParticipantUpdate>,
) -> AppResult<StatusCode> {
    let access = authz::authorize(&state, &staff, Action::ManageParticipant, &id).await?;
    if let Some(Some(c)) = &request.counsellor_id {
        check_counsellor(&state, c).await?;
    }
    if let Some(Some(d)) = &request.exit_on {
        check_date(d)?;
    }
    let action = match (&request.counsellor_id, &request.exit_on) {
        (Some(_), None) => AuditAction::ParticipantAssign,
        (None, Some(_)) => AuditAction::ParticipantExitDate,
        _ => AuditAction::ParticipantUpdate,
    };
    state
        .store
        .update_participant(
            &id,
            request.counsellor_id.as_ref().map(Option::as_deref),
            request.exit_on.as_ref().map(Option::as_deref),
            &access.event(action, state.clock.unix()),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/staff/participants/{id}/code`: a lost code is replaced; the
/// new access letter is returned once and the old code stops working.
#[utoipa::path(
    post,
    path = "/staff/participants/{id}/code",
    operation_id = "participants_reissue_code",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "A new access code replaces the old one; the access letter", body = AccessLetter),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::ProfileIncomplete),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn reissue_code(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<AccessLetter>> {
    let access = authz::authorize(&state, &staff, Action::ManageParticipant, &id).await?;
    let profile = organisation::require_complete(&*state.store).await?;
    let (code, hash) = auth::new_access_code()?;
    state
        .store
        .reissue_access_code(
            &id,
            &hash,
            Some(&access.event(AuditAction::CodeReissue, state.clock.unix())),
        )
        .await?;
    Ok(ApiJson(letter(&state, &profile, &id, code).await?))
}

/// `PUT /api/v1/staff/participants/{id}/hold`: the data protection officer
/// puts the participant's data under a legal hold: neither the retention job
/// nor an erasure deletes anything until it is lifted. The participant sees
/// it in "My data" and their audit trail.
#[utoipa::path(
    put,
    path = "/staff/participants/{id}/hold",
    operation_id = "participants_hold",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    request_body = LegalHoldRequest,
    responses(
        (status = 200, description = "Held; the dossier", body = Dossier),
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
pub async fn hold(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LegalHoldRequest>,
) -> AppResult<ApiJson<Dossier>> {
    let access = authz::authorize(&state, &staff, Action::HoldData, &id).await?;
    let reason = Field::one_line("the reason", MAX_REASON).required(&body.reason)?;
    let now = state.clock.unix();
    state
        .store
        .set_legal_hold(
            &id,
            Some(&reason),
            now,
            &access.event(AuditAction::HoldSet, now),
        )
        .await?;
    dossier_of(&state, &id).await
}

/// `DELETE /api/v1/staff/participants/{id}/hold`: lifts the legal hold; the
/// retention job deletes what is due at its next run.
#[utoipa::path(
    delete,
    path = "/staff/participants/{id}/hold",
    operation_id = "participants_hold_lift",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "Lifted; the dossier", body = Dossier),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn lift_hold(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<Dossier>> {
    let access = authz::authorize(&state, &staff, Action::HoldData, &id).await?;
    let now = state.clock.unix();
    if !state
        .store
        .set_legal_hold(&id, None, now, &access.event(AuditAction::HoldLift, now))
        .await?
    {
        return Err(AppError::Conflict(
            "the participant's data is not under a legal hold".into(),
        ));
    }
    dossier_of(&state, &id).await
}

async fn dossier_of(state: &AppState, id: &str) -> AppResult<ApiJson<Dossier>> {
    let mut dossier = state
        .store
        .dossier(id)
        .await?
        .ok_or(AppError::NotFound("participant"))?;
    dossier.guardian = rights::guardianship(&*state.store, id, &authz::today(state)).await?;
    Ok(ApiJson(dossier))
}
