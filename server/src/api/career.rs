//! Modules 1 and 2 outside the questionnaire: the occupation catalogue
//! (ESCO), occupational wishes, and the work profile (activities, mobility,
//! working time, start, languages, qualifications). The participant records
//! their own (`/me/...`); the counsellor records them with the participant
//! (audited, only once the participant accepted the current notice). The
//! work profile is module 2: written only while the counsellor has released
//! it, and the participant may decline it by removing it.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use lotse_shared::api::{
    AuditAction, ModuleState, NewWish, Occupation, OccupationList, OccupationQuery, OccupationWish,
    RecordedBy, StoredWorkProfile, WorkProfile,
};

use super::common::Path;
use crate::AppState;
use crate::api::common::audited;
use crate::api::openapi::errors;
use crate::auth::ParticipantSession;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::db::{DbError, ProfileWrite};
use crate::domain::{occupation, rights, work_profile};
use crate::http::error::{ApiJson, AppError, AppResult};

/// Most occupations one search answers with.
const SEARCH_LIMIT: usize = 20;
/// The languages with Lotse's own ISCO group labels.
const GROUP_LANGUAGES: [&str; 4] = ["de", "de-x-easy", "nl", "bg"];

/// A catalogue occupation as the API shows it.
pub(crate) fn shown(o: &occupation::Occupation) -> Occupation {
    Occupation {
        id: o.id.to_owned(),
        code: o.code.to_owned(),
        isco: o.isco.to_owned(),
        label: o.label.to_owned(),
        group_labels: GROUP_LANGUAGES
            .iter()
            .map(|&lang| (lang.to_owned(), occupation::local_label(o, lang).to_owned()))
            .collect(),
    }
}

/// An occupation named by ESCO URI, id or code, or an ISCO-08 unit group
/// (then with an empty id and the group's label).
pub(crate) fn resolve(code: &str) -> Option<Occupation> {
    let code = code.trim();
    let id = code
        .strip_prefix("http://data.europa.eu/esco/occupation/")
        .unwrap_or(code);
    if let Some(o) = occupation::find(id) {
        return Some(shown(o));
    }
    if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
        let label = occupation::group_label(code, "en")?;
        return Some(Occupation {
            id: String::new(),
            code: code.to_owned(),
            isco: code.to_owned(),
            label: label.to_owned(),
            group_labels: GROUP_LANGUAGES
                .iter()
                .filter_map(|&lang| {
                    (1..=3)
                        .rev()
                        .find_map(|d| occupation::group_label(code.get(..d)?, lang))
                        .map(|l| (lang.to_owned(), l.to_owned()))
                })
                .collect(),
        });
    }
    occupation::search(code, SEARCH_LIMIT)
        .into_iter()
        .find(|o| o.code == code)
        .map(shown)
}

/// Fills in the group labels of stored wishes (the rows keep ESCO's label).
fn with_labels(mut wishes: Vec<OccupationWish>) -> Vec<OccupationWish> {
    for wish in &mut wishes {
        with_group_labels(&mut wish.occupation);
    }
    wishes
}

/// Fills in the group labels a stored occupation does not keep, while the
/// catalogue still has it.
pub(crate) fn with_group_labels(stored: &mut Occupation) {
    if let Some(o) = occupation::find(&stored.id) {
        stored.group_labels = shown(o).group_labels;
    }
}

fn search(query: &OccupationQuery) -> Result<OccupationList, AppError> {
    if query.q.chars().count() > 100 || query.q.chars().any(char::is_control) {
        return Err(AppError::InvalidValue(
            "the search has at most 100 characters and no control characters".into(),
        ));
    }
    Ok(OccupationList {
        occupations: occupation::search(&query.q, SEARCH_LIMIT)
            .into_iter()
            .map(shown)
            .collect(),
        source: occupation::SOURCE.to_owned(),
    })
}

fn query_rejection(rejection: &axum::extract::rejection::QueryRejection) -> AppError {
    AppError::InvalidValue(format!("the query is not valid: {rejection}"))
}

/// The wish to record: the occupation must be in the catalogue.
fn wished(input: &NewWish) -> Result<Occupation, AppError> {
    occupation::find(input.occupation_id.trim())
        .map(shown)
        .ok_or_else(|| AppError::InvalidValue("no occupation with this id in the catalogue".into()))
}

fn wish_taken(error: DbError) -> AppError {
    match error {
        DbError::Conflict => AppError::Conflict("this occupation is already a wish".into()),
        other => other.into(),
    }
}

