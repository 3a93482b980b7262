//! The server's secrets and relying-party settings, built once at start-up.

use webauthn_rs::{prelude::Url, Webauthn, WebauthnBuilder};

use super::crypto::SecretKeys;

/// Keys, the WebAuthn relying party and cookie settings.
#[derive(Clone, Debug)]
pub struct Security {
    pub keys: SecretKeys,
    pub webauthn: Webauthn,
    /// `https://…` or `http://localhost:port`: the only origin accepted for
    /// passkeys and state-changing requests.
    pub public_origin: String,
    /// Whether cookies carry `Secure` (everywhere except plain-HTTP
    /// development).
    pub secure_cookies: bool,
}

/// Settings that cannot make a relying party.
#[derive(Debug, thiserror::Error)]
#[error("public origin {origin:?} cannot serve passkeys: {reason}")]
pub struct SecurityError {
    origin: String,
    reason: String,
}

impl Security {
    /// The relying party id is the origin's host name (WebAuthn needs a
    /// name, e.g. `localhost`, not an IP address).
    pub fn new(master_secret: &[u8], public_origin: &str) -> Result<Security, SecurityError> {
        let error = |reason: String| SecurityError {
            origin: public_origin.to_owned(),
            reason,
        };
        let url = Url::parse(public_origin).map_err(|e| error(e.to_string()))?;
        let host = url
            .host_str()
            .ok_or_else(|| error("no host name".to_owned()))?
            .to_owned();
        let webauthn = WebauthnBuilder::new(&host, &url)
            .and_then(|builder| builder.rp_name("技能培训通 SkillPass").build())
            .map_err(|e| error(e.to_string()))?;
        Ok(Security {
            keys: SecretKeys::derive(master_secret),
            webauthn,
            public_origin: public_origin.trim_end_matches('/').to_owned(),
            secure_cookies: public_origin.starts_with("https://"),
        })
    }
}
