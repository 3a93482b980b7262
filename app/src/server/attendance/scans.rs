//! A worker's scan of a code: the code inspected, the scan started and
//! kept in a cookie until it is confirmed, the WeChat hand-off token and
//! the scan held while a face check is away.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};

use crate::server::{
    access::Actor,
    check_in_codes::{self, CheckInCode},
    crypto::random_token,
    database_failure,
    db::{
        attendance::SessionContext,
        identity::{extend_ceremony, find_ceremony},
        Database,
    },
    passkeys::{self, parse_state},
    roll_calls,
    throttle::{self, Counted},
    AppState,
};
use crate::{
    domain::{check_in_message, ClassStatus, ScanPurpose},
    error::{AppError, CheckInProblem},
};

use super::check_in::require_same_browser;
use super::codes::code_refusal;
use super::{brief, session_context, PendingScan, Scan, SCAN};
use crate::server::request::ConfirmationContext;
use crate::server::request::SCAN_COOKIE;

/// A scanned code that may be confirmed now.
pub struct InspectedCode {
    pub code: check_in_codes::CheckInCode,
    pub session: SessionContext,
    /// The roll-call a roll-call code answers.
    pub roll_call: Option<i64>,
}

/// A scanned code as the phone sends it: the code, and the hand-off token
/// when the worker brought it over from an in-app browser.
#[derive(Clone, Copy, Debug)]
pub struct Scanned<'a> {
    pub code: &'a str,
    pub handoff: Option<&'a str>,
}

impl<'a> Scanned<'a> {
    /// A code scanned straight from the classroom screen.
    pub fn code(code: &'a str) -> Self {
        Scanned {
            code,
            handoff: None,
        }
    }
}

/// The hand-off token for a code that is fresh now: an in-app browser
/// is sent on to an address carrying it, which the phone's own browser
/// can still confirm within the scan grace.
pub fn handoff_token(state: &AppState, code: &str, now: DateTime<Utc>) -> Result<String, AppError> {
    let keys = &state.security.keys;
    check_in_codes::verify(keys, code, now).map_err(code_refusal)?;
    Ok(check_in_codes::handoff_token(keys, code))
}

/// Checks a scanned code (within the scan grace when it was handed off
/// from an in-app browser) and the session's window (or, for a roll-call
/// code, that the roll-call is open), without writing.
pub async fn inspect_code(
    state: &AppState,
    scanned: Scanned<'_>,
    now: DateTime<Utc>,
) -> Result<InspectedCode, AppError> {
    let keys = &state.security.keys;
    let code = match scanned.handoff {
        None => check_in_codes::verify(keys, scanned.code, now),
        Some(token) => {
            let grace = state.attendance.scan_grace;
            check_in_codes::verify_handed_off(keys, scanned.code, token, grace, now)
        }
    }
    .map_err(code_refusal)?;
    inspect_authentic(state, code, now).await
}

/// Like [`inspect_code`] for the code of a scan whose face check the
/// worker is back from (the caller found the check to be theirs and of
/// this code): the code may have rotated meanwhile; its scan is held.
pub async fn inspect_code_after_face_check(
    state: &AppState,
    code: &str,
    now: DateTime<Utc>,
) -> Result<InspectedCode, AppError> {
    let code = check_in_codes::authentic(&state.security.keys, code).map_err(code_refusal)?;
    inspect_authentic(state, code, now).await
}

/// The session of an authentic code, and its roll-call, while open.
async fn inspect_authentic(
    state: &AppState,
    code: CheckInCode,
    now: DateTime<Utc>,
) -> Result<InspectedCode, AppError> {
    let session = session_context(&state.db, code.session_id).await?;
    if session.class_status != ClassStatus::Approved {
        return Err(AppError::CheckIn(CheckInProblem::CodeInvalid));
    }
    let roll_call = match code.purpose {
        ScanPurpose::Mark(direction) => {
            state.attendance.require_open(direction, &session, now)?;
            None
        }
        ScanPurpose::RollCall => {
            // The roll-call the code was shown for, not whichever is open
            // now: a code handed off near the close still answers its
            // own roll-call, within the grace, and never the next one.
            let shown =
                roll_calls::shown_during_step(&state.db, session.session_id, code.step).await?;
            let grace = state.attendance.scan_grace;
            let answerable = shown.filter(|roll_call| now <= roll_call.closes_at + grace);
            Some(
                answerable
                    .ok_or(AppError::CheckIn(CheckInProblem::RollCallClosed))?
                    .id,
            )
        }
    };
    Ok(InspectedCode {
        code,
        session,
        roll_call,
    })
}

