//! A subsidy claim's automatic checks in plain words, with the figures
//! they used, and what the worker can do about one that did not pass.
//! Server-rendered only.

use serde_json::Value;

use super::Lang;
use crate::domain::{hours, CertificateStatus, CheckKind, CheckOutcome};

/// `attendance,assessment` → `未通过或待定：出勤率、结业考核`.
pub fn unmet_checks_text(codes: &str, lang: Lang) -> String {
    let names: Vec<&str> = codes
        .split(',')
        .filter_map(|code| CheckKind::parse(code).ok())
        .map(|kind| kind.label(lang))
        .collect();
    let texts = lang.journey_texts();
    if names.is_empty() {
        texts.all_checks_passed.to_owned()
    } else {
        (texts.checks_unmet)(&names)
    }
}

/// A check in plain words with its figures, e.g. `出勤率 92% ≥ 80% ✓`.
pub fn explain_check(kind: CheckKind, outcome: CheckOutcome, inputs: &Value, lang: Lang) -> String {
    let figures = Figures(inputs);
    let text = match lang {
        Lang::Zh => zh::explain(kind, outcome, &figures),
        Lang::En => en::explain(kind, outcome, &figures),
    };
    let mark = match outcome {
        CheckOutcome::Passed => "✓",
        CheckOutcome::Failed => "✗",
        CheckOutcome::Pending => "…",
    };
    format!("{text} {mark}")
}

/// What the worker can do about a check that did not pass.
pub fn check_advice(kind: CheckKind, outcome: CheckOutcome, lang: Lang) -> Option<&'static str> {
    if outcome == CheckOutcome::Passed {
        return None;
    }
    Some(match lang {
        Lang::Zh => zh::advice(kind, outcome),
        Lang::En => en::advice(kind, outcome),
    })
}

/// The figures a check recorded.
struct Figures<'a>(&'a Value);

impl Figures<'_> {
    fn number(&self, key: &str) -> i64 {
        self.0[key].as_i64().unwrap_or_default()
    }

    fn flag(&self, key: &str) -> Option<bool> {
        self.0[key].as_bool()
    }

    fn hours(&self, key: &str) -> String {
        hours(self.number(key))
    }

    fn certificate_status(&self) -> CertificateStatus {
        self.0["status"]
            .as_str()
            .and_then(|code| CertificateStatus::parse(code).ok())
            .unwrap_or(CertificateStatus::Pending)
    }

    /// "≥" when the attendance reached its threshold, "<" otherwise.
    fn attendance_sign(&self) -> &'static str {
        if self.number("percent") >= self.number("threshold") {
            "≥"
        } else {
            "<"
        }
    }
}

fn online_sign(outcome: CheckOutcome) -> &'static str {
    if outcome == CheckOutcome::Passed {
        "≤"
    } else {
        ">"
    }
}

mod zh {
    use super::*;

    pub(super) fn explain(kind: CheckKind, outcome: CheckOutcome, figures: &Figures) -> String {
        let number = |key| figures.number(key);
        match kind {
            CheckKind::Attendance => format!(
                "出勤率 {}% {} {}%（出勤 {} / 应出勤 {} 小时）",
                number("percent"),
                figures.attendance_sign(),
                number("threshold"),
                figures.hours("attended_minutes"),
                figures.hours("scheduled_minutes"),
            ),
            CheckKind::OnlineShare => format!(
                "线上学时占比 {}% {} {}%",
                number("percent"),
                online_sign(outcome),
                number("limit")
            ),
            CheckKind::Assessment => match (figures.flag("recorded"), outcome) {
                (Some(false), _) => "结业考核成绩尚未录入".to_owned(),
                (_, CheckOutcome::Passed) => format!("结业考核合格（{} 分）", number("score")),
                _ => format!("结业考核不合格（{} 分）", number("score")),
            },
            CheckKind::Certificate => match figures.certificate_status() {
                CertificateStatus::NotRequired => "本项目无需核对证书".to_owned(),
                status => format!("证书核对：{}", status.label(Lang::Zh)),
            },
            CheckKind::NoEarlierClaim => match number("earlier_claims") {
                0 => "同职业同等级此前未申请过补贴".to_owned(),
                n => format!("同职业同等级已有 {n} 份补贴申请（每人只能享受一次）"),
            },
            CheckKind::ClassInCatalogue => match (
                figures.flag("class_approved"),
                figures.flag("course_published"),
            ) {
                (Some(true), Some(true)) => "班级已批准，项目在已发布的培训目录内",
                (Some(true), _) => "项目已不在已发布的培训目录内",
                _ => "班级未获批准开班",
            }
            .to_owned(),
            CheckKind::NoOpenWarning => match number("open_warnings") {
                0 => "没有未核实的风险预警".to_owned(),
                n => format!("有 {n} 条风险预警待人社局核实"),
            },
            CheckKind::AttendanceAssurance => format!(
                "学时中工作人员补录 {}%（上限 {}%），仅凭密码签到 {}%（上限 {}%）",
                number("staff_percent"),
                number("max_staff_percent"),
                number("password_percent"),
                number("max_password_percent"),
            ),
        }
    }

