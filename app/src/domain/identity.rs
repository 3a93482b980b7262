//! Who a person is: resident ID numbers (GB 11643), mobile numbers, real
//! names, and the roles people act in.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{code_enum::code_enum, error::excerpt, Field, IdNumberProblem, InputError};

/// A calendar date, as the ID number's birth date and as "today" for the
/// checks that need it (kept free of chrono so the browser shares it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CalendarDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl CalendarDate {
    /// The date of `now` (UTC): the bound for birth dates.
    #[cfg(feature = "ssr")]
    pub fn of(now: chrono::DateTime<chrono::Utc>) -> CalendarDate {
        use chrono::Datelike;
        CalendarDate {
            year: now.year() as u16,
            month: now.month() as u8,
            day: now.day() as u8,
        }
    }

    /// `None` unless the day exists (leap years included).
    pub fn new(year: u16, month: u8, day: u8) -> Option<CalendarDate> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then_some(CalendarDate { year, month, day })
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A resident identity card number (居民身份证号码, GB 11643-1999):
/// 6-digit region, 8-digit birth date, 3-digit sequence, check character
/// (0-9 or X). Personal data: its `Debug` shows only the masked form, and
/// it is never serialised whole.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

/// Province-level codes in use (first two digits).
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS: &[u8; 11] = b"10X98765432";

impl IdNumber {
    /// Checks length, characters, region, birth date (a real day between
    /// 1900-01-01 and `today`) and the check character. A lower-case x is
    /// accepted; spaces around are ignored.
    pub fn parse(input: &str, today: CalendarDate) -> Result<IdNumber, InputError> {
        let text = input.trim().to_ascii_uppercase();
        let problem = |problem| InputError::IdNumber { problem };
        let chars = text.chars().count();
        if chars != 18 {
            return Err(problem(IdNumberProblem::Length { found: chars }));
        }
        let bytes = text.as_bytes();
        if let Some(position) = bytes
            .iter()
            .enumerate()
            .position(|(i, b)| !(b.is_ascii_digit() || (i == 17 && *b == b'X')))
        {
            return Err(problem(IdNumberProblem::Character {
                position: position + 1,
            }));
        }
        let digit = |i: usize| u32::from(bytes[i] - b'0');
        let province = (digit(0) * 10 + digit(1)) as u8;
        if !PROVINCES.contains(&province) {
            return Err(problem(IdNumberProblem::Region));
        }
        let number = |range: std::ops::Range<usize>| range.fold(0, |n, i| n * 10 + digit(i));
        CalendarDate::new(
            number(6..10) as u16,
            number(10..12) as u8,
            number(12..14) as u8,
        )
        .filter(|date| date.year >= 1900 && *date <= today)
        .ok_or(problem(IdNumberProblem::BirthDate))?;
        let sum: u32 = (0..17).map(|i| digit(i) * WEIGHTS[i]).sum();
        if CHECK_CHARACTERS[(sum % 11) as usize] != bytes[17] {
            return Err(problem(IdNumberProblem::CheckDigit));
        }
        Ok(IdNumber(text))
    }

    /// The full number, for encryption and the keyed look-up hash only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Shown instead of the number: first 4 and last 4 characters,
    /// `3501**********1234`.
    pub fn masked(&self) -> String {
        mask_id_number(&self.0)
    }

    /// The birth date written in the number.
    pub fn birth_date(&self) -> CalendarDate {
        let b = self.0.as_bytes();
        let n = |r: std::ops::Range<usize>| r.fold(0u32, |n, i| n * 10 + u32::from(b[i] - b'0'));
        CalendarDate {
            year: n(6..10) as u16,
            month: n(10..12) as u8,
            day: n(12..14) as u8,
        }
    }
}

/// Masks any ID number text: first 4 and last 4 characters kept.
pub fn mask_id_number(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let mut masked: String = chars[..4].iter().collect();
    masked.push_str(&"*".repeat(chars.len() - 8));
    masked.extend(&chars[chars.len() - 4..]);
    masked
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IdNumber").field(&self.masked()).finish()
    }
}

/// A mainland mobile number: 11 digits, 1 then 3-9.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MobileNumber(String);

