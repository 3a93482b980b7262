//! The names people see for coded values: cities, certificate kinds and
//! levels, worker categories, roles, claim states and the rest. The codes
//! themselves are declared with their enums in `domain` (`code_enum!`).

use super::Lang;
use crate::domain::*;

/// `label(lang)` for a coded enum: its Chinese and English names, in the
/// order of its variants.
macro_rules! labels {
    ($name:ident { $($variant:ident => $zh:literal, $en:literal;)+ }) => {
        impl $name {
            /// The name shown to people.
            pub const fn label(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Zh => match self {
                        $($name::$variant => $zh,)+
                    },
                    Lang::En => match self {
                        $($name::$variant => $en,)+
                    },
                }
            }
        }
    };
}

#[cfg(feature = "ssr")]
labels! { IdentityCheck {
    IdCardInPerson => "核验身份证原件", "ID card checked in person";
    IdCardReader => "身份证阅读器读取", "ID card read with a card reader";
}}

#[cfg(feature = "ssr")]
labels! { CategoryStatus {
    Declared => "待核实", "Awaiting verification";
    Verified => "已核实", "Verified";
    Refused => "核实未通过", "Not confirmed";
}}

#[cfg(feature = "ssr")]
labels! { CategorySource {
    Registration => "注册时申报", "Declared at registration";
    Review => "逐个核实", "Verified one by one";
    Import => "名单导入", "List import";
}}

#[cfg(feature = "ssr")]
labels! { NotMatchedReason {
    NoAccount => "本市没有这个身份证号码的学员账号", "No worker of this city has this ID number";
    NotDeclared => "该学员没有申报这个人员类别", "The worker did not declare this category";
    Refused => "此前已核实未通过，请逐个核实", "Refused before; decide it one by one";
}}

labels! { City {
    Fuzhou => "福州市", "Fuzhou";
    Xiamen => "厦门市", "Xiamen";
    Putian => "莆田市", "Putian";
    Sanming => "三明市", "Sanming";
    Quanzhou => "泉州市", "Quanzhou";
    Zhangzhou => "漳州市", "Zhangzhou";
    Nanping => "南平市", "Nanping";
    Longyan => "龙岩市", "Longyan";
    Ningde => "宁德市", "Ningde";
    Pingtan => "平潭综合实验区", "Pingtan";
}}

#[cfg(feature = "ssr")]
labels! { SessionMode {
    Offline => "线下面授", "In person";
    Online => "线上学习", "Online";
}}

#[cfg(feature = "ssr")]
labels! { ClassStatus {
    Submitted => "待审批", "Awaiting approval";
    Approved => "已批准开班", "Approved";
    Returned => "已退回修改", "Returned for changes";
}}

#[cfg(feature = "ssr")]
labels! { RiskKind {
    SharedDevice => "同一设备为多人签到", "One device checked in several workers";
    FarFromVenue => "签到位置远离培训地点", "Checked in far from the venue";
    OverHeadcount => "签到人数多于实到人数", "More check-ins than people counted";
    OverlappingSessions => "同一时间在两个课堂签到", "Checked in to two sessions at once";
    StaffCorrection => "工作人员补录签到", "Check-in added by staff";
    RelayedCode => "签到码疑似被转发", "Check-in code apparently relayed";
    FailedConfirmations => "多次签到确认失败", "Repeated failed check-in confirmations";
    MissedRollCall => "签到后错过随机点名", "Checked in, missed the roll-call";
    RollCallShortfall => "多人错过随机点名", "Many missed the roll-call";
    NotEmployee => "开班时不是本企业职工", "Not the employer's employee when the class started";
}}

labels! { PhoneCapability {
    Passkey => "能用通行密钥", "Passkeys";
    DeviceKey => "能用本机密钥", "Device key";
    PasswordOnly => "只能用密码", "Password only";
}}

labels! { MarkAssurance {
    Passkey => "通行密钥", "Passkey";
    DeviceKey => "本机密钥", "Device key";
    Password => "密码（较弱）", "Password (weaker)";
    Staff => "工作人员补录", "Added by staff";
}}

labels! { TrainingType {
    EmploymentSkills => "就业技能培训", "Employment skills";
    OnJobUpgrade => "岗位技能提升培训", "On-job skill upgrade";
    PreJob => "岗前培训", "Pre-job";
    JobTransfer => "转岗转业培训", "Job transfer";
    Apprenticeship => "企业新型学徒制培训", "New apprenticeship";
    HighSkill => "高技能人才培训", "High-skill talent";
    Entrepreneurship => "创业培训", "Entrepreneurship";
    NewOccupations => "新职业新业态培训", "New occupations and platform work";
}}

labels! { CertificateKind {
    Completion => "培训合格证/结业证", "Completion certificate";
    SpecialAbility => "专项职业能力证书", "Special ability certificate";
    SkillLevel => "职业技能等级证书", "Skill level certificate";
    VocationalQualification => "职业资格证书", "Vocational qualification";
    Entrepreneurship => "创业培训合格证", "Entrepreneurship certificate";
    OtherDepartment => "非人社部门证书", "Certificate of another department";
}}

