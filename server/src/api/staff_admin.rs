//! The office: staff accounts, programmes, participants, access letters and
//! substitutes. Admin only, except where the authorization table says otherwise.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use lotse_shared::api::{
    AccessLetter, CreatedStaff, Delegation, NewDelegation, NewParticipant, NewProgramme, NewStaff,
    ParticipantUpdate, Programme, StaffMember, StaffRole, StaffUpdate,
};
use time::Date;
use time::format_description::well_known::Iso8601;

use crate::AppState;
use crate::auth;
use crate::auth::authz::{self, Action, Relation};
use crate::auth::password;
use crate::auth::staff::StaffSession;
use crate::auth::totp;
use crate::db::{AuditEvent, DbError, NewStaffRow};
use crate::http::error::{ApiJson, AppError, AppResult};

const MAX_NAME: usize = 100;

fn check_name(value: &str, what: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > MAX_NAME || value.chars().any(char::is_control) {
        return Err(AppError::InvalidValue(format!(
            "{what} must have 1 to {MAX_NAME} characters"
        )));
    }
    Ok(value.to_owned())
}

fn check_date(value: &str) -> Result<Date, AppError> {
    Date::parse(value, &Iso8601::DATE)
        .map_err(|_| AppError::InvalidValue(format!("{value:?} is not a date (YYYY-MM-DD)")))
}

/// A unique violation becomes a conflict that names what is taken.
fn taken(what: &'static str) -> impl FnOnce(DbError) -> AppError {
    move |e| match e {
        DbError::Conflict => AppError::Conflict(format!("{what} is taken")),
        other => other.into(),
    }
}

