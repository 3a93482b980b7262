//! Storage of the two catalogues and the queries workers run on them.

use chrono::NaiveDate;
use sqlx::FromRow;

use super::{on_pool, on_tx, stored, Database, Tx};
use crate::domain::{
    CatalogueInfo, CatalogueKind, CatalogueStatus, CategoryUplift, CertificateKind,
    CertificateLevel, City, CityOverview, CourseQuery, CourseSummary, Fen, InstitutionNature,
    InstitutionQuery, InstitutionSummary, LevelAmount, NewCourse, NewInstitution, RatingSummary,
    SubsidyStandard, TaughtOccupation, TaughtOccupationInput, TrainingType, UpliftPercent,
    WorkerCategory,
};

/// A catalogue header row.
#[derive(Clone, Debug, FromRow)]
pub struct CatalogueRow {
    #[sqlx(rename = "catalogue_id")]
    pub id: i64,
    pub city_code: String,
    pub year: i32,
    pub status: String,
    pub version: i32,
    pub filing_number: Option<String>,
    pub effective_on: Option<String>,
    pub is_demo: bool,
}

impl CatalogueRow {
    pub fn info(&self) -> Result<CatalogueInfo, sqlx::Error> {
        Ok(CatalogueInfo {
            id: self.id,
            city: stored("city_code", City::parse(&self.city_code))?,
            year: self.year,
            status: stored("status", CatalogueStatus::parse(&self.status))?,
            published_on: self.effective_on.clone(),
            version: self.version,
            filing_number: self.filing_number.clone(),
            is_demo: self.is_demo,
        })
    }
}

/// The SQL condition that catalogue `alias` is the current edition of
/// its kind and city on the date bound at `$param`: published, in force
/// from that date or earlier, and no later year's edition in force.
pub(crate) fn current_edition(alias: &str, param: usize) -> String {
    format!(
        "{alias}.status = 'published' AND {alias}.effective_on <= ${param}
         AND NOT EXISTS (SELECT 1 FROM catalogues later
             WHERE later.kind = {alias}.kind AND later.city_code = {alias}.city_code
               AND later.status = 'published' AND later.effective_on <= ${param}
               AND later.year > {alias}.year)"
    )
}

pub(crate) fn day(today: NaiveDate) -> String {
    today.format("%Y-%m-%d").to_string()
}

/// The columns of a [`CatalogueRow`] from catalogue `k`.
const CATALOGUE_COLUMNS: &str =
    "k.id AS catalogue_id, k.city_code, k.year, k.status, k.version, k.filing_number, k.effective_on, k.is_demo";

/// Adds a course row with its subsidy amounts and uplifts.
#[tracing::instrument(skip(tx, course), fields(occupation = %course.occupation_name))]
pub async fn insert_course(
    tx: &mut Tx,
    catalogue_id: i64,
    position: i64,
    course: &NewCourse,
) -> Result<i64, sqlx::Error> {
    let (min, max) = course.subsidy.range();
    let course_id: i64 = on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO courses (catalogue_id, position, training_type, occupation_name, occupation_code,
                 occupation_key, certificate_kind, urgent, min_amount_fen, max_amount_fen, remarks)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(catalogue_id)
        .bind(position)
        .bind(course.training_type.map(TrainingType::code))
        .bind(course.occupation_name.as_str())
        .bind(course.occupation_code.as_ref().map(|c| c.as_str()))
        .bind(course.occupation_key())
        .bind(course.certificate_kind.code())
        .bind(course.urgent)
        .bind(min.fen())
        .bind(max.fen())
        .bind(course.remarks.as_str())
        .fetch_one(conn)
        .await
    })?;
    insert_standard(tx, course_id, &course.subsidy).await?;
    Ok(course_id)
}

/// Adds the subsidy amounts and uplifts of a course row.
pub async fn insert_standard(
    tx: &mut Tx,
    course_id: i64,
    standard: &SubsidyStandard,
) -> Result<(), sqlx::Error> {
    for amount in standard.amounts() {
        on_tx!(tx, conn => {
            sqlx::query("INSERT INTO course_subsidy_amounts (course_id, level, amount_fen) VALUES ($1, $2, $3)")
                .bind(course_id)
                .bind(amount.level.code())
                .bind(amount.amount.fen())
                .execute(conn)
                .await
                .map(|_| ())
        })?;
    }
    for uplift in standard.uplifts() {
        on_tx!(tx, conn => {
            sqlx::query("INSERT INTO course_subsidy_uplifts (course_id, worker_category, percent) VALUES ($1, $2, $3)")
                .bind(course_id)
                .bind(uplift.category.code())
                .bind(i64::from(uplift.percent.get()))
                .execute(conn)
                .await
                .map(|_| ())
        })?;
    }
    Ok(())
}

