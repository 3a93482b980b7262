//! Sessions kept in the database, so any app process can serve any
//! request. The cookie carries a random token; the table only its hash.

use chrono::{DateTime, Duration, Utc};

use super::{
    access::Actor,
    crypto::{random_token, sha256_hex},
    database_failure,
    db::{identity as store, Database, Tx},
    security::Security,
};
use crate::{
    domain::{Assurance, City},
    error::{AppError, Refusal},
};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "sp_session";

/// The session token a request presented in its cookie, read once at the
/// edge (a handler or a server function): services check it or end it
/// without seeing the request. `Debug` never shows the token.
#[derive(Clone, Default)]
pub struct PresentedSession(Option<String>);

impl PresentedSession {
    /// The token a session cookie carried (see [`request::presented_session`](super::request::presented_session)).
    pub fn with_token(token: Option<&str>) -> PresentedSession {
        PresentedSession(token.filter(|token| !token.is_empty()).map(str::to_owned))
    }

    /// A request without a session.
    pub fn none() -> PresentedSession {
        PresentedSession(None)
    }
}

impl std::fmt::Debug for PresentedSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = if self.0.is_some() { "token" } else { "none" };
        f.debug_tuple("PresentedSession").field(&shown).finish()
    }
}

/// How long a session lasts without signing in again.
pub const SESSION_LIFETIME: Duration = Duration::days(14);

/// A session just started: the `Set-Cookie` value and its CSRF token.
pub struct NewSession {
    pub set_cookie: String,
    pub csrf_token: String,
}

/// Starts a session inside `tx`, ending the one the request came with
/// (the session id rotates on every sign-in).
pub async fn start(
    tx: &mut Tx,
    security: &Security,
    previous: &PresentedSession,
    user_id: &str,
    assurance: Assurance,
    now: DateTime<Utc>,
) -> Result<NewSession, AppError> {
    let failed = || database_failure("starting a session");
    if let Some(old) = &previous.0 {
        store::revoke_session(tx, &sha256_hex(old.as_bytes()), now)
            .await
            .map_err(failed())?;
    }
    let token = random_token();
    let csrf_token = random_token();
    store::insert_session(
        tx,
        &sha256_hex(token.as_bytes()),
        user_id,
        assurance.code(),
        &csrf_token,
        now,
        now + SESSION_LIFETIME,
    )
    .await
    .map_err(failed())?;
    Ok(NewSession {
        set_cookie: session_cookie(security, &token, SESSION_LIFETIME.num_seconds()),
        csrf_token,
    })
}

/// A `Set-Cookie` value that removes the session cookie.
pub fn clearing_cookie(security: &Security) -> String {
    session_cookie(security, "", 0)
}

fn session_cookie(security: &Security, token: &str, max_age: i64) -> String {
    let secure = if security.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The signed-in account behind a presented session, if it is live.
pub async fn actor_of(
    db: &Database,
    presented: &PresentedSession,
    now: DateTime<Utc>,
) -> Result<Option<Actor>, AppError> {
    let Some(token) = &presented.0 else {
        return Ok(None);
    };
    let session_hash = sha256_hex(token.as_bytes());
    let row = store::find_live_session(db, &session_hash, now)
        .await
        .map_err(database_failure("reading a session"))?;
    let Some(row) = row else {
        return Ok(None);
    };
    let role = row.role;
    let assurance = row.assurance;
    Ok(Some(Actor {
        user_id: row.user_id,
        role,
        display_name: row.display_name,
        city: row
            .city_code
            .as_deref()
            .and_then(|code| City::parse(code).ok()),
        institution_id: row.institution_id,
        employer_id: row.employer_id,
        assurance,
        csrf_token: row.csrf_token,
        session_hash,
    }))
}

/// The signed-in caller, or 401.
pub async fn require_actor(
    db: &Database,
    presented: &PresentedSession,
    now: DateTime<Utc>,
) -> Result<Actor, AppError> {
    actor_of(db, presented, now)
        .await?
        .ok_or(AppError::Refused(Refusal::SignInRequired))
}

/// What a state-changing request shows of where it comes from: its
/// `Origin` header, its `X-CSRF-Token` header and its session, read at the
/// edge (see [`request::provenance`](super::request::provenance)).
pub struct Provenance {
    pub origin: Option<String>,
    pub csrf_token: Option<String>,
    pub session: PresentedSession,
}

impl std::fmt::Debug for Provenance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let token = self.csrf_token.as_ref().map(|_| "token");
        f.debug_struct("Provenance")
            .field("origin", &self.origin)
            .field("csrf_token", &token)
            .field("session", &self.session)
            .finish()
    }
}

/// Whether a state-changing request may proceed: it either comes from our
/// own pages (`Origin` is the public origin) or carries the session's CSRF
/// token in `X-CSRF-Token`. Requests without a session have nothing to
/// forge and pass.
pub async fn check_same_origin(
    db: &Database,
    security: &Security,
    provenance: &Provenance,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    match provenance.origin.as_deref() {
        Some(origin) if origin == security.public_origin => return Ok(()),
        Some(_) => return Err(AppError::Refused(Refusal::CrossSite)),
        None => {}
    }
    let Some(actor) = actor_of(db, &provenance.session, now).await? else {
        return Ok(());
    };
    if provenance.csrf_token.as_deref() == Some(actor.csrf_token.as_str()) {
        Ok(())
    } else {
        Err(AppError::Refused(Refusal::CrossSite))
    }
}
