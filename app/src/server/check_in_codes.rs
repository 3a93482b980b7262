//! Rotating check-in codes. The classroom screen shows a QR code whose URL
//! carries `session-purpose-step-mac` (purpose `i` check-in, `o`
//! check-out, `r` roll-call): the step is the server's clock in
//! 10-second steps and the MAC an HMAC-SHA-256 (truncated to 128 bits) of
//! the other three under a server secret. Rotating writes nothing; any app
//! process with the same secret checks any code. The current and the
//! previous step are accepted, nothing older and nothing from the future.

use chrono::{DateTime, Utc};
use hmac::Mac;

use super::crypto::SecretKeys;
use crate::domain::{Direction, ScanPurpose};

/// How long one code is shown.
pub const STEP_SECONDS: i64 = 10;
/// Bytes of the MAC kept in the code.
const MAC_BYTES: usize = 16;

/// What a verified code names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckInCode {
    pub session_id: i64,
    pub purpose: ScanPurpose,
    pub step: i64,
}

/// Why a scanned code was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeProblem {
    /// Not a code of ours at all.
    Malformed,
    /// Its parts were changed (or it was made without the secret).
    Tampered,
    /// Older than the previous step: scan the screen again.
    Expired,
    /// From a step that has not come yet: a forged or skewed code.
    FromTheFuture,
}

/// The step `now` falls in.
pub fn step_at(now: DateTime<Utc>) -> i64 {
    now.timestamp().div_euclid(STEP_SECONDS)
}

/// When the step after `step` begins: the moment the screen changes code.
pub fn next_rotation(step: i64) -> DateTime<Utc> {
    DateTime::from_timestamp((step + 1) * STEP_SECONDS, 0).unwrap_or_default()
}

fn purpose_letter(purpose: ScanPurpose) -> char {
    match purpose {
        ScanPurpose::Mark(Direction::In) => 'i',
        ScanPurpose::Mark(Direction::Out) => 'o',
        ScanPurpose::RollCall => 'r',
    }
}

fn mac(keys: &SecretKeys, session_id: i64, purpose: ScanPurpose, step: i64) -> impl Mac {
    let mut mac = keys.check_in_mac();
    mac.update(format!("{session_id}-{}-{step}", purpose_letter(purpose)).as_bytes());
    mac
}

/// The code the screen of `session_id` shows at `now`.
pub fn issue(
    keys: &SecretKeys,
    session_id: i64,
    purpose: ScanPurpose,
    now: DateTime<Utc>,
) -> String {
    let step = step_at(now);
    let tag = mac(keys, session_id, purpose, step).finalize().into_bytes();
    format!(
        "{session_id}-{}-{step}-{}",
        purpose_letter(purpose),
        hex::encode(&tag[..MAC_BYTES])
    )
}

/// Checks a scanned code against the secret and the clock.
pub fn verify(
    keys: &SecretKeys,
    code: &str,
    now: DateTime<Utc>,
) -> Result<CheckInCode, CodeProblem> {
    let claimed = authentic(keys, code)?;
    match step_at(now) - claimed.step {
        0 | 1 => Ok(claimed),
        age if age > 1 => Err(CodeProblem::Expired),
        _ => Err(CodeProblem::FromTheFuture),
    }
}

/// A code made with the secret, whatever its age.
pub fn authentic(keys: &SecretKeys, code: &str) -> Result<CheckInCode, CodeProblem> {
    let (claimed, tag) = parse(code).ok_or(CodeProblem::Malformed)?;
    let tag = hex::decode(tag).map_err(|_| CodeProblem::Malformed)?;
    if tag.len() != MAC_BYTES {
        return Err(CodeProblem::Malformed);
    }
    mac(keys, claimed.session_id, claimed.purpose, claimed.step)
        .verify_truncated_left(&tag)
        .map_err(|_| CodeProblem::Tampered)?;
    Ok(claimed)
}

fn handoff_mac(keys: &SecretKeys, code: &str) -> impl Mac {
    let mut mac = keys.check_in_mac();
    mac.update(b"handoff:");
    mac.update(code.trim().as_bytes());
    mac
}

/// The token that keeps `code` confirmable while the worker moves from
/// an in-app browser (WeChat, Alipay) to the phone's own browser. The
/// server issues it only while the code is fresh.
pub fn handoff_token(keys: &SecretKeys, code: &str) -> String {
    let tag = handoff_mac(keys, code).finalize().into_bytes();
    hex::encode(&tag[..MAC_BYTES])
}

