//! `/staff/dpo`: the data protection officer's page. The breach register, the
//! way to every participant's basic data and audit trail (the caseload), and
//! the record of processing; never results or counselling content.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{
    DataCategory, ProcessingBasis, ProcessingRegister, Recipient, RegisterColumn,
    RetentionCategory, RetentionPeriod,
};

use super::breaches::BreachesSection;
use super::{RequireStaff, failure_text, roles};
use crate::api_staff;
use crate::components::{Alert, page_setup};
use crate::i18n::{I18n, use_i18n};
use crate::views::format_time;

#[component]
pub fn DataProtectionPage() -> impl IntoView {
    view! {
        <RequireStaff allow=roles::data_protection_page denied="staff.dpo_only">
            <DataProtection/>
        </RequireStaff>
    }
}

#[component]
fn DataProtection() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    page_setup(heading, move || i18n.t("staff.dpo_title").to_owned());
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || i18n.t("staff.dpo_title")}</h1>
        <p>{move || i18n.t("staff.dpo_intro")}</p>
        <section class="card no-print" aria-labelledby="dpo-participants-title">
            <h2 id="dpo-participants-title">{move || i18n.t("staff.dpo_participants")}</h2>
            <p>{move || i18n.t("staff.dpo_participants_intro")}</p>
            <p><a href="/staff/caseload">{move || i18n.t("staff.dpo_to_caseload")}</a></p>
        </section>
        <BreachesSection/>
        <RegisterSection/>
    }
}

fn category_key(c: DataCategory) -> &'static str {
    match c {
        DataCategory::BasicData => "staff.reg_cat_basic_data",
        DataCategory::CounsellingResults => "staff.reg_cat_counselling_results",
        DataCategory::HealthResults => "staff.reg_cat_health_results",
        DataCategory::Competences => "staff.reg_cat_competences",
        DataCategory::CareerOrientation => "staff.reg_cat_career_orientation",
        DataCategory::CounsellingNotes => "staff.reg_cat_counselling_notes",
        DataCategory::AgencyReports => "staff.reg_cat_agency_reports",
        DataCategory::Consent => "staff.reg_cat_consent",
        DataCategory::AuditTrail => "staff.reg_cat_audit_trail",
        DataCategory::Security => "staff.reg_cat_security",
        DataCategory::StaffAccounts => "staff.reg_cat_staff_accounts",
        DataCategory::Accountability => "staff.reg_cat_accountability",
        DataCategory::Organisation => "staff.reg_cat_organisation",
        DataCategory::Technical => "staff.reg_cat_technical",
    }
}

fn basis_key(b: ProcessingBasis) -> &'static str {
    match b {
        ProcessingBasis::Counselling => "staff.reg_basis_counselling",
        ProcessingBasis::Health => "staff.reg_basis_health",
        ProcessingBasis::Consent => "staff.reg_basis_consent",
        ProcessingBasis::LegalObligation => "staff.reg_basis_legal_obligation",
        ProcessingBasis::NotPersonal => "staff.reg_basis_not_personal",
    }
}

fn retention_key(r: RetentionCategory) -> &'static str {
    match r {
        RetentionCategory::ParticipantRecord => "staff.reg_keep_participant_record",
        RetentionCategory::CounsellingResults => "staff.reg_keep_counselling_results",
        RetentionCategory::HealthResults => "staff.reg_keep_health_results",
        RetentionCategory::Competences => "staff.reg_keep_competences",
        RetentionCategory::AgencyReports => "staff.reg_keep_agency_reports",
        RetentionCategory::AuditTrail => "staff.reg_keep_audit_trail",
        RetentionCategory::RequestLog => "staff.reg_keep_request_log",
        RetentionCategory::Sessions => "staff.reg_keep_sessions",
        RetentionCategory::StaffAccounts => "staff.reg_keep_staff_accounts",
        RetentionCategory::RightsRequests => "staff.reg_keep_rights_requests",
        RetentionCategory::Accountability => "staff.reg_keep_accountability",
        RetentionCategory::NotPersonal => "staff.reg_keep_not_personal",
    }
}

fn recipient_key(r: Recipient) -> &'static str {
    match r {
        Recipient::Participant => "staff.reg_to_participant",
        Recipient::Counsellor => "staff.reg_to_counsellor",
        Recipient::Substitute => "staff.reg_to_substitute",
        Recipient::Office => "staff.reg_to_office",
        Recipient::DataProtectionOfficer => "staff.reg_to_dpo",
        Recipient::Agency => "staff.reg_to_agency",
        Recipient::System => "staff.reg_to_system",
    }
}

/// The columns in the server's order, one group per table (its columns are
/// listed together there).
fn by_table(columns: Vec<RegisterColumn>) -> Vec<(String, String, Vec<RegisterColumn>)> {
    let mut groups: Vec<(String, String, Vec<RegisterColumn>)> = Vec::new();
    for c in columns {
        match groups.last_mut() {
            Some((table, _, list)) if *table == c.table => list.push(c),
            _ => groups.push((c.table.clone(), c.purpose.clone(), vec![c])),
        }
    }
    groups
}

fn column_row(i18n: I18n, c: RegisterColumn) -> impl IntoView {
    let recipients = c
        .recipients
        .iter()
        .map(|r| i18n.t(recipient_key(*r)))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <tr>
            <th scope="row"><code>{c.column}</code></th>
            <td>{if c.personal { i18n.t("staff.reg_yes") } else { i18n.t("staff.reg_no") }}</td>
            <td>{i18n.t(category_key(c.category))}</td>
            <td>{i18n.t(basis_key(c.basis))}</td>
            <td>{i18n.t(retention_key(c.retention))}</td>
            <td>{recipients}</td>
            <td lang="en">{c.why}</td>
        </tr>
    }
}

