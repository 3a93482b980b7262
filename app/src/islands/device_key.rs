//! The phone's device key (issue 22): a non-extractable ECDSA P-256 key
//! that WebCrypto makes and IndexedDB keeps, for phones that cannot hold
//! a passkey. The private half never leaves the browser, not even to this
//! code: it can only ask the browser to sign. Compiled for the browser
//! only.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use leptos::prelude::window;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, IdbDatabase, IdbRequest, IdbTransactionMode, SubtleCrypto};

use crate::domain::PhoneCapability;

const DATABASE: &str = "skillpass";
const STORE: &str = "device-key";
/// The one record of the store: `{ privateKey, publicKey }`, where
/// `publicKey` is the uncompressed point in base64url.
const RECORD: &str = "key";

/// A device key this browser holds.
pub struct HeldKey {
    private_key: CryptoKey,
    /// The uncompressed point, base64url, as the server stores it.
    pub public_key: String,
}

/// Whether this browser can make and keep a device key (WebCrypto needs
/// a secure context; IndexedDB may be switched off).
pub fn supported() -> bool {
    let window = window();
    window.is_secure_context()
        && window.crypto().is_ok()
        && window.indexed_db().ok().flatten().is_some()
}

/// Whether this browser hides passkeys from sites (the WeChat, Alipay
/// and QQ in-app browsers) or has no WebAuthn (UC).
pub fn hides_passkeys() -> bool {
    crate::domain::hides_passkeys(&window().navigator().user_agent().unwrap_or_default())
}

/// What this phone can do for a strong check-in: a platform passkey
/// (`getClientCapabilities` where the browser has it, otherwise
/// `isUserVerifyingPlatformAuthenticatorAvailable`), else a device key,
/// else the password only.
pub async fn capability() -> PhoneCapability {
    if !hides_passkeys() && platform_passkey().await {
        PhoneCapability::Passkey
    } else if supported() {
        PhoneCapability::DeviceKey
    } else {
        PhoneCapability::PasswordOnly
    }
}

/// Tells the server what this phone can do, for the signed-in worker's
/// account (only the class; a failure changes nothing for the worker).
pub fn report_capability() {
    leptos::task::spawn_local(async {
        let class = capability().await;
        let _ = crate::api::device_keys::note_phone_capability(class.code().to_owned()).await;
    });
}

async fn platform_passkey() -> bool {
    let Ok(credential) = Reflect::get(&window(), &text("PublicKeyCredential")) else {
        return false;
    };
    if credential.is_undefined() {
        return false;
    }
    let asked = async {
        let capabilities = Reflect::get(&credential, &text("getClientCapabilities"))?;
        if let Some(ask) = capabilities.dyn_ref::<js_sys::Function>() {
            let found = JsFuture::from(Promise::from(ask.call0(&credential)?)).await?;
            return Reflect::get(&found, &text("userVerifyingPlatformAuthenticator"));
        }
        let ask: js_sys::Function = Reflect::get(
            &credential,
            &text("isUserVerifyingPlatformAuthenticatorAvailable"),
        )?
        .dyn_into()?;
        JsFuture::from(Promise::from(ask.call0(&credential)?)).await
    }
    .await;
    asked.is_ok_and(|answer: JsValue| answer.as_bool() == Some(true))
}

fn subtle() -> Result<SubtleCrypto, JsValue> {
    Ok(window().crypto()?.subtle())
}

fn text(value: &str) -> JsValue {
    JsValue::from_str(value)
}

/// A plain object from name–value pairs.
fn object(fields: &[(&str, JsValue)]) -> Result<Object, JsValue> {
    let object = Object::new();
    for (name, value) in fields {
        Reflect::set(&object, &text(name), value)?;
    }
    Ok(object)
}

/// Waits for an IndexedDB request to succeed; its result.
async fn finished(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let waiting = Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::NULL));
        });
        let on_error = Closure::once_into_js(move || {
            let _ = reject.call0(&JsValue::NULL);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(waiting).await
}

/// Opens the database, making its one store the first time.
async fn database() -> Result<IdbDatabase, JsValue> {
    let factory = window().indexed_db()?.ok_or_else(|| text("no IndexedDB"))?;
    let opening = factory.open_with_u32(DATABASE, 1)?;
    let upgrading = opening.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(database) = upgrading.result() {
            let database: IdbDatabase = database.unchecked_into();
            let _ = database.create_object_store(STORE);
        }
    });
    opening.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    Ok(finished(&opening).await?.unchecked_into())
}

/// The key this browser holds, if it made one.
pub async fn held() -> Option<HeldKey> {
    let found = async {
        let database = database().await?;
        let store = database
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readonly)?
            .object_store(STORE)?;
        finished(&store.get(&text(RECORD))?).await
    }
    .await
    .ok()?;
    let private_key = Reflect::get(&found, &text("privateKey"))
        .ok()?
        .dyn_into::<CryptoKey>()
        .ok()?;
    let public_key = Reflect::get(&found, &text("publicKey")).ok()?.as_string()?;
    Some(HeldKey {
        private_key,
        public_key,
    })
}

/// Makes a new key; [`HeldKey::keep`] keeps it once the server took it.
pub async fn make() -> Result<HeldKey, JsValue> {
    let subtle = subtle()?;
    let algorithm = object(&[("name", text("ECDSA")), ("namedCurve", text("P-256"))])?;
    let usages = Array::of1(&text("sign"));
    let pair = JsFuture::from(subtle.generate_key_with_object(&algorithm, false, &usages)?).await?;
    let private_key: CryptoKey = Reflect::get(&pair, &text("privateKey"))?.dyn_into()?;
    let public: CryptoKey = Reflect::get(&pair, &text("publicKey"))?.dyn_into()?;
    let raw = JsFuture::from(subtle.export_key("raw", &public)?).await?;
    let public_key = URL_SAFE_NO_PAD.encode(Uint8Array::new(&raw).to_vec());
    Ok(HeldKey {
        private_key,
        public_key,
    })
}

impl HeldKey {
    /// Keeps the key in this browser, replacing any earlier one.
    pub async fn keep(&self) -> Result<(), JsValue> {
        let record = object(&[
            ("privateKey", self.private_key.clone().into()),
            ("publicKey", text(&self.public_key)),
        ])?;
        let store = database()
            .await?
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?
            .object_store(STORE)?;
        finished(&store.put_with_key(&record, &text(RECORD))?).await?;
        Ok(())
    }

    /// The key's signature of `message` (ECDSA P-256 with SHA-256, `r‖s`),
    /// base64url.
    pub async fn sign(&self, message: &str) -> Result<String, JsValue> {
        let algorithm = object(&[("name", text("ECDSA")), ("hash", text("SHA-256"))])?;
        let data = Uint8Array::from(message.as_bytes());
        let signed =
            subtle()?.sign_with_object_and_js_u8_array(&algorithm, &self.private_key, &data)?;
        let signature = JsFuture::from(signed).await?;
        Ok(URL_SAFE_NO_PAD.encode(Uint8Array::new(&signature).to_vec()))
    }
}
