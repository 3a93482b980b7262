//! The closed lists of the seeds: training types, certificate kinds and
//! levels, institution natures, worker categories, catalogue states.

use super::{code_enum::code_enum, Field};

code_enum! {
    /// 培训类型 (national opinion points 2 to 4).
    pub enum TrainingType for Field::TrainingType {
        EmploymentSkills = "employment_skills";
        OnJobUpgrade = "on_job_upgrade";
        PreJob = "pre_job";
        JobTransfer = "job_transfer";
        Apprenticeship = "apprenticeship";
        HighSkill = "high_skill";
        Entrepreneurship = "entrepreneurship";
        NewOccupations = "new_occupations";
    }
}

code_enum! {
    /// The certificate a course leads to; it decides which levels carry a
    /// subsidy and whether an occupation code is required (附表1 remarks).
    pub enum CertificateKind for Field::CertificateKind {
        Completion = "completion";
        SpecialAbility = "special_ability";
        SkillLevel = "skill_level";
        VocationalQualification = "vocational_qualification";
        Entrepreneurship = "entrepreneurship";
        OtherDepartment = "other_department";
    }
}

impl CertificateKind {
    /// Whether catalogue rows of this kind must carry an occupation code.
    /// The seed exempts completion certificates, certificates of other
    /// departments and entrepreneurship certificates, which have none.
    pub const fn requires_occupation_code(self) -> bool {
        !matches!(
            self,
            CertificateKind::Completion
                | CertificateKind::OtherDepartment
                | CertificateKind::Entrepreneurship
        )
    }

    /// Whether the certificate comes in the five national skill levels.
    pub const fn is_graded(self) -> bool {
        matches!(
            self,
            CertificateKind::SkillLevel | CertificateKind::VocationalQualification
        )
    }
}

code_enum! {
    /// 证书等级: the five national skill levels, or simply holding the
    /// certificate for kinds that have no levels.
    pub enum CertificateLevel for Field::CertificateLevel {
        Level5 = "level5";
        Level4 = "level4";
        Level3 = "level3";
        Level2 = "level2";
        Level1 = "level1";
        Certified = "certified";
    }
}

impl CertificateLevel {
    /// Whether a certificate of `kind` can be issued at this level.
    pub const fn fits(self, kind: CertificateKind) -> bool {
        kind.is_graded() != matches!(self, CertificateLevel::Certified)
    }
}

code_enum! {
    /// 办学性质 (附表2 note 1).
    pub enum InstitutionNature for Field::Nature {
        Public = "public";
        Private = "private";
        StateEnterprise = "state_enterprise";
    }
}

code_enum! {
    /// 人员类别. A person may belong to several.
    pub enum WorkerCategory for Field::WorkerCategory {
        RuralTransferred = "rural_transferred";
        ReturningMigrant = "returning_migrant";
        PovertyAlleviated = "poverty_alleviated";
        EmploymentDifficulty = "employment_difficulty";
        ZeroEmploymentFamily = "zero_employment_family";
        RuralGraduate = "rural_graduate";
        UrbanLowIncomeGraduate = "urban_low_income_graduate";
        FlexiblyEmployed = "flexibly_employed";
        Other = "other";
    }
}

impl WorkerCategory {
    /// Whether this category may receive the living allowance during
    /// training (national opinion point 9).
    pub const fn living_allowance_eligible(self) -> bool {
        matches!(
            self,
            WorkerCategory::PovertyAlleviated
                | WorkerCategory::EmploymentDifficulty
                | WorkerCategory::ZeroEmploymentFamily
                | WorkerCategory::RuralGraduate
                | WorkerCategory::UrbanLowIncomeGraduate
        )
    }
}

code_enum! {
    /// Where a catalogue is in its yearly cycle: drafted by the city,
    /// filed with the province (备案), then published.
    pub enum CatalogueStatus for Field::CatalogueStatus {
        Draft = "draft";
        Filed = "filed";
        Published = "published";
    }
}

