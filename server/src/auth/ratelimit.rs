//! Rate limits for every sign-in path (ASVS 2.4.1, 6.1.1): a generic cell rate
//! algorithm per key. A rule allows a burst of `burst` attempts, then one every
//! `interval` seconds. Time comes from the injected clock, so tests move it
//! instead of sleeping. Keys are the client IP (from the socket, never from a
//! spoofable header) and the account; without a socket address (tests, some
//! proxies) every request shares one bucket.
//!
//! The state is in memory, per server instance: several instances multiply the
//! allowance by their number, which still bounds guessing.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::http::error::AppError;

/// A limit: `burst` attempts at once, then one per `interval` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub burst: i64,
    pub interval: i64,
}

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

/// Entries beyond this trigger pruning of the ones that are back to full.
const PRUNE_AT: usize = 10_000;

#[derive(Debug, Default)]
pub struct RateLimiter {
    /// Per key: the theoretical arrival time of the next attempt (unix seconds).
    cells: Mutex<HashMap<String, i64>>,
}

impl RateLimiter {
    /// Counts one attempt for `key`; refuses with the seconds to wait.
    pub fn check(&self, key: &str, rule: Rule, now: i64) -> Result<(), AppError> {
        let mut cells = self
            .cells
            .lock()
            .map_err(|_| AppError::Internal(anyhow::anyhow!("rate limiter poisoned")))?;
        if cells.len() > PRUNE_AT {
            cells.retain(|_, tat| *tat > now);
        }
        let tat = cells.get(key).copied().unwrap_or(now).max(now);
        let next = tat + rule.interval;
        let allowed_until = now + rule.burst * rule.interval;
        if next > allowed_until {
            let wait = next - allowed_until;
            // The kind of limit only: keys hold addresses and user names.
            let kind = key.split(':').take(2).collect::<Vec<_>>().join(":");
            tracing::warn!(limit = %kind, wait, "sign-in rate limit reached");
            return Err(AppError::RateLimited {
                retry_after_secs: u64::try_from(wait).unwrap_or(1).max(1),
            });
        }
        cells.insert(key.to_owned(), next);
        Ok(())
    }

    /// Gives back one attempt counted by [`check`](Self::check), after it
    /// succeeded: only failures use up the allowance, so an office full of
    /// participants behind one address can all sign in. Counting first and
    /// refunding after means parallel guesses cannot slip past the limit.
    pub fn refund(&self, key: &str, rule: Rule, now: i64) {
        if let Ok(mut cells) = self.cells.lock()
            && let Some(tat) = cells.get_mut(key)
        {
            *tat = (*tat - rule.interval).max(now);
        }
    }

    /// Forgets `key` (after a successful sign-in).
    pub fn reset(&self, key: &str) {
        if let Ok(mut cells) = self.cells.lock() {
            cells.remove(key);
        }
    }
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

    fn retry(result: Result<(), AppError>) -> Option<u64> {
        match result {
            Ok(()) => None,
            Err(AppError::RateLimited { retry_after_secs }) => Some(retry_after_secs),
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

    #[test]
    fn burst_then_one_per_interval() {
        let limiter = RateLimiter::default();
        let t = 1_000;
        for _ in 0..3 {
            assert_eq!(retry(limiter.check("k", RULE, t)), None);
        }
        assert_eq!(retry(limiter.check("k", RULE, t)), Some(10));
        // Refused attempts do not push the window further.
        assert_eq!(retry(limiter.check("k", RULE, t + 5)), Some(5));
        assert_eq!(retry(limiter.check("k", RULE, t + 10)), None);
        assert_eq!(retry(limiter.check("k", RULE, t + 10)), Some(10));
        // Other keys are independent; reset forgets.
        assert_eq!(retry(limiter.check("other", RULE, t + 10)), None);
        limiter.reset("k");
        assert_eq!(retry(limiter.check("k", RULE, t + 10)), None);
        // Refunded attempts (successes) do not count.
        limiter.reset("k");
        for _ in 0..10 {
            assert_eq!(retry(limiter.check("k", RULE, t + 10)), None);
            limiter.refund("k", RULE, t + 10);
        }
        // After a long pause the full burst is back.
        for _ in 0..2 {
            assert_eq!(retry(limiter.check("k", RULE, t + 1_000)), None);
        }
    }
}
