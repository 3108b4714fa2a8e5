//! `/staff/figures`: programme figures for the admin and the data protection
//! officer. Counts only, as the server returns them: it withholds every count
//! below the minimum group size, so this page never shows nor lists a person.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{Figure, Programme, ProgrammeFigures, ScaleDistribution};
use lotse_shared::{Lang, instrument};

use super::{RequireStaff, failure_text, roles};
use crate::api_staff;
use crate::components::{Alert, page_setup};
use crate::i18n::{I18n, use_i18n};
use crate::views::format_time;

#[component]
pub fn FiguresPage() -> impl IntoView {
    view! {
        <RequireStaff allow=roles::figures_page>
            <Figures/>
        </RequireStaff>
    }
}

#[component]
fn Figures() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("staff.fig_title").to_owned());
    let programmes = RwSignal::new(Vec::<Programme>::new());
    let chosen = RwSignal::new(String::new());
    let figures = RwSignal::new(None::<ProgrammeFigures>);
    let error = RwSignal::new(None::<&'static str>);
    // Only the newest request may draw: an older answer arriving late would
    // show one programme's figures under another's name.
    let request = StoredValue::new(0_u32);
    let load = move || {
        let programme = chosen.get_untracked();
        let n = request.get_value().wrapping_add(1);
        request.set_value(n);
        spawn_local(async move {
            let wanted = (!programme.is_empty()).then_some(programme.as_str());
            let answer = api_staff::statistics(wanted).await;
            if request.get_value() != n {
                return;
            }
            match answer {
                Ok(f) => {
                    figures.set(Some(f));
                    error.set(None);
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    spawn_local(async move {
        match api_staff::programmes().await {
            Ok(list) => programmes.set(list),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    load();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        load();
    };
    let programme_name = move |id: Option<&str>| match id {
        None => i18n.t("staff.fig_all_programmes").to_owned(),
        Some(id) => programmes.with(|list| {
            list.iter()
                .find(|p| p.id == id)
                .map_or_else(|| id.to_owned(), |p| p.name.clone())
        }),
    };
    view! {
        <h1 tabindex="-1" node_ref=heading>{i18n.tr("staff.fig_title")}</h1>
        <p>{i18n.tr("staff.fig_intro")}</p>
        <form class="filters no-print" on:submit=on_submit>
            <div>
                <label for="fig-programme">{i18n.tr("staff.programme")}</label>
                <select id="fig-programme" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="" selected=move || chosen.with(String::is_empty)>
                        {i18n.tr("staff.fig_all_programmes")}
                    </option>
                    {move || programmes.get().into_iter().map(|p| {
                        let id = p.id.clone();
                        view! {
                            <option value=p.id selected=move || chosen.with(|c| *c == id)>{p.name}</option>
                        }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{i18n.tr("staff.fig_show")}</button>
        </form>
        <Alert message=error/>
        {move || match figures.get() {
            None => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
            Some(f) => {
                let name = programme_name(f.programme.as_deref());
                view! { <FiguresView figures=f name=name/> }.into_any()
            }
        }}
    }
}

/// One programme's (or all programmes') figures as tables.
#[component]
fn FiguresView(figures: ProgrammeFigures, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let min = figures.min_group;
    move || {
        let lang = i18n.lang.get();
        let f = figures.clone();
        let total = f.participants.map_or_else(
            || i18n.fill("staff.fig_fewer", &[("n", min.to_string())]),
            |n| n.to_string(),
        );
        let states: Vec<(String, Figure)> = f
            .states
            .iter()
            .map(|s| (i18n.t(state_key(&s.key)).to_owned(), s.clone()))
            .collect();
        let modules: Vec<(String, Figure)> = f
            .modules_done
            .iter()
            .map(|m| (module_name(i18n, lang, &m.key), m.clone()))
            .collect();
        view! {
            <section class="card figures" aria-labelledby="fig-programme-title">
                <h2 id="fig-programme-title">{name.clone()}</h2>
                <p class="meta">{i18n.fill("staff.fig_generated", &[("time", format_time(f.generated_at))])}</p>
                <p>{i18n.t("staff.fig_participants")}": "<strong>{total}</strong></p>
                <FigureTable caption=i18n.t("staff.fig_states") head=i18n.t("staff.fig_state") count_head=i18n.t("staff.fig_count") rows=states min=min/>
                <FigureTable caption=i18n.t("staff.fig_modules") head=i18n.t("staff.fig_module") count_head=i18n.t("staff.fig_done") rows=modules min=min/>
                <h3>{i18n.t("staff.fig_scales")}</h3>
                {if f.scales.is_empty() {
                    view! { <p class="empty">{i18n.t("staff.fig_no_scales")}</p> }.into_any()
                } else {
                    f.scales.iter().map(|s| {
                        let (caption, rows) = scale_rows(lang, s);
                        view! {
                            <FigureTable caption=caption head=i18n.t("staff.fig_band") count_head=i18n.t("staff.fig_count") rows=rows min=min/>
                        }
                    }).collect_view().into_any()
                }}
                <p class="hint">{i18n.fill("staff.fig_privacy", &[("n", min.to_string())])}</p>
                <p class="actions no-print">
                    <button type="button" class="button secondary" on:click=|_| {
                        if let Some(w) = web_sys::window() { let _ = w.print(); }
                    }>{i18n.t("staff.fig_print")}</button>
                </p>
            </section>
        }
    }
}

/// A two-column table: what is counted, and its count or why it is withheld.
#[component]
fn FigureTable(
    #[prop(into)] caption: String,
    head: &'static str,
    count_head: &'static str,
    rows: Vec<(String, Figure)>,
    min: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let withheld = rows.iter().filter(|(_, f)| f.count.is_none()).count();
    view! {
        <div class="table-wrap">
            <table class="figures">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{head}</th>
                    <th scope="col">{count_head}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(label, f)| view! {
                        <tr>
                            <th scope="row">{label}</th>
                            <td>{count_text(i18n, f.count, min, withheld)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A count, or what is known of a withheld one. The server withholds a
/// second count only where exactly one would be withheld otherwise, so with
/// any other number withheld each of them is below the minimum for certain.
fn count_text(i18n: I18n, count: Option<u32>, min: u32, withheld_in_table: usize) -> String {
    match count {
        Some(n) => n.to_string(),
        None if withheld_in_table == 2 => {
            i18n.fill("staff.fig_fewer_or_withheld", &[("n", min.to_string())])
        }
        None => i18n.fill("staff.fig_fewer", &[("n", min.to_string())]),
    }
}

fn state_key(state: &str) -> &'static str {
    match state {
        "consent_pending" => "staff.fig_state_consent_pending",
        "declined" => "staff.fig_state_declined",
        "active" => "staff.fig_state_active",
        "finished" => "staff.fig_state_finished",
        _ => "staff.fig_state_other",
    }
}

/// A module's title: the questionnaire's, or the activities module's.
fn module_name(i18n: I18n, lang: Lang, id: &str) -> String {
    match instrument::find(id) {
        Some(def) => def.title.get(lang).to_owned(),
        None if id == instrument::ACTIVITIES => i18n.t("career.activities_title").to_owned(),
        None => id.to_owned(),
    }
}

/// The table's caption ("questionnaire: scale") and its rows with band names;
/// ids the definitions do not know (an older version) are shown as they are.
fn scale_rows(lang: Lang, s: &ScaleDistribution) -> (String, Vec<(String, Figure)>) {
    let def = instrument::find(&s.instrument);
    let scale = def.and_then(|d| d.scales.iter().find(|sc| sc.id == s.scale));
    let caption = format!(
        "{}: {}",
        def.map_or(s.instrument.as_str(), |d| d.title.get(lang)),
        scale.map_or(s.scale.as_str(), |sc| sc.name.get(lang)),
    );
    let rows = s
        .bands
        .iter()
        .map(|b| {
            let label = scale
                .and_then(|sc| sc.bands.iter().find(|band| band.id == b.key))
                .map_or_else(|| b.key.clone(), |band| band.label.get(lang).to_owned());
            (label, b.clone())
        })
        .collect();
    (caption, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_named_from_their_definitions() {
        let Some(def) = instrument::all().iter().find(|d| !d.health) else {
            return;
        };
        let Some(scale) = def.scales.first() else {
            return;
        };
        let distribution = ScaleDistribution {
            instrument: def.id.clone(),
            scale: scale.id.clone(),
            bands: scale
                .bands
                .iter()
                .map(|b| Figure {
                    key: b.id.clone(),
                    count: None,
                })
                .collect(),
        };
        let (caption, rows) = scale_rows(Lang::En, &distribution);
        assert_eq!(
            caption,
            format!("{}: {}", def.title.get(Lang::En), scale.name.get(Lang::En))
        );
        let labels: Vec<&str> = rows.iter().map(|(l, _)| l.as_str()).collect();
        let expected: Vec<&str> = scale.bands.iter().map(|b| b.label.get(Lang::En)).collect();
        assert_eq!(labels, expected);
    }

    #[test]
    fn unknown_ids_are_shown_as_they_are() {
        let distribution = ScaleDistribution {
            instrument: "gone".to_owned(),
            scale: "old".to_owned(),
            bands: vec![Figure {
                key: "low".to_owned(),
                count: Some(7),
            }],
        };
        let (caption, rows) = scale_rows(Lang::De, &distribution);
        assert_eq!(caption, "gone: old");
        assert_eq!(rows[0].0, "low");
    }
}
