//! The privacy notice, readable without signing in.

use axum::extract::Query;
use lotse_shared::Lang;
use lotse_shared::api::Notice;
use serde::Deserialize;

use crate::domain::notice;
use crate::http::error::{ApiJson, AppError, AppResult};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeQuery {
    lang: Option<String>,
}

/// `GET /api/v1/notice?lang=de`: the current privacy notice; no sign-in needed.
pub async fn get(
    query: Result<Query<NoticeQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<ApiJson<Notice>> {
    let Query(query) = query.map_err(|e| AppError::InvalidValue(e.body_text()))?;
    let lang = match query.lang.as_deref() {
        None => Lang::De,
        Some(tag) => Lang::from_tag(tag)
            .ok_or_else(|| AppError::InvalidValue(format!("no notice in language {tag:?}")))?,
    };
    notice::current(lang)
        .map(ApiJson)
        .ok_or(AppError::NotFound("privacy notice"))
}