labels! { CertificateLevel {
    Level5 => "五级/初级工", "Level 5 / junior";
    Level4 => "四级/中级工", "Level 4 / intermediate";
    Level3 => "三级/高级工", "Level 3 / senior";
    Level2 => "二级/技师", "Level 2 / technician";
    Level1 => "一级/高级技师", "Level 1 / senior technician";
    Certified => "取得证书", "Certificate obtained";
}}

labels! { InstitutionNature {
    Public => "公办", "Public";
    Private => "民办", "Private";
    StateEnterprise => "国有企业办", "State enterprise";
}}

labels! { WorkerCategory {
    RuralTransferred => "农村转移劳动力", "Rural transferred labour";
    ReturningMigrant => "返乡农民工", "Returning migrant worker";
    PovertyAlleviated => "脱贫劳动力（含防返贫监测对象）", "Poverty-alleviated (incl. monitored)";
    EmploymentDifficulty => "就业困难人员", "Employment difficulty";
    ZeroEmploymentFamily => "零就业家庭成员", "Zero-employment family";
    RuralGraduate => "农村应届初高中毕业生未升学", "Rural graduate not continuing";
    UrbanLowIncomeGraduate => "城市低保家庭应届毕业生未升学", "Urban low-income graduate not continuing";
    FlexiblyEmployed => "灵活就业/个体工商户用工农民工", "Flexibly employed";
    Other => "其他", "Other";
}}

labels! { CatalogueStatus {
    Draft => "草稿", "Draft";
    Filed => "已报送备案", "Filed";
    Published => "已发布", "Published";
}}

labels! { Direction {
    In => "签到", "Check-in";
    Out => "签退", "Check-out";
}}

impl ScanPurpose {
    /// The name shown to people: 签到, 签退 or 随机点名.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ScanPurpose::Mark(direction), _) => direction.label(lang),
            (ScanPurpose::RollCall, Lang::Zh) => "随机点名",
            (ScanPurpose::RollCall, Lang::En) => "Roll-call",
        }
    }
}

#[cfg(feature = "ssr")]
labels! { Role {
    Worker => "学员", "Worker";
    Institution => "培训机构", "Institution";
    Employer => "用工企业", "Employer";
    Bureau => "人社局", "City bureau";
    Province => "省厅", "Province";
    Supervisor => "第三方监管", "Third-party supervisor";
}}

#[cfg(feature = "ssr")]
labels! { InspectionMode {
    OnSite => "现场检查", "On site";
    Remote => "远程检查", "Remote";
}}

#[cfg(feature = "ssr")]
labels! { InspectionResult {
    Pass => "合格", "Pass";
    Rectify => "整改", "Rectify";
    Fail => "不合格", "Fail";
}}

#[cfg(feature = "ssr")]
labels! { InspectionStatus {
    Scheduled => "已安排", "Scheduled";
    Recorded => "已记录", "Recorded";
}}

#[cfg(feature = "ssr")]
labels! { CertificateStatus {
    NotRequired => "无需核对", "Not required";
    Pending => "待核对", "Awaiting verification";
    Verified => "已核对", "Verified";
    Invalid => "核对无效", "Invalid";
}}

#[cfg(feature = "ssr")]
labels! { CheckKind {
    Attendance => "出勤率", "Attendance";
    OnlineShare => "线上学时占比", "Online share";
    Assessment => "结业考核", "Completion assessment";
    Certificate => "证书核对", "Certificate verification";
    NoEarlierClaim => "同职业同等级未享受过补贴", "No earlier subsidy for this occupation and level";
    ClassInCatalogue => "班级已批准且项目在目录内", "Class approved and course in the catalogue";
    NoOpenWarning => "没有未核实的风险预警", "No open risk warning";
    AttendanceAssurance => "签到由本人确认", "Attendance confirmed by the worker";
}}

#[cfg(feature = "ssr")]
labels! { CheckOutcome {
    Passed => "通过", "Passed";
    Failed => "不通过", "Failed";
    Pending => "待定", "Pending";
}}

#[cfg(feature = "ssr")]
labels! { ClaimStatus {
    Submitted => "已提交", "Submitted";
    ChecksPassed => "自动核验通过，待审核", "Checks passed, awaiting review";
    Held => "暂缓，待补齐", "Held";
    UnderReview => "审核中", "Under review";
    Approved => "审核通过，待发放", "Approved, awaiting payment";
    Paid => "已发放", "Paid";
    Rejected => "未通过", "Rejected";
    Recovered => "已追回", "Recovered";
}}

#[cfg(feature = "ssr")]
labels! { Payee {
    Worker => "学员本人", "The worker";
    Institution => "培训机构", "The institution";
    Employer => "用工企业（企业自主培训）", "The employer (training its own hires)";
}}

#[cfg(feature = "ssr")]
labels! { OfferKind {
    Course => "课程", "Course";
    Class => "培训班", "Class";
    Order => "订单培训", "Training order";
}}

#[cfg(feature = "ssr")]
labels! { CampaignStatus {
    Draft => "草稿", "Draft";
    Sent => "已发送", "Sent";
}}

#[cfg(feature = "ssr")]
labels! { FunnelStep {
    Sent => "已推送", "Sent";
    Delivered => "已送达", "Delivered";
    Opened => "已查看", "Opened";
    Enrolled => "已报名", "Enrolled";
    Attended => "已参训", "Attended";
    Completed => "已结业", "Completed";
    Certified => "已取证", "Certified";
    Hired => "已就业", "Hired";
}}
