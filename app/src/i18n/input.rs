//! The sentences of input errors and the names of the fields they are
//! about, one table per language.

use super::Lang;
use crate::domain::{
    error::hours, Fen, Field, IdNumberProblem, InputError, RowProblem, RowProblemKind,
};

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
        Field::PhoneCapability => ("手机能力", "phone capability"),
        Field::CatalogueKind => ("目录类别", "catalogue kind"),
        Field::FilingNumber => ("备案号", "filing number"),
        Field::EffectiveDate => ("生效日期", "effective date"),
        Field::Attachment => ("盖章扫描件", "stamped scan"),
        Field::ExportFormat => ("导出格式", "export format"),
        Field::CreditCode => ("统一社会信用代码", "unified social credit code"),
        Field::OrderKind => ("培训方式", "kind of order"),
        Field::OrderStatus => ("订单状态", "order status"),
        Field::TraineesWanted => ("培训人数", "trainees wanted"),
        Field::Requirements => ("招收要求", "requirements"),
        Field::StartDate => ("开始日期", "start date"),
        Field::Institution => ("培训机构", "institution"),
        Field::Positions => ("提供的岗位", "positions"),
        Field::PositionTitle => ("岗位名称", "position title"),
        Field::Openings => ("岗位人数", "openings"),
        Field::Wage => ("月薪", "monthly wage"),
        Field::Workplace => ("工作地点", "place of work"),
        Field::ContractMonths => ("合同期限（月）", "contract length (months)"),
        Field::Plan => ("培训方案", "training plan"),
        Field::EmployedSince => ("入职日期", "employed since"),
        Field::OfferKind => ("推荐内容", "what is recommended"),
        Field::CampaignStatus => ("推送状态", "campaign status"),
        Field::Message => ("推送文字", "message"),
        Field::RegisteredSince => ("注册日期", "registration date"),
        Field::PersonTimes => ("目标人次", "target person-times"),
        Field::ProgressTable => ("表格", "table"),
        Field::InspectionMode => ("检查方式", "inspection mode"),
        Field::InspectionResult => ("检查结果", "result"),
        Field::TeachingMatchesPlan => ("教学与计划相符", "teaching matches the plan"),
        Field::Findings => ("检查发现", "findings"),
        Field::Answer => ("整改答复", "answer"),
        Field::Photo => ("照片", "photo"),
        _ => ("", ""),
    }
}

impl InputError {
    /// A sentence that says what is wrong and how to put it right.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => zh::message(self),
            Lang::En => en::message(self),
        }
    }
}

impl RowProblem {
    /// The problem in plain words, without the row's ID number.
    pub fn message(&self, lang: Lang) -> String {
        match (&self.kind, lang) {
            (RowProblemKind::IdNumber(problem), Lang::Zh) => zh::id_number_message(*problem),
            (RowProblemKind::IdNumber(problem), Lang::En) => en::id_number_message(*problem),
            (kind, Lang::Zh) => zh::row(kind),
            (kind, Lang::En) => en::row(kind),
        }
        .trim_end_matches(['。', '.'])
        .to_owned()
    }
}

mod zh {
    use super::*;

