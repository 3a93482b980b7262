//! `make bench` part 4: a burst of QR check-ins, then SIGKILL.
//!
//! Starts the release server as a child process (SQLite, demo data), sets
//! up a province account (command line), an institution and a bureau
//! (API), ten approved classes of 200 seats whose session starts in ten
//! minutes, and 2,000 workers with software passkeys, each enrolled in one
//! class (not timed). A screen task per session fetches the rotating code
//! as the classroom screen would.
//!
//! Timed: 50 concurrent clients check the 2,000 workers in. Each check-in
//! is the worker's two requests: the scan (code check against the clock
//! and secret, a passkey challenge bound to the scan, stored) and the
//! confirmation (passkey verification, the check-in, risk rules and the
//! audit record in one durable transaction); signing on the phone sits in
//! between. Prints check-ins per second and p50/p99 of the whole check-in.
//!
//! Then the server is killed with SIGKILL, started again on the same
//! file, and the rosters must hold every check-in that was acknowledged.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use serde_json::json;
use url::Url;
use uuid::Uuid;
use webauthn_authenticator_rs::{softpasskey::SoftPasskey, WebauthnAuthenticator};
use webauthn_rs_proto::{AllowCredentials, CreationChallengeResponse, RequestChallengeResponse};

use bench::{
    id_number,
    world::{browser, get, post, FuzhouStaff},
    ReleaseServer,
};

