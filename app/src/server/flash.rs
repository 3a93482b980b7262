//! What a form posted without JavaScript left for the next page to say:
//! kept for one page view in a short-lived cookie, read and cleared by
//! the page the browser is sent to.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use http::HeaderMap;
use serde::{Deserialize, Serialize};

use crate::{error::AppError, i18n::Lang, server::request};

/// Name of the cookie that carries a [`Flash`].
pub const COOKIE: &str = "sp_flash";

/// The outcome of a form, told on the page that follows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flash {
    Done(Done),
    Problem(AppError),
}

/// What a form did, in words on the next page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Done {
    SignedOut,
    SignedOutEverywhere,
    Enrolled,
    ClassApproved,
    ClassReturned,
    WarningCleared,
    RatingReplied,
    RatingHidden,
    ClaimRecovered,
    MessagesRead,
    ClaimFiled,
    RatingSaved,
    CategoryDecided,
    CertificateChecked,
    StaffDisabled,
    StaffEnabled,
    RoleChanged,
    AssessmentRecorded,
    SignedIn,
    PasswordSet,
    PasskeyRemoved,
}

impl Done {
    pub fn message(self, lang: Lang) -> &'static str {
        let t = lang.form_texts();
        match self {
            Done::SignedOut => t.signed_out,
            Done::SignedOutEverywhere => t.signed_out_everywhere,
            Done::Enrolled => t.enrolled,
            Done::ClassApproved => t.class_approved,
            Done::ClassReturned => t.class_returned,
            Done::WarningCleared => t.warning_cleared,
            Done::RatingReplied => t.rating_replied,
            Done::RatingHidden => t.rating_hidden,
            Done::ClaimRecovered => t.claim_recovered,
            Done::MessagesRead => t.messages_read,
            Done::ClaimFiled => t.claim_filed,
            Done::RatingSaved => t.rating_saved,
            Done::CategoryDecided => t.category_decided,
            Done::CertificateChecked => t.certificate_checked,
            Done::StaffDisabled => t.staff_disabled,
            Done::StaffEnabled => t.staff_enabled,
            Done::RoleChanged => t.role_changed,
            Done::AssessmentRecorded => t.assessment_recorded,
            Done::SignedIn => t.signed_in,
            Done::PasswordSet => t.password_set,
            Done::PasskeyRemoved => t.passkey_removed,
        }
    }
}

impl Flash {
    /// The `Set-Cookie` value that keeps this outcome for the next page
    /// (one minute at most; read once).
    pub fn cookie(&self, secure: bool) -> Option<String> {
        let json = serde_json::to_vec(self).ok()?;
        let secure = if secure { "; Secure" } else { "" };
        Some(format!(
            "{COOKIE}={}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax{secure}",
            URL_SAFE_NO_PAD.encode(json)
        ))
    }

    /// The outcome the request carries, if any. A cookie that does not
    /// read as one is ignored.
    pub fn carried_by(headers: &HeaderMap) -> Option<Flash> {
        let encoded = request::cookie(headers, COOKIE)?;
        let json = URL_SAFE_NO_PAD.decode(encoded).ok()?;
        serde_json::from_slice(&json).ok()
    }

    /// The `Set-Cookie` value that removes the outcome once shown.
    pub fn clearing_cookie() -> String {
        format!("{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Refusal;

    fn carried(cookie: &str) -> Option<Flash> {
        let pair = cookie.split(';').next().unwrap_or_default();
        let mut headers = HeaderMap::new();
        headers.insert(http::header::COOKIE, pair.parse().expect("a header value"));
        Flash::carried_by(&headers)
    }

    #[test]
    fn an_outcome_survives_the_trip_through_its_cookie() {
        for flash in [
            Flash::Done(Done::Enrolled),
            Flash::Problem(AppError::Refused(Refusal::OutOfScope)),
        ] {
            let cookie = flash.cookie(true).expect("a cookie");
            assert!(cookie.contains("HttpOnly") && cookie.contains("Secure"));
            assert_eq!(carried(&cookie), Some(flash));
        }
    }

    #[test]
    fn a_cookie_that_is_not_an_outcome_is_ignored() {
        assert_eq!(carried("sp_flash=not-json"), None);
        assert_eq!(carried("sp_flash=%%%"), None);
    }
}
