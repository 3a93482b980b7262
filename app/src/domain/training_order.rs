//! Training orders (订单、定向、定岗、项目制培训): what an employer asks to
//! have trained, the jobs it ends in, how an order moves from posting to
//! an institution that trains it, and institutions' bids (揭榜).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    code_enum::code_enum, parse_bounded_int, parse_date, text::bounded, CertificateLevel, City,
    Field, InputError,
};

code_enum! {
    /// The four kinds of employer-driven training of point (三).
    pub enum OrderKind for Field::OrderKind {
        /// 订单培训: trained to the employer's order, then hired.
        Order = "order";
        /// 定向培训: trained for the employer's kind of work.
        Directed = "directed";
        /// 定岗培训: trained for named positions.
        Position = "position";
        /// 项目制培训: a training project the employer commissions.
        Project = "project";
    }
}

code_enum! {
    /// Where an order stands.
    pub enum OrderStatus for Field::OrderStatus {
        /// Posted, waiting for the bureau.
        Submitted = "submitted";
        /// Sent back by the bureau with a reason; the employer corrects it.
        Returned = "returned";
        /// Approved and open to bids (揭榜) from qualifying institutions.
        Approved = "approved";
        /// Approved with the institution that trains it: chosen when posted,
        /// or picked from the bids.
        Assigned = "assigned";
        /// Taken back by the employer before an institution was assigned.
        Withdrawn = "withdrawn";
    }
}

/// A step that moves an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderStep {
    Approve,
    Return,
    Resubmit,
    Bid,
    Pick,
    Withdraw,
}

impl OrderStep {
    /// The code the step is kept under in the order's history.
    pub const fn code(self) -> &'static str {
        match self {
            OrderStep::Approve => "approved",
            OrderStep::Return => "returned",
            OrderStep::Resubmit => "resubmitted",
            OrderStep::Bid => "bid",
            OrderStep::Pick => "picked",
            OrderStep::Withdraw => "withdrawn",
        }
    }
}

impl OrderStatus {
    /// The status after `step`, or `None` when the step does not apply in
    /// this status. `has_institution`: the employer chose the institution
    /// when posting, so approval assigns it at once.
    pub fn after(self, step: OrderStep, has_institution: bool) -> Option<OrderStatus> {
        use OrderStatus::*;
        use OrderStep as S;
        match (self, step) {
            (Submitted, S::Approve) if has_institution => Some(Assigned),
            (Submitted, S::Approve) => Some(Approved),
            (Submitted, S::Return) => Some(Returned),
            (Returned, S::Resubmit) => Some(Submitted),
            (Approved, S::Bid) => Some(Approved),
            (Approved, S::Pick) => Some(Assigned),
            (Submitted | Returned | Approved, S::Withdraw) => Some(Withdrawn),
            _ => None,
        }
    }

    /// Whether anyone outside the employer, its bureau and the province
    /// may read the order: once the bureau approved it.
    pub const fn is_public(self) -> bool {
        matches!(self, OrderStatus::Approved | OrderStatus::Assigned)
    }
}

code_enum! {
    /// Where an institution's bid stands.
    pub enum BidStatus for Field::Decision {
        Open = "open";
        Picked = "picked";
        NotPicked = "not_picked";
    }
}

/// One kind of job an order ends in, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PositionInput {
    /// 岗位名称.
    pub title: String,
    /// How many of these jobs.
    pub openings: String,
    /// Monthly wage range in whole yuan.
    pub wage_min_yuan: String,
    pub wage_max_yuan: String,
    /// 工作地点.
    pub workplace: String,
    /// Contract length in months.
    pub contract_months: String,
    /// First working day, `YYYY-MM-DD`.
    pub starts_on: String,
}

/// A job that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Position {
    pub title: String,
    pub openings: i64,
    pub wage_min_yuan: i64,
    pub wage_max_yuan: i64,
    pub workplace: String,
    pub contract_months: i64,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub starts_on: NaiveDate,
}

/// Most trainees an order may ask for, and most jobs of one kind.
pub const MAX_TRAINEES: i64 = 500;
/// Most kinds of job on one order.
pub const MAX_POSITIONS: usize = 20;

