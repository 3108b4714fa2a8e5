//! Rate limits for every sign-in path (ASVS 2.4.1, 6.1.1): a generic cell rate
//! algorithm per key. A rule allows a burst of `burst` attempts, then one every
//! `interval` seconds. Time comes from the injected clock, so tests move it
//! instead of sleeping. Keys are the client IP (from the socket, never from a
//! spoofable header) and the account; without a socket address (tests, some
//! proxies) every request shares one bucket.
//!
//! The cells are kept in the database ([`Lifecycle::rate_limit_hit`] is one
//! atomic statement), so every instance serving the same database counts
//! against the same allowance. A cell holds an address or a user name; the
//! hourly retention job deletes the ones that are back to full.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

pub use crate::db::Rule;
use crate::db::{DbError, Lifecycle};
use crate::http::error::AppError;

/// Participant access codes per client address: 10, then one per 30 s.
pub const PARTICIPANT_PER_CLIENT: Rule = Rule {
    burst: 10,
    interval: 30,
};
/// Staff sign-in steps per client address: 10, then one per minute.
pub const STAFF_PER_CLIENT: Rule = Rule {
    burst: 10,
    interval: 60,
};
/// Password attempts per account: 5, then one per 5 minutes.
pub const STAFF_PER_ACCOUNT: Rule = Rule {
    burst: 5,
    interval: 300,
};
/// TOTP attempts per account: 5, then one per 5 minutes (a 6-digit code must
/// not be guessable within its lifetime).
pub const TOTP_PER_ACCOUNT: Rule = Rule {
    burst: 5,
    interval: 300,
};

/// Why an attempt was not let through.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    /// The allowance is used up; the caller may try again after this wait.
    #[error("sign-in rate limit reached")]
    Reached { retry_after_secs: u64 },
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Counts one attempt for `key` at `now`; refuses with the seconds to wait
/// once the allowance is used up (a refused attempt is not counted).
pub async fn check(
    store: &dyn Lifecycle,
    key: &str,
    rule: Rule,
    now: i64,
) -> Result<(), LimitError> {
    let Some(wait) = store.rate_limit_hit(key, rule, now).await? else {
        return Ok(());
    };
    // The kind of limit only: keys hold addresses and user names.
    let kind = key.split(':').take(2).collect::<Vec<_>>().join(":");
    tracing::warn!(limit = %kind, wait, "sign-in rate limit reached");
    Err(LimitError::Reached {
        retry_after_secs: u64::try_from(wait).unwrap_or(1).max(1),
    })
}

/// Gives back one attempt counted by [`check`], after it succeeded: only
/// failures use up the allowance, so an office full of participants behind
/// one address can all sign in. Counting first and refunding after means
/// parallel guesses cannot slip past the limit.
pub async fn refund(store: &dyn Lifecycle, key: &str, rule: Rule, now: i64) -> Result<(), DbError> {
    store.rate_limit_refund(key, rule, now).await
}

/// Forgets `key` (after a successful sign-in): its cell is deleted.
pub async fn reset(store: &dyn Lifecycle, key: &str) -> Result<(), DbError> {
    store.rate_limit_reset(key).await
}

/// The client's address as seen on the socket, if known.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    /// The rate-limit key for this client on one sign-in path.
    pub fn key(self, path: &str) -> String {
        match self.0 {
            Some(ip) => format!("{path}:ip:{ip}"),
            None => format!("{path}:ip:unknown"),
        }
    }
}

/// A trusted proxy sent an `X-Forwarded-For` that does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("malformed X-Forwarded-For")]
pub struct MalformedForwardedFor;

/// The client's address: the socket peer, or, when the peer is a trusted
/// proxy, the right-most address in `X-Forwarded-For` that is not a trusted
/// proxy (the left part of the header is whatever the client claimed). `Err`
/// when a trusted proxy sent a malformed header (ASVS 4.1.3).
pub fn client_ip(
    peer: Option<IpAddr>,
    forwarded_for: Option<&str>,
    trusted: &[IpAddr],
) -> Result<Option<IpAddr>, MalformedForwardedFor> {
    let Some(peer) = peer else { return Ok(None) };
    if !trusted.contains(&peer) {
        return Ok(Some(peer));
    }
    let Some(header) = forwarded_for else {
        return Ok(Some(peer));
    };
    let mut hops = Vec::new();
    for part in header.split(',') {
        hops.push(
            part.trim()
                .parse::<IpAddr>()
                .map_err(|_| MalformedForwardedFor)?,
        );
    }
    Ok(Some(
        hops.into_iter()
            .rev()
            .find(|ip| !trusted.contains(ip))
            .unwrap_or(peer),
    ))
}

