//! Oversight: the yearly training targets, loaded for 2024 from the
//! province's table and changed by the province alone, with its reason
//! recorded; the progress against them on a scripted year, and a
//! completion through the app counting towards its city.

use chrono::{DateTime, TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    campaigns::{enrol_in, worker},
    classes::{approved_class, setup},
    helpers::{error_code, spawn_app, TestApp},
    identity::staff,
    subsidies::{attend, end_classes, record_assessment, three_days},
};

fn person_times(list: &Value) -> Vec<(String, i64)> {
    list.as_array()
        .expect("targets")
        .iter()
        .map(|t| {
            (
                t["city"].as_str().expect("a city").to_owned(),
                t["person_times"].as_i64().expect("a number"),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_2024_targets_are_the_provinces_table_and_only_the_province_changes_them() {
    let app = spawn_app().await;
    let province = staff(&app, "province", "fj-targets", "", None).await;
    let (status, all) = province.get("/api/v1/targets?year=2024").await;
    assert_eq!(status, StatusCode::OK, "{all}");
    let table = person_times(&all);
    assert_eq!(table.len(), 10, "nine cities and 平潭");
    assert_eq!(table.iter().map(|(_, n)| n).sum::<i64>(), 50_000);
    assert!(table.contains(&("350100".to_owned(), 12_500)));
    assert!(table.contains(&("350128".to_owned(), 500)));

    let bureau = staff(&app, "bureau", "fz-targets", "350100", None).await;
    let (status, own) = bureau.get("/api/v1/targets").await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert_eq!(
        person_times(&own),
        [("350100".to_owned(), 12_500)],
        "its city only"
    );
    let change = json!({ "person_times": "13000", "reason": "省厅调整 2025 年任务" });
    let (status, _) = bureau.put("/api/v1/targets/2025/350100", &change).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a bureau does not set targets"
    );

    let (status, set) = province.put("/api/v1/targets/2025/350100", &change).await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(person_times(&set), [("350100".to_owned(), 13_000)]);
    let (_, records) = province.get("/api/v1/audit?action=target.set").await;
    assert_eq!(records[0]["target"], "target:350100:2025", "{records}");
    assert_eq!(records[0]["reason"], "13000: 省厅调整 2025 年任务");

    let (status, body) = province
        .put(
            "/api/v1/targets/2025/350100",
            &json!({ "person_times": "-1", "reason": "x" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["field"], "person_times");
    let (status, body) = province.get("/api/v1/targets?year=1999").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_input")
    );
    let visitor = app.browser();
    let (status, _) = visitor.get("/api/v1/targets").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// An instant given in China time.
fn china(text: &str) -> DateTime<Utc> {
    let china = chrono::FixedOffset::east_opt(8 * 3600).expect("offset");
    let local = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("a time");
    china
        .from_local_datetime(&local)
        .single()
        .expect("one instant")
        .with_timezone(&Utc)
}

/// The year's script: who completed which class when, as the database
/// holds it after the fact.
struct Scripted<'a> {
    app: &'a TestApp,
    institution_id: i64,
    course_id: i64,
    applied_by: String,
    /// Numbers the workers' mobile numbers.
    workers: std::cell::Cell<u32>,
}

impl Scripted<'_> {
    async fn on(app: &TestApp) -> Scripted<'_> {
        let (institution_id, course_id, applied_by) = on_db!(app, pool => {
            sqlx::query_as::<_, (i64, i64, String)>(
                "SELECT (SELECT MIN(id) FROM institutions), (SELECT MIN(id) FROM courses),
                        (SELECT MIN(id) FROM users WHERE role = 'province')",
            )
            .fetch_one(pool)
            .await
        })
        .expect("an institution, a course and the province's account");
        Scripted {
            app,
            institution_id,
            course_id,
            applied_by,
            workers: std::cell::Cell::new(0),
        }
    }

    /// An approved class of `city` training `occupation` as `training_type`.
    async fn class(&self, city: &str, occupation: &str, training_type: &str) -> i64 {
        self.class_of(self.institution_id, city, occupation, training_type)
            .await
    }

    /// Like [`Scripted::class`], run by `institution_id`.
    async fn class_of(
        &self,
        institution_id: i64,
        city: &str,
        occupation: &str,
        training_type: &str,
    ) -> i64 {
        on_db!(self.app, pool => {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO training_classes (city_code, institution_id, course_id, occupation_name,
                     occupation_key, certificate_kind, certificate_level, training_type, capacity,
                     teacher, venue, venue_latitude, venue_longitude, commitment, status,
                     applied_by, submitted_at)
                 VALUES ($1, $2, $3, $4, $4, 'vocational_skill_level', 'level_4', $5, 30,
                     '王老师', '培训楼 101', 26.08, 119.3, '', 'approved', $6, $7)
                 RETURNING id",
            )
            .bind(city)
            .bind(institution_id)
            .bind(self.course_id)
            .bind(occupation)
            .bind(training_type)
            .bind(&self.applied_by)
            .bind(china("2024-01-01 08:00"))
            .fetch_one(pool)
            .await
        })
        .expect("a class")
    }

    /// A worker of `city` with categories as (category, status).
    async fn worker(&self, id: &str, city: &str, categories: &[(&str, &str)]) -> String {
        let at = china("2023-06-01 09:00");
        let sequence = self.workers.get() + 1;
        self.workers.set(sequence);
        on_db!(self.app, pool => {
            sqlx::query(
                "INSERT INTO users (id, role, display_name, city_code, mobile, created_at)
                 VALUES ($1, 'worker', '脚本学员', $2, $3, $4)",
            )
            .bind(id)
            .bind(city)
            .bind(format!("1390000{sequence:04}"))
            .bind(at)
            .execute(pool)
            .await
            .map(|_| ())
        })
        .expect("a worker");
        for (category, status) in categories {
            on_db!(self.app, pool => {
                sqlx::query(
                    "INSERT INTO worker_categories (worker_id, category, status, source, declared_at)
                     VALUES ($1, $2, $3, 'registration', $4)",
                )
                .bind(id)
                .bind(*category)
                .bind(*status)
                .bind(at)
                .execute(pool)
                .await
                .map(|_| ())
            })
            .expect("a category");
        }
        id.to_owned()
    }

    /// `worker` enrolled in `class` and took its final assessment at
    /// `at` (China time); the enrolment.
    async fn assessed(&self, class: i64, worker: &str, passed: bool, at: &str) -> i64 {
        self.assessed_with(class, worker, passed, at, "not_required")
            .await
    }

    /// Like [`Scripted::assessed`], the certificate in `certificate_status`.
    async fn assessed_with(
        &self,
        class: i64,
        worker: &str,
        passed: bool,
        at: &str,
        certificate_status: &str,
    ) -> i64 {
        let enrolment = on_db!(self.app, pool => {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO enrolments (class_id, worker_id, enrolled_at) VALUES ($1, $2, $3)
                 RETURNING id",
            )
            .bind(class)
            .bind(worker)
            .bind(china("2024-01-01 09:00"))
            .fetch_one(pool)
            .await
        })
        .expect("an enrolment");
        on_db!(self.app, pool => {
            sqlx::query(
                "INSERT INTO assessments (enrolment_id, passed, score, certificate_status,
                     recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $6, $4, $5)",
            )
            .bind(enrolment)
            .bind(passed)
            .bind(if passed { 88 } else { 40 })
            .bind(&self.applied_by)
            .bind(china(at))
            .bind(certificate_status)
            .execute(pool)
            .await
            .map(|_| ())
        })
        .expect("an assessment");
        enrolment
    }

    /// One session of `class`, from `starts` for two hours (China time).
    async fn session(&self, class: i64, starts: &str) {
        on_db!(self.app, pool => {
            sqlx::query(
                "INSERT INTO class_sessions (class_id, position, starts_at, ends_at, mode)
                 VALUES ($1, 1, $2, $3, 'offline')",
            )
            .bind(class)
            .bind(china(starts))
            .bind(china(starts) + chrono::Duration::hours(2))
            .execute(pool)
            .await
            .map(|_| ())
        })
        .expect("a session");
    }

    /// The trainee of `enrolment` rates `class` of `institution_id`.
    async fn rating(&self, class: i64, institution_id: i64, enrolment: i64, scores: [i64; 3]) {
        on_db!(self.app, pool => {
            sqlx::query(
                "INSERT INTO ratings (enrolment_id, class_id, institution_id, worker_id, teaching,
                     facilities, usefulness, created_at, updated_at)
                 SELECT e.id, $2, $3, e.worker_id, $4, $5, $6, $7, $7 FROM enrolments e
                  WHERE e.id = $1",
            )
            .bind(enrolment)
            .bind(class)
            .bind(institution_id)
            .bind(scores[0])
            .bind(scores[1])
            .bind(scores[2])
            .bind(china("2024-05-01 10:00"))
            .execute(pool)
            .await
            .map(|_| ())
        })
        .expect("a rating");
    }

    /// A claim of `enrolment` in `class` that the bureau recovered.
    async fn recovered_claim(&self, class: i64, institution_id: i64, enrolment: i64) {
        on_db!(self.app, pool => {
            sqlx::query(
                "INSERT INTO subsidy_claims (worker_id, enrolment_id, occupation_key, occupation_name,
                     certificate_level, status, created_at, class_id, institution_id, city_code)
                 SELECT e.worker_id, e.id, 'bench', '电工', 'level_4', 'recovered', $4, $2, $3,
                        '350100'
                   FROM enrolments e WHERE e.id = $1",
            )
            .bind(enrolment)
            .bind(class)
            .bind(institution_id)
            .bind(china("2024-05-01 10:00"))
            .execute(pool)
            .await
            .map(|_| ())
        })
        .expect("a recovered claim");
    }
}

