//! Consent in the office and for minors. The counsellor goes through the
//! notice with the participant, records their acceptance and optional
//! consents (channel "with counsellor"), prints the consent record with the
//! scopes ticked and lines for the signatures, and notes when the signed
//! copy is on file. For a participant under the consent age, staff first
//! record a guardian's consent (`GuardianSection`, in the dossier).

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use lotse_shared::api::{
    ConsentChannel, ConsentDecision, ConsentEvent, ConsentStatus, Dossier, GuardianChannel,
    GuardianConsentRecord, Guardianship, Notice, OptionalConsents,
};

use super::{RequireStaff, failure_text};
use crate::api_staff;
use crate::components::{Alert, page_setup};
use crate::i18n::{I18n, use_i18n};
use crate::views::format_time;

/// The optional scopes with their text keys, in the notice's order.
const SCOPES: [(&str, &str); 4] = [
    ("agency", "scope.agency_results"),
    ("matching", "scope.job_matching"),
    ("health", "scope.health_data"),
    ("survey", "scope.survey_contact"),
];

fn scope_flags(c: OptionalConsents) -> [bool; 4] {
    [
        c.agency_results,
        c.job_matching,
        c.health_data,
        c.survey_contact,
    ]
}

/// `/staff/participants/:id/consent-record`
#[component]
pub fn ConsentRecordPage() -> impl IntoView {
    view! { <RequireStaff allow=super::roles::counsels><ConsentRecord/></RequireStaff> }
}

#[component]
fn ConsentRecord() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("record.title").to_owned());
    let error = RwSignal::new(None::<&'static str>);
    let status = RwSignal::new(None::<ConsentStatus>);
    let dossier = RwSignal::new(None::<Dossier>);
    let notice = RwSignal::new(None::<Notice>);
    let load = id.clone();
    spawn_local(async move {
        let fail = |f| error.set(Some(failure_text(i18n, &f)));
        match api_staff::dossier(&load).await {
            Ok(d) => dossier.set(Some(d)),
            Err(f) => return fail(f),
        }
        match api_staff::consent(&load).await {
            Ok(s) => status.set(Some(s)),
            Err(f) => return fail(f),
        }
        match crate::api::notice(i18n.lang.get_untracked()).await {
            Ok(n) => notice.set(Some(n)),
            Err(f) => fail(f),
        }
    });
    let back = format!("/staff/participants/{id}");
    view! {
        <h1 tabindex="-1" node_ref=heading class="no-print">{move || i18n.t("record.title")}</h1>
        <p class="lead no-print">{move || i18n.t("record.intro")}</p>
        <Alert message=error/>
        {move || match (status.get(), notice.get()) {
            (Some(s), Some(_)) if s.guardian.required => view! {
                <p class="note no-print">{i18n.t("record.guardian_first")}</p>
                <GuardianList guardian=s.guardian/>
            }.into_any(),
            (Some(s), Some(n)) if s.required => view! {
                <OfficeAcceptForm id=id.clone() notice=n status=status error=error/>
            }.into_any(),
            (Some(s), Some(_)) => match s.history.last().cloned() {
                Some(latest) => view! {
                    <PrintedRecord latest=latest guardian=s.guardian.clone() dossier=dossier/>
                    <SignedCopy id=id.clone() status=status error=error/>
                }.into_any(),
                None => ().into_any(),
            },
            _ => view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any(),
        }}
        <p class="actions no-print">
            <a class="button secondary" href=back>{move || i18n.t("staff.back")}</a>
        </p>
    }
}

