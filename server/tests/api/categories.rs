//! Verified worker categories, written as the attacks they stop: a
//! self-declared category pays nothing extra until the bureau of the
//! worker's city verifies it, one by one or by importing a list.

use app::server::db::Database;
use reqwest::{header, StatusCode};
use serde_json::{json, Value};

use crate::{
    authenticator::Phone,
    classes::setup,
    helpers::{error_code, Browser, TestApp},
    identity::{id_number, register_with_passkey, staff},
    subsidies::{ended_class, expected_total_fen, file_claim, review},
};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The bureau verifies every category declared in its city.
pub async fn verify_declared_categories(bureau: &Browser) {
    let (status, declared) = bureau.get("/api/v1/worker-categories").await;
    assert_eq!(status, StatusCode::OK, "{declared}");
    for category in declared.as_array().expect("a list") {
        let id = category["id"].as_i64().expect("id");
        let (status, decided) = decide(bureau, id, "verify").await;
        assert_eq!(status, StatusCode::OK, "{decided}");
    }
}

async fn decide(browser: &Browser, id: i64, decision: &str) -> (StatusCode, Value) {
    browser
        .post(
            &format!("/api/v1/worker-categories/{id}/decision"),
            &json!({ "decision": decision, "note": "对照县乡村振兴局脱贫人口名单核实" }),
        )
        .await
}

/// Categories of the bureau's city in `status`.
async fn categories_in(bureau: &Browser, status: &str) -> Vec<Value> {
    let (code, list) = bureau
        .get(&format!("/api/v1/worker-categories?status={status}"))
        .await;
    assert_eq!(code, StatusCode::OK, "{list}");
    list.as_array().expect("a list").clone()
}

/// Sends a list file as the raw body.
async fn import(browser: &Browser, content_type: &str, file: Vec<u8>) -> (StatusCode, Value) {
    let response = browser
        .client
        .post(format!(
            "{}/api/v1/worker-categories/import?note=民政部门名单",
            browser.address
        ))
        .header(header::CONTENT_TYPE, content_type)
        .body(file)
        .send()
        .await
        .expect("answered");
    crate::helpers::json_answer(reqwest::Method::POST, response).await
}

/// Registers workers (rural transferred and poverty-alleviated, as the
/// registration form of the suite declares) by their sequence numbers.
async fn register_workers(app: &TestApp, sequences: &[u32]) {
    for sequence in sequences {
        let mut phone = Phone::new(&app.origin);
        register_with_passkey(&app.browser(), &mut phone, &id_number(*sequence)).await;
    }
}

/// Runs the same read on whichever database the suite uses.
async fn texts_of(app: &TestApp, sql: &str) -> Vec<String> {
    match &app.db {
        Database::Sqlite { readers, .. } => {
            sqlx::query_scalar::<_, String>(sql)
                .fetch_all(readers)
                .await
        }
        Database::Postgres { pool, .. } => {
            sqlx::query_scalar::<_, String>(sql).fetch_all(pool).await
        }
    }
    .expect("a text column")
}