/// The year 2024 in Fuzhou, Xiamen and Putian: who counts and who not.
async fn script_2024(app: &TestApp) {
    let script = Scripted::on(app).await;
    let electricians = script.class("350100", "电工", "employment_skills").await;
    let welders = script.class("350100", "焊工", "pre_job").await;
    let xiamen = script.class("350200", "电工", "employment_skills").await;
    let putian = script.class("350300", "育婴员", "employment_skills").await;
    let transferred = [("rural_transferred", "declared")];
    // Two classes, two person-times.
    let twice = script.worker("w-twice", "350100", &transferred).await;
    script
        .assessed(electricians, &twice, true, "2024-03-10 15:00")
        .await;
    script
        .assessed(welders, &twice, true, "2024-09-05 15:00")
        .await;
    // Two migrant categories: counted once, under the first.
    let both = script
        .worker(
            "w-both",
            "350100",
            &[
                ("returning_migrant", "verified"),
                ("rural_transferred", "declared"),
            ],
        )
        .await;
    script
        .assessed(electricians, &both, true, "2024-03-20 15:00")
        .await;
    // Half an hour into the year in China, still 2023 in UTC.
    let new_year = script.worker("w-new-year", "350100", &transferred).await;
    script
        .assessed(electricians, &new_year, true, "2024-01-01 00:30")
        .await;
    // Half an hour into 2025 in China: not 2024's.
    let late = script.worker("w-late", "350100", &transferred).await;
    script
        .assessed(electricians, &late, true, "2025-01-01 00:30")
        .await;
    // Not a migrant worker, a refused category, a failed assessment.
    let flexible = script
        .worker("w-flexible", "350100", &[("flexibly_employed", "verified")])
        .await;
    script
        .assessed(electricians, &flexible, true, "2024-04-01 10:00")
        .await;
    let refused = script
        .worker("w-refused", "350100", &[("poverty_alleviated", "refused")])
        .await;
    script
        .assessed(electricians, &refused, true, "2024-04-01 10:00")
        .await;
    let failed = script
        .worker("w-failed", "350100", &[("rural_graduate", "declared")])
        .await;
    script
        .assessed(electricians, &failed, false, "2024-04-01 10:00")
        .await;
    // Training counts where it is held, not where the worker lives.
    let visitor = script
        .worker("w-visitor", "350100", &[("returning_migrant", "declared")])
        .await;
    script
        .assessed(xiamen, &visitor, true, "2024-06-15 10:00")
        .await;
    let nothing_yet = script.worker("w-putian", "350300", &transferred).await;
    script
        .assessed(putian, &nothing_yet, false, "2024-05-01 10:00")
        .await;
}

