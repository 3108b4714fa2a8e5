//! Lotse's server. The folders are its layers, outside in:
//! `http/` (errors, headers, CSRF, assets, request log), `api/` (handlers, one
//! module per resource), `auth/` (sessions, access codes, staff sign-in,
//! passwords, TOTP, sealing, rate limits, the authorization table), `domain/`
//! (consent and rights, the agency report, retention, the notice, breaches)
//! and `db/` (the storage seam and one implementation per database).

pub mod api;
pub mod auth;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod http;

use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Request;
use tower_http::trace::TraceLayer;

use crate::auth::seal;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::domain::{retention, rights};
use crate::http::{assets, request_log, security};

/// Largest request body the API accepts. An aggregate is well under 2 KiB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Db,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<Config>,
    /// The Content-Security-Policy, computed once from the embedded client.
    pub csp: Arc<str>,
    /// Where the request-log middleware sends its lines.
    pub request_log: request_log::RequestLog,
    /// The key that seals TOTP seeds at rest (see `seal.rs`).
    pub secrets: Arc<seal::SecretBox>,
}

impl AppState {
    /// `secrets` is the sealing key: `serve` passes the key file's, tests and
    /// in-memory databases a fresh `SecretBox::ephemeral()?`. There is no
    /// default, so a failing random generator cannot leave seeds sealed under a
    /// fixed key.
    pub fn new(store: Db, clock: Arc<dyn Clock>, config: Config, secrets: seal::SecretBox) -> Self {
        let pages = assets::app_pages().join("\n");
        let csp = security::content_security_policy((!pages.is_empty()).then_some(pages.as_str()));
        let request_log = request_log::RequestLog::start(store.clone());
        Self {
            store,
            clock,
            config: Arc::new(config),
            csp: csp.into(),
            request_log,
            secrets: Arc::new(secrets),
        }
    }
}

/// The whole HTTP application; tests drive it with `tower::ServiceExt::oneshot`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest("/api/v1", api::router())
        .route("/", axum::routing::get(http::pages::sign_in::page))
        .route("/sign-in", axum::routing::post(http::pages::sign_in::submit))
        .route("/privacy", axum::routing::get(http::pages::privacy::page))
        .route(
            "/questionnaire/{id}",
            axum::routing::get(http::pages::questionnaire::page),
        )
        .fallback(assets::serve)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rights::consent_gate,
        ))
        .layer(axum::middleware::from_fn(security::csrf))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(
            // Method and path only: query strings and bodies are never logged.
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
            }),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            request_log::middleware,
        ))
        .with_state(state)
}

/// Runs the server until Ctrl-C or SIGTERM, finishing requests in flight.
pub async fn serve(config: Config, store: Db, secrets: seal::SecretBox) -> anyhow::Result<()> {
    let addr = config.addr();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    if !assets::client_built() {
        tracing::warn!("the client is not embedded; only the API is served");
    }
    let clock: Arc<dyn clock::Clock> = Arc::new(clock::SystemClock);
    let retention = retention::spawn_scheduler(
        store.clone(),
        clock.clone(),
        retention::Policy::from_config(&config),
    );
    let state = AppState::new(store, clock, config, secrets);
    let request_log = state.request_log.clone();
    println!("Lotse is running at http://{local}/");
    // With connect info: the socket address feeds the sign-in rate limits and the
    // request log (a forwarded header only from a trusted proxy).
    let served = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("server error");
    retention.abort();
    request_log.flush().await;
    served
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    // axum stops accepting connections now and waits for requests in flight.
    tracing::info!("shutting down");
}
