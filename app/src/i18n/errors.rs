//! The sentences of the errors that cross the wire ([`AppError`]), one
//! table per language. Input errors have theirs in [`super::input`].

use super::Lang;
use crate::error::{AppError, CheckInProblem, Conflict, ImportProblem, Missing, Refusal};

impl AppError {
    /// A sentence for the person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::Invalid(input) => input.message(lang),
            AppError::Import(problem) => import_message(problem, lang),
            AppError::CheckIn(problem) => match lang {
                Lang::Zh => zh::check_in(problem),
                Lang::En => en::check_in(problem),
            },
            other => match lang {
                Lang::Zh => zh::app_error(other),
                Lang::En => en::app_error(other),
            },
        }
    }
}

/// How many bad rows an import error spells out; the rest are counted.
const ROWS_SPELLED_OUT: usize = 20;

fn import_message(problem: &ImportProblem, lang: Lang) -> String {
    let ImportProblem::Rows(rows) = problem else {
        return match lang {
            Lang::Zh => zh::import(problem),
            Lang::En => en::import(problem),
        };
    };
    let listed: Vec<String> = rows
        .iter()
        .take(ROWS_SPELLED_OUT)
        .map(|row| match lang {
            Lang::Zh => zh::row(row.row, &row.message(lang)),
            Lang::En => en::row(row.row, &row.message(lang)),
        })
        .collect();
    let more = rows.len().saturating_sub(ROWS_SPELLED_OUT);
    match lang {
        Lang::Zh => zh::bad_rows(rows.len(), &listed, more),
        Lang::En => en::bad_rows(rows.len(), &listed, more),
    }
}

mod zh {
    use super::*;

    pub(super) fn app_error(error: &AppError) -> String {
        match error {
            AppError::NotFound(missing) => missing_thing(*missing).to_owned(),
            AppError::Refused(refusal) => refused(*refusal).to_owned(),
            AppError::Conflict(conflict) => conflicting(*conflict).to_owned(),
            AppError::TooManyRequests {
                retry_after_seconds,
            } => wait(*retry_after_seconds),
            AppError::Malformed => "请求格式不对，无法处理。".to_owned(),
            AppError::TooLarge { max_kilobytes } => {
                format!("提交的内容太大（最多 {max_kilobytes} KB），没有处理。")
            }
            AppError::Unavailable => "服务暂时不可用，请稍后再试。".to_owned(),
            AppError::Network(_) => "网络不稳定，请检查网络后重试。".to_owned(),
            AppError::Internal
            | AppError::Invalid(_)
            | AppError::Import(_)
            | AppError::CheckIn(_) => "系统出错了，我们会尽快处理，请稍后再试。".to_owned(),
        }
    }

    /// How long to wait: seconds below two minutes, whole minutes (rounded
    /// up) above.
    fn wait(seconds: i64) -> String {
        let minutes = (seconds + 59) / 60;
        if seconds < 120 {
            format!("尝试太频繁，请 {seconds} 秒后再试。")
        } else {
            format!("尝试太频繁，请 {minutes} 分钟后再试。")
        }
    }

