//! Who is calling, and what their role and scope let them do. Every
//! endpoint that needs a person goes through [`Actor`].

use crate::{
    domain::{Assurance, City, Provider, Role},
    error::{AppError, Refusal},
};

/// The signed-in caller of a request.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: String,
    pub role: Role,
    pub display_name: String,
    pub city: Option<City>,
    pub institution_id: Option<i64>,
    /// The employer an employer's staff member acts for.
    pub employer_id: Option<i64>,
    pub assurance: Assurance,
    pub csrf_token: String,
    /// The hash of this session's token, to end it.
    pub session_hash: String,
}

impl Actor {
    /// Whether this actor may create a staff account of `role` in `city`:
    /// the province any, a bureau institution, employer, bureau and
    /// third-party supervisor staff of its own city.
    pub fn may_create_staff(&self, role: Role, city: Option<City>) -> bool {
        match self.role {
            Role::Province => true,
            Role::Bureau => {
                matches!(
                    role,
                    Role::Institution | Role::Employer | Role::Bureau | Role::Supervisor
                ) && city.is_some()
                    && city == self.city
            }
            _ => false,
        }
    }

    /// Whether this actor may see staff accounts of `city`.
    pub fn may_list_staff(&self, city: Option<City>) -> bool {
        match self.role {
            Role::Province => true,
            Role::Bureau => city.is_some() && city == self.city,
            _ => false,
        }
    }

    /// Whether this actor may, after checking the ID card, issue a
    /// recovery code to a worker of `worker_city`: only bureau staff of
    /// that city. A recovery replaces the worker's sign-in, so neither an
    /// institution (which gains from check-ins) nor the province (which
    /// does not see the person) may start one.
    pub fn may_issue_recovery(&self, worker_city: Option<City>) -> bool {
        self.role == Role::Bureau && worker_city.is_some() && worker_city == self.city
    }

    /// Whether this actor may disable, enable or change the role of the
    /// staff account `account_id` of `role` in `city`: the province any
    /// staff, a bureau institution, employer and bureau staff of its own
    /// city; never a worker, never oneself.
    pub fn may_manage_staff(&self, account_id: &str, role: Role, city: Option<City>) -> bool {
        account_id != self.user_id && role != Role::Worker && self.may_create_staff(role, city)
    }

    /// Which audit records this actor may read: all (`None`) for the
    /// province, its city for a bureau, nothing for anyone else.
    pub fn audit_scope(&self) -> Result<Option<City>, AppError> {
        match (self.role, self.city) {
            (Role::Province, _) => Ok(None),
            (Role::Bureau, Some(city)) => Ok(Some(city)),
            _ => Err(AppError::Refused(Refusal::OutOfScope)),
        }
    }

    /// The institution (and its city) an institution staff member acts
    /// for; everyone else is refused.
    pub fn own_institution(&self) -> Result<(i64, City), AppError> {
        match (self.role, self.institution_id, self.city) {
            (Role::Institution, Some(id), Some(city)) => Ok((id, city)),
            _ => Err(AppError::Refused(Refusal::OutOfScope)),
        }
    }

    /// The employer (and its city) an employer's staff member acts for;
    /// everyone else is refused.
    pub fn own_employer(&self) -> Result<(i64, City), AppError> {
        match (self.role, self.employer_id, self.city) {
            (Role::Employer, Some(id), Some(city)) => Ok((id, city)),
            _ => Err(AppError::Refused(Refusal::OutOfScope)),
        }
    }

    /// Whether this actor works for employer `employer_id`.
    pub fn is_staff_of_employer(&self, employer_id: i64) -> bool {
        self.role == Role::Employer && self.employer_id == Some(employer_id)
    }

    /// The provider (and its city) an institution's or employer's staff
    /// member applies for classes as; everyone else is refused.
    pub fn own_provider(&self) -> Result<(Provider, City), AppError> {
        match self.role {
            Role::Employer => self
                .own_employer()
                .map(|(id, city)| (Provider::Employer(id), city)),
            _ => self
                .own_institution()
                .map(|(id, city)| (Provider::Institution(id), city)),
        }
    }

    /// Whether this actor may see a class run by `provider` in `city`
    /// with its roster, completion sheet and claims: the provider, the
    /// city's bureau, the province.
    pub fn may_oversee_class(&self, city: City, provider: Provider) -> bool {
        match self.role {
            Role::Province => true,
            Role::Bureau => self.city == Some(city),
            _ => self.is_staff_of(provider),
        }
    }

