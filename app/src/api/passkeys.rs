//! What the passkey island asks for: the challenge of each ceremony
//! (registering, signing in, a one-time code, adding a passkey) and the
//! finishing step, which signs the person in. Every ceremony needs the
//! browser's WebAuthn, so these are called by the island, never by a
//! plain form.

use leptos::{prelude::*, server_fn::codec::Json};

use crate::{
    domain::{
        AuthenticationAnswer, AuthenticationChallenge, RegistrationAnswer, RegistrationChallenge,
    },
    error::AppError,
};

/// Step 1 of a worker's registration with a passkey: the details are
/// checked and the phone is asked for a new passkey.
#[server(prefix = "/sfn", endpoint = "register-with-passkey", input = Json)]
pub async fn start_worker_registration(
    real_name: String,
    id_number: String,
    mobile: String,
    city: String,
    categories: Vec<String>,
) -> Result<RegistrationChallenge, AppError> {
    use super::context::{client_address, request, respond_privately};
    use crate::{
        domain::{CalendarDate, NewWorker, WorkerRegistrationInput},
        server::accounts,
    };

    respond_privately(
        async {
            let now = super::context::now()?;
            let input = WorkerRegistrationInput {
                real_name,
                id_number,
                mobile,
                city,
                categories,
            };
            let worker = NewWorker::parse(&input, CalendarDate::of(now))?;
            let (state, _) = request()?;
            let address = client_address(&state);
            accounts::start_worker_registration(&state, address, &worker, now).await
        }
        .await,
    )
}

/// Step 1 of a recovery or a staff enrolment with the one-time code a
/// staff member handed over.
#[server(prefix = "/sfn", endpoint = "passkey-with-code")]
pub async fn start_with_code(
    login: String,
    code: String,
) -> Result<RegistrationChallenge, AppError> {
    use super::context::{client_address, request, respond_privately};
    use crate::{domain::OneTimeCode, server::accounts};

    respond_privately(
        async {
            let code = OneTimeCode::parse(&code)?;
            let (state, _) = request()?;
            let address = client_address(&state);
            accounts::start_with_code(&state, address, &login, &code, state.clock.now()).await
        }
        .await,
    )
}

/// Step 1 of adding a passkey (a new phone) to the signed-in account; a
/// session that signed in with a password gives the password again.
#[server(prefix = "/sfn", endpoint = "add-passkey")]
pub async fn start_adding_passkey(
    password: Option<String>,
) -> Result<RegistrationChallenge, AppError> {
    use super::context::{client_address, respond_privately, signed_in};
    use crate::server::accounts;

    respond_privately(
        async {
            let (state, _, actor) = signed_in().await?;
            let address = client_address(&state);
            let password = password.as_deref().filter(|password| !password.is_empty());
            accounts::start_adding_passkey(&state, &actor, address, password, state.clock.now())
                .await
        }
        .await,
    )
}

/// Step 2 of every registration: the phone's new passkey is checked and
/// stored, and its owner is signed in with it.
#[server(prefix = "/sfn", endpoint = "finish-passkey", input = Json)]
pub async fn finish_passkey_registration(answer: RegistrationAnswer) -> Result<(), AppError> {
    use super::context::{client_address, request, respond_privately, set_cookie};
    use crate::server::accounts;

    respond_privately(
        async {
            let (state, headers) = request()?;
            let address = client_address(&state);
            let now = state.clock.now();
            let signed_in = accounts::finish_passkey_registration(
                &state,
                &crate::server::request::presented_session(&headers),
                address,
                &answer,
                now,
            )
            .await?;
            set_cookie(&signed_in.set_cookie);
            Ok(())
        }
        .await,
    )
}

/// Step 1 of signing in with a passkey: a challenge any passkey of this
/// site on the phone can answer.
#[server(prefix = "/sfn", endpoint = "sign-in-with-passkey")]
pub async fn start_passkey_sign_in() -> Result<AuthenticationChallenge, AppError> {
    use super::context::{client_address, request, respond_privately};
    use crate::server::accounts;

    respond_privately(
        async {
            let (state, _) = request()?;
            let address = client_address(&state);
            accounts::start_passkey_sign_in(&state, address, state.clock.now()).await
        }
        .await,
    )
}

/// Step 2 of signing in with a passkey: the answer is checked and a
/// session starts.
#[server(prefix = "/sfn", endpoint = "finish-sign-in", input = Json)]
pub async fn finish_passkey_sign_in(answer: AuthenticationAnswer) -> Result<(), AppError> {
    use super::context::{client_address, request, respond_privately, set_cookie};
    use crate::server::accounts;

    respond_privately(
        async {
            let (state, headers) = request()?;
            let address = client_address(&state);
            let now = state.clock.now();
            let signed_in = accounts::finish_passkey_sign_in(
                &state,
                &crate::server::request::presented_session(&headers),
                address,
                &answer,
                now,
            )
            .await?;
            set_cookie(&signed_in.set_cookie);
            Ok(())
        }
        .await,
    )
}
