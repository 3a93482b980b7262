//! The texts of "为你推荐" (what the worker's home page and inbox
//! recommend, and why) and of the bureau's campaign pages.

use super::Lang;

/// "为你推荐" in one language.
pub struct RecommendedTexts {
    pub title: &'static str,
    /// A link that opens the offer.
    pub open: &'static str,
    /// A button that hides one recommendation for good.
    pub dismiss: &'static str,
    /// "电工（四级）": an occupation at a level.
    pub offer_title: fn(&str, &str) -> String,
    /// Why a pushed offer is shown: the worker's category (if any) and city.
    pub because_pushed: fn(Option<&str>, &str) -> String,
    /// Why an urgently-needed course is shown: the city.
    pub because_urgent: fn(&str) -> String,
    /// Why a class is shown: its first day and seats left.
    pub because_starting_soon: fn(&str, i64) -> String,
    /// Why an order is shown: the employer, jobs and monthly wage range.
    pub because_job: fn(&str, i64, i64, i64) -> String,
    /// Why the next level is shown: the certificate held.
    pub because_next_level: fn(&str, &str) -> String,
    pub allowance_title: &'static str,
    pub allowance_detail: &'static str,
    /// Why the allowance note is shown: the verified category.
    pub because_allowance: fn(&str) -> String,
    /// What a class offer says: its institution and venue.
    pub class_detail: fn(&str, &str) -> String,
    /// What an order offer says: the kind of training.
    pub order_detail: fn(&str) -> String,
    pub urgent_detail: &'static str,
    pub next_level_detail: &'static str,
}

impl Lang {
    pub const fn recommended_texts(self) -> &'static RecommendedTexts {
        match self {
            Lang::Zh => &RECOMMENDED_ZH,
            Lang::En => &RECOMMENDED_EN,
        }
    }
}

const RECOMMENDED_ZH: RecommendedTexts = RecommendedTexts {
    title: "为你推荐",
    open: "查看",
    dismiss: "不感兴趣",
    offer_title: |occupation, level| format!("{occupation}（{level}）"),
    because_pushed: |category, city| match category {
        Some(category) => format!("因为你是{category}，在{city}"),
        None => format!("因为你在{city}"),
    },
    because_urgent: |city| format!("{city}急需紧缺的职业（工种），补贴更高"),
    because_starting_soon: |day, seats| format!("{day}开班，还剩 {seats} 个名额"),
    because_job: |employer, openings, min, max| {
        format!("培训合格后{employer}提供 {openings} 个岗位，月薪 {min}–{max} 元")
    },
    because_next_level: |occupation, level| {
        format!("你已取得{occupation}{level}证书，可以考下一级")
    },
    allowance_title: "培训期间可领生活费补贴",
    allowance_detail: "参加培训的每个出勤日都有生活费补贴，和培训补贴一起申领。",
    because_allowance: |category| format!("因为你是{category}（已核实）"),
    class_detail: |institution, venue| format!("{institution} · {venue}"),
    order_detail: |kind| format!("{kind}，培训合格即上岗"),
    urgent_detail: "急需紧缺职业（工种）",
    next_level_detail: "技能等级提升，补贴按新等级申领",
};

const RECOMMENDED_EN: RecommendedTexts = RecommendedTexts {
    title: "Recommended for you",
    open: "View",
    dismiss: "Not interested",
    offer_title: |occupation, level| format!("{occupation} ({level})"),
    because_pushed: |category, city| match category {
        Some(category) => format!("Because you are {category}, in {city}"),
        None => format!("Because you are in {city}"),
    },
    because_urgent: |city| format!("Urgently needed in {city}, with a higher subsidy"),
    because_starting_soon: |day, seats| format!("Starts on {day}, {seats} seats left"),
    because_job: |employer, openings, min, max| {
        format!("After training {employer} offers {openings} jobs at {min}–{max} yuan a month")
    },
    because_next_level: |occupation, level| {
        format!("You hold {occupation} {level}: take the next level")
    },
    allowance_title: "A living allowance while you train",
    allowance_detail:
        "Every day you attend training earns a living allowance, claimed with the training subsidy.",
    because_allowance: |category| format!("Because you are {category} (verified)"),
    class_detail: |institution, venue| format!("{institution} · {venue}"),
    order_detail: |kind| format!("{kind}: a job once you pass"),
    urgent_detail: "Urgently needed occupation",
    next_level_detail: "Move up a skill level; the subsidy follows the new level",
};
