//! Storage of catalogue editions, their filings, attachments, pending
//! imports and adjustments.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::{on_pool, on_tx, stored, Database, Tx};
use crate::domain::{
    AttachmentSummary, CatalogueKind, CatalogueStatus, CategoryUplift, CertificateKind,
    CertificateLevel, ChangeAction, City, CourseRecord, EditionCourse, EditionInstitution,
    EditionSummary, Fen, FilingPurpose, FilingStatus, FilingSummary, InstitutionNature,
    InstitutionRecord, LevelAmount, OccupationRef, SubsidyStandard, TrainingType, UpliftPercent,
    WorkerCategory,
};

fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

fn time_text(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(|at| at.to_rfc3339())
}

/// An edition's header.
#[derive(Clone, Debug, FromRow)]
pub struct EditionRow {
    pub id: i64,
    pub kind: CatalogueKind,
    pub city_code: String,
    pub year: i32,
    pub status: CatalogueStatus,
    pub version: i32,
    pub filing_number: Option<String>,
    pub effective_on: Option<String>,
    pub is_demo: bool,
    pub row_count: i64,
}

impl EditionRow {
    pub fn city(&self) -> Result<City, sqlx::Error> {
        stored("city_code", City::parse(&self.city_code))
    }

    pub fn effective_date(&self) -> Result<Option<NaiveDate>, sqlx::Error> {
        self.effective_on
            .as_deref()
            .map(|text| {
                stored(
                    "effective_on",
                    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                        crate::domain::InputError::DateFormat {
                            value: text.to_owned(),
                        }
                    }),
                )
            })
            .transpose()
    }

    pub fn summary(
        &self,
        latest_filing: Option<FilingSummary>,
    ) -> Result<EditionSummary, sqlx::Error> {
        Ok(EditionSummary {
            id: self.id,
            kind: self.kind,
            city: self.city()?,
            year: self.year,
            status: self.status,
            version: self.version,
            filing_number: self.filing_number.clone(),
            effective_on: self.effective_on.clone(),
            rows: self.row_count,
            is_demo: self.is_demo,
            latest_filing,
        })
    }
}

const EDITION_COLUMNS: &str = "k.id, k.kind, k.city_code, k.year, k.status, k.version, k.filing_number,
    k.effective_on, k.is_demo,
    CASE k.kind
      WHEN 'course' THEN (SELECT COUNT(*) FROM courses c WHERE c.catalogue_id = k.id AND c.removed_in IS NULL)
      ELSE (SELECT COUNT(*) FROM institutions i WHERE i.catalogue_id = k.id AND i.removed_in IS NULL)
    END AS row_count";

/// The edition of `kind` for `city` and `year`.
#[tracing::instrument(skip(db))]
pub async fn find_edition(
    db: &Database,
    kind: CatalogueKind,
    city: City,
    year: i32,
) -> Result<Option<EditionRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {EDITION_COLUMNS} FROM catalogues k WHERE k.kind = $1 AND k.city_code = $2 AND k.year = $3"
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql).bind(kind.code()).bind(city.code()).bind(year).fetch_optional(pool).await
    })
}

/// An edition by id.
#[tracing::instrument(skip(db))]
pub async fn find_edition_by_id(db: &Database, id: i64) -> Result<Option<EditionRow>, sqlx::Error> {
    let sql = format!("SELECT {EDITION_COLUMNS} FROM catalogues k WHERE k.id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// The same, inside a transaction, for a change that depends on its state.
pub async fn find_edition_in(tx: &mut Tx, id: i64) -> Result<Option<EditionRow>, sqlx::Error> {
    let sql = format!("SELECT {EDITION_COLUMNS} FROM catalogues k WHERE k.id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(conn).await)
}

/// Every edition, of one city or of all, newest year first.
#[tracing::instrument(skip(db))]
pub async fn list_editions(
    db: &Database,
    city: Option<City>,
) -> Result<Vec<EditionRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {EDITION_COLUMNS} FROM catalogues k
         WHERE (CAST($1 AS TEXT) IS NULL OR k.city_code = $1)
         ORDER BY k.year DESC, k.city_code, k.kind"
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql).bind(city.map(City::code)).fetch_all(pool).await
    })
}

