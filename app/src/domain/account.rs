//! Accounts as people fill them in and as they see them.

use serde::{Deserialize, Serialize};

use super::{
    code_enum::code_enum, parse_bounded_int, text::bounded, CalendarDate, City, Field, IdNumber,
    InputError, MobileNumber, RealName, Role, Username, WorkerCategory,
};

code_enum! {
    /// How strongly the current sign-in proves the person: a passkey with
    /// user verification, or the weaker password fallback.
    pub enum Assurance for Field::Reason {
        Passkey = "passkey";
        Password = "password";
    }
}

/// A worker's registration form, as typed. Its `Debug` masks the ID
/// number, so a logged form never carries it.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkerRegistrationInput {
    pub real_name: String,
    pub id_number: String,
    pub mobile: String,
    pub city: String,
    #[serde(default)]
    pub categories: Vec<String>,
}

impl std::fmt::Debug for WorkerRegistrationInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerRegistrationInput")
            .field("real_name", &self.real_name)
            .field("id_number", &super::mask_id_number(&self.id_number))
            .field("mobile", &self.mobile)
            .field("city", &self.city)
            .field("categories", &self.categories)
            .finish()
    }
}

/// A worker registration that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewWorker {
    pub real_name: RealName,
    pub id_number: IdNumber,
    pub mobile: MobileNumber,
    pub city: City,
    pub categories: Vec<WorkerCategory>,
}

impl NewWorker {
    /// Parses the form; `today` bounds the birth date in the ID number.
    /// At least one worker category; each at most once.
    pub fn parse(
        input: &WorkerRegistrationInput,
        today: CalendarDate,
    ) -> Result<NewWorker, InputError> {
        let mut categories = input
            .categories
            .iter()
            .filter(|c| !c.trim().is_empty())
            .map(|c| WorkerCategory::parse(c))
            .collect::<Result<Vec<_>, _>>()?;
        categories.sort();
        categories.dedup();
        if categories.is_empty() {
            return Err(InputError::Required {
                field: Field::WorkerCategories,
            });
        }
        Ok(NewWorker {
            real_name: RealName::parse(&input.real_name)?,
            id_number: IdNumber::parse(&input.id_number, today)?,
            mobile: MobileNumber::parse(&input.mobile)?,
            city: City::parse(&input.city)?,
            categories,
        })
    }
}

/// A staff account as a bureau (or the province) fills it in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffAccountInput {
    pub role: String,
    pub display_name: String,
    pub username: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub institution_id: String,
    /// For an employer's staff: the employer (from the city's verified or
    /// registered employers).
    #[serde(default)]
    pub employer_id: String,
    #[serde(default)]
    pub mobile: String,
}

/// A staff account that passed every rule. Which roles and cities the
/// creator may choose is checked by the access rules, not here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaffAccount {
    pub role: Role,
    pub display_name: RealName,
    pub username: Username,
    pub city: Option<City>,
    pub organisation: Option<String>,
    pub institution_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub mobile: Option<MobileNumber>,
}

impl TryFrom<&StaffAccountInput> for NewStaffAccount {
    type Error = InputError;

    fn try_from(input: &StaffAccountInput) -> Result<Self, InputError> {
        let role = Role::parse(&input.role)?;
        if role == Role::Worker {
            return Err(InputError::UnknownCode {
                field: Field::Role,
                value: role.code().to_owned(),
            });
        }
        let city = match input.city.trim() {
            "" if role == Role::Province => None,
            "" => return Err(InputError::Required { field: Field::City }),
            code => Some(City::parse(code)?),
        };
        let organisation = bounded(Field::InstitutionName, &input.organisation, 80, false)?;
        let institution_id = match input.institution_id.trim() {
            "" if role == Role::Institution => {
                return Err(InputError::Required { field: Field::Id })
            }
            "" => None,
            id => Some(parse_bounded_int(Field::Id, id, 1, i64::MAX)?),
        };
        let employer_id = match input.employer_id.trim() {
            "" => None,
            _ if role != Role::Employer => None,
            id => Some(parse_bounded_int(Field::Id, id, 1, i64::MAX)?),
        };
        let mobile = match input.mobile.trim() {
            "" => None,
            number => Some(MobileNumber::parse(number)?),
        };
        Ok(NewStaffAccount {
            role,
            display_name: RealName::parse(&input.display_name)?,
            username: Username::parse(&input.username)?,
            city,
            organisation: (!organisation.is_empty()).then_some(organisation),
            institution_id,
            employer_id,
            mobile,
        })
    }
}

