//! 补贴标准 as bureaus write it in 附表1: "初级工 1500 元，中级工 2000 元；属
//! 脱贫劳动力上浮 10%", "取得创业培训合格证书给予补贴 1000 元". Reading turns
//! the text into the certificate kind, an amount per level and the
//! uplifts per worker category, as raw form values that then pass the
//! same rules as a form; writing gives text that reads back the same.

use super::{
    catalogue_template::{tidy, TemplateProblemKind},
    error::excerpt,
    CertificateKind, CertificateLevel, Fen, SubsidyStandard, TrainingType, WorkerCategory,
};
use crate::i18n::Lang;

/// A standard read from text, as form values (level or category code,
/// number as written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandardText {
    pub kind: CertificateKind,
    pub amounts: Vec<(String, String)>,
    pub uplifts: Vec<(String, String)>,
}

/// Words naming a level, longest first where one contains another.
const LEVEL_WORDS: &[(&str, CertificateLevel)] = &[
    ("高级技师", CertificateLevel::Level1),
    ("一级", CertificateLevel::Level1),
    ("技师", CertificateLevel::Level2),
    ("二级", CertificateLevel::Level2),
    ("高级工", CertificateLevel::Level3),
    ("三级", CertificateLevel::Level3),
    ("中级工", CertificateLevel::Level4),
    ("四级", CertificateLevel::Level4),
    ("初级工", CertificateLevel::Level5),
    ("五级", CertificateLevel::Level5),
    ("高级", CertificateLevel::Level3),
    ("中级", CertificateLevel::Level4),
    ("初级", CertificateLevel::Level5),
];

/// Words naming a certificate kind, checked in this order.
const KIND_WORDS: &[(&str, CertificateKind)] = &[
    ("职业资格", CertificateKind::VocationalQualification),
    ("专项职业能力", CertificateKind::SpecialAbility),
    ("专项能力", CertificateKind::SpecialAbility),
    ("创业", CertificateKind::Entrepreneurship),
    ("非人社", CertificateKind::OtherDepartment),
    ("等级", CertificateKind::SkillLevel),
    ("结业", CertificateKind::Completion),
    ("合格证", CertificateKind::Completion),
];

/// Short names of the worker categories as bureaus write them.
const CATEGORY_WORDS: &[(&str, WorkerCategory)] = &[
    ("农村转移", WorkerCategory::RuralTransferred),
    ("返乡", WorkerCategory::ReturningMigrant),
    ("脱贫", WorkerCategory::PovertyAlleviated),
    ("防返贫", WorkerCategory::PovertyAlleviated),
    ("就业困难", WorkerCategory::EmploymentDifficulty),
    ("零就业", WorkerCategory::ZeroEmploymentFamily),
    ("农村应届", WorkerCategory::RuralGraduate),
    ("低保", WorkerCategory::UrbanLowIncomeGraduate),
    ("灵活就业", WorkerCategory::FlexiblyEmployed),
    ("个体工商户", WorkerCategory::FlexiblyEmployed),
    ("其他人员", WorkerCategory::Other),
];

/// Reads a 补贴标准 cell. A training type of 创业培训 makes a text that
/// names no certificate an entrepreneurship certificate.
pub fn parse(
    text: &str,
    training_type: Option<TrainingType>,
) -> Result<StandardText, TemplateProblemKind> {
    let text = tidy(text);
    let (rest, uplifts) = take_uplifts(&text)?;
    let amounts = amounts_in(&rest);
    if amounts.is_empty() {
        return Err(TemplateProblemKind::NoAmountInStandard);
    }
    let graded = amounts
        .iter()
        .any(|(level, _)| *level != CertificateLevel::Certified);
    let kind = KIND_WORDS
        .iter()
        .find(|(word, _)| rest.contains(word))
        .map(|(_, kind)| *kind)
        .unwrap_or(match (graded, training_type) {
            (true, _) => CertificateKind::SkillLevel,
            (false, Some(TrainingType::Entrepreneurship)) => CertificateKind::Entrepreneurship,
            (false, _) => CertificateKind::Completion,
        });
    Ok(StandardText {
        kind,
        amounts: amounts
            .into_iter()
            .map(|(level, yuan)| (level.code().to_owned(), yuan))
            .collect(),
        uplifts,
    })
}

