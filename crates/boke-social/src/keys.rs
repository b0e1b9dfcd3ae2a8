//! Secrets and hashing: random tokens, the admin password (argon2), signed links (HMAC-SHA256)
//! and the salted visitor hash that stands in for IP addresses.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = hmac::Hmac<Sha256>;

/// Errors from the operating system's random source or the password hasher.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the system random source failed: {0}")]
    Random(String),
    #[error("password hashing failed: {0}")]
    Hash(String),
}

/// `bytes` random bytes from the OS, as lower-case hex.
pub fn random_hex(bytes: usize) -> Result<String, KeyError> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|error| KeyError::Random(error.to_string()))?;
    Ok(hex(&buffer))
}

/// Whether `text` looks like a token made by [`random_hex`] of 32 bytes.
pub fn is_token(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

/// Decodes lower- or upper-case hex; `None` on anything else.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect()
}

/// SHA-256 of `text`, as hex (for storing session tokens).
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// The stable, salted stand-in for one visitor: hash of salt, address and user agent.
/// The raw address never reaches the database.
pub fn visitor_hash(salt: &str, ip: &str, user_agent: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [salt, ip, user_agent] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hex(&hasher.finalize()[..16])
}

/// The salted stand-in for an address alone (used for IP blocks).
pub fn ip_hash(salt: &str, ip: &str) -> String {
    visitor_hash(salt, ip, "")
}

/// Hashes the admin password into a PHC string.
pub fn hash_password(password: &str) -> Result<String, KeyError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| KeyError::Hash(error.to_string()))
}

/// Checks a password against a stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), phc)
        .is_ok()
}

/// Signs a link for the record `id` valid until `expires_at` (Unix seconds) into a URL-safe
/// token `id.expires.mac` that names no address.
pub fn sign_link(secret: &str, purpose: &str, id: i64, expires_at: i64) -> String {
    let subject = format!("{id}.{expires_at}");
    format!("{subject}.{}", hex(&mac(secret, purpose, &subject)))
}

/// The record id of a token made by [`sign_link`] with the same secret and purpose, while
/// it has not expired at `now`.
pub fn verify_link(secret: &str, purpose: &str, token: &str, now: i64) -> Option<i64> {
    let (subject, signature) = token.rsplit_once('.')?;
    let (id, expires_at) = subject.split_once('.')?;
    let (id, expires_at) = (id.parse::<i64>().ok()?, expires_at.parse::<i64>().ok()?);
    let mut check = keyed(secret);
    check.update(purpose.as_bytes());
    check.update(b"\0");
    check.update(subject.as_bytes());
    check.verify_slice(&unhex(signature)?).ok()?;
    (now <= expires_at).then_some(id)
}

/// Signs `purpose` and `subject` into a URL-safe token: `hex(subject).hex(mac)`. The older
/// link format, which shows the address in hex and never expires: links already mailed
/// still unsubscribe, and no new ones are made.
pub fn sign(secret: &str, purpose: &str, subject: &str) -> String {
    format!(
        "{}.{}",
        hex(subject.as_bytes()),
        hex(&mac(secret, purpose, subject))
    )
}

/// Returns the subject of a token made by [`sign`] with the same secret and purpose.
pub fn verify(secret: &str, purpose: &str, token: &str) -> Option<String> {
    let (subject, signature) = token.split_once('.')?;
    let subject = String::from_utf8(unhex(subject)?).ok()?;
    let signature = unhex(signature)?;
    let mut check = keyed(secret);
    check.update(purpose.as_bytes());
    check.update(b"\0");
    check.update(subject.as_bytes());
    check.verify_slice(&signature).ok()?;
    Some(subject)
}

/// HMAC-SHA-256 of `message` under `secret`, in hex (what a webhook receiver recomputes).
pub fn hmac_hex(secret: &str, message: &str) -> String {
    let mut mac = keyed(secret);
    mac.update(message.as_bytes());
    hex(&mac.finalize().into_bytes())
}

fn keyed(secret: &str) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    match HmacSha256::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    }
}

fn mac(secret: &str, purpose: &str, subject: &str) -> Vec<u8> {
    let mut mac = keyed(secret);
    mac.update(purpose.as_bytes());
    mac.update(b"\0");
    mac.update(subject.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_tokens_round_trip_and_reject_tampering() {
        let token = sign("s3cret", "unsubscribe", "读者@example.com");
        assert_eq!(
            verify("s3cret", "unsubscribe", &token).as_deref(),
            Some("读者@example.com")
        );
        assert_eq!(verify("other", "unsubscribe", &token), None);
        assert_eq!(verify("s3cret", "confirm", &token), None);
        let forged = sign("s3cret", "unsubscribe", "a@example.com")
            .replace(&hex(b"a@example.com"), &hex(b"b@example.com"));
        assert_eq!(verify("s3cret", "unsubscribe", &forged), None);
        assert_eq!(verify("s3cret", "unsubscribe", "zz.zz"), None);
    }

    #[test]
    fn links_expire_and_name_no_address() {
        let token = sign_link("s3cret", "confirm", 42, 1_000);
        assert!(!token.contains(&hex(b"@")));
        assert_eq!(verify_link("s3cret", "confirm", &token, 999), Some(42));
        assert_eq!(verify_link("s3cret", "confirm", &token, 1_000), Some(42));
        assert_eq!(verify_link("s3cret", "confirm", &token, 1_001), None);
        assert_eq!(verify_link("s3cret", "unsubscribe", &token, 999), None);
        assert_eq!(verify_link("other", "confirm", &token, 999), None);
        let longer = token.replacen("1000", "9000", 1);
        assert_eq!(verify_link("s3cret", "confirm", &longer, 999), None);
        let other_id = token.replacen("42", "43", 1);
        assert_eq!(verify_link("s3cret", "confirm", &other_id, 999), None);
        assert_eq!(verify_link("s3cret", "confirm", "42.x.00", 0), None);
    }

    #[test]
    fn passwords_verify_only_themselves() {
        let phc = hash_password("correct horse").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &phc));
        assert!(!verify_password("wrong horse", &phc));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn visitor_hash_hides_the_address_and_depends_on_salt() {
        let a = visitor_hash("salt1", "203.0.113.7", "UA");
        assert!(!a.contains("203"));
        assert_eq!(a.len(), 32);
        assert_eq!(a, visitor_hash("salt1", "203.0.113.7", "UA"));
        assert_ne!(a, visitor_hash("salt2", "203.0.113.7", "UA"));
        assert_ne!(a, visitor_hash("salt1", "203.0.113.7", "UA2"));
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(unhex("000fff"), Some(vec![0, 15, 255]));
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("abc"), None);
    }
}
