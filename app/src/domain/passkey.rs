//! The messages of a passkey ceremony, as the server sends them and the
//! browser answers them. The browser's island converts its credential
//! objects into the answers (`webauthn-rs-proto`'s `wasm` feature); the
//! server checks them with webauthn-rs.

use serde::{Deserialize, Serialize};
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};

/// What the browser needs to create a passkey, and the ceremony to quote
/// when finishing.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RegistrationChallenge {
    pub ceremony: String,
    #[serde(rename = "publicKey")]
    /// WebAuthn's options or credential, as the browser API defines it.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub options: CreationChallengeResponse,
}

/// What the browser needs to sign in with a passkey.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuthenticationChallenge {
    pub ceremony: String,
    #[serde(rename = "publicKey")]
    /// WebAuthn's options or credential, as the browser API defines it.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub options: RequestChallengeResponse,
}

/// The browser's answer to a registration challenge.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RegistrationAnswer {
    pub ceremony: String,
    /// WebAuthn's options or credential, as the browser API defines it.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub credential: RegisterPublicKeyCredential,
    /// What the phone calls itself, to tell passkeys apart on the account
    /// page.
    #[serde(default)]
    pub label: String,
}

/// The browser's answer to a sign-in challenge.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuthenticationAnswer {
    pub ceremony: String,
    /// WebAuthn's options or credential, as the browser API defines it.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub credential: PublicKeyCredential,
}