/// The edition that is public for `kind` in `city` on `today`: the newest
/// year published with an effective date on or before today.
#[tracing::instrument(skip(db))]
pub async fn find_current_edition(
    db: &Database,
    kind: CatalogueKind,
    city: City,
    today: NaiveDate,
) -> Result<Option<EditionRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {EDITION_COLUMNS} FROM catalogues k
         WHERE k.kind = $1 AND k.city_code = $2 AND k.status = 'published' AND k.effective_on <= $3
         ORDER BY k.year DESC, k.id DESC LIMIT 1"
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(kind.code())
            .bind(city.code())
            .bind(date_text(Some(today)))
            .fetch_optional(pool)
            .await
    })
}

/// Creates a draft edition.
#[tracing::instrument(skip(tx))]
pub async fn insert_draft(
    tx: &mut Tx,
    kind: CatalogueKind,
    city: City,
    year: i32,
    created_by: Option<&str>,
    copied_from: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO catalogues (kind, city_code, year, status, is_demo, created_at, created_by, copied_from)
             VALUES ($1, $2, $3, 'draft', FALSE, $4, $5, $6) RETURNING id",
        )
        .bind(kind.code())
        .bind(city.code())
        .bind(year)
        .bind(now)
        .bind(created_by)
        .bind(copied_from)
        .fetch_one(conn)
        .await
    })
}

/// The id and state of the edition of `kind` for `city` and `year`, read
/// inside the transaction that changes it.
pub async fn find_edition_for_update(
    tx: &mut Tx,
    kind: CatalogueKind,
    city: City,
    year: i32,
) -> Result<Option<(i64, CatalogueStatus)>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_as("SELECT id, status FROM catalogues WHERE kind = $1 AND city_code = $2 AND year = $3")
            .bind(kind.code())
            .bind(city.code())
            .bind(year)
            .fetch_optional(conn)
            .await
    })
}

/// Moves an edition from `from` to `to`; false when it was not in `from`
/// (another request moved it first).
pub async fn move_edition(
    tx: &mut Tx,
    id: i64,
    from: CatalogueStatus,
    to: CatalogueStatus,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE catalogues SET status = $3 WHERE id = $1 AND status = $2")
            .bind(id)
            .bind(from.code())
            .bind(to.code())
            .execute(conn)
            .await
            .map(|done| done.rows_affected() == 1)
    })
}

/// Holds a draft for a change inside `tx` (a row lock on PostgreSQL);
/// false when it is no longer a draft (filed meanwhile).
pub async fn lock_draft(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE catalogues SET status = status WHERE id = $1 AND status = 'draft'")
            .bind(id)
            .execute(conn)
            .await
            .map(|done| done.rows_affected() == 1)
    })
}

/// Holds an adjustment for a change inside `tx`; false when it is no
/// longer a draft or returned (filed meanwhile).
pub async fn lock_open_adjustment(tx: &mut Tx, filing_id: i64) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE catalogue_filings SET status = status
             WHERE id = $1 AND purpose = 'adjustment' AND status IN ('draft', 'returned')",
        )
        .bind(filing_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Deletes a draft or returned adjustment with its changes; false when
/// it is with the province or in force.
pub async fn delete_open_adjustment(tx: &mut Tx, filing_id: i64) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "DELETE FROM catalogue_filings
             WHERE id = $1 AND purpose = 'adjustment' AND status IN ('draft', 'returned')",
        )
        .bind(filing_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Marks a demo edition as such.
pub async fn mark_demo(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE catalogues SET is_demo = TRUE WHERE id = $1").bind(id).execute(conn).await.map(drop)
    })
}

/// Records the province's filing number.
pub async fn set_filing_number(tx: &mut Tx, id: i64, number: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE catalogues SET filing_number = $2 WHERE id = $1")
            .bind(id)
            .bind(number)
            .execute(conn)
            .await
            .map(drop)
    })
}

/// Publishes an accepted edition as version 1 from `effective_on`.
pub async fn publish_edition(
    tx: &mut Tx,
    id: i64,
    effective_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE catalogues SET status = 'published', version = 1, effective_on = $2, published_at = $3
             WHERE id = $1 AND status = 'filed'",
        )
        .bind(id)
        .bind(date_text(Some(effective_on)))
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Raises a published edition's version by one; the new version.
pub async fn next_version(tx: &mut Tx, id: i64) -> Result<i32, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar("UPDATE catalogues SET version = version + 1 WHERE id = $1 RETURNING version")
            .bind(id)
            .fetch_one(conn)
            .await
    })
}

