//! The authorization table: the one place that decides whether a staff member
//! may do an action, in general or on one participant (ASVS 8.2.1, 8.2.2).
//!
//! [`decide`] is pure: role × action × relation → allow or deny. [`authorize`]
//! finds the relation (own caseload, delegated today, or foreign) in the database
//! and returns an [`Access`] that knows whose caseload the caller acts for, so
//! the audit row records a substitute's `acting_for`.

use lotse_shared::api::{AuditAction, StaffRole};

use crate::AppState;
use crate::auth::staff::StaffSession;
use crate::db::AuditEvent;
use crate::http::error::AppError;

/// Everything staff can do. Per-participant actions come first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Name, programme, counsellor, module states.
    ViewDossier,
    /// Assign a counsellor, set the exit date, reissue the code (prints a letter).
    ManageParticipant,
    /// Release or re-release questionnaire modules.
    ReleaseModule,
    /// Questionnaire aggregates (incl. mLevel and the quality flag).
    ViewResults,
    ViewCompetences,
    EditCompetences,
    ViewDataSheet,
    EditDataSheet,
    ViewReport,
    ComposeReport,
    ReleaseReport,
    /// Download a released report (JSON) or print it.
    ExportReport,
    /// Who viewed the dossier.
    ViewAudit,
    /// Record the optional consents with the participant present, their
    /// acceptance of the notice in the office, and that the signed record
    /// is on file.
    RecordConsent,
    /// Record a guardian's consent for a participant under the consent age
    /// (office staff take it at the desk or by letter, like basic data).
    RecordGuardianConsent,
    /// Occupational wishes and the work profile (module 2).
    ViewProfile,
    EditProfile,
    /// Match the participant against the vacancies and share suggestions.
    MatchVacancies,
    // General actions (no participant):
    /// List staff accounts (names for assignment and delegation).
    ListStaff,
    /// Create, disable and enable staff accounts.
    ManageStaff,
    ListProgrammes,
    ManageProgrammes,
    /// Create participants (and print their first access letter).
    CreateParticipant,
    /// See one's caseload list (admin: all participants, without results).
    ListCaseload,
    /// Grant or revoke a substitute for a caseload (relation: whose caseload).
    ManageDelegation,
    /// The breach register (record, see deadlines, mark reported).
    ManageBreaches,
    /// The organisation's profile and its privacy notice.
    ManageOrganisation,
    /// Enter, import and remove vacancies (no participant data).
    ManageVacancies,
    /// The record of processing (every stored column classified).
    ViewRegister,
    /// Programme figures: counts only, small groups withheld.
    ViewStatistics,
    /// Put a participant's data under a legal hold, or lift it.
    HoldData,
    /// The request register and the recipients still to be told.
    ManageRequests,
    /// Record a rights request for a participant and answer it: check the
    /// identity, export or erase on their behalf, uphold an objection.
    HandleRequest,
    /// Restrict the processing of a participant's data, or lift it.
    RestrictData,
    /// Correct name, programme and exit date.
    CorrectMasterData,
}

impl Action {
    /// Every action, for the exhaustive tests.
    pub const ALL: [Action; 35] = [
        Action::ViewDossier,
        Action::ManageParticipant,
        Action::ReleaseModule,
        Action::ViewResults,
        Action::ViewCompetences,
        Action::EditCompetences,
        Action::ViewDataSheet,
        Action::EditDataSheet,
        Action::ViewReport,
        Action::ComposeReport,
        Action::ReleaseReport,
        Action::ExportReport,
        Action::ViewAudit,
        Action::RecordConsent,
        Action::RecordGuardianConsent,
        Action::ViewProfile,
        Action::EditProfile,
        Action::MatchVacancies,
        Action::ListStaff,
        Action::ManageStaff,
        Action::ListProgrammes,
        Action::ManageProgrammes,
        Action::CreateParticipant,
        Action::ListCaseload,
        Action::ManageDelegation,
        Action::ManageBreaches,
        Action::ManageOrganisation,
        Action::ManageVacancies,
        Action::ViewRegister,
        Action::ViewStatistics,
        Action::HoldData,
        Action::ManageRequests,
        Action::HandleRequest,
        Action::RestrictData,
        Action::CorrectMasterData,
    ];

