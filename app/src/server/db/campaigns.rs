//! Recommendation campaigns, the audience their filters pick out, and the
//! outbox their messages are delivered from.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, on_writer, Database, Tx};
use crate::domain::{Audience, CertificateLevel, City, WorkerCategory};

/// A campaign as stored.
#[derive(Clone, Debug, FromRow)]
pub struct CampaignRow {
    pub id: i64,
    pub city_code: String,
    pub offer_kind: String,
    pub offer_id: i64,
    pub occupation_key: String,
    pub occupation_name: String,
    pub certificate_level: String,
    pub message_zh: String,
    pub message_en: String,
    pub audience: String,
    pub status: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub sent_by: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub recipients: Option<i64>,
}

const CAMPAIGN_COLUMNS: &str =
    "id, city_code, offer_kind, offer_id, occupation_key, occupation_name,
     certificate_level, message_zh, message_en, audience, status, created_by, created_at, sent_by,
     sent_at, recipients";

/// What a new or changed draft holds.
pub struct CampaignDraft<'a> {
    pub city: City,
    pub offer_kind: &'a str,
    pub offer_id: i64,
    pub occupation_key: &'a str,
    pub occupation_name: &'a str,
    pub level: CertificateLevel,
    pub message_zh: &'a str,
    pub message_en: &'a str,
    /// The filters as JSON.
    pub audience: &'a str,
}

pub async fn insert_campaign(
    tx: &mut Tx,
    draft: &CampaignDraft<'_>,
    created_by: &str,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO campaigns (city_code, offer_kind, offer_id, occupation_key, occupation_name,
                 certificate_level, message_zh, message_en, audience, status, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11) RETURNING id",
        )
        .bind(draft.city.code())
        .bind(draft.offer_kind)
        .bind(draft.offer_id)
        .bind(draft.occupation_key)
        .bind(draft.occupation_name)
        .bind(draft.level.code())
        .bind(draft.message_zh)
        .bind(draft.message_en)
        .bind(draft.audience)
        .bind(created_by)
        .bind(now)
        .fetch_one(conn)
        .await
    })
}

/// Replaces a draft's offer, message and audience; false when the
/// campaign is no longer a draft.
pub async fn update_draft(
    tx: &mut Tx,
    id: i64,
    draft: &CampaignDraft<'_>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE campaigns SET offer_kind = $2, offer_id = $3, occupation_key = $4,
                 occupation_name = $5, certificate_level = $6, message_zh = $7, message_en = $8,
                 audience = $9
             WHERE id = $1 AND status = 'draft'",
        )
        .bind(id)
        .bind(draft.offer_kind)
        .bind(draft.offer_id)
        .bind(draft.occupation_key)
        .bind(draft.occupation_name)
        .bind(draft.level.code())
        .bind(draft.message_zh)
        .bind(draft.message_en)
        .bind(draft.audience)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

pub async fn find_campaign(db: &Database, id: i64) -> Result<Option<CampaignRow>, sqlx::Error> {
    let sql = format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1");
    on_pool!(db, pool => {
        sqlx::query_as::<_, CampaignRow>(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await
    })
}

/// The campaigns of `city` (every city's with `None`), newest first.
pub async fn list_campaigns(
    db: &Database,
    city: Option<City>,
) -> Result<Vec<CampaignRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {CAMPAIGN_COLUMNS} FROM campaigns
         WHERE $1 IS NULL OR city_code = $1 ORDER BY id DESC LIMIT 500"
    );
    on_pool!(db, pool => {
        sqlx::query_as::<_, CampaignRow>(&sql)
            .bind(city.map(City::code))
            .fetch_all(pool)
            .await
    })
}

/// Marks a draft sent by `sent_by`, holding its row until the
/// transaction ends (so no change to the draft slips in between); false
/// when it was sent already (by another request).
pub async fn claim_draft(
    tx: &mut Tx,
    id: i64,
    sent_by: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE campaigns SET status = 'sent', sent_by = $2, sent_at = $3
             WHERE id = $1 AND status = 'draft'",
        )
        .bind(id)
        .bind(sent_by)
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Campaign `id` as this transaction sees it.
pub async fn find_campaign_in_tx(tx: &mut Tx, id: i64) -> Result<Option<CampaignRow>, sqlx::Error> {
    let sql = format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1");
    on_tx!(tx, conn => {
        sqlx::query_as::<_, CampaignRow>(&sql)
            .bind(id)
            .fetch_optional(conn)
            .await
    })
}

