//! The one error type that crosses the wire, from server functions to the
//! page and from REST handlers to API clients.

use serde::{Deserialize, Serialize};

use crate::{domain::InputError, i18n::Lang};

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
    /// 410: a classroom display link used on another day than its
    /// session's.
    DisplayLinkExpired,
    /// 400: the text is no display link of ours, or was altered.
    DisplayLinkInvalid,
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
                CheckInProblem::DisplayLinkExpired => 410,
                CheckInProblem::DisplayLinkInvalid => 400,
                CheckInProblem::NotEnrolled
                | CheckInProblem::OtherPerson
                | CheckInProblem::OtherBrowser
                | CheckInProblem::PasskeyRequired => 403,
                CheckInProblem::OutsideWindow { .. } | CheckInProblem::NotCheckedIn => 409,
            },
            AppError::Import(problem) => match problem {
                ImportProblem::TooLarge { .. } => 413,
                ImportProblem::UnsupportedType => 415,
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
                CheckInProblem::DisplayLinkExpired => "display_link_expired",
                CheckInProblem::DisplayLinkInvalid => "display_link_invalid",
            },
            AppError::Import(problem) => match problem {
                ImportProblem::Rows(_) => "import_rows_invalid",
                ImportProblem::TooLarge { .. } => "file_too_large",
                ImportProblem::UnsupportedType => "unsupported_file_type",
                ImportProblem::Unreadable => "file_unreadable",
                ImportProblem::Empty => "file_empty",
            },
            AppError::Unavailable => "unavailable",
            AppError::Internal => "internal",
            AppError::Network(_) => "network",
        }
    }

    /// A sentence for the person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            AppError::Invalid(input) => input.message(lang),
            AppError::NotFound(missing) => match (missing, zh) {
                (Missing::Course, true) => {
                    "没有找到这个培训项目，它可能已从目录中移除。".to_owned()
                }
                (Missing::Course, false) => {
                    "This course was not found; it may have been removed from the catalogue."
                        .to_owned()
                }
                (Missing::Institution, true) => {
                    "没有找到这家培训机构，它可能已从目录中移除。".to_owned()
                }
                (Missing::Institution, false) => {
                    "This institution was not found; it may have been removed from the catalogue."
                        .to_owned()
                }
                (Missing::Account, true) => {
                    "没有找到这个账号，请核对身份证号码或登录名。".to_owned()
                }
                (Missing::Account, false) => {
                    "No account was found; please check the ID card number or user name.".to_owned()
                }
                (Missing::Route, true) => "没有这个地址，请检查链接。".to_owned(),
                (Missing::Route, false) => {
                    "There is nothing at this address; please check the link.".to_owned()
                }
                (other, _) => class_missing_message(*other, zh).to_owned(),
            },
            AppError::Refused(refusal) => refusal_message(*refusal, zh).to_owned(),
            AppError::Conflict(conflict) => conflict_message(*conflict, zh).to_owned(),
            AppError::TooManyRequests {
                retry_after_seconds,
            } => wait_message(*retry_after_seconds, zh),
            AppError::CheckIn(problem) => check_in_message(problem, zh),
            AppError::Import(problem) => import_message(problem, lang),
            AppError::Malformed => if zh {
                "请求格式不对，无法处理。"
            } else {
                "The request could not be read."
            }
            .to_owned(),
            AppError::Unavailable => if zh {
                "服务暂时不可用，请稍后再试。"
            } else {
                "The service is unavailable right now; please try again shortly."
            }
            .to_owned(),
            AppError::Internal => if zh {
                "系统出错了，我们会尽快处理，请稍后再试。"
            } else {
                "Something went wrong on our side; please try again later."
            }
            .to_owned(),
            AppError::Network(_) => if zh {
                "网络不稳定，请检查网络后重试。"
            } else {
                "The network is unsteady; please check your connection and try again."
            }
            .to_owned(),
        }
    }
}

