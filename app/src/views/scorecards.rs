//! What the scorecards of institutions and courses show (oversight).

use serde::Serialize;

use crate::domain::City;

/// Why the rules put an institution or a course up for removal at the
/// next catalogue adjustment, with the figure that did.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum RemovalFinding {
    /// Its completion rate (percent) is below the rule's.
    LowCompletion { percent: f64, below: f64 },
    /// Its trainees' employment rate (percent) is below the rule's.
    LowEmployment { percent: f64, below: f64 },
    /// Subsidies were recovered from its classes (this many).
    SubsidyRecovered { claims: i64 },
}

/// One institution's or course's record. A rate or an average resting on
/// fewer than 10 trainees is `null` ("样本不足" on the pages).
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Scorecard {
    /// The institution's or the course's row in its latest catalogue
    /// edition (each edition has rows of its own; the card covers them
    /// all).
    pub id: i64,
    /// The institution's name, or the course's occupation.
    pub name: String,
    pub city: Option<City>,
    /// Approved classes.
    pub classes: i64,
    pub enrolled: i64,
    /// Trainees of ended classes whose final assessment is recorded.
    pub assessed: i64,
    /// Of those, passed.
    pub completed: i64,
    /// Completed of assessed, percent.
    pub completion_rate: Option<f64>,
    /// Completed with a certificate the bureau verified.
    pub certified: i64,
    /// Certified of completed, percent.
    pub certification_rate: Option<f64>,
    /// Completed a class of a training order and the employer recorded
    /// the outcome (hired, declined or no offer); an offer still open
    /// does not count yet.
    pub placed_outcomes: i64,
    /// Of those, hired by the order's employer.
    pub hired: i64,
    /// Hired of placed outcomes, percent.
    pub employment_rate: Option<f64>,
    /// Ratings by trainees who attended enough to rate.
    pub ratings: i64,
    /// Average score of each criterion (1 to 5, one decimal).
    pub teaching: Option<f64>,
    pub facilities: Option<f64>,
    pub usefulness: Option<f64>,
    pub check_ins: i64,
    /// Risk warnings raised on its classes.
    pub warnings: i64,
    pub warnings_per_100_check_ins: Option<f64>,
    /// Subsidy claims recovered.
    pub recovered_subsidies: i64,
    /// Empty unless the rules put it up for removal.
    pub removal: Vec<RemovalFinding>,
}

/// The rules in force for removal candidates.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RemovalRulesView {
    pub min_completion_percent: f64,
    pub min_employment_percent: f64,
    pub on_recovered_subsidy: bool,
}

/// The scorecards of a city (or every city), ranked.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ScorecardList {
    /// The city, or `null` for the whole province.
    pub city: Option<City>,
    pub rules: RemovalRulesView,
    /// Ranked: completion rate, then the average rating, highest first;
    /// too few trainees last.
    pub scorecards: Vec<Scorecard>,
}
