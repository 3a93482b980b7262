//! After an order's class: the employer's job offer to each trainee who
//! completed, the worker's answer, the hire with its start date, and the
//! retention checks at 3 and 6 months.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{code_enum::code_enum, parse_date, text::bounded, Field, InputError};

code_enum! {
    /// Where a trainee's job offer stands.
    pub enum OfferStatus for Field::Decision {
        /// Offered; the worker answers in the app.
        Offered = "offered";
        /// The worker accepted; the employer records the hire.
        Accepted = "accepted";
        /// The worker declined.
        Declined = "declined";
        /// Hired, from a start date.
        Hired = "hired";
        /// The employer did not offer a job, with a reason.
        NotOffered = "not_offered";
    }
}

/// What the employer records for one trainee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A job offer (the position's title) starting on a date.
    Offer {
        position: String,
        starts_on: NaiveDate,
    },
    /// The hire of a worker who accepted, from a start date.
    Hired { starts_on: NaiveDate },
    /// The worker declined (told the employer in person).
    Declined,
    /// No offer, and why.
    NotOffered { reason: String },
}

/// The outcome form: `outcome` = `offer` (with `position` and
/// `starts_on`), `hired` (with `starts_on`), `declined`, or `not_offered`
/// (with `reason`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutcomeInput {
    pub outcome: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub reason: String,
}

impl Outcome {
    pub fn parse(input: &OutcomeInput) -> Result<Outcome, InputError> {
        let starts_on = || parse_date(Field::StartDate, &input.starts_on);
        match input.outcome.trim() {
            "offer" => Ok(Outcome::Offer {
                position: bounded(Field::PositionTitle, &input.position, 40, true)?,
                starts_on: starts_on()?,
            }),
            "hired" => Ok(Outcome::Hired {
                starts_on: starts_on()?,
            }),
            "declined" => Ok(Outcome::Declined),
            "not_offered" => Ok(Outcome::NotOffered {
                reason: bounded(Field::Reason, &input.reason, 200, true)?,
            }),
            other => Err(InputError::UnknownCode {
                field: Field::Decision,
                value: super::error::excerpt(other),
            }),
        }
    }

    /// The status this outcome gives an offer now in `current` (`None`:
    /// nothing recorded yet), or `None` when it does not follow.
    pub fn after(&self, current: Option<OfferStatus>) -> Option<OfferStatus> {
        use OfferStatus::*;
        match (self, current) {
            (Outcome::Offer { .. }, None | Some(NotOffered)) => Some(Offered),
            (Outcome::NotOffered { .. }, None) => Some(NotOffered),
            (Outcome::Hired { .. }, Some(Accepted)) => Some(Hired),
            (Outcome::Declined, Some(Offered)) => Some(Declined),
            _ => None,
        }
    }

    pub const fn code(&self) -> &'static str {
        match self {
            Outcome::Offer { .. } => "offer",
            Outcome::Hired { .. } => "hired",
            Outcome::Declined => "declined",
            Outcome::NotOffered { .. } => "not_offered",
        }
    }
}

/// The worker's answer to an offered job.
pub const fn answer(accept: bool) -> OfferStatus {
    if accept {
        OfferStatus::Accepted
    } else {
        OfferStatus::Declined
    }
}

/// The months after the start at which the employer confirms the hire
/// stayed.
pub const RETENTION_MONTHS: [u32; 2] = [3, 6];

/// The employer's confirmation of a hire at 3 or 6 months.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RetentionInput {
    /// `3` or `6`.
    pub months: u32,
    /// Still employed at that date.
    pub still_employed: bool,
    /// When the worker left (required when not still employed).
    #[serde(default)]
    pub left_on: String,
}

/// A retention confirmation that passed its rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retention {
    pub months: u32,
    pub left_on: Option<NaiveDate>,
}

impl Retention {
    /// Parses the form for a hire that started on `started`, confirmed on
    /// `today`: the months must have passed, and a leaving date lies
    /// between the start and the check.
    pub fn parse(
        input: &RetentionInput,
        started: NaiveDate,
        today: NaiveDate,
    ) -> Result<Retention, InputError> {
        if !RETENTION_MONTHS.contains(&input.months) {
            return Err(InputError::UnknownCode {
                field: Field::Decision,
                value: input.months.to_string(),
            });
        }
        let due = retention_due(started, input.months);
        if today < due {
            return Err(InputError::RetentionNotDue {
                due: due.to_string(),
            });
        }
        let left_on = if input.still_employed {
            None
        } else {
            let left = parse_date(Field::EffectiveDate, &input.left_on)?;
            if left < started || left > due {
                return Err(InputError::OutOfRange {
                    field: Field::EffectiveDate,
                    min: 0,
                    max: i64::from(input.months),
                });
            }
            Some(left)
        };
        Ok(Retention {
            months: input.months,
            left_on,
        })
    }
}

