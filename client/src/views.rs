//! Views shared by the participant app and the staff dashboard: the audit
//! trail, the agency report's content, and small formatting helpers.

use leptos::prelude::*;
use lotse_shared::api::{
    Activity, AuditAction, AuditEntry, CompetenceLevel, Criterion, CriterionResult, Fit,
    RecipientChange, ReportContent, RequestChannel, RequestKind, RequestStatus,
};
use lotse_shared::instrument::Instrument;

use crate::components::ScoreChart;
use crate::i18n::{I18n, use_i18n};

/// A unix time as `YYYY-MM-DD HH:MM` (UTC).
pub fn format_time(unix: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        #[allow(clippy::cast_precision_loss)] // seconds since 1970 fit in f64 exactly
        {
            unix as f64 * 1000.0
        },
    ));
    let iso = String::from(date.to_iso_string());
    iso.get(..16).unwrap_or(&iso).replace('T', " ")
}

pub fn level_text(i18n: I18n, level: CompetenceLevel) -> &'static str {
    match level {
        CompetenceLevel::Basic => i18n.t("staff.level_basic"),
        CompetenceLevel::Advanced => i18n.t("staff.level_advanced"),
        CompetenceLevel::Expert => i18n.t("staff.level_expert"),
    }
}

/// The text key of an audit action. One arm per action, so a new action does
/// not compile until it has a label (a test checks every language has it).
pub fn action_key(action: AuditAction) -> &'static str {
    match action {
        AuditAction::DossierView => "audit.dossier_view",
        AuditAction::ResultsView => "audit.results_view",
        AuditAction::ModuleRelease => "audit.module_release",
        AuditAction::CompetencesView => "audit.competences_view",
        AuditAction::CompetenceAdd => "audit.competence_add",
        AuditAction::CompetenceEdit => "audit.competence_edit",
        AuditAction::CompetenceRemove => "audit.competence_remove",
        AuditAction::DataSheetView => "audit.datasheet_view",
        AuditAction::DataSheetEdit => "audit.datasheet_edit",
        AuditAction::ReportView => "audit.report_view",
        AuditAction::ReportCompose => "audit.report_compose",
        AuditAction::ReportRelease => "audit.report_release",
        AuditAction::ReportExport => "audit.report_export",
        AuditAction::AuditView => "audit.audit_view",
        AuditAction::ConsentView => "audit.consent_view",
        AuditAction::ConsentRecord => "audit.consent_record",
        AuditAction::ConsentOffice => "audit.consent_office",
        AuditAction::ConsentSignedCopy => "audit.consent_signed_copy",
        AuditAction::GuardianConsentRecord => "audit.guardian_consent_record",
        AuditAction::ParticipantCreate => "audit.participant_create",
        AuditAction::ParticipantAssign => "audit.participant_assign",
        AuditAction::ParticipantExitDate => "audit.participant_exit_date",
        AuditAction::ParticipantUpdate => "audit.participant_update",
        AuditAction::CodeReissue => "audit.code_reissue",
        AuditAction::DelegationGrant => "audit.delegation_grant",
        AuditAction::DelegationRevoke => "audit.delegation_revoke",
        AuditAction::StaffCreate => "audit.staff_create",
        AuditAction::StaffDisable => "audit.staff_disable",
        AuditAction::StaffEnable => "audit.staff_enable",
        AuditAction::ProgrammeCreate => "audit.programme_create",
        AuditAction::ProgrammeDates => "audit.programme_dates",
        AuditAction::BreachRecord => "audit.breach_record",
        AuditAction::BreachReported => "audit.breach_reported",
        AuditAction::BreachEdit => "audit.breach_edit",
        AuditAction::BreachLink => "audit.breach_link",
        AuditAction::BreachUnlink => "audit.breach_unlink",
        AuditAction::BreachNotify => "audit.breach_notify",
        AuditAction::HoldSet => "audit.hold_set",
        AuditAction::HoldLift => "audit.hold_lift",
        AuditAction::RequestRecord => "audit.request_record",
        AuditAction::RequestIdentity => "audit.request_identity",
        AuditAction::RequestClose => "audit.request_close",
        AuditAction::RequestExport => "audit.request_export",
        AuditAction::RequestErase => "audit.request_erase",
        AuditAction::RestrictionSet => "audit.restriction_set",
        AuditAction::RestrictionAnnounce => "audit.restriction_announce",
        AuditAction::RestrictionLift => "audit.restriction_lift",
        AuditAction::MasterDataCorrect => "audit.master_data_correct",
        AuditAction::RecipientTold => "audit.recipient_told",
        AuditAction::ProfileView => "audit.profile_view",
        AuditAction::ProfileEdit => "audit.profile_edit",
        AuditAction::WishAdd => "audit.wish_add",
        AuditAction::WishRemove => "audit.wish_remove",
        AuditAction::SuggestionsView => "audit.suggestions_view",
        AuditAction::SuggestionShare => "audit.suggestion_share",
        AuditAction::VacancyAdd => "audit.vacancy_add",
        AuditAction::VacancyImport => "audit.vacancy_import",
        AuditAction::VacancyRemove => "audit.vacancy_remove",
    }
}