fn figures(line: &Value) -> [Value; 5] {
    [
        line["person_times"].clone(),
        line["target"].clone(),
        line["pace"].clone(),
        line["forecast"].clone(),
        line["percent_of_target"].clone(),
    ]
}

fn area<'a>(view: &'a Value, city: &str) -> &'a Value {
    view["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .find(|line| line["city"] == city)
        .unwrap_or_else(|| panic!("{city} in {view}"))
}

fn counts(list: &Value, key: &str) -> Vec<(String, i64)> {
    list.as_array()
        .expect("a breakdown")
        .iter()
        .map(|line| {
            (
                line[key].as_str().expect("a key").to_owned(),
                line["person_times"].as_i64().expect("a count"),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_scripted_year_counts_each_migrant_workers_completion_where_the_class_was_held() {
    let app = spawn_app().await;
    let province = staff(&app, "province", "fj-progress", "", None).await;
    script_2024(&app).await;
    // 1 October 2024, noon in China: 275 of 366 days have passed.
    app.state
        .clock
        .advance(china("2024-10-01 12:00") - app.state.clock.now());

    let (status, view) = province.get("/api/v1/progress?year=2024").await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["today"], "2024-10-01");
    assert_eq!(view["total"]["city"], Value::Null);
    assert_eq!(
        figures(&view["total"]),
        [json!(5), json!(50_000), json!(37_568), json!(6), json!(0.0)],
        "5 person-times; 50,000 × 275 / 366; 5 × 366 / 275"
    );
    assert_eq!(view["areas"].as_array().map(Vec::len), Some(10));
    assert_eq!(
        figures(area(&view, "350100")),
        [json!(4), json!(12_500), json!(9_392), json!(5), json!(0.0)]
    );
    assert_eq!(
        figures(area(&view, "350200")),
        [json!(1), json!(5_000), json!(3_756), json!(1), json!(0.0)]
    );
    assert_eq!(area(&view, "350300")["person_times"], 0);
    assert_eq!(
        counts(&view["by_training_type"], "training_type")[..3],
        [
            ("employment_skills".to_owned(), 4),
            ("on_job_upgrade".to_owned(), 0),
            ("pre_job".to_owned(), 1)
        ]
    );
    assert_eq!(
        counts(&view["by_category"], "category"),
        [
            ("rural_transferred".to_owned(), 4),
            ("returning_migrant".to_owned(), 1),
            ("poverty_alleviated".to_owned(), 0),
            ("rural_graduate".to_owned(), 0)
        ]
    );
    assert_eq!(
        counts(&view["by_occupation"], "occupation_name"),
        [("电工".to_owned(), 4), ("焊工".to_owned(), 1)]
    );
    let months: Vec<(i64, i64)> = view["by_month"]
        .as_array()
        .expect("months")
        .iter()
        .map(|m| {
            (
                m["person_times"].as_i64().expect("n"),
                m["cumulative"].as_i64().expect("n"),
            )
        })
        .collect();
    assert_eq!(
        months,
        [
            (1, 1),
            (0, 1),
            (2, 3),
            (0, 3),
            (0, 3),
            (1, 4),
            (0, 4),
            (0, 4),
            (1, 5),
            (0, 5),
            (0, 5),
            (0, 5)
        ]
    );
    assert_eq!(
        view["by_month"][11]["pace"], 50_000,
        "the whole target by December's end"
    );

    let bureau = staff(&app, "bureau", "fz-progress", "350100", None).await;
    let (status, own) = bureau.get("/api/v1/progress?year=2024").await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert_eq!(own["total"]["city"], "350100");
    assert_eq!(figures(&own["total"]), figures(area(&view, "350100")));
    assert_eq!(own["areas"].as_array().map(Vec::len), Some(1));
    let (status, _) = bureau.get("/api/v1/progress?year=2024&city=350200").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another city's");
    let (status, one) = province.get("/api/v1/progress?year=2024&city=350200").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["total"]["person_times"], 1);
    let (status, body) = province.get("/api/v1/progress?year=24").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_input")
    );

    let csv = province
        .get_raw("/api/v1/progress/export?year=2024&table=months&format=csv")
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.expect("a body");
    assert!(text.contains("月份,已完成（人次）,累计,月末应达"), "{text}");
    assert!(text.contains("3月,2,3,12431"), "{text}");
    let areas = province
        .get_raw("/api/v1/progress/export?year=2024&table=areas&format=csv")
        .await
        .text()
        .await
        .expect("a body");
    assert!(areas.contains("福州市,12500,4,0.0%,9392,5"), "{areas}");
    assert!(areas.contains("全省,50000,5,0.0%,37568,6"), "{areas}");
    let xlsx = bureau
        .get_raw("/api/v1/progress/export?year=2024&table=occupations")
        .await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.expect("a body").starts_with(b"PK"));
    let (status, body) = province
        .get("/api/v1/progress/export?year=2024&table=everything")
        .await;
    assert_eq!(
        (status, body["error"]["field"].clone()),
        (StatusCode::BAD_REQUEST, json!("table"))
    );
}

