//! The face-verification provider's protocol, as SkillPass speaks it (see
//! README, "Connecting a face-verification provider"). The provider is a
//! licensed service that compares a live face with the ID photo on file;
//! SkillPass hands it the worker's name and ID number with a nonce, sends
//! the worker's browser to the provider's page, and afterwards fetches
//! the outcome, which the provider signs together with the nonce. Images
//! stay with the provider: SkillPass receives only `match` or `no_match`.
//!
//! Both directions are authenticated with one shared secret:
//! - requests carry `X-SkillPass-Signature`, the hex HMAC-SHA256 of the
//!   request body (`POST /checks`) or of the path (`GET /checks/{nonce}`);
//! - the outcome carries `signature`, the hex HMAC-SHA256 of
//!   `skillpass-face-result:{nonce}:{outcome}`.

use std::{fmt, time::Duration};

use hmac::Mac;
use serde::{Deserialize, Serialize};

pub use super::remote::sign_hex;
use super::remote::{is_acceptable_address, keyed, parse_settings};

/// The header that signs each request to the provider.
pub const SIGNATURE_HEADER: &str = "X-SkillPass-Signature";

/// How long SkillPass waits for the provider before telling the worker
/// it cannot be reached.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Where the provider is and the secret shared with it
/// (`SKILLPASS_FACE_PROVIDER_URL`, `SKILLPASS_FACE_PROVIDER_SECRET`).
#[derive(Clone)]
pub struct FaceProviderSettings {
    /// The provider's base URL, without a trailing slash.
    pub url: String,
    pub secret: String,
}

impl fmt::Debug for FaceProviderSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FaceProviderSettings")
            .field("url", &self.url)
            .field("secret", &"***")
            .finish()
    }
}

impl FaceProviderSettings {
    /// The settings when `url` is an HTTPS address (or plain HTTP to this
    /// machine, for a stand-in) and `secret` is long enough.
    pub fn parse(url: &str, secret: &str) -> Result<FaceProviderSettings, &'static str> {
        parse_settings(url, secret).map(|(url, secret)| FaceProviderSettings { url, secret })
    }
}

/// What SkillPass sends to open a check.
#[derive(Serialize)]
struct OpenCheck<'a> {
    nonce: &'a str,
    name: &'a str,
    id_number: &'a str,
    return_url: &'a str,
}

#[derive(Deserialize)]
struct OpenedCheck {
    verify_url: String,
}

/// The provider's answer about one check.
#[derive(Deserialize, utoipa::ToSchema)]
struct CheckOutcome {
    nonce: String,
    outcome: String,
    #[serde(default)]
    signature: String,
}

/// A check's result as the provider signed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaceVerdict {
    Match,
    NoMatch,
    /// The worker has not finished on the provider's page.
    Pending,
}

impl FaceVerdict {
    pub const fn code(self) -> &'static str {
        match self {
            FaceVerdict::Match => "match",
            FaceVerdict::NoMatch => "no_match",
            FaceVerdict::Pending => "pending",
        }
    }

    fn parse(code: &str) -> Option<FaceVerdict> {
        [
            FaceVerdict::Match,
            FaceVerdict::NoMatch,
            FaceVerdict::Pending,
        ]
        .into_iter()
        .find(|verdict| verdict.code() == code)
    }
}

/// Why the provider could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// Not reachable, timed out, or answered with an error status.
    #[error("the face-verification provider cannot be reached: {0}")]
    Unreachable(String),
    /// It answered something that is not the protocol, or a result whose
    /// signature or nonce does not match: never taken as a result.
    #[error("the face-verification provider's answer is not acceptable: {0}")]
    Unacceptable(&'static str),
}

/// A client of the configured provider.
#[derive(Clone, Debug)]
pub struct FaceProvider {
    settings: FaceProviderSettings,
    client: reqwest::Client,
}

