//! Integration tests: each starts a real server on port 0 against a fresh
//! database, SQLite by default or PostgreSQL with
//! `SKILLPASS_TEST_DATABASE=postgres`, and talks HTTP to it.

/// Runs the same statement on whichever database the suite uses; `$pool`
/// is bound to the concrete pool in each arm.
macro_rules! on_db {
    ($app:expr, $pool:ident => $body:expr) => {
        match &$app.db {
            app::server::db::Database::Sqlite { writer: $pool, .. } => $body,
            app::server::db::Database::Postgres { pool: $pool, .. } => $body,
        }
    };
}

mod audit;
mod authenticator;
mod campaigns;
mod catalogue_publishing;
mod categories;
mod classes;
mod contract;
mod courses;
mod device_keys;
mod employer_training;
mod face_checks;
mod forms;
mod handoff;
mod health;
mod helpers;
mod identity;
mod inspections;
mod institutions;
mod integrity;
mod islands;
mod migrations;
mod online_study;
mod openapi;
mod orders;
mod oversight;
mod pages;
mod preferences;
mod recommendations;
mod roll_calls;
mod schema_parity;
mod screens;
mod security_headers;
mod subsidies;
mod takeover;