    pub(super) fn advice(kind: CheckKind, outcome: CheckOutcome) -> &'static str {
        match (kind, outcome) {
            (CheckKind::Assessment, CheckOutcome::Pending) => {
                "请联系培训机构录入结业考核成绩，录入后会自动重新核验。"
            }
            (CheckKind::Certificate, CheckOutcome::Pending) => {
                "人社局正在核对证书，您无需操作，核对后会通知您。"
            }
            (CheckKind::NoOpenWarning, CheckOutcome::Pending) => {
                "有签到记录需人社局核实，核实后会自动继续。如被误判，可带身份证到培训机构说明。"
            }
            (CheckKind::AttendanceAssurance, CheckOutcome::Pending) => {
                "较多学时由工作人员补录或仅凭密码签到，需人社局复核出勤证据后继续。以后请用通行密钥签到。"
            }
            (CheckKind::Attendance, _) => {
                "出勤不足。如有漏签，请在培训机构核实后由老师更正签到记录。"
            }
            (CheckKind::NoEarlierClaim, _) => "同一职业同一等级的补贴每人只能享受一次。",
            _ => "如有异议，请联系所在城市的人社局。",
        }
    }
}

mod en {
    use super::*;

    pub(super) fn explain(kind: CheckKind, outcome: CheckOutcome, figures: &Figures) -> String {
        let number = |key| figures.number(key);
        match kind {
            CheckKind::Attendance => format!(
                "Attendance {}% {} {}% ({} of {} hours)",
                number("percent"),
                figures.attendance_sign(),
                number("threshold"),
                figures.hours("attended_minutes"),
                figures.hours("scheduled_minutes"),
            ),
            CheckKind::OnlineShare => format!(
                "Online share {}% {} {}%",
                number("percent"),
                online_sign(outcome),
                number("limit")
            ),
            CheckKind::Assessment => match (figures.flag("recorded"), outcome) {
                (Some(false), _) => "Completion assessment not recorded yet".to_owned(),
                (_, CheckOutcome::Passed) => {
                    format!("Completion assessment passed ({} points)", number("score"))
                }
                _ => format!("Completion assessment failed ({} points)", number("score")),
            },
            CheckKind::Certificate => match figures.certificate_status() {
                CertificateStatus::NotRequired => {
                    "No certificate to verify for this course".to_owned()
                }
                status => format!("Certificate: {}", status.label(Lang::En)),
            },
            CheckKind::NoEarlierClaim => match number("earlier_claims") {
                0 => "No earlier claim for this occupation and level".to_owned(),
                n => format!("{n} earlier claim(s) for this occupation and level (one per person)"),
            },
            CheckKind::ClassInCatalogue => match (
                figures.flag("class_approved"),
                figures.flag("course_published"),
            ) {
                (Some(true), Some(true)) => "Class approved; course in the published catalogue",
                (Some(true), _) => "The course is no longer in the published catalogue",
                _ => "The class was not approved",
            }
            .to_owned(),
            CheckKind::NoOpenWarning => match number("open_warnings") {
                0 => "No open risk warning".to_owned(),
                n => format!("{n} risk warning(s) awaiting the bureau's check"),
            },
            CheckKind::AttendanceAssurance => format!(
                "Hours added by staff {}% (limit {}%), confirmed by password only {}% (limit {}%)",
                number("staff_percent"),
                number("max_staff_percent"),
                number("password_percent"),
                number("max_password_percent"),
            ),
        }
    }

    pub(super) fn advice(kind: CheckKind, outcome: CheckOutcome) -> &'static str {
        match (kind, outcome) {
            (CheckKind::Assessment, CheckOutcome::Pending) => {
                "Ask the institution to record your completion assessment; the checks run again by themselves."
            }
            (CheckKind::Certificate, CheckOutcome::Pending) => {
                "The bureau is verifying the certificate; nothing to do, you will be told."
            }
            (CheckKind::NoOpenWarning, CheckOutcome::Pending) => {
                "A check-in is being looked at by the bureau; the claim continues once it is cleared. If it is a mistake, explain at the institution with your ID card."
            }
            (CheckKind::AttendanceAssurance, CheckOutcome::Pending) => {
                "Many hours were added by staff or confirmed by password only, so the bureau reviews the attendance evidence before the claim goes on. Check in with a passkey from now on."
            }
            (CheckKind::Attendance, _) => {
                "Attendance is too low. If a check-in was missed, ask the institution to correct the record."
            }
            (CheckKind::NoEarlierClaim, _) => {
                "The subsidy for one occupation and level is paid once per person."
            }
            _ => "If you disagree, contact your city's HR bureau.",
        }
    }
}
