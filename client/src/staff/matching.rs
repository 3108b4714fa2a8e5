//! The counsellor's side of career orientation and job matching: the
//! participant's occupational wishes and their work profile (both recorded
//! together), the vacancies ranked for them with what matched and
//! what did not, and the vacancies page (enter one, import a file, see every
//! problem of a refused file by line). The counsellor decides what to share;
//! nothing is sent anywhere by itself.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{
    Activity, ImportFormat, ImportReport, Occupation, OccupationWish, RecordedBy,
    StoredWorkProfile, Suggestion, Suggestions, Vacancy, VacancyInput,
};

use super::{RequireStaff, failure_text};
use crate::api_staff;
use crate::components::live::announce;
use crate::components::{Alert, page_setup};
use crate::i18n::{I18n, use_i18n};
use crate::locale::when;
use crate::work_profile::{Whose, WorkProfileForm};

/// An occupation's label for the reader: ESCO's English label, with its
/// group in the reader's language where that is not English.
pub(super) fn occupation_text(i18n: I18n, o: &Occupation) -> String {
    let tag = i18n.lang.get_untracked().tag();
    match o.group_labels.get(tag) {
        Some(group) if !o.label.is_empty() => format!("{} ({group})", o.label),
        _ => o.label.clone(),
    }
}

/// The code of a serde enum (`"hands_on"`), for building its text key.
fn code<T: serde::Serialize>(value: &T) -> String {
    crate::api::to_json(value)
        .map(|s| s.trim_matches('"').to_owned())
        .unwrap_or_default()
}

/// Title, employer, place, hours and start of a vacancy, as one line.
fn vacancy_facts(i18n: I18n, v: &Vacancy) -> String {
    let mut parts = vec![v.place.clone()];
    if !v.employer.is_empty() {
        parts.insert(0, v.employer.clone());
    }
    if v.remote {
        parts.push(i18n.t("jobs.remote").to_owned());
    }
    if let Some(h) = v.hours {
        parts.push(i18n.fill("jobs.hours", &[("n", h.to_string())]));
    }
    parts.push(match &v.start {
        Some(d) => i18n.fill("jobs.start", &[("date", d.clone())]),
        None => i18n.t("jobs.start_now").to_owned(),
    });
    parts.join(" · ")
}

/// A ranked vacancy with its explanation; `action` adds the share button.
#[component]
pub fn SuggestionView(
    suggestion: Suggestion,
    #[prop(optional)] action: Option<AnyView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let v = suggestion.vacancy.clone();
    view! {
        <article class="suggestion">
            <h3>{v.title.clone()}</h3>
            <p class="meta">{vacancy_facts(i18n, &v)}</p>
            <p><strong>{i18n.fill("jobs.score", &[("n", suggestion.score.to_string())])}</strong></p>
            <ul class="criteria">
                {suggestion.criteria.iter().map(|c| view! {
                    <li class=format!("fit-{}", code(&c.fit))>{crate::views::criterion_text(i18n, "jobs.physical_note", c)}</li>
                }).collect_view()}
            </ul>
            {action}
        </article>
    }
}

/// Wishes, the work profile and the ranked vacancies, in the dossier.
#[component]
pub fn MatchingSections(id: String) -> impl IntoView {
    view! {
        <WishesSection id=id.clone()/>
        <ProfileEditSection id=id.clone()/>
        <SuggestionsSection id=id/>
    }
}