/// Records how many workers a sent campaign reached.
pub async fn record_recipients(tx: &mut Tx, id: i64, recipients: i64) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE campaigns SET recipients = $2 WHERE id = $1")
            .bind(id)
            .bind(recipients)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// Who an audience is for: its filters, the offer's occupation and level,
/// the city, and the time "now" is (for classes still running).
pub struct AudienceQuery<'a> {
    pub city: City,
    pub occupation_key: &'a str,
    pub level: CertificateLevel,
    pub audience: &'a Audience,
    /// Registration days turned into instants (China midnight): from, and
    /// the midnight after the last day.
    pub registered_from: Option<DateTime<Utc>>,
    pub registered_before: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
}

/// A value bound to a placeholder of a built statement.
enum Bind {
    Text(String),
    Time(DateTime<Utc>),
}

/// A certificate the worker holds: an assessment passed with a
/// certificate that was not found invalid, of an occupation and level.
const HOLDS_CERTIFICATE: &str = "SELECT 1 FROM enrolments e
       JOIN training_classes tc ON tc.id = e.class_id
       JOIN assessments a ON a.enrolment_id = e.id
      WHERE e.worker_id = u.id AND tc.occupation_key = {key}
        AND COALESCE(a.certificate_level, tc.certificate_level) = {level}
        AND a.passed AND a.certificate_status <> 'invalid'";

/// The statement that selects the ids of the audience's workers (`u.id`)
/// and the values of its placeholders. Every worker of the city with a
/// recommendations consent in force and an enabled account, narrowed by
/// each filter that is set.
fn audience_select(query: &AudienceQuery<'_>) -> (String, Vec<Bind>) {
    let mut binds = vec![Bind::Text(query.city.code().to_owned())];
    let mut sql = String::from(
        "SELECT u.id FROM users u
          WHERE u.role = 'worker' AND u.city_code = $1 AND u.disabled_at IS NULL
            AND EXISTS (SELECT 1 FROM consents c WHERE c.user_id = u.id
                        AND c.purpose = 'recommendations' AND c.withdrawn_at IS NULL)",
    );
    let audience = query.audience;
    if !audience.categories.is_empty() {
        let list = in_list(&mut binds, &audience.categories);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM worker_categories wc WHERE wc.worker_id = u.id
                          AND wc.status <> 'refused' AND wc.category IN ({list}))"
        ));
    }
    if audience.living_allowance_eligible {
        let list = in_list(&mut binds, &Audience::living_allowance_categories());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM worker_categories wc WHERE wc.worker_id = u.id
                          AND wc.status = 'verified' AND wc.category IN ({list}))"
        ));
    }
    if audience.without_this_certificate {
        let key = placeholder(&mut binds, Bind::Text(query.occupation_key.to_owned()));
        let level = placeholder(&mut binds, Bind::Text(query.level.code().to_owned()));
        let holds = HOLDS_CERTIFICATE
            .replace("{key}", &key)
            .replace("{level}", &level);
        sql.push_str(&format!(
            " AND NOT EXISTS ({holds})
              AND NOT EXISTS (SELECT 1 FROM subsidy_claims sc WHERE sc.worker_id = u.id
                              AND sc.occupation_key = {key} AND sc.certificate_level = {level}
                              AND sc.status <> 'rejected')"
        ));
    }
    if let (true, Some(below)) = (audience.holding_level_below, query.level.below()) {
        let key = placeholder(&mut binds, Bind::Text(query.occupation_key.to_owned()));
        let level = placeholder(&mut binds, Bind::Text(below.code().to_owned()));
        let holds = HOLDS_CERTIFICATE
            .replace("{key}", &key)
            .replace("{level}", &level);
        sql.push_str(&format!(" AND EXISTS ({holds})"));
    }
    if audience.not_in_training {
        let now = placeholder(&mut binds, Bind::Time(query.now));
        sql.push_str(&format!(
            " AND NOT EXISTS (SELECT 1 FROM enrolments e
                               JOIN class_sessions s ON s.class_id = e.class_id
                              WHERE e.worker_id = u.id AND s.ends_at > {now})"
        ));
    }
    if let Some(from) = query.registered_from {
        let from = placeholder(&mut binds, Bind::Time(from));
        sql.push_str(&format!(" AND u.created_at >= {from}"));
    }
    if let Some(before) = query.registered_before {
        let before = placeholder(&mut binds, Bind::Time(before));
        sql.push_str(&format!(" AND u.created_at < {before}"));
    }
    (sql, binds)
}