#[tokio::test]
async fn a_self_declared_category_raises_no_uplift_until_the_bureau_verifies_it() {
    let setup = setup().await;
    let (_, trainees) = ended_class(&setup, &[(701, 3)]).await;
    let worker = &trainees[0];

    let (status, journeys) = worker.browser.get("/api/v1/me/subsidies").await;
    assert_eq!(status, StatusCode::OK, "{journeys}");
    let steps = journeys[0]["steps"].to_string();
    assert!(
        steps.contains(
            "脱贫劳动力（含防返贫监测对象）：待人社部门核实，核实后才计入补贴上浮和生活费补贴"
        ),
        "{steps}"
    );
    assert_eq!(journeys[0]["categories"][0]["status"], "declared");

    let (status, unverified) = file_claim(&worker.browser, worker.enrolment_id).await;
    assert_eq!(status, StatusCode::CREATED, "{unverified}");
    assert_eq!(unverified["amount"]["uplift"], 0, "{unverified}");
    assert_eq!(unverified["amount"]["living_days"], 0, "{unverified}");
    assert_eq!(
        unverified["amount"]["total"],
        unverified["amount"]["training"]
    );

    let claim_id = unverified["id"].as_i64().expect("id");
    review(
        &setup,
        &[claim_id],
        json!({ "action": "reject", "reason": "补充核实人员类别后重新申请" }),
    )
    .await;
    verify_declared_categories(&setup.bureau).await;
    let (_, account) = worker.browser.page("/account").await;
    assert!(account.contains("已核实"), "the account shows the status");

    let (status, verified) = file_claim(&worker.browser, worker.enrolment_id).await;
    assert_eq!(status, StatusCode::CREATED, "{verified}");
    assert_eq!(verified["amount"]["living_days"], 3, "{verified}");
    assert_eq!(
        verified["amount"]["total"],
        expected_total_fen(&setup, 3).await,
        "{verified}"
    );
}