/// Takes every "属 … 上浮 N%" out of the text: the categories between 属
/// (or the clause's start) and 上浮 each get the percentage.
fn take_uplifts(text: &str) -> Result<(String, Vec<(String, String)>), TemplateProblemKind> {
    let mut rest = String::new();
    let mut uplifts = Vec::new();
    let mut remaining = text;
    while let Some(at) = remaining.find("上浮") {
        let before = &remaining[..at];
        let clause_start = before.rfind(['；', ';', '。']).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        let span_start = before[clause_start..]
            .rfind('属')
            .map_or(clause_start, |i| clause_start + i);
        let span = &before[span_start..];
        let after = remaining[at + "上浮".len()..].trim_start();
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return Err(TemplateProblemKind::UpliftWithoutPercent);
        }
        if after[digits.len()..].starts_with('.') {
            return Err(TemplateProblemKind::Input(super::InputError::NotANumber {
                field: super::Field::UpliftPercent,
                value: excerpt(after.split(['%', '％']).next().unwrap_or(after)),
            }));
        }
        let categories: Vec<WorkerCategory> = WorkerCategory::ALL
            .iter()
            .copied()
            .filter(|category| {
                span.contains(category.label(Lang::Zh))
                    || CATEGORY_WORDS
                        .iter()
                        .any(|(word, c)| c == category && span.contains(word))
            })
            .collect();
        if categories.is_empty() {
            return Err(TemplateProblemKind::UnknownCategoryInStandard {
                text: excerpt(span.trim_start_matches('属').trim()),
            });
        }
        uplifts.extend(
            categories
                .into_iter()
                .map(|category| (category.code().to_owned(), digits.clone())),
        );
        rest.push_str(&before[..span_start]);
        let after_digits = &after[digits.len()..];
        remaining = after_digits
            .strip_prefix('%')
            .or_else(|| after_digits.strip_prefix("个百分点"))
            .unwrap_or(after_digits);
    }
    rest.push_str(remaining);
    Ok((rest, uplifts))
}

/// Every "N 元" of the text with the level named last before it (none:
/// the certificate itself).
fn amounts_in(text: &str) -> Vec<(CertificateLevel, String)> {
    let mut amounts = Vec::new();
    let mut level = None;
    let mut at = 0;
    while at < text.len() {
        let here = &text[at..];
        if let Some((word, found)) = LEVEL_WORDS.iter().find(|(word, _)| here.starts_with(word)) {
            level = Some(*found);
            at += word.len();
            continue;
        }
        if here.starts_with(|c: char| c.is_ascii_digit()) {
            let number: String = here
                .chars()
                .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
                .collect();
            at += number.len();
            let number = number.trim_end_matches([',', '.']);
            if text[at..].trim_start().starts_with('元') {
                amounts.push((
                    level.take().unwrap_or(CertificateLevel::Certified),
                    number.to_owned(),
                ));
            }
            continue;
        }
        at += here.chars().next().map_or(1, char::len_utf8);
    }
    amounts
}

/// The standard as text that [`parse`] reads back the same: "职业技能等级证书：
/// 五级/初级工 1500 元，四级/中级工 2000 元；属就业困难人员，上浮 10%".
pub fn format(kind: CertificateKind, standard: &SubsidyStandard) -> String {
    let amounts: Vec<String> = standard
        .amounts()
        .iter()
        .map(|amount| match amount.level {
            CertificateLevel::Certified => format!("{} 元", plain_yuan(amount.amount)),
            level => format!("{} {} 元", level.label(Lang::Zh), plain_yuan(amount.amount)),
        })
        .collect();
    let mut text = format!("{}：{}", kind.label(Lang::Zh), amounts.join("，"));
    let mut percents: Vec<u8> = standard.uplifts().iter().map(|u| u.percent.get()).collect();
    percents.sort_unstable();
    percents.dedup();
    for percent in percents {
        let categories: Vec<&str> = standard
            .uplifts()
            .iter()
            .filter(|u| u.percent.get() == percent)
            .map(|u| u.category.label(Lang::Zh))
            .collect();
        text.push_str(&format!("；属{}，上浮 {percent}%", categories.join("、")));
    }
    text
}

