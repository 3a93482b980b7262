//! Texts of the employer pages: registration, verification, training
//! orders, bids (揭榜) and the job line workers read on courses and
//! classes. Server-rendered only.

use super::Lang;
use crate::domain::{EmployerStatus, OrderKind, OrderStatus};

pub struct OrderTexts {
    /// "培训后由 X 录用：N 个岗位，月薪 A–B 元".
    pub job_line: fn(&str, i64, i64, i64) -> String,
    pub jobs_title: &'static str,
    pub position: &'static str,
    pub openings: &'static str,
    pub monthly_wage: &'static str,
    pub workplace: &'static str,
    pub contract_months: &'static str,
    pub starts_on: &'static str,
    /// "N 个月".
    pub months: fn(i64) -> String,
    /// "A–B 元".
    pub wage_range: fn(i64, i64) -> String,

    // Employer registration and verification.
    pub register_title: &'static str,
    /// On the sign-in page, before the link to the registration.
    pub employer_question: &'static str,
    pub register_intro: &'static str,
    pub company_section: &'static str,
    pub company_name: &'static str,
    pub credit_code: &'static str,
    pub credit_code_hint: &'static str,
    pub address: &'static str,
    pub city: &'static str,
    pub contact_person: &'static str,
    pub contact_mobile: &'static str,
    pub account_section: &'static str,
    pub your_name: &'static str,
    pub username: &'static str,
    pub username_hint: &'static str,
    pub password: &'static str,
    pub password_hint: &'static str,
    pub register: &'static str,
    pub employers_title: &'static str,
    pub employer_title: &'static str,
    pub no_employers: &'static str,
    pub registered_at: &'static str,
    pub rejected_because: &'static str,
    pub pending_notice: &'static str,
    pub verify: &'static str,
    pub reject: &'static str,
    pub reject_reason: &'static str,
    pub correct_title: &'static str,
    pub correct: &'static str,
    pub filter_by_status: &'static str,

    // Orders.
    pub orders_title: &'static str,
    pub orders_intro_employer: &'static str,
    pub orders_intro_institution: &'static str,
    pub orders_intro_bureau: &'static str,
    pub orders_intro_public: &'static str,
    pub no_orders: &'static str,
    pub post_order: &'static str,
    pub new_order_title: &'static str,
    pub kind: &'static str,
    pub course_and_level: &'static str,
    pub trainees_wanted: &'static str,
    pub requirements: &'static str,
    pub start_training_by: &'static str,
    pub institution: &'static str,
    pub any_institution: &'static str,
    pub positions_legend: &'static str,
    pub positions_hint: &'static str,
    pub wage_min: &'static str,
    pub wage_max: &'static str,
    pub submit_order: &'static str,
    pub resubmit_order: &'static str,
    pub order_title: &'static str,
    pub employer: &'static str,
    pub trainees: &'static str,
    pub trains_it: &'static str,
    pub returned_because: &'static str,
    pub decision_title: &'static str,
    pub approve: &'static str,
    pub return_order: &'static str,
    pub return_reason: &'static str,
    pub withdraw_title: &'static str,
    pub withdraw_reason: &'static str,
    pub withdraw: &'static str,
    pub bids_title: &'static str,
    pub no_bids: &'static str,
    pub bid_title: &'static str,
    pub bid_intro: &'static str,
    pub plan: &'static str,
    pub send_bid: &'static str,
    pub pick: &'static str,
    pub history_title: &'static str,
    pub classes_title: &'static str,
    pub open_class: &'static str,
    pub verification_needed: &'static str,
    pub open_to_any: &'static str,

    // Hire and retention.
    pub job_offer_step: &'static str,
    /// Employer, position, first working day.
    pub offer_detail: fn(&str, &str, &str) -> String,
    pub accept_offer: &'static str,
    pub decline_offer: &'static str,
    pub offer_accepted: &'static str,
    pub offer_declined: &'static str,
    pub hired_step: &'static str,
    /// "Started on 2027-03-01".
    pub hired_detail: fn(&str) -> String,
    /// "Still employed after 3 months".
    pub retention_step: fn(u32) -> String,
    pub still_employed: &'static str,
    pub left_job: &'static str,
    pub trainees_title: &'static str,
    pub trainee: &'static str,
    pub completed: &'static str,
    pub certified: &'static str,
    pub outcome: &'static str,
    pub record_offer: &'static str,
    pub record_hire: &'static str,
    pub record_not_offered: &'static str,
    pub not_offered_reason: &'static str,
    pub confirm_retention: fn(u32) -> String,
    pub left_on: &'static str,
    pub no_trainees: &'static str,

