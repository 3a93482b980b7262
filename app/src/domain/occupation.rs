//! Occupation (work type) codes of the national occupational classification.

use serde::{Deserialize, Serialize};

use super::{error::excerpt, InputError, OccupationName};

/// 职业（工种）编码 of the national occupational classification (2022):
/// `d-dd-dd-dd`, a work type may add `-dd` (育婴员 4-10-01-02).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OccupationCode(String);

impl OccupationCode {
    /// Accepts `d-dd-dd-dd` or `d-dd-dd-dd-dd`, digits only, after trimming.
    pub fn parse(input: &str) -> Result<Self, InputError> {
        let trimmed = input.trim();
        let groups: Vec<&str> = trimmed.split('-').collect();
        let well_formed = matches!(groups.len(), 4 | 5)
            && groups.iter().enumerate().all(|(i, group)| {
                let width = if i == 0 { 1 } else { 2 };
                group.len() == width && group.bytes().all(|b| b.is_ascii_digit())
            });
        if well_formed {
            Ok(OccupationCode(trimmed.to_owned()))
        } else {
            Err(InputError::OccupationCodeFormat {
                value: excerpt(trimmed),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The major category (the first digit), e.g. 4 for social production
    /// services and life services.
    pub fn major_group(&self) -> u8 {
        self.0.as_bytes()[0] - b'0'
    }
}

impl TryFrom<String> for OccupationCode {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, InputError> {
        Self::parse(&value)
    }
}

impl From<OccupationCode> for String {
    fn from(value: OccupationCode) -> String {
        value.0
    }
}

impl std::fmt::Display for OccupationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What links a course row to the institutions that may train it: the
/// occupation code where there is one, the name otherwise (SYB and other
/// certificates without a code).
pub fn occupation_key(code: Option<&OccupationCode>, name: &OccupationName) -> String {
    match code {
        Some(code) => code.as_str().to_owned(),
        None => format!("name:{}", name.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_example_code_is_accepted() {
        let code = OccupationCode::parse("4-10-01-02");
        assert_eq!(code.as_ref().map(OccupationCode::as_str), Ok("4-10-01-02"));
        assert_eq!(code.map(|c| c.major_group()), Ok(4));
    }

    #[test]
    fn a_work_type_code_with_a_fifth_group_is_accepted() {
        assert!(OccupationCode::parse(" 4-01-02-07-04 ").is_ok());
    }

    #[test]
    fn codes_with_wrong_group_widths_or_letters_are_rejected() {
        for bad in [
            "",
            "4",
            "4-10-01",
            "4-10-1-02",
            "41-10-01-02",
            "4-10-01-02-3",
            "4-10-01-0a",
            "4_10_01_02",
            "4-10-01-02-03-04",
            "４-10-01-02",
            "4--01-02",
        ] {
            assert!(
                matches!(
                    OccupationCode::parse(bad),
                    Err(InputError::OccupationCodeFormat { .. })
                ),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn the_key_is_the_code_or_else_the_name() {
        let name = OccupationName::parse("SYB创业培训").expect("valid name");
        assert_eq!(occupation_key(None, &name), "name:SYB创业培训");
        let code = OccupationCode::parse("6-31-01-03").expect("valid code");
        assert_eq!(occupation_key(Some(&code), &name), "6-31-01-03");
    }
}
