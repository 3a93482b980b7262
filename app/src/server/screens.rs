//! Display links for the classroom screen. Staff who run a class copy a
//! link `/screen/{token}` that shows the rotating check-in code without
//! anyone signed in on the classroom PC, so no staff session is left
//! behind there. The token is `session-yyyymmdd-mac`: the MAC is an
//! HMAC-SHA-256 (128 bits kept) of the session id and the session's day
//! in China time under a key derived from the server secret. Like the
//! rotating codes, nothing is stored: any process checks any link. A link
//! works on its session's day only, until local midnight, and only shows
//! the code: it opens no roster and no other staff data.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use hmac::Mac;
use serde::Serialize;

use super::{
    access::Actor,
    attendance::{self, DisplayedCode},
    audit::{self, outcome, Entry},
    crypto::SecretKeys,
    database_failure,
    db::attendance::{find_session_context, SessionContext},
    AppState,
};

use crate::views::SessionBrief;
use crate::{
    domain::{china_time, City, ClassStatus, Direction},
    error::{AppError, CheckInProblem, Conflict, Missing},
};

/// The audit action of issuing a display link.
pub const LINK_ACTION: &str = "screen.link";

/// Bytes of the MAC kept in a token.
const MAC_BYTES: usize = 16;

/// A link for the classroom screen and when it stops working.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DisplayLink {
    pub url: String,
    /// Local midnight at the end of the session's day.
    pub valid_until: DateTime<Utc>,
}

/// What a verified token names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScreenPass {
    pub session_id: i64,
    /// The session's day in China time.
    pub day: NaiveDate,
}

/// Why a display link was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    /// Not a display link of ours at all.
    Malformed,
    /// Its parts were changed (or it was made without the secret).
    Tampered,
    /// Used on another day than the one it names.
    OutOfDay,
}

/// The day `at` falls on in China time (UTC+8).
pub fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china_time()).date_naive()
}

/// Local midnight at the end of `day`, when a link for that day expires.
pub fn end_of_day(day: NaiveDate) -> DateTime<Utc> {
    let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
    china_time()
        .from_local_datetime(&next.and_time(NaiveTime::MIN))
        .single()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_default()
}

fn mac(keys: &SecretKeys, session_id: i64, day: NaiveDate) -> impl Mac {
    let mut mac = keys.display_link_mac();
    mac.update(format!("screen/{session_id}/{}", day.format("%Y%m%d")).as_bytes());
    mac
}

/// The token of the display link of `session_id` for `day`.
pub fn issue_token(keys: &SecretKeys, session_id: i64, day: NaiveDate) -> String {
    let tag = mac(keys, session_id, day).finalize().into_bytes();
    format!(
        "{session_id}-{}-{}",
        day.format("%Y%m%d"),
        hex::encode(&tag[..MAC_BYTES])
    )
}

/// Checks a token against the secret and the local day at `now`.
pub fn verify_token(
    keys: &SecretKeys,
    token: &str,
    now: DateTime<Utc>,
) -> Result<ScreenPass, LinkProblem> {
    let (pass, tag) = parse(token).ok_or(LinkProblem::Malformed)?;
    let tag = hex::decode(tag).map_err(|_| LinkProblem::Malformed)?;
    if tag.len() != MAC_BYTES {
        return Err(LinkProblem::Malformed);
    }
    mac(keys, pass.session_id, pass.day)
        .verify_truncated_left(&tag)
        .map_err(|_| LinkProblem::Tampered)?;
    if local_day(now) != pass.day {
        return Err(LinkProblem::OutOfDay);
    }
    Ok(pass)
}

fn parse(token: &str) -> Option<(ScreenPass, &str)> {
    let mut parts = token.trim().splitn(3, '-');
    let session_id = parts.next()?.parse().ok().filter(|id: &i64| *id > 0)?;
    let day = NaiveDate::parse_from_str(parts.next()?, "%Y%m%d").ok()?;
    let tag = parts.next()?;
    Some((ScreenPass { session_id, day }, tag))
}

fn link_refusal(problem: LinkProblem) -> AppError {
    match problem {
        LinkProblem::OutOfDay => AppError::CheckIn(CheckInProblem::DisplayLinkExpired),
        LinkProblem::Malformed | LinkProblem::Tampered => {
            AppError::CheckIn(CheckInProblem::DisplayLinkInvalid)
        }
    }
}

async fn approved_session(state: &AppState, session_id: i64) -> Result<SessionContext, AppError> {
    let session = find_session_context(&state.db, session_id)
        .await
        .map_err(database_failure("reading a session"))?
        .ok_or(AppError::NotFound(Missing::Session))?;
    if session.class_status != ClassStatus::Approved {
        return Err(AppError::Conflict(Conflict::ClassNotOpen));
    }
    Ok(session)
}