impl FaceProvider {
    pub fn new(settings: FaceProviderSettings) -> Result<FaceProvider, ProviderError> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| ProviderError::Unreachable(error.to_string()))?;
        Ok(FaceProvider { settings, client })
    }

    fn sign(&self, message: &[u8]) -> String {
        sign_hex(&self.settings.secret, message)
    }

    /// Opens a check of `name` and `id_number` bound to `nonce`; the
    /// address of the provider's page the worker goes to next.
    pub async fn open(
        &self,
        nonce: &str,
        name: &str,
        id_number: &str,
        return_url: &str,
    ) -> Result<String, ProviderError> {
        let body = serde_json::to_vec(&OpenCheck {
            nonce,
            name,
            id_number,
            return_url,
        })
        .map_err(|_| ProviderError::Unacceptable("request"))?;
        let response = self
            .client
            .post(format!("{}/checks", self.settings.url))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, self.sign(&body))
            .body(body)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|error| ProviderError::Unreachable(error.without_url().to_string()))?;
        let opened: OpenedCheck = response
            .json()
            .await
            .map_err(|_| ProviderError::Unacceptable("not a verify_url"))?;
        if !self.may_send_worker_to(&opened.verify_url) {
            return Err(ProviderError::Unacceptable(
                "verify_url is not an https address",
            ));
        }
        Ok(opened.verify_url)
    }

    /// Whether the worker's browser may be sent to `address`: HTTPS (or
    /// HTTP to this machine when the provider itself is there, a
    /// stand-in), printable and without spaces, as a `Location` header
    /// must be.
    fn may_send_worker_to(&self, address: &str) -> bool {
        let printable = address.bytes().all(|b| b.is_ascii_graphic());
        let secure = address
            .strip_prefix("https://")
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
        let local_stand_in = !self.settings.url.starts_with("https://")
            && is_acceptable_address(address.trim_end_matches('/'));
        printable && address.len() <= 2048 && (secure || local_stand_in)
    }

    /// The signed outcome of the check bound to `nonce`.
    pub async fn verdict(&self, nonce: &str) -> Result<FaceVerdict, ProviderError> {
        let path = format!("/checks/{nonce}");
        let response = self
            .client
            .get(format!("{}{path}", self.settings.url))
            .header(SIGNATURE_HEADER, self.sign(path.as_bytes()))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|error| ProviderError::Unreachable(error.without_url().to_string()))?;
        let answer: CheckOutcome = response
            .json()
            .await
            .map_err(|_| ProviderError::Unacceptable("not an outcome"))?;
        if answer.nonce != nonce {
            return Err(ProviderError::Unacceptable("outcome of another nonce"));
        }
        let verdict = FaceVerdict::parse(&answer.outcome)
            .ok_or(ProviderError::Unacceptable("unknown outcome"))?;
        let signed = hex::decode(&answer.signature).unwrap_or_default();
        let mut mac = keyed(&self.settings.secret);
        mac.update(&outcome_message(nonce, verdict));
        mac.verify_slice(&signed)
            .map_err(|_| ProviderError::Unacceptable("signature does not match"))?;
        Ok(verdict)
    }
}

/// What the provider signs to bind an outcome to its nonce.
pub fn outcome_message(nonce: &str, verdict: FaceVerdict) -> Vec<u8> {
    format!("skillpass-face-result:{nonce}:{}", verdict.code()).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "a-shared-secret-of-thirty-two-chars!";

    #[test]
    fn the_settings_never_show_the_secret() {
        let settings = FaceProviderSettings::parse("https://face.example.cn", SECRET)
            .expect("a valid setting");
        assert!(!format!("{settings:?}").contains(SECRET));
    }

    #[test]
    fn the_worker_is_sent_only_to_a_clean_https_page_of_a_real_provider() {
        let real = FaceProviderSettings::parse("https://face.example.cn", SECRET)
            .expect("a valid setting");
        let real = FaceProvider::new(real).expect("a client");
        assert!(real.may_send_worker_to("https://h5.face.example.cn/v?t=1"));
        assert!(!real.may_send_worker_to("http://127.0.0.1:9000/verify"));
        assert!(!real.may_send_worker_to("https://face.example.cn/\nSet-Cookie:x"));
        assert!(!real.may_send_worker_to("https://face.example.cn/a b"));
        assert!(!real.may_send_worker_to("javascript:alert(1)"));
        let stand_in =
            FaceProviderSettings::parse("http://127.0.0.1:9000", SECRET).expect("a valid setting");
        let stand_in = FaceProvider::new(stand_in).expect("a client");
        assert!(stand_in.may_send_worker_to("http://127.0.0.1:9000/verify/n"));
    }

    #[test]
    fn an_outcome_signature_binds_the_nonce_and_the_verdict() {
        let signed = sign_hex(SECRET, &outcome_message("n1", FaceVerdict::NoMatch));
        assert_ne!(
            signed,
            sign_hex(SECRET, &outcome_message("n1", FaceVerdict::Match))
        );
        assert_ne!(
            signed,
            sign_hex(SECRET, &outcome_message("n2", FaceVerdict::NoMatch))
        );
    }
}
