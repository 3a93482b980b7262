//! Keys and primitives for personal data and secrets: ID numbers are
//! encrypted with AES-256-GCM, bound to the account they belong to, and
//! looked up by HMAC-SHA-256, both keyed from the configured secret;
//! tokens are random and stored hashed.

use aes_gcm::{
    aead::{Aead, KeyInit, Payload},
    Aes256Gcm, Nonce,
};
use hmac::{Hmac, Mac};
use rand::{rngs::OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::domain::IdNumber;

/// The secret the server's keys derive from. `Debug` never shows it.
#[derive(Clone)]
pub struct SecretKeys {
    encryption: [u8; 32],
    lookup: [u8; 32],
    tokens: [u8; 32],
    check_in: [u8; 32],
    display_links: [u8; 32],
    audit_chain: AuditChainKey,
    audit_anchor: [u8; 32],
    flash: [u8; 32],
    roll_calls: [u8; 32],
}

/// The key that chains audit records (HMAC-SHA-256). It never goes into
/// the database, so someone who can write there cannot recompute the
/// chain after changing a record. `Debug` never shows it.
#[derive(Clone)]
pub struct AuditChainKey([u8; 32]);

impl AuditChainKey {
    /// The keyed hash of one record's canonical text, in hex.
    pub fn hash(&self, canonical: &[u8]) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(canonical);
        hex::encode(mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for AuditChainKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditChainKey(***)")
    }
}

/// The stored form of an ID number.
pub struct SealedIdNumber {
    /// [`BOUND_PREFIX`], the nonce (12 bytes), then the AES-GCM
    /// ciphertext and tag, with the account id as associated data.
    pub cipher: Vec<u8>,
    /// Keyed hash for the unique look-up; reveals nothing without the key.
    pub lookup: String,
    /// `3501**********1234`.
    pub masked: String,
}

/// A stored ID number that could not be opened (wrong key or damage).
#[derive(Debug, thiserror::Error)]
#[error("the stored ID number cannot be decrypted")]
pub struct UnsealError;

/// Marks a ciphertext sealed to its account. Ciphertexts written before
/// that (nonce first) are sealed again at start-up
/// ([`SecretKeys::reseal_legacy_id_number`]).
pub const BOUND_PREFIX: &[u8] = b"SPv2";

fn associated_data(user_id: &str) -> Vec<u8> {
    format!("skillpass/user/{user_id}").into_bytes()
}

impl SecretKeys {
    /// Derives independent keys for each purpose from one master secret
    /// (at least 32 bytes).
    pub fn derive(master: &[u8]) -> SecretKeys {
        let derive = |purpose: &[u8]| -> [u8; 32] {
            let mut mac =
                <Hmac<Sha256> as Mac>::new_from_slice(master).expect("HMAC takes any key length");
            mac.update(b"skillpass/");
            mac.update(purpose);
            mac.finalize().into_bytes().into()
        };
        SecretKeys {
            encryption: derive(b"id-number-encryption"),
            lookup: derive(b"id-number-lookup"),
            tokens: derive(b"tokens"),
            check_in: derive(b"check-in-codes"),
            display_links: derive(b"display-links"),
            audit_chain: AuditChainKey(derive(b"audit-chain")),
            audit_anchor: derive(b"audit-anchor"),
            flash: derive(b"flash"),
            roll_calls: derive(b"roll-call-moments"),
        }
    }

    /// Encrypts an ID number for account `user_id` with a fresh nonce and
    /// computes its look-up. The account id is authenticated with it, so
    /// a ciphertext copied into another account's row does not open.
    pub fn seal_id_number(&self, number: &IdNumber, user_id: &str) -> SealedIdNumber {
        SealedIdNumber {
            cipher: self.seal_bound(number.expose().as_bytes(), user_id),
            lookup: self.id_number_lookup(number),
            masked: number.masked(),
        }
    }

    fn seal_bound(&self, plain: &[u8], user_id: &str) -> Vec<u8> {
        let sealed = seal(&self.encryption, plain, &associated_data(user_id));
        [BOUND_PREFIX, &sealed].concat()
    }

    /// Decrypts the ID number of account `user_id` (only for the person's
    /// own data export). A ciphertext of another account is refused.
    pub fn open_id_number(&self, sealed: &[u8], user_id: &str) -> Result<String, UnsealError> {
        let rest = sealed.strip_prefix(BOUND_PREFIX).ok_or(UnsealError)?;
        let plain = open(&self.encryption, rest, &associated_data(user_id)).ok_or(UnsealError)?;
        String::from_utf8(plain).map_err(|_| UnsealError)
    }

    /// Seals a ciphertext written before ID numbers were bound to their
    /// account, for account `user_id`; `None` when it is bound already.
    pub fn reseal_legacy_id_number(
        &self,
        sealed: &[u8],
        user_id: &str,
    ) -> Result<Option<Vec<u8>>, UnsealError> {
        if sealed.starts_with(BOUND_PREFIX) {
            return Ok(None);
        }
        if sealed.len() < 12 {
            return Err(UnsealError);
        }
        let (nonce, ciphertext) = sealed.split_at(12);
        let plain = Aes256Gcm::new((&self.encryption).into())
            .decrypt(Nonce::from_slice(nonce), ciphertext)
            .map_err(|_| UnsealError)?;
        Ok(Some(self.seal_bound(&plain, user_id)))
    }

    /// The keyed hash that finds an account by ID number.
    pub fn id_number_lookup(&self, number: &IdNumber) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.lookup).expect("HMAC takes any key length");
        mac.update(number.expose().as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// A keyed hash of a short secret (one-time codes), so a database dump
    /// cannot brute-force 8-digit codes offline.
    pub fn code_hash(&self, code: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.tokens).expect("HMAC takes any key length");
        mac.update(code.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

impl SecretKeys {
    /// The keyed MAC of a rotating check-in code (see
    /// [`super::check_in_codes`]).
    pub(crate) fn check_in_mac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as Mac>::new_from_slice(&self.check_in).expect("HMAC takes any key length")
    }

    /// The keyed MAC of a classroom display link (see
    /// [`super::screens`]).
    pub(crate) fn display_link_mac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as Mac>::new_from_slice(&self.display_links)
            .expect("HMAC takes any key length")
    }

    /// The key the database layer chains audit records with.
    pub fn audit_chain(&self) -> AuditChainKey {
        self.audit_chain.clone()
    }

    /// The signature of an audit head (`seq:hash`) kept outside the
    /// system: only the key's holder can make one, so a forged anchor is
    /// refused.
    pub fn audit_anchor_signature(&self, seq: i64, hash: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.audit_anchor)
            .expect("HMAC takes any key length");
        mac.update(format!("{seq}:{hash}").as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Whether `signature` (hex) signs the audit head `seq:hash`, compared
    /// in constant time.
    pub fn audit_anchor_is_signed(&self, seq: i64, hash: &str, signature: &str) -> bool {
        let Ok(signature) = hex::decode(signature) else {
            return false;
        };
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.audit_anchor)
            .expect("HMAC takes any key length");
        mac.update(format!("{seq}:{hash}").as_bytes());
        mac.verify_slice(&signature).is_ok()
    }

    /// A number that decides where roll-call `seq` of a session falls: the
    /// same in every app process, and unknown to anyone without the
    /// secret, so nobody learns the moment in advance.
    pub fn roll_call_draw(&self, session_id: i64, seq: i64) -> u64 {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.roll_calls)
            .expect("HMAC takes any key length");
        mac.update(format!("{session_id}:{seq}").as_bytes());
        let tag = mac.finalize().into_bytes();
        let mut first = [0u8; 8];
        first.copy_from_slice(&tag[..8]);
        u64::from_be_bytes(first)
    }

    /// A keyed hash of an API key or device id, for storage.
    pub fn token_hash(&self, token: &str) -> String {
        self.code_hash(token)
    }

    /// Encrypts a form's outcome for its cookie (see [`super::flash`]):
    /// it may carry a one-time code, so the browser keeps it unreadable,
    /// and only this server can make one.
    pub fn seal_flash(&self, plain: &[u8]) -> Vec<u8> {
        seal(&self.flash, plain, FLASH_CONTEXT)
    }

    /// Opens what [`SecretKeys::seal_flash`] sealed; `None` for anything
    /// else.
    pub fn open_flash(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        open(&self.flash, sealed, FLASH_CONTEXT)
    }
}

