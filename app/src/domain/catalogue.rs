//! The two catalogues: rows as the seed templates define them (附表1 course
//! rows, 附表2 institution rows), the queries workers run on them, and the
//! read models the pages and the API show.

use serde::{Deserialize, Serialize};

use super::{
    occupation_key, parse_bounded_int, parse_flag, Address, CatalogueStatus, CategoryUplift,
    CertificateKind, CertificateLevel, City, ContactPerson, Fen, Field, InputError,
    InstitutionName, InstitutionNature, LevelAmount, OccupationCode, OccupationName, PhoneNumber,
    Remarks, SearchText, SubsidyStandard, TrainingType, UpliftPercent, WorkerCategory,
};

/// A course row (附表1) that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCourse {
    pub training_type: Option<TrainingType>,
    pub occupation_name: OccupationName,
    pub occupation_code: Option<OccupationCode>,
    pub certificate_kind: CertificateKind,
    pub urgent: bool,
    pub subsidy: SubsidyStandard,
    pub remarks: Remarks,
}

impl NewCourse {
    /// Joins checked parts, enforcing that the occupation code is present
    /// unless the certificate kind is exempt.
    pub fn new(
        training_type: Option<TrainingType>,
        occupation_name: OccupationName,
        occupation_code: Option<OccupationCode>,
        certificate_kind: CertificateKind,
        urgent: bool,
        subsidy: SubsidyStandard,
        remarks: Remarks,
    ) -> Result<Self, InputError> {
        if occupation_code.is_none() && certificate_kind.requires_occupation_code() {
            return Err(InputError::OccupationCodeRequired {
                kind: certificate_kind,
            });
        }
        Ok(NewCourse {
            training_type,
            occupation_name,
            occupation_code,
            certificate_kind,
            urgent,
            subsidy,
            remarks,
        })
    }

    /// What links this row to the institutions that may train it.
    pub fn occupation_key(&self) -> String {
        occupation_key(self.occupation_code.as_ref(), &self.occupation_name)
    }
}

/// A course row as typed into a form or a JSON body: every value raw.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseInput {
    pub training_type: String,
    pub occupation_name: String,
    pub occupation_code: String,
    pub certificate_kind: String,
    pub urgent: String,
    /// (level code, amount in yuan) pairs.
    pub amounts: Vec<(String, String)>,
    /// (worker category code, percent) pairs.
    pub uplifts: Vec<(String, String)>,
    pub remarks: String,
}

impl TryFrom<&CourseInput> for NewCourse {
    type Error = InputError;

    fn try_from(input: &CourseInput) -> Result<Self, InputError> {
        let training_type = optional(&input.training_type, TrainingType::parse)?;
        let occupation_name = OccupationName::parse(&input.occupation_name)?;
        let occupation_code = optional(&input.occupation_code, OccupationCode::parse)?;
        let certificate_kind = CertificateKind::parse(&input.certificate_kind)?;
        let urgent = parse_flag(Field::Urgent, &input.urgent)?;
        let amounts = input
            .amounts
            .iter()
            .map(|(level, yuan)| {
                Ok(LevelAmount {
                    level: CertificateLevel::parse(level)?,
                    amount: Fen::parse_yuan(yuan)?,
                })
            })
            .collect::<Result<Vec<_>, InputError>>()?;
        let uplifts = input
            .uplifts
            .iter()
            .map(|(category, percent)| {
                let percent = parse_bounded_int(Field::UpliftPercent, percent, 1, 100)?;
                Ok(CategoryUplift {
                    category: WorkerCategory::parse(category)?,
                    percent: UpliftPercent::parse(percent)?,
                })
            })
            .collect::<Result<Vec<_>, InputError>>()?;
        let subsidy = SubsidyStandard::parse(certificate_kind, amounts, uplifts)?;
        let remarks = Remarks::parse(&input.remarks)?;
        NewCourse::new(
            training_type,
            occupation_name,
            occupation_code,
            certificate_kind,
            urgent,
            subsidy,
            remarks,
        )
    }
}

