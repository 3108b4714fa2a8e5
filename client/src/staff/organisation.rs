//! The office's view of the organisation: its profile (who is responsible,
//! whom to ask, on which basis, where Lotse is), what is still missing before
//! anyone can be invited, and the privacy notice (preview, then publish).

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::Lang;
use lotse_shared::api::{
    HealthBasis, LegalBasis, Notice, NoticeBlock, NoticeDraft, OrganisationProfile, ProfileField,
};

use super::failure_text;
use crate::api_staff;
use crate::components::Alert;
use crate::components::live::announce;
use crate::i18n::{I18n, use_i18n};

/// The text fields in form order: the field, its label key, whether it is
/// several lines (an address).
const TEXT_FIELDS: &[(ProfileField, &str, bool)] = &[
    (
        ProfileField::ControllerName,
        "staff.org_controller_name",
        false,
    ),
    (
        ProfileField::ControllerAddress,
        "staff.org_controller_address",
        true,
    ),
    (
        ProfileField::ControllerContact,
        "staff.org_controller_contact",
        false,
    ),
    (ProfileField::DpoName, "staff.org_dpo_name", false),
    (ProfileField::DpoContact, "staff.org_dpo_contact", false),
    (ProfileField::AgencyName, "staff.org_agency_name", false),
    (
        ProfileField::AuthorityName,
        "staff.org_authority_name",
        false,
    ),
    (
        ProfileField::AuthorityContact,
        "staff.org_authority_contact",
        false,
    ),
    (
        ProfileField::LegalBasisReference,
        "staff.org_legal_basis_reference",
        false,
    ),
    (ProfileField::HelpContact, "staff.org_help_contact", false),
    (ProfileField::PublicUrl, "staff.org_public_url", false),
];

const BASES: &[(LegalBasis, &str, &str)] = &[
    (LegalBasis::Consent, "consent", "staff.basis_consent"),
    (LegalBasis::Contract, "contract", "staff.basis_contract"),
    (
        LegalBasis::LegalObligation,
        "legal_obligation",
        "staff.basis_legal_obligation",
    ),
    (
        LegalBasis::PublicTask,
        "public_task",
        "staff.basis_public_task",
    ),
];

const HEALTH_BASES: &[(HealthBasis, &str, &str)] = &[
    (
        HealthBasis::ExplicitConsent,
        "explicit_consent",
        "staff.basis_explicit_consent",
    ),
    (
        HealthBasis::SocialProtectionLaw,
        "social_protection_law",
        "staff.basis_social_protection_law",
    ),
];

fn field(p: &mut OrganisationProfile, f: ProfileField) -> &mut String {
    match f {
        ProfileField::ControllerName => &mut p.controller_name,
        ProfileField::ControllerAddress => &mut p.controller_address,
        ProfileField::ControllerContact => &mut p.controller_contact,
        ProfileField::DpoName => &mut p.dpo_name,
        ProfileField::DpoContact => &mut p.dpo_contact,
        ProfileField::AgencyName => &mut p.agency_name,
        ProfileField::AuthorityName => &mut p.authority_name,
        ProfileField::AuthorityContact => &mut p.authority_contact,
        ProfileField::LegalBasisReference => &mut p.legal_basis_reference,
        ProfileField::HelpContact => &mut p.help_contact,
        ProfileField::PublicUrl => &mut p.public_url,
    }
}

fn label_key(f: ProfileField) -> &'static str {
    TEXT_FIELDS
        .iter()
        .find(|(field, _, _)| *field == f)
        .map_or("staff.org_title", |(_, key, _)| key)
}

fn missing_text(i18n: I18n, missing: &[ProfileField]) -> String {
    let names: Vec<&str> = missing.iter().map(|f| i18n.t(label_key(*f))).collect();
    i18n.fill("staff.org_missing", &[("fields", names.join(", "))])
}