/// How long to wait, in the reader's words: seconds below two minutes,
/// whole minutes (rounded up) above.
fn wait_message(seconds: i64, zh: bool) -> String {
    let minutes = (seconds + 59) / 60;
    match (seconds < 120, zh) {
        (true, true) => format!("尝试太频繁，请 {seconds} 秒后再试。"),
        (true, false) => format!("Too many attempts; please try again in {seconds} seconds."),
        (false, true) => format!("尝试太频繁，请 {minutes} 分钟后再试。"),
        (false, false) => format!("Too many attempts; please try again in {minutes} minutes."),
    }
}

/// Class records are only looked up by server-rendered pages and the API.
fn class_missing_message(missing: Missing, zh: bool) -> &'static str {
    match (missing, zh) {
        (Missing::Class, true) => "没有找到这个班级。",
        (Missing::Class, false) => "This class was not found.",
        (Missing::Session, true) => "没有找到这次课。",
        (Missing::Session, false) => "This session was not found.",
        (Missing::Enrolment, true) => "没有找到这条报名记录。",
        (Missing::Enrolment, false) => "This enrolment was not found.",
        (Missing::Warning, true) => "没有找到这条风险预警。",
        (Missing::Warning, false) => "This risk warning was not found.",
        (Missing::Assessment, true) => "这位学员还没有结业考核记录。",
        (Missing::Assessment, false) => "No completion assessment is recorded for this worker.",
        (Missing::Rating, true) => "没有找到这条评价。",
        (Missing::Rating, false) => "This rating was not found.",
        (Missing::Claim, true) => "没有找到这份补贴申请。",
        (Missing::Claim, false) => "This subsidy claim was not found.",
        (Missing::Notification, true) => "没有找到这条消息。",
        (Missing::Notification, false) => "This message was not found.",
        (Missing::Passkey, true) => "没有找到这个通行密钥，它可能已被移除。",
        (Missing::Passkey, false) => "This passkey was not found; it may have been removed.",
        (Missing::WorkerCategory, true) => "没有找到这条人员类别申报。",
        (Missing::WorkerCategory, false) => "This declared worker category was not found.",
        (Missing::Platform, true) => "没有找到这个线上学习平台。",
        (Missing::Platform, false) => "This online platform was not found.",
        (_, true) => "没有找到这条签到（签退）记录。",
        (_, false) => "No such check-in or check-out was found.",
    }
}

