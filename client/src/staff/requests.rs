//! `/staff/requests`: the data protection officer's register of rights
//! requests (GDPR Art. 12–21) with their legal deadline, the next step for
//! each open one (check the identity, hand over a copy, erase on the
//! participant's behalf, answer it) and the recipients still to be told of a
//! change to data they received (Art. 19).

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{
    CloseRightsRequest, RecipientNotice, RequestKind, RequestRegister, RequestStatus, RightsRequest,
};

use super::{RequireStaff, failure_text, roles};
use crate::api_staff;
use crate::components::live::announce;
use crate::components::{Alert, page_setup};
use crate::i18n::use_i18n;
use crate::views::{
    format_time, recipient_change_key, request_channel_key, request_kind_key, request_status_key,
};

#[component]
pub fn RequestsPage() -> impl IntoView {
    view! {
        <RequireStaff allow=roles::handles_requests denied="staff.req_only">
            <Requests/>
        </RequireStaff>
    }
}

/// The participant's name, or that they were erased.
fn subject(r: &RightsRequest, erased: &str) -> String {
    r.participant_name
        .clone()
        .unwrap_or_else(|| erased.to_owned())
}

#[component]
fn Requests() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("staff.req_title").to_owned());
    let register = RwSignal::new(None::<RequestRegister>);
    let error = RwSignal::new(None::<&'static str>);
    let reload = move || {
        spawn_local(async move {
            match api_staff::requests().await {
                Ok(r) => register.set(Some(r)),
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    reload();
    let open = Memo::new(move |_| {
        register.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.requests
                        .iter()
                        .filter(|q| q.status == RequestStatus::Open)
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("staff.req_title")}</h1>
        <p>{move || register.with(|r| r.as_ref().map(|r| i18n.fill("staff.req_intro", &[("months", r.deadline_months.to_string())])))}</p>
        <p class="hint">{move || i18n.t("staff.req_record_hint")}</p>
        <Alert message=error/>
        <section class="card" aria-labelledby="req-table-title">
            <h2 id="req-table-title">{move || i18n.t("staff.req_register")}</h2>
            {move || register.get().map(|r| if r.requests.is_empty() {
                view! { <p class="empty">{i18n.t("staff.req_none")}</p> }.into_any()
            } else {
                view! {
                    // Scrolls sideways on a phone, so it must be reachable by keyboard.
                    <div class="table-wrap" tabindex="0" role="region" aria-label=i18n.t("staff.req_table")>
                        <table class="requests">
                            <caption class="visually-hidden">{i18n.t("staff.req_register")}</caption>
                            <thead><tr>
                                <th scope="col">{i18n.t("staff.req_participant")}</th>
                                <th scope="col">{i18n.t("staff.req_kind")}</th>
                                <th scope="col">{i18n.t("staff.req_received")}</th>
                                <th scope="col">{i18n.t("staff.req_due")}</th>
                                <th scope="col">{i18n.t("staff.req_status")}</th>
                            </tr></thead>
                            <tbody>
                                {r.requests.into_iter().map(|q| {
                                    let status = i18n.t(request_status_key(q.status, q.overdue));
                                    let name = subject(&q, i18n.t("staff.req_erased"));
                                    view! {
                                        <tr class:overdue=q.overdue>
                                            <th scope="row">{name}</th>
                                            <td>{i18n.t(request_kind_key(q.kind))}</td>
                                            <td>{q.received_on.clone()}</td>
                                            <td>{q.due_on.clone()}</td>
                                            <td>{if q.overdue {
                                                view! { <strong>{status}</strong> }.into_any()
                                            } else {
                                                status.into_any()
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            })}
        </section>
        <section class="card" aria-labelledby="req-open-title">
            <h2 id="req-open-title" tabindex="-1">{move || i18n.t("staff.req_open")}</h2>
            {move || (register.with(Option::is_some) && open.with(Vec::is_empty))
                .then(|| view! { <p class="empty">{i18n.t("staff.req_open_none")}</p> })}
            // Keyed by what changes, so a request is drawn anew after a step.
            <For
                each=move || open.get()
                key=|q| (q.id.clone(), q.identity_checked_at, q.status)
                let:q
            >
                <OpenRequest request=q on_change=reload/>
            </For>
        </section>
        <NoticesSection register on_change=reload/>
    }
}

/// One open request with its next steps.
#[component]
fn OpenRequest(
    request: RightsRequest,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let outcome = RwSignal::new(String::new());
    let verdict = RwSignal::new(RequestStatus::Done);
    let confirm_button = NodeRef::<html::Button>::new();
    let id = StoredValue::new(request.id.clone());
    let key = move |part: &str| format!("rq-{}-{part}", id.get_value());
    let name = subject(&request, i18n.t("staff.req_erased"));
    let kind = i18n.t(request_kind_key(request.kind));
    let title = format!("{kind}: {name}");
    let checked = request.identity_checked_by.is_some();
    let to_open_heading = move || {
        request_animation_frame(move || {
            if let Some(el) = document()
                .get_element_by_id("req-open-title")
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
        });
    };

    let check_identity = move |_| {
        busy.set(true);
        spawn_local(async move {
            match api_staff::request_identity(&id.get_value()).await {
                Ok(_) => {
                    announce(i18n.t("staff.req_identity_done"));
                    on_change();
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
            busy.set(false);
        });
    };
    let ask_erase = move |_| {
        confirming.set(true);
        // The question replaces the button that had focus.
        request_animation_frame(move || {
            if let Some(el) = confirm_button.get_untracked() {
                let _ = el.focus();
            }
        });
    };
    let erase = move |_| {
        busy.set(true);
        spawn_local(async move {
            match api_staff::erase_for_request(&id.get_value()).await {
                Ok(receipt) => {
                    announce(&i18n.fill("staff.req_erased_done", &[("receipt", receipt.receipt)]));
                    on_change();
                    to_open_heading();
                }
                Err(f) => {
                    confirming.set(false);
                    // A 409 here is a legal hold: nothing was erased.
                    error.set(Some(match f {
                        crate::api::Failure::Api {
                            code: lotse_shared::api::ErrorCode::Conflict,
                            ..
                        } => i18n.t("staff.req_erase_held"),
                        other => failure_text(i18n, &other),
                    }));
                }
            }
            busy.set(false);
        });
    };
    let close = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = outcome.get_untracked().trim().to_owned();
        if text.is_empty() {
            error.set(Some(i18n.t("staff.req_outcome_missing")));
            if let Some(el) = document()
                .get_element_by_id(&key("outcome"))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
            return;
        }
        let body = CloseRightsRequest {
            status: verdict.get_untracked(),
            outcome: text,
        };
        busy.set(true);
        spawn_local(async move {
            match api_staff::close_request(&id.get_value(), &body).await {
                Ok(_) => {
                    announce(i18n.t("staff.req_closed_done"));
                    on_change();
                    to_open_heading();
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
            busy.set(false);
        });
    };

    let identity = match (&request.identity_checked_by, request.identity_checked_at) {
        (Some(by), Some(at)) => i18n.fill(
            "staff.req_identity_by",
            &[("name", by.clone()), ("time", format_time(at))],
        ),
        _ => i18n.t("staff.req_identity_not").to_owned(),
    };
    let copy = checked && matches!(request.kind, RequestKind::Access | RequestKind::Copy);
    let erasure = checked && request.kind == RequestKind::Erasure;
    let needs_identity = !checked
        && matches!(
            request.kind,
            RequestKind::Access | RequestKind::Copy | RequestKind::Erasure
        );
    let dossier = request
        .participant_id
        .clone()
        .map(|p| format!("/staff/participants/{p}"));
    let export = api_staff::request_export_url(&request.id);
    let (name_erase, title_aria) = (name.clone(), title.clone());
    view! {
        <article class="request" aria-labelledby=key("title")>
            <h3 id=key("title")>{title.clone()}</h3>
            <dl class="facts">
                <div><dt>{i18n.t("staff.req_due")}</dt><dd>
                    {request.due_on.clone()}
                    {request.overdue.then(|| view! { " – "<strong class="overdue">{i18n.t("request.status_overdue")}</strong> })}
                </dd></div>
                <div><dt>{i18n.t("staff.req_requester")}</dt><dd>{request.requester.clone()}</dd></div>
                <div><dt>{i18n.t("staff.req_channel")}</dt><dd>{i18n.t(request_channel_key(request.channel))}</dd></div>
                <div><dt>{i18n.t("staff.req_received")}</dt><dd>{request.received_on.clone()}</dd></div>
                {(!request.details.trim().is_empty()).then(|| view! {
                    <div><dt>{i18n.t("staff.req_details")}</dt><dd class="breach-text">{request.details.clone()}</dd></div>
                })}
                <div><dt>{i18n.t("staff.req_identity")}</dt><dd>{identity}</dd></div>
            </dl>
            {needs_identity.then(|| view! { <p class="hint">{i18n.t("staff.req_identity_first")}</p> })}
            <p class="actions">
                {(!checked).then(|| view! {
                    <button type="button" class="button secondary" disabled=move || busy.get() on:click=check_identity
                        aria-label=format!("{} – {}", i18n.t("staff.req_identity_check"), title_aria)>
                        {i18n.t("staff.req_identity_check")}
                    </button>
                })}
                {copy.then(|| view! {
                    <a class="button secondary" href=export download="">{i18n.t("staff.req_download")}</a>
                })}
                {dossier.map(|href| view! { <a href=href>{i18n.fill("staff.req_to_dossier", &[("name", name.clone())])}</a> })}
            </p>
            {erasure.then(|| view! {
                {move || if confirming.get() {
                    view! {
                        <div class="confirm" role="group" aria-labelledby=key("erase-q")>
                            <h4 id=key("erase-q")>{i18n.fill("staff.req_erase_question", &[("name", name_erase.clone())])}</h4>
                            <p>{i18n.t("staff.req_erase_what")}</p>
                            <p>{i18n.t("staff.req_erase_stays")}</p>
                            <p><strong>{i18n.t("staff.req_erase_final")}</strong></p>
                            <p class="actions">
                                <button type="button" class="button danger" node_ref=confirm_button
                                    disabled=move || busy.get() on:click=erase>
                                    {i18n.t("staff.req_erase_confirm")}
                                </button>
                                <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>
                                    {i18n.t("staff.req_erase_cancel")}
                                </button>
                            </p>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <p class="actions">
                            <button type="button" class="button" on:click=ask_erase>{i18n.t("staff.req_erase")}</button>
                        </p>
                    }.into_any()
                }}
            })}
            <form on:submit=close novalidate>
                <fieldset>
                    <legend>{i18n.t("staff.req_close")}</legend>
                    <div class="check">
                        <input type="radio" id=key("done") name=key("verdict") value="done"
                            prop:checked=move || verdict.get() == RequestStatus::Done
                            on:change=move |_| verdict.set(RequestStatus::Done)/>
                        <label for=key("done")>{i18n.t("staff.req_close_done")}</label>
                    </div>
                    <div class="check">
                        <input type="radio" id=key("refused") name=key("verdict") value="refused"
                            prop:checked=move || verdict.get() == RequestStatus::Refused
                            on:change=move |_| verdict.set(RequestStatus::Refused)/>
                        <label for=key("refused")>{i18n.t("staff.req_close_refused")}</label>
                    </div>
                    <label for=key("outcome")>{i18n.t("staff.req_outcome")}</label>
                    <p class="hint" id=key("outcome-hint")>{i18n.t("staff.req_outcome_hint")}</p>
                    <textarea id=key("outcome") rows="3" aria-describedby=key("outcome-hint")
                        prop:value=outcome on:input=move |ev| outcome.set(event_target_value(&ev))></textarea>
                </fieldset>
                <button type="submit" class="button secondary" disabled=move || busy.get()>{i18n.t("staff.req_close_button")}</button>
            </form>
            <Alert message=error/>
        </article>
    }
}

/// The recipients still to be told of a change, and those told.
#[component]
fn NoticesSection(
    register: RwSignal<Option<RequestRegister>>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<&'static str>);
    let notices = move || {
        register.with(|r| {
            r.as_ref()
                .map(|r| r.recipient_notices.clone())
                .unwrap_or_default()
        })
    };
    let told = move |id: String| {
        spawn_local(async move {
            match api_staff::recipient_told(&id).await {
                Ok(()) => {
                    error.set(None);
                    announce(i18n.t("staff.req_told_done"));
                    on_change();
                    request_animation_frame(|| {
                        if let Some(el) = document()
                            .get_element_by_id("req-notices-title")
                            .and_then(|e| {
                                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()
                            })
                        {
                            let _ = el.focus();
                        }
                    });
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let line = move |n: &RecipientNotice| {
        i18n.fill(
            "staff.req_notice_line",
            &[
                ("recipient", n.recipient.clone()),
                ("change", i18n.t(recipient_change_key(n.change)).to_owned()),
                ("subject", n.subject.clone()),
                ("time", format_time(n.released_at)),
            ],
        )
    };
    view! {
        <section class="card" aria-labelledby="req-notices-title">
            <h2 id="req-notices-title" tabindex="-1">{move || i18n.t("staff.req_notices")}</h2>
            <p>{move || i18n.t("staff.req_notices_intro")}</p>
            <Alert message=error/>
            {move || {
                let (todo, done): (Vec<_>, Vec<_>) = notices().into_iter().partition(|n| n.told_at.is_none());
                view! {
                    {if todo.is_empty() {
                        view! { <p class="empty">{i18n.t("staff.req_notices_none")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="notices">
                                {todo.into_iter().map(|n| {
                                    let text = line(&n);
                                    let id = n.id.clone();
                                    // A label, not a hidden span: Chromium puts a
                                    // space before an absolutely placed span.
                                    let label = format!("{}: {text}", i18n.t("staff.req_told"));
                                    view! {
                                        <li>
                                            <p>{text}</p>
                                            <button type="button" class="button secondary" aria-label=label on:click=move |_| told(id.clone())>
                                                {i18n.t("staff.req_told")}
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {(!done.is_empty()).then(|| view! {
                        <h3>{i18n.t("staff.req_notices_done")}</h3>
                        <ul class="notices">
                            {done.into_iter().map(|n| view! {
                                <li>{line(&n)}" – "{i18n.fill("staff.req_told_at", &[
                                    ("name", n.told_by.clone().unwrap_or_default()),
                                    ("time", n.told_at.map(format_time).unwrap_or_default()),
                                ])}</li>
                            }).collect_view()}
                        </ul>
                    })}
                }
            }}
        </section>
    }
}
