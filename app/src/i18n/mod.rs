//! The two interface languages and every user-visible text.
//!
//! Simplified Chinese is the default; English is chosen by a visible switch
//! (remembered in the `lang` cookie) or by the browser's Accept-Language.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod attendance;
#[cfg(feature = "ssr")]
mod catalogue_publishing;
mod check_in;
#[cfg(feature = "ssr")]
mod claim_checks;
mod class_form;
#[cfg(feature = "ssr")]
mod classes;
mod device_key;
mod errors;
mod face_check;
#[cfg(feature = "ssr")]
mod inbox;
mod input;
#[cfg(feature = "ssr")]
mod inspections;
#[cfg(feature = "ssr")]
mod journey;
mod labels;
#[cfg(feature = "ssr")]
mod orders;
#[cfg(feature = "ssr")]
mod oversight;
mod passkey;
#[cfg(feature = "ssr")]
mod recommended;
#[cfg(feature = "ssr")]
mod risk;
mod roster;
#[cfg(feature = "ssr")]
mod scorecards;
#[cfg(feature = "ssr")]
mod subsidies;

#[cfg(feature = "ssr")]
pub use attendance::AttendanceTexts;
#[cfg(feature = "ssr")]
pub use catalogue_publishing::CatalogueTexts;
pub use check_in::CheckInTexts;
#[cfg(feature = "ssr")]
pub use claim_checks::{check_advice, explain_check, unmet_checks_text};
pub use class_form::ClassFormTexts;
#[cfg(feature = "ssr")]
pub use classes::ClassTexts;
pub use device_key::DeviceKeyTexts;
pub use face_check::FaceCheckTexts;
#[cfg(feature = "ssr")]
pub use inbox::InboxTexts;
#[cfg(feature = "ssr")]
pub use inspections::InspectionTexts;
#[cfg(feature = "ssr")]
pub use journey::JourneyTexts;
#[cfg(feature = "ssr")]
pub use orders::{explain_order_warning, order_step_label, OrderTexts};
#[cfg(feature = "ssr")]
pub use oversight::OversightTexts;
pub use passkey::PasskeyTexts;
#[cfg(feature = "ssr")]
pub use recommended::{CampaignTexts, RecommendedTexts};
#[cfg(feature = "ssr")]
pub use risk::explain_warning;
pub use roster::RosterTexts;
#[cfg(feature = "ssr")]
pub use scorecards::ScorecardTexts;
#[cfg(feature = "ssr")]
pub use subsidies::SubsidyTexts;

/// An interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Name of the cookie that remembers the chosen language.
    pub const COOKIE: &'static str = "lang";

    /// BCP 47 tag used in `<html lang>`.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Short code used in URLs and the cookie.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The other language, for the switch.
    pub const fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Reads a language code or tag (`zh`, `zh-CN`, `en`, `en-GB`, ...).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the language from an `Accept-Language` header: the supported
    /// language with the highest quality, Chinese when none is supported.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(Lang, f32)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::from_tag) else {
                continue;
            };
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if best.is_none_or(|(_, q)| quality > q) {
                best = Some((lang, quality));
            }
        }
        best.map(|(lang, _)| lang).unwrap_or_default()
    }

    /// Every text of the interface in this language.
    pub const fn texts(self) -> &'static Texts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// All interface texts of one language. Adding a field makes the compiler
/// ask for both translations.
pub struct Texts {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub switch_language: &'static str,
    pub switch_language_label: &'static str,
    pub choose_city: &'static str,
    pub current_city: &'static str,
    pub change_city: &'static str,
    pub city_needed: &'static str,
    pub courses: &'static str,
    pub courses_intro: &'static str,
    pub institutions: &'static str,
    pub institutions_intro: &'static str,
    pub search: &'static str,
    pub course_search_placeholder: &'static str,
    pub institution_search_placeholder: &'static str,
    pub training_type: &'static str,
    pub all_types: &'static str,
    pub urgent_only: &'static str,
    pub urgent: &'static str,
    pub nature: &'static str,
    pub all_natures: &'static str,
    pub occupation_filter: &'static str,
    pub occupation_filter_placeholder: &'static str,
    pub results: fn(i64) -> String,
    pub no_courses: &'static str,
    pub no_institutions: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub page_of: fn(u32, u32) -> String,
    pub occupation_code: &'static str,
    pub no_occupation_code: &'static str,
    pub certificate_kind: &'static str,
    pub subsidy_standard: &'static str,
    pub subsidy_range: fn(&str, &str) -> String,
    pub level: &'static str,
    pub amount: &'static str,
    pub uplifts: &'static str,
    pub uplift: fn(&str, u8) -> String,
    pub remarks: &'static str,
    pub institutions_for_course: &'static str,
    pub no_institutions_for_course: &'static str,
    pub call: fn(&str) -> String,
    pub no_ratings: &'static str,
    /// An average rating ("4.3") and how many ratings it comes from.
    pub rated: fn(&str, i64) -> String,
    /// How many ratings, before there are enough to publish an average.
    pub ratings_without_average: fn(i64) -> String,
    /// A language link (`/lang/...`) that is incomplete or wrong.
    pub bad_language_link: &'static str,
    pub address: &'static str,
    pub contact_person: &'static str,
    pub contact_phone: &'static str,
    pub occupations_taught: &'static str,
    pub occupation_count: fn(i64) -> String,
    pub institution_count: fn(i64) -> String,
    pub catalogue_year: fn(i32) -> String,
    /// "2027-06-20 起施行"
    pub published_from: fn(&str) -> String,
    /// "备案号 闽人社目录备〔2027〕1号"
    pub filing_number: fn(&str) -> String,
    /// "第 2 版", linking to the history.
    pub catalogue_version: fn(i32) -> String,
    pub demo_data: &'static str,
    pub back: &'static str,
    pub loading: &'static str,
    pub not_found: &'static str,
    pub go_home: &'static str,
    pub apply: &'static str,
    pub yuan: fn(&str) -> String,
    pub view_courses: &'static str,
    pub view_institutions: &'static str,
    pub main_navigation: &'static str,
    pub my_account: &'static str,
    /// Classes and check-in (server-rendered pages).
    pub classes: &'static str,
}

