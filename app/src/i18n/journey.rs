//! Texts of the worker's training timeline ("my subsidies"): the steps
//! from enrolment to payment and what to do next. Server-rendered only.

use super::Lang;

pub struct JourneyTexts {
    pub enrolled: &'static str,
    pub training: &'static str,
    /// Sessions attended, sessions in all, hours, attendance percentage.
    pub attended: fn(usize, usize, &str, i64) -> String,
    pub training_ended: &'static str,
    pub training_ends: &'static str,
    /// "Ends 2026-12-20 17:00".
    pub ends_at: fn(&str) -> String,
    pub assessment: &'static str,
    /// Passed or not, and the score.
    pub assessment_result: fn(bool, i64) -> String,
    pub awaiting_result: &'static str,
    pub after_training: &'static str,
    pub certificate_check: &'static str,
    pub certificate_checked_later: &'static str,
    pub subsidy_claim: &'static str,
    pub may_claim_now: &'static str,
    pub claim_after_training: &'static str,
    /// An employer's own training: the employer claims and is paid.
    pub employer_claims: &'static str,
    /// An amount in yuan, as "1200.00 元".
    pub yuan: fn(&str) -> String,
    pub awaiting_review: &'static str,
    pub awaiting_payment: &'static str,
    pub how_to_claim: &'static str,
    pub how_to_object: &'static str,
    pub all_checks_passed: &'static str,
    pub filed_by_worker: &'static str,
    pub filed_by_institution: &'static str,
    /// The names of the checks that did not pass (yet).
    pub checks_unmet: fn(&[&str]) -> String,
}

impl Lang {
    /// The training timeline's texts in this language.
    pub const fn journey_texts(self) -> &'static JourneyTexts {
        match self {
            Lang::Zh => &JOURNEY_ZH,
            Lang::En => &JOURNEY_EN,
        }
    }
}

const JOURNEY_ZH: JourneyTexts = JourneyTexts {
    enrolled: "报名",
    training: "参加培训",
    attended: |attended, count, hours, percent| {
        format!("已参加 {attended} / {count} 次课，共 {hours} 小时，出勤率 {percent}%")
    },
    training_ended: "培训结束",
    training_ends: "培训结束",
    ends_at: |when| format!("预计 {when} 结束"),
    assessment: "结业考核",
    assessment_result: |passed, score| match passed {
        true => format!("结业考核合格，{score} 分"),
        false => format!("结业考核不合格，{score} 分"),
    },
    awaiting_result: "等待培训机构录入成绩",
    after_training: "培训结束后进行",
    certificate_check: "证书核对",
    certificate_checked_later: "取得证书后由人社局核对",
    subsidy_claim: "补贴申请",
    may_claim_now: "可以申请补贴了",
    claim_after_training: "培训结束后可申请",
    employer_claims: "这是单位为职工办的培训，补贴由单位申领，直接拨付给单位",
    yuan: |amount| format!("{amount} 元"),
    awaiting_review: "等待人社局审核",
    awaiting_payment: "等待发放",
    how_to_claim: "点“申请补贴”提交申请，系统会自动核验出勤、考核和证书。",
    how_to_object: "如有异议，请联系所在城市的人社局。",
    all_checks_passed: "自动核验全部通过",
    filed_by_worker: "本人申请",
    filed_by_institution: "培训机构代为申请",
    checks_unmet: |names| format!("未通过或待定：{}", names.join("、")),
};

const JOURNEY_EN: JourneyTexts = JourneyTexts {
    enrolled: "Enrolled",
    training: "Training",
    attended: |attended, count, hours, percent| {
        format!("Attended {attended} of {count} sessions, {hours} hours, attendance {percent}%")
    },
    training_ended: "Training ended",
    training_ends: "Training ends",
    ends_at: |when| format!("Ends {when}"),
    assessment: "Completion assessment",
    assessment_result: |passed, score| match passed {
        true => format!("Completion assessment passed, {score} points"),
        false => format!("Completion assessment failed, {score} points"),
    },
    awaiting_result: "Waiting for the institution to record the result",
    after_training: "After the training",
    certificate_check: "Certificate verification",
    certificate_checked_later: "The bureau verifies the certificate once issued",
    subsidy_claim: "Subsidy claim",
    may_claim_now: "You can claim the subsidy now",
    claim_after_training: "Can be claimed after the training",
    employer_claims: "Your employer's own training: the employer claims the subsidy and is paid it",
    yuan: |amount| format!("{amount} yuan"),
    awaiting_review: "Waiting for the bureau's review",
    awaiting_payment: "Waiting for payment",
    how_to_claim:
        "Press “Claim the subsidy”: attendance, assessment and certificate are checked automatically.",
    how_to_object: "If you disagree, contact your city's HR bureau.",
    all_checks_passed: "Every automatic check passed",
    filed_by_worker: "Filed by the worker",
    filed_by_institution: "Filed by the institution on the worker's behalf",
    checks_unmet: |names| format!("Not passed or pending: {}", names.join(", ")),
};
