//! Demo catalogues for trying the app: the ten areas, each with a
//! published course catalogue and institution catalogue for the current
//! year, loaded through the same path a bureau's catalogues take
//! (template → importer → filing → acceptance → publication). Every
//! catalogue is flagged `is_demo` (the pages say so) and every
//! institution is fictitious. Loaded by `make run`, never in production
//! unless `SKILLPASS_DEMO_DATA=true` is set.

use anyhow::Context;
use app::{
    domain::{
        course_sheet, institution_sheet, CatalogueKind, CertificateKind, CertificateLevel, City,
        CourseInput, CourseRecord, InstitutionInput, InstitutionRecord, NewCourse, NewInstitution,
        TrainingType, WorkerCategory,
    },
    server::{
        catalogue_publishing::{
            adjustments::ChangeInput, editions::RowInput, filings::Scan, system,
        },
        db::{catalogue as store, catalogue_publishing as publishing_store},
        spreadsheet::{csv_bytes, xlsx_bytes, CsvEncoding, ListFile, ListFormat},
        AppState,
    },
};
use chrono::Datelike;

use CertificateKind as Kind;
use CertificateLevel::{Certified, Level1, Level2, Level3, Level4, Level5};
use TrainingType as Type;

/// A course row of the demo catalogues; amounts in yuan.
struct DemoCourse {
    name: &'static str,
    code: Option<&'static str>,
    training_type: TrainingType,
    kind: CertificateKind,
    urgent: bool,
    amounts: &'static [(CertificateLevel, i64)],
}

const fn course(
    name: &'static str,
    code: Option<&'static str>,
    training_type: TrainingType,
    kind: CertificateKind,
    urgent: bool,
    amounts: &'static [(CertificateLevel, i64)],
) -> DemoCourse {
    DemoCourse {
        name,
        code,
        training_type,
        kind,
        urgent,
        amounts,
    }
}

