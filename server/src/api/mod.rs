//! The JSON API under `/api/v1`, one module per resource.

mod modules;
mod results;
mod rights;
mod session;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;
use crate::error::AppError;

/// Routes below `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/session",
            post(session::sign_in)
                .get(session::current)
                .delete(session::sign_out),
        )
        .route("/modules", get(modules::list))
        .route("/modules/{instrument}/skip", post(modules::skip))
        .route("/results", get(results::list).post(results::submit))
        .route("/notice", get(rights::get_notice))
        .route(
            "/consent",
            get(rights::get_consent)
                .post(rights::decide)
                .put(rights::change),
        )
        .route("/me", get(rights::me))
        .route("/me/export", get(rights::export))
        .route("/me/erase", post(rights::erase))
        .fallback(|| async { AppError::NotFound("API endpoint") })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
}
