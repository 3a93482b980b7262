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

/// The bureau's campaign pages and files in one language.
pub struct CampaignTexts {
    pub campaigns_title: &'static str,
    pub new_campaign: &'static str,
    /// "推送 #12：电工": a campaign's file title.
    pub funnel_file_title: fn(i64, &str) -> String,
    pub category_column: &'static str,
    /// Added to a step's name for its share column: "（占上一步）".
    pub share_suffix: &'static str,
    pub all_recipients: &'static str,
    pub without_category: &'static str,
    pub offer: &'static str,
    pub offer_id: &'static str,
    pub level_for_course: &'static str,
    pub message_zh: &'static str,
    pub message_en: &'static str,
    pub message_hint: &'static str,
    pub audience: &'static str,
    pub audience_hint: &'static str,
    pub categories_any: &'static str,
    pub living_allowance_eligible: &'static str,
    pub without_this_certificate: &'static str,
    pub holding_level_below: &'static str,
    pub not_in_training: &'static str,
    pub registered_from: &'static str,
    pub registered_until: &'static str,
    pub save_draft: &'static str,
    pub save_changes: &'static str,
    /// "发送给 1,234 名劳动者".
    pub send_to: fn(i64) -> String,
    /// What sending means: the weekly limit and the quiet hours in force.
    pub send_note: fn(u32, u32, u32) -> String,
    /// "按当前条件可推送 1,234 名劳动者".
    pub reaches: fn(i64) -> String,
    pub by_category_note: &'static str,
    pub funnel: &'static str,
    pub messages: &'static str,
    pub channel_inbox: &'static str,
    pub channel_sms: &'static str,
    pub export_xlsx: &'static str,
    pub export_csv: &'static str,
    pub no_campaigns: &'static str,
    pub read_only: &'static str,
    pub sent_on: fn(&str, i64) -> String,
    pub status_column: &'static str,
    pub workers_column: &'static str,
    pub share_column: &'static str,
    pub step_column: &'static str,
}

impl Lang {
    pub const fn campaign_texts(self) -> &'static CampaignTexts {
        match self {
            Lang::Zh => &CAMPAIGNS_ZH,
            Lang::En => &CAMPAIGNS_EN,
        }
    }
}

const CAMPAIGNS_ZH: CampaignTexts = CampaignTexts {
    campaigns_title: "培训推送",
    new_campaign: "新建推送",
    funnel_file_title: |id, occupation| format!("推送{id}-{occupation}-效果"),
    category_column: "人员类别",
    share_suffix: "（占上一步）",
    all_recipients: "全部推送对象",
    without_category: "未申报类别",
    offer: "推荐内容",
    offer_id: "课程、班级或订单编号",
    level_for_course: "推荐等级（推荐课程时填写）",
    message_zh: "推送文字（中文，最多 50 字）",
    message_en: "推送文字（英文，可不填）",
    message_hint: "一行普通文字，不要写网址：短信末尾会自动附上报名链接。",
    audience: "推送对象",
    audience_hint: "只推送给本市、同意接收推荐的劳动者；下列条件须同时满足。",
    categories_any: "人员类别（任一）",
    living_allowance_eligible: "可享受生活费补贴（类别已核实）",
    without_this_certificate: "尚未持有或申领该职业该等级证书",
    holding_level_below: "已持有低一级证书（推荐晋级）",
    not_in_training: "当前未在参加培训",
    registered_from: "注册日期从",
    registered_until: "注册日期至",
    save_draft: "保存草稿并统计人数",
    save_changes: "保存修改并重新统计",
    send_to: |count| format!("发送给 {count} 名劳动者"),
    send_note: |limit, from, until| {
        format!("发送后不能修改或撤回；每人每周最多收到 {limit} 条推送，{from}:00 至 {until}:00 不发送（到时自动顺延）。")
    },
    reaches: |count| format!("按当前条件可推送 {count} 名劳动者"),
    by_category_note: "一人可属多个类别，各类别人数之和可能大于总数。不显示任何个人信息。",
    funnel: "推送效果",
    messages: "送达情况",
    channel_inbox: "站内消息",
    channel_sms: "短信",
    export_xlsx: "导出 Excel",
    export_csv: "导出 CSV",
    no_campaigns: "还没有推送。",
    read_only: "省厅可查看各市推送，不能新建或发送。",
    sent_on: |day, count| format!("{day} 发送给 {count} 人"),
    status_column: "状态",
    workers_column: "人数",
    share_column: "占上一步",
    step_column: "环节",
};

const CAMPAIGNS_EN: CampaignTexts = CampaignTexts {
    campaigns_title: "Training campaigns",
    new_campaign: "New campaign",
    funnel_file_title: |id, occupation| format!("campaign-{id}-{occupation}-funnel"),
    category_column: "Worker category",
    share_suffix: " (share of previous)",
    all_recipients: "All recipients",
    without_category: "No category declared",
    offer: "What is recommended",
    offer_id: "Course, class or order number",
    level_for_course: "Level recommended (for a course)",
    message_zh: "Message in Chinese (at most 50 characters)",
    message_en: "Message in English (optional)",
    message_hint: "One line of plain text without web addresses: the SMS ends with the link to the offer.",
    audience: "Audience",
    audience_hint: "Only workers of your city who receive recommendations; every filter set must hold.",
    categories_any: "Worker categories (any of)",
    living_allowance_eligible: "May receive the living allowance (category verified)",
    without_this_certificate: "Neither holds nor claimed this occupation at this level",
    holding_level_below: "Holds the level below (to move up)",
    not_in_training: "In no training now",
    registered_from: "Registered from",
    registered_until: "Registered until",
    save_draft: "Save the draft and count",
    save_changes: "Save changes and count again",
    send_to: |count| format!("Send to {count} workers"),
    send_note: |limit, from, until| {
        format!("A sent campaign cannot be changed or taken back; nobody gets more than {limit} a week, and none between {from}:00 and {until}:00 (they wait).")
    },
    reaches: |count| format!("These filters reach {count} workers"),
    by_category_note: "A worker may be in several categories, so the categories can add up to more than the total. No personal data is shown.",
    funnel: "Results",
    messages: "Delivery",
    channel_inbox: "In-app inbox",
    channel_sms: "SMS",
    export_xlsx: "Export Excel",
    export_csv: "Export CSV",
    no_campaigns: "No campaigns yet.",
    read_only: "The province reads every city's campaigns and cannot create or send them.",
    sent_on: |day, count| format!("Sent on {day} to {count}"),
    status_column: "Status",
    workers_column: "Workers",
    share_column: "Share of previous",
    step_column: "Step",
};
