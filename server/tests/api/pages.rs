use reqwest::{header, StatusCode};

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_course_catalogue_is_plain_html_that_loads_no_script() {
    let app = spawn_app().await;
    let (status, html) = app.get_page("/courses?city=350100", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"<html lang="zh-CN""#), "Chinese by default");
    assert!(html.contains("育婴员"));
    assert!(html.contains("演示数据"), "demo data is marked");
    assert!(
        !html.contains(".js\"") && !html.contains(".wasm"),
        "the catalogue has no island, so it loads no script file: {html}"
    );
}

#[tokio::test]
async fn a_search_in_the_page_shows_only_matching_courses() {
    let app = spawn_app().await;
    let (status, html) = app
        .get_page("/courses?city=350100&q=%E7%94%B5%E5%B7%A5", &[])
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("电工"), "{html}");
    assert!(!html.contains("育婴员"));
}

#[tokio::test]
async fn english_is_chosen_by_cookie_or_by_accept_language() {
    let app = spawn_app().await;
    let (_, by_cookie) = app
        .get_page("/courses?city=350100", &[(header::COOKIE, "lang=en")])
        .await;
    assert!(by_cookie.contains(r#"<html lang="en""#));
    assert!(by_cookie.contains("Urgently needed"));
    let (_, by_browser) = app
        .get_page(
            "/courses?city=350100",
            &[(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.8")],
        )
        .await;
    assert!(by_browser.contains("Urgently needed"));
}

#[tokio::test]
async fn the_remembered_city_is_used_when_the_link_names_none() {
    let app = spawn_app().await;
    let (_, html) = app
        .get_page("/courses", &[(header::COOKIE, "city=350200")])
        .await;
    assert!(html.contains("厦门市"));
    let (status, html) = app.get_page("/courses", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("请先选择城市"));
}

#[tokio::test]
async fn the_course_page_shows_the_subsidy_in_yuan_and_tap_to_call_links() {
    let app = spawn_app().await;
    let (_, list) = app
        .get_json("/api/v1/courses?city=350100&q=%E8%82%B2%E5%A9%B4")
        .await;
    let id = list["courses"]["items"][0]["id"].as_i64().expect("an id");
    let (status, html) = app.get_page(&format!("/courses/{id}"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("补贴标准"));
    assert!(html.contains("1,500 元"));
    assert!(html.contains(r#"href="tel:"#));
}

#[tokio::test]
async fn the_institution_page_shows_its_occupations() {
    let app = spawn_app().await;
    let (_, list) = app
        .get_json("/api/v1/institutions?city=350100&q=%E5%B7%A7%E6%89%8B")
        .await;
    let id = list["institutions"]["items"][0]["id"]
        .as_i64()
        .expect("an id");
    let (status, html) = app.get_page(&format!("/institutions/{id}"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("可开展的职业（工种）"));
    assert!(html.contains("育婴员"));
}

#[tokio::test]
async fn missing_pages_answer_404() {
    let app = spawn_app().await;
    let (status, html) = app.get_page("/courses/999999", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("没有找到这个培训项目"));
    let (status, _) = app.get_page("/no/such/page", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_home_page_offers_all_ten_cities() {
    let app = spawn_app().await;
    let (status, html) = app.get_page("/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    for city in [
        "福州市",
        "厦门市",
        "莆田市",
        "三明市",
        "泉州市",
        "漳州市",
        "南平市",
        "龙岩市",
        "宁德市",
        "平潭综合实验区",
    ] {
        assert!(html.contains(city), "{city} missing");
    }
}

#[tokio::test]
async fn pages_are_compressed_for_browsers_that_accept_it() {
    let app = spawn_app().await;
    let response = app
        .get_with(
            "/courses?city=350100",
            &[(header::ACCEPT_ENCODING, "br, gzip")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
}

#[tokio::test]
async fn the_account_page_asks_to_sign_in_and_the_account_forms_carry_the_passkey_island() {
    let app = spawn_app().await;
    let (status, html) = app.get_page("/account", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("您还没有登录"));
    for (path, text) in [
        ("/register", "用通行密钥注册"),
        ("/sign-in", "用通行密钥登录"),
        ("/recover", "一次性验证码"),
        ("/enrol", "一次性验证码"),
    ] {
        let (status, html) = app.get_page(path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(html.contains(text), "{path}");
        for script in ["/api.js", "/passkey.js", "/classes.js"] {
            assert!(
                !html.contains(script),
                "{path} loads no hand-written script"
            );
        }
        assert!(
            html.contains("<leptos-island"),
            "{path} has the passkey island"
        );
        assert!(
            html.contains("data-fallback open") || html.contains("data-fallback=\"\" open"),
            "{path} keeps the password fallback open without JavaScript"
        );
    }
}

#[tokio::test]
async fn a_database_outage_answers_503_saying_so_and_never_a_signed_out_page() {
    let app = spawn_app().await;
    let bureau = crate::identity::staff(&app, "bureau", "outage_bureau", "350100", None).await;
    let (status, _) = bureau.page("/risk-warnings").await;
    assert_eq!(status, StatusCode::OK);

    app.db.close().await;

    let (status, html) = bureau.page("/risk-warnings").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(html.contains("服务暂时不可用"), "{html}");
    assert!(
        !html.contains("您还没有登录"),
        "an outage is not a signed-out page"
    );
}
