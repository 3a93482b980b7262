//! Completion, ratings and subsidy claims: the rules of the end of a
//! worker's training, kept free of storage so each one is tested alone.
//!
//! - 结业考核 (completion assessment) with its certificate, and which
//!   certificate kinds the bureau must verify (证书核对).
//! - 学员评价 (ratings): three scores of 1 to 5, a comment, and the
//!   published average, hidden below five ratings.
//! - 补贴申请 (subsidy claims): the amount in integer fen (level amount,
//!   the worker category uplift, the living allowance), the automatic
//!   checks with the figures they used, and the lifecycle
//!   submitted → checks passed or held → under review → approved → paid,
//!   or rejected, and recovered after payment.
//!
//! Server-only: the pages that use these rules are rendered on the server,
//! so the catalogue's WebAssembly does not carry them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{
    code_enum::code_enum, online_share_allowed, text::bounded, CategoryUplift, CertificateKind,
    CertificateLevel, Fen, Field, InputError, WorkerCategory,
};

// ---- Completion assessment and certificate --------------------------------

impl CertificateKind {
    /// Whether the bureau verifies the certificate before a subsidy is
    /// paid (certificate projects: special ability, skill level and
    /// vocational qualification; seed M3).
    pub const fn needs_verification(self) -> bool {
        matches!(
            self,
            CertificateKind::SpecialAbility
                | CertificateKind::SkillLevel
                | CertificateKind::VocationalQualification
        )
    }
}

code_enum! {
    /// Where a certificate stands in the bureau's verification (证书核对).
    pub enum CertificateStatus for Field::CertificateStatus {
        NotRequired = "not_required";
        Pending = "pending";
        Verified = "verified";
        Invalid = "invalid";
    }
}

/// The completion assessment form of one enrolment.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AssessmentInput {
    pub passed: bool,
    pub score: i64,
    #[serde(default)]
    pub certificate_number: String,
    #[serde(default)]
    pub certificate_level: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub issued_on: String,
}

/// A certificate as the institution recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertificateRecord {
    pub number: String,
    pub level: CertificateLevel,
    pub issued_on: NaiveDate,
}

/// A completion assessment whose rules hold: a score of 0 to 100, and for
/// a passed certificate project the certificate's number, a level of its
/// kind and an issue date that is not in the future.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub passed: bool,
    pub score: i64,
    pub certificate: Option<CertificateRecord>,
}

impl Assessment {
    pub fn parse(
        input: &AssessmentInput,
        kind: CertificateKind,
        today: NaiveDate,
    ) -> Result<Assessment, InputError> {
        if !(0..=100).contains(&input.score) {
            return Err(InputError::OutOfRange {
                field: Field::Score,
                min: 0,
                max: 100,
            });
        }
        let wanted = input.passed && kind.needs_verification();
        let given = !input.certificate_number.trim().is_empty();
        let certificate = if wanted || (input.passed && given) {
            Some(certificate(input, kind, today)?)
        } else {
            None
        };
        Ok(Assessment {
            passed: input.passed,
            score: input.score,
            certificate,
        })
    }

    /// The verification the certificate starts in.
    pub fn certificate_status(&self, kind: CertificateKind) -> CertificateStatus {
        match (&self.certificate, kind.needs_verification()) {
            (Some(_), true) => CertificateStatus::Pending,
            _ => CertificateStatus::NotRequired,
        }
    }
}

fn certificate(
    input: &AssessmentInput,
    kind: CertificateKind,
    today: NaiveDate,
) -> Result<CertificateRecord, InputError> {
    let number = bounded(
        Field::CertificateNumber,
        &input.certificate_number,
        40,
        true,
    )?;
    if !number
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(InputError::CertificateNumberFormat {
            value: super::error::excerpt(&number),
        });
    }
    let level = CertificateLevel::parse(&input.certificate_level)?;
    if !level.fits(kind) {
        return Err(InputError::LevelNotForKind { level, kind });
    }
    let issued = input.issued_on.trim();
    let issued_on =
        NaiveDate::parse_from_str(issued, "%Y-%m-%d").map_err(|_| InputError::DateFormat {
            value: super::error::excerpt(issued),
        })?;
    if issued_on > today {
        return Err(InputError::DateInFuture {
            field: Field::IssueDate,
        });
    }
    Ok(CertificateRecord {
        number,
        level,
        issued_on,
    })
}

