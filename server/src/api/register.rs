//! The record of processing (GDPR Art. 30) for the data protection officer
//! and the admin: every stored column classified (`db::register`), with the
//! controller and the configured legal bases from the organisation's profile.

use axum::extract::State;
use lotse_shared::Lang;
use lotse_shared::api::{ProcessingRegister, RetentionCategory, RetentionPeriod};

use crate::AppState;
use crate::api::openapi::errors;
use crate::auth::authz::{self, Action};
use crate::auth::staff::StaffSession;
use crate::db::register;
use crate::domain::{notice, retention};
use crate::http::error::{ApiJson, AppResult};

/// `GET /api/v1/staff/register`
#[utoipa::path(
    get,
    path = "/staff/register",
    operation_id = "register_get",
    tag = "staff",
    responses(
        (status = 200, description = "The record of processing: every stored column with its category, purpose, reason, legal basis, retention category and recipients", body = ProcessingRegister),
        (status = 401, response = errors::Unauthenticated),
        (status = 403, response = errors::Forbidden),
        (status = 500, response = errors::Internal),
    ),
    security(("session" = [])),
)]
pub async fn get(
    State(state): State<AppState>,
    staff: StaffSession,
) -> AppResult<ApiJson<ProcessingRegister>> {
    authz::authorize_general(&staff, Action::ViewRegister)?;
    let profile = state.store.organisation().await?.unwrap_or_default();
    // The register's own texts are English; the bases follow them.
    let (counselling_basis, health_basis) = notice::basis_words(&profile, Lang::En);
    Ok(ApiJson(ProcessingRegister {
        controller: profile.controller_name,
        dpo_contact: profile.dpo_contact,
        counselling_basis,
        health_basis,
        generated_at: state.clock.unix(),
        columns: register::columns(),
        periods: periods(&retention::Policy::from_config(&state.config)),
    }))
}

/// Every retention category with its period under `policy`.
fn periods(policy: &retention::Policy) -> Vec<RetentionPeriod> {
    use RetentionCategory as K;
    let after_end = "after the programme end, or an earlier exit; never while a legal hold lasts";
    let mut periods: Vec<RetentionPeriod> = std::iter::once(K::ParticipantRecord)
        .chain(retention::CATEGORIES)
        .map(|category| RetentionPeriod {
            category,
            months: Some(policy.months(category)),
            rule: format!("{} months {after_end}", policy.months(category)),
        })
        .collect();
    let requests = policy.months(K::RightsRequests);
    periods.push(RetentionPeriod {
        category: K::RightsRequests,
        months: Some(requests),
        rule: format!(
            "{requests} months after the request was answered or the recipient told; \
             open ones are kept, and never while a legal hold on the person lasts"
        ),
    });
    for (category, rule) in [
        (K::RequestLog, "IP addresses removed after 7 days"),
        (
            K::Sessions,
            "until sign-out, the idle timeout, or 12 hours at most",
        ),
        (K::StaffAccounts, "while the account exists"),
        (
            K::Accountability,
            "while needed to prove the duties were met (breaches, erasure receipts)",
        ),
        (K::NotPersonal, "while useful"),
    ] {
        periods.push(RetentionPeriod {
            category,
            months: None,
            rule: rule.to_owned(),
        });
    }
    periods
}
