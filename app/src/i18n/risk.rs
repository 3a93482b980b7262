//! Risk warnings explained with their figures, for the bureau and the
//! institution. Server-rendered only.

use serde_json::Value;

use super::Lang;
use crate::domain::RiskKind;

/// A sentence explaining a warning with the figures it recorded.
pub fn explain_warning(kind: RiskKind, details: &Value, lang: Lang) -> String {
    let figures = Figures(details);
    match lang {
        Lang::Zh => zh(kind, &figures),
        Lang::En => en(kind, &figures),
    }
}

struct Figures<'a>(&'a Value);

impl Figures<'_> {
    fn number(&self, key: &str) -> f64 {
        self.0.get(key).and_then(Value::as_f64).unwrap_or_default()
    }

    /// The teacher's headcount, or `missing` when none was entered.
    fn headcount(&self, missing: &str) -> String {
        match self.0.get("headcount").and_then(Value::as_i64) {
            Some(headcount) => headcount.to_string(),
            None => missing.to_owned(),
        }
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }

    /// The inspection whose headcount raised the warning, if an
    /// inspector's did rather than the teacher's.
    fn inspection(&self) -> Option<i64> {
        self.0.get("inspection_id").and_then(Value::as_i64)
    }

    fn is_check_out(&self) -> bool {
        self.0.get("direction").and_then(Value::as_str) == Some("out")
    }
}

fn zh(kind: RiskKind, figures: &Figures) -> String {
    let number = |key| figures.number(key);
    match kind {
        RiskKind::SharedDevice => format!(
            "同一部手机（浏览器）在这次课为 {} 名学员签到，可能存在代签。",
            number("workers")
        ),
        RiskKind::FarFromVenue => format!(
            "签到位置距培训地点约 {} 米（定位误差约 {} 米），超出允许的 {} 米。",
            number("distance_m"),
            number("accuracy_m"),
            number("radius_m")
        ),
        RiskKind::OverHeadcount => match figures.inspection() {
            Some(inspection) => format!(
                "签到 {} 人，但过程检查（第 {inspection} 号）清点的在场人数只有 {} 人。本班补贴申请在预警解除前暂停。",
                number("check_ins"),
                number("headcount")
            ),
            None => format!(
                "签到 {} 人，但老师清点的实到人数只有 {} 人。本班补贴申请在预警解除前暂停。",
                number("check_ins"),
                number("headcount")
            ),
        },
        RiskKind::StaffCorrection => {
            let what = if figures.is_check_out() { "签退" } else { "签到" };
            format!("这条{what}记录由工作人员补录，不是学员本人扫码确认的。请核实学员当天是否到课。")
        }
        RiskKind::RelayedCode => format!(
            "同一个签到码在 10 秒内被 {} 人确认，他们都远离培训地点或没有提供位置（达到 {} 人即预警），签到码可能被转发给不在教室的人。",
            number("confirmations"),
            number("threshold")
        ),
        RiskKind::FailedConfirmations => format!(
            "这次课已有 {} 次签到确认失败（通行密钥不符或在别的手机上确认），可能有人在替他人签到。",
            number("failures")
        ),
        RiskKind::OverlappingSessions => format!(
            "这名学员在同一时间段还签到了另一次课（课次编号 {}），不可能同时在两处上课。",
            number("other_session_id")
        ),
        RiskKind::MissedRollCall => format!(
            "这名学员签到了，但没有确认第 {} 次随机点名，这次课的学时不计入，除非工作人员说明理由后补录。",
            number("seq")
        ),
        RiskKind::RollCallShortfall => format!(
            "{} 人签到，{} 人确认了第 {} 次随机点名，{} 人错过；老师清点的实到人数为 {}。签到码可能在开课时被转发给了不在教室的人。",
            number("checked_in"),
            number("answered"),
            number("seq"),
            number("missed"),
            figures.headcount("未清点")
        ),
        RiskKind::NotEmployee => match figures.text("employed_since") {
            Some(since) => format!(
                "这是用人单位为本单位职工办的培训，但单位申报这名学员 {since} 才入职，晚于开班日 {}：开班时还不是本单位职工，补贴不能直补企业。",
                figures.text("class_starts_on").unwrap_or_default()
            ),
            None => "这是用人单位为本单位职工办的培训，但单位没有申报这名学员的入职日期，无法确认开班时是本单位职工。".to_owned(),
        },
    }
}

fn en(kind: RiskKind, figures: &Figures) -> String {
    let number = |key| figures.number(key);
    match kind {
        RiskKind::SharedDevice => format!(
            "One phone (browser) checked in {} workers to this session: someone may be checking in for others.",
            number("workers")
        ),
        RiskKind::FarFromVenue => format!(
            "Checked in about {} m from the venue (accuracy about {} m), beyond the allowed {} m.",
            number("distance_m"),
            number("accuracy_m"),
            number("radius_m")
        ),
        RiskKind::OverHeadcount => match figures.inspection() {
            Some(inspection) => format!(
                "{} workers checked in, but process inspection {inspection} counted only {} people in the room. The class's subsidy claims wait until the warning is cleared.",
                number("check_ins"),
                number("headcount")
            ),
            None => format!(
                "{} workers checked in, but the teacher counted only {} people in the room. The class's subsidy claims wait until the warning is cleared.",
                number("check_ins"),
                number("headcount")
            ),
        },
        RiskKind::StaffCorrection => {
            let what = if figures.is_check_out() { "check-out" } else { "check-in" };
            format!("This {what} was added by staff, not confirmed by the worker's own scan. Please check that the worker attended.")
        }
        RiskKind::RelayedCode => format!(
            "One check-in code was confirmed by {} workers within 10 seconds, all far from the venue or without a position (the warning starts at {}): the code may have been relayed to people not in the room.",
            number("confirmations"),
            number("threshold")
        ),
        RiskKind::FailedConfirmations => format!(
            "{} check-in confirmations of this session failed (a passkey refused, or confirmed on another phone than the scan): someone may be checking in for others.",
            number("failures")
        ),
        RiskKind::OverlappingSessions => format!(
            "This worker also checked in to another session at the same time (session {}); nobody attends two places at once.",
            number("other_session_id")
        ),
        RiskKind::MissedRollCall => format!(
            "This worker checked in but did not confirm roll-call {}: the session's hours do not count unless staff add the answer with a reason.",
            number("seq")
        ),
        RiskKind::RollCallShortfall => format!(
            "{} workers checked in, {} confirmed roll-call {} and {} missed it; the teacher counted {}. The check-in code may have been relayed at the start to people not in the room.",
            number("checked_in"),
            number("answered"),
            number("seq"),
            number("missed"),
            figures.headcount("no headcount")
        ),
        RiskKind::NotEmployee => match figures.text("employed_since") {
            Some(since) => format!(
                "This is an employer's training of its own employees, but the employer declares this trainee employed only from {since}, after the class started on {}: not its employee then, so the subsidy cannot be paid to the employer.",
                figures.text("class_starts_on").unwrap_or_default()
            ),
            None => "This is an employer's training of its own employees, but the employer has not declared when this trainee was employed, so nothing shows they were its employee when the class started.".to_owned(),
        },
    }
}
