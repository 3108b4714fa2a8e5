//! Secrets at rest: TOTP seeds are stored sealed with XChaCha20-Poly1305 under a
//! key that is not in the database (ASVS 13.3.1, 11.3.2), so a copy of the
//! database alone does not let anyone produce staff sign-in codes.
//!
//! The key is 32 random bytes, hex-encoded, in the file `LOTSE_SECRET_KEY_FILE`
//! (default `<data-dir>/secret.key`, created on first start, mode 0600). Keep it
//! out of database backups. Every instance sharing a database needs the same key.
//! Each value is bound to its context (the user name), so sealed values cannot
//! be swapped between rows.

use std::path::Path;

use anyhow::Context as _;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead as _, KeyInit as _, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::auth::RandomError;

/// Prefix of the stored form, so the format can change later.
const VERSION: &str = "v1.";

/// Why a secret could not be sealed or opened.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("no nonce")]
    Random(#[from] RandomError),
    #[error("sealing failed")]
    Seal,
    /// A wrong key or context, or a changed value.
    #[error("a sealed secret does not open")]
    Open,
}

/// The sealing key, loaded once.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox([REDACTED])")
    }
}

impl SecretBox {
    /// Private: a box comes only from fresh randomness or the key file, and
    /// both fail rather than fall back to a fixed key.
    fn from_key(key: &[u8; 32]) -> Self {
        Self {
            cipher: XChaCha20Poly1305::new(key.into()),
        }
    }

    /// A random key that lives as long as the process (tests, in-memory databases).
    pub fn ephemeral() -> Result<Self, RandomError> {
        Ok(Self::from_key(&crate::auth::random_bytes::<32>()?))
    }

    /// Reads the key file, creating it with a fresh key if it does not exist.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Self> {
        if !path.exists() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let key = crate::auth::random_bytes::<32>()?;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(path) {
                Ok(mut file) => {
                    std::io::Write::write_all(&mut file, hex::encode(key).as_bytes())
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
                // Another process created it first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot create {}", path.display()));
                }
            }
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the secret key {}", path.display()))?;
        let bytes = hex::decode(text.trim())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .with_context(|| format!("{} must hold 64 hex digits", path.display()))?;
        Ok(Self::from_key(&bytes))
    }

    /// Seals `plaintext`, bound to `context`.
    pub fn seal(&self, plaintext: &str, context: &str) -> Result<String, SealError> {
        let nonce_bytes = crate::auth::random_bytes::<24>()?;
        let nonce = XNonce::from(nonce_bytes);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| SealError::Seal)?;
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!(
            "{VERSION}{}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(out)
        ))
    }

    /// Opens a value sealed for `context`; fails on a wrong key, context or any change.
    pub fn open(&self, sealed: &str, context: &str) -> Result<String, SealError> {
        let fail = || SealError::Open;
        let raw = sealed
            .strip_prefix(VERSION)
            .and_then(|b| {
                base64::engine::general_purpose::STANDARD_NO_PAD
                    .decode(b)
                    .ok()
            })
            .filter(|raw| raw.len() > 24)
            .ok_or_else(fail)?;
        let (nonce, body) = raw.split_at(24);
        let nonce = XNonce::try_from(nonce).map_err(|_| fail())?;
        let plain = self
            .cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: body,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| fail())?;
        String::from_utf8(plain).map_err(|_| fail())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_open_only_with_key_and_context() {
        let a = SecretBox::ephemeral().unwrap();
        let sealed = a.seal("JBSWY3DPEHPK3PXP", "anna").unwrap();
        assert!(sealed.starts_with("v1."));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(a.open(&sealed, "anna").unwrap(), "JBSWY3DPEHPK3PXP");
        // Fresh nonce each time.
        assert_ne!(sealed, a.seal("JBSWY3DPEHPK3PXP", "anna").unwrap());
        // Another row's context, another key, or a flipped byte: refused.
        assert!(a.open(&sealed, "ben").is_err());
        assert!(
            SecretBox::ephemeral()
                .unwrap()
                .open(&sealed, "anna")
                .is_err()
        );
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(a.open(&tampered, "anna").is_err());
        assert!(a.open("JBSWY3DPEHPK3PXP", "anna").is_err());
        assert!(format!("{a:?}").contains("REDACTED"));
    }

    #[test]
    fn the_key_file_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys").join("secret.key");
        let first = SecretBox::load_or_create(&path).unwrap();
        let sealed = first.seal("seed", "ctx").unwrap();
        let again = SecretBox::load_or_create(&path).unwrap();
        assert_eq!(again.open(&sealed, "ctx").unwrap(), "seed");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "not hex").unwrap();
        assert!(SecretBox::load_or_create(&path).is_err());
    }
}
