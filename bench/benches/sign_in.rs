//! `make bench` part 3: passkey sign-in verification on the server.
//!
//! Starts the release server `make run` serves as a child process (SQLite,
//! a free port), registers 2,000
//! workers with software passkeys and prepares one signed assertion each
//! against a fresh server challenge (the phone's work, not timed). Then 50
//! concurrent clients send the 2,000 finishing requests over loopback; each
//! is verified (user handle, signature, user verification, counter,
//! origin), the counter and a new session are stored and the sign-in is
//! appended to the audit trail. Prints sign-ins per second and p50/p99.

use std::{sync::Arc, time::Instant};

use serde_json::{json, Value};
use url::Url;
use uuid::Uuid;
use webauthn_authenticator_rs::{softpasskey::SoftPasskey, WebauthnAuthenticator};
use webauthn_rs_proto::{AllowCredentials, CreationChallengeResponse, RequestChallengeResponse};

use bench::{cpu_seconds_of, id_number, ReleaseServer};

const WORKERS: usize = 2_000;
const CLIENTS: usize = 50;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut server = ReleaseServer::new("sign-in")?;
    server.start()?;
    let origin = server.origin.clone();
    let base = format!("{}/api/v1", server.base);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()?;
    let post = |path: &str, body: Value| {
        client
            .post(format!("{base}{path}"))
            .header("Origin", &origin)
            .json(&body)
            .send()
    };
    let origin_url = Url::parse(&origin)?;

    eprintln!("registering {WORKERS} workers with software passkeys…");
    let mut answers = Vec::with_capacity(WORKERS);
    for sequence in 0..WORKERS {
        let mut phone = WebauthnAuthenticator::new(SoftPasskey::new(true));
        let form = json!({
            "real_name": "测试学员", "id_number": id_number(sequence), "mobile": "13800138000",
            "city": "350100", "categories": ["rural_transferred"],
        });
        let challenge: Value = post("/auth/register/worker/passkey", form)
            .await?
            .error_for_status()?
            .json()
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
            "/auth/passkeys/finish",
            json!({ "ceremony": challenge["ceremony"], "credential": credential }),
        )
        .await?
        .error_for_status()?;
        let challenge: Value = post("/auth/sign-in/passkey", json!({}))
            .await?
            .error_for_status()?
            .json()
            .await?;
        let mut options: RequestChallengeResponse =
            serde_json::from_value(challenge["publicKey"].clone())?;
        options.public_key.allow_credentials = vec![AllowCredentials {
            type_: "public-key".into(),
            id: raw_id.into(),
            transports: None,
        }];
        let mut assertion = phone
            .do_authentication(origin_url.clone(), options)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        assertion.response.user_handle = Some(user.as_bytes().to_vec().into());
        answers.push(json!({ "ceremony": challenge["ceremony"], "credential": assertion }));
    }

    eprintln!("signing in {WORKERS} workers with {CLIENTS} concurrent clients…");
    let queue = Arc::new(tokio::sync::Mutex::new(answers));
    let started = Instant::now();
    let server_cpu_before = server.cpu_seconds();
    let client_cpu_before = cpu_seconds_of("/proc/self/stat");
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let queue = Arc::clone(&queue);
        let client = client.clone();
        let url = format!("{base}/auth/sign-in/passkey/finish");
        let origin = origin.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0usize;
            loop {
                let Some(answer) = queue.lock().await.pop() else {
                    break;
                };
                let sent = Instant::now();
                let response = client
                    .post(&url)
                    .header("Origin", &origin)
                    .json(&answer)
                    .send()
                    .await;
                match response {
                    Ok(response) if response.status().is_success() => {
                        latencies.push(sent.elapsed())
                    }
                    _ => failures += 1,
                }
            }
            (latencies, failures)
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    for task in tasks {
        let (mut l, f) = task.await?;
        latencies.append(&mut l);
        failures += f;
    }
    let elapsed = started.elapsed();
    let server_cpu = server.cpu_seconds() - server_cpu_before;
    let client_cpu = cpu_seconds_of("/proc/self/stat") - client_cpu_before;
    latencies.sort();
    let percentile =
        |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!("== Passkey sign-in verification: {WORKERS} sign-ins, {CLIENTS} concurrent clients, SQLite ==");
    println!(
        "  {:.0} sign-ins/s, p50 {:.2} ms, p99 {:.2} ms, {} failed",
        latencies.len() as f64 / elapsed.as_secs_f64(),
        percentile(0.50).as_secs_f64() * 1000.0,
        percentile(0.99).as_secs_f64() * 1000.0,
        failures
    );
    println!(
        "  CPU: server {:.0}%, load generator {:.0}% of one core",
        server_cpu / elapsed.as_secs_f64() * 100.0,
        client_cpu / elapsed.as_secs_f64() * 100.0
    );
    println!("  (goal: at least 2,000 sign-ins/s, p99 under 50 ms)");
    Ok(())
}
