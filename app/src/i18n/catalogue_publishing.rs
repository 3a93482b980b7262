//! Texts of catalogue publishing: the problems an import preview reports
//! (shared by the page, the API and the command line, so all three say
//! the same). Server-rendered only.

use super::Lang;
use crate::domain::{PreviewProblem, TemplateProblemKind};

impl TemplateProblemKind {
    /// What is wrong, in the reader's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TemplateProblemKind::Input(error), _) => error.message(lang),
            (TemplateProblemKind::HeaderNotFound, Lang::Zh) => {
                "没有找到模板的表头行，请使用附表1或附表2的模板，保留表头各列的标题。".to_owned()
            }
            (TemplateProblemKind::HeaderNotFound, Lang::En) => {
                "The template's header row was not found: use the 附表1 or 附表2 template and keep its column titles.".to_owned()
            }
            (TemplateProblemKind::OtherTemplate { sent }, Lang::Zh) => {
                format!("这是{}的表格，请在对应的目录中导入。", sent.annex())
            }
            (TemplateProblemKind::OtherTemplate { sent }, Lang::En) => {
                format!("This is the {} sheet; import it into the other catalogue.", sent.annex())
            }
            (TemplateProblemKind::MissingColumn, Lang::Zh) => "表头缺少这一列。".to_owned(),
            (TemplateProblemKind::MissingColumn, Lang::En) => "The header lacks this column.".to_owned(),
            (TemplateProblemKind::NoRows, Lang::Zh) => "表头下面没有任何条目。".to_owned(),
            (TemplateProblemKind::NoRows, Lang::En) => "There are no rows under the header.".to_owned(),
            (TemplateProblemKind::NoAmountInStandard, Lang::Zh) => {
                "补贴标准中没有读到金额，请写成“初级工 1500 元，中级工 2000 元”或“取得合格证书给予补贴 1000 元”。".to_owned()
            }
            (TemplateProblemKind::NoAmountInStandard, Lang::En) => {
                "No amount was found in the subsidy standard; write it as “初级工 1500 元，中级工 2000 元” or “取得合格证书给予补贴 1000 元”.".to_owned()
            }
            (TemplateProblemKind::UnknownCategoryInStandard { text }, Lang::Zh) => {
                format!("补贴标准中的“{text}”不是已知的人员类别（如脱贫劳动力、就业困难人员）。")
            }
            (TemplateProblemKind::UnknownCategoryInStandard { text }, Lang::En) => {
                format!("“{text}” in the subsidy standard is not a known worker category (such as 脱贫劳动力 or 就业困难人员).")
            }
            (TemplateProblemKind::UpliftWithoutPercent, Lang::Zh) => {
                "“上浮”后面要写百分比，例如“上浮 10%”。".to_owned()
            }
            (TemplateProblemKind::UpliftWithoutPercent, Lang::En) => {
                "“上浮” must be followed by a percentage, such as “上浮 10%”.".to_owned()
            }
            (TemplateProblemKind::UnknownOccupation { name }, Lang::Zh) => {
                format!("“{name}”不在本市职业技能培训需求指导目录中。")
            }
            (TemplateProblemKind::UnknownOccupation { name }, Lang::En) => {
                format!("“{name}” is not in the city's course catalogue.")
            }
            (TemplateProblemKind::DuplicateRow { first_row }, Lang::Zh) => {
                format!("与第 {first_row} 行重复。")
            }
            (TemplateProblemKind::DuplicateRow { first_row }, Lang::En) => {
                format!("Repeats row {first_row}.")
            }
        }
    }
}

impl PreviewProblem {
    /// The problem on one line, as the preview page and the command line
    /// print it: "第 7 行，“补贴标准”：…".
    pub fn line(&self, lang: Lang) -> String {
        let place = match (self.row, &self.column_title, lang) {
            (Some(row), Some(column), Lang::Zh) => format!("第 {row} 行，“{column}”："),
            (Some(row), None, Lang::Zh) => format!("第 {row} 行："),
            (None, _, Lang::Zh) => "文件：".to_owned(),
            (Some(row), Some(column), Lang::En) => format!("Row {row}, “{column}”: "),
            (Some(row), None, Lang::En) => format!("Row {row}: "),
            (None, _, Lang::En) => "File: ".to_owned(),
        };
        format!("{place}{}", self.message)
    }
}

