//! What the inspection pages and the API show.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::{City, InspectionMode, InspectionResult, InspectionStatus, PhotoType};

/// One process inspection of a class session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct InspectionView {
    pub id: i64,
    pub city: City,
    pub class_id: i64,
    pub session_id: i64,
    /// The session's place in the class's schedule, from 1.
    pub session_position: i64,
    pub session_starts_at: DateTime<Utc>,
    /// The institution or employer that runs the class.
    pub provider_name: String,
    pub occupation_name: String,
    pub status: InspectionStatus,
    pub mode: InspectionMode,
    pub scheduled_by: String,
    pub scheduled_at: DateTime<Utc>,
    /// Who recorded the findings (`null` while scheduled).
    pub inspector: Option<String>,
    pub inspected_at: Option<DateTime<Utc>>,
    /// The people the inspector counted in the room.
    pub headcount: Option<i64>,
    /// The session's check-ins, to set against the headcount.
    pub check_ins: i64,
    pub teaching_matches_plan: Option<bool>,
    pub teaching_note: String,
    pub findings: String,
    pub result: Option<InspectionResult>,
    /// The institution's answer to a 整改: what it changed.
    pub answer: String,
    pub answered_at: Option<DateTime<Utc>>,
    /// Whether the institution still owes an answer to a 整改.
    pub awaiting_answer: bool,
    /// The photos, for the bureau and its supervisors only (empty for
    /// anyone else).
    pub photos: Vec<InspectionPhotoView>,
}

/// A photo filed with an inspection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct InspectionPhotoView {
    pub id: i64,
    pub content_type: PhotoType,
    pub byte_count: i64,
    /// The SHA-256 of the file as filed, in hex.
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}

/// An institution's (or employer's) inspections in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ProviderInspections {
    pub provider_name: String,
    /// Its approved classes in scope.
    pub classes: i64,
    /// Those with at least one recorded inspection.
    pub inspected_classes: i64,
    pub passed: i64,
    pub rectify: i64,
    pub failed: i64,
    /// 整改 results not yet answered.
    pub awaiting_answer: i64,
}

/// An approved class with no recorded inspection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct UninspectedClass {
    pub class_id: i64,
    pub city: City,
    pub provider_name: String,
    pub occupation_name: String,
    pub enrolled: i64,
    pub first_session_at: Option<DateTime<Utc>>,
    pub last_session_ends_at: Option<DateTime<Utc>>,
}

/// The inspections a caller may read: of a city (or the province), by
/// class and institution, and the classes never inspected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct InspectionOverview {
    /// The area shown; `null` for the whole province or an institution's
    /// own classes.
    pub city: Option<City>,
    /// Whether the caller schedules and records inspections here.
    pub may_inspect: bool,
    pub inspections: Vec<InspectionView>,
    pub by_provider: Vec<ProviderInspections>,
    pub never_inspected: Vec<UninspectedClass>,
}

/// A session of a class, as an inspector picks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct InspectableSession {
    pub session_id: i64,
    pub position: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub check_ins: i64,
    /// Whether it has begun, so its findings can be recorded.
    pub started: bool,
}

/// A class's inspections with its sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ClassInspections {
    pub class_id: i64,
    pub city: City,
    pub provider_name: String,
    pub occupation_name: String,
    pub sessions: Vec<InspectableSession>,
    pub inspections: Vec<InspectionView>,
    /// Whether the caller schedules and records inspections of it.
    pub may_inspect: bool,
    /// Whether the caller answers its 整改 results (its provider).
    pub may_answer: bool,
}
