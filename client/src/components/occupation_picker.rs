//! The ESCO occupation a hard skill belongs to: a search in the catalogue,
//! the results to choose from, the choice with its code and the way back to
//! free text. The participant's skills page and the counsellor's competence
//! form both use it, each with its own app's search.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{Occupation, OccupationList, RecordedBy};

use super::Alert;
use super::live::announce;
use crate::api::Failure;
use crate::i18n::{I18n, use_i18n};

/// Where the occupations' names come from; named wherever they are shown
/// (the catalogue's licence asks for it, and it tells why they are English).
pub const ESCO_SOURCE: &str = "ESCO, European Commission, v1.1.1";

/// An occupation for the reader: ESCO's English name (marked as English for
/// screen readers), and in other languages its group in the reader's own.
pub fn occupation_name(i18n: I18n, o: &Occupation) -> impl IntoView + use<> {
    let group = o.group_labels.get(i18n.lang.get().tag()).cloned();
    view! {
        <span lang="en">{o.label.clone()}</span>
        {group.map(|g| view! { " " <span class="meta">"(" {g} ")"</span> })}
    }
}

/// An occupation with its ESCO code first, as the lists of skills show it.
pub fn occupation_coded(i18n: I18n, o: &Occupation) -> impl IntoView + use<> {
    view! { "ESCO " {o.code.clone()} ": " {occupation_name(i18n, o)} }
}

/// The line naming the catalogue, for under anything that shows its labels.
pub fn esco_source(i18n: I18n) -> impl IntoView + use<> {
    view! {
        <p class="meta">{move || i18n.fill("career.source", &[("source", ESCO_SOURCE.to_owned())])}</p>
    }
}

/// Who entered or last changed a competence, said to the participant
/// (`to_participant`) or to staff.
pub fn recorded_by_key(by: RecordedBy, to_participant: bool) -> &'static str {
    match (by, to_participant) {
        (RecordedBy::Participant, true) => "skills.by_you",
        (RecordedBy::Staff, true) => "skills.by_your_counsellor",
        (RecordedBy::Participant, false) => "skills.by_participant",
        (RecordedBy::Staff, false) => "skills.by_counsellor",
    }
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

/// Chooses the occupation in `chosen` (`None`: the skill stays free text).
/// It sits inside the skill's form, where a form of its own is not allowed:
/// its button does not submit, and Enter in its search field searches
/// instead of saving the skill.
#[component]
pub fn OccupationPicker<S, Fut>(
    /// Prefix of its elements' ids, unique on the page.
    id: &'static str,
    /// The occupation chosen; a competence being changed brings its own.
    chosen: RwSignal<Option<Occupation>>,
    /// The app's search in the catalogue.
    search: S,
) -> impl IntoView
where
    S: Fn(String) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<OccupationList, Failure>> + 'static,
{
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Vec<Occupation>>);
    // A text key, so an error follows a change of language.
    let error = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let q_id = format!("{id}-q");
    let q_hint = format!("{id}-q-hint");
    let chosen_id = format!("{id}-chosen");
    let results_id = format!("{id}-results");

    let q_focus = q_id.clone();
    let run = move || {
        let q = query.get_untracked().trim().to_owned();
        if q.is_empty() {
            error.set(Some("career.search_empty"));
            focus(&q_focus);
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match search(q).await {
                Ok(list) => {
                    announce(
                        &i18n.fill("career.found", &[("n", list.occupations.len().to_string())]),
                    );
                    found.set(Some(list.occupations));
                }
                Err(f) => error.set(Some(f.message_key())),
            }
            busy.set(false);
        });
    };
    let run_on_enter = run.clone();

    let chosen_focus = chosen_id.clone();
    let choose = move |o: Occupation| {
        announce(&i18n.fill("skills.occupation_picked", &[("name", o.label.clone())]));
        chosen.set(Some(o));
        // The results go; focus goes to what was chosen, not to the page.
        found.set(None);
        let target = chosen_focus.clone();
        request_animation_frame(move || focus(&target));
    };
    let remove_focus = q_id.clone();
    let remove = move |_| {
        chosen.set(None);
        announce(i18n.t("skills.occupation_removed"));
        let target = remove_focus.clone();
        request_animation_frame(move || focus(&target));
    };

    view! {
        <fieldset class="occupation-picker">
            <legend>{move || i18n.t("skills.occupation_legend")}</legend>
            <p class="hint">{move || i18n.t("skills.occupation_hint")}</p>
            <p id=chosen_id class="occupation-chosen" tabindex="-1">
                {move || match chosen.get() {
                    Some(o) => view! {
                        {i18n.t("skills.occupation_chosen")}" "
                        <strong>{occupation_name(i18n, &o)}</strong>" "
                        <span class="meta">"ESCO "{o.code.clone()}</span>
                    }.into_any(),
                    None => i18n.t("skills.occupation_none").into_any(),
                }}
            </p>
            {move || chosen.get().map(|o| view! {
                <p>
                    <button type="button" class="button secondary" on:click=remove.clone()>
                        {i18n.t("skills.occupation_remove")}
                        <span class="visually-hidden" lang="en">": " {o.label}</span>
                    </button>
                </p>
            })}
            <label for=q_id.clone()>{move || i18n.t("career.search_label")}</label>
            <p id=q_hint.clone() class="hint">{move || i18n.t("career.search_hint")}</p>
            <div class="occupation-search">
                <input id=q_id type="search" maxlength="100" autocomplete="off"
                    aria-describedby=q_hint prop:value=query
                    on:input=move |ev| query.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            run_on_enter();
                        }
                    }/>
                <button type="button" class="button secondary" on:click=move |_| run()>
                    {move || i18n.t("career.search")}
                </button>
            </div>
            <Alert message=Signal::derive(move || error.get().map(|k| i18n.t(k)))/>
            {move || found.get().map(|list| if list.is_empty() {
                view! { <p class="empty">{i18n.t("career.found_none")}</p> }.into_any()
            } else {
                view! {
                    <h3 id=results_id.clone()>{i18n.t("career.results")}</h3>
                    <ul class="occupation-results" aria-labelledby=results_id.clone()>
                        {list.into_iter().map(|o| result_item(i18n, o, choose.clone())).collect_view()}
                    </ul>
                }.into_any()
            })}
            {esco_source(i18n)}
        </fieldset>
    }
}

// The name is hidden with `lang` on the hidden span itself: a span inside
// it would still be laid out at full width, past a 320 px screen.
fn result_item(
    i18n: I18n,
    o: Occupation,
    choose: impl Fn(Occupation) + Clone + 'static,
) -> impl IntoView {
    let name = o.label.clone();
    let code = o.code.clone();
    view! {
        <li>
            <span>{occupation_name(i18n, &o)}" "<span class="meta">"ESCO "{code}</span></span>
            <button type="button" class="button secondary" on:click=move |_| choose(o.clone())>
                {i18n.t("skills.occupation_choose")}
                <span class="visually-hidden" lang="en">": " {name}</span>
            </button>
        </li>
    }
}
