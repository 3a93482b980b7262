//! Rate limits: how often an address, an account or a phone number may
//! start ceremonies, register, scan or fail, counted in the database so
//! they hold across app processes. Failed sign-ins slow down (a delay
//! that doubles) rather than lock: a stranger cannot lock a worker out,
//! because the delays that grow fastest are per account *and* address.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};

use super::{
    database_failure,
    db::{throttles as store, Database},
};
use crate::error::AppError;

/// Failures older than this are forgotten.
pub const FAILURE_MEMORY: Duration = Duration::minutes(15);

/// The configured limits (`SKILLPASS_LIMIT_*`).
#[derive(Clone, Copy, Debug)]
pub struct RateLimits {
    /// Passkey ceremonies (sign-in, registration, code) an address may
    /// start per minute.
    pub ceremonies_per_address_per_minute: i64,
    /// Registrations an address may attempt per hour.
    pub registrations_per_address_per_hour: i64,
    /// Registrations naming one mobile number per day.
    pub registrations_per_phone_per_day: i64,
    /// Check-in scans per minute from an address whose caller is not
    /// signed in.
    pub anonymous_scans_per_address_per_minute: i64,
    /// Failures before the delay starts: one account from one address.
    pub free_failures_per_account_and_address: i64,
    /// … one address, whatever the accounts.
    pub free_failures_per_address: i64,
    /// … one account, whatever the addresses.
    pub free_failures_per_account: i64,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            ceremonies_per_address_per_minute: 60,
            registrations_per_address_per_hour: 20,
            registrations_per_phone_per_day: 3,
            anonymous_scans_per_address_per_minute: 60,
            free_failures_per_account_and_address: 5,
            free_failures_per_address: 30,
            free_failures_per_account: 20,
        }
    }
}

/// A counted request kind with its window.
#[derive(Clone, Copy, Debug)]
pub enum Counted {
    CeremonyStart,
    RegistrationFromAddress,
    RegistrationForPhone,
    AnonymousScan,
    /// Face checks a worker starts (each costs the deployment a provider
    /// call and sends their name and ID number).
    FaceCheckStart,
}

/// Face checks one worker may start in ten minutes.
pub const FACE_CHECKS_PER_TEN_MINUTES: i64 = 5;

impl Counted {
    fn limit_and_window(self, limits: &RateLimits) -> (i64, Duration) {
        match self {
            Counted::CeremonyStart => (
                limits.ceremonies_per_address_per_minute,
                Duration::minutes(1),
            ),
            Counted::RegistrationFromAddress => (
                limits.registrations_per_address_per_hour,
                Duration::hours(1),
            ),
            Counted::RegistrationForPhone => {
                (limits.registrations_per_phone_per_day, Duration::days(1))
            }
            Counted::AnonymousScan => (
                limits.anonymous_scans_per_address_per_minute,
                Duration::minutes(1),
            ),
            Counted::FaceCheckStart => (FACE_CHECKS_PER_TEN_MINUTES, Duration::minutes(10)),
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Counted::CeremonyStart => "ceremony",
            Counted::RegistrationFromAddress => "register-ip",
            Counted::RegistrationForPhone => "register-phone",
            Counted::AnonymousScan => "scan-ip",
            Counted::FaceCheckStart => "face-check",
        }
    }
}

/// The whole seconds until `until`, at least one: the `Retry-After`.
fn seconds_until(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let millis = (until - now).num_milliseconds().max(0);
    ((millis + 999) / 1000).max(1)
}

fn too_many(until: DateTime<Utc>, now: DateTime<Utc>) -> AppError {
    AppError::TooManyRequests {
        retry_after_seconds: seconds_until(until, now),
    }
}

/// Counts one request of `kind` by `key` (an address or a phone number)
/// and refuses it beyond the limit, with the wait until the window ends.
pub async fn count(
    db: &Database,
    limits: &RateLimits,
    kind: Counted,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (limit, window) = kind.limit_and_window(limits);
    let subject = format!("{}:{key}", kind.prefix());
    let (hits, started) = store::count_throttle_hit(db, &subject, now, now - window)
        .await
        .map_err(database_failure("counting a request"))?;
    if hits > limit {
        Err(too_many(started + window, now))
    } else {
        Ok(())
    }
}

/// Whether this is the first use of `key` within `window` (counted in the
/// database, so it holds across processes): for things that may be used
/// once, such as a hand-off link.
pub async fn first_use(
    db: &Database,
    key: &str,
    window: Duration,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let subject = format!("once:{key}");
    let (hits, _) = store::count_throttle_hit(db, &subject, now, now - window)
        .await
        .map_err(database_failure("counting a use"))?;
    Ok(hits == 1)
}

/// Who a failed attempt counts against, with when its delay starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    key: String,
    free: i64,
    longest_delay: Duration,
    /// Whether a success proves this subject (an account), or only gives
    /// back the attempt (an address shared by many).
    proven_by_success: bool,
}