    pub(super) fn message(error: &InputError) -> String {
        match error {
            InputError::Required { field } => {
                let name = field.label(Lang::Zh);
                format!("请填写{name}。")
            }
            InputError::TooLong { field, max } => {
                let name = field.label(Lang::Zh);
                format!("{name}太长了，最多 {max} 个字。")
            }
            InputError::UnknownCode { field, value } => {
                let name = field.label(Lang::Zh);
                format!("{name}“{value}”不在可选范围内，请从列表中选择。")
            }
            InputError::NotANumber { field, value } => {
                let name = field.label(Lang::Zh);
                format!("{name}应为整数，“{value}”不是整数。")
            }
            InputError::OutOfRange { field, min, max } => {
                let name = field.label(Lang::Zh);
                format!("{name}应在 {min} 到 {max} 之间。")
            }
            InputError::NotAFlag { field, value } => {
                let name = field.label(Lang::Zh);
                format!("{name}只能是“是”或“否”（true / false），“{value}”无法识别。")
            }
            InputError::OccupationCodeFormat { value } => {
                format!(
                    "职业（工种）编码“{value}”格式不对：应像 4-10-01-02 这样，\
                         一位数字后跟三组两位数字，用“-”连接；工种可再加一组“-两位数字”。"
                )
            }
            InputError::OccupationCodeRequired { kind } => {
                let kind = kind.label(Lang::Zh);
                format!("“{kind}”类项目必须填写职业（工种）编码；只有结业证、非人社部门证书和创业培训合格证可以不填。")
            }
            InputError::PhoneFormat { value } => {
                format!("电话号码“{value}”格式不对：请填写 11 位手机号，或带区号的固定电话，如 0591-87654321。")
            }
            InputError::AmountFormat { value } => {
                format!("金额“{value}”格式不对：请填写元，最多两位小数，如 1200 或 1200.50。")
            }
            InputError::NoSubsidyAmount => "请至少填写一个证书等级的补贴金额。".to_owned(),
            InputError::DuplicateLevel { level } => {
                let level = level.label(Lang::Zh);
                format!("证书等级“{level}”重复填写了补贴金额。")
            }
            InputError::LevelNotForKind { level, kind } => {
                let (level, kind) = (level.label(Lang::Zh), kind.label(Lang::Zh));
                format!("“{kind}”没有“{level}”这一等级。")
            }
            InputError::DuplicateUplift { category } => {
                let category = category.label(Lang::Zh);
                format!("人员类别“{category}”的上浮比例重复填写了。")
            }
            InputError::DuplicateOccupation { name } => {
                format!("职业“{name}”重复列出了。")
            }
            InputError::DuplicateInstitution { name } => {
                format!("机构“{name}”已经在目录中了。")
            }
            InputError::OccupationNotInCatalogue { name } => {
                format!("“{name}”不在本市职业技能培训需求指导目录中，请先把它列入目录，或检查名称和编码。")
            }
            InputError::OccupationChangedInAdjustment { name } => {
                format!("调整中不能直接改动“{name}”的职业（工种）名称或编码：请移出原条目，再新增一条。")
            }
            InputError::IdNumber { .. }
            | InputError::MobileFormat { .. }
            | InputError::RealNameFormat { .. }
            | InputError::PasswordTooShort { .. }
            | InputError::UsernameFormat { .. }
            | InputError::OneTimeCodeFormat => identity_message(error),
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
            | InputError::DateInPast { .. }
            | InputError::RecoveryTooLarge { .. }
            | InputError::OnlinePlatformRequired
            | InputError::OnlinePlatformNotAvailable => class_message(error),
            InputError::CreditCodeFormat { value } => format!(
                "统一社会信用代码“{value}”格式不对：应为 18 位，由数字和大写字母组成（不含 I、O、S、V、Z），第 3 到 8 位是数字的行政区划码。请对照营业执照填写。"
            ),
            InputError::CreditCodeCheck { value } => format!(
                "统一社会信用代码“{value}”的最后一位校验码对不上，多半是某一位抄错了，请对照营业执照逐位核对。"
            ),
            InputError::WageRangeReversed => {
                "最高月薪低于最低月薪，请检查月薪范围。".to_owned()
            }
            InputError::DateRangeReversed { field } => format!(
                "{}的结束日期早于开始日期，请检查日期范围。",
                field.label(Lang::Zh)
            ),
            InputError::NoLevelBelow { level } => format!(
                "{}没有更低一级，不能按“持有下一级证书”筛选。",
                level.label(Lang::Zh)
            ),
            InputError::MessageFormat => {
                "推送文字只能是一行普通文字，不能含网址、换行或不可见字符；报名链接会自动附上。".to_owned()
            }
            InputError::PlanTooShort { min } => {
                format!("培训方案至少写 {min} 个字：师资、场地、时间安排等。")
            }
            InputError::NotTheOrdersCourse { occupation } => format!(
                "为订单开的班，培训项目和等级必须与订单一致（“{occupation}”及订单上的等级）。"
            ),
            InputError::RetentionNotDue { due } => {
                format!("还没到确认在岗的时间：{due} 起才能确认。")
            }
            InputError::TrainingTypeNotForEmployers => "企业自主培训只能是岗前培训、岗位技能提升培训或企业新型学徒制培训，请改选培训类型。".to_owned(),
            InputError::OrderNotForEmployerClass => "企业自主培训本企业职工，不挂订单；订单班由揭榜的培训机构开设。".to_owned(),
        }
    }

