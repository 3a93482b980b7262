//! Attendance: the classroom screen's rotating code, the worker's scan
//! confirmed with a passkey (or, marked lower assurance, a password
//! session), the institution's live roster and corrections, the
//! teacher's headcount, online study reported by approved platforms, and
//! the hours ledger of each enrolment.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use http::HeaderMap;
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{
    DiscoverableAuthentication, PublicKeyCredential, RequestChallengeResponse,
};

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    check_in_codes::{self, CheckInCode, CodeProblem},
    classes::{local_time, session_view, SessionView},
    crypto::random_token,
    database_failure,
    db::{
        attendance::{self as store, AttendanceRow, NewAttendanceRow, PlatformRow, SessionContext},
        classes::{find_enrolment, find_enrolment_id, list_class_enrolments, list_sessions},
        identity::{extend_ceremony, find_ceremony, update_passkey_use},
        roll_calls::{self as roll_call_store, NewAnswerRow, RollCallRow},
        Database, Tx,
    },
    device_keys, face_checks, internal_fault,
    passkeys::{self, parse_state},
    request::cookie,
    risk::{self, CheckInFacts, RollCallRef},
    roll_calls::{self, RollCallPolicy, Standing},
    sessions,
    throttle::{self, Counted, Subject},
    AppState,
};
use crate::{
    domain::{
        check_in_message, Assurance, CalendarDate, City, ClassStatus, Coordinates, Direction,
        Field, IdNumber, InputError, MarkAssurance, Reason, ReportedPosition, Role, ScanPurpose,
        SessionMode,
    },
    error::{AppError, CheckInProblem, Conflict, Missing, Refusal},
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

/// The session facts a worker sees on the check-in page.
#[derive(Clone, Debug, Serialize)]
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
#[derive(Clone, Debug, Serialize)]
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
#[derive(Clone, Copy, Debug, Serialize)]
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

/// The cookie that ties a scan to the browser that made it.
pub const SCAN_COOKIE: &str = "sp_scan";

/// Failed confirmations of one session that raise a risk warning.
pub const FAILED_CONFIRMATIONS_WARNING_AT: i64 = 3;

const SCAN: &str = "check_in";

/// A scan the worker can now confirm.
#[derive(Clone, Debug, Serialize)]
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
    pub public_key: RequestChallengeResponse,
    /// The text a device key signs to confirm this scan.
    pub device_challenge: String,
}

/// How a check-in ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckInResult {
    Recorded,
    /// Already recorded earlier: nothing new was written.
    Duplicate,
}

/// What the worker is told after confirming.
#[derive(Clone, Debug, Serialize)]
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
    City::parse(&session.city_code).map_err(internal_fault)
}

/// The code the classroom screen of a session shows now (staff of the
/// class's institution only). Computing it writes nothing.
pub async fn display_code(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    direction: Direction,
    now: DateTime<Utc>,
) -> Result<DisplayedCode, AppError> {
    let session = session_context(&state.db, session_id).await?;
    let city = session_city(&session)?;
    if !actor.may_run_class(city, session.institution_id) {
        return Err(audit::refuse(&state.db, actor, &format!("session:{session_id}"), now).await);
    }
    if session.class_status != ClassStatus::Approved.code() {
        return Err(AppError::Conflict(Conflict::ClassNotOpen));
    }
    shown_code(state, &session, direction, now).await
}

/// The code a screen of `session` shows at `now`, once the caller was
/// allowed to see it (staff, or a display link): the roll-call's while
/// one is open, otherwise the one for `direction`. Computing it writes
/// nothing.
pub(crate) async fn shown_code(
    state: &AppState,
    session: &SessionContext,
    direction: Direction,
    now: DateTime<Utc>,
) -> Result<DisplayedCode, AppError> {
    let session_id = session.session_id;
    let roll_call = roll_calls::open_now(&state.db, session_id, now)
        .await?
        .map(|open| RollCallShown {
            seq: open.seq,
            closes_at: open.closes_at,
        });
    let purpose = match roll_call {
        Some(_) => ScanPurpose::RollCall,
        None => ScanPurpose::Mark(direction),
    };
    let code = check_in_codes::issue(&state.security.keys, session_id, purpose, now);
    let url = format!("{}/c/{code}", state.security.public_origin);
    let (window_opens, window_closes) =
        state
            .attendance
            .window(direction, session.starts_at, session.ends_at);
    Ok(DisplayedCode {
        direction,
        roll_call,
        svg: qr_svg(&url)?,
        url,
        next_rotation: check_in_codes::next_rotation(check_in_codes::step_at(now)),
        window_opens,
        window_closes,
        open_now: (window_opens..=window_closes).contains(&now),
        session: brief(session),
    })
}

fn qr_svg(url: &str) -> Result<String, AppError> {
    use qrcode::{render::svg, EcLevel, QrCode};
    let code =
        QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).map_err(|error| {
            tracing::error!(%error, "encoding a QR code");
            AppError::Internal
        })?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(320, 320)
        .quiet_zone(true)
        .build())
}

fn code_refusal(problem: CodeProblem) -> AppError {
    match problem {
        CodeProblem::Expired => AppError::CheckIn(CheckInProblem::CodeExpired),
        CodeProblem::Malformed | CodeProblem::Tampered | CodeProblem::FromTheFuture => {
            AppError::CheckIn(CheckInProblem::CodeInvalid)
        }
    }
}

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
    if session.class_status != ClassStatus::Approved.code() {
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

/// The scan token a request carries, if any.
pub fn scan_token(headers: &HeaderMap) -> Option<String> {
    random_token_cookie(headers, SCAN_COOKIE)
}

/// A cookie holding one of our random tokens (64 hex digits), if the
/// request carries a well-formed one.
fn random_token_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie(headers, name)
        .filter(|value| value.len() == 64 && value.chars().all(|c| c.is_ascii_hexdigit()))
        .map(str::to_owned)
}

async fn pending_scan(
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
    circumstances: &Circumstances,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let pending = pending_scan(&state.db, scan_id, now).await?;
    require_same_browser(state, Some(actor), &pending, circumstances, now).await?;
    extend_ceremony(&state.db, scan_id, SCAN, now + FACE_CHECK_HOLDS_SCAN, now)
        .await
        .map_err(database_failure("holding a scan"))?;
    Ok(pending.session_id)
}

