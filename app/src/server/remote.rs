//! What every remote service SkillPass calls has in common (the
//! face-verification provider, the SMS gateway): it is reached over HTTPS
//! (plain HTTP only to this machine, for a stand-in), and requests are
//! signed with a secret shared with it, as hex HMAC-SHA256.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The shortest shared secret accepted.
pub const MIN_SECRET_CHARS: usize = 32;

/// HTTPS anywhere, or plain HTTP to this machine.
pub(crate) fn is_acceptable_address(url: &str) -> bool {
    let local = ["http://localhost", "http://127.0.0.1"];
    let host_ends = |rest: &str| rest.is_empty() || rest.starts_with(':') || rest.starts_with('/');
    url.strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        || local
            .iter()
            .any(|prefix| url.strip_prefix(prefix).is_some_and(host_ends))
}

/// A service's base URL (without a trailing slash) and shared secret,
/// when both are acceptable; otherwise what was expected.
pub(crate) fn parse_settings(url: &str, secret: &str) -> Result<(String, String), &'static str> {
    let url = url.trim().trim_end_matches('/');
    if !is_acceptable_address(url) {
        return Err("an https:// address (http:// only to localhost or 127.0.0.1)");
    }
    if secret.trim().chars().count() < MIN_SECRET_CHARS {
        return Err("a shared secret of at least 32 characters");
    }
    Ok((url.to_owned(), secret.trim().to_owned()))
}

pub(crate) fn keyed(secret: &str) -> Hmac<Sha256> {
    <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length")
}

/// The hex HMAC-SHA256 of `message` under `secret`, as either side
/// computes it.
pub fn sign_hex(secret: &str, message: &[u8]) -> String {
    let mut mac = keyed(secret);
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "a-shared-secret-of-thirty-two-chars!";

    #[test]
    fn a_service_must_be_reached_over_https_except_on_this_machine() {
        assert!(parse_settings("https://face.example.cn/api/", SECRET).is_ok());
        assert!(parse_settings("http://127.0.0.1:9000", SECRET).is_ok());
        assert!(parse_settings("http://localhost", SECRET).is_ok());
        assert!(parse_settings("http://face.example.cn", SECRET).is_err());
        assert!(parse_settings("http://localhost.evil.cn", SECRET).is_err());
        assert!(parse_settings("https://", SECRET).is_err());
        assert!(parse_settings("https://face.example.cn", "short").is_err());
    }

    #[test]
    fn a_signature_depends_on_the_secret_and_every_byte_of_the_message() {
        let signed = sign_hex(SECRET, b"message");
        assert_eq!(signed.len(), 64);
        assert_ne!(signed, sign_hex(SECRET, b"messagE"));
        assert_ne!(
            signed,
            sign_hex("another-secret-of-thirty-two-chars!!", b"message")
        );
    }
}
