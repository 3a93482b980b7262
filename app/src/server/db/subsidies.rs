//! Subsidy claims, the runs of their automatic checks, their transitions,
//! and the in-app inbox.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, on_writer, Database, Tx};
use crate::domain::{CertificateLevel, CheckKind, CheckOutcome, City, ClaimStatus, Payee};

/// A claim with the names pages show.
#[derive(Clone, Debug, FromRow)]
pub struct ClaimRow {
    pub id: i64,
    pub worker_id: String,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub enrolment_id: Option<i64>,
    pub class_id: Option<i64>,
    pub institution_id: Option<i64>,
    /// The employer whose own training the claim is for (its payee).
    pub employer_id: Option<i64>,
    /// The name of the institution or employer that ran the class.
    pub institution_name: Option<String>,
    pub city_code: City,
    pub occupation_key: String,
    pub occupation_name: String,
    pub certificate_level: CertificateLevel,
    pub status: ClaimStatus,
    pub filed_by: Option<String>,
    pub payee: Payee,
    pub payee_name: String,
    pub training_fen: i64,
    pub uplift_percent: i64,
    pub uplift_fen: i64,
    pub living_days: i64,
    pub living_allowance_fen: i64,
    pub total_fen: i64,
    pub recovered_fen: i64,
    pub payment_reference: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: Option<DateTime<Utc>>,
}

const CLAIM_SELECT: &str =
    "SELECT s.id, s.worker_id, u.display_name AS worker_name, u.id_number_masked,
        s.enrolment_id, s.class_id, s.institution_id, s.employer_id,
        COALESCE(i.name, m.name) AS institution_name, s.city_code,
        s.occupation_key, s.occupation_name, s.certificate_level, s.status, s.filed_by, s.payee,
        s.payee_name, s.training_fen, s.uplift_percent, s.uplift_fen, s.living_days,
        s.living_allowance_fen, s.total_fen, s.recovered_fen, s.payment_reference, s.created_at,
        s.updated_at
     FROM subsidy_claims s JOIN users u ON u.id = s.worker_id
     LEFT JOIN institutions i ON i.id = s.institution_id LEFT JOIN employers m ON m.id = s.employer_id";

#[tracing::instrument(skip(db))]
pub async fn find_claim(db: &Database, id: i64) -> Result<Option<ClaimRow>, sqlx::Error> {
    let sql = format!("{CLAIM_SELECT} WHERE s.id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// Which claims a list asks for.
#[derive(Clone, Debug, Default)]
pub struct ClaimFilter<'a> {
    pub city_code: Option<&'a str>,
    pub institution_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub worker_id: Option<&'a str>,
    pub enrolment_id: Option<i64>,
    pub class_id: Option<i64>,
    pub status: Option<&'a str>,
}

#[tracing::instrument(skip(db))]
pub async fn list_claims(
    db: &Database,
    filter: &ClaimFilter<'_>,
) -> Result<Vec<ClaimRow>, sqlx::Error> {
    let sql = format!(
        "{CLAIM_SELECT} WHERE ($1 IS NULL OR s.city_code = $1) AND ($2 IS NULL OR s.institution_id = $2)
           AND ($3 IS NULL OR s.worker_id = $3) AND ($4 IS NULL OR s.enrolment_id = $4)
           AND ($5 IS NULL OR s.status = $5) AND ($6 IS NULL OR s.employer_id = $6)
           AND ($7 IS NULL OR s.class_id = $7)
         ORDER BY s.created_at DESC, s.id DESC LIMIT 500"
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(filter.city_code)
            .bind(filter.institution_id)
            .bind(filter.worker_id)
            .bind(filter.enrolment_id)
            .bind(filter.status)
            .bind(filter.employer_id)
            .bind(filter.class_id)
            .fetch_all(pool)
            .await
    })
}