/// What comes with a confirmation: the phone's position (optional), its
/// browser id and scan token (cookies), and its network address.
#[derive(Clone, Debug)]
pub struct Circumstances {
    pub position: Option<ReportedPosition>,
    /// A random id this browser keeps in a cookie; only a keyed hash is
    /// stored.
    pub device_id: Option<String>,
    /// The token of [`SCAN_COOKIE`].
    pub scan_token: Option<String>,
    pub address: IpAddr,
}

impl Circumstances {
    /// The circumstances of a confirmation sent with `headers` (the
    /// browser's device and scan cookies) from `address`.
    pub fn of_request(
        headers: &HeaderMap,
        address: IpAddr,
        position: Option<ReportedPosition>,
    ) -> Circumstances {
        Circumstances {
            position,
            device_id: device_id(headers),
            scan_token: scan_token(headers),
            address,
        }
    }
}

/// Name of the cookie that tells one phone (browser) from another.
pub const DEVICE_COOKIE: &str = "sp_device";

/// The device id of a request, if it carries one.
pub fn device_id(headers: &HeaderMap) -> Option<String> {
    random_token_cookie(headers, DEVICE_COOKIE)
}

/// A `Set-Cookie` for a new device id (one year).
pub fn new_device_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{DEVICE_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}",
        random_token()
    )
}

/// Who confirmed, how, and which code step they confirmed.
struct Attendee<'a> {
    worker_id: &'a str,
    assurance: MarkAssurance,
    credential_id: Option<&'a str>,
    step: i64,
}

/// A confirmed check-in and, when the confirmation also signed the
/// worker in, the session cookie to set.
pub struct Confirmed {
    pub outcome: CheckInOutcome,
    pub set_cookie: Option<String>,
}

/// Why a confirmation failed, as the audit trail records it.
#[derive(Clone, Copy)]
enum FailedBecause {
    OtherBrowser,
    PasskeyRefused,
    PasskeyRequired,
    DeviceKeyRequired,
    DeviceKeyRefused,
}

impl FailedBecause {
    const fn code(self) -> &'static str {
        match self {
            FailedBecause::OtherBrowser => "scan made in another browser",
            FailedBecause::PasskeyRefused => "passkey refused",
            FailedBecause::PasskeyRequired => "password used by an account with a passkey",
            FailedBecause::DeviceKeyRequired => "password used by an account with a device key",
            FailedBecause::DeviceKeyRefused => "device key signature refused",
        }
    }
}

/// Records a failed confirmation in the audit trail with the client's
/// address, slows the address down, and raises a risk warning on the
/// session once failures repeat.
async fn failed_confirmation(
    state: &AppState,
    actor: Option<&Actor>,
    pending: &PendingScan,
    circumstances: &Circumstances,
    because: FailedBecause,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let session = session_context(&state.db, pending.session_id).await?;
    let target = format!("session:{}", pending.session_id);
    let entry = Entry {
        actor,
        action: "attendance.confirm",
        target: &target,
        outcome: outcome::FAILED,
        reason: because.code(),
        city: session_city(&session).ok(),
    };
    audit::record_from(&state.db, &entry, Some(circumstances.address), now).await?;
    let per_session = Subject::named(
        format!("confirm-failures:{}", pending.session_id),
        i64::MAX,
        Duration::zero(),
    );
    let from_address = Subject::address(&state.limits, circumstances.address);
    let counted = throttle::reserve(&state.db, vec![per_session, from_address], now).await?;
    let failures = counted.failures.first().copied().unwrap_or_default();
    if failures >= FAILED_CONFIRMATIONS_WARNING_AT {
        let failed = || database_failure("raising a failed-confirmation warning");
        let mut tx = state.db.begin().await.map_err(failed())?;
        risk::after_failed_confirmations(&mut tx, &session, failures, now).await?;
        tx.commit().await.map_err(failed())?;
    }
    Ok(())
}

/// Refuses a confirmation from another browser than the scan's.
async fn require_same_browser(
    state: &AppState,
    actor: Option<&Actor>,
    pending: &PendingScan,
    circumstances: &Circumstances,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let presented = circumstances
        .scan_token
        .as_deref()
        .map(|token| state.security.keys.token_hash(token));
    if presented.as_deref() == Some(pending.browser.as_str()) {
        return Ok(());
    }
    failed_confirmation(
        state,
        actor,
        pending,
        circumstances,
        FailedBecause::OtherBrowser,
        now,
    )
    .await?;
    Err(AppError::CheckIn(CheckInProblem::OtherBrowser))
}

/// The session as it is now, refused when its class is no longer approved
/// or the scan's window (or roll-call, with the scan grace) has closed
/// since the scan.
async fn still_open(
    state: &AppState,
    pending: &PendingScan,
    now: DateTime<Utc>,
) -> Result<SessionContext, AppError> {
    let session = session_context(&state.db, pending.session_id).await?;
    if session.class_status != ClassStatus::Approved.code() {
        return Err(AppError::Conflict(Conflict::ClassNotOpen));
    }
    match (pending.purpose, pending.roll_call) {
        (ScanPurpose::Mark(direction), _) => {
            state.attendance.require_open(direction, &session, now)?;
        }
        (ScanPurpose::RollCall, Some(id)) => {
            let roll_call = roll_calls::find(&state.db, id).await?;
            if roll_call.is_none_or(|rc| now > rc.closes_at + state.attendance.scan_grace) {
                return Err(AppError::CheckIn(CheckInProblem::RollCallClosed));
            }
        }
        (ScanPurpose::RollCall, None) => {
            return Err(AppError::CheckIn(CheckInProblem::RollCallClosed))
        }
    }
    Ok(session)
}

