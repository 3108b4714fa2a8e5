//! The office pages: staff accounts, programmes, new participants with their
//! access letter, and substitutes.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{
    AccessLetter, CreatedStaff, Delegation, NewDelegation, NewParticipant, NewProgramme, NewStaff,
    Programme, ProgrammeDates, StaffMember, StaffRole,
};

use super::breaches::BreachesSection;
use super::{AccessLetterView, RequireStaff, failure_text, roles, use_staff};
use crate::api_staff;
use crate::components::live::announce;
use crate::components::{Alert, page_setup};
use crate::i18n::use_i18n;

#[component]
pub fn AdminPage() -> impl IntoView {
    view! { <RequireStaff allow=roles::office_page denied="staff.admin_only"><AdminContent/></RequireStaff> }
}

#[component]
fn AdminContent() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("staff.admin_title").to_owned());
    let staff = RwSignal::new(Vec::<StaffMember>::new());
    let programmes = RwSignal::new(Vec::<Programme>::new());
    let load = move || {
        spawn_local(async move {
            if let Ok(list) = api_staff::staff().await {
                staff.set(list);
            }
            if let Ok(list) = api_staff::programmes().await {
                programmes.set(list);
            }
        });
    };
    load();
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("staff.admin_title")}</h1>
        <NewParticipantSection staff=staff programmes=programmes/>
        <StaffSection staff=staff on_change=load/>
        <ProgrammesSection programmes=programmes on_change=load/>
        <DelegationsSection staff=staff/>
        <BreachesSection/>
        <super::organisation::OrganisationSection/>
    }
}

