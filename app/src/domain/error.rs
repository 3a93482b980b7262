//! Why a value was refused, in terms a person can act on.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

use super::{CertificateKind, CertificateLevel, WorkerCategory};

/// The input field a problem is about, named in the user's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    City,
    Year,
    CatalogueStatus,
    TrainingType,
    OccupationName,
    OccupationCode,
    CertificateKind,
    CertificateLevel,
    SubsidyAmount,
    UpliftPercent,
    WorkerCategory,
    Remarks,
    InstitutionName,
    Address,
    Nature,
    ContactPerson,
    ContactPhone,
    Occupations,
    SearchText,
    Urgent,
    Page,
    PerPage,
    Id,
    RealName,
    IdNumber,
    Mobile,
    Role,
    Password,
    Username,
    WorkerCategories,
    OneTimeCode,
    // The fields below belong to server-rendered forms and the API only;
    // the catalogue's WebAssembly does not carry them.
    Course,
    Capacity,
    Teacher,
    Venue,
    Location,
    Sessions,
    SessionDate,
    SessionTime,
    SessionMode,
    ClassStatus,
    Direction,
    Commitment,
    Reason,
    Headcount,
    Minutes,
    Score,
    CertificateNumber,
    IssueDate,
    CertificateStatus,
    Teaching,
    Facilities,
    Usefulness,
    Comment,
    Reply,
    Check,
    ClaimStatus,
    Payee,
    PayeeName,
    PaymentReference,
    Claims,
    IdentityCheck,
    CategoryStatus,
    Decision,
    Note,
    File,
    OnlinePlatform,
}

impl Field {
    /// The field's name in running text.
    pub const fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Field::City => ("城市", "city"),
            Field::Year => ("年度", "year"),
            Field::CatalogueStatus => ("目录状态", "catalogue status"),
            Field::TrainingType => ("培训类型", "training type"),
            Field::OccupationName => ("职业（工种）名称", "occupation name"),
            Field::OccupationCode => ("职业（工种）编码", "occupation code"),
            Field::CertificateKind => ("证书类型", "certificate kind"),
            Field::CertificateLevel => ("证书等级", "certificate level"),
            Field::SubsidyAmount => ("补贴金额", "subsidy amount"),
            Field::UpliftPercent => ("上浮比例", "uplift percentage"),
            Field::WorkerCategory => ("人员类别", "worker category"),
            Field::Remarks => ("备注", "remarks"),
            Field::InstitutionName => ("机构名称", "institution name"),
            Field::Address => ("地址", "address"),
            Field::Nature => ("办学性质", "nature"),
            Field::ContactPerson => ("联系人", "contact person"),
            Field::ContactPhone => ("联系电话", "contact phone"),
            Field::Occupations => ("可开展的职业（工种）", "occupations"),
            Field::SearchText => ("搜索词", "search text"),
            Field::Urgent => ("急需紧缺筛选", "urgent filter"),
            Field::Page => ("页码", "page"),
            Field::PerPage => ("每页条数", "page size"),
            Field::Id => ("编号", "id"),
            Field::Direction => ("签到或签退", "check-in or check-out"),
            // Class and subsidy fields only reach server-rendered pages and
            // the API.
            other => server_field_label(other),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The name used in JSON error bodies and query strings.
    pub const fn key(self) -> &'static str {
        match self {
            Field::City => "city",
            Field::Year => "year",
            Field::CatalogueStatus => "status",
            Field::TrainingType => "type",
            Field::OccupationName => "occupation_name",
            Field::OccupationCode => "occupation_code",
            Field::CertificateKind => "certificate_kind",
            Field::CertificateLevel => "level",
            Field::SubsidyAmount => "amount",
            Field::UpliftPercent => "percent",
            Field::WorkerCategory => "worker_category",
            Field::Remarks => "remarks",
            Field::InstitutionName => "name",
            Field::Address => "address",
            Field::Nature => "nature",
            Field::ContactPerson => "contact_person",
            Field::ContactPhone => "contact_phone",
            Field::Occupations => "occupations",
            Field::SearchText => "q",
            Field::Urgent => "urgent",
            Field::Page => "page",
            Field::PerPage => "per_page",
            Field::Id => "id",
            Field::Direction => "direction",
            other => server_field_key(other),
        }
    }
}

