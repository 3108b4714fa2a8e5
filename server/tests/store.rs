//! The storage seam on its own: every use case of [`Store`] against a real
//! database — in-memory SQLite, or PostgreSQL when `LOTSE_TEST_DATABASE_URL`
//! is set (`scripts/test` runs both) — including the races the database must
//! settle and stored values that do not decode.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use lotse_server::db::{
    AuditEvent, CaseloadScope, Cell, Db, DbError, ErasureReason, NewParticipantRow, NewStaffRow,
    RequestLogEntry, Rule, SessionStage, connect_for_tests, new_id,
};
use lotse_shared::api::{
    AggregateSubmission, AuditAction, CaseloadQuery, CompetenceLevel, CompetenceRecord,
    ConsentChannel, ConsentEvent, ConsentEventKind, DataSheet, ModuleState, Occupation, RecordedBy,
    ReportState, StaffRole,
};

const T0: i64 = 1_795_435_200;

fn submission(instrument: &str) -> AggregateSubmission {
    let def = lotse_shared::instrument::find(instrument).unwrap();
    let answers: lotse_shared::scoring::Answers = def
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| (item.id.clone(), u8::try_from(n % 5 + 1).unwrap()))
        .collect();
    lotse_shared::scoring::aggregate(def, &answers, 120)
}

fn consent(kind: ConsentEventKind, at: i64) -> ConsentEvent {
    ConsentEvent {
        event: kind,
        notice_accepted: kind != ConsentEventKind::Declined,
        agency_results: kind == ConsentEventKind::Changed,
        job_matching: false,
        health_data: false,
        survey_contact: false,
        notice_version: 1,
        notice_hash: "ab".repeat(32),
        channel: ConsentChannel::SelfService,
        at,
        signed_copy_at: None,
    }
}

/// A store with one programme, a counsellor and a participant with every
/// instrument released: (store, programme id, counsellor id, participant id).
async fn world() -> (Db, String, String, String) {
    let store = connect_for_tests().await.unwrap();
    let programme = store
        .create_programme("Kurs", "2026-11-01", "2027-03-31", T0, None)
        .await
        .unwrap();
    let counsellor = store
        .create_staff(
            NewStaffRow {
                username: "anna",
                display_name: "Anna",
                role: StaffRole::Counsellor,
                password_hash: "hash",
                totp_secret: "sealed",
            },
            T0,
            None,
        )
        .await
        .unwrap();
    let released: Vec<&str> = lotse_shared::instrument::all()
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    let participant = store
        .create_participant(
            &programme.id,
            "Pat",
            Some(&counsellor),
            "code-hash",
            &released,
            &lotse_server::db::Minority::default(),
            T0,
            None,
        )
        .await
        .unwrap();
    (store, programme.id, counsellor, participant)
}

/// Adds `n` participants without a counsellor, named `{prefix} 00000`… .
async fn seed_unassigned(
    store: &dyn lotse_server::db::Store,
    programme: &str,
    prefix: &str,
    n: usize,
) -> Vec<NewParticipantRow> {
    let rows: Vec<NewParticipantRow> = (0..n)
        .map(|i| NewParticipantRow {
            id: new_id(),
            programme_id: programme.to_owned(),
            display_name: format!("{prefix} {i:05}"),
            access_code_hash: format!("{prefix}-{i}"),
            counsellor_id: None,
            created_at: T0,
        })
        .collect();
    store.seed_participants(&rows).await.unwrap();
    rows
}

fn audit(actor: &str, participant: &str, action: AuditAction) -> AuditEvent {
    AuditEvent {
        actor_id: actor.to_owned(),
        acting_for: None,
        participant_id: Some(participant.to_owned()),
        action,
        at: T0,
    }
}

