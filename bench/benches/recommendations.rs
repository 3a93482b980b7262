//! `make bench` part 6: a recommendation campaign to 100,000 workers.
//!
//! Starts the release server `make run` serves as a child process (SQLite,
//! a free port, delivery every second at any hour), adds 100,000 generated
//! Fuzhou workers who receive recommendations to its database
//! (`bench/support/workers.py`), then times over HTTP, as the bureau's
//! page does: the audience count of a campaign to all of them and of one
//! with filters, the send (the outbox filled), and the background inbox
//! delivery of all 100,000, watched in the database; finally one read of
//! the sent campaign with its funnel. Prints the figures.

use std::{process::Command, time::Instant};

use serde_json::{json, Value};

use bench::{
    world::{get, post, FuzhouStaff},
    ReleaseServer,
};

const WORKERS: usize = 100_000;

/// Milliseconds since `start`.
fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}

/// Inbox messages of campaign `id` delivered so far, read from the file.
fn delivered(database: &str, id: i64) -> anyhow::Result<u64> {
    let output = Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; db=sqlite3.connect(sys.argv[1], timeout=30); \
             print(db.execute(\"SELECT COUNT(*) FROM campaign_messages WHERE campaign_id = ? \
             AND channel = 'inbox' AND state = 'delivered'\", (int(sys.argv[2]),)).fetchone()[0])",
            database,
            &id.to_string(),
        ])
        .output()?;
    anyhow::ensure!(output.status.success(), "{output:?}");
    Ok(String::from_utf8_lossy(&output.stdout).trim().parse()?)
}

/// The audience of `campaign` counted as the bureau's form does: the
/// workers, and the milliseconds the answer took.
async fn count(staff: &FuzhouStaff, campaign: Value) -> anyhow::Result<(i64, u128)> {
    let start = Instant::now();
    let url = format!("{}/campaigns/audience", staff.api);
    let size = post(&staff.bureau, url, campaign).await?;
    Ok((size["workers"].as_i64().unwrap_or_default(), ms(start)))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut server = ReleaseServer::new("recommendations")?;
    server.set("SKILLPASS_DELIVERY_EVERY_SECONDS", "1");
    server.set("SKILLPASS_RECOMMENDATIONS_QUIET_HOURS", "0-0");
    let code = server.create_province_account("bench-recommend")?;
    server.start()?;
    let staff = FuzhouStaff::set_up(&server, "bench-recommend", &code).await?;
    let database = server.database_path().display().to_string();

    eprintln!("adding {WORKERS} generated workers…");
    let added = Command::new("python3")
        .args([
            concat!(env!("CARGO_MANIFEST_DIR"), "/support/workers.py"),
            &database,
            &WORKERS.to_string(),
        ])
        .status()?;
    anyhow::ensure!(added.success(), "generating workers failed");

    let api = &staff.api;
    let campaign = |audience: Value| {
        json!({
            "offer_kind": "course", "offer_id": staff.course_id.to_string(),
            "certificate_level": staff.level, "message_zh": "家门口学技能，补贴到手",
            "audience": audience,
        })
    };
    println!("== A campaign to {WORKERS} generated workers (SQLite, release build) ==");
    let (all, all_ms) = count(&staff, campaign(json!({}))).await?;
    println!("  audience count, no filter: {all} workers in {all_ms} ms");
    let filters = json!({
        "categories": ["returning_migrant", "poverty_alleviated"],
        "without_this_certificate": true, "not_in_training": true,
    });
    let (some, some_ms) = count(&staff, campaign(filters)).await?;
    println!("  audience count, three filters: {some} workers in {some_ms} ms");

    let draft = post(
        &staff.bureau,
        format!("{api}/campaigns"),
        campaign(json!({})),
    )
    .await?;
    let id = draft["id"].as_i64().unwrap_or_default();
    let start = Instant::now();
    let sent = post(
        &staff.bureau,
        format!("{api}/campaigns/{id}/send"),
        json!({}),
    )
    .await?;
    println!(
        "  send (the outbox filled with {} messages): {} ms",
        sent["recipients"],
        ms(start)
    );
    loop {
        let done = delivered(&database, id)?;
        if done >= u64::try_from(all).unwrap_or(u64::MAX) || start.elapsed().as_secs() > 600 {
            println!(
                "  inbox delivery of {done} messages by the background task: {} ms after the send",
                ms(start)
            );
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    let start = Instant::now();
    let view = get(&staff.bureau, format!("{api}/campaigns/{id}")).await?;
    println!(
        "  the sent campaign with its funnel over {} recipients: {} ms",
        view["funnel"][0]["steps"][0]["workers"],
        ms(start)
    );
    println!("(goals: audience count under 1 s; inbox delivery of all 100,000 under 30 s)");
    server.kill()?;
    Ok(())
}