    /// What a restriction of processing stops: every staff change to the
    /// dossier's content, every release and every export (GDPR Art. 18(2):
    /// only storage goes on). Reading stays, as does what keeps the
    /// participant able to use their rights (a new access code, consent).
    pub const fn stopped_by_restriction(self) -> bool {
        matches!(
            self,
            Action::ReleaseModule
                | Action::EditCompetences
                | Action::EditDataSheet
                | Action::ComposeReport
                | Action::ReleaseReport
                | Action::ExportReport
                | Action::EditProfile
                | Action::MatchVacancies
        )
    }
}

/// How the caller stands to the participant (or caseload) concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The participant is in the caller's own caseload.
    Own,
    /// The caller substitutes for the participant's counsellor today.
    Delegated,
    /// Anyone else's participant (or a lapsed delegation).
    Foreign,
    /// The action is not about a participant.
    General,
}

/// THE table. Admins run the office and never see results or counselling
/// content; counsellors work on their own caseload and, while delegated, on a
/// colleague's with the same rights; the data protection officer sees what
/// accountability needs (registers, audit trails, basic data); office staff
/// keep basic data.
pub fn decide(role: StaffRole, action: Action, relation: Relation) -> bool {
    use Action as A;
    use Relation as R;
    // The counselling work on a dossier.
    let counselling = matches!(
        action,
        A::ViewDossier
            | A::ReleaseModule
            | A::ViewResults
            | A::ViewCompetences
            | A::EditCompetences
            | A::ViewDataSheet
            | A::EditDataSheet
            | A::ViewReport
            | A::ComposeReport
            | A::ReleaseReport
            | A::ExportReport
            | A::RecordConsent
            | A::RecordGuardianConsent
            | A::ViewProfile
            | A::EditProfile
            | A::MatchVacancies
    );
    match (role, relation) {
        (StaffRole::Admin, R::General) => matches!(
            action,
            A::ListStaff
                | A::ManageStaff
                | A::ListProgrammes
                | A::ManageProgrammes
                | A::CreateParticipant
                | A::ListCaseload
                | A::ManageBreaches
                | A::ManageOrganisation
                | A::ViewRegister
                | A::ViewStatistics
        ),
        // The office reaches every participant, but never results, competences,
        // notes or reports.
        (StaffRole::Admin, R::Own | R::Delegated | R::Foreign) => matches!(
            action,
            A::ViewDossier
                | A::ManageParticipant
                | A::ViewAudit
                | A::ManageDelegation
                | A::CorrectMasterData
                | A::RecordGuardianConsent
        ),
        (StaffRole::Counsellor, R::General) => matches!(
            action,
            A::ListStaff | A::ListProgrammes | A::ListCaseload | A::ManageVacancies
        ),
        // A counsellor names substitutes for their own caseload only.
        (StaffRole::Counsellor, R::Own) => counselling || action == A::ManageDelegation,
        (StaffRole::Counsellor, R::Delegated) => counselling,
        (StaffRole::Counsellor, R::Foreign) => false,
        // The data protection officer answers for the processing: the
        // registers and every participant's audit trail and basic data, never
        // results or counselling content.
        (StaffRole::Dpo, R::General) => matches!(
            action,
            A::ListStaff
                | A::ListProgrammes
                | A::ListCaseload
                | A::ManageBreaches
                | A::ViewRegister
                | A::ViewStatistics
                | A::ManageRequests
        ),
        (StaffRole::Dpo, R::Own | R::Delegated | R::Foreign) => matches!(
            action,
            A::ViewDossier
                | A::ViewAudit
                | A::HoldData
                | A::HandleRequest
                | A::RestrictData
                | A::CorrectMasterData
        ),
        // Office staff keep basic data only: name, programme, counsellor, dates.
        (StaffRole::Office, R::General) => matches!(
            action,
            A::ListStaff | A::ListProgrammes | A::ListCaseload | A::CreateParticipant
        ),
        (StaffRole::Office, R::Own | R::Delegated | R::Foreign) => matches!(
            action,
            A::ViewDossier | A::ManageParticipant | A::CorrectMasterData | A::RecordGuardianConsent
        ),
    }
}

/// Permission to act on one participant, and on whose behalf.
#[derive(Debug, Clone)]
pub struct Access {
    pub staff_id: String,
    /// The caseload owner, when the caller is their substitute.
    pub acting_for: Option<String>,
    pub participant_id: String,
}

impl Access {
    /// The audit row for `action`.
    pub fn event(&self, action: AuditAction, at: i64) -> AuditEvent {
        AuditEvent {
            actor_id: self.staff_id.clone(),
            acting_for: self.acting_for.clone(),
            participant_id: Some(self.participant_id.clone()),
            action,
            at,
        }
    }
}

