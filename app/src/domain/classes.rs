//! Class applications (开班申请 / 培训计划申报) and their schedule rules:
//! sessions in the future that do not overlap, and online hours at most
//! 40% of all hours (2024 measure 5). Server-only: the forms that use it
//! are rendered on the server.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::{
    code_enum::code_enum, error::excerpt, text::bounded, CertificateLevel, Field, InputError,
    ReportedPosition, TrainingType,
};

code_enum! {
    /// Where a session takes place.
    pub enum SessionMode for Field::SessionMode {
        Offline = "offline";
        Online = "online";
    }
}

code_enum! {
    /// Where a class application stands.
    pub enum ClassStatus for Field::ClassStatus {
        Submitted = "submitted";
        Approved = "approved";
        Returned = "returned";
    }
}

code_enum! {
    /// 风控预警: what made a check-in suspicious.
    pub enum RiskKind for Field::Reason {
        SharedDevice = "shared_device";
        FarFromVenue = "far_from_venue";
        OverHeadcount = "over_headcount";
        OverlappingSessions = "overlapping_sessions";
        StaffCorrection = "staff_correction";
        RelayedCode = "relayed_code";
        FailedConfirmations = "failed_confirmations";
        MissedRollCall = "missed_roll_call";
        RollCallShortfall = "roll_call_shortfall";
        NotEmployee = "not_employee";
    }
}

impl RiskKind {
    /// Whether an open warning of this kind holds the worker's subsidy
    /// claim until a reviewer clears it. A staff correction does not: the
    /// claim checks weigh the hours that rest on corrections instead
    /// (`CheckKind::AttendanceAssurance`), so one excused absence does not
    /// stop a claim while many do.
    pub const fn holds_claims(self) -> bool {
        !matches!(self, RiskKind::StaffCorrection)
    }

    /// Whether an open warning of this kind raised on a session as a
    /// whole (no one worker named) holds every claim of the class: more
    /// check-ins than people counted in the room, by the teacher or by an
    /// inspector, leaves each check-in of the class in doubt.
    pub const fn holds_class_claims(self) -> bool {
        matches!(self, RiskKind::OverHeadcount)
    }
}

/// Online hours may be at most this share of a class's hours (measure 5).
pub const MAX_ONLINE_PERCENT: i64 = 40;
/// Seats a class may offer.
pub const CAPACITY_RANGE: (i64, i64) = (1, 200);
/// Sessions a class may have.
pub const MAX_SESSIONS: usize = 200;
/// Longest single session, in hours.
pub const MAX_SESSION_HOURS: i64 = 12;

/// China Standard Time, in which schedules are written and shown.
pub fn china_time() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The date in China of the instant `now`: the day a catalogue or an
/// adjustment is in force from.
pub fn china_date(now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    now.with_timezone(&china_time()).date_naive()
}

/// Whether `online_minutes` of `total_minutes` keep within measure 5.
/// Integer arithmetic: exactly 40% passes.
pub const fn online_share_allowed(online_minutes: i64, total_minutes: i64) -> bool {
    online_minutes * 100 <= total_minutes * MAX_ONLINE_PERCENT
}

/// One session as typed in the form: local date and times.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionInput {
    /// `2026-12-01`.
    pub date: String,
    /// `09:00`.
    pub start: String,
    /// `12:00`.
    pub end: String,
    /// `offline` or `online`.
    #[serde(default)]
    pub mode: String,
}

/// A session that passed its rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PlannedSession {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub mode: SessionMode,
}

impl PlannedSession {
    pub fn minutes(&self) -> i64 {
        (self.ends_at - self.starts_at).num_minutes()
    }

    fn overlaps(&self, other: &PlannedSession) -> bool {
        self.starts_at < other.ends_at && other.starts_at < self.ends_at
    }