code_enum! {
    /// What a worker's phone can do for a strong check-in, as its browser
    /// found out (`isUserVerifyingPlatformAuthenticatorAvailable`, WebCrypto
    /// and IndexedDB, and whether it is an in-app browser such as WeChat's,
    /// which hides passkeys). Only this class is stored.
    pub enum PhoneCapability for Field::PhoneCapability {
        Passkey = "passkey";
        DeviceKey = "device_key";
        PasswordOnly = "password_only";
    }
}

code_enum! {
    /// How a check-in or check-out was confirmed, strongest first: a
    /// passkey proves the person and the phone, a device key the phone
    /// registered to the account, a password only that someone knew it,
    /// and a staff correction only the institution's word.
    pub enum MarkAssurance for Field::Reason {
        Passkey = "passkey";
        DeviceKey = "device_key";
        Password = "password";
        Staff = "staff";
    }
}

impl MarkAssurance {
    /// Higher is stronger.
    pub const fn strength(self) -> u8 {
        match self {
            MarkAssurance::Passkey => 3,
            MarkAssurance::DeviceKey => 2,
            MarkAssurance::Password => 1,
            MarkAssurance::Staff => 0,
        }
    }

    /// The weaker of two marks: hours between a check-in and a check-out
    /// rest on both.
    pub const fn weaker(self, other: MarkAssurance) -> MarkAssurance {
        if other.strength() < self.strength() {
            other
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn completion_other_department_and_entrepreneurship_certificates_need_no_code() {
        let exempt: Vec<_> = CertificateKind::ALL
            .iter()
            .filter(|kind| !kind.requires_occupation_code())
            .collect();
        assert_eq!(
            exempt,
            [
                &CertificateKind::Completion,
                &CertificateKind::Entrepreneurship,
                &CertificateKind::OtherDepartment
            ]
        );
    }

    #[test]
    fn graded_certificates_take_the_five_levels_and_others_only_certified() {
        assert!(CertificateLevel::Level5.fits(CertificateKind::SkillLevel));
        assert!(!CertificateLevel::Certified.fits(CertificateKind::SkillLevel));
        assert!(CertificateLevel::Certified.fits(CertificateKind::Entrepreneurship));
        assert!(!CertificateLevel::Level3.fits(CertificateKind::SpecialAbility));
    }

    #[test]
    fn five_categories_are_eligible_for_the_living_allowance() {
        let eligible = WorkerCategory::ALL
            .iter()
            .filter(|c| c.living_allowance_eligible())
            .count();
        assert_eq!(eligible, 5);
        assert!(!WorkerCategory::RuralTransferred.living_allowance_eligible());
    }

    #[test]
    fn codes_round_trip_and_labels_exist_in_both_languages() {
        for nature in InstitutionNature::ALL {
            assert_eq!(InstitutionNature::parse(nature.code()), Ok(*nature));
            assert!(!nature.label(Lang::Zh).is_empty());
            assert!(!nature.label(Lang::En).is_empty());
        }
        assert_eq!(TrainingType::parse("pre_job"), Ok(TrainingType::PreJob));
        assert!(TrainingType::parse("cooking").is_err());
    }
}

code_enum! {
    /// 签到 or 签退.
    pub enum Direction for Field::Direction {
        In = "in";
        Out = "out";
    }
}

/// What a classroom code asks the worker who scans it to confirm: a
/// check-in or check-out, or that they are still in the room at a random
/// roll-call (随机点名).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanPurpose {
    Mark(Direction),
    RollCall,
}

impl ScanPurpose {
    /// The direction of a mark; a roll-call confirms the worker is still
    /// in, so it counts as `in`.
    pub const fn direction(self) -> Direction {
        match self {
            ScanPurpose::Mark(direction) => direction,
            ScanPurpose::RollCall => Direction::In,
        }
    }
}