/// Checks a code handed off with its `token`: good until `grace` after
/// the code's step ended (the scan grace), however the worker got there.
pub fn verify_handed_off(
    keys: &SecretKeys,
    code: &str,
    token: &str,
    grace: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<CheckInCode, CodeProblem> {
    let claimed = authentic(keys, code)?;
    let token = hex::decode(token.trim()).map_err(|_| CodeProblem::Tampered)?;
    if token.len() != MAC_BYTES {
        return Err(CodeProblem::Tampered);
    }
    handoff_mac(keys, code)
        .verify_truncated_left(&token)
        .map_err(|_| CodeProblem::Tampered)?;
    if claimed.step > step_at(now) {
        Err(CodeProblem::FromTheFuture)
    } else if now > next_rotation(claimed.step) + grace {
        Err(CodeProblem::Expired)
    } else {
        Ok(claimed)
    }
}

fn parse(code: &str) -> Option<(CheckInCode, &str)> {
    let mut parts = code.trim().splitn(4, '-');
    let session_id = parts.next()?.parse().ok().filter(|id: &i64| *id > 0)?;
    let purpose = match parts.next()? {
        "i" => ScanPurpose::Mark(Direction::In),
        "o" => ScanPurpose::Mark(Direction::Out),
        "r" => ScanPurpose::RollCall,
        _ => return None,
    };
    let step = parts.next()?.parse().ok()?;
    let tag = parts.next()?;
    Some((
        CheckInCode {
            session_id,
            purpose,
            step,
        },
        tag,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> SecretKeys {
        SecretKeys::derive(b"a test secret of at least thirty-two bytes")
    }

    const CHECK_IN: ScanPurpose = ScanPurpose::Mark(Direction::In);

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_796_000_000 + seconds, 0).expect("valid in this test")
    }

    #[test]
    fn a_code_is_accepted_in_its_own_step_and_the_next() {
        let code = issue(&keys(), 42, CHECK_IN, at(0));
        let verified = verify(&keys(), &code, at(0)).expect("valid in this test");
        assert_eq!((verified.session_id, verified.purpose), (42, CHECK_IN));
        assert!(verify(&keys(), &code, at(STEP_SECONDS)).is_ok());
    }

    #[test]
    fn a_handed_off_code_lasts_the_grace_with_its_own_token_only() {
        let code = issue(&keys(), 42, CHECK_IN, at(0));
        let token = handoff_token(&keys(), &code);
        let grace = chrono::Duration::seconds(60);
        let handed_off =
            |token: &str, seconds| verify_handed_off(&keys(), &code, token, grace, at(seconds));
        assert!(handed_off(&token, 5 * STEP_SECONDS).is_ok());
        assert_eq!(
            handed_off(&token, STEP_SECONDS + 61),
            Err(CodeProblem::Expired)
        );
        let other = handoff_token(&keys(), &issue(&keys(), 43, CHECK_IN, at(0)));
        assert_eq!(handed_off(&other, 0), Err(CodeProblem::Tampered));
        assert_eq!(handed_off("not hex", 0), Err(CodeProblem::Tampered));
    }

    #[test]
    fn a_code_two_steps_old_has_expired() {
        let code = issue(&keys(), 42, CHECK_IN, at(0));
        assert_eq!(
            verify(&keys(), &code, at(2 * STEP_SECONDS)),
            Err(CodeProblem::Expired)
        );
    }

    #[test]
    fn a_code_from_a_later_step_is_refused() {
        let code = issue(
            &keys(),
            42,
            ScanPurpose::Mark(Direction::Out),
            at(STEP_SECONDS),
        );
        assert_eq!(
            verify(&keys(), &code, at(0)),
            Err(CodeProblem::FromTheFuture)
        );
    }

    #[test]
    fn a_code_of_another_session_cannot_be_turned_into_this_one() {
        let code = issue(&keys(), 42, CHECK_IN, at(0));
        let moved = code.replacen("42-", "43-", 1);
        assert_eq!(verify(&keys(), &moved, at(0)), Err(CodeProblem::Tampered));
        let other = issue(&keys(), 43, CHECK_IN, at(0));
        assert_ne!(code, other);
        assert_eq!(
            verify(&keys(), &other, at(0))
                .expect("valid in this test")
                .session_id,
            43
        );
    }

    #[test]
    fn a_tampered_or_foreign_code_is_refused() {
        let code = issue(&keys(), 42, CHECK_IN, at(0));
        for other_purpose in ["-o-", "-r-"] {
            let turned = code.replacen("-i-", other_purpose, 1);
            assert_eq!(verify(&keys(), &turned, at(0)), Err(CodeProblem::Tampered));
        }
        let later_step = {
            let step = step_at(at(0));
            code.replacen(&format!("-{step}-"), &format!("-{}-", step + 1), 1)
        };
        assert_eq!(
            verify(&keys(), &later_step, at(STEP_SECONDS)),
            Err(CodeProblem::Tampered)
        );
        let other_secret = SecretKeys::derive(b"another secret of at least thirty-two bytes");
        assert_eq!(
            verify(&other_secret, &code, at(0)),
            Err(CodeProblem::Tampered)
        );
        assert_eq!(verify(&keys(), "hello", at(0)), Err(CodeProblem::Malformed));
        assert_eq!(
            verify(&keys(), "42-i-1-zz", at(0)),
            Err(CodeProblem::Malformed)
        );
    }
}