    /// Reads the session at `position` (1-based, for messages).
    fn parse(
        input: &SessionInput,
        position: usize,
        now: DateTime<Utc>,
    ) -> Result<PlannedSession, InputError> {
        let date = NaiveDate::parse_from_str(input.date.trim(), "%Y-%m-%d").map_err(|_| {
            InputError::DateFormat {
                value: excerpt(input.date.trim()),
            }
        })?;
        let time = |text: &str| {
            NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| InputError::TimeFormat {
                value: excerpt(text.trim()),
            })
        };
        let local = |time: NaiveTime| {
            china_time()
                .from_local_datetime(&date.and_time(time))
                .single()
                .map(|at| at.with_timezone(&Utc))
                .ok_or(InputError::DateFormat {
                    value: excerpt(input.date.trim()),
                })
        };
        let starts_at = local(time(&input.start)?)?;
        let ends_at = local(time(&input.end)?)?;
        let mode = if input.mode.trim().is_empty() {
            SessionMode::Offline
        } else {
            SessionMode::parse(&input.mode)?
        };
        if ends_at <= starts_at {
            return Err(InputError::SessionEndsBeforeStart { position });
        }
        if (ends_at - starts_at).num_minutes() > MAX_SESSION_HOURS * 60 {
            return Err(InputError::SessionTooLong {
                position,
                max_hours: MAX_SESSION_HOURS,
            });
        }
        if starts_at <= now {
            return Err(InputError::SessionInPast { position });
        }
        Ok(PlannedSession {
            starts_at,
            ends_at,
            mode,
        })
    }
}

/// A class's sessions in time order: at least one, none in the past, no
/// two overlapping, online hours within measure 5.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Schedule(Vec<PlannedSession>);

impl Schedule {
    pub fn parse(inputs: &[SessionInput], now: DateTime<Utc>) -> Result<Schedule, InputError> {
        if inputs.is_empty() {
            return Err(InputError::Required {
                field: Field::Sessions,
            });
        }
        if inputs.len() > MAX_SESSIONS {
            return Err(InputError::OutOfRange {
                field: Field::Sessions,
                min: 1,
                max: MAX_SESSIONS as i64,
            });
        }
        let mut sessions = inputs
            .iter()
            .enumerate()
            .map(|(index, input)| {
                PlannedSession::parse(input, index + 1, now).map(|session| (index + 1, session))
            })
            .collect::<Result<Vec<_>, _>>()?;
        sessions.sort_by_key(|(_, session)| session.starts_at);
        for pair in sessions.windows(2) {
            let ((first, a), (second, b)) = (pair[0], pair[1]);
            if a.overlaps(&b) {
                return Err(InputError::SessionsOverlap {
                    first: first.min(second),
                    second: first.max(second),
                });
            }
        }
        let schedule = Schedule(sessions.into_iter().map(|(_, session)| session).collect());
        let (online, total) = (schedule.online_minutes(), schedule.total_minutes());
        if !online_share_allowed(online, total) {
            return Err(InputError::OnlineShareTooHigh {
                online_minutes: online,
                total_minutes: total,
            });
        }
        Ok(schedule)
    }

    pub fn sessions(&self) -> &[PlannedSession] {
        &self.0
    }

    pub fn total_minutes(&self) -> i64 {
        self.0.iter().map(PlannedSession::minutes).sum()
    }

    pub fn online_minutes(&self) -> i64 {
        self.0
            .iter()
            .filter(|session| session.mode == SessionMode::Online)
            .map(PlannedSession::minutes)
            .sum()
    }
}

/// A point on the earth, in degrees (WGS-84, as phones report it).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
}

impl Coordinates {
    pub fn parse(latitude: f64, longitude: f64) -> Result<Coordinates, InputError> {
        let valid = latitude.is_finite()
            && longitude.is_finite()
            && (-90.0..=90.0).contains(&latitude)
            && (-180.0..=180.0).contains(&longitude);
        if valid {
            Ok(Coordinates {
                latitude,
                longitude,
            })
        } else {
            Err(InputError::CoordinatesOutOfRange)
        }
    }

    /// Great-circle distance in metres (haversine).
    pub fn distance_m(&self, other: &Coordinates) -> f64 {
        const EARTH_RADIUS_M: f64 = 6_371_008.8;
        let (lat1, lat2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (other.longitude - self.longitude).to_radians();
        let a = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }
}

impl ReportedPosition {
    pub fn parse(self) -> Result<(Coordinates, f64), InputError> {
        let point = Coordinates::parse(self.latitude, self.longitude)?;
        if !self.accuracy_m.is_finite() || self.accuracy_m < 0.0 {
            return Err(InputError::CoordinatesOutOfRange);
        }
        Ok((point, self.accuracy_m))
    }
}

/// A reason given for a decision or correction: required, at most 200
/// characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub fn parse(input: &str) -> Result<Reason, InputError> {
        bounded(Field::Reason, input, 200, true).map(Reason)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The class application form.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClassApplicationInput {
    /// A course of the institution's city's published course catalogue.
    pub course_id: i64,
    pub certificate_level: String,
    pub training_type: String,
    pub capacity: i64,
    pub teacher: String,
    pub venue: String,
    pub latitude: f64,
    pub longitude: f64,
    pub sessions: Vec<SessionInput>,
    /// The applicant confirms the commitment statement (承诺).
    #[serde(default)]
    pub commitment: bool,
    /// The approved platform of the city that reports the online
    /// sessions; required when there are any.
    #[serde(default)]
    pub online_platform_id: Option<i64>,
    /// The training order (assigned to the institution) this class
    /// trains; its course and level must be the order's.
    #[serde(default)]
    pub order_id: Option<i64>,
}

/// A class application whose own rules hold; the catalogue rules (course
/// published, occupation allowed for the institution, level subsidised)
/// are checked against the database by the service.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassApplication {
    pub course_id: i64,
    pub level: CertificateLevel,
    pub training_type: TrainingType,
    pub capacity: i64,
    pub teacher: String,
    pub venue: String,
    pub location: Coordinates,
    pub schedule: Schedule,
    /// Checked against the city's active platforms by the service.
    pub online_platform_id: Option<i64>,
    /// Checked against the orders assigned to the institution by the
    /// service.
    pub order_id: Option<i64>,
}

