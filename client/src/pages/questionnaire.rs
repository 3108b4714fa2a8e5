//! Answering a questionnaire. The answers live in this page's memory (and, only
//! if the participant opts in, in this device's local storage); they are scored
//! here by `lotse_shared::scoring` and only the aggregate is uploaded.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{ErrorCode, ModuleState};
use lotse_shared::instrument::{Instrument, Item};
use lotse_shared::scoring::{self, Answers};
use wasm_bindgen::JsCast as _;

use super::RequireSession;
use crate::api::{self, Failure};
use crate::components::live::{announce, announce_after_load};
use crate::components::{Alert, page_setup};
use crate::i18n::use_i18n;
use crate::journey::{InProgress, Step, use_journey};
use crate::outbox::{Outcome, use_outbox};
use crate::session::use_session;

pub use crate::journey::wipe_all_drafts;

/// Items per screen: few enough for a phone without scrolling far.
const PAGE_SIZE: usize = 4;
/// The value an explicitly skipped item holds in the answers. It is outside every
/// response scale, so scoring ignores it like a missing answer; it only lets the
/// review tell "skipped on purpose" from "not reached yet".
const SKIPPED: u8 = 0;

/// The page of questionnaire `id` (its own app, `src/questionnaire_main.rs`:
/// every way on from here is an ordinary page load).
#[component]
pub fn Questionnaire(id: String) -> impl IntoView {
    view! {
        <RequireSession>
            {let id = id.clone(); move || view! { <Loader id=id.clone()/> }}
        </RequireSession>
    }
}

/// What the questionnaire page needs before it can start.
#[derive(Debug, Clone)]
enum Loaded {
    /// Released or skipped: it can be answered.
    Open(&'static Instrument),
    /// Done: one result per release, so its result is shown instead.
    Done(&'static Instrument),
    /// Not released to this participant.
    NotReleased(&'static Instrument),
    Unknown,
    Failed(Failure),
}

/// Fetches the definition and the module's state, and the answers kept on
/// the device (which need the draft key), then runs the questionnaire.
#[component]
fn Loader(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let journey = use_journey();
    let loaded = RwSignal::new(None::<Loaded>);
    spawn_local(async move {
        let def = match api::definition(&id).await {
            Ok(def) => def,
            Err(Failure::Api { status: 404, .. }) => return loaded.set(Some(Loaded::Unknown)),
            Err(f) => return loaded.set(Some(Loaded::Failed(f))),
        };
        let state = match api::modules().await {
            Ok(list) => list
                .into_iter()
                .find(|m| m.instrument == id)
                .map(|m| m.state),
            Err(f) => return loaded.set(Some(Loaded::Failed(f))),
        };
        if matches!(state, Some(ModuleState::Released | ModuleState::Skipped)) {
            // Before the runner starts: it resumes from memory, and its first
            // record of an empty start would otherwise wipe the kept draft.
            let subject = session
                .info
                .with_untracked(|i| i.as_ref().map(|i| i.subject.clone()))
                .unwrap_or_default();
            journey.prepare(&subject).await;
        }
        loaded.set(Some(match state {
            Some(ModuleState::Released | ModuleState::Skipped) => Loaded::Open(def),
            Some(ModuleState::Done) => Loaded::Done(def),
            None => Loaded::NotReleased(def),
        }));
    });
    let outbox = use_outbox();
    // Whatever it is, it is ready to replace the server's first screen.
    Effect::new(move || {
        if loaded.with(Option::is_some) {
            crate::reveal_page();
        }
    });
    move || match loaded.get() {
        None => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
        // Sent while offline: it waits on the device, so it is not offered again.
        Some(Loaded::Open(def)) if outbox.holds(&def.id) || outbox.outcome(&def.id).is_some() => {
            view! { <Waiting def=def/> }.into_any()
        }
        Some(Loaded::Open(def)) => view! { <Runner def=def/> }.into_any(),
        Some(Loaded::Done(def)) => view! { <Closed def=def done=true/> }.into_any(),
        Some(Loaded::NotReleased(def)) => view! { <Closed def=def done=false/> }.into_any(),
        Some(Loaded::Unknown) => view! { <Unknown/> }.into_any(),
        Some(Loaded::Failed(f)) => {
            view! { <p class="alert" role="alert">{i18n.t(f.message_key())}</p> }.into_any()
        }
    }
}

/// No such questionnaire: said plainly, with the way back.
#[component]
fn Unknown() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("q.unknown").to_owned());
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("q.unknown")}</h1>
        <p><a href="/modules">{move || i18n.t("result.back")}</a></p>
    }
}

