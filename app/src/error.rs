//! The one error type that crosses the wire, from server functions to the
//! page and from REST handlers to API clients.

use serde::{Deserialize, Serialize};

use crate::domain::InputError;

/// What can be asked for and be missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Missing {
    Course,
    Institution,
    Account,
    Route,
    Class,
    Session,
    Enrolment,
    Warning,
    Attendance,
    Assessment,
    Rating,
    Claim,
    Notification,
    Passkey,
    WorkerCategory,
    Platform,
    RollCall,
    Edition,
    Filing,
    Attachment,
    Import,
    CatalogueRow,
    Employer,
    Order,
    Bid,
    Offer,
    Campaign,
    Inspection,
    Photo,
}

/// Why a request that needs someone signed in, or a certain someone, was
/// refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// 401: nobody is signed in (or the session ended).
    SignInRequired,
    /// 401: the passkey, password or code did not prove who this is.
    SignInFailed,
    /// 403: signed in, but this is outside the caller's role or scope.
    OutOfScope,
    /// 403: a state-changing request without proof it came from our pages.
    CrossSite,
    /// 400: a passkey ceremony or one-time code expired or was used.
    Expired,
    /// 401: a session that signed in with a password must give the
    /// password again before adding a passkey.
    ReauthenticationRequired,
}

/// A state that forbids the change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    /// One account per ID number.
    AccountExists,
    UsernameTaken,
    PasskeyAlreadyRegistered,
    /// A worker holds one device key at a time; a new phone goes through
    /// recovery at the bureau.
    DeviceKeyExists,
    /// 409: the account confirms with its passkey; a device key would be
    /// a weaker second way in.
    PasskeyHeld,
    /// Removing this passkey would leave the account no way to sign in.
    LastSignInMethod,
    /// Every seat of the class is taken.
    ClassFull,
    AlreadyEnrolled,
    /// The class is not approved (or no longer open for enrolment).
    ClassNotOpen,
    /// The application was already decided.
    NotAwaitingDecision,
    /// Only a returned application can be changed and resubmitted.
    NotReturned,
    /// The risk warning was already cleared.
    AlreadyCleared,
    /// A staff correction adds a check-in or check-out that exists.
    AlreadyRecorded,
    /// A claim, assessment or rating needs the class to have ended.
    ClassNotFinished,
    /// A live claim exists for this enrolment, or for this person's
    /// occupation and level.
    ClaimExists,
    /// The claim's state does not allow this step.
    ClaimNotInState,
    /// The worker attended too few sessions to rate the class.
    TooFewSessionsToRate,
    /// The rating is older than the days it may be changed in.
    RatingLocked,
    AlreadyReplied,
    AlreadyHidden,
    /// The certificate was already verified or found invalid, or there is
    /// none to verify.
    NothingToVerify,
    /// The assessment cannot change once a certificate was verified.
    AssessmentLocked,
    /// The worker category already has the status the decision gives.
    CategoryAlreadyDecided,
    /// A subsidy claim was filed for the enrolment: its online minutes no
    /// longer change.
    StudyFrozenByClaim,
    /// The platform's key was revoked already.
    AlreadyRevoked,
    /// A face-check rule cannot be set while no face-verification
    /// provider is connected.
    FaceProviderNotConnected,
    /// An edition of this catalogue for this year exists already.
    EditionExists,
    /// The edition is filed or published: its rows change only by an adjustment.
    EditionNotDraft,
    /// The filing's state does not allow this step.
    FilingNotInState,
    /// Another edition carries this filing number.
    FilingNumberTaken,
    /// A preview with problems cannot be confirmed.
    ImportHasProblems,
    /// An edition without rows cannot be filed.
    EditionEmpty,
    /// Adjustments and copies need a published edition.
    NoPublishedEdition,
    /// An adjustment of this edition is being prepared or reviewed already.
    AdjustmentOpen,
    /// An adjustment without changes cannot be filed.
    AdjustmentEmpty,
    /// The adjustment changes or removes this row already.
    RowChangedInAdjustment,
    /// Another employer registered this unified social credit code.
    CreditCodeRegistered,
    /// The employer is not (or no longer) verified by its bureau.
    EmployerNotVerified,
    /// The order's state does not allow this step.
    OrderNotInState,
    /// An employer's training of its own employees is not rated (ratings
    /// feed the institution catalogue's scorecards).
    EmployerTrainingNotRated,
    /// A trainee's employment start is fixed once their claim is filed.
    EmploymentLocked,
    /// The institution bid for this order already.
    AlreadyBid,
    /// The trainee's job offer is not in a state this step follows.
    OfferNotInState,
    /// The trainee has not completed the training (class over, assessment
    /// passed).
    TraineeNotCompleted,
    /// This retention check was confirmed already.
    RetentionRecorded,
    /// The campaign was sent already: it cannot change or go again.
    CampaignSent,
    /// The audience reaches nobody, so there is nothing to send.
    AudienceEmpty,
    /// The inspection's findings are recorded already: they do not change.
    InspectionRecorded,
    /// Only a recorded 整改 result is answered, and once.
    NoRectificationToAnswer,
    /// Photos go with a recorded inspection, at most six.
    PhotosNotAccepted,
    /// Only sessions of approved classes are inspected, and findings are
    /// recorded once the session has begun.
    NotInspectable,
}