impl Position {
    fn parse(input: &PositionInput, today: NaiveDate) -> Result<Position, InputError> {
        let wage_min_yuan = parse_bounded_int(Field::Wage, &input.wage_min_yuan, 1, 1_000_000)?;
        let wage_max_yuan = parse_bounded_int(Field::Wage, &input.wage_max_yuan, 1, 1_000_000)?;
        if wage_max_yuan < wage_min_yuan {
            return Err(InputError::WageRangeReversed);
        }
        let starts_on = parse_date(Field::StartDate, &input.starts_on)?;
        if starts_on < today {
            return Err(InputError::DateInPast {
                field: Field::StartDate,
            });
        }
        Ok(Position {
            title: bounded(Field::PositionTitle, &input.title, 40, true)?,
            openings: parse_bounded_int(Field::Openings, &input.openings, 1, MAX_TRAINEES)?,
            wage_min_yuan,
            wage_max_yuan,
            workplace: bounded(Field::Workplace, &input.workplace, 80, true)?,
            contract_months: parse_bounded_int(
                Field::ContractMonths,
                &input.contract_months,
                1,
                120,
            )?,
            starts_on,
        })
    }
}

/// An order as the employer types it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderInput {
    pub kind: String,
    /// A course of the employer's city's published course catalogue.
    pub course_id: String,
    pub certificate_level: String,
    pub trainees_wanted: String,
    #[serde(default)]
    pub requirements: String,
    /// The last day training may start, `YYYY-MM-DD`.
    pub start_training_by: String,
    /// An institution of the city's catalogue; empty: open to every
    /// institution that may train the occupation.
    #[serde(default)]
    pub institution_id: String,
    pub positions: Vec<PositionInput>,
}

/// An order that passed the rules of its own fields; the catalogue rules
/// (course, level, institution) are the service's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewOrder {
    pub kind: OrderKind,
    pub course_id: i64,
    pub level: CertificateLevel,
    pub trainees_wanted: i64,
    pub requirements: String,
    pub start_training_by: NaiveDate,
    pub institution_id: Option<i64>,
    pub positions: Vec<Position>,
}

impl NewOrder {
    /// Parses the form; `today` (China time) bounds the dates.
    pub fn parse(input: &OrderInput, today: NaiveDate) -> Result<NewOrder, InputError> {
        if input.positions.is_empty() {
            return Err(InputError::Required {
                field: Field::Positions,
            });
        }
        if input.positions.len() > MAX_POSITIONS {
            return Err(InputError::OutOfRange {
                field: Field::Positions,
                min: 1,
                max: MAX_POSITIONS as i64,
            });
        }
        let positions = input
            .positions
            .iter()
            .map(|position| Position::parse(position, today))
            .collect::<Result<Vec<_>, _>>()?;
        let start_training_by = parse_date(Field::StartDate, &input.start_training_by)?;
        if start_training_by < today {
            return Err(InputError::DateInPast {
                field: Field::StartDate,
            });
        }
        let institution_id = match input.institution_id.trim() {
            "" => None,
            id => Some(parse_bounded_int(Field::Institution, id, 1, i64::MAX)?),
        };
        Ok(NewOrder {
            kind: OrderKind::parse(&input.kind)?,
            course_id: parse_bounded_int(Field::Course, &input.course_id, 1, i64::MAX)?,
            level: CertificateLevel::parse(&input.certificate_level)?,
            trainees_wanted: parse_bounded_int(
                Field::TraineesWanted,
                &input.trainees_wanted,
                1,
                MAX_TRAINEES,
            )?,
            requirements: bounded(Field::Requirements, &input.requirements, 500, false)?,
            start_training_by,
            institution_id,
            positions,
        })
    }

    /// How many jobs the order offers in all.
    pub fn openings(&self) -> i64 {
        self.positions.iter().map(|p| p.openings).sum()
    }
}

/// An institution's bid (揭榜) as typed: a short plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BidInput {
    /// How the institution would train it: teachers, place, schedule.
    pub plan: String,
}

/// A bid's plan that passed the rules: 10 to 1,000 characters.
pub fn parse_plan(input: &BidInput) -> Result<String, InputError> {
    let plan = bounded(Field::Plan, &input.plan, 1000, true)?;
    if plan.chars().count() < 10 {
        return Err(InputError::PlanTooShort { min: 10 });
    }
    Ok(plan)
}

