//! Texts of the face check (人脸核验): its step on the check-in page
//! (shared with the check-in island, so hydration renders what the server
//! did), the consent on the account page, and the bureau's rules.

use super::Lang;

pub struct FaceCheckTexts {
    pub title: &'static str,
    /// Why this check-in asks for a face check.
    pub why: &'static str,
    /// The separate consent (PIPL art. 29), ticked once.
    pub consent: &'static str,
    /// The consent is in force already.
    pub consented: &'static str,
    pub start: &'static str,
    pub passed: &'static str,
    pub failed: &'static str,
    pub back_to_check_in: &'static str,
    /// The step before the provider's page.
    pub go_intro: &'static str,
    pub go: &'static str,
    pub try_again: &'static str,
    /// For a visitor not signed in, on a class that asks for it.
    pub sign_in_first: &'static str,
    /// The class fact shown to everyone.
    pub class_requires: &'static str,
    /// The bureau's form on a class.
    pub class_rule_title: &'static str,
    pub class_rule_on: &'static str,
    pub class_rule_off: &'static str,
    pub reason: &'static str,
    /// The class history's entries.
    pub event_on: &'static str,
    pub event_off: &'static str,
    /// The bureau's city rule.
    pub city_rule_title: &'static str,
    pub city_rule_intro: &'static str,
    pub city_rule_now_on: &'static str,
    pub city_rule_now_off: &'static str,
    pub city_rule_on: &'static str,
    pub city_rule_off: &'static str,
    pub no_provider: &'static str,
    /// The account page.
    pub consent_title: &'static str,
    pub consent_given: fn(&str) -> String,
    pub consent_none: &'static str,
    pub withdraw: &'static str,
}

impl Lang {
    /// The face check's texts in this language.
    pub const fn face_check_texts(self) -> &'static FaceCheckTexts {
        match self {
            Lang::Zh => &FACE_CHECK_ZH,
            Lang::En => &FACE_CHECK_EN,
        }
    }
}

const FACE_CHECK_ZH: FaceCheckTexts = FaceCheckTexts {
    title: "人脸核验",
    why: "这次签到需要先通过人脸核验：由持证的核验服务商把您本人的面部与身份证照片比对，通过后再确认签到。",
    consent: "我单独同意：为核验本次签到的本人身份，把我的姓名、身份证号交给人脸核验服务商，由其采集我的面部影像并与身份证照片比对。技能培训通只保存“通过/未通过”的结果，不保存任何人脸影像或特征；我可以随时在“我的账号”里撤回同意。",
    consented: "您已同意人脸核验（可在“我的账号”里撤回）。",
    start: "开始人脸核验",
    passed: "人脸核验已通过 ✓ 请点下面的按钮确认。",
    failed: "人脸核验没有通过。可以再核验一次；多次不通过，请找培训机构老师。",
    back_to_check_in: "回到签到页",
    go_intro: "接下来打开持证核验服务商的页面：按提示正对镜头完成核验，完成后会回到签到页。请在这部手机上完成，不要转发链接。",
    go: "前往人脸核验",
    try_again: "再试一次",
    sign_in_first: "本班签到需要人脸核验：请先登录，再回到本页。",
    class_requires: "本班每次签到、签退和随机点名都需要人脸核验。",
    class_rule_title: "人脸核验要求",
    class_rule_on: "要求本班签到进行人脸核验",
    class_rule_off: "不再要求本班人脸核验",
    reason: "理由（记入历史）",
    event_on: "要求人脸核验",
    event_off: "取消人脸核验要求",
    city_rule_title: "只用密码签到的学员：人脸核验",
    city_rule_intro: "开启后，本市没有通行密钥、也没有本机密钥的学员，每次签到前都要先通过人脸核验。",
    city_rule_now_on: "现在：已开启。",
    city_rule_now_off: "现在：未开启。",
    city_rule_on: "开启",
    city_rule_off: "关闭",
    no_provider: "本系统尚未接通人脸核验服务商，暂不能开启。",
    consent_title: "人脸核验同意",
    consent_given: |date| format!("您于 {date} 同意为签到核验身份处理人脸信息。技能培训通不保存人脸影像。"),
    consent_none: "您没有同意人脸核验。需要时，签到页会先征求您的同意。",
    withdraw: "撤回同意",
};

const FACE_CHECK_EN: FaceCheckTexts = FaceCheckTexts {
    title: "Face check",
    why: "This check-in needs a face check first: a licensed verification provider compares your face with your ID photo, then you confirm the check-in.",
    consent: "I separately consent that, to verify who is checking in, SkillPass gives my name and ID number to the face-verification provider, which captures my face and compares it with my ID photo. SkillPass keeps only whether it matched, never a face image or features; I can withdraw this consent at any time on \"My account\".",
    consented: "You have consented to face checks (withdraw it on \"My account\").",
    start: "Start the face check",
    passed: "Face check passed ✓ Confirm with the button below.",
    failed: "The face check did not pass. You may try again; if it keeps failing, ask the institution's staff.",
    back_to_check_in: "Back to the check-in",
    go_intro: "Next is the licensed verification provider's page: face the camera as it asks, and you come back to the check-in. Do it on this phone; do not forward the link.",
    go: "Go to the face check",
    try_again: "Try again",
    sign_in_first: "Check-ins in this class need a face check: sign in first, then come back to this page.",
    class_requires: "Every check-in, check-out and roll-call of this class needs a face check.",
    class_rule_title: "Face check",
    class_rule_on: "Require a face check at this class's check-ins",
    class_rule_off: "Stop requiring a face check in this class",
    reason: "Reason (kept in the history)",
    event_on: "face check required",
    event_off: "face check no longer required",
    city_rule_title: "Workers who check in by password: face check",
    city_rule_intro: "When on, workers of this city with neither a passkey nor a device key pass a face check before each check-in.",
    city_rule_now_on: "Now: on.",
    city_rule_now_off: "Now: off.",
    city_rule_on: "Turn on",
    city_rule_off: "Turn off",
    no_provider: "No face-verification provider is connected yet, so this cannot be turned on.",
    consent_title: "Consent to face checks",
    consent_given: |date| format!("On {date} you consented to the processing of your face to verify check-ins. SkillPass keeps no face images."),
    consent_none: "You have not consented to face checks. When one is needed, the check-in page asks you first.",
    withdraw: "Withdraw consent",
};