#[component]
fn WishesSection(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let wishes = RwSignal::new(Vec::<OccupationWish>::new());
    let found = RwSignal::new(None::<Vec<Occupation>>);
    let query = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let id_load = id.clone();
    spawn_local(async move {
        match api_staff::wishes(&id_load).await {
            Ok(w) => wishes.set(w),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        spawn_local(async move {
            match api_staff::occupations(&q).await {
                Ok(list) => {
                    announce(
                        &i18n.fill("jobs.found", &[("n", list.occupations.len().to_string())]),
                    );
                    found.set(Some(list.occupations));
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let id_add = id.clone();
    let id_rm = id;
    view! {
        <section class="card" aria-labelledby="wishes-title">
            <h2 id="wishes-title">{move || i18n.t("jobs.wishes")}</h2>
            {move || if wishes.with(Vec::is_empty) {
                view! { <p class="empty">{i18n.t("jobs.wishes_none")}</p> }.into_any()
            } else {
                let id_rm = id_rm.clone();
                view! {
                    <ul class="wishes">
                        {wishes.get().into_iter().map(|w| {
                            let label = occupation_text(i18n, &w.occupation);
                            let (id, wid) = (id_rm.clone(), w.id.clone());
                            view! {
                                <li>
                                    {label.clone()}" "<span class="meta">{format!("ESCO {}", w.occupation.code)}</span>
                                    <button type="button" class="link-button" on:click=move |_| {
                                        let (id, wid) = (id.clone(), wid.clone());
                                        spawn_local(async move {
                                            match api_staff::remove_wish(&id, &wid).await {
                                                Ok(()) => {
                                                    wishes.update(|l| l.retain(|w| w.id != wid));
                                                    announce(i18n.t("jobs.removed"));
                                                }
                                                Err(f) => error.set(Some(failure_text(i18n, &f))),
                                            }
                                        });
                                    }>{i18n.fill("staff.remove_named", &[("name", label)])}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form on:submit=search class="inline-form" role="search">
                <label for="occupation-q">{move || i18n.t("jobs.search_label")}</label>
                <input id="occupation-q" type="search" maxlength="100" prop:value=query
                    on:input=move |ev| query.set(event_target_value(&ev))/>
                <button type="submit" class="button secondary">{move || i18n.t("jobs.search")}</button>
            </form>
            <Alert message=error/>
            {move || found.get().map(|list| {
                let id_add = id_add.clone();
                view! {
                    <ul class="found">
                        {list.into_iter().map(|o| {
                            let label = occupation_text(i18n, &o);
                            let (id, oid) = (id_add.clone(), o.id.clone());
                            view! {
                                <li>
                                    {label.clone()}
                                    <button type="button" class="link-button" on:click=move |_| {
                                        let (id, oid) = (id.clone(), oid.clone());
                                        spawn_local(async move {
                                            match api_staff::add_wish(&id, oid).await {
                                                Ok(w) => {
                                                    wishes.set(w);
                                                    error.set(None);
                                                    announce(i18n.t("jobs.added"));
                                                }
                                                Err(f) => error.set(Some(failure_text(i18n, &f))),
                                            }
                                        });
                                    }>{i18n.fill("jobs.add_named", &[("name", label)])}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p class="meta">{i18n.t("jobs.source")}</p>
                }
            })}
        </section>
    }
}

/// What the work profile says, as facts; a note when nothing was recorded.
fn profile_facts(i18n: I18n, stored: &StoredWorkProfile) -> AnyView {
    if stored.updated_at.is_none() {
        return view! { <p class="empty">{i18n.t("jobs.profile_none")}</p> }.into_any();
    }
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "–".to_owned()
        } else {
            items.join(", ")
        }
    };
    let p = &stored.profile;
    let activities = |v: &[Activity]| {
        list(
            v.iter()
                .map(|&a| i18n.t(crate::views::activity_key(a)).to_owned())
                .collect(),
        )
    };
    let hours = match (p.hours_min, p.hours_max) {
        (None, None) => "–".to_owned(),
        (a, b) => format!(
            "{}–{}",
            a.map_or(String::new(), |h| h.to_string()),
            b.map_or(String::new(), |h| h.to_string())
        ),
    };
    view! {
        <dl class="facts">
            <div><dt>{i18n.t("jobs.likes")}</dt><dd>{activities(&p.preferred_activities)}</dd></div>
            <div><dt>{i18n.t("jobs.can")}</dt><dd>{activities(&p.able_activities)}</dd></div>
            <div><dt>{i18n.t("jobs.places")}</dt><dd>{list(p.places.clone())}{p.relocate.then(|| format!(" · {}", i18n.t("jobs.relocate")))}</dd></div>
            <div><dt>{i18n.t("jobs.licences")}</dt><dd>{list(p.licences.iter().map(|l| l.code().to_owned()).collect())}</dd></div>
            <div><dt>{i18n.t("jobs.hours_label")}</dt><dd>{hours}</dd></div>
            <div><dt>{i18n.t("jobs.earliest_start")}</dt><dd>{p.earliest_start.clone().unwrap_or_else(|| "–".into())}</dd></div>
            <div><dt>{i18n.t("jobs.languages")}</dt><dd>{list(p.languages.iter().map(|l| format!("{} {}", l.language, code(&l.level))).collect())}</dd></div>
            <div><dt>{i18n.t("jobs.qualifications")}</dt><dd>{list(p.qualifications.iter().map(|q| q.title.clone()).collect())}</dd></div>
        </dl>
    }
    .into_any()
}

/// The work profile as recorded, read only (the final report).
#[component]
pub(super) fn ProfileSection(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let profile = RwSignal::new(None::<StoredWorkProfile>);
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api_staff::work_profile(&id).await {
            Ok(p) => profile.set(Some(p)),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    view! {
        <section class="card" aria-labelledby="profile-title">
            <h2 id="profile-title">{move || i18n.t("jobs.profile")}</h2>
            <Alert message=error/>
            {move || profile.with(|p| p.as_ref().map(|p| profile_facts(i18n, p)))}
        </section>
    }
}

/// The work profile in the dossier: what is recorded and who changed it
/// last, and the participant's own form to fill in with them in the
/// session. It opens on request, so the dossier stays short to read.
#[component]
fn ProfileEditSection(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let stored = RwSignal::new(None::<StoredWorkProfile>);
    let error = RwSignal::new(None::<&'static str>);
    let editing = RwSignal::new(false);
    let id_load = id.clone();
    spawn_local(async move {
        match api_staff::work_profile(&id_load).await {
            Ok(p) => stored.set(Some(p)),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    let changed = move || {
        stored.with(|s| {
            let s = s.as_ref()?;
            let at = when(s.updated_at?, i18n.lang.get());
            let key = match s.changed_by? {
                RecordedBy::Participant => "jobs.changed_participant",
                RecordedBy::Staff => "jobs.changed_staff",
            };
            Some(view! { <p class="meta">{i18n.fill(key, &[("date", at)])}</p> })
        })
    };
    view! {
        <section class="card career" aria-labelledby="profile-title">
            <h2 id="profile-title">{move || i18n.t("jobs.profile")}</h2>
            <Alert message=error/>
            {move || stored.with(|p| p.as_ref().map(|p| profile_facts(i18n, p)))}
            {changed}
            <Show when=move || stored.with(Option::is_some)>
                <p>
                    <button type="button" class="button secondary" aria-controls="profile-edit"
                        aria-expanded=move || editing.get().to_string()
                        on:click=move |_| editing.update(|e| *e = !*e)>
                        {move || i18n.t("jobs.profile_edit")}
                    </button>
                </p>
            </Show>
            <div id="profile-edit">
                {move || editing.get().then(|| view! {
                    <p>{i18n.t("jobs.profile_edit_hint")}</p>
                    <WorkProfileForm whose=Whose::Participant(id.clone()) stored/>
                })}
            </div>
        </section>
    }
}

#[component]
fn SuggestionsSection(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let ranked = RwSignal::new(None::<Suggestions>);
    let error = RwSignal::new(None::<&'static str>);
    let id_load = id.clone();
    spawn_local(async move {
        match api_staff::suggestions(&id_load).await {
            Ok(s) => ranked.set(Some(s)),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    view! {
        <section class="card" aria-labelledby="suggestions-title">
            <h2 id="suggestions-title">{move || i18n.t("jobs.suggestions")}</h2>
            <p>{move || i18n.t("jobs.decide_note")}</p>
            <Alert message=error/>
            {move || ranked.get().map(|r| {
                if !r.consented {
                    return view! { <p class="empty">{i18n.t("jobs.no_consent")}</p> }.into_any();
                }
                if r.suggestions.is_empty() {
                    return view! { <p class="empty">{i18n.t("jobs.no_vacancies")}</p> }.into_any();
                }
                let id = id.clone();
                view! {
                    <div class="suggestions">
                        {r.suggestions.into_iter().map(|s| {
                            let (id, vid, title) = (id.clone(), s.vacancy.id.clone(), s.vacancy.title.clone());
                            let action = match s.shared_at {
                                Some(_) => view! { <p class="badge">{i18n.t("jobs.shared")}</p> }.into_any(),
                                None => view! {
                                    <button type="button" class="button secondary" on:click=move |_| {
                                        let (id, vid) = (id.clone(), vid.clone());
                                        spawn_local(async move {
                                            match api_staff::share_suggestion(&id, &vid).await {
                                                Ok(shared) => {
                                                    ranked.update(|r| if let Some(r) = r {
                                                        for s in &mut r.suggestions {
                                                            if s.vacancy.id == vid { s.shared_at = shared.shared_at; }
                                                        }
                                                    });
                                                    announce(i18n.t("jobs.shared"));
                                                }
                                                Err(f) => error.set(Some(failure_text(i18n, &f))),
                                            }
                                        });
                                    }>{i18n.fill("jobs.share_named", &[("name", title)])}</button>
                                }.into_any(),
                            };
                            view! { <SuggestionView suggestion=s action=action/> }
                        }).collect_view()}
                    </div>
                }.into_any()
            })}
        </section>
    }
}

/// `/staff/vacancies`: every vacancy, one entered by hand, or a file.
#[component]
pub fn VacanciesPage() -> impl IntoView {
    view! { <RequireStaff allow=super::roles::counsels><Vacancies/></RequireStaff> }
}

#[component]
fn Vacancies() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("jobs.vacancies").to_owned());
    let list = RwSignal::new(Vec::<Vacancy>::new());
    let error = RwSignal::new(None::<&'static str>);
    let reload = move || {
        spawn_local(async move {
            match api_staff::vacancies().await {
                Ok(l) => list.set(l),
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    reload();
    let title = RwSignal::new(String::new());
    let employer = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let skills = RwSignal::new(String::new());
    let add_error = RwSignal::new(None::<&'static str>);
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = VacancyInput {
            title: title.get_untracked(),
            employer: employer.get_untracked(),
            reference: String::new(),
            occupation: None,
            place: place.get_untracked(),
            remote: false,
            hours: hours.get_untracked().trim().parse().ok(),
            start: Some(start.get_untracked()).filter(|s| !s.is_empty()),
            skills: skills
                .get_untracked()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            languages: Vec::new(),
            licences: Vec::new(),
            shifts: Vec::new(),
            physical: None,
        };
        spawn_local(async move {
            match api_staff::add_vacancy(&input).await {
                Ok(_) => {
                    add_error.set(None);
                    for s in [title, employer, place, hours, start, skills] {
                        s.set(String::new());
                    }
                    announce(i18n.t("jobs.vacancy_added"));
                    reload();
                }
                Err(f) => add_error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let format = RwSignal::new(ImportFormat::Csv);
    let content = RwSignal::new(String::new());
    let report = RwSignal::new(None::<ImportReport>);
    let import_error = RwSignal::new(None::<&'static str>);
    let on_import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (format, content_now) = (format.get_untracked(), content.get_untracked());
        spawn_local(async move {
            match api_staff::import_vacancies(format, content_now).await {
                Ok(r) => {
                    import_error.set(None);
                    if r.problems.is_empty() {
                        announce(&i18n.fill("jobs.imported", &[("n", r.imported.to_string())]));
                        content.set(String::new());
                        reload();
                    } else {
                        announce(&i18n.fill(
                            "jobs.import_refused",
                            &[("n", r.problems.len().to_string())],
                        ));
                    }
                    report.set(Some(r));
                }
                Err(f) => import_error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("jobs.vacancies")}</h1>
        <Alert message=error/>
        <section class="card" aria-labelledby="vacancy-list-title">
            <h2 id="vacancy-list-title">{move || i18n.t("jobs.vacancy_list")}</h2>
            {move || if list.with(Vec::is_empty) {
                view! { <p class="empty">{i18n.t("jobs.no_vacancies")}</p> }.into_any()
            } else {
                view! {
                    <ul class="vacancies">
                        {list.get().into_iter().map(|v| {
                            let (vid, name) = (v.id.clone(), v.title.clone());
                            view! {
                                <li>
                                    <strong>{v.title.clone()}</strong>" "<span class="meta">{vacancy_facts(i18n, &v)}</span>
                                    {v.occupation.as_ref().map(|o| view! { <span class="meta">{format!(" · {}", occupation_text(i18n, o))}</span> })}
                                    <button type="button" class="link-button" on:click=move |_| {
                                        let vid = vid.clone();
                                        spawn_local(async move {
                                            match api_staff::remove_vacancy(&vid).await {
                                                Ok(()) => {
                                                    list.update(|l| l.retain(|v| v.id != vid));
                                                    announce(i18n.t("jobs.removed"));
                                                }
                                                Err(f) => error.set(Some(failure_text(i18n, &f))),
                                            }
                                        });
                                    }>{i18n.fill("staff.remove_named", &[("name", name)])}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="card" aria-labelledby="vacancy-add-title">
            <h2 id="vacancy-add-title">{move || i18n.t("jobs.vacancy_add")}</h2>
            <form on:submit=on_add>
                <label for="v-title">{move || i18n.t("jobs.v_title")}</label>
                <input id="v-title" type="text" required maxlength="200" prop:value=title on:input=move |ev| title.set(event_target_value(&ev))/>
                <label for="v-employer">{move || i18n.t("jobs.v_employer")}</label>
                <input id="v-employer" type="text" maxlength="200" prop:value=employer on:input=move |ev| employer.set(event_target_value(&ev))/>
                <label for="v-place">{move || i18n.t("jobs.v_place")}</label>
                <input id="v-place" type="text" required maxlength="100" prop:value=place on:input=move |ev| place.set(event_target_value(&ev))/>
                <label for="v-hours">{move || i18n.t("jobs.v_hours")}</label>
                <input id="v-hours" type="number" min="1" max="60" inputmode="numeric" prop:value=hours on:input=move |ev| hours.set(event_target_value(&ev))/>
                <label for="v-start">{move || i18n.t("jobs.v_start")}</label>
                <input id="v-start" type="date" prop:value=start on:input=move |ev| start.set(event_target_value(&ev))/>
                <label for="v-skills">{move || i18n.t("jobs.v_skills")}</label>
                <input id="v-skills" type="text" prop:value=skills on:input=move |ev| skills.set(event_target_value(&ev))/>
                <Alert message=add_error/>
                <p class="actions"><button type="submit" class="button">{move || i18n.t("jobs.vacancy_add")}</button></p>
            </form>
        </section>
        <section class="card" aria-labelledby="vacancy-import-title">
            <h2 id="vacancy-import-title">{move || i18n.t("jobs.import")}</h2>
            <p>{move || i18n.t("jobs.import_help")}</p>
            <form on:submit=on_import>
                <label for="v-format">{move || i18n.t("jobs.import_format")}</label>
                <select id="v-format" on:change=move |ev| format.set(if event_target_value(&ev) == "json" { ImportFormat::Json } else { ImportFormat::Csv })>
                    <option value="csv" selected=move || format.get() == ImportFormat::Csv>"CSV"</option>
                    <option value="json" selected=move || format.get() == ImportFormat::Json>"JSON"</option>
                </select>
                <label for="v-content">{move || i18n.t("jobs.import_content")}</label>
                <textarea id="v-content" rows="8" prop:value=content on:input=move |ev| content.set(event_target_value(&ev))></textarea>
                <Alert message=import_error/>
                <p class="actions"><button type="submit" class="button">{move || i18n.t("jobs.import_button")}</button></p>
            </form>
            {move || report.get().filter(|r| !r.problems.is_empty()).map(|r| view! {
                <div class="import-problems" role="group" aria-labelledby="problems-title">
                    <h3 id="problems-title">{i18n.fill("jobs.import_refused", &[("n", r.problems.len().to_string())])}</h3>
                    <table>
                        <caption class="visually-hidden">{i18n.t("jobs.problems_caption")}</caption>
                        <thead><tr>
                            <th scope="col">{i18n.t("jobs.problem_line")}</th>
                            <th scope="col">{i18n.t("jobs.problem_field")}</th>
                            <th scope="col">{i18n.t("jobs.problem_message")}</th>
                        </tr></thead>
                        <tbody>
                            {r.problems.into_iter().map(|p| view! {
                                <tr><td>{p.line}</td><td>{p.field.unwrap_or_else(|| "–".into())}</td><td>{p.message}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}
