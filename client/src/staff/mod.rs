//! The staff dashboard under `/staff`: sign-in with password and TOTP, the
//! caseload, a participant's dossier and the office pages. What each person may
//! see is decided by the server; these pages only show what it returns.

mod admin;
mod breaches;
mod caseload;
mod consent_record;
mod data_protection;
mod dossier;
mod figures;
mod final_report;
mod legal_hold;
mod matching;
mod organisation;
mod requests;
mod rights;
mod roles;
mod sign_in;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;
use lotse_shared::Lang;
use lotse_shared::api::{ErrorCode, StaffInfo, StaffRole};

pub use admin::AdminPage;
pub use caseload::Caseload;
pub use dossier::DossierPage;
pub use sign_in::StaffSignInPage;

use crate::api::Failure;
use crate::api_staff;
use crate::components::SkipLink;
use crate::components::live::LiveRegion;
use crate::i18n::{I18n, initial_lang, use_i18n};

/// The dashboard's shell: language, staff context, header and routes.
#[component]
pub fn StaffApp() -> impl IntoView {
    let i18n = I18n {
        lang: RwSignal::new(initial_lang()),
    };
    provide_context(i18n);
    provide_staff();
    Effect::new(move || {
        let tag = i18n.lang.get().tag();
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", tag);
        }
    });
    view! {
        <Router>
            <SkipLink/>
            <header class="site-header">
                <a class="brand" href="/staff">"Lotse"</a>
                <div class="header-tools">
                    <label class="lang-picker">
                        <span class="visually-hidden">{move || i18n.t("nav.language")}</span>
                        <select on:change=move |ev| {
                            if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                                i18n.switch(lang);
                            }
                        }>
                            {Lang::ALL.into_iter().map(|lang| view! {
                                <option value=lang.tag() selected=move || i18n.lang.get() == lang>
                                    {lang.native_name()}
                                </option>
                            }).collect_view()}
                        </select>
                    </label>
                </div>
            </header>
            <LiveRegion/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/staff") view=StaffSignInPage/>
                    <Route path=path!("/staff/caseload") view=Caseload/>
                    <Route path=path!("/staff/admin") view=AdminPage/>
                    <Route path=path!("/staff/dpo") view=data_protection::DataProtectionPage/>
                    <Route path=path!("/staff/figures") view=figures::FiguresPage/>
                    <Route path=path!("/staff/requests") view=requests::RequestsPage/>
                    <Route path=path!("/staff/participants/:id") view=DossierPage/>
                    <Route path=path!("/staff/vacancies") view=matching::VacanciesPage/>
                    <Route path=path!("/staff/participants/:id/final") view=final_report::FinalReportPage/>
                    <Route path=path!("/staff/participants/:id/consent-record") view=consent_record::ConsentRecordPage/>
                    <Route path=path!("/staff/participants/:id/reports/:rid") view=dossier::ReportPrintPage/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{move || i18n.t("staff.footer")}</p>
            </footer>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::components::page_setup(heading, move || i18n.t("common.not_found").to_owned());
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("common.not_found")}</h1>
        <p><a href="/staff">{move || i18n.t("staff.to_start")}</a></p>
    }
}

/// The signed-in staff member; `checked` turns true once the server was asked.
#[derive(Debug, Clone, Copy)]
pub struct StaffContext {
    pub info: RwSignal<Option<StaffInfo>>,
    pub checked: RwSignal<bool>,
}

/// Provides the staff context (asked lazily: participants never call it).
pub fn provide_staff() -> StaffContext {
    let ctx = StaffContext {
        info: RwSignal::new(None),
        checked: RwSignal::new(false),
    };
    provide_context(ctx);
    ctx
}

pub fn use_staff() -> StaffContext {
    expect_context::<StaffContext>()
}

/// Asks the server who is signed in, once per page load.
fn ensure_checked(ctx: StaffContext) {
    if !ctx.checked.get_untracked() {
        spawn_local(async move {
            ctx.info.set(api_staff::session().await.ok());
            ctx.checked.set(true);
        });
    }
}

/// The message for a failed staff call.
pub fn failure_text(i18n: I18n, failure: &Failure) -> &'static str {
    match failure {
        Failure::Api {
            code: ErrorCode::InvalidCredentials,
            ..
        } => i18n.t("staff.error_credentials"),
        Failure::Api {
            code: ErrorCode::NotFound,
            ..
        } => i18n.t("staff.error_not_found"),
        Failure::Api {
            code: ErrorCode::Conflict,
            ..
        } => i18n.t("staff.error_conflict"),
        // The participant's text speaks of a questionnaire result.
        Failure::Api {
            code: ErrorCode::InvalidValue | ErrorCode::InvalidBody,
            ..
        } => i18n.t("staff.error_invalid"),
        other => i18n.t(other.message_key()),
    }
}