/// Live claims (any state but rejected) of a person for one occupation
/// and level, other than `except_claim`.
#[tracing::instrument(skip(db))]
pub async fn count_live_claims(
    db: &Database,
    worker_id: &str,
    occupation_key: &str,
    level: &str,
    except_claim: i64,
) -> Result<i64, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM subsidy_claims WHERE worker_id = $1 AND occupation_key = $2
               AND certificate_level = $3 AND status <> 'rejected' AND id <> $4",
        )
        .bind(worker_id)
        .bind(occupation_key)
        .bind(level)
        .bind(except_claim)
        .fetch_one(pool)
        .await
    })
}

/// A claim about to be filed.
pub struct NewClaimRow<'a> {
    pub worker_id: &'a str,
    pub enrolment_id: i64,
    pub class_id: i64,
    pub institution_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub city_code: &'a str,
    pub occupation_key: &'a str,
    pub occupation_name: &'a str,
    pub certificate_level: &'a str,
    pub status: &'a str,
    pub filed_by: &'a str,
    pub payee: &'a str,
    pub payee_name: &'a str,
    pub training_fen: i64,
    pub uplift_percent: i64,
    pub uplift_fen: i64,
    pub living_days: i64,
    pub living_allowance_fen: i64,
    pub total_fen: i64,
}

/// Files a claim. Fails with a unique violation when a live claim exists
/// for the enrolment or for the person's occupation and level.
#[tracing::instrument(skip(tx, row), fields(enrolment_id = row.enrolment_id))]
pub async fn insert_claim(
    tx: &mut Tx,
    row: &NewClaimRow<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO subsidy_claims (worker_id, enrolment_id, class_id, institution_id, city_code,
                 occupation_key, occupation_name, certificate_level, status, filed_by, payee, payee_name,
                 training_fen, uplift_percent, uplift_fen, living_days, living_allowance_fen, total_fen,
                 created_at, updated_at, employer_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20)
             RETURNING id",
        )
        .bind(row.worker_id)
        .bind(row.enrolment_id)
        .bind(row.class_id)
        .bind(row.institution_id)
        .bind(row.city_code)
        .bind(row.occupation_key)
        .bind(row.occupation_name)
        .bind(row.certificate_level)
        .bind(row.status)
        .bind(row.filed_by)
        .bind(row.payee)
        .bind(row.payee_name)
        .bind(row.training_fen)
        .bind(row.uplift_percent)
        .bind(row.uplift_fen)
        .bind(row.living_days)
        .bind(row.living_allowance_fen)
        .bind(row.total_fen)
        .bind(now)
        .bind(row.employer_id)
        .fetch_one(conn)
        .await
    })
}

/// Moves a claim from `from` to `to`; `false` when it is no longer in
/// `from` (someone else moved it first). Moving out of rejected into a
/// live state can fail with a unique violation.
#[tracing::instrument(skip(tx))]
pub async fn move_claim(
    tx: &mut Tx,
    id: i64,
    from: &str,
    to: &str,
    reviewer: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE subsidy_claims SET status = $3, updated_at = $4, reviewer_id = COALESCE($5, reviewer_id)
             WHERE id = $1 AND status = $2",
        )
        .bind(id)
        .bind(from)
        .bind(to)
        .bind(now)
        .bind(reviewer)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

#[tracing::instrument(skip(tx, reference))]
pub async fn set_payment_reference(
    tx: &mut Tx,
    id: i64,
    reference: &str,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE subsidy_claims SET payment_reference = $2 WHERE id = $1")
            .bind(id)
            .bind(reference)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

#[tracing::instrument(skip(tx))]
pub async fn set_recovered(tx: &mut Tx, id: i64, amount_fen: i64) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE subsidy_claims SET recovered_fen = $2 WHERE id = $1")
            .bind(id)
            .bind(amount_fen)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// One check of one run, about to be stored.
pub struct NewCheckRow<'a> {
    pub kind: &'a str,
    pub outcome: &'a str,
    pub inputs: String,
}

