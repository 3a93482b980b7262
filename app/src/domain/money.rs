//! Money in integer fen, and the subsidy standard of a catalogue row.

use serde::{Deserialize, Serialize};

use super::{error::excerpt, CertificateKind, CertificateLevel, Field, InputError, WorkerCategory};

/// An amount of money in fen (1 yuan = 100 fen). Never a float.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Fen(i64);

impl Fen {
    /// Largest subsidy accepted for one certificate: 100,000 yuan.
    pub const MAX_SUBSIDY: Fen = Fen(10_000_000);

    pub const ZERO: Fen = Fen(0);

    pub const fn from_fen(fen: i64) -> Self {
        Fen(fen)
    }

    pub const fn from_yuan(yuan: i64) -> Self {
        Fen(yuan * 100)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Reads a yuan amount as people write it: `1200`, `1,200`, `1200.5`,
    /// `1200.50`. More than two decimals, signs or letters are refused.
    pub fn parse_yuan(input: &str) -> Result<Self, InputError> {
        let trimmed = input.trim();
        let bad = || InputError::AmountFormat {
            value: excerpt(trimmed),
        };
        let cleaned: String = trimmed.chars().filter(|c| *c != ',').collect();
        let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || whole.len() > 12 || !digits_only(whole) {
            return Err(bad());
        }
        if fraction.len() > 2 || !digits_only(fraction) || (cleaned.ends_with('.')) {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let fraction: i64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<i64>().map_err(|_| bad())? * 10,
            _ => fraction.parse().map_err(|_| bad())?,
        };
        Ok(Fen(whole * 100 + fraction))
    }

    /// Yuan with thousands separators and decimals only when there are fen:
    /// `1,200` or `1,200.50`.
    pub fn yuan_text(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (yuan, fen) = (abs / 100, abs % 100);
        let digits = yuan.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        if fen == 0 {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}.{fen:02}")
        }
    }

    /// This amount raised by `percent`, rounded half up to the fen.
    pub fn uplifted(self, percent: UpliftPercent) -> Fen {
        let raised = self.0 * (100 + i64::from(percent.0));
        Fen((raised + 50).div_euclid(100))
    }
}

/// A percentage uplift of the subsidy for a worker category
/// ("属 XX 人员，上浮 X%"): 1 to 100.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(try_from = "u8", into = "u8")]
pub struct UpliftPercent(u8);

impl UpliftPercent {
    pub fn parse(percent: i64) -> Result<Self, InputError> {
        u8::try_from(percent)
            .ok()
            .filter(|p| (1..=100).contains(p))
            .map(UpliftPercent)
            .ok_or(InputError::OutOfRange {
                field: Field::UpliftPercent,
                min: 1,
                max: 100,
            })
    }

    pub const fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for UpliftPercent {
    type Error = InputError;
    fn try_from(value: u8) -> Result<Self, InputError> {
        Self::parse(i64::from(value))
    }
}

impl From<UpliftPercent> for u8 {
    fn from(value: UpliftPercent) -> u8 {
        value.0
    }
}

/// The subsidy for reaching one certificate level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LevelAmount {
    pub level: CertificateLevel,
    pub amount: Fen,
}

/// The uplift for one worker category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CategoryUplift {
    pub category: WorkerCategory,
    pub percent: UpliftPercent,
}

/// 补贴标准 of a course: an amount per certificate level (ordered from the
/// lowest level), plus percentage uplifts for some worker categories.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubsidyStandard {
    amounts: Vec<LevelAmount>,
    uplifts: Vec<CategoryUplift>,
}

impl SubsidyStandard {
    /// Checks that there is at least one amount, every amount is positive
    /// and at most [`Fen::MAX_SUBSIDY`], every level fits the certificate
    /// kind, and no level or category appears twice.
    pub fn parse(
        kind: CertificateKind,
        mut amounts: Vec<LevelAmount>,
        mut uplifts: Vec<CategoryUplift>,
    ) -> Result<Self, InputError> {
        if amounts.is_empty() {
            return Err(InputError::NoSubsidyAmount);
        }
        amounts.sort_by_key(|a| a.level);
        for pair in amounts.windows(2) {
            if pair[0].level == pair[1].level {
                return Err(InputError::DuplicateLevel {
                    level: pair[0].level,
                });
            }
        }
        for LevelAmount { level, amount } in &amounts {
            if !level.fits(kind) {
                return Err(InputError::LevelNotForKind {
                    level: *level,
                    kind,
                });
            }
            if *amount <= Fen(0) || *amount > Fen::MAX_SUBSIDY {
                return Err(InputError::OutOfRange {
                    field: Field::SubsidyAmount,
                    min: 1,
                    max: Fen::MAX_SUBSIDY.0 / 100,
                });
            }
        }
        uplifts.sort_by_key(|u| u.category);
        for pair in uplifts.windows(2) {
            if pair[0].category == pair[1].category {
                return Err(InputError::DuplicateUplift {
                    category: pair[0].category,
                });
            }
        }
        Ok(SubsidyStandard { amounts, uplifts })
    }

    /// Amounts per level, lowest level first.
    pub fn amounts(&self) -> &[LevelAmount] {
        &self.amounts
    }

    pub fn uplifts(&self) -> &[CategoryUplift] {
        &self.uplifts
    }

