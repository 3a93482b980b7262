//! Passkey ceremonies with webauthn-rs. Their state lives in the database
//! for five minutes and is used once, so any app process can finish a
//! ceremony another one started.

use chrono::{DateTime, Duration, Utc};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, DiscoverableKey, Passkey,
    PasskeyRegistration, PublicKeyCredential, RequestChallengeResponse, Uuid,
};
use webauthn_rs_proto::{ResidentKeyRequirement, UserVerificationPolicy};

use super::{
    crypto::random_token,
    database_failure,
    db::{identity as store, Database, Tx},
    internal_absence, internal_fault,
    security::Security,
};
use crate::error::{AppError, Refusal};

/// How long a started ceremony may take.
pub const CEREMONY_LIFETIME: Duration = Duration::minutes(5);

const REGISTRATION: &str = "registration";
const AUTHENTICATION: &str = "authentication";

pub use crate::domain::{
    AuthenticationAnswer, AuthenticationChallenge, RegistrationAnswer, RegistrationChallenge,
};

#[derive(Serialize, Deserialize)]
struct StoredRegistration<P> {
    state: PasskeyRegistration,
    purpose: P,
}

/// Whom a new passkey is for, as the authenticator will show it.
pub struct PasskeyOwner<'a> {
    /// Becomes the passkey's user handle.
    pub id: Uuid,
    pub name: &'a str,
    pub display_name: &'a str,
    /// Passkeys the account has already, not to be created twice.
    pub existing: &'a [Passkey],
}

/// Starts creating a discoverable passkey (resident key, user
/// verification required) for `owner`, and keeps `purpose` with the state
/// for the finishing step.
pub async fn start_registration<P: Serialize>(
    db: &Database,
    security: &Security,
    owner: &PasskeyOwner<'_>,
    purpose: &P,
    now: DateTime<Utc>,
) -> Result<RegistrationChallenge, AppError> {
    let user_id = owner.id;
    let exclude = Some(
        owner
            .existing
            .iter()
            .map(|passkey| passkey.cred_id().clone())
            .collect(),
    );
    let (mut options, state) = security
        .webauthn
        .start_passkey_registration(user_id, owner.name, owner.display_name, exclude)
        .map_err(|error| {
            tracing::error!(%error, "starting a passkey registration");
            AppError::Internal
        })?;
    require_discoverable(&mut options);
    let stored = StoredRegistration { state, purpose };
    let ceremony = keep(db, REGISTRATION, Some(&user_id.to_string()), &stored, now).await?;
    Ok(RegistrationChallenge { ceremony, options })
}

/// A verified new passkey and the purpose given at the start.
pub struct Registered<P> {
    pub passkey: Passkey,
    pub credential_id: String,
    pub user_id: String,
    pub purpose: P,
}

/// Checks the browser's answer against the kept state (used once).
pub async fn finish_registration<P: DeserializeOwned>(
    db: &Database,
    security: &Security,
    answer: &RegistrationAnswer,
    now: DateTime<Utc>,
) -> Result<Registered<P>, AppError> {
    let (user_id, stored): (Option<String>, StoredRegistration<P>) =
        take(db, REGISTRATION, &answer.ceremony, now).await?;
    let passkey = security
        .webauthn
        .finish_passkey_registration(&answer.credential, &stored.state)
        .map_err(|error| {
            tracing::info!(%error, "passkey registration refused");
            AppError::Refused(Refusal::SignInFailed)
        })?;
    Ok(Registered {
        credential_id: credential_key(passkey.cred_id().as_slice()),
        passkey,
        user_id: user_id
            .ok_or_else(|| internal_absence("the registering account of a passkey ceremony"))?,
        purpose: stored.purpose,
    })
}

/// Starts a sign-in without a user name: the browser offers the passkeys
/// it holds for this site.
pub async fn start_authentication(
    db: &Database,
    security: &Security,
    now: DateTime<Utc>,
) -> Result<AuthenticationChallenge, AppError> {
    // A modal prompt behind a button, not the autofill ("conditional") one.
    let (options, state) = start_discoverable(security)?;
    let ceremony = keep(db, AUTHENTICATION, None, &state, now).await?;
    Ok(AuthenticationChallenge { ceremony, options })
}

/// Whom a passkey sign-in proved, with the updated passkey to store.
pub struct Authenticated {
    pub user_id: String,
    pub credential_id: String,
    /// `Some` when the counter or backup flags changed.
    pub updated_passkey: Option<String>,
}

/// Checks a sign-in answer: the user handle names the account, only that
/// account's passkey may answer, the signature, user verification and the
/// counter must hold. The ceremony is read here and used up by the caller
/// in its sign-in transaction ([`spend_authentication`]), so verification
/// runs outside the database's single writer; a replay finds it gone.
pub async fn finish_authentication(
    db: &Database,
    security: &Security,
    answer: &AuthenticationAnswer,
    now: DateTime<Utc>,
) -> Result<Authenticated, AppError> {
    let (_, json) = store::find_ceremony(db, &answer.ceremony, AUTHENTICATION, now)
        .await
        .map_err(database_failure("reading ceremony state"))?
        .ok_or(AppError::Refused(Refusal::Expired))?;
    let state: DiscoverableAuthentication = parse_state(&json)?;
    verify_discoverable(db, security, state, &answer.credential).await
}

