//! Accounts, passkeys, ceremonies, sessions, one-time codes and failed
//! attempts.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, on_writer, Database, Tx};
use crate::domain::{Assurance, City, Role};

/// An account row. The ID number is only there sealed.
#[derive(Clone, Debug, FromRow)]
pub struct UserRow {
    pub id: String,
    pub role: Role,
    pub display_name: String,
    pub username: Option<String>,
    pub city_code: Option<String>,
    pub organisation: Option<String>,
    pub institution_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub mobile: Option<String>,
    pub worker_categories: String,
    pub id_number_cipher: Option<Vec<u8>>,
    pub id_number_masked: Option<String>,
    pub password_hash: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Set while a bureau or the province has disabled the account.
    pub disabled_at: Option<DateTime<Utc>>,
}

const USER_COLUMNS: &str =
    "id, role, display_name, username, city_code, organisation, institution_id, employer_id, mobile,
     worker_categories, id_number_cipher, id_number_masked, password_hash, created_at, disabled_at";

/// A new account row.
pub struct NewUserRow<'a> {
    pub id: &'a str,
    pub role: &'a str,
    pub display_name: &'a str,
    pub username: Option<&'a str>,
    pub city_code: Option<&'a str>,
    pub organisation: Option<&'a str>,
    pub institution_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub mobile: Option<&'a str>,
    pub worker_categories: &'a str,
    pub id_number_cipher: Option<&'a [u8]>,
    pub id_number_lookup: Option<&'a str>,
    pub id_number_masked: Option<&'a str>,
    pub password_hash: Option<&'a str>,
    pub created_by: Option<&'a str>,
}

/// Inserts an account; a second account for one ID number or user name
/// fails on `users_id_number_lookup_key` / `users_username_key`.
#[tracing::instrument(skip(tx, user), fields(role = user.role))]
pub async fn insert_user(
    tx: &mut Tx,
    user: &NewUserRow<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO users (id, role, display_name, username, city_code, organisation, institution_id, mobile,
                 worker_categories, id_number_cipher, id_number_lookup, id_number_masked, password_hash, created_at, created_by,
                 employer_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(user.id)
        .bind(user.role)
        .bind(user.display_name)
        .bind(user.username)
        .bind(user.city_code)
        .bind(user.organisation)
        .bind(user.institution_id)
        .bind(user.mobile)
        .bind(user.worker_categories)
        .bind(user.id_number_cipher)
        .bind(user.id_number_lookup)
        .bind(user.id_number_masked)
        .bind(user.password_hash)
        .bind(now)
        .bind(user.created_by)
        .bind(user.employer_id)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

#[tracing::instrument(skip(db))]
pub async fn find_user(db: &Database, id: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// Reads an account through a transaction (sees its own uncommitted rows).
#[tracing::instrument(skip(tx))]
pub async fn find_user_in_tx(tx: &mut Tx, id: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(conn).await)
}

#[tracing::instrument(skip(db, lookup))]
pub async fn find_user_by_id_number(
    db: &Database,
    lookup: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id_number_lookup = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(lookup).fetch_optional(pool).await)
}

#[tracing::instrument(skip(db))]
pub async fn find_user_by_username(
    db: &Database,
    username: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(username).fetch_optional(pool).await)
}

/// Staff accounts, of one city (`Some`) or all.
#[tracing::instrument(skip(db))]
pub async fn list_staff(
    db: &Database,
    city_code: Option<&str>,
) -> Result<Vec<UserRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM users
         WHERE role <> 'worker' AND (CAST($1 AS TEXT) IS NULL OR city_code = $1)
         ORDER BY created_at, id"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(city_code).fetch_all(pool).await)
}

