//! The account forms that work without JavaScript.

use leptos::prelude::*;

use crate::error::AppError;

/// Ends this session, or with `everywhere` every session of the account;
/// then shows the home page.
#[server(prefix = "/sfn", endpoint = "sign-out")]
pub async fn sign_out(everywhere: Option<String>) -> Result<(), AppError> {
    use super::context::{end_form, set_cookie, signed_in, After};
    use crate::server::{accounts, flash::Done, sessions};

    let everywhere = everywhere.is_some();
    let ended = async {
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        if everywhere {
            accounts::sign_out_everywhere(&state, &actor, now).await?;
        } else {
            accounts::sign_out(&state, &actor, now).await?;
        }
        set_cookie(&sessions::clearing_cookie(&state.security));
        Ok(())
    }
    .await;
    let done = if everywhere {
        Done::SignedOutEverywhere
    } else {
        Done::SignedOut
    };
    end_form(ended, done, After::Page("/"))
}

/// Disables (`disable`) or enables again a staff account, with a reason.
#[server(prefix = "/sfn", endpoint = "staff-status")]
pub async fn set_staff_status(id: String, disable: bool, reason: String) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::Reason,
        server::{flash::Done, staff_accounts},
    };

    let changed = async {
        let reason = Reason::parse(&reason)?;
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        staff_accounts::set_staff_disabled(&state, &actor, &id, disable, &reason, now).await?;
        Ok(())
    }
    .await;
    let done = if disable {
        Done::StaffDisabled
    } else {
        Done::StaffEnabled
    };
    end_form(changed, done, After::SamePage)
}

/// Gives a staff account another role (and institution), with a reason.
#[server(prefix = "/sfn", endpoint = "staff-role")]
pub async fn change_staff_role(
    id: String,
    role: String,
    institution_id: Option<String>,
    reason: String,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{parse_bounded_int, Field, RoleChange, RoleChangeInput},
        server::{flash::Done, staff_accounts},
    };

    let changed = async {
        let institution_id = match institution_id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(parse_bounded_int(Field::Id, raw, 1, i64::MAX)?),
        };
        let input = RoleChangeInput {
            role,
            institution_id,
            reason,
        };
        let change = RoleChange::try_from(&input)?;
        let (state, _, actor) = signed_in().await?;
        staff_accounts::change_staff_role(&state, &actor, &id, &change, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(changed, Done::RoleChanged, After::SamePage)
}

/// Signs in with a password (an ID number or a user name as `login`),
/// then shows `next` when it is a page of this site, else the account.
/// `phone_capability` is what the page's island found the phone can do.
#[server(prefix = "/sfn", endpoint = "sign-in-with-password")]
pub async fn sign_in_with_password(
    login: String,
    password: String,
    next: Option<String>,
    phone_capability: Option<String>,
) -> Result<(), AppError> {
    use super::context::{client_address, end_form, request, set_cookie, After};
    use crate::{
        domain::{Password, PhoneCapability},
        server::{accounts, device_keys, flash::Done},
    };

    let signed_in = async {
        let password = Password::parse(&password)?;
        let (state, headers) = request()?;
        let address = client_address(&state);
        let now = state.clock.now();
        let signed_in = accounts::sign_in_with_password(
            &state,
            &crate::server::request::presented_session(&headers),
            address,
            &login,
            &password,
            now,
        )
        .await?;
        set_cookie(&signed_in.set_cookie);
        let capability = phone_capability.and_then(|code| PhoneCapability::parse(&code).ok());
        // Signed in already: a failure to note the phone's class is logged
        // (by the service) and does not undo the sign-in.
        let _ = device_keys::note_capability_at_sign_in(&state, &signed_in.me, capability).await;
        Ok(())
    }
    .await;
    let next = next
        .filter(|path| crate::url::is_local_path(path))
        .unwrap_or_else(|| "/account".to_owned());
    end_form(signed_in, Done::SignedIn, After::Page(&next))
}