    // An employer's own training (直补企业).
    pub employment_title: &'static str,
    pub employment_intro: &'static str,
    pub employment_link: &'static str,
    pub employed_since: &'static str,
    pub not_declared: &'static str,
    pub declare: &'static str,
    pub no_trainees_yet: &'static str,
    /// On the page of an employer's own training, naming the employer.
    pub employer_run_note: fn(&str) -> String,
    /// The columns of the exported order list, the funnel's stages last.
    pub export_columns: [&'static str; 18],
    pub funnel_title: &'static str,
    pub export_xlsx: &'static str,
    pub export_csv: &'static str,
    pub warnings_title: &'static str,
    pub clear_reason: &'static str,
    pub clear: &'static str,
    pub cleared_because: &'static str,
}

impl Lang {
    /// The employer and order pages' texts in this language.
    pub const fn order_texts(self) -> &'static OrderTexts {
        match self {
            Lang::Zh => &ORDERS_ZH,
            Lang::En => &ORDERS_EN,
        }
    }
}

/// A step of an order's history, as its reader says it.
pub fn order_step_label(action: &str, lang: Lang) -> &str {
    let (zh, en) = match action {
        "posted" => ("发布", "Posted"),
        "approved" => ("人社局批准", "Approved by the bureau"),
        "returned" => ("人社局退回", "Returned by the bureau"),
        "resubmitted" => ("修改后重新提交", "Submitted again"),
        "bid" => ("机构揭榜", "An institution bid"),
        "picked" => ("企业选定机构", "Institution picked"),
        "withdrawn" => ("撤回", "Withdrawn"),
        other => return other,
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

impl OrderKind {
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (OrderKind::Order, Lang::Zh) => "订单培训",
            (OrderKind::Order, Lang::En) => "Order training",
            (OrderKind::Directed, Lang::Zh) => "定向培训",
            (OrderKind::Directed, Lang::En) => "Directed training",
            (OrderKind::Position, Lang::Zh) => "定岗培训",
            (OrderKind::Position, Lang::En) => "Position-based training",
            (OrderKind::Project, Lang::Zh) => "项目制培训",
            (OrderKind::Project, Lang::En) => "Project training",
        }
    }
}

impl OrderStatus {
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (OrderStatus::Submitted, Lang::Zh) => "待人社局审核",
            (OrderStatus::Submitted, Lang::En) => "Awaiting the bureau",
            (OrderStatus::Returned, Lang::Zh) => "已退回修改",
            (OrderStatus::Returned, Lang::En) => "Returned for changes",
            (OrderStatus::Approved, Lang::Zh) => "已批准，揭榜中",
            (OrderStatus::Approved, Lang::En) => "Approved, open to bids",
            (OrderStatus::Assigned, Lang::Zh) => "已确定培训机构",
            (OrderStatus::Assigned, Lang::En) => "Institution chosen",
            (OrderStatus::Withdrawn, Lang::Zh) => "已撤回",
            (OrderStatus::Withdrawn, Lang::En) => "Withdrawn",
        }
    }
}

impl EmployerStatus {
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (EmployerStatus::Pending, Lang::Zh) => "待人社局核验",
            (EmployerStatus::Pending, Lang::En) => "Awaiting verification",
            (EmployerStatus::Verified, Lang::Zh) => "已核验",
            (EmployerStatus::Verified, Lang::En) => "Verified",
            (EmployerStatus::Rejected, Lang::Zh) => "未通过核验",
            (EmployerStatus::Rejected, Lang::En) => "Rejected",
        }
    }
}

