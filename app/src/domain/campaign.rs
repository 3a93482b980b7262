//! Recommendation campaigns (项目找人、人策匹配): a bureau recommends one
//! offer (a course of its published catalogue, a class with open seats or
//! an approved employer order) with a short message to the workers of its
//! city that an audience's filters pick out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    code_enum::code_enum, parse_bounded_int, parse_date, text::bounded, CertificateLevel, Field,
    InputError, WorkerCategory,
};

code_enum! {
    /// What a campaign recommends.
    pub enum OfferKind for Field::OfferKind {
        /// A course of the city's published course catalogue, at a level.
        Course = "course";
        /// An approved class with open seats.
        Class = "class";
        /// An approved employer order (training that ends in a job).
        Order = "order";
    }
}

impl OfferKind {
    /// Where a worker opens an offer of this kind.
    pub fn path(self, id: i64) -> String {
        match self {
            OfferKind::Course => format!("/courses/{id}"),
            OfferKind::Class => format!("/classes/{id}"),
            OfferKind::Order => format!("/orders/{id}"),
        }
    }
}

code_enum! {
    /// Where a campaign stands: a draft can be changed and shows its
    /// audience; a sent one is in the outbox and cannot change.
    pub enum CampaignStatus for Field::CampaignStatus {
        Draft = "draft";
        Sent = "sent";
    }
}

/// The longest Chinese message: it goes into one SMS with the link.
pub const MESSAGE_ZH_MAX: usize = 50;
/// The longest English message.
pub const MESSAGE_EN_MAX: usize = 160;

impl CertificateLevel {
    /// The level one step easier (五级 is the first), from which a worker
    /// moves on to this one; `None` for 五级 and for kinds without levels.
    pub const fn below(self) -> Option<CertificateLevel> {
        match self {
            CertificateLevel::Level4 => Some(CertificateLevel::Level5),
            CertificateLevel::Level3 => Some(CertificateLevel::Level4),
            CertificateLevel::Level2 => Some(CertificateLevel::Level3),
            CertificateLevel::Level1 => Some(CertificateLevel::Level2),
            CertificateLevel::Level5 | CertificateLevel::Certified => None,
        }
    }
}

/// The audience's filters as typed. Every worker reached is a worker of
/// the campaign's city who receives recommendations; the filters narrow
/// that down and all of them must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AudienceInput {
    /// Worker category codes; a worker of any of them is reached. Empty:
    /// every category, and workers who declared none.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Only workers with a verified category that may receive the living
    /// allowance.
    #[serde(default)]
    pub living_allowance_eligible: bool,
    /// Only workers who neither hold nor claimed the offer's occupation at
    /// its level.
    #[serde(default)]
    pub without_this_certificate: bool,
    /// Only workers who hold the offer's occupation at the level below
    /// (to recommend the next level).
    #[serde(default)]
    pub holding_level_below: bool,
    /// Only workers enrolled in no class that is still running or yet to
    /// start.
    #[serde(default)]
    pub not_in_training: bool,
    /// Registered on or after this day, `YYYY-MM-DD` (China time).
    #[serde(default)]
    pub registered_from: String,
    /// Registered on or before this day, `YYYY-MM-DD` (China time).
    #[serde(default)]
    pub registered_until: String,
}

/// The audience's filters once checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Audience {
    pub categories: Vec<WorkerCategory>,
    pub living_allowance_eligible: bool,
    pub without_this_certificate: bool,
    pub holding_level_below: bool,
    pub not_in_training: bool,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub registered_from: Option<NaiveDate>,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub registered_until: Option<NaiveDate>,
}

impl Audience {
    /// Checks the filters for an offer at `level`: the categories are
    /// known (each kept once), the dates are days in order, and the level
    /// below exists when asked for.
    pub fn parse(input: &AudienceInput, level: CertificateLevel) -> Result<Audience, InputError> {
        let mut categories = Vec::new();
        for code in &input.categories {
            let category = WorkerCategory::parse(code)?;
            if !categories.contains(&category) {
                categories.push(category);
            }
        }
        categories.sort_unstable();
        let optional_date = |text: &str| match text.trim() {
            "" => Ok(None),
            day => parse_date(Field::RegisteredSince, day).map(Some),
        };
        let registered_from = optional_date(&input.registered_from)?;
        let registered_until = optional_date(&input.registered_until)?;
        if let (Some(from), Some(until)) = (registered_from, registered_until) {
            if until < from {
                return Err(InputError::DateRangeReversed {
                    field: Field::RegisteredSince,
                });
            }
        }
        if input.holding_level_below && level.below().is_none() {
            return Err(InputError::NoLevelBelow { level });
        }
        Ok(Audience {
            categories,
            living_allowance_eligible: input.living_allowance_eligible,
            without_this_certificate: input.without_this_certificate,
            holding_level_below: input.holding_level_below,
            not_in_training: input.not_in_training,
            registered_from,
            registered_until,
        })
    }

