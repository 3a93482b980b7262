//! Training orders, their positions, bids (揭榜) and history.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::{catalogue::day, on_pool, on_tx, Database, Tx};
use crate::domain::{
    BidStatus, CertificateKind, CertificateLevel, City, NewOrder, OrderKind, OrderStatus,
    OrderWarningKind, Position,
};

/// An order row with its employer's and institution's names and the sums
/// of its positions.
#[derive(Clone, Debug, FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub employer_id: i64,
    pub employer_name: String,
    pub city_code: City,
    pub kind: OrderKind,
    pub course_id: i64,
    pub occupation_name: String,
    pub occupation_key: String,
    pub certificate_kind: CertificateKind,
    pub certificate_level: CertificateLevel,
    pub trainees_wanted: i64,
    pub requirements: String,
    pub start_training_by: String,
    pub open_to_any: bool,
    pub institution_id: Option<i64>,
    pub institution_name: Option<String>,
    pub status: OrderStatus,
    pub posted_at: DateTime<Utc>,
    pub decision_reason: String,
    pub openings: i64,
    pub wage_min_yuan: i64,
    pub wage_max_yuan: i64,
}

const ORDER_SELECT: &str = "SELECT o.id, o.employer_id, e.name AS employer_name, o.city_code, o.kind,
        o.course_id, o.occupation_name, o.occupation_key, o.certificate_kind, o.certificate_level,
        o.trainees_wanted, o.requirements, o.start_training_by, o.open_to_any, o.institution_id,
        i.name AS institution_name, o.status, o.posted_at, o.decision_reason,
        (SELECT CAST(COALESCE(SUM(p.openings), 0) AS BIGINT) FROM order_positions p WHERE p.order_id = o.id) AS openings,
        (SELECT COALESCE(MIN(p.wage_min_yuan), 0) FROM order_positions p WHERE p.order_id = o.id) AS wage_min_yuan,
        (SELECT COALESCE(MAX(p.wage_max_yuan), 0) FROM order_positions p WHERE p.order_id = o.id) AS wage_max_yuan
     FROM training_orders o
     JOIN employers e ON e.id = o.employer_id
     LEFT JOIN institutions i ON i.id = o.institution_id";

/// The catalogue facts an order copies from its course when posted.
pub struct OrderCourse<'a> {
    pub occupation_name: &'a str,
    pub occupation_key: &'a str,
    pub certificate_kind: CertificateKind,
}

/// Stores a posted order (submitted) with its positions; returns its id.
#[tracing::instrument(skip(tx, order, course))]
pub async fn insert_order(
    tx: &mut Tx,
    employer_id: i64,
    city: City,
    order: &NewOrder,
    course: &OrderCourse<'_>,
    posted_by: &str,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let id: i64 = on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO training_orders (employer_id, city_code, kind, course_id, occupation_name,
                 occupation_key, certificate_kind, certificate_level, trainees_wanted, requirements,
                 start_training_by, open_to_any, institution_id, status, posted_by, posted_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'submitted', $14, $15)
             RETURNING id",
        )
        .bind(employer_id)
        .bind(city.code())
        .bind(order.kind.code())
        .bind(order.course_id)
        .bind(course.occupation_name)
        .bind(course.occupation_key)
        .bind(course.certificate_kind.code())
        .bind(order.level.code())
        .bind(order.trainees_wanted)
        .bind(&order.requirements)
        .bind(day(order.start_training_by))
        .bind(order.institution_id.is_none())
        .bind(order.institution_id)
        .bind(posted_by)
        .bind(now)
        .fetch_one(conn)
        .await
    })?;
    insert_positions(tx, id, &order.positions).await?;
    Ok(id)
}