pub const ZH: Texts = Texts {
    app_name: "技能培训通",
    tagline: "农民工职业技能培训，政府补贴，实名参训",
    switch_language: "English",
    switch_language_label: "Switch to English",
    choose_city: "选择您所在的城市",
    current_city: "当前城市",
    change_city: "切换城市",
    city_needed: "请先选择城市",
    courses: "培训项目",
    courses_intro: "职业技能培训需求指导目录：政府补贴的培训项目",
    institutions: "培训机构",
    institutions_intro: "补贴性职业技能培训机构目录",
    search: "搜索",
    course_search_placeholder: "职业名称或编码，如：育婴、电工",
    institution_search_placeholder: "机构名称或地址",
    training_type: "培训类型",
    all_types: "全部类型",
    urgent_only: "只看急需紧缺",
    urgent: "急需紧缺",
    nature: "办学性质",
    all_natures: "全部",
    occupation_filter: "可培训职业",
    occupation_filter_placeholder: "如：育婴员",
    results: |n| format!("共 {n} 项"),
    no_courses: "没有找到符合条件的培训项目，换个关键词试试。",
    no_institutions: "没有找到符合条件的培训机构，换个关键词试试。",
    previous_page: "上一页",
    next_page: "下一页",
    page_of: |page, pages| format!("第 {page} / {pages} 页"),
    occupation_code: "职业（工种）编码",
    no_occupation_code: "无编码",
    certificate_kind: "证书类型",
    subsidy_standard: "补贴标准",
    subsidy_range: |low, high| {
        if low == high {
            format!("补贴 {low} 元")
        } else {
            format!("补贴 {low}–{high} 元")
        }
    },
    level: "证书等级",
    amount: "补贴金额",
    uplifts: "人员类别上浮",
    uplift: |category, percent| format!("属{category}，上浮 {percent}%"),
    remarks: "备注",
    institutions_for_course: "可培训的机构",
    no_institutions_for_course: "目录中暂无可开展此职业培训的机构。",
    call: |phone| format!("拨打 {phone}"),
    no_ratings: "暂无学员评价",
    rated: |average, count| format!("学员评分 {average} / 5（{count} 条评价）"),
    ratings_without_average: |count| format!("{count} 条评价（满 5 条后显示平均分）"),
    bad_language_link: "链接不完整或有误，请返回首页重新选择。",
    address: "地址",
    contact_person: "联系人",
    contact_phone: "联系电话",
    occupations_taught: "可开展的职业（工种）",
    occupation_count: |n| format!("可培训 {n} 个职业"),
    institution_count: |n| format!("{n} 家机构可培训"),
    catalogue_year: |year| format!("{year} 年目录"),
    published_from: |date| format!("{date} 起施行"),
    filing_number: |number| format!("备案号 {number}"),
    catalogue_version: |version| format!("第 {version} 版"),
    demo_data: "演示数据：仅供体验，不是正式发布的目录。",
    back: "返回",
    loading: "加载中…",
    not_found: "没有找到这个页面。",
    go_home: "回到首页",
    apply: "筛选",
    yuan: |amount| format!("{amount} 元"),
    view_courses: "查看培训项目",
    view_institutions: "查看培训机构",
    main_navigation: "主导航",
    my_account: "我的",
    classes: "开班",
};

