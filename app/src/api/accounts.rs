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