/// The record of processing (GDPR Art. 30): every stored column, made from
/// the schema on the server, so what is shown here is what is stored.
#[component]
fn RegisterSection() -> impl IntoView {
    let i18n = use_i18n();
    let register = RwSignal::new(None::<ProcessingRegister>);
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api_staff::register().await {
            Ok(r) => register.set(Some(r)),
            Err(f) => error.set(Some(failure_text(i18n, &f))),
        }
    });
    view! {
        // The one section of this page that prints (the others are no-print).
        <section class="card register-record" aria-labelledby="register-title">
            <h2 id="register-title">{move || i18n.t("staff.reg_title")}</h2>
            <p>{move || i18n.t("staff.reg_intro")}</p>
            <Alert message=error/>
            {move || register.get().map(|r| {
                let none = || "–".to_owned();
                let or_none = |s: String| if s.trim().is_empty() { none() } else { s };
                view! {
                    <dl class="facts">
                        <div><dt>{i18n.t("staff.reg_controller")}</dt><dd>{or_none(r.controller)}</dd></div>
                        <div><dt>{i18n.t("staff.reg_dpo_contact")}</dt><dd>{or_none(r.dpo_contact)}</dd></div>
                        <div><dt>{i18n.t("staff.reg_counselling_basis")}</dt><dd lang="en">{or_none(r.counselling_basis)}</dd></div>
                        <div><dt>{i18n.t("staff.reg_health_basis")}</dt><dd lang="en">{or_none(r.health_basis)}</dd></div>
                        <div><dt>{i18n.t("staff.reg_generated")}</dt><dd>{format_time(r.generated_at)}</dd></div>
                    </dl>
                    <p class="no-print">
                        <button type="button" class="button" on:click=move |_| {
                            if let Some(w) = web_sys::window() { let _ = w.print(); }
                        }>{i18n.t("staff.reg_print")}</button>
                        " "
                        <a href=api_staff::REGISTER_URL download="record-of-processing.json">{i18n.t("staff.report_download")}</a>
                    </p>
                    <PeriodsTable periods=r.periods/>
                    // Scrolls sideways on a phone, so it must be reachable by keyboard.
                    <div class="table-wrap" tabindex="0" role="region" aria-label=i18n.t("staff.reg_table")>
                        <table class="register">
                            <caption class="visually-hidden">{i18n.t("staff.reg_title")}</caption>
                            <thead><tr>
                                <th scope="col">{i18n.t("staff.reg_column")}</th>
                                <th scope="col">{i18n.t("staff.reg_personal")}</th>
                                <th scope="col">{i18n.t("staff.reg_category")}</th>
                                <th scope="col">{i18n.t("staff.reg_basis")}</th>
                                <th scope="col">{i18n.t("staff.reg_retention")}</th>
                                <th scope="col">{i18n.t("staff.reg_recipients")}</th>
                                <th scope="col">{i18n.t("staff.reg_why")}</th>
                            </tr></thead>
                            {by_table(r.columns).into_iter().map(|(table, purpose, columns)| view! {
                                <tbody>
                                    <tr><th scope="rowgroup" colspan="7">
                                        <code>{table}</code>" – "<span lang="en">{purpose}</span>
                                    </th></tr>
                                    {columns.into_iter().map(|c| column_row(i18n, c)).collect_view()}
                                </tbody>
                            }).collect_view()}
                        </table>
                    </div>
                }
            })}
        </section>
    }
}

/// How long each retention category is kept, as configured on the server.
#[component]
fn PeriodsTable(periods: Vec<RetentionPeriod>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h3 id="register-periods">{i18n.t("staff.reg_periods")}</h3>
        <p>{i18n.t("staff.reg_periods_intro")}</p>
        <table class="periods" aria-labelledby="register-periods">
            <thead><tr>
                <th scope="col">{i18n.t("staff.reg_retention")}</th>
                <th scope="col">{i18n.t("staff.reg_period")}</th>
                <th scope="col">{i18n.t("staff.reg_period_rule")}</th>
            </tr></thead>
            <tbody>
                {periods.into_iter().map(|p| view! {
                    <tr>
                        <th scope="row">{i18n.t(retention_key(p.category))}</th>
                        <td>{p.months.map_or_else(
                            || "–".to_owned(),
                            |m| i18n.count("staff.reg_months", m as usize, &[]),
                        )}</td>
                        <td lang="en">{p.rule}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(table: &str, name: &str) -> RegisterColumn {
        RegisterColumn {
            table: table.to_owned(),
            column: name.to_owned(),
            personal: true,
            category: DataCategory::BasicData,
            purpose: format!("purpose of {table}"),
            why: String::new(),
            basis: ProcessingBasis::Counselling,
            retention: RetentionCategory::ParticipantRecord,
            recipients: vec![Recipient::Counsellor],
        }
    }

    #[test]
    fn columns_are_grouped_by_their_table_in_order() {
        let groups = by_table(vec![
            column("participants", "id"),
            column("participants", "display_name"),
            column("staff", "id"),
        ]);
        let shape: Vec<(&str, usize)> = groups
            .iter()
            .map(|(t, _, c)| (t.as_str(), c.len()))
            .collect();
        assert_eq!(shape, [("participants", 2), ("staff", 1)]);
        assert_eq!(groups[1].1, "purpose of staff");
    }
}
