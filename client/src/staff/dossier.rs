//! One participant's dossier. Counsellors: modules, results (aggregates with
//! explanations), competences, wishes, the work profile and the ranked
//! vacancies (`matching`), the data sheet and the agency report. The admin:
//! counsellor, exit date, a new access letter and the audit trail; office
//! staff the same without the audit trail; the data protection officer the
//! audit trail only (`roles`). The server decides who gets what; every view
//! here is written to the audit trail.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use lotse_shared::api::{
    AccessLetter, AgencyReport, AuditEntry, Competence, CompetenceInput, CompetenceLevel,
    DataSheet, Dossier, OptionalConsents, ParticipantUpdate, QualityFlag, ReportOverview,
    ReportState, StaffMember, StaffRole, StoredResult,
};
use lotse_shared::instrument;

use super::caseload::state_text;
use super::{AccessLetterView, RequireStaff, failure_text, roles, use_staff};
use crate::api_staff;
use crate::components::occupation_picker::{
    OccupationPicker, esco_source, occupation_coded, recorded_by_key,
};
use crate::components::{Alert, ScoreChart, focus_after_removal, page_setup};
use crate::i18n::use_i18n;
use crate::views::{AuditList, ReportContentView, format_time, level_text};

#[component]
pub fn DossierPage() -> impl IntoView {
    view! { <RequireStaff><DossierContent/></RequireStaff> }
}

#[component]
fn DossierContent() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_staff();
    let params = use_params_map();
    let id = params.read_untracked().get("id").unwrap_or_default();
    let heading = NodeRef::<html::H1>::new();
    let dossier = RwSignal::new(None::<Dossier>);
    let error = RwSignal::new(None::<&'static str>);
    page_setup(heading, move || {
        dossier.with(|d| {
            d.as_ref().map_or_else(
                || i18n.t("staff.dossier_title").to_owned(),
                |d| d.display_name.clone(),
            )
        })
    });
    let reload = {
        let id = id.clone();
        move || {
            let id = id.clone();
            spawn_local(async move {
                match api_staff::dossier(&id).await {
                    Ok(d) => dossier.set(Some(d)),
                    Err(f) => error.set(Some(failure_text(i18n, &f))),
                }
            });
        }
    };
    reload();
    let role = move || ctx.info.with(|i| i.as_ref().map(|i| i.role));
    let id_for_views = id.clone();

    view! {
        <h1 tabindex="-1" node_ref=heading>
            {move || dossier.with(|d| d.as_ref().map_or_else(|| i18n.t("staff.dossier_title").to_owned(), |d| d.display_name.clone()))}
        </h1>
        <Alert message=error/>
        {move || dossier.get().map(|d| view! {
            // Each term with its value in a group, so the value can wrap under
            // its term on a narrow screen.
            <dl class="facts">
                <div><dt>{i18n.t("staff.programme")}</dt><dd>{d.programme.clone()}</dd></div>
                <div><dt>{i18n.t("staff.counsellor")}</dt><dd>{d.counsellor.clone().unwrap_or_else(|| "–".into())}</dd></div>
                <div><dt>{i18n.t("staff.exit_on")}</dt><dd>{d.exit_on.clone().unwrap_or_else(|| "–".into())}</dd></div>
                // Those who do not release modules still see where they stand.
                {(!role().is_some_and(roles::counsels)).then(|| view! {
                    <div><dt>{i18n.t("staff.modules")}</dt><dd><ModuleStates dossier=d.clone()/></dd></div>
                })}
            </dl>
        })}
        <super::rights::RightsBanner dossier=dossier/>
        <super::legal_hold::LegalHoldPanel dossier=dossier/>
        <super::rights::DpoRightsSections dossier=dossier/>
        <super::rights::MasterDataSection dossier=dossier/>
        {let reload = reload.clone(); move || role().is_some_and(roles::records_guardian_consent).then(|| view! {
            <super::consent_record::GuardianSection dossier=dossier on_change=reload.clone()/>
        })}
        {move || {
            let id = id_for_views.clone();
            match (dossier.get(), role()) {
                (None, _) | (_, None) => ().into_any(),
                (Some(d), Some(role)) if !roles::counsels(role) => view! {
                    {roles::manages_participants(role).then(|| view! { <ManageSection dossier=d.clone() on_change=reload.clone()/> })}
                    {roles::sees_audit_trail(role).then(|| view! { <AuditSection id=d.id.clone()/> })}
                }.into_any(),
                (Some(d), Some(_)) => view! {
                    <ModulesSection dossier=d on_change=reload.clone()/>
                    <ResultsSection id=id.clone()/>
                    <CompetencesSection id=id.clone()/>
                    <super::matching::MatchingSections id=id.clone()/>
                    <p class="actions"><a class="button secondary" href=format!("/staff/participants/{id}/final")>{i18n.t("final.open")}</a></p>
                    <DataSheetSection id=id.clone()/>
                    <ConsentSection id=id.clone()/>
                    <ReportSection id=id/>
                }.into_any(),
            }
        }}
    }
}