#[tracing::instrument(skip(tx, hash))]
pub async fn update_password_hash(
    tx: &mut Tx,
    user_id: &str,
    hash: &str,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(user_id)
            .bind(hash)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// A stored passkey (webauthn-rs `Passkey` as JSON).
#[derive(Clone, Debug, FromRow)]
pub struct PasskeyRow {
    pub credential_id: String,
    pub user_id: String,
    pub passkey: String,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// Set by a recovery until the owner keeps or removes the passkey.
    pub suspended_at: Option<DateTime<Utc>>,
}

const PASSKEY_COLUMNS: &str =
    "credential_id, user_id, passkey, label, created_at, last_used_at, suspended_at";

/// Stores a passkey; one already registered fails on `passkeys_pkey`.
#[tracing::instrument(skip(tx, passkey_json))]
pub async fn insert_passkey(
    tx: &mut Tx,
    credential_id: &str,
    user_id: &str,
    passkey_json: &str,
    label: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO passkeys (credential_id, user_id, passkey, label, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(credential_id)
        .bind(user_id)
        .bind(passkey_json)
        .bind(label)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// Every passkey of an account, suspended ones included.
#[tracing::instrument(skip(db))]
pub async fn list_passkeys(db: &Database, user_id: &str) -> Result<Vec<PasskeyRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PASSKEY_COLUMNS} FROM passkeys WHERE user_id = $1 ORDER BY created_at, credential_id"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await)
}

/// The passkey with this credential id, only if it belongs to `user_id`
/// and is not suspended: what sign-in and check-in accept.
#[tracing::instrument(skip(db))]
pub async fn find_passkey(
    db: &Database,
    user_id: &str,
    credential_id: &str,
) -> Result<Option<PasskeyRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PASSKEY_COLUMNS} FROM passkeys
         WHERE user_id = $1 AND credential_id = $2 AND suspended_at IS NULL"
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql).bind(user_id).bind(credential_id).fetch_optional(pool).await
    })
}

/// Suspends every passkey of an account (a recovery); returns how many.
#[tracing::instrument(skip(tx))]
pub async fn suspend_passkeys(
    tx: &mut Tx,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE passkeys SET suspended_at = $2 WHERE user_id = $1 AND suspended_at IS NULL")
            .bind(user_id)
            .bind(now)
            .execute(conn)
            .await
            .map(|result| result.rows_affected())
    })
}

/// Lets a suspended passkey of `user_id` sign in again; `true` if it was
/// suspended.
#[tracing::instrument(skip(tx))]
pub async fn resume_passkey(
    tx: &mut Tx,
    user_id: &str,
    credential_id: &str,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE passkeys SET suspended_at = NULL
             WHERE user_id = $1 AND credential_id = $2 AND suspended_at IS NOT NULL",
        )
        .bind(user_id)
        .bind(credential_id)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

/// Removes a passkey of `user_id` (suspended or not); `true` if it existed.
#[tracing::instrument(skip(tx))]
pub async fn delete_passkey(
    tx: &mut Tx,
    user_id: &str,
    credential_id: &str,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM passkeys WHERE user_id = $1 AND credential_id = $2")
            .bind(user_id)
            .bind(credential_id)
            .execute(conn)
            .await
            .map(|result| result.rows_affected() > 0)
    })
}

/// Removes the passkeys of `user_id` that are still suspended; returns how
/// many.
#[tracing::instrument(skip(tx))]
pub async fn delete_suspended_passkeys(tx: &mut Tx, user_id: &str) -> Result<u64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM passkeys WHERE user_id = $1 AND suspended_at IS NOT NULL")
            .bind(user_id)
            .execute(conn)
            .await
            .map(|result| result.rows_affected())
    })
}

/// How many ways to sign in an account has left: passkeys that are not
/// suspended, plus one for a password.
#[tracing::instrument(skip(tx))]
pub async fn count_sign_in_methods(tx: &mut Tx, user_id: &str) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM passkeys WHERE user_id = $1 AND suspended_at IS NULL)
                  + (SELECT COUNT(*) FROM users WHERE id = $1 AND password_hash IS NOT NULL)",
        )
        .bind(user_id)
        .fetch_one(conn)
        .await
    })
}