pub const EN: Texts = Texts {
    app_name: "SkillPass",
    tagline: "Subsidised skills training for migrant workers, under your real name",
    switch_language: "中文",
    switch_language_label: "切换到中文",
    choose_city: "Choose your city",
    current_city: "Your city",
    change_city: "Change city",
    city_needed: "Please choose a city first",
    courses: "Courses",
    courses_intro: "Training-demand catalogue: government-subsidised courses",
    institutions: "Institutions",
    institutions_intro: "Catalogue of subsidised training institutions",
    search: "Search",
    course_search_placeholder: "Occupation or code, e.g. 育婴, 电工",
    institution_search_placeholder: "Institution name or address",
    training_type: "Training type",
    all_types: "All types",
    urgent_only: "Urgently needed only",
    urgent: "Urgently needed",
    nature: "Nature",
    all_natures: "All",
    occupation_filter: "Teaches occupation",
    occupation_filter_placeholder: "e.g. 育婴员",
    results: |n| {
        if n == 1 {
            "1 result".to_owned()
        } else {
            format!("{n} results")
        }
    },
    no_courses: "No course matches. Try another word.",
    no_institutions: "No institution matches. Try another word.",
    previous_page: "Previous",
    next_page: "Next",
    page_of: |page, pages| format!("Page {page} of {pages}"),
    occupation_code: "Occupation code",
    no_occupation_code: "No code",
    certificate_kind: "Certificate",
    subsidy_standard: "Subsidy standard",
    subsidy_range: |low, high| {
        if low == high {
            format!("Subsidy ¥{low}")
        } else {
            format!("Subsidy ¥{low}–{high}")
        }
    },
    level: "Level",
    amount: "Subsidy",
    uplifts: "Uplifts by worker category",
    uplift: |category, percent| format!("{category}: +{percent}%"),
    remarks: "Remarks",
    institutions_for_course: "Institutions that teach it",
    no_institutions_for_course: "No institution in the catalogue teaches this yet.",
    call: |phone| format!("Call {phone}"),
    no_ratings: "No ratings yet",
    rated: |average, count| format!("Rated {average} / 5 ({count} ratings)"),
    ratings_without_average: |count| format!("{count} ratings (the average shows from 5)"),
    bad_language_link:
        "This link is incomplete or wrong; please go back to the home page and choose again.",
    address: "Address",
    contact_person: "Contact",
    contact_phone: "Phone",
    occupations_taught: "Occupations it may train",
    occupation_count: |n| {
        if n == 1 {
            "Teaches 1 occupation".to_owned()
        } else {
            format!("Teaches {n} occupations")
        }
    },
    institution_count: |n| {
        if n == 1 {
            "1 institution".to_owned()
        } else {
            format!("{n} institutions")
        }
    },
    catalogue_year: |year| format!("{year} catalogue"),
    published_from: |date| format!("in force from {date}"),
    filing_number: |number| format!("filing no. {number}"),
    catalogue_version: |version| format!("version {version}"),
    demo_data: "Demo data: for trying the app, not an officially published catalogue.",
    back: "Back",
    loading: "Loading…",
    not_found: "This page does not exist.",
    go_home: "Go to the home page",
    apply: "Filter",
    yuan: |amount| format!("¥{amount}"),
    view_courses: "See courses",
    view_institutions: "See institutions",
    main_navigation: "Main navigation",
    my_account: "Me",
    classes: "Classes",
};

/// Texts of the account pages, which render on the server only (they stay
/// out of the WebAssembly).
#[cfg(feature = "ssr")]
pub struct AccountTexts {
    pub account_title: &'static str,
    pub register: &'static str,
    pub register_intro: &'static str,
    pub sign_in: &'static str,
    pub sign_in_intro: &'static str,
    pub staff_sign_in_intro: &'static str,
    pub real_name: &'static str,
    pub id_number: &'static str,
    pub id_number_hint: &'static str,
    pub mobile: &'static str,
    pub city: &'static str,
    pub worker_categories: &'static str,
    pub password: &'static str,
    pub password_hint: &'static str,
    pub login_name: &'static str,
    pub register_with_password: &'static str,
    pub sign_in_with_password: &'static str,
    pub passkey_explainer: &'static str,
    pub or_password: &'static str,
    pub lost_access: &'static str,
    pub recover: &'static str,
    pub recover_intro: &'static str,
    pub one_time_code: &'static str,
    pub set_password: &'static str,
    pub no_account_yet: &'static str,
    pub signed_in_as: &'static str,
    pub lower_assurance: &'static str,
    pub passkeys: &'static str,
    pub last_used: &'static str,
    pub never_used: &'static str,
    pub download_my_data: &'static str,
    pub sign_out: &'static str,
    pub sign_out_everywhere: &'static str,
    pub staff_accounts: &'static str,
    pub create_staff_account: &'static str,
    pub role: &'static str,
    pub username: &'static str,
    pub institution_id: &'static str,
    pub employer_id: &'static str,
    /// The organisation a staff member works for (a third-party
    /// supervisor's firm).
    pub organisation: &'static str,
    pub create: &'static str,
    pub issue_recovery_code: &'static str,
    pub issue_recovery_intro: &'static str,
    pub issue: &'static str,
    pub not_signed_in: &'static str,
    /// The sentence of the consent to pushed recommendations (wording
    /// `recommendations/2026-12`), on the registration and account pages.
    pub recommendations_sentence: &'static str,
    pub recommendations_title: &'static str,
    pub recommendations_on: &'static str,
    pub recommendations_off: &'static str,
    pub turn_recommendations_off: &'static str,
    pub turn_recommendations_on: &'static str,
    pub identity_check: &'static str,
    pub note: &'static str,
    pub review_passkeys_title: &'static str,
    pub review_passkeys_intro: &'static str,
    pub keep_ticked_passkeys: &'static str,
    pub created: &'static str,
    pub remove_passkey: &'static str,
    pub disabled: &'static str,
    pub disable: &'static str,
    pub enable: &'static str,
    pub change_role: &'static str,
    pub reason: &'static str,
    pub my_training_and_subsidies: &'static str,
    pub subsidy_review: &'static str,
    pub messages: &'static str,
}

#[cfg(feature = "ssr")]
impl Lang {
    /// The account pages' texts in this language.
    pub const fn account_texts(self) -> &'static AccountTexts {
        match self {
            Lang::Zh => &ACCOUNT_ZH,
            Lang::En => &ACCOUNT_EN,
        }
    }
}