/// Stores a run of the checks as run number `run`.
#[tracing::instrument(skip(tx, checks))]
pub async fn insert_checks(
    tx: &mut Tx,
    claim_id: i64,
    run: i64,
    checks: &[NewCheckRow<'_>],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for check in checks {
        on_tx!(tx, conn => {
            sqlx::query(
                "INSERT INTO claim_checks (claim_id, run, kind, outcome, inputs, checked_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(claim_id)
            .bind(run)
            .bind(check.kind)
            .bind(check.outcome)
            .bind(&check.inputs)
            .bind(now)
            .execute(conn)
            .await
            .map(|_| ())
        })?;
    }
    Ok(())
}

/// The number the next run of a claim's checks gets.
#[tracing::instrument(skip(tx))]
pub async fn next_check_run(tx: &mut Tx, claim_id: i64) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(run), 0) + 1 AS BIGINT) FROM claim_checks WHERE claim_id = $1",
        )
        .bind(claim_id)
        .fetch_one(conn)
        .await
    })
}

/// A stored check.
#[derive(Clone, Debug, FromRow)]
pub struct CheckRow {
    pub run: i64,
    pub kind: CheckKind,
    pub outcome: CheckOutcome,
    pub inputs: String,
    pub checked_at: DateTime<Utc>,
}

/// The latest run of a claim's checks.
#[tracing::instrument(skip(db))]
pub async fn list_latest_checks(
    db: &Database,
    claim_id: i64,
) -> Result<Vec<CheckRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT run, kind, outcome, inputs, checked_at FROM claim_checks
             WHERE claim_id = $1 AND run = (SELECT MAX(run) FROM claim_checks WHERE claim_id = $1)
             ORDER BY id",
        )
        .bind(claim_id)
        .fetch_all(pool)
        .await
    })
}

/// Who last approved a claim (for the separation of approval and
/// payment).
#[tracing::instrument(skip(db))]
pub async fn find_claim_approver(
    db: &Database,
    claim_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT actor_id FROM claim_events WHERE claim_id = $1 AND to_status = 'approved'
             ORDER BY id DESC LIMIT 1",
        )
        .bind(claim_id)
        .fetch_optional(pool)
        .await
        .map(Option::flatten)
    })
}

/// A transition about to be recorded.
pub struct NewClaimEvent<'a> {
    pub claim_id: i64,
    /// `None` for the automatic checks.
    pub actor_id: Option<&'a str>,
    pub from_status: Option<&'a str>,
    pub to_status: &'a str,
    pub reason: &'a str,
    pub amount_fen: Option<i64>,
}

#[tracing::instrument(skip(tx, event), fields(claim_id = event.claim_id))]
pub async fn insert_claim_event(
    tx: &mut Tx,
    event: &NewClaimEvent<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO claim_events (claim_id, at, actor_id, from_status, to_status, reason, amount_fen)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(event.claim_id)
        .bind(now)
        .bind(event.actor_id)
        .bind(event.from_status)
        .bind(event.to_status)
        .bind(event.reason)
        .bind(event.amount_fen)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// A recorded transition with the name of who made it.
#[derive(Clone, Debug, FromRow)]
pub struct ClaimEventRow {
    pub at: DateTime<Utc>,
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub from_status: Option<ClaimStatus>,
    pub to_status: ClaimStatus,
    pub reason: String,
    pub amount_fen: Option<i64>,
}

#[tracing::instrument(skip(db))]
pub async fn list_claim_events(
    db: &Database,
    claim_id: i64,
) -> Result<Vec<ClaimEventRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT ev.at, u.display_name AS actor_name, u.role AS actor_role, ev.from_status, ev.to_status,
                 ev.reason, ev.amount_fen
             FROM claim_events ev LEFT JOIN users u ON u.id = ev.actor_id
             WHERE ev.claim_id = $1 ORDER BY ev.id",
        )
        .bind(claim_id)
        .fetch_all(pool)
        .await
    })
}

