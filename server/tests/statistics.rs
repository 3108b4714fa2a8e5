//! Programme figures through the real router and database: counts only,
//! small groups withheld, health data and names never in them.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use axum::http::StatusCode;
use common::TestApp;
use lotse_shared::api::StaffRole;
use serde_json::Value;

fn submission(level: fn(bool) -> u8) -> Value {
    let def = lotse_shared::instrument::find("soft-skills").unwrap();
    let answers: lotse_shared::scoring::Answers = def
        .items
        .iter()
        .map(|item| (item.id.clone(), level(item.reverse)))
        .collect();
    serde_json::to_value(lotse_shared::scoring::aggregate(def, &answers, 95)).unwrap()
}

fn band_of(result: &Value, scale: &str) -> String {
    result["scales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scale"] == scale)
        .unwrap()["band"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn counts_only_with_small_groups_withheld() {
    let t = TestApp::new().await;
    let dpo = t.staff("dora", StaffRole::Dpo).await;
    let most = submission(|reverse| if reverse { 1 } else { 5 });
    let least = submission(|reverse| if reverse { 5 } else { 1 });
    for n in 0..6 {
        let (_, cookie) = t.signed_in().await;
        let body = if n == 0 { least.clone() } else { most.clone() };
        let r = t
            .send("POST", "/api/v1/results", Some(body), Some(&cookie))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    let reply = t
        .send("GET", "/api/v1/staff/statistics", None, Some(&dpo.cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let f = &reply.body;
    assert_eq!(f["min_group"], 5);
    assert_eq!(f["participants"], 6);
    let figure = |list: &Value, key: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|x| x["key"] == key)
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(figure(&f["states"], "active"), 6);
    assert_eq!(figure(&f["states"], "declined"), Value::Null);
    assert_eq!(figure(&f["modules_done"], "soft-skills"), 6);
    let reliability = f["scales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["instrument"] == "soft-skills" && s["scale"] == "reliability")
        .unwrap();
    let (high, low) = (
        band_of(&most, "reliability"),
        band_of(&least, "reliability"),
    );
    assert_ne!(high, low);
    assert_eq!(figure(&reliability["bands"], &high), 5);
    assert_eq!(
        figure(&reliability["bands"], &low),
        Value::Null,
        "one person"
    );
    assert!(!f.to_string().contains("Pat"), "no names");
    assert!(
        !f["scales"].to_string().contains("fit-for-work"),
        "health results are no management figure"
    );

    // One programme that does not exist; a counsellor is no manager.
    let unknown = t
        .send(
            "GET",
            "/api/v1/staff/statistics?programme=nope",
            None,
            Some(&dpo.cookie),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let counsellor = t.staff("anna", StaffRole::Counsellor).await;
    let refused = t
        .send(
            "GET",
            "/api/v1/staff/statistics",
            None,
            Some(&counsellor.cookie),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