const ORDERS_ZH: OrderTexts = OrderTexts {
    job_line: |employer, openings, min, max| {
        format!("培训后由{employer}录用：{openings} 个岗位，月薪 {min}–{max} 元")
    },
    jobs_title: "培训后的岗位",
    position: "岗位",
    openings: "人数",
    monthly_wage: "月薪",
    workplace: "工作地点",
    contract_months: "合同期限",
    starts_on: "到岗日期",
    months: |months| format!("{months} 个月"),
    wage_range: |min, max| format!("{min}–{max} 元"),

    register_title: "用工企业注册",
    employer_question: "企业招工、发布订单培训？",
    register_intro: "注册后由企业所在地人社局核验营业执照信息，核验通过即可发布订单、定向、定岗和项目制培训需求。",
    company_section: "企业信息",
    company_name: "企业名称（与营业执照一致）",
    credit_code: "统一社会信用代码",
    credit_code_hint: "18 位，见营业执照",
    address: "地址",
    city: "所在城市",
    contact_person: "联系人",
    contact_mobile: "联系人手机",
    account_section: "您的登录账号",
    your_name: "您的姓名",
    username: "登录名",
    username_hint: "3 到 32 个小写字母、数字、“-”或“_”",
    password: "密码",
    password_hint: "至少 8 个字符；登录后可在“我的账号”添加通行密钥",
    register: "注册",
    employers_title: "用工企业",
    employer_title: "企业信息",
    no_employers: "没有这个状态的企业。",
    registered_at: "注册时间",
    rejected_because: "未通过核验的原因：",
    pending_notice: "人社局正在核验贵单位的信息，核验通过后即可发布培训订单。",
    verify: "核验通过",
    reject: "不通过",
    reject_reason: "不通过的原因（企业将看到）",
    correct_title: "修改企业信息并重新提交核验",
    correct: "重新提交",
    filter_by_status: "按核验状态筛选",

    orders_title: "培训订单",
    orders_intro_employer: "贵单位发布的订单、定向、定岗和项目制培训需求，以及每一步的进展。",
    orders_intro_institution: "本机构可以揭榜的培训订单，以及已确定由本机构培训的订单。",
    orders_intro_bureau: "本市用工企业发布的培训订单：审核、跟踪揭榜和开班。",
    orders_intro_public: "企业发布的培训订单：培训结束后由企业录用。",
    no_orders: "还没有培训订单。",
    post_order: "发布培训订单",
    new_order_title: "发布培训订单",
    kind: "培训方式",
    course_and_level: "培训项目和等级（本市培训需求目录）",
    trainees_wanted: "培训人数",
    requirements: "招收要求（年龄、学历、体检等）",
    start_training_by: "最晚开班日期",
    institution: "培训机构",
    any_institution: "不指定：由目录内可培训该职业的机构揭榜",
    positions_legend: "提供的岗位",
    positions_hint: "至少填写一个岗位；不用的行留空。",
    wage_min: "月薪下限（元）",
    wage_max: "月薪上限（元）",
    submit_order: "提交人社局审核",
    resubmit_order: "修改后重新提交",
    order_title: "培训订单",
    employer: "用工企业",
    trainees: "培训人数",
    trains_it: "培训机构",
    returned_because: "退回原因：",
    decision_title: "审核",
    approve: "批准",
    return_order: "退回修改",
    return_reason: "退回原因（企业将看到）",
    withdraw_title: "撤回订单",
    withdraw_reason: "撤回原因",
    withdraw: "撤回",
    bids_title: "揭榜的机构",
    no_bids: "还没有机构揭榜。",
    bid_title: "揭榜",
    bid_intro: "简要说明本机构的培训方案：师资、场地、时间安排。企业将从揭榜的机构中选择一家。",
    plan: "培训方案",
    send_bid: "提交揭榜",
    pick: "选择这家机构",
    history_title: "进展记录",
    classes_title: "为此订单开的班",
    open_class: "为此订单申请开班",
    verification_needed: "贵单位通过人社局核验后才能发布培训订单。",
    open_to_any: "面向所有可培训该职业的机构",

    job_offer_step: "工作邀请",
    offer_detail: |employer, position, starts| format!("{employer}：{position}，{starts} 到岗"),
    accept_offer: "接受邀请",
    decline_offer: "婉拒",
    offer_accepted: "已接受，等企业办理入职",
    offer_declined: "已婉拒",
    hired_step: "入职",
    hired_detail: |day| format!("{day} 起在岗"),
    retention_step: |months| format!("入职满 {months} 个月"),
    still_employed: "仍在岗",
    left_job: "已离职",
    trainees_title: "学员录用情况",
    trainee: "学员",
    completed: "已结业",
    certified: "已取证",
    outcome: "录用情况",
    record_offer: "发出工作邀请",
    record_hire: "确认入职",
    record_not_offered: "不录用",
    not_offered_reason: "不录用的原因",
    confirm_retention: |months| format!("确认满 {months} 个月在岗情况"),
    left_on: "离职日期（仍在岗则留空）",
    no_trainees: "为这个订单开的班还没有学员。",
    employment_title: "学员入职申报",
    employment_intro: "企业自主培训的补贴直接拨付给企业，只限开班时已是本企业职工的学员。请为每名学员申报入职日期；入职晚于开班日或未申报的，会生成风险预警，在人社局核实前暂缓拨付。",
    employment_link: "学员入职申报",
    employed_since: "入职日期",
    not_declared: "未申报",
    declare: "申报",
    no_trainees_yet: "这个班还没有学员报名。",
    employer_run_note: |employer| format!("这是{employer}为本单位职工开办的培训，只招本单位职工。补贴由单位申领并直接拨付给单位；学员算作已享受这一职业（工种）等级的补贴，本人不能再申领。"),
    export_columns: [
        "订单号", "用工企业", "城市", "培训方式", "职业（工种）", "等级", "状态", "培训机构",
        "培训人数", "月薪", "提供岗位", "报名", "结业", "取证", "发出邀请", "入职", "在岗满3个月",
        "在岗满6个月",
    ],
    funnel_title: "进展：岗位 → 报名 → 结业 → 取证 → 邀请 → 入职 → 在岗 3 个月 → 6 个月",
    export_xlsx: "导出 Excel",
    export_csv: "导出 CSV",
    warnings_title: "风控预警",
    clear_reason: "核实情况（必填）",
    clear: "核实后解除",
    cleared_because: "已解除：",
};