/// Adds `value` to the statement's values; its placeholder.
fn placeholder(binds: &mut Vec<Bind>, value: Bind) -> String {
    binds.push(value);
    format!("${}", binds.len())
}

/// Placeholders for a list of categories, for `IN (...)`.
fn in_list(binds: &mut Vec<Bind>, categories: &[WorkerCategory]) -> String {
    categories
        .iter()
        .map(|category| placeholder(binds, Bind::Text(category.code().to_owned())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Binds `$binds` to `$query` in order (a macro: the query's type differs
/// between the two databases).
macro_rules! bind_all {
    ($query:expr, $binds:expr) => {{
        let mut query = $query;
        for value in $binds {
            query = match value {
                Bind::Text(text) => query.bind(text.clone()),
                Bind::Time(time) => query.bind(*time),
            };
        }
        query
    }};
}

/// One line of the audience's count: the total (`category` empty), a
/// declared category, or those without one (`category` "-").
#[derive(Debug, FromRow)]
pub struct AudienceCountRow {
    pub category: String,
    pub workers: i64,
}

/// Counts the audience, in all and by declared (not refused) category.
pub async fn count_audience(
    db: &Database,
    query: &AudienceQuery<'_>,
) -> Result<Vec<AudienceCountRow>, sqlx::Error> {
    let (select, binds) = audience_select(query);
    let sql = format!(
        "WITH audience AS ({select})
         SELECT '' AS category, COUNT(*) AS workers FROM audience
         UNION ALL
         SELECT wc.category, COUNT(*) FROM audience a
           JOIN worker_categories wc ON wc.worker_id = a.id AND wc.status <> 'refused'
          GROUP BY wc.category
         UNION ALL
         SELECT '-', COUNT(*) FROM audience a
          WHERE NOT EXISTS (SELECT 1 FROM worker_categories wc
                             WHERE wc.worker_id = a.id AND wc.status <> 'refused')"
    );
    on_pool!(db, pool => {
        bind_all!(sqlx::query_as::<_, AudienceCountRow>(&sql), &binds)
            .fetch_all(pool)
            .await
    })
}

/// Puts one inbox message per worker of the audience in the outbox, due
/// at `now`; how many. A worker who already has this campaign's message
/// is not given another.
pub async fn enqueue_inbox_messages(
    tx: &mut Tx,
    campaign_id: i64,
    query: &AudienceQuery<'_>,
) -> Result<u64, sqlx::Error> {
    let (select, mut binds) = audience_select(query);
    binds.push(Bind::Time(query.now));
    let due = binds.len();
    let campaign = campaign_id.to_string();
    let sql = format!(
        "INSERT INTO campaign_messages (campaign_id, worker_id, channel, state, due_at)
         SELECT {campaign}, audience.id, 'inbox', 'pending', ${due} FROM ({select}) audience
          WHERE true
         ON CONFLICT (campaign_id, worker_id, channel) DO NOTHING"
    );
    on_tx!(tx, conn => {
        bind_all!(sqlx::query(&sql), &binds)
            .execute(conn)
            .await
            .map(|done| done.rows_affected())
    })
}

/// `$first, $first+1, …`: `count` placeholders for `IN (...)`.
fn numbered_placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A message of the outbox taken for delivery.
#[derive(Clone, Debug, FromRow)]
pub struct DueMessage {
    pub id: i64,
    pub campaign_id: i64,
    pub worker_id: String,
    pub attempts: i64,
}

/// `FOR UPDATE SKIP LOCKED` on PostgreSQL, where several processes share
/// the outbox; nothing on SQLite, where one transaction writes at a time.
fn skip_locked(tx: &Tx) -> &'static str {
    match tx {
        Tx::Sqlite(..) => "",
        Tx::Postgres(..) => " FOR UPDATE SKIP LOCKED",
    }
}

/// Takes up to `limit` inbox messages due at `now`, oldest first; on
/// PostgreSQL they stay locked to this transaction and other processes
/// skip them.
pub async fn take_due_inbox(
    tx: &mut Tx,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<DueMessage>, sqlx::Error> {
    let sql = format!(
        "SELECT id, campaign_id, worker_id, attempts FROM campaign_messages
          WHERE channel = 'inbox' AND state = 'pending' AND due_at <= $1
          ORDER BY due_at, id LIMIT $2{}",
        skip_locked(tx)
    );
    on_tx!(tx, conn => {
        sqlx::query_as::<_, DueMessage>(&sql)
            .bind(now)
            .bind(limit)
            .fetch_all(conn)
            .await
    })
}

/// Locks the workers' rows until the transaction ends, so that two
/// processes delivering to one worker count the weekly limit one after
/// the other (PostgreSQL; SQLite writes one transaction at a time). The
/// lock does not hold back rows that merely refer to the worker.
pub async fn lock_workers(tx: &mut Tx, worker_ids: &[String]) -> Result<(), sqlx::Error> {
    match tx {
        Tx::Sqlite(..) => Ok(()),
        Tx::Postgres(tx, _) => {
            sqlx::query("SELECT id FROM users WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE")
                .bind(worker_ids)
                .execute(&mut **tx)
                .await
                .map(|_| ())
        }
    }
}

/// A recommendation delivered to a worker's inbox, and when.
#[derive(Debug, FromRow)]
pub struct DeliveredRow {
    pub worker_id: String,
    pub delivered_at: DateTime<Utc>,
}

/// The recommendations delivered to these workers' inboxes since `since`.
pub async fn list_recent_deliveries(
    tx: &mut Tx,
    worker_ids: &[String],
    since: DateTime<Utc>,
) -> Result<Vec<DeliveredRow>, sqlx::Error> {
    let mut rows = Vec::new();
    for chunk in worker_ids.chunks(500) {
        let list = numbered_placeholders(2, chunk.len());
        let sql = format!(
            "SELECT worker_id, delivered_at FROM campaign_messages
              WHERE channel = 'inbox' AND state = 'delivered' AND delivered_at > $1
                AND worker_id IN ({list})"
        );
        let found = on_tx!(tx, conn => {
            let mut query = sqlx::query_as::<_, DeliveredRow>(&sql).bind(since);
            for id in chunk {
                query = query.bind(id);
            }
            query.fetch_all(conn).await
        })?;
        rows.extend(found);
    }
    Ok(rows)
}

/// Which of these workers receive recommendations now (consent in force,
/// account enabled).
pub async fn list_consenting(
    tx: &mut Tx,
    worker_ids: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    let mut consenting = Vec::new();
    for chunk in worker_ids.chunks(500) {
        let list = numbered_placeholders(1, chunk.len());
        let sql = format!(
            "SELECT DISTINCT c.user_id FROM consents c JOIN users u ON u.id = c.user_id
              WHERE c.purpose = 'recommendations' AND c.withdrawn_at IS NULL
                AND u.disabled_at IS NULL AND c.user_id IN ({list})"
        );
        let found = on_tx!(tx, conn => {
            let mut query = sqlx::query_scalar::<_, String>(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            query.fetch_all(conn).await
        })?;
        consenting.extend(found);
    }
    Ok(consenting)
}

/// Records a message delivered.
pub async fn mark_delivered(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE campaign_messages
                SET state = 'delivered', delivered_at = $2, attempts = attempts + 1,
                    leased_until = NULL, last_error = ''
              WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// Moves a message that may not go yet to the time it may.
pub async fn postpone(tx: &mut Tx, id: i64, due_at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE campaign_messages SET due_at = $2 WHERE id = $1")
            .bind(id)
            .bind(due_at)
            .execute(conn)
            .await
            .map(|_| ())
    })
}

/// Drops a message that must not go, saying why.
pub async fn drop_message(tx: &mut Tx, id: i64, why: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE campaign_messages SET state = 'dropped', last_error = $2, leased_until = NULL
              WHERE id = $1",
        )
        .bind(id)
        .bind(why)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// Puts the SMS of a campaign for a worker in the outbox, due at `now`.
pub async fn enqueue_sms(
    tx: &mut Tx,
    campaign_id: i64,
    worker_id: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO campaign_messages (campaign_id, worker_id, channel, state, due_at)
             VALUES ($1, $2, 'sms', 'pending', $3)
             ON CONFLICT (campaign_id, worker_id, channel) DO NOTHING",
        )
        .bind(campaign_id)
        .bind(worker_id)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

/// Leases up to `limit` SMS due at `now` to this process until
/// `leased_until`, counting the attempt: another process takes them only
/// once the lease has run out (this one stopped in the middle).
pub async fn lease_due_sms(
    tx: &mut Tx,
    now: DateTime<Utc>,
    leased_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<DueMessage>, sqlx::Error> {
    let sql = format!(
        "SELECT id, campaign_id, worker_id, attempts FROM campaign_messages
          WHERE channel = 'sms' AND state = 'pending' AND due_at <= $1
            AND (leased_until IS NULL OR leased_until <= $1)
          ORDER BY due_at, id LIMIT $2{}",
        skip_locked(tx)
    );
    let due = on_tx!(tx, conn => {
        sqlx::query_as::<_, DueMessage>(&sql)
            .bind(now)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await
    })?;
    let mut leased = Vec::with_capacity(due.len());
    for message in due {
        on_tx!(tx, conn => {
            sqlx::query(
                "UPDATE campaign_messages SET leased_until = $2, attempts = attempts + 1
                  WHERE id = $1",
            )
            .bind(message.id)
            .bind(leased_until)
            .execute(conn)
            .await
            .map(|_| ())
        })?;
        leased.push(DueMessage {
            attempts: message.attempts + 1,
            ..message
        });
    }
    Ok(leased)
}

/// Records an SMS the gateway accepted on attempt `attempt`; false when
/// a later attempt holds the message (this one's lease ran out).
pub async fn record_sms_sent(
    db: &Database,
    id: i64,
    attempt: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query(
            "UPDATE campaign_messages
                SET state = 'delivered', delivered_at = $3, leased_until = NULL, last_error = ''
              WHERE id = $1 AND state = 'pending' AND attempts = $2",
        )
        .bind(id)
        .bind(attempt)
        .bind(now)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Records failed attempt `attempt`: tried again from `retry_at`, or
/// failed for good when there is none; false when a later attempt holds
/// the message.
pub async fn record_sms_failure(
    db: &Database,
    id: i64,
    attempt: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<bool, sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query(
            "UPDATE campaign_messages
                SET state = CASE WHEN $4 IS NULL THEN 'failed' ELSE 'pending' END,
                    due_at = COALESCE($4, due_at), leased_until = NULL, last_error = $3
              WHERE id = $1 AND state = 'pending' AND attempts = $2",
        )
        .bind(id)
        .bind(attempt)
        .bind(error)
        .bind(retry_at)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Drops the pending SMS of workers who no longer receive
/// recommendations or whose account is disabled; how many.
pub async fn drop_unwanted_sms(db: &Database) -> Result<u64, sqlx::Error> {
    on_writer!(db, pool => {
        sqlx::query(
            "UPDATE campaign_messages SET state = 'dropped', last_error = 'consent_withdrawn',
                    leased_until = NULL
              WHERE channel = 'sms' AND state = 'pending'
                AND (NOT EXISTS (SELECT 1 FROM consents c
                                  WHERE c.user_id = campaign_messages.worker_id
                                    AND c.purpose = 'recommendations' AND c.withdrawn_at IS NULL)
                     OR EXISTS (SELECT 1 FROM users u
                                 WHERE u.id = campaign_messages.worker_id
                                   AND u.disabled_at IS NOT NULL))",
        )
        .execute(pool)
        .await
        .map(|done| done.rows_affected())
    })
}

/// How a campaign's messages stand, per channel and state.
#[derive(Debug, FromRow)]
pub struct MessageCountRow {
    pub channel: String,
    pub state: String,
    pub messages: i64,
}

pub async fn count_messages(
    db: &Database,
    campaign_id: i64,
) -> Result<Vec<MessageCountRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as::<_, MessageCountRow>(
            "SELECT channel, state, COUNT(*) AS messages FROM campaign_messages
              WHERE campaign_id = $1 GROUP BY channel, state ORDER BY channel, state",
        )
        .bind(campaign_id)
        .fetch_all(pool)
        .await
    })
}

/// What an SMS needs of its worker: the mobile number, if any.
pub async fn find_mobile(db: &Database, worker_id: &str) -> Result<Option<String>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar::<_, Option<String>>("SELECT mobile FROM users WHERE id = $1")
            .bind(worker_id)
            .fetch_optional(pool)
            .await
            .map(Option::flatten)
    })
}

/// A campaign delivered to a worker's inbox, with when.
#[derive(Debug, FromRow)]
pub struct DeliveredCampaignRow {
    #[sqlx(flatten)]
    pub campaign: CampaignRow,
    pub delivered_at: DateTime<Utc>,
}

/// The campaigns delivered to `worker_id`'s inbox, newest first.
pub async fn list_delivered_to(
    db: &Database,
    worker_id: &str,
    limit: i64,
) -> Result<Vec<DeliveredCampaignRow>, sqlx::Error> {
    let columns = CAMPAIGN_COLUMNS
        .split(',')
        .map(|column| format!("c.{}", column.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {columns}, m.delivered_at FROM campaign_messages m
           JOIN campaigns c ON c.id = m.campaign_id
          WHERE m.worker_id = $1 AND m.channel = 'inbox' AND m.state = 'delivered'
          ORDER BY m.delivered_at DESC, c.id DESC LIMIT $2"
    );
    on_pool!(db, pool => {
        sqlx::query_as::<_, DeliveredCampaignRow>(&sql)
            .bind(worker_id)
            .bind(limit)
            .fetch_all(pool)
            .await
    })
}

/// Whether campaign `campaign_id` was delivered to `worker_id`.
pub async fn was_delivered_to(
    db: &Database,
    campaign_id: i64,
    worker_id: &str,
) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM campaign_messages
              WHERE campaign_id = $1 AND worker_id = $2 AND channel = 'inbox'
                AND state = 'delivered'",
        )
        .bind(campaign_id)
        .bind(worker_id)
        .fetch_one(pool)
        .await
        .map(|count| count > 0)
    })
}