/// Why a worker-category list was not imported. Nothing of it is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportProblem {
    /// 400: these rows are wrong (bad ID number, unknown category).
    Rows(Vec<crate::domain::RowProblem>),
    /// 413: the file is larger than the limit.
    TooLarge { max_megabytes: usize },
    /// 415: neither CSV nor XLSX.
    UnsupportedType,
    /// 400: the file cannot be read as its type says (or as UTF-8 or GBK).
    Unreadable,
    /// 400: the file has no rows.
    Empty,
    /// 413: more rows than an import reads.
    TooManyRows { max_rows: usize },
    /// 415: an inspection's photo that is not a JPEG, PNG or WebP image.
    NotAnImage,
    /// 413: an inspection's photo larger than the limit.
    PhotoTooLarge { max_megabytes: usize },
}

/// Why a check-in or check-out was not recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckInProblem {
    /// 410: the scanned code is older than 20 seconds.
    CodeExpired,
    /// 400: the scanned text is no code of ours, or was altered.
    CodeInvalid,
    /// 410: the scan was too long ago to finish (scan again).
    ScanExpired,
    /// 403: the worker is not enrolled in this session's class.
    NotEnrolled,
    /// 409: outside the check-in or check-out window (local times).
    OutsideWindow { opens: String, closes: String },
    /// 409: a check-out before any check-in.
    NotCheckedIn,
    /// 403: the passkey belongs to another account than the session's.
    OtherPerson,
    /// 403: the scan was made in another browser than this confirmation
    /// (a scan cannot be handed on).
    OtherBrowser,
    /// 403: this worker has a passkey and must confirm with it.
    PasskeyRequired,
    /// 403: this worker has a device key and must confirm with it (on the
    /// phone that holds it).
    DeviceKeyRequired,
    /// 403: the device key's signature does not match this worker's key
    /// and this scan (another phone, or another scan's challenge).
    DeviceKeyRefused,
    /// 410: the roll-call whose code was scanned has closed (or none is
    /// open for this session now).
    RollCallClosed,
    /// 409: a roll-call answered by a worker who did not check in to the
    /// session.
    RollCallNotCheckedIn,
    /// 410: a hand-off link from an in-app browser that already started a
    /// scan (it is good for one phone only).
    HandOffUsed,
    /// 410: a classroom display link used on another day than its
    /// session's.
    DisplayLinkExpired,
    /// 400: the text is no display link of ours, or was altered.
    DisplayLinkInvalid,
    /// 403: this confirmation needs a face check of this scan by this
    /// worker first (the class or the city asks for one), or the check
    /// found another face.
    FaceCheckRequired,
    /// 400: a face check needs the worker's separate consent first.
    FaceConsentRequired,
    /// 403: a face check finished (or started) in another browser than
    /// the scan's: a check link sent to someone else proves nothing.
    FaceCheckOtherBrowser,
    /// 409: the worker has not finished on the provider's page yet.
    FaceCheckPending,
    /// 409: no rule asks this worker for a face check here.
    FaceCheckNotRequired,
    /// 503: the face-verification provider cannot be reached, or is not
    /// connected while a rule asks for it.
    FaceProviderUnavailable,
}

