//! Free-text fields with a length limit.

use serde::{Deserialize, Serialize};

use super::{error::excerpt, Field, InputError};

/// Trims `input` and checks it is non-empty (when `required`) and at most
/// `max` characters long.
pub(crate) fn bounded(
    field: Field,
    input: &str,
    max: usize,
    required: bool,
) -> Result<String, InputError> {
    let trimmed = input.trim();
    if required && trimmed.is_empty() {
        return Err(InputError::Required { field });
    }
    if trimmed.chars().count() > max {
        return Err(InputError::TooLong { field, max });
    }
    Ok(trimmed.to_owned())
}

/// Declares a text newtype with a private field, a `parse` and `as_str`.
macro_rules! text_type {
    ($(#[$meta:meta])* $name:ident, $field:expr, max = $max:literal, required = $required:literal) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Longest accepted value, in characters.
            pub const MAX_CHARS: usize = $max;

            /// Trims and checks the value.
            pub fn parse(input: &str) -> Result<Self, InputError> {
                bounded($field, input, $max, $required).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InputError;
            fn try_from(value: String) -> Result<Self, InputError> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_type!(
    /// 职业（工种）名称, e.g. 育婴员 or SYB创业培训.
    OccupationName, Field::OccupationName, max = 50, required = true
);
text_type!(
    /// 机构（单位）名称.
    InstitutionName, Field::InstitutionName, max = 80, required = true
);
text_type!(
    /// A postal address.
    Address, Field::Address, max = 120, required = true
);
text_type!(
    /// 联系人.
    ContactPerson, Field::ContactPerson, max = 30, required = true
);
text_type!(
    /// 备注: optional, may be empty.
    Remarks, Field::Remarks, max = 500, required = false
);

/// A search term: trimmed, at most 40 characters, empty meaning "no search".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchText(String);

impl SearchText {
    pub const MAX_CHARS: usize = 40;

    /// `None` for a blank term.
    pub fn parse(input: &str) -> Result<Option<Self>, InputError> {
        let text = bounded(Field::SearchText, input, Self::MAX_CHARS, false)?;
        Ok((!text.is_empty()).then_some(SearchText(text)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `LIKE` pattern matching the term anywhere, lower-cased, with `%`,
    /// `_` and `\` escaped (use with `ESCAPE '\'`).
    pub fn like_pattern(&self) -> String {
        let mut pattern = String::with_capacity(self.0.len() + 2);
        pattern.push('%');
        for ch in self.0.to_lowercase().chars() {
            if matches!(ch, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(ch);
        }
        pattern.push('%');
        pattern
    }
}

/// Reads a yes/no query value: `1/true/on/yes` or `0/false/off/no`;
/// blank means no.
pub fn parse_flag(field: Field, input: &str) -> Result<bool, InputError> {
    match input.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "off" | "no" => Ok(false),
        "1" | "true" | "on" | "yes" => Ok(true),
        _ => Err(InputError::NotAFlag {
            field,
            value: excerpt(input.trim()),
        }),
    }
}

/// Reads a whole number in `min..=max`.
pub fn parse_bounded_int(field: Field, input: &str, min: i64, max: i64) -> Result<i64, InputError> {
    let trimmed = input.trim();
    let value: i64 = trimmed.parse().map_err(|_| InputError::NotANumber {
        field,
        value: excerpt(trimmed),
    })?;
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(InputError::OutOfRange { field, min, max })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_an_empty_required_text_is_refused() {
        assert_eq!(
            InstitutionName::parse("  福州技师学院 ").map(String::from),
            Ok("福州技师学院".to_owned())
        );
        assert_eq!(
            InstitutionName::parse("   "),
            Err(InputError::Required {
                field: Field::InstitutionName
            })
        );
    }

    #[test]
    fn text_longer_than_its_limit_is_refused_counting_characters_not_bytes() {
        let fifty_han = "育".repeat(50);
        assert!(OccupationName::parse(&fifty_han).is_ok());
        assert_eq!(
            OccupationName::parse(&format!("{fifty_han}员")),
            Err(InputError::TooLong {
                field: Field::OccupationName,
                max: 50
            })
        );
    }

    #[test]
    fn remarks_may_be_empty() {
        assert_eq!(Remarks::parse("").map(String::from), Ok(String::new()));
    }

    #[test]
    fn a_blank_search_is_no_search_and_wildcards_are_escaped() {
        assert_eq!(SearchText::parse("  "), Ok(None));
        let text = SearchText::parse("育婴").ok().flatten();
        assert_eq!(text.map(|t| t.like_pattern()), Some("%育婴%".to_owned()));
        let wild = SearchText::parse("50%_a\\").ok().flatten();
        assert_eq!(
            wild.map(|t| t.like_pattern()),
            Some("%50\\%\\_a\\\\%".to_owned())
        );
        let upper = SearchText::parse("SYB").ok().flatten();
        assert_eq!(upper.map(|t| t.like_pattern()), Some("%syb%".to_owned()));
    }

    #[test]
    fn a_search_longer_than_forty_characters_is_refused() {
        assert!(SearchText::parse(&"电".repeat(41)).is_err());
    }

    #[test]
    fn flags_accept_the_usual_spellings_and_refuse_anything_else() {
        assert_eq!(parse_flag(Field::Urgent, "on"), Ok(true));
        assert_eq!(parse_flag(Field::Urgent, "TRUE"), Ok(true));
        assert_eq!(parse_flag(Field::Urgent, ""), Ok(false));
        assert_eq!(parse_flag(Field::Urgent, "0"), Ok(false));
        assert!(matches!(
            parse_flag(Field::Urgent, "maybe"),
            Err(InputError::NotAFlag { .. })
        ));
    }

    #[test]
    fn numbers_outside_their_range_or_not_numbers_are_refused() {
        assert_eq!(parse_bounded_int(Field::Page, "3", 1, 10), Ok(3));
        assert_eq!(
            parse_bounded_int(Field::Page, "0", 1, 10),
            Err(InputError::OutOfRange {
                field: Field::Page,
                min: 1,
                max: 10
            })
        );
        assert!(matches!(
            parse_bounded_int(Field::Page, "abc", 1, 10),
            Err(InputError::NotANumber { .. })
        ));
        assert!(matches!(
            parse_bounded_int(Field::Page, "99999999999999999999", 1, 10),
            Err(InputError::NotANumber { .. })
        ));
    }
}