/// Adds an institution row with the occupations it may train.
#[tracing::instrument(skip(tx, institution), fields(name = %institution.name))]
pub async fn insert_institution(
    tx: &mut Tx,
    catalogue_id: i64,
    position: i64,
    institution: &NewInstitution,
) -> Result<i64, sqlx::Error> {
    let institution_id: i64 = on_tx!(tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO institutions (catalogue_id, position, name, address, nature, contact_person, contact_phone, remarks)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(catalogue_id)
        .bind(position)
        .bind(institution.name.as_str())
        .bind(institution.address.as_str())
        .bind(institution.nature.code())
        .bind(institution.contact_person.as_str())
        .bind(institution.contact_phone.as_str())
        .bind(institution.remarks.as_str())
        .fetch_one(conn)
        .await
    })?;
    insert_taught_occupations(tx, institution_id, &institution.occupations).await?;
    Ok(institution_id)
}

/// Adds the occupations an institution row may train, in order.
pub async fn insert_taught_occupations(
    tx: &mut Tx,
    institution_id: i64,
    occupations: &[TaughtOccupationInput],
) -> Result<(), sqlx::Error> {
    for (position, occupation) in (0_i64..).zip(occupations) {
        on_tx!(tx, conn => {
            sqlx::query(
                "INSERT INTO institution_occupations (institution_id, position, occupation_key, occupation_name, occupation_code)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(institution_id)
            .bind(position)
            .bind(occupation.key())
            .bind(occupation.name.as_str())
            .bind(occupation.code.as_ref().map(|c| c.as_str()))
            .execute(conn)
            .await
            .map(|_| ())
        })?;
    }
    Ok(())
}

/// Whether demo catalogues were loaded already.
#[tracing::instrument(skip(db))]
pub async fn any_demo_catalogue(db: &Database) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => {
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM catalogues WHERE is_demo)")
            .fetch_one(pool)
            .await
    })
}

/// The catalogue of `kind` that is public for `city` on `today`.
#[tracing::instrument(skip(db))]
pub async fn find_published_catalogue(
    db: &Database,
    kind: CatalogueKind,
    city: City,
    today: NaiveDate,
) -> Result<Option<CatalogueRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {CATALOGUE_COLUMNS} FROM catalogues k
         WHERE k.kind = $1 AND k.city_code = $2 AND {}",
        current_edition("k", 3)
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(kind.code())
            .bind(city.code())
            .bind(day(today))
            .fetch_optional(pool)
            .await
    })
}

#[derive(FromRow)]
struct CourseSummaryRow {
    id: i64,
    training_type: Option<String>,
    occupation_name: String,
    occupation_code: Option<String>,
    certificate_kind: String,
    urgent: bool,
    min_amount_fen: i64,
    max_amount_fen: i64,
    institution_count: i64,
    total: i64,
}

impl CourseSummaryRow {
    fn into_summary(self) -> Result<CourseSummary, sqlx::Error> {
        Ok(CourseSummary {
            id: self.id,
            training_type: parse_training_type(self.training_type.as_deref())?,
            occupation_name: self.occupation_name,
            occupation_code: self.occupation_code,
            certificate_kind: stored(
                "certificate_kind",
                CertificateKind::parse(&self.certificate_kind),
            )?,
            urgent: self.urgent,
            min_amount: Fen::from_fen(self.min_amount_fen),
            max_amount: Fen::from_fen(self.max_amount_fen),
            institution_count: self.institution_count,
        })
    }
}

fn parse_training_type(code: Option<&str>) -> Result<Option<TrainingType>, sqlx::Error> {
    code.map(|code| stored("training_type", TrainingType::parse(code)))
        .transpose()
}

/// Counts the institutions of catalogue `$2` that may train course `c`.
const INSTITUTION_COUNT: &str = "(SELECT COUNT(*) FROM institution_occupations io
     JOIN institutions i ON i.id = io.institution_id
     WHERE io.occupation_key = c.occupation_key AND i.catalogue_id = $2 AND i.removed_in IS NULL)";