// ---- Rows -----------------------------------------------------------------

#[derive(FromRow)]
struct CourseRecordRow {
    id: i64,
    training_type: Option<TrainingType>,
    occupation_name: String,
    occupation_code: Option<String>,
    certificate_kind: CertificateKind,
    urgent: bool,
    remarks: String,
}

/// The rows in force of a course edition, in order, with their standards.
#[tracing::instrument(skip(db))]
pub async fn list_edition_courses(
    db: &Database,
    catalogue_id: i64,
) -> Result<Vec<EditionCourse>, sqlx::Error> {
    let rows: Vec<CourseRecordRow> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, training_type, occupation_name, occupation_code, certificate_kind, urgent, remarks
             FROM courses WHERE catalogue_id = $1 AND removed_in IS NULL ORDER BY position, id",
        )
        .bind(catalogue_id)
        .fetch_all(pool)
        .await
    })?;
    let amounts: Vec<(i64, CertificateLevel, i64)> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT a.course_id, a.level, a.amount_fen FROM course_subsidy_amounts a
             JOIN courses c ON c.id = a.course_id WHERE c.catalogue_id = $1",
        )
        .bind(catalogue_id)
        .fetch_all(pool)
        .await
    })?;
    let uplifts: Vec<(i64, WorkerCategory, i64)> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT u.course_id, u.worker_category, u.percent FROM course_subsidy_uplifts u
             JOIN courses c ON c.id = u.course_id WHERE c.catalogue_id = $1",
        )
        .bind(catalogue_id)
        .fetch_all(pool)
        .await
    })?;
    let mut amounts_of: HashMap<i64, Vec<LevelAmount>> = HashMap::new();
    for (course, level, fen) in amounts {
        amounts_of.entry(course).or_default().push(LevelAmount {
            level,
            amount: Fen::from_fen(fen),
        });
    }
    let mut uplifts_of: HashMap<i64, Vec<CategoryUplift>> = HashMap::new();
    for (course, category, percent) in uplifts {
        uplifts_of.entry(course).or_default().push(CategoryUplift {
            category,
            percent: stored("percent", UpliftPercent::parse(percent))?,
        });
    }
    rows.into_iter()
        .map(|row| {
            let subsidy = stored(
                "subsidy",
                SubsidyStandard::parse(
                    row.certificate_kind,
                    amounts_of.remove(&row.id).unwrap_or_default(),
                    uplifts_of.remove(&row.id).unwrap_or_default(),
                ),
            )?;
            Ok(EditionCourse {
                id: row.id,
                record: CourseRecord {
                    training_type: row.training_type,
                    occupation_name: row.occupation_name,
                    occupation_code: row.occupation_code,
                    certificate_kind: row.certificate_kind,
                    urgent: row.urgent,
                    subsidy,
                    remarks: row.remarks,
                },
            })
        })
        .collect()
}

#[derive(FromRow)]
struct InstitutionRecordRow {
    id: i64,
    name: String,
    address: String,
    nature: InstitutionNature,
    contact_person: String,
    contact_phone: String,
    remarks: String,
}

/// The rows in force of an institution edition, in order.
#[tracing::instrument(skip(db))]
pub async fn list_edition_institutions(
    db: &Database,
    catalogue_id: i64,
) -> Result<Vec<EditionInstitution>, sqlx::Error> {
    let rows: Vec<InstitutionRecordRow> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, name, address, nature, contact_person, contact_phone, remarks
             FROM institutions WHERE catalogue_id = $1 AND removed_in IS NULL ORDER BY position, id",
        )
        .bind(catalogue_id)
        .fetch_all(pool)
        .await
    })?;
    let occupations: Vec<(i64, String, Option<String>)> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.institution_id, o.occupation_name, o.occupation_code FROM institution_occupations o
             JOIN institutions i ON i.id = o.institution_id WHERE i.catalogue_id = $1
             ORDER BY o.institution_id, o.position",
        )
        .bind(catalogue_id)
        .fetch_all(pool)
        .await
    })?;
    let mut occupations_of: HashMap<i64, Vec<OccupationRef>> = HashMap::new();
    for (institution, name, code) in occupations {
        occupations_of
            .entry(institution)
            .or_default()
            .push(OccupationRef { name, code });
    }
    Ok(rows
        .into_iter()
        .map(|row| EditionInstitution {
            id: row.id,
            record: InstitutionRecord {
                occupations: occupations_of.remove(&row.id).unwrap_or_default(),
                name: row.name,
                address: row.address,
                nature: row.nature,
                contact_person: row.contact_person,
                contact_phone: row.contact_phone,
                remarks: row.remarks,
            },
        })
        .collect())
}

