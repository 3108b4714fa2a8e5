//! One module per route; each page loads its own data. (`privacy` holds the
//! notice's parts for the consent page and "my data"; the public notice at
//! `/privacy` is a page from the server.)

mod career;
mod consent;
mod my_audit;
mod my_data;
mod my_skills;
mod overview;
mod privacy;
pub mod questionnaire;
mod result;

use leptos::html;
use leptos::prelude::*;

pub use career::MyCareer;
pub use consent::Consent;
pub use my_audit::{MyAudit, MyReport};
pub use my_data::MyDataPage;
pub use my_skills::MySkills;
pub use overview::Overview;
pub use questionnaire::Questionnaire;
pub use result::{ReportPage, ResultPage};

use crate::components::page_setup;
use crate::i18n::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("common.not_found").to_owned());
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("common.not_found")}</h1>
        <p><a href="/" rel="external">{move || i18n.t("common.to_start")}</a></p>
    }
}

/// Shows `children` to a signed-in participant; sends everyone else to sign-in,
/// and a participant who has not accepted the current privacy notice to the
/// consent page (unless the page is one they may use before, e.g. "my data").
#[component]
pub fn RequireSession(
    children: ChildrenFn,
    #[prop(optional)] allow_without_consent: bool,
) -> impl IntoView {
    let session = crate::app::use_session();
    let i18n = use_i18n();
    // A memo, so the page is not rebuilt when the session details merely refresh.
    let access = Memo::new(move |_| {
        (
            session.checked.get(),
            session
                .info
                .with(|s| s.as_ref().map(|s| s.consent_required)),
        )
    });
    move || match access.get() {
        (false, _) => {
            // Not known (offline): the page says so instead of the server's
            // first screen, whose controls would not work.
            crate::reveal_page();
            view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any()
        }
        // Ordinary page loads, whichever app this is: sign-in is the
        // server's page, and the questionnaire's app has no router.
        (true, None) => {
            crate::replace_page("/");
            ().into_any()
        }
        (true, Some(true)) if !allow_without_consent => {
            crate::replace_page("/consent");
            ().into_any()
        }
        (true, Some(_)) => children().into_any(),
    }
}