// ---- Ratings --------------------------------------------------------------

/// The rating form: three scores of 1 to 5 and a comment.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RatingInput {
    pub teaching: i64,
    pub facilities: i64,
    pub usefulness: i64,
    #[serde(default)]
    pub comment: String,
}

/// A rating whose scores are 1 to 5 and whose comment is at most 500
/// characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rating {
    pub teaching: i64,
    pub facilities: i64,
    pub usefulness: i64,
    pub comment: String,
}

impl Rating {
    pub fn parse(input: &RatingInput) -> Result<Rating, InputError> {
        let score = |field: Field, value: i64| {
            if (1..=5).contains(&value) {
                Ok(value)
            } else {
                Err(InputError::OutOfRange {
                    field,
                    min: 1,
                    max: 5,
                })
            }
        };
        Ok(Rating {
            teaching: score(Field::Teaching, input.teaching)?,
            facilities: score(Field::Facilities, input.facilities)?,
            usefulness: score(Field::Usefulness, input.usefulness)?,
            comment: bounded(Field::Comment, &input.comment, 500, false)?,
        })
    }
}

/// An institution's reply to a rating: required, at most 500 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply(String);

impl Reply {
    pub fn parse(input: &str) -> Result<Reply, InputError> {
        bounded(Field::Reply, input, 500, true).map(Reply)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How many days a worker may change their rating after giving it.
pub const RATING_EDIT_DAYS: i64 = 7;

/// Fewer ratings than this and the average is not shown (one or two
/// people's opinion would read as the institution's).
pub const MIN_RATINGS_FOR_AVERAGE: i64 = 5;

/// Whether a worker who attended `attended` of `sessions` sessions may
/// rate, when at least `min_percent` of them is required. Integer
/// arithmetic: exactly the share passes.
pub const fn may_rate(attended: i64, sessions: i64, min_percent: i64) -> bool {
    sessions > 0 && attended * 100 >= min_percent * sessions
}

/// The average of all three scores over `count` ratings whose scores sum
/// to `points`, in tenths rounded half up (43 means 4.3); `None` below
/// [`MIN_RATINGS_FOR_AVERAGE`].
pub const fn published_average_tenths(points: i64, count: i64) -> Option<i64> {
    if count < MIN_RATINGS_FOR_AVERAGE {
        return None;
    }
    // points / (3 * count) in tenths, half up: (20 * points + 3 * count) / (6 * count).
    Some((20 * points + 3 * count) / (6 * count))
}

/// `43` → `4.3`.
pub fn tenths_text(tenths: i64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

// ---- Amount ---------------------------------------------------------------

/// What the subsidy of a claim is made of, in fen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimAmount {
    /// The course's amount for the class's certificate level.
    pub training: Fen,
    /// The highest uplift among the worker's categories (0 when none).
    pub uplift_percent: u8,
    pub uplift: Fen,
    /// Days on which the worker attended, for the living allowance.
    pub living_days: i64,
    pub living_allowance: Fen,
    pub total: Fen,
}

/// Computes a claim's amount. The uplift is the highest one of the
/// worker's categories (uplifts do not add up); the living allowance is
/// `per_day` for each attended day when one of the worker's categories is
/// eligible (national opinion point 9).
pub fn claim_amount(
    level_amount: Fen,
    uplifts: &[CategoryUplift],
    categories: &[WorkerCategory],
    attended_days: i64,
    living_allowance_per_day: Fen,
) -> ClaimAmount {
    let best = uplifts
        .iter()
        .filter(|uplift| categories.contains(&uplift.category))
        .map(|uplift| uplift.percent)
        .max_by_key(|percent| percent.get());
    let raised = best.map_or(level_amount, |percent| level_amount.uplifted(percent));
    let uplift = Fen::from_fen(raised.fen() - level_amount.fen());
    let eligible = categories.iter().any(|c| c.living_allowance_eligible());
    let living_days = if eligible { attended_days.max(0) } else { 0 };
    let living_allowance = Fen::from_fen(living_allowance_per_day.fen() * living_days);
    ClaimAmount {
        training: level_amount,
        uplift_percent: best.map_or(0, |p| p.get()),
        uplift,
        living_days,
        living_allowance,
        total: Fen::from_fen(raised.fen() + living_allowance.fen()),
    }
}

// ---- Automatic checks -----------------------------------------------------

code_enum! {
    /// The automatic checks of a claim, in the order they are shown.
    pub enum CheckKind for Field::Check {
        Attendance = "attendance";
        OnlineShare = "online_share";
        Assessment = "assessment";
        Certificate = "certificate";
        NoEarlierClaim = "no_earlier_claim";
        ClassInCatalogue = "class_in_catalogue";
        NoOpenWarning = "no_open_warning";
        AttendanceAssurance = "attendance_assurance";
    }
}

impl CheckKind {
    /// Whether a bureau reviewer may take a claim held on this check into
    /// review after looking at the evidence (the other pending checks
    /// wait for a fact to change: an assessment, a verification, a
    /// cleared warning).
    pub const fn reviewer_may_release(self) -> bool {
        matches!(self, CheckKind::AttendanceAssurance)
    }
}

/// The configured limits the checks compare against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckLimits {
    /// Attendance a claim needs, in percent of scheduled hours.
    pub min_attendance_percent: i64,
    /// Most of the attended hours that may rest on staff corrections
    /// before the claim is held for review.
    pub max_staff_percent: i64,
    /// … and on the password fallback.
    pub max_password_percent: i64,
}

code_enum! {
    /// A check passed, failed (the claim is rejected) or is waiting for
    /// something that can still happen (the claim is held).
    pub enum CheckOutcome for Field::Check {
        Passed = "passed";
        Failed = "failed";
        Pending = "pending";
    }
}

/// What the checks look at, gathered from the records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimFacts {
    pub scheduled_minutes: i64,
    pub attended_minutes: i64,
    pub attendance_percent: i64,
    pub online_minutes: i64,
    /// `(passed, score)` once recorded.
    pub assessment: Option<(bool, i64)>,
    pub certificate: CertificateStatus,
    /// Other live claims of this person for the same occupation and level.
    pub earlier_claims: i64,
    pub class_approved: bool,
    pub course_published: bool,
    pub open_warnings: i64,
    /// Attended minutes that rest on staff corrections.
    pub staff_minutes: i64,
    /// Attended minutes that rest on the password fallback.
    pub password_minutes: i64,
}

