//! Oversight (issue 18, first step): what counts against the yearly
//! migrant-worker training targets of 闽人社办〔2024〕40号, where an area
//! should stand today and where its pace takes it by the year's end, when
//! a rate rests on too few trainees to show, and which institutions the
//! rules put up for removal at the next catalogue adjustment.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use super::{
    china_time, code_enum::code_enum, parse_bounded_int, parse_edition_year, City, Field,
    InputError, Reason, WorkerCategory,
};

/// What a scorecard is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoredBy {
    Institution,
    Course,
}

impl ScoredBy {
    /// How the audit trail and the API name it.
    pub const fn code(self) -> &'static str {
        match self {
            ScoredBy::Institution => "institutions",
            ScoredBy::Course => "courses",
        }
    }
}

/// The largest yearly target an area may be given, in person-times.
pub const MAX_TARGET: i64 = 1_000_000;

/// The province's change to an area's target of a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetChange {
    pub city: City,
    pub year: i32,
    pub person_times: i64,
    pub reason: Reason,
}

impl TargetChange {
    /// Reads the change as typed: the year, the area's code, the target
    /// (0 to [`MAX_TARGET`]) and the reason.
    pub fn parse(
        year: &str,
        city: &str,
        person_times: &str,
        reason: &str,
    ) -> Result<TargetChange, InputError> {
        Ok(TargetChange {
            year: parse_edition_year(year)?,
            city: City::parse(city)?,
            person_times: parse_bounded_int(Field::PersonTimes, person_times, 0, MAX_TARGET)?,
            reason: Reason::parse(reason)?,
        })
    }
}

code_enum! {
    /// The tables of the progress page, each exported on its own.
    pub enum ProgressTable for Field::ProgressTable {
        Areas = "areas";
        Months = "months";
        TrainingTypes = "training_types";
        Categories = "categories";
        Occupations = "occupations";
    }
}

/// The worker categories that make a trainee a migrant worker (农民工) for
/// the targets: the groups the national opinion names first (农村转移劳动力、
/// 返乡农民工、脱贫劳动力) and rural school leavers. Flexible employment or
/// hardship alone does not make someone a migrant worker.
pub const MIGRANT_CATEGORIES: [WorkerCategory; 4] = [
    WorkerCategory::RuralTransferred,
    WorkerCategory::ReturningMigrant,
    WorkerCategory::PovertyAlleviated,
    WorkerCategory::RuralGraduate,
];

/// Whether a completed class counts as one person-time of `year`'s
/// target: the trainee is of a migrant-worker category and completed the
/// class in that year (China time). One person finishing two classes
/// counts twice: each completion is judged on its own.
pub fn counts_as_person_time(
    categories: &[WorkerCategory],
    completed_on: NaiveDate,
    year: i32,
) -> bool {
    completed_on.year() == year && categories.iter().any(|c| MIGRANT_CATEGORIES.contains(c))
}

/// Days of `year` (365 or 366).
fn days_in(year: i32) -> i64 {
    match (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year + 1, 1, 1),
    ) {
        (Some(first), Some(next)) => (next - first).num_days(),
        _ => 365,
    }
}

/// Days of `year` that have passed by the end of `today` (0 before the
/// year, all of them after it).
fn days_passed(year: i32, today: NaiveDate) -> i64 {
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return 0;
    };
    ((today - first).num_days() + 1).clamp(0, days_in(year))
}

/// The share of `year` (0 to 1) that has passed by the end of `day`.
pub fn share_of_year(year: i32, day: NaiveDate) -> f64 {
    days_passed(year, day) as f64 / days_in(year) as f64
}

/// The last day of `month` of `year`.
pub fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|day| day.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// Where an area on schedule would stand at the end of `today`: the
/// target spread evenly over the year's days, rounded down.
pub fn pace(target: i64, year: i32, today: NaiveDate) -> i64 {
    target * days_passed(year, today) / days_in(year)
}

/// Where the area's pace so far takes it by the year's end: the
/// person-times so far over the days passed, for every day of the year,
/// rounded down; `None` before the year has begun.
pub fn forecast(done: i64, year: i32, today: NaiveDate) -> Option<i64> {
    let passed = days_passed(year, today);
    (passed > 0).then(|| done * days_in(year) / passed)
}

/// The instants at which the months of `year` begin in China, and the
/// next year's first: thirteen bounds, January 1st 00:00 (UTC+8) first.
pub fn month_starts(year: i32) -> [DateTime<Utc>; 13] {
    std::array::from_fn(|index| {
        let (year, month) = if index == 12 {
            (year + 1, 1)
        } else {
            (year, index as u32 + 1)
        };
        china_time()
            .with_ymd_and_hms(year, month, 1, 0, 0, 0)
            .single()
            .map_or(DateTime::<Utc>::MIN_UTC, |start| start.with_timezone(&Utc))
    })
}