/// The day a retention check falls due: `months` after the start.
pub fn retention_due(started: NaiveDate, months: u32) -> NaiveDate {
    started
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The day a trainee of an employer's own training started working for
/// it, as the employer declares it: a date (`YYYY-MM-DD`), not after
/// `today`.
pub fn parse_employed_since(input: &str, today: NaiveDate) -> Result<NaiveDate, InputError> {
    let since = parse_date(Field::EmployedSince, input)?;
    if since > today {
        return Err(InputError::DateInFuture {
            field: Field::EmployedSince,
        });
    }
    Ok(since)
}

/// A trainee of an employer's own training with the employment start the
/// employer declared: the name and the masked ID number only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TraineeEmployment {
    pub enrolment_id: i64,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    /// `YYYY-MM-DD`; `null` until declared.
    pub employed_since: Option<String>,
}

/// A trainee of an order's class as the employer, its bureau and the
/// province see them: the name and the masked ID number only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TraineeOutcome {
    pub enrolment_id: i64,
    pub class_id: i64,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    /// The class has ended and the trainee passed its assessment.
    pub completed: bool,
    /// The certificate was verified.
    pub certified: bool,
    pub offer_id: Option<i64>,
    pub status: Option<OfferStatus>,
    pub position_title: String,
    /// `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    /// Why no job was offered.
    pub reason: String,
    /// Confirmed still employed (or not) 3 and 6 months after the start.
    pub retained_3_months: Option<bool>,
    pub retained_6_months: Option<bool>,
}

/// A job offer as the worker sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OfferView {
    pub id: i64,
    pub order_id: i64,
    pub enrolment_id: i64,
    pub employer_name: String,
    pub status: OfferStatus,
    pub position_title: String,
    /// `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    pub retained_3_months: Option<bool>,
    pub retained_6_months: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    fn input(outcome: &str) -> OutcomeInput {
        OutcomeInput {
            outcome: outcome.into(),
            position: "电子装配工".into(),
            starts_on: "2027-03-01".into(),
            reason: "考核成绩未达岗位要求".into(),
        }
    }

    #[test]
    fn an_offer_is_answered_by_the_worker_and_only_an_accepted_one_becomes_a_hire() {
        let offer = Outcome::parse(&input("offer")).expect("an offer");
        let hired = Outcome::parse(&input("hired")).expect("a hire");
        assert_eq!(offer.after(None), Some(OfferStatus::Offered));
        assert_eq!(answer(true), OfferStatus::Accepted);
        assert_eq!(
            hired.after(Some(OfferStatus::Accepted)),
            Some(OfferStatus::Hired)
        );
        assert_eq!(
            hired.after(Some(OfferStatus::Offered)),
            None,
            "not before the worker accepts"
        );
        assert_eq!(hired.after(None), None);
    }

    #[test]
    fn a_trainee_not_offered_a_job_is_recorded_with_a_reason_and_may_be_offered_later() {
        let not_offered = Outcome::parse(&input("not_offered")).expect("not offered");
        assert_eq!(not_offered.after(None), Some(OfferStatus::NotOffered));
        let offer = Outcome::parse(&input("offer")).expect("an offer");
        assert_eq!(
            offer.after(Some(OfferStatus::NotOffered)),
            Some(OfferStatus::Offered)
        );
        let mut no_reason = input("not_offered");
        no_reason.reason.clear();
        assert!(Outcome::parse(&no_reason).is_err());
        assert!(Outcome::parse(&input("maybe")).is_err());
    }

    #[test]
    fn retention_is_confirmed_only_once_its_months_have_passed() {
        let started = day("2027-03-01");
        let still = RetentionInput {
            months: 3,
            still_employed: true,
            left_on: String::new(),
        };
        assert!(matches!(
            Retention::parse(&still, started, day("2027-05-31")),
            Err(InputError::RetentionNotDue { .. })
        ));
        assert_eq!(
            Retention::parse(&still, started, day("2027-06-01")),
            Ok(Retention {
                months: 3,
                left_on: None
            })
        );
        let left = RetentionInput {
            months: 6,
            still_employed: false,
            left_on: "2027-05-20".into(),
        };
        assert_eq!(
            Retention::parse(&left, started, day("2027-09-01")).map(|r| r.left_on),
            Ok(Some(day("2027-05-20")))
        );
        let mut before_start = left.clone();
        before_start.left_on = "2027-02-01".into();
        assert!(Retention::parse(&before_start, started, day("2027-09-01")).is_err());
        let mut odd = still;
        odd.months = 4;
        assert!(Retention::parse(&odd, started, day("2028-01-01")).is_err());
    }

    #[test]
    fn an_employment_start_is_a_date_not_after_today() {
        let today = day("2026-12-07");
        assert_eq!(
            parse_employed_since("2026-03-01", today),
            Ok(day("2026-03-01"))
        );
        assert_eq!(parse_employed_since(" 2026-12-07 ", today), Ok(today));
        assert_eq!(
            parse_employed_since("2026-12-08", today),
            Err(InputError::DateInFuture {
                field: Field::EmployedSince
            })
        );
        assert!(parse_employed_since("去年三月", today).is_err());
        assert_eq!(
            parse_employed_since("", today),
            Err(InputError::Required {
                field: Field::EmployedSince
            })
        );
    }
}