const fn server_field_label(field: Field) -> (&'static str, &'static str) {
    match field {
        Field::RealName => ("姓名", "real name"),
        Field::IdNumber => ("身份证号码", "ID card number"),
        Field::Mobile => ("手机号码", "mobile number"),
        Field::Role => ("角色", "role"),
        Field::Password => ("密码", "password"),
        Field::Username => ("登录名", "user name"),
        Field::WorkerCategories => ("人员类别", "worker categories"),
        Field::OneTimeCode => ("一次性验证码", "one-time code"),
        Field::Course => ("培训项目", "course"),
        Field::Capacity => ("计划人数", "capacity"),
        Field::Teacher => ("授课教师", "teacher"),
        Field::Venue => ("培训地点", "venue"),
        Field::Location => ("位置坐标", "location"),
        Field::Sessions => ("课次安排", "sessions"),
        Field::SessionDate => ("上课日期", "session date"),
        Field::SessionTime => ("上课时间", "session time"),
        Field::SessionMode => ("授课方式", "session mode"),
        Field::ClassStatus => ("班级状态", "class status"),
        Field::Commitment => ("承诺书", "commitment"),
        Field::Reason => ("理由", "reason"),
        Field::Headcount => ("实到人数", "headcount"),
        Field::Minutes => ("学习时长（分钟）", "minutes studied"),
        Field::Score => ("考核成绩", "score"),
        Field::CertificateNumber => ("证书编号", "certificate number"),
        Field::IssueDate => ("发证日期", "issue date"),
        Field::CertificateStatus => ("证书核对结果", "certificate verification"),
        Field::Teaching => ("教学质量评分", "teaching score"),
        Field::Facilities => ("场地设备与教材评分", "facilities and materials score"),
        Field::Usefulness => ("对就业的帮助评分", "usefulness for finding work score"),
        Field::Comment => ("评价内容", "comment"),
        Field::Reply => ("回复", "reply"),
        Field::Check => ("核验项目", "check"),
        Field::ClaimStatus => ("补贴申请状态", "claim status"),
        Field::Payee => ("补贴发放对象", "payee"),
        Field::PayeeName => ("发放对象名称", "payee name"),
        Field::PaymentReference => ("发放凭证号", "payment reference"),
        Field::Claims => ("所选补贴申请", "selected claims"),
        Field::IdentityCheck => ("身份核验方式", "identity check"),
        Field::CategoryStatus => ("人员类别核实状态", "category verification status"),
        Field::Decision => ("核实结论", "decision"),
        Field::Note => ("备注", "note"),
        Field::File => ("导入文件", "import file"),
        Field::OnlinePlatform => ("线上学习平台", "online platform"),
        _ => ("", ""),
    }
}

const fn server_field_key(field: Field) -> &'static str {
    match field {
        Field::RealName => "real_name",
        Field::IdNumber => "id_number",
        Field::Mobile => "mobile",
        Field::Role => "role",
        Field::Password => "password",
        Field::Username => "username",
        Field::WorkerCategories => "categories",
        Field::OneTimeCode => "code",
        Field::Course => "course_id",
        Field::Capacity => "capacity",
        Field::Teacher => "teacher",
        Field::Venue => "venue",
        Field::Location => "location",
        Field::Sessions => "sessions",
        Field::SessionDate => "date",
        Field::SessionTime => "time",
        Field::SessionMode => "mode",
        Field::ClassStatus => "status",
        Field::Commitment => "commitment",
        Field::Reason => "reason",
        Field::Headcount => "headcount",
        Field::Minutes => "minutes",
        Field::Score => "score",
        Field::CertificateNumber => "certificate_number",
        Field::IssueDate => "issued_on",
        Field::CertificateStatus => "result",
        Field::Teaching => "teaching",
        Field::Facilities => "facilities",
        Field::Usefulness => "usefulness",
        Field::Comment => "comment",
        Field::Reply => "reply",
        Field::Check => "check",
        Field::ClaimStatus => "status",
        Field::Payee => "payee",
        Field::PayeeName => "payee_name",
        Field::PaymentReference => "payment_reference",
        Field::Claims => "claim_ids",
        Field::IdentityCheck => "identity_check",
        Field::CategoryStatus => "status",
        Field::Decision => "decision",
        Field::Note => "note",
        Field::File => "file",
        Field::OnlinePlatform => "online_platform_id",
        _ => "",
    }
}