const ORDERS_EN: OrderTexts = OrderTexts {
    job_line: |employer, openings, min, max| {
        format!("After training, {employer} hires: {openings} jobs, {min}–{max} yuan a month")
    },
    jobs_title: "Jobs after the training",
    position: "Position",
    openings: "Openings",
    monthly_wage: "Monthly wage",
    workplace: "Place of work",
    contract_months: "Contract",
    starts_on: "Starts on",
    months: |months| format!("{months} months"),
    wage_range: |min, max| format!("{min}–{max} yuan"),

    register_title: "Register your company",
    employer_question: "An employer posting training orders?",
    register_intro: "The city bureau checks your business licence details; once verified, your company can post order, directed, position-based and project training.",
    company_section: "Company",
    company_name: "Company name (as on the business licence)",
    credit_code: "Unified social credit code",
    credit_code_hint: "18 characters, on the business licence",
    address: "Address",
    city: "City",
    contact_person: "Contact person",
    contact_mobile: "Contact's mobile number",
    account_section: "Your sign-in",
    your_name: "Your name",
    username: "User name",
    username_hint: "3 to 32 lower-case letters, digits, “-” or “_”",
    password: "Password",
    password_hint: "At least 8 characters; add a passkey from “My account” after signing in",
    register: "Register",
    employers_title: "Employers",
    employer_title: "Company",
    no_employers: "No employers in this status.",
    registered_at: "Registered",
    rejected_because: "Why it was not verified: ",
    pending_notice: "The city bureau is checking your company's details; once verified you can post training orders.",
    verify: "Verify",
    reject: "Reject",
    reject_reason: "Why (the company will see it)",
    correct_title: "Correct the details and ask again",
    correct: "Submit again",
    filter_by_status: "Filter by verification status",

    orders_title: "Training orders",
    orders_intro_employer: "Your company's order, directed, position-based and project training, and where each stands.",
    orders_intro_institution: "Orders your institution may bid for, and those it was chosen to train.",
    orders_intro_bureau: "Training orders of the city's employers: review them and follow bids and classes.",
    orders_intro_public: "Training that ends in a job: the employer hires after the training.",
    no_orders: "No training orders yet.",
    post_order: "Post a training order",
    new_order_title: "Post a training order",
    kind: "Kind of training",
    course_and_level: "Course and level (the city's catalogue)",
    trainees_wanted: "Trainees wanted",
    requirements: "Requirements (age, schooling, health check…)",
    start_training_by: "Training starts by",
    institution: "Institution",
    any_institution: "Any: institutions of the catalogue that may train it bid",
    positions_legend: "Jobs offered",
    positions_hint: "Give at least one job; leave unused rows empty.",
    wage_min: "Lowest monthly wage (yuan)",
    wage_max: "Highest monthly wage (yuan)",
    submit_order: "Submit to the bureau",
    resubmit_order: "Submit again",
    order_title: "Training order",
    employer: "Employer",
    trainees: "Trainees",
    trains_it: "Institution",
    returned_because: "Returned because: ",
    decision_title: "Review",
    approve: "Approve",
    return_order: "Return for changes",
    return_reason: "Why (the employer will see it)",
    withdraw_title: "Withdraw the order",
    withdraw_reason: "Why",
    withdraw: "Withdraw",
    bids_title: "Institutions that bid",
    no_bids: "No institution has bid yet.",
    bid_title: "Bid to train it",
    bid_intro: "Describe your plan briefly: teachers, place, schedule. The employer picks one of the institutions that bid.",
    plan: "Training plan",
    send_bid: "Send the bid",
    pick: "Pick this institution",
    history_title: "History",
    classes_title: "Classes for this order",
    open_class: "Apply for a class for this order",
    verification_needed: "Your company can post training orders once the city bureau has verified it.",
    open_to_any: "Open to every institution that may train it",

    job_offer_step: "Job offer",
    offer_detail: |employer, position, starts| format!("{employer}: {position}, starting {starts}"),
    accept_offer: "Accept",
    decline_offer: "Decline",
    offer_accepted: "Accepted; the employer records the hire",
    offer_declined: "Declined",
    hired_step: "Hired",
    hired_detail: |day| format!("Working since {day}"),
    retention_step: |months| format!("{months} months in the job"),
    still_employed: "Still employed",
    left_job: "Left",
    trainees_title: "Trainees and hires",
    trainee: "Trainee",
    completed: "Completed",
    certified: "Certified",
    outcome: "Outcome",
    record_offer: "Offer a job",
    record_hire: "Record the hire",
    record_not_offered: "No offer",
    not_offered_reason: "Why no offer",
    confirm_retention: |months| format!("Confirm the {months}-month check"),
    left_on: "Left on (empty if still employed)",
    no_trainees: "The classes for this order have no trainees yet.",
    employment_title: "Trainees' employment",
    employment_intro: "The subsidy of an employer's own training is paid to the employer, and only for trainees who were its employees when the class started. Declare each trainee's employment start: a start after the first day of the class, or none, raises a risk warning and holds the payment until the bureau has checked it.",
    employment_link: "Trainees' employment",
    employed_since: "Employed since",
    not_declared: "Not declared",
    declare: "Declare",
    no_trainees_yet: "Nobody has enrolled in this class yet.",
    employer_run_note: |employer| format!("{employer}'s training of its own employees, for them only. The employer claims the subsidy and is paid it; it counts as the trainee's subsidy for this occupation and level, which they cannot claim again themselves."),
    export_columns: [
        "Order", "Employer", "City", "Kind", "Occupation", "Level", "Status", "Institution",
        "Trainees wanted", "Monthly wage", "Jobs", "Enrolled", "Completed", "Certified", "Offered",
        "Hired", "Employed at 3 months", "Employed at 6 months",
    ],
    funnel_title: "Progress: jobs → enrolled → completed → certified → offered → hired → employed at 3 → 6 months",
    export_xlsx: "Export Excel",
    export_csv: "Export CSV",
    warnings_title: "Risk warnings",
    clear_reason: "What you found (required)",
    clear: "Clear after checking",
    cleared_because: "Cleared: ",
};

