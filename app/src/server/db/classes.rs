//! Class applications, their sessions and decision history, enrolments,
//! and the subsidy claims a worker already has.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, Database, Tx};
use crate::domain::{
    CertificateKind, CertificateLevel, City, ClaimStatus, ClassStatus, Provider, SessionMode,
    TrainingType,
};

/// A class row as pages and checks need it.
#[derive(Clone, Debug, FromRow)]
pub struct ClassRow {
    pub id: i64,
    pub city_code: City,
    /// The institution that runs the class (exactly one of the two ids
    /// is set; see [`ClassRow::provider`]).
    pub institution_id: Option<i64>,
    /// The employer that trains its own employees in it.
    pub employer_id: Option<i64>,
    /// The name of whichever of the two runs it.
    pub institution_name: String,
    pub course_id: i64,
    pub occupation_name: String,
    pub occupation_key: String,
    pub certificate_kind: CertificateKind,
    pub certificate_level: CertificateLevel,
    pub training_type: TrainingType,
    pub capacity: i64,
    pub enrolled_count: i64,
    pub teacher: String,
    pub venue: String,
    pub venue_latitude: f64,
    pub venue_longitude: f64,
    pub status: ClassStatus,
    pub submitted_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: String,
    pub first_session_at: Option<DateTime<Utc>>,
    pub last_session_end: Option<DateTime<Utc>>,
    pub session_count: i64,
    /// The platform chosen to report the class's online sessions.
    pub online_platform_id: Option<i64>,
    pub online_platform_name: Option<String>,
    /// Every confirmation in the class needs a face check.
    pub face_check_required: bool,
    /// The training order the class trains, if any.
    pub order_id: Option<i64>,
}

impl ClassRow {
    /// Who runs the class.
    pub fn provider(&self) -> Provider {
        Provider::from_ids(self.institution_id, self.employer_id)
    }

    /// Whether the class's last session has ended: assessments and claims
    /// open then.
    pub fn finished(&self, now: DateTime<Utc>) -> bool {
        self.last_session_end.is_some_and(|end| end <= now)
    }
}

const CLASS_SELECT: &str = "SELECT c.id, c.city_code, c.institution_id, c.employer_id,
        COALESCE(i.name, m.name) AS institution_name, c.course_id,
        c.occupation_name, c.occupation_key, c.certificate_kind, c.certificate_level, c.training_type,
        c.capacity, c.enrolled_count, c.teacher, c.venue, c.venue_latitude, c.venue_longitude,
        c.status, c.submitted_at, c.decided_at, c.decision_reason, c.face_check_required,
        (SELECT MIN(s.starts_at) FROM class_sessions s WHERE s.class_id = c.id) AS first_session_at,
        (SELECT MAX(s.ends_at) FROM class_sessions s WHERE s.class_id = c.id) AS last_session_end,
        (SELECT COUNT(*) FROM class_sessions s WHERE s.class_id = c.id) AS session_count,
        c.online_platform_id, p.name AS online_platform_name, c.order_id
     FROM training_classes c LEFT JOIN institutions i ON i.id = c.institution_id
     LEFT JOIN employers m ON m.id = c.employer_id
     LEFT JOIN online_platforms p ON p.id = c.online_platform_id";

/// A class application about to be stored.
pub struct NewClassRow<'a> {
    pub city_code: &'a str,
    pub institution_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub course_id: i64,
    pub occupation_name: &'a str,
    pub occupation_key: &'a str,
    pub certificate_kind: &'a str,
    pub certificate_level: &'a str,
    pub training_type: &'a str,
    pub capacity: i64,
    pub teacher: &'a str,
    pub venue: &'a str,
    pub venue_latitude: f64,
    pub venue_longitude: f64,
    pub commitment: &'a str,
    pub applied_by: &'a str,
    pub online_platform_id: Option<i64>,
    pub order_id: Option<i64>,
}

/// Whether the institution's catalogue row lists the occupation.
#[tracing::instrument(skip(db))]
pub async fn institution_may_train(
    db: &Database,
    institution_id: i64,
    occupation_key: &str,
) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM institution_occupations o JOIN institutions i ON i.id = o.institution_id
             WHERE o.institution_id = $1 AND o.occupation_key = $2 AND i.removed_in IS NULL",
        )
        .bind(institution_id)
        .bind(occupation_key)
        .fetch_one(pool)
        .await
        .map(|count| count > 0)
    })
}