/// An occupation an institution may train.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaughtOccupationInput {
    pub name: OccupationName,
    pub code: Option<OccupationCode>,
}

impl TaughtOccupationInput {
    pub fn key(&self) -> String {
        occupation_key(self.code.as_ref(), &self.name)
    }
}

/// An institution row (附表2) that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewInstitution {
    pub name: InstitutionName,
    pub address: Address,
    pub nature: InstitutionNature,
    pub occupations: Vec<TaughtOccupationInput>,
    pub contact_person: ContactPerson,
    pub contact_phone: PhoneNumber,
    pub remarks: Remarks,
}

impl NewInstitution {
    /// Joins checked parts: at least one occupation, none twice.
    pub fn new(
        name: InstitutionName,
        address: Address,
        nature: InstitutionNature,
        occupations: Vec<TaughtOccupationInput>,
        contact_person: ContactPerson,
        contact_phone: PhoneNumber,
        remarks: Remarks,
    ) -> Result<Self, InputError> {
        if occupations.is_empty() {
            return Err(InputError::Required {
                field: Field::Occupations,
            });
        }
        let mut keys: Vec<String> = occupations.iter().map(TaughtOccupationInput::key).collect();
        keys.sort();
        if let Some(pair) = keys.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(InputError::DuplicateOccupation {
                name: pair[0].trim_start_matches("name:").to_owned(),
            });
        }
        Ok(NewInstitution {
            name,
            address,
            nature,
            occupations,
            contact_person,
            contact_phone,
            remarks,
        })
    }
}

/// An institution row as typed into a form or a JSON body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionInput {
    pub name: String,
    pub address: String,
    pub nature: String,
    /// (occupation name, occupation code or empty) pairs.
    pub occupations: Vec<(String, String)>,
    pub contact_person: String,
    pub contact_phone: String,
    pub remarks: String,
}

impl TryFrom<&InstitutionInput> for NewInstitution {
    type Error = InputError;

    fn try_from(input: &InstitutionInput) -> Result<Self, InputError> {
        let occupations = input
            .occupations
            .iter()
            .map(|(name, code)| {
                Ok(TaughtOccupationInput {
                    name: OccupationName::parse(name)?,
                    code: optional(code, OccupationCode::parse)?,
                })
            })
            .collect::<Result<Vec<_>, InputError>>()?;
        NewInstitution::new(
            InstitutionName::parse(&input.name)?,
            Address::parse(&input.address)?,
            InstitutionNature::parse(&input.nature)?,
            occupations,
            ContactPerson::parse(&input.contact_person)?,
            PhoneNumber::parse(&input.contact_phone)?,
            Remarks::parse(&input.remarks)?,
        )
    }
}

/// A course row as stored, in plain values: what the API returns, the
/// preview of an import shows, an export writes and the history keeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CourseRecord {
    pub training_type: Option<TrainingType>,
    pub occupation_name: String,
    pub occupation_code: Option<String>,
    pub certificate_kind: CertificateKind,
    pub urgent: bool,
    pub subsidy: SubsidyStandard,
    pub remarks: String,
}

impl From<&NewCourse> for CourseRecord {
    fn from(course: &NewCourse) -> Self {
        CourseRecord {
            training_type: course.training_type,
            occupation_name: course.occupation_name.as_str().to_owned(),
            occupation_code: course
                .occupation_code
                .as_ref()
                .map(|c| c.as_str().to_owned()),
            certificate_kind: course.certificate_kind,
            urgent: course.urgent,
            subsidy: course.subsidy.clone(),
            remarks: course.remarks.as_str().to_owned(),
        }
    }
}