/// The words of the catalogue publishing pages.
pub struct CatalogueTexts {
    pub page_title: &'static str,
    pub intro: &'static str,
    pub standing_title: &'static str,
    pub city: &'static str,
    pub course_catalogue: &'static str,
    pub institution_catalogue: &'static str,
    /// "本市2027年目录尚未发布，请在6月30日前发布。"
    pub due_soon_warning: fn(i32) -> String,
    pub late_warning: fn(i32) -> String,
    pub standing_published: &'static str,
    pub standing_pending: &'static str,
    pub standing_due_soon: &'static str,
    pub standing_late: &'static str,
    pub waiting_filings: &'static str,
    pub no_waiting_filings: &'static str,
    pub editions_title: &'static str,
    pub no_editions: &'static str,
    pub year: &'static str,
    pub kind: &'static str,
    pub status: &'static str,
    pub version: &'static str,
    pub rows: &'static str,
    pub filing_number: &'static str,
    pub effective_on: &'static str,
    pub open: &'static str,
    pub new_edition_title: &'static str,
    pub start_empty: &'static str,
    pub copy_current: &'static str,
    pub create: &'static str,
    pub import_title: &'static str,
    pub import_intro: &'static str,
    pub import_file: &'static str,
    pub upload: &'static str,
    pub preview_title: &'static str,
    /// "读到 N 行，发现 M 个问题"
    pub preview_summary: fn(usize, usize) -> String,
    pub problems_title: &'static str,
    pub row: &'static str,
    pub column: &'static str,
    pub problem: &'static str,
    pub fix_and_upload: &'static str,
    pub confirm_import: &'static str,
    pub rows_as_stored: &'static str,
    pub export: &'static str,
    pub history: &'static str,
    pub training_type: &'static str,
    pub occupation: &'static str,
    pub code: &'static str,
    pub urgent: &'static str,
    pub certificate_kind: &'static str,
    pub subsidy_standard: &'static str,
    pub remarks: &'static str,
    pub name: &'static str,
    pub address: &'static str,
    pub nature: &'static str,
    pub occupations: &'static str,
    pub occupations_hint: &'static str,
    pub contact_person: &'static str,
    pub contact_phone: &'static str,
    pub amounts_hint: &'static str,
    pub uplifts_hint: &'static str,
    pub add_row: &'static str,
    pub edit: &'static str,
    pub delete: &'static str,
    pub save: &'static str,
    pub edit_row_title: &'static str,
    pub file_title: &'static str,
    pub file_intro: &'static str,
    pub scan: &'static str,
    pub file_button: &'static str,
    pub filings_title: &'static str,
    pub purpose_edition: &'static str,
    pub purpose_adjustment: &'static str,
    pub filing_draft: &'static str,
    pub filing_submitted: &'static str,
    pub filing_returned: &'static str,
    pub filing_accepted: &'static str,
    pub filing_published: &'static str,
    pub returned_because: &'static str,
    pub attachment: &'static str,
    pub accept: &'static str,
    pub return_it: &'static str,
    pub reason: &'static str,
    pub publish_title: &'static str,
    pub publish: &'static str,
    pub adjust_title: &'static str,
    pub adjust_intro: &'static str,
    pub open_adjustment: &'static str,
    pub adjustment_title: &'static str,
    pub changes: &'static str,
    pub no_changes: &'static str,
    pub action_add: &'static str,
    pub action_change: &'static str,
    pub action_remove: &'static str,
    pub withdraw: &'static str,
    pub abandon: &'static str,
    pub remove_in_adjustment: &'static str,
    pub change_in_adjustment: &'static str,
    pub add_in_adjustment: &'static str,
    pub file_adjustment: &'static str,
    pub history_title: &'static str,
    pub no_history: &'static str,
    pub version_label: fn(i32) -> String,
    pub first_version: &'static str,
    pub before: &'static str,
    pub after: &'static str,
    pub demo_notice: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
}

impl Lang {
    /// The catalogue publishing pages' texts in this language.
    pub const fn catalogue_texts(self) -> &'static CatalogueTexts {
        match self {
            Lang::Zh => &CATALOGUE_ZH,
            Lang::En => &CATALOGUE_EN,
        }
    }
}