/// A value that failed its rules. Every parser in [`crate::domain`] returns
/// this, so the phone shows the same message the server would.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum InputError {
    #[error("{field:?} is required")]
    Required { field: Field },
    #[error("{field:?} is longer than {max} characters")]
    TooLong { field: Field, max: usize },
    #[error("{field:?} has an unknown code {value:?}")]
    UnknownCode { field: Field, value: String },
    #[error("{field:?} is not a whole number: {value:?}")]
    NotANumber { field: Field, value: String },
    #[error("{field:?} must be between {min} and {max}")]
    OutOfRange { field: Field, min: i64, max: i64 },
    #[error("{field:?} is not yes or no: {value:?}")]
    NotAFlag { field: Field, value: String },
    #[error("occupation code {value:?} does not have the form d-dd-dd-dd")]
    OccupationCodeFormat { value: String },
    #[error("an occupation code is required for {kind:?}")]
    OccupationCodeRequired { kind: CertificateKind },
    #[error("phone number {value:?} is not a mainland mobile or landline number")]
    PhoneFormat { value: String },
    #[error("amount {value:?} is not a yuan amount with at most two decimals")]
    AmountFormat { value: String },
    #[error("no subsidy amount was given")]
    NoSubsidyAmount,
    #[error("level {level:?} appears twice")]
    DuplicateLevel { level: CertificateLevel },
    #[error("level {level:?} does not fit certificate kind {kind:?}")]
    LevelNotForKind {
        level: CertificateLevel,
        kind: CertificateKind,
    },
    #[error("worker category {category:?} appears twice")]
    DuplicateUplift { category: WorkerCategory },
    #[error("occupation {name:?} appears twice")]
    DuplicateOccupation { name: String },
    #[error("ID number refused: {problem:?}")]
    IdNumber { problem: IdNumberProblem },
    #[error("mobile number {value:?} is not valid")]
    MobileFormat { value: String },
    #[error("real name {value:?} is not valid")]
    RealNameFormat { value: String },
    #[error("password shorter than {min} characters")]
    PasswordTooShort { min: usize },
    #[error("user name {value:?} is not valid")]
    UsernameFormat { value: String },
    #[error("one-time code is not 8 digits")]
    OneTimeCodeFormat,
    #[error("date {value:?} is not YYYY-MM-DD")]
    DateFormat { value: String },
    #[error("time {value:?} is not HH:MM")]
    TimeFormat { value: String },
    #[error("session {position} ends before it starts")]
    SessionEndsBeforeStart { position: usize },
    #[error("session {position} is longer than {max_hours} hours")]
    SessionTooLong { position: usize, max_hours: i64 },
    #[error("session {position} starts in the past")]
    SessionInPast { position: usize },
    #[error("sessions {first} and {second} overlap")]
    SessionsOverlap { first: usize, second: usize },
    #[error("{online_minutes} of {total_minutes} minutes online is above 40%")]
    OnlineShareTooHigh {
        online_minutes: i64,
        total_minutes: i64,
    },
    #[error("coordinates out of range")]
    CoordinatesOutOfRange,
    #[error("the commitment was not confirmed")]
    CommitmentRequired,
    #[error("course not in the city's published catalogue")]
    CourseNotPublished,
    #[error("the institution may not train {occupation:?}")]
    OccupationNotAllowed { occupation: String },
    #[error("level {level:?} has no subsidy in this course")]
    LevelNotSubsidised { level: CertificateLevel },
    #[error("certificate number {value:?} has characters other than letters, digits and -")]
    CertificateNumberFormat { value: String },
    #[error("{field:?} is in the future")]
    DateInFuture { field: Field },
    #[error("recovery of more than the {paid_fen} fen paid")]
    RecoveryTooLarge { paid_fen: i64 },
    #[error("a class with online sessions names no online platform")]
    OnlinePlatformRequired,
    #[error("the online platform is not an active platform of the class's city")]
    OnlinePlatformNotAvailable,
}