    fn identity_message(error: &InputError) -> String {
        match error {
            InputError::IdNumber { problem } => id_number_message(*problem),
            InputError::MobileFormat { value } => {
                format!("手机号码“{value}”不对：应为 11 位数字，以 13 到 19 开头。")
            }
            InputError::RealNameFormat { value } => {
                format!("姓名“{value}”不对：请填写身份证上的姓名，至少 2 个字，不含数字和符号。")
            }
            InputError::PasswordTooShort { min } => {
                format!("密码至少需要 {min} 个字符。")
            }
            InputError::UsernameFormat { value } => {
                format!("登录名“{value}”不对：请用 3 到 32 个小写字母、数字、“-”或“_”。")
            }
            InputError::OneTimeCodeFormat => {
                "一次性验证码应为 8 位数字，请向工作人员核对。".to_owned()
            }
            other => other
                .field()
                .map(|f| f.label(Lang::Zh))
                .unwrap_or_default()
                .to_owned(),
        }
    }

    fn class_message(error: &InputError) -> String {
        match error {
            InputError::DateFormat { value } => {
                format!("日期“{value}”格式不对，请写成 2026-12-01 这样。")
            }
            InputError::TimeFormat { value } => {
                format!("时间“{value}”格式不对，请写成 09:00 这样（24 小时制）。")
            }
            InputError::SessionEndsBeforeStart { position } => {
                format!("第 {position} 次课的结束时间早于开始时间。")
            }
            InputError::SessionTooLong {
                position,
                max_hours,
            } => format!("第 {position} 次课超过 {max_hours} 小时，请拆成几次课。"),
            InputError::SessionInPast { position } => {
                format!("第 {position} 次课的时间已经过去，只能安排今后的课。")
            }
            InputError::SessionsOverlap { first, second } => {
                format!("第 {first} 次课和第 {second} 次课时间重叠，请调整。")
            }
            InputError::OnlineShareTooHigh {
                online_minutes,
                total_minutes,
            } => {
                let percent = online_minutes * 100 / (*total_minutes).max(1);
                let (online, total) = (hours(*online_minutes), hours(*total_minutes));
                format!("线上学时 {online} 小时占总学时 {total} 小时的 {percent}%，超过了 40% 的上限；请减少线上课或增加线下课。")
            }
            InputError::CoordinatesOutOfRange => {
                "位置坐标不对：纬度应在 -90 到 90 之间，经度在 -180 到 180 之间。".to_owned()
            }
            InputError::CommitmentRequired => "请阅读并勾选承诺书后再提交。".to_owned(),
            InputError::OnlinePlatformRequired => {
                "这个班有线上课，请选择报送线上学时的线上学习平台（本市已批准的平台）。".to_owned()
            }
            InputError::OnlinePlatformNotAvailable => {
                "所选线上学习平台不是本市已批准且有效的平台，请从列表中重新选择。".to_owned()
            }
            InputError::CourseNotPublished => {
                "这个培训项目不在本市已公布的培训需求目录中，不能开班。".to_owned()
            }
            InputError::OccupationNotAllowed { occupation } => format!(
                "本机构在机构目录中没有“{occupation}”这个可培训职业（工种），不能开这个班。"
            ),
            InputError::LevelNotSubsidised { level } => {
                let level = level.label(Lang::Zh);
                format!("这个项目的补贴标准中没有“{level}”等级，请选择目录里列出的等级。")
            }
            InputError::CertificateNumberFormat { value } => format!(
                "证书编号“{value}”格式不对：只能包含字母、数字和“-”，请按证书上的编号填写。"
            ),
            InputError::DateInFuture { field } => {
                let name = field.label(Lang::Zh);
                format!("{name}不能晚于今天。")
            }
            InputError::DateInPast { field } => {
                let name = field.label(Lang::Zh);
                format!("{name}不能早于今天。")
            }
            InputError::RecoveryTooLarge { paid_fen } => {
                let paid = Fen::from_fen(*paid_fen).yuan_text();
                format!("追回金额不能超过已发放的 {paid} 元。")
            }
            other => other
                .field()
                .map(|f| f.label(Lang::Zh))
                .unwrap_or_default()
                .to_owned(),
        }
    }