/// The job line a worker reads on a course, class or order: who hires,
/// how many jobs, and the monthly wage range over all positions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JobPromise {
    pub order_id: i64,
    pub employer_name: String,
    pub openings: i64,
    pub wage_min_yuan: i64,
    pub wage_max_yuan: i64,
    pub positions: Vec<Position>,
}

impl JobPromise {
    /// Sums the openings and spans the wages of `positions`.
    pub fn of(order_id: i64, employer_name: String, positions: Vec<Position>) -> JobPromise {
        JobPromise {
            order_id,
            employer_name,
            openings: positions.iter().map(|p| p.openings).sum(),
            wage_min_yuan: positions.iter().map(|p| p.wage_min_yuan).min().unwrap_or(0),
            wage_max_yuan: positions.iter().map(|p| p.wage_max_yuan).max().unwrap_or(0),
            positions,
        }
    }
}

/// How far an order got, person by person: jobs offered by the order →
/// trainees enrolled in its classes → completed (assessment passed) →
/// certified → offered a job → hired → still employed at 3 and 6 months.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderFunnel {
    pub positions: i64,
    pub enrolled: i64,
    pub completed: i64,
    pub certified: i64,
    pub offered: i64,
    pub hired: i64,
    pub retained_3_months: i64,
    pub retained_6_months: i64,
}

impl OrderFunnel {
    /// The stages in order, each with its count.
    pub fn stages(&self) -> [i64; 8] {
        [
            self.positions,
            self.enrolled,
            self.completed,
            self.certified,
            self.offered,
            self.hired,
            self.retained_3_months,
            self.retained_6_months,
        ]
    }
}

code_enum! {
    /// What an order-path warning is about.
    pub enum OrderWarningKind for Field::Decision {
        /// A hire recorded for a trainee who attended less than a claim
        /// needs.
        HireBelowAttendance = "hire_below_attendance";
        /// The employer's and the institution's contact on the order are
        /// one person (same mobile number, or same name).
        SharedContact = "shared_contact";
    }
}

/// An order-path warning, with the figures that explain it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderWarningView {
    pub id: i64,
    pub kind: OrderWarningKind,
    /// The figures behind it: `"55|80"` (attended percent, percent a
    /// claim needs) or the shared name or number.
    pub details: String,
    /// The trainee a hire warning is about.
    pub subject: String,
    pub raised_at: String,
    pub cleared: bool,
    pub clear_reason: String,
}

/// An order in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderSummary {
    pub id: i64,
    pub city: City,
    pub kind: OrderKind,
    pub status: OrderStatus,
    pub employer_id: i64,
    pub employer_name: String,
    pub occupation_name: String,
    pub certificate_level: CertificateLevel,
    pub trainees_wanted: i64,
    pub openings: i64,
    pub wage_min_yuan: i64,
    pub wage_max_yuan: i64,
    /// `YYYY-MM-DD`.
    pub start_training_by: String,
    pub open_to_any: bool,
    pub institution_id: Option<i64>,
    pub institution_name: Option<String>,
    pub posted_at: String,
    /// For the employer, its bureau and the province only.
    pub funnel: Option<OrderFunnel>,
}

/// An institution's bid as the employer, the bureau and the bidder see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BidView {
    pub id: i64,
    pub institution_id: i64,
    pub institution_name: String,
    pub plan: String,
    pub status: BidStatus,
    pub bid_at: String,
}

/// One step in an order's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderEventView {
    pub at: String,
    pub action: String,
    pub actor_name: String,
    pub reason: String,
}