impl FromRequestParts<crate::AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let header = parts
            .headers
            .get("x-forwarded-for")
            .map(|v| v.to_str().unwrap_or("\u{0}"));
        client_ip(peer, header, &state.config.trusted_proxies)
            .map(Self)
            .map_err(|e| AppError::InvalidBody(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        burst: 3,
        interval: 10,
    };

    fn retry(result: Result<(), LimitError>) -> Option<u64> {
        match result {
            Ok(()) => None,
            Err(LimitError::Reached { retry_after_secs }) => Some(retry_after_secs),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let stranger: IpAddr = "198.51.100.9".parse().unwrap();
        let trusted = [proxy];
        // No proxy configured or an untrusted peer: the header is ignored.
        assert_eq!(
            client_ip(Some(stranger), Some("1.2.3.4"), &[]),
            Ok(Some(stranger))
        );
        assert_eq!(
            client_ip(Some(stranger), Some("1.2.3.4"), &trusted),
            Ok(Some(stranger))
        );
        // Through the proxy: the address the proxy saw (right-most), not what
        // the client wrote on the left.
        assert_eq!(
            client_ip(Some(proxy), Some("203.0.113.7"), &trusted),
            Ok(Some(client))
        );
        assert_eq!(
            client_ip(Some(proxy), Some("1.2.3.4, 203.0.113.7"), &trusted),
            Ok(Some(client))
        );
        assert_eq!(
            client_ip(Some(proxy), Some("203.0.113.7, 10.0.0.1"), &trusted),
            Ok(Some(client))
        );
        assert_eq!(client_ip(Some(proxy), None, &trusted), Ok(Some(proxy)));
        // A malformed header from a trusted proxy is an error, not a bypass.
        assert_eq!(
            client_ip(Some(proxy), Some("203.0.113.7, nonsense"), &trusted),
            Err(MalformedForwardedFor)
        );
        assert_eq!(client_ip(None, Some("1.2.3.4"), &trusted), Ok(None));
    }

    /// A store of its own: in-memory SQLite, or a fresh PostgreSQL schema when
    /// `LOTSE_TEST_DATABASE_URL` is set.
    async fn store() -> crate::db::Db {
        crate::db::connect_for_tests().await.unwrap()
    }

    async fn hit(store: &dyn Lifecycle, key: &str, now: i64) -> Option<u64> {
        retry(check(store, key, RULE, now).await)
    }

    #[tokio::test]
    async fn burst_then_one_per_interval() {
        let db = store().await;
        let store = &*db;
        let t = 1_000;
        // The burst passes, the next attempt waits one interval.
        for _ in 0..3 {
            assert_eq!(hit(store, "k", t).await, None);
        }
        assert_eq!(hit(store, "k", t).await, Some(10));
        // Refused attempts do not push the window further: the wait shrinks
        // with time and ends exactly one interval after the burst.
        assert_eq!(hit(store, "k", t + 5).await, Some(5));
        assert_eq!(hit(store, "k", t + 9).await, Some(1));
        assert_eq!(hit(store, "k", t + 10).await, None);
        // One interval buys exactly one more attempt.
        assert_eq!(hit(store, "k", t + 10).await, Some(10));
        assert_eq!(hit(store, "k", t + 19).await, Some(1));
        assert_eq!(hit(store, "k", t + 20).await, None);
        // Other keys are independent.
        assert_eq!(hit(store, "other", t + 20).await, None);
        // After burst × interval of quiet the whole burst is back, and not more.
        let later = t + 20 + 3 * 10;
        for _ in 0..3 {
            assert_eq!(hit(store, "k", later).await, None);
        }
        assert_eq!(hit(store, "k", later).await, Some(10));
    }

    #[tokio::test]
    async fn refunded_attempts_do_not_count_and_reset_forgets() {
        let db = store().await;
        let store = &*db;
        let t = 1_000;
        // Successes give their attempt back: any number of them pass.
        for _ in 0..10 {
            assert_eq!(hit(store, "k", t).await, None);
            refund(store, "k", RULE, t).await.unwrap();
        }
        // And they leave the full burst for failures.
        for _ in 0..3 {
            assert_eq!(hit(store, "k", t).await, None);
        }
        assert_eq!(hit(store, "k", t).await, Some(10));
        // A refund gives back exactly one attempt.
        refund(store, "k", RULE, t).await.unwrap();
        assert_eq!(hit(store, "k", t).await, None);
        assert_eq!(hit(store, "k", t).await, Some(10));
        // A refund never saves up more than the burst.
        for _ in 0..10 {
            refund(store, "k", RULE, t).await.unwrap();
        }
        for _ in 0..3 {
            assert_eq!(hit(store, "k", t).await, None);
        }
        assert_eq!(hit(store, "k", t).await, Some(10));
        // Reset deletes the cell: the full burst is back at once.
        reset(store, "k").await.unwrap();
        for _ in 0..3 {
            assert_eq!(hit(store, "k", t).await, None);
        }
        assert_eq!(hit(store, "k", t).await, Some(10));
        // Refunding or resetting an unknown key is harmless.
        refund(store, "nobody", RULE, t).await.unwrap();
        reset(store, "nobody").await.unwrap();
        assert_eq!(hit(store, "nobody", t).await, None);
    }

    #[tokio::test]
    async fn concurrent_attempts_never_overspend() {
        let db = store().await;
        let t = 1_000;
        let attempts = (0..12).map(|_| {
            let db = db.clone();
            tokio::spawn(async move { hit(&*db, "k", t).await })
        });
        let mut passed = 0;
        for attempt in attempts.collect::<Vec<_>>() {
            if attempt.await.unwrap().is_none() {
                passed += 1;
            }
        }
        assert_eq!(passed, RULE.burst);
    }

    #[tokio::test]
    async fn cells_back_to_full_are_pruned() {
        let db = store().await;
        let store = &*db;
        let t = 1_000;
        assert_eq!(hit(store, "a", t).await, None);
        assert_eq!(hit(store, "b", t).await, None);
        assert_eq!(hit(store, "b", t).await, None);
        // At t + 10, a is back to full, b still owes one interval.
        assert_eq!(store.prune_rate_limits(t + 10).await.unwrap(), 1);
        assert_eq!(store.prune_rate_limits(t + 20).await.unwrap(), 1);
        assert_eq!(store.prune_rate_limits(t + 20).await.unwrap(), 0);
    }
}
