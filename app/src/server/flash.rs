//! What a form posted without JavaScript left for the next page to say:
//! kept for one page view in a short-lived cookie, read and cleared by
//! the page the browser is sent to. The cookie is encrypted and
//! authenticated with the server's key: it may carry a one-time code for
//! the staff member who issued it, and a cookie planted by anyone else is
//! ignored.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde::{Deserialize, Serialize};

use crate::{error::AppError, i18n::Lang, server::crypto::SecretKeys};

/// Name of the cookie that carries a [`Flash`].
pub const COOKIE: &str = "sp_flash";

/// The outcome of a form, told on the page that follows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flash {
    Done(Done),
    Problem(AppError),
    /// A one-time code the staff member must hand over now: shown once.
    CodeIssued(IssuedCodeNote),
    /// A batch or an import: what it did, in a sentence, and the first
    /// few items it left as they were, each with why.
    Report {
        summary: String,
        examples: Vec<String>,
        /// How many more items were left than `examples` names.
        more: usize,
    },
}

/// At most this many items are named after a batch, so the cookie stays
/// small; the page says that there were more.
pub const REPORT_EXAMPLES: usize = 8;

/// A one-time code as the page that follows its issue shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCodeNote {
    /// Whose account it opens: name and user name or masked ID number.
    pub holder: String,
    pub code: String,
    /// Until when it works, China time.
    pub valid_until: String,
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
    Registered,
    PasskeysReviewed,
    HeadcountSaved,
    ClassSubmitted,
    AttendanceCorrected,
    FaceRuleSaved,
    ConsentWithdrawn,
    FaceCheckOpened,
    CatalogueSaved,
    CatalogueImported,
    CatalogueFiled,
    CatalogueDecided,
    CataloguePublished,
    EmployerRegistered,
    EmployerDecided,
    EmployerCorrected,
    OrderPosted,
    OrderDecided,
    OrderWithdrawn,
    BidSent,
    BidPicked,
    OutcomeRecorded,
    RetentionConfirmed,
    OfferAnswered,
    EmploymentDeclared,
    RecommendationsSet,
    RecommendationDismissed,
    CampaignSaved,
    CampaignSent,
    TargetSet,
    InspectionScheduled,
    InspectionRecorded,
    /// Recorded, and its headcount raised the over-headcount warning.
    InspectionWarned,
    RectificationAnswered,
    PhotoAdded,
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
            Done::Registered => t.registered,
            Done::PasskeysReviewed => t.passkeys_reviewed,
            Done::HeadcountSaved => t.headcount_saved,
            Done::ClassSubmitted => t.class_submitted,
            Done::AttendanceCorrected => t.attendance_corrected,
            Done::FaceRuleSaved => t.face_rule_saved,
            Done::ConsentWithdrawn => t.consent_withdrawn,
            Done::FaceCheckOpened => t.face_check_opened,
            Done::CatalogueSaved => t.catalogue_saved,
            Done::CatalogueImported => t.catalogue_imported,
            Done::CatalogueFiled => t.catalogue_filed,
            Done::CatalogueDecided => t.catalogue_decided,
            Done::CataloguePublished => t.catalogue_published,
            Done::EmployerRegistered => t.employer_registered,
            Done::EmployerDecided => t.employer_decided,
            Done::EmployerCorrected => t.employer_corrected,
            Done::OrderPosted => t.order_posted,
            Done::OrderDecided => t.order_decided,
            Done::OrderWithdrawn => t.order_withdrawn,
            Done::BidSent => t.bid_sent,
            Done::BidPicked => t.bid_picked,
            Done::OutcomeRecorded => t.outcome_recorded,
            Done::RetentionConfirmed => t.retention_confirmed,
            Done::OfferAnswered => t.offer_answered,
            Done::EmploymentDeclared => t.employment_declared,
            Done::RecommendationsSet => t.recommendations_set,
            Done::RecommendationDismissed => t.recommendation_dismissed,
            Done::CampaignSaved => t.campaign_saved,
            Done::CampaignSent => t.campaign_sent,
            Done::TargetSet => t.target_set,
            Done::InspectionScheduled => t.inspection_scheduled,
            Done::InspectionRecorded => t.inspection_recorded,
            Done::InspectionWarned => t.inspection_warned,
            Done::RectificationAnswered => t.rectification_answered,
            Done::PhotoAdded => t.photo_added,
        }
    }
}

