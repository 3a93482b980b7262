//! Who runs a class and answers for it: an institution of the city's
//! institution catalogue, or a verified employer training its own
//! employees with the subsidy paid to it (直补企业, point (九) of
//! 闽人社办〔2024〕40号).

use super::{TrainingType, COMMITMENT_ZH, EMPLOYER_COMMITMENT_ZH};

/// The runner of a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    Institution(i64),
    Employer(i64),
}

impl Provider {
    /// The provider a stored class names. The table's check keeps exactly
    /// one of the two set; a row with neither names employer 0, which no
    /// account works for, so nobody may act on it.
    pub fn from_ids(institution_id: Option<i64>, employer_id: Option<i64>) -> Provider {
        match (institution_id, employer_id) {
            (Some(id), _) => Provider::Institution(id),
            (None, id) => Provider::Employer(id.unwrap_or_default()),
        }
    }

    pub const fn institution_id(self) -> Option<i64> {
        match self {
            Provider::Institution(id) => Some(id),
            Provider::Employer(_) => None,
        }
    }

    pub const fn employer_id(self) -> Option<i64> {
        match self {
            Provider::Employer(id) => Some(id),
            Provider::Institution(_) => None,
        }
    }

    /// The commitment the applicant confirms, as it is recorded: an
    /// employer's says its trainees are its employees.
    pub const fn commitment(self) -> &'static str {
        match self {
            Provider::Institution(_) => COMMITMENT_ZH,
            Provider::Employer(_) => EMPLOYER_COMMITMENT_ZH,
        }
    }

    /// Whether this provider may run a class of `training_type`: an
    /// institution any, an employer only the training of its own
    /// employees (岗前培训, 岗位技能提升培训, 企业新型学徒制培训).
    pub fn may_run(self, training_type: TrainingType) -> bool {
        match self {
            Provider::Institution(_) => true,
            Provider::Employer(_) => matches!(
                training_type,
                TrainingType::PreJob | TrainingType::OnJobUpgrade | TrainingType::Apprenticeship
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_class_names_its_institution_or_else_its_employer() {
        assert_eq!(Provider::from_ids(Some(3), None), Provider::Institution(3));
        assert_eq!(Provider::from_ids(None, Some(5)), Provider::Employer(5));
        assert_eq!(Provider::from_ids(None, Some(5)).institution_id(), None);
        assert_eq!(Provider::from_ids(None, Some(5)).employer_id(), Some(5));
    }

    #[test]
    fn an_employer_commits_that_its_trainees_are_its_employees() {
        assert!(Provider::Employer(1).commitment().contains("本单位职工"));
        assert!(Provider::Institution(1)
            .commitment()
            .starts_with("本机构承诺"));
    }

    #[test]
    fn an_employer_runs_only_training_of_its_own_employees() {
        let employer = Provider::Employer(1);
        assert!(employer.may_run(TrainingType::PreJob));
        assert!(employer.may_run(TrainingType::OnJobUpgrade));
        assert!(employer.may_run(TrainingType::Apprenticeship));
        assert!(!employer.may_run(TrainingType::EmploymentSkills));
        assert!(!employer.may_run(TrainingType::Entrepreneurship));
        assert!(Provider::Institution(1).may_run(TrainingType::EmploymentSkills));
    }
}
