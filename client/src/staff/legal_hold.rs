//! The legal hold on a dossier: the data protection officer puts a
//! participant's data under a hold while a dispute is open (nothing of it is
//! deleted, neither by the retention job nor by an erasure) and lifts it
//! again; every other role sees only that a hold is in place.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::Dossier;

use super::{failure_text, roles, use_staff};
use crate::api_staff;
use crate::components::Alert;
use crate::components::live::announce;
use crate::i18n::use_i18n;
use crate::views::format_time;

/// The hold's section for the data protection officer, a short line for the
/// other roles; `dossier` is updated with the server's answer.
#[component]
pub fn LegalHoldPanel(dossier: RwSignal<Option<Dossier>>) -> impl IntoView {
    let ctx = use_staff();
    let i18n = use_i18n();
    let may_hold = move || {
        ctx.info
            .with(|i| i.as_ref().is_some_and(|i| roles::holds_data(i.role)))
    };
    move || {
        if may_hold() {
            view! { <HoldSection dossier=dossier/> }.into_any()
        } else {
            dossier
                .with(|d| d.as_ref().and_then(|d| d.legal_hold.clone()))
                .map(|hold| {
                    view! {
                        <p><strong>
                            {i18n.fill("staff.hold_line", &[("since", format_time(hold.since))])}
                        </strong></p>
                    }
                })
                .into_any()
        }
    }
}

#[component]
fn HoldSection(dossier: RwSignal<Option<Dossier>>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let reason_input = NodeRef::<html::Textarea>::new();
    let confirm_button = NodeRef::<html::Button>::new();
    let id = move || dossier.with_untracked(|d| d.as_ref().map(|d| d.id.clone()));
    let hold = move || dossier.with(|d| d.as_ref().and_then(|d| d.legal_hold.clone()));

    let put = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked().trim().to_owned();
        if text.is_empty() {
            invalid.set(true);
            error.set(Some(i18n.t("staff.hold_reason_missing")));
            if let Some(el) = reason_input.get_untracked() {
                let _ = el.focus();
            }
            return;
        }
        let Some(id) = id() else { return };
        invalid.set(false);
        busy.set(true);
        spawn_local(async move {
            match api_staff::set_hold(&id, text).await {
                Ok(d) => {
                    error.set(None);
                    reason.set(String::new());
                    dossier.set(Some(d));
                    announce(i18n.t("staff.hold_set_done"));
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
            busy.set(false);
        });
    };
    let ask = move |_| {
        confirming.set(true);
        // The question replaces the button that had focus; focus goes to the
        // answer so a keyboard user is not left at the top of the page.
        request_animation_frame(move || {
            if let Some(el) = confirm_button.get_untracked() {
                let _ = el.focus();
            }
        });
    };
    let lift = move |_| {
        let Some(id) = id() else { return };
        busy.set(true);
        spawn_local(async move {
            match api_staff::lift_hold(&id).await {
                Ok(d) => {
                    error.set(None);
                    confirming.set(false);
                    dossier.set(Some(d));
                    announce(i18n.t("staff.hold_lift_done"));
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card" aria-labelledby="hold-title">
            <h2 id="hold-title">{i18n.tr("staff.hold_title")}</h2>
            <p class="hint">{i18n.tr("staff.hold_intro")}</p>
            {move || match hold() {
                Some(h) => view! {
                    <dl class="facts">
                        <div><dt>{i18n.t("staff.hold_state")}</dt><dd>{i18n.t("staff.hold_active")}</dd></div>
                        <div><dt>{i18n.t("staff.hold_since")}</dt><dd>{format_time(h.since)}</dd></div>
                        <div><dt>{i18n.t("staff.hold_reason")}</dt><dd>{h.reason}</dd></div>
                    </dl>
                    {move || if confirming.get() {
                        view! {
                            <div class="confirm" role="group" aria-labelledby="hold-confirm-q">
                                <p id="hold-confirm-q">{i18n.t("staff.hold_lift_question")}</p>
                                <p class="actions">
                                    <button type="button" class="button" node_ref=confirm_button
                                        disabled=move || busy.get() on:click=lift>
                                        {i18n.t("staff.hold_lift_confirm")}
                                    </button>
                                    <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>
                                        {i18n.t("staff.hold_lift_cancel")}
                                    </button>
                                </p>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <p class="actions">
                                <button type="button" class="button secondary" on:click=ask>
                                    {i18n.t("staff.hold_lift")}
                                </button>
                            </p>
                        }.into_any()
                    }}
                }.into_any(),
                None => view! {
                    <p>{i18n.t("staff.hold_none")}</p>
                    <form on:submit=put novalidate>
                        <label for="hold-reason">{i18n.t("staff.hold_reason")}</label>
                        <p class="hint" id="hold-reason-hint">{i18n.t("staff.hold_reason_hint")}</p>
                        <textarea id="hold-reason" rows="3" required
                            aria-describedby="hold-reason-hint"
                            aria-invalid=move || invalid.get().then_some("true")
                            node_ref=reason_input prop:value=reason
                            on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        <button type="submit" class="button" disabled=move || busy.get()>
                            {i18n.t("staff.hold_put")}
                        </button>
                    </form>
                }.into_any(),
            }}
            <Alert message=error/>
        </section>
    }
}