/// Step 2 with a passkey: one ceremony proves this person, this scan,
/// now. Without a session the worker is signed in by the same ceremony;
/// with one, the passkey must be the session's own account's.
pub async fn confirm_with_passkey(
    state: &AppState,
    headers: &HeaderMap,
    scan_id: &str,
    credential: &PublicKeyCredential,
    circumstances: &Circumstances,
    now: DateTime<Utc>,
) -> Result<Confirmed, AppError> {
    let pending = pending_scan(&state.db, scan_id, now).await?;
    require_same_browser(state, None, &pending, circumstances, now).await?;
    let step = pending.step;
    let proved = match passkeys::verify_discoverable(
        &state.db,
        &state.security,
        pending.auth.clone(),
        credential,
    )
    .await
    {
        Ok(proved) => proved,
        Err(error @ AppError::Refused(Refusal::SignInFailed)) => {
            let because = FailedBecause::PasskeyRefused;
            failed_confirmation(state, None, &pending, circumstances, because, now).await?;
            return Err(error);
        }
        Err(error) => return Err(error),
    };
    let caller = sessions::current_actor(&state.db, headers, now).await?;
    if caller
        .as_ref()
        .is_some_and(|actor| actor.user_id != proved.user_id)
    {
        return Err(AppError::CheckIn(CheckInProblem::OtherPerson));
    }
    let session = still_open(state, &pending, now).await?;
    let enrolment_id = enrolment_of(&state.db, &session, &proved.user_id).await?;
    let passkey = MarkAssurance::Passkey;
    face_checks::require_passed(state, session.session_id, scan_id, &proved.user_id, passkey)
        .await?;
    let failed = || database_failure("recording a check-in");
    let mut tx = state.db.begin().await.map_err(failed())?;
    passkeys::spend_authentication(&mut tx, scan_id)
        .await
        .map_err(|_| AppError::CheckIn(CheckInProblem::ScanExpired))?;
    update_passkey_use(
        &mut tx,
        &proved.credential_id,
        proved.updated_passkey.as_deref(),
        now,
    )
    .await
    .map_err(failed())?;
    let attendee = Attendee {
        worker_id: &proved.user_id,
        assurance: MarkAssurance::Passkey,
        credential_id: Some(&proved.credential_id),
        step,
    };
    let outcome = record(
        state,
        &mut tx,
        &session,
        &pending,
        enrolment_id,
        &attendee,
        circumstances,
        now,
    )
    .await?;
    let set_cookie = if caller.is_none() {
        let started = sessions::start(
            &mut tx,
            &state.security,
            headers,
            &proved.user_id,
            Assurance::Passkey,
            now,
        )
        .await?;
        let target = format!("user:{}", proved.user_id);
        let entry = Entry {
            actor: None,
            action: "session.sign_in",
            target: &target,
            outcome: outcome::DONE,
            reason: "passkey (check-in)",
            city: session_city(&session).ok(),
        };
        audit::record_in_from(&mut tx, &entry, Some(circumstances.address), now).await?;
        Some(started.set_cookie)
    } else {
        None
    };
    tx.commit().await.map_err(failed())?;
    Ok(Confirmed {
        outcome,
        set_cookie,
    })
}

/// How a signed-in worker without a passkey confirms a scan.
#[derive(Clone, Copy, Debug)]
pub enum SignedInProof<'a> {
    /// Only the signed-in session (the password fallback): the weakest
    /// level a worker can reach alone.
    Session,
    /// The device key's signature (base64url) of the scan's challenge.
    DeviceKey { signature: &'a str },
}

impl<'a> SignedInProof<'a> {
    /// The proof a request brings: the device key's signature when it
    /// sends one, otherwise the session alone.
    pub fn from_signature(signature: Option<&'a str>) -> Self {
        match signature {
            Some(signature) => SignedInProof::DeviceKey { signature },
            None => SignedInProof::Session,
        }
    }
}

/// Step 2 without a passkey, for a signed-in worker who has none: with
/// the device key when they set one up (and then only with it), otherwise
/// with the session alone, marked lower assurance. A worker who has a
/// passkey must confirm with it.
pub async fn confirm_signed_in(
    state: &AppState,
    actor: &Actor,
    scan_id: &str,
    proof: SignedInProof<'_>,
    circumstances: &Circumstances,
    now: DateTime<Utc>,
) -> Result<CheckInOutcome, AppError> {
    if actor.role != Role::Worker {
        return Err(AppError::Refused(Refusal::OutOfScope));
    }
    let pending = pending_scan(&state.db, scan_id, now).await?;
    require_same_browser(state, Some(actor), &pending, circumstances, now).await?;
    if !passkeys::passkeys_of(&state.db, &actor.user_id)
        .await?
        .is_empty()
    {
        let because = FailedBecause::PasskeyRequired;
        failed_confirmation(state, Some(actor), &pending, circumstances, because, now).await?;
        return Err(AppError::CheckIn(CheckInProblem::PasskeyRequired));
    }
    let (assurance, key_fingerprint) =
        match proven_assurance(state, actor, scan_id, &pending, proof).await? {
            Ok(proven) => proven,
            Err(because) => {
                failed_confirmation(state, Some(actor), &pending, circumstances, because, now)
                    .await?;
                return Err(AppError::CheckIn(match because {
                    FailedBecause::DeviceKeyRequired => CheckInProblem::DeviceKeyRequired,
                    _ => CheckInProblem::DeviceKeyRefused,
                }));
            }
        };
    let session = still_open(state, &pending, now).await?;
    let enrolment_id = enrolment_of(&state.db, &session, &actor.user_id).await?;
    face_checks::require_passed(
        state,
        session.session_id,
        scan_id,
        &actor.user_id,
        assurance,
    )
    .await?;
    let failed = || database_failure("recording a check-in");
    let mut tx = state.db.begin().await.map_err(failed())?;
    passkeys::spend_authentication(&mut tx, scan_id)
        .await
        .map_err(|_| AppError::CheckIn(CheckInProblem::ScanExpired))?;
    if assurance == MarkAssurance::DeviceKey {
        device_keys::note_use(&mut tx, &actor.user_id, now).await?;
    }
    let attendee = Attendee {
        worker_id: &actor.user_id,
        assurance,
        credential_id: key_fingerprint.as_deref(),
        step: pending.step,
    };
    let outcome = record(
        state,
        &mut tx,
        &session,
        &pending,
        enrolment_id,
        &attendee,
        circumstances,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    Ok(outcome)
}

/// The level a confirmation proves (with the device key's fingerprint,
/// recorded with the check-in like a passkey's credential id), or why it
/// proves nothing: a worker with a device key must sign with it, and the
/// signature must be of this scan's challenge with this worker's key. A
/// worker without one confirms at password level, whatever the phone
/// sends.
async fn proven_assurance(
    state: &AppState,
    actor: &Actor,
    scan_id: &str,
    pending: &PendingScan,
    proof: SignedInProof<'_>,
) -> Result<Result<(MarkAssurance, Option<String>), FailedBecause>, AppError> {
    let key = device_keys::key_of(state, &actor.user_id).await?;
    Ok(match (key, proof) {
        (None, SignedInProof::Session) => Ok((MarkAssurance::Password, None)),
        (Some(_), SignedInProof::Session) => Err(FailedBecause::DeviceKeyRequired),
        (Some(key), SignedInProof::DeviceKey { signature }) => {
            let message = check_in_message(scan_id, pending.step, &pending.device_challenge);
            if !pending.device_challenge.is_empty() && key.signed(&message, signature) {
                Ok((MarkAssurance::DeviceKey, Some(key.fingerprint())))
            } else {
                Err(FailedBecause::DeviceKeyRefused)
            }
        }
        // A phone may hold a key of another account (a shared phone) or
        // one a recovery removed: without a key of its own, the account
        // confirms at password level.
        (None, SignedInProof::DeviceKey { .. }) => Ok((MarkAssurance::Password, None)),
    })
}

async fn enrolment_of(
    db: &Database,
    session: &SessionContext,
    worker_id: &str,
) -> Result<i64, AppError> {
    find_enrolment_id(db, session.class_id, worker_id)
        .await
        .map_err(database_failure("finding an enrolment"))?
        .ok_or(AppError::CheckIn(CheckInProblem::NotEnrolled))
}

/// Where the phone was, how far from the venue, and whether that is
/// beyond the allowed radius (allowing for the reported accuracy).
#[derive(Clone, Copy)]
struct Located {
    point: Coordinates,
    accuracy_m: f64,
    distance_m: f64,
    far: bool,
}

fn locate(
    session: &SessionContext,
    position: Option<ReportedPosition>,
    radius_m: f64,
) -> Result<Option<Located>, AppError> {
    let Some(position) = position else {
        return Ok(None);
    };
    let (point, accuracy_m) = position.parse()?;
    let venue = Coordinates::parse(session.venue_latitude, session.venue_longitude)?;
    let distance_m = point.distance_m(&venue);
    Ok(Some(Located {
        point,
        accuracy_m,
        distance_m,
        far: distance_m - accuracy_m.min(radius_m) > radius_m,
    }))
}

/// One confirmed scan, ready to be written.
struct Confirmation<'a> {
    session: &'a SessionContext,
    enrolment_id: i64,
    attendee: &'a Attendee<'a>,
    circumstances: &'a Circumstances,
    /// Microseconds, as both databases store them: a duplicate answers
    /// the same time the first scan was told.
    now: DateTime<Utc>,
}

