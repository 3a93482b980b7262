//! Texts of the device key's island on the account page. Shared by the
//! server and the browser, so hydration renders what the server did.

use super::Lang;

pub struct DeviceKeyTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub password_again: &'static str,
    pub set_up: &'static str,
    pub working: &'static str,
    pub done: &'static str,
    /// This browser holds a key already.
    pub held_here: &'static str,
    /// No WebCrypto or IndexedDB here.
    pub unsupported: &'static str,
    /// WebCrypto or IndexedDB failed while making or keeping the key.
    pub failed: &'static str,
    /// The account has a passkey, which check-ins use instead.
    pub not_needed: &'static str,
    /// When the account's key was set up, and what to do if it was not
    /// the worker.
    pub set_up_on: fn(&str) -> String,
}

impl Lang {
    /// The device key island's texts in this language.
    pub const fn device_key_texts(self) -> &'static DeviceKeyTexts {
        match self {
            Lang::Zh => &DEVICE_KEY_ZH,
            Lang::En => &DEVICE_KEY_EN,
        }
    }
}

const DEVICE_KEY_ZH: DeviceKeyTexts = DeviceKeyTexts {
    title: "本机密钥",
    intro: "手机用不了通行密钥（如微信里打开、没有谷歌服务的安卓手机）时，可以在这部手机上设置本机密钥：以后签到会证明是用这部手机确认的，比只用密码更可靠。每个账号只能设置一部手机，换手机需到人社局找回账号。",
    password_again: "再输入一次密码",
    set_up: "在这部手机上设置本机密钥",
    working: "请稍候…",
    done: "本机密钥已设置 ✓ 以后在这部手机上签到会自动使用它。",
    held_here: "这部手机已设置本机密钥，签到时会自动使用。",
    unsupported: "这个浏览器不能保存本机密钥。请用手机自带的浏览器打开本页。",
    failed: "本机密钥没有设置成功，请重试，或换用手机自带的浏览器。",
    not_needed: "您的账号已有通行密钥，签到用通行密钥确认，不需要本机密钥。",
    set_up_on: |at| {
        format!("本账号的本机密钥设置于 {at}，签到只能在那部手机上确认。如果不是您本人设置的，说明有人知道了您的密码：请带身份证到人社局找回账号。")
    },
};

const DEVICE_KEY_EN: DeviceKeyTexts = DeviceKeyTexts {
    title: "Device key",
    intro: "Where this phone cannot use a passkey (opened in WeChat, Android without Google services), set up a device key on it: your check-ins then prove they were confirmed on this phone, which is stronger than a password alone. One phone per account; for a new phone, recover the account at the bureau.",
    password_again: "Enter your password again",
    set_up: "Set up a device key on this phone",
    working: "One moment…",
    done: "Device key set up ✓ Check-ins on this phone use it from now on.",
    held_here: "This phone has a device key; check-ins use it.",
    unsupported: "This browser cannot keep a device key. Open this page in the phone's own browser.",
    failed: "The device key could not be set up; try again, or use the phone's own browser.",
    not_needed: "Your account has a passkey: check-ins are confirmed with it, so no device key is needed.",
    set_up_on: |at| {
        format!("This account's device key was set up on {at}; check-ins are confirmed on that phone only. If it was not you, someone knows your password: bring your ID card to the bureau to recover the account.")
    },
};