/// An account as its owner (or a manager in scope) sees it: personal
/// data only masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccountView {
    pub id: String,
    pub role: Role,
    pub display_name: String,
    pub username: Option<String>,
    pub city: Option<City>,
    pub organisation: Option<String>,
    pub institution_id: Option<i64>,
    /// The employer an employer's staff member acts for.
    #[serde(default)]
    pub employer_id: Option<i64>,
    pub mobile_masked: Option<String>,
    pub worker_categories: Vec<WorkerCategory>,
    /// Each declared category with its verification status.
    #[serde(default)]
    pub category_standings: Vec<super::CategoryStanding>,
    pub id_number_masked: Option<String>,
    /// Passkeys that sign in (suspended ones are in
    /// [`Me::passkeys_to_review`]).
    pub passkeys: Vec<PasskeyView>,
    pub has_password: bool,
    /// Disabled by a bureau or the province: no session, no sign-in.
    #[serde(default)]
    pub disabled: bool,
}

/// A registered passkey, without its key material.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasskeyView {
    /// The full credential id (hex), to remove or keep this passkey.
    pub id: String,
    /// The first characters of the credential id, to tell passkeys apart.
    pub short_id: String,
    pub label: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// The signed-in person and how they signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Me {
    pub account: AccountView,
    pub assurance: Assurance,
    /// Send as `X-CSRF-Token` with state-changing requests from scripts.
    pub csrf_token: String,
    /// Passkeys a recovery suspended: the owner keeps or removes each
    /// before they sign in again. Empty when there is nothing to decide.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub passkeys_to_review: Vec<PasskeyView>,
}

code_enum! {
    /// How bureau staff checked a worker's identity before issuing a
    /// recovery code; recorded in the audit trail.
    pub enum IdentityCheck for Field::IdentityCheck {
        IdCardInPerson = "id_card_in_person";
        IdCardReader = "id_card_reader";
    }
}

/// A recovery-code request as bureau staff fill it in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecoveryCodeInput {
    pub id_number: String,
    #[serde(default)]
    pub identity_check: String,
    #[serde(default)]
    pub note: String,
}

/// A recovery-code request that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryCodeRequest {
    pub id_number: IdNumber,
    pub identity_check: IdentityCheck,
    /// At most 200 characters; empty when none was given.
    pub note: String,
}

impl RecoveryCodeRequest {
    /// Parses the form; `today` bounds the birth date in the ID number.
    pub fn parse(
        input: &RecoveryCodeInput,
        today: CalendarDate,
    ) -> Result<RecoveryCodeRequest, InputError> {
        let identity_check = match input.identity_check.trim() {
            "" => {
                return Err(InputError::Required {
                    field: Field::IdentityCheck,
                })
            }
            code => IdentityCheck::parse(code)?,
        };
        Ok(RecoveryCodeRequest {
            id_number: IdNumber::parse(&input.id_number, today)?,
            identity_check,
            note: bounded(Field::Note, &input.note, 200, false)?,
        })
    }

    /// What the audit record's reason says about the check.
    pub fn audit_reason(&self) -> String {
        let check = self.identity_check.code();
        if self.note.is_empty() {
            format!("identity check: {check}")
        } else {
            format!("identity check: {check}; note: {}", self.note)
        }
    }
}

/// A role change of a staff account, as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoleChangeInput {
    pub role: String,
    #[serde(default)]
    pub institution_id: Option<i64>,
    #[serde(default)]
    pub reason: String,
}

/// A role change that passed every rule. Whether the caller may make it
/// is checked by the access rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleChange {
    pub role: Role,
    pub institution_id: Option<i64>,
    pub reason: super::Reason,
}

impl TryFrom<&RoleChangeInput> for RoleChange {
    type Error = InputError;