    pub(super) fn id_number_message(problem: IdNumberProblem) -> String {
        match problem {
            IdNumberProblem::Length { found } => {
                format!("身份证号码应为 18 位，您输入了 {found} 位。")
            }
            IdNumberProblem::Character { position } => {
                format!("身份证号码第 {position} 位应为数字（只有最后一位可以是 X）。")
            }
            IdNumberProblem::Region => "身份证号码前两位不是有效的省份代码，请核对。".to_owned(),
            IdNumberProblem::BirthDate => {
                "身份证号码第 7 到 14 位的出生日期不正确，请核对。".to_owned()
            }
            IdNumberProblem::CheckDigit => {
                "身份证号码最后一位（校验码）与前 17 位不符，请逐位核对是否输错。".to_owned()
            }
        }
    }

    pub(super) fn row(kind: &RowProblemKind) -> String {
        match kind {
            RowProblemKind::MissingIdNumber => "缺少身份证号码".to_owned(),
            RowProblemKind::MissingCategory => "缺少人员类别".to_owned(),
            RowProblemKind::UnknownCategory(text) => {
                format!("人员类别“{text}”无法识别（请填写类别名称或代码）")
            }
            RowProblemKind::IdNumber(problem) => id_number_message(*problem),
        }
    }
}

mod en {
    use super::*;

