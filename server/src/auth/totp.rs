//! The second factor for staff: TOTP (RFC 6238) with SHA-1, 6 digits, 30-second
//! steps and one step of tolerance either way. The seed has 160 bits from the
//! operating system's CSPRNG (ASVS 6.5.3). A code works once: the caller stores
//! the accepted step and refuses any step at or before it (ASVS 6.5.1).

use std::fmt::Write as _;

use base64::Engine as _;
use totp_rs::{Algorithm, Builder, Secret, Totp};

use crate::auth::RandomError;

/// Seconds per step.
pub const STEP: u64 = 30;
/// Issuer shown in authenticator apps.
const ISSUER: &str = "Lotse";

/// Why a TOTP code or a QR code could not be made (never the user's fault: a
/// wrong code is `Ok(None)` from [`check`]).
#[derive(Debug, thiserror::Error)]
pub enum TotpError {
    #[error("stored TOTP seed is not base32")]
    Seed(#[source] totp_rs::SecretParseError),
    #[error("TOTP")]
    Build(#[source] totp_rs::TotpError),
    #[error("QR")]
    Qr(#[source] qrcode::types::QrError),
}

/// A fresh 160-bit seed, base32-encoded for storage and manual entry.
pub fn new_secret() -> Result<String, RandomError> {
    Ok(Secret::from(crate::auth::random_bytes::<20>()?).to_base32())
}

fn totp(secret_b32: &str) -> Result<Totp, TotpError> {
    let secret = Secret::try_from_base32(secret_b32).map_err(TotpError::Seed)?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP)
        .with_secret(secret)
        .build()
        .map_err(TotpError::Build)
}

/// The step a valid `code` belongs to at time `now` (±1 step), if any.
/// Callers must still refuse steps that were already used.
pub fn check(secret_b32: &str, code: &str, now: i64) -> Result<Option<u64>, TotpError> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let now = u64::try_from(now).unwrap_or(0);
    Ok(totp(secret_b32)?.check(code, now))
}

/// The code for time `now` (for the demo and tests).
pub fn generate(secret_b32: &str, now: i64) -> Result<String, TotpError> {
    Ok(totp(secret_b32)?
        .generate(u64::try_from(now).unwrap_or(0))
        .to_string())
}

/// The `otpauth://` URI authenticator apps read from the QR code.
pub fn otpauth_uri(secret_b32: &str, username: &str) -> String {
    let label = format!("{ISSUER}:{username}");
    format!(
        "otpauth://totp/{}?secret={secret_b32}&issuer={ISSUER}&algorithm=SHA1&digits=6&period={STEP}",
        percent_encode(&label)
    )
}

fn percent_encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A QR code for `data` as an SVG image in a `data:` URI (attributes only, no
/// styles or scripts, so the page's CSP needs nothing extra).
pub fn qr_data_uri(data: &str) -> Result<String, TotpError> {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)
        .map_err(TotpError::Qr)?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1 rows: the seed is the ASCII string
    /// "12345678901234567890"; the RFC prints 8 digits, we use the last 6.
    #[test]
    fn rfc6238_sha1_test_vectors() {
        let secret = Secret::from(*b"12345678901234567890").to_base32();
        for (time, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            let six = &eight[2..];
            assert_eq!(generate(&secret, time).unwrap(), six, "t={time}");
            assert_eq!(
                check(&secret, six, time).unwrap(),
                Some(u64::try_from(time).unwrap() / STEP)
            );
        }
    }

    #[test]
    fn one_step_either_way_and_no_more() {
        let secret = new_secret().unwrap();
        let t = 1_795_435_215; // mid-step
        let code = generate(&secret, t).unwrap();
        let step = u64::try_from(t).unwrap() / STEP;
        assert_eq!(check(&secret, &code, t + 30).unwrap(), Some(step));
        assert_eq!(check(&secret, &code, t - 30).unwrap(), Some(step));
        assert_eq!(check(&secret, &code, t + 60).unwrap(), None);
        assert_eq!(check(&secret, "12345", t).unwrap(), None);
        assert_eq!(check(&secret, "abcdef", t).unwrap(), None);
    }

    #[test]
    fn seeds_are_160_bits_and_differ() {
        let a = new_secret().unwrap();
        assert_eq!(a.len(), 32); // 20 bytes in base32
        assert_ne!(a, new_secret().unwrap());
    }

    #[test]
    fn uri_and_qr() {
        let uri = otpauth_uri("JBSWY3DPEHPK3PXP", "anna berg");
        assert_eq!(
            uri,
            "otpauth://totp/Lotse%3Aanna%20berg?secret=JBSWY3DPEHPK3PXP&issuer=Lotse&algorithm=SHA1&digits=6&period=30"
        );
        let qr = qr_data_uri(&uri).unwrap();
        assert!(qr.starts_with("data:image/svg+xml;base64,"));
    }
}