fn check_in_message(problem: &CheckInProblem, zh: bool) -> String {
    let text = match (problem, zh) {
        (CheckInProblem::CodeExpired, true) => "二维码已过期（每 10 秒更换一次），请重新扫描教室屏幕上的二维码。",
        (CheckInProblem::CodeExpired, false) => "This code has expired (it changes every 10 seconds); please scan the code on the classroom screen again.",
        (CheckInProblem::CodeInvalid, true) => "这不是有效的签到二维码，请扫描教室屏幕上的二维码。",
        (CheckInProblem::CodeInvalid, false) => "This is not a valid check-in code; please scan the code on the classroom screen.",
        (CheckInProblem::ScanExpired, true) => "扫码后等待时间太长，请重新扫描教室屏幕上的二维码。",
        (CheckInProblem::ScanExpired, false) => "Too much time has passed since the scan; please scan the code on the classroom screen again.",
        (CheckInProblem::NotEnrolled, true) => "您没有报名这个班级，不能在这里签到。请确认是不是走错了教室。",
        (CheckInProblem::NotEnrolled, false) => "You are not enrolled in this class, so you cannot check in here. Please check you are in the right room.",
        (CheckInProblem::NotCheckedIn, true) => "这次课您还没有签到，不能签退。如有疑问请找培训机构老师更正。",
        (CheckInProblem::NotCheckedIn, false) => "You have not checked in to this session, so you cannot check out. Ask the institution's staff if this is wrong.",
        (CheckInProblem::OtherPerson, true) => "这个通行密钥属于另一个账号。请用本人手机上的通行密钥确认。",
        (CheckInProblem::OtherPerson, false) => "This passkey belongs to another account. Please confirm with your own passkey.",
        (CheckInProblem::OtherBrowser, true) => "这次扫码不是在这部手机上进行的。请用本人手机扫描教室屏幕上的二维码。",
        (CheckInProblem::OtherBrowser, false) => "This scan was not made on this phone. Please scan the code on the classroom screen with your own phone.",
        (CheckInProblem::PasskeyRequired, true) => "您的账号已设置通行密钥，签到必须用通行密钥确认（指纹或面容）。",
        (CheckInProblem::PasskeyRequired, false) => "Your account has a passkey, so a check-in must be confirmed with it (fingerprint or face).",
        (CheckInProblem::DisplayLinkExpired, true) => "这个投屏链接已不在有效期内：它只在这次课的当天有效。请培训机构工作人员重新复制投屏链接。",
        (CheckInProblem::DisplayLinkExpired, false) => "This display link is not valid now: it works only on the day of its session. Ask the institution's staff to copy a new display link.",
        (CheckInProblem::DisplayLinkInvalid, true) => "这不是有效的投屏链接，请培训机构工作人员重新复制投屏链接。",
        (CheckInProblem::DisplayLinkInvalid, false) => "This is not a valid display link; ask the institution's staff to copy a new one.",
        (CheckInProblem::OutsideWindow { opens, closes }, true) => {
            return format!("现在不在签到（签退）时间内：本次可在 {opens} 至 {closes} 之间扫码。")
        }
        (CheckInProblem::OutsideWindow { opens, closes }, false) => {
            return format!("This is outside the time for this scan: it is open from {opens} to {closes}.")
        }
    };
    text.to_owned()
}

/// How many bad rows an import error spells out; the rest are counted.
const ROWS_SPELLED_OUT: usize = 20;

fn import_message(problem: &ImportProblem, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match problem {
        ImportProblem::Rows(rows) => {
            let listed: Vec<String> = rows
                .iter()
                .take(ROWS_SPELLED_OUT)
                .map(|row| match lang {
                    Lang::Zh => format!("第 {} 行：{}", row.row, row.message(lang)),
                    Lang::En => format!("row {}: {}", row.row, row.message(lang)),
                })
                .collect();
            let more = rows.len().saturating_sub(ROWS_SPELLED_OUT);
            match (zh, more) {
                (true, 0) => format!("有 {} 行不正确，整份名单未导入，请改正后重新导入。{}。", rows.len(), listed.join("；")),
                (true, more) => format!("有 {} 行不正确，整份名单未导入，请改正后重新导入。{}；另有 {more} 行。", rows.len(), listed.join("；")),
                (false, 0) => format!("{} rows are wrong, so nothing was imported; correct them and import again. {}.", rows.len(), listed.join("; ")),
                (false, more) => format!("{} rows are wrong, so nothing was imported; correct them and import again. {}; and {more} more.", rows.len(), listed.join("; ")),
            }
        }
        ImportProblem::TooLarge { max_megabytes } => if zh {
            format!("文件太大：最多 {max_megabytes} MB，请分成几份导入。")
        } else {
            format!("The file is too large: at most {max_megabytes} MB; split it into several.")
        },
        ImportProblem::UnsupportedType => if zh {
            "只能导入 CSV（UTF-8 或 GBK 编码）或 Excel（.xlsx）文件。"
        } else {
            "Only CSV (UTF-8 or GBK) or Excel (.xlsx) files can be imported."
        }
        .to_owned(),
        ImportProblem::Unreadable => if zh {
            "无法读取这个文件：请确认它是 CSV（UTF-8 或 GBK 编码）或 .xlsx 文件，并且没有损坏。"
        } else {
            "This file cannot be read: check that it is a CSV (UTF-8 or GBK) or .xlsx file and not damaged."
        }
        .to_owned(),
        ImportProblem::Empty => if zh {
            "文件里没有数据行：每行应为身份证号码和人员类别。"
        } else {
            "The file has no rows: each row should hold an ID number and a worker category."
        }
        .to_owned(),
    }
}