impl InputError {
    /// The query or form field the problem is about, when there is one.
    pub const fn field(&self) -> Option<Field> {
        match self {
            InputError::Required { field }
            | InputError::TooLong { field, .. }
            | InputError::UnknownCode { field, .. }
            | InputError::NotANumber { field, .. }
            | InputError::OutOfRange { field, .. }
            | InputError::NotAFlag { field, .. } => Some(*field),
            InputError::OccupationCodeFormat { .. } | InputError::OccupationCodeRequired { .. } => {
                Some(Field::OccupationCode)
            }
            InputError::PhoneFormat { .. } => Some(Field::ContactPhone),
            InputError::AmountFormat { .. } | InputError::NoSubsidyAmount => {
                Some(Field::SubsidyAmount)
            }
            InputError::DuplicateLevel { .. } | InputError::LevelNotForKind { .. } => {
                Some(Field::CertificateLevel)
            }
            InputError::DuplicateUplift { .. } => Some(Field::WorkerCategory),
            InputError::DuplicateOccupation { .. } => Some(Field::Occupations),
            InputError::IdNumber { .. } => Some(Field::IdNumber),
            InputError::MobileFormat { .. } => Some(Field::Mobile),
            InputError::RealNameFormat { .. } => Some(Field::RealName),
            InputError::PasswordTooShort { .. } => Some(Field::Password),
            InputError::UsernameFormat { .. } => Some(Field::Username),
            InputError::OneTimeCodeFormat => Some(Field::OneTimeCode),
            InputError::DateFormat { .. } => Some(Field::SessionDate),
            InputError::TimeFormat { .. } => Some(Field::SessionTime),
            InputError::SessionEndsBeforeStart { .. }
            | InputError::SessionTooLong { .. }
            | InputError::SessionInPast { .. }
            | InputError::SessionsOverlap { .. }
            | InputError::OnlineShareTooHigh { .. } => Some(Field::Sessions),
            InputError::CoordinatesOutOfRange => Some(Field::Location),
            InputError::CommitmentRequired => Some(Field::Commitment),
            InputError::CourseNotPublished | InputError::OccupationNotAllowed { .. } => {
                Some(Field::Course)
            }
            InputError::LevelNotSubsidised { .. } => Some(Field::CertificateLevel),
            InputError::CertificateNumberFormat { .. } => Some(Field::CertificateNumber),
            InputError::DateInFuture { field } => Some(*field),
            InputError::RecoveryTooLarge { .. } => Some(Field::SubsidyAmount),
            InputError::OnlinePlatformRequired | InputError::OnlinePlatformNotAvailable => {
                Some(Field::OnlinePlatform)
            }
        }
    }

