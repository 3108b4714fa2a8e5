//! What the dashboard offers each staff role: where it lands after sign-in,
//! which pages its navigation links to and which parts of a dossier it loads.
//! This mirrors the server's authorization table (`server/src/auth/authz.rs`)
//! so that no link or section ends in a 403; the server still decides.

use lotse_shared::api::StaffRole;

/// Every role, in the order the account form offers them.
pub const ALL: [StaffRole; 4] = [
    StaffRole::Counsellor,
    StaffRole::Office,
    StaffRole::Dpo,
    StaffRole::Admin,
];

/// The role's code on the wire (the value of the form's radio button).
pub fn code(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Admin => "admin",
        StaffRole::Counsellor => "counsellor",
        StaffRole::Dpo => "dpo",
        StaffRole::Office => "office",
    }
}

/// The role's name, as the staff list and the account form show it.
pub fn label_key(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Admin => "staff.role_admin",
        StaffRole::Counsellor => "staff.role_counsellor",
        StaffRole::Dpo => "staff.role_dpo",
        StaffRole::Office => "staff.role_office",
    }
}

/// What the role sees, in one sentence, for whoever creates the account.
pub fn hint_key(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Admin => "staff.role_admin_hint",
        StaffRole::Counsellor => "staff.role_counsellor_hint",
        StaffRole::Dpo => "staff.role_dpo_hint",
        StaffRole::Office => "staff.role_office_hint",
    }
}

/// Where the role's work is: the page after sign-in.
pub fn home(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Admin => "/staff/admin",
        StaffRole::Counsellor | StaffRole::Office => "/staff/caseload",
        StaffRole::Dpo => "/staff/dpo",
    }
}

/// The office page: staff accounts, programmes, substitutes, the organisation.
pub fn office_page(role: StaffRole) -> bool {
    role == StaffRole::Admin
}

/// The data protection page: the breach register, the way to audit trails
/// and the record of processing, which the admin answers for too.
pub fn data_protection_page(role: StaffRole) -> bool {
    matches!(role, StaffRole::Admin | StaffRole::Dpo)
}

/// Programme figures: counts for management, small groups withheld.
pub fn figures_page(role: StaffRole) -> bool {
    matches!(role, StaffRole::Admin | StaffRole::Dpo)
}

/// Put a participant's data under a legal hold and lift it.
pub fn holds_data(role: StaffRole) -> bool {
    role == StaffRole::Dpo
}

/// The register of rights requests, restricting a participant's data and
/// telling recipients of a change: the data protection officer's work.
pub fn handles_requests(role: StaffRole) -> bool {
    role == StaffRole::Dpo
}

/// Correct a participant's name, programme and exit date (GDPR Art. 16).
pub fn corrects_master_data(role: StaffRole) -> bool {
    matches!(role, StaffRole::Admin | StaffRole::Dpo | StaffRole::Office)
}

/// Counselling: results, competences, reports, the work profile, vacancies
/// and substitutes for one's own caseload.
pub fn counsels(role: StaffRole) -> bool {
    role == StaffRole::Counsellor
}

/// Office staff create participants from the caseload, their landing page;
/// the admin does so on the office page.
pub fn creates_participants_in_caseload(role: StaffRole) -> bool {
    role == StaffRole::Office
}

/// Counsellor, exit date and a new access letter for any participant.
pub fn manages_participants(role: StaffRole) -> bool {
    matches!(role, StaffRole::Admin | StaffRole::Office)
}

/// A guardian's consent for a minor: taken at the desk, by letter or by
/// the counsellor; not the data protection officer's work.
pub fn records_guardian_consent(role: StaffRole) -> bool {
    role != StaffRole::Dpo
}

/// Who viewed or changed a dossier.
pub fn sees_audit_trail(role: StaffRole) -> bool {
    matches!(role, StaffRole::Admin | StaffRole::Dpo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_is_offered_once() {
        for role in [
            StaffRole::Admin,
            StaffRole::Counsellor,
            StaffRole::Dpo,
            StaffRole::Office,
        ] {
            assert_eq!(ALL.iter().filter(|r| **r == role).count(), 1);
        }
    }

    #[test]
    fn codes_are_the_wire_names() {
        for role in ALL {
            let json = serde_json::to_string(&role).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code(role)));
        }
    }

    /// Neither the data protection officer nor office staff are offered
    /// counselling content, and only the admin runs the office page.
    #[test]
    fn restricted_roles_see_no_counselling() {
        for role in [StaffRole::Dpo, StaffRole::Office] {
            assert!(!counsels(role));
            assert!(!office_page(role));
        }
        assert!(manages_participants(StaffRole::Office));
        assert!(!sees_audit_trail(StaffRole::Office));
        assert!(sees_audit_trail(StaffRole::Dpo));
        assert!(!manages_participants(StaffRole::Dpo));
        assert_eq!(home(StaffRole::Dpo), "/staff/dpo");
        assert_eq!(home(StaffRole::Office), "/staff/caseload");
    }

    /// Figures and the record of processing are for those who answer for
    /// the processing; only the data protection officer holds data.
    #[test]
    fn accountability_pages() {
        for role in ALL {
            let accountable = matches!(role, StaffRole::Admin | StaffRole::Dpo);
            assert_eq!(figures_page(role), accountable);
            assert_eq!(data_protection_page(role), accountable);
            assert_eq!(holds_data(role), role == StaffRole::Dpo);
        }
    }
}