/// Disables (`Some(now)`) or enables (`None`) an account.
#[tracing::instrument(skip(tx))]
pub async fn update_user_disabled(
    tx: &mut Tx,
    user_id: &str,
    disabled_at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1")
            .bind(user_id)
            .bind(disabled_at)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// Gives a staff account another role (and institution, or none).
#[tracing::instrument(skip(tx))]
pub async fn update_user_role(
    tx: &mut Tx,
    user_id: &str,
    role: &str,
    institution_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE users SET role = $2, institution_id = $3 WHERE id = $1")
            .bind(user_id)
            .bind(role)
            .bind(institution_id)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// Who issued a one-time code, as its holder may be told: the issuer's
/// role, city and organisation, never their name.
#[derive(Clone, Debug, FromRow)]
pub struct CodeIssuerRow {
    pub role: Role,
    pub city_code: Option<City>,
    pub organisation: Option<String>,
}

#[tracing::instrument(skip(tx, code_hash))]
pub async fn find_code_issuer(
    tx: &mut Tx,
    user_id: &str,
    code_hash: &str,
) -> Result<Option<CodeIssuerRow>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_as(
            "SELECT u.role, u.city_code, u.organisation
             FROM one_time_codes c JOIN users u ON u.id = c.issued_by
             WHERE c.user_id = $1 AND c.code_hash = $2
             ORDER BY c.id DESC LIMIT 1",
        )
        .bind(user_id)
        .bind(code_hash)
        .fetch_optional(conn)
        .await
    })
}

/// Saves the updated counter (inside the passkey JSON) and use time.
#[tracing::instrument(skip(tx, passkey_json))]
pub async fn update_passkey_use(
    tx: &mut Tx,
    credential_id: &str,
    passkey_json: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE passkeys SET passkey = COALESCE($2, passkey), last_used_at = $3 WHERE credential_id = $1",
        )
        .bind(credential_id)
        .bind(passkey_json)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// Keeps a ceremony's state until `expires_at`.
#[tracing::instrument(skip(db, state))]
pub async fn insert_ceremony(
    db: &Database,
    id: &str,
    kind: &str,
    user_id: Option<&str>,
    state: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query("INSERT INTO ceremonies (id, kind, user_id, state, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(kind)
            .bind(user_id)
            .bind(state)
            .bind(expires_at)
            .execute(pool)
            .await
            .map(|_| ())
    })
}

/// Removes a ceremony and returns its user and state if it was of `kind`
/// and not expired: state is used at most once.
#[tracing::instrument(skip(db))]
pub async fn take_ceremony(
    db: &Database,
    id: &str,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Option<String>, String)>, sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query_as(
            "DELETE FROM ceremonies WHERE id = $1 AND kind = $2 AND expires_at > $3 RETURNING user_id, state",
        )
        .bind(id)
        .bind(kind)
        .bind(now)
        .fetch_optional(pool)
        .await
    })
}

/// A live ceremony's user and state, without using it up (see
/// [`delete_ceremony`]).
#[tracing::instrument(skip(db))]
pub async fn find_ceremony(
    db: &Database,
    id: &str,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Option<String>, String)>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as("SELECT user_id, state FROM ceremonies WHERE id = $1 AND kind = $2 AND expires_at > $3")
            .bind(id)
            .bind(kind)
            .bind(now)
            .fetch_optional(pool)
            .await
    })
}

/// Keeps a ceremony of `kind` that has not expired until `until`, if
/// that is later; `false` when there is none.
pub async fn extend_ceremony(
    db: &Database,
    id: &str,
    kind: &str,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query(
            "UPDATE ceremonies SET expires_at = $3
             WHERE id = $1 AND kind = $2 AND expires_at > $4 AND expires_at < $3",
        )
        .bind(id)
        .bind(kind)
        .bind(until)
        .bind(now)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() > 0)
    })
}

/// Uses a ceremony up inside `tx`; `false` when another request did first.
#[tracing::instrument(skip(tx))]
pub async fn delete_ceremony(tx: &mut Tx, id: &str) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM ceremonies WHERE id = $1")
            .bind(id)
            .execute(conn)
            .await
            .map(|result| result.rows_affected() > 0)
    })
}

/// Forgets ceremonies that expired.
pub async fn delete_expired_ceremonies(
    db: &Database,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query("DELETE FROM ceremonies WHERE expires_at <= $1").bind(now).execute(pool).await.map(|_| ())
    })
}

/// A live session with what access checks need of its account.
#[derive(Clone, Debug, FromRow)]
pub struct SessionRow {
    pub user_id: String,
    pub assurance: Assurance,
    pub csrf_token: String,
    pub role: Role,
    pub display_name: String,
    pub city_code: Option<String>,
    pub institution_id: Option<i64>,
    pub employer_id: Option<i64>,
}

