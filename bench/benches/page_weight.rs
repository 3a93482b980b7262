//! `make bench` part 1: the page weight of a first visit to each page
//! that matters most, as a phone downloads it: the HTML and every CSS, JS
//! and WASM file it loads, as transferred with brotli.
//!
//! Starts the release server (SQLite, demo data), sets up Fuzhou staff, a
//! class whose session starts in ten minutes and a worker enrolled in it
//! (with a password: the weight of a page does not depend on how its
//! reader signed in), then fetches each page as its reader.

use std::collections::BTreeSet;

use serde_json::json;

use bench::{
    world::{browser, get, post, FuzhouStaff},
    ReleaseServer,
};

/// At most this many bytes for the course catalogue (issue 13's goal).
const CATALOGUE_GOAL: usize = 150 * 1024;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut server = ReleaseServer::new("weight")?;
    let province_code = server.create_province_account("bench-admin")?;
    server.start()?;
    let staff = FuzhouStaff::set_up(&server, "bench-admin", &province_code).await?;
    let api = staff.api.clone();
    let (class_id, session_id) = staff.approved_class(30).await?;
    let worker = browser(&server.origin)?;
    post(
        &worker,
        format!("{api}/auth/register/worker/password"),
        json!({
            "real_name": "测试学员", "id_number": bench::id_number(1), "mobile": "13800138000",
            "city": "350100", "categories": ["rural_transferred"], "password": "bench-password-1",
        }),
    )
    .await?;
    post(
        &worker,
        format!("{api}/classes/{class_id}/enrolments"),
        json!({}),
    )
    .await?;
    let code = get(
        &staff.institution,
        format!("{api}/sessions/{session_id}/code?direction=in"),
    )
    .await?;
    let check_in = code["url"]
        .as_str()
        .and_then(|url| url.find("/c/").map(|at| url[at..].to_owned()))
        .ok_or_else(|| anyhow::anyhow!("no check-in address in {code}"))?;

    let visitor = browser(&server.origin)?;
    let course = format!("/courses/{}", staff.course_id);
    let screen = format!("/sessions/{session_id}/screen");
    let pages: [(&str, &reqwest::Client, &str); 6] = [
        ("home", &visitor, "/"),
        ("course catalogue", &visitor, "/courses?city=350100"),
        ("course detail", &visitor, &course),
        ("check-in page", &worker, &check_in),
        ("classroom screen", &staff.institution, &screen),
        ("subsidy timeline", &worker, "/my/subsidies"),
    ];
    println!("== Page weight of a first visit, brotli (HTML + CSS + JS + WASM) ==");
    for (name, reader, path) in pages {
        let weight = first_visit(reader, &server.base, path).await?;
        let goal = if name == "course catalogue" {
            format!("  (goal: at most {} KB)", CATALOGUE_GOAL / 1024)
        } else {
            String::new()
        };
        println!(
            "  {name:<18} {:>7} bytes = HTML {:>6} + CSS {:>6} + JS {:>6} + WASM {:>7}{goal}",
            weight.total(),
            weight.html,
            weight.css,
            weight.js,
            weight.wasm
        );
    }
    println!("  (goal: a page without an island downloads no WASM)");
    Ok(())
}

/// Bytes a first visit to a page downloads, by kind.
#[derive(Default)]
struct Weight {
    html: usize,
    css: usize,
    js: usize,
    wasm: usize,
}

impl Weight {
    fn total(&self) -> usize {
        self.html + self.css + self.js + self.wasm
    }
}

/// Fetches `path` and every stylesheet, script and WebAssembly file it
/// names (each once), counting the bytes as sent with brotli.
async fn first_visit(reader: &reqwest::Client, base: &str, path: &str) -> anyhow::Result<Weight> {
    let mut weight = Weight {
        html: sent_bytes(reader, base, path).await?,
        ..Weight::default()
    };
    // The same page again, uncompressed, to read what it links.
    let html = reader
        .get(format!("{base}{path}"))
        .header("Accept-Encoding", "identity")
        .send()
        .await?
        .text()
        .await?;
    let assets: BTreeSet<String> = regex::Regex::new(r#""(/[^"?]+\.(?:css|js|wasm))""#)?
        .captures_iter(&html)
        .map(|found| found[1].to_owned())
        .collect();
    for asset in assets {
        let bytes = sent_bytes(reader, base, &asset).await?;
        match asset.rsplit('.').next() {
            Some("css") => weight.css += bytes,
            Some("js") => weight.js += bytes,
            _ => weight.wasm += bytes,
        }
    }
    Ok(weight)
}

/// The bytes sent for `path` to a browser that accepts brotli.
async fn sent_bytes(reader: &reqwest::Client, base: &str, path: &str) -> anyhow::Result<usize> {
    let response = reader
        .get(format!("{base}{path}"))
        .header("Accept-Encoding", "br")
        .send()
        .await?;
    anyhow::ensure!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    Ok(response.bytes().await?.len())
}