impl CourseRecord {
    /// The row as form values, for editing it or checking it again.
    pub fn to_input(&self) -> CourseInput {
        CourseInput {
            training_type: self
                .training_type
                .map(|t| t.code().to_owned())
                .unwrap_or_default(),
            occupation_name: self.occupation_name.clone(),
            occupation_code: self.occupation_code.clone().unwrap_or_default(),
            certificate_kind: self.certificate_kind.code().to_owned(),
            urgent: self.urgent.to_string(),
            amounts: self
                .subsidy
                .amounts()
                .iter()
                .map(|a| {
                    (
                        a.level.code().to_owned(),
                        a.amount.yuan_text().replace(',', ""),
                    )
                })
                .collect(),
            uplifts: self
                .subsidy
                .uplifts()
                .iter()
                .map(|u| (u.category.code().to_owned(), u.percent.get().to_string()))
                .collect(),
            remarks: self.remarks.clone(),
        }
    }
}

/// An occupation by name, with its code when it has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OccupationRef {
    pub name: String,
    pub code: Option<String>,
}

/// An institution row as stored, in plain values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InstitutionRecord {
    pub name: String,
    pub address: String,
    pub nature: InstitutionNature,
    pub occupations: Vec<OccupationRef>,
    pub contact_person: String,
    pub contact_phone: String,
    pub remarks: String,
}

impl From<&NewInstitution> for InstitutionRecord {
    fn from(institution: &NewInstitution) -> Self {
        InstitutionRecord {
            name: institution.name.as_str().to_owned(),
            address: institution.address.as_str().to_owned(),
            nature: institution.nature,
            occupations: institution
                .occupations
                .iter()
                .map(|o| OccupationRef {
                    name: o.name.as_str().to_owned(),
                    code: o.code.as_ref().map(|c| c.as_str().to_owned()),
                })
                .collect(),
            contact_person: institution.contact_person.as_str().to_owned(),
            contact_phone: institution.contact_phone.as_str().to_owned(),
            remarks: institution.remarks.as_str().to_owned(),
        }
    }
}

impl InstitutionRecord {
    /// The row as form values.
    pub fn to_input(&self) -> InstitutionInput {
        InstitutionInput {
            name: self.name.clone(),
            address: self.address.clone(),
            nature: self.nature.code().to_owned(),
            occupations: self
                .occupations
                .iter()
                .map(|o| (o.name.clone(), o.code.clone().unwrap_or_default()))
                .collect(),
            contact_person: self.contact_person.clone(),
            contact_phone: self.contact_phone.clone(),
            remarks: self.remarks.clone(),
        }
    }
}

/// Parses a value that may be left blank.
fn optional<T>(
    input: &str,
    parse: impl FnOnce(&str) -> Result<T, InputError>,
) -> Result<Option<T>, InputError> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse(input).map(Some)
    }
}

/// Which page of a long list, and how long a page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl PageRequest {
    pub const DEFAULT_PER_PAGE: u32 = 20;
    pub const MAX_PER_PAGE: u32 = 100;
    pub const MAX_PAGE: u32 = 1000;

    /// Reads optional `page` and `per_page` values (defaults 1 and 20).
    pub fn parse(page: Option<&str>, per_page: Option<&str>) -> Result<Self, InputError> {
        let page = match page.filter(|p| !p.trim().is_empty()) {
            Some(p) => parse_bounded_int(Field::Page, p, 1, i64::from(Self::MAX_PAGE))?,
            None => 1,
        };
        let per_page = match per_page.filter(|p| !p.trim().is_empty()) {
            Some(p) => parse_bounded_int(Field::PerPage, p, 1, i64::from(Self::MAX_PER_PAGE))?,
            None => i64::from(Self::DEFAULT_PER_PAGE),
        };
        // Both were bounded above, well inside u32.
        Ok(PageRequest {
            page: page as u32,
            per_page: per_page as u32,
        })
    }

    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    pub fn limit(self) -> i64 {
        i64::from(self.per_page)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            page: 1,
            per_page: Self::DEFAULT_PER_PAGE,
        }
    }
}