/// Where the phone was and which browser it was, as recorded with a
/// check-in or a roll-call answer.
struct Observed {
    located: Option<Located>,
    device_hash: Option<String>,
    far: bool,
    /// Every class has a venue: an in-person mark without a position is
    /// flagged, and counts towards a relayed code.
    without_position: bool,
}

impl Observed {
    fn of(state: &AppState, confirmation: &Confirmation<'_>) -> Result<Observed, AppError> {
        let radius = state.attendance.venue_radius_m;
        let session = confirmation.session;
        let circumstances = confirmation.circumstances;
        let located = locate(session, circumstances.position, radius)?;
        Ok(Observed {
            located,
            device_hash: circumstances
                .device_id
                .as_deref()
                .map(|id| state.security.keys.token_hash(id)),
            far: located.is_some_and(|l| l.far),
            without_position: located.is_none() && session.mode == SessionMode::Offline.code(),
        })
    }

    /// How the audit trail describes it: `passkey far-from-venue`.
    fn described(&self, assurance: MarkAssurance) -> String {
        format!(
            "{}{}{}",
            assurance.code(),
            if self.far { " far-from-venue" } else { "" },
            if self.without_position {
                " without-position"
            } else {
                ""
            },
        )
    }

    fn outcome(
        &self,
        confirmation: &Confirmation<'_>,
        direction: Direction,
        roll_call: Option<i64>,
        (result, at): (CheckInResult, DateTime<Utc>),
    ) -> CheckInOutcome {
        CheckInOutcome {
            result,
            direction,
            roll_call,
            at,
            assurance: confirmation.attendee.assurance,
            far_from_venue: self.far,
            without_position: self.without_position,
            session: brief(confirmation.session),
        }
    }
}

/// Writes a confirmed scan in `tx`: a check-in or check-out, or an answer
/// to a roll-call.
#[allow(clippy::too_many_arguments)]
async fn record(
    state: &AppState,
    tx: &mut Tx,
    session: &SessionContext,
    pending: &PendingScan,
    enrolment_id: i64,
    attendee: &Attendee<'_>,
    circumstances: &Circumstances,
    now: DateTime<Utc>,
) -> Result<CheckInOutcome, AppError> {
    let confirmation = Confirmation {
        session,
        enrolment_id,
        attendee,
        circumstances,
        now: chrono::SubsecRound::trunc_subsecs(now, 6),
    };
    match (pending.purpose, pending.roll_call) {
        (ScanPurpose::Mark(direction), _) => record_mark(state, tx, direction, &confirmation).await,
        (ScanPurpose::RollCall, Some(roll_call)) => {
            record_answer(state, tx, roll_call, &confirmation).await
        }
        (ScanPurpose::RollCall, None) => Err(AppError::CheckIn(CheckInProblem::RollCallClosed)),
    }
}