impl Flash {
    /// A failed form's error, with a long list of bad rows cut to the
    /// first few, so the cookie stays small.
    pub fn problem(error: &AppError) -> Flash {
        let mut error = error.clone();
        if let AppError::Import(crate::error::ImportProblem::Rows(rows)) = &mut error {
            rows.truncate(REPORT_EXAMPLES);
        }
        Flash::Problem(error)
    }

    /// The outcome of a batch or an import: `summary`, and the items it
    /// left as they were, each said in words.
    pub fn report(summary: String, left: impl ExactSizeIterator<Item = String>) -> Flash {
        let count = left.len();
        let examples: Vec<String> = left.take(REPORT_EXAMPLES).collect();
        Flash::Report {
            summary,
            more: count - examples.len(),
            examples,
        }
    }

    /// The `Set-Cookie` value that keeps this outcome for the next page
    /// (one minute at most; read once), sealed with `keys`.
    pub fn cookie(&self, keys: &SecretKeys, secure: bool) -> Option<String> {
        let sealed = keys.seal_flash(&serde_json::to_vec(self).ok()?);
        let payload = URL_SAFE_NO_PAD.encode(sealed);
        let secure = if secure { "; Secure" } else { "" };
        Some(format!(
            "{COOKIE}={payload}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax{secure}"
        ))
    }

    /// The outcome a flash cookie's value carries, if any. A cookie that
    /// this server did not seal is ignored.
    pub fn opened(cookie: &str, keys: &SecretKeys) -> Option<Flash> {
        let sealed = URL_SAFE_NO_PAD.decode(cookie).ok()?;
        serde_json::from_slice(&keys.open_flash(&sealed)?).ok()
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

    fn keys() -> SecretKeys {
        SecretKeys::derive(b"a test secret of at least thirty-two bytes")
    }

    /// What the next request, sending back the cookie `set_cookie` set,
    /// is told.
    fn carried(set_cookie: &str) -> Option<Flash> {
        let pair = set_cookie.split(';').next().unwrap_or_default();
        let value = pair.strip_prefix(&format!("{COOKIE}=")).unwrap_or_default();
        Flash::opened(value, &keys())
    }

    fn issued_code() -> Flash {
        Flash::CodeIssued(IssuedCodeNote {
            holder: "张三 (3501**********1234)".to_owned(),
            code: "12345678".to_owned(),
            valid_until: "2026-12-07 09:30".to_owned(),
        })
    }

    #[test]
    fn an_outcome_survives_the_trip_through_its_cookie() {
        for flash in [
            Flash::Done(Done::Enrolled),
            Flash::Problem(AppError::Refused(Refusal::OutOfScope)),
            issued_code(),
        ] {
            let cookie = flash.cookie(&keys(), true).expect("a cookie");
            assert!(cookie.contains("HttpOnly") && cookie.contains("Secure"));
            assert_eq!(carried(&cookie), Some(flash));
        }
    }

    #[test]
    fn the_cookie_does_not_show_the_code_it_carries() {
        let cookie = issued_code().cookie(&keys(), true).expect("a cookie");
        let payload = cookie
            .trim_start_matches("sp_flash=")
            .split(';')
            .next()
            .unwrap_or_default();
        let bytes = URL_SAFE_NO_PAD.decode(payload).expect("base64");
        let readable = String::from_utf8_lossy(&bytes);
        assert!(!readable.contains("12345678"), "{readable}");
        assert!(!cookie.contains("12345678"), "{cookie}");
    }

    #[test]
    fn a_cookie_this_server_did_not_seal_is_ignored() {
        let planted = URL_SAFE_NO_PAD.encode(br#"{"Done":"Enrolled"}"#);
        assert_eq!(carried(&format!("sp_flash={planted}")), None);
        assert_eq!(carried(&format!("sp_flash={planted}.00ff")), None);
        let other_server = Flash::Done(Done::Enrolled)
            .cookie(
                &SecretKeys::derive(b"another secret of thirty-two bytes!!"),
                false,
            )
            .expect("a cookie");
        assert_eq!(carried(&other_server), None);
        assert_eq!(carried("sp_flash=%%%"), None);
    }
}
