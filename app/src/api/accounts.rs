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
        let now = chrono::Utc::now();
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
        server::{credentials, flash::Done},
    };

    let changed = async {
        let reason = Reason::parse(&reason)?;
        let (state, _, actor) = signed_in().await?;
        let now = chrono::Utc::now();
        credentials::set_staff_disabled(&state, &actor, &id, disable, &reason, now).await?;
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
        server::{credentials, flash::Done},
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
        credentials::change_staff_role(&state, &actor, &id, &change, chrono::Utc::now()).await?;
        Ok(())
    }
    .await;
    end_form(changed, Done::RoleChanged, After::SamePage)
}