impl crate::domain::OfferStatus {
    pub const fn label(self, lang: Lang) -> &'static str {
        use crate::domain::OfferStatus::*;
        match (self, lang) {
            (Offered, Lang::Zh) => "已发出邀请",
            (Offered, Lang::En) => "Offered",
            (Accepted, Lang::Zh) => "学员已接受",
            (Accepted, Lang::En) => "Accepted",
            (Declined, Lang::Zh) => "学员婉拒",
            (Declined, Lang::En) => "Declined",
            (Hired, Lang::Zh) => "已入职",
            (Hired, Lang::En) => "Hired",
            (NotOffered, Lang::Zh) => "未录用",
            (NotOffered, Lang::En) => "Not offered",
        }
    }
}

/// Why an order warning was raised, with its figures, in the reader's
/// language.
pub fn explain_order_warning(warning: &crate::domain::OrderWarningView, lang: Lang) -> String {
    use crate::domain::OrderWarningKind;
    match warning.kind {
        OrderWarningKind::HireBelowAttendance => {
            let (attended, needed) = warning.details.split_once('|').unwrap_or(("?", "?"));
            match lang {
                Lang::Zh => format!(
                    "录用的学员（{}）出勤率只有 {attended}%，低于申领补贴所需的 {needed}%：请核实其是否真正参加了培训。",
                    warning.subject
                ),
                Lang::En => format!(
                    "The trainee hired ({}) attended only {attended}%, below the {needed}% a subsidy claim needs: check that they really trained.",
                    warning.subject
                ),
            }
        }
        OrderWarningKind::SharedContact => match lang {
            Lang::Zh => format!(
                "用工企业和培训机构的联系人是同一人（{}）：请核实企业与机构之间是否存在关联，订单是否真实。",
                warning.details
            ),
            Lang::En => format!(
                "The employer's and the institution's contact are one person ({}): check whether the two are related and the order is genuine.",
                warning.details
            ),
        },
    }
}