/// Everything that can go wrong for a caller. Database and internal causes
/// are logged on the server with their cause chain and never sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 400 Bad Request: a query or form value failed its rules.
    #[error("invalid input: {0}")]
    Invalid(InputError),
    /// 400 Bad Request: the request itself could not be read (bad JSON,
    /// missing arguments).
    #[error("malformed request")]
    Malformed,
    /// 413 Content Too Large: a request body beyond the server's limit.
    #[error("request body larger than {max_kilobytes} KB")]
    TooLarge { max_kilobytes: usize },
    /// 404 Not Found.
    #[error("{0:?} not found")]
    NotFound(Missing),
    /// 401, 403, 429 or 400 as [`Refusal`] documents.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// 409 Conflict.
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    /// 429 Too Many Requests: wait this many seconds (`Retry-After`).
    #[error("too many requests; retry after {retry_after_seconds} s")]
    TooManyRequests { retry_after_seconds: i64 },
    /// 400, 403, 409 or 410 as [`CheckInProblem`] documents.
    #[error("check-in refused: {0:?}")]
    CheckIn(CheckInProblem),
    /// 400, 413 or 415 as [`ImportProblem`] documents.
    #[error("import refused")]
    Import(ImportProblem),
    /// 503 Service Unavailable: the database cannot be reached right now.
    #[error("service unavailable")]
    Unavailable,
    /// 500 Internal Server Error: a fault of ours, logged on the server.
    #[error("internal error")]
    Internal,
    /// The request did not reach the server or its answer could not be
    /// read (browser side only; shown as a network problem).
    #[error("network problem: {0}")]
    Network(String),
}

