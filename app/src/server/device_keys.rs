//! Device-bound keys: the middle level of check-in assurance, for the
//! phones that cannot hold a passkey (mainland Android without Google
//! services, the WeChat and Alipay in-app browsers).
//!
//! The browser makes a non-extractable P-256 key with WebCrypto and keeps
//! it on the phone; the server keeps only the public half (the
//! uncompressed SEC1 point) and checks ECDSA P-256 / SHA-256 signatures in
//! WebCrypto's `r‖s` form with the `p256` crate. A check-in confirmed with
//! it proves that the registered phone was used, not only that someone
//! knew the password. One key per worker at a time: a new phone means
//! recovery at the bureau, which removes it.

use std::net::IpAddr;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::{DateTime, Utc};
use p256::ecdsa::{signature::Verifier, Signature, VerifyingKey};

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    credentials,
    crypto::sha256_hex,
    database_failure,
    db::{device_keys as store, Tx},
    inbox, internal_fault, passkeys, AppState,
};
use crate::views::{AssuranceSummary, MarksOfLevel, WorkersOfClass};
use crate::{
    domain::{registration_message, City, Field, InputError, Me, PhoneCapability, Role},
    error::{AppError, Conflict, Refusal},
};

/// The public half of a worker's device key.
#[derive(Clone, Debug)]
pub struct DeviceKey(VerifyingKey);

/// The longest base64url text of a key (65 bytes: 87 characters) or a
/// signature (64 bytes: 86): anything longer is refused before decoding.
const MAX_ENCODED: usize = 88;

impl DeviceKey {
    /// Reads an uncompressed P-256 point in base64url (WebCrypto's `raw`
    /// export); anything else cannot come from our island.
    pub fn parse(encoded: &str) -> Result<Self, AppError> {
        if encoded.len() > MAX_ENCODED {
            return Err(AppError::Malformed);
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(encoded.trim())
            .map_err(|_| AppError::Malformed)?;
        VerifyingKey::from_sec1_bytes(&bytes)
            .map(DeviceKey)
            .map_err(|_| AppError::Malformed)
    }

    /// A short name of the key for the records: `device-key:` and the
    /// first 16 hex digits of the SHA-256 of its stored form.
    pub fn fingerprint(&self) -> String {
        format!(
            "device-key:{}",
            &sha256_hex(self.encoded().as_bytes())[..16]
        )
    }

    /// The key as stored: the uncompressed point in base64url.
    pub fn encoded(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0.to_encoded_point(false).as_bytes())
    }

    /// Whether `signature` (base64url of WebCrypto's 64-byte `r‖s`) signs
    /// `message` with this key.
    pub fn signed(&self, message: &str, signature: &str) -> bool {
        if signature.len() > MAX_ENCODED {
            return false;
        }
        URL_SAFE_NO_PAD
            .decode(signature.trim())
            .ok()
            .and_then(|bytes| Signature::from_slice(&bytes).ok())
            .is_some_and(|signature| self.0.verify(message.as_bytes(), &signature).is_ok())
    }
}

/// Registers the signed-in worker's device key: the password again (a
/// passkey session needs nothing more), the public key and its signature
/// of [`registration_message`]. A second key is refused (409), and so is
/// a key for an account that has a passkey (it confirms with that). The
/// worker's inbox says when a key was set up and what to do if it was
/// not them: whoever registers first holds the account's key, so the
/// worker must hear of it.
pub async fn register(
    state: &AppState,
    actor: &Actor,
    address: IpAddr,
    password: Option<&str>,
    public_key: &str,
    signature: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if actor.role != Role::Worker {
        return Err(AppError::Refused(Refusal::OutOfScope));
    }
    credentials::reauthenticate(state, actor, address, password, now).await?;
    if !passkeys::passkeys_of(&state.db, &actor.user_id)
        .await?
        .is_empty()
    {
        return Err(AppError::Conflict(Conflict::PasskeyHeld));
    }
    let key = DeviceKey::parse(public_key)?;
    let target = format!("user:{}", actor.user_id);
    let fingerprint = key.fingerprint();
    if !key.signed(&registration_message(&actor.user_id), signature) {
        let entry = Entry {
            actor: Some(actor),
            action: "device_key.register",
            target: &target,
            outcome: outcome::FAILED,
            reason: &format!("{fingerprint}: signature refused"),
            city: actor.city,
        };
        audit::record_from(&state.db, &entry, Some(address), now).await?;
        return Err(AppError::Refused(Refusal::SignInFailed));
    }
    let failed = || database_failure("registering a device key");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::insert_device_key(&mut tx, &actor.user_id, &key.encoded(), now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::DeviceKeyExists));
    }
    let entry = Entry {
        actor: Some(actor),
        action: "device_key.register",
        target: &target,
        outcome: outcome::DONE,
        reason: &format!("{fingerprint} set up on the worker's phone"),
        city: actor.city,
    };
    audit::record_in_from(&mut tx, &entry, Some(address), now).await?;
    inbox::device_key_registered(&mut tx, &actor.user_id, now).await?;
    tx.commit().await.map_err(failed())
}