impl Subject {
    /// One account tried from one address: the quickest to slow down.
    pub fn account_from(limits: &RateLimits, user_id: &str, address: IpAddr) -> Subject {
        Subject {
            key: format!("fail:{user_id}@{address}"),
            free: limits.free_failures_per_account_and_address,
            longest_delay: Duration::minutes(15),
            proven_by_success: true,
        }
    }

    /// One account from anywhere: a short delay only, so that a stranger
    /// elsewhere slows a worker's password sign-in by a minute at most
    /// (and never their passkey).
    pub fn account(limits: &RateLimits, user_id: &str) -> Subject {
        Subject {
            key: format!("fail:{user_id}"),
            free: limits.free_failures_per_account,
            longest_delay: Duration::minutes(1),
            proven_by_success: true,
        }
    }

    /// One address, whatever it tries.
    pub fn address(limits: &RateLimits, address: IpAddr) -> Subject {
        Subject {
            key: format!("fail:{address}"),
            free: limits.free_failures_per_address,
            longest_delay: Duration::minutes(15),
            proven_by_success: false,
        }
    }

    /// A free-form subject (e.g. the failed confirmations of a session).
    pub fn named(key: String, free: i64, longest_delay: Duration) -> Subject {
        Subject {
            key,
            free,
            longest_delay,
            proven_by_success: false,
        }
    }

    /// The delay after `failures` failures: none while free, then one
    /// second, doubling up to the longest delay.
    pub fn delay_after(&self, failures: i64) -> Option<Duration> {
        let over = failures - self.free;
        if over <= 0 {
            return None;
        }
        let seconds = 1_i64
            .checked_shl((over - 1).min(40) as u32)
            .unwrap_or(i64::MAX);
        Some(Duration::seconds(seconds).min(self.longest_delay))
    }
}

/// Attempts counted before they were tried; give them back with
/// [`succeeded`] when the attempt proves right.
#[must_use]
pub struct Reservation {
    subjects: Vec<Subject>,
    /// Failures of each subject, this attempt included.
    pub failures: Vec<i64>,
}

/// Counts an attempt against every subject as a failure before it is
/// tried, all in one transaction: parallel bursts are counted too. When
/// any subject is still waiting out its delay, nothing is counted and the
/// answer is 429 with the wait.
pub async fn reserve(
    db: &Database,
    subjects: Vec<Subject>,
    now: DateTime<Utc>,
) -> Result<Reservation, AppError> {
    let failed = || database_failure("counting an attempt");
    let mut tx = db.begin().await.map_err(failed())?;
    let mut failures = Vec::with_capacity(subjects.len());
    for subject in &subjects {
        match store::reserve_throttle_attempt(&mut tx, &subject.key, now, now - FAILURE_MEMORY)
            .await
            .map_err(failed())?
        {
            Ok(count) => {
                if let Some(delay) = subject.delay_after(count) {
                    store::update_throttle_block(&mut tx, &subject.key, now + delay)
                        .await
                        .map_err(failed())?;
                }
                failures.push(count);
            }
            // Dropping the transaction rolls back what was counted.
            Err(until) => return Err(too_many(until, now)),
        }
    }
    tx.commit().await.map_err(failed())?;
    Ok(Reservation { subjects, failures })
}

/// The attempt proved right: accounts forget their failures, addresses
/// get this one attempt back.
pub async fn succeeded(db: &Database, reservation: Reservation) -> Result<(), AppError> {
    let failed = || database_failure("releasing an attempt");
    for subject in &reservation.subjects {
        if subject.proven_by_success {
            store::reset_throttle(db, &subject.key)
                .await
                .map_err(failed())?;
        } else {
            store::release_throttle_attempt(db, &subject.key)
                .await
                .map_err(failed())?;
        }
    }
    Ok(())
}

/// Refuses with 429 while `subject` waits out a delay (for attempts that
/// cannot be guessed, such as passkey assertions, which are counted only
/// when they fail).
pub async fn require_not_waiting(
    db: &Database,
    subject: &Subject,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    match store::find_throttle_block(db, &subject.key, now)
        .await
        .map_err(database_failure("reading a rate limit"))?
    {
        Some(until) => Err(too_many(until, now)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_starts_after_the_free_failures_and_doubles_up_to_its_cap() {
        let limits = RateLimits::default();
        let pair = Subject::account_from(&limits, "u", "203.0.113.1".parse().expect("an address"));
        assert_eq!(pair.delay_after(5), None);
        assert_eq!(pair.delay_after(6), Some(Duration::seconds(1)));
        assert_eq!(pair.delay_after(8), Some(Duration::seconds(4)));
        assert_eq!(pair.delay_after(60), Some(Duration::minutes(15)));
        let account = Subject::account(&limits, "u");
        assert_eq!(account.delay_after(1_000), Some(Duration::minutes(1)));
    }

    #[test]
    fn the_retry_after_is_whole_seconds_rounded_up_and_never_zero() {
        let now: DateTime<Utc> = "2026-12-04T00:00:00Z".parse().expect("a time");
        assert_eq!(seconds_until(now + Duration::milliseconds(1_200), now), 2);
        assert_eq!(seconds_until(now, now), 1);
    }
}