#[tokio::test]
async fn participants_and_programmes_read_back_as_written() {
    let (store, programme, counsellor, id) = world().await;
    assert_eq!(
        store.programme(&programme).await.unwrap().unwrap().name,
        "Kurs"
    );
    assert_eq!(
        store.programme_by_name("Kurs").await.unwrap().unwrap().id,
        programme
    );
    assert_eq!(store.all_programmes().await.unwrap().len(), 1);
    // A second programme of the same name is a conflict, not a crash.
    assert!(matches!(
        store
            .create_programme("Kurs", "2026-11-01", "2027-03-31", T0, None)
            .await,
        Err(DbError::Conflict)
    ));
    let p = store.participant(&id).await.unwrap().unwrap();
    assert_eq!(
        (p.display_name.as_str(), p.programme_name.as_str()),
        ("Pat", "Kurs")
    );
    assert_eq!(
        store
            .participant_by_code_hash("code-hash")
            .await
            .unwrap()
            .unwrap()
            .id,
        id
    );
    assert_eq!(
        store
            .participants_in_programme(&programme)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store.participant_reach(&id).await.unwrap(),
        Some(lotse_server::db::ParticipantReach {
            counsellor_id: Some(counsellor.clone()),
            restricted: false,
        })
    );
    assert_eq!(store.participant_reach("nobody").await.unwrap(), None);
    let dossier = store.dossier(&id).await.unwrap().unwrap();
    assert_eq!(dossier.counsellor.as_deref(), Some("Anna"));
    assert_eq!(dossier.modules.len(), lotse_shared::instrument::all().len());
    let (profile, programme_row) = store.my_profile(&id).await.unwrap().unwrap();
    assert_eq!(
        (profile.display_name, programme_row.name),
        ("Pat".into(), "Kurs".into())
    );

    store
        .update_participant(
            &id,
            Some(None),
            Some(Some("2027-01-10")),
            &audit(&counsellor, &id, AuditAction::ParticipantUpdate),
        )
        .await
        .unwrap();
    let dossier = store.dossier(&id).await.unwrap().unwrap();
    assert_eq!(
        (dossier.counsellor, dossier.exit_on.as_deref()),
        (None, Some("2027-01-10"))
    );

    store.create_session("tok", &id, T0).await.unwrap();
    store
        .reissue_access_code(
            &id,
            "new-hash",
            Some(&audit(&counsellor, &id, AuditAction::CodeReissue)),
        )
        .await
        .unwrap();
    assert!(
        store
            .participant_by_code_hash("code-hash")
            .await
            .unwrap()
            .is_none()
    );
    // The old code's sessions end with it.
    assert!(store.session("tok").await.unwrap().is_none());
    assert_eq!(store.audit_trail(&id).await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_caseload_lists_own_delegated_filtered_and_paged_participants() {
    let (store, programme, anna, _) = world().await;
    let ben = store
        .create_staff(
            NewStaffRow {
                username: "ben",
                display_name: "Ben",
                role: StaffRole::Counsellor,
                password_hash: "hash",
                totp_secret: "sealed",
            },
            T0,
            None,
        )
        .await
        .unwrap();
    let rows: Vec<NewParticipantRow> = (0..45)
        .map(|n| NewParticipantRow {
            id: new_id(),
            programme_id: programme.clone(),
            display_name: format!("Person {n:02}"),
            access_code_hash: format!("hash-{n}"),
            counsellor_id: Some(if n % 3 == 0 {
                ben.clone()
            } else {
                anna.clone()
            }),
            created_at: T0 + n,
        })
        .collect();
    store.seed_participants(&rows).await.unwrap();
    let anna_scope = CaseloadScope::Counsellor {
        id: anna.clone(),
        today: "2026-11-23".into(),
    };
    let first = store
        .caseload(&anna_scope, &CaseloadQuery::default())
        .await
        .unwrap();
    // Pat plus the 30 of the 45 that are Anna's.
    assert_eq!((first.total, first.entries.len()), (31, 20));
    assert_eq!(first.entries[0].display_name, "Pat");
    assert_eq!(
        first.entries[0].modules.len(),
        lotse_shared::instrument::all().len()
    );
    let second = store
        .caseload(
            &anna_scope,
            &CaseloadQuery {
                page: Some(2),
                ..CaseloadQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(second.entries.len(), 11);
    // Case does not matter in the search, on either database.
    let found = store
        .caseload(
            &CaseloadScope::All,
            &CaseloadQuery {
                q: Some("person 0".into()),
                ..CaseloadQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.total, 10);
    let done = store
        .caseload(
            &CaseloadScope::All,
            &CaseloadQuery {
                status: Some(ModuleState::Released),
                ..CaseloadQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(done.total, 1);
    // A delegation from Ben opens his caseload to Anna on its days only.
    let grant = AuditEvent::general(&anna, AuditAction::DelegationGrant, T0);
    let d = store
        .create_delegation(&ben, &anna, "2026-11-20", "2026-11-30", &anna, T0, &grant)
        .await
        .unwrap();
    assert!(
        store
            .delegation_active(&ben, &anna, "2026-11-23")
            .await
            .unwrap()
    );
    assert!(
        !store
            .delegation_active(&ben, &anna, "2026-12-01")
            .await
            .unwrap()
    );
    let with_ben = store
        .caseload(&anna_scope, &CaseloadQuery::default())
        .await
        .unwrap();
    assert_eq!(with_ben.total, 46);
    assert_eq!(store.delegation(&d).await.unwrap().unwrap().owner, "Ben");
    assert_eq!(store.delegations(Some(&anna)).await.unwrap().len(), 1);
    assert_eq!(store.delegations(None).await.unwrap().len(), 1);
    store
        .revoke_delegation(
            &d,
            T0 + 1,
            &AuditEvent::general(&anna, AuditAction::DelegationRevoke, T0),
        )
        .await
        .unwrap();
    assert!(store.delegation(&d).await.unwrap().unwrap().revoked);
    assert!(
        !store
            .delegation_active(&ben, &anna, "2026-11-23")
            .await
            .unwrap()
    );
    // Large lists are counted up to a cap, not to the end.
    seed_unassigned(&*store, &programme, "Many", 10_001).await;
    let all = store
        .caseload(&CaseloadScope::All, &CaseloadQuery::default())
        .await
        .unwrap();
    assert_eq!((all.total, all.more), (10_000, true));
    assert!(!with_ben.more);
}

#[tokio::test]
async fn concurrent_uploads_of_one_module_store_exactly_one_result() {
    let (store, _, _, id) = world().await;
    let uploads = (0..8).map(|n| {
        let store = Arc::clone(&store);
        let id = id.clone();
        tokio::spawn(async move {
            store
                .insert_aggregate(&id, &submission("soft-skills"), T0 + n)
                .await
                .unwrap()
        })
    });
    let mut stored = 0;
    for upload in uploads {
        stored += usize::from(upload.await.unwrap().is_some());
    }
    assert_eq!(stored, 1);
    assert_eq!(store.results(&id).await.unwrap().len(), 1);
    assert_eq!(
        store.module_state(&id, "soft-skills").await.unwrap(),
        Some(ModuleState::Done)
    );
    // Released again, it takes exactly one more.
    store
        .release_module(&id, "soft-skills", T0 + 60, None)
        .await
        .unwrap();
    assert!(
        store
            .insert_aggregate(&id, &submission("soft-skills"), T0 + 61)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.results(&id).await.unwrap().len(), 2);
    // Nothing is stored for a module never released, or a participant gone.
    assert!(
        store
            .insert_aggregate("nobody", &submission("soft-skills"), T0)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn modules_can_be_skipped_and_results_read_back_whole() {
    let (store, _, _, id) = world().await;
    assert_eq!(
        store.skip_module(&id, "motivation").await.unwrap(),
        Some(ModuleState::Skipped)
    );
    // A skipped module still takes its result.
    let sent = submission("motivation");
    let stored = store
        .insert_aggregate(&id, &sent, T0)
        .await
        .unwrap()
        .unwrap();
    let read = store.results(&id).await.unwrap();
    assert_eq!(read, vec![stored]);
    assert_eq!(read[0].scales, sent.scales);
    assert_eq!(store.module_state(&id, "nothing").await.unwrap(), None);
    assert_eq!(store.skip_module(&id, "nothing").await.unwrap(), None);
    // Done stays done: skipping cannot reopen it for a second result.
    assert_eq!(
        store.skip_module(&id, "motivation").await.unwrap(),
        Some(ModuleState::Done)
    );
    assert!(
        store
            .insert_aggregate(&id, &sent, T0)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.results(&id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_stored_value_that_does_not_decode_is_an_error_not_a_default() {
    let (store, _, _, id) = world().await;
    store
        .insert_aggregate(&id, &submission("soft-skills"), T0)
        .await
        .unwrap()
        .unwrap();
    store
        .raw_execute("UPDATE aggregates SET quality = 'excellent'", &[])
        .await
        .unwrap();
    assert!(matches!(
        store.results(&id).await,
        Err(DbError::Corrupt {
            column: "aggregates.quality",
            ..
        })
    ));
    // A consent history never drops a row it cannot read.
    store
        .insert_consent_event(&id, &consent(ConsentEventKind::Given, T0), None)
        .await
        .unwrap();
    store
        .insert_consent_event(&id, &consent(ConsentEventKind::Changed, T0 + 1), None)
        .await
        .unwrap();
    store
        .raw_execute(
            "UPDATE consent_events SET notice_version = -1 WHERE event = 'given'",
            &[],
        )
        .await
        .unwrap();
    assert!(matches!(
        store.consent_history(&id).await,
        Err(DbError::Corrupt {
            column: "consent_events.notice_version",
            ..
        })
    ));
    store.create_session("tok", &id, T0).await.unwrap();
    store
        .raw_execute("UPDATE sessions SET stage = 'half'", &[])
        .await
        .unwrap();
    assert!(matches!(
        store.session("tok").await,
        Err(DbError::Corrupt {
            column: "sessions.stage",
            ..
        })
    ));
}

#[tokio::test]
async fn consent_history_decline_and_erasure() {
    let (store, _, counsellor, id) = world().await;
    assert_eq!(store.latest_consent(&id).await.unwrap(), None);
    store
        .insert_consent_event(&id, &consent(ConsentEventKind::Given, T0), None)
        .await
        .unwrap();
    let mut by_counsellor = consent(ConsentEventKind::Changed, T0 + 5);
    by_counsellor.channel = ConsentChannel::Counsellor;
    store
        .insert_consent_event(
            &id,
            &by_counsellor,
            Some(&audit(&counsellor, &id, AuditAction::ConsentRecord)),
        )
        .await
        .unwrap();
    let history = store.consent_history(&id).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        store.latest_consent(&id).await.unwrap(),
        Some(by_counsellor)
    );
    store.create_session("tok", &id, T0).await.unwrap();
    store
        .decline(&id, &consent(ConsentEventKind::Declined, T0 + 9))
        .await
        .unwrap();
    assert!(store.session("tok").await.unwrap().is_none());
    assert_eq!(store.consent_history(&id).await.unwrap().len(), 3);

    store
        .add_competence(
            &id,
            &CompetenceRecord {
                skill: "Forklift".into(),
                level: CompetenceLevel::Expert,
                evidence: "licence".into(),
                occupation: None,
            },
            T0,
            None,
        )
        .await
        .unwrap();
    let receipt = store
        .erase_participant(&id, ErasureReason::Withdrawal, T0 + 20)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(receipt.erased_at, T0 + 20);
    store.after_erasure().await.unwrap();
    for table in [
        "participants",
        "consent_events",
        "competences",
        "audit_events",
        "releases",
    ] {
        let n = store
            .raw_rows(&format!("SELECT COUNT(*) FROM {table}"), &[])
            .await
            .unwrap();
        assert_eq!(n[0][0], Cell::Int(0), "{table}");
    }
    assert!(
        store
            .erase_participant(&id, ErasureReason::Withdrawal, T0)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn competences_datasheet_and_the_agency_report() {
    let (store, _, counsellor, id) = world().await;
    let by = audit(&counsellor, &id, AuditAction::CompetenceAdd);
    let welder = Occupation {
        id: "welder-id".into(),
        code: "7212.1".into(),
        isco: "7212".into(),
        label: "welder".into(),
        group_labels: std::collections::BTreeMap::default(),
    };
    let input = CompetenceRecord {
        skill: "Welding".into(),
        level: CompetenceLevel::Advanced,
        evidence: "certificate".into(),
        occupation: Some(welder.clone()),
    };
    let c = store
        .add_competence(&id, &input, T0, Some(&by))
        .await
        .unwrap();
    let stored = &store.competences(&id).await.unwrap()[0];
    assert_eq!(stored.occupation.as_ref(), Some(&welder));
    assert_eq!(stored.changed_by, RecordedBy::Staff);
    let changed = CompetenceRecord {
        level: CompetenceLevel::Expert,
        occupation: None,
        ..input.clone()
    };
    assert!(
        store
            .update_competence(&id, &c, &changed, T0 + 1, None)
            .await
            .unwrap()
    );
    assert!(
        !store
            .update_competence("other", &c, &changed, T0, None)
            .await
            .unwrap()
    );
    let stored = &store.competences(&id).await.unwrap()[0];
    assert_eq!(stored.level, CompetenceLevel::Expert);
    // The participant changed it and took the occupation off.
    assert_eq!(stored.changed_by, RecordedBy::Participant);
    assert_eq!(stored.occupation, None);
    assert!(store.delete_competence(&id, &c, Some(&by)).await.unwrap());
    assert!(!store.delete_competence(&id, &c, None).await.unwrap());

    assert_eq!(store.datasheet(&id).await.unwrap(), DataSheet::default());
    let sheet = DataSheet {
        results: "r".into(),
        notes: "n".into(),
    };
    store
        .put_datasheet(
            &id,
            &sheet,
            T0,
            &audit(&counsellor, &id, AuditAction::DataSheetEdit),
        )
        .await
        .unwrap();
    assert_eq!(store.datasheet(&id).await.unwrap(), sheet);

    let compose = audit(&counsellor, &id, AuditAction::ReportCompose);
    // Two saves racing: one open draft, never two.
    let saves = (0..6).map(|n| {
        let store = Arc::clone(&store);
        let id = id.clone();
        let compose = compose.clone();
        tokio::spawn(async move {
            store
                .put_report_draft(&id, &format!("wording {n}"), T0 + n, &compose)
                .await
        })
    });
    for save in saves {
        save.await.unwrap().unwrap();
    }
    let open = store
        .raw_rows(
            "SELECT COUNT(*) FROM agency_reports WHERE state IN ('draft', 'agreed')",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(open[0][0], Cell::Int(1));
    let draft = store.report_draft(&id).await.unwrap().unwrap();
    assert_eq!(draft.state, ReportState::Draft);
    assert!(
        !store
            .agree_report(&id, "not what was shown", "{}", T0)
            .await
            .unwrap()
    );
    assert!(
        store
            .agree_report(&id, &draft.wording, "{}", T0)
            .await
            .unwrap()
    );
    let release = audit(&counsellor, &id, AuditAction::ReportRelease);
    let released = store
        .release_report(&id, "{}", T0 + 9, &release)
        .await
        .unwrap()
        .unwrap();
    assert!(
        store
            .release_report(&id, "{}", T0, &release)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.released_reports(&id).await.unwrap().len(), 1);
    let row = store
        .released_report(&id, &released)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.state, row.released_at),
        (ReportState::Released, Some(T0 + 9))
    );
    // After a release a new draft may start.
    store
        .put_report_draft(&id, "next", T0 + 10, &compose)
        .await
        .unwrap();
    assert_eq!(
        store.report_draft(&id).await.unwrap().unwrap().wording,
        "next"
    );
}

#[tokio::test]
async fn staff_accounts_sessions_and_totp_steps() {
    let (store, _, anna, id) = world().await;
    assert!(matches!(
        store
            .create_staff(
                NewStaffRow {
                    username: "anna",
                    display_name: "Another",
                    role: StaffRole::Admin,
                    password_hash: "h",
                    totp_secret: "s",
                },
                T0,
                None,
            )
            .await,
        Err(DbError::Conflict)
    ));
    let row = store.staff_by_username("anna").await.unwrap().unwrap();
    assert_eq!(
        (row.id.as_str(), row.role, row.totp_enrolled),
        (anna.as_str(), StaffRole::Counsellor, false)
    );
    assert_eq!(store.list_staff().await.unwrap().len(), 1);
    assert!(store.use_totp_step(&anna, 100).await.unwrap());
    assert!(!store.use_totp_step(&anna, 100).await.unwrap());
    assert!(
        store
            .staff_by_id(&anna)
            .await
            .unwrap()
            .unwrap()
            .totp_enrolled
    );
    store.reset_staff_totp(&anna, "fresh").await.unwrap();
    assert!(
        !store
            .staff_by_id(&anna)
            .await
            .unwrap()
            .unwrap()
            .totp_enrolled
    );

    store
        .create_staff_session("pending", &anna, SessionStage::Totp, T0)
        .await
        .unwrap();
    store
        .promote_staff_session("pending", "full", &anna, T0 + 1)
        .await
        .unwrap();
    assert!(store.session("pending").await.unwrap().is_none());
    let full = store.session("full").await.unwrap().unwrap();
    assert_eq!(
        (full.stage, full.staff_id.as_deref()),
        (SessionStage::Full, Some(anna.as_str()))
    );
    store
        .create_staff_session("other", &anna, SessionStage::Full, T0)
        .await
        .unwrap();
    store
        .set_staff_password(&anna, "new", "full")
        .await
        .unwrap();
    assert!(store.session("other").await.unwrap().is_none());
    assert!(store.session("full").await.unwrap().is_some());
    store
        .set_staff_disabled(
            &anna,
            Some(T0),
            &AuditEvent::general(&anna, AuditAction::StaffDisable, T0),
        )
        .await
        .unwrap();
    assert!(store.session("full").await.unwrap().is_none());

    store.create_session("p", &id, T0).await.unwrap();
    store
        .touch_sessions(&[("p".to_owned(), T0 + 50)])
        .await
        .unwrap();
    assert_eq!(
        store.session("p").await.unwrap().unwrap().last_seen_at,
        T0 + 50
    );
    assert_eq!(store.my_sessions(&id).await.unwrap().len(), 1);
    let gate = store.session_consent("p").await.unwrap().unwrap();
    assert_eq!(gate.accepted_version, None);
    store.delete_session("p").await.unwrap();
    assert!(store.session("p").await.unwrap().is_none());
    store
        .record_audit(&audit(&anna, &id, AuditAction::DossierView))
        .await
        .unwrap();
    assert_eq!(store.audit_trail(&id).await.unwrap()[0].actor, "Anna");
}

#[tokio::test]
async fn lifecycle_pages_expires_leases_and_limits() {
    let (store, programme, _, _) = world().await;
    let rows = seed_unassigned(&*store, &programme, "P", 7).await;
    let mut after = None;
    let mut seen = 0;
    loop {
        let page = store.retention_batch(after.as_deref(), 3).await.unwrap();
        let Some(last) = page.last() else { break };
        assert!(page.len() <= 3);
        seen += page.len();
        after = Some(last.id.clone());
    }
    assert_eq!(seen, 8);

    store
        .insert_request_log(&[RequestLogEntry {
            at: T0,
            method: "GET".into(),
            path: "/".into(),
            status: 200,
            size: None,
            user_agent: None,
            ip: Some("192.0.2.1".into()),
        }])
        .await
        .unwrap();
    assert_eq!(store.expire_request_log_ips(T0 + 1, true).await.unwrap(), 1);
    assert_eq!(
        store.expire_request_log_ips(T0 + 1, false).await.unwrap(),
        1
    );
    assert_eq!(
        store.expire_request_log_ips(T0 + 1, false).await.unwrap(),
        0
    );

    let id = store
        .record_breach("laptop lost", T0 - 60, None, 3, T0, None)
        .await
        .unwrap();
    assert!(store.mark_breach_reported(&id, T0, None).await.unwrap());
    assert!(!store.mark_breach_reported("none", T0, None).await.unwrap());
    assert_eq!(store.breaches().await.unwrap()[0].reported_at, Some(T0));

    // One lease holder at a time; a lapsed lease can be taken over.
    assert!(store.acquire_lease("job", "a", T0, T0 + 60).await.unwrap());
    assert!(
        !store
            .acquire_lease("job", "b", T0 + 59, T0 + 120)
            .await
            .unwrap()
    );
    assert!(
        store
            .acquire_lease("job", "a", T0 + 30, T0 + 90)
            .await
            .unwrap()
    );
    assert!(
        store
            .acquire_lease("job", "b", T0 + 90, T0 + 150)
            .await
            .unwrap()
    );
    assert!(
        !store
            .acquire_lease("job", "a", T0 + 100, T0 + 160)
            .await
            .unwrap()
    );
    store.release_lease("job", "b").await.unwrap();
    assert!(
        store
            .acquire_lease("job", "a", T0 + 101, T0 + 160)
            .await
            .unwrap()
    );

    // Rate-limit cells: burst, then one per interval, shared by every caller.
    let rule = Rule {
        burst: 2,
        interval: 10,
    };
    assert_eq!(store.rate_limit_hit("k", rule, T0).await.unwrap(), None);
    assert_eq!(store.rate_limit_hit("k", rule, T0).await.unwrap(), None);
    assert_eq!(store.rate_limit_hit("k", rule, T0).await.unwrap(), Some(10));
    assert_eq!(
        store.rate_limit_hit("k", rule, T0 + 10).await.unwrap(),
        None
    );
    store.rate_limit_refund("k", rule, T0 + 10).await.unwrap();
    assert_eq!(
        store.rate_limit_hit("k", rule, T0 + 10).await.unwrap(),
        None
    );
    // Reset deletes the cell: the whole burst is back at once.
    assert_eq!(
        store.rate_limit_hit("k", rule, T0 + 10).await.unwrap(),
        Some(10)
    );
    store.rate_limit_reset("k").await.unwrap();
    assert_eq!(
        store.rate_limit_hit("k", rule, T0 + 10).await.unwrap(),
        None
    );
    assert_eq!(store.prune_rate_limits(T0 + 1000).await.unwrap(), 1);

    store.create_session("old", &rows[0].id, T0).await.unwrap();
    assert_eq!(
        store
            .delete_expired_sessions(T0 + 1, T0 + 1, true)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .delete_expired_sessions(T0 + 1, T0 + 1, false)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn the_schema_is_read_from_the_database_itself() {
    let store = connect_for_tests().await.unwrap();
    let tables = store.tables().await.unwrap();
    let consent = tables.iter().find(|t| t.name == "consent_events").unwrap();
    assert!(consent.columns.iter().any(|c| c == "notice_hash"));
    assert_eq!(consent.references, ["participants"]);
    for expected in [
        "rate_limits",
        "job_leases",
        "audit_events",
        "_sqlx_migrations",
    ] {
        assert!(tables.iter().any(|t| t.name == expected), "{expected}");
    }
}