const FLASH_CONTEXT: &[u8] = b"skillpass/flash";

/// AES-256-GCM with a fresh nonce: the nonce (12 bytes), then the
/// ciphertext and tag. `context` is authenticated with it.
fn seal(key: &[u8; 32], plain: &[u8], context: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; 12];
    OsRng.fill_bytes(&mut nonce);
    let encrypted = Aes256Gcm::new(key.into())
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: context,
            },
        )
        .expect("AES-GCM encryption of a short text cannot fail");
    [&nonce[..], &encrypted].concat()
}

/// Opens what [`seal`] sealed with the same key and context.
fn open(key: &[u8; 32], sealed: &[u8], context: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < 12 {
        return None;
    }
    let (nonce, ciphertext) = sealed.split_at(12);
    Aes256Gcm::new(key.into())
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: context,
            },
        )
        .ok()
}

impl std::fmt::Debug for SecretKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKeys(***)")
    }
}

/// A random URL-safe token of 32 bytes (session cookies, CSRF tokens,
/// ceremony ids).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A random 8-digit one-time code.
pub fn random_code() -> String {
    format!("{:08}", OsRng.next_u32() % 100_000_000)
}

/// SHA-256 in hex: how session tokens are stored.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CalendarDate;

    fn number() -> IdNumber {
        IdNumber::parse(
            "11010519491231002X",
            CalendarDate {
                year: 2026,
                month: 1,
                day: 1,
            },
        )
        .expect("valid")
    }

    #[test]
    fn a_sealed_id_number_opens_with_the_same_key_only() {
        let keys = SecretKeys::derive(&[7; 32]);
        let sealed = keys.seal_id_number(&number(), "user-a");
        assert!(
            !sealed.cipher.windows(4).any(|w| w == b"1101"),
            "no clear text in the cipher"
        );
        assert_eq!(
            keys.open_id_number(&sealed.cipher, "user-a")
                .expect("opens"),
            "11010519491231002X"
        );
        let other = SecretKeys::derive(&[8; 32]);
        assert!(other.open_id_number(&sealed.cipher, "user-a").is_err());
        assert_eq!(sealed.masked, "1101**********002X");
    }

    #[test]
    fn a_ciphertext_copied_into_another_account_does_not_open() {
        let keys = SecretKeys::derive(&[7; 32]);
        let sealed = keys.seal_id_number(&number(), "user-a");
        assert!(keys.open_id_number(&sealed.cipher, "user-b").is_err());
    }

    #[test]
    fn a_legacy_ciphertext_is_sealed_again_to_its_account() {
        let keys = SecretKeys::derive(&[7; 32]);
        let mut nonce = [0u8; 12];
        OsRng.fill_bytes(&mut nonce);
        let legacy = [
            nonce.as_slice(),
            &Aes256Gcm::new((&keys.encryption).into())
                .encrypt(Nonce::from_slice(&nonce), b"11010519491231002X".as_slice())
                .expect("encrypts"),
        ]
        .concat();
        let bound = keys
            .reseal_legacy_id_number(&legacy, "user-a")
            .expect("opens")
            .expect("was legacy");
        assert_eq!(
            keys.open_id_number(&bound, "user-a").expect("opens"),
            "11010519491231002X"
        );
        assert!(keys.open_id_number(&legacy, "user-a").is_err());
        assert_eq!(
            keys.reseal_legacy_id_number(&bound, "user-a").expect("ok"),
            None
        );
    }

    #[test]
    fn the_lookup_is_stable_per_key_and_differs_between_keys() {
        let keys = SecretKeys::derive(&[7; 32]);
        assert_eq!(
            keys.id_number_lookup(&number()),
            keys.id_number_lookup(&number())
        );
        assert_ne!(
            keys.id_number_lookup(&number()),
            SecretKeys::derive(&[9; 32]).id_number_lookup(&number())
        );
        assert_ne!(
            keys.seal_id_number(&number(), "u").cipher,
            keys.seal_id_number(&number(), "u").cipher,
            "fresh nonce"
        );
    }

    #[test]
    fn an_audit_anchor_is_signed_by_this_key_only_and_for_this_head_only() {
        let keys = SecretKeys::derive(&[7; 32]);
        let signature = keys.audit_anchor_signature(12, "ab");
        assert!(keys.audit_anchor_is_signed(12, "ab", &signature));
        assert!(!keys.audit_anchor_is_signed(13, "ab", &signature));
        assert!(!keys.audit_anchor_is_signed(12, "ac", &signature));
        assert!(!keys.audit_anchor_is_signed(12, "ab", "not hex"));
        assert!(!SecretKeys::derive(&[8; 32]).audit_anchor_is_signed(12, "ab", &signature));
    }

    #[test]
    fn the_audit_chain_key_differs_between_secrets_and_never_shows() {
        let chain = SecretKeys::derive(&[7; 32]).audit_chain();
        assert_eq!(
            chain.hash(b"record"),
            SecretKeys::derive(&[7; 32]).audit_chain().hash(b"record")
        );
        assert_ne!(
            chain.hash(b"record"),
            SecretKeys::derive(&[9; 32]).audit_chain().hash(b"record")
        );
        assert_eq!(format!("{chain:?}"), "AuditChainKey(***)");
    }

    #[test]
    fn codes_have_eight_digits_and_tokens_64_hex_characters() {
        assert_eq!(random_code().len(), 8);
        assert_eq!(random_token().len(), 64);
        assert_ne!(random_token(), random_token());
    }
}
