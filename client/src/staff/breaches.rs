//! The breach register (GDPR Art. 33 and 34), kept by the admin and the data
//! protection officer: each breach with its 72-hour deadline for the
//! supervisory authority, and what the people affected are told: the words,
//! the linked participants and the moment they were told.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{Breach, BreachDetails, CaseloadEntry, ErrorCode, NewBreach};

use super::failure_text;
use crate::api::Failure;
use crate::api_staff;
use crate::components::Alert;
use crate::i18n::{I18n, use_i18n};
use crate::views::format_time;

/// Unix seconds from a `datetime-local` value, read in the browser's time zone.
fn local_input_to_unix(value: &str) -> Option<i64> {
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    #[allow(clippy::cast_possible_truncation)] // a date's milliseconds fit an i64
    (!ms.is_nan()).then(|| (ms / 1000.0).floor() as i64)
}

fn now_unix() -> i64 {
    #[allow(clippy::cast_possible_truncation)] // a date's milliseconds fit an i64
    let now = (js_sys::Date::now() / 1000.0).floor() as i64;
    now
}

/// The breach register: every personal-data breach with its 72-hour deadline
/// for notifying the supervisory authority (GDPR Art. 33).
#[component]
pub(super) fn BreachesSection() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(Vec::<Breach>::new());
    let what = RwSignal::new(String::new());
    let found = RwSignal::new(String::new());
    let affected = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api_staff::breaches().await {
            Ok(l) => list.set(l),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(found_at), Ok(count)) = (
            local_input_to_unix(&found.get_untracked()),
            affected.get_untracked().trim().parse::<i64>(),
        ) else {
            error.set(Some(i18n.t("staff.breach_incomplete")));
            return;
        };
        let new = NewBreach {
            what: what.get_untracked(),
            found_at,
            reported_at: None,
            affected: count,
        };
        spawn_local(async move {
            match api_staff::record_breach(&new).await {
                Ok(l) => {
                    list.set(l);
                    error.set(None);
                    what.set(String::new());
                    found.set(String::new());
                    affected.set(String::new());
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let mark = move |id: String| {
        spawn_local(async move {
            match api_staff::breach_reported(&id, now_unix()).await {
                Ok(l) => list.set(l),
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="breach-title">
            <h2 id="breach-title">{move || i18n.t("staff.breaches")}</h2>
            <p>{move || i18n.t("staff.breaches_intro")}</p>
            {move || {
                let rows = list.get();
                if rows.is_empty() {
                    return view! { <p class="empty">{i18n.t("staff.breaches_none")}</p> }.into_any();
                }
                let now = now_unix();
                let open: Vec<(String, String)> = rows
                    .iter()
                    .filter(|b| b.reported_at.is_none())
                    .map(|b| (b.id.clone(), b.what.clone()))
                    .collect();
                view! {
                    // Scrolls sideways on a phone, so it must be reachable by keyboard.
                    <div class="table-wrap" tabindex="0" role="region" aria-label=i18n.t("staff.breach_table")>
                    <table class="breaches">
                        <caption class="visually-hidden">{i18n.t("staff.breaches")}</caption>
                        <thead><tr>
                            <th scope="col">{i18n.t("staff.breach_what")}</th>
                            <th scope="col">{i18n.t("staff.breach_found")}</th>
                            <th scope="col">{i18n.t("staff.breach_affected")}</th>
                            <th scope="col">{i18n.t("staff.breach_deadline")}</th>
                            <th scope="col">{i18n.t("staff.breach_state")}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|b| {
                                let state = match b.reported_at {
                                    Some(at) => format!("{} {}", i18n.t("staff.breach_reported"), format_time(at)),
                                    None if now > b.deadline => i18n.t("staff.breach_overdue").to_owned(),
                                    None => i18n.t("staff.breach_open").to_owned(),
                                };
                                view! {
                                    <tr>
                                        <td>{b.what.clone()}</td>
                                        <td>{format_time(b.found_at)}</td>
                                        <td>{b.affected}</td>
                                        <td>{format_time(b.deadline)}</td>
                                        <td>{state}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <ul class="breach-actions">
                        {open.into_iter().map(|(id, what)| view! {
                            <li>
                                <button type="button" class="button secondary" on:click=move |_| mark(id.clone())>
                                    {i18n.t("staff.breach_mark")}<span class="visually-hidden">": " {what}</span>
                                </button>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <For each=move || list.get() key=|b| b.id.clone() let:b>
                <BreachNotice id=b.id list/>
            </For>
            <form on:submit=on_submit>
                <fieldset>
                    <legend>{move || i18n.t("staff.breach_new")}</legend>
                    <label for="br-what">{move || i18n.t("staff.breach_what")}</label>
                    <input id="br-what" type="text" prop:value=what on:input=move |ev| what.set(event_target_value(&ev))/>
                    <label for="br-found">{move || i18n.t("staff.breach_found_local")}</label>
                    <input id="br-found" type="datetime-local" prop:value=found on:input=move |ev| found.set(event_target_value(&ev))/>
                    <label for="br-affected">{move || i18n.t("staff.breach_affected")}</label>
                    <input id="br-affected" type="number" min="0" inputmode="numeric" prop:value=affected on:input=move |ev| affected.set(event_target_value(&ev))/>
                </fieldset>
                <Alert message=error/>
                <button type="submit" class="button">{move || i18n.t("staff.breach_record")}</button>
            </form>
        </section>
    }
}

/// A failure of a call about one breach in words: `not_found` and `conflict`
/// say what a 404 and a 409 mean for that call.
fn breach_failure(
    i18n: I18n,
    failure: &Failure,
    not_found: &'static str,
    conflict: &'static str,
) -> &'static str {
    match failure {
        Failure::Api {
            code: ErrorCode::NotFound,
            ..
        } => i18n.t(not_found),
        Failure::Api {
            code: ErrorCode::Conflict,
            ..
        } => i18n.t(conflict),
        other => failure_text(i18n, other),
    }
}

/// What must still be done before the people affected can be told, as i18n
/// keys; empty when they can be told. Reads what the server stored, so words
/// typed but not saved do not count.
fn missing_for_notice(b: &Breach) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if [&b.message, &b.consequences, &b.measures, &b.contact]
        .iter()
        .any(|t| t.trim().is_empty())
    {
        missing.push("staff.breach_tell_needs_words");
    }
    if b.participants.is_empty() {
        missing.push("staff.breach_tell_needs_people");
    }
    missing
}

/// One breach as the people affected will read about it (Art. 34): the words,
/// the linked participants and telling them.
#[component]
fn BreachNotice(id: String, list: RwSignal<Vec<Breach>>) -> impl IntoView {
    let i18n = use_i18n();
    let breach = {
        let id = id.clone();
        Memo::new(move |_| list.with(|l| l.iter().find(|b| b.id == id).cloned()))
    };
    let start = breach.get_untracked();
    let field = |f: fn(&Breach) -> &String| {
        RwSignal::new(start.as_ref().map(|b| f(b).clone()).unwrap_or_default())
    };
    let message = field(|b| &b.message);
    let consequences = field(|b| &b.consequences);
    let measures = field(|b| &b.measures);
    let contact = field(|b| &b.contact);
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(None::<(Vec<CaseloadEntry>, bool)>);
    let error = RwSignal::new(None::<&'static str>);
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let people_heading = NodeRef::<html::H4>::new();
    let search_input = NodeRef::<html::Input>::new();
    let tell_box = NodeRef::<html::Div>::new();
    let ids = StoredValue::new(id.clone());
    let key = move |part: &str| format!("br-{}-{part}", ids.get_value());
    let gone = "staff.breach_gone";

    let done = move |result: Result<Vec<Breach>, Failure>,
                     ok: String,
                     not_found: &'static str,
                     conflict: &'static str|
          -> bool {
        busy.set(false);
        match result {
            Ok(l) => {
                list.set(l);
                error.set(None);
                status.set(Some(ok));
                true
            }
            Err(f) => {
                status.set(None);
                error.set(Some(breach_failure(i18n, &f, not_found, conflict)));
                false
            }
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let details = BreachDetails {
            measures: measures.get_untracked(),
            consequences: consequences.get_untracked(),
            contact: contact.get_untracked(),
            message: message.get_untracked(),
        };
        spawn_local(async move {
            let r = api_staff::save_breach_details(&ids.get_value(), &details).await;
            done(r, i18n.t("staff.breach_saved").to_owned(), gone, gone);
        });
    };
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        spawn_local(async move {
            match api_staff::caseload(q.trim(), "", "", "name", 1).await {
                Ok(page) => {
                    error.set(None);
                    let more = page.more
                        || page.total > u32::try_from(page.entries.len()).unwrap_or(u32::MAX);
                    found.set(Some((page.entries, more)));
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let link = move |participant: String, name: String| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let r = api_staff::link_breach(&ids.get_value(), participant).await;
            let ok = i18n.fill("staff.breach_linked", &[("name", name)]);
            if done(r, ok, "staff.breach_participant_unknown", gone)
                && let Some(input) = search_input.get_untracked()
            {
                let _ = input.focus();
            }
        });
    };
    let unlink = move |participant: String, name: String| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let r = api_staff::unlink_breach(&ids.get_value(), &participant).await;
            let ok = i18n.fill("staff.breach_unlinked", &[("name", name)]);
            // The button is gone with the row; the list's heading keeps the place.
            if done(r, ok, gone, gone)
                && let Some(h) = people_heading.get_untracked()
            {
                let _ = h.focus();
            }
        });
    };
    let tell = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let r = api_staff::notify_breach(&ids.get_value()).await;
            let ok = i18n.t("staff.breach_told").to_owned();
            if done(r, ok, gone, "staff.breach_tell_incomplete")
                && let Some(b) = tell_box.get_untracked()
            {
                let _ = b.focus();
            }
        });
    };
    let missing = move || breach.with(|b| b.as_ref().map(missing_for_notice).unwrap_or_default());
    let linked = move |pid: &str| {
        breach.with(|b| {
            b.as_ref()
                .is_some_and(|b| b.participants.iter().any(|p| p.id == pid))
        })
    };
    let text_field = move |part: &'static str,
                           label: &'static str,
                           value: RwSignal<String>,
                           rows: &'static str| {
        view! {
            <label for=key(part)>{move || i18n.t(label)}</label>
            <textarea id=key(part) rows=rows prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
    };
    let title = start.as_ref().map(|b| b.what.clone()).unwrap_or_default();
    let found_at = start.as_ref().map_or(0, |b| b.found_at);
    view! {
        <article class="breach-notice" aria-labelledby=key("title")>
            <h3 id=key("title")>{title}</h3>
            <p class="meta">{move || i18n.fill("staff.breach_found_on", &[("time", format_time(found_at))])}</p>
            <form on:submit=save>
                <fieldset>
                    <legend>{move || i18n.t("staff.breach_tell_legend")}</legend>
                    <p class="hint" id=key("hint")>{move || i18n.t("staff.breach_message_hint")}</p>
                    <label for=key("message")>{move || i18n.t("staff.breach_message")}</label>
                    <textarea id=key("message") rows="4" aria-describedby=key("hint") prop:value=message
                        on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                    {text_field("consequences", "staff.breach_consequences", consequences, "3")}
                    {text_field("measures", "staff.breach_measures", measures, "3")}
                    {text_field("contact", "staff.breach_contact", contact, "2")}
                </fieldset>
                <button type="submit" class="button secondary" disabled=busy>{move || i18n.t("staff.breach_save")}</button>
            </form>
            <h4 id=key("people") tabindex="-1" node_ref=people_heading>{move || i18n.t("staff.breach_people")}</h4>
            {move || {
                let people = breach.with(|b| b.as_ref().map(|b| b.participants.clone()).unwrap_or_default());
                if people.is_empty() {
                    return view! { <p class="empty">{i18n.t("staff.breach_people_none")}</p> }.into_any();
                }
                view! {
                    <ul class="breach-people" aria-labelledby=key("people")>
                        {people.into_iter().map(|p| {
                            let (pid, name) = (p.id.clone(), p.display_name.clone());
                            view! {
                                <li>
                                    <span>{p.display_name.clone()}" – "{i18n.fill("staff.breach_linked_on", &[("time", format_time(p.linked_at))])}</span>
                                    " "<button type="button" class="link-button" disabled=busy
                                        on:click=move |_| unlink(pid.clone(), name.clone())>
                                        {i18n.t("staff.breach_unlink")}<span class="visually-hidden">": " {p.display_name.clone()}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form on:submit=search>
                <h4 id=key("find")>{move || i18n.t("staff.breach_find")}</h4>
                <label for=key("q")>{move || i18n.t("staff.breach_find_label")}</label>
                <div class="breach-search">
                    <input id=key("q") type="search" node_ref=search_input prop:value=query
                        on:input=move |ev| query.set(event_target_value(&ev))/>
                    <button type="submit" class="button secondary">{move || i18n.t("staff.breach_find_button")}</button>
                </div>
            </form>
            {move || found.get().map(|(entries, more)| {
                if entries.is_empty() {
                    return view! { <p class="empty">{i18n.t("staff.breach_find_none")}</p> }.into_any();
                }
                view! {
                    <ul class="breach-found">
                        {entries.into_iter().map(|e| {
                            let label = format!("{} ({})", e.display_name, e.programme);
                            let action = if linked(&e.id) {
                                view! { <span class="meta">" – "{i18n.t("staff.breach_already_linked")}</span> }.into_any()
                            } else {
                                let (pid, name) = (e.id.clone(), e.display_name.clone());
                                view! {
                                    " "<button type="button" class="link-button" disabled=busy
                                        on:click=move |_| link(pid.clone(), name.clone())>
                                        {i18n.t("staff.breach_link")}<span class="visually-hidden">": " {e.display_name.clone()}</span>
                                    </button>
                                }.into_any()
                            };
                            view! { <li><span>{label}</span>{action}</li> }
                        }).collect_view()}
                    </ul>
                    {more.then(|| view! { <p class="hint">{i18n.t("staff.breach_find_more")}</p> })}
                }.into_any()
            })}
            <div role="status" class="status-region">
                {move || status.get().map(|m| view! { <p class="note">{m}</p> })}
            </div>
            <Alert message=error/>
            <div class="breach-tell" tabindex="-1" node_ref=tell_box>
                {move || {
                    if let Some(at) = breach.with(|b| b.as_ref().and_then(|b| b.notified_at)) {
                        return view! {
                            <p class="note">{i18n.fill("staff.breach_told_at", &[("time", format_time(at))])}</p>
                        }.into_any();
                    }
                    {
                        let needs = missing();
                        let ready = needs.is_empty();
                        view! {
                            {(!ready).then(|| view! {
                                <div id=key("why")>
                                    <p>{i18n.t("staff.breach_tell_needs")}</p>
                                    <ul>{needs.into_iter().map(|k| view! { <li>{i18n.t(k)}</li> }).collect_view()}</ul>
                                </div>
                            })}
                            <button type="button" class="button" disabled=move || !ready || busy.get()
                                aria-describedby=(!ready).then(|| key("why")) on:click=tell>
                                {i18n.t("staff.breach_tell")}
                            </button>
                        }.into_any()
                    }
                }}
            </div>
        </article>
    }
}