    /// A sentence that says what is wrong and how to put it right.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            InputError::Required { field } => {
                let name = field.label(lang);
                if zh {
                    format!("请填写{name}。")
                } else {
                    format!("Please enter the {name}.")
                }
            }
            InputError::TooLong { field, max } => {
                let name = field.label(lang);
                if zh {
                    format!("{name}太长了，最多 {max} 个字。")
                } else {
                    format!("The {name} is too long: at most {max} characters.")
                }
            }
            InputError::UnknownCode { field, value } => {
                let name = field.label(lang);
                if zh {
                    format!("{name}“{value}”不在可选范围内，请从列表中选择。")
                } else {
                    format!("“{value}” is not a valid {name}; please pick one from the list.")
                }
            }
            InputError::NotANumber { field, value } => {
                let name = field.label(lang);
                if zh {
                    format!("{name}应为整数，“{value}”不是整数。")
                } else {
                    format!("The {name} must be a whole number, not “{value}”.")
                }
            }
            InputError::OutOfRange { field, min, max } => {
                let name = field.label(lang);
                if zh {
                    format!("{name}应在 {min} 到 {max} 之间。")
                } else {
                    format!("The {name} must be between {min} and {max}.")
                }
            }
            InputError::NotAFlag { field, value } => {
                let name = field.label(lang);
                if zh {
                    format!("{name}只能是“是”或“否”（true / false），“{value}”无法识别。")
                } else {
                    format!("The {name} must be true or false, not “{value}”.")
                }
            }
            InputError::OccupationCodeFormat { value } => {
                if zh {
                    format!(
                        "职业（工种）编码“{value}”格式不对：应像 4-10-01-02 这样，\
                         一位数字后跟三组两位数字，用“-”连接；工种可再加一组“-两位数字”。"
                    )
                } else {
                    format!(
                        "Occupation code “{value}” is not valid: write it like 4-10-01-02 \
                         (one digit, then three groups of two digits); a work type may add -dd."
                    )
                }
            }
            InputError::OccupationCodeRequired { kind } => {
                let kind = kind.label(lang);
                if zh {
                    format!("“{kind}”类项目必须填写职业（工种）编码；只有结业证、非人社部门证书和创业培训合格证可以不填。")
                } else {
                    format!("A “{kind}” course needs an occupation code; only completion, other-department and entrepreneurship certificates may go without.")
                }
            }
            InputError::PhoneFormat { value } => {
                if zh {
                    format!("电话号码“{value}”格式不对：请填写 11 位手机号，或带区号的固定电话，如 0591-87654321。")
                } else {
                    format!("Phone number “{value}” is not valid: use an 11-digit mobile number or a landline with its area code, e.g. 0591-87654321.")
                }
            }
            InputError::AmountFormat { value } => {
                if zh {
                    format!("金额“{value}”格式不对：请填写元，最多两位小数，如 1200 或 1200.50。")
                } else {
                    format!("Amount “{value}” is not valid: give yuan with at most two decimals, e.g. 1200 or 1200.50.")
                }
            }
            InputError::NoSubsidyAmount => {
                if zh {
                    "请至少填写一个证书等级的补贴金额。".to_owned()
                } else {
                    "Please give the subsidy amount for at least one certificate level.".to_owned()
                }
            }
            InputError::DuplicateLevel { level } => {
                let level = level.label(lang);
                if zh {
                    format!("证书等级“{level}”重复填写了补贴金额。")
                } else {
                    format!("The subsidy for level “{level}” is given twice.")
                }
            }
            InputError::LevelNotForKind { level, kind } => {
                let (level, kind) = (level.label(lang), kind.label(lang));
                if zh {
                    format!("“{kind}”没有“{level}”这一等级。")
                } else {
                    format!("A “{kind}” has no level “{level}”.")
                }
            }
            InputError::DuplicateUplift { category } => {
                let category = category.label(lang);
                if zh {
                    format!("人员类别“{category}”的上浮比例重复填写了。")
                } else {
                    format!("The uplift for “{category}” is given twice.")
                }
            }
            InputError::DuplicateOccupation { name } => {
                if zh {
                    format!("职业“{name}”重复列出了。")
                } else {
                    format!("Occupation “{name}” is listed twice.")
                }
            }
            InputError::IdNumber { .. }
            | InputError::MobileFormat { .. }
            | InputError::RealNameFormat { .. }
            | InputError::PasswordTooShort { .. }
            | InputError::UsernameFormat { .. }
            | InputError::OneTimeCodeFormat => identity_message(self, lang),
            InputError::DateFormat { .. }
            | InputError::TimeFormat { .. }
            | InputError::SessionEndsBeforeStart { .. }
            | InputError::SessionTooLong { .. }
            | InputError::SessionInPast { .. }
            | InputError::SessionsOverlap { .. }
            | InputError::OnlineShareTooHigh { .. }
            | InputError::CoordinatesOutOfRange
            | InputError::CommitmentRequired
            | InputError::CourseNotPublished
            | InputError::OccupationNotAllowed { .. }
            | InputError::LevelNotSubsidised { .. }
            | InputError::CertificateNumberFormat { .. }
            | InputError::DateInFuture { .. }
            | InputError::RecoveryTooLarge { .. }
            | InputError::OnlinePlatformRequired
            | InputError::OnlinePlatformNotAvailable => class_message(self, lang),
        }
    }
}

/// Messages about identity fields. Those forms are rendered and checked on
/// the server only, so the browser build carries a short generic sentence
/// instead (it never receives these errors).
fn identity_message(error: &InputError, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match error {
        InputError::IdNumber { problem } => id_number_message(*problem, zh),
        InputError::MobileFormat { value } => {
            if zh {
                format!("手机号码“{value}”不对：应为 11 位数字，以 13 到 19 开头。")
            } else {
                format!("Mobile number “{value}” is not valid: 11 digits starting 13 to 19.")
            }
        }
        InputError::RealNameFormat { value } => {
            if zh {
                format!("姓名“{value}”不对：请填写身份证上的姓名，至少 2 个字，不含数字和符号。")
            } else {
                format!("Name “{value}” is not valid: write the name on the ID card, at least 2 characters, no digits or symbols.")
            }
        }
        InputError::PasswordTooShort { min } => {
            if zh {
                format!("密码至少需要 {min} 个字符。")
            } else {
                format!("The password needs at least {min} characters.")
            }
        }
        InputError::UsernameFormat { value } => {
            if zh {
                format!("登录名“{value}”不对：请用 3 到 32 个小写字母、数字、“-”或“_”。")
            } else {
                format!("User name “{value}” is not valid: use 3 to 32 lower-case letters, digits, - or _.")
            }
        }
        InputError::OneTimeCodeFormat => {
            if zh {
                "一次性验证码应为 8 位数字，请向工作人员核对。".to_owned()
            } else {
                "The one-time code has 8 digits; please check it with the staff member.".to_owned()
            }
        }
        other => other
            .field()
            .map(|f| f.label(lang))
            .unwrap_or_default()
            .to_owned(),
    }
}