/// A questionnaire that cannot be answered now: done (its result instead), or
/// not released to this participant.
#[component]
fn Closed(def: &'static Instrument, done: bool) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || def.title.get(i18n.lang.get()).to_owned());
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || def.title.get(i18n.lang.get())}</h1>
        <section class="card">
            <p>{move || i18n.t(if done { "q.done_text" } else { "q.not_released" })}</p>
            <p class="actions">
                {done.then(|| view! {
                    <a class="button" href=format!("/results/{}", def.id)>{i18n.tr("overview.show_result")}</a>
                })}
                <a class="button secondary" href="/modules">{i18n.tr("result.back")}</a>
            </p>
        </section>
    }
}

/// A result that waits on the device for the connection to return. Once the
/// server took it, the result page follows; if it refused it, the reason.
#[component]
fn Waiting(def: &'static Instrument) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || def.title.get(i18n.lang.get()).to_owned());
    Effect::new(move || {
        if let Some(Outcome::Sent { .. }) = outbox.outcome(&def.id) {
            // The result page is another app's: "sent" is said there.
            announce_after_load(i18n.t("outbox.sent"));
            crate::load_page(&format!("/results/{}", def.id));
        }
    });
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || def.title.get(i18n.lang.get())}</h1>
        <section class="card waiting" aria-labelledby="waiting-heading">
            <h2 id="waiting-heading">{move || i18n.t("outbox.waiting_title")}</h2>
            {move || match outbox.outcome(&def.id) {
                Some(Outcome::Refused { message, .. }) => view! {
                    <p class="alert">{i18n.t("outbox.refused")}" "{message}</p>
                }.into_any(),
                _ => view! {
                    <p>{i18n.t("outbox.waiting_text")}</p>
                    <p class="actions">
                        <button type="button" class="button" on:click=move |_| outbox.flush()>
                            {i18n.t("outbox.retry")}
                        </button>
                    </p>
                }.into_any(),
            }}
            <p><a href="/modules">{move || i18n.t("result.back")}</a></p>
        </section>
    }
}

/// The items nobody answered yet (skipped on purpose does not count).
fn open_items(def: &'static Instrument, answers: &Answers) -> Vec<(usize, &'static Item)> {
    def.items
        .iter()
        .enumerate()
        .filter(|(_, item)| !answers.contains_key(&item.id))
        .collect()
}