#[cfg(feature = "ssr")]
const ACCOUNT_ZH: AccountTexts = AccountTexts {
    account_title: "我的账号",
    register: "注册",
    register_intro: "用身份证实名注册，参加政府补贴培训。",
    sign_in: "登录",
    sign_in_intro: "用手机上的通行密钥（指纹或面容）登录，无需输入账号。",
    staff_sign_in_intro: "工作人员请用通行密钥登录，或用登录名和密码登录。",
    real_name: "姓名（与身份证一致）",
    id_number: "身份证号码",
    id_number_hint: "18 位，最后一位可以是 X",
    mobile: "手机号码",
    city: "所在城市",
    worker_categories: "人员类别（可多选）",
    password: "密码",
    password_hint: "至少 8 个字符",
    login_name: "身份证号码或登录名",
    register_with_password: "用密码注册",
    sign_in_with_password: "用密码登录",
    passkey_explainer: "通行密钥保存在您的手机里，用指纹或面容确认，不用记密码，别人也无法冒用。",
    or_password: "或者使用密码（安全性较低）",
    lost_access: "换了手机或无法登录？",
    recover: "用一次性验证码找回",
    recover_intro: "请带身份证到所在城市的人社局，工作人员核验后会给您一个 8 位一次性验证码。找回后，其他设备上的登录会全部退出，原有通行密钥会暂停，等您选择保留哪些。新开通的工作人员账号也在这里设置登录方式。",
    one_time_code: "一次性验证码（8 位数字）",
    set_password: "设置密码",
    no_account_yet: "还没有账号？",
    signed_in_as: "已登录",
    lower_assurance: "您是用密码登录的，安全性较低。建议添加通行密钥。",
    passkeys: "通行密钥",
    last_used: "上次使用",
    never_used: "尚未使用",
    download_my_data: "下载我的全部数据",
    sign_out: "退出登录",
    sign_out_everywhere: "在所有设备上退出",
    staff_accounts: "工作人员账号",
    create_staff_account: "新建工作人员账号",
    role: "角色",
    username: "登录名",
    institution_id: "机构编号（培训机构账号必填）",
    employer_id: "用工企业编号（用工企业账号填写，见企业页面地址）",
    organisation: "所在单位（第三方监管机构填写其名称）",
    create: "创建",
    issue_recovery_code: "发放找回验证码",
    issue_recovery_intro: "只有学员所在城市的人社局可以发放。请先核验学员身份证，再输入其身份证号码并选择核验方式。验证码 30 分钟内有效，只能使用一次；找回后学员的其他登录会退出，旧通行密钥会暂停，学员会收到消息。",
    issue: "发放",
    not_signed_in: "您还没有登录。",
    recommendations_sentence: "注册后，人社部门会按你的城市和人员类别向你推荐培训课程、开班和招聘岗位（每周最多 3 条，晚 9 点到早 8 点不发）；不想收，可随时在“我的账户”里一键关闭。",
    recommendations_title: "培训推荐",
    recommendations_on: "你正在接收人社部门推送的培训推荐。",
    recommendations_off: "你已关闭培训推荐，人社部门不会再向你推送。",
    turn_recommendations_off: "关闭推荐",
    turn_recommendations_on: "开启推荐",
    identity_check: "身份核验方式",
    note: "备注（选填，200 字以内）",
    review_passkeys_title: "请选择保留哪些旧通行密钥",
    review_passkeys_intro: "您的账号刚刚用恢复码找回。为防止他人冒用，原有的通行密钥已暂停，不能登录，也不能签到。请只勾选您自己手机上的通行密钥，没有勾选的将被移除。",
    keep_ticked_passkeys: "保留勾选的，移除其他",
    created: "添加于",
    remove_passkey: "移除",
    disabled: "已停用",
    disable: "停用账号",
    enable: "恢复启用",
    change_role: "更改角色",
    reason: "理由（必填）",
    my_training_and_subsidies: "我的培训与补贴",
    subsidy_review: "补贴审核",
    messages: "消息",
};

#[cfg(feature = "ssr")]
const ACCOUNT_EN: AccountTexts = AccountTexts {
    account_title: "My account",
    register: "Register",
    register_intro: "Register under your real name to join subsidised training.",
    sign_in: "Sign in",
    sign_in_intro: "Sign in with the passkey on your phone (fingerprint or face), no account name needed.",
    staff_sign_in_intro: "Staff: sign in with your passkey, or with your user name and password.",
    real_name: "Name (as on the ID card)",
    id_number: "ID card number",
    id_number_hint: "18 characters; the last may be X",
    mobile: "Mobile number",
    city: "City",
    worker_categories: "Worker categories (choose all that apply)",
    password: "Password",
    password_hint: "At least 8 characters",
    login_name: "ID card number or user name",
    register_with_password: "Register with a password",
    sign_in_with_password: "Sign in with a password",
    passkey_explainer: "A passkey stays on your phone and is confirmed by fingerprint or face: nothing to remember, nothing anyone else can use.",
    or_password: "Or use a password (less secure)",
    lost_access: "New phone, or cannot sign in?",
    recover: "Recover with a one-time code",
    recover_intro: "Bring your ID card to your city's bureau: after checking it, staff give you an 8-digit one-time code. Recovering ends your sign-ins on other devices and suspends your earlier passkeys until you choose which to keep. New staff accounts set up their sign-in here too.",
    one_time_code: "One-time code (8 digits)",
    set_password: "Set a password",
    no_account_yet: "No account yet?",
    signed_in_as: "Signed in",
    lower_assurance: "You signed in with a password, which is less secure. Add a passkey.",
    passkeys: "Passkeys",
    last_used: "Last used",
    never_used: "Not used yet",
    download_my_data: "Download all my data",
    sign_out: "Sign out",
    sign_out_everywhere: "Sign out on all devices",
    staff_accounts: "Staff accounts",
    create_staff_account: "New staff account",
    role: "Role",
    username: "User name",
    institution_id: "Institution id (for institution accounts)",
    employer_id: "Employer id (for employer accounts; in the employer page's address)",
    organisation: "Organisation (a third-party supervisor's firm)",
    create: "Create",
    issue_recovery_code: "Issue a recovery code",
    issue_recovery_intro: "Only the bureau of the worker's city issues these. Check the worker's ID card first, then enter its number and how you checked it. The code is valid for 30 minutes, once; recovering ends the worker's other sign-ins, suspends their earlier passkeys, and the worker is told.",
    issue: "Issue",
    not_signed_in: "You are not signed in.",
    recommendations_sentence: "Once registered, the bureau recommends courses, classes and jobs to you by your city and category (at most 3 a week, none from 9 pm to 8 am). Turn them off at any time in one tap under “My account”.",
    recommendations_title: "Recommendations",
    recommendations_on: "You receive the bureau's training recommendations.",
    recommendations_off: "Recommendations are off: the bureau sends you none.",
    turn_recommendations_off: "Turn off",
    turn_recommendations_on: "Turn on",
    identity_check: "How the identity was checked",
    note: "Note (optional, up to 200 characters)",
    review_passkeys_title: "Choose which earlier passkeys to keep",
    review_passkeys_intro: "Your account was just recovered with a recovery code. So that nobody else can use it, your earlier passkeys are suspended: they cannot sign in or check in. Tick only the passkeys on your own phones; the others will be removed.",
    keep_ticked_passkeys: "Keep the ticked ones, remove the rest",
    created: "Added",
    remove_passkey: "Remove",
    disabled: "Disabled",
    disable: "Disable account",
    enable: "Enable again",
    change_role: "Change role",
    reason: "Reason (required)",
    my_training_and_subsidies: "My training and subsidies",
    subsidy_review: "Subsidy review",
    messages: "Messages",
};

