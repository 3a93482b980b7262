//! Settings: defaults that run with nothing set, overridden by environment
//! variables prefixed `SKILLPASS_`.

use std::{fmt, net::SocketAddr, path::PathBuf};

use app::domain::{QuietHours, RemovalRules};
use app::server::{
    attendance::AttendancePolicy, face_provider::FaceProviderSettings,
    recommendations::RecommendationPolicy, roll_calls::RollCallPolicy,
    sms_gateway::SmsGatewaySettings, subsidies::SubsidyPolicy, throttle::RateLimits,
};
use chrono::Duration;

/// Every setting of a server process.
#[derive(Clone)]
pub struct Config {
    /// `SKILLPASS_LISTEN`: address and port to listen on.
    pub listen: SocketAddr,
    /// `SKILLPASS_DATABASE_URL`: `sqlite://path` or `postgres://...`.
    pub database_url: String,
    /// `SKILLPASS_DATABASE_MAX_CONNECTIONS`: pool size.
    pub database_max_connections: u32,
    /// `SKILLPASS_PUBLIC_ORIGIN`: the origin users reach, e.g.
    /// `https://skillpass.example.cn`; decides whether cookies are `Secure`.
    pub public_origin: String,
    /// `SKILLPASS_DEMO_DATA`: load the demo catalogues once at start-up.
    pub demo_data: bool,
    /// `SKILLPASS_SITE_ROOT`: where the built CSS, JS and WASM are.
    pub site_root: PathBuf,
    /// `SKILLPASS_LOG_FORMAT`: `text` (default) or `json`.
    pub log_format: LogFormat,
    /// `SKILLPASS_SECRET_KEY`: at least 32 characters; the keys that
    /// encrypt ID numbers, sign check-in codes and key the audit chain
    /// derive from it. Every process of one deployment needs the same
    /// value. It may be left unset only while the public origin is
    /// `http://localhost…` (development), where a public development key
    /// is used and a warning logged.
    pub secret_key: SecretKey,
    /// `SKILLPASS_TRUSTED_PROXIES`: addresses or networks (comma
    /// separated, e.g. `10.0.0.0/8,127.0.0.1`) of reverse proxies whose
    /// `X-Forwarded-For` names the client. Empty: the TCP peer is the
    /// client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Rate limits per address, account and phone number
    /// (`SKILLPASS_LIMIT_*`, see README).
    pub limits: RateLimits,
    /// Check-in windows, scan grace and venue radius:
    /// `SKILLPASS_CHECK_IN_OPENS_MINUTES` (before the start, default 30),
    /// `SKILLPASS_CHECK_IN_CLOSES_MINUTES` (after the start, 15),
    /// `SKILLPASS_CHECK_OUT_OPENS_MINUTES` (before the end, 15),
    /// `SKILLPASS_CHECK_OUT_CLOSES_MINUTES` (after the end, 30),
    /// `SKILLPASS_SCAN_GRACE_SECONDS` (60),
    /// `SKILLPASS_VENUE_RADIUS_METRES` (500), and random roll-calls:
    /// `SKILLPASS_ROLL_CALLS_PER_SESSION` (1; 0 turns them off) open for
    /// `SKILLPASS_ROLL_CALL_MINUTES` (3) each.
    pub attendance: AttendancePolicy,
    /// Subsidy rules: `SKILLPASS_CLAIM_MIN_ATTENDANCE_PERCENT` (attendance
    /// a claim needs, default 80), `SKILLPASS_RATING_MIN_ATTENDANCE_PERCENT`
    /// (share of sessions attended to rate a class, 50) and
    /// `SKILLPASS_LIVING_ALLOWANCE_YUAN_PER_DAY` (living allowance per
    /// attended day for eligible categories, 30; each city sets its own).
    pub subsidy: SubsidyPolicy,
    /// The face-verification provider: `SKILLPASS_FACE_PROVIDER_URL` (an
    /// https:// address; plain http only to this machine) and
    /// `SKILLPASS_FACE_PROVIDER_SECRET` (shared, 32 characters or more),
    /// both or neither. Unset: face checks are off and cannot be required.
    pub face_provider: Option<FaceProviderSettings>,
    /// The SMS gateway recommendations also go through:
    /// `SKILLPASS_SMS_GATEWAY_URL` (an https:// address; plain http only
    /// to this machine) and `SKILLPASS_SMS_GATEWAY_KEY` (shared, 32
    /// characters or more), both or neither. Unset: the in-app inbox only.
    pub sms_gateway: Option<SmsGatewaySettings>,
    /// `SKILLPASS_RECOMMENDATIONS_WEEKLY_LIMIT` (pushed messages a worker
    /// gets in any seven days, default 3, at most 50; 0 turns pushing off)
    /// `SKILLPASS_RECOMMENDATIONS_QUIET_HOURS` (when none go, China time,
    /// default `21-8`) and `SKILLPASS_DELIVERY_EVERY_SECONDS` (how often
    /// this process delivers due messages, default 5; 0: this process
    /// delivers none).
    pub recommendations: RecommendationPolicy,
    /// When the scorecards put an institution or a course up for removal:
    /// `SKILLPASS_REMOVAL_MIN_COMPLETION_PERCENT` (60),
    /// `SKILLPASS_REMOVAL_MIN_EMPLOYMENT_PERCENT` (30, of the trainees who
    /// completed an order's class) and
    /// `SKILLPASS_REMOVAL_ON_RECOVERED_SUBSIDY` (true).
    pub removal_rules: RemovalRules,
}