/// Deletes every row of a draft (an import replaces them all).
pub async fn delete_rows(tx: &mut Tx, catalogue_id: i64) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM courses WHERE catalogue_id = $1").bind(catalogue_id).execute(&mut *conn).await?;
        sqlx::query("DELETE FROM institutions WHERE catalogue_id = $1").bind(catalogue_id).execute(&mut *conn).await.map(drop)
    })
}

/// The next position after the rows of an edition.
pub async fn next_position(
    tx: &mut Tx,
    kind: CatalogueKind,
    catalogue_id: i64,
) -> Result<i64, sqlx::Error> {
    let sql = match kind {
        CatalogueKind::Course => "SELECT CAST(COALESCE(MAX(position), -1) + 1 AS BIGINT) FROM courses WHERE catalogue_id = $1",
        CatalogueKind::Institution => "SELECT CAST(COALESCE(MAX(position), -1) + 1 AS BIGINT) FROM institutions WHERE catalogue_id = $1",
    };
    on_tx!(tx, conn => sqlx::query_scalar(sql).bind(catalogue_id).fetch_one(conn).await)
}

/// Which edition a row belongs to, and the version that removed it.
pub async fn find_row(
    tx: &mut Tx,
    kind: CatalogueKind,
    row_id: i64,
) -> Result<Option<(i64, Option<i32>)>, sqlx::Error> {
    let sql = match kind {
        CatalogueKind::Course => "SELECT catalogue_id, removed_in FROM courses WHERE id = $1",
        CatalogueKind::Institution => {
            "SELECT catalogue_id, removed_in FROM institutions WHERE id = $1"
        }
    };
    on_tx!(tx, conn => sqlx::query_as(sql).bind(row_id).fetch_optional(conn).await)
}

/// The row of an edition with this occupation key or institution name,
/// in force or removed.
pub async fn find_row_by_key(
    tx: &mut Tx,
    kind: CatalogueKind,
    catalogue_id: i64,
    key: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = match kind {
        CatalogueKind::Course => {
            "SELECT id FROM courses WHERE catalogue_id = $1 AND occupation_key = $2"
        }
        CatalogueKind::Institution => {
            "SELECT id FROM institutions WHERE catalogue_id = $1 AND name = $2"
        }
    };
    on_tx!(tx, conn => sqlx::query_scalar(sql).bind(catalogue_id).bind(key).fetch_optional(conn).await)
}

/// Deletes a row of a draft.
pub async fn delete_row(tx: &mut Tx, kind: CatalogueKind, row_id: i64) -> Result<(), sqlx::Error> {
    let sql = match kind {
        CatalogueKind::Course => "DELETE FROM courses WHERE id = $1",
        CatalogueKind::Institution => "DELETE FROM institutions WHERE id = $1",
    };
    on_tx!(tx, conn => sqlx::query(sql).bind(row_id).execute(conn).await.map(drop))
}

/// Marks a row removed by `version` (or puts it back with `None`).
pub async fn set_removed_in(
    tx: &mut Tx,
    kind: CatalogueKind,
    row_id: i64,
    version: Option<i32>,
) -> Result<(), sqlx::Error> {
    let sql = match kind {
        CatalogueKind::Course => "UPDATE courses SET removed_in = $2 WHERE id = $1",
        CatalogueKind::Institution => "UPDATE institutions SET removed_in = $2 WHERE id = $1",
    };
    on_tx!(tx, conn => sqlx::query(sql).bind(row_id).bind(version).execute(conn).await.map(drop))
}

