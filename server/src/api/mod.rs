//! The JSON API under `/api/v1`, one module per resource.

mod breaches;
mod consent_with_counsellor;
mod dossier;

pub(crate) use dossier::report_overview;
mod me;
mod modules;
mod results;
mod rights;
mod session;
mod staff_admin;
mod staff_session;

use axum::Router;
use axum::routing::{get, post, put};

use crate::AppState;
use crate::http::error::AppError;

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
        // The participant's view of staff-side data.
        .route("/me/audit", get(me::audit))
        .route(
            "/me/competences",
            get(me::competences).post(me::add_competence),
        )
        .route(
            "/me/competences/{cid}",
            put(me::update_competence).delete(me::delete_competence),
        )
        .route("/me/datasheet", get(me::datasheet))
        .route("/me/report", get(me::report))
        .route("/me/report/agree", post(me::agree))
        // Staff.
        .route(
            "/staff/session",
            post(staff_session::sign_in)
                .get(staff_session::current)
                .delete(session::sign_out),
        )
        .route("/staff/session/totp", post(staff_session::totp_step))
        .route("/staff/session/enrolment", get(staff_session::enrolment))
        .route("/staff/me/password", put(staff_session::change_password))
        .route(
            "/staff/staff",
            get(staff_admin::list_staff).post(staff_admin::create_staff),
        )
        .route(
            "/staff/staff/{id}",
            axum::routing::patch(staff_admin::update_staff),
        )
        .route(
            "/staff/programmes",
            get(staff_admin::list_programmes).post(staff_admin::create_programme),
        )
        .route(
            "/staff/participants",
            get(dossier::caseload).post(staff_admin::create_participant),
        )
        .route(
            "/staff/participants/{id}",
            get(dossier::dossier).patch(staff_admin::update_participant),
        )
        .route(
            "/staff/participants/{id}/code",
            post(staff_admin::reissue_code),
        )
        .route("/staff/participants/{id}/results", get(dossier::results))
        .route(
            "/staff/participants/{id}/modules/{instrument}",
            put(dossier::release_module),
        )
        .route(
            "/staff/participants/{id}/competences",
            get(dossier::competences).post(dossier::add_competence),
        )
        .route(
            "/staff/participants/{id}/competences/{cid}",
            put(dossier::update_competence).delete(dossier::delete_competence),
        )
        .route(
            "/staff/participants/{id}/datasheet",
            get(dossier::datasheet).put(dossier::put_datasheet),
        )
        .route(
            "/staff/participants/{id}/report",
            get(dossier::report).put(dossier::put_report),
        )
        .route(
            "/staff/participants/{id}/report/release",
            post(dossier::release_report),
        )
        .route(
            "/staff/participants/{id}/reports/{rid}",
            get(dossier::export_report),
        )
        .route("/staff/participants/{id}/audit", get(dossier::audit))
        .route(
            "/staff/participants/{id}/consent",
            get(consent_with_counsellor::status).put(consent_with_counsellor::record),
        )
        .route(
            "/staff/delegations",
            get(staff_admin::list_delegations).post(staff_admin::create_delegation),
        )
        .route(
            "/staff/delegations/{id}",
            axum::routing::delete(staff_admin::revoke_delegation),
        )
        .route(
            "/staff/breaches",
            get(breaches::list).post(breaches::record),
        )
        .route("/staff/breaches/{id}/reported", post(breaches::reported))
        .fallback(|| async { AppError::NotFound("API endpoint") })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
}
