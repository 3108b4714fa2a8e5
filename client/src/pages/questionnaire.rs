//! Answering a questionnaire. The answers live in this page's memory (and, only
//! if the participant opts in, in this device's local storage); they are scored
//! here by `lotse_shared::scoring` and only the aggregate is uploaded.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};
use lotse_shared::api::ErrorCode;
use lotse_shared::instrument::Instrument;
use lotse_shared::scoring::{self, Answers};
use wasm_bindgen::JsCast as _;

use super::RequireSession;
use crate::api::{self, Failure};
use crate::components::{Alert, page_setup};
use crate::i18n::use_i18n;

/// Items per screen: few enough for a phone without scrolling far.
const PAGE_SIZE: usize = 4;
/// The value an explicitly skipped item holds in the answers. It is outside every
/// response scale, so scoring ignores it like a missing answer; it only lets the
/// review tell "skipped on purpose" from "not reached yet".
const SKIPPED: u8 = 0;
const DRAFT_PREFIX: &str = "lotse.draft.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn load_draft(id: &str) -> Option<Answers> {
    let raw = storage()?.get_item(&format!("{DRAFT_PREFIX}{id}")).ok()??;
    serde_json::from_str(&raw).ok()
}

fn save_draft(id: &str, answers: &Answers) {
    if let (Some(s), Ok(raw)) = (storage(), serde_json::to_string(answers)) {
        let _ = s.set_item(&format!("{DRAFT_PREFIX}{id}"), &raw);
    }
}

/// Whether progress for this questionnaire is kept on this device.
pub fn has_draft(id: &str) -> bool {
    storage()
        .and_then(|s| s.get_item(&format!("{DRAFT_PREFIX}{id}")).ok().flatten())
        .is_some()
}

fn wipe_draft(id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{DRAFT_PREFIX}{id}"));
    }
}

/// Removes every kept draft from this device (sign-out, withdrawal).
pub fn wipe_all_drafts() {
    let Some(s) = storage() else { return };
    let keys: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(DRAFT_PREFIX))
        .collect();
    for key in keys {
        let _ = s.remove_item(&key);
    }
}

/// Where the participant is in the questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Intro,
    Page(usize),
    Review,
}

#[component]
pub fn Questionnaire() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    view! {
        <RequireSession>
            {move || view! { <Loader id=id.get()/> }}
        </RequireSession>
    }
}

/// Fetches the definition, then runs the questionnaire.
#[component]
fn Loader(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let definition = RwSignal::new(None::<Result<&'static Instrument, Failure>>);
    spawn_local(async move { definition.set(Some(api::definition(&id).await)) });
    move || match definition.get() {
        None => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
        Some(Ok(def)) => view! { <Runner def=def/> }.into_any(),
        Some(Err(Failure::Api { status: 404, .. })) => view! { <Unknown/> }.into_any(),
        Some(Err(f)) => {
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

#[component]
fn Runner(def: &'static Instrument) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let heading = NodeRef::<html::H1>::new();
    let step_heading = NodeRef::<html::H2>::new();
    page_setup(heading, move || def.title.get(i18n.lang.get()).to_owned());

    let draft = load_draft(&def.id);
    let keep = RwSignal::new(draft.is_some());
    let answers = RwSignal::new(draft.unwrap_or_default());
    let step = RwSignal::new(Step::Intro);
    let started = RwSignal::new(None::<f64>);
    let error = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let pages = def.items.len().div_ceil(PAGE_SIZE);

    // Kept drafts follow every change; unticking the box wipes the copy at once.
    Effect::new(move || {
        let keep = keep.get();
        answers.with(|a| {
            // An empty draft is no draft: after submitting nothing may remain.
            if keep && !a.is_empty() {
                save_draft(&def.id, a);
            } else {
                wipe_draft(&def.id);
            }
        });
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

    let go = move |next: Step| {
        if started.get_untracked().is_none() {
            started.set(Some(js_sys::Date::now()));
        }
        error.set(None);
        step.set(next);
    };

    let skip_module = {
        let navigate = navigate.clone();
        move |_| {
            let navigate = navigate.clone();
            spawn_local(async move {
                match api::skip_module(&def.id).await {
                    Ok(()) => {
                        wipe_draft(&def.id);
                        navigate("/modules", NavigateOptions::default());
                    }
                    Err(f) => error.set(Some(i18n.t(f.message_key()))),
                }
            });
        }
    };

    let submit = move |_| {
        if busy.get_untracked() {
            return;
        }
        let seconds = started
            .get_untracked()
            .map_or(1.0, |t| ((js_sys::Date::now() - t) / 1000.0).ceil());
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let seconds = seconds.clamp(1.0, f64::from(u32::MAX)) as u32;
        let aggregate = answers.with_untracked(|a| {
            let given: Answers = a
                .iter()
                .filter(|&(_, &v)| v != SKIPPED)
                .map(|(k, &v)| (k.clone(), v))
                .collect();
            scoring::aggregate(def, &given, seconds)
        });
        if aggregate.scales.iter().all(|s| s.score.is_none()) {
            error.set(Some(i18n.t("q.nothing_to_score")));
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::submit(&aggregate).await {
                Ok(_) => {
                    keep.set(false);
                    answers.set(Answers::new());
                    wipe_draft(&def.id);
                    navigate(&format!("/results/{}", def.id), NavigateOptions::default());
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
                                prop:checked=keep
                                on:change=move |ev| keep.set(event_target_checked(&ev))/>
                            <label for="keep-progress">{i18n.t("q.keep_progress")}</label>
                        </div>
                        <p class="hint">{i18n.t("q.keep_progress_hint")}</p>
                        <p class="actions">
                            <button type="button" class="button" on:click=move |_| go(Step::Page(0))>
                                {i18n.t("q.start")}
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
                            <form class="items" on:submit=|ev| ev.prevent_default()>
                                {items.iter().map(|item| view! { <ItemField def=def item=item answers=answers/> }).collect_view()}
                            </form>
                            <p class="actions nav">
                                <button type="button" class="button secondary"
                                    on:click=move |_| go(if page == 0 { Step::Intro } else { Step::Page(page - 1) })>
                                    {i18n.t("q.back")}
                                </button>
                                <button type="button" class="button"
                                    on:click=move |_| go(if page + 1 < pages { Step::Page(page + 1) } else { Step::Review })>
                                    {if page + 1 < pages { i18n.t("q.next") } else { i18n.t("q.to_review") }}
                                </button>
                            </p>
                        </section>
                    }.into_any()
                }
                Step::Review => view! {
                    <section class="card">
                        <h2 tabindex="-1" node_ref=step_heading>{i18n.t("q.review_heading")}</h2>
                        <p>{i18n.t("q.review_intro")}</p>
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
                                view! {
                                    <li>
                                        <span class="review-item">{item.text.get(lang)}</span>
                                        <span class=class>{label}</span>
                                        <button type="button" class="link-button" on:click=move |_| { focus_item.set(Some(id)); go(Step::Page(n / PAGE_SIZE)); }>
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
                            <button type="button" class="button" disabled=busy on:click=submit.clone()>
                                {i18n.t("q.submit")}
                            </button>
                        </p>
                    </section>
                }.into_any(),
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
    item: &'static lotse_shared::instrument::Item,
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
        <fieldset class="item">
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
