//! AES-256-GCM through the browser's Web Crypto for the answers kept on the
//! device (`journey`). The key is imported non-extractable, so once imported
//! not even this page's script can read its bytes back; each write has a
//! fresh random 96-bit IV. The stored form is base64(IV ‖ ciphertext), bound
//! to the storage key it is filed under (additional data), so a draft moved
//! to another name does not open either. Base64 is the browser's own
//! (`btoa`/`atob`), which keeps a base64 implementation out of the WASM.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, CryptoKey, SubtleCrypto};

const ALGORITHM: &str = "AES-GCM";
const IV_LEN: usize = 12;

/// Why a draft could not be sealed or opened. Opening fails alike for a wrong
/// key, another name and a changed value: the draft is useless either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CipherError {
    /// Web Crypto is missing (an insecure context or a very old browser).
    Unavailable,
    /// The key from the server is not 32 bytes of base64url.
    BadKey,
    Encrypt,
    Decrypt,
}

fn crypto() -> Result<web_sys::Crypto, CipherError> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(CipherError::Unavailable)
}

fn subtle() -> Result<SubtleCrypto, CipherError> {
    Ok(crypto()?.subtle())
}

/// Standard base64 of `bytes`: `btoa` takes a "binary string", one char per byte.
fn to_base64(bytes: &[u8]) -> Result<String, CipherError> {
    let binary: String = bytes.iter().map(|&b| char::from(b)).collect();
    web_sys::window()
        .ok_or(CipherError::Unavailable)?
        .btoa(&binary)
        .map_err(|_| CipherError::Encrypt)
}

/// The bytes of standard or URL-safe base64, padded or not; `None` if it is not.
fn from_base64(text: &str) -> Option<Vec<u8>> {
    let mut standard: String = text
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            other => other,
        })
        .collect();
    while !standard.len().is_multiple_of(4) {
        standard.push('=');
    }
    let binary = web_sys::window()?.atob(&standard).ok()?;
    binary.chars().map(|c| u8::try_from(c).ok()).collect()
}

fn params(iv: &[u8], bound_to: &str) -> AesGcmParams {
    let params = AesGcmParams::new(ALGORITHM, &Uint8Array::from(iv));
    params.set_additional_data(&Uint8Array::from(bound_to.as_bytes()));
    params
}

/// Imports the server's key (base64url, 32 bytes) for encrypting and
/// decrypting only, non-extractable.
pub async fn import(key: &str) -> Result<CryptoKey, CipherError> {
    let mut raw = from_base64(key).ok_or(CipherError::BadKey)?;
    if raw.len() != 32 {
        return Err(CipherError::BadKey);
    }
    let usages = Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    let data = Uint8Array::from(raw.as_slice());
    // The bytes were copied into the key object; this copy goes now.
    raw.fill(0);
    let promise = subtle()?
        .import_key_with_str("raw", &data, ALGORITHM, false, &usages)
        .map_err(|_| CipherError::BadKey)?;
    data.fill(0, 0, data.length());
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|k| k.dyn_into::<CryptoKey>().ok())
        .ok_or(CipherError::BadKey)
}

/// Encrypts `plain` for storage under the name `bound_to`.
pub async fn seal(key: &CryptoKey, plain: &[u8], bound_to: &str) -> Result<String, CipherError> {
    let mut iv = [0u8; IV_LEN];
    crypto()?
        .get_random_values_with_u8_array(&mut iv)
        .map_err(|_| CipherError::Unavailable)?;
    let promise = subtle()?
        .encrypt_with_object_and_js_u8_array(&params(&iv, bound_to), key, &Uint8Array::from(plain))
        .map_err(|_| CipherError::Encrypt)?;
    let sealed = JsFuture::from(promise)
        .await
        .map_err(|_| CipherError::Encrypt)?;
    let mut out = iv.to_vec();
    out.extend(Uint8Array::new(&sealed).to_vec());
    to_base64(&out)
}

/// Decrypts what [`seal`] stored under `bound_to`.
pub async fn open(key: &CryptoKey, stored: &str, bound_to: &str) -> Result<Vec<u8>, CipherError> {
    let raw = from_base64(stored).ok_or(CipherError::Decrypt)?;
    if raw.len() <= IV_LEN {
        return Err(CipherError::Decrypt);
    }
    let (iv, body) = raw.split_at(IV_LEN);
    let promise = subtle()?
        .decrypt_with_object_and_js_u8_array(&params(iv, bound_to), key, &Uint8Array::from(body))
        .map_err(|_| CipherError::Decrypt)?;
    let plain = JsFuture::from(promise)
        .await
        .map_err(|_| CipherError::Decrypt)?;
    Ok(Uint8Array::new(&plain).to_vec())
}