    fn missing_thing(missing: Missing) -> &'static str {
        match missing {
            Missing::Course => "没有找到这个培训项目，它可能已从目录中移除。",
            Missing::Institution => "没有找到这家培训机构，它可能已从目录中移除。",
            Missing::Account => "没有找到这个账号，请核对身份证号码或登录名。",
            Missing::Route => "没有这个地址，请检查链接。",
            Missing::Class => "没有找到这个班级。",
            Missing::Session => "没有找到这次课。",
            Missing::Enrolment => "没有找到这条报名记录。",
            Missing::Warning => "没有找到这条风险预警。",
            Missing::Assessment => "这位学员还没有结业考核记录。",
            Missing::Rating => "没有找到这条评价。",
            Missing::Claim => "没有找到这份补贴申请。",
            Missing::Notification => "没有找到这条消息。",
            Missing::Passkey => "没有找到这个通行密钥，它可能已被移除。",
            Missing::WorkerCategory => "没有找到这条人员类别申报。",
            Missing::Platform => "没有找到这个线上学习平台。",
            Missing::RollCall => "没有找到这次已结束的随机点名。",
            Missing::Edition => "没有找到这个目录版本。",
            Missing::Filing => "没有找到这份备案。",
            Missing::Attachment => "没有找到这个附件。",
            Missing::Import => "没有找到这次上传，可能已确认或已过期，请重新上传。",
            Missing::CatalogueRow => "没有找到这个目录条目。",
            Missing::Employer => "没有找到这家用工企业。",
            Missing::Order => "没有找到这个培训订单。",
            Missing::Bid => "没有找到这个揭榜申请。",
            Missing::Offer => "没有找到这个工作邀请。",
            Missing::Campaign => "没有找到这次推送。",
            Missing::Inspection => "没有找到这次过程检查。",
            Missing::Photo => "没有找到这张检查照片。",
            Missing::Attendance => "没有找到这条签到（签退）记录。",
        }
    }

    fn refused(refusal: Refusal) -> &'static str {
        match refusal {
            Refusal::SignInRequired => "请先登录。",
            Refusal::SignInFailed => "身份验证没有通过，请重试。",
            Refusal::OutOfScope => "您没有权限查看或修改这项内容。",
            Refusal::CrossSite => "请求来源无法确认，请从本站页面重新操作。",
            Refusal::Expired => "操作已超时或已使用过，请重新开始。",
            Refusal::ReauthenticationRequired => {
                "您是用密码登录的，添加通行密钥前请再输入一次密码。"
            }
        }
    }

    fn conflicting(conflict: Conflict) -> &'static str {
        match conflict {
        Conflict::AccountExists => "这个身份证号码已经注册过账号。如果无法登录，请带身份证到所在城市的人社局，工作人员核验后会给您一次性恢复码，用它重新设置登录方式。",
        Conflict::UsernameTaken => "这个登录名已被使用，请换一个。",
        Conflict::PasskeyAlreadyRegistered => "这个通行密钥已经登记过了。",
        Conflict::DeviceKeyExists => "您的账号已经在另一部手机上设置了本机密钥。换了新手机，请带身份证到所在城市的人社局找回账号，再在新手机上设置。",
        Conflict::PasskeyHeld => "您的账号已有通行密钥，签到用通行密钥确认，不需要本机密钥。",
        Conflict::LastSignInMethod => "这是您唯一的登录方式，不能移除。请先添加另一个通行密钥，再移除这个。",
        Conflict::ClassFull => "这个班已经报满了，请选择其他班级。",
        Conflict::AlreadyEnrolled => "您已经报名了这个班。",
        Conflict::ClassNotOpen => "这个班还没有获批开班，暂时不能报名。",
        Conflict::NotAwaitingDecision => "这份开班申请已经处理过了。",
        Conflict::NotReturned => "只有被退回的开班申请才能修改后重新提交。",
        Conflict::AlreadyCleared => "这条预警已经处理过了。",
        Conflict::AlreadyRecorded => "这条记录已经存在；如需更改，请先作废原记录。",
        Conflict::ClassNotFinished => "这个班的培训还没有结束，结束后才能进行这一步。",
        Conflict::ClaimExists => "已经有一份补贴申请：同一职业同一等级的补贴每人只能申请一次，同一次培训也只能申请一次。",
        Conflict::ClaimNotInState => "这份补贴申请当前的状态不能进行这一步，请刷新后查看最新状态。",
        Conflict::TooFewSessionsToRate => "您参加的课次太少，暂时不能评价这个班。",
        Conflict::RatingLocked => "评价提交 7 天后不能再修改。",
        Conflict::AlreadyReplied => "机构已经回复过这条评价。",
        Conflict::AlreadyHidden => "这条评价内容已经被隐藏。",
        Conflict::NothingToVerify => "没有待核对的证书（可能已核对过）。",
        Conflict::AssessmentLocked => "证书已经核对，结业考核记录不能再修改。",
        Conflict::CategoryAlreadyDecided => "这个人员类别已经是这个核实结果了，请刷新后查看。",
        Conflict::StudyFrozenByClaim => "这名学员已经申请了补贴，线上学时以申请时为准，不能再报送或修改。",
        Conflict::AlreadyRevoked => "这个平台的接入密钥已经撤销过了。",
        Conflict::FaceProviderNotConnected => "本系统尚未接通人脸核验服务，暂不能要求人脸核验。请联系系统管理员配置服务商。",
        Conflict::EditionExists => "本市这一年度的这个目录已经有一个版本了，请打开它继续编辑。",
        Conflict::EditionNotDraft => "这个目录已报送备案或已发布，不能直接修改；发布后请通过动态调整修改。",
        Conflict::FilingNotInState => "这份备案的当前状态不能进行这一步，请刷新后查看。",
        Conflict::FilingNumberTaken => "这个备案号已经用于另一份目录，请核对。",
        Conflict::ImportHasProblems => "导入预览中还有问题，请修改文件后重新上传，没有问题才能确认导入。",
        Conflict::EditionEmpty => "目录中还没有任何条目，不能报送备案。",
        Conflict::NoPublishedEdition => "本市这个目录还没有已发布的版本。",
        Conflict::AdjustmentOpen => "这个目录已有一项动态调整正在填写或审核中，请先完成它。",
        Conflict::AdjustmentEmpty => "这项动态调整还没有任何变更，不能报送。",
        Conflict::RowChangedInAdjustment => "本次调整已经修改或移出了这一条目；如需改动，请先撤回那项变更。",
        Conflict::CreditCodeRegistered => "这个统一社会信用代码已经注册过了。如果是贵单位注册的，请联系已注册的同事，或请人社局为您开通账号。",
        Conflict::EmployerNotVerified => "贵单位还没有通过人社局的核验，暂时不能发布培训订单或申请开班。",
        Conflict::EmployerTrainingNotRated => "这是用人单位为本单位职工办的培训，不参加培训机构评价。",
        Conflict::EmploymentLocked => "这名学员的补贴已经申领，入职日期不能再改；申报有误请联系人社局。",
        Conflict::OrderNotInState => "这个订单当前的状态不允许这一步操作，请刷新页面查看最新状态。",
        Conflict::AlreadyBid => "本机构已经揭榜过这个订单了。",
        Conflict::OfferNotInState => "这个工作邀请当前的状态不允许这一步，请刷新页面查看最新状态。",
        Conflict::TraineeNotCompleted => "这名学员还没有完成培训（班级结束并通过结业考核）。",
        Conflict::RetentionRecorded => "这一次在岗情况已经确认过了。",
        Conflict::CampaignSent => "这次推送已经发出，不能再修改或重复发送；如需调整请新建一次推送。",
        Conflict::AudienceEmpty => "按当前条件没有可推送的劳动者，请放宽筛选条件后再发送。",
        Conflict::InspectionRecorded => "这次检查的结果已经记录，不能再修改；如需补充请另行记录一次检查。",
        Conflict::NoRectificationToAnswer => "只有结果为“整改”的检查需要答复，而且只答复一次。",
        Conflict::PhotosNotAccepted => "照片只能附在已记录结果的检查上，每次检查最多 6 张。",
        Conflict::NotInspectable => "只能检查已获批开班的班级；检查结果要在这次课开始之后才能记录。",
        }
    }

    pub(super) fn check_in(problem: &CheckInProblem) -> String {
        match problem {
        CheckInProblem::CodeExpired => "二维码已过期（每 10 秒更换一次），请重新扫描教室屏幕上的二维码。".into(),
        CheckInProblem::CodeInvalid => "这不是有效的签到二维码，请扫描教室屏幕上的二维码。".into(),
        CheckInProblem::ScanExpired => "扫码后等待时间太长，请重新扫描教室屏幕上的二维码。".into(),
        CheckInProblem::NotEnrolled => "您没有报名这个班级，不能在这里签到。请确认是不是走错了教室。".into(),
        CheckInProblem::NotCheckedIn => "这次课您还没有签到，不能签退。如有疑问请找培训机构老师更正。".into(),
        CheckInProblem::OtherPerson => "这个通行密钥属于另一个账号。请用本人手机上的通行密钥确认。".into(),
        CheckInProblem::OtherBrowser => "这次扫码不是在这部手机上进行的。请用本人手机扫描教室屏幕上的二维码。".into(),
        CheckInProblem::PasskeyRequired => "您的账号已设置通行密钥，签到必须用通行密钥确认（指纹或面容）。".into(),
        CheckInProblem::DeviceKeyRequired => "您的账号已在手机上设置本机密钥，签到必须在那部手机上确认。".into(),
        CheckInProblem::DeviceKeyRefused => "本机密钥核对没有通过：请在设置本机密钥的那部手机上，重新扫描教室屏幕上的二维码。".into(),
        CheckInProblem::DisplayLinkExpired => "这个投屏链接已不在有效期内：它只在这次课的当天有效。请培训机构工作人员重新复制投屏链接。".into(),
        CheckInProblem::DisplayLinkInvalid => "这不是有效的投屏链接，请培训机构工作人员重新复制投屏链接。".into(),
        CheckInProblem::HandOffUsed => "这个链接已经在另一部手机上用过了。请用自己的手机扫描教室屏幕上的二维码。".into(),
        CheckInProblem::RollCallClosed => "这次随机点名已经结束。错过点名的，这次课的学时需要培训机构老师说明理由后补录。".into(),
        CheckInProblem::RollCallNotCheckedIn => "这次课您还没有签到，随机点名只需已签到的学员确认。如有疑问请找培训机构老师。".into(),
        CheckInProblem::FaceCheckRequired => "这次签到需要先通过人脸核验（与身份证照片比对）。请登录后点「开始人脸核验」，通过后再确认。".into(),
        CheckInProblem::FaceConsentRequired => "人脸核验需要您单独同意处理人脸信息。请勾选同意后再开始。".into(),
        CheckInProblem::FaceCheckOtherBrowser => "人脸核验要在扫码签到的同一部手机、同一个浏览器里开始和完成，不能转发给别人。请在签到页重新开始。".into(),
        CheckInProblem::FaceCheckPending => "人脸核验还没有完成。请在核验页面按提示完成后再返回。".into(),
        CheckInProblem::FaceCheckNotRequired => "这次签到不需要人脸核验，直接确认即可。".into(),
        CheckInProblem::FaceProviderUnavailable => "人脸核验服务暂时连不上，请稍后再试；多次失败请找培训机构老师登记。".into(),
        CheckInProblem::OutsideWindow { opens, closes } => {
            format!("现在不在签到（签退）时间内：本次可在 {opens} 至 {closes} 之间扫码。")
        }
        }
    }

    pub(super) fn import(problem: &ImportProblem) -> String {
        match problem {
            ImportProblem::TooLarge { max_megabytes } => {
                format!("文件太大：最多 {max_megabytes} MB，请分成几份导入。")
            }
            ImportProblem::TooManyRows { max_rows } => {
                format!("表格行数太多：最多读取 {max_rows} 行，请检查是否有远处的空白单元格或分成几份导入。")
            }
            ImportProblem::UnsupportedType => {
                "只能导入 CSV（UTF-8 或 GBK 编码）或 Excel（.xlsx）文件。".into()
            }
            ImportProblem::NotAnImage => "照片只能是 JPEG、PNG 或 WebP 格式的图片。".into(),
            ImportProblem::PhotoTooLarge { max_megabytes } => {
                format!("照片太大：最多 {max_megabytes} MB，请压缩后再上传。")
            }
            ImportProblem::Unreadable => {
                "无法读取这个文件：请确认它是 CSV（UTF-8 或 GBK 编码）或 .xlsx 文件，并且没有损坏。"
                    .into()
            }
            ImportProblem::Empty | ImportProblem::Rows(_) => {
                "文件里没有数据行：每行应为身份证号码和人员类别。".into()
            }
        }
    }

    pub(super) fn row(number: usize, problem: &str) -> String {
        format!("第 {number} 行：{problem}")
    }

    pub(super) fn bad_rows(count: usize, listed: &[String], more: usize) -> String {
        let listed = listed.join("；");
        match more {
            0 => format!("有 {count} 行不正确，整份名单未导入，请改正后重新导入。{listed}。"),
            more => format!(
                "有 {count} 行不正确，整份名单未导入，请改正后重新导入。{listed}；另有 {more} 行。"
            ),
        }
    }
}