/// One check's result with the figures it used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    pub kind: CheckKind,
    pub outcome: CheckOutcome,
    pub inputs: Value,
}

fn result(kind: CheckKind, outcome: CheckOutcome, inputs: Value) -> CheckResult {
    CheckResult {
        kind,
        outcome,
        inputs,
    }
}

fn pass_or(failed: CheckOutcome, passes: bool) -> CheckOutcome {
    if passes {
        CheckOutcome::Passed
    } else {
        failed
    }
}

/// Runs every check on `facts` against the configured `limits`.
pub fn run_checks(facts: &ClaimFacts, limits: &CheckLimits) -> Vec<CheckResult> {
    use CheckOutcome::{Failed, Passed, Pending};
    let min_attendance_percent = limits.min_attendance_percent;
    let attendance = result(
        CheckKind::Attendance,
        pass_or(Failed, facts.attendance_percent >= min_attendance_percent),
        json!({
            "percent": facts.attendance_percent,
            "threshold": min_attendance_percent,
            "attended_minutes": facts.attended_minutes,
            "scheduled_minutes": facts.scheduled_minutes,
        }),
    );
    let online = result(
        CheckKind::OnlineShare,
        pass_or(
            Failed,
            online_share_allowed(facts.online_minutes, facts.attended_minutes),
        ),
        json!({
            "online_minutes": facts.online_minutes,
            "attended_minutes": facts.attended_minutes,
            "percent": percent_of(facts.online_minutes, facts.attended_minutes),
            "limit": super::MAX_ONLINE_PERCENT,
        }),
    );
    let assessment = match facts.assessment {
        None => result(CheckKind::Assessment, Pending, json!({ "recorded": false })),
        Some((passed, score)) => result(
            CheckKind::Assessment,
            pass_or(Failed, passed),
            json!({ "recorded": true, "passed": passed, "score": score }),
        ),
    };
    let certificate = result(
        CheckKind::Certificate,
        match facts.certificate {
            CertificateStatus::NotRequired | CertificateStatus::Verified => Passed,
            CertificateStatus::Pending => Pending,
            CertificateStatus::Invalid => Failed,
        },
        json!({ "status": facts.certificate }),
    );
    let earlier = result(
        CheckKind::NoEarlierClaim,
        pass_or(Failed, facts.earlier_claims == 0),
        json!({ "earlier_claims": facts.earlier_claims }),
    );
    let catalogue = result(
        CheckKind::ClassInCatalogue,
        pass_or(Failed, facts.class_approved && facts.course_published),
        json!({ "class_approved": facts.class_approved, "course_published": facts.course_published }),
    );
    let warnings = result(
        CheckKind::NoOpenWarning,
        pass_or(Pending, facts.open_warnings == 0),
        json!({ "open_warnings": facts.open_warnings }),
    );
    vec![
        attendance,
        online,
        assessment,
        certificate,
        earlier,
        catalogue,
        warnings,
        attendance_assurance(facts, limits),
    ]
}

