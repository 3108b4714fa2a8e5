//! The request log: path without query string, time, size, status,
//! user agent and the client IP, which the retention job removes after 7 days.
//!
//! The middleware only hands a line to a channel; one writer task stores lines
//! in batches, at most about once a second under load, so logging never waits
//! for the database and seldom competes with uploads for SQLite's one writer.
//! The same task stores deferred session touches (see `auth::touch`), the only
//! other write an ordinary request would make. The IP is taken from
//! the socket; `X-Forwarded-For` counts only from a proxy listed in
//! `--trusted-proxy`. IPs go to this table and nowhere else (not to tracing).

use std::net::SocketAddr;

use axum::body::HttpBody as _;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::{mpsc, oneshot};

use crate::AppState;
use crate::db::{Db, RequestLogEntry};

/// Lines waiting for the writer; when the database falls this far behind,
/// further lines are dropped rather than slowing requests down.
const QUEUE: usize = 4096;
/// Lines written per transaction at most.
const BATCH: usize = 256;
/// How long the writer gathers lines before it writes them.
const GATHER: std::time::Duration = std::time::Duration::from_secs(1);
const MAX_PATH: usize = 512;
const MAX_USER_AGENT: usize = 256;

enum Message {
    Line(RequestLogEntry),
    /// A session was used at this time (its token hash, unix seconds).
    Touch(String, i64),
    Flush(oneshot::Sender<()>),
}

/// A handle to the writer task; cheap to clone.
#[derive(Debug, Clone)]
pub struct RequestLog {
    tx: Option<mpsc::Sender<Message>>,
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Message")
    }
}

impl RequestLog {
    /// Starts the writer task on the current Tokio runtime; without a runtime
    /// (e.g. CLI tasks) nothing is logged.
    pub fn start(store: Db) -> Self {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return Self { tx: None };
        };
        let (tx, rx) = mpsc::channel(QUEUE);
        runtime.spawn(writer(store, rx));
        Self { tx: Some(tx) }
    }

    fn record(&self, line: RequestLogEntry) {
        if let Some(tx) = &self.tx
            && tx.try_send(Message::Line(line)).is_err()
        {
            tracing::warn!("request log queue is full; a line was dropped");
        }
    }

    /// Queues a session's `last_seen_at`; `false` when it could not be queued
    /// (no writer, or the queue is full), so the caller writes it itself.
    pub fn touch(&self, token_hash: &str, at: i64) -> bool {
        self.tx.as_ref().is_some_and(|tx| {
            tx.try_send(Message::Touch(token_hash.to_owned(), at))
                .is_ok()
        })
    }

    /// Waits until every line recorded so far is stored (tests, shutdown).
    pub async fn flush(&self) {
        let Some(tx) = &self.tx else { return };
        let (done, wait) = oneshot::channel();
        if tx.send(Message::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

async fn writer(store: Db, mut rx: mpsc::Receiver<Message>) {
    while let Some(first) = rx.recv().await {
        let mut lines = Vec::new();
        let mut touches: Vec<(String, i64)> = Vec::new();
        let mut flushes = Vec::new();
        let deadline = tokio::time::Instant::now() + GATHER;
        let mut next = Some(first);
        while let Some(message) = next {
            match message {
                Message::Line(line) => lines.push(line),
                Message::Touch(hash, at) => touches.push((hash, at)),
                Message::Flush(done) => flushes.push(done),
            }
            next = if lines.len() + touches.len() < BATCH && flushes.is_empty() {
                tokio::time::timeout_at(deadline, rx.recv())
                    .await
                    .ok()
                    .flatten()
            } else {
                None
            };
        }
        if !lines.is_empty()
            && let Err(error) = store.insert_request_log(&lines).await
        {
            tracing::error!(?error, lines = lines.len(), "request log write failed");
        }
        if !touches.is_empty()
            && let Err(error) = store.touch_sessions(&touches).await
        {
            tracing::error!(?error, "deferred session touches failed");
        }
        for done in flushes {
            let _ = done.send(());
        }
    }
}

/// The path with every record id replaced by `{id}`: staff URLs name the
/// participant (`/api/v1/staff/participants/<id>/…`), and the log must not keep
/// a link to a person after their data is erased.
fn without_ids(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if uuid::Uuid::try_parse(segment).is_ok() {
                "{id}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn truncate(value: &str, max: usize) -> String {
    let mut end = value.len().min(max);
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    value[..end].to_owned()
}

/// The client address, decided by the same rule as the sign-in rate limits
/// (`ratelimit::client_ip`): the socket peer, or behind a trusted proxy the
/// address that proxy saw. A malformed forwarded header falls back to the peer;
/// a request without a socket address (tests through `oneshot`) has none.
fn client_ip(request: &Request, trusted: &[std::net::IpAddr]) -> Option<String> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let forwarded = request
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    crate::auth::ratelimit::client_ip(peer, forwarded, trusted)
        .unwrap_or(peer)
        .map(|ip| ip.to_string())
}

/// Records one line per request, after the response is made.
pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let ip = client_ip(&request, &state.config.trusted_proxies);
    let method = request.method().as_str().to_owned();
    // The path only: a query string could carry anything.
    let path = truncate(&without_ids(request.uri().path()), MAX_PATH);
    let user_agent = request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| truncate(v, MAX_USER_AGENT));
    let response = next.run(request).await;
    state.request_log.record(RequestLogEntry {
        at: state.clock.unix(),
        method,
        path,
        status: response.status().as_u16(),
        size: response.body().size_hint().exact(),
        user_agent,
        ip,
    });
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn request(xff: Option<&str>, peer: Option<&str>) -> Request {
        let mut builder = axum::http::Request::builder().uri("/x");
        if let Some(v) = xff {
            builder = builder.header("x-forwarded-for", v);
        }
        let mut r = builder.body(Body::empty()).unwrap();
        if let Some(p) = peer {
            r.extensions_mut()
                .insert(ConnectInfo(p.parse::<SocketAddr>().unwrap()));
        }
        r
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let r = request(Some("203.0.113.9, 198.51.100.7"), Some("10.0.0.1:5000"));
        let proxy: [std::net::IpAddr; 1] = ["10.0.0.1".parse().unwrap()];
        assert_eq!(client_ip(&r, &[]).as_deref(), Some("10.0.0.1"));
        assert_eq!(client_ip(&r, &proxy).as_deref(), Some("198.51.100.7"));
        assert_eq!(client_ip(&request(None, None), &[]), None);
        let bogus = request(Some("not-an-ip"), Some("10.0.0.1:5000"));
        assert_eq!(client_ip(&bogus, &proxy).as_deref(), Some("10.0.0.1"));
    }

    #[test]
    fn record_ids_never_reach_the_log() {
        let id = "0199b2f4-1c2d-7a3b-8c4d-5e6f7a8b9c0d";
        assert_eq!(
            without_ids(&format!("/api/v1/staff/participants/{id}/results")),
            "/api/v1/staff/participants/{id}/results"
        );
        assert_eq!(without_ids("/results/soft-skills"), "/results/soft-skills");
    }

    #[test]
    fn truncates_on_character_boundaries() {
        assert_eq!(truncate("äöü", 3), "ä");
        assert_eq!(truncate("abc", 10), "abc");
    }
}