/// Messages about class applications and attendance (server-rendered
/// forms only, like the identity ones).
fn class_message(error: &InputError, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let pick = |zh_text: String, en_text: String| if zh { zh_text } else { en_text };
    match error {
        InputError::DateFormat { value } => pick(
            format!("日期“{value}”格式不对，请写成 2026-12-01 这样。"),
            format!("Date “{value}” is not valid; write it like 2026-12-01."),
        ),
        InputError::TimeFormat { value } => pick(
            format!("时间“{value}”格式不对，请写成 09:00 这样（24 小时制）。"),
            format!("Time “{value}” is not valid; write it like 09:00 (24-hour clock)."),
        ),
        InputError::SessionEndsBeforeStart { position } => pick(
            format!("第 {position} 次课的结束时间早于开始时间。"),
            format!("Session {position} ends before it starts."),
        ),
        InputError::SessionTooLong {
            position,
            max_hours,
        } => pick(
            format!("第 {position} 次课超过 {max_hours} 小时，请拆成几次课。"),
            format!("Session {position} is longer than {max_hours} hours; split it into several."),
        ),
        InputError::SessionInPast { position } => pick(
            format!("第 {position} 次课的时间已经过去，只能安排今后的课。"),
            format!("Session {position} is in the past; only future sessions can be planned."),
        ),
        InputError::SessionsOverlap { first, second } => pick(
            format!("第 {first} 次课和第 {second} 次课时间重叠，请调整。"),
            format!("Sessions {first} and {second} overlap; please change one."),
        ),
        InputError::OnlineShareTooHigh {
            online_minutes,
            total_minutes,
        } => {
            let percent = online_minutes * 100 / (*total_minutes).max(1);
            let (online, total) = (hours(*online_minutes), hours(*total_minutes));
            pick(
                format!("线上学时 {online} 小时占总学时 {total} 小时的 {percent}%，超过了 40% 的上限；请减少线上课或增加线下课。"),
                format!("Online hours ({online} h) are {percent}% of all hours ({total} h), above the 40% limit; plan fewer online or more in-person sessions."),
            )
        }
        InputError::CoordinatesOutOfRange => pick(
            "位置坐标不对：纬度应在 -90 到 90 之间，经度在 -180 到 180 之间。".to_owned(),
            "The coordinates are not valid: latitude -90 to 90, longitude -180 to 180.".to_owned(),
        ),
        InputError::CommitmentRequired => pick(
            "请阅读并勾选承诺书后再提交。".to_owned(),
            "Please read and confirm the commitment before submitting.".to_owned(),
        ),
        InputError::OnlinePlatformRequired => pick(
            "这个班有线上课，请选择报送线上学时的线上学习平台（本市已批准的平台）。".to_owned(),
            "This class has online sessions: choose the online platform (one your city approved) that reports them.".to_owned(),
        ),
        InputError::OnlinePlatformNotAvailable => pick(
            "所选线上学习平台不是本市已批准且有效的平台，请从列表中重新选择。".to_owned(),
            "The online platform chosen is not an approved, active platform of your city; choose one from the list.".to_owned(),
        ),
        InputError::CourseNotPublished => pick(
            "这个培训项目不在本市已公布的培训需求目录中，不能开班。".to_owned(),
            "This course is not in your city's published course catalogue, so no class can be opened for it.".to_owned(),
        ),
        InputError::OccupationNotAllowed { occupation } => pick(
            format!("本机构在机构目录中没有“{occupation}”这个可培训职业（工种），不能开这个班。"),
            format!("Your institution is not listed for “{occupation}” in the institution catalogue, so it cannot open this class."),
        ),
        InputError::LevelNotSubsidised { level } => {
            let level = level.label(lang);
            pick(
                format!("这个项目的补贴标准中没有“{level}”等级，请选择目录里列出的等级。"),
                format!("This course has no subsidy for level “{level}”; choose a level the catalogue lists."),
            )
        }
        InputError::CertificateNumberFormat { value } => pick(
            format!("证书编号“{value}”格式不对：只能包含字母、数字和“-”，请按证书上的编号填写。"),
            format!("Certificate number “{value}” is not valid: letters, digits and - only, as printed on the certificate."),
        ),
        InputError::DateInFuture { field } => {
            let name = field.label(lang);
            pick(
                format!("{name}不能晚于今天。"),
                format!("The {name} cannot be later than today."),
            )
        }
        InputError::RecoveryTooLarge { paid_fen } => {
            let paid = super::Fen::from_fen(*paid_fen).yuan_text();
            pick(
                format!("追回金额不能超过已发放的 {paid} 元。"),
                format!("The amount recovered cannot exceed the {paid} yuan paid."),
            )
        }
        other => other
            .field()
            .map(|f| f.label(lang))
            .unwrap_or_default()
            .to_owned(),
    }
}