#[component]
pub fn OrganisationSection() -> impl IntoView {
    let i18n = use_i18n();
    let profile = RwSignal::new(OrganisationProfile::default());
    let missing = RwSignal::new(None::<Vec<ProfileField>>);
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api_staff::organisation().await {
            Ok(status) => {
                profile.set(status.profile);
                missing.set(Some(status.missing));
            }
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = profile.get_untracked();
        spawn_local(async move {
            match api_staff::save_organisation(&wanted).await {
                Ok(status) => {
                    error.set(None);
                    profile.set(status.profile);
                    missing.set(Some(status.missing));
                    announce(i18n.t("staff.saved"));
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="org-title">
            <h2 id="org-title">{move || i18n.t("staff.org_title")}</h2>
            <p>{move || i18n.t("staff.org_intro")}</p>
            {move || missing.get().map(|m| if m.is_empty() {
                view! { <p class="note" id="org-status">{i18n.t("staff.org_complete")}</p> }.into_any()
            } else {
                view! { <p class="alert" id="org-status">{missing_text(i18n, &m)}</p> }.into_any()
            })}
            <form on:submit=save novalidate aria-describedby="org-status">
                {TEXT_FIELDS.iter().map(|&(f, key, multiline)| {
                    let id = key.rsplit('.').next().unwrap_or(key).replace('_', "-");
                    let value = move || profile.with(|p| {
                        let mut p = p.clone();
                        field(&mut p, f).clone()
                    });
                    let set = move |v: String| profile.update(|p| *field(p, f) = v);
                    view! {
                        <label for=id.clone()>{move || i18n.t(key)}</label>
                        {if multiline {
                            view! {
                                <textarea id=id rows="3" maxlength="500" prop:value=value
                                    on:input=move |ev| set(event_target_value(&ev))></textarea>
                            }.into_any()
                        } else {
                            view! {
                                <input id=id type="text" maxlength="500" prop:value=value
                                    on:input=move |ev| set(event_target_value(&ev))/>
                            }.into_any()
                        }}
                    }
                }).collect_view()}
                <label for="org-counselling-basis">{move || i18n.t("staff.org_counselling_basis")}</label>
                <select id="org-counselling-basis" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some((b, _, _)) = BASES.iter().find(|(_, code, _)| *code == v) {
                        profile.update(|p| p.counselling_basis = *b);
                    }
                }>
                    {BASES.iter().map(|&(b, code, key)| view! {
                        <option value=code selected=move || profile.with(|p| p.counselling_basis == b)>{move || i18n.t(key)}</option>
                    }).collect_view()}
                </select>
                <label for="org-health-basis">{move || i18n.t("staff.org_health_basis")}</label>
                <select id="org-health-basis" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some((b, _, _)) = HEALTH_BASES.iter().find(|(_, code, _)| *code == v) {
                        profile.update(|p| p.health_basis = *b);
                    }
                }>
                    {HEALTH_BASES.iter().map(|&(b, code, key)| view! {
                        <option value=code selected=move || profile.with(|p| p.health_basis == b)>{move || i18n.t(key)}</option>
                    }).collect_view()}
                </select>
                <Alert message=error/>
                <p class="actions"><button type="submit" class="button">{move || i18n.t("staff.save")}</button></p>
            </form>
        </section>
        <NoticeEditor/>
    }
}

/// The privacy notice: the current source per language, a preview exactly as
/// participants will see it, and publishing it as a new version.
#[component]
fn NoticeEditor() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let sources = RwSignal::new(Vec::<(Lang, String)>::new());
    let lang = RwSignal::new(Lang::De);
    let source = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<Notice>);
    let error = RwSignal::new(None::<&'static str>);
    let pick = move |l: Lang| {
        lang.set(l);
        preview.set(None);
        source.set(sources.with_untracked(|s| {
            s.iter()
                .find(|(sl, _)| *sl == l)
                .map(|(_, t)| t.clone())
                .unwrap_or_default()
        }));
    };
    let load = move || {
        spawn_local(async move {
            if let Ok(current) = api_staff::notice_sources().await {
                version.set(current.version);
                sources.set(
                    current
                        .texts
                        .into_iter()
                        .map(|t| (t.lang, t.source))
                        .collect(),
                );
                pick(lang.get_untracked());
            }
        });
    };
    load();
    let draft = move || NoticeDraft {
        lang: lang.get_untracked(),
        source: source.get_untracked(),
    };
    let show = move |_| {
        let draft = draft();
        spawn_local(async move {
            match api_staff::preview_notice(&draft).await {
                Ok(n) => {
                    error.set(None);
                    preview.set(Some(n));
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    let publish = move |_| {
        let draft = draft();
        spawn_local(async move {
            match api_staff::publish_notice(&draft).await {
                Ok(p) => {
                    error.set(None);
                    announce(&i18n.fill(
                        "staff.notice_published",
                        &[("version", p.version.to_string())],
                    ));
                    load();
                }
                Err(f) => error.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="notice-title">
            <h2 id="notice-title">{move || i18n.t("staff.notice_title")}</h2>
            <p id="notice-version">{move || i18n.fill("staff.notice_intro", &[("version", version.get().to_string())])}</p>
            <label for="notice-lang">{move || i18n.t("staff.notice_lang")}</label>
            <select id="notice-lang" on:change=move |ev| {
                if let Some(l) = Lang::from_tag(&event_target_value(&ev)) {
                    pick(l);
                }
            }>
                {Lang::ALL.into_iter().map(|l| view! {
                    <option value=l.tag() selected=move || lang.get() == l>{l.native_name()}</option>
                }).collect_view()}
            </select>
            <label for="notice-source">{move || i18n.t("staff.notice_source")}</label>
            <textarea id="notice-source" rows="14" aria-describedby="notice-version" prop:value=source
                on:input=move |ev| source.set(event_target_value(&ev))></textarea>
            <Alert message=error/>
            <p class="actions">
                <button type="button" class="button secondary" on:click=show>{move || i18n.t("staff.notice_preview")}</button>
                <button type="button" class="button" on:click=publish>{move || i18n.t("staff.notice_publish")}</button>
            </p>
            {move || preview.get().map(|n| view! {
                <article class="notice-preview" aria-labelledby="notice-preview-title">
                    <h3 id="notice-preview-title">{i18n.t("staff.notice_preview_title")} ": " {n.title}</h3>
                    {n.sections.into_iter().map(|s| view! {
                        <h4>{s.heading}</h4>
                        {s.blocks.into_iter().map(|b| match b {
                            NoticeBlock::Paragraph { text } => view! { <p>{text}</p> }.into_any(),
                            NoticeBlock::List { items } => view! {
                                <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                            }.into_any(),
                            NoticeBlock::Table { header, rows } => view! {
                                <ul>{std::iter::once(header).chain(rows).map(|r| view! { <li>{r.join(" | ")}</li> }).collect_view()}</ul>
                            }.into_any(),
                        }).collect_view()}
                    }).collect_view()}
                </article>
            })}
        </section>
    }
}