#[tokio::test]
async fn a_completion_through_the_app_counts_for_the_year_and_the_page_shows_it() {
    let setup = setup().await;
    let app = &setup.app;
    let (class_id, sessions) = approved_class(&setup, 30, three_days()).await;
    let trainee = worker(app, 181, "350100", &["returning_migrant"]).await;
    let enrolment = enrol_in(&trainee, class_id).await;
    for session in &sessions {
        attend(&setup, *session, enrolment).await;
    }
    end_classes(app);
    let (_, before) = setup.bureau.get("/api/v1/progress").await;
    record_assessment(&setup, enrolment, true, 90).await;
    let (status, after) = setup.bureau.get("/api/v1/progress").await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(
        after["total"]["person_times"].as_i64(),
        before["total"]["person_times"].as_i64().map(|n| n + 1)
    );
    assert_eq!(
        after["total"]["target"],
        Value::Null,
        "no target set for this year: nothing to measure against"
    );
    assert_eq!(after["by_category"][1]["category"], "returning_migrant");
    assert_eq!(after["by_category"][1]["person_times"], 1);

    let (status, page) = setup.bureau.page("/oversight").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("计数口径"), "the definition is on the page");
    assert!(page.contains("data-progress=\"350100\""), "{page}");
    assert_eq!(
        page.matches("class=\"chart\"").count(),
        4,
        "the year's line and three breakdowns, drawn on the server"
    );
    assert!(!page.contains("data-map"), "the map is the province's");
    let province = staff(app, "province", "fj-progress-page", "", None).await;
    let (status, page) = province.page("/oversight").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        page.matches("data-area=").count(),
        10,
        "nine cities and 平潭"
    );
    let institution = &setup.institution;
    let (status, _) = institution.page("/oversight").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = institution.get("/api/v1/progress").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// Three institutions of Fuzhou and their ended classes: one that
