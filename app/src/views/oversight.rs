//! What oversight pages and the API show.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::{City, TargetStanding, TrainingType, WorkerCategory};

/// One area's yearly target in person-times.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TargetView {
    pub city: City,
    pub year: i64,
    pub person_times: i64,
    /// When the province last set it (`null` for the loaded table).
    pub set_at: Option<DateTime<Utc>>,
    /// Where it comes from, or why it was changed.
    pub reason: String,
}

/// An area's (or the province's) standing against its target.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AreaProgress {
    /// The area; `null` for the whole province.
    pub city: Option<City>,
    #[serde(flatten)]
    pub standing: TargetStanding,
}

/// Person-times of one training type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TrainingTypePersonTimes {
    pub training_type: TrainingType,
    pub person_times: i64,
}

/// Person-times of the trainees whose first migrant-worker category (in
/// the order of `MIGRANT_CATEGORIES`) is this one: each person-time
/// counts once, so the lines add up to the total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CategoryPersonTimes {
    pub category: WorkerCategory,
    pub person_times: i64,
}

/// Person-times of one occupation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OccupationPersonTimes {
    pub occupation_name: String,
    pub person_times: i64,
}

/// Person-times of one month, and of the year up to its end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MonthPersonTimes {
    /// 1 to 12.
    pub month: u32,
    pub person_times: i64,
    pub cumulative: i64,
    /// Where the area should stand at the month's end on schedule
    /// (`null` without a target).
    pub pace: Option<i64>,
}

/// Progress against the yearly targets: of one area, or of the province
/// with every area's line.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ProgressView {
    pub year: i32,
    /// The day (China time) the pace and the forecast are taken on.
    pub today: NaiveDate,
    /// The area shown, or the whole province (`city` null).
    pub total: AreaProgress,
    /// Every area of the province (one line for an area's page).
    pub areas: Vec<AreaProgress>,
    pub by_training_type: Vec<TrainingTypePersonTimes>,
    pub by_category: Vec<CategoryPersonTimes>,
    /// Most person-times first.
    pub by_occupation: Vec<OccupationPersonTimes>,
    /// January to December.
    pub by_month: Vec<MonthPersonTimes>,
}