/// Replaces a returned order's content and positions and puts it back
/// before the bureau. Returns whether it was returned.
#[tracing::instrument(skip(tx, order, course))]
pub async fn resubmit_order(
    tx: &mut Tx,
    id: i64,
    order: &NewOrder,
    course: &OrderCourse<'_>,
) -> Result<bool, sqlx::Error> {
    let changed = on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE training_orders SET kind = $2, course_id = $3, occupation_name = $4,
                 occupation_key = $5, certificate_kind = $6, certificate_level = $7,
                 trainees_wanted = $8, requirements = $9, start_training_by = $10,
                 open_to_any = $11, institution_id = $12, status = 'submitted'
             WHERE id = $1 AND status = 'returned'",
        )
        .bind(id)
        .bind(order.kind.code())
        .bind(order.course_id)
        .bind(course.occupation_name)
        .bind(course.occupation_key)
        .bind(course.certificate_kind.code())
        .bind(order.level.code())
        .bind(order.trainees_wanted)
        .bind(&order.requirements)
        .bind(day(order.start_training_by))
        .bind(order.institution_id.is_none())
        .bind(order.institution_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })?;
    if changed {
        on_tx!(tx, conn => {
            sqlx::query("DELETE FROM order_positions WHERE order_id = $1")
                .bind(id)
                .execute(conn)
                .await
                .map(|_| ())
        })?;
        insert_positions(tx, id, &order.positions).await?;
    }
    Ok(changed)
}

async fn insert_positions(
    tx: &mut Tx,
    order_id: i64,
    positions: &[Position],
) -> Result<(), sqlx::Error> {
    for (index, position) in positions.iter().enumerate() {
        on_tx!(tx, conn => {
            sqlx::query(
                "INSERT INTO order_positions (order_id, position, title, openings, wage_min_yuan,
                     wage_max_yuan, workplace, contract_months, starts_on)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(order_id)
            .bind(index as i64 + 1)
            .bind(&position.title)
            .bind(position.openings)
            .bind(position.wage_min_yuan)
            .bind(position.wage_max_yuan)
            .bind(&position.workplace)
            .bind(position.contract_months)
            .bind(day(position.starts_on))
            .execute(conn)
            .await
            .map(|_| ())
        })?;
    }
    Ok(())
}

/// Moves an order from `from` to `to`, recording the bureau's decision
/// when `decision` is given and the institution when `institution_id` is.
/// Returns whether the order was in `from`.
#[tracing::instrument(skip(tx, decision))]
pub async fn move_order(
    tx: &mut Tx,
    id: i64,
    from: OrderStatus,
    to: OrderStatus,
    institution_id: Option<i64>,
    decision: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let (decided_by, reason) = decision.unzip();
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE training_orders SET status = $3,
                 institution_id = COALESCE($4, institution_id),
                 decided_by = COALESCE($5, decided_by),
                 decision_reason = COALESCE($6, decision_reason),
                 decided_at = CASE WHEN $5 IS NULL THEN decided_at ELSE $7 END
             WHERE id = $1 AND status = $2",
        )
        .bind(id)
        .bind(from.code())
        .bind(to.code())
        .bind(institution_id)
        .bind(decided_by)
        .bind(reason)
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Adds a step to an order's history.
#[tracing::instrument(skip(tx, reason))]
pub async fn insert_event(
    tx: &mut Tx,
    order_id: i64,
    actor_id: &str,
    action: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO order_events (order_id, at, actor_id, action, reason) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(order_id)
        .bind(now)
        .bind(actor_id)
        .bind(action)
        .bind(reason)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

#[tracing::instrument(skip(db))]
pub async fn find_order(db: &Database, id: i64) -> Result<Option<OrderRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(&format!("{ORDER_SELECT} WHERE o.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await
    })
}

/// The order `id` as `tx` sees it.
#[tracing::instrument(skip(tx))]
pub async fn find_order_in_tx(tx: &mut Tx, id: i64) -> Result<Option<OrderRow>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_as(&format!("{ORDER_SELECT} WHERE o.id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await
    })
}

/// Which orders a list shows.
#[derive(Clone, Copy, Debug)]
pub enum OrderListing {
    /// Every order (the province), or one city's (its bureau).
    Supervised { city: Option<City> },
    /// One employer's own orders.
    Employer { employer_id: i64 },
    /// What an institution sees: the open orders of its city it may
    /// train, and the orders assigned to it.
    Institution { city: City, institution_id: i64 },
    /// Approved and assigned orders of a city (every city when `None`),
    /// for anyone.
    Public { city: Option<City> },
}

