//! Process inspections (过程检查, measure 3 of 闽人社发〔2024〕2号): what an
//! inspector records about a class session, what an institution answers
//! to a rectification order, and which files pass as an inspection's
//! photos.

use serde::{Deserialize, Serialize};

use super::{code_enum::code_enum, parse_bounded_int, text::bounded, Field, InputError};

code_enum! {
    /// How an inspection is made.
    pub enum InspectionMode for Field::InspectionMode {
        OnSite = "on_site";
        Remote = "remote";
    }
}

code_enum! {
    /// An inspection's result: 合格, 整改 (the institution must answer with
    /// what it changed) or 不合格.
    pub enum InspectionResult for Field::InspectionResult {
        Pass = "pass";
        Rectify = "rectify";
        Fail = "fail";
    }
}

code_enum! {
    /// Where an inspection stands: planned, or done with its findings.
    pub enum InspectionStatus for Field::InspectionResult {
        Scheduled = "scheduled";
        Recorded = "recorded";
    }
}

/// The most people an inspector may count in one room.
pub const MAX_INSPECTION_HEADCOUNT: i64 = 1000;
/// Longest note on teaching that did not match the plan, in characters.
pub const TEACHING_NOTE_MAX: usize = 500;
/// Longest findings, in characters.
pub const FINDINGS_MAX: usize = 2000;
/// Longest answer to a rectification order, in characters.
pub const ANSWER_MAX: usize = 1000;
/// Largest photo, in bytes (2 MB).
pub const MAX_PHOTO_BYTES: usize = 2 * 1024 * 1024;
/// Photos one inspection may carry.
pub const MAX_PHOTOS_PER_INSPECTION: i64 = 6;

/// An inspection as the form or the API sends it; every value as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InspectionRecordInput {
    /// `on_site` or `remote`.
    pub mode: String,
    /// The people the inspector counted in the room (0 to 1000).
    pub headcount: String,
    /// `yes` when the teaching matched the class's plan, `no` otherwise.
    pub teaching_matches_plan: String,
    /// Required when the teaching did not match the plan.
    #[serde(default)]
    pub teaching_note: String,
    /// Required unless the result is `pass`.
    #[serde(default)]
    pub findings: String,
    /// `pass` (合格), `rectify` (整改) or `fail` (不合格).
    pub result: String,
}

/// An inspection's findings that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InspectionRecord {
    pub mode: InspectionMode,
    pub headcount: i64,
    pub teaching_matches_plan: bool,
    pub teaching_note: String,
    pub findings: String,
    pub result: InspectionResult,
}

impl TryFrom<&InspectionRecordInput> for InspectionRecord {
    type Error = InputError;

    fn try_from(input: &InspectionRecordInput) -> Result<Self, InputError> {
        let teaching_matches_plan = match input.teaching_matches_plan.trim() {
            "yes" => true,
            "no" => false,
            "" => {
                return Err(InputError::Required {
                    field: Field::TeachingMatchesPlan,
                })
            }
            other => {
                return Err(InputError::NotAFlag {
                    field: Field::TeachingMatchesPlan,
                    value: super::error::excerpt(other),
                })
            }
        };
        let result = InspectionResult::parse(&input.result)?;
        let teaching_note = bounded(
            Field::Note,
            &input.teaching_note,
            TEACHING_NOTE_MAX,
            !teaching_matches_plan,
        )?;
        let findings = bounded(
            Field::Findings,
            &input.findings,
            FINDINGS_MAX,
            result != InspectionResult::Pass,
        )?;
        Ok(InspectionRecord {
            mode: InspectionMode::parse(&input.mode)?,
            headcount: parse_bounded_int(
                Field::Headcount,
                &input.headcount,
                0,
                MAX_INSPECTION_HEADCOUNT,
            )?,
            teaching_matches_plan,
            teaching_note,
            findings,
            result,
        })
    }
}

/// An institution's answer to a rectification order: what it changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RectificationAnswer(String);