mod en {
    use super::*;

    pub(super) fn app_error(error: &AppError) -> String {
        match error {
            AppError::NotFound(missing) => missing_thing(*missing).to_owned(),
            AppError::Refused(refusal) => refused(*refusal).to_owned(),
            AppError::Conflict(conflict) => conflicting(*conflict).to_owned(),
            AppError::TooManyRequests {
                retry_after_seconds,
            } => wait(*retry_after_seconds),
            AppError::Malformed => "The request could not be read.".to_owned(),
            AppError::TooLarge { max_kilobytes } => {
                format!(
                    "What was sent is too large (at most {max_kilobytes} KB); nothing was done."
                )
            }
            AppError::Unavailable => {
                "The service is unavailable right now; please try again shortly.".to_owned()
            }
            AppError::Network(_) => {
                "The network is unsteady; please check your connection and try again.".to_owned()
            }
            AppError::Internal
            | AppError::Invalid(_)
            | AppError::Import(_)
            | AppError::CheckIn(_) => {
                "Something went wrong on our side; please try again later.".to_owned()
            }
        }
    }

    /// How long to wait: seconds below two minutes, whole minutes (rounded
    /// up) above.
    fn wait(seconds: i64) -> String {
        let minutes = (seconds + 59) / 60;
        if seconds < 120 {
            format!("Too many attempts; please try again in {seconds} seconds.")
        } else {
            format!("Too many attempts; please try again in {minutes} minutes.")
        }
    }