impl MobileNumber {
    /// Accepts spaces, dashes and a +86 prefix.
    pub fn parse(input: &str) -> Result<MobileNumber, InputError> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        let national = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("0086"))
            .unwrap_or(&digits);
        let bytes = national.as_bytes();
        let valid = bytes.len() == 11
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1])
            && bytes.iter().all(u8::is_ascii_digit);
        if valid {
            Ok(MobileNumber(national.to_owned()))
        } else {
            Err(InputError::MobileFormat {
                value: excerpt(input.trim()),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****8000`, for lists.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl TryFrom<String> for MobileNumber {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, InputError> {
        Self::parse(&value)
    }
}

impl From<MobileNumber> for String {
    fn from(value: MobileNumber) -> String {
        value.0
    }
}

/// A real name as on the ID card: 2 to 30 characters, Chinese characters,
/// letters, spaces and the middle dot of minority and foreign names.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RealName(String);

impl RealName {
    pub fn parse(input: &str) -> Result<RealName, InputError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(InputError::Required {
                field: Field::RealName,
            });
        }
        let count = name.chars().count();
        if count > 30 {
            return Err(InputError::TooLong {
                field: Field::RealName,
                max: 30,
            });
        }
        let allowed = |c: char| c.is_alphabetic() || matches!(c, '·' | '•' | ' ' | '.');
        if count < 2 || !name.chars().all(allowed) {
            return Err(InputError::RealNameFormat {
                value: excerpt(name),
            });
        }
        Ok(RealName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for RealName {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, InputError> {
        Self::parse(&value)
    }
}

impl From<RealName> for String {
    fn from(value: RealName) -> String {
        value.0
    }
}

code_enum! {
    /// What someone may do on the shared server.
    pub enum Role for Field::Role {
        Worker = "worker";
        Institution = "institution";
        Employer = "employer";
        Bureau = "bureau";
        Province = "province";
        /// A third-party supervisor (第三方监管) a bureau engages: reads
        /// its city's classes and files process inspections.
        Supervisor = "supervisor";
    }
}

/// A password of the fallback sign-in: 8 to 128 characters. Its `Debug`
/// never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str) -> Result<Password, InputError> {
        let count = input.chars().count();
        if count < Self::MIN_CHARS {
            return Err(InputError::PasswordTooShort {
                min: Self::MIN_CHARS,
            });
        }
        if count > Self::MAX_CHARS {
            return Err(InputError::TooLong {
                field: Field::Password,
                max: Self::MAX_CHARS,
            });
        }
        Ok(Password(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A staff member's sign-in name: 3 to 32 of `a-z 0-9 - _`, case folded.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Username, InputError> {
        let name = input.trim().to_ascii_lowercase();
        let valid = (3..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if valid {
            Ok(Username(name))
        } else {
            Err(InputError::UsernameFormat {
                value: excerpt(input.trim()),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, InputError> {
        Self::parse(&value)
    }
}

impl From<Username> for String {
    fn from(value: Username) -> String {
        value.0
    }
}

/// A one-time code handed over in person (account recovery, staff
/// enrolment): 8 digits, spaces and dashes ignored.
#[derive(Clone, PartialEq, Eq)]
pub struct OneTimeCode(String);

impl OneTimeCode {
    pub fn parse(input: &str) -> Result<OneTimeCode, InputError> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(OneTimeCode(digits))
        } else {
            Err(InputError::OneTimeCodeFormat)
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for OneTimeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OneTimeCode(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: CalendarDate = CalendarDate {
        year: 2026,
        month: 11,
        day: 24,
    };

    /// Appends the right check character to 17 digits.
    fn with_check(first17: &str) -> String {
        let sum: u32 = first17
            .bytes()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        format!("{first17}{}", CHECK_CHARACTERS[(sum % 11) as usize] as char)
    }

    fn problem(input: &str) -> Option<IdNumberProblem> {
        match IdNumber::parse(input, TODAY) {
            Err(InputError::IdNumber { problem }) => Some(problem),
            _ => None,
        }
    }

    #[test]
    fn the_standard_example_number_is_accepted() {
        // The worked example of GB 11643-1999.
        assert!(IdNumber::parse("11010519491231002X", TODAY).is_ok());
        assert!(
            IdNumber::parse(" 11010519491231002x ", TODAY).is_ok(),
            "lower-case x and spaces"
        );
    }

    #[test]
    fn a_wrong_check_character_is_rejected() {
        assert_eq!(
            problem("110105194912310021"),
            Some(IdNumberProblem::CheckDigit)
        );
    }

    #[test]
    fn a_number_of_the_wrong_length_says_how_long_it_was() {
        assert_eq!(
            problem("35010219900101123"),
            Some(IdNumberProblem::Length { found: 17 })
        );
        assert_eq!(problem(""), Some(IdNumberProblem::Length { found: 0 }));
    }

    #[test]
    fn a_letter_inside_the_number_names_its_position() {
        assert_eq!(
            problem("3501021990A101123X"),
            Some(IdNumberProblem::Character { position: 11 })
        );
        assert_eq!(
            problem("X50102199001011234"),
            Some(IdNumberProblem::Character { position: 1 })
        );
    }

    #[test]
    fn impossible_or_future_birth_dates_are_rejected() {
        assert_eq!(
            problem(&with_check("35010219900230123")),
            Some(IdNumberProblem::BirthDate),
            "30 February"
        );
        assert_eq!(
            problem(&with_check("35010220271201123")),
            Some(IdNumberProblem::BirthDate),
            "future"
        );
        assert_eq!(
            problem(&with_check("35010218991231123")),
            Some(IdNumberProblem::BirthDate),
            "before 1900"
        );
        assert!(
            IdNumber::parse(&with_check("35010220000229123"), TODAY).is_ok(),
            "a leap day"
        );
    }

    #[test]
    fn an_unknown_province_is_rejected() {
        assert_eq!(
            problem(&with_check("99010219900101123")),
            Some(IdNumberProblem::Region)
        );
    }

    #[test]
    fn an_id_number_is_shown_and_debugged_only_masked() {
        let number = IdNumber::parse(&with_check("35010219900101123"), TODAY).expect("valid");
        assert_eq!(number.masked().len(), 18);
        assert!(number.masked().starts_with("3501**********"));
        assert!(!format!("{number:?}").contains("19900101"));
        assert_eq!(
            number.birth_date(),
            CalendarDate {
                year: 1990,
                month: 1,
                day: 1
            }
        );
    }

    #[test]
    fn mobile_numbers_are_eleven_digits_starting_13_to_19() {
        assert_eq!(
            MobileNumber::parse("+86 138-0013-8000").map(String::from),
            Ok("13800138000".to_owned())
        );
        assert_eq!(
            MobileNumber::parse("13800138000").map(|m| m.masked()),
            Ok("138****8000".to_owned())
        );
        for bad in [
            "12800138000",
            "1380013800",
            "0591-87654321",
            "1380013800a",
            "",
        ] {
            assert!(
                matches!(
                    MobileNumber::parse(bad),
                    Err(InputError::MobileFormat { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn real_names_allow_chinese_letters_and_the_middle_dot() {
        assert!(RealName::parse("王小明").is_ok());
        assert!(RealName::parse("阿依古丽·买买提").is_ok());
        assert!(RealName::parse("Li Na").is_ok());
        assert!(matches!(
            RealName::parse("王"),
            Err(InputError::RealNameFormat { .. })
        ));
        assert!(matches!(
            RealName::parse("王小明1"),
            Err(InputError::RealNameFormat { .. })
        ));
        assert_eq!(
            RealName::parse(" "),
            Err(InputError::Required {
                field: Field::RealName
            })
        );
    }

    #[test]
    fn passwords_need_eight_characters_and_never_show_in_debug() {
        assert_eq!(
            Password::parse("short"),
            Err(InputError::PasswordTooShort { min: 8 })
        );
        let password = Password::parse("correct horse").expect("long enough");
        assert_eq!(format!("{password:?}"), "Password(***)");
    }

    #[test]
    fn user_names_are_short_lower_case_words() {
        assert_eq!(
            Username::parse(" FZ-Bureau_1 ").map(String::from),
            Ok("fz-bureau_1".to_owned())
        );
        for bad in ["ab", "has space", "中文名", &"a".repeat(33)] {
            assert!(
                matches!(Username::parse(bad), Err(InputError::UsernameFormat { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn one_time_codes_are_eight_digits_and_hidden_in_debug() {
        let code = OneTimeCode::parse("1234-5678").expect("valid");
        assert_eq!(code.expose(), "12345678");
        assert_eq!(format!("{code:?}"), "OneTimeCode(***)");
        assert_eq!(
            OneTimeCode::parse("1234567"),
            Err(InputError::OneTimeCodeFormat)
        );
        assert_eq!(
            OneTimeCode::parse("1234567a"),
            Err(InputError::OneTimeCodeFormat)
        );
    }

    #[test]
    fn dates_know_month_lengths_and_leap_years() {
        assert!(CalendarDate::new(2024, 2, 29).is_some());
        assert!(CalendarDate::new(2023, 2, 29).is_none());
        assert!(CalendarDate::new(1900, 2, 29).is_none());
        assert!(CalendarDate::new(2000, 2, 29).is_some());
        assert!(CalendarDate::new(2024, 4, 31).is_none());
        assert!(CalendarDate::new(2024, 13, 1).is_none());
    }
}