impl AppError {
    /// The HTTP status that fits.
    pub const fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_) | AppError::Malformed => 400,
            AppError::TooLarge { .. } => 413,
            AppError::NotFound(_) => 404,
            AppError::Refused(refusal) => match refusal {
                Refusal::SignInRequired
                | Refusal::SignInFailed
                | Refusal::ReauthenticationRequired => 401,
                Refusal::OutOfScope | Refusal::CrossSite => 403,
                Refusal::Expired => 400,
            },
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests { .. } => 429,
            AppError::CheckIn(problem) => match problem {
                CheckInProblem::CodeExpired | CheckInProblem::ScanExpired => 410,
                CheckInProblem::CodeInvalid => 400,
                CheckInProblem::DisplayLinkExpired
                | CheckInProblem::RollCallClosed
                | CheckInProblem::HandOffUsed => 410,
                CheckInProblem::DisplayLinkInvalid => 400,
                CheckInProblem::NotEnrolled
                | CheckInProblem::OtherPerson
                | CheckInProblem::OtherBrowser
                | CheckInProblem::PasskeyRequired
                | CheckInProblem::DeviceKeyRequired
                | CheckInProblem::DeviceKeyRefused
                | CheckInProblem::FaceCheckRequired
                | CheckInProblem::FaceCheckOtherBrowser => 403,
                CheckInProblem::FaceConsentRequired => 400,
                CheckInProblem::FaceCheckPending | CheckInProblem::FaceCheckNotRequired => 409,
                CheckInProblem::FaceProviderUnavailable => 503,
                CheckInProblem::OutsideWindow { .. }
                | CheckInProblem::NotCheckedIn
                | CheckInProblem::RollCallNotCheckedIn => 409,
            },
            AppError::Import(problem) => match problem {
                ImportProblem::TooLarge { .. }
                | ImportProblem::TooManyRows { .. }
                | ImportProblem::PhotoTooLarge { .. } => 413,
                ImportProblem::UnsupportedType | ImportProblem::NotAnImage => 415,
                _ => 400,
            },
            AppError::Unavailable => 503,
            AppError::Internal => 500,
            AppError::Network(_) => 502,
        }
    }

    /// A stable machine-readable code for API clients.
    pub const fn code(&self) -> &'static str {
        match self {
            AppError::Invalid(_) => "invalid_input",
            AppError::Malformed => "malformed_request",
            AppError::TooLarge { .. } => "request_too_large",
            AppError::NotFound(_) => "not_found",
            AppError::Refused(refusal) => match refusal {
                Refusal::SignInRequired => "sign_in_required",
                Refusal::SignInFailed => "sign_in_failed",
                Refusal::OutOfScope => "forbidden",
                Refusal::CrossSite => "cross_site_request",
                Refusal::Expired => "expired",
                Refusal::ReauthenticationRequired => "reauthentication_required",
            },
            AppError::Conflict(conflict) => conflict_code(*conflict),
            AppError::TooManyRequests { .. } => "too_many_attempts",
            AppError::CheckIn(problem) => match problem {
                CheckInProblem::CodeExpired => "code_expired",
                CheckInProblem::CodeInvalid => "code_invalid",
                CheckInProblem::ScanExpired => "scan_expired",
                CheckInProblem::NotEnrolled => "not_enrolled",
                CheckInProblem::OutsideWindow { .. } => "outside_window",
                CheckInProblem::NotCheckedIn => "not_checked_in",
                CheckInProblem::OtherPerson => "other_person",
                CheckInProblem::OtherBrowser => "scan_other_browser",
                CheckInProblem::PasskeyRequired => "passkey_required",
                CheckInProblem::DeviceKeyRequired => "device_key_required",
                CheckInProblem::DeviceKeyRefused => "device_key_refused",
                CheckInProblem::DisplayLinkExpired => "display_link_expired",
                CheckInProblem::DisplayLinkInvalid => "display_link_invalid",
                CheckInProblem::RollCallClosed => "roll_call_closed",
                CheckInProblem::HandOffUsed => "handoff_used",
                CheckInProblem::RollCallNotCheckedIn => "roll_call_not_checked_in",
                CheckInProblem::FaceCheckRequired => "face_check_required",
                CheckInProblem::FaceConsentRequired => "face_consent_required",
                CheckInProblem::FaceCheckOtherBrowser => "face_check_other_browser",
                CheckInProblem::FaceCheckPending => "face_check_pending",
                CheckInProblem::FaceCheckNotRequired => "face_check_not_required",
                CheckInProblem::FaceProviderUnavailable => "face_provider_unavailable",
            },
            AppError::Import(problem) => match problem {
                ImportProblem::Rows(_) => "import_rows_invalid",
                ImportProblem::TooLarge { .. } => "file_too_large",
                ImportProblem::TooManyRows { .. } | ImportProblem::PhotoTooLarge { .. } => {
                    "file_too_large"
                }
                ImportProblem::NotAnImage => "not_an_image",
                ImportProblem::UnsupportedType => "unsupported_file_type",
                ImportProblem::Unreadable => "file_unreadable",
                ImportProblem::Empty => "file_empty",
            },
            AppError::Unavailable => "unavailable",
            AppError::Internal => "internal",
            AppError::Network(_) => "network",
        }
    }
}