/// The items `worker_id` dismissed.
pub async fn list_dismissed(db: &Database, worker_id: &str) -> Result<Vec<String>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar::<_, String>(
            "SELECT item FROM recommendation_reactions
              WHERE worker_id = $1 AND dismissed_at IS NOT NULL",
        )
        .bind(worker_id)
        .fetch_all(pool)
        .await
    })
}

/// What a worker did with a recommendation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reaction {
    Opened,
    Dismissed,
}

/// Records that `worker_id` opened or dismissed `item` (the first time
/// counts; a repeat changes nothing).
pub async fn record_reaction(
    db: &Database,
    worker_id: &str,
    item: &str,
    campaign_id: Option<i64>,
    reaction: Reaction,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let column = match reaction {
        Reaction::Opened => "opened_at",
        Reaction::Dismissed => "dismissed_at",
    };
    let sql = format!(
        "INSERT INTO recommendation_reactions (worker_id, item, campaign_id, {column})
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (worker_id, item)
         DO UPDATE SET {column} = COALESCE(recommendation_reactions.{column}, excluded.{column})"
    );
    on_writer!(db, pool => {
        sqlx::query(&sql)
            .bind(worker_id)
            .bind(item)
            .bind(campaign_id)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
    })
}

/// A certificate a worker holds: the course and level of the class it
/// was earned in.
#[derive(Debug, FromRow)]
pub struct HeldCertificateRow {
    pub course_id: i64,
    pub occupation_key: String,
    pub occupation_name: String,
    pub certificate_level: String,
}