/// Orders of `listing`, optionally in one status, newest first.
#[tracing::instrument(skip(db))]
pub async fn list_orders(
    db: &Database,
    listing: OrderListing,
    status: Option<OrderStatus>,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    let status = status.map(OrderStatus::code);
    let sql = |condition: &str| {
        format!(
            "{ORDER_SELECT} WHERE ($1 IS NULL OR o.status = $1) AND {condition}
             ORDER BY o.posted_at DESC, o.id DESC LIMIT 500"
        )
    };
    on_pool!(db, pool => {
        match listing {
            OrderListing::Supervised { city } => {
                sqlx::query_as(&sql("($2 IS NULL OR o.city_code = $2)"))
                    .bind(status)
                    .bind(city.map(City::code))
                    .fetch_all(pool)
                    .await
            }
            OrderListing::Employer { employer_id } => {
                sqlx::query_as(&sql("o.employer_id = $2"))
                    .bind(status)
                    .bind(employer_id)
                    .fetch_all(pool)
                    .await
            }
            OrderListing::Institution { city, institution_id } => {
                sqlx::query_as(&sql(
                    "o.city_code = $2 AND (o.institution_id = $3 OR (o.status = 'approved' AND EXISTS (
                         SELECT 1 FROM institution_occupations io
                         JOIN institutions ii ON ii.id = io.institution_id
                         WHERE io.institution_id = $3 AND io.occupation_key = o.occupation_key
                           AND ii.removed_in IS NULL)))",
                ))
                .bind(status)
                .bind(city.code())
                .bind(institution_id)
                .fetch_all(pool)
                .await
            }
            OrderListing::Public { city } => {
                sqlx::query_as(&sql(
                    "($2 IS NULL OR o.city_code = $2) AND o.status IN ('approved', 'assigned')",
                ))
                    .bind(status)
                    .bind(city.map(City::code))
                    .fetch_all(pool)
                    .await
            }
        }
    })
}

/// The approved and assigned orders of a course, newest first.
#[tracing::instrument(skip(db))]
pub async fn public_orders_of_course(
    db: &Database,
    course_id: i64,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(&format!(
            "{ORDER_SELECT} WHERE o.course_id = $1 AND o.status IN ('approved', 'assigned')
             ORDER BY o.posted_at DESC, o.id DESC LIMIT 20"
        ))
        .bind(course_id)
        .fetch_all(pool)
        .await
    })
}

/// The people counts of each order's classes, by order id.
#[derive(Clone, Debug, FromRow)]
pub struct FunnelRow {
    pub order_id: i64,
    pub enrolled: i64,
    pub completed: i64,
    pub certified: i64,
    pub offered: i64,
    pub hired: i64,
    pub retained_3: i64,
    pub retained_6: i64,
}

/// The counts of order `order_id` (of every order with classes when
/// `None`).
#[tracing::instrument(skip(db))]
pub async fn funnels(db: &Database, order_id: Option<i64>) -> Result<Vec<FunnelRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT c.order_id AS order_id,
                 CAST(COUNT(e.id) AS BIGINT) AS enrolled,
                 CAST(COALESCE(SUM(CASE WHEN a.passed THEN 1 ELSE 0 END), 0) AS BIGINT) AS completed,
                 CAST(COALESCE(SUM(CASE WHEN a.certificate_status = 'verified' THEN 1 ELSE 0 END), 0) AS BIGINT) AS certified,
                 CAST(COALESCE(SUM(CASE WHEN j.status IN ('offered', 'accepted', 'declined', 'hired') THEN 1 ELSE 0 END), 0) AS BIGINT) AS offered,
                 CAST(COALESCE(SUM(CASE WHEN j.status = 'hired' THEN 1 ELSE 0 END), 0) AS BIGINT) AS hired,
                 CAST(COALESCE(SUM(CASE WHEN r3.still_employed THEN 1 ELSE 0 END), 0) AS BIGINT) AS retained_3,
                 CAST(COALESCE(SUM(CASE WHEN r6.still_employed THEN 1 ELSE 0 END), 0) AS BIGINT) AS retained_6
             FROM training_classes c
             JOIN enrolments e ON e.class_id = c.id
             LEFT JOIN assessments a ON a.enrolment_id = e.id
             LEFT JOIN job_offers j ON j.enrolment_id = e.id
             LEFT JOIN retention_checks r3 ON r3.offer_id = j.id AND r3.months = 3
             LEFT JOIN retention_checks r6 ON r6.offer_id = j.id AND r6.months = 6
             WHERE c.order_id IS NOT NULL AND ($1 IS NULL OR c.order_id = $1)
             GROUP BY c.order_id",
        )
        .bind(order_id)
        .fetch_all(pool)
        .await
    })
}

