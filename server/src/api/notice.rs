//! The privacy notice, readable without signing in.

use axum::extract::{Query, State};
use lotse_shared::Lang;
use lotse_shared::api::Notice;
use serde::Deserialize;

use crate::AppState;
use crate::api::openapi::errors;
use crate::domain::notice;
use crate::http::error::{ApiJson, AppError, AppResult};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NoticeQuery {
    /// The language tag (`de`, `de-x-easy`, `en`, `nl`, `bg`); German if absent.
    lang: Option<String>,
    /// An earlier version of the notice; the current one if absent.
    version: Option<u32>,
}

/// `GET /api/v1/notice?lang=de[&version=2]`: the current privacy notice, or an
/// earlier version (for the consent history); no sign-in needed.
#[utoipa::path(
    get,
    path = "/notice",
    operation_id = "notice_get",
    tag = "session",
    params(NoticeQuery),
    responses(
        (status = 200, description = "The privacy notice", body = Notice),
        (status = 404, response = errors::NotFound),
        (status = 422, response = errors::InvalidValue),
        (status = 500, response = errors::Internal),
    ),
)]
pub async fn get(
    State(state): State<AppState>,
    query: Result<Query<NoticeQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<ApiJson<Notice>> {
    let Query(query) = query.map_err(|e| AppError::InvalidValue(e.body_text()))?;
    let lang = match query.lang.as_deref() {
        None => Lang::De,
        Some(tag) => Lang::from_tag(tag)
            .ok_or_else(|| AppError::InvalidValue(format!("no notice in language {tag:?}")))?,
    };
    let found = match query.version {
        Some(version) => notice::version_in(&*state.store, version, lang).await?,
        None => notice::current(&*state.store, lang).await?,
    };
    found
        .map(ApiJson)
        .ok_or(AppError::NotFound("privacy notice"))
}