/// Every code the server can answer with, as [`AppError::code`] gives
/// them (all but the browser's own `network`); the API document lists
/// them and a test keeps this list equal to the `match` arms above.
pub const API_ERROR_CODES: &[&str] = &[
    "invalid_input",
    "malformed_request",
    "request_too_large",
    "not_found",
    "sign_in_required",
    "sign_in_failed",
    "forbidden",
    "cross_site_request",
    "expired",
    "reauthentication_required",
    "too_many_attempts",
    "code_expired",
    "code_invalid",
    "scan_expired",
    "not_enrolled",
    "outside_window",
    "not_checked_in",
    "other_person",
    "scan_other_browser",
    "passkey_required",
    "device_key_required",
    "device_key_refused",
    "display_link_expired",
    "display_link_invalid",
    "roll_call_closed",
    "handoff_used",
    "roll_call_not_checked_in",
    "face_check_required",
    "face_consent_required",
    "face_check_other_browser",
    "face_check_pending",
    "face_check_not_required",
    "face_provider_unavailable",
    "import_rows_invalid",
    "file_too_large",
    "unsupported_file_type",
    "file_unreadable",
    "file_empty",
    "unavailable",
    "internal",
    "account_exists",
    "username_taken",
    "passkey_exists",
    "device_key_exists",
    "passkey_held",
    "last_sign_in_method",
    "class_full",
    "already_enrolled",
    "class_not_open",
    "already_decided",
    "not_returned",
    "already_cleared",
    "already_recorded",
    "class_not_finished",
    "claim_exists",
    "claim_not_in_state",
    "too_few_sessions",
    "rating_locked",
    "already_replied",
    "already_hidden",
    "nothing_to_verify",
    "assessment_locked",
    "category_already_decided",
    "claim_filed",
    "already_revoked",
    "face_provider_not_connected",
    "edition_exists",
    "edition_not_draft",
    "filing_not_in_state",
    "filing_number_taken",
    "import_has_problems",
    "edition_empty",
    "no_published_edition",
    "adjustment_open",
    "adjustment_empty",
    "row_changed_in_adjustment",
    "credit_code_registered",
    "employer_not_verified",
    "order_not_in_state",
    "employer_training_not_rated",
    "employment_locked",
    "already_bid",
    "offer_not_in_state",
    "trainee_not_completed",
    "retention_recorded",
    "campaign_sent",
    "audience_empty",
    "inspection_recorded",
    "no_rectification_to_answer",
    "photos_not_accepted",
    "not_inspectable",
    "not_an_image",
];

/// The API code of a conflict.
const fn conflict_code(conflict: Conflict) -> &'static str {
    match conflict {
        Conflict::AccountExists => "account_exists",
        Conflict::UsernameTaken => "username_taken",
        Conflict::PasskeyAlreadyRegistered => "passkey_exists",
        Conflict::DeviceKeyExists => "device_key_exists",
        Conflict::PasskeyHeld => "passkey_held",
        Conflict::LastSignInMethod => "last_sign_in_method",
        Conflict::ClassFull => "class_full",
        Conflict::AlreadyEnrolled => "already_enrolled",
        Conflict::ClassNotOpen => "class_not_open",
        Conflict::NotAwaitingDecision => "already_decided",
        Conflict::NotReturned => "not_returned",
        Conflict::AlreadyCleared => "already_cleared",
        Conflict::AlreadyRecorded => "already_recorded",
        Conflict::ClassNotFinished => "class_not_finished",
        Conflict::ClaimExists => "claim_exists",
        Conflict::ClaimNotInState => "claim_not_in_state",
        Conflict::TooFewSessionsToRate => "too_few_sessions",
        Conflict::RatingLocked => "rating_locked",
        Conflict::AlreadyReplied => "already_replied",
        Conflict::AlreadyHidden => "already_hidden",
        Conflict::NothingToVerify => "nothing_to_verify",
        Conflict::AssessmentLocked => "assessment_locked",
        Conflict::CategoryAlreadyDecided => "category_already_decided",
        Conflict::StudyFrozenByClaim => "claim_filed",
        Conflict::AlreadyRevoked => "already_revoked",
        Conflict::FaceProviderNotConnected => "face_provider_not_connected",
        Conflict::EditionExists => "edition_exists",
        Conflict::EditionNotDraft => "edition_not_draft",
        Conflict::FilingNotInState => "filing_not_in_state",
        Conflict::FilingNumberTaken => "filing_number_taken",
        Conflict::ImportHasProblems => "import_has_problems",
        Conflict::EditionEmpty => "edition_empty",
        Conflict::NoPublishedEdition => "no_published_edition",
        Conflict::AdjustmentOpen => "adjustment_open",
        Conflict::AdjustmentEmpty => "adjustment_empty",
        Conflict::RowChangedInAdjustment => "row_changed_in_adjustment",
        Conflict::CreditCodeRegistered => "credit_code_registered",
        Conflict::EmployerNotVerified => "employer_not_verified",
        Conflict::OrderNotInState => "order_not_in_state",
        Conflict::EmployerTrainingNotRated => "employer_training_not_rated",
        Conflict::EmploymentLocked => "employment_locked",
        Conflict::AlreadyBid => "already_bid",
        Conflict::OfferNotInState => "offer_not_in_state",
        Conflict::TraineeNotCompleted => "trainee_not_completed",
        Conflict::RetentionRecorded => "retention_recorded",
        Conflict::CampaignSent => "campaign_sent",
        Conflict::AudienceEmpty => "audience_empty",
        Conflict::InspectionRecorded => "inspection_recorded",
        Conflict::NoRectificationToAnswer => "no_rectification_to_answer",
        Conflict::PhotosNotAccepted => "photos_not_accepted",
        Conflict::NotInspectable => "not_inspectable",
    }
}