/// What the page after a form says it did (forms that work without
/// JavaScript).
#[cfg(feature = "ssr")]
pub struct FormTexts {
    pub signed_out: &'static str,
    pub signed_out_everywhere: &'static str,
    pub enrolled: &'static str,
    pub class_approved: &'static str,
    pub class_returned: &'static str,
    pub face_rule_saved: &'static str,
    pub consent_withdrawn: &'static str,
    pub face_check_opened: &'static str,
    pub catalogue_saved: &'static str,
    pub catalogue_imported: &'static str,
    pub catalogue_filed: &'static str,
    pub catalogue_decided: &'static str,
    pub catalogue_published: &'static str,
    pub employer_registered: &'static str,
    pub employer_decided: &'static str,
    pub employer_corrected: &'static str,
    pub order_posted: &'static str,
    pub order_decided: &'static str,
    pub order_withdrawn: &'static str,
    pub bid_sent: &'static str,
    pub bid_picked: &'static str,
    pub outcome_recorded: &'static str,
    pub retention_confirmed: &'static str,
    pub offer_answered: &'static str,
    pub employment_declared: &'static str,
    pub recommendations_set: &'static str,
    pub recommendation_dismissed: &'static str,
    pub campaign_saved: &'static str,
    pub campaign_sent: &'static str,
    pub target_set: &'static str,
    pub inspection_scheduled: &'static str,
    pub inspection_recorded: &'static str,
    pub inspection_warned: &'static str,
    pub rectification_answered: &'static str,
    pub photo_added: &'static str,
    pub warning_cleared: &'static str,
    pub rating_replied: &'static str,
    pub rating_hidden: &'static str,
    pub claim_recovered: &'static str,
    pub messages_read: &'static str,
    pub claim_filed: &'static str,
    pub rating_saved: &'static str,
    pub category_decided: &'static str,
    pub certificate_checked: &'static str,
    pub staff_disabled: &'static str,
    pub staff_enabled: &'static str,
    pub role_changed: &'static str,
    pub assessment_recorded: &'static str,
    pub signed_in: &'static str,
    pub password_set: &'static str,
    pub passkey_removed: &'static str,
    pub registered: &'static str,
    pub passkeys_reviewed: &'static str,
    pub code_issued_for: &'static str,
    /// A batch: how many were done, how many left as they were.
    pub batch_done: fn(usize, usize) -> String,
    pub and_more: &'static str,
    pub skipped_not_in_state: &'static str,
    pub skipped_approved_by_you: &'static str,
    pub skipped_checks_pending: &'static str,
    pub headcount_saved: &'static str,
    pub class_submitted: &'static str,
    pub attendance_corrected: &'static str,
    /// Until when a one-time code works; hand it over only in person.
    pub code_valid_until: fn(&str) -> String,
}

#[cfg(feature = "ssr")]
impl Lang {
    /// The form outcomes' texts in this language.
    pub const fn form_texts(self) -> &'static FormTexts {
        match self {
            Lang::Zh => &FORM_ZH,
            Lang::En => &FORM_EN,
        }
    }
}