/// The query string of the course catalogue, as received.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseQueryParams {
    pub city: Option<String>,
    pub q: Option<String>,
    #[serde(rename = "type")]
    pub training_type: Option<String>,
    pub urgent: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// A checked course-catalogue query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseQuery {
    pub city: City,
    pub text: Option<SearchText>,
    pub training_type: Option<TrainingType>,
    pub urgent_only: bool,
    pub page: PageRequest,
}

impl CourseQuery {
    /// Reads the query; `remembered_city` is used when the query names none.
    pub fn parse(
        params: &CourseQueryParams,
        remembered_city: Option<City>,
    ) -> Result<Self, InputError> {
        Ok(CourseQuery {
            city: resolve_city(params.city.as_deref(), remembered_city)?,
            text: SearchText::parse(params.q.as_deref().unwrap_or_default())?,
            training_type: optional(
                params.training_type.as_deref().unwrap_or_default(),
                TrainingType::parse,
            )?,
            urgent_only: parse_flag(Field::Urgent, params.urgent.as_deref().unwrap_or_default())?,
            page: PageRequest::parse(params.page.as_deref(), params.per_page.as_deref())?,
        })
    }
}

/// The query string of the institution catalogue, as received.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionQueryParams {
    pub city: Option<String>,
    pub q: Option<String>,
    pub nature: Option<String>,
    pub occupation: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// A checked institution-catalogue query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionQuery {
    pub city: City,
    pub text: Option<SearchText>,
    pub nature: Option<InstitutionNature>,
    /// Matches occupation names or codes the institution may train.
    pub occupation: Option<SearchText>,
    pub page: PageRequest,
}

impl InstitutionQuery {
    pub fn parse(
        params: &InstitutionQueryParams,
        remembered_city: Option<City>,
    ) -> Result<Self, InputError> {
        Ok(InstitutionQuery {
            city: resolve_city(params.city.as_deref(), remembered_city)?,
            text: SearchText::parse(params.q.as_deref().unwrap_or_default())?,
            nature: optional(
                params.nature.as_deref().unwrap_or_default(),
                InstitutionNature::parse,
            )?,
            occupation: SearchText::parse(params.occupation.as_deref().unwrap_or_default())?,
            page: PageRequest::parse(params.page.as_deref(), params.per_page.as_deref())?,
        })
    }
}

fn resolve_city(given: Option<&str>, remembered: Option<City>) -> Result<City, InputError> {
    match given.filter(|c| !c.trim().is_empty()) {
        Some(code) => City::parse(code),
        None => remembered.ok_or(InputError::Required { field: Field::City }),
    }
}

/// Which published catalogue a row comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CatalogueInfo {
    /// The edition; its history is at `/catalogue-editions/{id}/history`.
    pub id: i64,
    pub city: City,
    pub year: i32,
    pub status: CatalogueStatus,
    /// The date the edition is public from, `YYYY-MM-DD`.
    pub published_on: Option<String>,
    /// 1 as published, one more for each adjustment in force.
    pub version: i32,
    /// The province's filing number (备案号).
    pub filing_number: Option<String>,
    /// Demo data loaded for trying the app, not an official catalogue.
    pub is_demo: bool,
}

/// One page of a long list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

impl<T> Paged<T> {
    /// Number of pages, at least 1.
    pub fn pages(&self) -> u32 {
        let per_page = i64::from(self.per_page.max(1));
        u32::try_from((self.total + per_page - 1) / per_page)
            .unwrap_or(u32::MAX)
            .max(1)
    }

    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
}

/// A course in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CourseSummary {
    pub id: i64,
    pub training_type: Option<TrainingType>,
    pub occupation_name: String,
    pub occupation_code: Option<String>,
    pub certificate_kind: CertificateKind,
    pub urgent: bool,
    pub min_amount: Fen,
    pub max_amount: Fen,
    pub institution_count: i64,
}

