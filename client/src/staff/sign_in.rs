//! Staff sign-in: user name and password, then the authenticator code; at the
//! first sign-in the authenticator is set up from a QR code (or the seed typed in).

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use lotse_shared::api::{Enrolment, SignInStep, StaffRole};

use super::{failure_text, use_staff};
use crate::api_staff;
use crate::components::{Alert, page_setup};
use crate::i18n::use_i18n;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Password,
    Code(SignInStep),
}

#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_staff();
    let navigate = use_navigate();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("staff.signin_title").to_owned());
    let step = RwSignal::new(Step::Password);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let enrolment = RwSignal::new(None::<Enrolment>);
    let error = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let code_input = NodeRef::<html::Input>::new();

    let go_home = move |role: StaffRole| {
        navigate(super::roles::home(role), NavigateOptions::default());
    };
    // Already signed in (e.g. came back to /staff): straight to the dashboard.
    super::ensure_checked(ctx);
    let go = go_home.clone();
    Effect::new(move || {
        if let Some(role) = ctx.info.with(|i| i.as_ref().map(|i| i.role)) {
            go(role);
        }
    });

    let on_password = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api_staff::sign_in(username.get_untracked(), password.get_untracked()).await {
                Ok(pending) => {
                    password.set(String::new());
                    if pending.next == SignInStep::Enrol {
                        match api_staff::enrolment().await {
                            Ok(e) => enrolment.set(Some(e)),
                            Err(f) => error.set(Some(failure_text(i18n, &f))),
                        }
                    }
                    step.set(Step::Code(pending.next));
                    if let Some(input) = code_input.get_untracked() {
                        let _ = input.focus();
                    }
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
            busy.set(false);
        });
    };
    let on_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api_staff::totp(code.get_untracked()).await {
                Ok(info) => {
                    enrolment.set(None);
                    ctx.info.set(Some(info));
                    ctx.checked.set(true);
                }
                Err(f) => {
                    code.set(String::new());
                    error.set(Some(failure_text(i18n, &f)));
                }
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card narrow">
            <h1 tabindex="-1" node_ref=heading>{move || i18n.t("staff.signin_title")}</h1>
            <Show when=move || step.get() == Step::Password>
                <form on:submit=on_password novalidate>
                    <div>
                        <label for="staff-username">{move || i18n.t("staff.username")}</label>
                        <input id="staff-username" type="text" autocomplete="username" spellcheck="false"
                            autocapitalize="none" prop:value=username
                            on:input=move |ev| username.set(event_target_value(&ev))/>
                    </div>
                    <div>
                        <label for="staff-password">{move || i18n.t("staff.password")}</label>
                        <input id="staff-password" type="password" autocomplete="current-password"
                            prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                    </div>
                    <Alert message=error/>
                    <button type="submit" class="button" disabled=busy>{move || i18n.t("staff.next")}</button>
                </form>
            </Show>
            <Show when=move || step.get() != Step::Password>
                {move || enrolment.get().map(|e| view! {
                    <h2>{i18n.t("staff.enrol_title")}</h2>
                    <p>{i18n.t("staff.enrol_intro")}</p>
                    <img class="qr" src=e.qr_image.clone() alt=i18n.t("staff.enrol_qr_alt") width="200" height="200"/>
                    <p>{i18n.t("staff.enrol_manual")}</p>
                    <p><code class="secret" data-testid="totp-secret">{e.secret.clone()}</code></p>
                })}
                <form on:submit=on_code novalidate>
                    <div>
                        <label for="staff-code">{move || i18n.t("staff.code")}</label>
                        <p id="staff-code-hint" class="hint">{move || i18n.t("staff.code_hint")}</p>
                        <input id="staff-code" type="text" inputmode="numeric" autocomplete="one-time-code"
                            maxlength="6" aria-describedby="staff-code-hint" node_ref=code_input
                            prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
                    </div>
                    <Alert message=error/>
                    <button type="submit" class="button" disabled=busy>{move || i18n.t("staff.sign_in")}</button>
                </form>
            </Show>
        </section>
    }
}