/// Sets a password with a one-time code from the bureau (a worker's
/// recovery or a new staff member's enrolment), then shows the account.
#[server(prefix = "/sfn", endpoint = "password-with-code")]
pub async fn set_password_with_code(
    login: String,
    code: String,
    password: String,
) -> Result<(), AppError> {
    use super::context::{client_address, end_form, request, set_cookie, After};
    use crate::{
        domain::{OneTimeCode, Password},
        server::{accounts, flash::Done},
    };

    let set = async {
        let code = OneTimeCode::parse(&code)?;
        let password = Password::parse(&password)?;
        let (state, headers) = request()?;
        let address = client_address(&state);
        let now = state.clock.now();
        let signed_in = accounts::set_password_with_code(
            &state,
            &crate::server::request::presented_session(&headers),
            address,
            &login,
            &code,
            &password,
            now,
        )
        .await?;
        set_cookie(&signed_in.set_cookie);
        Ok(())
    }
    .await;
    end_form(set, Done::PasswordSet, After::Page("/account"))
}

/// Removes one of the signed-in person's passkeys (not their last way to
/// sign in).
#[server(prefix = "/sfn", endpoint = "remove-passkey")]
pub async fn remove_passkey(id: String) -> Result<(), AppError> {
    use super::context::{client_address, end_form, signed_in, After};
    use crate::server::{credentials, flash::Done};

    let removed = async {
        let (state, _, actor) = signed_in().await?;
        let address = client_address(&state);
        credentials::remove_passkey(&state, &actor, address, &id, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(removed, Done::PasskeyRemoved, After::SamePage)
}

/// Registers a worker with a password, for browsers without passkeys
/// (the account is marked as using the weaker method), then shows the
/// account. The categories are ticked boxes named `categories[]`.
#[server(prefix = "/sfn", endpoint = "register-with-password")]
pub async fn register_with_password(
    real_name: String,
    id_number: String,
    mobile: String,
    city: String,
    categories: Option<Vec<String>>,
    password: String,
    phone_capability: Option<String>,
) -> Result<(), AppError> {
    use super::context::{client_address, end_form, request, set_cookie, After};
    use crate::{
        domain::{NewWorker, Password, PhoneCapability, WorkerRegistrationInput},
        server::{accounts, device_keys, flash::Done},
    };

    let registered = async {
        let now = super::context::now()?;
        let input = WorkerRegistrationInput {
            real_name,
            id_number,
            mobile,
            city,
            categories: categories.unwrap_or_default(),
        };
        let worker = NewWorker::parse(&input, crate::domain::CalendarDate::of(now))?;
        let password = Password::parse(&password)?;
        let (state, headers) = request()?;
        let address = client_address(&state);
        let signed_in = accounts::register_worker_with_password(
            &state,
            &crate::server::request::presented_session(&headers),
            address,
            &worker,
            &password,
            now,
        )
        .await?;
        set_cookie(&signed_in.set_cookie);
        let capability = phone_capability.and_then(|code| PhoneCapability::parse(&code).ok());
        // Signed in already: a failure to note the phone's class is logged
        // (by the service) and does not undo the sign-in.
        let _ = device_keys::note_capability_at_sign_in(&state, &signed_in.me, capability).await;
        Ok(())
    }
    .await;
    end_form(registered, Done::Registered, After::Page("/account"))
}

/// After a recovery: keeps the suspended passkeys ticked (`keep[]`) and
/// removes the others.
#[server(prefix = "/sfn", endpoint = "review-passkeys")]
pub async fn review_passkeys(keep: Option<Vec<String>>) -> Result<(), AppError> {
    use super::context::{client_address, end_form, signed_in, After};
    use crate::server::{credentials, flash::Done};

    let reviewed = async {
        let (state, _, actor) = signed_in().await?;
        let address = client_address(&state);
        let keep = keep.unwrap_or_default();
        credentials::review_passkeys(&state, &actor, address, &keep, state.clock.now()).await
    }
    .await;
    end_form(reviewed, Done::PasskeysReviewed, After::SamePage)
}

/// A bureau or the province creates a staff account; the page that
/// follows shows the enrolment code to hand over, once.
#[server(prefix = "/sfn", endpoint = "create-staff")]
pub async fn create_staff_account(
    role: String,
    display_name: String,
    username: String,
    city: Option<String>,
    institution_id: Option<String>,
    employer_id: Option<String>,
    organisation: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form_telling, signed_in, After};
    use crate::{
        domain::{NewStaffAccount, StaffAccountInput},
        server::accounts,
    };

    let created = async {
        let input = StaffAccountInput {
            role,
            display_name,
            username,
            city: city.unwrap_or_default(),
            institution_id: institution_id.unwrap_or_default(),
            employer_id: employer_id.unwrap_or_default(),
            organisation: organisation.unwrap_or_default(),
            ..StaffAccountInput::default()
        };
        let account = NewStaffAccount::try_from(&input)?;
        let (state, _, actor) = signed_in().await?;
        accounts::create_staff_account(&state, &actor, &account, state.clock.now()).await
    }
    .await;
    end_form_telling(created, told_once, After::SamePage).map(drop)
}

/// The bureau of the worker's city issues a recovery code after checking
/// the identity; the page that follows shows it, once.
#[server(prefix = "/sfn", endpoint = "recovery-code")]
pub async fn issue_recovery_code(
    id_number: String,
    identity_check: String,
    note: Option<String>,
) -> Result<(), AppError> {
    use super::context::{end_form_telling, signed_in, After};
    use crate::{
        domain::{RecoveryCodeInput, RecoveryCodeRequest},
        server::accounts,
    };

    let issued = async {
        let now = super::context::now()?;
        let input = RecoveryCodeInput {
            id_number,
            identity_check,
            note: note.unwrap_or_default(),
        };
        let request = RecoveryCodeRequest::parse(&input, crate::domain::CalendarDate::of(now))?;
        let (state, _, actor) = signed_in().await?;
        accounts::issue_recovery_code(&state, &actor, &request, now).await
    }
    .await;
    end_form_telling(issued, told_once, After::SamePage).map(drop)
}

/// A one-time code as the next page tells it to the staff member.
#[cfg(feature = "ssr")]
fn told_once(issued: &crate::server::accounts::IssuedCode) -> crate::server::flash::Flash {
    use crate::server::{
        classes::local_time,
        flash::{Flash, IssuedCodeNote},
    };

    let account = &issued.account;
    let login = account
        .username
        .clone()
        .or_else(|| account.id_number_masked.clone())
        .unwrap_or_default();
    Flash::CodeIssued(IssuedCodeNote {
        holder: format!("{} ({login})", account.display_name),
        code: issued.code.clone(),
        valid_until: local_time(issued.expires_at),
    })
}

/// Withdraws the worker's consent to face checks (nothing to do when
/// none is in force).
#[server(prefix = "/sfn", endpoint = "withdraw-face-consent")]
pub async fn withdraw_face_consent() -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{face_checks, flash::Done};

    let withdrawn = async {
        let (state, _, actor) = signed_in().await?;
        face_checks::withdraw_consent(&state, &actor, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(withdrawn, Done::ConsentWithdrawn, After::SamePage)
}

/// The worker turns pushed recommendations on (`receive` = `true`) or off.
#[server(prefix = "/sfn", endpoint = "set-recommendations")]
pub async fn set_recommendations(receive: bool) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::server::{flash::Done, recommendations};

    let set = async {
        let (state, _, actor) = signed_in().await?;
        recommendations::set_consent(&state, &actor, receive, state.clock.now()).await?;
        Ok(())
    }
    .await;
    end_form(set, Done::RecommendationsSet, After::SamePage)
}