/// The certificates `worker_id` holds: passed assessments whose
/// certificate was not found invalid.
pub async fn list_held_certificates(
    db: &Database,
    worker_id: &str,
) -> Result<Vec<HeldCertificateRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as::<_, HeldCertificateRow>(
            "SELECT tc.course_id, tc.occupation_key, tc.occupation_name,
                    COALESCE(a.certificate_level, tc.certificate_level) AS certificate_level
               FROM enrolments e
               JOIN training_classes tc ON tc.id = e.class_id
               JOIN assessments a ON a.enrolment_id = e.id
              WHERE e.worker_id = $1 AND a.passed AND a.certificate_status <> 'invalid'
              ORDER BY a.recorded_at DESC",
        )
        .bind(worker_id)
        .fetch_all(pool)
        .await
    })
}

/// How far one recipient of a campaign got, as the records show.
#[derive(Debug, FromRow)]
pub struct RecipientRow {
    pub worker_id: String,
    pub delivered: i64,
    pub opened: i64,
    pub enrolled: i64,
    pub attended: i64,
    pub completed: i64,
    pub certified: i64,
    pub hired: i64,
}

/// Every recipient of campaign `id` with the steps their records show:
/// delivered to the inbox; opened the recommendation; enrolled, after the
/// delivery, in a class of the offer (the course's occupation and level,
/// the class itself, or a class of the order); checked in to a session of
/// it; passed its assessment; holds its certificate (verified, or a kind
/// that needs no verification); hired from it.
pub async fn list_recipient_progress(
    db: &Database,
    id: i64,
) -> Result<Vec<RecipientRow>, sqlx::Error> {
    // Each matching enrolment's steps are worked out once (`steps`), then
    // folded per worker (`progress`) and joined to the recipients.
    let sql = "WITH recipients AS (
             SELECT m.worker_id, m.state, m.delivered_at, c.offer_kind, c.offer_id,
                    c.occupation_key, c.certificate_level
               FROM campaign_messages m JOIN campaigns c ON c.id = m.campaign_id
              WHERE m.campaign_id = $1 AND m.channel = 'inbox'),
         steps AS (
             SELECT r.worker_id,
                    CASE WHEN EXISTS (SELECT 1 FROM attendance a
                                       WHERE a.enrolment_id = e.id AND a.voided_at IS NULL)
                         THEN 1 ELSE 0 END AS attended,
                    CASE WHEN s.passed THEN 1 ELSE 0 END AS completed,
                    CASE WHEN s.passed AND s.certificate_status IN ('verified', 'not_required')
                         THEN 1 ELSE 0 END AS certified,
                    CASE WHEN EXISTS (SELECT 1 FROM job_offers j
                                       WHERE j.enrolment_id = e.id AND j.status = 'hired')
                         THEN 1 ELSE 0 END AS hired
               FROM recipients r
               JOIN enrolments e ON e.worker_id = r.worker_id AND e.enrolled_at >= r.delivered_at
               JOIN training_classes tc ON tc.id = e.class_id
               LEFT JOIN assessments s ON s.enrolment_id = e.id
              WHERE (r.offer_kind = 'course' AND tc.occupation_key = r.occupation_key
                                             AND tc.certificate_level = r.certificate_level)
                 OR (r.offer_kind = 'class' AND tc.id = r.offer_id)
                 OR (r.offer_kind = 'order' AND tc.order_id = r.offer_id)),
         progress AS (
             SELECT worker_id, MAX(attended) AS attended, MAX(completed) AS completed,
                    MAX(certified) AS certified, MAX(hired) AS hired
               FROM steps GROUP BY worker_id)
         SELECT r.worker_id,
                CAST(CASE WHEN r.state = 'delivered' THEN 1 ELSE 0 END AS BIGINT) AS delivered,
                CAST(CASE WHEN EXISTS (SELECT 1 FROM recommendation_reactions rr
                                        WHERE rr.worker_id = r.worker_id AND rr.item = $2
                                          AND rr.opened_at IS NOT NULL)
                          THEN 1 ELSE 0 END AS BIGINT) AS opened,
                CAST(CASE WHEN p.worker_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS enrolled,
                CAST(COALESCE(p.attended, 0) AS BIGINT) AS attended,
                CAST(COALESCE(p.completed, 0) AS BIGINT) AS completed,
                CAST(COALESCE(p.certified, 0) AS BIGINT) AS certified,
                CAST(COALESCE(p.hired, 0) AS BIGINT) AS hired
           FROM recipients r LEFT JOIN progress p ON p.worker_id = r.worker_id";
    let item = crate::domain::RecommendedItem::Campaign(id).key();
    on_pool!(db, pool => {
        sqlx::query_as::<_, RecipientRow>(sql)
            .bind(id)
            .bind(&item)
            .fetch_all(pool)
            .await
    })
}

/// The declared (not refused) categories of campaign `id`'s recipients.
pub async fn list_recipient_categories(
    db: &Database,
    id: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as::<_, (String, String)>(
            "SELECT wc.worker_id, wc.category FROM worker_categories wc
               JOIN campaign_messages m ON m.worker_id = wc.worker_id
              WHERE m.campaign_id = $1 AND m.channel = 'inbox' AND wc.status <> 'refused'",
        )
        .bind(id)
        .fetch_all(pool)
        .await
    })
}
