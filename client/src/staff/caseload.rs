//! The caseload: a counsellor's own and delegated participants (for the
//! admin, the data protection officer and office staff: everyone, basic data
//! only), with search, filters, sorting and pages. Office staff create
//! participants here too.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{CaseloadPage, ModuleState, Programme};
use lotse_shared::instrument;

use super::{RequireStaff, failure_text, roles};
use crate::api_staff;
use crate::components::{Alert, page_setup};
use crate::i18n::{I18n, use_i18n};

#[component]
pub fn Caseload() -> impl IntoView {
    view! { <RequireStaff><CaseloadContent/></RequireStaff> }
}

pub fn state_text(i18n: I18n, state: ModuleState) -> &'static str {
    match state {
        ModuleState::Released => i18n.t("staff.state_released"),
        ModuleState::Done => i18n.t("staff.state_done"),
        ModuleState::Skipped => i18n.t("staff.state_skipped"),
    }
}

#[component]
fn CaseloadContent() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("staff.caseload_title").to_owned());
    let q = RwSignal::new(String::new());
    let programme = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let sort = RwSignal::new("name".to_owned());
    let page = RwSignal::new(1_u32);
    let data = RwSignal::new(None::<CaseloadPage>);
    let programmes = RwSignal::new(Vec::<Programme>::new());
    let error = RwSignal::new(None::<&'static str>);

    let load = move || {
        let (qv, pv, sv, so, pg) = (
            q.get_untracked(),
            programme.get_untracked(),
            status.get_untracked(),
            sort.get_untracked(),
            page.get_untracked(),
        );
        spawn_local(async move {
            match api_staff::caseload(&qv, &pv, &sv, &so, pg).await {
                Ok(d) => {
                    error.set(None);
                    data.set(Some(d));
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    load();
    let staff = RwSignal::new(Vec::new());
    spawn_local(async move {
        if let Ok(list) = api_staff::programmes().await {
            programmes.set(list);
        }
        if let Ok(list) = api_staff::staff().await {
            staff.set(list);
        }
    });
    let ctx = super::use_staff();
    let role_may = move |may: fn(lotse_shared::api::StaffRole) -> bool| {
        move || ctx.info.with(|i| i.as_ref().is_some_and(|i| may(i.role)))
    };
    let on_filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        page.set(1);
        load();
    };
    let turn = move |delta: i32| {
        let next = page.get_untracked().saturating_add_signed(delta).max(1);
        page.set(next);
        load();
    };
    let pages = move || {
        data.with(|d| {
            d.as_ref()
                .map_or(1, |d| d.total.div_ceil(d.per_page.max(1)).max(1))
        })
    };

    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("staff.caseload_title")}</h1>
        <form class="filters card" on:submit=on_filter role="search">
            <div>
                <label for="f-q">{move || i18n.t("staff.search")}</label>
                <input id="f-q" type="text" prop:value=q on:input=move |ev| q.set(event_target_value(&ev))/>
            </div>
            <div>
                <label for="f-programme">{move || i18n.t("staff.programme")}</label>
                <select id="f-programme" on:change=move |ev| programme.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t("staff.all")}</option>
                    {move || programmes.get().into_iter().map(|p| view! {
                        <option value=p.id.clone()>{p.name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="f-status">{move || i18n.t("staff.module_status")}</label>
                <select id="f-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t("staff.all")}</option>
                    <option value="released">{move || i18n.t("staff.state_released")}</option>
                    <option value="done">{move || i18n.t("staff.state_done")}</option>
                    <option value="skipped">{move || i18n.t("staff.state_skipped")}</option>
                </select>
            </div>
            <div>
                <label for="f-sort">{move || i18n.t("staff.sort")}</label>
                <select id="f-sort" on:change=move |ev| sort.set(event_target_value(&ev))>
                    <option value="name">{move || i18n.t("staff.sort_name")}</option>
                    <option value="-name">{move || i18n.t("staff.sort_name_desc")}</option>
                    <option value="programme">{move || i18n.t("staff.sort_programme")}</option>
                    <option value="-created">{move || i18n.t("staff.sort_newest")}</option>
                    <option value="created">{move || i18n.t("staff.sort_oldest")}</option>
                </select>
            </div>
            <button type="submit" class="button">{move || i18n.t("staff.apply")}</button>
        </form>
        <Alert message=error/>
        {move || match data.get() {
            None => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
            Some(d) if d.entries.is_empty() => view! { <p class="empty">{i18n.t("staff.caseload_empty")}</p> }.into_any(),
            Some(d) => {
                let lang = i18n.lang.get();
                view! {
                    <p class="meta" aria-live="polite">{if d.more { i18n.fill("staff.caseload_count_more", &[("n", d.total.to_string())]) } else { i18n.count("staff.caseload_count", usize::try_from(d.total).unwrap_or(usize::MAX), &[]) }}</p>
                    <div class="table-wrap">
                        <table class="caseload">
                            <caption class="visually-hidden">{i18n.t("staff.caseload_title")}</caption>
                            <thead><tr>
                                <th scope="col">{i18n.t("staff.name")}</th>
                                <th scope="col">{i18n.t("staff.programme")}</th>
                                <th scope="col">{i18n.t("staff.counsellor")}</th>
                                <th scope="col">{i18n.t("staff.modules")}</th>
                            </tr></thead>
                            <tbody>
                                {d.entries.into_iter().map(|e| view! {
                                    <tr>
                                        <th scope="row">
                                            <a href=format!("/staff/participants/{}", e.id)>{e.display_name.clone()}</a>
                                            {e.delegated_by.clone().map(|by| view! {
                                                <span class="badge">{i18n.fill("staff.delegated_by", &[("name", by)])}</span>
                                            })}
                                        </th>
                                        <td>{e.programme.clone()}</td>
                                        <td>{e.counsellor.clone().unwrap_or_else(|| "–".into())}</td>
                                        <td>
                                            <ul class="module-states">
                                                {e.modules.iter().map(|m| {
                                                    let title = instrument::find(&m.instrument)
                                                        .map_or(m.instrument.clone(), |d| d.title.get(lang).to_owned());
                                                    view! { <li>{title}": "{state_text(i18n, m.state)}</li> }
                                                }).collect_view()}
                                            </ul>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }
        }}
        <nav class="pager actions" aria-label=move || i18n.t("staff.pages")>
            <button type="button" class="button secondary" disabled=move || { page.get() <= 1 }
                on:click=move |_| turn(-1)>{move || i18n.t("staff.previous")}</button>
            <span>{move || i18n.fill("staff.page_of", &[("page", page.get().to_string()), ("pages", pages().to_string())])}</span>
            <button type="button" class="button secondary" disabled=move || { page.get() >= pages() }
                on:click=move |_| turn(1)>{move || i18n.t("staff.next_page")}</button>
        </nav>
        <Show when=role_may(roles::counsels)>
            <super::admin::DelegationsSection staff=staff/>
        </Show>
        <Show when=role_may(roles::creates_participants_in_caseload)>
            <super::admin::NewParticipantSection staff=staff programmes=programmes
                on_created=Callback::new(move |()| load())/>
        </Show>
    }
}
