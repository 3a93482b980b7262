//! Recommendations pushed to workers (项目找人、人策匹配): when a pushed
//! message may reach a worker. No worker gets more than the configured
//! number of pushed messages in any seven days (3 by default), nor any
//! in the quiet hours (21:00 to 08:00 China time by default): a message
//! due then waits for the morning. Also what an SMS of a campaign says, and how long a failed
//! SMS waits before it is tried again.

use chrono::{DateTime, Days, Duration, NaiveTime, TimeZone, Timelike, Utc};

use super::{china_time, error::excerpt, CertificateLevel, Field, InputError};

/// Pushed messages a worker gets in any seven days unless configured.
pub const DEFAULT_WEEKLY_LIMIT: u32 = 3;

/// The hours, China time, in which no pushed message goes: from
/// `from_hour`:00 until `until_hour`:00 (over midnight when `from_hour`
/// is the later). 21:00 to 08:00 unless configured; equal hours mean
/// none (a test server that runs at any hour).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuietHours {
    from_hour: u32,
    until_hour: u32,
}

impl QuietHours {
    pub const DEFAULT: QuietHours = QuietHours {
        from_hour: 21,
        until_hour: 8,
    };

    /// Reads `21-8`: two whole hours from 0 to 23.
    pub fn parse(text: &str) -> Option<QuietHours> {
        let (from, until) = text.trim().split_once('-')?;
        let hour = |part: &str| part.trim().parse::<u32>().ok().filter(|h| *h < 24);
        Some(QuietHours {
            from_hour: hour(from)?,
            until_hour: hour(until)?,
        })
    }

    /// From and until which hour (China time).
    pub const fn hours(self) -> (u32, u32) {
        (self.from_hour, self.until_hour)
    }

    fn is_quiet(self, hour: u32) -> bool {
        let (from, until) = (self.from_hour, self.until_hour);
        if from > until {
            hour >= from || hour < until
        } else {
            hour >= from && hour < until
        }
    }

    /// `at`, or the end of the quiet hours when `at` falls in them.
    pub fn outside(self, at: DateTime<Utc>) -> DateTime<Utc> {
        let local = at.with_timezone(&china_time());
        if !self.is_quiet(local.hour()) {
            return at;
        }
        let over_midnight = self.from_hour > self.until_hour && local.hour() >= self.from_hour;
        let day = if over_midnight {
            local.date_naive().checked_add_days(Days::new(1))
        } else {
            Some(local.date_naive())
        };
        let end = NaiveTime::from_hms_opt(self.until_hour, 0, 0).unwrap_or(NaiveTime::MIN);
        day.and_then(|day| {
            china_time()
                .from_local_datetime(&day.and_time(end))
                .single()
        })
        .map_or(at, |time| time.with_timezone(&Utc))
    }
}

/// The earliest time, at or after `due`, at which a pushed message may be
/// delivered to a worker who was sent pushed messages at the times
/// `sent` (each at or before `due`, in any order); `None` when the limit
/// allows none at all.
pub fn delivery_time(
    due: DateTime<Utc>,
    sent: &[DateTime<Utc>],
    weekly_limit: u32,
    quiet: QuietHours,
) -> Option<DateTime<Utc>> {
    let limit = usize::try_from(weekly_limit)
        .ok()
        .filter(|limit| *limit > 0)?;
    let week = Duration::days(7);
    let mut recent: Vec<DateTime<Utc>> =
        sent.iter().copied().filter(|at| *at > due - week).collect();
    recent.sort_unstable_by(|a, b| b.cmp(a));
    // With `limit` messages in the last seven days, the next may go once
    // the `limit`-th most recent of them is seven days old.
    let after_the_week = match recent.get(limit - 1) {
        Some(oldest_counted) => (*oldest_counted + week).max(due),
        None => due,
    };
    Some(quiet.outside(after_the_week))
}

/// One thing recommended to a worker ("为你推荐"), by what it is: its key
/// records what the worker opened and dismissed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecommendedItem {
    /// A bureau's campaign pushed to the worker.
    Campaign(i64),
    /// A course at a level (urgently needed, or the next level of a
    /// certificate the worker holds).
    Course(i64, CertificateLevel),
    /// A class starting soon with seats.
    Class(i64),
    /// An employer order that ends in a job.
    Order(i64),
    /// The note that the worker may receive the living allowance.
    LivingAllowance,
}

