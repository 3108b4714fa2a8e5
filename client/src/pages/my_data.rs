//! "My data": everything stored about the participant in plain language, the
//! optional consents to change, the download, and withdrawal with erasure.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::Lang;
use lotse_shared::api::{
    ConsentChannel, ConsentEvent, ConsentEventKind, ErasureReceipt, ModuleState, MyData,
    OptionalConsents,
};
use lotse_shared::instrument;
use wasm_bindgen::JsValue;

use super::RequireSession;
use super::consent::ConsentCheckbox;
use crate::api;
use crate::app::use_session;
use crate::components::{Alert, page_setup};
use crate::i18n::{I18n, use_i18n};

#[component]
pub fn MyDataPage() -> impl IntoView {
    let erased = RwSignal::new(None::<ErasureReceipt>);
    // Options rather than `into_any` branches: they cost less WASM.
    view! {
        {move || erased.get().map(|receipt| view! { <Erased receipt/> })}
        {move || {
            erased.with(Option::is_none).then(|| view! {
                <RequireSession allow_without_consent=true>
                    <MyDataContent erased/>
                </RequireSession>
            })
        }}
    }
}

/// A point in time in the reader's language and time zone.
fn when(unix: i64, lang: Lang) -> String {
    #[allow(clippy::cast_precision_loss)] // unix seconds fit an f64 exactly
    let date = js_sys::Date::new(&JsValue::from_f64(unix as f64 * 1000.0));
    String::from(date.to_locale_string(lang.tag(), &JsValue::UNDEFINED))
}

/// A calendar day (YYYY-MM-DD) the way readers of `lang` write it.
fn day(iso: &str, lang: Lang) -> String {
    match (lang, iso.split('-').collect::<Vec<_>>().as_slice()) {
        (Lang::De, [y, m, d]) => format!("{d}.{m}.{y}"),
        _ => iso.to_owned(),
    }
}

#[component]
fn Erased(receipt: ErasureReceipt) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("mydata.erased_title").to_owned());
    view! {
        <section class="card narrow">
            <h1 tabindex="-1" node_ref=heading>{move || i18n.t("mydata.erased_title")}</h1>
            <p class="receipt">
                {move || i18n.fill("mydata.erased_text", &[
                    ("receipt", receipt.receipt.clone()),
                    ("date", when(receipt.erased_at, i18n.lang.get())),
                ])}
            </p>
            <p><a href="/">{move || i18n.t("common.to_start")}</a></p>
        </section>
    }
}

#[component]
fn MyDataContent(erased: RwSignal<Option<ErasureReceipt>>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("mydata.title").to_owned());
    let data = RwSignal::new(None::<Result<MyData, api::Failure>>);
    // Outside the view, so changes made here survive a re-render (language switch).
    let history = RwSignal::new(Vec::<ConsentEvent>::new());
    spawn_local(async move {
        let loaded = api::my_data().await;
        if let Ok(d) = &loaded {
            history.set(d.consents.clone());
        }
        data.set(Some(loaded));
    });
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("mydata.title")}</h1>
        <p class="lead">{move || i18n.t("mydata.intro")}</p>
        {move || data.with(|d| super::privacy::loading_or_error(i18n, d.as_ref().map(|r| r.as_ref().map(|_| ()))))}
        // Rebuilt when the language changes (the sections read it untracked).
        {move || match (i18n.lang.get(), data.get()).1 {
            None | Some(Err(_)) => None,
            Some(Ok(d)) => {
                Some(view! {
                <About data=d.clone()/>
                <Results data=d.clone()/>
                <Consents history/>
                <Sessions data=d.clone()/>
                <section class="card" aria-labelledby="download-heading">
                    <h2 id="download-heading">{i18n.t("mydata.download")}</h2>
                    <p>{i18n.t("mydata.download_intro")}</p>
                    <p><a class="button secondary" href=api::EXPORT_URL download="">{i18n.t("mydata.download_link")}</a></p>
                </section>
                <Withdraw data=d history erased/>
                })
            }
        }}
    }
}

#[component]
fn About(data: MyData) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    let mut facts = vec![
        ("mydata.name", data.participant.display_name.clone()),
        (
            "mydata.programme",
            i18n.fill(
                "mydata.programme_dates",
                &[
                    ("name", data.programme.name.clone()),
                    ("from", day(&data.programme.starts_on, lang)),
                    ("to", day(&data.programme.ends_on, lang)),
                ],
            ),
        ),
        (
            "mydata.exit",
            data.participant
                .exit_on
                .as_deref()
                .map_or_else(|| i18n.t("mydata.no_exit").to_owned(), |d| day(d, lang)),
        ),
        ("mydata.created", when(data.participant.created_at, lang)),
    ];
    if let Some(d) = &data.deleted_on {
        facts.push(("mydata.deleted_on", day(d, lang)));
    }
    view! {
        <section class="card" aria-labelledby="about-heading">
            <h2 id="about-heading">{i18n.t("mydata.about")}</h2>
            <dl class="facts">
                {facts
                    .into_iter()
                    .map(|(key, value)| view! { <dt>{i18n.t(key)}</dt><dd>{value}</dd> })
                    .collect_view()}
            </dl>
        </section>
    }
}