    pub(super) fn message(error: &InputError) -> String {
        match error {
            InputError::Required { field } => {
                let name = field.label(Lang::En);
                format!("Please enter the {name}.")
            }
            InputError::TooLong { field, max } => {
                let name = field.label(Lang::En);
                format!("The {name} is too long: at most {max} characters.")
            }
            InputError::UnknownCode { field, value } => {
                let name = field.label(Lang::En);
                format!("“{value}” is not a valid {name}; please pick one from the list.")
            }
            InputError::NotANumber { field, value } => {
                let name = field.label(Lang::En);
                format!("The {name} must be a whole number, not “{value}”.")
            }
            InputError::OutOfRange { field, min, max } => {
                let name = field.label(Lang::En);
                format!("The {name} must be between {min} and {max}.")
            }
            InputError::NotAFlag { field, value } => {
                let name = field.label(Lang::En);
                format!("The {name} must be true or false, not “{value}”.")
            }
            InputError::OccupationCodeFormat { value } => {
                format!(
                    "Occupation code “{value}” is not valid: write it like 4-10-01-02 \
                         (one digit, then three groups of two digits); a work type may add -dd."
                )
            }
            InputError::OccupationCodeRequired { kind } => {
                let kind = kind.label(Lang::En);
                format!("A “{kind}” course needs an occupation code; only completion, other-department and entrepreneurship certificates may go without.")
            }
            InputError::PhoneFormat { value } => {
                format!("Phone number “{value}” is not valid: use an 11-digit mobile number or a landline with its area code, e.g. 0591-87654321.")
            }
            InputError::AmountFormat { value } => {
                format!("Amount “{value}” is not valid: give yuan with at most two decimals, e.g. 1200 or 1200.50.")
            }
            InputError::NoSubsidyAmount => {
                "Please give the subsidy amount for at least one certificate level.".to_owned()
            }
            InputError::DuplicateLevel { level } => {
                let level = level.label(Lang::En);
                format!("The subsidy for level “{level}” is given twice.")
            }
            InputError::LevelNotForKind { level, kind } => {
                let (level, kind) = (level.label(Lang::En), kind.label(Lang::En));
                format!("A “{kind}” has no level “{level}”.")
            }
            InputError::DuplicateUplift { category } => {
                let category = category.label(Lang::En);
                format!("The uplift for “{category}” is given twice.")
            }
            InputError::DuplicateOccupation { name } => {
                format!("Occupation “{name}” is listed twice.")
            }
            InputError::DuplicateInstitution { name } => {
                format!("Institution “{name}” is already in the catalogue.")
            }
            InputError::OccupationNotInCatalogue { name } => {
                format!("“{name}” is not in the city's course catalogue: add it there first, or check the name and code.")
            }
            InputError::OccupationChangedInAdjustment { name } => {
                format!("An adjustment cannot change the occupation or code of “{name}” in place: remove the row and add a new one.")
            }
            InputError::IdNumber { .. }
            | InputError::MobileFormat { .. }
            | InputError::RealNameFormat { .. }
            | InputError::PasswordTooShort { .. }
            | InputError::UsernameFormat { .. }
            | InputError::OneTimeCodeFormat => identity_message(error),
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
            | InputError::DateInPast { .. }
            | InputError::RecoveryTooLarge { .. }
            | InputError::OnlinePlatformRequired
            | InputError::OnlinePlatformNotAvailable => class_message(error),
            InputError::CreditCodeFormat { value } => format!(
                "Unified social credit code “{value}” is malformed: it has 18 digits and capital letters (no I, O, S, V or Z), the 3rd to 8th being the digits of the administrative division. Copy it from the business licence."
            ),
            InputError::CreditCodeCheck { value } => format!(
                "The last character of unified social credit code “{value}” does not match the others: one character is probably mistyped. Check it against the business licence."
            ),
            InputError::WageRangeReversed => {
                "The highest monthly wage is below the lowest: check the range.".to_owned()
            }
            InputError::DateRangeReversed { field } => format!(
                "The {} range ends before it starts: check the dates.",
                field.label(Lang::En)
            ),
            InputError::NoLevelBelow { level } => format!(
                "{} has no level below it, so it cannot be recommended to holders of the level below.",
                level.label(Lang::En)
            ),
            InputError::MessageFormat => {
                "The message must be one line of plain text, without web addresses, line breaks or invisible characters: the link to the offer is added for you.".to_owned()
            }
            InputError::PlanTooShort { min } => {
                format!("Write at least {min} characters of training plan: teachers, place, schedule.")
            }
            InputError::NotTheOrdersCourse { occupation } => format!(
                "A class for an order trains the order's course and level (“{occupation}” at the order's level)."
            ),
            InputError::RetentionNotDue { due } => {
                format!("It is too early to confirm the hire stayed: from {due}.")
            }
            InputError::TrainingTypeNotForEmployers => "An employer's own training is pre-job, on-the-job skills upgrading or enterprise apprenticeship training: choose one of those types.".to_owned(),
            InputError::OrderNotForEmployerClass => "An employer training its own employees links no order: order classes are opened by the institution the order chose.".to_owned(),
        }
    }

    fn identity_message(error: &InputError) -> String {
        match error {
            InputError::IdNumber { problem } => id_number_message(*problem),
            InputError::MobileFormat { value } => {
                format!("Mobile number “{value}” is not valid: 11 digits starting 13 to 19.")
            }
            InputError::RealNameFormat { value } => {
                format!("Name “{value}” is not valid: write the name on the ID card, at least 2 characters, no digits or symbols.")
            }
            InputError::PasswordTooShort { min } => {
                format!("The password needs at least {min} characters.")
            }
            InputError::UsernameFormat { value } => {
                format!("User name “{value}” is not valid: use 3 to 32 lower-case letters, digits, - or _.")
            }
            InputError::OneTimeCodeFormat => {
                "The one-time code has 8 digits; please check it with the staff member.".to_owned()
            }
            other => other
                .field()
                .map(|f| f.label(Lang::En))
                .unwrap_or_default()
                .to_owned(),
        }
    }