/// One page of a course catalogue matching `query`, and the number of
/// matching rows. `institution_catalogue` is the city's published
/// institution catalogue, used to count who may train each course.
#[tracing::instrument(skip(db))]
pub async fn list_courses(
    db: &Database,
    course_catalogue: i64,
    institution_catalogue: Option<i64>,
    query: &CourseQuery,
) -> Result<(Vec<CourseSummary>, Option<i64>), sqlx::Error> {
    let sql = format!(
        r"SELECT c.id, c.training_type, c.occupation_name, c.occupation_code, c.certificate_kind,
                 c.urgent, c.min_amount_fen, c.max_amount_fen, {INSTITUTION_COUNT} AS institution_count,
                 COUNT(*) OVER () AS total
          FROM courses c
          WHERE c.catalogue_id = $1 AND c.removed_in IS NULL
            AND (CAST($3 AS TEXT) IS NULL
                 OR lower(c.occupation_name) LIKE $3 ESCAPE '\'
                 OR c.occupation_code LIKE $3 ESCAPE '\')
            AND (CAST($4 AS TEXT) IS NULL OR c.training_type = $4)
            AND (NOT $5 OR c.urgent)
          ORDER BY c.position, c.id
          LIMIT $6 OFFSET $7"
    );
    let rows: Vec<CourseSummaryRow> = on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(course_catalogue)
            .bind(institution_catalogue)
            .bind(query.text.as_ref().map(|t| t.like_pattern()))
            .bind(query.training_type.map(TrainingType::code))
            .bind(query.urgent_only)
            .bind(query.page.limit())
            .bind(query.page.offset())
            .fetch_all(pool)
            .await
    })?;
    let total = rows.first().map(|row| row.total);
    let items = rows
        .into_iter()
        .map(CourseSummaryRow::into_summary)
        .collect::<Result<_, _>>()?;
    Ok((items, total))
}

/// A course row with the header of its catalogue.
#[derive(FromRow)]
pub struct CourseRow {
    pub id: i64,
    pub training_type: Option<String>,
    pub occupation_name: String,
    pub occupation_code: Option<String>,
    pub occupation_key: String,
    pub certificate_kind: String,
    pub urgent: bool,
    pub remarks: String,
    #[sqlx(flatten)]
    pub catalogue: CatalogueRow,
}

impl CourseRow {
    pub fn training_type(&self) -> Result<Option<TrainingType>, sqlx::Error> {
        parse_training_type(self.training_type.as_deref())
    }

    pub fn certificate_kind(&self) -> Result<CertificateKind, sqlx::Error> {
        stored(
            "certificate_kind",
            CertificateKind::parse(&self.certificate_kind),
        )
    }
}

/// A course in force of a current catalogue on `today`, by id.
#[tracing::instrument(skip(db))]
pub async fn find_published_course(
    db: &Database,
    id: i64,
    today: NaiveDate,
) -> Result<Option<CourseRow>, sqlx::Error> {
    let sql = format!(
        "SELECT c.id, c.training_type, c.occupation_name, c.occupation_code, c.occupation_key,
                c.certificate_kind, c.urgent, c.remarks, {CATALOGUE_COLUMNS}
         FROM courses c JOIN catalogues k ON k.id = c.catalogue_id
         WHERE c.id = $1 AND c.removed_in IS NULL AND {}",
        current_edition("k", 2)
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql).bind(id).bind(day(today)).fetch_optional(pool).await
    })
}

