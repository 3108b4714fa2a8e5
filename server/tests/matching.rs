//! Vacancies, import and explainable matching through the real router: an
//! import with a bad row keeps nothing, a good one keeps everything; the
//! ranking explains itself per criterion; without the matching consent there
//! is nothing to rank or share; the participant sees what was shared.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use std::fmt::Write as _;

use axum::http::StatusCode;
use common::TestApp;
use lotse_shared::api::StaffRole;
use serde_json::{Value, json};

const GOOD: &str = "title,employer,occupation,place,hours,start,skills,languages,licences\n\
    Cook,Gasthaus Linde,5120,Leipzig,30,2027-01-04,knife skills|food hygiene,de:B1,B\n\
    Truck driver,Spedition Ost,8332,Halle,40,,,de:A2,CE\n";

async fn import(t: &TestApp, cookie: &str, format: &str, content: &str) -> Value {
    let reply = t
        .send(
            "POST",
            "/api/v1/staff/vacancies/import",
            Some(json!({ "format": format, "content": content })),
            Some(cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn an_import_with_a_bad_row_keeps_nothing_and_says_which_line() {
    let t = TestApp::new().await;
    let counsellor = t.staff("anna", StaffRole::Counsellor).await;
    let bad = format!("{GOOD}Welder,,,Leipzig,99,,,,\n");
    let report = import(&t, &counsellor.cookie, "csv", &bad).await;
    assert_eq!(report["imported"], 0);
    assert_eq!(report["problems"][0]["line"], 4);
    assert_eq!(report["problems"][0]["field"], "hours");
    assert_eq!(t.count("vacancies").await, 0);
    assert_eq!(t.count("audit_events").await, 0);

    let report = import(&t, &counsellor.cookie, "csv", GOOD).await;
    assert_eq!(report["imported"], 2);
    assert_eq!(report["problems"], json!([]));
    let list = t
        .send(
            "GET",
            "/api/v1/staff/vacancies",
            None,
            Some(&counsellor.cookie),
        )
        .await;
    let cook = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["title"] == "Cook")
        .unwrap();
    // An ISCO unit group is kept with its label and no ESCO id.
    assert_eq!(cook["occupation"]["isco"], "5120");
    assert_eq!(cook["occupation"]["id"], "");
    assert!(cook["occupation"]["group_labels"]["de"].is_string());
    // The admin runs the office, not the job matching.
    let admin = t.staff("office", StaffRole::Admin).await;
    let refused = t
        .send("GET", "/api/v1/staff/vacancies", None, Some(&admin.cookie))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_file_larger_than_other_requests_can_be_imported() {
    let t = TestApp::new().await;
    let counsellor = t.staff("anna", StaffRole::Counsellor).await;
    let mut file = String::from("title,place,skills\n");
    for i in 0..1500 {
        writeln!(file, "Job {i},Leipzig,forklift|first aid|stock keeping").unwrap();
    }
    assert!(file.len() > lotse_server::MAX_BODY_BYTES);
    let report = import(&t, &counsellor.cookie, "csv", &file).await;
    assert_eq!(report["imported"], 1500);
}

/// A participant of `counsellor` with a wish, a skill and a profile, who
/// consented to job matching when `matching`.
async fn candidate(t: &TestApp, counsellor: &str, matching: bool) -> (String, String) {
    let (id, cookie) = t.signed_in().await;
    t.assign(&id, counsellor).await;
    let consent = t
        .send(
            "PUT",
            "/api/v1/consent",
            Some(json!({ "agency_results": false, "job_matching": matching })),
            Some(&cookie),
        )
        .await;
    assert!(consent.status.is_success(), "{:?}", consent.body);
    let found = t
        .send("GET", "/api/v1/me/occupations?q=cook", None, Some(&cookie))
        .await;
    let cook = found.body["occupations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["label"] == "cook")
        .unwrap()["id"]
        .clone();
    assert_eq!(found.body["source"], "ESCO, European Commission, v1.1.1");
    let wish = t
        .send(
            "POST",
            "/api/v1/me/wishes",
            Some(json!({ "occupation_id": cook })),
            Some(&cookie),
        )
        .await;
    assert_eq!(wish.status, StatusCode::CREATED, "{:?}", wish.body);
    let again = t
        .send(
            "POST",
            "/api/v1/me/wishes",
            Some(json!({ "occupation_id": cook })),
            Some(&cookie),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let skill = json!({ "skill": "Food hygiene", "level": "advanced", "evidence": "" });
    t.send("POST", "/api/v1/me/competences", Some(skill), Some(&cookie))
        .await;
    let profile = json!({
        "places": ["Leipzig"], "licences": ["B"], "hours_min": 20, "hours_max": 30,
        "earliest_start": "2026-12-01", "languages": [{ "language": "de", "level": "native" }]
    });
    let put = t
        .send("PUT", "/api/v1/me/profile", Some(profile), Some(&cookie))
        .await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
    (id, cookie)
}

#[tokio::test]
async fn suggestions_are_ranked_and_explained_and_the_shared_one_reaches_the_participant() {
    let t = TestApp::new().await;
    let counsellor = t.staff("anna", StaffRole::Counsellor).await;
    import(&t, &counsellor.cookie, "csv", GOOD).await;
    let (id, cookie) = candidate(&t, &counsellor.id, true).await;
    let base = format!("/api/v1/staff/participants/{id}");
    let ranked = t
        .send(
            "GET",
            &format!("{base}/suggestions"),
            None,
            Some(&counsellor.cookie),
        )
        .await;
    assert_eq!(ranked.status, StatusCode::OK, "{:?}", ranked.body);
    assert_eq!(ranked.body["consented"], true);
    let list = ranked.body["suggestions"].as_array().unwrap();
    assert_eq!(list[0]["vacancy"]["title"], "Cook");
    assert_eq!(list[1]["vacancy"]["title"], "Truck driver");
    assert!(list[0]["score"].as_u64() > list[1]["score"].as_u64());
    let fit = |s: &Value, criterion: &str| {
        s["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["criterion"] == criterion)
            .map(|c| c["fit"].clone())
    };
    // The wish is the cook occupation itself, the group matches (2/3).
    assert_eq!(fit(&list[0], "occupation"), Some("partly".into()));
    assert_eq!(fit(&list[0], "skills"), Some("partly".into()));
    assert_eq!(fit(&list[0], "languages"), Some("met".into()));
    assert_eq!(fit(&list[0], "licences"), Some("met".into()));
    assert_eq!(fit(&list[1], "licences"), Some("not_met".into()));
    assert_eq!(fit(&list[1], "place"), Some("not_met".into()));
    assert_eq!(t.count("shared_suggestions").await, 0);

    let vid = list[0]["vacancy"]["id"].as_str().unwrap().to_owned();
    let shared = t
        .send(
            "POST",
            &format!("{base}/suggestions/{vid}"),
            None,
            Some(&counsellor.cookie),
        )
        .await;
    assert_eq!(shared.status, StatusCode::OK, "{:?}", shared.body);
    let mine = t
        .send("GET", "/api/v1/me/suggestions", None, Some(&cookie))
        .await;
    let mine = mine.body.as_array().unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["vacancy"]["title"], "Cook");
    assert!(mine[0]["shared_at"].is_i64());
    assert_eq!(mine[0]["criteria"], list[0]["criteria"]);
    let unknown = t
        .send(
            "POST",
            &format!("{base}/suggestions/nope"),
            None,
            Some(&counsellor.cookie),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_the_matching_consent_nothing_is_ranked_or_shared() {
    let t = TestApp::new().await;
    let counsellor = t.staff("anna", StaffRole::Counsellor).await;
    import(&t, &counsellor.cookie, "csv", GOOD).await;
    let (id, _) = candidate(&t, &counsellor.id, false).await;
    let base = format!("/api/v1/staff/participants/{id}");
    let ranked = t
        .send(
            "GET",
            &format!("{base}/suggestions"),
            None,
            Some(&counsellor.cookie),
        )
        .await;
    assert_eq!(ranked.body["consented"], false);
    assert_eq!(ranked.body["suggestions"], json!([]));
    let vacancies = t
        .send(
            "GET",
            "/api/v1/staff/vacancies",
            None,
            Some(&counsellor.cookie),
        )
        .await;
    let vid = vacancies.body[0]["id"].as_str().unwrap().to_owned();
    let share = t
        .send(
            "POST",
            &format!("{base}/suggestions/{vid}"),
            None,
            Some(&counsellor.cookie),
        )
        .await;
    assert_eq!(share.status, StatusCode::CONFLICT);
    assert_eq!(t.count("shared_suggestions").await, 0);
}

#[tokio::test]
async fn the_agency_report_carries_the_coded_wishes_only_with_the_matching_consent() {
    let t = TestApp::new().await;
    let counsellor = t.staff("anna", StaffRole::Counsellor).await;
    for matching in [true, false] {
        let (id, _) = candidate(&t, &counsellor.id, matching).await;
        let report = t
            .send(
                "PUT",
                &format!("/api/v1/staff/participants/{id}/report"),
                Some(json!({ "wording": "Keen on kitchens." })),
                Some(&counsellor.cookie),
            )
            .await;
        let content = &report.body["draft"]["content"];
        assert_eq!(content["schema_version"], 3);
        if matching {
            assert_eq!(content["wishes"][0]["isco"], "5120");
            assert_eq!(content["wishes"][0]["label"], "cook");
            assert_eq!(content["languages"][0]["level"], "native");
            assert_eq!(content["licences"], json!(["B"]));
        } else {
            assert_eq!(content["wishes"], json!([]));
            assert_eq!(content["languages"], json!([]));
            assert_eq!(content["licences"], json!([]));
        }
    }
}

#[tokio::test]
async fn a_work_profile_with_bad_values_changes_nothing() {
    let t = TestApp::new().await;
    let (_, cookie) = t.signed_in().await;
    let good = json!({ "places": ["Leipzig"], "activities": [] });
    let refused = t
        .send("PUT", "/api/v1/me/profile", Some(good), Some(&cookie))
        .await;
    // Unknown fields are refused like everywhere else.
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let first = json!({ "places": ["Leipzig"], "preferred_activities": ["cooking"] });
    let put = t
        .send("PUT", "/api/v1/me/profile", Some(first), Some(&cookie))
        .await;
    assert_eq!(put.status, StatusCode::OK);
    for bad in [
        json!({ "hours_min": 40, "hours_max": 10 }),
        json!({ "earliest_start": "2026-13-01" }),
        json!({ "places": ["a\u{202e}b"] }),
        json!({ "languages": [{ "language": "german", "level": "B1" }] }),
    ] {
        let reply = t
            .send(
                "PUT",
                "/api/v1/me/profile",
                Some(bad.clone()),
                Some(&cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(reply.code(), "invalid_value");
    }
    let stored = t
        .send("GET", "/api/v1/me/profile", None, Some(&cookie))
        .await;
    assert_eq!(
        stored.body["profile"]["preferred_activities"],
        json!(["cooking"])
    );
    assert_eq!(stored.body["changed_by"], "participant");
}

fn module_state(list: &Value, id: &str) -> Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|m| m["instrument"] == id)
        .map_or(Value::Null, |m| m["state"].clone())
}

#[tokio::test]
async fn module_two_is_released_taken_up_skipped_and_declined() {
    let t = TestApp::new().await;
    let counsellor = t.staff("anna", StaffRole::Counsellor).await;
    let (id, cookie) = t.signed_in().await;
    t.assign(&id, &counsellor.id).await;
    t.exec(
        "DELETE FROM releases WHERE participant_id = $1 AND instrument = 'activities'",
        &[&id],
    )
    .await;
    let profile = json!({ "places": ["Leipzig"], "hours_max": 30 });
    let staff_path = format!("/api/v1/staff/participants/{id}/profile");
    let mine = |body: Value| t.send("PUT", "/api/v1/me/profile", Some(body), Some(&cookie));
    let staff = |body: Value| t.send("PUT", &staff_path, Some(body), Some(&counsellor.cookie));
    let modules = || t.send("GET", "/api/v1/modules", None, Some(&cookie));

    // Not released: neither side can record it, and nothing is stored.
    assert_eq!(mine(profile.clone()).await.status, StatusCode::CONFLICT);
    assert_eq!(staff(profile.clone()).await.status, StatusCode::CONFLICT);
    assert_eq!(t.count("work_profiles").await, 0);
    assert_eq!(t.count("audit_events").await, 0);

    let released = t
        .send(
            "PUT",
            &format!("/api/v1/staff/participants/{id}/modules/activities"),
            Some(json!({ "state": "released" })),
            Some(&counsellor.cookie),
        )
        .await;
    assert_eq!(
        released.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        released.body
    );
    let list = modules().await.body;
    assert_eq!(module_state(&list, "activities"), "released");
    // Module 2 follows module 1 (career orientation).
    assert_eq!(list[0]["instrument"], "interests");
    assert_eq!(list[1]["instrument"], "activities");

    // Recorded together in the office: the module is done.
    let put = staff(profile.clone()).await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
    assert_eq!(put.body["changed_by"], "staff");
    assert_eq!(module_state(&modules().await.body, "activities"), "done");
    let skip = t
        .send(
            "POST",
            "/api/v1/modules/activities/skip",
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(skip.status, StatusCode::CONFLICT);

    // The participant declines it after all: the profile goes, the module is
    // skipped, and the counsellor can no longer write it.
    let gone = t
        .send("DELETE", "/api/v1/me/profile", None, Some(&cookie))
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(t.count("work_profiles").await, 0);
    assert_eq!(module_state(&modules().await.body, "activities"), "skipped");
    let again = t
        .send("DELETE", "/api/v1/me/profile", None, Some(&cookie))
        .await;
    assert_eq!(
        again.status,
        StatusCode::NO_CONTENT,
        "declining twice is declining once"
    );
    assert_eq!(staff(profile.clone()).await.status, StatusCode::CONFLICT);
    assert_eq!(t.count("work_profiles").await, 0);

    // A skipped part stays the participant's to take up.
    let taken_up = mine(profile).await;
    assert_eq!(taken_up.status, StatusCode::OK, "{:?}", taken_up.body);
    assert_eq!(taken_up.body["changed_by"], "participant");
    assert_eq!(module_state(&modules().await.body, "activities"), "done");
}

#[tokio::test]
async fn a_hard_skill_carries_an_esco_occupation_that_matching_reads() {
    let t = TestApp::new().await;
    let counsellor = t.staff("anna", StaffRole::Counsellor).await;
    import(&t, &counsellor.cookie, "csv", GOOD).await;
    let (id, cookie) = candidate(&t, &counsellor.id, true).await;
    let found = t
        .send(
            "GET",
            "/api/v1/me/occupations?q=lorry%20driver",
            None,
            Some(&cookie),
        )
        .await;
    let truck = found.body["occupations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["isco"] == "8332")
        .unwrap()
        .clone();
    let unknown = t
        .send(
            "POST",
            "/api/v1/me/competences",
            Some(json!({ "skill": "Driving", "level": "expert", "evidence": "", "occupation": "no-such-id" })),
            Some(&cookie),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let before = t.count("competences").await;
    let added = t
        .send(
            "POST",
            &format!("/api/v1/staff/participants/{id}/competences"),
            Some(json!({ "skill": "Driving", "level": "expert", "evidence": "CE licence", "occupation": truck["id"] })),
            Some(&counsellor.cookie),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
    assert_eq!(t.count("competences").await, before + 1);
    let driving = added
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["skill"] == "Driving")
        .unwrap();
    assert_eq!(driving["occupation"]["code"], truck["code"]);
    assert_eq!(driving["changed_by"], "staff");
    assert!(driving["occupation"]["group_labels"]["de"].is_string());
    // The truck driver vacancy's occupation is now met through the skill.
    let ranked = t
        .send(
            "GET",
            &format!("/api/v1/staff/participants/{id}/suggestions"),
            None,
            Some(&counsellor.cookie),
        )
        .await;
    let truck_job = ranked.body["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["vacancy"]["title"] == "Truck driver")
        .unwrap();
    let occupation = truck_job["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["criterion"] == "occupation")
        .unwrap();
    assert_ne!(occupation["fit"], "not_met", "{occupation}");
}

#[tokio::test]
async fn health_data_goes_to_matching_and_the_report_only_with_its_own_consent() {
    let t = TestApp::new().await;
    let counsellor = t.staff("anna", StaffRole::Counsellor).await;
    import(
        &t,
        &counsellor.cookie,
        "csv",
        "title,place,physical\nMover,Leipzig,heavy\n",
    )
    .await;
    let (id, cookie) = candidate(&t, &counsellor.id, true).await;
    let def = lotse_shared::instrument::find("fit-for-work").unwrap();
    let most = u8::try_from(def.response_labels.len()).unwrap();
    // The least of the construct on every item (a reversed item at its top).
    let answers: std::collections::BTreeMap<String, u8> = def
        .items
        .iter()
        .map(|item| (item.id.clone(), if item.reverse { most } else { 1 }))
        .collect();
    let low = lotse_shared::scoring::aggregate(def, &answers, 120);
    let uploaded = t
        .send(
            "POST",
            "/api/v1/results",
            Some(serde_json::to_value(&low).unwrap()),
            Some(&cookie),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{:?}", uploaded.body);
    let physical = || async {
        let ranked = t
            .send(
                "GET",
                &format!("/api/v1/staff/participants/{id}/suggestions"),
                None,
                Some(&counsellor.cookie),
            )
            .await;
        ranked.body["suggestions"][0]["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["criterion"] == "physical")
            .unwrap()["fit"]
            .clone()
    };
    let report = || async {
        t.send(
            "PUT",
            &format!("/api/v1/staff/participants/{id}/report"),
            Some(json!({ "wording": "w" })),
            Some(&counsellor.cookie),
        )
        .await
        .body["draft"]["content"]
            .clone()
    };
    let consents = |health: bool| {
        t.send(
            "PUT",
            "/api/v1/consent",
            Some(json!({ "agency_results": true, "job_matching": true, "health_data": health })),
            Some(&cookie),
        )
    };
    assert!(consents(false).await.status.is_success());
    assert_eq!(physical().await, "not_considered");
    let content = report().await;
    assert_eq!(content["health_consented"], false);
    assert!(
        !content["results"].to_string().contains("fit-for-work"),
        "{content}"
    );

    let given = consents(true).await;
    assert!(given.status.is_success(), "{:?}", given.body);
    assert_eq!(given.body["health_data"], true);
    // Every answer at the least: the index is low, a heavy job does not fit.
    assert_eq!(physical().await, "not_met");
    let content = report().await;
    assert_eq!(content["health_consented"], true);
    assert!(
        content["results"].to_string().contains("fit-for-work"),
        "{content}"
    );
}