/// A position row.
#[derive(Clone, Debug, FromRow)]
struct PositionRow {
    title: String,
    openings: i64,
    wage_min_yuan: i64,
    wage_max_yuan: i64,
    workplace: String,
    contract_months: i64,
    starts_on: String,
}

/// The jobs of an order, in the order they were given.
#[tracing::instrument(skip(db))]
pub async fn positions_of(db: &Database, order_id: i64) -> Result<Vec<Position>, sqlx::Error> {
    let rows: Vec<PositionRow> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT title, openings, wage_min_yuan, wage_max_yuan, workplace, contract_months, starts_on
             FROM order_positions WHERE order_id = $1 ORDER BY position",
        )
        .bind(order_id)
        .fetch_all(pool)
        .await
    })?;
    rows.into_iter()
        .map(|row| {
            let starts_on = NaiveDate::parse_from_str(&row.starts_on, "%Y-%m-%d")
                .map_err(|error| sqlx::Error::Decode(Box::new(error)))?;
            Ok(Position {
                title: row.title,
                openings: row.openings,
                wage_min_yuan: row.wage_min_yuan,
                wage_max_yuan: row.wage_max_yuan,
                workplace: row.workplace,
                contract_months: row.contract_months,
                starts_on,
            })
        })
        .collect()
}

/// A bid row with its institution's name.
#[derive(Clone, Debug, FromRow)]
pub struct BidRow {
    pub id: i64,
    pub order_id: i64,
    pub institution_id: i64,
    pub institution_name: String,
    pub plan: String,
    pub status: BidStatus,
    pub bid_at: DateTime<Utc>,
}

const BID_SELECT: &str = "SELECT b.id, b.order_id, b.institution_id, i.name AS institution_name,
        b.plan, b.status, b.bid_at
     FROM order_bids b JOIN institutions i ON i.id = b.institution_id";

/// Stores an institution's bid while the order is open (`None` when it
/// no longer is); a second bid of one institution fails on
/// `order_bids_order_institution_key`.
#[tracing::instrument(skip(tx, plan))]
pub async fn insert_bid(
    tx: &mut Tx,
    order_id: i64,
    institution_id: i64,
    plan: &str,
    bid_by: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO order_bids (order_id, institution_id, plan, status, bid_by, bid_at)
             SELECT $1, $2, $3, 'open', $4, $5
             WHERE EXISTS (SELECT 1 FROM training_orders WHERE id = $1 AND status = 'approved')
             RETURNING id",
        )
        .bind(order_id)
        .bind(institution_id)
        .bind(plan)
        .bind(bid_by)
        .bind(now)
        .fetch_optional(conn)
        .await
    })
}

/// Closes the open bids of a withdrawn order.
#[tracing::instrument(skip(tx))]
pub async fn close_bids(tx: &mut Tx, order_id: i64) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE order_bids SET status = 'not_picked' WHERE order_id = $1 AND status = 'open'")
            .bind(order_id)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// Marks `bid_id` picked and every other open bid of the order not
/// picked. Returns whether `bid_id` was open.
#[tracing::instrument(skip(tx))]
pub async fn pick_bid(tx: &mut Tx, order_id: i64, bid_id: i64) -> Result<bool, sqlx::Error> {
    let picked = on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE order_bids SET status = 'picked' WHERE id = $1 AND order_id = $2 AND status = 'open'",
        )
        .bind(bid_id)
        .bind(order_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })?;
    if picked {
        on_tx!(tx, conn => {
            sqlx::query(
                "UPDATE order_bids SET status = 'not_picked' WHERE order_id = $1 AND status = 'open'",
            )
            .bind(order_id)
            .execute(conn)
            .await
            .map(|_| ())
        })?;
    }
    Ok(picked)
}