impl RecommendedItem {
    /// The stable key: `campaign:12`, `course:5:level4`, `class:9`,
    /// `order:3` or `allowance`.
    pub fn key(self) -> String {
        match self {
            RecommendedItem::Campaign(id) => format!("campaign:{id}"),
            RecommendedItem::Course(id, level) => format!("course:{id}:{}", level.code()),
            RecommendedItem::Class(id) => format!("class:{id}"),
            RecommendedItem::Order(id) => format!("order:{id}"),
            RecommendedItem::LivingAllowance => "allowance".to_owned(),
        }
    }

    /// Reads a key; anything else is refused.
    pub fn parse(key: &str) -> Result<RecommendedItem, InputError> {
        let unknown = || InputError::UnknownCode {
            field: Field::Id,
            value: excerpt(key),
        };
        let id = |text: &str| {
            text.parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or_else(unknown)
        };
        let parts: Vec<&str> = key.trim().split(':').collect();
        match parts.as_slice() {
            ["campaign", n] => id(n).map(RecommendedItem::Campaign),
            ["course", n, level] => Ok(RecommendedItem::Course(
                id(n)?,
                CertificateLevel::parse(level).map_err(|_| unknown())?,
            )),
            ["class", n] => id(n).map(RecommendedItem::Class),
            ["order", n] => id(n).map(RecommendedItem::Order),
            ["allowance"] => Ok(RecommendedItem::LivingAllowance),
            _ => Err(unknown()),
        }
    }

    /// The campaign it came from, for a pushed one.
    pub const fn campaign(self) -> Option<i64> {
        match self {
            RecommendedItem::Campaign(id) => Some(id),
            _ => None,
        }
    }
}

/// The signature every SMS of the service starts with (短信签名).
pub const SMS_SIGNATURE: &str = "【技能培训通】";

/// The text of a campaign's SMS: the signature, the bureau's message and
/// the link to the offer, in Chinese whatever the worker's language (the
/// message is at most 50 characters, so with a short link it stays one
/// or two SMS).
pub fn sms_text(message_zh: &str, link: &str) -> String {
    format!("{SMS_SIGNATURE}{} {link}", message_zh.trim())
}

/// How many times an SMS is tried before it is recorded as failed.
pub const SMS_ATTEMPTS: u32 = 5;

