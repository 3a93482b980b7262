//! Newtypes and rules: a value that passed its rules gets its own type.
//! Most are shared by the browser and the server, so the phone shows the
//! same error the server would. The modules marked `ssr` (accounts,
//! categories, classes, identity, subsidy) hold rules only the server
//! applies; keeping them out of the browser build keeps the WebAssembly
//! small and the ID-number rules on the server.

#[cfg(feature = "ssr")]
mod account;
mod browser;
#[cfg(feature = "ssr")]
mod campaign;
mod catalogue;
#[cfg(feature = "ssr")]
mod catalogue_publishing;
#[cfg(feature = "ssr")]
mod catalogue_template;
#[cfg(feature = "ssr")]
mod categories;
mod city;
#[cfg(feature = "ssr")]
mod classes;
mod classification;
mod code_enum;
mod device_key;
#[cfg(feature = "ssr")]
mod employer;
pub(crate) mod error;
#[cfg(feature = "ssr")]
mod hiring;
#[cfg(feature = "ssr")]
mod identity;
#[cfg(feature = "ssr")]
mod inspection;
mod money;
mod occupation;
#[cfg(feature = "ssr")]
mod oversight;
mod passkey;
mod phone;
mod position;
#[cfg(feature = "ssr")]
mod provider;
#[cfg(feature = "ssr")]
mod recommendation;
#[cfg(feature = "ssr")]
mod subsidy;
#[cfg(feature = "ssr")]
mod subsidy_text;
pub(crate) mod text;
#[cfg(feature = "ssr")]
mod training_order;

#[cfg(feature = "ssr")]
pub use account::*;
pub use browser::{hides_passkeys, InAppBrowser};
#[cfg(feature = "ssr")]
pub use campaign::{
    funnel, Audience, AudienceInput, AudienceSize, CampaignInput, CampaignStatus, CategoryCount,
    FunnelCount, FunnelLine, FunnelStep, NewCampaign, OfferKind, RecipientProgress, MESSAGE_EN_MAX,
    MESSAGE_ZH_MAX,
};
pub use catalogue::*;
#[cfg(feature = "ssr")]
pub use catalogue_publishing::*;
#[cfg(feature = "ssr")]
pub use catalogue_template::*;
#[cfg(feature = "ssr")]
pub use categories::*;
pub use city::City;
#[cfg(feature = "ssr")]
pub use classes::*;
pub use classification::{
    CatalogueStatus, CertificateKind, CertificateLevel, Direction, InstitutionNature,
    MarkAssurance, PhoneCapability, ScanPurpose, TrainingType, WorkerCategory,
};
pub use device_key::{check_in_message, registration_message};
#[cfg(feature = "ssr")]
pub use employer::*;
#[cfg(feature = "ssr")]
pub use error::hours;
pub use error::{Field, IdNumberProblem, InputError, RowProblem, RowProblemKind};
#[cfg(feature = "ssr")]
pub use hiring::*;
#[cfg(feature = "ssr")]
pub use identity::{
    mask_id_number, CalendarDate, IdNumber, MobileNumber, OneTimeCode, Password, RealName, Role,
    Username,
};
#[cfg(feature = "ssr")]
pub use inspection::{
    counted_fewer_than_checked_in, InspectionMode, InspectionRecord, InspectionRecordInput,
    InspectionResult, InspectionStatus, PhotoType, RectificationAnswer, ANSWER_MAX, FINDINGS_MAX,
    MAX_INSPECTION_HEADCOUNT, MAX_PHOTOS_PER_INSPECTION, MAX_PHOTO_BYTES, TEACHING_NOTE_MAX,
};
pub use money::{CategoryUplift, Fen, LevelAmount, SubsidyStandard, UpliftPercent};
pub use occupation::{occupation_key, OccupationCode};
#[cfg(feature = "ssr")]
pub use oversight::{
    counts_as_person_time, forecast, last_day_of_month, month_starts, pace, share_of_year,
    ProgressTable, Rate, RemovalReason, RemovalRules, ScoredBy, TargetChange, TargetStanding,
    MAX_TARGET, MIGRANT_CATEGORIES, MIN_SAMPLE,
};
pub use passkey::{
    AuthenticationAnswer, AuthenticationChallenge, RegistrationAnswer, RegistrationChallenge,
};
pub use phone::{tel_uri, PhoneNumber};
pub use position::ReportedPosition;
#[cfg(feature = "ssr")]
pub use provider::Provider;
#[cfg(feature = "ssr")]
pub use recommendation::{
    delivery_time, sms_retry_delay, sms_text, QuietHours, RecommendedItem, DEFAULT_WEEKLY_LIMIT,
    SMS_ATTEMPTS, SMS_SIGNATURE,
};
#[cfg(feature = "ssr")]
pub use subsidy::*;
#[cfg(feature = "ssr")]
pub use subsidy_text::{format as standard_text, StandardText};
pub use text::{
    parse_bounded_int, parse_flag, Address, ContactPerson, InstitutionName, OccupationName,
    Remarks, SearchText,
};
#[cfg(feature = "ssr")]
pub use training_order::*;