#[tracing::instrument(skip(db))]
pub async fn bids_of(db: &Database, order_id: i64) -> Result<Vec<BidRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(&format!("{BID_SELECT} WHERE b.order_id = $1 ORDER BY b.bid_at, b.id"))
            .bind(order_id)
            .fetch_all(pool)
            .await
    })
}

#[tracing::instrument(skip(tx))]
pub async fn find_bid_in_tx(tx: &mut Tx, bid_id: i64) -> Result<Option<BidRow>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_as(&format!("{BID_SELECT} WHERE b.id = $1"))
            .bind(bid_id)
            .fetch_optional(conn)
            .await
    })
}

/// A step of an order's history with the actor's name.
#[derive(Clone, Debug, FromRow)]
pub struct EventRow {
    pub at: DateTime<Utc>,
    pub action: String,
    pub actor_name: String,
    pub reason: String,
}

#[tracing::instrument(skip(db))]
pub async fn events_of(db: &Database, order_id: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT ev.at, ev.action, u.display_name AS actor_name, ev.reason
             FROM order_events ev JOIN users u ON u.id = ev.actor_id
             WHERE ev.order_id = $1 ORDER BY ev.id",
        )
        .bind(order_id)
        .fetch_all(pool)
        .await
    })
}

/// The classes applied for an order.
#[tracing::instrument(skip(db))]
pub async fn classes_of(db: &Database, order_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar("SELECT id FROM training_classes WHERE order_id = $1 ORDER BY id")
            .bind(order_id)
            .fetch_all(pool)
            .await
    })
}

/// Raises a warning unless one of its kind, order and subject exists.
#[tracing::instrument(skip(tx, details))]
pub async fn raise_warning(
    tx: &mut Tx,
    order_id: i64,
    city: City,
    kind: OrderWarningKind,
    subject: &str,
    details: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO order_warnings (order_id, city_code, kind, subject, details, raised_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (kind, order_id, subject) DO NOTHING",
        )
        .bind(order_id)
        .bind(city.code())
        .bind(kind.code())
        .bind(subject)
        .bind(details)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// A warning row.
#[derive(Clone, Debug, FromRow)]
pub struct WarningRow {
    pub id: i64,
    pub order_id: i64,
    pub kind: OrderWarningKind,
    pub subject: String,
    pub details: String,
    pub raised_at: DateTime<Utc>,
    pub cleared_at: Option<DateTime<Utc>>,
    pub clear_reason: String,
}

#[tracing::instrument(skip(db))]
pub async fn warnings_of(db: &Database, order_id: i64) -> Result<Vec<WarningRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, order_id, kind, subject, details, raised_at, cleared_at, clear_reason
             FROM order_warnings WHERE order_id = $1 ORDER BY id",
        )
        .bind(order_id)
        .fetch_all(pool)
        .await
    })
}

/// Clears an open warning of order `order_id`. Returns whether it was open.
#[tracing::instrument(skip(tx, reason))]
pub async fn clear_warning(
    tx: &mut Tx,
    order_id: i64,
    warning_id: i64,
    cleared_by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE order_warnings SET cleared_at = $4, cleared_by = $3, clear_reason = $5
             WHERE id = $2 AND order_id = $1 AND cleared_at IS NULL",
        )
        .bind(order_id)
        .bind(warning_id)
        .bind(cleared_by)
        .bind(now)
        .bind(reason)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// The contact people of an order's employer and of the institution
/// assigned to it.
#[derive(Clone, Debug, FromRow)]
pub struct OrderContacts {
    pub employer_person: String,
    pub employer_mobile: String,
    pub institution_person: String,
    pub institution_phone: String,
}

#[tracing::instrument(skip(tx))]
pub async fn contacts_in_tx(
    tx: &mut Tx,
    order_id: i64,
) -> Result<Option<OrderContacts>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_as(
            "SELECT e.contact_person AS employer_person, e.contact_mobile AS employer_mobile,
                 i.contact_person AS institution_person, i.contact_phone AS institution_phone
             FROM training_orders o
             JOIN employers e ON e.id = o.employer_id
             JOIN institutions i ON i.id = o.institution_id
             WHERE o.id = $1",
        )
        .bind(order_id)
        .fetch_optional(conn)
        .await
    })
}
