//! Staff passwords: Argon2id with the OWASP parameters (m = 19 MiB, t = 2, p = 1),
//! and the policy of NIST SP 800-63B / ASVS 6.2: at least 12 characters, up to 128,
//! no composition rules, refused when common or built from context words.
//!
//! Hashing is CPU- and memory-heavy on purpose, so it runs on the blocking pool
//! behind a semaphore: a burst of sign-ins cannot exhaust memory (ASVS 15.2.2).

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::auth::RandomError;

/// Shortest password accepted.
pub const MIN_LEN: usize = 12;
/// Longest password accepted (characters); longer input is refused, not cut.
pub const MAX_LEN: usize = 128;
/// Argon2 runs at most this many at a time (each needs ~19 MiB).
const CONCURRENT_HASHES: usize = 4;

const BLOCKLIST: &str = include_str!("../../data/common-passwords.txt");

/// Why a password could not be hashed or checked (never the user's fault).
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("no salt")]
    Random(#[from] RandomError),
    #[error("argon2")]
    Argon2(#[source] argon2::password_hash::Error),
    #[error("the hashing pool is closed")]
    Closed(#[from] tokio::sync::AcquireError),
    #[error("the hashing task failed")]
    Task(#[from] tokio::task::JoinError),
}

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the password needs at least 12 characters")]
    TooShort,
    #[error("the password may have at most 128 characters")]
    TooLong,
    #[error("this password is too common; please choose another")]
    Common,
    #[error("the password must not contain the user name or the name of this service")]
    ContextWord,
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).unwrap_or(Params::DEFAULT);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Checks a new password against the policy.
pub fn check_policy(password: &str, username: &str) -> Result<(), PolicyError> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(PolicyError::TooShort);
    }
    if len > MAX_LEN {
        return Err(PolicyError::TooLong);
    }
    let lower = password.to_lowercase();
    let common = BLOCKLIST
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .any(|l| l.to_lowercase() == lower);
    let first = password.chars().next();
    if common || password.chars().all(|c| Some(c) == first) {
        return Err(PolicyError::Common);
    }
    let username = username.trim().to_lowercase();
    if (username.chars().count() >= 3 && lower.contains(&username)) || lower.contains("lotse") {
        return Err(PolicyError::ContextWord);
    }
    Ok(())
}

fn semaphore() -> &'static Semaphore {
    static S: OnceLock<Semaphore> = OnceLock::new();
    S.get_or_init(|| Semaphore::new(CONCURRENT_HASHES))
}

/// Hashes a password (a fresh 128-bit salt each time) into a PHC string.
pub async fn hash(password: &str) -> Result<String, PasswordError> {
    let salt = crate::auth::random_bytes::<16>()?;
    let password = password.to_owned();
    let _permit = semaphore().acquire().await?;
    tokio::task::spawn_blocking(move || {
        argon2()
            .hash_password_with_salt(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(PasswordError::Argon2)
    })
    .await?
}

/// Verifies a password. With `None` (unknown user) it verifies against a dummy
/// hash and fails, so unknown users cost the same time as wrong passwords.
pub async fn verify(password: &str, stored: Option<&str>) -> Result<bool, PasswordError> {
    let dummy = dummy_hash().await?;
    let (stored, real) = match stored {
        Some(s) => (s.to_owned(), true),
        None => (dummy, false),
    };
    let password = password.to_owned();
    let _permit = semaphore().acquire().await?;
    let ok = tokio::task::spawn_blocking(move || {
        argon2()
            .verify_password(password.as_bytes(), stored.as_str())
            .is_ok()
    })
    .await?;
    Ok(ok && real)
}

async fn dummy_hash() -> Result<String, PasswordError> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| async {
            let random = hex::encode(crate::auth::random_bytes::<16>()?);
            hash(&random).await
        })
        .await
        .cloned()
}

/// A random password for a new account, shown once (about 120 bits).
pub fn generate() -> Result<String, RandomError> {
    // Unambiguous characters, grouped for reading aloud.
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let bytes = crate::auth::random_bytes::<24>()?;
    let mut out = String::new();
    for (n, b) in bytes.iter().enumerate() {
        if n > 0 && n % 6 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_length_blocklist_and_context() {
        assert_eq!(check_policy("short", "ann"), Err(PolicyError::TooShort));
        assert_eq!(
            check_policy(&"x".repeat(129), "ann"),
            Err(PolicyError::TooLong)
        );
        assert_eq!(
            check_policy("Password1234", "ann"),
            Err(PolicyError::Common)
        );
        assert_eq!(
            check_policy("PASSWORDPASSWORD", "ann"),
            Err(PolicyError::Common)
        );
        assert_eq!(
            check_policy("zzzzzzzzzzzzzzz", "ann"),
            Err(PolicyError::Common)
        );
        assert_eq!(
            check_policy("my name is annika!", "annika"),
            Err(PolicyError::ContextWord)
        );
        assert_eq!(
            check_policy("lotse is great!", "ann"),
            Err(PolicyError::ContextWord)
        );
        // No composition rules: a long lowercase phrase is fine.
        assert_eq!(check_policy("blue tractor in the rain", "ann"), Ok(()));
    }

    #[test]
    fn blocklist_entries_all_meet_the_length() {
        // Shorter entries would be dead weight: the length rule refuses them already.
        for line in BLOCKLIST
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            assert!(line.chars().count() >= MIN_LEN, "{line}");
        }
    }

    #[tokio::test]
    async fn argon2id_with_owasp_parameters() {
        let h = hash("blue tractor in the rain").await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("blue tractor in the rain", Some(&h)).await.unwrap());
        assert!(!verify("blue tractor in the snow", Some(&h)).await.unwrap());
        assert!(!verify("blue tractor in the rain", None).await.unwrap());
        // Salted: the same password hashes differently.
        assert_ne!(h, hash("blue tractor in the rain").await.unwrap());
    }

    #[test]
    fn generated_passwords_pass_the_policy() {
        let p = generate().unwrap();
        assert_eq!(p.len(), 27);
        assert_eq!(check_policy(&p, "someone"), Ok(()));
    }
}