/// Writes one check-in or check-out in `tx` (or finds the one already
/// there), runs the risk rules, draws the session's roll-calls with its
/// first check-in and records it in the audit trail.
async fn record_mark(
    state: &AppState,
    tx: &mut Tx,
    direction: Direction,
    confirmation: &Confirmation<'_>,
) -> Result<CheckInOutcome, AppError> {
    let failed = || database_failure("recording a check-in");
    let Confirmation {
        session,
        enrolment_id,
        attendee,
        now,
        ..
    } = *confirmation;
    let observed = Observed::of(state, confirmation)?;
    if direction == Direction::Out && !checked_in(tx, session, enrolment_id).await? {
        return Err(AppError::CheckIn(CheckInProblem::NotCheckedIn));
    }
    let located = observed.located;
    let row = NewAttendanceRow {
        session_id: session.session_id,
        enrolment_id,
        worker_id: attendee.worker_id,
        direction: direction.code(),
        at: now,
        assurance: attendee.assurance.code(),
        credential_id: attendee.credential_id,
        device_hash: observed.device_hash.as_deref(),
        latitude: located.map(|l| l.point.latitude),
        longitude: located.map(|l| l.point.longitude),
        accuracy_m: located.map(|l| l.accuracy_m),
        distance_m: located.map(|l| l.distance_m),
        far_from_venue: observed.far,
        without_position: observed.without_position,
        code_step: Some(attendee.step),
        recorded_by: None,
        reason: "",
    };
    if store::insert_attendance(tx, &row)
        .await
        .map_err(failed())?
        .is_none()
    {
        let (_, at) =
            store::find_live_attendance_at(tx, session.session_id, enrolment_id, direction.code())
                .await
                .map_err(failed())?
                .ok_or(AppError::Internal)?;
        let duplicate = (CheckInResult::Duplicate, at);
        return Ok(observed.outcome(confirmation, direction, None, duplicate));
    }
    let facts = CheckInFacts {
        session,
        enrolment_id,
        worker_id: attendee.worker_id,
        direction,
        step: Some(attendee.step),
        device_hash: observed.device_hash.as_deref(),
        distance_m: located.map(|l| l.distance_m),
        accuracy_m: located.map(|l| l.accuracy_m),
        far_from_venue: observed.far,
        without_position: observed.without_position,
        radius_m: state.attendance.venue_radius_m,
        relay_threshold: state.attendance.relay_threshold,
        roll_call: None,
    };
    risk::after_check_in(tx, &facts, now).await?;
    if direction == Direction::In {
        roll_calls::draw(tx, state, session, now).await?;
    }
    let target = format!("enrolment:{enrolment_id}");
    let reason = format!(
        "session:{} {}",
        session.session_id,
        observed.described(attendee.assurance)
    );
    let entry = Entry {
        actor: None,
        action: match direction {
            Direction::In => "attendance.check_in",
            Direction::Out => "attendance.check_out",
        },
        target: &target,
        outcome: outcome::DONE,
        reason: &reason,
        city: session_city(session).ok(),
    };
    let address = Some(confirmation.circumstances.address);
    audit::record_in_from(tx, &entry, address, now).await?;
    let recorded = (CheckInResult::Recorded, now);
    Ok(observed.outcome(confirmation, direction, None, recorded))
}

/// Whether the enrolment has a live check-in for the session.
async fn checked_in(
    tx: &mut Tx,
    session: &SessionContext,
    enrolment_id: i64,
) -> Result<bool, AppError> {
    store::find_live_attendance_at(tx, session.session_id, enrolment_id, "in")
        .await
        .map(|found| found.is_some())
        .map_err(database_failure("reading a check-in"))
}

/// Writes a worker's answer to a roll-call in `tx` (or finds the one
/// already there) and records it in the audit trail. Only a worker who
/// checked in answers.
async fn record_answer(
    state: &AppState,
    tx: &mut Tx,
    roll_call_id: i64,
    confirmation: &Confirmation<'_>,
) -> Result<CheckInOutcome, AppError> {
    let failed = || database_failure("recording a roll-call answer");
    let Confirmation {
        session,
        enrolment_id,
        attendee,
        now,
        ..
    } = *confirmation;
    let roll_call = roll_calls::find(&state.db, roll_call_id)
        .await?
        .ok_or(AppError::CheckIn(CheckInProblem::RollCallClosed))?;
    let observed = Observed::of(state, confirmation)?;
    if !checked_in(tx, session, enrolment_id).await? {
        return Err(AppError::CheckIn(CheckInProblem::RollCallNotCheckedIn));
    }
    let answer = NewAnswerRow {
        roll_call_id,
        enrolment_id,
        worker_id: attendee.worker_id,
        at: now,
        assurance: attendee.assurance.code(),
        device_hash: observed.device_hash.as_deref(),
        distance_m: observed.located.map(|l| l.distance_m),
        far_from_venue: observed.far,
        without_position: observed.without_position,
        code_step: Some(attendee.step),
        recorded_by: None,
        reason: "",
    };
    let seq = Some(roll_call.seq);
    if !roll_call_store::insert_answer(tx, &answer)
        .await
        .map_err(failed())?
    {
        let at = roll_call_store::find_answer_at(tx, roll_call_id, enrolment_id)
            .await
            .map_err(failed())?
            .ok_or(AppError::Internal)?;
        let duplicate = (CheckInResult::Duplicate, at);
        return Ok(observed.outcome(confirmation, Direction::In, seq, duplicate));
    }
    // The check-in's rules run on the answer: one phone answering for
    // several workers, an answer far away, a roll-call code relayed.
    let facts = CheckInFacts {
        session,
        enrolment_id,
        worker_id: attendee.worker_id,
        direction: Direction::In,
        step: Some(attendee.step),
        device_hash: observed.device_hash.as_deref(),
        distance_m: observed.located.map(|l| l.distance_m),
        accuracy_m: observed.located.map(|l| l.accuracy_m),
        far_from_venue: observed.far,
        without_position: observed.without_position,
        radius_m: state.attendance.venue_radius_m,
        relay_threshold: state.attendance.relay_threshold,
        roll_call: Some(RollCallRef {
            id: roll_call.id,
            seq: roll_call.seq,
        }),
    };
    risk::after_check_in(tx, &facts, now).await?;
    let target = format!("enrolment:{enrolment_id}");
    let reason = format!(
        "session:{} roll-call {} {}",
        session.session_id,
        roll_call.seq,
        observed.described(attendee.assurance)
    );
    let entry = Entry {
        actor: None,
        action: "attendance.roll_call",
        target: &target,
        outcome: outcome::DONE,
        reason: &reason,
        city: session_city(session).ok(),
    };
    let address = Some(confirmation.circumstances.address);
    audit::record_in_from(tx, &entry, address, now).await?;
    let recorded = (CheckInResult::Recorded, now);
    Ok(observed.outcome(confirmation, Direction::In, seq, recorded))
}