/// delivers, one whose trainees rarely pass, one too small to judge from
/// which a subsidy was recovered.
async fn script_scorecards(app: &TestApp) -> [i64; 3] {
    let script = Scripted::on(app).await;
    let institutions: Vec<i64> = on_db!(app, pool => {
        sqlx::query_scalar::<_, i64>("SELECT id FROM institutions ORDER BY id LIMIT 3")
            .fetch_all(pool)
            .await
    })
    .expect("three institutions");
    let [good, weak, small] = [institutions[0], institutions[1], institutions[2]];
    let transferred = [("rural_transferred", "declared")];
    let good_class = script
        .class_of(good, "350100", "电工", "employment_skills")
        .await;
    script.session(good_class, "2024-04-01 09:00").await;
    for n in 0..12 {
        let trainee = script
            .worker(&format!("g-{n}"), "350100", &transferred)
            .await;
        let passed = n < 10;
        let certificate = if n < 8 { "verified" } else { "pending" };
        let enrolment = script
            .assessed_with(
                good_class,
                &trainee,
                passed,
                "2024-04-02 10:00",
                certificate,
            )
            .await;
        if n < 10 {
            script
                .rating(good_class, good, enrolment, [5, 4, 3 + n % 2])
                .await;
        }
    }
    let weak_class = script
        .class_of(weak, "350100", "电工", "employment_skills")
        .await;
    script.session(weak_class, "2024-04-01 09:00").await;
    for n in 0..11 {
        let trainee = script
            .worker(&format!("k-{n}"), "350100", &transferred)
            .await;
        script
            .assessed(weak_class, &trainee, n < 5, "2024-04-02 10:00")
            .await;
    }
    let small_class = script
        .class_of(small, "350100", "电工", "employment_skills")
        .await;
    script.session(small_class, "2024-04-01 09:00").await;
    for n in 0..3 {
        let trainee = script
            .worker(&format!("s-{n}"), "350100", &transferred)
            .await;
        let enrolment = script
            .assessed(small_class, &trainee, true, "2024-04-02 10:00")
            .await;
        if n == 0 {
            script.recovered_claim(small_class, small, enrolment).await;
        }
    }
    // A class of another city does not count for Fuzhou.
    let elsewhere = script
        .class_of(good, "350200", "电工", "employment_skills")
        .await;
    script.session(elsewhere, "2024-04-01 09:00").await;
    [good, weak, small]
}

