//! One module per route; each page loads its own data.

mod my_audit;
mod overview;
pub mod questionnaire;
mod result;
mod sign_in;

use leptos::html;
use leptos::prelude::*;

pub use my_audit::{MyAudit, MyReport};
pub use overview::Overview;
pub use questionnaire::Questionnaire;
pub use result::ResultPage;
pub use sign_in::SignIn;

use crate::components::page_setup;
use crate::i18n::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("common.not_found").to_owned());
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("common.not_found")}</h1>
        <p><a href="/">{move || i18n.t("common.to_start")}</a></p>
    }
}

/// Shows `children` to a signed-in participant; sends everyone else to sign-in.
#[component]
pub fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let session = crate::app::use_session();
    let i18n = use_i18n();
    // A memo, so the page is not rebuilt when the session details merely refresh.
    let access = Memo::new(move |_| (session.checked.get(), session.info.with(Option::is_some)));
    move || match access.get() {
        (false, _) => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
        (true, false) => view! { <leptos_router::components::Redirect path="/"/> }.into_any(),
        (true, true) => children().into_any(),
    }
}
