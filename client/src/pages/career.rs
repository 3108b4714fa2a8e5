//! The participant's career page (`/my-career`), modules 1 and 2 outside the
//! questionnaire: the occupations they would like to work in (ESCO), what
//! they like to do and can do with where and when they can work (the work
//! profile, in `profile`), and the vacancies their counsellor shared, each
//! explained criterion by criterion. Lotse only compares: the page says so,
//! and nothing on it decides anything.

mod profile;

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{
    ErrorCode, ModuleState, Occupation, OccupationWish, RecordedBy, Suggestion,
};
use lotse_shared::instrument;

use super::RequireSession;
use crate::api::Failure;
use crate::api_me;
use crate::components::live::announce;
use crate::components::{Alert, focus_after_removal, page_setup};
use crate::i18n::{I18n, use_i18n};
use crate::locale::{date, day};

/// Where the occupations' names come from; named wherever they are shown
/// (the catalogue's licence asks for it, and it tells why they are English).
const SOURCE: &str = "ESCO, European Commission, v1.1.1";

#[component]
pub fn MyCareer() -> impl IntoView {
    view! { <RequireSession><CareerContent/></RequireSession> }
}

#[component]
fn CareerContent() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("career.title").to_owned());
    view! {
        <h1 tabindex="-1" node_ref=heading>{i18n.tr("career.title")}</h1>
        <p>{i18n.tr("career.intro")}</p>
        <Wishes/>
        <Activities/>
        <SharedVacancies/>
        <p><a href="/modules">{i18n.tr("career.back")}</a></p>
    }
}