/// Stores a new application as submitted and returns its id.
#[tracing::instrument(skip(tx, row))]
pub async fn insert_class(
    tx: &mut Tx,
    row: &NewClassRow<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO training_classes (city_code, institution_id, course_id, occupation_name, occupation_key,
                 certificate_kind, certificate_level, training_type, capacity, teacher, venue,
                 venue_latitude, venue_longitude, commitment, status, applied_by, submitted_at, online_platform_id,
                 order_id, employer_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'submitted', $15, $16, $17, $18,
                 $19)
             RETURNING id",
        )
        .bind(row.city_code)
        .bind(row.institution_id)
        .bind(row.course_id)
        .bind(row.occupation_name)
        .bind(row.occupation_key)
        .bind(row.certificate_kind)
        .bind(row.certificate_level)
        .bind(row.training_type)
        .bind(row.capacity)
        .bind(row.teacher)
        .bind(row.venue)
        .bind(row.venue_latitude)
        .bind(row.venue_longitude)
        .bind(row.commitment)
        .bind(row.applied_by)
        .bind(now)
        .bind(row.online_platform_id)
        .bind(row.order_id)
        .bind(row.employer_id)
        .fetch_one(conn)
        .await
    })
}

/// Replaces a returned application's content and submits it again;
/// `false` when it is not (or no longer) returned.
#[tracing::instrument(skip(tx, row))]
pub async fn resubmit_class(
    tx: &mut Tx,
    id: i64,
    row: &NewClassRow<'_>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let replaced = on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE training_classes SET course_id = $2, occupation_name = $3, occupation_key = $4,
                 certificate_kind = $5, certificate_level = $6, training_type = $7, capacity = $8,
                 teacher = $9, venue = $10, venue_latitude = $11, venue_longitude = $12, commitment = $13,
                 status = 'submitted', applied_by = $14, submitted_at = $15, online_platform_id = $16,
                 decided_at = NULL, decided_by = NULL, decision_reason = ''
             WHERE id = $1 AND status = 'returned'",
        )
        .bind(id)
        .bind(row.course_id)
        .bind(row.occupation_name)
        .bind(row.occupation_key)
        .bind(row.certificate_kind)
        .bind(row.certificate_level)
        .bind(row.training_type)
        .bind(row.capacity)
        .bind(row.teacher)
        .bind(row.venue)
        .bind(row.venue_latitude)
        .bind(row.venue_longitude)
        .bind(row.commitment)
        .bind(row.applied_by)
        .bind(now)
        .bind(row.online_platform_id)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })?;
    if replaced {
        on_tx!(tx, conn => {
            sqlx::query("DELETE FROM class_sessions WHERE class_id = $1")
                .bind(id)
                .execute(conn)
                .await
                .map(|_| ())
        })?;
    }
    Ok(replaced)
}