/// An order with its jobs, bids and history. Bids and history are shown
/// to the employer, the bureau and the province; a bidder sees its own
/// bid; everyone else neither.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderDetail {
    pub summary: OrderSummary,
    pub course_id: i64,
    pub requirements: String,
    pub decision_reason: String,
    pub jobs: JobPromise,
    pub bids: Vec<BidView>,
    pub history: Vec<OrderEventView>,
    /// The classes trained for this order.
    pub class_ids: Vec<i64>,
    /// Its risk warnings, for its bureau and the province.
    pub warnings: Vec<OrderWarningView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    fn position() -> PositionInput {
        PositionInput {
            title: "电子装配工".into(),
            openings: "20".into(),
            wage_min_yuan: "5000".into(),
            wage_max_yuan: "6500".into(),
            workplace: "福州市马尾区".into(),
            contract_months: "24".into(),
            starts_on: "2027-03-01".into(),
        }
    }

    fn order() -> OrderInput {
        OrderInput {
            kind: "order".into(),
            course_id: "7".into(),
            certificate_level: "level4".into(),
            trainees_wanted: "25".into(),
            requirements: "18至45周岁".into(),
            start_training_by: "2027-01-15".into(),
            institution_id: String::new(),
            positions: vec![position()],
        }
    }

    #[test]
    fn an_order_without_an_institution_is_open_to_every_qualifying_one() {
        let parsed = NewOrder::parse(&order(), day("2026-12-07")).expect("a valid order");
        assert_eq!(parsed.institution_id, None);
        assert_eq!(parsed.openings(), 20);
        assert_eq!(parsed.kind, OrderKind::Order);
    }

    #[test]
    fn an_order_needs_a_job_with_a_sane_wage_range_and_future_dates() {
        let today = day("2026-12-07");
        let mut input = order();
        input.positions.clear();
        assert!(NewOrder::parse(&input, today).is_err(), "no job");
        let mut input = order();
        input.positions[0].wage_max_yuan = "4000".into();
        assert_eq!(
            NewOrder::parse(&input, today),
            Err(InputError::WageRangeReversed)
        );
        let mut input = order();
        input.start_training_by = "2026-12-06".into();
        assert_eq!(
            NewOrder::parse(&input, today),
            Err(InputError::DateInPast {
                field: Field::StartDate
            })
        );
        let mut input = order();
        input.trainees_wanted = "501".into();
        assert!(NewOrder::parse(&input, today).is_err(), "too many trainees");
    }

    #[test]
    fn a_posted_order_is_approved_open_or_assigned_and_returned_orders_come_back() {
        use OrderStatus::*;
        assert_eq!(Submitted.after(OrderStep::Approve, false), Some(Approved));
        assert_eq!(Submitted.after(OrderStep::Approve, true), Some(Assigned));
        assert_eq!(Submitted.after(OrderStep::Return, false), Some(Returned));
        assert_eq!(Returned.after(OrderStep::Resubmit, false), Some(Submitted));
        assert_eq!(Approved.after(OrderStep::Pick, false), Some(Assigned));
    }

    #[test]
    fn bids_come_only_while_an_order_is_open_and_an_assigned_order_stays_assigned() {
        use OrderStatus::*;
        assert_eq!(Approved.after(OrderStep::Bid, false), Some(Approved));
        for status in [Submitted, Returned, Assigned, Withdrawn] {
            assert_eq!(status.after(OrderStep::Bid, false), None, "{status}");
        }
        assert_eq!(Assigned.after(OrderStep::Withdraw, true), None);
        assert_eq!(Assigned.after(OrderStep::Pick, true), None);
        assert_eq!(Withdrawn.after(OrderStep::Resubmit, false), None);
        assert_eq!(Approved.after(OrderStep::Approve, false), None);
    }

    #[test]
    fn only_approved_orders_are_public() {
        let public: Vec<_> = OrderStatus::ALL.iter().filter(|s| s.is_public()).collect();
        assert_eq!(public, [&OrderStatus::Approved, &OrderStatus::Assigned]);
    }

    #[test]
    fn the_job_line_sums_openings_and_spans_wages() {
        let today = day("2026-12-07");
        let mut second = position();
        second.openings = "5".into();
        second.wage_min_yuan = "4500".into();
        second.wage_max_yuan = "8000".into();
        let mut input = order();
        input.positions.push(second);
        let parsed = NewOrder::parse(&input, today).expect("a valid order");
        let jobs = JobPromise::of(1, "闽江电子".into(), parsed.positions);
        assert_eq!(
            (jobs.openings, jobs.wage_min_yuan, jobs.wage_max_yuan),
            (25, 4500, 8000)
        );
    }

    #[test]
    fn a_plan_is_a_few_words_at_least() {
        assert!(parse_plan(&BidInput {
            plan: "可以".into()
        })
        .is_err());
        assert!(parse_plan(&BidInput {
            plan: "两名高级技师授课，马尾实训基地，周末班共 120 学时".into()
        })
        .is_ok());
    }
}
