//! The participant's own professional competences (`/my-data/skills`): they
//! may add, correct and remove them (SPEC §1: "can edit own"), each with
//! the ESCO occupation it belongs to or as free text.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{Competence, CompetenceInput, CompetenceLevel, Occupation};

use super::RequireSession;
use crate::api_me;
use crate::components::occupation_picker::{
    OccupationPicker, esco_source, occupation_coded, recorded_by_key,
};
use crate::components::{Alert, focus_after_removal, page_setup};
use crate::i18n::{I18n, use_i18n};

const LEVELS: [(CompetenceLevel, &str, &str); 3] = [
    (CompetenceLevel::Basic, "basic", "mydata.level_basic"),
    (
        CompetenceLevel::Advanced,
        "advanced",
        "mydata.level_advanced",
    ),
    (CompetenceLevel::Expert, "expert", "mydata.level_expert"),
];

fn level_key(level: CompetenceLevel) -> &'static str {
    LEVELS
        .iter()
        .find(|(l, _, _)| *l == level)
        .map_or("mydata.level_basic", |(_, _, key)| key)
}

#[component]
pub fn MySkills() -> impl IntoView {
    view! { <RequireSession><MySkillsContent/></RequireSession> }
}

#[component]
fn MySkillsContent() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    let skill_input = NodeRef::<html::Input>::new();
    page_setup(heading, move || i18n.t("skills.title").to_owned());
    let list = RwSignal::new(None::<Vec<Competence>>);
    let error = RwSignal::new(None::<&'static str>);
    let status = RwSignal::new(None::<&'static str>);
    // The form: which competence is being changed (None: a new one).
    let editing = RwSignal::new(None::<String>);
    let skill = RwSignal::new(String::new());
    let level = RwSignal::new(CompetenceLevel::Basic);
    let evidence = RwSignal::new(String::new());
    let occupation = RwSignal::new(None::<Occupation>);
    let busy = RwSignal::new(false);

    spawn_local(async move {
        match api_me::my_competences().await {
            Ok(l) => list.set(Some(l)),
            Err(f) => error.set(Some(i18n.t(f.message_key()))),
        }
    });

    let reset = move || {
        editing.set(None);
        skill.set(String::new());
        level.set(CompetenceLevel::Basic);
        evidence.set(String::new());
        occupation.set(None);
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = CompetenceInput {
            skill: skill.get_untracked().trim().to_owned(),
            level: level.get_untracked(),
            evidence: evidence.get_untracked().trim().to_owned(),
            occupation: occupation.with_untracked(|o| o.as_ref().map(|o| o.id.clone())),
        };
        if input.skill.is_empty() {
            error.set(Some(i18n.t("skills.name_needed")));
            if let Some(el) = skill_input.get_untracked() {
                let _ = el.focus();
            }
            return;
        }
        busy.set(true);
        error.set(None);
        status.set(None);
        let id = editing.get_untracked();
        spawn_local(async move {
            let saved = match &id {
                Some(id) => api_me::update_competence(id, &input).await,
                None => api_me::add_competence(&input).await,
            };
            match saved {
                Ok(l) => {
                    list.set(Some(l));
                    reset();
                    status.set(Some(i18n.t("skills.saved")));
                }
                Err(f) => error.set(Some(i18n.t(f.message_key()))),
            }
            busy.set(false);
        });
    };

    let remove = move |id: String| {
        error.set(None);
        status.set(None);
        spawn_local(async move {
            match api_me::delete_competence(&id).await {
                Ok(()) => {
                    let mut position = 0;
                    list.update(|l| {
                        if let Some(l) = l {
                            position = l.iter().position(|c| c.id == id).unwrap_or(0);
                            l.retain(|c| c.id != id);
                        }
                    });
                    // Focus goes to the entry that took the removed one's place
                    // (or the one before it); with none left, to the form.
                    request_animation_frame(move || {
                        focus_after_removal(
                            ".skill-list > li button:first-of-type",
                            position,
                            "#skill-name",
                        );
                    });
                    if editing.get_untracked().as_deref() == Some(id.as_str()) {
                        reset();
                    }
                    status.set(Some(i18n.t("skills.removed")));
                }
                Err(f) => error.set(Some(i18n.t(f.message_key()))),
            }
        });
    };

    let change = move |c: Competence| {
        editing.set(Some(c.id));
        skill.set(c.skill);
        level.set(c.level);
        evidence.set(c.evidence);
        // Kept unless changed here: saving sends what the form holds.
        occupation.set(c.occupation);
        if let Some(el) = skill_input.get_untracked() {
            let _ = el.focus();
        }
    };

    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("skills.title")}</h1>
        <p>{move || i18n.t("skills.intro")}</p>
        <Alert message=error/>
        <p role="status" class="status">{move || status.get()}</p>
        {move || match list.get() {
            None => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
            Some(l) if l.is_empty() => view! { <p class="empty">{i18n.t("mydata.no_competences")}</p> }.into_any(),
            Some(l) => {
                let coded = l.iter().any(|c| c.occupation.is_some());
                view! {
                    <ul class="skill-list">
                        {l.into_iter().map(|c| skill_item(i18n, c, change, remove)).collect_view()}
                    </ul>
                    {coded.then(|| esco_source(i18n))}
                }.into_any()
            }
        }}
        <section class="card" aria-labelledby="skill-form-heading">
            <h2 id="skill-form-heading">
                {move || if editing.with(Option::is_some) { i18n.t("skills.change_heading") } else { i18n.t("skills.add_heading") }}
            </h2>
            <form on:submit=save novalidate>
                <label for="skill-name">{move || i18n.t("skills.skill")}</label>
                <input id="skill-name" type="text" node_ref=skill_input maxlength="200"
                    prop:value=skill on:input=move |ev| skill.set(event_target_value(&ev))/>
                <label for="skill-level">{move || i18n.t("skills.level")}</label>
                <select id="skill-level" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some((l, _, _)) = LEVELS.iter().find(|(_, value, _)| *value == v) {
                        level.set(*l);
                    }
                }>
                    {LEVELS.iter().map(|(l, value, key)| {
                        let l = *l;
                        view! { <option value=*value selected=move || level.get() == l>{move || i18n.t(key)}</option> }
                    }).collect_view()}
                </select>
                <label for="skill-evidence">{move || i18n.t("skills.evidence")}</label>
                <p id="skill-evidence-hint" class="hint">{move || i18n.t("skills.evidence_hint")}</p>
                <input id="skill-evidence" type="text" aria-describedby="skill-evidence-hint" maxlength="2000"
                    prop:value=evidence on:input=move |ev| evidence.set(event_target_value(&ev))/>
                <OccupationPicker id="skill-occupation" chosen=occupation
                    search=|q: String| async move { api_me::occupations(&q).await }/>
                <p class="actions">
                    <button type="submit" class="button" disabled=busy>{move || i18n.t("skills.save")}</button>
                    <Show when=move || editing.with(Option::is_some)>
                        <button type="button" class="button secondary" on:click=move |_| reset()>
                            {move || i18n.t("skills.cancel")}
                        </button>
                    </Show>
                </p>
            </form>
        </section>
        <p><a href="/my-data">{move || i18n.t("skills.back")}</a></p>
    }
}

fn skill_item(
    i18n: I18n,
    c: Competence,
    change: impl Fn(Competence) + Copy + 'static,
    remove: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let name = c.skill.clone();
    let id = c.id.clone();
    let evidence = (!c.evidence.is_empty()).then(|| c.evidence.clone());
    let level = level_key(c.level);
    let title = c.skill.clone();
    let occupation = c.occupation.as_ref().map(|o| occupation_coded(i18n, o));
    let by = recorded_by_key(c.changed_by, true);
    view! {
        <li class="card skill">
            <p><strong>{title}</strong>" – "{i18n.t(level)}</p>
            {occupation.map(|o| view! { <p class="occupation">{o}</p> })}
            {evidence.map(|e| view! { <p class="meta">{e}</p> })}
            <p class="meta">{i18n.t(by)}</p>
            <p class="actions">
                <button type="button" class="button secondary" on:click=move |_| change(c.clone())>
                    {i18n.t("skills.change")}<span class="visually-hidden">": " {name.clone()}</span>
                </button>
                <button type="button" class="button secondary" on:click=move |_| remove(id.clone())>
                    {i18n.t("skills.remove")}<span class="visually-hidden">": " {name}</span>
                </button>
            </p>
        </li>
    }
}
