//! The JSON API under `/api/v1`, one module per resource. A resource that
//! both roles reach (competences, the data sheet, the agency report, consent,
//! the audit trail) keeps both in its module: the staff handlers work on
//! `/staff/participants/{id}/...`, the participant's own under `/me/...` are
//! named `my_*`. Sign-in lives in `session` and `staff_session`; what
//! several modules share (audited reads, input checks) in `common`.

mod audit;
mod breaches;
mod common;
mod competences;
mod consent;
mod datasheet;
mod delegations;
mod me;
mod modules;
mod notice;
mod organisation;
mod participants;
mod programmes;
mod reports;
mod results;
mod session;
mod staff;
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
        .route("/notice", get(notice::get))
        .route("/organisation", get(organisation::get))
        .route(
            "/consent",
            get(consent::get).post(consent::decide).put(consent::change),
        )
        .route("/me", get(me::get))
        .route("/me/export", get(me::export))
        .route("/me/erase", post(me::erase))
        .route("/me/draft-key", get(me::draft_key))
        // The participant's view of staff-side data.
        .route("/me/audit", get(audit::my_list))
        .route(
            "/me/competences",
            get(competences::my_list).post(competences::my_add),
        )
        .route(
            "/me/competences/{cid}",
            put(competences::my_update).delete(competences::my_delete),
        )
        .route("/me/datasheet", get(datasheet::my_get))
        .route("/me/report", get(reports::my_get))
        .route("/me/report/agree", post(reports::agree))
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
        .route("/staff/staff", get(staff::list).post(staff::create))
        .route(
            "/staff/organisation",
            get(organisation::status).put(organisation::put),
        )
        .route(
            "/staff/notice",
            get(organisation::notice_sources).post(organisation::publish_notice),
        )
        .route("/staff/notice/preview", post(organisation::preview_notice))
        .route("/staff/staff/{id}", axum::routing::patch(staff::update))
        .route(
            "/staff/programmes",
            get(programmes::list).post(programmes::create),
        )
        .route(
            "/staff/participants",
            get(participants::caseload).post(participants::create),
        )
        .route(
            "/staff/participants/{id}",
            get(participants::get).patch(participants::update),
        )
        .route(
            "/staff/participants/{id}/code",
            post(participants::reissue_code),
        )
        .route(
            "/staff/participants/{id}/results",
            get(results::of_participant),
        )
        .route(
            "/staff/participants/{id}/modules/{instrument}",
            put(modules::release),
        )
        .route(
            "/staff/participants/{id}/competences",
            get(competences::list).post(competences::add),
        )
        .route(
            "/staff/participants/{id}/competences/{cid}",
            put(competences::update).delete(competences::delete),
        )
        .route(
            "/staff/participants/{id}/datasheet",
            get(datasheet::get).put(datasheet::put),
        )
        .route(
            "/staff/participants/{id}/report",
            get(reports::get).put(reports::put),
        )
        .route(
            "/staff/participants/{id}/report/release",
            post(reports::release),
        )
        .route(
            "/staff/participants/{id}/reports/{rid}",
            get(reports::export),
        )
        .route("/staff/participants/{id}/audit", get(audit::list))
        .route(
            "/staff/participants/{id}/consent",
            get(consent::counsellor_status).put(consent::counsellor_record),
        )
        .route(
            "/staff/delegations",
            get(delegations::list).post(delegations::create),
        )
        .route(
            "/staff/delegations/{id}",
            axum::routing::delete(delegations::revoke),
        )
        .route(
            "/staff/breaches",
            get(breaches::list).post(breaches::record),
        )
        .route("/staff/breaches/{id}/reported", post(breaches::reported))
        .fallback(|| async { AppError::NotFound("API endpoint") })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
}