/// Adds one planned session.
#[tracing::instrument(skip(tx))]
pub async fn insert_session(
    tx: &mut Tx,
    class_id: i64,
    position: i64,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    mode: &str,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO class_sessions (class_id, position, starts_at, ends_at, mode) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(class_id)
        .bind(position)
        .bind(starts_at)
        .bind(ends_at)
        .bind(mode)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// One step of an application's history.
#[derive(Clone, Debug, FromRow)]
pub struct ClassEventRow {
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub action: String,
    pub reason: String,
}

/// Appends to an application's history.
#[tracing::instrument(skip(tx, snapshot))]
pub async fn insert_class_event(
    tx: &mut Tx,
    class_id: i64,
    actor_id: &str,
    action: &str,
    reason: &str,
    snapshot: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO class_events (class_id, at, actor_id, action, reason, snapshot) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(class_id)
        .bind(now)
        .bind(actor_id)
        .bind(action)
        .bind(reason)
        .bind(snapshot)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// Approves or returns a submitted application; `false` when it was not
/// awaiting a decision.
#[tracing::instrument(skip(tx))]
pub async fn decide_class(
    tx: &mut Tx,
    id: i64,
    status: &str,
    decided_by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE training_classes SET status = $2, decided_by = $3, decision_reason = $4, decided_at = $5
             WHERE id = $1 AND status = 'submitted'",
        )
        .bind(id)
        .bind(status)
        .bind(decided_by)
        .bind(reason)
        .bind(now)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

#[tracing::instrument(skip(db))]
pub async fn find_class(db: &Database, id: i64) -> Result<Option<ClassRow>, sqlx::Error> {
    let sql = format!("{CLASS_SELECT} WHERE c.id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// Which classes a list shows.
#[derive(Clone, Debug, Default)]
pub struct ClassFilter<'a> {
    pub city_code: Option<&'a str>,
    pub institution_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub status: Option<&'a str>,
    pub course_id: Option<i64>,
    /// Only classes whose last session has not ended.
    pub running_after: Option<DateTime<Utc>>,
    /// Only classes of institutions: an employer's training of its own
    /// staff is not offered to the public.
    pub institutions_only: bool,
}

#[tracing::instrument(skip(db))]
pub async fn list_classes(
    db: &Database,
    filter: &ClassFilter<'_>,
) -> Result<Vec<ClassRow>, sqlx::Error> {
    let sql = format!(
        "{CLASS_SELECT}
         WHERE ($1 IS NULL OR c.city_code = $1) AND ($2 IS NULL OR c.institution_id = $2)
           AND ($3 IS NULL OR c.status = $3) AND ($4 IS NULL OR c.course_id = $4)
           AND ($5 IS NULL OR EXISTS (SELECT 1 FROM class_sessions s WHERE s.class_id = c.id AND s.ends_at > $5))
           AND ($6 IS NULL OR c.employer_id = $6) AND (NOT $7 OR c.institution_id IS NOT NULL)
         ORDER BY c.submitted_at DESC, c.id DESC
         LIMIT 200"
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(filter.city_code)
            .bind(filter.institution_id)
            .bind(filter.status)
            .bind(filter.course_id)
            .bind(filter.running_after)
            .bind(filter.employer_id)
            .bind(filter.institutions_only)
            .fetch_all(pool)
            .await
    })
}

/// A planned session of a class.
#[derive(Clone, Debug, FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub class_id: i64,
    pub position: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub mode: SessionMode,
    pub headcount: Option<i64>,
}

#[tracing::instrument(skip(db))]
pub async fn list_sessions(db: &Database, class_id: i64) -> Result<Vec<SessionRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, class_id, position, starts_at, ends_at, mode, headcount
             FROM class_sessions WHERE class_id = $1 ORDER BY position",
        )
        .bind(class_id)
        .fetch_all(pool)
        .await
    })
}

#[tracing::instrument(skip(db))]
pub async fn list_class_events(
    db: &Database,
    class_id: i64,
) -> Result<Vec<ClassEventRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT e.at, u.display_name AS actor_name, e.action, e.reason
             FROM class_events e JOIN users u ON u.id = e.actor_id
             WHERE e.class_id = $1 ORDER BY e.id",
        )
        .bind(class_id)
        .fetch_all(pool)
        .await
    })
}

/// Takes one seat of an approved class; `false` when it is full or not
/// approved. Atomic on both databases, so two workers cannot take the
/// last seat twice.
#[tracing::instrument(skip(tx))]
pub async fn take_seat(tx: &mut Tx, class_id: i64) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE training_classes SET enrolled_count = enrolled_count + 1
             WHERE id = $1 AND status = 'approved' AND enrolled_count < capacity",
        )
        .bind(class_id)
        .execute(conn)
        .await
        .map(|result| result.rows_affected() > 0)
    })
}

/// Enrols a worker; a second enrolment in one class fails on
/// `enrolments_class_worker_key`.
#[tracing::instrument(skip(tx))]
pub async fn insert_enrolment(
    tx: &mut Tx,
    class_id: i64,
    worker_id: &str,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO enrolments (class_id, worker_id, enrolled_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(class_id)
        .bind(worker_id)
        .bind(now)
        .fetch_one(conn)
        .await
    })
}

/// The enrolment of `worker_id` in `class_id`, if any.
#[tracing::instrument(skip(db))]
pub async fn find_enrolment_id(
    db: &Database,
    class_id: i64,
    worker_id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar("SELECT id FROM enrolments WHERE class_id = $1 AND worker_id = $2")
            .bind(class_id)
            .bind(worker_id)
            .fetch_optional(pool)
            .await
    })
}