/// The master secret. `Debug` never shows it.
#[derive(Clone)]
pub struct SecretKey {
    bytes: Vec<u8>,
    pub is_development: bool,
}

impl SecretKey {
    const DEVELOPMENT: &'static str = "skillpass-development-key-never-use-in-production";

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_development {
            f.write_str("SecretKey(development)")
        } else {
            f.write_str("SecretKey(***)")
        }
    }
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// A setting that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{variable}={value:?} is not valid: {expected}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl Config {
    pub const DEFAULT_DATABASE_URL: &'static str = "sqlite://data/skillpass.db";

    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests need not touch the
    /// process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let listen = match get("SKILLPASS_LISTEN") {
            Some(value) => value.trim().parse().map_err(|_| ConfigError {
                variable: "SKILLPASS_LISTEN",
                value,
                expected: "an address and port such as 127.0.0.1:3000",
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
        };
        let database_max_connections = match get("SKILLPASS_DATABASE_MAX_CONNECTIONS") {
            Some(value) => value
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or(ConfigError {
                    variable: "SKILLPASS_DATABASE_MAX_CONNECTIONS",
                    value,
                    expected: "a number from 1 to 1000",
                })?,
            None => 16,
        };
        let demo_data = switch(&get, "SKILLPASS_DEMO_DATA", false)?;
        let log_format = match get("SKILLPASS_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError {
                    variable: "SKILLPASS_LOG_FORMAT",
                    value: other.to_owned(),
                    expected: "text or json",
                })
            }
        };
        let public_origin = get("SKILLPASS_PUBLIC_ORIGIN")
            .map(|origin| origin.trim().trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://localhost:{}", listen.port()));
        if !(public_origin.starts_with("http://") || public_origin.starts_with("https://")) {
            return Err(ConfigError {
                variable: "SKILLPASS_PUBLIC_ORIGIN",
                value: public_origin,
                expected: "an origin starting with http:// or https://",
            });
        }
        let secret_key = secret_key(&get, &public_origin)?;
        let trusted_proxies = trusted_proxies(&get)?;
        let limits = rate_limits(&get)?;
        let attendance = attendance_policy(&get)?;
        let subsidy = subsidy_policy(&get)?;
        let face_provider = remote_service(
            &get,
            "SKILLPASS_FACE_PROVIDER_URL",
            "SKILLPASS_FACE_PROVIDER_SECRET",
            FaceProviderSettings::parse,
        )?;
        let sms_gateway = remote_service(
            &get,
            "SKILLPASS_SMS_GATEWAY_URL",
            "SKILLPASS_SMS_GATEWAY_KEY",
            SmsGatewaySettings::parse,
        )?;
        let recommendations = recommendation_policy(&get)?;
        let removal_rules = removal_rules(&get)?;
        Ok(Config {
            removal_rules,
            face_provider,
            sms_gateway,
            recommendations,
            attendance,
            subsidy,
            secret_key,
            trusted_proxies,
            limits,
            listen,
            database_url: get("SKILLPASS_DATABASE_URL")
                .unwrap_or_else(|| Self::DEFAULT_DATABASE_URL.to_owned()),
            database_max_connections,
            public_origin,
            demo_data,
            site_root: get("SKILLPASS_SITE_ROOT")
                .or_else(|| get("LEPTOS_SITE_ROOT"))
                .unwrap_or_else(|| "target/site".to_owned())
                .into(),
            log_format,
        })
    }

    /// Whether cookies must carry `Secure` (everywhere but plain-HTTP
    /// development on localhost).
    pub fn secure_cookies(&self) -> bool {
        self.public_origin.starts_with("https://")
    }
}

