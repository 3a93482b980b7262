//! Texts of the passkey island (sign-in, registration, a one-time code,
//! adding a passkey). Shared by the server and the browser, so hydration
//! renders what the server did.

use super::Lang;

pub struct PasskeyTexts {
    pub sign_in_with_passkey: &'static str,
    pub register_with_passkey: &'static str,
    pub set_up_passkey: &'static str,
    pub add_passkey: &'static str,
    /// A session that signed in with a password gives it again before
    /// adding a passkey.
    pub password_again: &'static str,
    pub no_webauthn: &'static str,
    pub working: &'static str,
    /// The phone's passkey prompt was dismissed or failed.
    pub cancelled: &'static str,
}

impl Lang {
    /// The passkey island's texts in this language.
    pub const fn passkey_texts(self) -> &'static PasskeyTexts {
        match self {
            Lang::Zh => &PASSKEY_ZH,
            Lang::En => &PASSKEY_EN,
        }
    }
}

const PASSKEY_ZH: PasskeyTexts = PasskeyTexts {
    sign_in_with_passkey: "用通行密钥登录",
    register_with_passkey: "用通行密钥注册",
    set_up_passkey: "设置通行密钥",
    add_passkey: "添加通行密钥（如新手机）",
    password_again: "请再输入一次密码（您是用密码登录的）",
    no_webauthn:
        "这个浏览器不支持通行密钥，请用密码。建议换用手机自带浏览器以获得更安全的通行密钥。",
    working: "请稍候…",
    cancelled: "通行密钥操作已取消或失败，请重试。",
};

const PASSKEY_EN: PasskeyTexts = PasskeyTexts {
    sign_in_with_passkey: "Sign in with a passkey",
    register_with_passkey: "Register with a passkey",
    set_up_passkey: "Set up a passkey",
    add_passkey: "Add a passkey (e.g. a new phone)",
    password_again: "Enter your password again (you signed in with a password)",
    no_webauthn: "This browser cannot use passkeys; please use a password. Your phone's own browser offers safer passkeys.",
    working: "Please wait…",
    cancelled: "The passkey step was cancelled or failed. Please try again.",
};
