//! The SMS gateway's protocol, as SkillPass speaks it (see README,
//! "Connecting an SMS gateway"). Each message is one request:
//!
//! `POST {url}/messages` with the JSON body `{"mobile", "text"}` and the
//! headers
//! - `Idempotency-Key`: the same for every attempt at one message; the
//!   gateway sends a key it has seen once and answers the repeat as it
//!   answered the first time, so a message retried after a timeout or a
//!   restart reaches the phone once;
//! - `X-SkillPass-Timestamp`: seconds since 1970;
//! - `X-SkillPass-Signature`: hex HMAC-SHA256, under the shared key, of
//!   `{timestamp}.{idempotency key}.{body}`.
//!
//! A 2xx answer means accepted. 408, 429, any 5xx, a timeout or no answer
//! are worth another attempt later; any other answer (a number the
//! gateway refuses, say) is final.

use std::{fmt, time::Duration};

use serde::Serialize;

use super::remote::{parse_settings, sign_hex};

pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
pub const TIMESTAMP_HEADER: &str = "X-SkillPass-Timestamp";
pub const SIGNATURE_HEADER: &str = "X-SkillPass-Signature";

/// How long SkillPass waits for the gateway before trying again later.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Where the gateway is and the key shared with it
/// (`SKILLPASS_SMS_GATEWAY_URL`, `SKILLPASS_SMS_GATEWAY_KEY`).
#[derive(Clone)]
pub struct SmsGatewaySettings {
    /// The gateway's base URL, without a trailing slash.
    pub url: String,
    pub key: String,
}

impl fmt::Debug for SmsGatewaySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmsGatewaySettings")
            .field("url", &self.url)
            .field("key", &"***")
            .finish()
    }
}

impl SmsGatewaySettings {
    /// The settings when `url` is an HTTPS address (or plain HTTP to this
    /// machine, for a stand-in) and `key` is long enough.
    pub fn parse(url: &str, key: &str) -> Result<SmsGatewaySettings, &'static str> {
        parse_settings(url, key).map(|(url, key)| SmsGatewaySettings { url, key })
    }
}

/// Why the gateway did not take a message.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SmsFailure {
    /// Worth another attempt later.
    #[error("the SMS gateway is unavailable: {0}")]
    Temporary(String),
    /// Another attempt would be refused the same way.
    #[error("the SMS gateway refused the message: {0}")]
    Refused(String),
}

#[derive(Serialize)]
struct OutgoingSms<'a> {
    mobile: &'a str,
    text: &'a str,
}

/// A client of the configured gateway.
#[derive(Clone, Debug)]
pub struct SmsGateway {
    settings: SmsGatewaySettings,
    client: reqwest::Client,
}

impl SmsGateway {
    pub fn new(settings: SmsGatewaySettings) -> Result<SmsGateway, SmsFailure> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| SmsFailure::Temporary(error.to_string()))?;
        Ok(SmsGateway { settings, client })
    }

    /// Sends `text` to `mobile` once, under `idempotency_key`; `unix_time`
    /// is the request's timestamp.
    pub async fn send(
        &self,
        idempotency_key: &str,
        mobile: &str,
        text: &str,
        unix_time: i64,
    ) -> Result<(), SmsFailure> {
        let body = serde_json::to_vec(&OutgoingSms { mobile, text })
            .map_err(|error| SmsFailure::Refused(error.to_string()))?;
        let signature = sign_hex(
            &self.settings.key,
            &signed_message(unix_time, idempotency_key, &body),
        );
        let answer = self
            .client
            .post(format!("{}/messages", self.settings.url))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(IDEMPOTENCY_HEADER, idempotency_key)
            .header(TIMESTAMP_HEADER, unix_time.to_string())
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await
            .map_err(|error| SmsFailure::Temporary(error.without_url().to_string()))?;
        outcome(answer.status())
    }
}

/// What the signature covers.
pub fn signed_message(unix_time: i64, idempotency_key: &str, body: &[u8]) -> Vec<u8> {
    let mut message = format!("{unix_time}.{idempotency_key}.").into_bytes();
    message.extend_from_slice(body);
    message
}

/// Accepted, worth another attempt, or final.
fn outcome(status: reqwest::StatusCode) -> Result<(), SmsFailure> {
    let described = status.to_string();
    match status.as_u16() {
        200..=299 => Ok(()),
        408 | 429 | 500..=599 => Err(SmsFailure::Temporary(described)),
        _ => Err(SmsFailure::Refused(described)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settings_never_show_the_key() {
        let settings =
            SmsGatewaySettings::parse("https://sms.example.cn/", "k".repeat(40).as_str())
                .expect("valid settings");
        assert_eq!(settings.url, "https://sms.example.cn");
        assert!(!format!("{settings:?}").contains(&"k".repeat(40)));
    }

    #[test]
    fn busy_and_broken_gateways_are_tried_again_refusals_are_final() {
        let status = |code| reqwest::StatusCode::from_u16(code).expect("a status");
        assert_eq!(outcome(status(202)), Ok(()));
        for temporary in [408, 429, 500, 503] {
            assert!(matches!(
                outcome(status(temporary)),
                Err(SmsFailure::Temporary(_))
            ));
        }
        for refused in [400, 401, 422] {
            assert!(matches!(
                outcome(status(refused)),
                Err(SmsFailure::Refused(_))
            ));
        }
    }

    #[test]
    fn the_signature_covers_the_time_the_key_and_the_body() {
        assert_eq!(
            signed_message(1_700_000_000, "campaign-message-9", br#"{"a":1}"#),
            br#"1700000000.campaign-message-9.{"a":1}"#.to_vec()
        );
    }
}
