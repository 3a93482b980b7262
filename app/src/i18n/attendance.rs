//! Texts of the worker's hours (the ledger of each enrolment) and the
//! bureau's risk warnings (server-rendered only).

use super::Lang;

pub struct AttendanceTexts {
    /// Title of the worker's hours page.
    pub my_hours: &'static str,
    pub my_enrolments_and_hours: &'static str,
    pub no_enrolments: &'static str,
    pub find_a_class: &'static str,
    /// Before the attendance percentage.
    pub attendance: &'static str,
    /// After a number of hours.
    pub hours_unit: &'static str,
    /// Before the online hours.
    pub online: &'static str,
    pub studied_online: &'static str,
    pub no_online_study: &'static str,
    pub checked_in_and_out: &'static str,
    pub checked_in_not_out: &'static str,
    pub not_checked_in: &'static str,
    pub risk_warnings: &'static str,
    pub no_open_warnings: &'static str,
    /// Before and after a session's position in its class.
    pub session_prefix: &'static str,
    pub session_suffix: &'static str,
    pub finding: &'static str,
    pub clear_after_checking: &'static str,
    /// Sessions whose hours rest on a password or a staff correction only.
    pub weak_sessions: fn(usize) -> String,
    pub move_up: &'static str,
    /// "Roll-call 1 confirmed (device key)".
    pub roll_call_answered: fn(i64, &str) -> String,
    /// A missed roll-call: the session's hours do not count.
    pub roll_call_missed: fn(i64) -> String,
    pub assurance_summary: &'static str,
    pub workers_by_phone: &'static str,
    /// Workers whose phone no browser has reported on yet.
    pub phone_not_seen: &'static str,
    pub marks_by_assurance: &'static str,
}

impl Lang {
    /// The hours and risk warning pages' texts in this language.
    pub const fn attendance_texts(self) -> &'static AttendanceTexts {
        match self {
            Lang::Zh => &ATTENDANCE_ZH,
            Lang::En => &ATTENDANCE_EN,
        }
    }
}

const ATTENDANCE_ZH: AttendanceTexts = AttendanceTexts {
    my_hours: "我的学时",
    my_enrolments_and_hours: "我的报名与学时",
    no_enrolments: "您还没有报名任何班级。",
    find_a_class: "找班级报名",
    attendance: "出勤率 ",
    hours_unit: " 小时",
    online: "线上 ",
    studied_online: "线上已学",
    no_online_study: "线上未报告",
    checked_in_and_out: "已签到签退",
    checked_in_not_out: "已签到，未签退",
    not_checked_in: "未签到",
    risk_warnings: "风险预警",
    no_open_warnings: "没有待处理的预警。",
    session_prefix: "第 ",
    session_suffix: " 次课",
    finding: "核查结论（必填）",
    clear_after_checking: "核查后解除",
    weak_sessions: |count| {
        format!("有 {count} 次课的学时只凭密码或工作人员补录确认，保障级别较低，补贴审核时可能需要复核。")
    },
    move_up: "在“我的账号”设置本机密钥或添加通行密钥",
    roll_call_answered: |seq, level| format!("第 {seq} 次随机点名已确认（{level}）"),
    roll_call_missed: |seq| {
        format!("错过第 {seq} 次随机点名：这次课的学时不计入。如确实在场，请找培训机构老师说明情况补录。")
    },
    assurance_summary: "签到保障概况",
    workers_by_phone: "学员手机能力",
    phone_not_seen: "尚未检测",
    marks_by_assurance: "签到（签退）确认方式",
};

const ATTENDANCE_EN: AttendanceTexts = AttendanceTexts {
    my_hours: "My hours",
    my_enrolments_and_hours: "My enrolments and hours",
    no_enrolments: "You have not enrolled in any class yet.",
    find_a_class: "Find a class",
    attendance: "Attendance ",
    hours_unit: " h",
    online: "online ",
    studied_online: "studied online",
    no_online_study: "no online study reported",
    checked_in_and_out: "checked in and out",
    checked_in_not_out: "checked in, not out",
    not_checked_in: "not checked in",
    risk_warnings: "Risk warnings",
    no_open_warnings: "No open warnings.",
    session_prefix: "session ",
    session_suffix: "",
    finding: "Finding (required)",
    clear_after_checking: "Clear after checking",
    weak_sessions: |count| {
        format!("The hours of {count} sessions rest on a password or a staff correction only; the subsidy review may look at them again.")
    },
    move_up: "Set up a device key or add a passkey under My account",
    roll_call_answered: |seq, level| format!("Roll-call {seq} confirmed ({level})"),
    roll_call_missed: |seq| {
        format!("Missed roll-call {seq}: this session's hours do not count. If you were there, ask the institution's staff to add your answer.")
    },
    assurance_summary: "Check-in assurance",
    workers_by_phone: "Workers' phones",
    phone_not_seen: "not seen yet",
    marks_by_assurance: "Check-ins and check-outs confirmed by",
};