/// Held for review when too much of the attended time rests on staff
/// corrections or on the password fallback: an institution that enrols
/// absent workers and adds their check-ins itself, or classmates who
/// know each other's passwords, show up here with the figures.
fn attendance_assurance(facts: &ClaimFacts, limits: &CheckLimits) -> CheckResult {
    let staff_percent = percent_of(facts.staff_minutes, facts.attended_minutes);
    let password_percent = percent_of(facts.password_minutes, facts.attended_minutes);
    let within = staff_percent <= limits.max_staff_percent
        && password_percent <= limits.max_password_percent;
    result(
        CheckKind::AttendanceAssurance,
        pass_or(CheckOutcome::Pending, within),
        json!({
            "attended_minutes": facts.attended_minutes,
            "staff_minutes": facts.staff_minutes,
            "password_minutes": facts.password_minutes,
            "staff_percent": staff_percent,
            "password_percent": password_percent,
            "max_staff_percent": limits.max_staff_percent,
            "max_password_percent": limits.max_password_percent,
        }),
    )
}

/// `part` per hundred `whole`, rounded down; 0 when `whole` is 0.
pub const fn percent_of(part: i64, whole: i64) -> i64 {
    if whole > 0 {
        part * 100 / whole
    } else {
        0
    }
}

/// Where the checks leave a claim: rejected when one failed, held when
/// one is waiting, otherwise passed on to review.
pub fn status_after_checks(checks: &[CheckResult]) -> ClaimStatus {
    if checks.iter().any(|c| c.outcome == CheckOutcome::Failed) {
        ClaimStatus::Rejected
    } else if checks.iter().any(|c| c.outcome == CheckOutcome::Pending) {
        ClaimStatus::Held
    } else {
        ClaimStatus::ChecksPassed
    }
}