/// The text for an audit action.
pub fn action_text(i18n: I18n, action: AuditAction) -> &'static str {
    i18n.t(action_key(action))
}

/// The content of an agency report, as previewed and as released. `find` looks
/// up a definition: the staff app has them built in, the participant app loads
/// them on demand (`api::cached_definition` after `api::load_definitions`).
#[component]
pub fn ReportContentView(
    content: ReportContent,
    find: fn(&str) -> Option<&'static Instrument>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    view! {
        <div class="report-content">
            {content.parties.clone().map(|p| view! {
                <dl class="report-meta">
                    <div>
                        <dt>{i18n.t("report.sender")}</dt>
                        <dd>{format!("{}, {}", p.controller_name, one_line(&p.controller_address))}</dd>
                    </div>
                    <div><dt>{i18n.t("report.dpo")}</dt><dd>{p.dpo_contact}</dd></div>
                    <div><dt>{i18n.t("report.recipient")}</dt><dd>{p.agency_name}</dd></div>
                </dl>
            })}
            <p><strong>{content.participant.clone()}</strong>" – "{content.programme.clone()}</p>
            // A description list, not headings: the view sits at different heading levels.
            <dl class="report-parts">
                <dt>{i18n.t("staff.report_results")}</dt>
                <dd>
                {(!content.results_consented).then(|| view! {
                    <p class="meta">{i18n.t("staff.report_no_results_consent")}</p>
                })}
                // The fit-for-work result rides on its own consent, so results
                // can be listed without the consent to forward the others.
                {if content.results.is_empty() {
                    content.results_consented.then(|| view! {
                        <p class="meta">{i18n.t("staff.results_none")}</p>
                    }).into_any()
                } else {
                    // Each result as a chart with the explanation of its band.
                    content.results.iter().map(|r| {
                        let def = find(&r.instrument);
                        let title = def.map_or(r.instrument.clone(), |d| d.title.get(lang).to_owned());
                        view! {
                            <div class="report-result">
                                <p><strong>{title}</strong></p>
                                {def.map(|d| view! { <ScoreChart instrument=d scales=r.scales.clone() lang=lang/> })}
                                <ul>{r.scales.iter().map(|s| {
                                    let scale = def.and_then(|d| d.scale(&s.scale));
                                    let name = scale.map_or(s.scale.clone(), |d| d.name.get(lang).to_owned());
                                    let band = scale.zip(s.score).and_then(|(d, score)| d.band_for(score));
                                    view! { <li>
                                        {format!("{name}: {}", s.score.map_or("–".to_owned(), |v| v.to_string()))}
                                        {band.map(|b| format!(" – {}. {}", b.label.get(lang), b.explanation.get(lang)))}
                                    </li> }
                                }).collect_view()}</ul>
                            </div>
                        }
                    }).collect_view().into_any()
                }}
                <p class="meta">{if content.health_consented {
                    i18n.t("staff.report_health_consent")
                } else {
                    i18n.t("staff.report_no_health_consent")
                }}</p>
                </dd>
                <dt>{i18n.t("staff.competences")}</dt>
                <dd>{if content.competences_consented {
                    view! { <ul>{content.competences.iter().map(|c| view! {
                        <li>{c.skill.clone()}" – "{level_text(i18n, c.level)}
                            {c.occupation.as_ref().map(|o| format!(" (ESCO {}, {})", o.code, o.label))}</li>
                    }).collect_view()}</ul> }.into_any()
                } else {
                    view! { <p class="meta">{i18n.t("staff.report_no_skills_consent")}</p> }.into_any()
                }}</dd>
                {content.competences_consented.then(|| view! {
                    <dt>{i18n.t("report.wishes")}</dt>
                    <dd>{list(content.wishes.iter().map(|o| format!("{} (ESCO {}, ISCO-08 {})", o.label, o.code, o.isco)).collect())}</dd>
                    <dt>{i18n.t("report.languages")}</dt>
                    <dd>{list(content.languages.iter().map(|l| format!("{} {}", l.language, cefr_code(l.level))).collect())}</dd>
                    <dt>{i18n.t("report.licences")}</dt>
                    <dd>{list(content.licences.iter().map(|l| l.code().to_owned()).collect())}</dd>
                    <dt>{i18n.t("report.qualifications")}</dt>
                    <dd>{list(content.qualifications.iter().map(|q| match q.year {
                        Some(y) => format!("{} ({y})", q.title),
                        None => q.title.clone(),
                    }).collect())}</dd>
                })}
                <dt>{i18n.t("staff.report_wording")}</dt>
                <dd><p class="wording">{content.wording.clone()}</p></dd>
            </dl>
        </div>
    }
}