/// Minutes as hours with at most one decimal: 90 -> "1.5".
pub fn hours(minutes: i64) -> String {
    let tenths = (minutes * 10 + 30) / 60;
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

fn id_number_message(problem: IdNumberProblem, zh: bool) -> String {
    match problem {
        IdNumberProblem::Length { found } => {
            if zh {
                format!("身份证号码应为 18 位，您输入了 {found} 位。")
            } else {
                format!("An ID card number has 18 characters; you entered {found}.")
            }
        }
        IdNumberProblem::Character { position } => {
            if zh {
                format!("身份证号码第 {position} 位应为数字（只有最后一位可以是 X）。")
            } else {
                format!("Character {position} of the ID card number must be a digit (only the last may be X).")
            }
        }
        IdNumberProblem::Region => if zh {
            "身份证号码前两位不是有效的省份代码，请核对。"
        } else {
            "The first two digits of the ID card number are no province code; please check them."
        }
        .to_owned(),
        IdNumberProblem::BirthDate => if zh {
            "身份证号码第 7 到 14 位的出生日期不正确，请核对。"
        } else {
            "Characters 7 to 14 of the ID card number are not a valid birth date; please check them."
        }
        .to_owned(),
        IdNumberProblem::CheckDigit => if zh {
            "身份证号码最后一位（校验码）与前 17 位不符，请逐位核对是否输错。"
        } else {
            "The last character (check digit) does not match the other 17; please check each digit."
        }
        .to_owned(),
    }
}

/// At most 40 characters of a rejected value, so an error message never
/// echoes a huge input back.
pub(crate) fn excerpt(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX {
        value.to_owned()
    } else {
        let mut short: String = value.chars().take(MAX).collect();
        short.push('…');
        short
    }
}

/// Why an ID number was refused: each names what to check on the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdNumberProblem {
    /// Not 18 characters.
    Length { found: usize },
    /// A character other than a digit (or X as the last one).
    Character { position: usize },
    /// The first two digits are no province of China.
    Region,
    /// Characters 7 to 14 are no real date, or a future one.
    BirthDate,
    /// The last character does not match the other seventeen.
    CheckDigit,
}

/// What is wrong with one row of an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowProblemKind {
    MissingIdNumber,
    IdNumber(IdNumberProblem),
    MissingCategory,
    UnknownCategory(String),
}

/// A bad row of an import, by its row number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub row: usize,
    pub kind: RowProblemKind,
}

impl RowProblem {
    /// The problem in plain words, without the row's ID number.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match (&self.kind, zh) {
            (RowProblemKind::MissingIdNumber, true) => "缺少身份证号码".to_owned(),
            (RowProblemKind::MissingIdNumber, false) => "no ID number".to_owned(),
            (RowProblemKind::IdNumber(problem), _) => InputError::IdNumber { problem: *problem }
                .message(lang)
                .trim_end_matches(['。', '.'])
                .to_owned(),
            (RowProblemKind::MissingCategory, true) => "缺少人员类别".to_owned(),
            (RowProblemKind::MissingCategory, false) => "no worker category".to_owned(),
            (RowProblemKind::UnknownCategory(text), true) => {
                format!("人员类别“{text}”无法识别（请填写类别名称或代码）")
            }
            (RowProblemKind::UnknownCategory(text), false) => {
                format!("worker category “{text}” is unknown (give its name or code)")
            }
        }
    }
}