    /// The categories that may receive the living allowance.
    pub fn living_allowance_categories() -> Vec<WorkerCategory> {
        WorkerCategory::ALL
            .iter()
            .copied()
            .filter(|category| category.living_allowance_eligible())
            .collect()
    }
}

/// A campaign as the bureau types it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CampaignInput {
    /// `course`, `class` or `order`.
    pub offer_kind: String,
    /// The course, class or order recommended.
    pub offer_id: String,
    /// For a course: the level recommended (a class or order has its own).
    #[serde(default)]
    pub certificate_level: String,
    /// The message in Chinese, at most 50 characters (it goes by SMS).
    pub message_zh: String,
    /// The message in English, optional, at most 160 characters.
    #[serde(default)]
    pub message_en: String,
    #[serde(default)]
    pub audience: AudienceInput,
}

/// A campaign that passed the rules of its own fields; the offer's rules
/// (published, open seats, approved, in the city) and the audience's
/// (which need the offer's level) are checked by the service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCampaign {
    pub offer_kind: OfferKind,
    pub offer_id: i64,
    /// Given for a course only.
    pub level: Option<CertificateLevel>,
    pub message_zh: String,
    pub message_en: String,
}

impl NewCampaign {
    pub fn parse(input: &CampaignInput) -> Result<NewCampaign, InputError> {
        let offer_kind = OfferKind::parse(&input.offer_kind)?;
        let level = match (offer_kind, input.certificate_level.trim()) {
            (OfferKind::Course, "") => {
                return Err(InputError::Required {
                    field: Field::CertificateLevel,
                })
            }
            (OfferKind::Course, code) => Some(CertificateLevel::parse(code)?),
            _ => None,
        };
        Ok(NewCampaign {
            offer_kind,
            offer_id: parse_bounded_int(Field::Id, &input.offer_id, 1, i64::MAX)?,
            level,
            message_zh: message(&input.message_zh, MESSAGE_ZH_MAX, true)?,
            message_en: message(&input.message_en, MESSAGE_EN_MAX, false)?,
        })
    }
}

/// A message goes out under the service's SMS signature: one line of
/// plain text, without a web address (the link to the offer is added by
/// SkillPass, so none can lead elsewhere) and without invisible or
/// control characters.
fn message(input: &str, max: usize, required: bool) -> Result<String, InputError> {
    let text = bounded(Field::Message, input, max, required)?;
    let invisible = |c: char| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
    };
    let lower = text.to_lowercase();
    let has_link = ["://", "www.", "http"]
        .iter()
        .any(|mark| lower.contains(mark));
    if text.chars().any(invisible) || has_link {
        return Err(InputError::MessageFormat);
    }
    Ok(text)
}

/// How many workers an audience reaches, and how many of them are of each
/// declared category (a worker of two categories counts in both; those
/// who declared none are counted apart).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AudienceSize {
    pub workers: i64,
    pub by_category: Vec<CategoryCount>,
    pub without_category: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CategoryCount {
    pub category: WorkerCategory,
    pub workers: i64,
}

code_enum! {
    /// The steps of a campaign's funnel, in order: from the message put
    /// in the outbox to the job.
    pub enum FunnelStep for Field::Id {
        Sent = "sent";
        Delivered = "delivered";
        Opened = "opened";
        Enrolled = "enrolled";
        /// Checked in to at least one session.
        Attended = "attended";
        /// Passed the completion assessment.
        Completed = "completed";
        /// Holds the certificate (verified, or a kind that needs none).
        Certified = "certified";
        /// Hired by the employer of the order.
        Hired = "hired";
    }
}

/// How far one recipient of a campaign got: the furthest step each
/// record shows, and the worker's declared categories.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecipientProgress {
    pub categories: Vec<WorkerCategory>,
    /// Which steps the records show, in [`FunnelStep::ALL`] order.
    pub reached: [bool; 8],
}

impl RecipientProgress {
    /// The furthest step reached: a worker who enrolled without tapping
    /// the recommendation (after the SMS, say) has still opened it, so
    /// every step before the furthest counts as reached too.
    fn furthest(&self) -> Option<usize> {
        self.reached.iter().rposition(|reached| *reached)
    }
}