/// Today's date (UTC) as YYYY-MM-DD, from the injected clock.
pub fn today(state: &AppState) -> String {
    let d = state.clock.now().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The caller's relation to a caseload owned by `owner`.
pub async fn relation_to_owner(
    state: &AppState,
    staff: &StaffSession,
    owner: Option<&str>,
) -> Result<Relation, AppError> {
    let Some(owner) = owner else {
        return Ok(Relation::Foreign);
    };
    if owner == staff.staff_id {
        return Ok(Relation::Own);
    }
    if staff.role == StaffRole::Counsellor
        && state
            .store
            .delegation_active(owner, &staff.staff_id, &today(state))
            .await?
    {
        return Ok(Relation::Delegated);
    }
    Ok(Relation::Foreign)
}

/// May `staff` do `action` at all (actions without a participant)?
pub fn authorize_general(staff: &StaffSession, action: Action) -> Result<(), AppError> {
    if decide(staff.role, action, Relation::General) {
        Ok(())
    } else {
        tracing::warn!(staff = %staff.staff_id, ?action, "authorization denied");
        Err(AppError::Forbidden)
    }
}

/// May `staff` do `action` on this participant? A participant outside the
/// caller's reach answers 404, exactly like one that does not exist, so ids
/// cannot be probed; a role that may never do the action answers 403.
pub async fn authorize(
    state: &AppState,
    staff: &StaffSession,
    action: Action,
    participant_id: &str,
) -> Result<Access, AppError> {
    let reach = state
        .store
        .participant_reach(participant_id)
        .await?
        .ok_or(AppError::NotFound("participant"))?;
    let owner = reach.counsellor_id;
    let relation = relation_to_owner(state, staff, owner.as_deref()).await?;
    if decide(staff.role, action, relation) {
        if reach.restricted && action.stopped_by_restriction() {
            return Err(AppError::Restricted);
        }
        return Ok(Access {
            staff_id: staff.staff_id.clone(),
            acting_for: if relation == Relation::Delegated {
                owner
            } else {
                None
            },
            participant_id: participant_id.to_owned(),
        });
    }
    tracing::warn!(staff = %staff.staff_id, ?action, "authorization denied");
    // Would the action be allowed on the caller's own participant? Then this one
    // is simply out of reach: answer as if it did not exist.
    if decide(staff.role, action, Relation::Own) {
        Err(AppError::NotFound("participant"))
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pins the whole table: any change to who may do what fails here first.
    #[test]
    fn the_table() {
        use Action as A;
        let per_participant = [
            A::ViewDossier,
            A::ManageParticipant,
            A::ReleaseModule,
            A::ViewResults,
            A::ViewCompetences,
            A::EditCompetences,
            A::ViewDataSheet,
            A::EditDataSheet,
            A::ViewReport,
            A::ComposeReport,
            A::ReleaseReport,
            A::ExportReport,
            A::ViewAudit,
            A::ViewProfile,
            A::EditProfile,
            A::MatchVacancies,
            A::RecordConsent,
            A::RecordGuardianConsent,
        ];
        let admin_may = [
            A::ViewDossier,
            A::ManageParticipant,
            A::ViewAudit,
            A::RecordGuardianConsent,
        ];
        let counsellor_may = [
            A::ViewDossier,
            A::ReleaseModule,
            A::ViewResults,
            A::ViewCompetences,
            A::EditCompetences,
            A::ViewDataSheet,
            A::EditDataSheet,
            A::ViewReport,
            A::ComposeReport,
            A::ReleaseReport,
            A::ExportReport,
            A::ViewProfile,
            A::EditProfile,
            A::MatchVacancies,
            A::RecordConsent,
            A::RecordGuardianConsent,
        ];
        for action in per_participant {
            for relation in [Relation::Own, Relation::Delegated, Relation::Foreign] {
                assert_eq!(
                    decide(StaffRole::Admin, action, relation),
                    admin_may.contains(&action),
                    "admin {action:?} {relation:?}"
                );
                assert_eq!(
                    decide(StaffRole::Counsellor, action, relation),
                    counsellor_may.contains(&action) && relation != Relation::Foreign,
                    "counsellor {action:?} {relation:?}"
                );
                // Office staff take a guardian's consent at the desk or by
                // letter; the counsellor takes the participant's own.
                assert_eq!(
                    decide(StaffRole::Office, action, relation),
                    matches!(
                        action,
                        A::ViewDossier | A::ManageParticipant | A::RecordGuardianConsent
                    ),
                    "office {action:?} {relation:?}"
                );
            }
            // Per-participant actions never pass without a participant.
            assert!(!decide(StaffRole::Admin, action, Relation::General));
            assert!(!decide(StaffRole::Counsellor, action, Relation::General));
        }
        // Nothing about results, competences, notes or reports for the admin.
        for action in [
            A::ViewResults,
            A::ViewDataSheet,
            A::ViewCompetences,
            A::ViewReport,
            A::ViewProfile,
            A::MatchVacancies,
        ] {
            assert!(!decide(StaffRole::Admin, action, Relation::Own));
        }
        // Vacancies are the counsellors' work; they name no participant.
        assert!(decide(
            StaffRole::Counsellor,
            A::ManageVacancies,
            Relation::General
        ));
        assert!(!decide(
            StaffRole::Admin,
            A::ManageVacancies,
            Relation::General
        ));
        assert!(decide(
            StaffRole::Counsellor,
            A::ManageDelegation,
            Relation::Own
        ));
        assert!(!decide(
            StaffRole::Counsellor,
            A::ManageDelegation,
            Relation::Foreign
        ));
        assert!(!decide(
            StaffRole::Counsellor,
            A::ManageDelegation,
            Relation::Delegated
        ));
        assert!(decide(
            StaffRole::Admin,
            A::ManageDelegation,
            Relation::Foreign
        ));
        for action in [
            A::ManageStaff,
            A::ManageProgrammes,
            A::CreateParticipant,
            A::ManageBreaches,
            A::ManageOrganisation,
        ] {
            assert!(decide(StaffRole::Admin, action, Relation::General));
            assert!(!decide(StaffRole::Counsellor, action, Relation::General));
        }
        assert_eq!(Action::ALL.len(), 35);
        // Neither the data protection officer nor office staff ever reach
        // results or counselling content, on any participant.
        for role in [StaffRole::Dpo, StaffRole::Office] {
            for relation in [Relation::Own, Relation::Delegated, Relation::Foreign] {
                for action in [
                    A::ViewResults,
                    A::ViewCompetences,
                    A::ViewDataSheet,
                    A::ViewReport,
                    A::ViewProfile,
                    A::MatchVacancies,
                ] {
                    assert!(!decide(role, action, relation), "{role:?} {action:?}");
                }
            }
        }
        assert!(decide(StaffRole::Dpo, A::ViewRegister, Relation::General));
        assert!(!decide(
            StaffRole::Office,
            A::ViewRegister,
            Relation::General
        ));
        assert!(!decide(
            StaffRole::Counsellor,
            A::ViewRegister,
            Relation::General
        ));
        // Rights requests, restriction and objection are the officer's; master
        // data may be corrected by whoever keeps basic data.
        for relation in [Relation::Own, Relation::Delegated, Relation::Foreign] {
            for action in [A::HandleRequest, A::RestrictData] {
                for role in [StaffRole::Admin, StaffRole::Counsellor, StaffRole::Office] {
                    assert!(!decide(role, action, relation), "{role:?} {action:?}");
                }
                assert!(decide(StaffRole::Dpo, action, relation));
            }
            for role in [StaffRole::Admin, StaffRole::Dpo, StaffRole::Office] {
                assert!(decide(role, A::CorrectMasterData, relation), "{role:?}");
            }
            assert!(!decide(
                StaffRole::Counsellor,
                A::CorrectMasterData,
                relation
            ));
        }
        for role in [StaffRole::Admin, StaffRole::Counsellor, StaffRole::Office] {
            assert!(!decide(role, A::ManageRequests, Relation::General));
        }
        assert!(decide(StaffRole::Dpo, A::ManageRequests, Relation::General));
    }

    /// A restriction stops changes, releases and exports, never reading.
    #[test]
    fn what_a_restriction_stops() {
        use Action as A;
        for action in [
            A::ViewDossier,
            A::ViewResults,
            A::ViewAudit,
            A::RecordConsent,
        ] {
            assert!(!action.stopped_by_restriction(), "{action:?}");
        }
        for action in [A::EditDataSheet, A::ReleaseReport, A::ExportReport] {
            assert!(action.stopped_by_restriction(), "{action:?}");
        }
    }
}