impl ClassApplication {
    pub fn parse(
        input: &ClassApplicationInput,
        now: DateTime<Utc>,
    ) -> Result<ClassApplication, InputError> {
        if input.course_id <= 0 {
            return Err(InputError::Required {
                field: Field::Course,
            });
        }
        let (min, max) = CAPACITY_RANGE;
        if !(min..=max).contains(&input.capacity) {
            return Err(InputError::OutOfRange {
                field: Field::Capacity,
                min,
                max,
            });
        }
        let application = ClassApplication {
            course_id: input.course_id,
            level: CertificateLevel::parse(&input.certificate_level)?,
            training_type: TrainingType::parse(&input.training_type)?,
            capacity: input.capacity,
            teacher: bounded(Field::Teacher, &input.teacher, 30, true)?,
            venue: bounded(Field::Venue, &input.venue, 120, true)?,
            location: Coordinates::parse(input.latitude, input.longitude)?,
            schedule: Schedule::parse(&input.sessions, now)?,
            online_platform_id: input.online_platform_id.filter(|id| *id > 0),
            order_id: input.order_id.filter(|id| *id > 0),
        };
        if application.online_platform_id.is_none() && application.schedule.online_minutes() > 0 {
            return Err(InputError::OnlinePlatformRequired);
        }
        if !input.commitment {
            return Err(InputError::CommitmentRequired);
        }
        Ok(application)
    }
}

/// The commitment statement an applicant confirms (培训计划申报含承诺).
pub const COMMITMENT_ZH: &str = "本机构承诺：申报的培训计划真实，学员均为本人实名参训，\
    按计划组织教学并如实记录考勤；如有虚假，愿退回补贴并承担相应责任。";
pub const COMMITMENT_EN: &str = "We commit that this training plan is true, that every trainee \
    attends in person under their real name, that teaching follows the plan and attendance is \
    recorded truthfully; if anything is false we repay the subsidy and accept the consequences.";
/// The commitment an employer confirms for the training of its own staff
/// (直补企业): its trainees are its employees.
pub const EMPLOYER_COMMITMENT_ZH: &str =
    "本单位承诺：申报的培训计划真实，学员均为本单位职工（开班时已入职），\
    本人实名参训，按计划组织教学并如实记录考勤；如有虚假，愿退回补贴并承担相应责任。";