/// Replaces a course row's values (its id stays).
pub async fn update_course(
    tx: &mut Tx,
    row_id: i64,
    course: &crate::domain::NewCourse,
) -> Result<(), sqlx::Error> {
    let (min, max) = course.subsidy.range();
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE courses SET training_type = $2, occupation_name = $3, occupation_code = $4, occupation_key = $5,
                 certificate_kind = $6, urgent = $7, min_amount_fen = $8, max_amount_fen = $9, remarks = $10
             WHERE id = $1",
        )
        .bind(row_id)
        .bind(course.training_type.map(TrainingType::code))
        .bind(course.occupation_name.as_str())
        .bind(course.occupation_code.as_ref().map(|c| c.as_str()))
        .bind(course.occupation_key())
        .bind(course.certificate_kind.code())
        .bind(course.urgent)
        .bind(min.fen())
        .bind(max.fen())
        .bind(course.remarks.as_str())
        .execute(&mut *conn)
        .await?;
        sqlx::query("DELETE FROM course_subsidy_amounts WHERE course_id = $1").bind(row_id).execute(&mut *conn).await?;
        sqlx::query("DELETE FROM course_subsidy_uplifts WHERE course_id = $1").bind(row_id).execute(&mut *conn).await.map(drop)
    })?;
    super::catalogue::insert_standard(tx, row_id, &course.subsidy).await
}

/// Replaces an institution row's values (its id stays).
pub async fn update_institution(
    tx: &mut Tx,
    row_id: i64,
    institution: &crate::domain::NewInstitution,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE institutions SET name = $2, address = $3, nature = $4, contact_person = $5,
                 contact_phone = $6, remarks = $7 WHERE id = $1",
        )
        .bind(row_id)
        .bind(institution.name.as_str())
        .bind(institution.address.as_str())
        .bind(institution.nature.code())
        .bind(institution.contact_person.as_str())
        .bind(institution.contact_phone.as_str())
        .bind(institution.remarks.as_str())
        .execute(&mut *conn)
        .await?;
        sqlx::query("DELETE FROM institution_occupations WHERE institution_id = $1").bind(row_id).execute(&mut *conn).await.map(drop)
    })?;
    super::catalogue::insert_taught_occupations(tx, row_id, &institution.occupations).await
}

// ---- Filings --------------------------------------------------------------

#[derive(FromRow)]
pub struct FilingRow {
    pub id: i64,
    pub catalogue_id: i64,
    pub kind: CatalogueKind,
    pub city_code: String,
    pub year: i32,
    pub purpose: FilingPurpose,
    pub status: FilingStatus,
    pub reason: String,
    pub effective_on: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: String,
    pub version: Option<i32>,
    pub attachment_id: Option<i64>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub byte_size: Option<i64>,
    pub sha256: Option<String>,
    pub changes: i64,
}

impl FilingRow {
    pub fn summary(&self) -> Result<FilingSummary, sqlx::Error> {
        let attachment = match (
            self.attachment_id,
            &self.file_name,
            &self.content_type,
            self.byte_size,
            &self.sha256,
        ) {
            (Some(id), Some(file_name), Some(content_type), Some(byte_size), Some(sha256)) => {
                Some(AttachmentSummary {
                    id,
                    file_name: file_name.clone(),
                    content_type: content_type.clone(),
                    byte_size,
                    sha256: sha256.clone(),
                })
            }
            _ => None,
        };
        Ok(FilingSummary {
            id: self.id,
            edition_id: self.catalogue_id,
            kind: self.kind,
            city: stored("city_code", City::parse(&self.city_code))?,
            year: self.year,
            purpose: self.purpose,
            status: self.status,
            reason: self.reason.clone(),
            effective_on: self.effective_on.clone(),
            submitted_at: time_text(self.submitted_at),
            decided_at: time_text(self.decided_at),
            decision_reason: self.decision_reason.clone(),
            attachment,
            version: self.version,
            changes: self.changes,
        })
    }
}

const FILING_SELECT: &str =
    "SELECT f.id, f.catalogue_id, k.kind, k.city_code, k.year, f.purpose, f.status, f.reason,
        f.effective_on, f.submitted_at, f.decided_at, f.decision_reason, f.version, f.attachment_id,
        a.file_name, a.content_type, a.byte_size, a.sha256,
        (SELECT COUNT(*) FROM catalogue_changes c WHERE c.filing_id = f.id) AS changes
     FROM catalogue_filings f
     JOIN catalogues k ON k.id = f.catalogue_id
     LEFT JOIN catalogue_attachments a ON a.id = f.attachment_id";