/// One mark on the roster.
#[derive(Clone, Debug, Serialize)]
pub struct Mark {
    pub at: DateTime<Utc>,
    pub assurance: String,
    pub far_from_venue: bool,
    pub without_position: bool,
    pub distance_m: Option<f64>,
    /// Why staff added it, for a correction.
    pub reason: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct RosterEntry {
    pub enrolment_id: i64,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub check_in: Option<Mark>,
    pub check_out: Option<Mark>,
    /// The roll-calls the worker had to answer: answered, or missed once
    /// settled.
    pub roll_calls: Vec<Standing>,
}

/// How a roll-call of the session went, once it opened.
#[derive(Clone, Debug, Serialize)]
pub struct RollCallSummary {
    pub seq: i64,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub open_now: bool,
    /// Settled: the misses are counted and warned about.
    pub settled: bool,
    pub answered: usize,
    pub missed: usize,
}

/// Who checked in and out of a session.
#[derive(Clone, Debug, Serialize)]
pub struct Roster {
    pub session: SessionBrief,
    pub enrolled: usize,
    pub checked_in: usize,
    pub checked_out: usize,
    pub headcount: Option<i64>,
    /// The roll-calls that have opened, set against the headcount.
    pub roll_calls: Vec<RollCallSummary>,
    pub entries: Vec<RosterEntry>,
}

fn mark(row: &AttendanceRow) -> Mark {
    Mark {
        at: row.at,
        assurance: row.assurance.clone(),
        far_from_venue: row.far_from_venue,
        without_position: row.without_position,
        distance_m: row.distance_m.map(f64::round),
        reason: row.reason.clone(),
    }
}

async fn overseen_session(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    run: bool,
    now: DateTime<Utc>,
) -> Result<SessionContext, AppError> {
    let session = session_context(&state.db, session_id).await?;
    let city = session_city(&session)?;
    let allowed = if run {
        actor.may_run_class(city, session.institution_id)
    } else {
        actor.may_oversee_class(city, session.institution_id)
    };
    if allowed {
        Ok(session)
    } else {
        Err(audit::refuse(&state.db, actor, &format!("session:{session_id}"), now).await)
    }
}

/// The facts of a session for the staff who oversee it, without its
/// roster.
pub async fn session_for_staff(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<SessionBrief, AppError> {
    overseen_session(state, actor, session_id, false, now)
        .await
        .map(|session| brief(&session))
}

/// The live roster of a session.
pub async fn roster(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<Roster, AppError> {
    let session = overseen_session(state, actor, session_id, false, now).await?;
    let failed = || database_failure("reading a roster");
    let enrolments = list_class_enrolments(&state.db, session.class_id)
        .await
        .map_err(failed())?;
    let marks = store::list_session_attendance(&state.db, session_id)
        .await
        .map_err(failed())?;
    // Roll-calls still to come stay secret, from staff too.
    let roll_calls: Vec<RollCallRow> =
        roll_call_store::list_session_roll_calls(&state.db, session_id)
            .await
            .map_err(failed())?
            .into_iter()
            .filter(|roll_call| roll_call.opens_at <= now)
            .collect();
    let answers = roll_call_store::list_session_answers(&state.db, session_id)
        .await
        .map_err(failed())?;
    let entries: Vec<RosterEntry> = enrolments
        .iter()
        .map(|e| {
            let own: Vec<AttendanceRow> = marks
                .iter()
                .filter(|m| m.enrolment_id == e.id)
                .cloned()
                .collect();
            let find = |direction: &str| own.iter().find(|m| m.direction == direction).map(mark);
            RosterEntry {
                enrolment_id: e.id,
                worker_name: e.worker_name.clone(),
                id_number_masked: e.id_number_masked.clone(),
                check_in: find("in"),
                check_out: find("out"),
                roll_calls: roll_calls::standings(session_id, &own, &roll_calls, &answers),
            }
        })
        .collect();
    let summaries = roll_calls
        .iter()
        .map(|roll_call| roll_call_summary(roll_call, &entries, now))
        .collect();
    Ok(Roster {
        session: brief(&session),
        enrolled: entries.len(),
        checked_in: entries.iter().filter(|e| e.check_in.is_some()).count(),
        checked_out: entries.iter().filter(|e| e.check_out.is_some()).count(),
        headcount: session.headcount,
        roll_calls: summaries,
        entries,
    })
}

fn roll_call_summary(
    roll_call: &RollCallRow,
    entries: &[RosterEntry],
    now: DateTime<Utc>,
) -> RollCallSummary {
    let standings = || {
        entries
            .iter()
            .flat_map(|entry| &entry.roll_calls)
            .filter(|standing| standing.seq == roll_call.seq)
    };
    RollCallSummary {
        seq: roll_call.seq,
        opens_at: roll_call.opens_at,
        closes_at: roll_call.closes_at,
        open_now: (roll_call.opens_at..roll_call.closes_at).contains(&now),
        settled: roll_call.settled_at.is_some(),
        answered: standings().filter(|s| s.answer.is_some()).count(),
        missed: standings().filter(|s| s.answer.is_none()).count(),
    }
}

/// A staff correction of the roster.
pub enum Correction {
    /// Records a check-in (at the session's start) or check-out (at its
    /// end) the worker could not make themselves.
    Add,
    /// Voids the live record.
    Void,
}

impl Correction {
    /// `add` or `void`, as the roster's forms name them.
    pub fn parse(action: &str) -> Result<Correction, InputError> {
        match action.trim() {
            "add" => Ok(Correction::Add),
            "void" => Ok(Correction::Void),
            other => Err(InputError::UnknownCode {
                field: Field::Reason,
                value: other.chars().take(40).collect(),
            }),
        }
    }
}

/// Corrects one worker's check-in or check-out, with a reason.
#[allow(clippy::too_many_arguments)]
pub async fn correct(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    enrolment_id: i64,
    direction: Direction,
    correction: Correction,
    reason: &Reason,
    now: DateTime<Utc>,
) -> Result<Roster, AppError> {
    let session = overseen_session(state, actor, session_id, true, now).await?;
    let failed = || database_failure("correcting attendance");
    let enrolment = find_enrolment(&state.db, enrolment_id)
        .await
        .map_err(failed())?
        .filter(|e| e.class_id == session.class_id)
        .ok_or(AppError::NotFound(Missing::Enrolment))?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    let action = match correction {
        Correction::Add => {
            let at = match direction {
                Direction::In => session.starts_at,
                Direction::Out => session.ends_at,
            };
            let row = NewAttendanceRow {
                session_id,
                enrolment_id,
                worker_id: &enrolment.worker_id,
                direction: direction.code(),
                at,
                assurance: MarkAssurance::Staff.code(),
                credential_id: None,
                device_hash: None,
                latitude: None,
                longitude: None,
                accuracy_m: None,
                distance_m: None,
                far_from_venue: false,
                without_position: false,
                code_step: None,
                recorded_by: Some(&actor.user_id),
                reason: reason.as_str(),
            };
            if store::insert_attendance(&mut tx, &row)
                .await
                .map_err(failed())?
                .is_none()
            {
                return Err(AppError::Conflict(Conflict::AlreadyRecorded));
            }
            risk::after_staff_correction(&mut tx, &session, enrolment_id, direction, actor, now)
                .await?;
            if direction == Direction::In {
                risk::check_headcount(&mut tx, &session, session.headcount, now).await?;
            }
            "attendance.correct_add"
        }
        Correction::Void => {
            if !store::void_attendance(
                &mut tx,
                session_id,
                enrolment_id,
                direction.code(),
                &actor.user_id,
                reason.as_str(),
                now,
            )
            .await
            .map_err(failed())?
            {
                return Err(AppError::NotFound(Missing::Attendance));
            }
            "attendance.correct_void"
        }
    };
    let target = format!("enrolment:{enrolment_id}");
    let why = format!(
        "session:{session_id} {}: {}",
        direction.code(),
        reason.as_str()
    );
    let entry = Entry {
        actor: Some(actor),
        action,
        target: &target,
        outcome: outcome::DONE,
        reason: &why,
        city: session_city(&session).ok(),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    roster(state, actor, session_id, now).await
}

/// Staff add the answer to a settled roll-call that a worker missed, with
/// a reason (the phone died, the worker was called out): the session's
/// hours count again. The missed-roll-call warning stays for the bureau.
#[allow(clippy::too_many_arguments)]
pub async fn excuse_missed_roll_call(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    seq: i64,
    enrolment_id: i64,
    reason: &Reason,
    now: DateTime<Utc>,
) -> Result<Roster, AppError> {
    let session = overseen_session(state, actor, session_id, true, now).await?;
    let failed = || database_failure("excusing a missed roll-call");
    let roll_call = roll_call_store::list_session_roll_calls(&state.db, session_id)
        .await
        .map_err(failed())?
        .into_iter()
        .find(|roll_call| roll_call.seq == seq && roll_call.settled_at.is_some())
        .ok_or(AppError::NotFound(Missing::RollCall))?;
    let enrolment = find_enrolment(&state.db, enrolment_id)
        .await
        .map_err(failed())?
        .filter(|e| e.class_id == session.class_id)
        .ok_or(AppError::NotFound(Missing::Enrolment))?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    let answer = NewAnswerRow {
        roll_call_id: roll_call.id,
        enrolment_id,
        worker_id: &enrolment.worker_id,
        at: roll_call.closes_at,
        assurance: MarkAssurance::Staff.code(),
        device_hash: None,
        distance_m: None,
        far_from_venue: false,
        without_position: false,
        code_step: None,
        recorded_by: Some(&actor.user_id),
        reason: reason.as_str(),
    };
    if !roll_call_store::insert_answer(&mut tx, &answer)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::AlreadyRecorded));
    }
    let target = format!("enrolment:{enrolment_id}");
    let why = format!("session:{session_id} roll-call {seq}: {}", reason.as_str());
    let entry = Entry {
        actor: Some(actor),
        action: "attendance.roll_call_excuse",
        target: &target,
        outcome: outcome::DONE,
        reason: &why,
        city: session_city(&session).ok(),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    roster(state, actor, session_id, now).await
}

/// The teacher enters how many people are in the room.
pub async fn set_headcount(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    headcount: i64,
    now: DateTime<Utc>,
) -> Result<Roster, AppError> {
    let session = overseen_session(state, actor, session_id, true, now).await?;
    let failed = || database_failure("entering a headcount");
    let mut tx = state.db.begin().await.map_err(failed())?;
    store::update_headcount(&mut tx, session_id, headcount, &actor.user_id, now)
        .await
        .map_err(failed())?;
    risk::check_headcount(&mut tx, &session, Some(headcount), now).await?;
    let target = format!("session:{session_id}");
    let reason = format!("headcount {headcount}");
    let entry = Entry {
        actor: Some(actor),
        action: "session.headcount",
        target: &target,
        outcome: outcome::DONE,
        reason: &reason,
        city: session_city(&session).ok(),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    roster(state, actor, session_id, now).await
}

/// An approved platform, with its key only when just created.
#[derive(Clone, Debug, Serialize)]
pub struct PlatformView {
    pub id: i64,
    pub name: String,
    pub city: City,
    pub created_at: DateTime<Utc>,
    /// When the bureau revoked the key (`null` while it works), and why.
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

fn platform_view(row: PlatformRow, api_key: Option<String>) -> Result<PlatformView, AppError> {
    Ok(PlatformView {
        id: row.id,
        name: row.name,
        city: City::parse(&row.city_code).map_err(internal_fault)?,
        created_at: row.created_at,
        revoked_at: row.revoked_at,
        revoke_reason: row.revoke_reason,
        api_key,
    })
}

/// A bureau approves an online-training platform of its city and gets its
/// API key, shown this once.
pub async fn approve_platform(
    state: &AppState,
    actor: &Actor,
    name: &str,
    now: DateTime<Utc>,
) -> Result<PlatformView, AppError> {
    let city = match actor.city.filter(|city| actor.may_supervise_city(*city)) {
        Some(city) => city,
        None => return Err(audit::refuse(&state.db, actor, "online-platforms", now).await),
    };
    let name = crate::domain::InstitutionName::parse(name)?;
    let api_key = format!("spk_{}", random_token());
    let failed = || database_failure("approving an online platform");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let id = store::insert_platform(
        &mut tx,
        name.as_str(),
        city.code(),
        &state.security.keys.token_hash(&api_key),
        &actor.user_id,
        now,
    )
    .await
    .map_err(failed())?;
    let target = format!("online-platform:{id}");
    let entry = Entry {
        actor: Some(actor),
        action: "platform.approve",
        target: &target,
        outcome: outcome::DONE,
        reason: name.as_str(),
        city: Some(city),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    Ok(PlatformView {
        id,
        name: name.as_str().to_owned(),
        city,
        created_at: now,
        revoked_at: None,
        revoke_reason: None,
        api_key: Some(api_key),
    })
}

/// The bureau of the platform's city revokes its key, giving the reason;
/// from then on the key is refused like an unknown one.
pub async fn revoke_platform(
    state: &AppState,
    actor: &Actor,
    platform_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<PlatformView, AppError> {
    let target = format!("online-platform:{platform_id}");
    let failed = || database_failure("revoking an online platform");
    let platform = store::find_platform(&state.db, platform_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Platform))?;
    let city = City::parse(&platform.city_code).map_err(internal_fault)?;
    if !actor.may_supervise_city(city) {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let reason = Reason::parse(reason)?;
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::revoke_platform(&mut tx, platform_id, &actor.user_id, reason.as_str(), now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::AlreadyRevoked));
    }
    let entry = Entry {
        actor: Some(actor),
        action: "platform.revoke",
        target: &target,
        outcome: outcome::DONE,
        reason: reason.as_str(),
        city: Some(city),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    let row = store::find_platform(&state.db, platform_id)
        .await
        .map_err(failed())?
        .ok_or(AppError::Internal)?;
    platform_view(row, None)
}

/// Platforms of the bureau's city (all for the province).
pub async fn list_platforms(
    state: &AppState,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<PlatformView>, AppError> {
    let scope = match actor.supervision_scope() {
        Ok(scope) => scope,
        Err(_) => return Err(audit::refuse(&state.db, actor, "online-platforms", now).await),
    };
    store::list_platforms(&state.db, scope.map(City::code))
        .await
        .map_err(database_failure("listing online platforms"))?
        .into_iter()
        .map(|row| platform_view(row, None))
        .collect()
}

/// The platform an API key belongs to, or 401 for an unknown or revoked
/// key; a refusal is audited with the address it came from (a leaked or
/// guessed key being tried shows up in the trail).
pub async fn platform_for_key(
    state: &AppState,
    api_key: &str,
    client: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<PlatformRow, AppError> {
    let found =
        store::find_platform_by_key(&state.db, &state.security.keys.token_hash(api_key.trim()))
            .await
            .map_err(database_failure("checking a platform key"))?;
    let (target, reason, city) = match found {
        Some(platform) if platform.revoked_at.is_none() => return Ok(platform),
        Some(platform) => (
            format!("online-platform:{}", platform.id),
            "revoked platform key",
            City::parse(&platform.city_code).ok(),
        ),
        None => ("online-platforms".to_owned(), "unknown platform key", None),
    };
    let entry = Entry {
        actor: None,
        action: "platform.key_refused",
        target: &target,
        outcome: outcome::REFUSED,
        reason,
        city,
    };
    audit::record_from(&state.db, &entry, client, now).await?;
    Err(AppError::Refused(Refusal::SignInFailed))
}

/// What a platform reports: a worker's study time in an online session.
/// Its `Debug` masks the ID number.
#[derive(Clone, Deserialize)]
pub struct StudyReport {
    pub session_id: i64,
    pub id_number: String,
    pub minutes: i64,
}

impl std::fmt::Debug for StudyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StudyReport")
            .field("session_id", &self.session_id)
            .field("id_number", &crate::domain::mask_id_number(&self.id_number))
            .field("minutes", &self.minutes)
            .finish()
    }
}

#[cfg(test)]
mod study_report_debug {
    use super::StudyReport;

    #[test]
    fn the_debug_form_of_a_study_report_shows_the_id_number_masked_only() {
        let report = StudyReport {
            session_id: 12,
            id_number: "11010519491231002X".into(),
            minutes: 45,
        };
        let shown = format!("{report:?}");
        assert!(!shown.contains("11010519491231002X"), "{shown}");
        assert!(shown.contains("1101**********002X"), "{shown}");
    }
}

/// Records a platform's report of online study (replacing an earlier
/// report for the same worker and session). Only online sessions of a
/// class that chose this platform, only enrolled workers, at most the
/// session's length, and only until a subsidy claim is filed for the
/// enrolment. The audit record keeps the minutes before and after.
pub async fn report_online_study(
    state: &AppState,
    platform: &PlatformRow,
    report: &StudyReport,
    now: DateTime<Utc>,
) -> Result<SessionView, AppError> {
    let session = reported_session(state, platform, report.session_id).await?;
    let scheduled = (session.ends_at - session.starts_at).num_minutes();
    if !(0..=scheduled).contains(&report.minutes) {
        return Err(AppError::Invalid(crate::domain::InputError::OutOfRange {
            field: crate::domain::Field::Minutes,
            min: 0,
            max: scheduled,
        }));
    }
    let enrolment_id = reported_enrolment(state, &session, &report.id_number, now).await?;
    let failed = || database_failure("recording online study");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let before = store::find_online_minutes(&mut tx, session.session_id, enrolment_id)
        .await
        .map_err(failed())?;
    let written = store::upsert_online_study(
        &mut tx,
        session.session_id,
        enrolment_id,
        report.minutes,
        platform.id,
        now,
    )
    .await
    .map_err(failed())?;
    if !written {
        return Err(AppError::Conflict(Conflict::StudyFrozenByClaim));
    }
    let target = format!("enrolment:{enrolment_id}");
    let reason = study_reason(session.session_id, before, report.minutes, platform);
    let entry = Entry {
        actor: None,
        action: "attendance.online_study",
        target: &target,
        outcome: outcome::DONE,
        reason: &reason,
        city: session_city(&session).ok(),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    let sessions = list_sessions(&state.db, session.class_id)
        .await
        .map_err(failed())?;
    let row = sessions
        .iter()
        .find(|s| s.id == session.session_id)
        .ok_or(AppError::Internal)?;
    session_view(row)
}

/// The online session a platform reports for, or 404 unless its class
/// (of the platform's city) chose this platform.
async fn reported_session(
    state: &AppState,
    platform: &PlatformRow,
    session_id: i64,
) -> Result<SessionContext, AppError> {
    let session = session_context(&state.db, session_id).await?;
    let chosen = store::find_session_platform(&state.db, session_id)
        .await
        .map_err(database_failure("finding a class's online platform"))?;
    if session.city_code != platform.city_code
        || session.mode != SessionMode::Online.code()
        || chosen != Some(platform.id)
    {
        return Err(AppError::NotFound(Missing::Session));
    }
    Ok(session)
}

/// The enrolment in the session's class of the worker with `id_number`.
async fn reported_enrolment(
    state: &AppState,
    session: &SessionContext,
    id_number: &str,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let number = IdNumber::parse(id_number, CalendarDate::of(now))?;
    let lookup = state.security.keys.id_number_lookup(&number);
    let failed = || database_failure("finding the reported worker");
    let worker = super::db::identity::find_user_by_id_number(&state.db, &lookup)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Enrolment))?;
    find_enrolment_id(&state.db, session.class_id, &worker.id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Enrolment))
}

/// The audit reason of a report: `session:12 None → 45 min by platform 3
/// (name)`, or `30 → 45` when it replaces an earlier report.
fn study_reason(
    session_id: i64,
    before: Option<i64>,
    after: i64,
    platform: &PlatformRow,
) -> String {
    let before = before.map_or("None".to_owned(), |minutes| minutes.to_string());
    format!(
        "session:{session_id} {before} → {after} min reported by platform {} ({})",
        platform.id, platform.name
    )
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
