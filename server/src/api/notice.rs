//! The privacy notice, readable without signing in.

use axum::extract::{Query, State};
use lotse_shared::Lang;
use lotse_shared::api::Notice;
use serde::Deserialize;

use crate::AppState;
use crate::domain::notice;
use crate::http::error::{ApiJson, AppError, AppResult};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeQuery {
    lang: Option<String>,
    version: Option<u32>,
}

/// `GET /api/v1/notice?lang=de[&version=2]`: the current privacy notice, or an
/// earlier version (for the consent history); no sign-in needed.
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