/// Whether `origin` is plain-HTTP development on this machine, the only
/// place the public development key may protect anything.
fn is_local_development(origin: &str) -> bool {
    origin == "http://localhost"
        || origin.starts_with("http://localhost:")
        || origin.starts_with("http://localhost/")
}

fn secret_key(
    get: &impl Fn(&str) -> Option<String>,
    public_origin: &str,
) -> Result<SecretKey, ConfigError> {
    match get("SKILLPASS_SECRET_KEY") {
        Some(value) if value.trim().len() >= 32 => Ok(SecretKey {
            bytes: value.trim().as_bytes().to_vec(),
            is_development: false,
        }),
        Some(_) => Err(ConfigError {
            variable: "SKILLPASS_SECRET_KEY",
            value: "***".to_owned(),
            expected: "at least 32 characters (e.g. `openssl rand -hex 32`)",
        }),
        None if is_local_development(public_origin) => Ok(SecretKey {
            bytes: SecretKey::DEVELOPMENT.as_bytes().to_vec(),
            is_development: true,
        }),
        None => Err(ConfigError {
            variable: "SKILLPASS_SECRET_KEY",
            value: String::new(),
            expected: "set (32 or more characters, e.g. `openssl rand -hex 32`) whenever SKILLPASS_PUBLIC_ORIGIN is not http://localhost: the public development key would let anyone forge check-in codes and read ID numbers",
        }),
    }
}

/// The settings of a remote service reached at `url_variable` with the
/// secret in `secret_variable`: both or neither.
fn remote_service<T>(
    get: &impl Fn(&str) -> Option<String>,
    url_variable: &'static str,
    secret_variable: &'static str,
    parse: fn(&str, &str) -> Result<T, &'static str>,
) -> Result<Option<T>, ConfigError> {
    match (get(url_variable), get(secret_variable)) {
        (None, None) => Ok(None),
        (Some(url), Some(secret)) => parse(&url, &secret).map(Some).map_err(|expected| {
            let about_secret = expected.contains("secret");
            ConfigError {
                variable: if about_secret {
                    secret_variable
                } else {
                    url_variable
                },
                value: if about_secret { "***".to_owned() } else { url },
                expected,
            }
        }),
        (None, Some(_)) => Err(ConfigError {
            variable: url_variable,
            value: String::new(),
            expected: "set together with its secret or key",
        }),
        (Some(url), None) => Err(ConfigError {
            variable: secret_variable,
            value: url,
            expected: "set together with the address",
        }),
    }
}