const WORKERS: usize = 2_000;
const CLASSES: usize = 10;
const CLIENTS: usize = 50;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut server = ReleaseServer::new("checkin")?;
    let province_code = server.create_province_account("bench-admin")?;
    server.start()?;
    let origin = server.origin.clone();
    let api = format!("{}/api/v1", server.base);
    let origin_url = Url::parse(&origin)?;

    eprintln!("setting up staff, {CLASSES} classes and {WORKERS} enrolled workers…");
    let staff = FuzhouStaff::set_up(&server, "bench-admin", &province_code).await?;
    let institution = staff.institution.clone();
    let mut sessions = Vec::new();
    let mut class_ids = Vec::new();
    for _ in 0..CLASSES {
        let (class_id, session_id) = staff.approved_class(200).await?;
        sessions.push(session_id);
        class_ids.push(class_id);
    }
    let mut phones = Vec::with_capacity(WORKERS);
    for sequence in 0..WORKERS {
        let client = browser(&origin)?;
        let mut phone = WebauthnAuthenticator::new(SoftPasskey::new(true));
        let challenge = post(
            &client,
            format!("{api}/auth/register/worker/passkey"),
            json!({
                "real_name": "测试学员", "id_number": id_number(sequence), "mobile": "13800138000",
                "city": "350100", "categories": ["rural_transferred"],
            }),
        )
        .await?;
        let mut options: CreationChallengeResponse =
            serde_json::from_value(challenge["publicKey"].clone())?;
        let user = Uuid::from_slice(options.public_key.user.id.as_ref())?;
        if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
            selection.require_resident_key = false;
        }
        let credential = phone
            .do_registration(origin_url.clone(), options)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let raw_id = credential.raw_id.as_ref().to_vec();
        post(
            &client,
            format!("{api}/auth/passkeys/finish"),
            json!({ "ceremony": challenge["ceremony"], "credential": credential }),
        )
        .await?;
        let class = class_ids[sequence % CLASSES];
        post(
            &client,
            format!("{api}/classes/{class}/enrolments"),
            json!({}),
        )
        .await?;
        phones.push((client, phone, raw_id, user, sessions[sequence % CLASSES]));
    }

    // The classroom screens: the current code of every session, refreshed.
    let codes = Arc::new(std::sync::Mutex::new(std::collections::HashMap::<
        i64,
        String,
    >::new()));
    let screen = (institution.clone(), api.clone(), sessions.clone());
    let refresh = move |codes: Arc<std::sync::Mutex<std::collections::HashMap<i64, String>>>| {
        let (institution, api, sessions) = screen.clone();
        async move {
            for session in sessions {
                let shown = get(
                    &institution,
                    format!("{api}/sessions/{session}/code?direction=in"),
                )
                .await?;
                let url = shown["url"].as_str().unwrap_or_default();
                let code = url.rsplit('/').next().unwrap_or_default().to_owned();
                codes
                    .lock()
                    .map_err(|_| anyhow::anyhow!("poisoned"))?
                    .insert(session, code);
            }
            anyhow::Ok(())
        }
    };
    refresh(Arc::clone(&codes)).await?;
    let screens = {
        let codes = Arc::clone(&codes);
        let refresh = refresh.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(2)).await;
                refresh(Arc::clone(&codes)).await.ok();
            }
        })
    };

    eprintln!("checking in {WORKERS} workers with {CLIENTS} concurrent clients…");
    let queue = Arc::new(tokio::sync::Mutex::new(phones));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let queue = Arc::clone(&queue);
        let codes = Arc::clone(&codes);
        let api = api.clone();
        let origin_url = origin_url.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = Vec::new();
            loop {
                let Some((client, mut phone, raw_id, user, session)) = queue.lock().await.pop()
                else {
                    break;
                };
                let code = codes
                    .lock()
                    .map(|c| c.get(&session).cloned().unwrap_or_default())
                    .unwrap_or_default();
                let sent = Instant::now();
                let result = async {
                    let scan =
                        post(&client, format!("{api}/check-ins"), json!({ "code": code })).await?;
                    let mut options: RequestChallengeResponse =
                        serde_json::from_value(scan["publicKey"].clone())?;
                    options.public_key.allow_credentials = vec![AllowCredentials {
                        type_: "public-key".into(),
                        id: raw_id.into(),
                        transports: None,
                    }];
                    let mut assertion = phone
                        .do_authentication(origin_url.clone(), options)
                        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                    assertion.response.user_handle = Some(user.as_bytes().to_vec().into());
                    let scan_id = scan["scan"].as_str().unwrap_or_default().to_owned();
                    let outcome = post(
                        &client,
                        format!("{api}/check-ins/{scan_id}/passkey"),
                        json!({ "credential": assertion }),
                    )
                    .await?;
                    anyhow::ensure!(outcome["result"] == "recorded", "{outcome}");
                    anyhow::Ok(())
                }
                .await;
                match result {
                    Ok(()) => latencies.push(sent.elapsed()),
                    Err(error) => failures.push(error.to_string()),
                }
            }
            (latencies, failures)
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = Vec::new();
    for task in tasks {
        let (mut l, mut f) = task.await?;
        latencies.append(&mut l);
        failures.append(&mut f);
    }
    let elapsed = started.elapsed();
    screens.abort();
    latencies.sort();
    let percentile = |p: f64| {
        latencies[((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1))]
    };
    println!("== QR check-in burst: {WORKERS} workers, {CLIENTS} concurrent clients, SQLite, separate server process ==");
    println!(
        "  {:.0} check-ins/s, p50 {:.2} ms, p99 {:.2} ms (scan + passkey confirmation), {} failed",
        latencies.len() as f64 / elapsed.as_secs_f64(),
        percentile(0.50).as_secs_f64() * 1000.0,
        percentile(0.99).as_secs_f64() * 1000.0,
        failures.len()
    );
    if let Some(first) = failures.first() {
        println!("  first failure: {first}");
    }
    println!("  (goal: at least 1,000 check-ins/s, p99 under 100 ms)");

    server.kill()?;
    server.start()?;
    let mut present = 0;
    for session in &sessions {
        let roster = get(&institution, format!("{api}/sessions/{session}/roster")).await?;
        present += roster["checked_in"].as_u64().unwrap_or_default() as usize;
    }
    let acknowledged = latencies.len();
    println!(
        "  after SIGKILL and restart: {present} of {acknowledged} acknowledged check-ins present: {}",
        if present >= acknowledged { "all durable" } else { "CHECK-INS LOST" }
    );
    server.kill()?;
    anyhow::ensure!(present >= acknowledged, "acknowledged check-ins were lost");
    Ok(())
}
