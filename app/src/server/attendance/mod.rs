//! Attendance: the classroom screen's rotating code (`codes`), the
//! worker's scan (`scans`) confirmed with a passkey, a device key or a
//! password session (`check_in`), the institution's live roster,
//! corrections and the teacher's headcount (`roster`), approved online
//! platforms (`platforms`) and the online study they report
//! (`online_study`). The hours ledger they add up to is
//! `server::hours_ledger`.

mod check_in;
mod codes;
mod online_study;
mod platforms;
mod roster;
mod scans;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{DiscoverableAuthentication, RequestChallengeResponse};

use super::{
    classes::local_time,
    database_failure,
    db::{
        attendance::{self as store, SessionContext},
        Database,
    },
    roll_calls::RollCallPolicy,
};

use crate::views::SessionBrief;
use crate::{
    domain::{City, Direction, MarkAssurance, ScanPurpose},
    error::{AppError, CheckInProblem, Missing},
};

pub use check_in::{
    confirm_signed_in, confirm_with_passkey, new_device_cookie, Confirmed, SignedInProof,
};
pub use codes::display_code;
pub(crate) use codes::shown_code;
pub use online_study::{report_online_study, StudyReport};
pub use platforms::{
    approve_platform, list_platforms, platform_for_key, revoke_platform, PlatformView,
};
pub use roster::{
    correct, excuse_missed_roll_call, roster, session_for_staff, set_headcount, Correction, Mark,
    RollCallSummary, Roster, RosterEntry,
};
pub use scans::{
    handoff_token, hold_scan_for_face_check, inspect_code, inspect_code_after_face_check, scan,
    InspectedCode, Scanned, Scanner, StartedScan, FACE_CHECK_HOLDS_SCAN,
};

/// When scanning is open, how long a scan may take to finish, and how far
/// from the venue a check-in is flagged. Set from configuration.
#[derive(Clone, Copy, Debug)]
pub struct AttendancePolicy {
    pub check_in_opens_before_start: Duration,
    pub check_in_closes_after_start: Duration,
    pub check_out_opens_before_end: Duration,
    pub check_out_closes_after_end: Duration,
    /// A scan may be finished (e.g. after signing in) until this long
    /// after its code's step ended.
    pub scan_grace: Duration,
    pub venue_radius_m: f64,
    /// Confirmations of one code step from far away or without a position
    /// that mark the code as relayed; also the missed roll-calls of one
    /// session that are set against the headcount.
    pub relay_threshold: i64,
    /// Random roll-calls during each in-person session.
    pub roll_calls: RollCallPolicy,
}

impl Default for AttendancePolicy {
    fn default() -> Self {
        AttendancePolicy {
            check_in_opens_before_start: Duration::minutes(30),
            check_in_closes_after_start: Duration::minutes(15),
            check_out_opens_before_end: Duration::minutes(15),
            check_out_closes_after_end: Duration::minutes(30),
            scan_grace: Duration::seconds(60),
            venue_radius_m: 500.0,
            relay_threshold: 3,
            roll_calls: RollCallPolicy::default(),
        }
    }
}

impl AttendancePolicy {
    /// When scanning for `direction` opens and closes for a session.
    pub fn window(
        &self,
        direction: Direction,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    ) -> (DateTime<Utc>, DateTime<Utc>) {
        match direction {
            Direction::In => (
                starts_at - self.check_in_opens_before_start,
                starts_at + self.check_in_closes_after_start,
            ),
            Direction::Out => (
                ends_at - self.check_out_opens_before_end,
                ends_at + self.check_out_closes_after_end,
            ),
        }
    }

    /// The part of a session between check-in closing and check-out
    /// opening, when random roll-calls fall.
    pub fn quiet_middle(
        &self,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    ) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            starts_at + self.check_in_closes_after_start,
            ends_at - self.check_out_opens_before_end,
        )
    }

    fn require_open(
        &self,
        direction: Direction,
        session: &SessionContext,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let (opens, closes) = self.window(direction, session.starts_at, session.ends_at);
        if (opens..=closes).contains(&now) {
            Ok(())
        } else {
            Err(AppError::CheckIn(CheckInProblem::OutsideWindow {
                opens: local_time(opens),
                closes: local_time(closes),
            }))
        }
    }
}

