//! Why a value was refused, in terms a person can act on.

use serde::{Deserialize, Serialize};

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
    PhoneCapability,
    CatalogueKind,
    FilingNumber,
    EffectiveDate,
    Attachment,
    ExportFormat,
    CreditCode,
    OrderKind,
    OrderStatus,
    TraineesWanted,
    Requirements,
    StartDate,
    /// When a trainee started working for the employer that trains them.
    EmployedSince,
    Institution,
    Positions,
    PositionTitle,
    Openings,
    Wage,
    Workplace,
    ContractMonths,
    Plan,
    OfferKind,
    CampaignStatus,
    /// A campaign's message.
    Message,
    /// When a worker registered (an audience's date range).
    RegisteredSince,
    /// A yearly training target in person-times.
    PersonTimes,
    ProgressTable,
    /// How an inspection is made: on site or remote.
    InspectionMode,
    /// 合格, 整改 or 不合格.
    InspectionResult,
    /// Whether the teaching matched the class's plan.
    TeachingMatchesPlan,
    /// What an inspector found.
    Findings,
    /// An institution's answer to a rectification order.
    Answer,
    /// A photo of an inspection.
    Photo,
}

impl Field {
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
        Field::PhoneCapability => "capability",
        Field::CatalogueKind => "kind",
        Field::FilingNumber => "filing_number",
        Field::EffectiveDate => "effective_on",
        Field::Attachment => "attachment",
        Field::ExportFormat => "format",
        Field::CreditCode => "credit_code",
        Field::OrderKind => "kind",
        Field::OrderStatus => "status",
        Field::TraineesWanted => "trainees_wanted",
        Field::Requirements => "requirements",
        Field::StartDate => "start_training_by",
        Field::Institution => "institution_id",
        Field::Positions => "positions",
        Field::PositionTitle => "title",
        Field::Openings => "openings",
        Field::Wage => "wage_min_yuan",
        Field::Workplace => "workplace",
        Field::ContractMonths => "contract_months",
        Field::Plan => "plan",
        Field::OfferKind => "offer_kind",
        Field::CampaignStatus => "status",
        Field::Message => "message_zh",
        Field::RegisteredSince => "registered_from",
        Field::PersonTimes => "person_times",
        Field::ProgressTable => "table",
        Field::InspectionMode => "mode",
        Field::InspectionResult => "result",
        Field::TeachingMatchesPlan => "teaching_matches_plan",
        Field::Findings => "findings",
        Field::Answer => "answer",
        Field::Photo => "photo",
        Field::EmployedSince => "employed_since",
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
    #[error("institution {name:?} appears twice")]
    DuplicateInstitution { name: String },
    #[error("occupation {name:?} is not in the city's course catalogue")]
    OccupationNotInCatalogue { name: String },
    #[error("occupation of {name:?} changed in place")]
    OccupationChangedInAdjustment { name: String },
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
    #[error("{field:?} is in the past")]
    DateInPast { field: Field },
    #[error("recovery of more than the {paid_fen} fen paid")]
    RecoveryTooLarge { paid_fen: i64 },
    #[error("a class with online sessions names no online platform")]
    OnlinePlatformRequired,
    #[error("the online platform is not an active platform of the class's city")]
    OnlinePlatformNotAvailable,
    #[error("credit code {value:?} is not 18 characters of its alphabet")]
    CreditCodeFormat { value: String },
    #[error("credit code {value:?} fails its check character")]
    CreditCodeCheck { value: String },
    #[error("the highest wage is below the lowest")]
    WageRangeReversed,
    #[error("the plan is shorter than {min} characters")]
    PlanTooShort { min: usize },
    #[error("the class is not of the order's course and level ({occupation:?})")]
    NotTheOrdersCourse { occupation: String },
    #[error("the retention check is due on {due}")]
    RetentionNotDue { due: String },
    #[error("an employer runs only pre-job, on-the-job and apprenticeship training")]
    TrainingTypeNotForEmployers,
    #[error("an employer's own class trains no order")]
    OrderNotForEmployerClass,
    #[error("{field:?} ends before it starts")]
    DateRangeReversed { field: Field },
    #[error("level {level:?} has no level below it")]
    NoLevelBelow { level: CertificateLevel },
    #[error("a campaign message has a web address or an invisible character")]
    MessageFormat,
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
            InputError::DuplicateOccupation { .. }
            | InputError::OccupationNotInCatalogue { .. } => Some(Field::Occupations),
            InputError::DuplicateInstitution { .. } => Some(Field::InstitutionName),
            InputError::OccupationChangedInAdjustment { .. } => Some(Field::OccupationCode),
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
            InputError::DateInFuture { field } | InputError::DateInPast { field } => Some(*field),
            InputError::RecoveryTooLarge { .. } => Some(Field::SubsidyAmount),
            InputError::OnlinePlatformRequired | InputError::OnlinePlatformNotAvailable => {
                Some(Field::OnlinePlatform)
            }
            InputError::CreditCodeFormat { .. } | InputError::CreditCodeCheck { .. } => {
                Some(Field::CreditCode)
            }
            InputError::WageRangeReversed => Some(Field::Wage),
            InputError::PlanTooShort { .. } => Some(Field::Plan),
            InputError::NotTheOrdersCourse { .. } => Some(Field::Course),
            InputError::RetentionNotDue { .. } => Some(Field::Decision),
            InputError::TrainingTypeNotForEmployers => Some(Field::TrainingType),
            InputError::OrderNotForEmployerClass => Some(Field::Course),
            InputError::DateRangeReversed { field } => Some(*field),
            InputError::NoLevelBelow { .. } => Some(Field::CertificateLevel),
            InputError::MessageFormat => Some(Field::Message),
        }
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