    /// The smallest and largest level amount.
    pub fn range(&self) -> (Fen, Fen) {
        let min = self
            .amounts
            .iter()
            .map(|a| a.amount)
            .min()
            .unwrap_or_default();
        let max = self
            .amounts
            .iter()
            .map(|a| a.amount)
            .max()
            .unwrap_or_default();
        (min, max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(level: CertificateLevel, yuan: i64) -> LevelAmount {
        LevelAmount {
            level,
            amount: Fen::from_yuan(yuan),
        }
    }

    #[test]
    fn yuan_amounts_are_read_into_exact_fen() {
        assert_eq!(Fen::parse_yuan("1200"), Ok(Fen::from_fen(120_000)));
        assert_eq!(Fen::parse_yuan("1,200.5"), Ok(Fen::from_fen(120_050)));
        assert_eq!(Fen::parse_yuan(" 0.05 "), Ok(Fen::from_fen(5)));
        assert_eq!(Fen::parse_yuan("1200.99"), Ok(Fen::from_fen(120_099)));
    }

    #[test]
    fn amounts_with_three_decimals_signs_or_letters_are_refused() {
        for bad in [
            "",
            "1200.555",
            "-5",
            "+5",
            "12a",
            "1.2.3",
            "1200.",
            ".5",
            "1e3",
            "9999999999999",
        ] {
            assert!(
                matches!(Fen::parse_yuan(bad), Err(InputError::AmountFormat { .. })),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn yuan_text_groups_thousands_and_shows_fen_only_when_present() {
        assert_eq!(Fen::from_yuan(1200).yuan_text(), "1,200");
        assert_eq!(Fen::from_fen(120_050).yuan_text(), "1,200.50");
        assert_eq!(Fen::from_fen(5).yuan_text(), "0.05");
        assert_eq!(Fen::from_yuan(1_234_567).yuan_text(), "1,234,567");
        assert_eq!(Fen::from_yuan(-800).yuan_text(), "-800");
    }

    #[test]
    fn an_uplift_rounds_half_up_to_the_fen() {
        let ten = UpliftPercent::parse(10).expect("valid percent");
        assert_eq!(Fen::from_yuan(1500).uplifted(ten), Fen::from_yuan(1650));
        let fifteen = UpliftPercent::parse(15).expect("valid percent");
        assert_eq!(Fen::from_fen(333).uplifted(fifteen), Fen::from_fen(383));
        assert_eq!(Fen::from_fen(10).uplifted(fifteen), Fen::from_fen(12));
    }

    #[test]
    fn uplift_percentages_outside_one_to_one_hundred_are_refused() {
        assert!(UpliftPercent::parse(0).is_err());
        assert!(UpliftPercent::parse(101).is_err());
        assert!(UpliftPercent::parse(300).is_err());
        assert!(UpliftPercent::parse(100).is_ok());
    }

    #[test]
    fn a_standard_keeps_levels_from_the_lowest_and_reports_its_range() {
        let standard = SubsidyStandard::parse(
            CertificateKind::SkillLevel,
            vec![
                amount(CertificateLevel::Level4, 1800),
                amount(CertificateLevel::Level5, 1200),
            ],
            vec![],
        )
        .expect("valid standard");
        assert_eq!(standard.amounts()[0].level, CertificateLevel::Level5);
        assert_eq!(
            standard.range(),
            (Fen::from_yuan(1200), Fen::from_yuan(1800))
        );
    }

    #[test]
    fn a_standard_without_amounts_or_with_a_repeated_level_is_refused() {
        assert_eq!(
            SubsidyStandard::parse(CertificateKind::SkillLevel, vec![], vec![]),
            Err(InputError::NoSubsidyAmount)
        );
        assert_eq!(
            SubsidyStandard::parse(
                CertificateKind::SkillLevel,
                vec![
                    amount(CertificateLevel::Level5, 1),
                    amount(CertificateLevel::Level5, 2)
                ],
                vec![]
            ),
            Err(InputError::DuplicateLevel {
                level: CertificateLevel::Level5
            })
        );
    }

    #[test]
    fn a_level_that_does_not_fit_the_certificate_kind_is_refused() {
        assert_eq!(
            SubsidyStandard::parse(
                CertificateKind::Entrepreneurship,
                vec![amount(CertificateLevel::Level5, 1000)],
                vec![]
            ),
            Err(InputError::LevelNotForKind {
                level: CertificateLevel::Level5,
                kind: CertificateKind::Entrepreneurship
            })
        );
    }

    #[test]
    fn zero_or_excessive_amounts_and_repeated_uplifts_are_refused() {
        let kind = CertificateKind::Completion;
        assert!(
            SubsidyStandard::parse(kind, vec![amount(CertificateLevel::Certified, 0)], vec![])
                .is_err()
        );
        assert!(SubsidyStandard::parse(
            kind,
            vec![amount(CertificateLevel::Certified, 100_001)],
            vec![]
        )
        .is_err());
        let uplift = CategoryUplift {
            category: WorkerCategory::PovertyAlleviated,
            percent: UpliftPercent::parse(10).expect("valid percent"),
        };
        assert_eq!(
            SubsidyStandard::parse(
                kind,
                vec![amount(CertificateLevel::Certified, 800)],
                vec![uplift, uplift]
            ),
            Err(InputError::DuplicateUplift {
                category: WorkerCategory::PovertyAlleviated
            })
        );
    }
}
