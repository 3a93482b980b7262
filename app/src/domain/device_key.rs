//! What a device key signs (issue 22), written once for the phone and the
//! server. The key is ECDSA P-256 with SHA-256, signatures `r‖s` as
//! WebCrypto gives them, both in base64url.

/// What a new key signs to show that the browser registering it holds it.
pub fn registration_message(account_id: &str) -> String {
    format!("skillpass device key\n{account_id}")
}

/// What the key signs to confirm a scan: bound to the scan, the step of
/// the code it scanned and the scan's own random challenge, so that a
/// signature for one scan confirms no other. The server sends it as the
/// scan's `device_challenge`.
pub fn check_in_message(scan: &str, step: i64, challenge: &str) -> String {
    format!("skillpass check-in\n{scan}\n{step}\n{challenge}")
}