/// A discoverable sign-in challenge whose state the caller keeps with
/// what the ceremony is bound to (a check-in keeps the scanned code).
pub fn start_discoverable(
    security: &Security,
) -> Result<(RequestChallengeResponse, DiscoverableAuthentication), AppError> {
    let (mut options, state) = security
        .webauthn
        .start_discoverable_authentication()
        .map_err(|error| {
            tracing::error!(%error, "starting a passkey sign-in");
            AppError::Internal
        })?;
    options.mediation = None;
    Ok((options, state))
}

/// Verifies an answer to a discoverable challenge (see
/// [`finish_authentication`] for what is checked).
pub async fn verify_discoverable(
    db: &Database,
    security: &Security,
    state: DiscoverableAuthentication,
    credential: &PublicKeyCredential,
) -> Result<Authenticated, AppError> {
    let refused = |error: &dyn std::fmt::Display| {
        tracing::info!(%error, "passkey sign-in refused");
        AppError::Refused(Refusal::SignInFailed)
    };
    let (user_uuid, raw_id) = security
        .webauthn
        .identify_discoverable_authentication(credential)
        .map_err(|e| refused(&e))?;
    let user_id = user_uuid.to_string();
    let credential_id = credential_key(raw_id);
    let row = store::find_passkey(db, &user_id, &credential_id)
        .await
        .map_err(database_failure("reading a passkey"))?
        .ok_or_else(|| refused(&"unknown credential for this user"))?;
    let mut passkey: Passkey = serde_json::from_str(&row.passkey).map_err(|error| {
        tracing::error!(%error, "a stored passkey does not parse");
        AppError::Internal
    })?;
    let result = security
        .webauthn
        .finish_discoverable_authentication(credential, state, &[DiscoverableKey::from(&passkey)])
        .map_err(|e| refused(&e))?;
    let updated_passkey = match passkey.update_credential(&result) {
        Some(true) => Some(serde_json::to_string(&passkey).map_err(internal_fault)?),
        _ => None,
    };
    Ok(Authenticated {
        user_id,
        credential_id,
        updated_passkey,
    })
}

/// Uses up a sign-in ceremony inside the sign-in transaction: only one
/// request can, so an answer is accepted at most once.
pub async fn spend_authentication(tx: &mut Tx, ceremony: &str) -> Result<(), AppError> {
    let spent = store::delete_ceremony(tx, ceremony)
        .await
        .map_err(database_failure("using up ceremony state"))?;
    if spent {
        Ok(())
    } else {
        Err(AppError::Refused(Refusal::Expired))
    }
}

/// Uses up a ceremony whose answer failed, so it cannot be tried again.
pub async fn discard_authentication(
    db: &Database,
    ceremony: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    store::take_ceremony(db, ceremony, AUTHENTICATION, now)
        .await
        .map(|_| ())
        .map_err(database_failure("discarding ceremony state"))
}

/// The passkeys of an account, parsed.
pub async fn passkeys_of(db: &Database, user_id: &str) -> Result<Vec<Passkey>, AppError> {
    let rows = store::list_passkeys(db, user_id)
        .await
        .map_err(database_failure("listing passkeys"))?;
    rows.iter()
        .map(|row| serde_json::from_str(&row.passkey).map_err(internal_fault))
        .collect()
}

/// webauthn-rs sends `residentKey: discouraged`; a passkey that signs in
/// without a user name must be discoverable, with user verification.
fn require_discoverable(options: &mut CreationChallengeResponse) {
    let selection = options
        .public_key
        .authenticator_selection
        .get_or_insert_with(Default::default);
    selection.resident_key = Some(ResidentKeyRequirement::Required);
    selection.require_resident_key = true;
    selection.user_verification = UserVerificationPolicy::Required;
}

/// How a credential id is stored: hex of its bytes.
pub fn credential_key(raw_id: &[u8]) -> String {
    hex::encode(raw_id)
}

async fn keep<T: Serialize>(
    db: &Database,
    kind: &str,
    user_id: Option<&str>,
    state: &T,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    keep_until(db, kind, user_id, state, now + CEREMONY_LIFETIME).await
}

/// Keeps ceremony state under a new random id until `expires_at`.
/// Expired state is swept by [`sweep_expired`], off the request path.
pub(crate) async fn keep_until<T: Serialize>(
    db: &Database,
    kind: &str,
    user_id: Option<&str>,
    state: &T,
    expires_at: DateTime<Utc>,
) -> Result<String, AppError> {
    let id = random_token();
    let json = serde_json::to_string(state).map_err(internal_fault)?;
    store::insert_ceremony(db, &id, kind, user_id, &json, expires_at)
        .await
        .map_err(database_failure("keeping ceremony state"))?;
    Ok(id)
}

/// Forgets expired ceremonies (and check-in scans); run periodically.
pub async fn sweep_expired(db: &Database, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    store::delete_expired_ceremonies(db, now).await
}

async fn take<T: DeserializeOwned>(
    db: &Database,
    kind: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(Option<String>, T), AppError> {
    let (user_id, json) = store::take_ceremony(db, id, kind, now)
        .await
        .map_err(database_failure("taking ceremony state"))?
        .ok_or(AppError::Refused(Refusal::Expired))?;
    Ok((user_id, parse_state(&json)?))
}

pub(crate) fn parse_state<T: DeserializeOwned>(json: &str) -> Result<T, AppError> {
    serde_json::from_str(json).map_err(|error| {
        tracing::error!(%error, "stored ceremony state does not parse");
        AppError::Internal
    })
}