#[cfg(feature = "ssr")]
const FORM_ZH: FormTexts = FormTexts {
    signed_out: "已退出登录。",
    signed_out_everywhere: "已在所有设备上退出登录。",
    enrolled: "报名成功。",
    class_approved: "已批准开班。",
    class_returned: "已退回机构修改。",
    face_rule_saved: "人脸核验要求已保存，并记入历史。",
    face_check_opened: "核验服务商已准备好，请点下面的按钮前往核验。",
    catalogue_saved: "已保存。",
    catalogue_imported: "已导入为草稿，请核对后报送备案。",
    catalogue_filed: "已报送省厅备案，等待审核。",
    catalogue_decided: "备案审核结果已记录。",
    catalogue_published: "目录已发布，将在生效日期起向公众显示。",
    employer_registered: "已注册，人社局核验通过后即可发布培训订单。",
    employer_decided: "已保存核验结论。",
    employer_corrected: "已重新提交，等待人社局核验。",
    order_posted: "订单已提交人社局审核。",
    order_decided: "已保存审核结论。",
    order_withdrawn: "订单已撤回。",
    bid_sent: "已揭榜，等待企业选择。",
    bid_picked: "已选定培训机构，机构可以为此订单申请开班。",
    outcome_recorded: "已记录录用情况。",
    retention_confirmed: "已确认在岗情况。",
    offer_answered: "已回复工作邀请。",
    employment_declared: "已申报入职日期。",
    recommendations_set: "已保存你的推荐设置。",
    recommendation_dismissed: "好的，这条推荐不会再出现。",
    campaign_saved: "已保存草稿，下面是按当前条件统计的人数。",
    campaign_sent: "已发送：推送会在允许的时段内陆续送达。",
    target_set: "目标已保存，依据已记录。",
    inspection_scheduled: "检查已安排。",
    inspection_recorded: "检查结果已记录，培训机构可以看到。",
    inspection_warned:
        "检查结果已记录。清点人数少于签到人数，已生成风险预警，本班的补贴申请在预警解除前暂停。",
    rectification_answered: "整改情况已答复，人社局可以看到。",
    photo_added: "照片已上传，已记录其校验值。",
    consent_withdrawn: "已撤回人脸信息处理同意。需要人脸核验的签到，下次会再次征求您的同意。",
    warning_cleared: "预警已解除，核查结论已记录。",
    rating_replied: "回复已发布。",
    rating_hidden: "评价内容已隐藏，原因已记录。",
    claim_recovered: "追回已登记。",
    messages_read: "消息已全部标为已读。",
    claim_filed: "补贴申请已提交，系统正在自动核验。",
    rating_saved: "评价已保存，谢谢！",
    category_decided: "核实结论已记录。",
    certificate_checked: "证书核对结果已记录。",
    staff_disabled: "账号已停用，其所有登录已结束。",
    staff_enabled: "账号已重新启用。",
    role_changed: "角色已变更。",
    assessment_recorded: "结业考核已保存。",
    signed_in: "已登录。",
    password_set: "密码已设置，您已登录。",
    passkey_removed: "通行密钥已删除。",
    registered: "注册成功，欢迎使用技能培训通。",
    passkeys_reviewed: "已保存：勾选的通行密钥恢复使用，其余已移除。",
    code_issued_for: "一次性验证码已发放：",
    batch_done: |done, skipped| {
        if skipped == 0 {
            format!("已处理 {done} 份。")
        } else {
            format!("已处理 {done} 份；未处理 {skipped} 份：")
        }
    },
    and_more: "等",
    skipped_not_in_state: "当前状态不能这样处理（或已被其他审核人处理）",
    skipped_approved_by_you: "由您审核通过，须由其他人登记发放",
    skipped_checks_pending: "仍有待条件变化才能通过的核验",
    headcount_saved: "实到人数已保存。",
    class_submitted: "开班申请已提交，等待人社局审批。",
    attendance_corrected: "已更正，并记入审计日志。",
    code_valid_until: |until| {
        format!("{until} 前有效，只能使用一次。请当面交给本人，本页刷新后不再显示。")
    },
};

#[cfg(feature = "ssr")]
const FORM_EN: FormTexts = FormTexts {
    signed_out: "You are signed out.",
    signed_out_everywhere: "You are signed out on every device.",
    enrolled: "You are enrolled.",
    class_approved: "The class is approved.",
    class_returned: "The class was returned to the institution for changes.",
    face_rule_saved: "The face-check rule is saved and kept in the history.",
    face_check_opened: "The verification provider is ready: tap the button below to go to the check.",
    catalogue_saved: "Saved.",
    catalogue_imported: "Imported as the draft: check it, then file it with the province.",
    catalogue_filed: "Filed with the province; awaiting its review.",
    catalogue_decided: "The filing decision is recorded.",
    catalogue_published: "Published: the public sees it from its effective date.",
    employer_registered: "Registered: once the city bureau has verified your company, you can post training orders.",
    employer_decided: "The verification decision is saved.",
    employer_corrected: "Submitted again for verification.",
    order_posted: "The order is submitted to the bureau.",
    order_decided: "The review decision is saved.",
    order_withdrawn: "The order is withdrawn.",
    bid_sent: "Bid sent: the employer will pick an institution.",
    bid_picked: "Institution picked: it can now apply for a class for this order.",
    outcome_recorded: "The outcome is recorded.",
    retention_confirmed: "The retention check is confirmed.",
    offer_answered: "Your answer is sent to the employer.",
    employment_declared: "The employment start is declared.",
    recommendations_set: "Your recommendation setting is saved.",
    recommendation_dismissed: "Done: this recommendation will not show again.",
    campaign_saved: "Draft saved: below is how many workers it reaches now.",
    campaign_sent: "Sent: the messages go out within the permitted hours.",
    target_set: "The target is saved with its reason.",
    inspection_scheduled: "The inspection is scheduled.",
    inspection_recorded: "The findings are recorded; the institution can read them.",
    inspection_warned: "The findings are recorded. Fewer people were counted than had checked in: a risk warning was raised, and the class's subsidy claims wait until it is cleared.",
    rectification_answered: "Your answer is sent to the bureau.",
    photo_added: "The photo is filed with its checksum.",
    consent_withdrawn: "Your consent to face processing is withdrawn. A check-in that needs a face check will ask for it again.",
    warning_cleared: "The warning is cleared; your finding is recorded.",
    rating_replied: "Your reply is published.",
    rating_hidden: "The comment is hidden; the reason is recorded.",
    claim_recovered: "The recovery is recorded.",
    messages_read: "All messages are marked read.",
    claim_filed: "Your claim is filed; the automatic checks are running.",
    rating_saved: "Your rating is saved. Thank you!",
    category_decided: "The decision is recorded.",
    certificate_checked: "The certificate check is recorded.",
    staff_disabled: "The account is disabled and all its sessions ended.",
    staff_enabled: "The account is enabled again.",
    role_changed: "The role is changed.",
    assessment_recorded: "The assessment is saved.",
    signed_in: "You are signed in.",
    password_set: "Your password is set and you are signed in.",
    passkey_removed: "The passkey is removed.",
    registered: "You are registered. Welcome to SkillPass.",
    passkeys_reviewed: "Saved: the ticked passkeys work again; the others are removed.",
    code_issued_for: "One-time code issued for ",
    batch_done: |done, skipped| {
        if skipped == 0 {
            format!("{done} done.")
        } else {
            format!("{done} done; {skipped} left as they were: ")
        }
    },
    and_more: "and more",
    skipped_not_in_state: "its state does not allow this (or another reviewer moved it)",
    skipped_approved_by_you: "you approved it, so someone else records the payment",
    skipped_checks_pending: "a check is still waiting on a changed fact",
    headcount_saved: "The headcount is saved.",
    class_submitted: "The class application is submitted; the bureau will decide.",
    attendance_corrected: "Corrected, and kept in the audit trail.",
    code_valid_until: |until| {
        format!("Valid until {until}, once. Hand it over in person; it is not shown again after this page.")
    },
};

