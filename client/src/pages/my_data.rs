//! "My data": everything stored about the participant in plain language, the
//! optional consents to change, the download, and withdrawal with erasure.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::Lang;
use lotse_shared::api::{
    BreachNotice, CompetenceLevel, ConsentChannel, ConsentEvent, ConsentEventKind, ErasureReceipt,
    ErrorCode, GuardianChannel, LegalHold, ModuleState, MyData, MyRights, NoticeBlock,
    NoticeSection, OptionalConsents, OrganisationProfile, RequestStatus,
};

use super::RequireSession;
use super::consent::ConsentCheckbox;
use crate::api;
use crate::app::use_session;
use crate::components::{Alert, page_setup};
use crate::i18n::{I18n, use_i18n};
use crate::views::{
    recipient_change_key, request_channel_key, request_kind_key, request_status_key,
};

#[component]
pub fn MyDataPage() -> impl IntoView {
    let erased = RwSignal::new(None::<ErasureReceipt>);
    // Options rather than `into_any` branches: they cost less WASM.
    view! {
        {move || erased.get().map(|receipt| view! { <Erased receipt/> })}
        {move || {
            erased.with(Option::is_none).then(|| view! {
                <RequireSession allow_without_consent=true>
                    <MyDataContent erased/>
                </RequireSession>
            })
        }}
    }
}

use crate::locale::{day, when};

#[component]
fn Erased(receipt: ErasureReceipt) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("mydata.erased_title").to_owned());
    view! {
        <section class="card narrow">
            <h1 tabindex="-1" node_ref=heading>{i18n.tr("mydata.erased_title")}</h1>
            <p class="receipt">
                {move || i18n.fill("mydata.erased_text", &[
                    ("receipt", receipt.receipt.clone()),
                    ("date", when(receipt.erased_at, i18n.lang.get())),
                ])}
            </p>
            <p><a href="/" rel="external">{i18n.tr("common.to_start")}</a></p>
        </section>
    }
}

#[component]
fn MyDataContent(erased: RwSignal<Option<ErasureReceipt>>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("mydata.title").to_owned());
    let data = RwSignal::new(None::<Result<MyData, api::Failure>>);
    // Outside the view, so changes made here survive a re-render (language switch).
    let history = RwSignal::new(Vec::<ConsentEvent>::new());
    spawn_local(async move {
        let loaded = api::my_data().await;
        if let Ok(d) = &loaded {
            history.set(d.consents.clone());
            // Titles and scale names come from the definitions, loaded on demand.
            let ids = d.modules.iter().map(|m| m.instrument.as_str());
            api::load_definitions(ids.chain(d.results.iter().map(|r| r.instrument.as_str()))).await;
        }
        data.set(Some(loaded));
    });
    view! {
        <h1 tabindex="-1" node_ref=heading>{i18n.tr("mydata.title")}</h1>
        <p class="lead">{i18n.tr("mydata.intro")}</p>
        {move || data.with(|d| super::privacy::loading_or_error(i18n, d.as_ref().map(|r| r.as_ref().map(|_| ()))))}
        // Rebuilt when the language changes (the sections read it untracked).
        {move || match (i18n.lang.get(), data.get()).1 {
            None | Some(Err(_)) => None,
            Some(Ok(d)) => {
                Some(view! {
                {d.legal_hold.clone().map(|hold| view! { <HoldNote hold/> })}
                {(!d.breaches.is_empty()).then(|| view! { <BreachNotices breaches=d.breaches.clone()/> })}
                <RightsState rights=d.rights.clone()/>
                <div class="my-data">
                    {
                        let d = d.clone();
                        // Also rebuilt when the organisation's profile arrives
                        // after the data.
                        move || {
                        let organisation = use_context::<crate::components::Organisation>().and_then(|o| o.0.get());
                        let (before, after) = sections(i18n, &d, organisation.as_ref());
                        view! {
                            {super::privacy::sections_view(before, "mydata", i18n.t("mydata.result_table"))}
                            <ResultTables data=d.clone()/>
                            {super::privacy::sections_view(after, "mydata-more", i18n.t("mydata.result_table"))}
                        }
                        }
                    }
                </div>
                <section class="card" aria-labelledby="dossier-heading">
                    <h2 id="dossier-heading">{i18n.t("mydata.dossier")}</h2>
                    <ul>
                        <li><a href="/my-data/audit">{i18n.t("mydata.audit_link")}</a></li>
                        <li><a href="/my-data/report">{i18n.t("mydata.report_link")}</a></li>
                        <li><a href="/my-data/skills">{i18n.t("mydata.skills_link")}</a></li>
                        <li><a href="/my-career">{i18n.t("career.mydata_link")}</a></li>
                    </ul>
                </section>
                <Consents history/>
                {(!d.guardian.consents.is_empty()).then(|| view! {
                    <section class="card" aria-labelledby="guardian-heading">
                        <h2 id="guardian-heading">{i18n.t("mydata.guardian")}</h2>
                        <ul>{d.guardian.consents.iter().map(|g| view! {
                            <li>{i18n.fill("mydata.guardian_line", &[
                                ("name", g.guardian_name.clone()),
                                ("relation", g.relation.clone()),
                                ("date", g.given_on.clone()),
                                ("channel", i18n.t(match g.channel {
                                    GuardianChannel::Office => "mydata.guardian_office",
                                    GuardianChannel::Letter => "mydata.guardian_letter",
                                }).to_owned()),
                            ])}</li>
                        }).collect_view()}</ul>
                    </section>
                })}
                <section class="card" aria-labelledby="download-heading">
                    <h2 id="download-heading">{i18n.t("mydata.download")}</h2>
                    <p>{i18n.t("mydata.download_intro")}</p>
                    <p><a class="button secondary" href=api::EXPORT_URL download="">{i18n.t("mydata.download_link")}</a></p>
                </section>
                <Withdraw data=d history erased/>
                })
            }
        }}
    }
}