#[component]
fn Runner(def: &'static Instrument) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let journey = use_journey();
    let outbox = use_outbox();
    let heading = NodeRef::<html::H1>::new();
    let step_heading = NodeRef::<html::H2>::new();
    let summary_box = NodeRef::<html::Div>::new();
    page_setup(heading, move || def.title.get(i18n.lang.get()).to_owned());

    // Whose answers these are, fixed when the page opens: if someone else
    // signs in meanwhile, nothing here is filed under them.
    let subject = session
        .info
        .with_untracked(|i| i.as_ref().map(|i| i.subject.clone()))
        .unwrap_or_default();
    let resumed = journey.resume(&subject, &def.id);
    let keep = RwSignal::new(resumed.as_ref().is_some_and(|p| p.keep));
    let answers = RwSignal::new(
        resumed
            .as_ref()
            .map(|p| p.answers.clone())
            .unwrap_or_default(),
    );
    let step = RwSignal::new(resumed.as_ref().map_or(Step::Intro, |p| p.step));
    let started = RwSignal::new(resumed.and_then(|p| p.started));
    let error = RwSignal::new(None::<&'static str>);
    // Shown after "send" with open items, GOV.UK style.
    let summary = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let pages = def.items.len().div_ceil(PAGE_SIZE);

    // Every change is recorded for the way back (and on the device if kept);
    // unticking the box wipes the device copy at once.
    {
        let subject = subject.clone();
        Effect::new(move || {
            let progress = InProgress {
                answers: answers.get(),
                step: step.get(),
                started: started.get(),
                keep: keep.get(),
            };
            journey.record(&subject, &def.id, &progress);
        });
    }
    Effect::new(move |was: Option<bool>| {
        let kept = keep.get();
        if was.is_some_and(|w| w != kept) {
            announce(i18n.t(if kept {
                "q.kept_on_device"
            } else {
                "q.not_kept"
            }));
        }
        kept
    });
    // Each new screen moves focus to its heading, as a new page would, so screen
    // readers announce where they are ("Statements 5–8 of 32"). Coming back from
    // the review to change one answer, focus goes to that question instead.
    let focus_item = RwSignal::new(None::<&'static str>);
    Effect::new(move || {
        if step.get() == Step::Intro {
            return;
        }
        let Some(h2) = step_heading.get() else { return };
        let target = focus_item.get_untracked().and_then(|id| {
            let value = answers.with_untracked(|a| a.get(id).copied().unwrap_or(1));
            document()
                .get_element_by_id(&format!("{id}-{value}"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        });
        focus_item.set(None);
        match target {
            Some(input) => {
                let _ = input.focus();
            }
            None => {
                let _ = h2.focus();
            }
        }
    });
    // A failed send moves focus to the summary of what is open.
    Effect::new(move || {
        if summary.get()
            && let Some(el) = summary_box.get()
        {
            let _ = el.focus();
        }
    });

    let go = move |next: Step| {
        if started.get_untracked().is_none() {
            started.set(Some(js_sys::Date::now()));
        }
        error.set(None);
        summary.set(false);
        step.set(next);
    };
    let change = move |id: &'static str, n: usize| {
        focus_item.set(Some(id));
        go(Step::Page(n / PAGE_SIZE));
    };

    let skip_module = {
        let subject = subject.clone();
        move |_| {
            let subject = subject.clone();
            spawn_local(async move {
                match api::skip_module(&def.id).await {
                    Ok(()) => {
                        journey.finish(&subject, &def.id);
                        announce_after_load(i18n.t("q.skipped_module"));
                        crate::load_page("/modules");
                    }
                    Err(Failure::Api {
                        code: ErrorCode::Conflict,
                        ..
                    }) => error.set(Some(i18n.t("q.already_done"))),
                    Err(f) => error.set(Some(i18n.t(f.message_key()))),
                }
            });
        }
    };

    let aggregate = move || {
        let seconds = started
            .get_untracked()
            .map_or(1.0, |t| ((js_sys::Date::now() - t) / 1000.0).ceil());
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let seconds = seconds.clamp(1.0, f64::from(u32::MAX)) as u32;
        answers.with_untracked(|a| {
            let given: Answers = a
                .iter()
                .filter(|&(_, &v)| v != SKIPPED)
                .map(|(k, &v)| (k.clone(), v))
                .collect();
            scoring::aggregate(def, &given, seconds)
        })
    };
    // Whether at least one scale can be scored with the answers given.
    let scorable = move || {
        answers.track();
        aggregate().scales.iter().any(|s| s.score.is_some())
    };

    // `anyway`: sent from the summary, knowing that items are open.
    let send = move |anyway: bool| {
        if busy.get_untracked() {
            return;
        }
        if !anyway && answers.with_untracked(|a| !open_items(def, a).is_empty()) {
            summary.set(false);
            summary.set(true);
            return;
        }
        let aggregate = aggregate();
        if aggregate.scales.iter().all(|s| s.score.is_none()) {
            // Refused here: the module stays open.
            summary.set(false);
            summary.set(true);
            return;
        }
        busy.set(true);
        let subject = subject.clone();
        spawn_local(async move {
            match api::submit(&aggregate).await {
                Ok(_) => {
                    journey.finish(&subject, &def.id);
                    keep.set(false);
                    answers.set(Answers::new());
                    announce_after_load(i18n.t("q.sent"));
                    crate::load_page(&format!("/results/{}", def.id));
                }
                // No connection, or a server that cannot store right now:
                // the result (never the answers) waits on the device and goes
                // when the server takes it; the answers are no longer needed.
                Err(f) if f.is_transient() => {
                    outbox.put(aggregate);
                    journey.finish(&subject, &def.id);
                    keep.set(false);
                    answers.set(Answers::new());
                    announce(i18n.t("outbox.waiting_title"));
                }
                Err(Failure::Api {
                    code: ErrorCode::Conflict,
                    ..
                }) => error.set(Some(i18n.t("q.already_done"))),
                Err(f) => error.set(Some(i18n.t(f.message_key()))),
            }
            busy.set(false);
        });
    };
    let send_now = send.clone();

    let answered = move || {
        answers.with(|a| {
            def.items
                .iter()
                .filter(|i| a.get(&i.id).is_some_and(|&v| v != SKIPPED))
                .count()
        })
    };
    let total = def.items.len();

    view! {
        <h1 tabindex="-1" node_ref=heading>{move || def.title.get(i18n.lang.get())}</h1>
        {move || {
            let lang = i18n.lang.get();
            match step.get() {
                Step::Intro => view! {
                    <section class="card intro">
                        <h2>{i18n.t("q.intro_heading")}</h2>
                        <p>{def.purpose.get(lang)}</p>
                        <p>{i18n.fill("q.duration", &[("n", def.minutes.to_string()), ("items", def.items.len().to_string())])}</p>
                        <h3>{i18n.t("q.who_sees_heading")}</h3>
                        <p>{def.who_sees.get(lang)}</p>
                        <p class="note">{def.note.get(lang)}</p>
                        <div class="check">
                            <input type="checkbox" id="keep-progress"
                                aria-describedby="keep-progress-hint"
                                prop:checked=keep
                                on:change=move |ev| keep.set(event_target_checked(&ev))/>
                            <label for="keep-progress">{i18n.t("q.keep_progress")}</label>
                        </div>
                        <p class="hint" id="keep-progress-hint">{i18n.t("q.keep_progress_hint")}</p>
                        <p class="actions">
                            <button type="button" class="button" on:click=move |_| go(Step::Page(0))>
                                {if answers.with_untracked(Answers::is_empty) { i18n.t("q.start") } else { i18n.t("q.resume") }}
                            </button>
                            <button type="button" class="button secondary" on:click=skip_module.clone()>
                                {i18n.t("q.skip_module")}
                            </button>
                        </p>
                    </section>
                }.into_any(),
                Step::Page(page) => {
                    let first = page * PAGE_SIZE;
                    let last = (first + PAGE_SIZE).min(total);
                    let items = &def.items[first..last];
                    let next = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        go(if page + 1 < pages { Step::Page(page + 1) } else { Step::Review });
                    };
                    view! {
                        <section class="card" aria-labelledby="step-heading">
                            <h2 id="step-heading" tabindex="-1" node_ref=step_heading>
                                {i18n.fill("q.statements_of", &[("from", (first + 1).to_string()), ("to", last.to_string()), ("total", total.to_string())])}
                            </h2>
                            <p class="progress-text" id="progress-text">
                                {move || i18n.fill("q.answered_of", &[("n", answered().to_string()), ("total", total.to_string())])}
                                <span class="page-of">{i18n.fill("q.page_of", &[("n", (page + 1).to_string()), ("total", pages.to_string())])}</span>
                            </p>
                            <progress max=total value=answered aria-labelledby="progress-text"></progress>
                            <p class="hint">{def.prompt.get(lang)} " " {i18n.t("q.skip_hint")}</p>
                            // One form per screen, sent with its own submit button
                            // (Enter in a group moves on, as in any form).
                            <form class="items" on:submit=next>
                                {items.iter().map(|item| view! { <ItemField def=def item=item answers=answers/> }).collect_view()}
                                <p class="actions nav">
                                    <button type="button" class="button secondary"
                                        on:click=move |_| go(if page == 0 { Step::Intro } else { Step::Page(page - 1) })>
                                        {i18n.t("q.back")}
                                    </button>
                                    <button type="submit" class="button">
                                        {if page + 1 < pages { i18n.t("q.next") } else { i18n.t("q.to_review") }}
                                    </button>
                                </p>
                            </form>
                        </section>
                    }.into_any()
                }
                Step::Review => {
                    let send = send.clone();
                    view! {
                        <section class="card">
                            <h2 tabindex="-1" node_ref=step_heading>{i18n.t("q.review_heading")}</h2>
                            <p>{i18n.t("q.review_intro")}</p>
                            {move || summary.get().then(|| {
                                let open = answers.with_untracked(|a| open_items(def, a));
                                let can_score = scorable();
                                let send = send.clone();
                                view! {
                                    <div class="error-summary" tabindex="-1" node_ref=summary_box
                                        aria-labelledby="summary-title">
                                        <h3 id="summary-title">
                                            {if open.is_empty() {
                                                i18n.t("q.nothing_to_score_title").to_owned()
                                            } else {
                                                i18n.count("q.open_title", open.len(), &[])
                                            }}
                                        </h3>
                                        <p>{i18n.t("q.open_explain")}</p>
                                        {(!open.is_empty()).then(|| view! {
                                            <ul class="error-list">
                                                {open.into_iter().map(|(n, item)| {
                                                    let id = item.id.as_str();
                                                    view! {
                                                        <li>
                                                            <a href=format!("#q-{id}") on:click=move |ev| {
                                                                ev.prevent_default();
                                                                change(id, n);
                                                            }>
                                                                {i18n.fill("q.open_item", &[("n", (n + 1).to_string())])}
                                                                ": " {item.text.get(lang)}
                                                            </a>
                                                        </li>
                                                    }
                                                }).collect_view()}
                                            </ul>
                                        })}
                                        {if can_score {
                                            view! {
                                                <p class="actions">
                                                    <button type="button" class="button secondary" disabled=busy
                                                        on:click=move |_| send(true)>
                                                        {i18n.t("q.send_anyway")}
                                                    </button>
                                                </p>
                                            }.into_any()
                                        } else {
                                            view! { <p class="alert">{i18n.t("q.nothing_to_score")}</p> }.into_any()
                                        }}
                                    </div>
                                }
                            })}
                            <ol class="review">
                                {def.items.iter().enumerate().map(|(n, item)| {
                                    let chosen = answers.with(|a| a.get(&item.id).copied());
                                    let (label, class) = match chosen {
                                        Some(SKIPPED) => (i18n.t("q.skipped").to_owned(), "review-answer missing"),
                                        Some(v) => def.response_labels.get(usize::from(v) - 1)
                                            .map_or_else(|| (i18n.t("q.not_answered").to_owned(), "review-answer missing"), |l| (l.get(lang).to_owned(), "review-answer")),
                                        None => (i18n.t("q.not_answered").to_owned(), "review-answer missing"),
                                    };
                                    let id = item.id.as_str();
                                    // The summary's links point here (on an item's
                                    // own page the fieldset has this id).
                                    view! {
                                        <li id=format!("q-{id}")>
                                            <span class="review-item">{item.text.get(lang)}</span>
                                            <span class=class>{label}</span>
                                            <button type="button" class="link-button" on:click=move |_| change(id, n)>
                                                {i18n.t("q.change")}
                                                <span class="visually-hidden">": " {item.text.get(lang)}</span>
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            <p class="progress-text">{move || i18n.fill("q.answered_of", &[("n", answered().to_string()), ("total", total.to_string())])}</p>
                            <p class="note">{i18n.t("q.submit_note")}</p>
                            <p class="actions nav">
                                <button type="button" class="button secondary" on:click=move |_| go(Step::Page(pages - 1))>
                                    {i18n.t("q.back")}
                                </button>
                                <button type="button" class="button" disabled=busy on:click={
                                    let send_now = send_now.clone();
                                    move |_| send_now(false)
                                }>
                                    {i18n.t("q.submit")}
                                </button>
                            </p>
                        </section>
                    }.into_any()
                }
            }
        }}
        <Alert message=error/>
    }
}

/// One item as a radio group: fieldset + legend, one label per option, and a
/// separate last option to skip the question on purpose. Arrow keys move within
/// the group, Tab moves to the next question.
#[component]
fn ItemField(
    def: &'static Instrument,
    item: &'static Item,
    answers: RwSignal<Answers>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    let id = item.id.as_str();
    let option = move |value: u8, label: String, class: &'static str| {
        let input_id = format!("{id}-{value}");
        view! {
            <div class=class>
                <input type="radio" id=input_id.clone() name=id value=value
                    prop:checked=move || answers.with(|a| a.get(id) == Some(&value))
                    on:change=move |_| answers.update(|a| { a.insert(id.to_owned(), value); })/>
                <label for=input_id>{label}</label>
            </div>
        }
    };
    view! {
        <fieldset class="item" id=format!("q-{id}")>
            <legend>{item.text.get(lang)}</legend>
            <div class="options">
                {def.response_labels.iter().enumerate().map(|(n, label)| {
                    let value = u8::try_from(n + 1).unwrap_or(u8::MAX);
                    option(value, label.get(lang).to_owned(), "option")
                }).collect_view()}
                {option(SKIPPED, i18n.t("q.skip_question").to_owned(), "option skip")}
            </div>
        </fieldset>
    }
}
