//! The organisation's profile: public to read (the notice, the consent screen
//! and the footer show it before anyone signs in), edited by admins; and the
//! admins' side of the privacy notice (its sources, preview, publish).

use axum::extract::State;
use axum::http::StatusCode;
use lotse_shared::api::{
    Notice, NoticeDraft, NoticeSource, NoticeSources, OrganisationProfile, OrganisationStatus,
    PublishedNotice,
};

use crate::AppState;
use crate::api::openapi::errors;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::domain::notice::{self, NoticeSettings};
use crate::domain::organisation;
use crate::http::error::{ApiJson, AppResult};

/// `GET /api/v1/organisation`: who runs Lotse here; no sign-in needed.
#[utoipa::path(
    get,
    path = "/organisation",
    operation_id = "organisation_get",
    tag = "session",
    responses(
        (status = 200, description = "The organisation's profile (public: the sign-in page shows it)", body = OrganisationProfile),
        (status = 500, response = errors::Internal),
    ),
)]
pub async fn get(State(state): State<AppState>) -> AppResult<ApiJson<OrganisationProfile>> {
    Ok(ApiJson(organisation::load(&*state.store).await?))
}

/// `GET /api/v1/staff/organisation`: the profile and what is still missing.
#[utoipa::path(
    get,
    path = "/staff/organisation",
    operation_id = "organisation_status",
    tag = "staff",
    responses(
        (status = 200, description = "The profile and what is missing", body = OrganisationStatus),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn status(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<OrganisationStatus>> {
    authz::authorize_general(&staff, Action::ManageOrganisation)?;
    let profile = organisation::load(&*state.store).await?;
    Ok(ApiJson(OrganisationStatus {
        missing: profile.missing(),
        profile,
    }))
}

/// `PUT /api/v1/staff/organisation`: replaces the profile (incomplete is
/// allowed; the answer says what is still missing).
#[utoipa::path(
    put,
    path = "/staff/organisation",
    operation_id = "organisation_put",
    tag = "staff",
    request_body = OrganisationProfile,
    responses(
        (status = 200, description = "Saved; the privacy notice follows the profile", body = OrganisationStatus),
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
pub async fn put(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(profile): ApiJson<OrganisationProfile>,
) -> AppResult<ApiJson<OrganisationStatus>> {
    authz::authorize_general(&staff, Action::ManageOrganisation)?;
    let profile = organisation::validate(&profile)?;
    let now = state.clock.unix();
    state.store.save_organisation(&profile, now).await?;
    // The notice names the organisation: a changed profile is a new version.
    notice::sync(
        &*state.store,
        NoticeSettings::from_config(&state.config),
        now,
    )
    .await?;
    Ok(ApiJson(OrganisationStatus {
        missing: profile.missing(),
        profile,
    }))
}

/// `GET /api/v1/staff/notice`: the current notice's sources, to start a new version from.
#[utoipa::path(
    get,
    path = "/staff/notice",
    operation_id = "organisation_notice_sources",
    tag = "staff",
    responses(
        (status = 200, description = "The current notice's sources and the placeholders they may use", body = NoticeSources),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn notice_sources(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<NoticeSources>> {
    authz::authorize_general(&staff, Action::ManageOrganisation)?;
    let version = notice::current_version(&*state.store).await?;
    let texts = state
        .store
        .notice_texts(version)
        .await?
        .into_iter()
        .map(|r| NoticeSource {
            lang: r.lang,
            origin: r.origin,
            source: r.source,
            published_at: r.published_at,
        })
        .collect();
    Ok(ApiJson(NoticeSources {
        version,
        texts,
        placeholders: notice::PLACEHOLDERS.iter().map(|&p| p.to_owned()).collect(),
    }))
}

/// `POST /api/v1/staff/notice/preview`: the notice as participants would see
/// it; nothing is stored.
#[utoipa::path(
    post,
    path = "/staff/notice/preview",
    operation_id = "organisation_preview_notice",
    tag = "staff",
    request_body = NoticeDraft,
    responses(
        (status = 200, description = "The notice as it would be published", body = Notice),
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
pub async fn preview_notice(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(draft): ApiJson<NoticeDraft>,
) -> AppResult<ApiJson<Notice>> {
    authz::authorize_general(&staff, Action::ManageOrganisation)?;
    let profile = organisation::require_complete(&*state.store).await?;
    let next = notice::current_version(&*state.store).await? + 1;
    let settings = NoticeSettings::from_config(&state.config);
    let source = notice::check_source(&draft.source)?;
    let (_, shown) = notice::preview(&source, draft.lang, next, &profile, settings)?;
    Ok(ApiJson(shown))
}

/// `POST /api/v1/staff/notice`: publishes a new version; every participant is
/// asked again at their next sign-in.
#[utoipa::path(
    post,
    path = "/staff/notice",
    operation_id = "organisation_publish_notice",
    tag = "staff",
    request_body = NoticeDraft,
    responses(
        (status = 201, description = "Published as a new version", body = PublishedNotice),
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
pub async fn publish_notice(
    State(state): State<AppState>,
    staff: StaffSession,
    ApiJson(draft): ApiJson<NoticeDraft>,
) -> AppResult<(StatusCode, ApiJson<PublishedNotice>)> {
    authz::authorize_general(&staff, Action::ManageOrganisation)?;
    let version = notice::publish(
        &*state.store,
        draft.lang,
        &draft.source,
        NoticeSettings::from_config(&state.config),
        state.clock.unix(),
        Some(&staff.staff_id),
    )
    .await?;
    Ok((StatusCode::CREATED, ApiJson(PublishedNotice { version })))
}
