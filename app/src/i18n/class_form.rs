//! Texts of the class application form's islands (its session rows and
//! the position button). Shared by the server and the browser.

use super::Lang;

pub struct ClassFormTexts {
    pub date: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub mode: &'static str,
    pub remove: &'static str,
    pub add_session: &'static str,
    pub use_my_position: &'static str,
}

impl Lang {
    /// The class application form's texts in this language.
    pub const fn class_form_texts(self) -> &'static ClassFormTexts {
        match self {
            Lang::Zh => &CLASS_FORM_ZH,
            Lang::En => &CLASS_FORM_EN,
        }
    }
}

const CLASS_FORM_ZH: ClassFormTexts = ClassFormTexts {
    date: "日期",
    start: "开始",
    end: "结束",
    mode: "方式",
    remove: "删除",
    add_session: "添加一次课",
    use_my_position: "使用当前位置",
};

const CLASS_FORM_EN: ClassFormTexts = ClassFormTexts {
    date: "Date",
    start: "Start",
    end: "End",
    mode: "Mode",
    remove: "Remove",
    add_session: "Add a session",
    use_my_position: "Use my current position",
};
