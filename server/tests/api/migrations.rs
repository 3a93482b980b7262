//! A SQLite database upgraded while it holds data. SQLite drops a NOT
//! NULL only by rebuilding the table, and the classes table is one that
//! others reference (its sessions with `ON DELETE CASCADE`): the server's
//! own migration step must keep every row, and every reference to it.

use app::server::{crypto::SecretKeys, db::Database};
use sqlx::{sqlite::SqliteConnectOptions, Connection, Row};

use crate::helpers::fresh_sqlite_url;

/// The migration that rebuilds the classes table (employer-run classes).
const CLASSES_REBUILT: i64 = 20261209000001;

/// A database migrated up to just before the rebuild, holding one class
/// with a session and an enrolment.
async fn database_before_the_rebuild() -> String {
    let url = fresh_sqlite_url();
    let options = url
        .parse::<SqliteConnectOptions>()
        .expect("a SQLite URL")
        .create_if_missing(true)
        .foreign_keys(false);
    let mut db = sqlx::SqliteConnection::connect_with(&options)
        .await
        .expect("a SQLite file");
    let mut earlier = sqlx::migrate!("./migrations/sqlite");
    earlier.migrations = earlier
        .migrations
        .iter()
        .filter(|migration| migration.version < CLASSES_REBUILT)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    earlier.run(&mut db).await.expect("the earlier migrations");
    // The rows name parents that do not exist: keys are off here, as
    // they are while the migrations run, and only the class's own rows
    // are checked below.
    for statement in [
        "INSERT INTO training_classes (id, city_code, institution_id, course_id, occupation_name, occupation_key,
             certificate_kind, certificate_level, training_type, capacity, enrolled_count, teacher, venue,
             venue_latitude, venue_longitude, commitment, status, applied_by, submitted_at, face_check_required,
             catalogue_version)
         VALUES (7, '350100', 3, 11, '育婴员', 'k', 'skill', 'junior', 'employment_skills', 20, 1, '陈老师', '教室',
             26.0, 119.3, '承诺', 'approved', 'clerk', '2026-12-01T01:00:00Z', 1, 2)",
        "INSERT INTO class_sessions (id, class_id, position, starts_at, ends_at, mode)
         VALUES (70, 7, 1, '2026-12-02T01:00:00Z', '2026-12-02T03:00:00Z', 'offline')",
        "INSERT INTO enrolments (id, class_id, worker_id, enrolled_at) VALUES (700, 7, 'worker', '2026-12-01T02:00:00Z')",
    ] {
        sqlx::query(statement)
            .execute(&mut db)
            .await
            .expect("a row of the old schema");
    }
    db.close().await.expect("closed");
    url
}

#[tokio::test]
async fn rebuilding_the_classes_table_keeps_its_rows_its_sessions_and_their_enrolments() {
    let url = database_before_the_rebuild().await;
    let keys = SecretKeys::derive(b"a test key of no importance at all");
    let database = Database::connect(&url, 2, keys.audit_chain())
        .await
        .expect("the database opens");
    let Database::Sqlite { writer, .. } = &database else {
        unreachable!("a SQLite URL opens SQLite");
    };
    let dangling_before: Vec<sqlx::sqlite::SqliteRow> = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(writer)
        .await
        .expect("checked");
    assert!(
        !dangling_before.is_empty(),
        "the test rows name missing parents"
    );
    // The server's own step: it refuses rows pointing nowhere, so the
    // test's orphans (parents never made) make it fail after migrating;
    // what matters here is what the migrations did to the rows.
    let outcome = skillpass_server::startup::migrate(&database).await;
    let message = format!("{:#}", outcome.expect_err("the orphans are reported"));
    assert!(message.contains("point nowhere"), "{message}");

    let class = sqlx::query(
        "SELECT institution_id, employer_id, face_check_required, catalogue_version FROM training_classes WHERE id = 7",
    )
    .fetch_one(writer)
    .await
    .expect("the class survives");
    assert_eq!(class.get::<Option<i64>, _>(0), Some(3));
    assert_eq!(class.get::<Option<i64>, _>(1), None);
    assert_eq!(class.get::<i64, _>(2), 1);
    assert_eq!(class.get::<i64, _>(3), 2);
    let sessions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM class_sessions WHERE class_id = 7")
            .fetch_one(writer)
            .await
            .expect("counted");
    assert_eq!(
        sessions, 1,
        "the rebuild deleted nothing through the cascade"
    );
    let enrolments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM enrolments WHERE class_id = 7")
        .fetch_one(writer)
        .await
        .expect("counted");
    assert_eq!(enrolments, 1);
    let parent: String = sqlx::query_scalar(
        "SELECT \"table\" FROM pragma_foreign_key_list('class_sessions') WHERE \"from\" = 'class_id'",
    )
    .fetch_one(writer)
    .await
    .expect("the sessions' key");
    assert_eq!(
        parent, "training_classes",
        "sessions still point at the classes table"
    );
}