/// A filing by id.
pub async fn find_filing(db: &Database, id: i64) -> Result<Option<FilingRow>, sqlx::Error> {
    let sql = format!("{FILING_SELECT} WHERE f.id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// A filing by id, inside a transaction.
pub async fn find_filing_in(tx: &mut Tx, id: i64) -> Result<Option<FilingRow>, sqlx::Error> {
    let sql = format!("{FILING_SELECT} WHERE f.id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(conn).await)
}

/// The filings of an edition, newest first.
pub async fn list_filings_of(
    db: &Database,
    catalogue_id: i64,
) -> Result<Vec<FilingRow>, sqlx::Error> {
    let sql = format!("{FILING_SELECT} WHERE f.catalogue_id = $1 ORDER BY f.id DESC");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(catalogue_id).fetch_all(pool).await)
}

/// Filings of every city (or one) in a status, oldest submission first.
pub async fn list_filings(
    db: &Database,
    city: Option<City>,
    status: Option<FilingStatus>,
) -> Result<Vec<FilingRow>, sqlx::Error> {
    let sql = format!(
        "{FILING_SELECT}
         WHERE (CAST($1 AS TEXT) IS NULL OR k.city_code = $1)
           AND (CAST($2 AS TEXT) IS NULL OR f.status = $2)
         ORDER BY f.submitted_at, f.id"
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(city.map(City::code))
            .bind(status.map(FilingStatus::code))
            .fetch_all(pool)
            .await
    })
}

/// A new filing.
#[allow(clippy::too_many_arguments)]
pub async fn insert_filing(
    tx: &mut Tx,
    catalogue_id: i64,
    purpose: FilingPurpose,
    status: FilingStatus,
    reason: &str,
    effective_on: Option<NaiveDate>,
    by: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO catalogue_filings (catalogue_id, purpose, status, reason, effective_on, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(catalogue_id)
        .bind(purpose.code())
        .bind(status.code())
        .bind(reason)
        .bind(date_text(effective_on))
        .bind(by)
        .bind(now)
        .fetch_one(conn)
        .await
    })
}

/// Submits a filing with its attachment; false when it was not in `from`.
pub async fn submit_filing(
    tx: &mut Tx,
    id: i64,
    from: FilingStatus,
    attachment_id: i64,
    by: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE catalogue_filings SET status = 'submitted', attachment_id = $3, submitted_by = $4, submitted_at = $5,
                 decided_by = NULL, decided_at = NULL, decision_reason = ''
             WHERE id = $1 AND status = $2",
        )
        .bind(id)
        .bind(from.code())
        .bind(attachment_id)
        .bind(by)
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// The province's decision on a submitted filing; false when it was not
/// submitted any more.
pub async fn decide_filing(
    tx: &mut Tx,
    id: i64,
    to: FilingStatus,
    reason: &str,
    by: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE catalogue_filings SET status = $2, decision_reason = $3, decided_by = $4, decided_at = $5
             WHERE id = $1 AND status = 'submitted'",
        )
        .bind(id)
        .bind(to.code())
        .bind(reason)
        .bind(by)
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Marks an accepted filing as in force with the version it made; false
/// when another process did it first.
pub async fn publish_filing(
    tx: &mut Tx,
    id: i64,
    version: i32,
    effective_on: NaiveDate,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE catalogue_filings SET status = 'published', version = $2, effective_on = $3
             WHERE id = $1 AND status = 'accepted'",
        )
        .bind(id)
        .bind(version)
        .bind(date_text(Some(effective_on)))
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Accepted adjustments whose effective date has come, oldest first.
pub async fn list_due_adjustments(
    db: &Database,
    today: NaiveDate,
) -> Result<Vec<i64>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT id FROM catalogue_filings
             WHERE purpose = 'adjustment' AND status = 'accepted' AND effective_on <= $1
             ORDER BY effective_on, id",
        )
        .bind(date_text(Some(today)))
        .fetch_all(pool)
        .await
    })
}

// ---- Attachments ----------------------------------------------------------

/// Stores a stamped scan; its id.
#[allow(clippy::too_many_arguments)]
pub async fn insert_attachment(
    tx: &mut Tx,
    catalogue_id: i64,
    file_name: &str,
    content_type: &str,
    sha256: &str,
    content: &[u8],
    by: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO catalogue_attachments (catalogue_id, file_name, content_type, byte_size, sha256, content, uploaded_by, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(catalogue_id)
        .bind(file_name)
        .bind(content_type)
        .bind(content.len() as i64)
        .bind(sha256)
        .bind(content)
        .bind(by)
        .bind(now)
        .fetch_one(conn)
        .await
    })
}

