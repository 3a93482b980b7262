//! The texts of the scorecards of institutions and courses.

use super::Lang;

/// The scorecard pages in one language.
pub struct ScorecardTexts {
    pub institutions_title: &'static str,
    pub courses_title: &'static str,
    pub intro: &'static str,
    pub too_few: &'static str,
    pub candidates_heading: &'static str,
    /// The rules in force: completion and employment below, recovered.
    pub rules: fn(f64, f64, bool) -> String,
    pub no_candidates: &'static str,
    pub ranking_heading: &'static str,
    pub nothing_yet: &'static str,
    pub rank: &'static str,
    pub name_institution: &'static str,
    pub name_course: &'static str,
    pub classes: &'static str,
    pub enrolled: &'static str,
    pub completed: &'static str,
    pub completion_rate: &'static str,
    pub certification_rate: &'static str,
    pub hired: &'static str,
    pub employment_rate: &'static str,
    pub teaching: &'static str,
    pub facilities: &'static str,
    pub usefulness: &'static str,
    pub warnings_per_100: &'static str,
    pub recovered: &'static str,
    /// "完成率 45.0%，低于 60%".
    pub low_completion: fn(f64, f64) -> String,
    pub low_employment: fn(f64, f64) -> String,
    pub subsidy_recovered: fn(i64) -> String,
    pub public_heading: &'static str,
    pub public_note: &'static str,
    pub ratings_count: fn(i64) -> String,
}

impl Lang {
    pub const fn scorecard_texts(self) -> &'static ScorecardTexts {
        match self {
            Lang::Zh => &SCORECARDS_ZH,
            Lang::En => &SCORECARDS_EN,
        }
    }
}

const SCORECARDS_ZH: ScorecardTexts = ScorecardTexts {
    institutions_title: "培训机构评估",
    courses_title: "培训项目评估",
    intro: "按已结束班级统计：完成率＝结业考核合格人数÷已录入结业考核的学员数；取证率＝证书经核验人数÷合格人数；就业率＝订单式培训合格学员中，用工单位已登记结果者被录用的比例。同一机构或项目历年目录中的记录合并统计。不足 10 名学员的比例和评分显示为“样本不足”。",
    too_few: "样本不足",
    candidates_heading: "建议在下次目录调整时移出",
    rules: |completion, employment, recovered| {
        let mut text = format!("规则：完成率低于 {completion:.0}%，或就业率低于 {employment:.0}%");
        if recovered {
            text.push_str("，或有补贴被追回");
        }
        text.push('。');
        text
    },
    no_candidates: "目前没有符合移出规则的对象。",
    ranking_heading: "排名",
    nothing_yet: "还没有已批准的班级。",
    rank: "名次",
    name_institution: "机构",
    name_course: "职业（工种）",
    classes: "班级数",
    enrolled: "报名人数",
    completed: "合格人数",
    completion_rate: "完成率",
    certification_rate: "取证率",
    hired: "录用人数",
    employment_rate: "就业率",
    teaching: "教学",
    facilities: "场地设施",
    usefulness: "实用性",
    warnings_per_100: "每百次签到预警数",
    recovered: "追回补贴",
    low_completion: |percent, below| format!("完成率 {percent:.1}%，低于 {below:.0}%"),
    low_employment: |percent, below| format!("就业率 {percent:.1}%，低于 {below:.0}%"),
    subsidy_recovered: |claims| format!("{claims} 笔补贴被追回"),
    public_heading: "培训成效",
    public_note: "按已结束班级统计，评分来自出勤达标的学员；不足 10 名学员时显示“样本不足”。",
    ratings_count: |count| format!("{count} 条评价"),
};

const SCORECARDS_EN: ScorecardTexts = ScorecardTexts {
    institutions_title: "Institution scorecards",
    courses_title: "Course scorecards",
    intro: "From classes that have ended: completion = passed ÷ trainees whose final assessment is recorded; certification = certificates verified ÷ passed; employment = of those who completed an order's class and whose outcome the employer recorded, the share hired. An institution or course is one record across the yearly catalogue editions. Rates and ratings from fewer than 10 trainees show as \"too few to tell\".",
    too_few: "Too few to tell",
    candidates_heading: "Candidates for removal at the next catalogue adjustment",
    rules: |completion, employment, recovered| {
        let mut text = format!(
            "Rules: completion below {completion:.0}%, or employment below {employment:.0}%"
        );
        if recovered {
            text.push_str(", or a subsidy recovered");
        }
        text.push('.');
        text
    },
    no_candidates: "No one meets a removal rule now.",
    ranking_heading: "Ranking",
    nothing_yet: "No approved classes yet.",
    rank: "Rank",
    name_institution: "Institution",
    name_course: "Occupation",
    classes: "Classes",
    enrolled: "Enrolled",
    completed: "Passed",
    completion_rate: "Completion",
    certification_rate: "Certification",
    hired: "Hired",
    employment_rate: "Employment",
    teaching: "Teaching",
    facilities: "Facilities",
    usefulness: "Usefulness",
    warnings_per_100: "Warnings per 100 check-ins",
    recovered: "Subsidies recovered",
    low_completion: |percent, below| format!("completion {percent:.1}%, below {below:.0}%"),
    low_employment: |percent, below| format!("employment {percent:.1}%, below {below:.0}%"),
    subsidy_recovered: |claims| format!("{claims} subsidies recovered"),
    public_heading: "Training results",
    public_note: "From classes that have ended; ratings by trainees who attended enough. Fewer than 10 trainees show as \"too few to tell\".",
    ratings_count: |count| format!("{count} ratings"),
};
