//! The participant's rights in the dossier: a banner for everyone while
//! processing is restricted, the note that an objection was upheld, and for
//! the data protection officer recording a request and the restriction
//! (restrict, tell the participant it will be lifted, lift). Correcting the
//! master data is for the officer, the office and the admin (`roles`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{
    Dossier, MasterDataCorrection, NewRightsRequest, Programme, RequestChannel, RequestKind,
};

use super::{failure_text, roles, use_staff};
use crate::api_staff;
use crate::components::Alert;
use crate::components::live::announce;
use crate::i18n::use_i18n;
use crate::views::{format_time, request_channel_key, request_kind_key};

/// Today as `YYYY-MM-DD` in UTC: the server refuses a day after its own
/// (UTC) today, so the default is never refused just after local midnight.
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_utc_full_year(),
        d.get_utc_month() + 1,
        d.get_utc_date()
    )
}

/// An option's value: the i18n key without its area (`kind_access`).
fn wire(key: &'static str) -> &'static str {
    key.split_once('.').map_or(key, |(_, v)| v)
}

fn focus_id(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = el.focus();
    }
}

/// What every role sees: that processing is restricted (nothing may be
/// changed, released or exported) and that an objection was upheld.
#[component]
pub fn RightsBanner(dossier: RwSignal<Option<Dossier>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        dossier.with(|d| {
            let d = d.as_ref()?;
            let restriction = d.restriction.clone().map(|r| {
                view! {
                    <div class="restricted-banner" role="note" aria-labelledby="restricted-title">
                        <h2 id="restricted-title">{i18n.t("staff.restricted_title")}</h2>
                        <p>{i18n.fill("staff.restricted_since", &[("time", format_time(r.since))])}</p>
                        <p>{i18n.t("staff.restricted_reason")}" "<q>{r.reason}</q></p>
                        <p>{i18n.t("staff.restricted_text")}</p>
                    </div>
                }
            });
            let objection = d.objected_at.map(|at| {
                view! {
                    <p class="objection-note"><strong>
                        {i18n.fill("staff.objection_upheld", &[("time", format_time(at))])}
                    </strong></p>
                }
            });
            Some(view! { {restriction}{objection} })
        })
    }
}

/// The officer's sections: the restriction and recording a request.
#[component]
pub fn DpoRightsSections(dossier: RwSignal<Option<Dossier>>) -> impl IntoView {
    let ctx = use_staff();
    let may = move || {
        ctx.info
            .with(|i| i.as_ref().is_some_and(|i| roles::handles_requests(i.role)))
    };
    let loaded = Memo::new(move |_| dossier.with(|d| d.as_ref().map(|d| d.id.clone())));
    move || {
        (may() && loaded.get().is_some()).then(|| {
            view! {
                <RestrictionSection dossier=dossier/>
                <RecordRequestSection dossier=dossier/>
            }
        })
    }
}

