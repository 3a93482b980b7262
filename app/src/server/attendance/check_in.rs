//! Confirming a scan: with a passkey, a device key or the password
//! session; the circumstances it is recorded with, the risk rules it
//! passes through and the roll-call answers made the same way.

use chrono::{DateTime, Duration, Utc};
use webauthn_rs::prelude::PublicKeyCredential;

use crate::server::{
    access::Actor,
    audit::{self, outcome, Entry},
    crypto::random_token,
    database_failure,
    db::{
        attendance::{self as store, NewAttendanceRow, SessionContext},
        classes::find_enrolment_id,
        identity::update_passkey_use,
        roll_calls::{self as roll_call_store, NewAnswerRow},
        Database, Tx,
    },
    device_keys, face_checks, internal_absence, passkeys,
    risk::{self, CheckInFacts, RollCallRef},
    roll_calls, sessions,
    throttle::{self, Subject},
    AppState,
};
use crate::{
    domain::{
        check_in_message, Assurance, ClassStatus, Coordinates, Direction, MarkAssurance,
        ReportedPosition, Role, ScanPurpose, SessionMode,
    },
    error::{AppError, CheckInProblem, Conflict, Refusal},
};

use super::scans::pending_scan;
use super::{
    brief, session_city, session_context, CheckInOutcome, CheckInResult, PendingScan,
    FAILED_CONFIRMATIONS_WARNING_AT,
};
use crate::server::request::{ConfirmationContext, DEVICE_COOKIE};

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
    circumstances: &ConfirmationContext,
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
pub(super) async fn require_same_browser(
    state: &AppState,
    actor: Option<&Actor>,
    pending: &PendingScan,
    circumstances: &ConfirmationContext,
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
    if session.class_status != ClassStatus::Approved {
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
/// now. Without a session (`caller` is `None`) the worker is signed in by
/// the same ceremony; with one, the passkey must be the session's own
/// account's.
pub async fn confirm_with_passkey(
    state: &AppState,
    caller: Option<&Actor>,
    scan_id: &str,
    credential: &PublicKeyCredential,
    circumstances: &ConfirmationContext,
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
    if caller.is_some_and(|actor| actor.user_id != proved.user_id) {
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
        // No live session came with the request, so there is none to end.
        let started = sessions::start(
            &mut tx,
            &state.security,
            &sessions::PresentedSession::none(),
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
    circumstances: &ConfirmationContext,
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
struct PositionAtVenue {
    point: Coordinates,
    accuracy_m: f64,
    distance_m: f64,
    far: bool,
}

fn position_at_venue(
    session: &SessionContext,
    position: Option<ReportedPosition>,
    radius_m: f64,
) -> Result<Option<PositionAtVenue>, AppError> {
    let Some(position) = position else {
        return Ok(None);
    };
    let (point, accuracy_m) = position.parse()?;
    let venue = Coordinates::parse(session.venue_latitude, session.venue_longitude)?;
    let distance_m = point.distance_m(&venue);
    Ok(Some(PositionAtVenue {
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
    circumstances: &'a ConfirmationContext,
    /// Microseconds, as both databases store them: a duplicate answers
    /// the same time the first scan was told.
    now: DateTime<Utc>,
}

/// Where the phone was and which browser it was, as recorded with a
/// check-in or a roll-call answer.
struct Observed {
    located: Option<PositionAtVenue>,
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
        let located = position_at_venue(session, circumstances.position, radius)?;
        Ok(Observed {
            located,
            device_hash: circumstances
                .device_id
                .as_deref()
                .map(|id| state.security.keys.token_hash(id)),
            far: located.is_some_and(|l| l.far),
            without_position: located.is_none() && session.mode == SessionMode::Offline,
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
    circumstances: &ConfirmationContext,
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
        direction,
        at: now,
        assurance: attendee.assurance,
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
                .ok_or_else(|| internal_absence("the check-in a duplicate repeats"))?;
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
        assurance: attendee.assurance,
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
            .ok_or_else(|| internal_absence("the roll-call answer a duplicate repeats"))?;
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