/// Why nothing can be erased now: a legal hold for an open dispute.
#[component]
fn HoldNote(hold: LegalHold) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    view! {
        <section class="card hold-note" aria-labelledby="hold-heading">
            <h2 id="hold-heading">{i18n.t("mydata.hold_title")}</h2>
            <p>{i18n.fill("mydata.hold_since", &[("date", when(hold.since, lang))])}</p>
            <p>{i18n.t("mydata.hold_reason")}" "<q>{hold.reason}</q></p>
            <p>{i18n.t("mydata.hold_text")}</p>
        </section>
    }
}

/// A restriction, an upheld objection, my requests to the office, and who
/// received my data and was told of a change since (GDPR Art. 15–21).
#[component]
fn RightsState(rights: MyRights) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    let MyRights {
        requests,
        restriction,
        objected_at,
        recipients,
        recipient_notices,
    } = rights;
    let restriction = restriction.map(|r| {
        view! {
            <section class="card hold-note" aria-labelledby="restriction-heading">
                <h2 id="restriction-heading">{i18n.t("mydata.restriction_title")}</h2>
                <p>{i18n.fill("mydata.restriction_since", &[("date", when(r.since, lang))])}</p>
                <p>{i18n.t("mydata.restriction_reason")}" "<q>{r.reason}</q></p>
                <p>{i18n.t("mydata.restriction_text")}</p>
                {r.lift_told_at.map(|at| view! {
                    <p><strong>{i18n.fill("mydata.restriction_lift_told", &[("date", when(at, lang))])}</strong></p>
                })}
            </section>
        }
    });
    let objection = objected_at.map(|at| {
        view! {
            <section class="card" aria-labelledby="objection-heading">
                <h2 id="objection-heading">{i18n.t("mydata.objection_title")}</h2>
                <p>{i18n.fill("mydata.objection_text", &[("date", when(at, lang))])}</p>
            </section>
        }
    });
    let request_list = if requests.is_empty() {
        view! { <p class="empty">{i18n.t("mydata.requests_none")}</p> }.into_any()
    } else {
        requests
            .into_iter()
            .enumerate()
            .map(|(n, r)| {
                let (heading, labelled) = (format!("my-request-{n}"), format!("my-request-{n}"));
                let status = match (r.status, r.closed_at) {
                    (RequestStatus::Open, _) | (_, None) => {
                        i18n.t(request_status_key(r.status, false)).to_owned()
                    }
                    (status, Some(at)) => format!(
                        "{} ({})",
                        i18n.t(request_status_key(status, false)),
                        crate::locale::date(at, lang)
                    ),
                };
                view! {
                    <article class="my-request" aria-labelledby=labelled>
                        <h3 id=heading>{i18n.t(request_kind_key(r.kind))}</h3>
                        <dl class="facts">
                            <div><dt>{i18n.t("mydata.request_channel")}</dt><dd>{i18n.t(request_channel_key(r.channel))}</dd></div>
                            <div><dt>{i18n.t("mydata.request_received")}</dt><dd>{day(&r.received_on, lang)}</dd></div>
                            <div><dt>{i18n.t("mydata.request_due")}</dt><dd>{day(&r.due_on, lang)}</dd></div>
                            <div><dt>{i18n.t("mydata.request_status")}</dt><dd>{status}</dd></div>
                            {r.outcome.filter(|o| !o.trim().is_empty()).map(|o| view! {
                                <div><dt>{i18n.t("mydata.request_outcome")}</dt><dd class="breach-text">{o}</dd></div>
                            })}
                        </dl>
                    </article>
                }
            })
            .collect_view()
            .into_any()
    };
    let recipient_list = if recipients.is_empty() {
        view! { <p class="empty">{i18n.t("mydata.recipients_none")}</p> }.into_any()
    } else {
        view! {
            <ul>
                {recipients.into_iter().map(|r| view! {
                    <li>{i18n.fill("mydata.recipient_line", &[("recipient", r.recipient), ("date", when(r.released_at, lang))])}</li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let notices = (!recipient_notices.is_empty()).then(|| {
        view! {
            <h3>{i18n.t("mydata.recipients_told")}</h3>
            <ul>
                {recipient_notices.into_iter().map(|n| {
                    let change = i18n.t(recipient_change_key(n.change)).to_owned();
                    let line = match n.told_at {
                        Some(at) => i18n.fill("mydata.recipient_told_line", &[("recipient", n.recipient), ("change", change), ("date", when(at, lang))]),
                        None => i18n.fill("mydata.recipient_todo_line", &[("recipient", n.recipient), ("change", change)]),
                    };
                    view! { <li>{line}</li> }
                }).collect_view()}
            </ul>
        }
    });
    view! {
        {restriction}
        {objection}
        <section class="card" aria-labelledby="requests-heading">
            <h2 id="requests-heading">{i18n.t("mydata.requests")}</h2>
            <p>{i18n.t("mydata.requests_intro")}</p>
            {request_list}
        </section>
        <section class="card" aria-labelledby="recipients-heading">
            <h2 id="recipients-heading">{i18n.t("mydata.recipients")}</h2>
            {recipient_list}
            {notices}
        </section>
    }
}

/// The data breaches the participant was told about (GDPR Art. 34).
#[component]
fn BreachNotices(breaches: Vec<BreachNotice>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    let items = breaches
        .into_iter()
        .enumerate()
        .map(|(n, b)| {
            let (heading, labelled) = (format!("breach-{n}"), format!("breach-{n}"));
            view! {
                <article class="breach" aria-labelledby=labelled>
                    <h3 id=heading>{i18n.fill("mydata.breach_title", &[("date", when(b.found_at, lang))])}</h3>
                    <p class="meta">{i18n.fill("mydata.breach_told", &[("date", when(b.notified_at, lang))])}</p>
                    <dl class="facts">
                        <dt>{i18n.t("mydata.breach_message")}</dt><dd class="breach-text">{b.message}</dd>
                        <dt>{i18n.t("mydata.breach_consequences")}</dt><dd class="breach-text">{b.consequences}</dd>
                        <dt>{i18n.t("mydata.breach_measures")}</dt><dd class="breach-text">{b.measures}</dd>
                        <dt>{i18n.t("mydata.breach_contact")}</dt><dd class="breach-text">{b.contact}</dd>
                    </dl>
                </article>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="breaches-heading">
            <h2 id="breaches-heading">{i18n.t("mydata.breaches")}</h2>
            <p>{i18n.t("mydata.breaches_intro")}</p>
            {items}
        </section>
    }
}

/// The read-only part of "my data" as plain-language sections: those before
/// the results and those after them.
fn sections(
    i18n: I18n,
    data: &MyData,
    organisation: Option<&OrganisationProfile>,
) -> (Vec<NoticeSection>, Vec<NoticeSection>) {
    let lang = i18n.lang.get_untracked();
    let t = |key: &str| i18n.t(key).to_owned();
    let fact = |key: &str, value: String| format!("{}: {value}", i18n.t(key));
    let mut about = vec![
        fact("mydata.name", data.participant.display_name.clone()),
        fact(
            "mydata.programme",
            i18n.fill(
                "mydata.programme_dates",
                &[
                    ("name", data.programme.name.clone()),
                    ("from", day(&data.programme.starts_on, lang)),
                    ("to", day(&data.programme.ends_on, lang)),
                ],
            ),
        ),
        fact(
            "mydata.exit",
            data.participant
                .exit_on
                .as_deref()
                .map_or_else(|| t("mydata.no_exit"), |d| day(d, lang)),
        ),
        fact("mydata.created", when(data.participant.created_at, lang)),
    ];
    if let Some(d) = &data.deleted_on {
        about.push(fact("mydata.deleted_on", day(d, lang)));
    }
    // Who is responsible for all of this, and whom to ask about it.
    if let Some(org) = organisation {
        about.push(fact(
            "mydata.controller",
            format!(
                "{}, {}, {}",
                org.controller_name,
                crate::views::one_line(&org.controller_address),
                org.controller_contact
            ),
        ));
        about.push(fact(
            "mydata.dpo",
            format!("{}, {}", org.dpo_name, org.dpo_contact),
        ));
    }
    let title = |id: &str| title(id, lang);
    let modules = if data.modules.is_empty() {
        NoticeBlock::Paragraph {
            text: t("mydata.no_modules"),
        }
    } else {
        NoticeBlock::List {
            items: data
                .modules
                .iter()
                .map(|m| {
                    let state = match m.state {
                        ModuleState::Released => "state.released",
                        ModuleState::Done => "state.done",
                        ModuleState::Skipped => "state.skipped",
                    };
                    format!("{}: {}", title(&m.instrument), i18n.t(state))
                })
                .collect(),
        }
    };
    let sessions = data
        .sessions
        .iter()
        .map(|s| {
            i18n.fill(
                "mydata.session_line",
                &[
                    ("start", when(s.created_at, lang)),
                    ("last", when(s.last_seen_at, lang)),
                ],
            )
        })
        .chain(
            data.draft_key
                .map(|k| i18n.fill("mydata.draft_key_line", &[("at", when(k.created_at, lang))])),
        )
        .collect();
    let competences = if data.competences.is_empty() {
        NoticeBlock::Paragraph {
            text: t("mydata.no_competences"),
        }
    } else {
        NoticeBlock::List {
            items: data
                .competences
                .iter()
                .map(|c| {
                    let level = match c.level {
                        CompetenceLevel::Basic => "mydata.level_basic",
                        CompetenceLevel::Advanced => "mydata.level_advanced",
                        CompetenceLevel::Expert => "mydata.level_expert",
                    };
                    if c.evidence.is_empty() {
                        format!("{} – {}", c.skill, i18n.t(level))
                    } else {
                        format!("{} – {} ({})", c.skill, i18n.t(level), c.evidence)
                    }
                })
                .collect(),
        }
    };
    let sheet = &data.datasheet;
    let datasheet = if sheet.results.is_empty() && sheet.notes.is_empty() {
        vec![NoticeBlock::Paragraph {
            text: t("mydata.no_datasheet"),
        }]
    } else {
        vec![NoticeBlock::List {
            items: vec![
                fact("mydata.datasheet_results", sheet.results.clone()),
                fact("mydata.datasheet_notes", sheet.notes.clone()),
            ],
        }]
    };
    let before = vec![
        NoticeSection {
            heading: t("mydata.about"),
            blocks: vec![NoticeBlock::List { items: about }],
        },
        NoticeSection {
            heading: t("mydata.modules"),
            blocks: vec![modules],
        },
    ];
    let after = vec![
        NoticeSection {
            heading: t("mydata.competences"),
            blocks: vec![competences],
        },
        NoticeSection {
            heading: t("mydata.datasheet"),
            blocks: datasheet,
        },
        NoticeSection {
            heading: t("mydata.sessions"),
            blocks: vec![NoticeBlock::List { items: sessions }],
        },
    ];
    (before, after)
}

/// A questionnaire's title in `lang` (its id until the definition is loaded).
fn title(id: &str, lang: Lang) -> String {
    api::cached_definition(id).map_or(id.to_owned(), |d| d.title.get(lang).to_owned())
}

/// The stored results, one table each, captioned with questionnaire and date.
/// The band is shown in words from the definition, in the reader's language;
/// the key the server stored is only the fallback when there is no definition.
/// The tables are narrow enough to fit a phone, so they need no scrolling region
/// (and with it no landmark, which with two results would have the same name).
#[component]
fn ResultTables(data: MyData) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    let t = |key: &str| i18n.t(key).to_owned();
    let tables = data
        .results
        .iter()
        .map(|r| {
            let def = api::cached_definition(&r.instrument);
            let caption = format!(
                "{} – {}",
                title(&r.instrument, lang),
                i18n.fill(
                    "mydata.result_meta",
                    &[
                        ("date", when(r.submitted_at, lang)),
                        ("minutes", r.completion_seconds.div_ceil(60).to_string()),
                    ],
                )
            );
            let rows = r
                .scales
                .iter()
                .map(|s| {
                    let scale = def.and_then(|d| d.scale(&s.scale));
                    let name = scale.map_or(s.scale.clone(), |x| x.name.get(lang).to_owned());
                    let score = s
                        .score
                        .map_or_else(|| t("result.not_enough"), |v| format!("{v} / 100"));
                    let band = s.band.as_deref().map_or_else(String::new, |key| {
                        scale
                            .and_then(|x| x.bands.iter().find(|b| b.id == key))
                            .map_or_else(|| key.to_owned(), |b| b.label.get(lang).to_owned())
                    });
                    view! { <tr><th scope="row">{name}</th><td>{score}</td><td>{band}</td></tr> }
                })
                .collect_view();
            view! {
                <table class="notice-table result-table">
                    <caption>{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t("mydata.area")}</th>
                            <th scope="col">{t("mydata.score")}</th>
                            <th scope="col">{t("mydata.band")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
        .collect_view();
    let empty = data
        .results
        .is_empty()
        .then(|| view! { <p>{t("mydata.no_results")}</p> });
    view! {
        <section class="notice-section" aria-labelledby="mydata-results">
            <h2 id="mydata-results">{t("mydata.results")}</h2>
            {empty}
            {tables}
        </section>
    }
}

fn event_line(i18n: I18n, e: &ConsentEvent, lang: Lang) -> String {
    let event = match e.event {
        ConsentEventKind::Given => "event.given",
        ConsentEventKind::Changed => "event.changed",
        ConsentEventKind::Withdrawn => "event.withdrawn",
        ConsentEventKind::Declined => "event.declined",
    };
    let channel = match e.channel {
        ConsentChannel::SelfService => "channel.self",
        ConsentChannel::Counsellor => "channel.counsellor",
    };
    let mut line = i18n.fill(
        "mydata.history_event",
        &[
            ("date", when(e.at, lang)),
            ("event", i18n.t(event).to_owned()),
            ("version", e.notice_version.to_string()),
            ("channel", i18n.t(channel).to_owned()),
        ],
    );
    let scopes: Vec<&str> = [
        (e.agency_results, "scope.agency_results"),
        (e.job_matching, "scope.job_matching"),
        (e.health_data, "scope.health_data"),
        (e.survey_contact, "scope.survey_contact"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, key)| i18n.t(key))
    .collect();
    if !scopes.is_empty() {
        line.push_str("; ");
        line.push_str(&i18n.fill("mydata.with_optional", &[("list", scopes.join(", "))]));
    }
    if let Some(at) = e.signed_copy_at {
        line.push_str("; ");
        line.push_str(&i18n.fill("mydata.signed_copy", &[("date", when(at, lang))]));
    }
    line
}

#[component]
fn Consents(history: RwSignal<Vec<ConsentEvent>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let lang = i18n.lang.get_untracked();
    let required = session
        .info
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.consent_required));
    let standing = history.with_untracked(|h| {
        h.last()
            .filter(|_| !required)
            .map(ConsentEvent::optional)
            .unwrap_or_default()
    });
    let agency_results = RwSignal::new(standing.agency_results);
    let job_matching = RwSignal::new(standing.job_matching);
    let health_data = RwSignal::new(standing.health_data);
    let survey_contact = RwSignal::new(standing.survey_contact);
    let status = RwSignal::new(None::<&'static str>);
    let error = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        status.set(None);
        error.set(None);
        let wanted = OptionalConsents {
            agency_results: agency_results.get_untracked(),
            job_matching: job_matching.get_untracked(),
            health_data: health_data.get_untracked(),
            survey_contact: survey_contact.get_untracked(),
        };
        spawn_local(async move {
            match api::change_consents(&wanted).await {
                Ok(now) => {
                    status.set(Some(i18n.t("mydata.consents_saved")));
                    history.set(now.history);
                }
                Err(f) => error.set(Some(i18n.t(f.message_key()))),
            }
            busy.set(false);
        });
    };
    let lines = move || {
        history.with(|h| {
            h.iter()
                .map(|e| {
                    let href = crate::components::privacy_href(i18n.lang.get(), Some(e.notice_version));
                    view! {
                        <li>
                            {event_line(i18n, e, lang)} " "
                            <a href=href rel="external">{i18n.fill("mydata.read_version", &[("version", e.notice_version.to_string())])}</a>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="consents-heading" id="consents">
            <h2 id="consents-heading">{i18n.t("mydata.consents")}</h2>
            {required.then(|| view! {
                    <p>{i18n.t("mydata.consent_required_note")}</p>
                    <p><a class="button" href="/consent">{i18n.t("mydata.to_consent")}</a></p>
            })}
            {(!required).then(|| view! {
                    <form on:submit=on_submit novalidate>
                        <fieldset class="consent-options">
                            <legend>{i18n.t("consent.optional_legend")}</legend>
                            <p class="hint">{i18n.t("mydata.consents_intro")}</p>
                            <ConsentCheckbox id="my-consent-agency" label="consent.agency_results" hint="consent.agency_results_hint" checked=agency_results/>
                            <ConsentCheckbox id="my-consent-matching" label="consent.job_matching" hint="consent.job_matching_hint" checked=job_matching/>
                            <ConsentCheckbox id="my-consent-health" label="consent.health_data" hint="consent.health_data_hint" checked=health_data/>
                            <ConsentCheckbox id="my-consent-survey" label="consent.survey_contact" hint="consent.survey_contact_hint" checked=survey_contact/>
                        </fieldset>
                        <div role="status" class="status-region">
                            {move || status.get().map(|m| view! { <p class="note">{m}</p> })}
                        </div>
                        <Alert message=error/>
                        <button type="submit" class="button" disabled=busy>{i18n.t("mydata.save_consents")}</button>
                    </form>
            })}
            <h3>{i18n.t("mydata.history")}</h3>
            <ol class="history">{lines}</ol>
        </section>
    }
}

#[component]
fn Withdraw(
    data: MyData,
    history: RwSignal<Vec<ConsentEvent>>,
    erased: RwSignal<Option<ErasureReceipt>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);
    let confirm_heading = NodeRef::<html::H3>::new();
    let start_button = NodeRef::<html::Button>::new();
    // Move focus into the confirmation when it opens, so it is heard at once.
    Effect::new(move || {
        if confirming.get()
            && let Some(h) = confirm_heading.get()
        {
            let _ = h.focus();
        }
    });
    let erase = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::erase().await {
                Ok(receipt) => {
                    crate::pages::questionnaire::wipe_all_drafts();
                    erased.set(Some(receipt));
                    session.info.set(None);
                }
                // A legal hold keeps everything until the dispute is settled.
                Err(api::Failure::Api {
                    code: ErrorCode::Conflict,
                    ..
                }) => {
                    error.set(Some(i18n.t("mydata.hold_erase_refused")));
                    busy.set(false);
                }
                Err(f) => {
                    error.set(Some(i18n.t(f.message_key())));
                    busy.set(false);
                }
            }
        });
    };
    let cancel = move |_| {
        confirming.set(false);
        if let Some(b) = start_button.get_untracked() {
            let _ = b.focus();
        }
    };
    let count = move |key: &str, n: usize| i18n.fill(key, &[("n", n.to_string())]);
    let reports =
        data.agency_reports.released.len() + usize::from(data.agency_reports.draft.is_some());
    // Every kind of data the erasure removes, so the confirmation hides nothing.
    let items = move || {
        [
            i18n.t("mydata.confirm_profile").to_owned(),
            count("mydata.confirm_modules", data.modules.len()),
            count("mydata.confirm_results", data.results.len()),
            count("mydata.confirm_consents", history.with(Vec::len)),
            count("mydata.confirm_sessions", data.sessions.len()),
            count("mydata.confirm_competences", data.competences.len()),
            i18n.t("mydata.confirm_datasheet").to_owned(),
            count("mydata.confirm_reports", reports),
            count("mydata.confirm_wishes", data.wishes.len()),
            i18n.t("mydata.confirm_work_profile").to_owned(),
            count("mydata.confirm_suggestions", data.suggestions.len()),
            count("mydata.confirm_audit", data.audit.len()),
            count("mydata.confirm_breaches", data.breaches.len()),
            i18n.t("mydata.confirm_draft_key").to_owned(),
            i18n.t("mydata.confirm_drafts").to_owned(),
        ]
        .into_iter()
        .map(|i| view! { <li>{i}</li> })
        .collect_view()
    };
    view! {
        <section class="card danger-zone" aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading">{i18n.t("mydata.withdraw")}</h2>
            <p>{i18n.t("mydata.withdraw_intro")}</p>
            <p>
                <button
                    type="button"
                    class="button danger"
                    node_ref=start_button
                    aria-expanded=move || confirming.get().to_string()
                    aria-controls="withdraw-confirm"
                    on:click=move |_| confirming.set(true)
                >
                    {i18n.t("mydata.withdraw_start")}
                </button>
            </p>
            <div id="withdraw-confirm" class="confirm" hidden=move || !confirming.get()>
                <h3 tabindex="-1" node_ref=confirm_heading>{i18n.t("mydata.confirm_title")}</h3>
                <p>{i18n.t("mydata.confirm_intro")}</p>
                <ul>{items}</ul>
                <p>{i18n.t("mydata.confirm_keeps")}</p>
                <Alert message=error/>
                <div class="actions">
                    <button type="button" class="button danger" disabled=busy on:click=erase>
                        {i18n.t("mydata.confirm_yes")}
                    </button>
                    <button type="button" class="button secondary" on:click=cancel>
                        {i18n.t("mydata.confirm_no")}
                    </button>
                </div>
            </div>
        </section>
    }
}