    fn class_message(error: &InputError) -> String {
        match error {
        InputError::DateFormat { value } => format!("Date “{value}” is not valid; write it like 2026-12-01."),
        InputError::TimeFormat { value } => format!("Time “{value}” is not valid; write it like 09:00 (24-hour clock)."),
        InputError::SessionEndsBeforeStart { position } => format!("Session {position} ends before it starts."),
        InputError::SessionTooLong {
            position,
            max_hours,
        } => format!("Session {position} is longer than {max_hours} hours; split it into several."),
        InputError::SessionInPast { position } => format!("Session {position} is in the past; only future sessions can be planned."),
        InputError::SessionsOverlap { first, second } => format!("Sessions {first} and {second} overlap; please change one."),
        InputError::OnlineShareTooHigh {
            online_minutes,
            total_minutes,
        } => {
            let percent = online_minutes * 100 / (*total_minutes).max(1);
            let (online, total) = (hours(*online_minutes), hours(*total_minutes));
            format!("Online hours ({online} h) are {percent}% of all hours ({total} h), above the 40% limit; plan fewer online or more in-person sessions.")
        }
        InputError::CoordinatesOutOfRange => "The coordinates are not valid: latitude -90 to 90, longitude -180 to 180.".to_owned(),
        InputError::CommitmentRequired => "Please read and confirm the commitment before submitting.".to_owned(),
        InputError::OnlinePlatformRequired => "This class has online sessions: choose the online platform (one your city approved) that reports them.".to_owned(),
        InputError::OnlinePlatformNotAvailable => "The online platform chosen is not an approved, active platform of your city; choose one from the list.".to_owned(),
        InputError::CourseNotPublished => "This course is not in your city's published course catalogue, so no class can be opened for it.".to_owned(),
        InputError::OccupationNotAllowed { occupation } => format!("Your institution is not listed for “{occupation}” in the institution catalogue, so it cannot open this class."),
        InputError::LevelNotSubsidised { level } => {
            let level = level.label(Lang::En);
            format!("This course has no subsidy for level “{level}”; choose a level the catalogue lists.")
        }
        InputError::CertificateNumberFormat { value } => format!("Certificate number “{value}” is not valid: letters, digits and - only, as printed on the certificate."),
        InputError::DateInFuture { field } => {
            let name = field.label(Lang::En);
            format!("The {name} cannot be later than today.")
        }
        InputError::DateInPast { field } => {
            let name = field.label(Lang::En);
            format!("The {name} cannot be earlier than today.")
        }
        InputError::RecoveryTooLarge { paid_fen } => {
            let paid = Fen::from_fen(*paid_fen).yuan_text();
            format!("The amount recovered cannot exceed the {paid} yuan paid.")
        }
        other => other
            .field()
            .map(|f| f.label(Lang::En))
            .unwrap_or_default()
            .to_owned(),
    }
    }

    pub(super) fn id_number_message(problem: IdNumberProblem) -> String {
        match problem {
        IdNumberProblem::Length { found } => {
            format!("An ID card number has 18 characters; you entered {found}.")
        }
        IdNumberProblem::Character { position } => {
            format!("Character {position} of the ID card number must be a digit (only the last may be X).")
        }
        IdNumberProblem::Region => "The first two digits of the ID card number are no province code; please check them."
        .to_owned(),
        IdNumberProblem::BirthDate => "Characters 7 to 14 of the ID card number are not a valid birth date; please check them."
        .to_owned(),
        IdNumberProblem::CheckDigit => "The last character (check digit) does not match the other 17; please check each digit."
        .to_owned(),
    }
    }

    pub(super) fn row(kind: &RowProblemKind) -> String {
        match kind {
            RowProblemKind::MissingIdNumber => "no ID number".to_owned(),
            RowProblemKind::MissingCategory => "no worker category".to_owned(),
            RowProblemKind::UnknownCategory(text) => {
                format!("worker category “{text}” is unknown (give its name or code)")
            }
            RowProblemKind::IdNumber(problem) => id_number_message(*problem),
        }
    }
}