/// Texts of the classroom screen (the staff screen and the display page a
/// display link opens), the rotating code's island included.
pub struct ScreenTexts {
    pub copy_display_link: &'static str,
    pub display_link_hint: &'static str,
    pub display_link_label: &'static str,
    pub display_title: &'static str,
    pub check_in_or_out: &'static str,
    pub scan_hint: &'static str,
    pub checked_in: &'static str,
    /// "Open 08:50 – 09:10" while the code can be scanned.
    pub window_open: fn(&str, &str) -> String,
    /// When it cannot be scanned now.
    pub window_closed: fn(&str, &str) -> String,
    /// A roll-call is open: the screen shows its code until the time given.
    pub roll_call_open: fn(i64, &str) -> String,
    /// The display link was copied; it works until the time given.
    pub link_copied: fn(&str) -> String,
    /// The clipboard refused: copy the link shown by hand.
    pub link_copy_by_hand: fn(&str) -> String,
    /// A request that did not reach the server or got no answer.
    pub network_problem: &'static str,
}

impl Lang {
    /// The classroom screen's texts in this language.
    pub const fn screen_texts(self) -> &'static ScreenTexts {
        match self {
            Lang::Zh => &SCREEN_ZH,
            Lang::En => &SCREEN_EN,
        }
    }
}

const SCREEN_ZH: ScreenTexts = ScreenTexts {
    copy_display_link: "复制投屏链接",
    display_link_hint:
        "在教室电脑上打开投屏链接，无需登录，只显示签到二维码；链接仅在这次课当天有效。",
    display_link_label: "投屏链接",
    display_title: "签到二维码",
    check_in_or_out: "签到或签退",
    scan_hint: "用手机相机扫码，在手机上用通行密钥确认。二维码每 10 秒更换。",
    checked_in: "已签到 ",
    window_open: |opens, closes| format!("扫码时间：{opens} – {closes}"),
    window_closed: |opens, closes| format!("现在不能扫码，开放时间 {opens} – {closes}"),
    roll_call_open: |seq, closes| {
        format!("第 {seq} 次随机点名：已签到的学员请扫码确认，{closes} 截止")
    },
    link_copied: |until| format!("已复制，{until} 前有效。"),
    link_copy_by_hand: |until| format!("请复制上面的链接，{until} 前有效。"),
    network_problem: "网络不稳定，请稍后重试。",
};

const SCREEN_EN: ScreenTexts = ScreenTexts {
    copy_display_link: "Copy display link",
    display_link_hint: "Open the display link on the classroom PC: no sign-in, it shows only the check-in code, and only on the day of this session.",
    display_link_label: "Display link",
    display_title: "Check-in code",
    check_in_or_out: "Check-in or check-out",
    scan_hint: "Scan with the phone camera and confirm with your passkey on the phone. The code changes every 10 seconds.",
    checked_in: "Checked in: ",
    window_open: |opens, closes| format!("Open {opens} – {closes}"),
    window_closed: |opens, closes| format!("Not open now: {opens} – {closes}"),
    roll_call_open: |seq, closes| {
        format!("Roll-call {seq}: if you checked in, scan and confirm by {closes}")
    },
    link_copied: |until| format!("Copied; valid until {until}."),
    link_copy_by_hand: |until| format!("Copy the link above; valid until {until}."),
    network_problem: "The network is unsteady; please try again.",
};

/// Texts about verified worker categories: the bureau's page, the
/// worker's timeline and account (server-rendered only).
#[cfg(feature = "ssr")]
pub struct CategoryTexts {
    pub page_title: &'static str,
    pub intro: &'static str,
    pub filter_by_status: &'static str,
    pub none_in_status: &'static str,
    pub declared_on: &'static str,
    pub decided: &'static str,
    pub note: &'static str,
    pub verify: &'static str,
    pub refuse: &'static str,
    pub import_title: &'static str,
    pub import_intro: &'static str,
    pub import_file: &'static str,
    pub import_note: &'static str,
    pub import_button: &'static str,
    pub timeline_title: &'static str,
    pub awaiting: fn(&str) -> String,
    pub refused: fn(&str) -> String,
    pub verified: fn(&str) -> String,
    pub import_summary: fn(usize, usize, usize) -> String,
    pub import_default_note: &'static str,
    /// A row of the list that matched no declared category, and why.
    pub import_row: fn(usize, &str) -> String,
}