// ---- Lifecycle ------------------------------------------------------------

code_enum! {
    /// Where a subsidy claim stands.
    pub enum ClaimStatus for Field::ClaimStatus {
        Submitted = "submitted";
        ChecksPassed = "checks_passed";
        Held = "held";
        UnderReview = "under_review";
        Approved = "approved";
        Paid = "paid";
        Rejected = "rejected";
        Recovered = "recovered";
    }
}

impl ClaimStatus {
    /// Whether a claim in this state still counts as this person's claim
    /// for the occupation and level (the database constraint uses the
    /// same rule: every state but rejected).
    pub const fn is_live(self) -> bool {
        !matches!(self, ClaimStatus::Rejected)
    }

    /// Whether a claim may move from this state to `next`.
    pub const fn may_become(self, next: ClaimStatus) -> bool {
        use ClaimStatus::*;
        matches!(
            (self, next),
            (Submitted, ChecksPassed | Held | Rejected)
                | (Held, ChecksPassed | UnderReview | Rejected)
                | (ChecksPassed, UnderReview | Held | Rejected)
                | (UnderReview, Approved | Rejected | Held)
                | (Approved, Paid | Rejected)
                | (Paid, Recovered)
        )
    }
}

code_enum! {
    /// Who the subsidy is paid to.
    pub enum Payee for Field::Payee {
        Worker = "worker";
        Institution = "institution";
        Employer = "employer";
    }
}

/// A claim's payee with its name where the payee is an organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayeeChoice {
    pub payee: Payee,
    pub name: String,
}

impl PayeeChoice {
    /// Reads the payee; an employer must be named (at most 100
    /// characters).
    pub fn parse(payee: &str, name: &str) -> Result<PayeeChoice, InputError> {
        let payee = if payee.trim().is_empty() {
            Payee::Worker
        } else {
            Payee::parse(payee)?
        };
        let name = bounded(Field::PayeeName, name, 100, payee == Payee::Employer)?;
        Ok(PayeeChoice { payee, name })
    }
}