/// `GET /api/v1/staff/staff`
pub async fn list_staff(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<Vec<StaffMember>>> {
    authz::authorize_general(&staff, Action::ListStaff)?;
    let rows = state.store.list_staff().await?;
    let members = rows.iter().map(crate::db::StaffRow::to_member);
    if staff.role == StaffRole::Admin {
        return Ok(ApiJson(members.collect()));
    }
    // Counsellors need colleagues' names to name a substitute, nothing more:
    // no user names (half of a sign-in) and no account states (ASVS 8.2.3).
    Ok(ApiJson(
        members
            .filter(|m| m.role == StaffRole::Counsellor && !m.disabled)
            .map(|m| StaffMember {
                username: String::new(),
                enrolled: false,
                ..m
            })
            .collect(),
    ))
}

/// `POST /api/v1/staff/staff`: a new account with a one-time initial password.
pub async fn create_staff(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(request): ApiJson<NewStaff>,
) -> AppResult<(StatusCode, ApiJson<CreatedStaff>)> {
    authz::authorize_general(&staff, Action::ManageStaff)?;
    let username = request.username.trim().to_lowercase();
    if username.len() < 2
        || username.len() > 64
        || !username
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    {
        return Err(AppError::InvalidValue(
            "user names have 2 to 64 letters, digits, dots, dashes or underscores".into(),
        ));
    }
    let display_name = check_name(&request.display_name, "the name")?;
    let initial = password::generate()?;
    let hash = password::hash(&initial).await?;
    let secret = state.secrets.seal(&totp::new_secret()?, &username)?;
    let id = state
        .store
        .create_staff(
            NewStaffRow {
                username: &username,
                display_name: &display_name,
                role: request.role,
                password_hash: &hash,
                totp_secret: &secret,
            },
            state.clock.unix(),
            Some(&AuditEvent::general(
                &staff.staff_id,
                "staff.create",
                state.clock.unix(),
            )),
        )
        .await
        .map_err(taken("this user name"))?;
    tracing::info!(actor = %staff.staff_id, created = %id, "staff account created");
    let member = StaffMember {
        id,
        username,
        display_name,
        role: request.role,
        enrolled: false,
        disabled: false,
    };
    Ok((
        StatusCode::CREATED,
        ApiJson(CreatedStaff {
            member,
            initial_password: initial,
        }),
    ))
}

/// `PATCH /api/v1/staff/staff/{id}`: disable (ends sessions) or enable.
pub async fn update_staff(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<StaffUpdate>,
) -> AppResult<ApiJson<StaffMember>> {
    authz::authorize_general(&staff, Action::ManageStaff)?;
    if id == staff.staff_id && request.disabled {
        return Err(AppError::Conflict(
            "you cannot disable your own account".into(),
        ));
    }
    state
        .store
        .staff_by_id(&id)
        .await?
        .ok_or(AppError::NotFound("staff member"))?;
    state
        .store
        .set_staff_disabled(
            &id,
            request.disabled.then(|| state.clock.unix()),
            &AuditEvent::general(
                &staff.staff_id,
                if request.disabled {
                    "staff.disable"
                } else {
                    "staff.enable"
                },
                state.clock.unix(),
            ),
        )
        .await?;
    let row = state
        .store
        .staff_by_id(&id)
        .await?
        .ok_or(AppError::NotFound("staff member"))?;
    tracing::info!(actor = %staff.staff_id, target = %id, disabled = request.disabled, "staff account changed");
    Ok(ApiJson(row.to_member()))
}

/// `GET /api/v1/staff/programmes`
pub async fn list_programmes(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<Vec<Programme>>> {
    authz::authorize_general(&staff, Action::ListProgrammes)?;
    let rows = state.store.all_programmes().await?;
    Ok(ApiJson(
        rows.into_iter()
            .map(|p| Programme {
                id: p.id,
                name: p.name,
                starts_on: p.starts_on,
                ends_on: p.ends_on,
            })
            .collect(),
    ))
}

/// `POST /api/v1/staff/programmes`
pub async fn create_programme(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(request): ApiJson<NewProgramme>,
) -> AppResult<(StatusCode, ApiJson<Programme>)> {
    authz::authorize_general(&staff, Action::ManageProgrammes)?;
    let name = check_name(&request.name, "the name")?;
    if check_date(&request.ends_on)? < check_date(&request.starts_on)? {
        return Err(AppError::InvalidValue(
            "the programme ends before it starts".into(),
        ));
    }
    let row = state
        .store
        .create_programme(
            &name,
            &request.starts_on,
            &request.ends_on,
            state.clock.unix(),
            Some(&AuditEvent::general(
                &staff.staff_id,
                "programme.create",
                state.clock.unix(),
            )),
        )
        .await
        .map_err(taken("this programme name"))?;
    Ok((
        StatusCode::CREATED,
        ApiJson(Programme {
            id: row.id,
            name: row.name,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
        }),
    ))
}

/// The counsellor to assign must be an active counsellor account.
async fn check_counsellor(state: &AppState, id: &str) -> Result<(), AppError> {
    match state.store.staff_by_id(id).await? {
        Some(s) if s.role == StaffRole::Counsellor && s.disabled_at.is_none() => Ok(()),
        _ => Err(AppError::InvalidValue("no such counsellor".into())),
    }
}

async fn letter(
    state: &AppState,
    participant_id: &str,
    code: String,
) -> Result<AccessLetter, AppError> {
    let p = state
        .store
        .participant(participant_id)
        .await?
        .ok_or(AppError::NotFound("participant"))?;
    Ok(AccessLetter {
        participant_id: p.id,
        display_name: p.display_name,
        programme: p.programme_name,
        qr_image: totp::qr_data_uri(&code)?,
        code,
    })
}

/// `POST /api/v1/staff/participants`: creates a participant and returns the
/// access letter. The code exists only in this answer (the server keeps its hash).
pub async fn create_participant(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(request): ApiJson<NewParticipant>,
) -> AppResult<(StatusCode, ApiJson<AccessLetter>)> {
    authz::authorize_general(&staff, Action::CreateParticipant)?;
    let name = check_name(&request.display_name, "the name")?;
    state
        .store
        .programme(&request.programme_id)
        .await?
        .ok_or_else(|| AppError::InvalidValue("no such programme".into()))?;
    if let Some(c) = &request.counsellor_id {
        check_counsellor(&state, c).await?;
    }
    let (code, hash) = auth::new_access_code()?;
    let now = state.clock.unix();
    let audit = AuditEvent {
        actor_id: staff.staff_id.clone(),
        acting_for: None,
        participant_id: None,
        action: "participant.create",
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
            now,
            Some(&audit),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        ApiJson(letter(&state, &id, code).await?),
    ))
}

/// `PATCH /api/v1/staff/participants/{id}`: assign a counsellor, set the exit date.
pub async fn update_participant(
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
        (Some(_), None) => "participant.assign",
        (None, Some(_)) => "participant.exit_date",
        _ => "participant.update",
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
pub async fn reissue_code(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<AccessLetter>> {
    let access = authz::authorize(&state, &staff, Action::ManageParticipant, &id).await?;
    let (code, hash) = auth::new_access_code()?;
    state
        .store
        .reissue_access_code(
            &id,
            &hash,
            Some(&access.event("code.reissue", state.clock.unix())),
        )
        .await?;
    Ok(ApiJson(letter(&state, &id, code).await?))
}

/// `GET /api/v1/staff/delegations`: an admin sees all; a counsellor those they
/// gave or received.
pub async fn list_delegations(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<Vec<Delegation>>> {
    let all = staff.role == StaffRole::Admin;
    Ok(ApiJson(
        state
            .store
            .delegations(if all { None } else { Some(&staff.staff_id) })
            .await?,
    ))
}

/// `POST /api/v1/staff/delegations`: an admin, or the caseload owner, names a
/// substitute for a date range. It ends by itself after `ends_on`.
pub async fn create_delegation(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(request): ApiJson<NewDelegation>,
) -> AppResult<(StatusCode, ApiJson<Delegation>)> {
    let relation = if request.owner_id == staff.staff_id {
        Relation::Own
    } else {
        Relation::Foreign
    };
    if !authz::decide(staff.role, Action::ManageDelegation, relation) {
        return Err(AppError::Forbidden);
    }
    if check_date(&request.ends_on)? < check_date(&request.starts_on)? {
        return Err(AppError::InvalidValue(
            "the delegation ends before it starts".into(),
        ));
    }
    if request.owner_id == request.substitute_id {
        return Err(AppError::InvalidValue(
            "a counsellor cannot substitute for themselves".into(),
        ));
    }
    check_counsellor(&state, &request.owner_id).await?;
    check_counsellor(&state, &request.substitute_id).await?;
    let id = state
        .store
        .create_delegation(
            &request.owner_id,
            &request.substitute_id,
            &request.starts_on,
            &request.ends_on,
            &staff.staff_id,
            state.clock.unix(),
            // No participant: a delegation concerns a whole caseload.
            &AuditEvent {
                acting_for: Some(request.owner_id.clone()),
                ..AuditEvent::general(&staff.staff_id, "delegation.grant", state.clock.unix())
            },
        )
        .await?;
    tracing::info!(actor = %staff.staff_id, delegation = %id, "delegation granted");
    let d = state
        .store
        .delegation(&id)
        .await?
        .ok_or(AppError::NotFound("delegation"))?;
    Ok((StatusCode::CREATED, ApiJson(d)))
}

/// `DELETE /api/v1/staff/delegations/{id}`: revoke at once (admin or owner).
pub async fn revoke_delegation(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let d = state
        .store
        .delegation(&id)
        .await?
        .ok_or(AppError::NotFound("delegation"))?;
    let relation = if d.owner_id == staff.staff_id {
        Relation::Own
    } else {
        Relation::Foreign
    };
    if !authz::decide(staff.role, Action::ManageDelegation, relation) {
        return Err(AppError::NotFound("delegation"));
    }
    state
        .store
        .revoke_delegation(
            &id,
            state.clock.unix(),
            &AuditEvent {
                acting_for: Some(d.owner_id.clone()),
                ..AuditEvent::general(&staff.staff_id, "delegation.revoke", state.clock.unix())
            },
        )
        .await?;
    tracing::info!(actor = %staff.staff_id, delegation = %id, "delegation revoked");
    Ok(StatusCode::NO_CONTENT)
}