/// Shows `children` to signed-in staff, or only to the roles `allow` accepts
/// (others get a page saying so, with the `denied` text); sends everyone not
/// signed in to the staff sign-in.
#[component]
pub fn RequireStaff(
    #[prop(optional)] allow: Option<fn(StaffRole) -> bool>,
    #[prop(default = "staff.not_for_role")] denied: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let ctx = use_staff();
    let i18n = use_i18n();
    ensure_checked(ctx);
    let access = Memo::new(move |_| {
        (
            ctx.checked.get(),
            ctx.info.with(|i| i.as_ref().map(|i| i.role)),
        )
    });
    move || match access.get() {
        (false, _) => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
        (true, None) => view! { <leptos_router::components::Redirect path="/staff"/> }.into_any(),
        (true, Some(role)) if allow.is_some_and(|allow| !allow(role)) => {
            view! { <StaffNav/><NotForRole denied=denied/> }.into_any()
        }
        (true, Some(_)) => view! { <StaffNav/>{children()} }.into_any(),
    }
}

/// A page outside the caller's role: a page of its own with a heading (and
/// the navigation to what the role may do), not a bare sentence.
#[component]
fn NotForRole(denied: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::components::page_setup(heading, move || i18n.t("a11y.no_access").to_owned());
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("a11y.no_access")}</h1>
        <p class="empty">{move || i18n.t(denied)}</p>
    }
}

/// Navigation between the dashboard's pages, with sign-out: each role sees
/// the pages its work needs and no link the server would refuse.
#[component]
fn StaffNav() -> impl IntoView {
    let ctx = use_staff();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let role_may = move |may: fn(StaffRole) -> bool| {
        move || ctx.info.with(|i| i.as_ref().is_some_and(|i| may(i.role)))
    };
    let name = move || {
        ctx.info.with(|i| {
            i.as_ref()
                .map(|i| i.display_name.clone())
                .unwrap_or_default()
        })
    };
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = api_staff::sign_out().await;
            ctx.info.set(None);
            navigate("/staff", NavigateOptions::default());
        });
    };
    view! {
        <nav class="staff-nav no-print" aria-label=move || i18n.t("staff.nav_label")>
            <ul>
                <li><a href="/staff/caseload">{move || i18n.t("staff.nav_caseload")}</a></li>
                <Show when=role_may(roles::counsels)>
                    <li><a href="/staff/vacancies">{move || i18n.t("jobs.vacancies")}</a></li>
                </Show>
                <Show when=role_may(roles::office_page)>
                    <li><a href="/staff/admin">{move || i18n.t("staff.nav_admin")}</a></li>
                </Show>
                <Show when=role_may(roles::data_protection_page)>
                    <li><a href="/staff/dpo">{move || i18n.t("staff.nav_dpo")}</a></li>
                </Show>
                <Show when=role_may(roles::handles_requests)>
                    <li><a href="/staff/requests">{move || i18n.t("staff.nav_requests")}</a></li>
                </Show>
                <Show when=role_may(roles::figures_page)>
                    <li><a href="/staff/figures">{move || i18n.t("staff.nav_figures")}</a></li>
                </Show>
            </ul>
            <p class="staff-user">
                <span>{name}</span>
                <button type="button" class="button secondary" on:click=sign_out>
                    {move || i18n.t("nav.sign_out")}
                </button>
            </p>
        </nav>
    }
}

/// The printable access letter with the participant's code and its QR code.
#[component]
pub fn AccessLetterView(letter: lotse_shared::api::AccessLetter) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="letter" aria-labelledby="letter-title">
            <h2 id="letter-title">{move || i18n.t("staff.letter_title")}</h2>
            <p>{move || i18n.fill("staff.letter_greeting", &[("name", letter.display_name.clone())])}</p>
            <p>{move || i18n.fill("staff.letter_intro", &[("programme", letter.programme.clone())])}</p>
            <div class="letter-code">
                <img src=letter.qr_image.clone() alt=move || i18n.t("staff.letter_qr_alt") width="200" height="200"/>
                <p>
                    <span class="letter-code-label">{move || i18n.t("staff.letter_code")}</span>
                    <strong class="code-input letter-code-value">{letter.code.clone()}</strong>
                </p>
            </div>
            <p>{move || i18n.fill("staff.letter_where", &[("url", letter.public_url.clone())])}</p>
            <p>{move || i18n.fill("staff.letter_contact", &[
                ("controller", letter.controller_name.clone()),
                ("help", letter.help_contact.clone()),
            ])}</p>
            <p>{move || i18n.t("staff.letter_keep")}</p>
            <p>{move || i18n.t("staff.letter_privacy")}</p>
            <p class="actions no-print">
                <button type="button" class="button" on:click=|_| {
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>{move || i18n.t("staff.letter_print")}</button>
            </p>
        </section>
    }
}
