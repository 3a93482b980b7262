//! A software authenticator standing in for the phone. SoftPasskey cannot
//! keep discoverable credentials, so this plays the browser's part: it
//! answers the server's real challenges, offering the credential it made
//! and the user handle a resident key would return (unsigned, as in
//! WebAuthn).

use serde_json::{json, Value};
use url::Url;
use webauthn_authenticator_rs::{softpasskey::SoftPasskey, WebauthnAuthenticator};
use webauthn_rs::prelude::{CreationChallengeResponse, RequestChallengeResponse, Uuid};
use webauthn_rs_proto::AllowCredentials;

pub struct Phone {
    authenticator: WebauthnAuthenticator<SoftPasskey>,
    origin: Url,
    credentials: Vec<(Vec<u8>, Uuid)>,
}

impl Phone {
    pub fn new(origin: &str) -> Phone {
        Phone {
            authenticator: WebauthnAuthenticator::new(SoftPasskey::new(true)),
            origin: Url::parse(origin).expect("an origin"),
            credentials: Vec::new(),
        }
    }

    /// A phone whose browser reports another origin (a phishing site).
    pub fn at_origin(&mut self, origin: &str) {
        self.origin = Url::parse(origin).expect("an origin");
    }

    /// Answers `{ceremony, publicKey}` from a registration start.
    pub fn create(&mut self, challenge: &Value) -> Value {
        let mut options: CreationChallengeResponse =
            serde_json::from_value(challenge["publicKey"].clone()).expect("creation options");
        let selection = options
            .public_key
            .authenticator_selection
            .as_ref()
            .expect("selection");
        assert_eq!(
            serde_json::to_value(selection).expect("json")["residentKey"],
            "required",
            "passkeys must be discoverable"
        );
        let user =
            Uuid::from_slice(options.public_key.user.id.as_ref()).expect("a UUID user handle");
        if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
            selection.require_resident_key = false;
        }
        let credential = self
            .authenticator
            .do_registration(self.origin.clone(), options)
            .expect("the authenticator creates a passkey");
        self.credentials
            .push((credential.raw_id.as_ref().to_vec(), user));
        json!({ "ceremony": challenge["ceremony"], "credential": credential, "label": "测试手机" })
    }

    /// Answers `{ceremony, publicKey}` from a sign-in start with the
    /// newest passkey on this phone.
    pub fn sign_in(&mut self, challenge: &Value) -> Value {
        let mut options: RequestChallengeResponse =
            serde_json::from_value(challenge["publicKey"].clone()).expect("request options");
        assert!(
            options.public_key.allow_credentials.is_empty(),
            "no user name is asked for"
        );
        let (raw_id, user) = self
            .credentials
            .last()
            .cloned()
            .expect("a passkey on this phone");
        options.public_key.allow_credentials = vec![AllowCredentials {
            type_: "public-key".to_owned(),
            id: raw_id.into(),
            transports: None,
        }];
        let mut assertion = self
            .authenticator
            .do_authentication(self.origin.clone(), options)
            .expect("the authenticator signs");
        assertion.response.user_handle = Some(user.as_bytes().to_vec().into());
        json!({ "ceremony": challenge["ceremony"], "credential": assertion })
    }
}
