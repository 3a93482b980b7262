//! What pages and the API show of completion and subsidies: claims and
//! their checks, certificates, ratings, the training journey and the inbox.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::domain::{
    CategoryStanding, CertificateKind, CertificateLevel, CertificateStatus, CheckKind,
    CheckOutcome, City, ClaimAmount, ClaimStatus, Fen, Payee, RatingSummary,
};

/// A claim as lists show it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ClaimSummary {
    pub id: i64,
    pub status: ClaimStatus,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub enrolment_id: Option<i64>,
    pub class_id: Option<i64>,
    pub institution_name: Option<String>,
    pub city: Option<City>,
    pub occupation_name: String,
    pub certificate_level: CertificateLevel,
    pub payee: Payee,
    pub payee_name: String,
    pub amount: ClaimAmount,
    pub recovered: Fen,
    pub payment_reference: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// One automatic check as people read it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CheckView {
    pub kind: CheckKind,
    pub outcome: CheckOutcome,
    pub inputs: Value,
    /// E.g. `出勤率 92% ≥ 80% ✓`.
    pub explanation: String,
    /// What the worker can do when the check did not pass.
    pub advice: Option<&'static str>,
    pub checked_at: DateTime<Utc>,
}

/// One transition of a claim.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ClaimEventView {
    pub at: DateTime<Utc>,
    /// The person's name, or `None` for the automatic checks.
    pub actor: Option<String>,
    pub from_status: Option<ClaimStatus>,
    pub to_status: ClaimStatus,
    pub reason: String,
    pub amount: Option<Fen>,
}

/// A claim with its latest checks and its whole history.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ClaimDetail {
    #[serde(flatten)]
    pub summary: ClaimSummary,
    pub checks: Vec<CheckView>,
    pub events: Vec<ClaimEventView>,
}

/// An enrolment's assessment as pages and the API show it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AssessmentView {
    pub enrolment_id: i64,
    pub passed: bool,
    pub score: i64,
    pub certificate_number: Option<String>,
    pub certificate_level: Option<CertificateLevel>,
    pub issued_on: Option<String>,
    pub certificate_status: CertificateStatus,
    pub recorded_at: DateTime<Utc>,
    pub verified_at: Option<DateTime<Utc>>,
    pub verification_reason: String,
}

/// A certificate in the bureau's verification list.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CertificateView {
    pub enrolment_id: i64,
    pub class_id: i64,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub institution_name: String,
    pub occupation_name: String,
    pub certificate_kind: CertificateKind,
    pub certificate_number: Option<String>,
    pub certificate_level: Option<CertificateLevel>,
    pub issued_on: Option<String>,
    pub status: CertificateStatus,
    pub score: i64,
    pub recorded_at: DateTime<Utc>,
}

/// A class's completion sheet: every enrolled worker with attendance,
/// assessment and claim.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CompletionSheet {
    pub class_id: i64,
    pub occupation_name: String,
    pub certificate_kind: CertificateKind,
    pub finished: bool,
    /// Whether the reader is the institution's staff, who records the
    /// assessments and may file claims; the bureau only reads.
    pub may_record: bool,
    /// How many workers passed the assessment and have no claim yet: the
    /// ones filing for the whole class would file for.
    pub awaiting_claims: usize,
    pub session_count: i64,
    pub entries: Vec<CompletionEntry>,
}

/// A rating as shown: a hidden comment is replaced for everyone but the
/// staff who oversee the class.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RatingView {
    pub id: i64,
    pub class_id: i64,
    pub teaching: i64,
    pub facilities: i64,
    pub usefulness: i64,
    pub comment: String,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub reply: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Until when the worker may change it.
    pub editable_until: DateTime<Utc>,
}

/// A class's ratings with their summary.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ClassRatings {
    pub class_id: i64,
    pub summary: RatingSummary,
    pub ratings: Vec<RatingView>,
}

/// One training of the worker, from enrolment to payment.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TrainingJourney {
    pub enrolment_id: i64,
    pub class_id: i64,
    pub occupation_name: String,
    pub certificate_level: CertificateLevel,
    pub institution_name: String,
    pub finished: bool,
    /// The worker may file the claim now.
    pub may_claim: bool,
    /// The worker may rate (or still change the rating of) the class.
    pub may_rate: bool,
    pub rating: Option<RatingView>,
    /// The worker's declared categories and their verification: only
    /// verified ones raise the amount.
    pub categories: Vec<CategoryStanding>,
    pub steps: Vec<TimelineStep>,
    pub claim: Option<ClaimDetail>,
    /// What to do next, when something is up to the worker.
    pub next_step: Option<String>,
    /// The employer's job offer after a class trained for its order.
    pub job_offer: Option<crate::domain::OfferView>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TimelineStep {
    pub at: Option<DateTime<Utc>>,
    pub title: String,
    pub detail: String,
    pub state: StepState,
}

/// How a timeline step stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Done,
    Current,
    Waiting,
    Failed,
}

/// The inbox with how many messages are unread.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Inbox {
    pub unread: i64,
    pub messages: Vec<Notification>,
}

/// One worker of a class at its end.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CompletionEntry {
    pub enrolment_id: i64,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub attendance_percent: i64,
    pub sessions_attended: usize,
    pub passed: Option<bool>,
    pub score: Option<i64>,
    pub certificate_number: Option<String>,
    pub certificate_status: Option<CertificateStatus>,
    pub claim_id: Option<i64>,
    pub claim_status: Option<ClaimStatus>,
}

/// A message as the inbox shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Notification {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub title: String,
    pub body: String,
    /// Where the message leads (the subsidy page).
    pub link: String,
    pub read: bool,
}