pub const EMPLOYER_COMMITMENT_EN: &str = "We commit that this training plan is true, that every \
    trainee is our employee (employed when the class starts) and attends in person under their \
    real name, that teaching follows the plan and attendance is recorded truthfully; if anything \
    is false we repay the subsidy and accept the consequences.";

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-24T02:00:00Z".parse().expect("valid in this test")
    }

    fn session(date: &str, start: &str, end: &str, mode: &str) -> SessionInput {
        SessionInput {
            date: date.into(),
            start: start.into(),
            end: end.into(),
            mode: mode.into(),
        }
    }

    #[test]
    fn exactly_forty_percent_online_is_allowed_and_one_minute_more_is_not() {
        assert!(online_share_allowed(40, 100));
        assert!(online_share_allowed(0, 100));
        assert!(!online_share_allowed(41, 100));
        assert!(online_share_allowed(96, 240));
        assert!(!online_share_allowed(97, 240));
    }

    #[test]
    fn a_schedule_with_too_many_online_hours_is_refused_with_its_figures() {
        let sessions = [
            session("2026-12-01", "09:00", "11:00", "offline"),
            session("2026-12-02", "09:00", "11:00", "online"),
        ];
        assert_eq!(
            Schedule::parse(&sessions, now()),
            Err(InputError::OnlineShareTooHigh {
                online_minutes: 120,
                total_minutes: 240
            })
        );
        let balanced = [
            session("2026-12-01", "09:00", "12:00", "offline"),
            session("2026-12-02", "09:00", "11:00", "online"),
            session("2026-12-03", "09:00", "10:00", "offline"),
        ];
        let schedule = Schedule::parse(&balanced, now()).expect("valid in this test");
        assert_eq!(
            (schedule.online_minutes(), schedule.total_minutes()),
            (120, 360)
        );
    }

    #[test]
    fn sessions_are_local_china_time_and_sorted() {
        let sessions = [
            session("2026-12-02", "14:00", "17:00", ""),
            session("2026-12-01", "09:00", "12:00", "offline"),
        ];
        let schedule = Schedule::parse(&sessions, now()).expect("valid in this test");
        let first = schedule.sessions()[0];
        assert_eq!(first.starts_at.to_rfc3339(), "2026-12-01T01:00:00+00:00");
        assert_eq!(first.minutes(), 180);
        assert_eq!(schedule.sessions()[1].mode, SessionMode::Offline);
    }

    #[test]
    fn overlapping_sessions_are_named_by_their_positions() {
        let sessions = [
            session("2026-12-01", "09:00", "12:00", "offline"),
            session("2026-12-03", "09:00", "12:00", "offline"),
            session("2026-12-01", "11:00", "13:00", "offline"),
        ];
        assert_eq!(
            Schedule::parse(&sessions, now()),
            Err(InputError::SessionsOverlap {
                first: 1,
                second: 3
            })
        );
    }

    #[test]
    fn a_session_in_the_past_or_ending_before_it_starts_is_refused() {
        assert_eq!(
            Schedule::parse(&[session("2026-11-20", "09:00", "12:00", "")], now()),
            Err(InputError::SessionInPast { position: 1 })
        );
        assert_eq!(
            Schedule::parse(&[session("2026-12-01", "12:00", "09:00", "")], now()),
            Err(InputError::SessionEndsBeforeStart { position: 1 })
        );
        assert_eq!(
            Schedule::parse(&[session("2026-12-01", "9点", "12:00", "")], now()),
            Err(InputError::TimeFormat {
                value: "9点".into()
            })
        );
        assert_eq!(
            Schedule::parse(&[], now()),
            Err(InputError::Required {
                field: Field::Sessions
            })
        );
    }

    #[test]
    fn capacity_out_of_range_and_a_missing_commitment_are_refused() {
        let mut input = ClassApplicationInput {
            course_id: 1,
            certificate_level: "level5".into(),
            training_type: "employment_skills".into(),
            capacity: 0,
            teacher: "王老师".into(),
            venue: "福州市鼓楼区 1 号".into(),
            latitude: 26.08,
            longitude: 119.3,
            sessions: vec![session("2026-12-01", "09:00", "12:00", "offline")],
            commitment: true,
            online_platform_id: None,
            order_id: None,
        };
        assert!(matches!(
            ClassApplication::parse(&input, now()),
            Err(InputError::OutOfRange {
                field: Field::Capacity,
                ..
            })
        ));
        input.capacity = 30;
        assert!(ClassApplication::parse(&input, now()).is_ok());
        input.commitment = false;
        assert_eq!(
            ClassApplication::parse(&input, now()),
            Err(InputError::CommitmentRequired)
        );
        input.commitment = true;
        input
            .sessions
            .push(session("2026-12-02", "09:00", "10:00", "online"));
        assert_eq!(
            ClassApplication::parse(&input, now()),
            Err(InputError::OnlinePlatformRequired),
            "online sessions need the platform that reports them"
        );
        input.online_platform_id = Some(3);
        assert!(ClassApplication::parse(&input, now()).is_ok());
    }

    #[test]
    fn distance_between_two_points_in_fuzhou_is_about_right() {
        let gulou = Coordinates::parse(26.0822, 119.2964).expect("valid in this test");
        let taijiang = Coordinates::parse(26.0527, 119.3147).expect("valid in this test");
        let metres = gulou.distance_m(&taijiang);
        assert!((3_500.0..3_900.0).contains(&metres), "{metres}");
        assert!(Coordinates::parse(91.0, 0.0).is_err());
        assert!(Coordinates::parse(f64::NAN, 0.0).is_err());
    }
}