fn recommendation_policy(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<RecommendationPolicy, ConfigError> {
    let defaults = RecommendationPolicy::default();
    let weekly_limit = whole_number(
        get,
        "SKILLPASS_RECOMMENDATIONS_WEEKLY_LIMIT",
        i64::from(defaults.weekly_limit),
        50,
    )?;
    let every = whole_number(
        get,
        "SKILLPASS_DELIVERY_EVERY_SECONDS",
        i64::try_from(defaults.delivery_every_seconds).unwrap_or(5),
        3600,
    )?;
    let quiet_hours = match get("SKILLPASS_RECOMMENDATIONS_QUIET_HOURS") {
        None => defaults.quiet_hours,
        Some(value) => QuietHours::parse(&value).ok_or(ConfigError {
            variable: "SKILLPASS_RECOMMENDATIONS_QUIET_HOURS",
            value,
            expected: "two hours of China time such as 21-8 (from 21:00 until 08:00)",
        })?,
    };
    Ok(RecommendationPolicy {
        quiet_hours,
        weekly_limit: u32::try_from(weekly_limit).unwrap_or(defaults.weekly_limit),
        delivery_every_seconds: u64::try_from(every).unwrap_or(defaults.delivery_every_seconds),
    })
}

fn removal_rules(get: &impl Fn(&str) -> Option<String>) -> Result<RemovalRules, ConfigError> {
    let defaults = RemovalRules::default();
    let percent = |variable, default: f64| {
        whole_number(get, variable, default as i64, 100).map(|percent| percent as f64)
    };
    Ok(RemovalRules {
        min_completion_percent: percent(
            "SKILLPASS_REMOVAL_MIN_COMPLETION_PERCENT",
            defaults.min_completion_percent,
        )?,
        min_employment_percent: percent(
            "SKILLPASS_REMOVAL_MIN_EMPLOYMENT_PERCENT",
            defaults.min_employment_percent,
        )?,
        on_recovered_subsidy: switch(
            get,
            "SKILLPASS_REMOVAL_ON_RECOVERED_SUBSIDY",
            defaults.on_recovered_subsidy,
        )?,
    })
}

fn trusted_proxies(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    let Some(value) = get("SKILLPASS_TRUSTED_PROXIES") else {
        return Ok(Vec::new());
    };
    value
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<ipnet::IpNet>()
                .or_else(|_| part.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| ConfigError {
                    variable: "SKILLPASS_TRUSTED_PROXIES",
                    value: value.clone(),
                    expected:
                        "addresses or networks separated by commas, e.g. 10.0.0.0/8,127.0.0.1",
                })
        })
        .collect()
}

fn rate_limits(get: &impl Fn(&str) -> Option<String>) -> Result<RateLimits, ConfigError> {
    let defaults = RateLimits::default();
    let number =
        |variable: &'static str, default: i64| whole_number(get, variable, default, 1_000_000_000);
    Ok(RateLimits {
        ceremonies_per_address_per_minute: number(
            "SKILLPASS_LIMIT_CEREMONIES_PER_MINUTE",
            defaults.ceremonies_per_address_per_minute,
        )?,
        registrations_per_address_per_hour: number(
            "SKILLPASS_LIMIT_REGISTRATIONS_PER_HOUR",
            defaults.registrations_per_address_per_hour,
        )?,
        registrations_per_phone_per_day: number(
            "SKILLPASS_LIMIT_REGISTRATIONS_PER_PHONE_PER_DAY",
            defaults.registrations_per_phone_per_day,
        )?,
        anonymous_scans_per_address_per_minute: number(
            "SKILLPASS_LIMIT_SCANS_PER_MINUTE",
            defaults.anonymous_scans_per_address_per_minute,
        )?,
        ..defaults
    })
}