/// An enrolment with its class, for the worker's list and access checks.
#[derive(Clone, Debug, FromRow)]
pub struct EnrolmentRow {
    pub id: i64,
    pub class_id: i64,
    pub worker_id: String,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub enrolled_at: DateTime<Utc>,
    pub city_code: City,
    pub institution_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub occupation_name: String,
    pub certificate_level: CertificateLevel,
    /// The name of the institution or employer that runs the class.
    pub institution_name: String,
}

impl EnrolmentRow {
    /// Who runs the enrolment's class.
    pub fn provider(&self) -> Provider {
        Provider::from_ids(self.institution_id, self.employer_id)
    }
}

const ENROLMENT_SELECT: &str =
    "SELECT e.id, e.class_id, e.worker_id, u.display_name AS worker_name,
        u.id_number_masked, e.enrolled_at, c.city_code, c.institution_id, c.employer_id, c.occupation_name,
        c.certificate_level, COALESCE(i.name, m.name) AS institution_name
     FROM enrolments e JOIN training_classes c ON c.id = e.class_id
     LEFT JOIN institutions i ON i.id = c.institution_id LEFT JOIN employers m ON m.id = c.employer_id
     JOIN users u ON u.id = e.worker_id";

#[tracing::instrument(skip(db))]
pub async fn find_enrolment(db: &Database, id: i64) -> Result<Option<EnrolmentRow>, sqlx::Error> {
    let sql = format!("{ENROLMENT_SELECT} WHERE e.id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

#[tracing::instrument(skip(db))]
pub async fn list_worker_enrolments(
    db: &Database,
    worker_id: &str,
) -> Result<Vec<EnrolmentRow>, sqlx::Error> {
    let sql = format!("{ENROLMENT_SELECT} WHERE e.worker_id = $1 ORDER BY e.enrolled_at DESC");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(worker_id).fetch_all(pool).await)
}

#[tracing::instrument(skip(db))]
pub async fn list_class_enrolments(
    db: &Database,
    class_id: i64,
) -> Result<Vec<EnrolmentRow>, sqlx::Error> {
    let sql = format!("{ENROLMENT_SELECT} WHERE e.class_id = $1 ORDER BY e.id");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(class_id).fetch_all(pool).await)
}

/// A subsidy the worker already claimed or received.
#[derive(Clone, Debug, FromRow)]
pub struct PriorClaimRow {
    pub occupation_name: String,
    pub certificate_level: CertificateLevel,
    pub status: ClaimStatus,
    pub created_at: DateTime<Utc>,
}

/// Claims of `worker_id` for one occupation and level (rejected ones do
/// not count: the subsidy was not granted).
#[tracing::instrument(skip(db))]
pub async fn list_prior_claims(
    db: &Database,
    worker_id: &str,
    occupation_key: &str,
    level: &str,
) -> Result<Vec<PriorClaimRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT occupation_name, certificate_level, status, created_at FROM subsidy_claims
             WHERE worker_id = $1 AND occupation_key = $2 AND certificate_level = $3 AND status <> 'rejected'
             ORDER BY created_at",
        )
        .bind(worker_id)
        .bind(occupation_key)
        .bind(level)
        .fetch_all(pool)
        .await
    })
}

/// Other classes of the same occupation and level the worker enrolled in.
#[tracing::instrument(skip(db))]
pub async fn list_similar_enrolments(
    db: &Database,
    worker_id: &str,
    occupation_key: &str,
    level: &str,
    except_class: i64,
) -> Result<Vec<EnrolmentRow>, sqlx::Error> {
    let sql = format!(
        "{ENROLMENT_SELECT} WHERE e.worker_id = $1 AND c.occupation_key = $2 AND c.certificate_level = $3
           AND c.id <> $4 ORDER BY e.enrolled_at"
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(worker_id)
            .bind(occupation_key)
            .bind(level)
            .bind(except_class)
            .fetch_all(pool)
            .await
    })
}

/// A course an institution may open a class for.
#[derive(Clone, Debug, FromRow)]
pub struct TrainableCourseRow {
    pub id: i64,
    pub occupation_name: String,
    pub certificate_kind: CertificateKind,
}

