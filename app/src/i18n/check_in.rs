//! Texts of the worker's check-in (the page opened by scanning the
//! classroom code, and its island). Shared by the server and the browser.

use super::Lang;
use crate::domain::InAppBrowser;

pub struct CheckInTexts {
    pub page_title: &'static str,
    pub signed_in_as: &'static str,
    pub position_hint: &'static str,
    pub confirm_with_passkey: &'static str,
    pub without_passkey: &'static str,
    pub confirm: &'static str,
    /// Before the sign-in link, for a worker without a passkey who is not
    /// signed in.
    pub password_workers_first: &'static str,
    pub sign_in: &'static str,
    pub then_come_back: &'static str,
    pub working: &'static str,
    /// The passkey prompt was dismissed, or the network failed.
    pub cancelled: &'static str,
    /// "Check-in recorded ✓ 09:01:12": the direction's name and the time.
    pub recorded: fn(&str, &str) -> String,
    /// It had been recorded already at that time.
    pub already_recorded: fn(&str, &str) -> String,
    /// "Session 2 of 8 · 2026-12-07 09:00".
    pub session_line: fn(i64, i64, &str) -> String,
    /// "Assurance: device key", with the level's name.
    pub assurance: fn(&str) -> String,
    /// After a password-only check-in: how to move up.
    pub up_from_password: &'static str,
    /// After a device-key check-in: how to reach the top level.
    pub up_from_device_key: &'static str,
    /// The link to the account page that does it.
    pub go_to_account: &'static str,
    /// Above the button on a roll-call code's page.
    pub roll_call_intro: &'static str,
    /// For a worker on the password fallback: set up the device key here.
    pub offer_device_key: &'static str,
    /// The hand-off from an in-app browser to the phone's own browser.
    pub handoff: HandOffTexts,
}

/// How a worker in WeChat or Alipay opens the check-in page in the
/// phone's own browser.
pub struct HandOffTexts {
    pub title: &'static str,
    pub why: &'static str,
    /// Step 1: the menu button at the top right.
    pub open_menu: &'static str,
    /// Step 2: the menu item, named as the app names it.
    pub choose: fn(InAppBrowser) -> String,
    /// Step 3: confirm there, while the scanned code still holds.
    pub confirm_there: fn(i64) -> String,
    /// Step 3 on the registration and sign-in pages.
    pub sign_in_there: &'static str,
    /// The menu item's own words in the app.
    pub menu_item: fn(InAppBrowser) -> &'static str,
    /// The page title in the picture of the app's top bar.
    pub picture_title: &'static str,
    /// What the picture shows, for screen readers.
    pub picture_label: &'static str,
    /// Confirming here all the same, at lower assurance.
    pub stay_here: &'static str,
}

impl Lang {
    /// The check-in's texts in this language.
    pub const fn check_in_texts(self) -> &'static CheckInTexts {
        match self {
            Lang::Zh => &CHECK_IN_ZH,
            Lang::En => &CHECK_IN_EN,
        }
    }
}