/// Yuan without thousands separators: "1500" or "1500.50".
fn plain_yuan(amount: Fen) -> String {
    let fen = amount.fen();
    match fen % 100 {
        0 => (fen / 100).to_string(),
        cents => format!("{}.{cents:02}", fen / 100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::InputError;

    fn read(text: &str) -> StandardText {
        parse(text, None).expect("a standard")
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).into(), (*b).into()))
            .collect()
    }

    #[test]
    fn the_issue_example_reads_into_amounts_and_an_uplift() {
        let standard = read("初级工 1500 元，中级工 2000 元；属脱贫劳动力上浮 10%");
        assert_eq!(standard.kind, CertificateKind::SkillLevel);
        assert_eq!(
            standard.amounts,
            pairs(&[("level5", "1500"), ("level4", "2000")])
        );
        assert_eq!(standard.uplifts, pairs(&[("poverty_alleviated", "10")]));
    }

    #[test]
    fn the_seed_wording_with_full_width_digits_reads_the_same() {
        let standard = read(
            "按照证书等级给予补贴：如初级工补贴１５００元，中级工补贴2,000.50元。属就业困难人员、零就业家庭成员，上浮１０％。",
        );
        assert_eq!(standard.kind, CertificateKind::SkillLevel);
        assert_eq!(
            standard.amounts,
            pairs(&[("level5", "1500"), ("level4", "2,000.50")])
        );
        assert_eq!(
            standard.uplifts,
            pairs(&[
                ("employment_difficulty", "10"),
                ("zero_employment_family", "10")
            ])
        );
    }

    #[test]
    fn a_certificate_without_levels_gets_one_amount() {
        let standard = read("取得创业培训合格证书给予补贴 1000 元");
        assert_eq!(standard.kind, CertificateKind::Entrepreneurship);
        assert_eq!(standard.amounts, pairs(&[("certified", "1000")]));
        let standard = parse("补贴 800 元", Some(TrainingType::Entrepreneurship)).expect("read");
        assert_eq!(standard.kind, CertificateKind::Entrepreneurship);
        assert_eq!(
            read("取得结业证书补贴 300 元").kind,
            CertificateKind::Completion
        );
    }

    #[test]
    fn unreadable_standards_are_refused_with_a_reason() {
        assert_eq!(
            parse("按等级给予补贴", None),
            Err(TemplateProblemKind::NoAmountInStandard)
        );
        assert_eq!(
            parse("初级工 1500 元；属外地人员上浮 10%", None),
            Err(TemplateProblemKind::UnknownCategoryInStandard {
                text: "外地人员".into()
            })
        );
        assert_eq!(
            parse("初级工 1500 元；属脱贫劳动力上浮", None),
            Err(TemplateProblemKind::UpliftWithoutPercent)
        );
        assert!(matches!(
            parse("初级工 1500 元；属脱贫劳动力上浮 10.5%", None),
            Err(TemplateProblemKind::Input(InputError::NotANumber { .. }))
        ));
    }

    #[test]
    fn written_text_reads_back_as_the_same_standard() {
        use crate::domain::{CategoryUplift, LevelAmount, UpliftPercent};
        let standard = SubsidyStandard::parse(
            CertificateKind::SkillLevel,
            vec![
                LevelAmount {
                    level: CertificateLevel::Level5,
                    amount: Fen::from_fen(150_050),
                },
                LevelAmount {
                    level: CertificateLevel::Level1,
                    amount: Fen::from_yuan(4500),
                },
            ],
            vec![
                CategoryUplift {
                    category: WorkerCategory::PovertyAlleviated,
                    percent: UpliftPercent::parse(10).expect("valid"),
                },
                CategoryUplift {
                    category: WorkerCategory::ReturningMigrant,
                    percent: UpliftPercent::parse(5).expect("valid"),
                },
            ],
        )
        .expect("valid");
        let text = format(CertificateKind::SkillLevel, &standard);
        let again = read(&text);
        assert_eq!(again.kind, CertificateKind::SkillLevel);
        assert_eq!(
            again.amounts,
            pairs(&[("level5", "1500.50"), ("level1", "4500")])
        );
        assert_eq!(
            again.uplifts,
            pairs(&[("returning_migrant", "5"), ("poverty_alleviated", "10")])
        );
        for kind in CertificateKind::ALL
            .iter()
            .copied()
            .filter(|k| !k.is_graded())
        {
            let certified = SubsidyStandard::parse(
                kind,
                vec![LevelAmount {
                    level: CertificateLevel::Certified,
                    amount: Fen::from_yuan(1000),
                }],
                vec![],
            )
            .expect("valid");
            assert_eq!(read(&format(kind, &certified)).kind, kind, "{kind:?}");
        }
    }
}