#[component]
fn RestrictionSection(dossier: RwSignal<Option<Dossier>>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let id = move || dossier.with_untracked(|d| d.as_ref().map(|d| d.id.clone()));
    let restriction = move || dossier.with(|d| d.as_ref().and_then(|d| d.restriction.clone()));

    let answer = move |result: Result<Dossier, crate::api::Failure>,
                       done: &'static str,
                       focus: &'static str| {
        match result {
            Ok(d) => {
                error.set(None);
                dossier.set(Some(d));
                announce(i18n.t(done));
                request_animation_frame(move || focus_id(focus));
            }
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
        busy.set(false);
    };
    let put = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked().trim().to_owned();
        if text.is_empty() {
            invalid.set(true);
            error.set(Some(i18n.t("staff.restrict_reason_missing")));
            focus_id("restrict-reason");
            return;
        }
        let Some(id) = id() else { return };
        invalid.set(false);
        busy.set(true);
        spawn_local(async move {
            let r = api_staff::restrict(&id, text).await;
            if r.is_ok() {
                reason.set(String::new());
            }
            answer(r, "staff.restrict_done", "restrict-title");
        });
    };
    let tell = move |_| {
        let Some(id) = id() else { return };
        busy.set(true);
        spawn_local(async move {
            answer(
                api_staff::announce_lift(&id).await,
                "staff.restrict_told_done",
                "restrict-lift",
            );
        });
    };
    let lift = move |_| {
        let Some(id) = id() else { return };
        busy.set(true);
        spawn_local(async move {
            answer(
                api_staff::lift_restriction(&id).await,
                "staff.restrict_lift_done",
                "restrict-title",
            );
        });
    };

    view! {
        <section class="card no-print" aria-labelledby="restrict-title">
            <h2 id="restrict-title" tabindex="-1">{i18n.tr("staff.restrict_title")}</h2>
            <p class="hint">{i18n.tr("staff.restrict_intro")}</p>
            {move || match restriction() {
                Some(r) => view! {
                    <dl class="facts">
                        <div><dt>{i18n.t("staff.restrict_since")}</dt><dd>{format_time(r.since)}</dd></div>
                        <div><dt>{i18n.t("staff.restrict_reason")}</dt><dd>{r.reason}</dd></div>
                        <div><dt>{i18n.t("staff.restrict_told")}</dt><dd>
                            {r.lift_told_at.map_or_else(|| i18n.t("staff.restrict_told_not").to_owned(), format_time)}
                        </dd></div>
                    </dl>
                    {if r.lift_told_at.is_none() {
                        view! {
                            <p class="hint">{i18n.t("staff.restrict_tell_first")}</p>
                            <p class="actions">
                                <button type="button" id="restrict-tell" class="button secondary"
                                    disabled=move || busy.get() on:click=tell>
                                    {i18n.t("staff.restrict_tell")}
                                </button>
                            </p>
                        }.into_any()
                    } else {
                        view! {
                            <p class="actions">
                                <button type="button" id="restrict-lift" class="button secondary"
                                    disabled=move || busy.get() on:click=lift>
                                    {i18n.t("staff.restrict_lift")}
                                </button>
                            </p>
                        }.into_any()
                    }}
                }.into_any(),
                None => view! {
                    <p>{i18n.t("staff.restrict_none")}</p>
                    <form on:submit=put novalidate>
                        <label for="restrict-reason">{i18n.t("staff.restrict_reason")}</label>
                        <p class="hint" id="restrict-reason-hint">{i18n.t("staff.restrict_reason_hint")}</p>
                        <textarea id="restrict-reason" rows="3" required
                            aria-describedby="restrict-reason-hint"
                            aria-invalid=move || invalid.get().then_some("true")
                            prop:value=reason
                            on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        <button type="submit" class="button" disabled=move || busy.get()>
                            {i18n.t("staff.restrict_put")}
                        </button>
                    </form>
                }.into_any(),
            }}
            <Alert message=error/>
        </section>
    }
}

#[component]
fn RecordRequestSection(dossier: RwSignal<Option<Dossier>>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(RequestKind::Access);
    let channel = RwSignal::new(RequestChannel::Desk);
    let received = RwSignal::new(today());
    let requester = RwSignal::new(String::new());
    let details = RwSignal::new(String::new());
    let identity = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(participant_id) = dossier.with_untracked(|d| d.as_ref().map(|d| d.id.clone()))
        else {
            return;
        };
        if requester.get_untracked().trim().is_empty() {
            error.set(Some(i18n.t("staff.req_requester_missing")));
            focus_id("rq-requester");
            return;
        }
        let new = NewRightsRequest {
            participant_id,
            kind: kind.get_untracked(),
            channel: channel.get_untracked(),
            received_on: received.get_untracked(),
            requester: requester.get_untracked().trim().to_owned(),
            details: details.get_untracked(),
            identity_checked: identity.get_untracked(),
        };
        busy.set(true);
        saved.set(false);
        spawn_local(async move {
            match api_staff::record_request(&new).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                    requester.set(String::new());
                    details.set(String::new());
                    identity.set(false);
                    received.set(today());
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="record-request-title">
            <h2 id="record-request-title">{i18n.tr("staff.req_new")}</h2>
            <p class="hint">{i18n.tr("staff.req_new_intro")}</p>
            <form on:submit=submit novalidate>
                <label for="rq-kind">{i18n.tr("staff.req_kind")}</label>
                <select id="rq-kind" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(k) = RequestKind::ALL.into_iter().find(|k| request_kind_key(*k).ends_with(&v)) {
                        kind.set(k);
                    }
                }>
                    {RequestKind::ALL.into_iter().map(|k| {
                        let value = wire(request_kind_key(k));
                        view! { <option value=value selected=move || kind.get() == k>{i18n.t(request_kind_key(k))}</option> }
                    }).collect_view()}
                </select>
                <label for="rq-channel">{i18n.tr("staff.req_channel")}</label>
                <select id="rq-channel" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(c) = RequestChannel::ALL.into_iter().find(|c| request_channel_key(*c).ends_with(&v)) {
                        channel.set(c);
                    }
                }>
                    {RequestChannel::ALL.into_iter().map(|c| {
                        let value = wire(request_channel_key(c));
                        view! { <option value=value selected=move || channel.get() == c>{i18n.t(request_channel_key(c))}</option> }
                    }).collect_view()}
                </select>
                <label for="rq-received">{i18n.tr("staff.req_received")}</label>
                <input id="rq-received" type="date" required prop:value=received
                    on:input=move |ev| received.set(event_target_value(&ev))/>
                <label for="rq-requester">{i18n.tr("staff.req_requester")}</label>
                <p class="hint" id="rq-requester-hint">{i18n.tr("staff.req_requester_hint")}</p>
                <input id="rq-requester" type="text" required aria-describedby="rq-requester-hint"
                    prop:value=requester on:input=move |ev| requester.set(event_target_value(&ev))/>
                <label for="rq-details">{i18n.tr("staff.req_details")}</label>
                <textarea id="rq-details" rows="3" prop:value=details
                    on:input=move |ev| details.set(event_target_value(&ev))></textarea>
                <div class="check">
                    <input type="checkbox" id="rq-identity" prop:checked=identity
                        on:change=move |ev| identity.set(event_target_checked(&ev))/>
                    <label for="rq-identity">{i18n.tr("staff.req_identity_checked")}</label>
                </div>
                <Alert message=error/>
                <p class="actions">
                    <button type="submit" class="button" disabled=move || busy.get()>{i18n.tr("staff.req_record")}</button>
                    <span role="status">{move || saved.get().then(|| view! {
                        {i18n.t("staff.req_recorded")}" "<a href="/staff/requests">{i18n.t("staff.req_to_register")}</a>
                    })}</span>
                </p>
            </form>
        </section>
    }
}