/// Occupations every demo city lists (national occupational classification).
const COMMON_COURSES: &[DemoCourse] = &[
    course(
        "育婴员",
        Some("4-10-01-02"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        true,
        &[(Level5, 1500), (Level4, 2000), (Level3, 2500)],
    ),
    course(
        "保育师",
        Some("4-10-01-03"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        false,
        &[(Level5, 1200), (Level4, 1600)],
    ),
    course(
        "养老护理员",
        Some("4-10-01-05"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        true,
        &[(Level5, 1500), (Level4, 2000), (Level3, 2500)],
    ),
    course(
        "家政服务员",
        Some("4-10-01-06"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        false,
        &[(Level5, 1000), (Level4, 1400)],
    ),
    course(
        "中式烹调师",
        Some("4-03-02-01"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        false,
        &[(Level5, 1200), (Level4, 1600), (Level3, 2200)],
    ),
    course(
        "中式面点师",
        Some("4-03-02-02"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        false,
        &[(Level5, 1200), (Level4, 1600)],
    ),
    course(
        "西式面点师",
        Some("4-03-02-04"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        false,
        &[(Level5, 1200), (Level4, 1600)],
    ),
    course(
        "电工",
        Some("6-31-01-03"),
        Type::OnJobUpgrade,
        Kind::SkillLevel,
        true,
        &[(Level5, 1500), (Level4, 2000), (Level3, 2800)],
    ),
    course(
        "焊工",
        Some("6-18-02-04"),
        Type::OnJobUpgrade,
        Kind::SkillLevel,
        true,
        &[(Level5, 1500), (Level4, 2000), (Level3, 2800)],
    ),
    course(
        "汽车维修工",
        Some("4-12-01-01"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        false,
        &[(Level5, 1400), (Level4, 1900), (Level3, 2500)],
    ),
    course(
        "美容师",
        Some("4-10-03-02"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        false,
        &[(Level5, 1000), (Level4, 1400)],
    ),
    course(
        "美发师",
        Some("4-10-03-01"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        false,
        &[(Level5, 1000), (Level4, 1400)],
    ),
    course(
        "保健按摩师",
        Some("4-10-04-02"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        false,
        &[(Level5, 1000), (Level4, 1400)],
    ),
    course(
        "电子商务师",
        Some("4-01-02-02"),
        Type::NewOccupations,
        Kind::SkillLevel,
        false,
        &[(Level5, 1200), (Level4, 1600)],
    ),
    course(
        "互联网营销师（直播销售员）",
        Some("4-01-02-07"),
        Type::NewOccupations,
        Kind::SkillLevel,
        true,
        &[(Level5, 1200), (Level4, 1600)],
    ),
    course(
        "网约配送员",
        Some("4-02-07-10"),
        Type::NewOccupations,
        Kind::SkillLevel,
        false,
        &[(Level5, 800), (Level4, 1200)],
    ),
    course(
        "快递员",
        Some("4-02-07-08"),
        Type::NewOccupations,
        Kind::SkillLevel,
        false,
        &[(Level5, 800), (Level4, 1200)],
    ),
    course(
        "砌筑工",
        Some("6-29-01-01"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        false,
        &[(Level5, 1200), (Level4, 1600)],
    ),
    course(
        "钢筋工",
        Some("6-29-01-03"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        false,
        &[(Level5, 1200), (Level4, 1600)],
    ),
    course(
        "电梯安装维修工",
        Some("6-29-03-03"),
        Type::OnJobUpgrade,
        Kind::SkillLevel,
        true,
        &[(Level5, 1500), (Level4, 2000), (Level3, 2600)],
    ),
    course(
        "工业机器人系统操作员",
        Some("6-30-99-00"),
        Type::HighSkill,
        Kind::SkillLevel,
        true,
        &[
            (Level4, 2000),
            (Level3, 3000),
            (Level2, 3800),
            (Level1, 4500),
        ],
    ),
    course(
        "茶艺师",
        Some("4-03-02-07"),
        Type::EmploymentSkills,
        Kind::SkillLevel,
        false,
        &[(Level5, 1000), (Level4, 1400)],
    ),
    course(
        "保安员",
        Some("3-02-03-01"),
        Type::PreJob,
        Kind::SkillLevel,
        false,
        &[(Level5, 800), (Level4, 1200)],
    ),
    course(
        "SYB创业培训",
        None,
        Type::Entrepreneurship,
        Kind::Entrepreneurship,
        false,
        &[(Certified, 1000)],
    ),
    course(
        "网络创业培训",
        None,
        Type::Entrepreneurship,
        Kind::Entrepreneurship,
        false,
        &[(Certified, 1200)],
    ),
    course(
        "农村实用技术培训",
        None,
        Type::EmploymentSkills,
        Kind::Completion,
        false,
        &[(Certified, 300)],
    ),
];

/// One occupation a single city adds to the common list.
fn city_course(city: City) -> DemoCourse {
    match city {
        City::Fuzhou | City::Xiamen => course(
            "计算机程序设计员",
            Some("4-04-05-01"),
            Type::HighSkill,
            Kind::SkillLevel,
            false,
            &[(Level4, 2000), (Level3, 2800)],
        ),
        City::Quanzhou | City::Putian => course(
            "缝纫工",
            Some("6-05-05-01"),
            Type::OnJobUpgrade,
            Kind::SkillLevel,
            true,
            &[(Level5, 1000), (Level4, 1400)],
        ),
        City::Nanping | City::Sanming => course(
            "评茶员",
            Some("4-03-02-08"),
            Type::EmploymentSkills,
            Kind::SkillLevel,
            false,
            &[(Level5, 1000), (Level4, 1400)],
        ),
        City::Ningde | City::Longyan => course(
            "机床装调维修工",
            Some("6-20-03-01"),
            Type::OnJobUpgrade,
            Kind::SkillLevel,
            true,
            &[(Level5, 1500), (Level4, 2000)],
        ),
        City::Zhangzhou | City::Pingtan => course(
            "西式烹调师",
            Some("4-03-02-03"),
            Type::EmploymentSkills,
            Kind::SkillLevel,
            false,
            &[(Level5, 1200), (Level4, 1600)],
        ),
    }
}

/// An institution of the demo catalogues; `{}` in the name is the city's
/// short name.
struct DemoInstitution {
    name: &'static str,
    nature: &'static str,
    road: &'static str,
    occupations: &'static [&'static str],
    teaches_city_course: bool,
}

const INSTITUTIONS: &[DemoInstitution] = &[
    DemoInstitution {
        name: "{}技师学院",
        nature: "public",
        road: "学府路",
        occupations: &[
            "电工",
            "焊工",
            "汽车维修工",
            "电梯安装维修工",
            "工业机器人系统操作员",
            "中式烹调师",
            "电子商务师",
        ],
        teaches_city_course: true,
    },
    DemoInstitution {
        name: "{}高级技工学校",
        nature: "public",
        road: "建设路",
        occupations: &[
            "中式烹调师",
            "中式面点师",
            "西式面点师",
            "美容师",
            "美发师",
            "汽车维修工",
            "电工",
        ],
        teaches_city_course: true,
    },
    DemoInstitution {
        name: "{}职业技能公共实训中心",
        nature: "public",
        road: "人民路",
        occupations: &[
            "育婴员",
            "养老护理员",
            "家政服务员",
            "电工",
            "焊工",
            "互联网营销师（直播销售员）",
            "SYB创业培训",
            "网络创业培训",
        ],
        teaches_city_course: false,
    },
    DemoInstitution {
        name: "{}巧手家政职业培训学校",
        nature: "private",
        road: "幸福路",
        occupations: &["育婴员", "保育师", "养老护理员", "家政服务员", "保健按摩师"],
        teaches_city_course: false,
    },
    DemoInstitution {
        name: "{}新业态职业技能培训学校",
        nature: "private",
        road: "创业大道",
        occupations: &[
            "互联网营销师（直播销售员）",
            "电子商务师",
            "网约配送员",
            "快递员",
            "网络创业培训",
        ],
        teaches_city_course: false,
    },
    DemoInstitution {
        name: "{}启航创业职业培训学校",
        nature: "private",
        road: "滨江路",
        occupations: &["SYB创业培训", "网络创业培训", "茶艺师", "农村实用技术培训"],
        teaches_city_course: false,
    },
    DemoInstitution {
        name: "{}建工集团职工培训学校",
        nature: "state_enterprise",
        road: "工业路",
        occupations: &["砌筑工", "钢筋工", "电工", "焊工", "保安员"],
        teaches_city_course: false,
    },
    DemoInstitution {
        name: "{}交通运输集团技工培训中心",
        nature: "state_enterprise",
        road: "交通路",
        occupations: &["汽车维修工", "快递员", "网约配送员", "保安员"],
        teaches_city_course: false,
    },
];

const CONTACTS: &[&str] = &[
    "林老师",
    "陈老师",
    "黄老师",
    "郑老师",
    "吴老师",
    "王老师",
    "张老师",
    "刘老师",
];

const DEMO_REMARK: &str = "演示数据：虚构机构，电话为示例号码";

fn districts(city: City) -> [&'static str; 3] {
    match city {
        City::Fuzhou => ["鼓楼区", "仓山区", "晋安区"],
        City::Xiamen => ["思明区", "湖里区", "集美区"],
        City::Putian => ["城厢区", "荔城区", "涵江区"],
        City::Sanming => ["三元区", "沙县区", "永安市"],
        City::Quanzhou => ["丰泽区", "鲤城区", "晋江市"],
        City::Zhangzhou => ["芗城区", "龙文区", "龙海区"],
        City::Nanping => ["延平区", "建阳区", "武夷山市"],
        City::Longyan => ["新罗区", "永定区", "上杭县"],
        City::Ningde => ["蕉城区", "福安市", "福鼎市"],
        City::Pingtan => ["潭城镇", "苏澳镇", "流水镇"],
    }
}

fn area_code(city: City) -> &'static str {
    match city {
        City::Fuzhou | City::Pingtan => "0591",
        City::Xiamen => "0592",
        City::Ningde => "0593",
        City::Putian => "0594",
        City::Quanzhou => "0595",
        City::Zhangzhou => "0596",
        City::Longyan => "0597",
        City::Sanming => "0598",
        City::Nanping => "0599",
    }
}

/// The stamped scan the demo files with: a one-page PDF that says it is
/// demo data, not a real bureau's stamp.
const DEMO_SCAN: &[u8] = b"%PDF-1.4\n% SkillPass demo data: not a real stamped scan\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Fuzhou's catalogues as a bureau sends them: 附表1 as an XLSX workbook
/// and 附表2 as a GBK CSV saved from Excel. The other areas' templates are
/// written from the tables below by the same template writer.
const FUZHOU_COURSES_XLSX: &[u8] = include_bytes!("../demo/fuzhou-course-catalogue.xlsx");
const FUZHOU_INSTITUTIONS_GBK_CSV: &[u8] =
    include_bytes!("../demo/fuzhou-institution-catalogue.gbk.csv");

/// Loads the demo catalogues unless they are there already: for each of
/// the ten areas, its two templates go through the importer, are filed
/// with a (demo) scan, accepted under a demo filing number and published
/// from today, as a bureau and the province would; Fuzhou's course
/// catalogue is then adjusted once, so its history has two versions.
pub async fn load_once(state: &AppState) -> anyhow::Result<()> {
    if store::any_demo_catalogue(&state.db)
        .await
        .context("checking for demo data")?
    {
        tracing::info!("demo data already loaded");
        return Ok(());
    }
    let now = state.clock.now();
    let year = app::domain::china_date(now).year();
    let scan = || Scan {
        file_name: "演示盖章扫描件.pdf".to_owned(),
        bytes: DEMO_SCAN.to_vec(),
    };
    for (city_index, &city) in City::ALL.iter().enumerate() {
        let (courses, institutions) = templates(city, city_index, year)?;
        for (kind, file, number) in [
            (CatalogueKind::Course, courses, 2 * city_index + 1),
            (CatalogueKind::Institution, institutions, 2 * city_index + 2),
        ] {
            let filing_number = format!("闽人社目录备〔{year}〕{number}号（演示）");
            system::publish_template(state, kind, city, year, &file, &scan(), &filing_number, now)
                .await
                .map_err(|error| {
                    anyhow::anyhow!("demo {} catalogue of {city:?}: {error:?}", kind.code())
                })?;
        }
    }
    adjust_fuzhou(state, year, &scan()).await?;
    tracing::info!(cities = City::ALL.len(), year, "demo data loaded");
    Ok(())
}

/// The two template files of a city: Fuzhou's as shipped, the others'
/// written from the demo tables.
fn templates(city: City, city_index: usize, year: i32) -> anyhow::Result<(ListFile, ListFile)> {
    if city == City::Fuzhou {
        return Ok((
            ListFile {
                format: ListFormat::Xlsx,
                bytes: FUZHOU_COURSES_XLSX.to_vec(),
            },
            ListFile {
                format: ListFormat::Csv,
                bytes: FUZHOU_INSTITUTIONS_GBK_CSV.to_vec(),
            },
        ));
    }
    let courses: Vec<CourseRecord> = demo_courses(city, city_index)?
        .iter()
        .map(CourseRecord::from)
        .collect();
    let institutions: Vec<InstitutionRecord> = demo_institutions(city, city_index)?
        .iter()
        .map(InstitutionRecord::from)
        .collect();
    let unwritable =
        |error: app::error::AppError| anyhow::anyhow!("writing a demo template: {error:?}");
    Ok((
        ListFile {
            format: ListFormat::Xlsx,
            bytes: xlsx_bytes(&course_sheet(city, year, &courses), "目录").map_err(unwritable)?,
        },
        ListFile {
            format: ListFormat::Csv,
            bytes: csv_bytes(
                &institution_sheet(city, year, &institutions),
                CsvEncoding::Gbk,
            )
            .map_err(unwritable)?,
        },
    ))
}

/// One adjustment of Fuzhou's course catalogue: 快递员 leaves it (no
/// longer in demand), 养老护理员's junior-level amount goes up.
async fn adjust_fuzhou(state: &AppState, year: i32, scan: &Scan) -> anyhow::Result<()> {
    let edition =
        publishing_store::find_edition(&state.db, CatalogueKind::Course, City::Fuzhou, year)
            .await?
            .context("the Fuzhou demo course catalogue")?;
    let rows = publishing_store::list_edition_courses(&state.db, edition.id).await?;
    let find = |name: &str| rows.iter().find(|row| row.record.occupation_name == name);
    let (Some(courier), Some(elderly_care)) = (find("快递员"), find("养老护理员")) else {
        anyhow::bail!("the Fuzhou demo course catalogue lacks 快递员 or 养老护理员");
    };
    let mut raised = elderly_care.record.to_input();
    if let Some((_, yuan)) = raised
        .amounts
        .iter_mut()
        .find(|(level, _)| level == "level5")
    {
        *yuan = "1800".to_owned();
    }
    let changes = [
        ChangeInput::Remove { row_id: courier.id },
        ChangeInput::Change {
            row_id: elderly_care.id,
            row: RowInput::Course(raised),
        },
    ];
    let reason = "演示：快递员培训就业率低移出目录；养老护理员初级补贴标准上调";
    system::adjust(state, edition.id, reason, &changes, scan, state.clock.now())
        .await
        .map_err(|error| anyhow::anyhow!("demo adjustment of Fuzhou: {error:?}"))?;
    Ok(())
}

/// The course rows of one city, checked by the same rules as real input.
fn demo_courses(city: City, city_index: usize) -> anyhow::Result<Vec<NewCourse>> {
    let extra = city_course(city);
    let rows = COMMON_COURSES.iter().chain(std::iter::once(&extra));
    rows.enumerate()
        .map(|(index, row)| {
            // Cities differ a little, as real catalogues do.
            let raise = (city_index % 3) as i64 * 100;
            let urgent = row.urgent || (index + city_index).is_multiple_of(7);
            let uplifts = if row.kind.is_graded() && index.is_multiple_of(3) {
                vec![
                    (
                        WorkerCategory::PovertyAlleviated.code().to_owned(),
                        "10".to_owned(),
                    ),
                    (
                        WorkerCategory::EmploymentDifficulty.code().to_owned(),
                        "10".to_owned(),
                    ),
                ]
            } else {
                Vec::new()
            };
            let input = CourseInput {
                training_type: row.training_type.code().to_owned(),
                occupation_name: row.name.to_owned(),
                occupation_code: row.code.unwrap_or_default().to_owned(),
                certificate_kind: row.kind.code().to_owned(),
                urgent: urgent.to_string(),
                amounts: row
                    .amounts
                    .iter()
                    .map(|(level, yuan)| (level.code().to_owned(), (yuan + raise).to_string()))
                    .collect(),
                uplifts,
                remarks: if row.kind.is_graded() {
                    "按取得的证书等级给予补贴".to_owned()
                } else {
                    "取得合格证书后给予补贴".to_owned()
                },
            };
            NewCourse::try_from(&input)
                .with_context(|| format!("demo course {} of {city:?}", row.name))
        })
        .collect()
}

/// The institution rows of one city, checked by the same rules as real
/// input.
fn demo_institutions(city: City, city_index: usize) -> anyhow::Result<Vec<NewInstitution>> {
    let extra = city_course(city);
    INSTITUTIONS
        .iter()
        .enumerate()
        .map(|(index, template)| {
            let find_code = |name: &str| {
                COMMON_COURSES
                    .iter()
                    .chain(std::iter::once(&extra))
                    .find(|c| c.name == name)
                    .and_then(|c| c.code)
                    .unwrap_or_default()
                    .to_owned()
            };
            let mut occupations: Vec<(String, String)> = template
                .occupations
                .iter()
                .map(|name| ((*name).to_owned(), find_code(name)))
                .collect();
            if template.teaches_city_course {
                occupations.push((
                    extra.name.to_owned(),
                    extra.code.unwrap_or_default().to_owned(),
                ));
            }
            let district = districts(city)[index % 3];
            let phone = if template.nature == "private" {
                format!("138{:08}", city_index * 1_000_000 + index * 12_345 + 5_000)
            } else {
                format!(
                    "{}-{}",
                    area_code(city),
                    87_000_000 + city_index * 10_000 + index * 111
                )
            };
            let input = InstitutionInput {
                name: template.name.replace("{}", city.short_name()),
                address: format!(
                    "{}{district}{}{}号",
                    city.label(app::i18n::Lang::Zh),
                    template.road,
                    10 + index * 7
                ),
                nature: template.nature.to_owned(),
                occupations,
                contact_person: CONTACTS[(index + city_index) % CONTACTS.len()].to_owned(),
                contact_phone: phone,
                remarks: DEMO_REMARK.to_owned(),
            };
            NewInstitution::try_from(&input)
                .with_context(|| format!("demo institution {} of {city:?}", template.name))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_city_gets_at_least_twenty_valid_courses_with_the_seed_examples() {
        for (index, &city) in City::ALL.iter().enumerate() {
            let courses = demo_courses(city, index).expect("demo courses pass the rules");
            assert!(
                courses.len() >= 20,
                "{city:?} has {} courses",
                courses.len()
            );
            assert!(courses
                .iter()
                .any(|c| c.occupation_name.as_str() == "育婴员"
                    && c.occupation_code.as_ref().map(|code| code.as_str()) == Some("4-10-01-02")));
            assert!(courses.iter().any(
                |c| c.occupation_name.as_str() == "SYB创业培训" && c.occupation_code.is_none()
            ));
            assert!(courses.iter().filter(|c| c.urgent).count() >= 3);
        }
    }

    #[test]
    fn every_city_gets_eight_valid_institutions_of_all_three_natures() {
        for (index, &city) in City::ALL.iter().enumerate() {
            let institutions =
                demo_institutions(city, index).expect("demo institutions pass the rules");
            assert!(institutions.len() >= 8);
            for nature in app::domain::InstitutionNature::ALL {
                assert!(
                    institutions.iter().any(|i| i.nature == *nature),
                    "{city:?} lacks {nature:?}"
                );
            }
        }
    }

    #[test]
    fn every_institution_occupation_matches_a_course_of_its_city() {
        for (index, &city) in City::ALL.iter().enumerate() {
            let keys: Vec<String> = demo_courses(city, index)
                .expect("valid")
                .iter()
                .map(NewCourse::occupation_key)
                .collect();
            for institution in demo_institutions(city, index).expect("valid") {
                for occupation in &institution.occupations {
                    assert!(
                        keys.contains(&occupation.key()),
                        "{} of {city:?} is not in the catalogue",
                        occupation.name
                    );
                }
            }
        }
    }
}
