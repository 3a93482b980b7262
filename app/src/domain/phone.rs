//! Mainland telephone numbers.

use serde::{Deserialize, Serialize};

use super::{error::excerpt, InputError};

/// A mainland mobile number (11 digits starting 13 to 19) or a landline with
/// its area code (0591-87654321, 059187654321), optionally with an
/// extension after `-` or `转`. Stored in one canonical spelling.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts spaces and an optional `+86` prefix around a mobile number.
    pub fn parse(input: &str) -> Result<Self, InputError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let bad = || InputError::PhoneFormat {
            value: excerpt(input.trim()),
        };
        let national = compact
            .strip_prefix("+86")
            .or_else(|| compact.strip_prefix("0086"))
            .unwrap_or(&compact);
        if is_mobile(national) {
            return Ok(PhoneNumber(national.to_owned()));
        }
        parse_landline(national).map(PhoneNumber).ok_or_else(bad)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a mobile number (can receive text messages).
    pub fn is_mobile(&self) -> bool {
        is_mobile(&self.0)
    }

    /// A `tel:` link target, digits only, so a tap on the phone dials it.
    pub fn tel_uri(&self) -> String {
        tel_uri(&self.0)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, InputError> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> String {
        value.0
    }
}

/// A `tel:` URI for a stored phone number: digits, with `,` before an
/// extension so the dialler waits.
pub fn tel_uri(number: &str) -> String {
    let mut uri = String::from("tel:");
    let mut parts = number.splitn(2, '转');
    uri.extend(
        parts
            .next()
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_digit),
    );
    if let Some(extension) = parts.next() {
        uri.push(',');
        uri.push_str(extension);
    }
    uri
}

fn is_mobile(digits: &str) -> bool {
    let bytes = digits.as_bytes();
    bytes.len() == 11
        && bytes[0] == b'1'
        && (b'3'..=b'9').contains(&bytes[1])
        && bytes.iter().all(u8::is_ascii_digit)
}

/// Area code 0 + 2 or 3 digits, local number of 7 or 8 digits, optional
/// extension of 1 to 6 digits. Returns `0591-87654321[转123]`.
fn parse_landline(input: &str) -> Option<String> {
    let (main, extension) = match input.split_once('转') {
        Some((main, ext)) => (main, Some(ext)),
        None => (input, None),
    };
    let mut groups = main.split('-');
    let first = groups.next()?;
    let (area, local, dash_extension) = match (groups.next(), groups.next()) {
        (Some(local), ext) => (first, local, ext),
        (None, None) => split_area_code(first)?,
        (None, Some(_)) => return None,
    };
    if groups.next().is_some() {
        return None;
    }
    let extension = match (extension, dash_extension) {
        (Some(_), Some(_)) => return None,
        (ext, dash) => ext.or(dash),
    };
    let digits = |s: &str, range: std::ops::RangeInclusive<usize>| {
        range.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let area_ok = digits(area, 3..=4) && area.starts_with('0') && !area.starts_with("00");
    let local_ok = digits(local, 7..=8) && !local.starts_with('0');
    let extension_ok = extension.is_none_or(|ext| digits(ext, 1..=6));
    if !(area_ok && local_ok && extension_ok) {
        return None;
    }
    let mut canonical = format!("{area}-{local}");
    if let Some(ext) = extension {
        canonical.push('转');
        canonical.push_str(ext);
    }
    Some(canonical)
}

/// Splits an undashed landline: three-digit area codes are 010 and 02x,
/// every other area code has four digits.
fn split_area_code(number: &str) -> Option<(&str, &str, Option<&str>)> {
    if !number.is_ascii() || number.len() < 10 {
        return None;
    }
    let area_len = if number.starts_with("010") || number.starts_with("02") {
        3
    } else {
        4
    };
    Some((&number[..area_len], &number[area_len..], None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> String {
        PhoneNumber::parse(input)
            .map(String::from)
            .unwrap_or_else(|e| panic!("{input:?} should be accepted: {e}"))
    }

    #[test]
    fn mobile_numbers_are_accepted_with_spaces_or_country_code() {
        assert_eq!(ok("13800138000"), "13800138000");
        assert_eq!(ok("138 0013 8000"), "13800138000");
        assert_eq!(ok("+86 138 0013 8000"), "13800138000");
        assert!(PhoneNumber::parse("13800138000").is_ok_and(|p| p.is_mobile()));
    }

    #[test]
    fn landlines_are_stored_with_a_dash_after_the_area_code() {
        assert_eq!(ok("0591-87654321"), "0591-87654321");
        assert_eq!(ok("059187654321"), "0591-87654321");
        assert_eq!(ok("0592-5123456"), "0592-5123456");
        assert_eq!(ok("02188889999"), "021-88889999");
        assert_eq!(ok("0591-87654321-802"), "0591-87654321转802");
        assert_eq!(ok("0591-87654321转802"), "0591-87654321转802");
    }

    #[test]
    fn malformed_numbers_are_rejected() {
        for bad in [
            "",
            "12800138000",
            "1380013800",
            "138001380001",
            "phone",
            "0591-0765432",
            "591-87654321",
            "0591-876543",
            "0591-87654321-1234567",
            "0591-8765-4321-1",
            "0591-87654321转12-3",
        ] {
            assert!(
                matches!(PhoneNumber::parse(bad), Err(InputError::PhoneFormat { .. })),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn the_tel_link_has_digits_only_and_pauses_before_an_extension() {
        assert_eq!(tel_uri("0591-87654321"), "tel:059187654321");
        assert_eq!(tel_uri("0591-87654321转802"), "tel:059187654321,802");
        assert_eq!(tel_uri("13800138000"), "tel:13800138000");
    }
}
