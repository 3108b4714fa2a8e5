//! Test harness: the real router on a fresh database with a controlled clock,
//! driven through `tower::ServiceExt::oneshot`. The database is in-memory
//! SQLite, or a schema of its own on PostgreSQL when `LOTSE_TEST_DATABASE_URL`
//! is set (`scripts/test` runs the suite both ways).
#![allow(dead_code, clippy::unwrap_used)] // test harness: a failed unwrap is a failed test

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt as _;
use lotse_server::clock::FixedClock;
use lotse_server::config::Config;
use lotse_server::db::{Cell, NewStaffRow, SessionStage, Store};
use lotse_server::{AppState, app};
use serde_json::Value;
use tower::ServiceExt as _;

/// 2026-11-23T12:00:00Z
pub const T0: i64 = 1_795_435_200;

pub struct TestApp {
    pub state: AppState,
    pub clock: FixedClock,
}

/// Gives a store the demo organisation's profile and publishes its notice, as
/// every real organisation has before it invites anyone.
pub async fn set_up_organisation(store: &dyn Store, config: &Config) {
    store
        .save_organisation(&lotse_server::domain::organisation::demo(), T0)
        .await
        .unwrap();
    let settings = lotse_server::domain::notice::NoticeSettings::from_config(config);
    lotse_server::domain::notice::sync(store, settings, T0)
        .await
        .unwrap();
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }

    /// The session cookie this reply set, as `name=value`.
    pub fn cookie(&self) -> Option<String> {
        self.headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_owned)
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_config(Config::for_tests()).await
    }

    pub async fn with_config(config: Config) -> Self {
        let store = lotse_server::db::connect_for_tests().await.unwrap();
        let clock = FixedClock::at(T0);
        let secrets = lotse_server::auth::seal::SecretBox::ephemeral().unwrap();
        // A complete profile, as every real organisation has before it invites
        // anyone (tests of the incomplete case use `without_profile`).
        set_up_organisation(&*store, &config).await;
        let state = AppState::new(store, Arc::new(clock.clone()), config, secrets);
        Self { state, clock }
    }

    /// An app whose organisation has not filled in its profile yet.
    pub async fn without_profile() -> Self {
        let t = Self::new().await;
        t.store()
            .save_organisation(&lotse_shared::api::OrganisationProfile::default(), T0)
            .await
            .unwrap();
        t
    }

    pub fn store(&self) -> &dyn Store {
        &*self.state.store
    }

    /// Rows of a raw query (test-only SQL, never from input).
    pub async fn rows(&self, sql: &str, params: &[&str]) -> Vec<Vec<Cell>> {
        self.store().raw_rows(sql, params).await.unwrap()
    }

    /// The single integer a raw query returns.
    pub async fn int(&self, sql: &str, params: &[&str]) -> i64 {
        self.rows(sql, params).await[0][0].int().unwrap()
    }

    /// The first column of every row, as text (`None` for NULL).
    pub async fn texts(&self, sql: &str, params: &[&str]) -> Vec<Option<String>> {
        self.rows(sql, params)
            .await
            .into_iter()
            .map(|r| r[0].text().map(str::to_owned))
            .collect()
    }

    /// Runs a raw statement; rows changed.
    pub async fn exec(&self, sql: &str, params: &[&str]) -> u64 {
        self.store().raw_execute(sql, params).await.unwrap()
    }

    /// Sends a request the way Lotse's own pages do (with the CSRF header).
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        if method != "GET" {
            builder = builder.header(lotse_shared::api::CSRF_HEADER, "1");
        }
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        let request = match body {
            Some(body) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
            None => builder.body(Body::empty()).unwrap(),
        };
        self.raw(request).await
    }

    pub async fn raw(&self, request: Request<Body>) -> Reply {
        let response: Response<Body> = app(self.state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
        }
    }

    /// A programme and a participant with every instrument released; returns
    /// (participant id, access code).
    pub async fn participant(&self) -> (String, String) {
        let programme = match self.store().programme_by_name("Test").await.unwrap() {
            Some(p) => p,
            None => self
                .store()
                .create_programme("Test", "2026-11-01", "2027-03-31", T0, None)
                .await
                .unwrap(),
        };
        let (code, id) =
            lotse_server::cli::add_participant(self.store(), &programme.id, "Pat", &self.clock)
                .await
                .unwrap();
        (id, code)
    }

    /// `POST /api/v1/session` with an access code, as the sign-in page sends it.
    pub async fn sign_in_code(&self, code: impl AsRef<str>, cookie: Option<&str>) -> Reply {
        let body = serde_json::json!({ "code": code.as_ref() });
        self.send("POST", "/api/v1/session", Some(body), cookie)
            .await
    }

    /// Signs a new participant in and accepts the privacy notice (without the
    /// optional consents); returns (participant id, cookie).
    pub async fn signed_in(&self) -> (String, String) {
        let (id, cookie) = self.signed_in_without_consent().await;
        self.accept_notice(&cookie, false, false).await;
        (id, cookie)
    }

    /// Accepts the current privacy notice for the signed-in participant.
    pub async fn accept_notice(
        &self,
        cookie: &str,
        agency_results: bool,
        job_matching: bool,
    ) -> Reply {
        let notice = self.send("GET", "/api/v1/notice?lang=en", None, None).await;
        let reply = self
            .send(
                "POST",
                "/api/v1/consent",
                Some(serde_json::json!({
                    "accept": true,
                    "notice_version": notice.body["version"],
                    "notice_hash": notice.body["hash"],
                    "agency_results": agency_results,
                    "job_matching": job_matching,
                })),
                Some(cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply
    }

    /// Declines the current privacy notice for the signed-in participant (which
    /// also signs them out).
    pub async fn decline_notice(&self, cookie: &str) -> Reply {
        let notice = self.send("GET", "/api/v1/notice?lang=en", None, None).await;
        let reply = self
            .send(
                "POST",
                "/api/v1/consent",
                Some(serde_json::json!({
                    "accept": false,
                    "notice_version": notice.body["version"],
                    "notice_hash": notice.body["hash"],
                })),
                Some(cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{:?}", reply.body);
        reply
    }

    /// Signs a new participant in without answering the privacy notice;
    /// returns (participant id, cookie).
    pub async fn signed_in_without_consent(&self) -> (String, String) {
        let (id, code) = self.participant().await;
        let reply = self
            .send(
                "POST",
                "/api/v1/session",
                Some(serde_json::json!({ "code": code })),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        (id, reply.cookie().unwrap())
    }

    /// Number of rows in a table (test-only, table names are literals).
    pub async fn count(&self, table: &str) -> i64 {
        self.int(&format!("SELECT COUNT(*) FROM {table}"), &[])
            .await
    }
}

/// A staff account made directly in the store (the sign-in tests go through
/// the API; the matrix needs many sessions cheaply).
pub struct Staff {
    pub id: String,
    pub username: String,
    pub secret: String,
    pub cookie: String,
}

/// The password every test account has.
pub const STAFF_PASSWORD: &str = "blue tractor in the rain";

impl TestApp {
    /// Creates a staff account with [`STAFF_PASSWORD`] (hash computed once per
    /// test run) and a signed-in, fully authenticated session.
    pub async fn staff(&self, username: &str, role: lotse_shared::api::StaffRole) -> Staff {
        static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
        let hash = HASH
            .get_or_init(|| async {
                lotse_server::auth::password::hash(STAFF_PASSWORD)
                    .await
                    .unwrap()
            })
            .await;
        let secret = lotse_server::auth::totp::new_secret().unwrap();
        let sealed = self.state.secrets.seal(&secret, username).unwrap();
        let id = self
            .store()
            .create_staff(
                NewStaffRow {
                    username,
                    display_name: username,
                    role,
                    password_hash: hash,
                    totp_secret: &sealed,
                },
                T0,
                None,
            )
            .await
            .unwrap();
        let (token, token_hash) = lotse_server::auth::new_session_token().unwrap();
        self.store()
            .create_staff_session(&token_hash, &id, SessionStage::Full, self.clock_now())
            .await
            .unwrap();
        Staff {
            id,
            username: username.to_owned(),
            secret,
            cookie: format!("lotse_session={token}"),
        }
    }

    pub fn clock_now(&self) -> i64 {
        use lotse_server::clock::Clock as _;
        self.clock.unix()
    }

    /// Test-only: sets a participant's counsellor without going through the API.
    pub async fn assign(&self, participant: &str, counsellor: &str) {
        self.exec(
            "UPDATE participants SET counsellor_id = $1 WHERE id = $2",
            &[counsellor, participant],
        )
        .await;
    }
}