/// Open risk warnings that hold an enrolment's claim: its own, and those
/// of its class's sessions that hold every claim of the class.
#[tracing::instrument(skip(db))]
pub async fn count_open_warnings(db: &Database, enrolment_id: i64) -> Result<i64, sqlx::Error> {
    use crate::domain::RiskKind;
    // The codes of the kinds `holds` keeps, quoted for an SQL `IN` list.
    let risk_kind_codes = |holds: fn(RiskKind) -> bool| {
        RiskKind::ALL
            .iter()
            .filter(|kind| holds(**kind))
            .map(|kind| format!("'{}'", kind.code()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sql = format!(
        "SELECT COUNT(*) FROM risk_warnings w
          WHERE w.cleared_at IS NULL
            AND ((w.enrolment_id = $1 AND w.kind IN ({}))
              OR (w.enrolment_id IS NULL AND w.kind IN ({})
                  AND w.class_id = (SELECT e.class_id FROM enrolments e WHERE e.id = $1)))",
        risk_kind_codes(RiskKind::holds_claims),
        risk_kind_codes(RiskKind::holds_class_claims),
    );
    on_pool!(db, pool => {
        sqlx::query_scalar(&sql)
        .bind(enrolment_id)
        .fetch_one(pool)
        .await
    })
}

/// Whether the course is (still) in a published catalogue.
#[tracing::instrument(skip(db))]
pub async fn course_is_published(db: &Database, course_id: i64) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM courses c JOIN catalogues k ON k.id = c.catalogue_id
             WHERE c.id = $1 AND k.status = 'published'",
        )
        .bind(course_id)
        .fetch_one(pool)
        .await
        .map(|count| count > 0)
    })
}

// ---- Inbox ----------------------------------------------------------------

/// Puts a message in a person's inbox.
#[tracing::instrument(skip(tx, details))]
pub async fn insert_notification(
    tx: &mut Tx,
    user_id: &str,
    kind: &str,
    subject: &str,
    details: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO notifications (user_id, at, kind, subject, details) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user_id)
        .bind(now)
        .bind(kind)
        .bind(subject)
        .bind(details)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

#[derive(Clone, Debug, FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub subject: String,
    pub details: String,
    pub read_at: Option<DateTime<Utc>>,
}

/// The newest 100 messages of a person.
#[tracing::instrument(skip(db))]
pub async fn list_notifications(
    db: &Database,
    user_id: &str,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, at, kind, subject, details, read_at FROM notifications WHERE user_id = $1
             ORDER BY id DESC LIMIT 100",
        )
        .bind(user_id)
        .fetch_all(pool)
        .await
    })
}

/// Marks one message (`Some(id)`) or all of a person's messages read;
/// the number of messages that changed.
#[tracing::instrument(skip(db))]
pub async fn mark_notifications_read(
    db: &Database,
    user_id: &str,
    id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query(
            "UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND ($2 IS NULL OR id = $2)
               AND read_at IS NULL",
        )
        .bind(user_id)
        .bind(id)
        .bind(now)
        .execute(pool)
        .await
        .map(|result| result.rows_affected())
    })
}

/// Whether a message of this person exists (read or not).
#[tracing::instrument(skip(db))]
pub async fn notification_exists(
    db: &Database,
    user_id: &str,
    id: i64,
) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND id = $2")
            .bind(user_id)
            .bind(id)
            .fetch_one(pool)
            .await
            .map(|count| count > 0)
    })
}

#[tracing::instrument(skip(db))]
pub async fn count_unread(db: &Database, user_id: &str) -> Result<i64, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .fetch_one(pool)
            .await
    })
}

/// What a transition's records name of its claim.
#[derive(Clone, Copy, Debug)]
pub struct ClaimRef<'a> {
    pub id: i64,
    pub worker_id: &'a str,
    pub city_code: &'a str,
    pub occupation_name: &'a str,
}

impl<'a> From<&'a ClaimRow> for ClaimRef<'a> {
    fn from(row: &'a ClaimRow) -> Self {
        ClaimRef {
            id: row.id,
            worker_id: &row.worker_id,
            city_code: row.city_code.code(),
            occupation_name: &row.occupation_name,
        }
    }
}
