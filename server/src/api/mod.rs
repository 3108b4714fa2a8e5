//! The JSON API under `/api/v1`, one module per resource. A resource that
//! both roles reach (competences, the data sheet, the agency report, consent,
//! the audit trail, wishes and the work profile in `career`, suggestions in
//! `vacancies`) keeps both in its module: the staff handlers work on
//! `/staff/participants/{id}/...`, the participant's own under `/me/...` are
//! named `my_*`. Sign-in lives in `session` and `staff_session`; what
//! several modules share (audited reads, input checks) in `common`; the
//! OpenAPI document of all routes, generated from the handlers, in `openapi`.

mod audit;
mod breaches;
mod career;
mod common;
mod competences;
mod consent;
mod datasheet;
mod delegations;
mod me;
mod modules;
mod notice;
pub mod openapi;
mod organisation;
mod participants;
mod programmes;
mod register;
mod reports;
mod requests;
mod results;
mod session;
mod staff;
mod staff_session;
mod statistics;
mod vacancies;

use axum::Router;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::http::error::AppError;

pub use openapi::document as openapi_document;

/// Routes below `/api/v1`, with the fallbacks that answer an unknown path or
/// method in the API's error shape.
pub fn router() -> Router<AppState> {
    let (router, _) = routes().split_for_parts();
    router
        .fallback(|| async { AppError::NotFound("API endpoint") })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
}

/// Every route with its OpenAPI operation. Routes are added only through
/// `routes!`, which takes both from the handler's `#[utoipa::path]`, so the
/// router and `openapi.json` cannot disagree; the handlers of one path go
/// into one `routes!` (a path's methods form one axum `MethodRouter`).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(openapi::serve))
        .routes(routes!(
            session::sign_in,
            session::current,
            session::sign_out
        ))
        .routes(routes!(modules::list))
        .routes(routes!(modules::skip))
        .routes(routes!(results::list, results::submit))
        .routes(routes!(notice::get))
        .routes(routes!(organisation::get))
        .routes(routes!(consent::get, consent::decide, consent::change))
        .routes(routes!(me::get))
        .routes(routes!(me::export))
        .routes(routes!(me::erase))
        .routes(routes!(me::draft_key))
        .routes(routes!(breaches::mine))
        // The participant's view of staff-side data.
        .routes(routes!(audit::my_list))
        .routes(routes!(competences::my_list, competences::my_add))
        .routes(routes!(competences::my_update, competences::my_delete))
        .routes(routes!(datasheet::my_get))
        .routes(routes!(reports::my_get))
        .routes(routes!(reports::agree))
        .routes(routes!(reports::decline))
        .routes(routes!(career::my_occupations))
        .routes(routes!(career::my_wishes, career::my_add_wish))
        .routes(routes!(career::my_remove_wish))
        .routes(routes!(
            career::my_profile,
            career::my_put_profile,
            career::my_remove_profile
        ))
        .routes(routes!(vacancies::my_suggestions))
        // Staff.
        .routes(routes!(
            staff_session::sign_in,
            staff_session::current,
            staff_session::sign_out
        ))
        .routes(routes!(staff_session::totp_step))
        .routes(routes!(staff_session::enrolment))
        .routes(routes!(staff_session::change_password))
        .routes(routes!(staff::list, staff::create))
        .routes(routes!(organisation::status, organisation::put))
        .routes(routes!(
            organisation::notice_sources,
            organisation::publish_notice
        ))
        .routes(routes!(organisation::preview_notice))
        .routes(routes!(staff::update))
        .routes(routes!(programmes::list, programmes::create))
        .routes(routes!(programmes::set_dates))
        .routes(routes!(participants::caseload, participants::create))
        .routes(routes!(participants::get, participants::update))
        .routes(routes!(participants::reissue_code))
        .routes(routes!(participants::hold, participants::lift_hold))
        .routes(routes!(requests::restrict, requests::lift))
        .routes(routes!(requests::tell_lift))
        .routes(routes!(requests::correct))
        .routes(routes!(requests::list, requests::record))
        .routes(routes!(requests::identity))
        .routes(routes!(requests::close))
        .routes(routes!(requests::export))
        .routes(routes!(requests::erase))
        .routes(routes!(requests::told))
        .routes(routes!(results::of_participant))
        .routes(routes!(modules::release))
        .routes(routes!(competences::list, competences::add))
        .routes(routes!(competences::update, competences::delete))
        .routes(routes!(datasheet::get, datasheet::put))
        .routes(routes!(reports::get, reports::put))
        .routes(routes!(reports::release))
        .routes(routes!(reports::export))
        .routes(routes!(audit::list))
        .routes(routes!(
            consent::counsellor_status,
            consent::counsellor_record,
            consent::office_accept
        ))
        .routes(routes!(consent::signed_copy))
        .routes(routes!(consent::guardian_record))
        .routes(routes!(delegations::list, delegations::create))
        .routes(routes!(delegations::revoke))
        .routes(routes!(breaches::list, breaches::record))
        .routes(routes!(breaches::reported))
        .routes(routes!(breaches::update))
        .routes(routes!(breaches::link))
        .routes(routes!(breaches::unlink))
        .routes(routes!(breaches::notify))
        .routes(routes!(register::get))
        .routes(routes!(statistics::get))
        .routes(routes!(career::occupations))
        .routes(routes!(career::wishes, career::add_wish))
        .routes(routes!(career::remove_wish))
        .routes(routes!(career::profile, career::put_profile))
        .routes(routes!(vacancies::list, vacancies::add))
        .routes(routes!(vacancies::remove))
        .routes(routes!(vacancies::list_suggestions))
        .routes(routes!(vacancies::share))
        .merge(
            // A file of vacancies is larger than any other request.
            OpenApiRouter::new()
                .routes(routes!(vacancies::import))
                .layer(axum::extract::DefaultBodyLimit::max(
                    vacancies::MAX_IMPORT_BYTES,
                )),
        )
}

/// `GET /api/v1/health`: answers while the server runs; it does not touch the store.
#[utoipa::path(
    get,
    path = "/health",
    operation_id = "health",
    tag = "meta",
    responses((status = 200, description = "The server runs", body = String, example = "ok")),
)]
async fn health() -> &'static str {
    "ok"
}
