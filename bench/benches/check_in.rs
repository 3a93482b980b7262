//! `make bench` part 4: a burst of QR check-ins, then SIGKILL.
//!
//! Starts the release server as a child process (SQLite, demo data), sets
//! up a province account (command line), an institution and a bureau
//! (API), ten approved classes of 200 seats whose session starts in ten
//! minutes, and 2,000 workers, each enrolled in one class (not timed):
//! half with software passkeys, half on the password fallback with a
//! device key (a P-256 key signing as WebCrypto does). A screen task per
//! session fetches the rotating code as the classroom screen would.
//!
//! Timed: 50 concurrent clients check the 2,000 workers in. Each check-in
//! is the worker's two requests: the scan (code check against the clock
//! and secret, a passkey challenge bound to the scan, stored) and the
//! confirmation (passkey or device-key verification, the check-in, risk
//! rules and the audit record in one durable transaction); signing on the
//! phone sits in between. Prints check-ins per second and p50/p99 of the
//! whole check-in, for all and for each kind of phone, from the one burst.
//!
//! Then the server is killed with SIGKILL, started again on the same
//! file, and the rosters must hold every check-in that was acknowledged.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use p256::ecdsa::{signature::Signer, Signature, SigningKey};
use serde_json::{json, Value};
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
const PASSWORD: &str = "bench-password-1";

/// How a worker's phone confirms a scan.
enum PhoneKind {
    Passkey {
        phone: WebauthnAuthenticator<SoftPasskey>,
        raw_id: Vec<u8>,
        user: Uuid,
    },
    /// A device key, as the browser's WebCrypto key signs.
    DeviceKey(SigningKey),
}

impl PhoneKind {
    const fn name(&self) -> &'static str {
        match self {
            PhoneKind::Passkey { .. } => "passkey",
            PhoneKind::DeviceKey(_) => "device key",
        }
    }
}

fn signed(key: &SigningKey, message: &str) -> String {
    let signature: Signature = key.sign(message.as_bytes());
    URL_SAFE_NO_PAD.encode(signature.to_bytes())
}

/// A worker on the password fallback who set up a device key.
async fn device_key_worker(
    client: &reqwest::Client,
    api: &str,
    sequence: usize,
) -> anyhow::Result<SigningKey> {
    let me = post(
        client,
        format!("{api}/auth/register/worker/password"),
        json!({
            "real_name": "测试学员", "id_number": id_number(sequence), "mobile": "13800138000",
            "city": "350100", "categories": ["rural_transferred"], "password": PASSWORD,
        }),
    )
    .await?;
    let user_id = me["account"]["id"].as_str().unwrap_or_default();
    let key = SigningKey::random(&mut rand::rngs::OsRng);
    let point = key.verifying_key().to_encoded_point(false);
    post(
        client,
        format!("{api}/me/device-key"),
        json!({
            "password": PASSWORD,
            "public_key": URL_SAFE_NO_PAD.encode(point.as_bytes()),
            "signature": signed(&key, &format!("skillpass device key\n{user_id}")),
        }),
    )
    .await?;
    Ok(key)
}

/// Percentiles of sorted latencies.
fn percentile(latencies: &[Duration], p: f64) -> Duration {
    latencies[((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1))]
}

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
        let class = class_ids[sequence % CLASSES];
        if sequence % 2 == 1 {
            let key = device_key_worker(&client, &api, sequence).await?;
            post(
                &client,
                format!("{api}/classes/{class}/enrolments"),
                json!({}),
            )
            .await?;
            phones.push((
                client,
                PhoneKind::DeviceKey(key),
                sessions[sequence % CLASSES],
            ));
            continue;
        }
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
        post(
            &client,
            format!("{api}/classes/{class}/enrolments"),
            json!({}),
        )
        .await?;
        let kind = PhoneKind::Passkey {
            phone,
            raw_id,
            user,
        };
        phones.push((client, kind, sessions[sequence % CLASSES]));
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
                let Some((client, mut kind, session)) = queue.lock().await.pop() else {
                    break;
                };
                let name = kind.name();
                let code = codes
                    .lock()
                    .map(|c| c.get(&session).cloned().unwrap_or_default())
                    .unwrap_or_default();
                let sent = Instant::now();
                let result = async {
                    let scan =
                        post(&client, format!("{api}/check-ins"), json!({ "code": code })).await?;
                    let scan_id = scan["scan"].as_str().unwrap_or_default().to_owned();
                    let outcome = match &mut kind {
                        PhoneKind::Passkey {
                            phone,
                            raw_id,
                            user,
                        } => {
                            let assertion =
                                passkey_answer(phone, raw_id, user, &scan, &origin_url)?;
                            post(
                                &client,
                                format!("{api}/check-ins/{scan_id}/passkey"),
                                json!({ "credential": assertion }),
                            )
                            .await?
                        }
                        PhoneKind::DeviceKey(key) => {
                            let challenge = scan["device_challenge"].as_str().unwrap_or_default();
                            post(
                                &client,
                                format!("{api}/check-ins/{scan_id}/session"),
                                json!({ "device_signature": signed(key, challenge) }),
                            )
                            .await?
                        }
                    };
                    anyhow::ensure!(outcome["result"] == "recorded", "{outcome}");
                    anyhow::Ok(())
                }
                .await;
                match result {
                    Ok(()) => latencies.push((name, sent.elapsed())),
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
    println!("== QR check-in burst: {WORKERS} workers (half passkey, half device key), {CLIENTS} concurrent clients, SQLite, separate server process ==");
    let report = |label: &str, mut of_kind: Vec<Duration>| {
        of_kind.sort();
        println!(
            "  {label:<11} {:.0} check-ins/s, p50 {:.2} ms, p99 {:.2} ms ({} confirmed)",
            of_kind.len() as f64 / elapsed.as_secs_f64(),
            percentile(&of_kind, 0.50).as_secs_f64() * 1000.0,
            percentile(&of_kind, 0.99).as_secs_f64() * 1000.0,
            of_kind.len(),
        );
    };
    let of = |name: &str| -> Vec<Duration> {
        latencies
            .iter()
            .filter(|(kind, _)| *kind == name)
            .map(|(_, latency)| *latency)
            .collect()
    };
    report(
        "all",
        latencies.iter().map(|(_, latency)| *latency).collect(),
    );
    report("passkey", of("passkey"));
    report("device key", of("device key"));
    println!("  (scan + confirmation; the two kinds share the burst, so each rate is its share of it; {} failed)", failures.len());
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

/// The passkey's answer to the scan's challenge.
fn passkey_answer(
    phone: &mut WebauthnAuthenticator<SoftPasskey>,
    raw_id: &[u8],
    user: &Uuid,
    scan: &Value,
    origin: &Url,
) -> anyhow::Result<webauthn_rs_proto::PublicKeyCredential> {
    let mut options: RequestChallengeResponse = serde_json::from_value(scan["publicKey"].clone())?;
    options.public_key.allow_credentials = vec![AllowCredentials {
        type_: "public-key".into(),
        id: raw_id.to_vec().into(),
        transports: None,
    }];
    let mut assertion = phone
        .do_authentication(origin.clone(), options)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assertion.response.user_handle = Some(user.as_bytes().to_vec().into());
    Ok(assertion)
}