/// Module 2 as the counsellor released it: closed until then; once open, the
/// work profile with the way to decline it (skip it, or remove what was
/// filled in). A skipped part can still be filled in: saving takes it up.
#[component]
fn Activities() -> impl IntoView {
    let i18n = use_i18n();
    // Outer `None`: still loading; inner `None`: never released.
    let state = RwSignal::new(None::<Option<ModuleState>>);
    let error = RwSignal::new(None::<&'static str>);
    let confirming = RwSignal::new(false);
    let load = move || {
        spawn_local(async move {
            match crate::api::modules().await {
                Ok(list) => state.set(Some(
                    list.into_iter()
                        .find(|m| m.instrument == instrument::ACTIVITIES)
                        .map(|m| m.state),
                )),
                Err(f) => error.set(Some(f.message_key())),
            }
        });
    };
    load();
    let decline = move |_| {
        spawn_local(async move {
            match api_me::decline_profile().await {
                Ok(()) => {
                    confirming.set(false);
                    announce(i18n.t("career.declined"));
                    // The form shows again, empty, for the skipped part.
                    state.set(Some(Some(ModuleState::Skipped)));
                    focus("activities-title");
                }
                Err(f) => error.set(Some(f.message_key())),
            }
        });
    };
    view! {
        <Alert message=message(i18n, error)/>
        {move || match state.get() {
            None => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
            Some(None) => view! {
                <section class="card" aria-labelledby="activities-title">
                    <h2 id="activities-title" tabindex="-1">{i18n.tr("career.activities_title")}</h2>
                    <p>{i18n.tr("career.activities_closed")}</p>
                </section>
            }
            .into_any(),
            Some(Some(s)) => view! {
                <section class="card" aria-labelledby="activities-title">
                    <h2 id="activities-title" tabindex="-1">{i18n.tr("career.activities_title")}</h2>
                    <p>{i18n.tr(if s == ModuleState::Skipped { "career.activities_skipped" } else { "career.activities_open" })}</p>
                    {move || if confirming.get() {
                        view! {
                            <div role="group" aria-labelledby="decline-question">
                                <p id="decline-question">{i18n.tr("career.decline_question")}</p>
                                <p class="actions">
                                    <button type="button" class="button danger" on:click=decline>{i18n.tr("career.decline_yes")}</button>
                                    <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>{i18n.tr("career.decline_no")}</button>
                                </p>
                            </div>
                        }
                        .into_any()
                    } else {
                        (s != ModuleState::Skipped).then(|| view! {
                            <p class="actions">
                                <button type="button" class="button secondary" on:click=move |_| confirming.set(true)>{i18n.tr("career.decline")}</button>
                            </p>
                        })
                        .into_any()
                    }}
                </section>
                <profile::Profile/>
            }
            .into_any(),
        }}
    }
}

/// An error's text key as the message of an [`Alert`]; it follows a change
/// of language.
fn message(i18n: I18n, key: RwSignal<Option<&'static str>>) -> Signal<Option<&'static str>> {
    Signal::derive(move || key.get().map(|k| i18n.t(k)))
}

/// Moves focus to the element with this id, if it is there.
fn focus(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = el.focus();
    }
}

/// An occupation for the reader: ESCO's English name (marked as English for
/// screen readers), and in other languages its group in the reader's own.
fn occupation_view(i18n: I18n, o: &Occupation) -> impl IntoView + use<> {
    let group = o.group_labels.get(i18n.lang.get().tag()).cloned();
    view! {
        <span lang="en">{o.label.clone()}</span>
        {group.map(|g| view! { " " <span class="meta">"(" {g} ")"</span> })}
    }
}

/// Module 1: search the catalogue, add and remove wishes.
#[component]
fn Wishes() -> impl IntoView {
    let i18n = use_i18n();
    let wishes = RwSignal::new(None::<Vec<OccupationWish>>);
    let found = RwSignal::new(None::<Vec<Occupation>>);
    let query = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api_me::my_wishes().await {
            Ok(w) => wishes.set(Some(w)),
            Err(f) => error.set(Some(f.message_key())),
        }
    });

    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked().trim().to_owned();
        if q.is_empty() {
            error.set(Some("career.search_empty"));
            focus("occupation-q");
            return;
        }
        error.set(None);
        spawn_local(async move {
            match api_me::occupations(&q).await {
                Ok(list) => {
                    announce(
                        &i18n.fill("career.found", &[("n", list.occupations.len().to_string())]),
                    );
                    found.set(Some(list.occupations));
                }
                Err(f) => error.set(Some(f.message_key())),
            }
        });
    };

    let add = move |o: Occupation| {
        if wishes.with(|w| is_wish(w.as_deref(), &o.id)) {
            return;
        }
        error.set(None);
        spawn_local(async move {
            match api_me::add_wish(o.id.clone()).await {
                Ok(w) => {
                    wishes.set(Some(w));
                    announce(&i18n.fill("career.added", &[("name", o.label)]));
                }
                Err(Failure::Api {
                    code: ErrorCode::Conflict,
                    ..
                }) => error.set(Some("career.already")),
                Err(f) => error.set(Some(f.message_key())),
            }
        });
    };

    let remove = move |w: OccupationWish| {
        error.set(None);
        spawn_local(async move {
            match api_me::remove_wish(&w.id).await {
                Ok(()) => {
                    let mut position = 0;
                    wishes.update(|l| {
                        if let Some(l) = l {
                            position = l.iter().position(|x| x.id == w.id).unwrap_or(0);
                            l.retain(|x| x.id != w.id);
                        }
                    });
                    // Focus goes to the wish that took the removed one's
                    // place; with none left, to the search.
                    request_animation_frame(move || {
                        focus_after_removal(".wish-list .remove", position, "#occupation-q");
                    });
                    announce(&i18n.fill("career.removed", &[("name", w.occupation.label)]));
                }
                Err(f) => error.set(Some(f.message_key())),
            }
        });
    };

    view! {
        <section class="card career" aria-labelledby="wishes-heading">
            <h2 id="wishes-heading">{i18n.tr("career.wishes")}</h2>
            <h3>{i18n.tr("career.wishes_current")}</h3>
            {move || match wishes.get() {
                None => error.with(Option::is_none).then(|| {
                    view! { <p class="loading">{i18n.t("common.loading")}</p> }
                }).into_any(),
                Some(l) if l.is_empty() => view! {
                    <p class="empty">{i18n.t("career.wishes_none")}</p>
                }.into_any(),
                Some(l) => view! {
                    <ul class="career-list wish-list">
                        {l.into_iter().map(|w| wish_item(i18n, w, remove)).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <form class="career-search" role="search" aria-labelledby="occupation-q-label"
                on:submit=search novalidate>
                <label id="occupation-q-label" for="occupation-q">{i18n.tr("career.search_label")}</label>
                <p id="occupation-q-hint" class="hint">{i18n.tr("career.search_hint")}</p>
                <div class="search-row">
                    <input id="occupation-q" type="search" maxlength="100" autocomplete="off"
                        aria-describedby="occupation-q-hint" prop:value=query
                        on:input=move |ev| query.set(event_target_value(&ev))/>
                    <button type="submit" class="button">{i18n.tr("career.search")}</button>
                </div>
            </form>
            <Alert message=message(i18n, error)/>
            {move || found.get().map(|list| if list.is_empty() {
                view! { <p class="empty">{i18n.t("career.found_none")}</p> }.into_any()
            } else {
                view! {
                    <h3>{i18n.t("career.results")}</h3>
                    <ul class="career-list found-list">
                        {list.into_iter().map(|o| found_item(i18n, o, wishes, add)).collect_view()}
                    </ul>
                }.into_any()
            })}
            <p class="meta">{move || i18n.fill("career.source", &[("source", SOURCE.to_owned())])}</p>
        </section>
    }
}

fn is_wish(wishes: Option<&[OccupationWish]>, id: &str) -> bool {
    wishes.is_some_and(|w| w.iter().any(|x| x.occupation.id == id))
}

fn wish_item(
    i18n: I18n,
    w: OccupationWish,
    remove: impl Fn(OccupationWish) + Copy + 'static,
) -> impl IntoView {
    let name = w.occupation.label.clone();
    let by_staff = w.recorded_by == RecordedBy::Staff;
    view! {
        <li>
            <span>
                {occupation_view(i18n, &w.occupation)}
                {by_staff.then(|| view! { <span class="meta">" · " {i18n.t("career.by_counsellor")}</span> })}
            </span>
            <button type="button" class="button secondary remove" on:click=move |_| remove(w.clone())>
                {i18n.t("career.remove")}<span class="visually-hidden">": " <span lang="en">{name}</span></span>
            </button>
        </li>
    }
}

/// A search result. Once it is a wish its button stays where it is (focus
/// is not lost) but says so and does nothing.
fn found_item(
    i18n: I18n,
    o: Occupation,
    wishes: RwSignal<Option<Vec<OccupationWish>>>,
    add: impl Fn(Occupation) + Copy + 'static,
) -> impl IntoView {
    let id = o.id.clone();
    let added = Signal::derive(move || wishes.with(|w| is_wish(w.as_deref(), &id)));
    let name = o.label.clone();
    view! {
        <li>
            <span>{occupation_view(i18n, &o)}</span>
            <button type="button" class="button secondary"
                aria-disabled=move || added.get().then_some("true")
                on:click=move |_| add(o.clone())>
                {move || i18n.t(if added.get() { "career.in_wishes" } else { "career.add" })}
                <span class="visually-hidden">": " <span lang="en">{name}</span></span>
            </button>
        </li>
    }
}

/// The vacancies the counsellor shared, with what fits and what does not.
#[component]
fn SharedVacancies() -> impl IntoView {
    let i18n = use_i18n();
    let shared = RwSignal::new(None::<Vec<Suggestion>>);
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api_me::my_suggestions().await {
            Ok(s) => shared.set(Some(s)),
            Err(f) => error.set(Some(f.message_key())),
        }
    });
    view! {
        <section class="card career" aria-labelledby="vacancies-heading">
            <h2 id="vacancies-heading">{i18n.tr("career.vacancies")}</h2>
            <p class="note">{i18n.tr("career.decide_note")}</p>
            <Alert message=message(i18n, error)/>
            {move || match shared.get() {
                None => error.with(Option::is_none).then(|| {
                    view! { <p class="loading">{i18n.t("common.loading")}</p> }
                }).into_any(),
                Some(l) if l.is_empty() => view! {
                    <p class="empty">{i18n.t("career.vacancies_none")}</p>
                }.into_any(),
                Some(l) => l.into_iter().map(|s| vacancy_view(i18n, s)).collect_view().into_any(),
            }}
        </section>
    }
}

fn vacancy_view(i18n: I18n, s: Suggestion) -> impl IntoView {
    let lang = i18n.lang.get();
    let v = s.vacancy;
    let place = if v.remote {
        format!("{} ({})", v.place, i18n.t("career.remote"))
    } else {
        v.place.clone()
    };
    let start = v
        .start
        .as_deref()
        .map_or_else(|| i18n.t("career.start_now").to_owned(), |d| day(d, lang));
    view! {
        <article class="suggestion">
            <h3>{v.title.clone()}</h3>
            <dl class="facts">
                {(!v.employer.is_empty()).then(|| view! {
                    <dt>{i18n.t("career.employer")}</dt><dd>{v.employer.clone()}</dd>
                })}
                {v.occupation.as_ref().map(|o| view! {
                    <dt>{i18n.t("career.criterion_occupation")}</dt><dd>{occupation_view(i18n, o)}</dd>
                })}
                <dt>{i18n.t("career.criterion_place")}</dt><dd>{place}</dd>
                {v.hours.map(|h| view! {
                    <dt>{i18n.t("career.criterion_hours")}</dt>
                    <dd>{i18n.fill("career.hours_n", &[("n", h.to_string())])}</dd>
                })}
                <dt>{i18n.t("career.criterion_start")}</dt><dd>{start}</dd>
            </dl>
            <p class="score">{i18n.fill("career.score", &[("n", s.score.to_string())])}</p>
            <h4>{i18n.t("career.criteria")}</h4>
            <ul class="criteria">
                {s.criteria.iter().map(|c| view! { <li>{crate::views::criterion_text(i18n, "career.physical_note", c)}</li> }).collect_view()}
            </ul>
            {s.shared_at.map(|at| view! {
                <p class="meta">{i18n.fill("career.shared_on", &[("date", date(at, lang))])}</p>
            })}
        </article>
    }
}