/// Courses of the city's published catalogue whose occupation the
/// institution's catalogue row lists.
#[tracing::instrument(skip(db))]
pub async fn list_trainable_courses(
    db: &Database,
    institution_id: i64,
    city_code: &str,
    today: chrono::NaiveDate,
) -> Result<Vec<TrainableCourseRow>, sqlx::Error> {
    let sql = format!(
        "SELECT c.id, c.occupation_name, c.certificate_kind
         FROM courses c JOIN catalogues k ON k.id = c.catalogue_id
         JOIN institution_occupations o ON o.occupation_key = c.occupation_key AND o.institution_id = $1
         WHERE k.kind = 'course' AND k.city_code = $2 AND c.removed_in IS NULL AND {}
         ORDER BY c.position",
        super::catalogue::current_edition("k", 3)
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(institution_id)
            .bind(city_code)
            .bind(super::catalogue::day(today))
            .fetch_all(pool)
            .await
    })
}

/// Every course of the city's current published course catalogue: what an
/// employer's training order may name.
#[tracing::instrument(skip(db))]
pub async fn list_city_courses(
    db: &Database,
    city_code: &str,
    today: chrono::NaiveDate,
) -> Result<Vec<TrainableCourseRow>, sqlx::Error> {
    let sql = format!(
        "SELECT c.id, c.occupation_name, c.certificate_kind
         FROM courses c JOIN catalogues k ON k.id = c.catalogue_id
         WHERE k.kind = 'course' AND k.city_code = $1 AND c.removed_in IS NULL AND {}
         ORDER BY c.position",
        super::catalogue::current_edition("k", 2)
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(city_code)
            .bind(super::catalogue::day(today))
            .fetch_all(pool)
            .await
    })
}

/// Copies the subsidy standard of a class's course, and the version of
/// its catalogue, into the class: the terms it is approved under, which a
/// later adjustment of the course does not change.
pub async fn snapshot_standard(tx: &mut Tx, class_id: i64) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM class_subsidy_amounts WHERE class_id = $1").bind(class_id).execute(&mut *conn).await?;
        sqlx::query("DELETE FROM class_subsidy_uplifts WHERE class_id = $1").bind(class_id).execute(&mut *conn).await?;
        sqlx::query(
            "INSERT INTO class_subsidy_amounts (class_id, level, amount_fen)
             SELECT c.id, a.level, a.amount_fen FROM training_classes c
             JOIN course_subsidy_amounts a ON a.course_id = c.course_id WHERE c.id = $1",
        )
        .bind(class_id)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO class_subsidy_uplifts (class_id, worker_category, percent)
             SELECT c.id, u.worker_category, u.percent FROM training_classes c
             JOIN course_subsidy_uplifts u ON u.course_id = c.course_id WHERE c.id = $1",
        )
        .bind(class_id)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "UPDATE training_classes SET catalogue_version =
                 (SELECT k.version FROM courses co JOIN catalogues k ON k.id = co.catalogue_id
                  WHERE co.id = training_classes.course_id)
             WHERE id = $1",
        )
        .bind(class_id)
        .execute(&mut *conn)
        .await
        .map(drop)
    })
}

/// The subsidy standard a class was approved (or applied) under.
#[tracing::instrument(skip(db))]
pub async fn find_class_standard(
    db: &Database,
    class_id: i64,
    kind: CertificateKind,
) -> Result<crate::domain::SubsidyStandard, sqlx::Error> {
    use crate::domain::{CategoryUplift, Fen, LevelAmount, UpliftPercent};
    let amounts: Vec<(crate::domain::CertificateLevel, i64)> = on_pool!(db, pool => {
        sqlx::query_as("SELECT level, amount_fen FROM class_subsidy_amounts WHERE class_id = $1")
            .bind(class_id)
            .fetch_all(pool)
            .await
    })?;
    let uplifts: Vec<(crate::domain::WorkerCategory, i64)> = on_pool!(db, pool => {
        sqlx::query_as("SELECT worker_category, percent FROM class_subsidy_uplifts WHERE class_id = $1")
            .bind(class_id)
            .fetch_all(pool)
            .await
    })?;
    let amounts = amounts
        .into_iter()
        .map(|(level, fen)| LevelAmount {
            level,
            amount: Fen::from_fen(fen),
        })
        .collect();
    let uplifts = uplifts
        .into_iter()
        .map(|(category, percent)| {
            Ok(CategoryUplift {
                category,
                percent: super::stored("percent", UpliftPercent::parse(percent))?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    super::stored(
        "subsidy",
        crate::domain::SubsidyStandard::parse(kind, amounts, uplifts),
    )
}
