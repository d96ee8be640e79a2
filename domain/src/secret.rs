//! Random secrets (session, invitation, API tokens) and the hashes they are stored as.
//!
//! A secret is 32 random bytes from the operating system, base64url-encoded behind a short
//! prefix that says what it is (`pws_` session, `pwi_` invitation, `pwt_` personal token, `pwd_`
//! device token, `pwc_` calendar feed). Only its SHA-256 is stored, so a stolen database does not
//! sign anybody in.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::Error;

/// Prefix of session tokens (the cookie value).
pub const SESSION: &str = "pws_";
/// Prefix of invitation tokens (in the invitation link).
pub const INVITATION: &str = "pwi_";
/// Prefix of personal access tokens.
pub const PERSONAL: &str = "pwt_";
/// Prefix of device tokens.
pub const DEVICE: &str = "pwd_";
/// Prefix of calendar feed tokens.
pub const CALENDAR: &str = "pwc_";

/// A new random secret with `prefix`.
pub fn generate(prefix: &str) -> Result<String, Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|err| {
        tracing::error!(error = %err, "the operating system gave no random bytes");
        Error::Internal
    })?;
    Ok(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The stored form of a secret: its SHA-256, hex-encoded.
pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_prefixed_random_and_hash_stably() {
        let a = generate(SESSION).unwrap();
        let b = generate(SESSION).unwrap();
        assert!(a.starts_with("pws_") && a.len() == 4 + 43);
        assert_ne!(a, b);
        assert_eq!(hash(&a), hash(&a));
        assert_ne!(hash(&a), hash(&b));
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