/// How long an SMS waits after its `attempt`-th failed attempt (counting
/// from 1): 30 seconds, then four times longer each time (2, 8 and 32
/// minutes); `None` once every attempt is spent.
pub fn sms_retry_delay(attempt: u32) -> Option<Duration> {
    if attempt == 0 || attempt >= SMS_ATTEMPTS {
        return None;
    }
    Some(Duration::seconds(30 * 4_i64.pow(attempt - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule with the default quiet hours.
    fn delivery(due: DateTime<Utc>, sent: &[DateTime<Utc>], limit: u32) -> Option<DateTime<Utc>> {
        delivery_time(due, sent, limit, QuietHours::DEFAULT)
    }

    #[test]
    fn configured_quiet_hours_may_be_shorter_within_a_day_or_none() {
        let lunch = QuietHours::parse("12-14").expect("hours");
        assert_eq!(
            lunch.outside(china("2026-12-07T12:30:00")),
            china("2026-12-07T14:00:00")
        );
        assert_eq!(
            lunch.outside(china("2026-12-07T22:00:00")),
            china("2026-12-07T22:00:00")
        );
        let none = QuietHours::parse("0-0").expect("hours");
        assert_eq!(
            none.outside(china("2026-12-07T23:30:00")),
            china("2026-12-07T23:30:00")
        );
        for wrong in ["", "21", "21-24", "a-8", "21:00-08:00"] {
            assert_eq!(QuietHours::parse(wrong), None, "{wrong}");
        }
    }

    /// A time written in China time.
    fn china(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("{text}+08:00"))
            .expect("a time")
            .with_timezone(&Utc)
    }

    #[test]
    fn a_message_due_in_the_day_goes_at_once() {
        let due = china("2026-12-07T10:00:00");
        assert_eq!(delivery(due, &[], 3), Some(due));
        assert_eq!(
            delivery(china("2026-12-07T20:59:59"), &[], 3),
            Some(china("2026-12-07T20:59:59"))
        );
    }

    #[test]
    fn a_message_due_in_the_quiet_hours_waits_for_eight_in_the_morning() {
        let next_morning = china("2026-12-08T08:00:00");
        assert_eq!(
            delivery(china("2026-12-07T21:00:00"), &[], 3),
            Some(next_morning)
        );
        assert_eq!(
            delivery(china("2026-12-07T23:30:00"), &[], 3),
            Some(next_morning)
        );
        assert_eq!(
            delivery(china("2026-12-08T07:59:00"), &[], 3),
            Some(next_morning)
        );
        assert_eq!(
            delivery(next_morning, &[], 3),
            Some(next_morning),
            "08:00 itself is morning"
        );
    }

    #[test]
    fn a_fourth_message_in_seven_days_waits_until_the_first_of_the_three_is_a_week_old() {
        let sent = [
            china("2026-12-01T09:00:00"),
            china("2026-12-03T10:00:00"),
            china("2026-12-05T11:00:00"),
        ];
        let due = china("2026-12-06T12:00:00");
        assert_eq!(delivery(due, &sent, 3), Some(china("2026-12-08T09:00:00")));
        assert_eq!(
            delivery(due, &sent, 4),
            Some(due),
            "a higher limit lets it go"
        );
        let older = [china("2026-11-20T09:00:00"), sent[1], sent[2]];
        assert_eq!(
            delivery(due, &older, 3),
            Some(due),
            "a message older than seven days no longer counts"
        );
    }

    #[test]
    fn a_message_held_by_the_weekly_limit_into_the_night_waits_for_the_morning_too() {
        let sent = [
            china("2026-12-01T20:30:00"),
            china("2026-12-02T10:00:00"),
            china("2026-12-03T10:00:00"),
        ];
        assert_eq!(
            delivery(china("2026-12-04T09:00:00"), &sent, 3),
            Some(china("2026-12-08T20:30:00"))
        );
        let late = [china("2026-12-01T22:30:00"), sent[1], sent[2]];
        assert_eq!(
            delivery(china("2026-12-04T09:00:00"), &late, 3),
            Some(china("2026-12-09T08:00:00"))
        );
    }

    #[test]
    fn an_sms_carries_the_signature_the_message_and_the_link() {
        assert_eq!(
            sms_text(
                " 家门口学电工，补贴到手 ",
                "https://skillpass.example/courses/7"
            ),
            "【技能培训通】家门口学电工，补贴到手 https://skillpass.example/courses/7"
        );
    }

    #[test]
    fn a_failed_sms_waits_longer_each_time_and_gives_up_after_five_attempts() {
        let waits: Vec<Option<i64>> = (1..=5)
            .map(|attempt| sms_retry_delay(attempt).map(|wait| wait.num_seconds()))
            .collect();
        assert_eq!(waits, [Some(30), Some(120), Some(480), Some(1920), None]);
    }

    #[test]
    fn a_recommended_item_is_read_back_from_its_key_and_nothing_else_is() {
        let items = [
            RecommendedItem::Campaign(12),
            RecommendedItem::Course(5, CertificateLevel::Level4),
            RecommendedItem::Class(9),
            RecommendedItem::Order(3),
            RecommendedItem::LivingAllowance,
        ];
        for item in items {
            assert_eq!(RecommendedItem::parse(&item.key()), Ok(item));
        }
        for wrong in [
            "",
            "campaign",
            "campaign:0",
            "campaign:-1",
            "course:5",
            "course:5:level9",
            "https://evil.example",
            "class:9:1",
        ] {
            assert!(RecommendedItem::parse(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn a_limit_of_none_a_week_sends_nothing() {
        assert_eq!(delivery(china("2026-12-07T10:00:00"), &[], 0), None);
    }
}