/// A whole number from `variable` between 0 and `max`, else `default`.
fn whole_number(
    get: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: i64,
    max: i64,
) -> Result<i64, ConfigError> {
    match get(variable) {
        None => Ok(default),
        Some(value) => value
            .trim()
            .parse()
            .ok()
            .filter(|n| (0..=max).contains(n))
            .ok_or(ConfigError {
                variable,
                value,
                expected: "a whole number within the documented range",
            }),
    }
}

/// `true` or `false` from `variable`, else `default`.
fn switch(
    get: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    match get(variable).as_deref().map(str::trim) {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => Err(ConfigError {
            variable,
            value: other.to_owned(),
            expected: "true or false",
        }),
    }
}

fn subsidy_policy(get: &impl Fn(&str) -> Option<String>) -> Result<SubsidyPolicy, ConfigError> {
    let defaults = SubsidyPolicy::default();
    Ok(SubsidyPolicy {
        min_attendance_percent: whole_number(
            get,
            "SKILLPASS_CLAIM_MIN_ATTENDANCE_PERCENT",
            defaults.min_attendance_percent,
            100,
        )?,
        rating_min_attendance_percent: whole_number(
            get,
            "SKILLPASS_RATING_MIN_ATTENDANCE_PERCENT",
            defaults.rating_min_attendance_percent,
            100,
        )?,
        living_allowance_per_day: app::domain::Fen::from_yuan(whole_number(
            get,
            "SKILLPASS_LIVING_ALLOWANCE_YUAN_PER_DAY",
            defaults.living_allowance_per_day.fen() / 100,
            10_000,
        )?),
        max_staff_percent: whole_number(
            get,
            "SKILLPASS_CLAIM_MAX_STAFF_PERCENT",
            defaults.max_staff_percent,
            100,
        )?,
        max_password_percent: whole_number(
            get,
            "SKILLPASS_CLAIM_MAX_PASSWORD_PERCENT",
            defaults.max_password_percent,
            100,
        )?,
        separate_approval_and_payment: switch(
            get,
            "SKILLPASS_SEPARATE_APPROVAL_AND_PAYMENT",
            defaults.separate_approval_and_payment,
        )?,
    })
}

