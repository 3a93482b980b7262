//! Texts of the live roster (its page and island). Shared by the server
//! and the browser.

use super::Lang;

pub struct RosterTexts {
    pub page_title: &'static str,
    pub enrolled: &'static str,
    pub checked_in: &'static str,
    pub checked_out: &'static str,
    pub headcount: &'static str,
    pub people_counted: &'static str,
    pub save: &'static str,
    pub worker: &'static str,
    pub check_in: &'static str,
    pub check_out: &'static str,
    pub legend: &'static str,
    /// Short marks of how a check-in was confirmed.
    pub by_passkey: &'static str,
    pub by_device_key: &'static str,
    pub by_password: &'static str,
    pub by_staff: &'static str,
    pub far_from_venue: &'static str,
    pub without_position: &'static str,
    pub void: &'static str,
    pub add: &'static str,
    pub correction_reason: &'static str,
    pub correct: &'static str,
    /// The roll-call column's heading.
    pub roll_call: &'static str,
    /// "Roll-call 1 (10:32–10:35): 12 confirmed, 3 missed", with whether
    /// it is still open.
    pub roll_call_line: fn(i64, &str, &str, usize, usize, bool) -> String,
    /// A roll-call the worker missed.
    pub missed: &'static str,
    /// Staff add the answer to a missed roll-call.
    pub excuse: &'static str,
}

impl Lang {
    /// The roster's texts in this language.
    pub const fn roster_texts(self) -> &'static RosterTexts {
        match self {
            Lang::Zh => &ROSTER_ZH,
            Lang::En => &ROSTER_EN,
        }
    }
}

const ROSTER_ZH: RosterTexts = RosterTexts {
    page_title: "签到名单",
    enrolled: "已报名 ",
    checked_in: " · 已签到 ",
    checked_out: " · 已签退 ",
    headcount: " · 实到人数 ",
    people_counted: "老师清点的实到人数",
    save: "保存",
    worker: "学员",
    check_in: "签到",
    check_out: "签退",
    legend: "“密钥”为通行密钥确认；“密码”为较低保障；“人工”为工作人员更正；⚠ 为位置异常。",
    by_passkey: "密钥",
    by_device_key: "本机",
    by_password: "密码",
    by_staff: "人工",
    far_from_venue: " ⚠",
    without_position: " ⚠无定位",
    void: "作废",
    add: "补录",
    correction_reason: "更正理由（将记入审计日志）",
    correct: "确认更正",
    roll_call: "随机点名",
    roll_call_line: |seq, opens, closes, answered, missed, open| {
        let state = if open { "进行中" } else { "已结束" };
        format!("第 {seq} 次随机点名（{opens}–{closes}，{state}）：已确认 {answered} 人，错过 {missed} 人")
    },
    missed: "错过",
    excuse: "补录点名",
};

const ROSTER_EN: RosterTexts = RosterTexts {
    page_title: "Roster",
    enrolled: "Enrolled ",
    checked_in: " · checked in ",
    checked_out: " · checked out ",
    headcount: " · headcount ",
    people_counted: "People counted in the room",
    save: "Save",
    worker: "Worker",
    check_in: "In",
    check_out: "Out",
    legend: "“key”: confirmed with a passkey; “pw”: lower assurance; “staff”: corrected by staff; ⚠: far from the venue.",
    by_passkey: "key",
    by_device_key: "device",
    by_password: "pw",
    by_staff: "staff",
    far_from_venue: " ⚠",
    without_position: " ⚠no position",
    void: "Void",
    add: "Add",
    correction_reason: "Reason for this correction (kept in the audit trail)",
    correct: "Correct",
    roll_call: "Roll-call",
    roll_call_line: |seq, opens, closes, answered, missed, open| {
        let state = if open { "open" } else { "closed" };
        format!("Roll-call {seq} ({opens}–{closes}, {state}): {answered} confirmed, {missed} missed")
    },
    missed: "missed",
    excuse: "Add answer",
};