/// Who asks for a scan: signed in or not, and from which address.
pub struct Scanner<'a> {
    pub signed_in: Option<&'a Actor>,
    pub address: IpAddr,
}

/// A scan and the cookie that ties it to this browser.
pub struct StartedScan {
    pub scan: Scan,
    pub set_cookie: String,
}

/// Step 1 of a check-in: a fresh scan of the screen's code. Remembers the
/// scan server-side (bound to the code's step and to this browser) with a
/// passkey challenge. Callers who are not signed in are limited per
/// address, since each scan stores state.
pub async fn scan(
    state: &AppState,
    scanned: Scanned<'_>,
    scanner: &Scanner<'_>,
    now: DateTime<Utc>,
) -> Result<StartedScan, AppError> {
    if scanner.signed_in.is_none() {
        let address = scanner.address.to_string();
        throttle::count(
            &state.db,
            &state.limits,
            Counted::AnonymousScan,
            &address,
            now,
        )
        .await?;
    }
    let InspectedCode {
        code,
        session,
        roll_call,
    } = inspect_code(state, scanned, now).await?;
    if let Some(token) = scanned.handoff {
        // A hand-off link starts one scan, on the phone it was meant for;
        // passed round a chat group it is good for nobody else.
        let key = format!("handoff:{}", state.security.keys.token_hash(token));
        let window = state.attendance.scan_grace + Duration::seconds(check_in_codes::STEP_SECONDS);
        if !throttle::first_use(&state.db, &key, window, now).await? {
            return Err(AppError::CheckIn(CheckInProblem::HandOffUsed));
        }
    }
    let (public_key, auth) = passkeys::start_discoverable(&state.security)?;
    let expires_at = check_in_codes::next_rotation(code.step) + state.attendance.scan_grace;
    let token = random_token();
    let pending = PendingScan {
        session_id: code.session_id,
        purpose: code.purpose,
        roll_call,
        step: code.step,
        browser: state.security.keys.token_hash(&token),
        auth,
        device_challenge: random_token(),
    };
    let scan = passkeys::keep_until(&state.db, SCAN, None, &pending, expires_at).await?;
    let device_challenge = check_in_message(&scan, pending.step, &pending.device_challenge);
    let max_age = (expires_at - now).num_seconds().max(1);
    Ok(StartedScan {
        scan: Scan {
            scan,
            direction: code.purpose.direction(),
            roll_call: code.purpose == ScanPurpose::RollCall,
            expires_at,
            session: brief(&session),
            public_key,
            device_challenge,
        },
        set_cookie: scan_cookie(state.security.secure_cookies, &token, max_age),
    })
}

fn scan_cookie(secure: bool, token: &str, max_age: i64) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SCAN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

pub(super) async fn pending_scan(
    db: &Database,
    scan: &str,
    now: DateTime<Utc>,
) -> Result<PendingScan, AppError> {
    let (_, json) = find_ceremony(db, scan, SCAN, now)
        .await
        .map_err(database_failure("reading a scan"))?
        .ok_or(AppError::CheckIn(CheckInProblem::ScanExpired))?;
    parse_state(&json)
}

/// How long a scan whose face check has started stays confirmable: the
/// worker is on the provider's page meanwhile, longer than a code's grace.
pub const FACE_CHECK_HOLDS_SCAN: Duration = Duration::minutes(5);

/// A scan still pending and made in this browser, held for its face
/// check ([`FACE_CHECK_HOLDS_SCAN`] from now): its session.
pub async fn hold_scan_for_face_check(
    state: &AppState,
    actor: &Actor,
    scan_id: &str,
    circumstances: &ConfirmationContext,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let pending = pending_scan(&state.db, scan_id, now).await?;
    require_same_browser(state, Some(actor), &pending, circumstances, now).await?;
    extend_ceremony(&state.db, scan_id, SCAN, now + FACE_CHECK_HOLDS_SCAN, now)
        .await
        .map_err(database_failure("holding a scan"))?;
    Ok(pending.session_id)
}
