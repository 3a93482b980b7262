//! Face checks at check-in: the rules that ask for them and each
//! check's outcome (never biometric data). The consents are in
//! `consents`.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, on_writer, Database, Tx};
use crate::domain::City;

/// Which face-check rules apply to a class: its own flag and its city's
/// rule for workers on the password fallback.
#[derive(Clone, Copy, Debug, Default, FromRow)]
pub struct FaceRuleRow {
    pub class_requires: bool,
    pub password_fallback: bool,
}

/// The rules that apply to the class of `session_id`.
pub async fn find_rules_of_session(
    db: &Database,
    session_id: i64,
) -> Result<Option<FaceRuleRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as::<_, FaceRuleRow>(
            "SELECT c.face_check_required AS class_requires,
                    COALESCE(r.password_fallback, FALSE) AS password_fallback
             FROM class_sessions s
             JOIN training_classes c ON c.id = s.class_id
             LEFT JOIN city_face_check_rules r ON r.city_code = c.city_code
             WHERE s.id = $1",
        )
        .bind(session_id)
        .fetch_optional(pool)
        .await
    })
}

/// A city's rule as last set.
#[derive(Clone, Debug, FromRow)]
pub struct CityRuleRow {
    pub city_code: City,
    pub password_fallback: bool,
    pub changed_by: String,
    pub changed_at: DateTime<Utc>,
    pub reason: String,
}

pub async fn find_city_rule(
    db: &Database,
    city_code: &str,
) -> Result<Option<CityRuleRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as::<_, CityRuleRow>(
            "SELECT city_code, password_fallback, changed_by, changed_at, reason
             FROM city_face_check_rules WHERE city_code = $1",
        )
        .bind(city_code)
        .fetch_optional(pool)
        .await
    })
}

/// Sets a city's rule (the audit trail keeps the earlier ones).
pub async fn upsert_city_rule(tx: &mut Tx, rule: &CityRuleRow) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO city_face_check_rules (city_code, password_fallback, changed_by, changed_at, reason)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (city_code) DO UPDATE SET password_fallback = excluded.password_fallback,
                 changed_by = excluded.changed_by, changed_at = excluded.changed_at, reason = excluded.reason",
        )
        .bind(rule.city_code.code())
        .bind(rule.password_fallback)
        .bind(&rule.changed_by)
        .bind(rule.changed_at)
        .bind(&rule.reason)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// Sets a class's flag; `false` when it already had that value.
pub async fn update_class_rule(
    tx: &mut Tx,
    class_id: i64,
    required: bool,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE training_classes SET face_check_required = $2
             WHERE id = $1 AND face_check_required <> $2",
        )
        .bind(class_id)
        .bind(required)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Whether the class asks for a face check.
pub async fn find_class_rule(db: &Database, class_id: i64) -> Result<Option<bool>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar::<_, bool>(
            "SELECT face_check_required FROM training_classes WHERE id = $1",
        )
        .bind(class_id)
        .fetch_optional(pool)
        .await
    })
}

/// One face check of one scan.
#[derive(Clone, Debug, FromRow)]
pub struct FaceCheckRow {
    pub nonce: String,
    pub scan_id: String,
    pub user_id: String,
    pub browser_hash: String,
    pub session_id: i64,
    pub return_to: String,
    pub verify_url: Option<String>,
    pub started_at: DateTime<Utc>,
    pub outcome: Option<String>,
    pub checked_at: Option<DateTime<Utc>>,
}

const FACE_CHECK_COLUMNS: &str =
    "nonce, scan_id, user_id, browser_hash, session_id, return_to, verify_url, started_at, outcome, checked_at";

pub async fn insert_face_check(tx: &mut Tx, check: &FaceCheckRow) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO face_checks (nonce, scan_id, user_id, browser_hash, session_id, return_to, started_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&check.nonce)
        .bind(&check.scan_id)
        .bind(&check.user_id)
        .bind(&check.browser_hash)
        .bind(check.session_id)
        .bind(&check.return_to)
        .bind(check.started_at)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

pub async fn find_face_check(
    db: &Database,
    nonce: &str,
) -> Result<Option<FaceCheckRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as::<_, FaceCheckRow>(&format!(
            "SELECT {FACE_CHECK_COLUMNS} FROM face_checks WHERE nonce = $1"
        ))
        .bind(nonce)
        .fetch_optional(pool)
        .await
    })
}

/// Keeps the provider's page of a check it opened.
pub async fn set_verify_url(db: &Database, nonce: &str, url: &str) -> Result<(), sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query("UPDATE face_checks SET verify_url = $2 WHERE nonce = $1")
            .bind(nonce)
            .bind(url)
            .execute(pool)
            .await
            .map(|_| ())
    })
}

/// Whether the worker passed a face check of this scan.
pub async fn scan_matched(
    db: &Database,
    scan_id: &str,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM face_checks
             WHERE scan_id = $1 AND user_id = $2 AND outcome = 'match'",
        )
        .bind(scan_id)
        .bind(user_id)
        .fetch_one(pool)
        .await
        .map(|count| count > 0)
    })
}

/// Stores a check's outcome once; `false` when it had one already.
pub async fn settle_face_check(
    tx: &mut Tx,
    nonce: &str,
    outcome: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE face_checks SET outcome = $2, checked_at = $3
             WHERE nonce = $1 AND outcome IS NULL",
        )
        .bind(nonce)
        .bind(outcome)
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}
