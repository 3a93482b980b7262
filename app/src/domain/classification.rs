//! The closed lists of the seeds: training types, certificate kinds and
//! levels, institution natures, worker categories, catalogue states.

use super::{code_enum::code_enum, Field};

code_enum! {
    /// 培训类型 (national opinion points 2 to 4).
    pub enum TrainingType for Field::TrainingType {
        EmploymentSkills = "employment_skills", "就业技能培训", "Employment skills";
        OnJobUpgrade = "on_job_upgrade", "岗位技能提升培训", "On-job skill upgrade";
        PreJob = "pre_job", "岗前培训", "Pre-job";
        JobTransfer = "job_transfer", "转岗转业培训", "Job transfer";
        Apprenticeship = "apprenticeship", "企业新型学徒制培训", "New apprenticeship";
        HighSkill = "high_skill", "高技能人才培训", "High-skill talent";
        Entrepreneurship = "entrepreneurship", "创业培训", "Entrepreneurship";
        NewOccupations = "new_occupations", "新职业新业态培训", "New occupations and platform work";
    }
}

code_enum! {
    /// The certificate a course leads to; it decides which levels carry a
    /// subsidy and whether an occupation code is required (附表1 remarks).
    pub enum CertificateKind for Field::CertificateKind {
        Completion = "completion", "培训合格证/结业证", "Completion certificate";
        SpecialAbility = "special_ability", "专项职业能力证书", "Special ability certificate";
        SkillLevel = "skill_level", "职业技能等级证书", "Skill level certificate";
        VocationalQualification = "vocational_qualification", "职业资格证书", "Vocational qualification";
        Entrepreneurship = "entrepreneurship", "创业培训合格证", "Entrepreneurship certificate";
        OtherDepartment = "other_department", "非人社部门证书", "Certificate of another department";
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
        Level5 = "level5", "五级/初级工", "Level 5 / junior";
        Level4 = "level4", "四级/中级工", "Level 4 / intermediate";
        Level3 = "level3", "三级/高级工", "Level 3 / senior";
        Level2 = "level2", "二级/技师", "Level 2 / technician";
        Level1 = "level1", "一级/高级技师", "Level 1 / senior technician";
        Certified = "certified", "取得证书", "Certificate obtained";
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
        Public = "public", "公办", "Public";
        Private = "private", "民办", "Private";
        StateEnterprise = "state_enterprise", "国有企业办", "State enterprise";
    }
}

code_enum! {
    /// 人员类别. A person may belong to several.
    pub enum WorkerCategory for Field::WorkerCategory {
        RuralTransferred = "rural_transferred", "农村转移劳动力", "Rural transferred labour";
        ReturningMigrant = "returning_migrant", "返乡农民工", "Returning migrant worker";
        PovertyAlleviated = "poverty_alleviated", "脱贫劳动力（含防返贫监测对象）", "Poverty-alleviated (incl. monitored)";
        EmploymentDifficulty = "employment_difficulty", "就业困难人员", "Employment difficulty";
        ZeroEmploymentFamily = "zero_employment_family", "零就业家庭成员", "Zero-employment family";
        RuralGraduate = "rural_graduate", "农村应届初高中毕业生未升学", "Rural graduate not continuing";
        UrbanLowIncomeGraduate = "urban_low_income_graduate", "城市低保家庭应届毕业生未升学", "Urban low-income graduate not continuing";
        FlexiblyEmployed = "flexibly_employed", "灵活就业/个体工商户用工农民工", "Flexibly employed";
        Other = "other", "其他", "Other";
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
        Draft = "draft", "草稿", "Draft";
        Filed = "filed", "已备案", "Filed";
        Published = "published", "已发布", "Published";
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
        In = "in", "签到", "Check-in";
        Out = "out", "签退", "Check-out";
    }
}
