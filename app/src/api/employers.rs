//! Employer registration, the bureau's verification and the correction
//! of a rejected registration, as forms that work without JavaScript.

// A form's fields are a server function's arguments: the registration has
// nine, and the macro's generated functions take them all.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;

/// A company registers with its first staff account, which is signed in
/// (with the password chosen here); then its page shows it waiting for
/// the bureau.
#[server(prefix = "/sfn", endpoint = "register-employer")]
pub async fn register_employer(
    name: String,
    credit_code: String,
    address: String,
    city: String,
    contact_person: String,
    contact_mobile: String,
    display_name: String,
    username: String,
    password: String,
) -> Result<(), AppError> {
    use super::context::{client_address, end_form, request, set_cookie, After};
    use crate::{
        domain::{CompanyInput, EmployerRegistration, EmployerRegistrationInput},
        server::{employers, flash::Done, request::presented_session},
    };

    let registered = async {
        let input = EmployerRegistrationInput {
            company: CompanyInput {
                name,
                credit_code,
                address,
                city,
                contact_person,
                contact_mobile,
            },
            display_name,
            username,
            password,
        };
        let registration = EmployerRegistration::try_from(&input)?;
        let (state, headers) = request()?;
        let address = client_address(&state);
        let presented = presented_session(&headers);
        let now = state.clock.now();
        let signed_in =
            employers::register(&state, &presented, address, &registration, now).await?;
        set_cookie(&signed_in.set_cookie);
        Ok(signed_in.me.account.employer_id.unwrap_or_default())
    }
    .await;
    let next = match &registered {
        Ok(id) => format!("/employers/{id}"),
        Err(_) => String::new(),
    };
    end_form(registered, Done::EmployerRegistered, After::Page(&next)).map(drop)
}

/// The bureau verifies (`decision` = `verify`) or rejects (`reject`, with
/// a reason) a registration.
#[server(prefix = "/sfn", endpoint = "decide-employer")]
pub async fn decide_employer(
    employer_id: i64,
    decision: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{
        employers::{self, EmployerDecision},
        flash::Done,
    };

    let decided = async {
        let decision = EmployerDecision::parse(&decision, &reason.unwrap_or_default())?;
        let (state, _, actor) = signed_in().await?;
        employers::decide(&state, &actor, employer_id, &decision, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(decided, Done::EmployerDecided, After::SamePage)
}

/// The employer's staff corrects a pending or rejected registration.
#[server(prefix = "/sfn", endpoint = "correct-employer")]
pub async fn correct_employer(
    employer_id: i64,
    name: String,
    credit_code: String,
    address: String,
    city: String,
    contact_person: String,
    contact_mobile: String,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{Company, CompanyInput},
        server::{employers, flash::Done},
    };

    let corrected = async {
        let company = Company::try_from(&CompanyInput {
            name,
            credit_code,
            address,
            city,
            contact_person,
            contact_mobile,
        })?;
        let (state, _, actor) = signed_in().await?;
        employers::correct(&state, &actor, employer_id, &company, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(corrected, Done::EmployerCorrected, After::SamePage)
}