/// Notes that the worker's key confirmed a check-in.
pub async fn note_use(tx: &mut Tx, user_id: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    store::touch_device_key(tx, user_id, now)
        .await
        .map_err(database_failure("noting a device key's use"))
}

/// When the worker's device key was set up, if they have one.
pub async fn registered_at(
    state: &AppState,
    user_id: &str,
) -> Result<Option<DateTime<Utc>>, AppError> {
    store::find_device_key(&state.db, user_id)
        .await
        .map(|row| row.map(|row| row.registered_at))
        .map_err(database_failure("reading a device key"))
}

/// The worker's device key, if they have one.
pub async fn key_of(state: &AppState, user_id: &str) -> Result<Option<DeviceKey>, AppError> {
    let row = store::find_device_key(&state.db, user_id)
        .await
        .map_err(database_failure("reading a device key"))?;
    row.map(|row| DeviceKey::parse(&row.public_key).map_err(internal_fault))
        .transpose()
}

/// Whether to offer a worker the device key (every check-in, until they
/// have one): the account id of a worker with neither a passkey nor a
/// device key.
pub async fn offered_to(state: &AppState, actor: &Actor) -> Result<Option<String>, AppError> {
    if actor.role != Role::Worker || key_of(state, &actor.user_id).await?.is_some() {
        return Ok(None);
    }
    let passkeys = passkeys::passkeys_of(&state.db, &actor.user_id).await?;
    Ok(passkeys.is_empty().then(|| actor.user_id.clone()))
}

/// Keeps what the signed-in worker's phone can do, as its browser found
/// out: only the class, nothing else about the phone.
pub async fn note_capability(
    state: &AppState,
    actor: &Actor,
    capability: PhoneCapability,
) -> Result<(), AppError> {
    if actor.role != Role::Worker {
        return Err(AppError::Refused(Refusal::OutOfScope));
    }
    store::set_phone_capability(&state.db, &actor.user_id, capability.code())
        .await
        .map(drop)
        .map_err(database_failure("noting what a phone can do"))
}

/// Keeps what the phone of someone who just signed in or registered with
/// a password can do, as the form's island worked it out (nothing without
/// JavaScript). Only workers' phones are counted.
pub async fn note_capability_at_sign_in(
    state: &AppState,
    me: &Me,
    capability: Option<PhoneCapability>,
) -> Result<(), AppError> {
    match capability {
        Some(capability) if me.account.role == Role::Worker => {
            store::set_phone_capability(&state.db, &me.account.id, capability.code())
                .await
                .map(drop)
                .map_err(database_failure("noting what a phone can do"))
        }
        _ => Ok(()),
    }
}

/// The summary of `city` for its bureau, or of any city for the province.
/// A bureau that names no city gets its own.
pub async fn assurance_summary(
    state: &AppState,
    actor: &Actor,
    city: Option<City>,
    now: DateTime<Utc>,
) -> Result<AssuranceSummary, AppError> {
    let scope = match actor.supervision_scope() {
        Ok(scope) => scope,
        Err(_) => return Err(audit::refuse(&state.db, actor, "assurance-summary", now).await),
    };
    let city = match (scope, city) {
        (Some(own), Some(asked)) if own != asked => {
            return Err(audit::refuse(&state.db, actor, "assurance-summary", now).await)
        }
        (Some(own), _) | (None, Some(own)) => own,
        (None, None) => return Err(InputError::Required { field: Field::City }.into()),
    };
    let failed = || database_failure("counting a city's assurance");
    let workers = store::count_workers_by_capability(&state.db, city.code())
        .await
        .map_err(failed())?
        .into_iter()
        .map(|(capability, count)| WorkersOfClass { capability, count })
        .collect();
    let marks = store::count_marks_by_assurance(&state.db, city.code())
        .await
        .map_err(failed())?
        .into_iter()
        .map(|(assurance, count)| MarksOfLevel { assurance, count })
        .collect();
    Ok(AssuranceSummary {
        city,
        workers,
        marks,
    })
}
