//! Oversight: the yearly migrant-worker training targets per area and
//! the progress against them. A bureau reads its city's, the province
//! every area's and sets the targets, each change with its reason in the
//! audit trail. What counts against a target is
//! [`counts_as_person_time`](crate::domain::counts_as_person_time).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    access::Actor,
    audit, database_failure,
    db::oversight::{self as store, SliceRow, TargetRow},
    AppState,
};
use crate::{
    domain::{
        china_date, last_day_of_month, month_starts, pace, City, Role, TargetChange,
        TargetStanding, TrainingType, WorkerCategory, MIGRANT_CATEGORIES,
    },
    error::AppError,
    views::{
        AreaProgress, CategoryPersonTimes, MonthPersonTimes, OccupationPersonTimes, ProgressView,
        TargetView, TrainingTypePersonTimes,
    },
};

pub mod exports;

/// The targets of `year` that `actor` answers for: a bureau its city's,
/// the province every area's.
pub async fn targets(
    state: &AppState,
    actor: &Actor,
    year: i64,
    now: DateTime<Utc>,
) -> Result<Vec<TargetView>, AppError> {
    let scope = match (actor.role, actor.city) {
        (Role::Province, _) => None,
        (Role::Bureau, Some(city)) => Some(city),
        _ => return Err(audit::refuse(&state.db, actor, "targets", now).await),
    };
    let rows = store::list_targets(&state.db, year, scope)
        .await
        .map_err(database_failure("reading the targets"))?;
    rows.iter().map(view).collect()
}