/// The subsidy standard of a course.
#[tracing::instrument(skip(db))]
pub async fn find_subsidy_standard(
    db: &Database,
    course_id: i64,
    kind: CertificateKind,
) -> Result<SubsidyStandard, sqlx::Error> {
    let amounts: Vec<(String, i64)> = on_pool!(db, pool => {
        sqlx::query_as("SELECT level, amount_fen FROM course_subsidy_amounts WHERE course_id = $1")
            .bind(course_id)
            .fetch_all(pool)
            .await
    })?;
    let uplifts: Vec<(String, i64)> = on_pool!(db, pool => {
        sqlx::query_as("SELECT worker_category, percent FROM course_subsidy_uplifts WHERE course_id = $1")
            .bind(course_id)
            .fetch_all(pool)
            .await
    })?;
    let amounts = amounts
        .into_iter()
        .map(|(level, fen)| {
            Ok(LevelAmount {
                level: stored("level", CertificateLevel::parse(&level))?,
                amount: Fen::from_fen(fen),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let uplifts = uplifts
        .into_iter()
        .map(|(category, percent)| {
            Ok(CategoryUplift {
                category: stored("worker_category", WorkerCategory::parse(&category))?,
                percent: stored("percent", UpliftPercent::parse(percent))?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    stored("subsidy", SubsidyStandard::parse(kind, amounts, uplifts))
}

#[derive(FromRow)]
struct InstitutionSummaryRow {
    id: i64,
    name: String,
    address: String,
    nature: String,
    contact_phone: String,
    occupation_count: i64,
    rating_count: i64,
    rating_points: i64,
    total: i64,
}

impl InstitutionSummaryRow {
    fn into_summary(self) -> Result<InstitutionSummary, sqlx::Error> {
        Ok(InstitutionSummary {
            id: self.id,
            name: self.name,
            address: self.address,
            nature: stored("nature", InstitutionNature::parse(&self.nature))?,
            contact_phone: self.contact_phone,
            occupation_count: self.occupation_count,
            rating: rating_summary(self.rating_count, self.rating_points),
        })
    }
}

const OCCUPATION_COUNT: &str =
    "(SELECT COUNT(*) FROM institution_occupations o WHERE o.institution_id = i.id)";

/// The number of ratings of institution `i` and the sum of their scores.
const RATING_TOTALS: &str =
    "(SELECT COUNT(*) FROM ratings r WHERE r.institution_id = i.id) AS rating_count,
    (SELECT CAST(COALESCE(SUM(r.teaching + r.facilities + r.usefulness), 0) AS BIGINT)
       FROM ratings r WHERE r.institution_id = i.id) AS rating_points";

/// A rating summary with the average published only from five ratings on.
pub fn rating_summary(count: i64, points: i64) -> RatingSummary {
    RatingSummary {
        count,
        average_tenths: crate::domain::published_average_tenths(points, count),
    }
}

/// Institutions of catalogue `institution_catalogue` that may train the
/// occupation with `occupation_key`.
#[tracing::instrument(skip(db))]
pub async fn list_institutions_teaching(
    db: &Database,
    institution_catalogue: i64,
    occupation_key: &str,
) -> Result<Vec<InstitutionSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT i.id, i.name, i.address, i.nature, i.contact_phone,
                {OCCUPATION_COUNT} AS occupation_count, {RATING_TOTALS}, CAST(0 AS BIGINT) AS total
         FROM institutions i JOIN institution_occupations io ON io.institution_id = i.id
         WHERE i.catalogue_id = $1 AND io.occupation_key = $2 AND i.removed_in IS NULL
         ORDER BY i.position, i.id"
    );
    let rows: Vec<InstitutionSummaryRow> = on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(institution_catalogue)
            .bind(occupation_key)
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter()
        .map(InstitutionSummaryRow::into_summary)
        .collect()
}

/// One page of an institution catalogue matching `query`, and the number
/// of matching rows.
#[tracing::instrument(skip(db))]
pub async fn list_institutions(
    db: &Database,
    institution_catalogue: i64,
    query: &InstitutionQuery,
) -> Result<(Vec<InstitutionSummary>, Option<i64>), sqlx::Error> {
    let sql = format!(
        r"SELECT i.id, i.name, i.address, i.nature, i.contact_phone,
                 {OCCUPATION_COUNT} AS occupation_count, {RATING_TOTALS}, COUNT(*) OVER () AS total
          FROM institutions i
          WHERE i.catalogue_id = $1 AND i.removed_in IS NULL
            AND (CAST($2 AS TEXT) IS NULL
                 OR lower(i.name) LIKE $2 ESCAPE '\'
                 OR lower(i.address) LIKE $2 ESCAPE '\')
            AND (CAST($3 AS TEXT) IS NULL OR i.nature = $3)
            AND (CAST($4 AS TEXT) IS NULL OR EXISTS (
                 SELECT 1 FROM institution_occupations io
                 WHERE io.institution_id = i.id
                   AND (lower(io.occupation_name) LIKE $4 ESCAPE '\'
                        OR io.occupation_code LIKE $4 ESCAPE '\')))
          ORDER BY i.position, i.id
          LIMIT $5 OFFSET $6"
    );
    let rows: Vec<InstitutionSummaryRow> = on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(institution_catalogue)
            .bind(query.text.as_ref().map(|t| t.like_pattern()))
            .bind(query.nature.map(InstitutionNature::code))
            .bind(query.occupation.as_ref().map(|t| t.like_pattern()))
            .bind(query.page.limit())
            .bind(query.page.offset())
            .fetch_all(pool)
            .await
    })?;
    let total = rows.first().map(|row| row.total);
    let items = rows
        .into_iter()
        .map(InstitutionSummaryRow::into_summary)
        .collect::<Result<_, _>>()?;
    Ok((items, total))
}

/// An institution row with the header of its catalogue.
#[derive(FromRow)]
pub struct InstitutionRow {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub nature: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub remarks: String,
    #[sqlx(flatten)]
    pub catalogue: CatalogueRow,
}

/// An institution in force of a current catalogue on `today`, by id.
#[tracing::instrument(skip(db))]
pub async fn find_published_institution(
    db: &Database,
    id: i64,
    today: NaiveDate,
) -> Result<Option<InstitutionRow>, sqlx::Error> {
    let sql = format!(
        "SELECT i.id, i.name, i.address, i.nature, i.contact_person, i.contact_phone, i.remarks,
                {CATALOGUE_COLUMNS}
         FROM institutions i JOIN catalogues k ON k.id = i.catalogue_id
         WHERE i.id = $1 AND i.removed_in IS NULL AND {}",
        current_edition("k", 2)
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql).bind(id).bind(day(today)).fetch_optional(pool).await
    })
}

/// The occupations an institution may train, each linked to the course of
/// `course_catalogue` with the same occupation when there is one.
#[tracing::instrument(skip(db))]
pub async fn list_taught_occupations(
    db: &Database,
    institution_id: i64,
    course_catalogue: Option<i64>,
) -> Result<Vec<TaughtOccupation>, sqlx::Error> {
    let rows: Vec<(String, Option<String>, Option<i64>)> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT io.occupation_name, io.occupation_code, c.id
             FROM institution_occupations io
             LEFT JOIN courses c ON c.occupation_key = io.occupation_key AND c.catalogue_id = $2
                 AND c.removed_in IS NULL
             WHERE io.institution_id = $1
             ORDER BY io.position",
        )
        .bind(institution_id)
        .bind(course_catalogue)
        .fetch_all(pool)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(name, code, course_id)| TaughtOccupation {
            name,
            code,
            course_id,
        })
        .collect())
}

#[derive(FromRow)]
struct PublishedCount {
    city_code: String,
    kind: CatalogueKind,
    year: i32,
    row_count: i64,
}

/// Every city with the size of its newest published catalogues.
#[tracing::instrument(skip(db))]
pub async fn list_city_overviews(
    db: &Database,
    today: NaiveDate,
) -> Result<Vec<CityOverview>, sqlx::Error> {
    let sql = format!(
        "SELECT k.city_code, k.kind, k.year,
                CASE k.kind
                  WHEN 'course' THEN (SELECT COUNT(*) FROM courses c WHERE c.catalogue_id = k.id AND c.removed_in IS NULL)
                  ELSE (SELECT COUNT(*) FROM institutions i WHERE i.catalogue_id = k.id AND i.removed_in IS NULL)
                END AS row_count
         FROM catalogues k WHERE {}
         ORDER BY k.year, k.id",
        current_edition("k", 1)
    );
    let rows: Vec<PublishedCount> = on_pool!(db, pool => {
        sqlx::query_as(&sql).bind(day(today)).fetch_all(pool).await
    })?;
    let mut overviews: Vec<CityOverview> = City::ALL
        .iter()
        .map(|&city| CityOverview {
            city,
            course_catalogue_year: None,
            courses: 0,
            institutions: 0,
        })
        .collect();
    // Rows come oldest first, so the newest catalogue of each kind wins.
    for row in rows {
        let city = stored("city_code", City::parse(&row.city_code))?;
        let Some(overview) = overviews.iter_mut().find(|o| o.city == city) else {
            continue;
        };
        if row.kind == CatalogueKind::Course {
            overview.course_catalogue_year = Some(row.year);
            overview.courses = row.row_count;
        } else {
            overview.institutions = row.row_count;
        }
    }
    Ok(overviews)
}

/// `(id, name)` of every institution in force of the city's current
/// institution catalogue: the choices of an employer's order form.
#[tracing::instrument(skip(db))]
pub async fn list_city_institution_names(
    db: &Database,
    city_code: &str,
    today: NaiveDate,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let sql = format!(
        "SELECT i.id, i.name FROM institutions i JOIN catalogues k ON k.id = i.catalogue_id
         WHERE k.kind = 'institution' AND k.city_code = $1 AND i.removed_in IS NULL AND {}
         ORDER BY i.position",
        current_edition("k", 2)
    );
    on_pool!(db, pool => {
        sqlx::query_as(&sql)
            .bind(city_code)
            .bind(day(today))
            .fetch_all(pool)
            .await
    })
}