fn refusal_message(refusal: Refusal, zh: bool) -> &'static str {
    match (refusal, zh) {
        (Refusal::SignInRequired, true) => "请先登录。",
        (Refusal::SignInRequired, false) => "Please sign in first.",
        (Refusal::SignInFailed, true) => "身份验证没有通过，请重试。",
        (Refusal::SignInFailed, false) => "We could not confirm who you are; please try again.",
        (Refusal::OutOfScope, true) => "您没有权限查看或修改这项内容。",
        (Refusal::OutOfScope, false) => "You are not allowed to see or change this.",
        (Refusal::CrossSite, true) => "请求来源无法确认，请从本站页面重新操作。",
        (Refusal::CrossSite, false) => {
            "This request did not come from our pages; please try again from the site."
        }
        (Refusal::Expired, true) => "操作已超时或已使用过，请重新开始。",
        (Refusal::Expired, false) => {
            "This step has expired or was already used; please start again."
        }
        (Refusal::ReauthenticationRequired, true) => {
            "您是用密码登录的，添加通行密钥前请再输入一次密码。"
        }
        (Refusal::ReauthenticationRequired, false) => {
            "You signed in with a password: enter it again before adding a passkey."
        }
    }
}

fn conflict_message(conflict: Conflict, zh: bool) -> &'static str {
    match (conflict, zh) {
        (Conflict::AccountExists, true) => "这个身份证号码已经注册过账号。如果无法登录，请带身份证到所在城市的人社局，工作人员核验后会给您一次性恢复码，用它重新设置登录方式。",
        (Conflict::AccountExists, false) => "An account with this ID card number exists. If you cannot sign in, bring your ID card to your city's bureau: after checking it, staff give you a one-time recovery code to set up a new sign-in.",
        (Conflict::UsernameTaken, true) => "这个登录名已被使用，请换一个。",
        (Conflict::UsernameTaken, false) => "This user name is taken; please choose another.",
        (Conflict::PasskeyAlreadyRegistered, true) => "这个通行密钥已经登记过了。",
        (Conflict::PasskeyAlreadyRegistered, false) => "This passkey is already registered.",
        (Conflict::LastSignInMethod, true) => "这是您唯一的登录方式，不能移除。请先添加另一个通行密钥，再移除这个。",
        (Conflict::LastSignInMethod, false) => "This is your only way to sign in, so it cannot be removed. Add another passkey first, then remove this one.",
        (Conflict::ClassFull, true) => "这个班已经报满了，请选择其他班级。",
        (Conflict::ClassFull, false) => "This class is full; please choose another one.",
        (Conflict::AlreadyEnrolled, true) => "您已经报名了这个班。",
        (Conflict::AlreadyEnrolled, false) => "You are already enrolled in this class.",
        (Conflict::ClassNotOpen, true) => "这个班还没有获批开班，暂时不能报名。",
        (Conflict::ClassNotOpen, false) => "This class is not approved yet, so nobody can enrol.",
        (Conflict::NotAwaitingDecision, true) => "这份开班申请已经处理过了。",
        (Conflict::NotAwaitingDecision, false) => "This class application has already been decided.",
        (Conflict::NotReturned, true) => "只有被退回的开班申请才能修改后重新提交。",
        (Conflict::NotReturned, false) => "Only a returned application can be changed and submitted again.",
        (Conflict::AlreadyCleared, true) => "这条预警已经处理过了。",
        (Conflict::AlreadyCleared, false) => "This warning has already been cleared.",
        (Conflict::AlreadyRecorded, true) => "这条记录已经存在；如需更改，请先作废原记录。",
        (Conflict::AlreadyRecorded, false) => "This is already recorded; void the existing record first to change it.",
        (Conflict::ClassNotFinished, true) => "这个班的培训还没有结束，结束后才能进行这一步。",
        (Conflict::ClassNotFinished, false) => "This class has not finished yet; this step comes after its last session.",
        (Conflict::ClaimExists, true) => "已经有一份补贴申请：同一职业同一等级的补贴每人只能申请一次，同一次培训也只能申请一次。",
        (Conflict::ClaimExists, false) => "A claim exists already: one subsidy per occupation and level per person, and one claim per training.",
        (Conflict::ClaimNotInState, true) => "这份补贴申请当前的状态不能进行这一步，请刷新后查看最新状态。",
        (Conflict::ClaimNotInState, false) => "This claim's current state does not allow this step; reload to see where it stands.",
        (Conflict::TooFewSessionsToRate, true) => "您参加的课次太少，暂时不能评价这个班。",
        (Conflict::TooFewSessionsToRate, false) => "You attended too few sessions to rate this class.",
        (Conflict::RatingLocked, true) => "评价提交 7 天后不能再修改。",
        (Conflict::RatingLocked, false) => "A rating can be changed for 7 days only.",
        (Conflict::AlreadyReplied, true) => "机构已经回复过这条评价。",
        (Conflict::AlreadyReplied, false) => "The institution has already replied to this rating.",
        (Conflict::AlreadyHidden, true) => "这条评价内容已经被隐藏。",
        (Conflict::AlreadyHidden, false) => "This comment is already hidden.",
        (Conflict::NothingToVerify, true) => "没有待核对的证书（可能已核对过）。",
        (Conflict::NothingToVerify, false) => "There is no certificate awaiting verification (it may have been verified).",
        (Conflict::AssessmentLocked, true) => "证书已经核对，结业考核记录不能再修改。",
        (Conflict::AssessmentLocked, false) => "The certificate has been verified, so the assessment can no longer change.",
        (Conflict::CategoryAlreadyDecided, true) => "这个人员类别已经是这个核实结果了，请刷新后查看。",
        (Conflict::CategoryAlreadyDecided, false) => "This worker category already has this decision; reload to see where it stands.",
        (Conflict::StudyFrozenByClaim, true) => "这名学员已经申请了补贴，线上学时以申请时为准，不能再报送或修改。",
        (Conflict::StudyFrozenByClaim, false) => "A subsidy claim has been filed for this enrolment: its online minutes stand as they were when it was filed and can no longer be reported or changed.",
        (Conflict::AlreadyRevoked, true) => "这个平台的接入密钥已经撤销过了。",
        (Conflict::AlreadyRevoked, false) => "This platform's key has already been revoked.",
    }
}

/// The API code of a conflict.
const fn conflict_code(conflict: Conflict) -> &'static str {
    match conflict {
        Conflict::AccountExists => "account_exists",
        Conflict::UsernameTaken => "username_taken",
        Conflict::PasskeyAlreadyRegistered => "passkey_exists",
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

    #[test]
    fn a_rate_limit_says_how_long_to_wait() {
        let error = AppError::TooManyRequests {
            retry_after_seconds: 90,
        };
        assert_eq!(error.status(), 429);
        assert!(error.message(Lang::Zh).contains("90 秒"));
        let error = AppError::TooManyRequests {
            retry_after_seconds: 600,
        };
        assert!(error.message(Lang::En).contains("10 minutes"));
    }

    #[test]
    fn messages_exist_in_both_languages_and_differ() {
        let error = AppError::NotFound(Missing::Institution);
        assert_ne!(error.message(Lang::Zh), error.message(Lang::En));
        assert!(error.message(Lang::Zh).contains("培训机构"));
    }
}