/// What a worker sees of a session.
pub fn brief(session: &SessionContext) -> SessionBrief {
    SessionBrief {
        class_id: session.class_id,
        session_id: session.session_id,
        position: session.position,
        session_count: session.session_count,
        occupation_name: session.occupation_name.clone(),
        institution_name: session.institution_name.clone(),
        venue: session.venue.clone(),
        starts_at: session.starts_at,
        ends_at: session.ends_at,
    }
}

/// What the classroom screen shows now.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DisplayedCode {
    pub direction: Direction,
    /// A roll-call open now: the screen shows its code instead of the
    /// check-in or check-out code until it closes.
    pub roll_call: Option<RollCallShown>,
    pub url: String,
    /// The QR code of `url`, as an SVG document.
    pub svg: String,
    /// When the screen should fetch the next code.
    pub next_rotation: DateTime<Utc>,
    pub window_opens: DateTime<Utc>,
    pub window_closes: DateTime<Utc>,
    pub open_now: bool,
    pub session: SessionBrief,
}

/// The roll-call a screen shows.
#[derive(Clone, Copy, Debug, Serialize, utoipa::ToSchema)]
pub struct RollCallShown {
    pub seq: i64,
    pub closes_at: DateTime<Utc>,
}

/// A scan waiting for its confirmation, remembered server-side with the
/// step of the scanned code (so it cannot outlive that code by more than
/// the grace period) and the browser that made it.
#[derive(Serialize, Deserialize)]
struct PendingScan {
    session_id: i64,
    purpose: ScanPurpose,
    /// The roll-call answered, for a roll-call code.
    roll_call: Option<i64>,
    step: i64,
    /// Keyed hash of the random token the scanning browser keeps in an
    /// HttpOnly cookie: only that browser can confirm the scan, so a scan
    /// cannot be handed on to someone elsewhere.
    browser: String,
    auth: DiscoverableAuthentication,
    /// What a device key signs to confirm this scan (with the scan and
    /// the code's step, see [`check_in_message`]).
    #[serde(default)]
    device_challenge: String,
}

/// Failed confirmations of one session that raise a risk warning.
pub const FAILED_CONFIRMATIONS_WARNING_AT: i64 = 3;

const SCAN: &str = "check_in";

/// A scan the worker can now confirm.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Scan {
    pub scan: String,
    /// `in` for a roll-call (the worker confirms they are still there).
    pub direction: Direction,
    /// Whether the code was a roll-call's.
    pub roll_call: bool,
    pub expires_at: DateTime<Utc>,
    pub session: SessionBrief,
    /// The WebAuthn challenge; the ceremony is bound to this scan.
    #[serde(rename = "publicKey")]
    #[schema(value_type = Object)]
    pub public_key: RequestChallengeResponse,
    /// The text a device key signs to confirm this scan.
    pub device_challenge: String,
}

/// How a check-in ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckInResult {
    Recorded,
    /// Already recorded earlier: nothing new was written.
    Duplicate,
}

/// What the worker is told after confirming.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CheckInOutcome {
    pub result: CheckInResult,
    /// `in` for a roll-call (the worker confirms they are still there).
    pub direction: Direction,
    /// The roll-call answered (its number in the session), if that is
    /// what this was.
    pub roll_call: Option<i64>,
    pub at: DateTime<Utc>,
    pub assurance: MarkAssurance,
    pub far_from_venue: bool,
    /// The phone sent no position (flagged: every class has a venue).
    pub without_position: bool,
    pub session: SessionBrief,
}

async fn session_context(db: &Database, session_id: i64) -> Result<SessionContext, AppError> {
    store::find_session_context(db, session_id)
        .await
        .map_err(database_failure("reading a session"))?
        .ok_or(AppError::NotFound(Missing::Session))
}

fn session_city(session: &SessionContext) -> Result<City, AppError> {
    Ok(session.city_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("a valid time")
    }

    #[test]
    fn the_check_in_window_opens_before_the_start_and_check_out_around_the_end() {
        let policy = AttendancePolicy::default();
        let (starts, ends) = (at("2026-12-01T01:00:00Z"), at("2026-12-01T04:00:00Z"));
        assert_eq!(
            policy.window(Direction::In, starts, ends),
            (at("2026-12-01T00:30:00Z"), at("2026-12-01T01:15:00Z"))
        );
        assert_eq!(
            policy.window(Direction::Out, starts, ends),
            (at("2026-12-01T03:45:00Z"), at("2026-12-01T04:30:00Z"))
        );
    }
}