/// A page of a city's course catalogue; `catalogue` is `None` when the
/// city has published none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CourseList {
    pub city: City,
    pub catalogue: Option<CatalogueInfo>,
    pub courses: Paged<CourseSummary>,
}

/// Everything about one course row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CourseDetail {
    pub id: i64,
    pub catalogue: CatalogueInfo,
    pub training_type: Option<TrainingType>,
    pub occupation_name: String,
    pub occupation_code: Option<String>,
    pub certificate_kind: CertificateKind,
    pub urgent: bool,
    pub subsidy: SubsidyStandard,
    pub remarks: String,
    /// Institutions of the same city's published catalogue that may train it.
    pub institutions: Vec<InstitutionSummary>,
}

/// An institution in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InstitutionSummary {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub nature: InstitutionNature,
    pub contact_phone: String,
    pub occupation_count: i64,
    pub rating: RatingSummary,
}

/// 学员评价 of an institution: how many, and the average of all scores in
/// tenths (43 is 4.3), which is published only from five ratings on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RatingSummary {
    pub count: i64,
    pub average_tenths: Option<i64>,
}

/// A page of a city's institution catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InstitutionList {
    pub city: City,
    pub catalogue: Option<CatalogueInfo>,
    pub institutions: Paged<InstitutionSummary>,
}

/// An occupation an institution may train, linked to the course row of the
/// same city when there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TaughtOccupation {
    pub name: String,
    pub code: Option<String>,
    pub course_id: Option<i64>,
}

/// Everything about one institution row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InstitutionDetail {
    pub id: i64,
    pub catalogue: CatalogueInfo,
    pub name: String,
    pub address: String,
    pub nature: InstitutionNature,
    pub contact_person: String,
    pub contact_phone: String,
    pub remarks: String,
    pub occupations: Vec<TaughtOccupation>,
    pub rating: RatingSummary,
}