const CATALOGUE_ZH: CatalogueTexts = CatalogueTexts {
    page_title: "目录发布与备案",
    intro: "每年6月底前，人社局发布本市职业技能培训需求指导目录（附表1）和补贴性培训机构目录（附表2），发布前报省厅备案；发布后可动态调整。",
    standing_title: "本年度发布情况",
    city: "地区",
    course_catalogue: "培训需求指导目录（附表1）",
    institution_catalogue: "培训机构目录（附表2）",
    due_soon_warning: |year| format!("本市{year}年度目录尚未发布。按规定应在6月30日前报省厅备案并发布。"),
    late_warning: |year| format!("本市{year}年度目录已超过6月30日仍未发布，请尽快备案发布。"),
    standing_published: "已发布",
    standing_pending: "未发布",
    standing_due_soon: "6月底前须发布",
    standing_late: "逾期未发布",
    waiting_filings: "待审核的备案",
    no_waiting_filings: "没有待审核的备案。",
    editions_title: "目录版本",
    no_editions: "还没有任何目录版本。",
    year: "年度",
    kind: "目录",
    status: "状态",
    version: "版本",
    rows: "条目",
    filing_number: "备案号",
    effective_on: "生效日期",
    open: "打开",
    new_edition_title: "新建年度目录",
    start_empty: "从空白开始",
    copy_current: "复制本市现行目录",
    create: "新建草稿",
    import_title: "导入填好的模板",
    import_intro: "上传附表1或附表2（XLSX，或Excel/WPS另存的CSV，UTF-8或GBK均可）。先预览每一行和每个问题，确认后才保存为草稿。",
    import_file: "模板文件",
    upload: "上传并预览",
    preview_title: "导入预览",
    preview_summary: |rows, problems| format!("读到 {rows} 行，发现 {problems} 个问题。"),
    problems_title: "需要修改的问题",
    row: "行",
    column: "列",
    problem: "问题",
    fix_and_upload: "请在文件中修改以上问题后重新上传。有问题时不会保存任何内容。",
    confirm_import: "确认导入为草稿",
    rows_as_stored: "将保存的条目",
    export: "导出",
    history: "调整历史",
    training_type: "培训类型",
    occupation: "职业（工种）名称",
    code: "职业（工种）编码",
    urgent: "急需紧缺",
    certificate_kind: "证书类型",
    subsidy_standard: "补贴标准",
    remarks: "备注",
    name: "机构（单位）名称",
    address: "地址",
    nature: "办学性质",
    occupations: "可开展的职业（工种）",
    occupations_hint: "用顿号分隔，例如：育婴员、电工（6-31-01-03）",
    contact_person: "联系人",
    contact_phone: "联系电话",
    amounts_hint: "各等级补贴金额（元，可到分）",
    uplifts_hint: "人员类别上浮比例（%）",
    add_row: "添加条目",
    edit: "修改",
    delete: "删除",
    save: "保存",
    edit_row_title: "修改目录条目",
    file_title: "报省厅备案",
    file_intro: "附上盖章扫描件（PDF或图片，不超过5MB）。报送后不能再修改，除非省厅退回。",
    scan: "盖章扫描件",
    file_button: "报送备案",
    filings_title: "备案记录",
    purpose_edition: "年度目录",
    purpose_adjustment: "动态调整",
    filing_draft: "填写中",
    filing_submitted: "待省厅审核",
    filing_returned: "已退回",
    filing_accepted: "已备案",
    filing_published: "已生效",
    returned_because: "退回原因",
    attachment: "扫描件",
    accept: "同意备案",
    return_it: "退回",
    reason: "原因",
    publish_title: "发布",
    publish: "发布",
    adjust_title: "动态调整",
    adjust_intro: "发布后，增加、修改或移出条目都通过一次调整：写明原因和生效日期，报省厅备案，同意后在生效日期形成新版本。已批准的班级仍按批准时的补贴标准。",
    open_adjustment: "开始调整",
    adjustment_title: "本次调整",
    changes: "变更",
    no_changes: "还没有变更。在下面的条目上选择修改或移出，或添加新条目。",
    action_add: "新增",
    action_change: "修改",
    action_remove: "移出",
    withdraw: "撤回",
    abandon: "放弃本次调整",
    remove_in_adjustment: "移出目录",
    change_in_adjustment: "修改",
    add_in_adjustment: "新增条目",
    file_adjustment: "报送本次调整",
    history_title: "目录历史",
    no_history: "这个目录还没有发布。",
    version_label: |version| format!("第 {version} 版"),
    first_version: "备案发布的年度目录",
    before: "调整前",
    after: "调整后",
    demo_notice: "演示数据：这是系统自带的演示目录，不是正式发布的目录。",
    yes: "是",
    no: "否",
};

