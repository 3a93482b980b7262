//! Catalogue publishing: a bureau drafts, imports, files and publishes a
//! yearly edition, the province returns and accepts it, the bureau adjusts
//! it and anyone reads its history; each city's bureau acts on its own
//! city only; classes keep the standard they were approved under.

use app::{
    domain::{CertificateKind, City},
    server::db::classes::find_class_standard,
};
use reqwest::{header, StatusCode};
use serde_json::{json, Value};

use crate::{
    classes::{approved_class, session_from_now, setup},
    helpers::{error_code, spawn_app, Browser, TestApp},
    identity::staff,
};

/// A stamped scan as small as a PDF gets.
const SCAN: &[u8] = b"%PDF-1.4\n% a stamped scan\n%%EOF\n";

/// 附表1 as a bureau fills it in: title lines, the header with wrapped
/// titles, an example row left in, `rows`, the footer and the notes.
fn course_template(rows: &[[&str; 6]]) -> String {
    let mut lines = vec![
        "附表1".to_owned(),
        "福州市职业技能培训需求指导目录".to_owned(),
        "单位（盖章）：".to_owned(),
        "\"培 训 类 型\n（选填）\",\"职业（工种）\n名称\",\"职业（工种）\n编码\",\"是否急需紧\n缺工种\",补贴标准,备注".to_owned(),
        "例：就业技能培训,育婴员,4-10-01-02,是,按照证书等级给予补贴：如初级工补贴X元,".to_owned(),
    ];
    lines.extend(rows.iter().map(|cells| {
        cells
            .iter()
            .map(|cell| format!("\"{cell}\""))
            .collect::<Vec<_>>()
            .join(",")
    }));
    lines.push("填报人：,,联系电话：,,填报日期： 年 月 日,".to_owned());
    lines.push(
        "注：1.本表格作为备案模板，请于每年 6 月底前将电子档和盖章扫描版发送至省厅。".to_owned(),
    );
    lines.join("\r\n")
}

const GOOD_ROWS: &[[&str; 6]] = &[
    [
        "就业技能培训",
        "育婴员",
        "4-10-01-02",
        "是",
        "初级工 1500 元，中级工 2000 元；属脱贫劳动力上浮 10%",
        "按证书等级补贴",
    ],
    [
        "就业技能培训",
        "养老护理员",
        "４－１０－０１－０５",
        "√",
        "初级工 1600 元",
        "",
    ],
    [
        "创业培训",
        "SYB创业培训",
        "",
        "",
        "取得创业培训合格证书给予补贴 1000 元",
        "",
    ],
];

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