const CHECK_IN_ZH: CheckInTexts = CheckInTexts {
    page_title: "扫码签到",
    signed_in_as: "当前账号：",
    position_hint: "如允许，页面会记录您签到时的位置，用于核对是否在培训地点。",
    confirm_with_passkey: "用通行密钥确认（指纹/面容）",
    without_passkey: "没有通行密钥？用已登录的账号确认（设置了本机密钥会自动使用，否则保障级别较低）",
    confirm: "确认",
    password_workers_first: "只用密码登录的学员：请先",
    sign_in: "登录",
    then_come_back: "，3 分钟内回到本页确认。",
    working: "请稍候…",
    cancelled: "操作已取消或网络不稳定，请重试。",
    recorded: |verb, time| format!("{verb}成功 ✓ {time}"),
    already_recorded: |verb, time| format!("您已经{verb}过了（{time}），无需重复。"),
    session_line: |position, count, starts| {
        format!("第 {position} 次课（共 {count} 次） · {starts}")
    },
    assurance: |level| format!("保障级别：{level}"),
    up_from_password: "只凭密码确认的签到保障级别最低。在这部手机上设置本机密钥（或添加通行密钥），以后签到更可靠。",
    up_from_device_key: "添加通行密钥（指纹或面容）可以达到最高保障级别。",
    go_to_account: "去“我的账号”设置",
    offer_device_key: "这部手机还没有本机密钥：现在设置，以后签到更可靠",
    roll_call_intro: "这是随机点名：已签到的学员请在点名结束前像签到一样确认。错过点名，这次课的学时不计入。",
    handoff: HandOffTexts {
        title: "请用手机自带的浏览器打开",
        why: "在微信、支付宝里打开的网页不能使用通行密钥和本机密钥，签到只能达到最低的保障级别。",
        open_menu: "点右上角的「···」",
        choose: |app| format!("选「{}」", (HANDOFF_ZH_MENU)(app)),
        confirm_there: |seconds| {
            format!("在浏览器里确认签到。刚才扫的二维码在那里还能用约 {seconds} 秒。")
        },
        sign_in_there: "在浏览器里注册或登录，就能用通行密钥或本机密钥签到，比只用密码更可靠。",
        menu_item: HANDOFF_ZH_MENU,
        picture_title: "技能培训通",
        picture_label: "示意图：点右上角「···」，在弹出的菜单里选「在浏览器打开」",
        stay_here: "留在这里，用已登录的账号确认（保障级别较低）",
    },
};

const HANDOFF_ZH_MENU: fn(InAppBrowser) -> &'static str = |app| match app {
    InAppBrowser::Alipay => "在浏览器中打开",
    InAppBrowser::WeChat | InAppBrowser::Qq => "在浏览器打开",
};

const CHECK_IN_EN: CheckInTexts = CheckInTexts {
    page_title: "Check-in",
    signed_in_as: "Signed in as ",
    position_hint:
        "If you allow it, the page records where you are, to confirm you are at the venue.",
    confirm_with_passkey: "Confirm with my passkey (fingerprint / face)",
    without_passkey: "No passkey? Confirm with the signed-in account (a device key set up on this phone is used by itself; otherwise lower assurance)",
    confirm: "Confirm",
    password_workers_first: "Workers who sign in with a password: first ",
    sign_in: "sign in",
    then_come_back: ", then come back to this page within 3 minutes.",
    working: "Please wait…",
    cancelled: "Cancelled, or the network is unsteady; please try again.",
    recorded: |verb, time| format!("{verb} recorded ✓ {time}"),
    already_recorded: |verb, time| {
        format!("{verb} was already recorded at {time}; nothing more to do.")
    },
    session_line: |position, count, starts| format!("Session {position} of {count} · {starts}"),
    assurance: |level| format!("Assurance: {level}"),
    up_from_password: "A check-in confirmed by password alone has the lowest assurance. Set up a device key on this phone (or add a passkey) to make your check-ins stronger.",
    up_from_device_key: "Add a passkey (fingerprint or face) to reach the highest assurance.",
    go_to_account: "Set it up under My account",
    offer_device_key: "No device key on this phone yet: set one up now for stronger check-ins",
    roll_call_intro: "This is a roll-call: if you checked in, confirm before it ends, the same way as a check-in. Miss it and this session's hours do not count.",
    handoff: HandOffTexts {
        title: "Open this page in the phone's own browser",
        why: "Pages opened inside WeChat or Alipay cannot use passkeys or a device key, so a check-in here gets only the lowest assurance.",
        open_menu: "Tap «···» at the top right",
        choose: |app| format!("Choose «{}» (Open in browser)", (HANDOFF_ZH_MENU)(app)),
        confirm_there: |seconds| {
            format!("Confirm the check-in in the browser. The code you scanned still holds there for about {seconds} seconds.")
        },
        sign_in_there: "Register or sign in there: your check-ins can then use a passkey or a device key, which is stronger than a password alone.",
        menu_item: HANDOFF_ZH_MENU,
        picture_title: "SkillPass",
        picture_label: "Picture: tap «···» at the top right, then choose «Open in browser» in the menu",
        stay_here: "Stay here and confirm with the signed-in account (lower assurance)",
    },
};