/// Correcting the name, programme and exit date (GDPR Art. 16).
#[component]
pub fn MasterDataSection(dossier: RwSignal<Option<Dossier>>) -> impl IntoView {
    let ctx = use_staff();
    let may = move || {
        ctx.info.with(|i| {
            i.as_ref()
                .is_some_and(|i| roles::corrects_master_data(i.role))
        })
    };
    let loaded = Memo::new(move |_| dossier.with(|d| d.as_ref().map(|d| d.id.clone())));
    move || (may() && loaded.get().is_some()).then(|| view! { <MasterDataForm dossier=dossier/> })
}

#[component]
fn MasterDataForm(dossier: RwSignal<Option<Dossier>>) -> impl IntoView {
    let i18n = use_i18n();
    let start = dossier.get_untracked();
    let name = RwSignal::new(
        start
            .as_ref()
            .map(|d| d.display_name.clone())
            .unwrap_or_default(),
    );
    let programme = RwSignal::new(
        start
            .as_ref()
            .map(|d| d.programme_id.clone())
            .unwrap_or_default(),
    );
    let exit_on = RwSignal::new(
        start
            .as_ref()
            .and_then(|d| d.exit_on.clone())
            .unwrap_or_default(),
    );
    let programmes = RwSignal::new(Vec::<Programme>::new());
    let error = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    spawn_local(async move {
        match api_staff::programmes().await {
            Ok(list) => programmes.set(list),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = dossier.with_untracked(|d| d.as_ref().map(|d| d.id.clone())) else {
            return;
        };
        if name.get_untracked().trim().is_empty() {
            error.set(Some(i18n.t("staff.correct_name_missing")));
            focus_id("md-name");
            return;
        }
        let e = exit_on.get_untracked();
        let correction = MasterDataCorrection {
            display_name: name.get_untracked().trim().to_owned(),
            programme_id: programme.get_untracked(),
            exit_on: (!e.is_empty()).then_some(e),
        };
        busy.set(true);
        spawn_local(async move {
            match api_staff::correct_master_data(&id, &correction).await {
                Ok(d) => {
                    error.set(None);
                    dossier.set(Some(d));
                    announce(i18n.t("staff.correct_done"));
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="correct-title">
            <h2 id="correct-title">{i18n.tr("staff.correct_title")}</h2>
            <p class="hint">{i18n.tr("staff.correct_intro")}</p>
            <form on:submit=submit novalidate>
                <label for="md-name">{i18n.tr("staff.correct_name")}</label>
                <input id="md-name" type="text" required autocomplete="off"
                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <label for="md-programme">{i18n.tr("staff.programme")}</label>
                <select id="md-programme" on:change=move |ev| programme.set(event_target_value(&ev))>
                    {move || programmes.get().into_iter().map(|p| {
                        let pid = p.id.clone();
                        view! { <option value=p.id.clone() selected=move || programme.get() == pid>{p.name.clone()}</option> }
                    }).collect_view()}
                </select>
                <label for="md-exit">{i18n.tr("staff.exit_on")}</label>
                <input id="md-exit" type="date" prop:value=exit_on
                    on:input=move |ev| exit_on.set(event_target_value(&ev))/>
                <Alert message=error/>
                <p class="actions">
                    <button type="submit" class="button" disabled=move || busy.get()>{i18n.tr("staff.correct_save")}</button>
                </p>
            </form>
        </section>
    }
}