/// One sentence per criterion: its name, how it came out and the items,
/// e.g. "Skills: fits partly – missing: SAP, Excel".
pub fn criterion_text(i18n: I18n, physical_note: &str, c: &CriterionResult) -> String {
    let name = i18n.t(match c.criterion {
        Criterion::Occupation => "career.criterion_occupation",
        Criterion::Skills => "career.criterion_skills",
        Criterion::Languages => "career.criterion_languages",
        Criterion::Licences => "career.criterion_licences",
        Criterion::Hours => "career.criterion_hours",
        Criterion::Place => "career.criterion_place",
        Criterion::Start => "career.criterion_start",
        Criterion::Shifts => "career.criterion_shifts",
        Criterion::Physical => "career.criterion_physical",
    });
    let fit = i18n.t(match c.fit {
        Fit::Met => "career.fit_met",
        Fit::Partly => "career.fit_partly",
        Fit::NotMet => "career.fit_not_met",
        Fit::Unknown => "career.fit_unknown",
        Fit::NotConsidered => "career.fit_not_considered",
    });
    let mut parts = vec![format!("{name}: {fit}")];
    if !c.matched.is_empty() && matches!(c.fit, Fit::Met | Fit::Partly) {
        parts.push(format!("({})", c.matched.join(", ")));
    }
    if !c.missing.is_empty() && matches!(c.fit, Fit::Partly | Fit::NotMet) {
        parts.push(format!(
            "– {} {}",
            i18n.t("career.missing"),
            c.missing.join(", ")
        ));
    }
    if c.fit == Fit::NotConsidered {
        parts.push(format!("– {}", i18n.t(physical_note)));
    }
    parts.join(" ")
}

