//! The catalogue service: the one place that answers catalogue questions,
//! for server functions and the REST API alike.

use super::{
    database_failure,
    db::{catalogue as store, Database},
};
use chrono::NaiveDate;

use crate::{
    domain::{
        CatalogueKind, CityOverview, CourseDetail, CourseList, CourseQuery, InstitutionDetail,
        InstitutionList, InstitutionNature, InstitutionQuery, PageRequest, Paged,
    },
    error::{AppError, Missing},
};

/// A page of the city's published course catalogue.
pub async fn list_courses(
    db: &Database,
    query: &CourseQuery,
    today: NaiveDate,
) -> Result<CourseList, AppError> {
    let failed = || database_failure("listing courses");
    let courses = store::find_published_catalogue(db, CatalogueKind::Course, query.city, today)
        .await
        .map_err(failed())?;
    let Some(catalogue) = courses else {
        return Ok(CourseList {
            city: query.city,
            catalogue: None,
            courses: empty_page(query.page),
        });
    };
    let institutions =
        store::find_published_catalogue(db, CatalogueKind::Institution, query.city, today)
            .await
            .map_err(failed())?;
    let institution_catalogue = institutions.map(|row| row.id);
    let (items, total) = store::list_courses(db, catalogue.id, institution_catalogue, query)
        .await
        .map_err(failed())?;
    let total = match total {
        Some(total) => total,
        None if query.page.page > 1 => {
            let first = CourseQuery {
                page: PageRequest {
                    page: 1,
                    per_page: 1,
                },
                ..query.clone()
            };
            store::list_courses(db, catalogue.id, institution_catalogue, &first)
                .await
                .map_err(failed())?
                .1
                .unwrap_or(0)
        }
        None => 0,
    };
    Ok(CourseList {
        city: query.city,
        catalogue: Some(catalogue.info().map_err(failed())?),
        courses: Paged {
            items,
            page: query.page.page,
            per_page: query.page.per_page,
            total,
        },
    })
}

/// One course of a published catalogue, with the institutions that may
/// train it.
pub async fn course_detail(
    db: &Database,
    id: i64,
    today: NaiveDate,
) -> Result<CourseDetail, AppError> {
    let failed = || database_failure("reading a course");
    let course = store::find_published_course(db, id, today)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Course))?;
    let catalogue = course.catalogue.info().map_err(failed())?;
    let certificate_kind = course.certificate_kind().map_err(failed())?;
    let subsidy = store::find_subsidy_standard(db, course.id, certificate_kind)
        .await
        .map_err(failed())?;
    let institution_catalogue =
        store::find_published_catalogue(db, CatalogueKind::Institution, catalogue.city, today)
            .await
            .map_err(failed())?;
    let institutions = match institution_catalogue {
        Some(row) => store::list_institutions_teaching(db, row.id, &course.occupation_key)
            .await
            .map_err(failed())?,
        None => Vec::new(),
    };
    Ok(CourseDetail {
        id: course.id,
        training_type: course.training_type().map_err(failed())?,
        catalogue,
        occupation_name: course.occupation_name,
        occupation_code: course.occupation_code,
        certificate_kind,
        urgent: course.urgent,
        subsidy,
        remarks: course.remarks,
        institutions,
    })
}

/// A page of the city's published institution catalogue.
pub async fn list_institutions(
    db: &Database,
    query: &InstitutionQuery,
    today: NaiveDate,
) -> Result<InstitutionList, AppError> {
    let failed = || database_failure("listing institutions");
    let catalogue =
        store::find_published_catalogue(db, CatalogueKind::Institution, query.city, today)
            .await
            .map_err(failed())?;
    let Some(catalogue) = catalogue else {
        return Ok(InstitutionList {
            city: query.city,
            catalogue: None,
            institutions: empty_page(query.page),
        });
    };
    let (items, total) = store::list_institutions(db, catalogue.id, query)
        .await
        .map_err(failed())?;
    let total = match total {
        Some(total) => total,
        None if query.page.page > 1 => {
            let first = InstitutionQuery {
                page: PageRequest {
                    page: 1,
                    per_page: 1,
                },
                ..query.clone()
            };
            store::list_institutions(db, catalogue.id, &first)
                .await
                .map_err(failed())?
                .1
                .unwrap_or(0)
        }
        None => 0,
    };
    Ok(InstitutionList {
        city: query.city,
        catalogue: Some(catalogue.info().map_err(failed())?),
        institutions: Paged {
            items,
            page: query.page.page,
            per_page: query.page.per_page,
            total,
        },
    })
}

/// One institution of a published catalogue, with the occupations it may
/// train linked to the city's courses.
pub async fn institution_detail(
    db: &Database,
    id: i64,
    today: NaiveDate,
) -> Result<InstitutionDetail, AppError> {
    let failed = || database_failure("reading an institution");
    let institution = store::find_published_institution(db, id, today)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Institution))?;
    let catalogue = institution.catalogue.info().map_err(failed())?;
    let course_catalogue =
        store::find_published_catalogue(db, CatalogueKind::Course, catalogue.city, today)
            .await
            .map_err(failed())?;
    let occupations =
        store::list_taught_occupations(db, institution.id, course_catalogue.map(|row| row.id))
            .await
            .map_err(failed())?;
    let (rating_count, rating_points) =
        super::db::completion::institution_rating_totals(db, institution.id)
            .await
            .map_err(failed())?;
    Ok(InstitutionDetail {
        id: institution.id,
        catalogue,
        nature: super::db::stored("nature", InstitutionNature::parse(&institution.nature))
            .map_err(failed())?,
        name: institution.name,
        address: institution.address,
        contact_person: institution.contact_person,
        contact_phone: institution.contact_phone,
        remarks: institution.remarks,
        occupations,
        rating: store::rating_summary(rating_count, rating_points),
    })
}

/// Every city with the size of its published catalogues.
pub async fn city_overviews(
    db: &Database,
    today: NaiveDate,
) -> Result<Vec<CityOverview>, AppError> {
    store::list_city_overviews(db, today)
        .await
        .map_err(database_failure("listing cities"))
}

fn empty_page<T>(page: PageRequest) -> Paged<T> {
    Paged {
        items: Vec::new(),
        page: page.page,
        per_page: page.per_page,
        total: 0,
    }
}