/// A payment reference (bank transfer number), required, at most 64
/// characters.
pub fn parse_payment_reference(input: &str) -> Result<String, InputError> {
    bounded(Field::PaymentReference, input, 64, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        domain::UpliftPercent,
        i18n::{explain_check, Lang},
    };

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date")
    }

    fn uplift(category: WorkerCategory, percent: i64) -> CategoryUplift {
        CategoryUplift {
            category,
            percent: UpliftPercent::parse(percent).expect("a percent"),
        }
    }

    fn passing_facts() -> ClaimFacts {
        ClaimFacts {
            scheduled_minutes: 600,
            attended_minutes: 552,
            attendance_percent: 92,
            online_minutes: 120,
            assessment: Some((true, 86)),
            certificate: CertificateStatus::Verified,
            earlier_claims: 0,
            class_approved: true,
            course_published: true,
            open_warnings: 0,
            staff_minutes: 0,
            password_minutes: 0,
        }
    }

    const LIMITS: CheckLimits = CheckLimits {
        min_attendance_percent: 80,
        max_staff_percent: 10,
        max_password_percent: 50,
    };

    fn outcome(checks: &[CheckResult], kind: CheckKind) -> CheckOutcome {
        checks
            .iter()
            .find(|c| c.kind == kind)
            .expect("the check ran")
            .outcome
    }

    #[test]
    fn the_amount_is_the_level_amount_raised_by_the_best_uplift_in_exact_fen() {
        let uplifts = [
            uplift(WorkerCategory::PovertyAlleviated, 10),
            uplift(WorkerCategory::EmploymentDifficulty, 15),
        ];
        let categories = [
            WorkerCategory::PovertyAlleviated,
            WorkerCategory::EmploymentDifficulty,
        ];
        let amount = claim_amount(Fen::from_fen(133_333), &uplifts, &categories, 0, Fen::ZERO);
        assert_eq!(amount.uplift_percent, 15, "uplifts do not add up");
        assert_eq!(
            amount.uplift,
            Fen::from_fen(20_000),
            "133,333 × 15% = 19,999.95, half up"
        );
        assert_eq!(amount.total, Fen::from_fen(153_333));
    }

    #[test]
    fn a_worker_without_an_uplifted_category_gets_the_level_amount() {
        let uplifts = [uplift(WorkerCategory::PovertyAlleviated, 10)];
        let amount = claim_amount(
            Fen::from_yuan(1500),
            &uplifts,
            &[WorkerCategory::RuralTransferred],
            5,
            Fen::from_yuan(30),
        );
        assert_eq!(amount.uplift, Fen::ZERO);
        assert_eq!(
            amount.living_allowance,
            Fen::ZERO,
            "not an eligible category"
        );
        assert_eq!(amount.total, Fen::from_yuan(1500));
    }

    #[test]
    fn eligible_categories_add_the_living_allowance_per_attended_day() {
        let amount = claim_amount(
            Fen::from_yuan(1200),
            &[],
            &[WorkerCategory::RuralGraduate],
            7,
            Fen::from_fen(3_050),
        );
        assert_eq!(amount.living_days, 7);
        assert_eq!(amount.living_allowance, Fen::from_fen(21_350));
        assert_eq!(amount.total, Fen::from_fen(141_350));
    }

    #[test]
    fn every_check_passes_on_a_complete_record() {
        let checks = run_checks(&passing_facts(), &LIMITS);
        assert_eq!(checks.len(), CheckKind::ALL.len());
        assert!(checks.iter().all(|c| c.outcome == CheckOutcome::Passed));
        assert_eq!(status_after_checks(&checks), ClaimStatus::ChecksPassed);
    }

    #[test]
    fn attendance_exactly_at_the_threshold_passes_and_below_it_rejects() {
        let mut facts = passing_facts();
        facts.attendance_percent = 80;
        assert_eq!(
            outcome(&run_checks(&facts, &LIMITS), CheckKind::Attendance),
            CheckOutcome::Passed
        );
        facts.attendance_percent = 79;
        let checks = run_checks(&facts, &LIMITS);
        assert_eq!(
            outcome(&checks, CheckKind::Attendance),
            CheckOutcome::Failed
        );
        assert_eq!(status_after_checks(&checks), ClaimStatus::Rejected);
    }

    #[test]
    fn online_hours_above_forty_percent_of_attended_hours_reject() {
        let mut facts = passing_facts();
        facts.attended_minutes = 240;
        facts.online_minutes = 96;
        assert_eq!(
            outcome(&run_checks(&facts, &LIMITS), CheckKind::OnlineShare),
            CheckOutcome::Passed
        );
        facts.online_minutes = 97;
        assert_eq!(
            outcome(&run_checks(&facts, &LIMITS), CheckKind::OnlineShare),
            CheckOutcome::Failed
        );
    }

    #[test]
    fn a_missing_assessment_or_unverified_certificate_holds_and_a_failed_one_rejects() {
        let mut facts = passing_facts();
        facts.assessment = None;
        assert_eq!(
            status_after_checks(&run_checks(&facts, &LIMITS)),
            ClaimStatus::Held
        );
        facts.assessment = Some((false, 41));
        assert_eq!(
            status_after_checks(&run_checks(&facts, &LIMITS)),
            ClaimStatus::Rejected
        );
        let mut facts = passing_facts();
        facts.certificate = CertificateStatus::Pending;
        assert_eq!(
            status_after_checks(&run_checks(&facts, &LIMITS)),
            ClaimStatus::Held
        );
        facts.certificate = CertificateStatus::Invalid;
        assert_eq!(
            status_after_checks(&run_checks(&facts, &LIMITS)),
            ClaimStatus::Rejected
        );
    }

    #[test]
    fn an_earlier_claim_or_a_course_out_of_the_catalogue_rejects() {
        let mut facts = passing_facts();
        facts.earlier_claims = 1;
        assert_eq!(
            outcome(&run_checks(&facts, &LIMITS), CheckKind::NoEarlierClaim),
            CheckOutcome::Failed
        );
        let mut facts = passing_facts();
        facts.course_published = false;
        assert_eq!(
            outcome(&run_checks(&facts, &LIMITS), CheckKind::ClassInCatalogue),
            CheckOutcome::Failed
        );
    }

    #[test]
    fn hours_resting_on_staff_corrections_beyond_the_limit_hold_the_claim() {
        let mut facts = passing_facts();
        facts.staff_minutes = 55; // 552 attended: 9%
        assert_eq!(
            outcome(&run_checks(&facts, &LIMITS), CheckKind::AttendanceAssurance),
            CheckOutcome::Passed
        );
        facts.staff_minutes = 552;
        let checks = run_checks(&facts, &LIMITS);
        assert_eq!(
            outcome(&checks, CheckKind::AttendanceAssurance),
            CheckOutcome::Pending
        );
        assert_eq!(status_after_checks(&checks), ClaimStatus::Held);
        let check = checks
            .iter()
            .find(|c| c.kind == CheckKind::AttendanceAssurance)
            .expect("ran");
        assert!(
            explain_check(check.kind, check.outcome, &check.inputs, Lang::Zh).contains("100%"),
            "the figures are shown"
        );
    }

    #[test]
    fn hours_resting_on_passwords_beyond_the_limit_hold_the_claim_for_review() {
        let mut facts = passing_facts();
        facts.password_minutes = 400;
        let checks = run_checks(&facts, &LIMITS);
        assert_eq!(
            outcome(&checks, CheckKind::AttendanceAssurance),
            CheckOutcome::Pending
        );
        assert!(CheckKind::AttendanceAssurance.reviewer_may_release());
        assert!(!CheckKind::Assessment.reviewer_may_release());
    }

    #[test]
    fn an_open_risk_warning_holds_the_claim() {
        let mut facts = passing_facts();
        facts.open_warnings = 2;
        let checks = run_checks(&facts, &LIMITS);
        assert_eq!(
            outcome(&checks, CheckKind::NoOpenWarning),
            CheckOutcome::Pending
        );
        assert_eq!(status_after_checks(&checks), ClaimStatus::Held);
    }

    #[test]
    fn checks_read_in_plain_words_with_their_figures() {
        let checks = run_checks(&passing_facts(), &LIMITS);
        let attendance = &checks[0];
        assert_eq!(
            explain_check(
                attendance.kind,
                attendance.outcome,
                &attendance.inputs,
                Lang::Zh
            ),
            "出勤率 92% ≥ 80%（出勤 9.2 / 应出勤 10 小时） ✓"
        );
        let mut facts = passing_facts();
        facts.attendance_percent = 60;
        let failed = &run_checks(&facts, &LIMITS)[0];
        assert!(
            explain_check(failed.kind, failed.outcome, &failed.inputs, Lang::En)
                .starts_with("Attendance 60% < 80%")
        );
    }

    #[test]
    fn the_lifecycle_moves_only_forward_along_its_arrows() {
        use ClaimStatus::*;
        assert!(Submitted.may_become(Held));
        assert!(Held.may_become(ChecksPassed));
        assert!(ChecksPassed.may_become(UnderReview));
        assert!(UnderReview.may_become(Approved));
        assert!(Approved.may_become(Paid));
        assert!(Paid.may_become(Recovered));
        assert!(
            !Submitted.may_become(Approved),
            "no approval without checks and review"
        );
        assert!(!ChecksPassed.may_become(Paid));
        assert!(!Rejected.may_become(UnderReview), "rejection is final");
        assert!(!Paid.may_become(Rejected), "after payment only recovery");
        assert!(!Recovered.may_become(Paid));
    }

    #[test]
    fn a_passed_certificate_project_needs_a_valid_certificate() {
        let mut input = AssessmentInput {
            passed: true,
            score: 88,
            ..AssessmentInput::default()
        };
        assert_eq!(
            Assessment::parse(&input, CertificateKind::SkillLevel, today()),
            Err(InputError::Required {
                field: Field::CertificateNumber
            })
        );
        input.certificate_number = "S000035010000251001".into();
        input.certificate_level = "level4".into();
        input.issued_on = "2026-11-20".into();
        let assessment =
            Assessment::parse(&input, CertificateKind::SkillLevel, today()).expect("valid");
        assert_eq!(
            assessment.certificate_status(CertificateKind::SkillLevel),
            CertificateStatus::Pending
        );
        input.issued_on = "2026-12-01".into();
        assert_eq!(
            Assessment::parse(&input, CertificateKind::SkillLevel, today()),
            Err(InputError::DateInFuture {
                field: Field::IssueDate
            })
        );
        input.issued_on = "2026-11-20".into();
        input.certificate_level = "certified".into();
        assert!(matches!(
            Assessment::parse(&input, CertificateKind::SkillLevel, today()),
            Err(InputError::LevelNotForKind { .. })
        ));
    }

    #[test]
    fn a_completion_course_needs_no_certificate_and_scores_stay_within_zero_to_one_hundred() {
        let input = AssessmentInput {
            passed: true,
            score: 75,
            ..AssessmentInput::default()
        };
        let assessment =
            Assessment::parse(&input, CertificateKind::Completion, today()).expect("valid");
        assert_eq!(
            assessment.certificate_status(CertificateKind::Completion),
            CertificateStatus::NotRequired
        );
        let too_high = AssessmentInput {
            score: 101,
            ..input
        };
        assert!(Assessment::parse(&too_high, CertificateKind::Completion, today()).is_err());
    }

    #[test]
    fn ratings_take_scores_of_one_to_five_and_a_short_comment() {
        let good = RatingInput {
            teaching: 5,
            facilities: 3,
            usefulness: 4,
            comment: "老师讲得清楚".into(),
        };
        assert!(Rating::parse(&good).is_ok());
        let zero = RatingInput {
            facilities: 0,
            ..good.clone()
        };
        assert_eq!(
            Rating::parse(&zero),
            Err(InputError::OutOfRange {
                field: Field::Facilities,
                min: 1,
                max: 5
            })
        );
        let long = RatingInput {
            comment: "好".repeat(501),
            ..good
        };
        assert!(Rating::parse(&long).is_err());
    }

    #[test]
    fn only_workers_who_attended_enough_sessions_may_rate() {
        assert!(may_rate(1, 2, 50), "exactly half passes at 50%");
        assert!(!may_rate(1, 3, 50));
        assert!(
            !may_rate(0, 0, 50),
            "a class without sessions cannot be rated"
        );
    }

    #[test]
    fn averages_of_fewer_than_five_ratings_are_not_published() {
        assert_eq!(published_average_tenths(60, 4), None);
        // Five ratings, 65 points over 15 scores: 4.333… → 4.3.
        assert_eq!(published_average_tenths(65, 5), Some(43));
        // 68 / 15 = 4.5333… → 4.5; 67 / 15 = 4.4666… → 4.5 (half up at the tenth).
        assert_eq!(published_average_tenths(68, 5), Some(45));
        assert_eq!(published_average_tenths(67, 5), Some(45));
        assert_eq!(tenths_text(43), "4.3");
    }

    #[test]
    fn an_employer_payee_must_be_named() {
        assert_eq!(
            PayeeChoice::parse("", "").expect("default").payee,
            Payee::Worker
        );
        assert_eq!(
            PayeeChoice::parse("employer", " "),
            Err(InputError::Required {
                field: Field::PayeeName
            })
        );
        assert!(PayeeChoice::parse("bank", "").is_err());
    }
}
