//! The password fallback: argon2id, always off the async runtime and
//! never more at once than the process has hashing slots, so a burst of
//! password attempts cannot take every core.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};

use tokio::sync::{Semaphore, SemaphorePermit};

use super::internal_fault;
use crate::{domain::Password, error::AppError};

/// How long a request waits for a hashing slot before it is told to come
/// back later.
const SLOT_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

async fn slot(slots: &Semaphore) -> Result<SemaphorePermit<'_>, AppError> {
    match tokio::time::timeout(SLOT_WAIT, slots.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(_closed)) => Err(AppError::Unavailable),
        Err(_waited_too_long) => Err(AppError::TooManyRequests {
            retry_after_seconds: 5,
        }),
    }
}

/// A PHC-format argon2id hash of `password`.
pub async fn hash(slots: &Semaphore, password: &Password) -> Result<String, AppError> {
    let password = password.expose().to_owned();
    let _slot = slot(slots).await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(internal_fault)?
    .map_err(|error| {
        tracing::error!(%error, "hashing a password");
        AppError::Internal
    })
}

/// A hash of a password nobody knows, verified when the account does not
/// exist so that both cases take the same time.
const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2tpbGxwYXNzZGVjb3k$2mBd8nQm1hY0Wl2WfA9c9b7m4v0F8r3x5oE1hZ8m6kQ";

/// Whether `password` matches `stored` (or, with no account, a decoy).
pub async fn verify(
    slots: &Semaphore,
    password: &Password,
    stored: Option<&str>,
) -> Result<bool, AppError> {
    let password = password.expose().to_owned();
    let known = stored.is_some();
    let _slot = slot(slots).await?;
    let stored = stored.unwrap_or(DECOY_HASH).to_owned();
    let matched = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    Ok(known && matched)
}