#[tracing::instrument(skip(tx, token_hash, csrf_token))]
pub async fn insert_session(
    tx: &mut Tx,
    token_hash: &str,
    user_id: &str,
    assurance: &str,
    csrf_token: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, assurance, csrf_token, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(assurance)
        .bind(csrf_token)
        .bind(now)
        .bind(expires_at)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

#[tracing::instrument(skip(db, token_hash))]
pub async fn find_live_session(
    db: &Database,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<SessionRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT s.user_id, s.assurance, s.csrf_token, u.role, u.display_name, u.city_code, u.institution_id, u.employer_id
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2
               AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await
    })
}

/// Ends one session.
#[tracing::instrument(skip(tx, token_hash))]
pub async fn revoke_session(
    tx: &mut Tx,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL")
            .bind(token_hash)
            .bind(now)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// Ends every session of an account; returns how many.
#[tracing::instrument(skip(tx))]
pub async fn revoke_all_sessions(
    tx: &mut Tx,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
            .bind(user_id)
            .bind(now)
            .execute(conn)
            .await
            .map(|result| result.rows_affected())
    })
}

/// Issues a one-time code (only its keyed hash is kept) and voids the
/// earlier unused codes of the same purpose.
#[tracing::instrument(skip(tx, code_hash))]
pub async fn insert_one_time_code(
    tx: &mut Tx,
    user_id: &str,
    purpose: &str,
    code_hash: &str,
    issued_by: Option<&str>,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE one_time_codes SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL")
            .bind(user_id)
            .bind(purpose)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        sqlx::query(
            "INSERT INTO one_time_codes (user_id, purpose, code_hash, issued_by, issued_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(user_id)
        .bind(purpose)
        .bind(code_hash)
        .bind(issued_by)
        .bind(now)
        .bind(expires_at)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// The purpose of the live (unused, unexpired) code with this hash.
#[tracing::instrument(skip(db, code_hash))]
pub async fn find_live_code_purpose(
    db: &Database,
    user_id: &str,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT purpose FROM one_time_codes
             WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(user_id)
        .bind(code_hash)
        .bind(now)
        .fetch_optional(pool)
        .await
    })
}

/// Marks the matching live code used; `true` if there was one. Used once
/// even under concurrent attempts (the update is conditional).
#[tracing::instrument(skip(tx, code_hash))]
pub async fn use_one_time_code(
    tx: &mut Tx,
    user_id: &str,
    purpose: &str,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE one_time_codes SET used_at = $4
             WHERE user_id = $1 AND purpose = $2 AND code_hash = $3 AND used_at IS NULL AND expires_at > $4",
        )
        .bind(user_id)
        .bind(purpose)
        .bind(code_hash)
        .bind(now)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

/// Every stored ID number ciphertext with its account, for re-sealing.
#[tracing::instrument(skip(db))]
pub async fn list_id_number_ciphers(db: &Database) -> Result<Vec<(String, Vec<u8>)>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as("SELECT id, id_number_cipher FROM users WHERE id_number_cipher IS NOT NULL")
            .fetch_all(pool)
            .await
    })
}

#[tracing::instrument(skip(tx, cipher))]
pub async fn update_id_number_cipher(
    tx: &mut Tx,
    user_id: &str,
    cipher: &[u8],
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE users SET id_number_cipher = $2 WHERE id = $1")
            .bind(user_id)
            .bind(cipher)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// Whether the data migration `name` was applied.
#[tracing::instrument(skip(db))]
pub async fn find_data_migration(db: &Database, name: &str) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM data_migrations WHERE name = $1")
            .bind(name)
            .fetch_one(pool)
            .await
            .map(|count| count > 0)
    })
}

#[tracing::instrument(skip(tx))]
pub async fn insert_data_migration(
    tx: &mut Tx,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("INSERT INTO data_migrations (name, done_at) VALUES ($1, $2)")
            .bind(name)
            .bind(now.to_rfc3339())
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// Gives the staff of employer `employer_id` its corrected name.
#[tracing::instrument(skip(tx))]
pub async fn set_organisation_of_employer_staff(
    tx: &mut Tx,
    employer_id: i64,
    name: &str,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE users SET organisation = $2 WHERE employer_id = $1")
            .bind(employer_id)
            .bind(name)
            .execute(conn)
            .await
            .map(|_| ())
    })
}