/// The text key of a kind of work (module 2).
pub fn activity_key(activity: Activity) -> &'static str {
    match activity {
        Activity::HandsOn => "career.activity_hands_on",
        Activity::Machines => "career.activity_machines",
        Activity::Driving => "career.activity_driving",
        Activity::Outdoors => "career.activity_outdoors",
        Activity::Building => "career.activity_building",
        Activity::Warehouse => "career.activity_warehouse",
        Activity::Cleaning => "career.activity_cleaning",
        Activity::Cooking => "career.activity_cooking",
        Activity::Caring => "career.activity_caring",
        Activity::Customers => "career.activity_customers",
        Activity::Selling => "career.activity_selling",
        Activity::Office => "career.activity_office",
        Activity::Numbers => "career.activity_numbers",
        Activity::Teaching => "career.activity_teaching",
        Activity::Creative => "career.activity_creative",
        Activity::Plants => "career.activity_plants",
    }
}

/// Items as a comma-separated line, or a dash when there are none.
fn list(items: Vec<String>) -> String {
    if items.is_empty() {
        "–".to_owned()
    } else {
        items.join(", ")
    }
}

/// A CEFR level as written on certificates (`B2`, or `native`).
fn cefr_code(level: lotse_shared::api::Cefr) -> &'static str {
    use lotse_shared::api::Cefr;
    match level {
        Cefr::A1 => "A1",
        Cefr::A2 => "A2",
        Cefr::B1 => "B1",
        Cefr::B2 => "B2",
        Cefr::C1 => "C1",
        Cefr::C2 => "C2",
        Cefr::Native => "native",
    }
}

/// A postal address, stored with one line per line, on one line.
pub fn one_line(address: &str) -> String {
    address
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An audit trail as a table (used by the office and the participant's page).
#[component]
pub fn AuditList(#[prop(into)] entries: Signal<Vec<AuditEntry>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let list = entries.get();
        if list.is_empty() {
            return view! { <p class="empty">{i18n.t("audit.empty")}</p> }.into_any();
        }
        view! {
            <div class="table-wrap">
                <table class="audit">
                    <caption class="visually-hidden">{i18n.t("audit.title")}</caption>
                    <thead><tr>
                        <th scope="col">{i18n.t("audit.when")}</th>
                        <th scope="col">{i18n.t("audit.who")}</th>
                        <th scope="col">{i18n.t("audit.what")}</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|e| view! {
                            <tr>
                                <td>{format_time(e.at)}" UTC"</td>
                                <td>{e.actor.clone()}{e.acting_for.clone().map(|o| format!(" ({})", i18n.fill("audit.acting_for", &[("name", o)])))}</td>
                                <td>{action_text(i18n, e.action)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }.into_any()
    }
}

/// What a rights request asked for, in words (staff and participant).
pub fn request_kind_key(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Access => "request.kind_access",
        RequestKind::Copy => "request.kind_copy",
        RequestKind::Correction => "request.kind_correction",
        RequestKind::Erasure => "request.kind_erasure",
        RequestKind::Restriction => "request.kind_restriction",
        RequestKind::Objection => "request.kind_objection",
    }
}

/// How a rights request arrived, in words.
pub fn request_channel_key(channel: RequestChannel) -> &'static str {
    match channel {
        RequestChannel::Desk => "request.channel_desk",
        RequestChannel::Letter => "request.channel_letter",
        RequestChannel::Email => "request.channel_email",
        RequestChannel::Phone => "request.channel_phone",
    }
}

/// Where a rights request stands, in words; an overdue one says so in text,
/// not by colour alone.
pub fn request_status_key(status: RequestStatus, overdue: bool) -> &'static str {
    match status {
        RequestStatus::Open if overdue => "request.status_overdue",
        RequestStatus::Open => "request.status_open",
        RequestStatus::Done => "request.status_done",
        RequestStatus::Refused => "request.status_refused",
    }
}

/// The change a recipient must be told of, in words.
pub fn recipient_change_key(change: RecipientChange) -> &'static str {
    match change {
        RecipientChange::Erasure => "request.change_erasure",
        RecipientChange::Correction => "request.change_correction",
        RecipientChange::Restriction => "request.change_restriction",
        RecipientChange::RestrictionLifted => "request.change_restriction_lifted",
    }
}