async fn send(
    browser: &Browser,
    method: reqwest::Method,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let response = browser
        .client
        .request(method.clone(), format!("{}{path}", browser.address))
        .header(header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .expect("answered");
    crate::helpers::json_answer(method, response).await
}

/// Uploads a template for Fuzhou's `year` edition of `kind`; the preview.
async fn preview(
    bureau: &Browser,
    kind: &str,
    year: i32,
    content_type: &str,
    file: Vec<u8>,
) -> (StatusCode, Value) {
    let path = format!("/api/v1/catalogue-imports?kind={kind}&city=350100&year={year}");
    send(bureau, reqwest::Method::POST, &path, content_type, file).await
}

/// Files an edition with the scan.
async fn file_edition(bureau: &Browser, edition: i64) -> (StatusCode, Value) {
    let path =
        format!("/api/v1/catalogue-editions/{edition}/filing?file_name=%E7%9B%96%E7%AB%A0.pdf");
    send(
        bureau,
        reqwest::Method::POST,
        &path,
        "application/pdf",
        SCAN.to_vec(),
    )
    .await
}

async fn decide(province: &Browser, filing: i64, body: Value) -> (StatusCode, Value) {
    province
        .post(
            &format!("/api/v1/catalogue-filings/{filing}/decision"),
            &body,
        )
        .await
}

fn today() -> String {
    app::domain::china_date(chrono::Utc::now())
        .format("%Y-%m-%d")
        .to_string()
}

/// Drafts, imports, files, accepts and publishes Fuzhou's 2027 course
/// catalogue from [`GOOD_ROWS`]; its id.
async fn published_2027(bureau: &Browser, province: &Browser) -> i64 {
    let (status, shown) = preview(
        bureau,
        "course",
        2027,
        "text/csv",
        gbk(&course_template(GOOD_ROWS)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    let import_id = shown["import_id"].as_str().expect("an import id");
    let (status, edition) = bureau
        .post(
            &format!("/api/v1/catalogue-imports/{import_id}/confirm"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edition}");
    let id = edition["id"].as_i64().expect("an edition id");
    let (status, filing) = file_edition(bureau, id).await;
    assert_eq!(status, StatusCode::CREATED, "{filing}");
    let filing_id = filing["id"].as_i64().expect("a filing id");
    let (status, accepted) = decide(
        province,
        filing_id,
        json!({ "decision": "accept", "filing_number": "闽人社目录备〔2027〕1号" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    let (status, published) = bureau
        .post(
            &format!("/api/v1/catalogue-editions/{id}/publication"),
            &json!({ "effective_on": today() }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{published}");
    id
}

async fn bureau_and_province(app: &TestApp) -> (Browser, Browser) {
    (
        staff(app, "bureau", "fuzhou-bureau", "350100", None).await,
        staff(app, "province", "fj-admin", "", None).await,
    )
}

#[tokio::test]
async fn a_gbk_template_is_previewed_with_every_problem_and_only_a_clean_one_is_stored() {
    let app = spawn_app().await;
    let (bureau, _) = bureau_and_province(&app).await;
    let mut rows = GOOD_ROWS.to_vec();
    rows.push(["烹饪", "中式烹调师", "4-03-2-01", "也许", "按等级补贴", ""]);
    let (status, shown) = preview(
        &bureau,
        "course",
        2027,
        "text/csv",
        gbk(&course_template(&rows)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert_eq!(shown["courses"].as_array().map(Vec::len), Some(3));
    let problems: Vec<(i64, &str)> = shown["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["row"].as_i64().expect("a row"),
                p["column_title"].as_str().expect("a column"),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (9, "培训类型（选填）"),
            (9, "职业（工种）编码"),
            (9, "是否急需紧缺工种"),
            (9, "补贴标准")
        ],
        "sheet row 9 is the fourth row under the header and example"
    );
    assert!(shown["problems"][0]["message"]
        .as_str()
        .expect("a message")
        .contains("烹饪"));
    let childcare = &shown["courses"][0];
    assert_eq!(childcare["sheet_row"], 6);
    assert_eq!(childcare["subsidy"]["amounts"][0]["amount"], 150_000);
    assert_eq!(
        childcare["subsidy"]["uplifts"][0]["category"],
        "poverty_alleviated"
    );
    assert_eq!(shown["courses"][1]["occupation_code"], "4-10-01-05");

    let import_id = shown["import_id"].as_str().expect("an import id");
    let (status, refused) = bureau
        .post(
            &format!("/api/v1/catalogue-imports/{import_id}/confirm"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(error_code(&refused), "import_has_problems");
    let (_, editions) = bureau.get("/api/v1/catalogue-editions").await;
    assert!(
        editions
            .as_array()
            .expect("editions")
            .iter()
            .all(|e| e["year"] != 2027),
        "a failed import stores nothing: {editions}"
    );

    let (status, english) = send(
        &bureau,
        reqwest::Method::POST,
        "/api/v1/catalogue-imports?kind=institution&city=350100&year=2027",
        "text/csv; charset=utf-8",
        course_template(GOOD_ROWS).into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{english}");
    assert_eq!(
        english["problems"][0]["row"],
        Value::Null,
        "a file-level problem"
    );
    assert!(english["problems"][0]["message"]
        .as_str()
        .expect("a message")
        .contains("附表1"));
}

#[tokio::test]
async fn a_filing_is_returned_resubmitted_accepted_published_adjusted_and_its_history_read() {
    let app = spawn_app().await;
    let (bureau, province) = bureau_and_province(&app).await;
    let (status, shown) = preview(
        &bureau,
        "course",
        2027,
        "text/csv",
        gbk(&course_template(GOOD_ROWS)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    let import_id = shown["import_id"].as_str().expect("an import id");
    let (_, edition) = bureau
        .post(
            &format!("/api/v1/catalogue-imports/{import_id}/confirm"),
            &json!({}),
        )
        .await;
    let id = edition["id"].as_i64().expect("an edition id");
    assert_eq!(edition["status"], "draft");
    assert_eq!(edition["rows"], 3);

    // Filed, then returned: the draft may change again.
    let (_, filing) = file_edition(&bureau, id).await;
    assert_eq!(filing["attachment"]["content_type"], "application/pdf");
    assert_eq!(filing["attachment"]["file_name"], "盖章.pdf");
    let filing_id = filing["id"].as_i64().expect("a filing id");
    let (status, refused) = bureau
        .post(&format!("/api/v1/catalogue-editions/{id}/rows"), &json!({
            "occupation_name": "电工", "occupation_code": "6-31-01-03", "certificate_kind": "skill_level",
            "amounts": [{ "level": "level5", "yuan": "1500" }]
        }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(error_code(&refused), "edition_not_draft");
    let (status, waiting) = province
        .get("/api/v1/catalogue-filings?status=submitted")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(waiting
        .as_array()
        .expect("filings")
        .iter()
        .any(|f| f["id"] == filing_id));
    let response = province
        .get_raw(&format!(
            "/api/v1/catalogue-attachments/{}",
            filing["attachment"]["id"]
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii")
        .contains("filename*=UTF-8''%E7%9B%96%E7%AB%A0.pdf"));
    assert_eq!(response.bytes().await.expect("bytes").as_ref(), SCAN);
    let (status, returned) = decide(
        &province,
        filing_id,
        json!({ "decision": "return", "reason": "缺少电工" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{returned}");
    assert_eq!(returned["decision_reason"], "缺少电工");
    let (status, added) = bureau
        .post(&format!("/api/v1/catalogue-editions/{id}/rows"), &json!({
            "occupation_name": "电工", "occupation_code": "6-31-01-03", "certificate_kind": "skill_level",
            "urgent": true, "amounts": [{ "level": "level5", "yuan": "1500.50" }], "remarks": ""
        }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");

    // Resubmitted, accepted with a filing number, published from today.
    let (status, again) = file_edition(&bureau, id).await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    let again_id = again["id"].as_i64().expect("a filing id");
    let (status, refused) = bureau
        .post(
            &format!("/api/v1/catalogue-editions/{id}/publication"),
            &json!({ "effective_on": today() }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "not yet accepted: {refused}");
    let (status, refused) = decide(&province, again_id, json!({ "decision": "accept" })).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "an edition needs its filing number: {refused}"
    );
    let (status, _) = decide(
        &province,
        again_id,
        json!({ "decision": "accept", "filing_number": "闽人社目录备〔2027〕1号" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, published) = bureau
        .post(
            &format!("/api/v1/catalogue-editions/{id}/publication"),
            &json!({ "effective_on": today() }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{published}");
    assert_eq!(published["status"], "published");
    assert_eq!(published["version"], 1);

    // The public catalogue is now the 2027 edition, with its filing number.
    let (_, list) = app.get_json("/api/v1/courses?city=350100").await;
    assert_eq!(list["catalogue"]["year"], 2027);
    assert_eq!(
        list["catalogue"]["filing_number"],
        "闽人社目录备〔2027〕1号"
    );
    assert_eq!(list["courses"]["total"], 4);

    // An adjustment: 养老护理员 leaves, 育婴员 goes up; filed and accepted,
    // it is in force today as version 2.
    let (_, detail) = bureau
        .get(&format!("/api/v1/catalogue-editions/{id}"))
        .await;
    let row = |name: &str| {
        detail["courses"]
            .as_array()
            .expect("courses")
            .iter()
            .find(|c| c["occupation_name"] == name)
            .and_then(|c| c["id"].as_i64())
            .expect("a row")
    };
    let (elderly_care, childcare) = (row("养老护理员"), row("育婴员"));
    let (status, adjustment) = bureau
        .post(
            &format!("/api/v1/catalogue-editions/{id}/adjustments"),
            &json!({ "reason": "养老护理员培训就业率低", "effective_on": today() }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{adjustment}");
    let adjustment_id = adjustment["id"].as_i64().expect("an adjustment");
    for change in [
        json!({ "action": "remove", "row_id": elderly_care }),
        json!({ "action": "change", "row_id": childcare, "row": {
            "training_type": "employment_skills", "occupation_name": "育婴员", "occupation_code": "4-10-01-02",
            "certificate_kind": "skill_level", "urgent": true,
            "amounts": [{ "level": "level5", "yuan": "1800" }, { "level": "level4", "yuan": "2000" }],
            "uplifts": [{ "worker_category": "poverty_alleviated", "percent": "10" }], "remarks": "按证书等级补贴"
        }}),
    ] {
        let (status, added) = bureau
            .post(
                &format!("/api/v1/catalogue-filings/{adjustment_id}/changes"),
                &change,
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{added}");
    }
    let path = format!("/api/v1/catalogue-filings/{adjustment_id}/submission");
    let (status, filed) = send(
        &bureau,
        reqwest::Method::POST,
        &path,
        "application/pdf",
        SCAN.to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{filed}");
    let (status, accepted) =
        decide(&province, adjustment_id, json!({ "decision": "accept" })).await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted["status"], "published");
    assert_eq!(accepted["version"], 2);

    let (_, list) = app.get_json("/api/v1/courses?city=350100").await;
    assert_eq!(list["catalogue"]["version"], 2);
    let names: Vec<&str> = list["courses"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["occupation_name"].as_str().expect("a name"))
        .collect();
    assert!(!names.contains(&"养老护理员"), "{names:?}");
    let (_, course) = app.get_json(&format!("/api/v1/courses/{childcare}")).await;
    assert_eq!(course["subsidy"]["amounts"][0]["amount"], 180_000);
    let (status, _) = app
        .get_json(&format!("/api/v1/courses/{elderly_care}"))
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a removed course is gone from the public catalogue"
    );

    // Anyone reads the history, version by version.
    let (status, history) = app
        .get_json(&format!("/api/v1/catalogue-editions/{id}/history"))
        .await;
    assert_eq!(status, StatusCode::OK, "{history}");
    assert_eq!(history[0]["version"], 2);
    assert_eq!(history[0]["reason"], "养老护理员培训就业率低");
    let actions: Vec<&str> = history[0]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["action"].as_str().expect("an action"))
        .collect();
    assert_eq!(actions, ["remove", "change"]);
    assert_eq!(
        history[0]["changes"][1]["before"]["subsidy"]["amounts"][0]["amount"],
        150_000
    );
    assert_eq!(
        history[0]["changes"][1]["after"]["subsidy"]["amounts"][0]["amount"],
        180_000
    );
    assert_eq!(history[1]["version"], 1);
    assert_eq!(history[1]["filing_number"], "闽人社目录备〔2027〕1号");
    let (status, page) = app
        .get_page(&format!("/catalogue-editions/{id}/history"), &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("第 2 版") && page.contains("养老护理员培训就业率低"));

    // Every step is in the audit trail.
    let (_, trail) = province.get("/api/v1/audit").await;
    let actions: Vec<&str> = trail
        .as_array()
        .expect("records")
        .iter()
        .filter_map(|r| r["action"].as_str())
        .collect();
    for action in [
        "catalogue.import",
        "catalogue.file",
        "catalogue.filing_return",
        "catalogue.row_add",
        "catalogue.filing_accept",
        "catalogue.publish",
        "catalogue.adjustment_open",
        "catalogue.change_add",
        "catalogue.adjustment_file",
        "catalogue.adjustment_in_force",
    ] {
        assert!(
            actions.contains(&action),
            "{action} missing from {actions:?}"
        );
    }
}

#[tokio::test]
async fn an_export_reads_back_as_the_same_rows_in_each_format() {
    let app = spawn_app().await;
    let (bureau, province) = bureau_and_province(&app).await;
    let id = published_2027(&bureau, &province).await;
    let (_, detail) = app
        .get_json(&format!("/api/v1/catalogue-editions/{id}"))
        .await;
    let stored: Vec<Value> = detail["courses"]
        .as_array()
        .expect("courses")
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c.as_object_mut().expect("an object").remove("id");
            c
        })
        .collect();
    for (format, content_type) in [
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("csv", "text/csv"),
        ("csv-gbk", "text/csv"),
    ] {
        let response = app
            .get(&format!(
                "/api/v1/catalogue-editions/{id}/export?format={format}"
            ))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let disposition = response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
        let name =
            percent_encoding::percent_decode_str(disposition.split("''").nth(1).expect("a name"))
                .decode_utf8()
                .expect("utf-8")
                .into_owned();
        assert!(
            name.starts_with("福州市职业技能培训需求指导目录（2027年）"),
            "{name}"
        );
        let bytes = response.bytes().await.expect("a file").to_vec();
        assert_eq!(bytes.starts_with(b"\xEF\xBB\xBF"), format == "csv");
        let (status, shown) = preview(&bureau, "course", 2028, content_type, bytes).await;
        assert_eq!(status, StatusCode::OK, "{shown}");
        assert_eq!(shown["problems"], json!([]), "{format}");
        let read: Vec<Value> = shown["courses"]
            .as_array()
            .expect("courses")
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.as_object_mut().expect("an object").remove("sheet_row");
                c
            })
            .collect();
        assert_eq!(read, stored, "{format}");
    }
}

#[tokio::test]
async fn each_bureau_acts_on_its_own_city_and_the_province_reviews_every_city() {
    let app = spawn_app().await;
    let (bureau, province) = bureau_and_province(&app).await;
    let (_, drafted) = bureau
        .post(
            "/api/v1/catalogue-editions",
            &json!({ "kind": "course", "city": "350100", "year": "2027" }),
        )
        .await;
    let id = drafted["id"].as_i64().expect("a draft");
    let xiamen = staff(&app, "bureau", "xiamen-bureau", "350200", None).await;
    let (_, schools) = app.get_json("/api/v1/institutions?city=350100").await;
    let school = schools["institutions"]["items"][0]["id"].as_i64();
    let institution = staff(&app, "institution", "school-x", "350100", school).await;

    let (status, _) = xiamen
        .get(&format!("/api/v1/catalogue-editions/{id}"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = xiamen
        .post(
            "/api/v1/catalogue-editions",
            &json!({ "kind": "course", "city": "350100", "year": "2028" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = preview(
        &xiamen,
        "course",
        2027,
        "text/csv",
        course_template(GOOD_ROWS).into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = file_edition(&xiamen, id).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = institution.get("/api/v1/catalogue-editions").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .get_json(&format!("/api/v1/catalogue-editions/{id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a draft is not public");
    let (status, _) = province
        .get(&format!("/api/v1/catalogue-editions/{id}"))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the province reads every city's drafts"
    );
    let (status, _) = province
        .post(
            &format!("/api/v1/catalogue-editions/{id}/rows"),
            &json!({
                "occupation_name": "电工", "occupation_code": "6-31-01-03", "certificate_kind": "skill_level",
                "amounts": [{ "level": "level5", "yuan": "1500" }]
            }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the province does not edit");

    let (status, refused) = file_edition(&bureau, id).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(error_code(&refused), "edition_empty");
    let (status, _) = bureau.post(&format!("/api/v1/catalogue-editions/{id}/rows"), &json!({
        "occupation_name": "电工", "occupation_code": "6-31-01-03", "certificate_kind": "skill_level",
        "amounts": [{ "level": "level5", "yuan": "1500" }]
    })).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, filing) = file_edition(&bureau, id).await;
    let filing_id = filing["id"].as_i64().expect("a filing");
    let (status, _) = decide(
        &bureau,
        filing_id,
        json!({ "decision": "accept", "filing_number": "x" }),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a bureau does not accept its own filing"
    );
    let (status, _) = decide(
        &xiamen,
        filing_id,
        json!({ "decision": "return", "reason": "x" }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = xiamen
        .get(&format!(
            "/api/v1/catalogue-attachments/{}",
            filing["attachment"]["id"]
        ))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, xiamen_filings) = xiamen.get("/api/v1/catalogue-filings").await;
    assert!(
        xiamen_filings
            .as_array()
            .expect("filings")
            .iter()
            .all(|f| f["city"] == "350200"),
        "a bureau sees its own city's filings only: {xiamen_filings}"
    );

    let (status, standing) = province.get("/api/v1/catalogue-publication").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(standing.as_array().map(Vec::len), Some(City::ALL.len()));
    assert_eq!(
        standing[0]["course"], "published",
        "the demo catalogues are this year's: {standing}"
    );
    let (_, own) = xiamen.get("/api/v1/catalogue-publication").await;
    assert_eq!(own.as_array().map(Vec::len), Some(1));

    let (status, wrong) = send(
        &bureau,
        reqwest::Method::POST,
        &format!("/api/v1/catalogue-editions/{id}/filing"),
        "application/pdf",
        b"not a pdf".to_vec(),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a filed edition cannot be filed again: {wrong}"
    );
}

#[tokio::test]
async fn a_scan_must_be_a_pdf_or_an_image_and_an_institution_row_an_occupation_of_the_city() {
    let app = spawn_app().await;
    let (bureau, _) = bureau_and_province(&app).await;
    let (_, drafted) = bureau.post("/api/v1/catalogue-editions", &json!({ "kind": "institution", "city": "350100", "year": "2027", "copy_current": true })).await;
    let id = drafted["id"].as_i64().expect("a draft");
    assert!(
        drafted["rows"].as_i64().expect("rows") >= 8,
        "copied from the current edition: {drafted}"
    );
    let (status, refused) = bureau.post(&format!("/api/v1/catalogue-editions/{id}/rows"), &json!({
        "name": "福州新学校", "address": "福州市鼓楼区示例路 9 号", "nature": "private",
        "occupations": [{ "name": "宇航员", "code": "" }], "contact_person": "林老师", "contact_phone": "0591-87654321"
    })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(refused["error"]["field"], "occupations");
    let (status, added) = bureau.post(&format!("/api/v1/catalogue-editions/{id}/rows"), &json!({
        "name": "福州新学校", "address": "福州市鼓楼区示例路 9 号", "nature": "private",
        "occupations": [{ "name": "育婴员", "code": "4-10-01-02" }], "contact_person": "林老师", "contact_phone": "0591-87654321"
    })).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let path = format!("/api/v1/catalogue-editions/{id}/filing");
    let (status, refused) = send(
        &bureau,
        reqwest::Method::POST,
        &path,
        "application/pdf",
        b"GIF89a not allowed".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{refused}");
    let too_big = [b"%PDF-".as_slice(), &vec![b'x'; 6 * 1024 * 1024]].concat();
    let (status, refused) = send(
        &bureau,
        reqwest::Method::POST,
        &path,
        "application/pdf",
        too_big,
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{refused}");
    let (_, still) = bureau
        .get(&format!("/api/v1/catalogue-editions/{id}"))
        .await;
    assert_eq!(
        still["edition"]["status"], "draft",
        "a refused scan changes nothing"
    );
}

#[tokio::test]
async fn a_class_keeps_the_standard_it_was_approved_under_and_a_removed_course_takes_no_new_class()
{
    let setup = setup().await;
    let province = staff(&setup.app, "province", "fj-admin", "", None).await;
    let (class_id, _) =
        approved_class(&setup, 10, vec![session_from_now(26, 120, "offline")]).await;
    let (_, course) = setup
        .app
        .get_json(&format!("/api/v1/courses/{}", setup.course_id))
        .await;
    let approved_amount = course["subsidy"]["amounts"][0]["amount"]
        .as_i64()
        .expect("an amount");
    let kind = CertificateKind::parse(course["certificate_kind"].as_str().expect("a kind"))
        .expect("a kind");
    let edition = course["catalogue"].clone();
    let (_, editions) = setup.bureau.get("/api/v1/catalogue-editions").await;
    let edition_id = editions
        .as_array()
        .expect("editions")
        .iter()
        .find(|e| e["kind"] == "course" && e["year"] == edition["year"] && e["city"] == "350100")
        .and_then(|e| e["id"].as_i64())
        .expect("the Fuzhou course edition");

    let (_, adjustment) = setup
        .bureau
        .post(
            &format!("/api/v1/catalogue-editions/{edition_id}/adjustments"),
            &json!({ "reason": "调整", "effective_on": today() }),
        )
        .await;
    let adjustment_id = adjustment["id"].as_i64().expect("an adjustment");
    let mut amounts: Vec<Value> = course["subsidy"]["amounts"].as_array().expect("amounts").iter()
        .map(|a| json!({ "level": a["level"], "yuan": (a["amount"].as_i64().expect("fen") / 100 + 300).to_string() }))
        .collect();
    amounts.truncate(2);
    let (status, changed) = setup.bureau.post(&format!("/api/v1/catalogue-filings/{adjustment_id}/changes"), &json!({ "action": "change", "row_id": setup.course_id, "row": {
        "training_type": course["training_type"], "occupation_name": course["occupation_name"], "occupation_code": course["occupation_code"],
        "certificate_kind": course["certificate_kind"], "urgent": course["urgent"], "amounts": amounts, "remarks": course["remarks"]
    }})).await;
    assert_eq!(status, StatusCode::CREATED, "{changed}");
    let path = format!("/api/v1/catalogue-filings/{adjustment_id}/submission");
    send(
        &setup.bureau,
        reqwest::Method::POST,
        &path,
        "application/pdf",
        SCAN.to_vec(),
    )
    .await;
    let (status, accepted) =
        decide(&province, adjustment_id, json!({ "decision": "accept" })).await;
    assert_eq!(status, StatusCode::OK, "{accepted}");

    let (_, now) = setup
        .app
        .get_json(&format!("/api/v1/courses/{}", setup.course_id))
        .await;
    assert_eq!(
        now["subsidy"]["amounts"][0]["amount"],
        approved_amount + 30_000
    );
    let kept = find_class_standard(&setup.app.db, class_id, kind)
        .await
        .expect("the class's standard");
    assert_eq!(
        kept.amounts()[0].amount.fen(),
        approved_amount,
        "the class keeps its terms"
    );

    // Removed, the course takes no new class.
    let (_, removal) = setup
        .bureau
        .post(
            &format!("/api/v1/catalogue-editions/{edition_id}/adjustments"),
            &json!({ "reason": "移出", "effective_on": today() }),
        )
        .await;
    let removal_id = removal["id"].as_i64().expect("an adjustment");
    setup
        .bureau
        .post(
            &format!("/api/v1/catalogue-filings/{removal_id}/changes"),
            &json!({ "action": "remove", "row_id": setup.course_id }),
        )
        .await;
    send(
        &setup.bureau,
        reqwest::Method::POST,
        &format!("/api/v1/catalogue-filings/{removal_id}/submission"),
        "application/pdf",
        SCAN.to_vec(),
    )
    .await;
    decide(&province, removal_id, json!({ "decision": "accept" })).await;
    let (status, refused) = setup
        .institution
        .post(
            "/api/v1/classes",
            &crate::classes::application(&setup, 10, vec![session_from_now(50, 120, "offline")]),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(refused["error"]["field"], "course_id");
}

#[tokio::test]
async fn an_adjustment_for_a_later_date_comes_into_force_on_that_date() {
    let app = spawn_app().await;
    let (bureau, province) = bureau_and_province(&app).await;
    let id = published_2027(&bureau, &province).await;
    let tomorrow = (app::domain::china_date(chrono::Utc::now()) + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let (_, adjustment) = bureau
        .post(
            &format!("/api/v1/catalogue-editions/{id}/adjustments"),
            &json!({ "reason": "明日起移出", "effective_on": tomorrow }),
        )
        .await;
    let adjustment_id = adjustment["id"].as_i64().expect("an adjustment");
    let (_, detail) = bureau
        .get(&format!("/api/v1/catalogue-editions/{id}"))
        .await;
    let row = detail["courses"][0]["id"].as_i64().expect("a row");
    bureau
        .post(
            &format!("/api/v1/catalogue-filings/{adjustment_id}/changes"),
            &json!({ "action": "remove", "row_id": row }),
        )
        .await;
    send(
        &bureau,
        reqwest::Method::POST,
        &format!("/api/v1/catalogue-filings/{adjustment_id}/submission"),
        "application/pdf",
        SCAN.to_vec(),
    )
    .await;
    let (_, accepted) = decide(&province, adjustment_id, json!({ "decision": "accept" })).await;
    assert_eq!(
        accepted["status"], "accepted",
        "not yet in force: {accepted}"
    );
    let (_, list) = app.get_json("/api/v1/courses?city=350100").await;
    assert_eq!(list["courses"]["total"], 3);

    app.state.clock.advance(chrono::Duration::days(1));
    let applied = app::server::catalogue_publishing::adjustments::apply_due(
        &app.state,
        app.state.clock.now(),
    )
    .await
    .expect("applied");
    assert_eq!(applied, 1);
    let again = app::server::catalogue_publishing::adjustments::apply_due(
        &app.state,
        app.state.clock.now(),
    )
    .await
    .expect("nothing left");
    assert_eq!(again, 0, "an adjustment comes into force once");
    let (_, list) = app.get_json("/api/v1/courses?city=350100").await;
    assert_eq!(list["courses"]["total"], 2);
    assert_eq!(list["catalogue"]["version"], 2);
}

#[tokio::test]
async fn the_command_line_prints_the_problems_as_the_page_does_and_stores_only_with_confirm() {
    let app = spawn_app().await;
    let dir = std::env::temp_dir().join(format!("skillpass-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let bad = dir.join("bad.csv");
    let mut rows = GOOD_ROWS.to_vec();
    rows.push(["", "焊工", "", "否", "初级工 1500 元", ""]);
    std::fs::write(&bad, gbk(&course_template(&rows))).expect("written");
    let args = |extra: &[&str], file: &std::path::Path| -> Vec<String> {
        [
            "import", "--city", "350100", "--kind", "course", "--year", "2027",
        ]
        .iter()
        .chain(extra)
        .map(|s| (*s).to_owned())
        .chain([file.display().to_string()])
        .collect()
    };
    let clean = skillpass_server::catalogue_cli::run(&app.state, &args(&["--confirm"], &bad))
        .await
        .expect("ran");
    assert!(!clean, "problems make the command fail");
    let (_, editions) = staff(&app, "province", "fj-admin", "", None)
        .await
        .get("/api/v1/catalogue-editions")
        .await;
    assert!(editions
        .as_array()
        .expect("editions")
        .iter()
        .all(|e| e["year"] != 2027));

    let good = dir.join("good.csv");
    std::fs::write(&good, gbk(&course_template(GOOD_ROWS))).expect("written");
    assert!(
        skillpass_server::catalogue_cli::run(&app.state, &args(&[], &good))
            .await
            .expect("ran")
    );
    assert!(
        skillpass_server::catalogue_cli::run(&app.state, &args(&["--confirm"], &good))
            .await
            .expect("ran")
    );
    let out = dir.join("out.xlsx");
    let export: Vec<String> = [
        "export", "--city", "350100", "--kind", "course", "--year", "2027", "--format", "xlsx",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .chain([out.display().to_string()])
    .collect();
    assert!(skillpass_server::catalogue_cli::run(&app.state, &export)
        .await
        .expect("ran"));
    assert!(std::fs::read(&out)
        .expect("a file")
        .starts_with(b"PK\x03\x04"));
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn an_adjustment_changes_a_row_once_keeps_a_course_occupation_and_may_be_abandoned() {
    let app = spawn_app().await;
    let (bureau, province) = bureau_and_province(&app).await;
    let id = published_2027(&bureau, &province).await;
    let (_, detail) = bureau
        .get(&format!("/api/v1/catalogue-editions/{id}"))
        .await;
    let childcare = detail["courses"][0].clone();
    let row = childcare["id"].as_i64().expect("a row");
    let open = || async {
        let (status, adjustment) = bureau
            .post(
                &format!("/api/v1/catalogue-editions/{id}/adjustments"),
                &json!({ "reason": "调整", "effective_on": today() }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{adjustment}");
        adjustment["id"].as_i64().expect("an adjustment")
    };
    let adjustment = open().await;
    let (status, refused) = bureau
        .post(
            &format!("/api/v1/catalogue-editions/{id}/adjustments"),
            &json!({ "reason": "再调整", "effective_on": today() }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(error_code(&refused), "adjustment_open");

    let changes = format!("/api/v1/catalogue-filings/{adjustment}/changes");
    let (status, _) = bureau
        .post(&changes, &json!({ "action": "remove", "row_id": row }))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, refused) = bureau
        .post(&changes, &json!({ "action": "remove", "row_id": row }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(error_code(&refused), "row_changed_in_adjustment");
    let other = detail["courses"][1]["id"].as_i64().expect("a row");
    let (status, refused) = bureau
        .post(
            &changes,
            &json!({ "action": "change", "row_id": other, "row": {
                "occupation_name": "育婴员", "occupation_code": "4-10-01-02", "certificate_kind": "skill_level",
                "amounts": [{ "level": "level5", "yuan": "1500" }]
            }}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(refused["error"]["field"], "occupation_code");
    let (status, refused) = bureau
        .post(
            &changes,
            &json!({ "action": "add", "row": {
                "occupation_name": "养老护理员", "occupation_code": "4-10-01-05", "certificate_kind": "skill_level",
                "amounts": [{ "level": "level5", "yuan": "1500" }]
            }}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a row in force is not added twice: {refused}"
    );

    let (status, _) = bureau
        .delete(&format!("/api/v1/catalogue-filings/{adjustment}"))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let again = open().await;
    let (_, filings) = bureau.get("/api/v1/catalogue-filings?status=draft").await;
    let fresh = filings
        .as_array()
        .expect("filings")
        .iter()
        .find(|f| f["id"] == again)
        .expect("the new adjustment");
    assert_eq!(
        fresh["changes"], 0,
        "an abandoned adjustment takes its changes along"
    );
}