/// A stored scan: its edition, file name, type and bytes.
#[derive(FromRow)]
pub struct AttachmentRow {
    pub catalogue_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub content: Vec<u8>,
}

pub async fn find_attachment(db: &Database, id: i64) -> Result<Option<AttachmentRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT catalogue_id, file_name, content_type, sha256, content FROM catalogue_attachments WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await
    })
}

// ---- Pending imports ------------------------------------------------------

/// An uploaded template waiting for confirmation.
#[derive(FromRow)]
pub struct ImportRow {
    pub kind: CatalogueKind,
    pub city_code: String,
    pub year: i32,
    pub file_format: String,
    pub content: Vec<u8>,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_import(
    tx: &mut Tx,
    id: &str,
    kind: CatalogueKind,
    city: City,
    year: i32,
    file_format: &str,
    content: &[u8],
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO catalogue_imports (id, kind, city_code, year, file_format, content, uploaded_by, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(kind.code())
        .bind(city.code())
        .bind(year)
        .bind(file_format)
        .bind(content)
        .bind(by)
        .bind(now)
        .execute(conn)
        .await
        .map(drop)
    })
}

pub async fn find_import(tx: &mut Tx, id: &str) -> Result<Option<ImportRow>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_as(
            "SELECT kind, city_code, year, file_format, content, uploaded_by, uploaded_at FROM catalogue_imports WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(conn)
        .await
    })
}

/// Takes a pending import out, so that it is stored once; false when it
/// was taken already.
pub async fn take_import(tx: &mut Tx, id: &str) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM catalogue_imports WHERE id = $1")
            .bind(id)
            .execute(conn)
            .await
            .map(|done| done.rows_affected() == 1)
    })
}

/// Deletes one pending import, and every one older than `before`.
pub async fn delete_imports(
    tx: &mut Tx,
    id: &str,
    before: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM catalogue_imports WHERE id = $1 OR uploaded_at < $2")
            .bind(id)
            .bind(before)
            .execute(conn)
            .await
            .map(drop)
    })
}

// ---- Changes --------------------------------------------------------------

#[derive(FromRow)]
pub struct ChangeRow {
    pub id: i64,
    pub action: ChangeAction,
    pub row_id: Option<i64>,
    pub label: String,
    pub before_record: Option<String>,
    pub after_record: Option<String>,
}

/// Adds a change to an adjustment.
pub async fn insert_change(
    tx: &mut Tx,
    filing_id: i64,
    action: ChangeAction,
    row_id: Option<i64>,
    label: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO catalogue_changes (filing_id, action, row_id, label, before_record, after_record)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(filing_id)
        .bind(action.code())
        .bind(row_id)
        .bind(label)
        .bind(before)
        .bind(after)
        .fetch_one(conn)
        .await
    })
}

/// Deletes a change of an adjustment; false when it is not one of its.
pub async fn delete_change(
    tx: &mut Tx,
    filing_id: i64,
    change_id: i64,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM catalogue_changes WHERE id = $1 AND filing_id = $2")
            .bind(change_id)
            .bind(filing_id)
            .execute(conn)
            .await
            .map(|done| done.rows_affected() == 1)
    })
}

/// Records the row an added change created.
pub async fn set_change_row(tx: &mut Tx, change_id: i64, row_id: i64) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("UPDATE catalogue_changes SET row_id = $2 WHERE id = $1")
            .bind(change_id)
            .bind(row_id)
            .execute(conn)
            .await
            .map(drop)
    })
}

/// The changes of an adjustment, in order.
pub async fn list_changes(db: &Database, filing_id: i64) -> Result<Vec<ChangeRow>, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, action, row_id, label, before_record, after_record FROM catalogue_changes
             WHERE filing_id = $1 ORDER BY id",
        )
        .bind(filing_id)
        .fetch_all(pool)
        .await
    })
}

/// The same, inside a transaction.
pub async fn list_changes_in(tx: &mut Tx, filing_id: i64) -> Result<Vec<ChangeRow>, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query_as(
            "SELECT id, action, row_id, label, before_record, after_record FROM catalogue_changes
             WHERE filing_id = $1 ORDER BY id",
        )
        .bind(filing_id)
        .fetch_all(conn)
        .await
    })
}