impl RectificationAnswer {
    pub fn parse(input: &str) -> Result<RectificationAnswer, InputError> {
        bounded(Field::Answer, input, ANSWER_MAX, true).map(RectificationAnswer)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

code_enum! {
    /// The image kinds an inspection's photo may be, by media type.
    pub enum PhotoType for Field::Photo {
        Jpeg = "image/jpeg";
        Png = "image/png";
        Webp = "image/webp";
    }
}

impl PhotoType {
    /// What the file's first bytes say it is, whatever its name or the
    /// type the browser claimed: a JPEG, PNG or WebP image, or nothing
    /// (a script renamed `.jpg` is not an image).
    pub fn sniff(bytes: &[u8]) -> Option<PhotoType> {
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(PhotoType::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(PhotoType::Png),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => {
                Some(PhotoType::Webp)
            }
            _ => None,
        }
    }
}

/// Whether an inspector's headcount says some of the session's check-ins
/// were of people not in the room: fewer counted than checked in.
pub const fn counted_fewer_than_checked_in(headcount: i64, check_ins: i64) -> bool {
    headcount < check_ins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> InspectionRecordInput {
        InspectionRecordInput {
            mode: "on_site".into(),
            headcount: "18".into(),
            teaching_matches_plan: "yes".into(),
            teaching_note: String::new(),
            findings: String::new(),
            result: "pass".into(),
        }
    }

    #[test]
    fn a_passed_inspection_with_teaching_as_planned_needs_no_findings() {
        let record = InspectionRecord::try_from(&input()).expect("valid");
        assert_eq!(record.headcount, 18);
        assert!(record.teaching_matches_plan);
        assert_eq!(record.result, InspectionResult::Pass);
        assert_eq!(record.mode, InspectionMode::OnSite);
    }

    #[test]
    fn teaching_off_the_plan_needs_a_note_and_a_rectification_needs_findings() {
        let off_plan = InspectionRecordInput {
            teaching_matches_plan: "no".into(),
            ..input()
        };
        assert_eq!(
            InspectionRecord::try_from(&off_plan),
            Err(InputError::Required { field: Field::Note })
        );
        let rectify = InspectionRecordInput {
            result: "rectify".into(),
            ..input()
        };
        assert_eq!(
            InspectionRecord::try_from(&rectify),
            Err(InputError::Required {
                field: Field::Findings
            })
        );
        let explained = InspectionRecordInput {
            teaching_matches_plan: "no".into(),
            teaching_note: "讲的是另一门课".into(),
            findings: "教材与计划不符".into(),
            result: "rectify".into(),
            ..input()
        };
        assert!(InspectionRecord::try_from(&explained).is_ok());
    }

    #[test]
    fn a_headcount_must_be_a_whole_number_of_people_in_range() {
        for (headcount, expected) in [
            ("-1", Field::Headcount),
            ("1001", Field::Headcount),
            ("十二", Field::Headcount),
        ] {
            let bad = InspectionRecordInput {
                headcount: headcount.into(),
                ..input()
            };
            let error = InspectionRecord::try_from(&bad).expect_err(headcount);
            assert!(
                matches!(error, InputError::OutOfRange { field, .. } | InputError::NotANumber { field, .. } if field == expected),
                "{headcount}: {error:?}"
            );
        }
        let unknown = InspectionRecordInput {
            teaching_matches_plan: "maybe".into(),
            ..input()
        };
        assert!(matches!(
            InspectionRecord::try_from(&unknown),
            Err(InputError::NotAFlag { .. })
        ));
    }

    #[test]
    fn a_photo_is_known_by_its_first_bytes_not_its_name() {
        assert_eq!(
            PhotoType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Some(PhotoType::Jpeg)
        );
        assert_eq!(
            PhotoType::sniff(b"\x89PNG\r\n\x1a\n rest"),
            Some(PhotoType::Png)
        );
        assert_eq!(
            PhotoType::sniff(b"RIFF\x10\0\0\0WEBPVP8 "),
            Some(PhotoType::Webp)
        );
        assert_eq!(PhotoType::sniff(b"<script>alert(1)</script>"), None);
        assert_eq!(PhotoType::sniff(b"RIFF\x10\0\0\0WAVEfmt "), None);
        assert_eq!(PhotoType::sniff(&[]), None);
    }

    #[test]
    fn fewer_people_counted_than_checked_in_is_suspect_and_as_many_is_not() {
        assert!(counted_fewer_than_checked_in(15, 20));
        assert!(!counted_fewer_than_checked_in(20, 20));
        assert!(!counted_fewer_than_checked_in(22, 20));
    }

    #[test]
    fn an_answer_to_a_rectification_is_required_and_bounded() {
        assert!(RectificationAnswer::parse("  ").is_err());
        assert!(RectificationAnswer::parse(&"改".repeat(ANSWER_MAX + 1)).is_err());
        assert_eq!(
            RectificationAnswer::parse(" 已更换教材 ")
                .expect("valid")
                .as_str(),
            "已更换教材"
        );
    }
}