const CATALOGUE_EN: CatalogueTexts = CatalogueTexts {
    page_title: "Catalogue publishing and filing",
    intro: "Each year by the end of June, the bureau publishes its city's course catalogue (附表1) and subsidised institution catalogue (附表2), filing them with the province first; after publication it adjusts them as needed.",
    standing_title: "This year's publication",
    city: "Area",
    course_catalogue: "Course catalogue (附表1)",
    institution_catalogue: "Institution catalogue (附表2)",
    due_soon_warning: |year| format!("Your city's {year} catalogues are not yet published. They must be filed with the province and published by 30 June."),
    late_warning: |year| format!("Your city's {year} catalogues were due by 30 June and are still not published: file and publish them as soon as possible."),
    standing_published: "Published",
    standing_pending: "Not yet published",
    standing_due_soon: "Due by 30 June",
    standing_late: "Late",
    waiting_filings: "Filings awaiting review",
    no_waiting_filings: "No filings await review.",
    editions_title: "Editions",
    no_editions: "There are no editions yet.",
    year: "Year",
    kind: "Catalogue",
    status: "Status",
    version: "Version",
    rows: "Rows",
    filing_number: "Filing number",
    effective_on: "In force from",
    open: "Open",
    new_edition_title: "New edition for a year",
    start_empty: "Start empty",
    copy_current: "Copy the city's current catalogue",
    create: "Create draft",
    import_title: "Import a filled-in template",
    import_intro: "Upload 附表1 or 附表2 (XLSX, or CSV saved from Excel or WPS, UTF-8 or GBK). You first see every row and every problem; nothing is stored until you confirm.",
    import_file: "Template file",
    upload: "Upload and preview",
    preview_title: "Import preview",
    preview_summary: |rows, problems| format!("{rows} rows read, {problems} problems found."),
    problems_title: "Problems to fix",
    row: "Row",
    column: "Column",
    problem: "Problem",
    fix_and_upload: "Fix these problems in the file and upload it again. Nothing is stored while there are problems.",
    confirm_import: "Confirm and store as the draft",
    rows_as_stored: "Rows as they will be stored",
    export: "Export",
    history: "History",
    training_type: "Training type",
    occupation: "Occupation",
    code: "Occupation code",
    urgent: "Urgently needed",
    certificate_kind: "Certificate",
    subsidy_standard: "Subsidy standard",
    remarks: "Remarks",
    name: "Institution",
    address: "Address",
    nature: "Nature",
    occupations: "Occupations it may train",
    occupations_hint: "Separated by 、 or commas, e.g. 育婴员、电工（6-31-01-03）",
    contact_person: "Contact person",
    contact_phone: "Contact phone",
    amounts_hint: "Amount per level (yuan, fen allowed)",
    uplifts_hint: "Uplift per worker category (%)",
    add_row: "Add row",
    edit: "Edit",
    delete: "Delete",
    save: "Save",
    edit_row_title: "Edit a catalogue row",
    file_title: "File with the province",
    file_intro: "Attach the stamped scan (PDF or image, at most 5 MB). Once filed, the draft cannot change unless the province returns it.",
    scan: "Stamped scan",
    file_button: "File",
    filings_title: "Filings",
    purpose_edition: "Yearly edition",
    purpose_adjustment: "Adjustment",
    filing_draft: "Being prepared",
    filing_submitted: "Awaiting the province",
    filing_returned: "Returned",
    filing_accepted: "Accepted",
    filing_published: "In force",
    returned_because: "Returned because",
    attachment: "Scan",
    accept: "Accept",
    return_it: "Return",
    reason: "Reason",
    publish_title: "Publish",
    publish: "Publish",
    adjust_title: "Adjustment",
    adjust_intro: "After publication, rows are added, changed or removed by an adjustment: give the reason and the date it takes effect, file it with the province, and once accepted it makes a new version on that date. Approved classes keep the subsidy standard they were approved under.",
    open_adjustment: "Start an adjustment",
    adjustment_title: "This adjustment",
    changes: "Changes",
    no_changes: "No changes yet. Choose change or remove on a row below, or add a row.",
    action_add: "Added",
    action_change: "Changed",
    action_remove: "Removed",
    withdraw: "Withdraw",
    abandon: "Abandon this adjustment",
    remove_in_adjustment: "Remove",
    change_in_adjustment: "Change",
    add_in_adjustment: "Add a row",
    file_adjustment: "File this adjustment",
    history_title: "Catalogue history",
    no_history: "This catalogue is not published yet.",
    version_label: |version| format!("Version {version}"),
    first_version: "The yearly edition as filed and published",
    before: "Before",
    after: "After",
    demo_notice: "Demo data: this is the built-in demo catalogue, not an officially published one.",
    yes: "Yes",
    no: "No",
};
