//! What a browser's user agent says about passkeys: the in-app browsers
//! of WeChat, Alipay and QQ tell ordinary sites that passkeys are
//! unavailable, and UC Browser has no WebAuthn. The check-in page sends a
//! worker in an in-app browser on to the phone's own browser; the
//! phone-capability check counts none of these as passkey-capable.

/// An app whose built-in browser a link opens in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InAppBrowser {
    WeChat,
    Alipay,
    Qq,
}

impl InAppBrowser {
    /// The in-app browser a user agent names, if any.
    pub fn of(user_agent: &str) -> Option<InAppBrowser> {
        if user_agent.contains("MicroMessenger") {
            Some(InAppBrowser::WeChat)
        } else if user_agent.contains("AlipayClient") {
            Some(InAppBrowser::Alipay)
        } else if user_agent.contains(" QQ/") {
            Some(InAppBrowser::Qq)
        } else {
            None
        }
    }
}

/// Whether a browser with this user agent hides passkeys from sites (an
/// in-app browser) or has no WebAuthn at all (UC Browser).
pub fn hides_passkeys(user_agent: &str) -> bool {
    InAppBrowser::of(user_agent).is_some() || user_agent.contains("UCBrowser")
}

#[cfg(test)]
mod tests {
    use super::*;

    const WECHAT: &str = "Mozilla/5.0 (Linux; Android 12; wv) AppleWebKit/537.36 Chrome/107.0 Mobile Safari/537.36 MMWEBSDK/20230405 MicroMessenger/8.0.35.2360(0x2800235B) WeChat/arm64 Weixin";
    const ALIPAY: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AlipayClient/10.5.16.6000 Language/zh-Hans";
    const QQ: &str = "Mozilla/5.0 (Linux; Android 13; V2220A) AppleWebKit/537.36 Chrome/98.0 Mobile Safari/537.36 V1_AND_SQ_8.9.58_4108_YYB_D QQ/8.9.58.11050 NetType/WIFI";
    const QQ_BROWSER: &str = "Mozilla/5.0 (Linux; U; Android 12; zh-cn; V2145A) AppleWebKit/537.36 Chrome/89.0 MQQBrowser/13.8 Mobile Safari/537.36";
    const UC: &str = "Mozilla/5.0 (Linux; U; Android 11; zh-CN; M2012K11AC) AppleWebKit/537.36 Chrome/100.0 UCBrowser/15.5.2.1272 Mobile Safari/537.36";
    const CHROME: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36";

    #[test]
    fn wechat_alipay_and_qq_are_in_app_browsers_and_a_phone_browser_is_not() {
        assert_eq!(InAppBrowser::of(WECHAT), Some(InAppBrowser::WeChat));
        assert_eq!(InAppBrowser::of(ALIPAY), Some(InAppBrowser::Alipay));
        assert_eq!(InAppBrowser::of(QQ), Some(InAppBrowser::Qq));
        assert_eq!(
            InAppBrowser::of(QQ_BROWSER),
            None,
            "QQ Browser is a browser"
        );
        assert_eq!(InAppBrowser::of(CHROME), None);
    }

    #[test]
    fn in_app_browsers_and_uc_hide_passkeys() {
        assert!([WECHAT, ALIPAY, QQ, UC]
            .iter()
            .all(|agent| hides_passkeys(agent)));
        assert!(!hides_passkeys(CHROME));
    }
}