fn card(list: &Value, id: i64) -> &Value {
    list["scorecards"]
        .as_array()
        .expect("scorecards")
        .iter()
        .find(|card| card["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {list}"))
}

#[tokio::test]
async fn scorecards_rank_the_citys_institutions_and_mark_the_ones_the_rules_put_up_for_removal() {
    let app = spawn_app().await;
    staff(&app, "province", "fj-scores", "", None).await;
    let [good, weak, small] = script_scorecards(&app).await;
    let bureau = staff(&app, "bureau", "fz-scores", "350100", None).await;

    let (status, list) = bureau.get("/api/v1/scorecards/institutions").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let ranked: Vec<i64> = list["scorecards"]
        .as_array()
        .expect("scorecards")
        .iter()
        .map(|card| card["id"].as_i64().expect("an id"))
        .collect();
    assert_eq!(ranked, [good, weak, small], "by completion; too few last");
    let delivering = card(&list, good);
    assert_eq!(
        [
            &delivering["classes"],
            &delivering["enrolled"],
            &delivering["completed"],
            &delivering["completion_rate"],
            &delivering["certified"],
            &delivering["certification_rate"],
        ],
        [
            &json!(1),
            &json!(12),
            &json!(10),
            &json!(83.3),
            &json!(8),
            &json!(80.0)
        ]
    );
    assert_eq!(
        [
            &delivering["teaching"],
            &delivering["facilities"],
            &delivering["usefulness"]
        ],
        [&json!(5.0), &json!(4.0), &json!(3.5)]
    );
    assert_eq!(
        delivering["employment_rate"],
        Value::Null,
        "no order classes"
    );
    assert_eq!(delivering["removal"], json!([]));
    assert_eq!(
        card(&list, weak)["removal"],
        json!([{ "rule": "low_completion", "percent": 45.4, "below": 60.0 }])
    );
    let small_card = card(&list, small);
    assert_eq!(
        small_card["completion_rate"],
        Value::Null,
        "3 trainees: 样本不足"
    );
    assert_eq!(
        small_card["removal"],
        json!([{ "rule": "subsidy_recovered", "claims": 1 }])
    );

    let (status, page) = bureau.page("/oversight/institutions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("样本不足"), "{page}");
    assert!(page.contains("完成率 45.4%，低于 60%"), "{page}");
    assert!(page.contains(&format!("data-candidate=\"{small}\"")));

    let (status, courses) = bureau.get("/api/v1/scorecards/courses").await;
    assert_eq!(status, StatusCode::OK, "{courses}");
    let course = &courses["scorecards"][0];
    assert_eq!(
        [
            &course["enrolled"],
            &course["completed"],
            &course["completion_rate"]
        ],
        [&json!(26), &json!(18), &json!(69.2)],
        "the course over all three institutions of the city"
    );

    let (_, public) = app.get_page(&format!("/institutions/{good}"), &[]).await;
    assert!(public.contains("83.3%"), "the completion rate is public");
    assert!(
        !public.contains("每百次签到"),
        "the risk record is the bureau's"
    );
    let xiamen = staff(&app, "bureau", "xm-scores", "350200", None).await;
    let (status, _) = xiamen
        .get("/api/v1/scorecards/institutions?city=350100")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let school = staff(&app, "institution", "weak-school", "350100", Some(weak)).await;
    let (status, own) = school.get("/api/v1/scorecards/institutions").await;
    assert_eq!(status, StatusCode::OK, "{own}");
    let shown: Vec<&Value> = own["scorecards"]
        .as_array()
        .expect("cards")
        .iter()
        .collect();
    assert_eq!(shown.len(), 1, "its own card only");
    assert_eq!(shown[0]["completion_rate"], 45.4);
    let (status, _) = school.get("/api/v1/scorecards/courses").await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the courses' scorecards are the bureau's"
    );
}