/// A city with the size of its published catalogues.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CityOverview {
    pub city: City,
    pub course_catalogue_year: Option<i32>,
    pub courses: i64,
    pub institutions: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course_input() -> CourseInput {
        CourseInput {
            training_type: "employment_skills".into(),
            occupation_name: "育婴员".into(),
            occupation_code: "4-10-01-02".into(),
            certificate_kind: "skill_level".into(),
            urgent: "true".into(),
            amounts: vec![
                ("level5".into(), "1500".into()),
                ("level4".into(), "2000".into()),
            ],
            uplifts: vec![("poverty_alleviated".into(), "10".into())],
            remarks: String::new(),
        }
    }

    #[test]
    fn the_seed_example_row_for_childcare_is_accepted() {
        let course = NewCourse::try_from(&course_input()).expect("valid row");
        assert!(course.urgent);
        assert_eq!(course.occupation_key(), "4-10-01-02");
        assert_eq!(
            course.subsidy.range(),
            (Fen::from_yuan(1500), Fen::from_yuan(2000))
        );
    }

    #[test]
    fn the_seed_example_row_for_syb_needs_no_code() {
        let input = CourseInput {
            training_type: "entrepreneurship".into(),
            occupation_name: "SYB创业培训".into(),
            occupation_code: String::new(),
            certificate_kind: "entrepreneurship".into(),
            urgent: "false".into(),
            amounts: vec![("certified".into(), "1000".into())],
            uplifts: vec![],
            remarks: String::new(),
        };
        let course = NewCourse::try_from(&input).expect("valid row");
        assert_eq!(course.occupation_code, None);
        assert_eq!(course.occupation_key(), "name:SYB创业培训");
    }

    #[test]
    fn a_skill_level_row_without_a_code_is_refused() {
        let input = CourseInput {
            occupation_code: " ".into(),
            ..course_input()
        };
        assert_eq!(
            NewCourse::try_from(&input),
            Err(InputError::OccupationCodeRequired {
                kind: CertificateKind::SkillLevel
            })
        );
    }

    #[test]
    fn a_row_with_a_malformed_uplift_percentage_is_refused() {
        let input = CourseInput {
            uplifts: vec![("poverty_alleviated".into(), "ten".into())],
            ..course_input()
        };
        assert!(matches!(
            NewCourse::try_from(&input),
            Err(InputError::NotANumber { .. })
        ));
    }

    fn institution_input() -> InstitutionInput {
        InstitutionInput {
            name: "福州市职业技能培训中心".into(),
            address: "福州市鼓楼区示例路 1 号".into(),
            nature: "public".into(),
            occupations: vec![
                ("育婴员".into(), "4-10-01-02".into()),
                ("SYB创业培训".into(), String::new()),
            ],
            contact_person: "林老师".into(),
            contact_phone: "0591-87654321".into(),
            remarks: String::new(),
        }
    }

    #[test]
    fn an_institution_row_is_accepted_with_coded_and_uncoded_occupations() {
        let row = NewInstitution::try_from(&institution_input()).expect("valid row");
        assert_eq!(row.occupations.len(), 2);
        assert_eq!(row.contact_phone.as_str(), "0591-87654321");
    }

    #[test]
    fn an_institution_with_an_unknown_nature_or_no_occupations_is_refused() {
        let input = InstitutionInput {
            nature: "foreign".into(),
            ..institution_input()
        };
        assert!(matches!(
            NewInstitution::try_from(&input),
            Err(InputError::UnknownCode {
                field: Field::Nature,
                ..
            })
        ));
        let input = InstitutionInput {
            occupations: vec![],
            ..institution_input()
        };
        assert_eq!(
            NewInstitution::try_from(&input),
            Err(InputError::Required {
                field: Field::Occupations
            })
        );
    }

    #[test]
    fn an_institution_listing_one_occupation_twice_is_refused() {
        let input = InstitutionInput {
            occupations: vec![
                ("育婴员".into(), "4-10-01-02".into()),
                ("育婴师".into(), "4-10-01-02".into()),
            ],
            ..institution_input()
        };
        assert!(matches!(
            NewInstitution::try_from(&input),
            Err(InputError::DuplicateOccupation { .. })
        ));
    }

    #[test]
    fn a_query_without_a_city_uses_the_remembered_one_or_asks_for_one() {
        let params = CourseQueryParams {
            q: Some("育婴".into()),
            ..Default::default()
        };
        let query = CourseQuery::parse(&params, Some(City::Xiamen)).expect("valid query");
        assert_eq!(query.city, City::Xiamen);
        assert_eq!(
            CourseQuery::parse(&params, None),
            Err(InputError::Required { field: Field::City })
        );
    }

    #[test]
    fn a_query_names_bad_values_precisely() {
        let params = CourseQueryParams {
            city: Some("350100".into()),
            training_type: Some("cooking".into()),
            ..Default::default()
        };
        assert!(matches!(
            CourseQuery::parse(&params, None),
            Err(InputError::UnknownCode {
                field: Field::TrainingType,
                ..
            })
        ));
        let params = CourseQueryParams {
            city: Some("350100".into()),
            page: Some("0".into()),
            ..Default::default()
        };
        assert!(matches!(
            CourseQuery::parse(&params, None),
            Err(InputError::OutOfRange {
                field: Field::Page,
                ..
            })
        ));
    }

    #[test]
    fn pages_are_counted_from_the_total() {
        let page = |total| Paged::<()> {
            items: vec![],
            page: 1,
            per_page: 20,
            total,
        };
        assert_eq!(page(0).pages(), 1);
        assert_eq!(page(20).pages(), 1);
        assert_eq!(page(21).pages(), 2);
        assert!(page(21).has_next());
        assert_eq!(
            PageRequest {
                page: 3,
                per_page: 20
            }
            .offset(),
            40
        );
    }
}
