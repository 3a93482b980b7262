//! `make bench` part 7: the province's progress page over a full year.
//!
//! Starts the release server `make run` serves as a child process
//! (SQLite, demo data), adds a generated year (`bench/support/
//! progress_year.py`: 500 institutions, 2,000 classes, 50,000 completed
//! enrolments), signs in as the province and renders `/oversight` for
//! that year 50 times one after another, as the province officer's
//! browser asks for it. Prints p50 and p99.

use std::{process::Command, time::Instant};

use serde_json::json;

use bench::{
    world::{browser, post},
    ReleaseServer,
};

const REQUESTS: usize = 50;
const YEAR: &str = "2025";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut server = ReleaseServer::new("oversight")?;
    let code = server.create_province_account("bench-oversight")?;
    server.start()?;
    let province = browser(&server.origin)?;
    post(
        &province,
        format!("{}/api/v1/auth/code/password", server.base),
        json!({ "login": "bench-oversight", "code": code, "password": "bench-password-1" }),
    )
    .await?;
    let database = server.database_path().display().to_string();
    eprintln!("adding a generated training year…");
    let added = Command::new("python3")
        .args([
            concat!(env!("CARGO_MANIFEST_DIR"), "/support/progress_year.py"),
            &database,
            YEAR,
        ])
        .status()?;
    anyhow::ensure!(added.success(), "generating the year failed");

    let url = format!("{}/oversight?year={YEAR}", server.base);
    let first = province.get(&url).send().await?;
    anyhow::ensure!(first.status().is_success(), "{}", first.status());
    let page = first.text().await?;
    anyhow::ensure!(page.contains("data-map"), "the province page with its map");
    let mut times = Vec::with_capacity(REQUESTS);
    for _ in 0..REQUESTS {
        let start = Instant::now();
        let answer = province.get(&url).send().await?;
        anyhow::ensure!(answer.status().is_success(), "{}", answer.status());
        answer.bytes().await?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let at = |share: f64| {
        times[((times.len() as f64 * share).ceil() as usize).clamp(1, times.len()) - 1]
    };
    println!("== The province's progress page over 50,000 completed enrolments, 2,000 classes, 500 institutions (SQLite, release build) ==");
    println!(
        "  /oversight?year={YEAR}: {} bytes; p50 {:.1} ms, p99 {:.1} ms over {REQUESTS} requests",
        page.len(),
        at(0.5),
        at(0.99)
    );
    println!("(goal: p99 under 200 ms)");
    server.kill()?;
    Ok(())
}