/// A new participant and their first access letter (the admin on the office
/// page, office staff in the caseload, which `on_created` then reloads).
#[component]
pub(super) fn NewParticipantSection(
    staff: RwSignal<Vec<StaffMember>>,
    programmes: RwSignal<Vec<Programme>>,
    #[prop(optional)] on_created: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let programme = RwSignal::new(String::new());
    let counsellor = RwSignal::new(String::new());
    let born = RwSignal::new(String::new());
    let under_age = RwSignal::new(false);
    let letter = RwSignal::new(None::<AccessLetter>);
    let error = RwSignal::new(None::<&'static str>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = programme.get_untracked();
        let programme_id = if chosen.is_empty() {
            programmes.with_untracked(|p| p.first().map(|p| p.id.clone()).unwrap_or_default())
        } else {
            chosen
        };
        let c = counsellor.get_untracked();
        let new = NewParticipant {
            programme_id,
            display_name: name.get_untracked(),
            counsellor_id: (!c.is_empty()).then_some(c),
            date_of_birth: Some(born.get_untracked()).filter(|d| !d.is_empty()),
            under_consent_age: under_age.get_untracked(),
        };
        spawn_local(async move {
            match api_staff::create_participant(&new).await {
                Ok(l) => {
                    error.set(None);
                    name.set(String::new());
                    born.set(String::new());
                    under_age.set(false);
                    letter.set(Some(l));
                    if let Some(created) = on_created {
                        created.run(());
                    }
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="np-title">
            <h2 id="np-title">{move || i18n.t("staff.new_participant")}</h2>
            <form on:submit=on_submit>
                <label for="np-name">{move || i18n.t("staff.name")}</label>
                <input id="np-name" type="text" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <label for="np-programme">{move || i18n.t("staff.programme")}</label>
                <select id="np-programme" on:change=move |ev| programme.set(event_target_value(&ev))>
                    {move || programmes.get().into_iter().map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> }).collect_view()}
                </select>
                <label for="np-counsellor">{move || i18n.t("staff.counsellor")}</label>
                <select id="np-counsellor" on:change=move |ev| counsellor.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t("staff.none")}</option>
                    {move || staff.get().into_iter().filter(|s| s.role == StaffRole::Counsellor && !s.disabled)
                        .map(|s| view! { <option value=s.id.clone()>{s.display_name.clone()}</option> }).collect_view()}
                </select>
                <fieldset>
                    <legend>{move || i18n.t("guardian.age_legend")}</legend>
                    <p class="hint" id="np-age-hint">{move || i18n.t("guardian.age_hint")}</p>
                    <label for="np-born">{move || i18n.t("guardian.date_of_birth")}</label>
                    <input id="np-born" type="date" aria-describedby="np-age-hint" prop:value=born
                        on:input=move |ev| born.set(event_target_value(&ev))/>
                    <div class="check">
                        <input type="checkbox" id="np-under-age" prop:checked=under_age
                            on:change=move |ev| under_age.set(event_target_checked(&ev))/>
                        <label for="np-under-age">{move || i18n.t("guardian.under_age")}</label>
                    </div>
                </fieldset>
                <Alert message=error/>
                <button type="submit" class="button">{move || i18n.t("staff.create_participant")}</button>
            </form>
        </section>
        {move || letter.get().map(|l| view! { <AccessLetterView letter=l/> })}
    }
}

#[component]
fn StaffSection(
    staff: RwSignal<Vec<StaffMember>>,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_staff();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(StaffRole::Counsellor);
    let created = RwSignal::new(None::<CreatedStaff>);
    let error = RwSignal::new(None::<&'static str>);
    let reload = on_change.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = NewStaff {
            username: username.get_untracked(),
            display_name: display_name.get_untracked(),
            role: role.get_untracked(),
        };
        let reload = reload.clone();
        spawn_local(async move {
            match api_staff::create_staff(&new).await {
                Ok(c) => {
                    error.set(None);
                    username.set(String::new());
                    display_name.set(String::new());
                    created.set(Some(c));
                    reload();
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let me = move || {
        ctx.info
            .with(|i| i.as_ref().map(|i| i.id.clone()).unwrap_or_default())
    };
    view! {
        <section class="card no-print" aria-labelledby="staff-title">
            <h2 id="staff-title">{move || i18n.t("staff.staff_title")}</h2>
            <ul class="staff-list">
                {move || staff.get().into_iter().map(|s| {
                    let on_change = on_change.clone();
                    let (sid, disabled, is_me) = (s.id.clone(), s.disabled, s.id == me());
                    let toggle = move |_| {
                        let (sid, on_change) = (sid.clone(), on_change.clone());
                        spawn_local(async move {
                            match api_staff::update_staff(&sid, !disabled).await {
                                Ok(_) => on_change(),
                                Err(f) => error.set(Some(failure_text(i18n, &f))),
                            }
                        });
                    };
                    let label = if disabled { i18n.t("staff.enable") } else { i18n.t("staff.disable") };
                    view! {
                        <li>
                            <strong>{s.display_name.clone()}</strong>" ("{s.username.clone()}", "
                            {i18n.t(roles::label_key(s.role))}
                            {(!s.enrolled).then(|| format!(", {}", i18n.t("staff.not_enrolled")))}
                            {disabled.then(|| format!(", {}", i18n.t("staff.disabled")))}")"
                            {(!is_me).then(|| view! {
                                " "<button type="button" class="link-button" on:click=toggle.clone()
                                    aria-label=format!("{label}: {}", s.display_name)>{label}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form on:submit=on_submit>
                <fieldset>
                    <legend>{move || i18n.t("staff.new_staff")}</legend>
                    <label for="ns-username">{move || i18n.t("staff.username")}</label>
                    <input id="ns-username" type="text" autocomplete="off" prop:value=username on:input=move |ev| username.set(event_target_value(&ev))/>
                    <label for="ns-name">{move || i18n.t("staff.name")}</label>
                    <input id="ns-name" type="text" prop:value=display_name on:input=move |ev| display_name.set(event_target_value(&ev))/>
                    // Radio buttons rather than a select: each role's hint, what
                    // the account will see, is read with its choice.
                    <fieldset>
                        <legend>{move || i18n.t("staff.role")}</legend>
                        {roles::ALL.into_iter().map(|r| {
                            let (id, hint_id) = (format!("ns-role-{}", roles::code(r)), format!("ns-role-{}-hint", roles::code(r)));
                            view! {
                                <div class="check">
                                    <input type="radio" name="ns-role" id=id.clone() value=roles::code(r)
                                        aria-describedby=hint_id.clone()
                                        prop:checked=move || role.get() == r
                                        on:change=move |_| role.set(r)/>
                                    <div>
                                        <label for=id>{move || i18n.t(roles::label_key(r))}</label>
                                        <p class="hint" id=hint_id>{move || i18n.t(roles::hint_key(r))}</p>
                                    </div>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                </fieldset>
                <Alert message=error/>
                <button type="submit" class="button">{move || i18n.t("staff.create_staff")}</button>
            </form>
            {move || created.get().map(|c| view! {
                <div class="note" role="status">
                    <p>{i18n.fill("staff.created_staff", &[("name", c.member.display_name.clone())])}</p>
                    <p>{i18n.t("staff.initial_password")}" "<code class="secret" data-testid="initial-password">{c.initial_password.clone()}</code></p>
                    <p>{i18n.t("staff.initial_password_hint")}</p>
                </div>
            })}
        </section>
    }
}

#[component]
fn ProgrammesSection(
    programmes: RwSignal<Vec<Programme>>,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let reload = on_change.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = NewProgramme {
            name: name.get_untracked(),
            starts_on: starts.get_untracked(),
            ends_on: ends.get_untracked(),
        };
        let on_change = on_change.clone();
        spawn_local(async move {
            match api_staff::create_programme(&new).await {
                Ok(_) => {
                    error.set(None);
                    name.set(String::new());
                    on_change();
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="prog-title">
            <h2 id="prog-title">{move || i18n.t("staff.programmes")}</h2>
            <ul class="programmes">
                {move || programmes.get().into_iter().map(|p| {
                    let on_change = reload.clone();
                    view! { <ProgrammeItem programme=p on_change=on_change/> }
                }).collect_view()}
            </ul>
            <form on:submit=on_submit>
                <fieldset>
                    <legend>{move || i18n.t("staff.new_programme")}</legend>
                    <label for="pg-name">{move || i18n.t("staff.name")}</label>
                    <input id="pg-name" type="text" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                    <label for="pg-start">{move || i18n.t("staff.starts_on")}</label>
                    <input id="pg-start" type="date" prop:value=starts on:input=move |ev| starts.set(event_target_value(&ev))/>
                    <label for="pg-end">{move || i18n.t("staff.ends_on")}</label>
                    <input id="pg-end" type="date" prop:value=ends on:input=move |ev| ends.set(event_target_value(&ev))/>
                </fieldset>
                <Alert message=error/>
                <button type="submit" class="button">{move || i18n.t("staff.create_programme")}</button>
            </form>
        </section>
    }
}

/// One programme, with a form to correct its dates: the deletion day of every
/// participant whose data is kept from the programme end follows them.
#[component]
fn ProgrammeItem(
    programme: Programme,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let starts = RwSignal::new(programme.starts_on.clone());
    let ends = RwSignal::new(programme.ends_on.clone());
    let error = RwSignal::new(None::<&'static str>);
    let id = programme.id.clone();
    let (start_id, end_id) = (format!("pd-start-{id}"), format!("pd-end-{id}"));
    let label = i18n.fill(
        "staff.programme_dates_edit",
        &[("name", programme.name.clone())],
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let dates = ProgrammeDates {
            starts_on: starts.get_untracked(),
            ends_on: ends.get_untracked(),
        };
        // ISO dates compare as text; the server refuses the same.
        if dates.ends_on < dates.starts_on {
            error.set(Some(i18n.t("staff.programme_dates_order")));
            return;
        }
        let (id, on_change) = (id.clone(), on_change.clone());
        spawn_local(async move {
            match api_staff::update_programme_dates(&id, &dates).await {
                Ok(()) => {
                    error.set(None);
                    open.set(false);
                    announce(i18n.t("staff.programme_dates_saved"));
                    on_change();
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    view! {
        <li>
            {programme.name.clone()}" ("{programme.starts_on.clone()}" – "{programme.ends_on.clone()}") "
            <button type="button" class="link-button" aria-expanded=move || open.get().to_string()
                aria-label=label.clone() on:click=move |_| open.update(|o| *o = !*o)>
                {move || i18n.t("staff.programme_dates_button")}
            </button>
            <Show when=move || open.get()>
                <form on:submit=on_submit.clone()>
                    <fieldset>
                        <legend>{label.clone()}</legend>
                        <p>{move || i18n.t("staff.programme_dates_hint")}</p>
                        <label for=start_id.clone()>{move || i18n.t("staff.starts_on")}</label>
                        <input id=start_id.clone() type="date" required prop:value=starts on:input=move |ev| starts.set(event_target_value(&ev))/>
                        <label for=end_id.clone()>{move || i18n.t("staff.ends_on")}</label>
                        <input id=end_id.clone() type="date" required prop:value=ends on:input=move |ev| ends.set(event_target_value(&ev))/>
                    </fieldset>
                    <Alert message=error/>
                    <button type="submit" class="button">{move || i18n.t("staff.programme_dates_save")}</button>
                </form>
            </Show>
        </li>
    }
}

/// Substitutes: the admin names them for any caseload; a counsellor for their own.
#[component]
pub fn DelegationsSection(staff: RwSignal<Vec<StaffMember>>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_staff();
    let list = RwSignal::new(Vec::<Delegation>::new());
    let owner = RwSignal::new(String::new());
    let substitute = RwSignal::new(String::new());
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let load = move || {
        spawn_local(async move {
            if let Ok(l) = api_staff::delegations().await {
                list.set(l);
            }
        });
    };
    load();
    let is_admin = move || {
        ctx.info
            .with(|i| i.as_ref().is_some_and(|i| i.role == StaffRole::Admin))
    };
    let me = move || {
        ctx.info
            .with(|i| i.as_ref().map(|i| i.id.clone()).unwrap_or_default())
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let owner_id = if is_admin() {
            owner.get_untracked()
        } else {
            me()
        };
        let new = NewDelegation {
            owner_id,
            substitute_id: substitute.get_untracked(),
            starts_on: starts.get_untracked(),
            ends_on: ends.get_untracked(),
        };
        spawn_local(async move {
            match api_staff::create_delegation(&new).await {
                Ok(_) => {
                    error.set(None);
                    load();
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let counsellors = move || {
        staff
            .get()
            .into_iter()
            .filter(|s| s.role == StaffRole::Counsellor && !s.disabled)
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card no-print" aria-labelledby="del-title">
            <h2 id="del-title">{move || i18n.t("staff.delegations")}</h2>
            <p class="hint">{move || i18n.t("staff.delegations_hint")}</p>
            {move || if list.with(Vec::is_empty) {
                view! { <p class="empty">{i18n.t("staff.delegations_none")}</p> }.into_any()
            } else {
                view! { <ul>{list.get().into_iter().map(|d| {
                    let did = d.id.clone();
                    let revoke = move |_| {
                        let did = did.clone();
                        spawn_local(async move {
                            match api_staff::revoke_delegation(&did).await {
                                Ok(()) => load(),
                                Err(f) => error.set(Some(failure_text(i18n, &f))),
                            }
                        });
                    };
                    let can_revoke = !d.revoked && (is_admin() || d.owner_id == me());
                    view! { <li>
                        {i18n.fill("staff.delegation_line", &[("substitute", d.substitute.clone()), ("owner", d.owner.clone()), ("from", d.starts_on.clone()), ("to", d.ends_on.clone())])}
                        {d.revoked.then(|| format!(" ({})", i18n.t("staff.revoked")))}
                        {can_revoke.then(|| view! { " "<button type="button" class="link-button" on:click=revoke.clone()>{i18n.t("staff.revoke")}</button> })}
                    </li> }
                }).collect_view()}</ul> }.into_any()
            }}
            <form on:submit=on_submit>
                <fieldset>
                    <legend>{move || i18n.t("staff.new_delegation")}</legend>
                    <Show when=is_admin>
                        <label for="d-owner">{move || i18n.t("staff.delegation_owner")}</label>
                        <select id="d-owner" on:change=move |ev| owner.set(event_target_value(&ev))>
                            <option value="">{move || i18n.t("staff.choose")}</option>
                            {move || counsellors().into_iter().map(|s| view! { <option value=s.id.clone()>{s.display_name.clone()}</option> }).collect_view()}
                        </select>
                    </Show>
                    <label for="d-sub">{move || i18n.t("staff.delegation_substitute")}</label>
                    <select id="d-sub" on:change=move |ev| substitute.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t("staff.choose")}</option>
                        {move || counsellors().into_iter().filter(|s| s.id != me()).map(|s| view! { <option value=s.id.clone()>{s.display_name.clone()}</option> }).collect_view()}
                    </select>
                    <label for="d-from">{move || i18n.t("staff.starts_on")}</label>
                    <input id="d-from" type="date" prop:value=starts on:input=move |ev| starts.set(event_target_value(&ev))/>
                    <label for="d-to">{move || i18n.t("staff.ends_on")}</label>
                    <input id="d-to" type="date" prop:value=ends on:input=move |ev| ends.set(event_target_value(&ev))/>
                </fieldset>
                <Alert message=error/>
                <button type="submit" class="button">{move || i18n.t("staff.create_delegation")}</button>
            </form>
        </section>
    }
}