/// The province sets an area's target of a year.
pub async fn set_target(
    state: &AppState,
    actor: &Actor,
    change: &TargetChange,
    now: DateTime<Utc>,
) -> Result<Vec<TargetView>, AppError> {
    let TargetChange {
        city,
        year,
        person_times,
        reason,
    } = change;
    let (city, year, person_times) = (*city, i64::from(*year), *person_times);
    let target = format!("target:{}:{year}", city.code());
    if actor.role != Role::Province {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let failed = || database_failure("setting a target");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store::set_target(
        &mut tx,
        city,
        year,
        person_times,
        &actor.user_id,
        reason.as_str(),
        now,
    )
    .await
    .map_err(failed())?;
    let why = format!("{person_times}: {}", reason.as_str());
    audit::record_done(&mut tx, actor, "target.set", &target, &why, city, now).await?;
    tx.commit().await.map_err(failed())?;
    targets(state, actor, year, now).await
}

/// The area whose progress `actor` may read when asking for `asked`: a
/// bureau its own city (asking for another is refused), the province any
/// area or, with `None`, the whole province.
async fn progress_scope(
    state: &AppState,
    actor: &Actor,
    asked: Option<City>,
    now: DateTime<Utc>,
) -> Result<Option<City>, AppError> {
    match (actor.role, actor.city, asked) {
        (Role::Province, _, asked) => Ok(asked),
        (Role::Bureau, Some(own), None) => Ok(Some(own)),
        (Role::Bureau, Some(own), Some(asked)) if asked == own => Ok(Some(own)),
        (_, _, asked) => {
            let target = asked.map_or("progress".to_owned(), |city| {
                format!("progress:{}", city.code())
            });
            Err(audit::refuse(&state.db, actor, &target, now).await)
        }
    }
}

/// Progress of `year` against the targets, as `actor` may see it: an
/// area's (a bureau's own city, or one the province asks for) or the
/// whole province's with every area's line.
pub async fn progress(
    state: &AppState,
    actor: &Actor,
    year: i32,
    asked: Option<City>,
    now: DateTime<Utc>,
) -> Result<ProgressView, AppError> {
    let scope = progress_scope(state, actor, asked, now).await?;
    let failed = || database_failure("reading the progress against the targets");
    let bounds = month_starts(year);
    let slices = store::count_person_times(&state.db, &bounds, scope)
        .await
        .map_err(failed())?;
    let targets = store::list_targets(&state.db, i64::from(year), scope)
        .await
        .map_err(failed())?;
    let counted = Counted::of(&slices)?;
    Ok(ProgressView {
        year,
        today: china_date(now),
        total: AreaProgress {
            city: scope,
            standing: TargetStanding::of(
                total_target(&targets, scope),
                counted.total(),
                year,
                china_date(now),
            ),
        },
        areas: area_lines(scope, &targets, &counted, year, china_date(now)),
        by_training_type: counted.by_training_type(),
        by_category: counted.by_category(),
        by_occupation: counted.by_occupation(),
        by_month: counted.by_month(total_target(&targets, scope), year),
    })
}

/// The target of the area shown, or for the province the sum of every
/// area's: unset while any area has none, so that the province's share
/// and pace are never measured against part of its target.
fn total_target(targets: &[TargetRow], scope: Option<City>) -> Option<i64> {
    let areas: &[City] = match &scope {
        Some(city) => std::slice::from_ref(city),
        None => City::ALL,
    };
    areas
        .iter()
        .map(|city| {
            targets
                .iter()
                .find(|row| row.city_code == city.code())
                .map(|row| row.person_times)
        })
        .sum()
}

/// One line per area shown: the area alone, or every area of the
/// province (those without a target too).
fn area_lines(
    scope: Option<City>,
    targets: &[TargetRow],
    counted: &Counted,
    year: i32,
    today: NaiveDate,
) -> Vec<AreaProgress> {
    let areas: Vec<City> = match scope {
        Some(city) => vec![city],
        None => City::ALL.to_vec(),
    };
    areas
        .into_iter()
        .map(|city| AreaProgress {
            city: Some(city),
            standing: TargetStanding::of(
                total_target(targets, Some(city)),
                counted.of_city(city),
                year,
                today,
            ),
        })
        .collect()
}

/// Person-times of one area, training type, first migrant-worker
/// category and month.
struct Slice {
    city: City,
    training_type: TrainingType,
    category: WorkerCategory,
    month: u32,
    occupation_name: String,
    person_times: i64,
}

impl Slice {
    fn of(row: &SliceRow) -> Result<Slice, AppError> {
        let city = City::parse(&row.city_code)
            .map_err(|_| super::internal_absence("a counted class's city"))?;
        let training_type = TrainingType::parse(&row.training_type)
            .map_err(|_| super::internal_absence("a counted class's training type"))?;
        let category = usize::try_from(row.category_rank - 1)
            .ok()
            .and_then(|rank| MIGRANT_CATEGORIES.get(rank).copied())
            .ok_or_else(|| super::internal_absence("a counted trainee's category"))?;
        let month = u32::try_from(row.month)
            .ok()
            .filter(|month| (1..=12).contains(month))
            .ok_or_else(|| super::internal_absence("a counted completion's month"))?;
        Ok(Slice {
            city,
            training_type,
            category,
            month,
            occupation_name: row.occupation_name.clone(),
            person_times: row.person_times,
        })
    }
}

/// The counted person-times, sliced.
struct Counted {
    slices: Vec<Slice>,
}

impl Counted {
    fn of(rows: &[SliceRow]) -> Result<Counted, AppError> {
        let slices = rows.iter().map(Slice::of).collect::<Result<_, _>>()?;
        Ok(Counted { slices })
    }

    /// The person-times of the slices `keep` keeps.
    fn sum(&self, keep: impl Fn(&Slice) -> bool) -> i64 {
        self.slices
            .iter()
            .filter(|slice| keep(slice))
            .map(|slice| slice.person_times)
            .sum()
    }

    fn total(&self) -> i64 {
        self.sum(|_| true)
    }

    fn of_city(&self, city: City) -> i64 {
        self.sum(|slice| slice.city == city)
    }

    /// Every training type, in its order, with its person-times.
    fn by_training_type(&self) -> Vec<TrainingTypePersonTimes> {
        TrainingType::ALL
            .iter()
            .map(|training_type| TrainingTypePersonTimes {
                training_type: *training_type,
                person_times: self.sum(|slice| slice.training_type == *training_type),
            })
            .collect()
    }

    /// Every migrant-worker category, in its order.
    fn by_category(&self) -> Vec<CategoryPersonTimes> {
        MIGRANT_CATEGORIES
            .iter()
            .map(|category| CategoryPersonTimes {
                category: *category,
                person_times: self.sum(|slice| slice.category == *category),
            })
            .collect()
    }

    /// Person-times by occupation over the areas shown, most first (ties
    /// by name).
    fn by_occupation(&self) -> Vec<OccupationPersonTimes> {
        let mut sums: BTreeMap<&str, i64> = BTreeMap::new();
        for slice in &self.slices {
            *sums.entry(&slice.occupation_name).or_default() += slice.person_times;
        }
        let mut counts: Vec<OccupationPersonTimes> = sums
            .into_iter()
            .map(|(name, person_times)| OccupationPersonTimes {
                occupation_name: name.to_owned(),
                person_times,
            })
            .collect();
        counts.sort_by_key(|count| std::cmp::Reverse(count.person_times));
        counts
    }

    /// Every month with the year so far at its end and, with a target,
    /// where the schedule puts the area then.
    fn by_month(&self, target: Option<i64>, year: i32) -> Vec<MonthPersonTimes> {
        let mut cumulative = 0;
        (1..=12)
            .map(|month| {
                let person_times = self.sum(|slice| slice.month == month);
                cumulative += person_times;
                MonthPersonTimes {
                    month,
                    person_times,
                    cumulative,
                    pace: target.map(|target| pace(target, year, last_day_of_month(year, month))),
                }
            })
            .collect()
    }
}

fn view(row: &TargetRow) -> Result<TargetView, AppError> {
    let city =
        City::parse(&row.city_code).map_err(|_| super::internal_absence("a target's city"))?;
    Ok(TargetView {
        city,
        year: row.year,
        person_times: row.person_times,
        set_at: row.set_at,
        reason: row.reason.clone(),
    })
}