/// Issues the display link of a session (staff who run the class only),
/// valid on the session's day until local midnight. Audited.
pub async fn issue_link(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<DisplayLink, AppError> {
    let session = approved_session(state, session_id).await?;
    let city = session.city_code;
    let target = format!("session:{session_id}");
    if !actor.may_run_class(city, session.provider()) {
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let day = local_day(session.starts_at);
    if day < local_day(now) {
        return Err(AppError::CheckIn(CheckInProblem::DisplayLinkExpired));
    }
    record_issue(state, actor, &target, city, now).await?;
    let token = issue_token(&state.security.keys, session_id, day);
    Ok(DisplayLink {
        url: format!("{}/screen/{token}", state.security.public_origin),
        valid_until: end_of_day(day),
    })
}

async fn record_issue(
    state: &AppState,
    actor: &Actor,
    target: &str,
    city: City,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("recording a display link");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let entry = Entry {
        actor: Some(actor),
        action: LINK_ACTION,
        target,
        outcome: outcome::DONE,
        reason: "display link for the classroom screen",
        city: Some(city),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())
}

/// The session a display link shows, if the link holds today. A session
/// moved to another day since the link was issued no longer matches it.
async fn session_of_link(
    state: &AppState,
    token: &str,
    now: DateTime<Utc>,
) -> Result<SessionContext, AppError> {
    let pass = verify_token(&state.security.keys, token, now).map_err(link_refusal)?;
    let session = approved_session(state, pass.session_id).await?;
    if local_day(session.starts_at) != pass.day {
        return Err(link_refusal(LinkProblem::OutOfDay));
    }
    Ok(session)
}

/// What the display page shows about its session: the same facts a
/// worker's check-in page shows, nothing about people.
pub async fn screen_session(
    state: &AppState,
    token: &str,
    now: DateTime<Utc>,
) -> Result<SessionBrief, AppError> {
    session_of_link(state, token, now)
        .await
        .map(|session| attendance::brief(&session))
}

/// The code a display link shows now, without any sign-in.
pub async fn screen_code(
    state: &AppState,
    token: &str,
    direction: Direction,
    now: DateTime<Utc>,
) -> Result<DisplayedCode, AppError> {
    let session = session_of_link(state, token, now).await?;
    attendance::shown_code(state, &session, direction, now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> SecretKeys {
        SecretKeys::derive(b"a test secret of at least thirty-two bytes")
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("a valid time")
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a valid date")
    }

    #[test]
    fn a_display_link_works_all_day_of_its_session_in_china_time() {
        let token = issue_token(&keys(), 42, day("2026-12-01"));
        for now in [
            "2026-11-30T16:00:00Z",
            "2026-12-01T08:00:00Z",
            "2026-12-01T15:59:59Z",
        ] {
            let pass = verify_token(&keys(), &token, at(now)).expect("valid that day");
            assert_eq!(pass.session_id, 42);
        }
    }

    #[test]
    fn a_display_link_is_refused_the_next_day_and_the_day_before() {
        let token = issue_token(&keys(), 42, day("2026-12-01"));
        assert_eq!(
            verify_token(&keys(), &token, at("2026-12-01T16:00:00Z")),
            Err(LinkProblem::OutOfDay)
        );
        assert_eq!(
            verify_token(&keys(), &token, at("2026-11-30T15:59:59Z")),
            Err(LinkProblem::OutOfDay)
        );
    }

    #[test]
    fn a_display_link_for_one_session_does_not_open_another() {
        let token = issue_token(&keys(), 42, day("2026-12-01"));
        let other = token.replacen("42-", "43-", 1);
        assert_eq!(
            verify_token(&keys(), &other, at("2026-12-01T08:00:00Z")),
            Err(LinkProblem::Tampered)
        );
    }

    #[test]
    fn a_tampered_or_foreign_display_link_is_refused() {
        let now = at("2026-12-01T08:00:00Z");
        let token = issue_token(&keys(), 42, day("2026-12-01"));
        let moved = token.replacen("20261201", "20261202", 1);
        assert_eq!(
            verify_token(&keys(), &moved, at("2026-12-02T08:00:00Z")),
            Err(LinkProblem::Tampered)
        );
        let mut flipped = token.clone();
        let last = if flipped.ends_with('0') { "1" } else { "0" };
        flipped.replace_range(flipped.len() - 1.., last);
        assert_eq!(
            verify_token(&keys(), &flipped, now),
            Err(LinkProblem::Tampered)
        );
        let foreign = SecretKeys::derive(b"another secret of at least thirty-two bytes");
        assert_eq!(
            verify_token(&foreign, &token, now),
            Err(LinkProblem::Tampered)
        );
        assert_eq!(
            verify_token(&keys(), "42-20261201", now),
            Err(LinkProblem::Malformed)
        );
        assert_eq!(
            verify_token(&keys(), "not-a-link", now),
            Err(LinkProblem::Malformed)
        );
    }

    #[test]
    fn a_display_link_expires_at_local_midnight() {
        assert_eq!(end_of_day(day("2026-12-01")), at("2026-12-01T16:00:00Z"));
        assert_eq!(local_day(at("2026-11-30T16:00:00Z")), day("2026-12-01"));
    }
}
