//! The device key's server function: registering this phone's key.

use leptos::{prelude::*, server_fn::codec::Json};

use crate::error::AppError;

/// Registers the key this phone's browser made: the password again (a
/// passkey session needs none), the public key and its signature of
/// `skillpass device key\n<account id>`.
#[server(prefix = "/sfn", endpoint = "device-key", input = Json)]
pub async fn register_device_key(
    password: Option<String>,
    public_key: String,
    signature: String,
) -> Result<(), AppError> {
    use super::context::{client_address, respond_privately, signed_in};
    use crate::server::device_keys;

    respond_privately(
        async {
            let (state, _, actor) = signed_in().await?;
            let address = client_address(&state);
            let password = password.as_deref().filter(|password| !password.is_empty());
            let now = state.clock.now();
            device_keys::register(
                &state,
                &actor,
                address,
                password,
                &public_key,
                &signature,
                now,
            )
            .await
        }
        .await,
    )
}

/// Keeps what the signed-in worker's phone can do, as its browser found
/// out (`passkey`, `device_key` or `password_only`).
#[server(prefix = "/sfn", endpoint = "phone-capability")]
pub async fn note_phone_capability(capability: String) -> Result<(), AppError> {
    use super::context::{respond_privately, signed_in};
    use crate::{domain::PhoneCapability, server::device_keys};

    respond_privately(
        async {
            let capability = PhoneCapability::parse(&capability)?;
            let (state, _, actor) = signed_in().await?;
            device_keys::note_capability(&state, &actor, capability).await
        }
        .await,
    )
}