/// One line of a funnel: every recipient (`category` null) or those of
/// one category; the workers at each step and their share of the step
/// before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FunnelLine {
    pub category: Option<WorkerCategory>,
    pub steps: Vec<FunnelCount>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FunnelCount {
    pub step: FunnelStep,
    pub workers: i64,
    /// Percent of the step before, one decimal (`null` for the first step
    /// and after a step of none).
    pub share_of_previous: Option<f64>,
}

/// The funnel of a campaign's recipients: all of them, then each category
/// any of them declared (a worker of two categories counts in both).
pub fn funnel(recipients: &[RecipientProgress]) -> Vec<FunnelLine> {
    let line = |category: Option<WorkerCategory>| {
        let mut counts = [0_i64; 8];
        let members = recipients.iter().filter(|recipient| {
            category.is_none_or(|category| recipient.categories.contains(&category))
        });
        for recipient in members {
            if let Some(furthest) = recipient.furthest() {
                for count in counts.iter_mut().take(furthest + 1) {
                    *count += 1;
                }
            }
        }
        FunnelLine {
            category,
            steps: FunnelStep::ALL
                .iter()
                .zip(counts)
                .enumerate()
                .map(|(index, (step, workers))| FunnelCount {
                    step: *step,
                    workers,
                    share_of_previous: index
                        .checked_sub(1)
                        .map(|previous| counts[previous])
                        .filter(|previous| *previous > 0)
                        .map(|previous| (workers * 1000 / previous) as f64 / 10.0),
                })
                .collect(),
        }
    };
    let mut lines = vec![line(None)];
    for category in WorkerCategory::ALL {
        if recipients.iter().any(|r| r.categories.contains(category)) {
            lines.push(line(Some(*category)));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audience(input: AudienceInput) -> Result<Audience, InputError> {
        Audience::parse(&input, CertificateLevel::Level4)
    }

    #[test]
    fn an_empty_audience_reaches_every_worker_of_the_city() {
        assert_eq!(audience(AudienceInput::default()), Ok(Audience::default()));
    }

    #[test]
    fn categories_are_known_codes_each_kept_once() {
        let input = AudienceInput {
            categories: vec![
                "returning_migrant".into(),
                " rural_transferred ".into(),
                "returning_migrant".into(),
            ],
            ..AudienceInput::default()
        };
        assert_eq!(
            audience(input).map(|a| a.categories),
            Ok(vec![
                WorkerCategory::RuralTransferred,
                WorkerCategory::ReturningMigrant
            ])
        );
        let unknown = AudienceInput {
            categories: vec!["astronaut".into()],
            ..AudienceInput::default()
        };
        assert!(matches!(
            audience(unknown),
            Err(InputError::UnknownCode {
                field: Field::WorkerCategory,
                ..
            })
        ));
    }

    #[test]
    fn the_registration_range_is_two_days_in_order_either_may_be_left_open() {
        let range = |from: &str, until: &str| {
            audience(AudienceInput {
                registered_from: from.into(),
                registered_until: until.into(),
                ..AudienceInput::default()
            })
        };
        let day = |text| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        let both = range("2026-01-01", "2026-06-30").expect("a range");
        assert_eq!(
            (both.registered_from, both.registered_until),
            (day("2026-01-01"), day("2026-06-30"))
        );
        assert_eq!(range("", "2026-06-30").map(|a| a.registered_from), Ok(None));
        assert_eq!(
            range("2026-07-01", "2026-06-30"),
            Err(InputError::DateRangeReversed {
                field: Field::RegisteredSince
            })
        );
        assert!(matches!(
            range("2026-13-01", ""),
            Err(InputError::DateFormat { .. })
        ));
    }

    #[test]
    fn the_level_below_is_asked_for_only_where_one_exists() {
        let next_level = AudienceInput {
            holding_level_below: true,
            ..AudienceInput::default()
        };
        assert!(Audience::parse(&next_level, CertificateLevel::Level4).is_ok());
        for level in [CertificateLevel::Level5, CertificateLevel::Certified] {
            assert_eq!(
                Audience::parse(&next_level, level),
                Err(InputError::NoLevelBelow { level })
            );
        }
    }

    #[test]
    fn each_level_moves_on_from_the_one_below_it() {
        assert_eq!(
            CertificateLevel::Level1.below(),
            Some(CertificateLevel::Level2)
        );
        assert_eq!(
            CertificateLevel::Level4.below(),
            Some(CertificateLevel::Level5)
        );
        assert_eq!(CertificateLevel::Level5.below(), None);
    }

    #[test]
    fn five_categories_make_the_living_allowance_filter() {
        let categories = Audience::living_allowance_categories();
        assert_eq!(categories.len(), 5);
        assert!(!categories.contains(&WorkerCategory::ReturningMigrant));
    }

    fn campaign(kind: &str, level: &str, message: &str) -> Result<NewCampaign, InputError> {
        NewCampaign::parse(&CampaignInput {
            offer_kind: kind.into(),
            offer_id: "7".into(),
            certificate_level: level.into(),
            message_zh: message.into(),
            ..CampaignInput::default()
        })
    }

    #[test]
    fn a_course_is_recommended_at_a_level_a_class_or_order_at_its_own() {
        let course = campaign("course", "level4", "家门口学电工，补贴到手").expect("valid");
        assert_eq!(course.level, Some(CertificateLevel::Level4));
        assert_eq!(
            campaign("course", "", "学电工"),
            Err(InputError::Required {
                field: Field::CertificateLevel
            })
        );
        assert_eq!(
            campaign("class", "level4", "学电工").map(|c| c.level),
            Ok(None)
        );
        assert!(matches!(
            campaign("job", "", "学电工"),
            Err(InputError::UnknownCode {
                field: Field::OfferKind,
                ..
            })
        ));
    }

    #[test]
    fn a_message_is_one_line_of_plain_text_without_a_web_address() {
        for wrong in [
            "学电工\n点击领取",
            "学电工\u{200B}补贴",
            "详见 https://evil.example",
            "详见 www.evil.example",
        ] {
            assert_eq!(
                campaign("order", "", wrong),
                Err(InputError::MessageFormat),
                "{wrong:?}"
            );
        }
        assert!(campaign("order", "", "学电工，补贴 3,000 元！").is_ok());
    }

    fn progress(categories: &[WorkerCategory], furthest: FunnelStep) -> RecipientProgress {
        let mut reached = [false; 8];
        let index = FunnelStep::ALL
            .iter()
            .position(|step| *step == furthest)
            .expect("a step");
        reached[index] = true;
        reached[0] = true;
        RecipientProgress {
            categories: categories.to_vec(),
            reached,
        }
    }

    fn workers(line: &FunnelLine) -> Vec<i64> {
        line.steps.iter().map(|count| count.workers).collect()
    }

    #[test]
    fn each_step_counts_the_workers_who_got_at_least_that_far_with_their_share_of_the_step_before()
    {
        use WorkerCategory::{PovertyAlleviated as Poor, ReturningMigrant as Back};
        let cohort = [
            progress(&[Back], FunnelStep::Hired),
            progress(&[Back, Poor], FunnelStep::Enrolled),
            progress(&[Poor], FunnelStep::Delivered),
            progress(&[], FunnelStep::Sent),
        ];
        let lines = funnel(&cohort);
        assert_eq!(workers(&lines[0]), [4, 3, 2, 2, 1, 1, 1, 1]);
        assert_eq!(lines[0].steps[0].share_of_previous, None);
        assert_eq!(lines[0].steps[1].share_of_previous, Some(75.0));
        assert_eq!(lines[0].steps[2].share_of_previous, Some(66.6));
        let categories: Vec<Option<WorkerCategory>> = lines.iter().map(|l| l.category).collect();
        assert_eq!(categories, [None, Some(Back), Some(Poor)]);
        assert_eq!(workers(&lines[1]), [2, 2, 2, 2, 1, 1, 1, 1]);
        assert_eq!(workers(&lines[2]), [2, 2, 1, 1, 0, 0, 0, 0]);
        assert_eq!(
            lines[2].steps[5].share_of_previous, None,
            "after a step of none"
        );
    }

    #[test]
    fn a_worker_who_enrolled_without_tapping_still_opened_the_offer() {
        let mut reached = [false; 8];
        reached[0] = true;
        reached[1] = true;
        reached[3] = true;
        let lines = funnel(&[RecipientProgress {
            categories: Vec::new(),
            reached,
        }]);
        assert_eq!(workers(&lines[0]), [1, 1, 1, 1, 0, 0, 0, 0]);
    }

    #[test]
    fn the_chinese_message_is_required_and_fits_one_sms() {
        assert_eq!(
            campaign("order", "", "  "),
            Err(InputError::Required {
                field: Field::Message
            })
        );
        let long = "电".repeat(MESSAGE_ZH_MAX + 1);
        assert_eq!(
            campaign("order", "", &long),
            Err(InputError::TooLong {
                field: Field::Message,
                max: MESSAGE_ZH_MAX
            })
        );
    }
}