#[cfg(feature = "ssr")]
impl Lang {
    /// The worker-category texts in this language.
    pub const fn category_texts(self) -> &'static CategoryTexts {
        match self {
            Lang::Zh => &CATEGORY_ZH,
            Lang::En => &CATEGORY_EN,
        }
    }
}

#[cfg(feature = "ssr")]
const CATEGORY_ZH: CategoryTexts = CategoryTexts {
    page_title: "人员类别核实",
    intro: "学员注册时自行申报的人员类别，核实后才计入补贴上浮和生活费补贴。请对照有关部门的名单逐个核实，或导入名单。",
    filter_by_status: "按核实状态筛选",
    none_in_status: "没有这个状态的人员类别。",
    declared_on: "申报于",
    decided: "核实",
    note: "核实说明（必填，如：民政部门低保名单 2026 年 11 月）",
    verify: "核实无误",
    refuse: "核实不通过",
    import_title: "导入名单",
    import_intro: "CSV（UTF-8 或 GBK 编码）或 Excel（.xlsx），每行：身份证号码、人员类别（名称或代码），第一行可以是表头；最多 5 MB。只要有一行不正确，整份名单都不导入。",
    import_file: "名单文件",
    import_note: "名单来源（如：县乡村振兴局脱贫人口名单）",
    import_button: "导入并核实",
    timeline_title: "人员类别核实",
    awaiting: |category| format!("{category}：待人社部门核实，核实后才计入补贴上浮和生活费补贴"),
    refused: |category| format!("{category}：人社部门核实未通过，不计入补贴上浮和生活费补贴"),
    verified: |category| format!("{category}：已核实"),
    import_summary: |verified, already, unmatched| {
        format!("已核实 {verified} 条，此前已核实 {already} 条，未匹配 {unmatched} 行。")
    },
    import_default_note: "名单导入",
    import_row: |row, why| format!("第 {row} 行：{why}"),
};

#[cfg(feature = "ssr")]
const CATEGORY_EN: CategoryTexts = CategoryTexts {
    page_title: "Worker category verification",
    intro: "Workers declare their categories when they register; a category raises the subsidy (uplift, living allowance) only once verified. Verify one by one against the other departments' lists, or import a list.",
    filter_by_status: "Filter by status",
    none_in_status: "No worker categories in this state.",
    declared_on: "Declared",
    decided: "Decided",
    note: "Note (required, e.g. civil affairs low-income list, Nov 2026)",
    verify: "Verify",
    refuse: "Refuse",
    import_title: "Import a list",
    import_intro: "CSV (UTF-8 or GBK) or Excel (.xlsx), one row each: ID number, worker category (name or code); the first row may be a header; at most 5 MB. If any row is wrong, nothing is imported.",
    import_file: "List file",
    import_note: "Where the list comes from (e.g. county rural revitalisation bureau)",
    import_button: "Import and verify",
    timeline_title: "Worker category verification",
    awaiting: |category| format!("{category}: awaiting the HR bureau's verification; counts for the uplift and the living allowance once verified"),
    refused: |category| format!("{category}: not confirmed by the HR bureau; no uplift or living allowance for it"),
    verified: |category| format!("{category}: verified"),
    import_summary: |verified, already, unmatched| {
        format!("{verified} verified, {already} verified before, {unmatched} rows not matched.")
    },
    import_default_note: "List import",
    import_row: |row, why| format!("row {row}: {why}"),
};

/// The language of the current page, provided by [`crate::App`].
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_quality_supported_language() {
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,zh;q=0.8"),
            Lang::En
        );
        assert_eq!(
            Lang::from_accept_language("fr;q=1, zh-CN;q=0.5, en;q=0.4"),
            Lang::Zh
        );
        assert_eq!(Lang::from_accept_language("de, en;q=0.3"), Lang::En);
    }

    #[test]
    fn accept_language_without_a_supported_language_falls_back_to_chinese() {
        assert_eq!(Lang::from_accept_language("fr, de;q=0.5"), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
    }

    #[test]
    fn language_tags_are_read_by_their_primary_subtag() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("ja"), None);
    }

    /// Every source file under `dir`, recursively.
    fn sources(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).expect("a source folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                files.extend(sources(&path));
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
        files
    }

    fn is_chinese(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
    }

    #[test]
    fn pages_islands_and_forms_take_every_text_from_the_tables() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut inline = Vec::new();
        for folder in ["pages", "components", "islands", "api"] {
            for file in sources(&root.join(folder)) {
                let text = std::fs::read_to_string(&file).expect("a readable source");
                for (number, line) in text.lines().enumerate() {
                    let code = line.split("//").next().unwrap_or_default();
                    if code.chars().any(is_chinese) {
                        inline.push(format!("{}:{}", file.display(), number + 1));
                    }
                }
            }
        }
        assert!(inline.is_empty(), "Chinese text outside i18n/: {inline:?}");
    }

    #[test]
    fn only_the_text_tables_choose_between_the_languages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let choosers: Vec<String> = sources(&root)
            .into_iter()
            .filter(|file| !file.starts_with(root.join("i18n")))
            .filter(|file| {
                let text = std::fs::read_to_string(file).expect("a readable source");
                text.contains("Lang::Zh =>") || text.contains("== Lang::Zh")
            })
            .map(|file| file.display().to_string())
            .collect();
        assert!(
            choosers.is_empty(),
            "language chosen outside i18n/: {choosers:?}"
        );
    }
}