/// The participant has read the printed notice: the counsellor ticks what
/// they chose and records the acceptance.
#[component]
fn OfficeAcceptForm(
    id: String,
    notice: Notice,
    status: RwSignal<Option<ConsentStatus>>,
    error: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ticked = [
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    ];
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let decision = ConsentDecision {
            accept: true,
            notice_version: notice.version,
            notice_hash: notice.hash.clone(),
            agency_results: ticked[0].get_untracked(),
            job_matching: ticked[1].get_untracked(),
            health_data: ticked[2].get_untracked(),
            survey_contact: ticked[3].get_untracked(),
        };
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            match api_staff::office_consent(&id, &decision).await {
                Ok(s) => {
                    error.set(None);
                    status.set(Some(s));
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="office-accept-title">
            <h2 id="office-accept-title">{move || i18n.t("record.accept_title")}</h2>
            <p>{move || i18n.t("record.accept_intro")}</p>
            <p class="meta">{i18n.t("record.notice_version")}" "{notice.version}</p>
            <form on:submit=on_submit>
                <fieldset>
                    <legend>{move || i18n.t("record.scopes")}</legend>
                    {SCOPES.into_iter().zip(ticked).map(|((slug, key), checked)| {
                        let input_id = format!("office-{slug}");
                        view! {
                            <div class="check">
                                <input type="checkbox" id=input_id.clone() prop:checked=checked
                                    on:change=move |ev| checked.set(event_target_checked(&ev))/>
                                <label for=input_id>{move || i18n.t(key)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <p class="actions">
                    <button type="submit" class="button" disabled=busy>{move || i18n.t("record.accept")}</button>
                </p>
            </form>
        </section>
    }
}

/// The consent record to print and sign: the notice version and hash, the
/// date and channel, each scope ticked or not, and the signature lines.
#[component]
fn PrintedRecord(
    latest: ConsentEvent,
    guardian: Guardianship,
    dossier: RwSignal<Option<Dossier>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let channel = match latest.channel {
        ConsentChannel::SelfService => "record.channel_self",
        ConsentChannel::Counsellor => "record.channel_counsellor",
    };
    let flags = scope_flags(latest.optional());
    let guardians = guardian.consents.clone();
    view! {
        <article class="card print-a4 consent-record" aria-labelledby="record-heading">
            <h2 id="record-heading">{move || i18n.t("record.printed_title")}</h2>
            <dl class="facts">
                <div><dt>{move || i18n.t("record.participant")}</dt>
                    <dd>{move || dossier.with(|d| d.as_ref().map(|d| d.display_name.clone()).unwrap_or_default())}</dd></div>
                <div><dt>{move || i18n.t("record.notice_version")}</dt><dd>{latest.notice_version}</dd></div>
                <div><dt>{move || i18n.t("record.notice_hash")}</dt><dd class="hash">{latest.notice_hash.clone()}</dd></div>
                <div><dt>{move || i18n.t("record.date")}</dt><dd>{format_time(latest.at)}</dd></div>
                <div><dt>{move || i18n.t("record.channel")}</dt><dd>{move || i18n.t(channel)}</dd></div>
            </dl>
            <p>{move || i18n.t("record.accepted")}</p>
            <h3>{move || i18n.t("record.scopes")}</h3>
            <ul class="record-scopes">
                {SCOPES.into_iter().zip(flags).map(|((slug, key), on)| view! {
                    <li data-scope=slug data-given=if on { "yes" } else { "no" }>
                        <span class="tick" aria-hidden="true">{if on { "☒" } else { "☐" }}</span>" "
                        {move || i18n.t(key)}": "
                        <strong>{move || if on { i18n.t("record.given") } else { i18n.t("record.not_given") }}</strong>
                    </li>
                }).collect_view()}
            </ul>
            <div class="signatures">
                <SignatureLine label="record.sign_participant"/>
                <SignatureLine label="record.sign_counsellor"/>
                {guardians.into_iter().map(|g| view! {
                    <div class="signature">
                        <span class="signature-line"></span>
                        <p>{move || i18n.t("record.sign_guardian")}": "{g.guardian_name.clone()}" ("{g.relation.clone()}")"</p>
                    </div>
                }).collect_view()}
            </div>
            <p class="actions no-print">
                <button type="button" class="button" on:click=|_| {
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>{move || i18n.t("record.print")}</button>
            </p>
        </article>
    }
}

#[component]
fn SignatureLine(label: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="signature">
            <span class="signature-line"></span>
            <p>{move || i18n.t(label)}</p>
        </div>
    }
}

/// Whether the signed copy of the latest consent is on file, and the button
/// to note it (only for a consent taken in the office).
#[component]
fn SignedCopy(
    id: String,
    status: RwSignal<Option<ConsentStatus>>,
    error: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let latest = move || status.with(|s| s.as_ref().and_then(|s| s.history.last().cloned()));
    let file = move |_| {
        let id = id.clone();
        spawn_local(async move {
            match api_staff::signed_copy_on_file(&id).await {
                Ok(s) => {
                    error.set(None);
                    status.set(Some(s));
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="signed-title">
            <h2 id="signed-title">{move || i18n.t("record.signed_title")}</h2>
            <div role="status">
                {move || latest().map(|e| match (e.channel, e.signed_copy_at) {
                    (_, Some(at)) => view! { <p class="note">{i18n.t("record.signed_on_file")}" "{format_time(at)}</p> }.into_any(),
                    (ConsentChannel::Counsellor, None) => view! { <p>{i18n.t("record.signed_missing")}</p> }.into_any(),
                    (ConsentChannel::SelfService, None) => view! { <p>{i18n.t("record.signed_self")}</p> }.into_any(),
                })}
            </div>
            {move || latest().is_some_and(|e| e.channel == ConsentChannel::Counsellor && e.signed_copy_at.is_none()).then(|| view! {
                <button type="button" class="button" on:click=file.clone()>{i18n.t("record.signed_file")}</button>
            })}
        </section>
    }
}

/// The guardians' consents recorded so far.
#[component]
fn GuardianList(guardian: Guardianship) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {guardian.adult_on.clone().map(|d| view! { <p>{i18n.t("guardian.adult_on")}" "{d}</p> })}
        {if guardian.consents.is_empty() {
            view! { <p class="empty">{i18n.t("guardian.none")}</p> }.into_any()
        } else {
            view! { <ul class="guardians">{guardian.consents.into_iter().map(|g| view! {
                <li>{g.guardian_name.clone()}" ("{g.relation.clone()}"), "{g.given_on.clone()}", "{channel_text(i18n, g.channel)}</li>
            }).collect_view()}</ul> }.into_any()
        }}
    }
}

fn channel_text(i18n: I18n, channel: GuardianChannel) -> &'static str {
    match channel {
        GuardianChannel::Office => i18n.t("guardian.channel_office"),
        GuardianChannel::Letter => i18n.t("guardian.channel_letter"),
    }
}

/// In the dossier: for a participant under the consent age, the guardians'
/// consents and the form to record one (office staff and counsellors).
#[component]
pub fn GuardianSection(
    dossier: RwSignal<Option<Dossier>>,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let relation = RwSignal::new(String::new());
    let given_on = RwSignal::new(String::new());
    let channel = RwSignal::new(GuardianChannel::Office);
    let error = RwSignal::new(None::<&'static str>);
    let saved = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = dossier.with_untracked(|d| d.as_ref().map(|d| d.id.clone())) else {
            return;
        };
        let record = GuardianConsentRecord {
            guardian_name: name.get_untracked(),
            relation: relation.get_untracked(),
            given_on: given_on.get_untracked(),
            channel: channel.get_untracked(),
        };
        let on_change = on_change.clone();
        spawn_local(async move {
            match api_staff::record_guardian(&id, &record).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                    name.set(String::new());
                    relation.set(String::new());
                    given_on.set(String::new());
                    on_change();
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let shown = move || {
        dossier.with(|d| {
            d.as_ref()
                .is_some_and(|d| d.guardian.minor || !d.guardian.consents.is_empty())
        })
    };
    let radio = move |value: GuardianChannel, input_id: &'static str, key: &'static str| {
        view! {
            <div class="check">
                <input type="radio" name="guardian-channel" id=input_id prop:checked=move || channel.get() == value
                    on:change=move |_| channel.set(value)/>
                <label for=input_id>{move || i18n.t(key)}</label>
            </div>
        }
    };
    view! {
        <Show when=shown>
            <section class="card no-print" aria-labelledby="guardian-title">
                <h2 id="guardian-title">{move || i18n.t("guardian.title")}</h2>
                {move || dossier.get().map(|d| view! {
                    {d.guardian.required.then(|| view! { <p class="note">{i18n.t("guardian.required")}</p> })}
                    <GuardianList guardian=d.guardian/>
                })}
                <form on:submit=on_submit.clone()>
                    <label for="guardian-name">{move || i18n.t("guardian.name")}</label>
                    <input id="guardian-name" type="text" autocomplete="off" prop:value=name
                        on:input=move |ev| { saved.set(false); name.set(event_target_value(&ev)); }/>
                    <label for="guardian-relation">{move || i18n.t("guardian.relation")}</label>
                    <input id="guardian-relation" type="text" autocomplete="off" prop:value=relation
                        on:input=move |ev| { saved.set(false); relation.set(event_target_value(&ev)); }/>
                    <label for="guardian-given-on">{move || i18n.t("guardian.given_on")}</label>
                    <input id="guardian-given-on" type="date" prop:value=given_on
                        on:input=move |ev| { saved.set(false); given_on.set(event_target_value(&ev)); }/>
                    <fieldset>
                        <legend>{move || i18n.t("guardian.channel")}</legend>
                        {radio(GuardianChannel::Office, "guardian-office", "guardian.channel_office")}
                        {radio(GuardianChannel::Letter, "guardian-letter", "guardian.channel_letter")}
                    </fieldset>
                    <Alert message=error/>
                    <p class="actions">
                        <button type="submit" class="button">{move || i18n.t("guardian.record")}</button>
                        <span role="status">{move || saved.get().then(|| i18n.t("staff.saved"))}</span>
                    </p>
                </form>
            </section>
        </Show>
    }
}