/// Where an area stands against its target of a year on a day.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TargetStanding {
    /// The year's target in person-times (`null` when none is set).
    pub target: Option<i64>,
    /// Person-times so far.
    pub person_times: i64,
    /// Where the area would stand today on schedule.
    pub pace: Option<i64>,
    /// Where the pace so far takes it by the year's end.
    pub forecast: Option<i64>,
    /// Person-times so far as a percentage of the target, one decimal.
    pub percent_of_target: Option<f64>,
}

impl TargetStanding {
    /// `person_times` so far of `year` against `target`, on `today`.
    pub fn of(
        target: Option<i64>,
        person_times: i64,
        year: i32,
        today: NaiveDate,
    ) -> TargetStanding {
        TargetStanding {
            target,
            person_times,
            pace: target.map(|target| pace(target, year, today)),
            forecast: forecast(person_times, year, today),
            percent_of_target: target
                .filter(|target| *target > 0)
                .map(|target| (person_times * 1000 / target) as f64 / 10.0),
        }
    }

    /// Whether the area is at or ahead of where the schedule puts it.
    pub fn on_schedule(&self) -> Option<bool> {
        self.pace.map(|pace| self.person_times >= pace)
    }
}

/// Fewer trainees than this and a rate is shown as "样本不足".
pub const MIN_SAMPLE: i64 = 10;

/// A share of trainees, or too few to say.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rate {
    /// Percent with one decimal.
    Percent(f64),
    TooFewTrainees,
}

impl Rate {
    /// `part` of `whole` trainees, unless `whole` is under
    /// [`MIN_SAMPLE`].
    pub fn of(part: i64, whole: i64) -> Rate {
        if whole < MIN_SAMPLE {
            return Rate::TooFewTrainees;
        }
        Rate::Percent((part * 1000 / whole) as f64 / 10.0)
    }
}

/// When an institution or a course is put up for removal (measures 1
/// and 2: ineffective items leave the catalogue).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RemovalRules {
    /// A completion rate below this (percent) puts it up.
    pub min_completion_percent: f64,
    /// An employment rate below this (percent), of the trainees who
    /// completed an order's class, puts it up.
    pub min_employment_percent: f64,
    /// Any subsidy recovered from it puts it up.
    pub on_recovered_subsidy: bool,
}

impl Default for RemovalRules {
    fn default() -> Self {
        RemovalRules {
            min_completion_percent: 60.0,
            min_employment_percent: 30.0,
            on_recovered_subsidy: true,
        }
    }
}

/// Why the rules put an institution or course up for removal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RemovalReason {
    /// Its completion rate (percent) is below the rule's.
    LowCompletion(f64),
    /// Its employment rate (percent) is below the rule's.
    LowEmployment(f64),
    /// Subsidies were recovered from it (this many).
    SubsidyRecovered(i64),
}

impl RemovalRules {
    /// The reasons the figures give; a rate resting on too few trainees
    /// gives none.
    pub fn reasons(
        &self,
        completion: Rate,
        employment: Rate,
        recovered: i64,
    ) -> Vec<RemovalReason> {
        let mut reasons = Vec::new();
        if let Rate::Percent(percent) = completion {
            if percent < self.min_completion_percent {
                reasons.push(RemovalReason::LowCompletion(percent));
            }
        }
        if let Rate::Percent(percent) = employment {
            if percent < self.min_employment_percent {
                reasons.push(RemovalReason::LowEmployment(percent));
            }
        }
        if self.on_recovered_subsidy && recovered > 0 {
            reasons.push(RemovalReason::SubsidyRecovered(recovered));
        }
        reasons
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
    }

    #[test]
    fn a_migrant_worker_completing_in_the_year_counts_and_each_completion_counts_again() {
        let returning = [WorkerCategory::ReturningMigrant];
        assert!(counts_as_person_time(&returning, day("2024-03-01"), 2024));
        assert!(!counts_as_person_time(&returning, day("2025-01-01"), 2024));
        let completions = [day("2024-03-01"), day("2024-09-01")];
        let counted = completions
            .iter()
            .filter(|on| counts_as_person_time(&returning, **on, 2024))
            .count();
        assert_eq!(counted, 2, "one person, two classes, two person-times");
        assert!(!counts_as_person_time(
            &[WorkerCategory::FlexiblyEmployed, WorkerCategory::Other],
            day("2024-03-01"),
            2024
        ));
        assert!(counts_as_person_time(
            &[WorkerCategory::Other, WorkerCategory::PovertyAlleviated],
            day("2024-03-01"),
            2024
        ));
    }