#[component]
fn ModulesSection(
    dossier: Dossier,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<&'static str>);
    let lang = i18n.lang.get_untracked();
    let rows = instrument::modules()
        .into_iter()
        .map(|module| {
            let state = dossier.modules.iter().find(|m| m.instrument == module).map(|m| m.state);
            let id = dossier.id.clone();
            let instrument_id = module.to_owned();
            let on_change = on_change.clone();
            let release = move |_| {
                let (id, instrument_id, on_change) = (id.clone(), instrument_id.clone(), on_change.clone());
                spawn_local(async move {
                    match api_staff::release_module(&id, &instrument_id).await {
                        Ok(()) => on_change(),
                        Err(f) => error.set(Some(failure_text(i18n, &f))),
                    }
                });
            };
            // Module 2 is the work profile, not a questionnaire.
            let title = instrument::find(module)
                .map_or_else(|| i18n.t("career.activities_title").to_owned(), |def| def.title.get(lang).to_owned());
            let label = if state.is_some() { i18n.t("staff.release_again") } else { i18n.t("staff.release") };
            view! {
                <li class="module-row">
                    <span class="module-name">{title.clone()}</span>
                    <span class="badge">{state.map_or(i18n.t("staff.state_none"), |s| state_text(i18n, s))}</span>
                    <button type="button" class="button secondary" on:click=release
                        aria-label=format!("{label}: {title}")>{label}</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="modules-title">
            <h2 id="modules-title">{i18n.t("staff.modules")}</h2>
            <p class="hint">{i18n.t("staff.modules_hint")}</p>
            <ul class="module-rows">{rows}</ul>
            <Alert message=error/>
        </section>
    }
}

#[component]
fn ResultsSection(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let results = RwSignal::new(None::<Vec<StoredResult>>);
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api_staff::results(&id).await {
            Ok(r) => results.set(Some(r.results)),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    view! {
        <section class="card" aria-labelledby="results-title">
            <h2 id="results-title">{move || i18n.t("staff.results")}</h2>
            <p class="hint">{move || i18n.t("staff.results_hint")}</p>
            <Alert message=error/>
            {move || {
                // Drawn again when the language changes.
                i18n.lang.track();
                match results.get() {
                    None => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
                    Some(list) if list.is_empty() => view! { <p class="empty">{i18n.t("staff.results_none")}</p> }.into_any(),
                    Some(list) => list.into_iter().filter_map(|r| instrument::find(&r.instrument).map(|d| view! { <ResultArticle result=r definition=d/> })).collect_view().into_any(),
                }
            }}
        </section>
    }
}

#[component]
fn CompetencesSection(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(Vec::<Competence>::new());
    let error = RwSignal::new(None::<&'static str>);
    let editing = RwSignal::new(None::<String>);
    let skill = RwSignal::new(String::new());
    let level = RwSignal::new(CompetenceLevel::Basic);
    let evidence = RwSignal::new(String::new());
    let occupation = RwSignal::new(None::<lotse_shared::api::Occupation>);
    let id_load = id.clone();
    spawn_local(async move {
        match api_staff::competences(&id_load).await {
            Ok(l) => list.set(l),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    let clear = move || {
        editing.set(None);
        skill.set(String::new());
        level.set(CompetenceLevel::Basic);
        evidence.set(String::new());
        occupation.set(None);
    };
    let id_save = id.clone();
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CompetenceInput {
            skill: skill.get_untracked(),
            level: level.get_untracked(),
            evidence: evidence.get_untracked(),
            occupation: occupation.with_untracked(|o| o.as_ref().map(|o| o.id.clone())),
        };
        let id = id_save.clone();
        spawn_local(async move {
            let result = match editing.get_untracked() {
                Some(cid) => api_staff::update_competence(&id, &cid, &input).await,
                None => api_staff::add_competence(&id, &input).await,
            };
            match result {
                Ok(l) => {
                    list.set(l);
                    error.set(None);
                    clear();
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let id_rm = id.clone();
    view! {
        <section class="card" aria-labelledby="competences-title">
            <h2 id="competences-title">{move || i18n.t("staff.competences")}</h2>
            {move || if list.with(Vec::is_empty) {
                view! { <p class="empty">{i18n.t("staff.competences_none")}</p> }.into_any()
            } else {
                let id_rm = id_rm.clone();
                let coded = list.with(|l| l.iter().any(|c| c.occupation.is_some()));
                view! {
                    <ul class="competences">
                        {list.get().into_iter().map(|c| {
                            let edit_c = c.clone();
                            let (id, cid) = (id_rm.clone(), c.id.clone());
                            view! {
                                <li>
                                    <strong>{c.skill.clone()}</strong>" – "{level_text(i18n, c.level)}
                                    {(!c.evidence.is_empty()).then(|| view! { <span class="meta">" ("{c.evidence.clone()}")"</span> })}
                                    {c.occupation.as_ref().map(|o| view! { " · " {occupation_coded(i18n, o)} })}
                                    <span class="meta">" · "{i18n.t(recorded_by_key(c.changed_by, false))}</span>
                                    <span class="row-actions">
                                        <button type="button" class="link-button" on:click=move |_| {
                                            editing.set(Some(edit_c.id.clone()));
                                            skill.set(edit_c.skill.clone());
                                            level.set(edit_c.level);
                                            evidence.set(edit_c.evidence.clone());
                                            // Kept unless changed here: saving sends what the form holds.
                                            occupation.set(edit_c.occupation.clone());
                                            // The form below now edits this entry: take the user there.
                                            if let Some(input) = document().get_element_by_id("c-skill")
                                                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
                                                let _ = input.focus();
                                            }
                                        }>{i18n.fill("staff.edit_named", &[("name", c.skill.clone())])}</button>
                                        <button type="button" class="link-button" on:click=move |_| {
                                            let (id, cid) = (id.clone(), cid.clone());
                                            spawn_local(async move {
                                                match api_staff::delete_competence(&id, &cid).await {
                                                    Ok(()) => {
                                                        let position = list.with_untracked(|l| l.iter().position(|c| c.id == cid).unwrap_or(0));
                                                        list.update(|l| l.retain(|c| c.id != cid));
                                                        if editing.get_untracked().as_deref() == Some(cid.as_str()) {
                                                            clear();
                                                        }
                                                        request_animation_frame(move || {
                                                            focus_after_removal(".competences > li button:first-of-type", position, "#c-skill");
                                                        });
                                                    }
                                                    Err(f) => error.set(Some(failure_text(i18n, &f))),
                                                }
                                            });
                                        }>{i18n.fill("staff.remove_named", &[("name", c.skill.clone())])}</button>
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {coded.then(|| esco_source(i18n))}
                }.into_any()
            }}
            <form on:submit=on_save class="competence-form">
                <fieldset>
                    <legend>{move || if editing.with(Option::is_some) { i18n.t("staff.competence_edit") } else { i18n.t("staff.competence_add") }}</legend>
                    <label for="c-skill">{move || i18n.t("staff.skill")}</label>
                    <input id="c-skill" type="text" prop:value=skill on:input=move |ev| skill.set(event_target_value(&ev))/>
                    <label for="c-level">{move || i18n.t("staff.level")}</label>
                    <select id="c-level" on:change=move |ev| level.set(match event_target_value(&ev).as_str() {
                        "expert" => CompetenceLevel::Expert,
                        "advanced" => CompetenceLevel::Advanced,
                        _ => CompetenceLevel::Basic,
                    })>
                        <option value="basic" selected=move || level.get() == CompetenceLevel::Basic>{move || i18n.t("staff.level_basic")}</option>
                        <option value="advanced" selected=move || level.get() == CompetenceLevel::Advanced>{move || i18n.t("staff.level_advanced")}</option>
                        <option value="expert" selected=move || level.get() == CompetenceLevel::Expert>{move || i18n.t("staff.level_expert")}</option>
                    </select>
                    <label for="c-evidence">{move || i18n.t("staff.evidence")}</label>
                    <input id="c-evidence" type="text" prop:value=evidence on:input=move |ev| evidence.set(event_target_value(&ev))/>
                </fieldset>
                <OccupationPicker id="c-occupation" chosen=occupation
                    search=|q: String| async move { api_staff::occupations(&q).await }/>
                <Alert message=error/>
                <p class="actions">
                    <button type="submit" class="button">{move || i18n.t("staff.save")}</button>
                    <Show when=move || editing.with(Option::is_some)>
                        <button type="button" class="button secondary" on:click=move |_| clear()>{move || i18n.t("staff.cancel")}</button>
                    </Show>
                </p>
            </form>
        </section>
    }
}

#[component]
fn DataSheetSection(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let results = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let saved = RwSignal::new(false);
    let id_load = id.clone();
    spawn_local(async move {
        match api_staff::datasheet(&id_load).await {
            Ok(s) => {
                results.set(s.results);
                notes.set(s.notes);
            }
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let sheet = DataSheet {
            results: results.get_untracked(),
            notes: notes.get_untracked(),
        };
        let id = id.clone();
        spawn_local(async move {
            match api_staff::put_datasheet(&id, &sheet).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="sheet-title">
            <h2 id="sheet-title">{move || i18n.t("staff.datasheet")}</h2>
            <form on:submit=on_save>
                <label for="sheet-results">{move || i18n.t("staff.datasheet_results")}</label>
                <textarea id="sheet-results" rows="4" prop:value=results
                    on:input=move |ev| { saved.set(false); results.set(event_target_value(&ev)); }></textarea>
                <label for="sheet-notes">{move || i18n.t("staff.datasheet_notes")}</label>
                <textarea id="sheet-notes" rows="4" prop:value=notes
                    on:input=move |ev| { saved.set(false); notes.set(event_target_value(&ev)); }></textarea>
                <Alert message=error/>
                <p class="actions">
                    <button type="submit" class="button">{move || i18n.t("staff.save")}</button>
                    <span role="status">{move || saved.get().then(|| i18n.t("staff.saved"))}</span>
                </p>
            </form>
        </section>
    }
}

/// The optional consents, changed here only with the participant present (the
/// history records "with counsellor"); accepting the notice in the office and
/// the printed record are on the consent record page (`consent_record`).
#[component]
fn ConsentSection(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let agency = RwSignal::new(false);
    let matching = RwSignal::new(false);
    let health = RwSignal::new(false);
    let survey = RwSignal::new(false);
    let accepted = RwSignal::new(None::<bool>);
    let error = RwSignal::new(None::<&'static str>);
    let saved = RwSignal::new(false);
    let id_load = id.clone();
    let record_link = format!("/staff/participants/{id}/consent-record");
    spawn_local(async move {
        match api_staff::consent(&id_load).await {
            Ok(s) => {
                agency.set(s.agency_results);
                matching.set(s.job_matching);
                health.set(s.health_data);
                survey.set(s.survey_contact);
                accepted.set(Some(!s.required));
            }
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = OptionalConsents {
            agency_results: agency.get_untracked(),
            job_matching: matching.get_untracked(),
            health_data: health.get_untracked(),
            survey_contact: survey.get_untracked(),
        };
        let id = id.clone();
        spawn_local(async move {
            match api_staff::record_consent(&id, &wanted).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="consent-title">
            <h2 id="consent-title">{move || i18n.t("staff.consent")}</h2>
            <p>{move || i18n.t("staff.consent_intro")}</p>
            {move || (accepted.get() == Some(false)).then(|| view! {
                <p class="note">{i18n.t("staff.consent_notice_missing")}</p>
            })}
            <form on:submit=on_save>
                <div class="check">
                    <input type="checkbox" id="consent-agency" prop:checked=agency
                        on:change=move |ev| { saved.set(false); agency.set(event_target_checked(&ev)); }/>
                    <label for="consent-agency">{move || i18n.t("staff.consent_agency")}</label>
                </div>
                <div class="check">
                    <input type="checkbox" id="consent-matching" prop:checked=matching
                        on:change=move |ev| { saved.set(false); matching.set(event_target_checked(&ev)); }/>
                    <label for="consent-matching">{move || i18n.t("staff.consent_matching")}</label>
                </div>
                <div class="check">
                    <input type="checkbox" id="consent-health" aria-describedby="consent-health-hint" prop:checked=health
                        on:change=move |ev| { saved.set(false); health.set(event_target_checked(&ev)); }/>
                    <div>
                        <label for="consent-health">{move || i18n.t("staff.consent_health")}</label>
                        <p class="hint" id="consent-health-hint">{move || i18n.t("staff.consent_health_hint")}</p>
                    </div>
                </div>
                <div class="check">
                    <input type="checkbox" id="consent-survey" prop:checked=survey
                        on:change=move |ev| { saved.set(false); survey.set(event_target_checked(&ev)); }/>
                    <label for="consent-survey">{move || i18n.t("scope.survey_contact")}</label>
                </div>
                <Alert message=error/>
                <p class="actions">
                    <button type="submit" class="button">{move || i18n.t("staff.consent_save")}</button>
                    <span role="status">{move || saved.get().then(|| i18n.t("staff.saved"))}</span>
                </p>
            </form>
            <p class="actions">
                <a class="button secondary" href=record_link>{move || i18n.t("record.open")}</a>
            </p>
        </section>
    }
}

#[component]
fn ReportSection(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let overview = RwSignal::new(None::<ReportOverview>);
    let wording = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let set_overview = move |o: ReportOverview| {
        wording.set(
            o.draft
                .as_ref()
                .map(|d| d.content.wording.clone())
                .unwrap_or_default(),
        );
        overview.set(Some(o));
    };
    let id_load = id.clone();
    spawn_local(async move {
        match api_staff::report(&id_load).await {
            Ok(o) => set_overview(o),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    let id_save = id.clone();
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id_save.clone();
        spawn_local(async move {
            match api_staff::put_report(&id, wording.get_untracked()).await {
                Ok(o) => {
                    error.set(None);
                    set_overview(o);
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let id_rel = id.clone();
    let release = move |_| {
        let id = id_rel.clone();
        spawn_local(async move {
            match api_staff::release_report(&id).await {
                Ok(_) => {
                    if let Ok(o) = api_staff::report(&id).await {
                        set_overview(o);
                    }
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let draft_state =
        move || overview.with(|o| o.as_ref().and_then(|o| o.draft.as_ref().map(|d| d.state)));
    view! {
        <section class="card" aria-labelledby="report-title">
            <h2 id="report-title">{move || i18n.t("staff.report")}</h2>
            <p class="hint">{move || i18n.t("staff.report_hint")}</p>
            <form on:submit=on_save>
                <label for="report-wording">{move || i18n.t("staff.report_wording")}</label>
                <textarea id="report-wording" rows="5" prop:value=wording on:input=move |ev| wording.set(event_target_value(&ev))></textarea>
                <p class="actions"><button type="submit" class="button">{move || i18n.t("staff.report_save")}</button></p>
            </form>
            <p role="status" class="report-state">{move || match draft_state() {
                None => i18n.t("staff.report_state_none"),
                Some(ReportState::Draft) => i18n.t("staff.report_state_draft"),
                Some(ReportState::Agreed) => i18n.t("staff.report_state_agreed"),
                Some(ReportState::Released) => "",
            }}</p>
            {move || overview.get().and_then(|o| o.draft).and_then(|d| d.proposal).map(|p| view! {
                <div class="note">
                    <p><strong>{i18n.t("staff.report_proposal")}</strong></p>
                    <p class="wording">{if p.is_empty() { "–".to_owned() } else { p }}</p>
                </div>
            })}
            {move || overview.get().and_then(|o| o.draft).map(|d| view! {
                <h3>{i18n.t("staff.report_preview")}</h3>
                <ReportContentView content=d.content find=lotse_shared::instrument::find/>
            })}
            <Show when=move || draft_state() == Some(ReportState::Agreed)>
                <p class="actions"><button type="button" class="button" on:click=release.clone()>{move || i18n.t("staff.report_release")}</button></p>
            </Show>
            <Alert message=error/>
            {move || {
                let released: Vec<AgencyReport> = overview.get().map(|o| o.released).unwrap_or_default();
                (!released.is_empty()).then(|| {
                    let id = id.clone();
                    view! {
                        <h3>{i18n.t("staff.report_released")}</h3>
                        <ul class="released">{released.into_iter().map(|r| {
                            let when = r.released_at.map(format_time).unwrap_or_default();
                            view! { <li>
                                {i18n.fill("staff.report_released_at", &[("time", when)])}" "
                                <a href=format!("/staff/participants/{id}/reports/{}", r.id)>{i18n.t("staff.report_print")}</a>" · "
                                <a href=api_staff::report_url(&id, &r.id) download=format!("agency-report-{}.json", r.id)>{i18n.t("staff.report_download")}</a>
                            </li> }
                        }).collect_view()}</ul>
                    }
                })
            }}
        </section>
    }
}

/// One questionnaire result with its chart, each scale's band and
/// explanation, the quality note and the instrument's reminder (the dossier
/// and the final report).
#[component]
pub(super) fn ResultArticle(
    result: StoredResult,
    definition: &'static instrument::Instrument,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    let (r, d) = (result, definition);
    view! {
        <article class="result">
            <h3>{d.title.get(lang)}" – "{format_time(r.submitted_at)}</h3>
            <ScoreChart instrument=d scales=r.scales.clone() lang=lang/>
            <dl class="scales">
                {r.scales.iter().filter_map(|agg| d.scale(&agg.scale).map(|s| (agg, s))).map(|(agg, s)| {
                    let band = agg.score.and_then(|score| s.band_for(score));
                    view! {
                        <dt>{s.name.get(lang)}</dt>
                        <dd>
                            <p class="score">{match (agg.score, band) {
                                (Some(score), Some(b)) => i18n.fill("result.score", &[("score", score.to_string()), ("band", b.label.get(lang).to_owned())]),
                                _ => i18n.t("result.not_enough").to_owned(),
                            }}</p>
                            {band.map(|b| view! { <p>{b.explanation.get(lang)}</p> })}
                            {(!s.agency_shareable).then(|| view! { <p class="meta">{i18n.t("staff.not_shareable")}</p> })}
                        </dd>
                    }
                }).collect_view()}
            </dl>
            {(r.quality != QualityFlag::Ok).then(|| view! {
                <div class="note quality">
                    <p><strong>{i18n.t("staff.quality_title")}</strong></p>
                    <p>{if r.quality == QualityFlag::UniformAnswers { i18n.t("staff.quality_uniform") } else { i18n.t("staff.quality_contradictory") }}</p>
                    <p>{i18n.t("staff.quality_careful")}</p>
                </div>
            })}
            <p class="note">{d.note.get(lang)}</p>
        </article>
    }
}

/// A released agency report on its own, for printing on A4.
#[component]
pub fn ReportPrintPage() -> impl IntoView {
    view! { <RequireStaff allow=roles::counsels><ReportPrint/></RequireStaff> }
}

#[component]
fn ReportPrint() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let (id, rid) = params.with_untracked(|p| {
        (
            p.get("id").unwrap_or_default(),
            p.get("rid").unwrap_or_default(),
        )
    });
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("staff.report").to_owned());
    let report = RwSignal::new(None::<AgencyReport>);
    let error = RwSignal::new(None::<&'static str>);
    let back = format!("/staff/participants/{id}");
    spawn_local(async move {
        match crate::api::get::<AgencyReport>(&api_staff::report_url(&id, &rid)).await {
            Ok(r) => report.set(Some(r)),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    view! {
        <article class="card print-a4">
            <h1 tabindex="-1" node_ref=heading>{move || i18n.t("staff.report")}</h1>
            <Alert message=error/>
            {move || report.get().map(|r| view! {
                <p class="meta">{i18n.fill("staff.report_released_at", &[("time", r.released_at.map(format_time).unwrap_or_default())])}</p>
                <ReportContentView content=r.content find=lotse_shared::instrument::find/>
            })}
            <p class="actions no-print">
                <button type="button" class="button" on:click=|_| {
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>{move || i18n.t("staff.report_print")}</button>
                <a class="button secondary" href=back>{move || i18n.t("staff.back")}</a>
            </p>
        </article>
    }
}

/// The module states, read only (for those who do not release modules).
#[component]
fn ModuleStates(dossier: Dossier) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    view! {
        <ul class="module-states">
            {instrument::modules().into_iter().map(|module| {
                let state = dossier.modules.iter().find(|m| m.instrument == module).map(|m| m.state);
                // Module 2 is the work profile, not a questionnaire.
                let title = instrument::find(module)
                    .map_or_else(|| i18n.t("career.activities_title").to_owned(), |def| def.title.get(lang).to_owned());
                view! { <li>{title}": "{state.map_or(i18n.t("staff.state_none"), |s| state_text(i18n, s))}</li> }
            }).collect_view()}
        </ul>
    }
}

/// The office's part of a dossier: counsellor, exit date, access letter.
#[component]
fn ManageSection(
    dossier: Dossier,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let staff = RwSignal::new(Vec::<StaffMember>::new());
    let counsellor = RwSignal::new(dossier.counsellor_id.clone().unwrap_or_default());
    let exit_on = RwSignal::new(dossier.exit_on.clone().unwrap_or_default());
    let letter = RwSignal::new(None::<AccessLetter>);
    let error = RwSignal::new(None::<&'static str>);
    let saved = RwSignal::new(false);
    let id = dossier.id.clone();
    spawn_local(async move {
        if let Ok(list) = api_staff::staff().await {
            staff.set(list);
        }
    });
    let id_save = id.clone();
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = counsellor.get_untracked();
        let e = exit_on.get_untracked();
        let update = ParticipantUpdate {
            counsellor_id: Some((!c.is_empty()).then_some(c)),
            exit_on: Some((!e.is_empty()).then_some(e)),
        };
        let (id, on_change) = (id_save.clone(), on_change.clone());
        spawn_local(async move {
            match api_staff::update_participant(&id, &update).await {
                Ok(()) => {
                    error.set(None);
                    saved.set(true);
                    on_change();
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let reissue = move |_| {
        let id = id.clone();
        spawn_local(async move {
            match api_staff::reissue_code(&id).await {
                Ok(l) => letter.set(Some(l)),
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="office-title">
            <h2 id="office-title">{move || i18n.t("staff.office")}</h2>
            <form on:submit=on_save>
                <label for="o-counsellor">{move || i18n.t("staff.counsellor")}</label>
                <select id="o-counsellor" on:change=move |ev| counsellor.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t("staff.none")}</option>
                    {move || staff.get().into_iter().filter(|s| s.role == StaffRole::Counsellor && !s.disabled).map(|s| {
                        let sid = s.id.clone();
                        view! { <option value=s.id.clone() selected=move || counsellor.get() == sid>{s.display_name.clone()}</option> }
                    }).collect_view()}
                </select>
                <label for="o-exit">{move || i18n.t("staff.exit_on")}</label>
                <input id="o-exit" type="date" prop:value=exit_on on:input=move |ev| exit_on.set(event_target_value(&ev))/>
                <Alert message=error/>
                <p class="actions">
                    <button type="submit" class="button">{move || i18n.t("staff.save")}</button>
                    <span role="status">{move || saved.get().then(|| i18n.t("staff.saved"))}</span>
                </p>
            </form>
            <h3>{move || i18n.t("staff.access_code")}</h3>
            <p class="hint">{move || i18n.t("staff.reissue_hint")}</p>
            <button type="button" class="button secondary" on:click=reissue>{move || i18n.t("staff.reissue")}</button>
        </section>
        {move || letter.get().map(|l| view! { <AccessLetterView letter=l/> })}
    }
}

/// Who viewed or changed the dossier.
#[component]
fn AuditSection(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let trail = RwSignal::new(Vec::<AuditEntry>::new());
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api_staff::participant_audit(&id).await {
            Ok(t) => trail.set(t),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    view! {
        <section class="card no-print" aria-labelledby="trail-title">
            <h2 id="trail-title">{move || i18n.t("staff.audit_title")}</h2>
            <Alert message=error/>
            <AuditList entries=trail/>
        </section>
    }
}
