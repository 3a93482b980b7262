//! What pages and the API show of classes, their sessions and enrolments.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::{CertificateLevel, City, ClaimStatus, ClassStatus, SessionMode};

/// A class as lists show it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ClassSummary {
    pub id: i64,
    pub city: City,
    /// The institution that runs the class (`null` for an employer's own
    /// training)…
    pub institution_id: Option<i64>,
    /// …or the employer that trains its own employees in it (直补企业).
    pub employer_id: Option<i64>,
    /// The name of whichever of the two runs the class.
    pub institution_name: String,
    pub course_id: i64,
    pub occupation_name: String,
    pub certificate_kind: String,
    pub certificate_level: CertificateLevel,
    pub training_type: String,
    pub capacity: i64,
    pub enrolled: i64,
    pub seats_left: i64,
    pub teacher: String,
    pub venue: String,
    pub status: ClassStatus,
    pub submitted_at: DateTime<Utc>,
    pub first_session_at: Option<DateTime<Utc>>,
    pub last_session_end: Option<DateTime<Utc>>,
    pub session_count: i64,
    /// The training order the class trains: after it, the employer hires.
    pub order_id: Option<i64>,
}

/// One planned session.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub id: i64,
    pub position: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub mode: SessionMode,
    pub minutes: i64,
    pub headcount: Option<i64>,
}

/// A class with its sessions; the history only for staff who oversee it,
/// the caller's enrolment only for a worker.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ClassDetail {
    #[serde(flatten)]
    pub summary: ClassSummary,
    pub venue_latitude: f64,
    pub venue_longitude: f64,
    pub decision_reason: String,
    pub total_minutes: i64,
    pub online_minutes: i64,
    /// The platform that reports the online sessions (`null` when none).
    pub online_platform: Option<PlatformChoice>,
    /// Every check-in, check-out and roll-call answer of the class needs
    /// a face check (set by the city's bureau).
    pub face_check_required: bool,
    pub sessions: Vec<SessionView>,
    /// The jobs the class ends in ("培训后由 X 录用：N 个岗位，月薪 A–B 元"),
    /// when it trains an employer's order.
    pub jobs: Option<crate::domain::JobPromise>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<ClassEventView>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub my_enrolment_id: Option<i64>,
}

/// A worker's enrolment.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct EnrolmentView {
    pub id: i64,
    pub class_id: i64,
    pub occupation_name: String,
    pub certificate_level: CertificateLevel,
    pub institution_name: String,
    pub enrolled_at: DateTime<Utc>,
}

/// What a worker is told before enrolling: subsidies already claimed or
/// received for this occupation and level (one per occupation per level,
/// ever), and other classes of the same kind they enrolled in.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct EnrolmentNotice {
    pub occupation_name: String,
    pub certificate_level: CertificateLevel,
    pub prior_claims: Vec<PriorClaim>,
    pub similar_enrolments: Vec<EnrolmentView>,
    /// `false` when a claim exists: the class may still be attended, but
    /// no second subsidy will be paid.
    pub subsidy_available: bool,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PriorClaim {
    pub occupation_name: String,
    pub status: ClaimStatus,
    pub created_at: DateTime<Utc>,
}

/// One step of an application's history.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ClassEventView {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub reason: String,
}

/// The online platform a class chose.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PlatformChoice {
    pub id: i64,
    pub name: String,
}