fn attendance_policy(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<AttendancePolicy, ConfigError> {
    let number =
        |variable: &'static str, default: i64, max: i64| whole_number(get, variable, default, max);
    let defaults = AttendancePolicy::default();
    let minutes = |variable, default: Duration| {
        number(variable, default.num_minutes(), 24 * 60).map(Duration::minutes)
    };
    Ok(AttendancePolicy {
        check_in_opens_before_start: minutes(
            "SKILLPASS_CHECK_IN_OPENS_MINUTES",
            defaults.check_in_opens_before_start,
        )?,
        check_in_closes_after_start: minutes(
            "SKILLPASS_CHECK_IN_CLOSES_MINUTES",
            defaults.check_in_closes_after_start,
        )?,
        check_out_opens_before_end: minutes(
            "SKILLPASS_CHECK_OUT_OPENS_MINUTES",
            defaults.check_out_opens_before_end,
        )?,
        check_out_closes_after_end: minutes(
            "SKILLPASS_CHECK_OUT_CLOSES_MINUTES",
            defaults.check_out_closes_after_end,
        )?,
        scan_grace: Duration::seconds(number(
            "SKILLPASS_SCAN_GRACE_SECONDS",
            defaults.scan_grace.num_seconds(),
            3600,
        )?),
        venue_radius_m: number(
            "SKILLPASS_VENUE_RADIUS_METRES",
            defaults.venue_radius_m as i64,
            100_000,
        )? as f64,
        relay_threshold: number("SKILLPASS_RELAY_THRESHOLD", defaults.relay_threshold, 1_000)?
            .max(1),
        roll_calls: RollCallPolicy {
            per_session: number(
                "SKILLPASS_ROLL_CALLS_PER_SESSION",
                defaults.roll_calls.per_session,
                10,
            )?,
            window: minutes("SKILLPASS_ROLL_CALL_MINUTES", defaults.roll_calls.window)?
                .max(Duration::minutes(1)),
        },
    })
}

/// The database URL with any password replaced, for logs.
pub fn redact_database_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            if credentials.contains(':') {
                format!("{scheme}://{user}:***@{host}")
            } else {
                format!("{scheme}://{user}@{host}")
            }
        }
        None => url.to_owned(),
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("database_url", &redact_database_url(&self.database_url))
            .field("database_max_connections", &self.database_max_connections)
            .field("public_origin", &self.public_origin)
            .field("demo_data", &self.demo_data)
            .field("site_root", &self.site_root)
            .field("log_format", &self.log_format)
            .field("secret_key", &self.secret_key)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("limits", &self.limits)
            .field("attendance", &self.attendance)
            .field("subsidy", &self.subsidy)
            .field("face_provider", &self.face_provider)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn nothing_set_gives_a_local_sqlite_server_on_port_3000() {
        let config = config(&[]).expect("defaults are valid");
        assert_eq!(config.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, "sqlite://data/skillpass.db");
        assert_eq!(config.public_origin, "http://localhost:3000");
        assert!(!config.demo_data);
        assert!(!config.secure_cookies());
    }

    #[test]
    fn environment_variables_override_the_defaults() {
        let config = config(&[
            ("SKILLPASS_LISTEN", "0.0.0.0:8080"),
            (
                "SKILLPASS_DATABASE_URL",
                "postgres://app:secret@db/skillpass",
            ),
            ("SKILLPASS_PUBLIC_ORIGIN", "https://skillpass.example.cn/"),
            ("SKILLPASS_DEMO_DATA", "true"),
            (
                "SKILLPASS_SECRET_KEY",
                "a-production-secret-of-at-least-32-bytes",
            ),
        ])
        .expect("valid settings");
        assert_eq!(config.listen.port(), 8080);
        assert_eq!(config.public_origin, "https://skillpass.example.cn");
        assert!(config.demo_data);
        assert!(config.secure_cookies());
    }

    #[test]
    fn bad_values_name_the_variable() {
        let error = config(&[("SKILLPASS_LISTEN", "port 80")]).expect_err("refused");
        assert_eq!(error.variable, "SKILLPASS_LISTEN");
        let error = config(&[("SKILLPASS_DEMO_DATA", "perhaps")]).expect_err("refused");
        assert_eq!(error.variable, "SKILLPASS_DEMO_DATA");
        let error = config(&[("SKILLPASS_PUBLIC_ORIGIN", "skillpass.cn")]).expect_err("refused");
        assert_eq!(error.variable, "SKILLPASS_PUBLIC_ORIGIN");
        let error = config(&[("SKILLPASS_VENUE_RADIUS_METRES", "-5")]).expect_err("refused");
        assert_eq!(error.variable, "SKILLPASS_VENUE_RADIUS_METRES");
    }

    #[test]
    fn check_in_windows_default_to_thirty_before_and_fifteen_after_the_start() {
        let policy = config(&[]).expect("defaults").attendance;
        assert_eq!(policy.check_in_opens_before_start, Duration::minutes(30));
        assert_eq!(policy.check_in_closes_after_start, Duration::minutes(15));
        let policy = config(&[("SKILLPASS_CHECK_OUT_OPENS_MINUTES", "240")])
            .expect("valid")
            .attendance;
        assert_eq!(policy.check_out_opens_before_end, Duration::minutes(240));
    }

    #[test]
    fn one_roll_call_of_three_minutes_per_session_by_default_and_zero_turns_them_off() {
        let policy = config(&[]).expect("defaults").attendance.roll_calls;
        assert_eq!(
            (policy.per_session, policy.window),
            (1, Duration::minutes(3))
        );
        let policy = config(&[
            ("SKILLPASS_ROLL_CALLS_PER_SESSION", "0"),
            ("SKILLPASS_ROLL_CALL_MINUTES", "5"),
        ])
        .expect("valid")
        .attendance
        .roll_calls;
        assert_eq!(
            (policy.per_session, policy.window),
            (0, Duration::minutes(5))
        );
        let error = config(&[("SKILLPASS_ROLL_CALLS_PER_SESSION", "11")]).expect_err("refused");
        assert_eq!(error.variable, "SKILLPASS_ROLL_CALLS_PER_SESSION");
    }

    #[test]
    fn subsidy_rules_default_to_eighty_percent_attendance_and_half_the_sessions_to_rate() {
        let policy = config(&[]).expect("defaults").subsidy;
        assert_eq!(policy.min_attendance_percent, 80);
        assert_eq!(policy.rating_min_attendance_percent, 50);
        let policy = config(&[("SKILLPASS_LIVING_ALLOWANCE_YUAN_PER_DAY", "45")])
            .expect("valid")
            .subsidy;
        assert_eq!(policy.living_allowance_per_day.fen(), 4_500);
        let error =
            config(&[("SKILLPASS_CLAIM_MIN_ATTENDANCE_PERCENT", "120")]).expect_err("refused");
        assert_eq!(error.variable, "SKILLPASS_CLAIM_MIN_ATTENDANCE_PERCENT");
    }

    #[test]
    fn the_secret_key_must_be_long_and_never_appears_in_debug_output() {
        let error = config(&[("SKILLPASS_SECRET_KEY", "short")]).expect_err("refused");
        assert_eq!(error.variable, "SKILLPASS_SECRET_KEY");
        assert!(!error.to_string().contains("short"));
        let key = "k".repeat(40);
        let config = config(&[("SKILLPASS_SECRET_KEY", &key)]).expect("valid");
        assert!(!config.secret_key.is_development);
        assert!(!format!("{config:?}").contains(&key));
    }

    #[test]
    fn a_public_origin_without_a_secret_key_refuses_to_start() {
        let error = config(&[("SKILLPASS_PUBLIC_ORIGIN", "https://skillpass.example.cn")])
            .expect_err("refused");
        assert_eq!(error.variable, "SKILLPASS_SECRET_KEY");
        assert!(error.to_string().contains("SKILLPASS_PUBLIC_ORIGIN"));
        let error = config(&[("SKILLPASS_PUBLIC_ORIGIN", "http://10.0.0.5:3000")])
            .expect_err("a LAN address is not development");
        assert_eq!(error.variable, "SKILLPASS_SECRET_KEY");
        let error = config(&[("SKILLPASS_PUBLIC_ORIGIN", "http://localhost.example.cn")])
            .expect_err("a look-alike host is not localhost");
        assert_eq!(error.variable, "SKILLPASS_SECRET_KEY");
        let local = config(&[("SKILLPASS_PUBLIC_ORIGIN", "http://localhost:8080")])
            .expect("development on localhost");
        assert!(local.secret_key.is_development);
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let config =
            config(&[("SKILLPASS_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")]).expect("valid");
        assert_eq!(config.trusted_proxies.len(), 2);
        let error = config_error(&[("SKILLPASS_TRUSTED_PROXIES", "proxy.local")]);
        assert_eq!(error.variable, "SKILLPASS_TRUSTED_PROXIES");
    }

    fn config_error(vars: &[(&str, &str)]) -> ConfigError {
        config(vars).expect_err("refused")
    }

    #[test]
    fn the_database_password_never_appears_in_debug_output() {
        let config = config(&[(
            "SKILLPASS_DATABASE_URL",
            "postgres://app:s3cret@db:5432/skillpass",
        )])
        .expect("valid settings");
        let printed = format!("{config:?}");
        assert!(!printed.contains("s3cret"), "{printed}");
        assert!(printed.contains("postgres://app:***@db:5432/skillpass"));
    }
}
