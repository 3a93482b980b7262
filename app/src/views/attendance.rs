//! What pages and the API show of attendance: the check-in page's
//! session, the hours ledger, risk warnings and the assurance summary.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::{City, MarkAssurance, PhoneCapability, RiskKind, SessionMode};

/// The session facts a worker sees on the check-in page.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SessionBrief {
    pub class_id: i64,
    pub session_id: i64,
    pub position: i64,
    pub session_count: i64,
    pub occupation_name: String,
    pub institution_name: String,
    pub venue: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Hours of one enrolment: offline from check-in/check-out pairs (only
/// the part inside the scheduled time counts), online as reported by an
/// approved platform (at most the session's length), and the attendance
/// rate against the schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HoursLedger {
    pub enrolment_id: i64,
    pub scheduled_minutes: i64,
    pub scheduled_online_minutes: i64,
    pub offline_minutes: i64,
    pub online_minutes: i64,
    pub attended_minutes: i64,
    /// Attended minutes that rest on a staff correction.
    pub staff_minutes: i64,
    /// Attended minutes that rest on the password fallback.
    pub password_minutes: i64,
    /// Attended minutes per hundred scheduled, rounded down.
    pub attendance_percent: i64,
    pub sessions_attended: usize,
    pub lines: Vec<LedgerLine>,
}

/// One session's line in the hours ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LedgerLine {
    pub session_id: i64,
    pub position: i64,
    pub mode: SessionMode,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub scheduled_minutes: i64,
    pub check_in: Option<DateTime<Utc>>,
    pub check_out: Option<DateTime<Utc>>,
    pub attended_minutes: i64,
    /// What the attended minutes of an in-person session rest on: the
    /// weakest of the check-in, the check-out and the roll-call answers
    /// (`None` without hours, and for online sessions, whose minutes the
    /// platform reports).
    pub assurance: Option<MarkAssurance>,
    /// The roll-calls the worker had to answer: answered, or missed once
    /// settled.
    pub roll_calls: Vec<Standing>,
    /// A roll-call was missed: the session's hours do not count.
    pub missed_roll_call: bool,
}

/// How one worker stands with one roll-call they had to answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Standing {
    pub seq: i64,
    /// How the answer was confirmed; `None` for a roll-call missed.
    pub answer: Option<MarkAssurance>,
}

/// A warning as the bureau sees it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct WarningView {
    pub id: i64,
    pub kind: RiskKind,
    pub title: String,
    pub explanation: String,
    pub city: City,
    pub class_id: i64,
    pub session_id: i64,
    pub session_position: i64,
    pub enrolment_id: Option<i64>,
    pub institution_name: String,
    pub occupation_name: String,
    pub raised_at: DateTime<Utc>,
    pub open: bool,
    pub cleared_at: Option<DateTime<Utc>>,
    pub clear_reason: String,
}

/// What a city's phones and check-ins can prove: its workers by phone
/// class, and its live check-ins and check-outs by assurance level.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AssuranceSummary {
    pub city: City,
    pub workers: Vec<WorkersOfClass>,
    pub marks: Vec<MarksOfLevel>,
}

/// How many of a city's workers have a phone of this class.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct WorkersOfClass {
    /// `None` for workers no browser has reported on yet.
    pub capability: Option<PhoneCapability>,
    pub count: i64,
}

/// How many live check-ins and check-outs were confirmed at this level.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct MarksOfLevel {
    pub assurance: MarkAssurance,
    pub count: i64,
}

/// A city's rule for workers on the password fallback, as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CityFaceRule {
    pub password_fallback: bool,
    pub changed_at: Option<DateTime<Utc>>,
    pub reason: String,
    /// Whether a provider is connected (a rule needs one to work).
    pub provider_connected: bool,
}