    fn missing_thing(missing: Missing) -> &'static str {
        match missing {
            Missing::Course => {
                "This course was not found; it may have been removed from the catalogue."
            }
            Missing::Institution => {
                "This institution was not found; it may have been removed from the catalogue."
            }
            Missing::Account => {
                "No account was found; please check the ID card number or user name."
            }
            Missing::Route => "There is nothing at this address; please check the link.",
            Missing::Class => "This class was not found.",
            Missing::Session => "This session was not found.",
            Missing::Enrolment => "This enrolment was not found.",
            Missing::Warning => "This risk warning was not found.",
            Missing::Assessment => "No completion assessment is recorded for this worker.",
            Missing::Rating => "This rating was not found.",
            Missing::Claim => "This subsidy claim was not found.",
            Missing::Notification => "This message was not found.",
            Missing::Passkey => "This passkey was not found; it may have been removed.",
            Missing::WorkerCategory => "This declared worker category was not found.",
            Missing::Platform => "This online platform was not found.",
            Missing::RollCall => "No finished roll-call with this number was found.",
            Missing::Edition => "This catalogue edition was not found.",
            Missing::Filing => "This filing was not found.",
            Missing::Attachment => "This attachment was not found.",
            Missing::Import => "This upload was not found; it may have been confirmed or expired. Upload the file again.",
            Missing::CatalogueRow => "This catalogue row was not found.",
            Missing::Employer => "This employer was not found.",
            Missing::Order => "This training order was not found.",
            Missing::Bid => "This bid was not found.",
            Missing::Offer => "This job offer was not found.",
            Missing::Campaign => "This campaign was not found.",
            Missing::Inspection => "This inspection was not found.",
            Missing::Photo => "This inspection photo was not found.",
            Missing::Attendance => "No such check-in or check-out was found.",
        }
    }

    fn refused(refusal: Refusal) -> &'static str {
        match refusal {
            Refusal::SignInRequired => "Please sign in first.",
            Refusal::SignInFailed => "We could not confirm who you are; please try again.",
            Refusal::OutOfScope => "You are not allowed to see or change this.",
            Refusal::CrossSite => {
                "This request did not come from our pages; please try again from the site."
            }
            Refusal::Expired => "This step has expired or was already used; please start again.",
            Refusal::ReauthenticationRequired => {
                "You signed in with a password: enter it again before adding a passkey."
            }
        }
    }

    fn conflicting(conflict: Conflict) -> &'static str {
        match conflict {
        Conflict::AccountExists => "An account with this ID card number exists. If you cannot sign in, bring your ID card to your city's bureau: after checking it, staff give you a one-time recovery code to set up a new sign-in.",
        Conflict::UsernameTaken => "This user name is taken; please choose another.",
        Conflict::PasskeyAlreadyRegistered => "This passkey is already registered.",
        Conflict::DeviceKeyExists => "Your account already has a device key on another phone. For a new phone, bring your ID card to your city's bureau to recover the account, then set it up on the new phone.",
        Conflict::PasskeyHeld => "Your account has a passkey: check-ins are confirmed with it, so no device key is needed.",
        Conflict::LastSignInMethod => "This is your only way to sign in, so it cannot be removed. Add another passkey first, then remove this one.",
        Conflict::ClassFull => "This class is full; please choose another one.",
        Conflict::AlreadyEnrolled => "You are already enrolled in this class.",
        Conflict::ClassNotOpen => "This class is not approved yet, so nobody can enrol.",
        Conflict::NotAwaitingDecision => "This class application has already been decided.",
        Conflict::NotReturned => "Only a returned application can be changed and submitted again.",
        Conflict::AlreadyCleared => "This warning has already been cleared.",
        Conflict::AlreadyRecorded => "This is already recorded; void the existing record first to change it.",
        Conflict::ClassNotFinished => "This class has not finished yet; this step comes after its last session.",
        Conflict::ClaimExists => "A claim exists already: one subsidy per occupation and level per person, and one claim per training.",
        Conflict::ClaimNotInState => "This claim's current state does not allow this step; reload to see where it stands.",
        Conflict::TooFewSessionsToRate => "You attended too few sessions to rate this class.",
        Conflict::RatingLocked => "A rating can be changed for 7 days only.",
        Conflict::AlreadyReplied => "The institution has already replied to this rating.",
        Conflict::AlreadyHidden => "This comment is already hidden.",
        Conflict::NothingToVerify => "There is no certificate awaiting verification (it may have been verified).",
        Conflict::AssessmentLocked => "The certificate has been verified, so the assessment can no longer change.",
        Conflict::CategoryAlreadyDecided => "This worker category already has this decision; reload to see where it stands.",
        Conflict::StudyFrozenByClaim => "A subsidy claim has been filed for this enrolment: its online minutes stand as they were when it was filed and can no longer be reported or changed.",
        Conflict::AlreadyRevoked => "This platform's key has already been revoked.",
        Conflict::FaceProviderNotConnected => "No face-verification provider is connected yet, so a face check cannot be required. Ask the system administrator to connect one.",
        Conflict::EditionExists => "This catalogue already has an edition for that year; open it to go on.",
        Conflict::EditionNotDraft => "This edition has been filed or published and cannot be edited directly; once published, change it by an adjustment.",
        Conflict::FilingNotInState => "This filing is not in a state that allows this step; reload to see where it stands.",
        Conflict::FilingNumberTaken => "This filing number is already used by another catalogue; please check it.",
        Conflict::ImportHasProblems => "The preview still has problems: fix the file and upload it again; only a preview without problems can be confirmed.",
        Conflict::EditionEmpty => "The catalogue has no rows yet and cannot be filed.",
        Conflict::NoPublishedEdition => "This catalogue has no published edition in your city yet.",
        Conflict::AdjustmentOpen => "An adjustment of this catalogue is already being prepared or reviewed; finish it first.",
        Conflict::AdjustmentEmpty => "This adjustment has no changes yet and cannot be filed.",
        Conflict::RowChangedInAdjustment => "This adjustment already changes or removes this row; withdraw that change first.",
        Conflict::CreditCodeRegistered => "This unified social credit code is registered already. If it was your company, ask the colleague who registered it, or the city bureau, for an account.",
        Conflict::EmployerNotVerified => "Your company has not been verified by the city bureau yet, so it cannot post training orders or apply for classes.",
        Conflict::EmployerTrainingNotRated => "This is an employer's training of its own employees; ratings are for training institutions.",
        Conflict::EmploymentLocked => "This trainee's subsidy has been claimed, so the employment start can no longer change; if it is wrong, contact the bureau.",
        Conflict::OrderNotInState => "The order's current state does not allow this step; reload the page to see where it stands.",
        Conflict::AlreadyBid => "Your institution has bid for this order already.",
        Conflict::OfferNotInState => "The job offer's current state does not allow this step; reload the page to see where it stands.",
        Conflict::TraineeNotCompleted => "This trainee has not completed the training (class over, assessment passed).",
        Conflict::RetentionRecorded => "This retention check was confirmed already.",
        Conflict::CampaignSent => "This campaign was sent already: it cannot change or go again. Create a new campaign instead.",
        Conflict::AudienceEmpty => "No worker matches these filters: widen them before sending.",
        Conflict::InspectionRecorded => "This inspection's findings are recorded already and do not change; record another inspection to add to them.",
        Conflict::NoRectificationToAnswer => "Only an inspection whose result is \"rectify\" is answered, and only once.",
        Conflict::PhotosNotAccepted => "Photos go with an inspection whose findings are recorded, at most 6 each.",
        Conflict::NotInspectable => "Only classes that were approved are inspected, and findings are recorded once the session has begun.",
        }
    }

    pub(super) fn check_in(problem: &CheckInProblem) -> String {
        match problem {
        CheckInProblem::CodeExpired => "This code has expired (it changes every 10 seconds); please scan the code on the classroom screen again.".into(),
        CheckInProblem::CodeInvalid => "This is not a valid check-in code; please scan the code on the classroom screen.".into(),
        CheckInProblem::ScanExpired => "Too much time has passed since the scan; please scan the code on the classroom screen again.".into(),
        CheckInProblem::NotEnrolled => "You are not enrolled in this class, so you cannot check in here. Please check you are in the right room.".into(),
        CheckInProblem::NotCheckedIn => "You have not checked in to this session, so you cannot check out. Ask the institution's staff if this is wrong.".into(),
        CheckInProblem::OtherPerson => "This passkey belongs to another account. Please confirm with your own passkey.".into(),
        CheckInProblem::OtherBrowser => "This scan was not made on this phone. Please scan the code on the classroom screen with your own phone.".into(),
        CheckInProblem::PasskeyRequired => "Your account has a passkey, so a check-in must be confirmed with it (fingerprint or face).".into(),
        CheckInProblem::DeviceKeyRequired => "Your account has a device key, so a check-in must be confirmed on the phone that holds it.".into(),
        CheckInProblem::DeviceKeyRefused => "The device key did not match: on the phone where you set it up, scan the code on the classroom screen again.".into(),
        CheckInProblem::DisplayLinkExpired => "This display link is not valid now: it works only on the day of its session. Ask the institution's staff to copy a new display link.".into(),
        CheckInProblem::DisplayLinkInvalid => "This is not a valid display link; ask the institution's staff to copy a new one.".into(),
        CheckInProblem::HandOffUsed => "This link was used on another phone already. Scan the code on the classroom screen with your own phone.".into(),
        CheckInProblem::RollCallClosed => "This roll-call has ended. If you missed it, the session's hours count only once the institution's staff add your answer with a reason.".into(),
        CheckInProblem::RollCallNotCheckedIn => "You have not checked in to this session; only workers who checked in answer the roll-call. Ask the institution's staff if this is wrong.".into(),
        CheckInProblem::FaceCheckRequired => "This check-in needs a face check against your ID photo first. Sign in, choose \"Start the face check\", and confirm once it has passed.".into(),
        CheckInProblem::FaceConsentRequired => "A face check needs your separate consent to the processing of your face. Tick the consent box, then start.".into(),
        CheckInProblem::FaceCheckOtherBrowser => "A face check must start and finish in the browser of the phone that scanned the code; it cannot be passed on. Start again on the check-in page.".into(),
        CheckInProblem::FaceCheckPending => "The face check is not finished yet. Complete it on the verification page, then come back.".into(),
        CheckInProblem::FaceCheckNotRequired => "This check-in needs no face check; confirm it directly.".into(),
        CheckInProblem::FaceProviderUnavailable => "The face-verification service cannot be reached right now. Try again shortly; if it keeps failing, ask the institution's staff to record you.".into(),
        CheckInProblem::OutsideWindow { opens, closes } => {
            format!("This is outside the time for this scan: it is open from {opens} to {closes}.")
        }
        }
    }

    pub(super) fn import(problem: &ImportProblem) -> String {
        match problem {
            ImportProblem::TooLarge { max_megabytes } => {
                format!("The file is too large: at most {max_megabytes} MB; split it into several.")
            }
            ImportProblem::TooManyRows { max_rows } => {
                format!("The sheet has too many rows: at most {max_rows} are read; look for stray cells far below the table, or split it.")
            }
            ImportProblem::UnsupportedType => "Only CSV (UTF-8 or GBK) or Excel (.xlsx) files can be imported.".into(),
            ImportProblem::NotAnImage => "A photo must be a JPEG, PNG or WebP image.".into(),
            ImportProblem::PhotoTooLarge { max_megabytes } => {
                format!("The photo is too large: at most {max_megabytes} MB; make it smaller and upload it again.")
            }
            ImportProblem::Unreadable => "This file cannot be read: check that it is a CSV (UTF-8 or GBK) or .xlsx file and not damaged.".into(),
            ImportProblem::Empty | ImportProblem::Rows(_) => "The file has no rows: each row should hold an ID number and a worker category.".into(),
        }
    }

    pub(super) fn row(number: usize, problem: &str) -> String {
        format!("row {number}: {problem}")
    }

    pub(super) fn bad_rows(count: usize, listed: &[String], more: usize) -> String {
        let listed = listed.join("; ");
        match more {
            0 => format!("{count} rows are wrong, so nothing was imported; correct them and import again. {listed}."),
            more => format!("{count} rows are wrong, so nothing was imported; correct them and import again. {listed}; and {more} more."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_limit_says_how_long_to_wait() {
        let error = AppError::TooManyRequests {
            retry_after_seconds: 90,
        };
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

    #[test]
    fn an_import_spells_out_twenty_bad_rows_and_counts_the_rest() {
        use crate::domain::{RowProblem, RowProblemKind};
        let rows = (1..=25)
            .map(|row| RowProblem {
                row,
                kind: RowProblemKind::MissingCategory,
            })
            .collect();
        let error = AppError::Import(ImportProblem::Rows(rows));
        let message = error.message(Lang::Zh);
        assert!(message.contains("第 20 行：缺少人员类别"), "{message}");
        assert!(!message.contains("第 21 行"), "{message}");
        assert!(message.ends_with("另有 5 行。"), "{message}");
        assert!(error.message(Lang::En).contains("and 5 more."));
    }
}