    fn try_from(input: &RoleChangeInput) -> Result<Self, InputError> {
        let role = Role::parse(&input.role)?;
        if role == Role::Worker {
            return Err(InputError::UnknownCode {
                field: Field::Role,
                value: role.code().to_owned(),
            });
        }
        let institution_id = match (role, input.institution_id) {
            (Role::Institution, None) => return Err(InputError::Required { field: Field::Id }),
            (Role::Institution, Some(id)) if id < 1 => {
                return Err(InputError::OutOfRange {
                    field: Field::Id,
                    min: 1,
                    max: i64::MAX,
                })
            }
            (Role::Institution, id) => id,
            _ => None,
        };
        Ok(RoleChange {
            role,
            institution_id,
            reason: super::Reason::parse(&input.reason)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: CalendarDate = CalendarDate {
        year: 2026,
        month: 11,
        day: 24,
    };

    fn registration() -> WorkerRegistrationInput {
        WorkerRegistrationInput {
            real_name: "王小明".into(),
            id_number: "11010519491231002X".into(),
            mobile: "13800138000".into(),
            city: "350100".into(),
            categories: vec![
                "rural_transferred".into(),
                "poverty_alleviated".into(),
                "rural_transferred".into(),
            ],
        }
    }

    #[test]
    fn the_debug_form_of_a_registration_shows_the_id_number_masked_only() {
        let shown = format!("{:?}", registration());
        assert!(!shown.contains("11010519491231002X"), "{shown}");
        assert!(shown.contains("1101**********002X"), "{shown}");
    }

    #[test]
    fn the_debug_form_of_a_parsed_registration_shows_the_id_number_masked_only() {
        let worker = NewWorker::parse(&registration(), TODAY).expect("valid");
        let shown = format!("{worker:?}");
        assert!(!shown.contains("11010519491231002X"), "{shown}");
        assert!(!shown.contains("0519491231"), "{shown}");
    }

    #[test]
    fn a_complete_registration_is_accepted_with_categories_deduplicated() {
        let worker = NewWorker::parse(&registration(), TODAY).expect("valid");
        assert_eq!(worker.categories.len(), 2);
        assert_eq!(worker.city, City::Fuzhou);
    }

    #[test]
    fn a_registration_needs_at_least_one_worker_category() {
        let input = WorkerRegistrationInput {
            categories: vec![],
            ..registration()
        };
        assert_eq!(
            NewWorker::parse(&input, TODAY),
            Err(InputError::Required {
                field: Field::WorkerCategories
            })
        );
    }

    #[test]
    fn a_registration_with_a_bad_id_number_names_the_problem() {
        let input = WorkerRegistrationInput {
            id_number: "110105194912310021".into(),
            ..registration()
        };
        assert!(matches!(
            NewWorker::parse(&input, TODAY),
            Err(InputError::IdNumber { .. })
        ));
    }

    #[test]
    fn staff_accounts_need_a_city_except_for_the_province() {
        let input = StaffAccountInput {
            role: "bureau".into(),
            display_name: "林晓".into(),
            username: "fz-lin".into(),
            ..Default::default()
        };
        assert_eq!(
            NewStaffAccount::try_from(&input),
            Err(InputError::Required { field: Field::City })
        );
        let province = StaffAccountInput {
            role: "province".into(),
            ..input.clone()
        };
        assert!(NewStaffAccount::try_from(&province).is_ok());
        let worker = StaffAccountInput {
            role: "worker".into(),
            city: "350100".into(),
            ..input
        };
        assert!(
            NewStaffAccount::try_from(&worker).is_err(),
            "workers register themselves"
        );
    }

    #[test]
    fn institution_staff_name_their_institution() {
        let input = StaffAccountInput {
            role: "institution".into(),
            display_name: "陈老师".into(),
            username: "fz-school".into(),
            city: "350100".into(),
            ..Default::default()
        };
        assert_eq!(
            NewStaffAccount::try_from(&input),
            Err(InputError::Required { field: Field::Id })
        );
        let input = StaffAccountInput {
            institution_id: "3".into(),
            ..input
        };
        assert_eq!(
            NewStaffAccount::try_from(&input).map(|a| a.institution_id),
            Ok(Some(3))
        );
    }

    #[test]
    fn a_recovery_code_request_names_how_the_identity_was_checked() {
        let input = RecoveryCodeInput {
            id_number: "11010519491231002X".into(),
            identity_check: String::new(),
            note: String::new(),
        };
        assert_eq!(
            RecoveryCodeRequest::parse(&input, TODAY),
            Err(InputError::Required {
                field: Field::IdentityCheck
            })
        );
        let input = RecoveryCodeInput {
            identity_check: "id_card_reader".into(),
            note: " 窗口 3 ".into(),
            ..input
        };
        let request = RecoveryCodeRequest::parse(&input, TODAY).expect("valid");
        assert_eq!(
            request.audit_reason(),
            "identity check: id_card_reader; note: 窗口 3"
        );
        let long = RecoveryCodeInput {
            note: "字".repeat(201),
            ..input
        };
        assert_eq!(
            RecoveryCodeRequest::parse(&long, TODAY),
            Err(InputError::TooLong {
                field: Field::Note,
                max: 200
            })
        );
    }

    #[test]
    fn a_role_change_needs_a_reason_and_an_institution_for_institution_staff() {
        let change = |role: &str, institution_id, reason: &str| {
            RoleChange::try_from(&RoleChangeInput {
                role: role.into(),
                institution_id,
                reason: reason.into(),
            })
        };
        assert!(change("employer", None, "").is_err(), "no reason");
        assert!(change("institution", None, "调岗").is_err());
        assert!(change("worker", None, "调岗").is_err());
        assert_eq!(
            change("employer", Some(3), "调岗").map(|c| c.institution_id),
            Ok(None),
            "only institution staff keep an institution"
        );
        assert_eq!(
            change("institution", Some(3), "调岗").map(|c| c.institution_id),
            Ok(Some(3))
        );
    }
}
