//! The signed-in person, for pages that show or need it.

use leptos::prelude::*;

use crate::{domain::Me, error::AppError};

/// The caller, or `None` when nobody is signed in.
#[server(prefix = "/sfn", endpoint = "me", input = server_fn::codec::GetUrl)]
pub async fn load_me() -> Result<Option<Me>, AppError> {
    use super::context::{request, respond};
    use crate::server::{accounts, sessions};

    respond(
        async {
            let (state, headers) = request()?;
            let now = chrono::Utc::now();
            match sessions::current_actor(&state.db, &headers, now).await? {
                Some(actor) => accounts::me(&state, &actor).await.map(Some),
                None => Ok(None),
            }
        }
        .await,
    )
}

/// Staff accounts the caller may see (bureau: its city; province: all).
#[server(prefix = "/sfn", endpoint = "staff", input = server_fn::codec::GetUrl)]
pub async fn load_staff_accounts() -> Result<Vec<crate::domain::AccountView>, AppError> {
    use super::context::{request, respond};
    use crate::server::{accounts, sessions};

    respond(
        async {
            let (state, headers) = request()?;
            let now = chrono::Utc::now();
            let actor = sessions::require_actor(&state.db, &headers, now).await?;
            accounts::list_staff_accounts(&state, &actor, None, now).await
        }
        .await,
    )
}
