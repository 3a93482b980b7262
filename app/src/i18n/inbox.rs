//! Texts of the worker's inbox messages. Server-rendered only.

use super::Lang;

pub struct InboxTexts {
    /// "补贴申请（电工）：已发放": the occupation and the claim's new state.
    pub claim_title: fn(&str, &str) -> String,
    pub recovered_title: &'static str,
    /// The office that issued a recovery code: its city and role.
    pub office: fn(&str, &str) -> String,
    /// When, which office, and the new sign-in ("password" or "passkey").
    pub recovered_body: fn(&str, &str, bool) -> String,
    pub device_key_title: &'static str,
    /// When the key was set up, and what to do if it was not the worker.
    pub device_key_body: fn(&str) -> String,
    /// "为你推荐：电工（四级）": a bureau's recommendation of an occupation
    /// at a level.
    pub recommendation_title: fn(&str, &str) -> String,
}

impl Lang {
    /// The inbox's texts in this language.
    pub const fn inbox_texts(self) -> &'static InboxTexts {
        match self {
            Lang::Zh => &INBOX_ZH,
            Lang::En => &INBOX_EN,
        }
    }
}

const INBOX_ZH: InboxTexts = InboxTexts {
    device_key_title: "您的账号设置了本机密钥",
    device_key_body: |at| {
        format!(
            "{at}（北京时间），您的账号在一部手机上设置了本机密钥，以后签到只能在这部手机上确认。如果不是您本人操作，说明有人知道了您的密码：请带身份证到所在城市的人社局找回账号，找回后这个密钥作废，并设置新密码。"
        )
    },
    claim_title: |occupation, status| format!("补贴申请（{occupation}）：{status}"),
    recommendation_title: |occupation, level| format!("为你推荐：{occupation}（{level}）"),
    recovered_title: "您的账号已被找回",
    office: |city, role| format!("{city}{role}"),
    recovered_body: |at, issuer, with_password| {
        let method = if with_password {
            "密码"
        } else {
            "通行密钥"
        };
        format!(
            "{at}（北京时间），{issuer}核验身份后发放了恢复码，您的账号已用新的{method}找回。其他设备上的登录已全部退出，原有通行密钥已暂停使用，请在“我的账号”中选择保留哪些。如果不是您本人操作，请立即带身份证到{issuer}处理。"
        )
    },
};

const INBOX_EN: InboxTexts = InboxTexts {
    device_key_title: "A device key was set up for your account",
    recommendation_title: |occupation, level| {
        format!("Recommended for you: {occupation} ({level})")
    },
    device_key_body: |at| {
        format!(
            "On {at} (Beijing time) a device key was set up for your account on a phone. From now on your check-ins are confirmed on that phone only. If this was not you, someone knows your password: bring your ID card to your city's bureau to recover the account, which removes that key and gives you a new password."
        )
    },
    claim_title: |occupation, status| format!("Subsidy claim ({occupation}): {status}"),
    recovered_title: "Your account was recovered",
    office: |city, role| format!("{city} {role}"),
    recovered_body: |at, issuer, with_password| {
        let method = if with_password { "password" } else { "passkey" };
        format!(
            "On {at} (Beijing time), {issuer} checked your identity and issued a recovery code; your account was recovered with a new {method}. All other sign-ins were ended and your earlier passkeys are suspended: choose which to keep under \"My account\". If this was not you, bring your ID card to {issuer} at once."
        )
    },
};