#[tokio::test]
async fn an_import_verifies_matching_rows_and_stores_no_id_number_in_clear() {
    let setup = setup().await;
    register_workers(&setup.app, &[711, 712]).await;
    let (first, second, stranger) = (id_number(711), id_number(712), id_number(719));
    let csv = format!(
        "身份证号码,人员类别\n{first},脱贫劳动力（含防返贫监测对象）\n{first},employment_difficulty\n{stranger},其他\n{second},rural_transferred\n"
    );

    let (status, outcome) = import(&setup.bureau, "text/csv", csv.clone().into_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["verified"], 2, "{outcome}");
    assert_eq!(outcome["already_verified"], 0);
    assert_eq!(
        outcome["not_matched"],
        json!([
            { "row": 3, "reason": "not_declared", "message": "该学员没有申报这个人员类别" },
            { "row": 4, "reason": "no_account", "message": "本市没有这个身份证号码的学员账号" },
        ])
    );
    assert!(
        !outcome.to_string().contains(&first[..10]),
        "no ID number echoed"
    );
    let verified = categories_in(&setup.bureau, "verified").await;
    assert_eq!(verified.len(), 2);
    assert!(verified.iter().all(|c| c["source"] == "import"));

    let (_, again) = import(&setup.bureau, "text/csv", csv.into_bytes()).await;
    assert_eq!(
        (again["verified"].clone(), again["already_verified"].clone()),
        (json!(0), json!(2))
    );

    let stored = [
        "SELECT note FROM worker_categories",
        "SELECT category FROM worker_categories",
        "SELECT target FROM audit_log",
        "SELECT reason FROM audit_log",
        "SELECT COALESCE(id_number_lookup, '') FROM users",
        "SELECT COALESCE(id_number_masked, '') FROM users",
    ];
    for sql in stored {
        for text in texts_of(&setup.app, sql).await {
            for number in [&first, &second, &stranger] {
                assert!(
                    !text.contains(number.as_str()),
                    "{sql} holds an ID number in clear"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_bad_row_refuses_the_whole_import_and_changes_nothing() {
    let setup = setup().await;
    register_workers(&setup.app, &[721]).await;
    let good = id_number(721);
    let mut bad_check_digit = good.clone();
    let last = if good.ends_with('0') { "1" } else { "0" };
    bad_check_digit.replace_range(17.., last);
    let csv =
        format!("{good},rural_transferred\n{bad_check_digit},rural_transferred\n{good},低保户\n");

    let (status, refused) =
        import(&setup.bureau, "text/csv; charset=utf-8", csv.into_bytes()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(error_code(&refused), "import_rows_invalid");
    let rows: Vec<i64> = refused["error"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["row"].as_i64())
        .collect();
    assert_eq!(rows, vec![2, 3]);
    let message = refused["error"]["message"].as_str().expect("message");
    assert!(
        message.contains("第 2 行") && message.contains("校验码"),
        "{message}"
    );
    assert!(message.contains("低保户"), "{message}");
    assert!(
        !message.contains(&good[..10]),
        "no ID number echoed: {message}"
    );
    assert!(categories_in(&setup.bureau, "verified").await.is_empty());

    let (status, too_big) =
        import(&setup.bureau, "text/csv", vec![b'1'; 5 * 1024 * 1024 + 1]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{too_big}");
    assert_eq!(error_code(&too_big), "file_too_large");
    let (status, pdf) = import(&setup.bureau, "application/pdf", b"%PDF".to_vec()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{pdf}");
}

#[tokio::test]
async fn an_institution_or_another_citys_bureau_cannot_verify() {
    let setup = setup().await;
    register_workers(&setup.app, &[731]).await;
    let declared = categories_in(&setup.bureau, "declared").await;
    let id = declared[0]["id"].as_i64().expect("id");
    let xiamen = staff(&setup.app, "bureau", "xiamen-bureau", "350200", None).await;

    for intruder in [&setup.institution, &xiamen] {
        let (status, refused) = decide(intruder, id, "verify").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
        assert_eq!(error_code(&refused), "forbidden");
    }
    let csv = format!("{},rural_transferred\n", id_number(731));
    let (status, refused) = import(&setup.institution, "text/csv", csv.into_bytes()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    let (status, _) = setup.institution.get("/api/v1/worker-categories").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(xiamen.get("/api/v1/worker-categories").await.1 == json!([]));
    assert_eq!(
        categories_in(&setup.bureau, "declared").await.len(),
        declared.len()
    );

    let province = staff(&setup.app, "province", "fj-admin", "", None).await;
    let (_, records) = province.get("/api/v1/audit?action=access.refused").await;
    let targets: Vec<&str> = records
        .as_array()
        .expect("records")
        .iter()
        .filter_map(|r| r["target"].as_str())
        .collect();
    let target = format!("worker_category:{id}");
    assert_eq!(
        targets.iter().filter(|t| **t == target).count(),
        2,
        "{records}"
    );
    assert!(targets.contains(&"worker_categories:import"), "{records}");

    let (status, refused) = decide(&setup.bureau, id, "refuse").await;
    assert_eq!(status, StatusCode::OK, "{refused}");
    assert_eq!(refused["status"], "refused");
    let (status, again) = decide(&setup.bureau, id, "refuse").await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(error_code(&again), "category_already_decided");
    let (_, decisions) = setup
        .bureau
        .get("/api/v1/audit?action=worker_category.refuse")
        .await;
    assert_eq!(
        decisions[0]["reason"], "对照县乡村振兴局脱贫人口名单核实",
        "{decisions}"
    );
}

#[tokio::test]
async fn a_gbk_csv_and_an_xlsx_list_are_both_accepted() {
    let setup = setup().await;
    register_workers(&setup.app, &[741, 742]).await;
    let text = format!(
        "身份证号码,人员类别\r\n{},农村转移劳动力\r\n",
        id_number(741)
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let (status, outcome) = import(&setup.bureau, "text/csv", gbk.into_owned()).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["verified"], 1, "{outcome}");

    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let second = id_number(742);
    let cells = [
        ("身份证号码", "人员类别"),
        (second.as_str(), "poverty_alleviated"),
    ];
    for (row, (id, category)) in cells.iter().enumerate() {
        sheet.write_string(row as u32, 0, *id).expect("a cell");
        sheet
            .write_string(row as u32, 1, *category)
            .expect("a cell");
    }
    let xlsx = workbook.save_to_buffer().expect("an XLSX file");
    let (status, outcome) = import(&setup.bureau, XLSX, xlsx).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["verified"], 1, "{outcome}");

    let (status, page) = setup
        .bureau
        .page("/worker-categories?status=verified")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("名单导入") && page.contains("人员类别核实"),
        "the page lists them"
    );
}