#[component]
fn Results(data: MyData) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    let title = move |id: &str| {
        instrument::find(id).map_or(id.to_owned(), |d| d.title.get(lang).to_owned())
    };
    let modules = data
        .modules
        .iter()
        .map(|m| {
            let state = match m.state {
                ModuleState::Released => "state.released",
                ModuleState::Done => "state.done",
                ModuleState::Skipped => "state.skipped",
            };
            view! { <li>{title(&m.instrument)} ": " {i18n.t(state)}</li> }
        })
        .collect_view();
    let results = data
        .results
        .iter()
        .map(|r| {
            let def = instrument::find(&r.instrument);
            let scales = r
                .scales
                .iter()
                .map(|s| {
                    let name = def
                        .and_then(|d| d.scale(&s.scale))
                        .map_or(s.scale.clone(), |x| x.name.get(lang).to_owned());
                    let value = match (s.score, &s.band) {
                        (Some(score), Some(band)) => format!("{score} / 100 ({band})"),
                        (Some(score), None) => format!("{score} / 100"),
                        _ => i18n.t("result.not_enough").to_owned(),
                    };
                    view! { <li>{name} ": " {value}</li> }
                })
                .collect_view();
            view! {
                <li>
                    <h3>{title(&r.instrument)}</h3>
                    <p class="meta">{i18n.fill("mydata.result_meta", &[
                        ("date", when(r.submitted_at, lang)),
                        ("minutes", (r.completion_seconds.div_ceil(60)).to_string()),
                    ])}</p>
                    <ul>{scales}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="modules-heading">
            <h2 id="modules-heading">{i18n.t("mydata.modules")}</h2>
            {data.modules.is_empty().then(|| view! { <p class="empty">{i18n.t("mydata.no_modules")}</p> })}
            {(!data.modules.is_empty()).then(|| view! { <ul>{modules}</ul> })}
            <h2>{i18n.t("mydata.results")}</h2>
            {data.results.is_empty().then(|| view! { <p class="empty">{i18n.t("mydata.no_results")}</p> })}
            {(!data.results.is_empty()).then(|| view! { <ul class="plain-list">{results}</ul> })}
        </section>
    }
}

fn event_line(i18n: I18n, e: &ConsentEvent, lang: Lang) -> String {
    let event = match e.event {
        ConsentEventKind::Given => "event.given",
        ConsentEventKind::Changed => "event.changed",
        ConsentEventKind::Withdrawn => "event.withdrawn",
        ConsentEventKind::Declined => "event.declined",
    };
    let channel = match e.channel {
        ConsentChannel::SelfService => "channel.self",
        ConsentChannel::Counsellor => "channel.counsellor",
    };
    let mut line = i18n.fill(
        "mydata.history_event",
        &[
            ("date", when(e.at, lang)),
            ("event", i18n.t(event).to_owned()),
            ("version", e.notice_version.to_string()),
            ("channel", i18n.t(channel).to_owned()),
        ],
    );
    let scopes: Vec<&str> = [
        (e.agency_results, "scope.agency_results"),
        (e.job_matching, "scope.job_matching"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, key)| i18n.t(key))
    .collect();
    if !scopes.is_empty() {
        line.push_str("; ");
        line.push_str(&i18n.fill("mydata.with_optional", &[("list", scopes.join(", "))]));
    }
    line
}

#[component]
fn Consents(history: RwSignal<Vec<ConsentEvent>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let lang = i18n.lang.get_untracked();
    let required = session
        .info
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.consent_required));
    let (agency, matching) = history.with_untracked(|h| {
        h.last()
            .filter(|_| !required)
            .map_or((false, false), |c| (c.agency_results, c.job_matching))
    });
    let agency_results = RwSignal::new(agency);
    let job_matching = RwSignal::new(matching);
    let status = RwSignal::new(None::<&'static str>);
    let error = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        status.set(None);
        error.set(None);
        let wanted = OptionalConsents {
            agency_results: agency_results.get_untracked(),
            job_matching: job_matching.get_untracked(),
        };
        spawn_local(async move {
            match api::change_consents(&wanted).await {
                Ok(now) => {
                    status.set(Some(i18n.t("mydata.consents_saved")));
                    history.set(now.history);
                }
                Err(f) => error.set(Some(i18n.t(f.message_key()))),
            }
            busy.set(false);
        });
    };
    let lines = move || {
        history.with(|h| {
            h.iter()
                .map(|e| view! { <li>{event_line(i18n, e, lang)}</li> })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="consents-heading" id="consents">
            <h2 id="consents-heading">{i18n.t("mydata.consents")}</h2>
            {required.then(|| view! {
                    <p>{i18n.t("mydata.consent_required_note")}</p>
                    <p><a class="button" href="/consent">{i18n.t("mydata.to_consent")}</a></p>
            })}
            {(!required).then(|| view! {
                    <form on:submit=on_submit novalidate>
                        <fieldset class="consent-options">
                            <legend>{i18n.t("consent.optional_legend")}</legend>
                            <p class="hint">{i18n.t("mydata.consents_intro")}</p>
                            <ConsentCheckbox id="my-consent-agency" label="consent.agency_results" hint="consent.agency_results_hint" checked=agency_results/>
                            <ConsentCheckbox id="my-consent-matching" label="consent.job_matching" hint="consent.job_matching_hint" checked=job_matching/>
                        </fieldset>
                        <div role="status" class="status-region">
                            {move || status.get().map(|m| view! { <p class="note">{m}</p> })}
                        </div>
                        <Alert message=error/>
                        <button type="submit" class="button" disabled=busy>{i18n.t("mydata.save_consents")}</button>
                    </form>
            })}
            <h3>{i18n.t("mydata.history")}</h3>
            <ol class="history">{lines}</ol>
        </section>
    }
}

#[component]
fn Sessions(data: MyData) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    let lines = data
        .sessions
        .iter()
        .map(|s| {
            view! {
                <li>{i18n.fill("mydata.session_line", &[
                    ("start", when(s.created_at, lang)),
                    ("last", when(s.last_seen_at, lang)),
                ])}</li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{i18n.t("mydata.sessions")}</h2>
            <ul>{lines}</ul>
        </section>
    }
}

#[component]
fn Withdraw(
    data: MyData,
    history: RwSignal<Vec<ConsentEvent>>,
    erased: RwSignal<Option<ErasureReceipt>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);
    let confirm_heading = NodeRef::<html::H3>::new();
    let start_button = NodeRef::<html::Button>::new();
    // Move focus into the confirmation when it opens, so it is heard at once.
    Effect::new(move || {
        if confirming.get()
            && let Some(h) = confirm_heading.get()
        {
            let _ = h.focus();
        }
    });
    let erase = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::erase().await {
                Ok(receipt) => {
                    crate::pages::questionnaire::wipe_all_drafts();
                    erased.set(Some(receipt));
                    session.info.set(None);
                }
                Err(f) => {
                    error.set(Some(i18n.t(f.message_key())));
                    busy.set(false);
                }
            }
        });
    };
    let cancel = move |_| {
        confirming.set(false);
        if let Some(b) = start_button.get_untracked() {
            let _ = b.focus();
        }
    };
    let count = move |key: &str, n: usize| i18n.fill(key, &[("n", n.to_string())]);
    let items = move || {
        [
            i18n.t("mydata.confirm_profile").to_owned(),
            count("mydata.confirm_modules", data.modules.len()),
            count("mydata.confirm_results", data.results.len()),
            count("mydata.confirm_consents", history.with(Vec::len)),
            count("mydata.confirm_sessions", data.sessions.len()),
            i18n.t("mydata.confirm_drafts").to_owned(),
        ]
        .into_iter()
        .map(|i| view! { <li>{i}</li> })
        .collect_view()
    };
    view! {
        <section class="card danger-zone" aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading">{i18n.t("mydata.withdraw")}</h2>
            <p>{i18n.t("mydata.withdraw_intro")}</p>
            <p>
                <button
                    type="button"
                    class="button danger"
                    node_ref=start_button
                    aria-expanded=move || confirming.get().to_string()
                    aria-controls="withdraw-confirm"
                    on:click=move |_| confirming.set(true)
                >
                    {i18n.t("mydata.withdraw_start")}
                </button>
            </p>
            <div id="withdraw-confirm" class="confirm" hidden=move || !confirming.get()>
                <h3 tabindex="-1" node_ref=confirm_heading>{i18n.t("mydata.confirm_title")}</h3>
                <p>{i18n.t("mydata.confirm_intro")}</p>
                <ul>{items}</ul>
                <p>{i18n.t("mydata.confirm_keeps")}</p>
                <Alert message=error/>
                <div class="actions">
                    <button type="button" class="button danger" disabled=busy on:click=erase>
                        {i18n.t("mydata.confirm_yes")}
                    </button>
                    <button type="button" class="button secondary" on:click=cancel>
                        {i18n.t("mydata.confirm_no")}
                    </button>
                </div>
            </div>
        </section>
    }
}