    /// Whether this actor may run a class day to day (show codes, enter
    /// the headcount, correct attendance): its provider, or the city's
    /// bureau for corrections on inspection.
    pub fn may_run_class(&self, city: City, provider: Provider) -> bool {
        match self.role {
            Role::Bureau => self.city == Some(city),
            _ => self.is_staff_of(provider),
        }
    }

    /// Whether this actor works for `provider`: the only one who records
    /// its completion assessments and files claims in its name.
    pub fn is_staff_of(&self, provider: Provider) -> bool {
        match provider {
            Provider::Institution(id) => {
                self.role == Role::Institution && self.institution_id == Some(id)
            }
            Provider::Employer(id) => self.is_staff_of_employer(id),
        }
    }

    /// Whether this actor approves or returns class applications, raises
    /// platforms and clears warnings of `city`: its bureau.
    pub fn may_supervise_city(&self, city: City) -> bool {
        self.role == Role::Bureau && self.city == Some(city)
    }

    /// Whether this actor schedules and records process inspections of
    /// classes in `city`: its bureau, or a third-party supervisor the
    /// bureau engaged.
    pub fn may_inspect_city(&self, city: City) -> bool {
        matches!(self.role, Role::Bureau | Role::Supervisor) && self.city == Some(city)
    }

    /// Whether this actor may read the inspections of a class run by
    /// `provider` in `city`: whoever oversees it, and the city's
    /// third-party supervisors.
    pub fn may_read_inspections(&self, city: City, provider: Provider) -> bool {
        self.may_oversee_class(city, provider) || self.may_inspect_city(city)
    }

    /// Which city's warnings and platforms this actor reads: all (`None`)
    /// for the province, its own for a bureau.
    pub fn supervision_scope(&self) -> Result<Option<City>, AppError> {
        self.audit_scope()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, city: Option<City>) -> Actor {
        Actor {
            user_id: "u".into(),
            role,
            display_name: "测试".into(),
            city,
            institution_id: None,
            employer_id: None,
            assurance: Assurance::Passkey,
            csrf_token: String::new(),
            session_hash: String::new(),
        }
    }

    #[test]
    fn a_bureau_creates_staff_only_in_its_own_city_and_never_province_staff() {
        let bureau = actor(Role::Bureau, Some(City::Fuzhou));
        assert!(bureau.may_create_staff(Role::Institution, Some(City::Fuzhou)));
        assert!(!bureau.may_create_staff(Role::Institution, Some(City::Xiamen)));
        assert!(!bureau.may_create_staff(Role::Province, None));
        assert!(actor(Role::Province, None).may_create_staff(Role::Bureau, Some(City::Xiamen)));
        assert!(!actor(Role::Institution, Some(City::Fuzhou))
            .may_create_staff(Role::Employer, Some(City::Fuzhou)));
    }

    #[test]
    fn a_bureau_engages_supervisors_of_its_own_city_who_inspect_there_and_decide_nothing() {
        let fuzhou = Some(City::Fuzhou);
        let bureau = actor(Role::Bureau, fuzhou);
        assert!(bureau.may_create_staff(Role::Supervisor, fuzhou));
        assert!(!bureau.may_create_staff(Role::Supervisor, Some(City::Xiamen)));
        let supervisor = actor(Role::Supervisor, fuzhou);
        assert!(supervisor.may_inspect_city(City::Fuzhou));
        assert!(!supervisor.may_inspect_city(City::Xiamen));
        assert!(supervisor.may_read_inspections(City::Fuzhou, Provider::Institution(1)));
        assert!(!supervisor.may_read_inspections(City::Xiamen, Provider::Institution(1)));
        assert!(
            !supervisor.may_oversee_class(City::Fuzhou, Provider::Institution(1)),
            "no roster, completion sheet or claims"
        );
        assert!(
            !supervisor.may_supervise_city(City::Fuzhou),
            "no approvals or clearing"
        );
        assert!(!supervisor.may_run_class(City::Fuzhou, Provider::Institution(1)));
        assert!(!supervisor.may_create_staff(Role::Supervisor, fuzhou));
        assert!(supervisor.audit_scope().is_err());
        assert!(
            !actor(Role::Province, None).may_inspect_city(City::Fuzhou),
            "reads only"
        );
        assert!(!actor(Role::Institution, fuzhou).may_inspect_city(City::Fuzhou));
    }

