//! The self-hosted proof of work: the service hands out a signed, expiring challenge; the
//! browser finds a nonce such that SHA-256 of `challenge:nonce` begins with the challenge's
//! number of zero bits; the service checks the signature, the expiry and the hash, and the
//! store spends the challenge so that one answer carries one comment.
//!
//! A challenge is `id.expires.mac` ([`keys::sign_link`]) under the purpose `pow:<bits>`, so
//! that an answer to an easier challenge does not pass once the operator asks for more bits.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::keys::{self, KeyError};

/// A challenge as the browser gets it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Challenge {
    pub challenge: String,
    /// Leading zero bits the hash must have.
    pub bits: u8,
    pub expires_at: i64,
}

/// Why an answer was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PowFailure {
    /// No answer, or not one of this service's live challenges (forged, expired, other bits).
    Invalid,
    /// The hash has too few zero bits.
    Unsolved,
}

fn purpose(bits: u8) -> String {
    format!("pow:{bits}")
}

/// A new challenge of `bits`, answerable until `now + lifetime`.
pub fn issue(key: &str, bits: u8, lifetime: i64, now: i64) -> Result<Challenge, KeyError> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|error| KeyError::Random(error.to_string()))?;
    let id = i64::from_le_bytes(random) & i64::MAX;
    let expires_at = now + lifetime;
    Ok(Challenge {
        challenge: keys::sign_link(key, &purpose(bits), id, expires_at),
        bits,
        expires_at,
    })
}

/// Checks an answer; on success returns the challenge's id and expiry, for the store to
/// spend it.
pub fn check(
    key: &str,
    bits: u8,
    challenge: &str,
    nonce: &str,
    now: i64,
) -> Result<(i64, i64), PowFailure> {
    let id = keys::verify_link(key, &purpose(bits), challenge, now).ok_or(PowFailure::Invalid)?;
    if nonce.is_empty() || nonce.len() > 32 || !nonce.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(PowFailure::Invalid);
    }
    let expires_at = challenge
        .split('.')
        .nth(1)
        .and_then(|text| text.parse().ok())
        .ok_or(PowFailure::Invalid)?;
    if leading_zero_bits(&Sha256::digest(format!("{challenge}:{nonce}").as_bytes()))
        < u32::from(bits)
    {
        return Err(PowFailure::Unsolved);
    }
    Ok((id, expires_at))
}

/// The number of zero bits at the start of `hash`.
pub fn leading_zero_bits(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        bits += byte.leading_zeros();
        if *byte != 0 {
            break;
        }
    }
    bits
}

/// Finds a nonce for `challenge` (what the browser does; for tests and tools).
pub fn solve(challenge: &Challenge) -> String {
    (0u64..)
        .map(|n| n.to_string())
        .find(|nonce| {
            let hash = Sha256::digest(format!("{}:{nonce}", challenge.challenge).as_bytes());
            leading_zero_bits(&hash) >= u32::from(challenge.bits)
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        assert_eq!(leading_zero_bits(&[0xff]), 0);
        assert_eq!(leading_zero_bits(&[0x00, 0x1f]), 11);
        assert_eq!(leading_zero_bits(&[0x00, 0x00]), 16);
    }

    #[test]
    fn answers_pass_once_solved_and_only_for_their_bits() {
        let challenge = issue("key", 8, 600, 1_000).unwrap();
        let nonce = solve(&challenge);
        assert!(check("key", 8, &challenge.challenge, &nonce, 1_000).is_ok());
        assert_eq!(
            check("key", 9, &challenge.challenge, &nonce, 1_000),
            Err(PowFailure::Invalid),
            "a challenge of 8 bits does not answer one of 9"
        );
        assert_eq!(
            check("other", 8, &challenge.challenge, &nonce, 1_000),
            Err(PowFailure::Invalid)
        );
        assert_eq!(
            check("key", 8, &challenge.challenge, &nonce, 1_601),
            Err(PowFailure::Invalid),
            "expired"
        );
        let wrong = (0u64..)
            .map(|n| n.to_string())
            .find(|n| check("key", 8, &challenge.challenge, n, 1_000).is_err())
            .unwrap();
        assert_eq!(
            check("key", 8, &challenge.challenge, &wrong, 1_000),
            Err(PowFailure::Unsolved)
        );
    }
}