impl From<InputError> for AppError {
    fn from(error: InputError) -> Self {
        AppError::Invalid(error)
    }
}

impl server_fn::error::FromServerFnError for AppError {
    type Encoder = server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        use server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Args(_) | E::MissingArg(_) | E::Deserialization(_) => AppError::Malformed,
            E::Request(message) | E::Response(message) => AppError::Network(message),
            _ => AppError::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_carries_a_fitting_status_and_code() {
        let invalid = AppError::from(InputError::NoSubsidyAmount);
        assert_eq!((invalid.status(), invalid.code()), (400, "invalid_input"));
        assert_eq!(AppError::NotFound(Missing::Course).status(), 404);
        assert_eq!(AppError::Unavailable.status(), 503);
        assert_eq!(AppError::Internal.status(), 500);
    }

    /// The string literals of the `match` arms of `fn name` in this file.
    fn codes_matched_in(file: &syn::File, name: &str) -> Vec<String> {
        struct Literals(Vec<String>);
        impl<'ast> syn::visit::Visit<'ast> for Literals {
            fn visit_arm(&mut self, arm: &'ast syn::Arm) {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(code),
                    ..
                }) = arm.body.as_ref()
                {
                    self.0.push(code.value());
                }
                syn::visit::visit_arm(self, arm);
            }
        }
        let mut literals = Literals(Vec::new());
        for item in &file.items {
            match item {
                syn::Item::Fn(function) if function.sig.ident == name => {
                    syn::visit::Visit::visit_item_fn(&mut literals, function)
                }
                syn::Item::Impl(block) => {
                    for inner in &block.items {
                        if let syn::ImplItem::Fn(method) = inner {
                            if method.sig.ident == name {
                                syn::visit::Visit::visit_impl_item_fn(&mut literals, method);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        literals.0
    }

    #[test]
    fn the_published_list_of_error_codes_is_every_code_the_server_answers() {
        let file = syn::parse_file(include_str!("error.rs")).expect("error.rs parses");
        let mut answered: Vec<String> = codes_matched_in(&file, "code")
            .into_iter()
            .chain(codes_matched_in(&file, "conflict_code"))
            .filter(|code| code != "network")
            .collect();
        let mut published: Vec<String> = API_ERROR_CODES
            .iter()
            .map(|code| code.to_string())
            .collect();
        answered.sort();
        answered.dedup();
        published.sort();
        assert!(answered.len() > 60, "{answered:?}");
        assert_eq!(published, answered);
    }
}