/// `GET /api/v1/me/occupations?q=`
#[utoipa::path(
    get,
    path = "/me/occupations",
    operation_id = "occupations_my_search",
    tag = "participant",
    params(OccupationQuery),
    responses(
        (status = 200, description = "Occupations whose label has every word of the search (at most 20)", body = OccupationList),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn my_occupations(
    _session: ParticipantSession,
    query: Result<Query<OccupationQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<ApiJson<OccupationList>> {
    let Query(query) = query.map_err(|r| query_rejection(&r))?;
    Ok(ApiJson(search(&query)?))
}

/// `GET /api/v1/staff/occupations?q=`
#[utoipa::path(
    get,
    path = "/staff/occupations",
    operation_id = "occupations_search",
    tag = "staff",
    params(OccupationQuery),
    responses(
        (status = 200, description = "Occupations whose label has every word of the search (at most 20)", body = OccupationList),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn occupations(
    _staff: StaffSession,
    query: Result<Query<OccupationQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<ApiJson<OccupationList>> {
    let Query(query) = query.map_err(|r| query_rejection(&r))?;
    Ok(ApiJson(search(&query)?))
}

/// `GET /api/v1/me/wishes`
#[utoipa::path(
    get,
    path = "/me/wishes",
    operation_id = "wishes_my_list",
    tag = "participant",
    responses(
        (status = 200, description = "My occupational wishes", body = Vec<OccupationWish>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn my_wishes(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<Vec<OccupationWish>>> {
    Ok(ApiJson(with_labels(
        state.store.wishes(&session.participant_id).await?,
    )))
}

/// `POST /api/v1/me/wishes`
#[utoipa::path(
    post,
    path = "/me/wishes",
    operation_id = "wishes_my_add",
    tag = "participant",
    request_body = NewWish,
    responses(
        (status = 201, description = "Recorded; all my wishes", body = Vec<OccupationWish>),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 409, response = errors::Conflict),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn my_add_wish(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(input): ApiJson<NewWish>,
) -> AppResult<(StatusCode, ApiJson<Vec<OccupationWish>>)> {
    let occupation = wished(&input)?;
    let id = &session.participant_id;
    state
        .store
        .add_wish(id, &occupation, state.clock.unix(), None)
        .await
        .map_err(wish_taken)?;
    Ok((
        StatusCode::CREATED,
        ApiJson(with_labels(state.store.wishes(id).await?)),
    ))
}

/// `DELETE /api/v1/me/wishes/{wid}`
#[utoipa::path(
    delete,
    path = "/me/wishes/{wid}",
    operation_id = "wishes_my_remove",
    tag = "participant",
    params(("wid" = String, Path, description = "The wish's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn my_remove_wish(
    State(state): State<AppState>,
    session: ParticipantSession,
    Path(wid): Path<String>,
) -> AppResult<StatusCode> {
    if !state
        .store
        .remove_wish(&session.participant_id, &wid, None)
        .await?
    {
        return Err(AppError::NotFound("wish"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/staff/participants/{id}/wishes`
#[utoipa::path(
    get,
    path = "/staff/participants/{id}/wishes",
    operation_id = "wishes_list",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "The participant's occupational wishes (the read is audited)", body = Vec<OccupationWish>),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn wishes(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<Vec<OccupationWish>>> {
    let access = authz::authorize(&state, &staff, Action::ViewProfile, &id).await?;
    audited(&state, &access, AuditAction::ProfileView).await?;
    Ok(ApiJson(with_labels(state.store.wishes(&id).await?)))
}

/// `POST /api/v1/staff/participants/{id}/wishes`
#[utoipa::path(
    post,
    path = "/staff/participants/{id}/wishes",
    operation_id = "wishes_add",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    request_body = NewWish,
    responses(
        (status = 201, description = "Recorded; all the participant's wishes", body = Vec<OccupationWish>),
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
pub async fn add_wish(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<NewWish>,
) -> AppResult<(StatusCode, ApiJson<Vec<OccupationWish>>)> {
    let access = authz::authorize(&state, &staff, Action::EditProfile, &id).await?;
    rights::require_notice_accepted(&*state.store, &id).await?;
    let occupation = wished(&input)?;
    let now = state.clock.unix();
    state
        .store
        .add_wish(
            &id,
            &occupation,
            now,
            Some(&access.event(AuditAction::WishAdd, now)),
        )
        .await
        .map_err(wish_taken)?;
    Ok((
        StatusCode::CREATED,
        ApiJson(with_labels(state.store.wishes(&id).await?)),
    ))
}

/// `DELETE /api/v1/staff/participants/{id}/wishes/{wid}`
#[utoipa::path(
    delete,
    path = "/staff/participants/{id}/wishes/{wid}",
    operation_id = "wishes_remove",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id"), ("wid" = String, Path, description = "The wish's id")),
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
pub async fn remove_wish(
    State(state): State<AppState>,
    staff: StaffSession,
    Path((id, wid)): Path<(String, String)>,
) -> AppResult<StatusCode> {
    let access = authz::authorize(&state, &staff, Action::EditProfile, &id).await?;
    let now = state.clock.unix();
    if !state
        .store
        .remove_wish(&id, &wid, Some(&access.event(AuditAction::WishRemove, now)))
        .await?
    {
        return Err(AppError::NotFound("wish"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/me/profile`
#[utoipa::path(
    get,
    path = "/me/profile",
    operation_id = "profile_my_get",
    tag = "participant",
    responses(
        (status = 200, description = "My work profile (empty while nothing was recorded)", body = StoredWorkProfile),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn my_profile(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<ApiJson<StoredWorkProfile>> {
    Ok(ApiJson(
        state.store.work_profile(&session.participant_id).await?,
    ))
}

/// `PUT /api/v1/me/profile`
#[utoipa::path(
    put,
    path = "/me/profile",
    operation_id = "profile_my_put",
    tag = "participant",
    request_body = WorkProfile,
    responses(
        (status = 200, description = "Saved, as stored", body = StoredWorkProfile),
        (status = 400, response = errors::InvalidBody),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 409, response = errors::Conflict),
        (status = 413, response = errors::PayloadTooLarge),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn my_put_profile(
    State(state): State<AppState>,
    session: ParticipantSession,
    ApiJson(input): ApiJson<WorkProfile>,
) -> AppResult<ApiJson<StoredWorkProfile>> {
    let profile = work_profile::check(input)?;
    let id = &session.participant_id;
    // A skipped part can still be taken up, as a skipped questionnaire can.
    let written = state
        .store
        .put_work_profile(
            id,
            &profile,
            RecordedBy::Participant,
            &[
                ModuleState::Released,
                ModuleState::Skipped,
                ModuleState::Done,
            ],
            state.clock.unix(),
            None,
        )
        .await?;
    closed(written)?;
    Ok(ApiJson(state.store.work_profile(id).await?))
}

/// `DELETE /api/v1/me/profile`: the participant declines module 2, also
/// after filling it in: the work profile is removed (if there is one) and
/// the module marked skipped. Declining twice is declining once. The
/// counsellor can release it again.
#[utoipa::path(
    delete,
    path = "/me/profile",
    operation_id = "profile_my_remove",
    tag = "participant",
    responses(
        (status = 204, description = "No work profile is stored; the activities module is skipped"),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::ForbiddenWrite),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [], "csrf" = [])),
)]
pub async fn my_remove_profile(
    State(state): State<AppState>,
    session: ParticipantSession,
) -> AppResult<StatusCode> {
    state
        .store
        .remove_work_profile(&session.participant_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The refusal when module 2 was not open for the write.
fn closed(written: ProfileWrite) -> AppResult<()> {
    match written {
        ProfileWrite::Stored => Ok(()),
        ProfileWrite::Closed(None) => Err(AppError::Conflict(
            "this part (module 2, activities) has not been released yet".into(),
        )),
        ProfileWrite::Closed(Some(_)) => Err(AppError::Conflict(
            "the participant skipped or declined this part; release it again if they want to take it up"
                .into(),
        )),
    }
}

/// `GET /api/v1/staff/participants/{id}/profile`
#[utoipa::path(
    get,
    path = "/staff/participants/{id}/profile",
    operation_id = "profile_get",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "The participant's work profile (the read is audited)", body = StoredWorkProfile),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn profile(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
) -> AppResult<ApiJson<StoredWorkProfile>> {
    let access = authz::authorize(&state, &staff, Action::ViewProfile, &id).await?;
    audited(&state, &access, AuditAction::ProfileView).await?;
    Ok(ApiJson(state.store.work_profile(&id).await?))
}

/// `PUT /api/v1/staff/participants/{id}/profile`
#[utoipa::path(
    put,
    path = "/staff/participants/{id}/profile",
    operation_id = "profile_put",
    tag = "staff",
    params(("id" = String, Path, description = "The participant's id")),
    request_body = WorkProfile,
    responses(
        (status = 200, description = "Saved, as stored", body = StoredWorkProfile),
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
pub async fn put_profile(
    State(state): State<AppState>,
    staff: StaffSession,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<WorkProfile>,
) -> AppResult<ApiJson<StoredWorkProfile>> {
    let access = authz::authorize(&state, &staff, Action::EditProfile, &id).await?;
    rights::require_notice_accepted(&*state.store, &id).await?;
    let profile = work_profile::check(input)?;
    let now = state.clock.unix();
    // Recorded together with the participant; a part they skipped or
    // declined stays theirs to take up.
    let written = state
        .store
        .put_work_profile(
            &id,
            &profile,
            RecordedBy::Staff,
            &[ModuleState::Released, ModuleState::Done],
            now,
            Some(&access.event(AuditAction::ProfileEdit, now)),
        )
        .await?;
    closed(written)?;
    Ok(ApiJson(state.store.work_profile(&id).await?))
}