    #[test]
    fn recovery_codes_come_only_from_the_bureau_of_the_workers_city() {
        let fuzhou = Some(City::Fuzhou);
        assert!(actor(Role::Bureau, fuzhou).may_issue_recovery(fuzhou));
        assert!(!actor(Role::Bureau, fuzhou).may_issue_recovery(Some(City::Xiamen)));
        assert!(!actor(Role::Bureau, fuzhou).may_issue_recovery(None));
        assert!(!actor(Role::Institution, fuzhou).may_issue_recovery(fuzhou));
        assert!(!actor(Role::Province, None).may_issue_recovery(fuzhou));
        assert!(!actor(Role::Employer, fuzhou).may_issue_recovery(fuzhou));
        assert!(!actor(Role::Worker, fuzhou).may_issue_recovery(fuzhou));
    }

    #[test]
    fn a_bureau_manages_its_own_citys_staff_and_the_province_any_staff_but_nobody_themselves() {
        let fuzhou = Some(City::Fuzhou);
        let bureau = actor(Role::Bureau, fuzhou);
        assert!(bureau.may_manage_staff("clerk", Role::Institution, fuzhou));
        assert!(bureau.may_manage_staff("colleague", Role::Bureau, fuzhou));
        assert!(!bureau.may_manage_staff("clerk", Role::Institution, Some(City::Xiamen)));
        assert!(!bureau.may_manage_staff("admin", Role::Province, None));
        assert!(!bureau.may_manage_staff("worker", Role::Worker, fuzhou));
        assert!(
            !bureau.may_manage_staff("u", Role::Bureau, fuzhou),
            "not oneself"
        );
        let province = actor(Role::Province, None);
        assert!(province.may_manage_staff("admin-2", Role::Province, None));
        assert!(province.may_manage_staff("clerk", Role::Institution, Some(City::Xiamen)));
        assert!(!province.may_manage_staff("worker", Role::Worker, fuzhou));
        assert!(
            !province.may_manage_staff("u", Role::Province, None),
            "not oneself"
        );
        assert!(!actor(Role::Institution, fuzhou).may_manage_staff("x", Role::Institution, fuzhou));
    }

    #[test]
    fn an_institution_oversees_only_its_own_classes_and_a_bureau_its_citys() {
        let mut clerk = actor(Role::Institution, Some(City::Fuzhou));
        clerk.institution_id = Some(7);
        let own = Provider::Institution(7);
        let other = Provider::Institution(8);
        assert!(clerk.may_oversee_class(City::Fuzhou, own));
        assert!(clerk.may_run_class(City::Fuzhou, own));
        assert!(!clerk.may_oversee_class(City::Fuzhou, other));
        assert!(!clerk.may_oversee_class(City::Fuzhou, Provider::Employer(7)));
        assert!(!clerk.may_supervise_city(City::Fuzhou));
        let bureau = actor(Role::Bureau, Some(City::Fuzhou));
        assert!(bureau.may_oversee_class(City::Fuzhou, other));
        assert!(!bureau.may_oversee_class(City::Xiamen, other));
        assert!(bureau.may_supervise_city(City::Fuzhou));
        assert!(!actor(Role::Province, None).may_supervise_city(City::Fuzhou));
        assert!(!actor(Role::Worker, Some(City::Fuzhou)).may_oversee_class(City::Fuzhou, own));
    }

    #[test]
    fn an_employer_runs_only_its_own_classes_and_applies_as_itself() {
        let mut hr = actor(Role::Employer, Some(City::Xiamen));
        hr.employer_id = Some(4);
        assert!(hr.may_run_class(City::Xiamen, Provider::Employer(4)));
        assert!(hr.may_oversee_class(City::Xiamen, Provider::Employer(4)));
        assert!(!hr.may_oversee_class(City::Xiamen, Provider::Employer(5)));
        assert!(!hr.may_run_class(City::Xiamen, Provider::Institution(4)));
        assert_eq!(
            hr.own_provider().map(|(provider, _)| provider),
            Ok(Provider::Employer(4))
        );
        assert!(actor(Role::Worker, Some(City::Xiamen))
            .own_provider()
            .is_err());
    }

    #[test]
    fn only_bureau_and_province_read_the_audit_trail() {
        assert_eq!(
            actor(Role::Bureau, Some(City::Ningde)).audit_scope(),
            Ok(Some(City::Ningde))
        );
        assert_eq!(actor(Role::Province, None).audit_scope(), Ok(None));
        assert!(actor(Role::Worker, Some(City::Ningde))
            .audit_scope()
            .is_err());
    }
}