    #[test]
    fn the_pace_spreads_the_target_over_the_days_of_the_year() {
        assert_eq!(pace(12_500, 2024, day("2023-12-31")), 0);
        assert_eq!(pace(12_500, 2024, day("2024-01-01")), 34, "one day of 366");
        assert_eq!(
            pace(12_500, 2024, day("2024-07-01")),
            6_250,
            "183 of 366 days"
        );
        assert_eq!(pace(12_500, 2024, day("2024-12-31")), 12_500);
        assert_eq!(pace(12_500, 2024, day("2025-06-01")), 12_500);
        assert_eq!(pace(500, 2025, day("2025-07-02")), 250, "183 of 365 days");
    }

    #[test]
    fn the_forecast_carries_the_pace_so_far_to_the_end_of_the_year() {
        assert_eq!(forecast(3_000, 2024, day("2024-07-01")), Some(6_000));
        assert_eq!(forecast(0, 2024, day("2024-07-01")), Some(0));
        assert_eq!(forecast(10, 2024, day("2023-12-01")), None, "not begun");
        assert_eq!(
            forecast(9_000, 2024, day("2025-02-01")),
            Some(9_000),
            "over"
        );
    }

    #[test]
    fn shares_of_the_year_count_whole_days() {
        assert_eq!(share_of_year(2024, day("2023-12-31")), 0.0);
        assert_eq!(share_of_year(2024, day("2024-12-31")), 1.0);
        assert_eq!(share_of_year(2024, day("2024-07-01")), 183.0 / 366.0);
        assert_eq!(last_day_of_month(2024, 2), day("2024-02-29"));
        assert_eq!(last_day_of_month(2024, 12), day("2024-12-31"));
    }

    #[test]
    fn the_months_begin_at_midnight_china_time() {
        let starts = month_starts(2024);
        assert_eq!(starts[0].to_rfc3339(), "2023-12-31T16:00:00+00:00");
        assert_eq!(starts[1].to_rfc3339(), "2024-01-31T16:00:00+00:00");
        assert_eq!(starts[12].to_rfc3339(), "2024-12-31T16:00:00+00:00");
    }

    #[test]
    fn a_standing_compares_the_person_times_with_the_pace_and_the_target() {
        let behind = TargetStanding::of(Some(12_500), 3_000, 2024, day("2024-07-01"));
        assert_eq!(behind.pace, Some(6_250));
        assert_eq!(behind.forecast, Some(6_000));
        assert_eq!(behind.percent_of_target, Some(24.0));
        assert_eq!(behind.on_schedule(), Some(false));
        let ahead = TargetStanding::of(Some(500), 300, 2024, day("2024-07-01"));
        assert_eq!(ahead.on_schedule(), Some(true));
        let unset = TargetStanding::of(None, 40, 2024, day("2024-07-01"));
        assert_eq!((unset.pace, unset.percent_of_target), (None, None));
        assert_eq!(unset.on_schedule(), None);
        assert_eq!(
            TargetStanding::of(Some(0), 4, 2024, day("2024-07-01")).percent_of_target,
            None
        );
    }

    #[test]
    fn a_rate_of_fewer_than_ten_trainees_is_too_few_to_show() {
        assert_eq!(Rate::of(9, 9), Rate::TooFewTrainees);
        assert_eq!(Rate::of(7, 10), Rate::Percent(70.0));
        assert_eq!(Rate::of(2, 3), Rate::TooFewTrainees);
        assert_eq!(Rate::of(20, 30), Rate::Percent(66.6));
    }

    #[test]
    fn low_completion_low_employment_or_a_recovered_subsidy_puts_one_up_for_removal() {
        let rules = RemovalRules::default();
        let none: Vec<RemovalReason> = Vec::new();
        let few = Rate::TooFewTrainees;
        assert_eq!(rules.reasons(Rate::Percent(75.0), few, 0), none);
        assert_eq!(
            rules.reasons(Rate::Percent(55.0), Rate::Percent(20.0), 2),
            [
                RemovalReason::LowCompletion(55.0),
                RemovalReason::LowEmployment(20.0),
                RemovalReason::SubsidyRecovered(2)
            ]
        );
        assert_eq!(
            rules.reasons(Rate::Percent(90.0), Rate::Percent(30.0), 0),
            none,
            "exactly the rule's employment rate is enough"
        );
        assert_eq!(
            rules.reasons(few, few, 0),
            none,
            "too few trainees to judge"
        );
        let lenient = RemovalRules {
            on_recovered_subsidy: false,
            ..rules
        };
        assert_eq!(lenient.reasons(Rate::Percent(80.0), few, 3), none);
    }
}
