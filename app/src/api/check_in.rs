//! What the check-in island asks for: a scan of the classroom code, then
//! its confirmation with a passkey or, for a worker without one, with the
//! signed-in account.

use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};
use webauthn_rs_proto::{PublicKeyCredential, RequestChallengeResponse};

use crate::{
    domain::{MarkAssurance, ReportedPosition, ScanPurpose},
    error::AppError,
};

/// A scan waiting for its confirmation: its id and the passkey challenge
/// bound to it. The island keeps it for the page's life in the tab, so a
/// reload within the grace time does not need the code again.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CheckInTicket {
    pub scan: String,
    pub options: RequestChallengeResponse,
    /// What a device key signs to confirm this scan.
    pub device_challenge: String,
}

/// What the worker is told after confirming.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInShown {
    /// A check-in, a check-out or a roll-call answer.
    pub purpose: ScanPurpose,
    /// It had been recorded already; nothing changed.
    pub duplicate: bool,
    /// When it was recorded, China time (`HH:MM:SS`).
    pub at: String,
    /// How the record was confirmed: the worker is told, with the way up.
    pub assurance: MarkAssurance,
}

/// Step 1 of a check-in: a fresh scan of the code on the classroom screen
/// (or one handed off from an in-app browser with its `handoff` token),
/// tied to this browser by a cookie.
#[server(prefix = "/sfn", endpoint = "scan")]
pub async fn take_scan(code: String, handoff: Option<String>) -> Result<CheckInTicket, AppError> {
    use super::context::{client_address, request, respond_privately, set_cookie};
    use crate::server::attendance;

    respond_privately(
        async {
            let (state, headers) = request()?;
            let now = state.clock.now();
            let caller = crate::server::request::current_actor(&state.db, &headers, now).await?;
            let scanner = attendance::Scanner {
                signed_in: caller.as_ref(),
                address: client_address(&state),
            };
            let scanned = attendance::Scanned {
                code: &code,
                handoff: handoff.as_deref(),
            };
            let started = attendance::scan(&state, scanned, &scanner, now).await?;
            set_cookie(&started.set_cookie);
            Ok(CheckInTicket {
                scan: started.scan.scan,
                options: started.scan.public_key,
                device_challenge: started.scan.device_challenge,
            })
        }
        .await,
    )
}

/// Step 2: the scan confirmed with the phone's passkey (`credential`), or
/// without one by the signed-in worker: with the device key's signature of
/// the ticket's `device_challenge`, or with the session alone (lowest).
#[server(prefix = "/sfn", endpoint = "confirm-check-in", input = Json)]
pub async fn confirm_check_in(
    scan: String,
    position: Option<ReportedPosition>,
    credential: Option<PublicKeyCredential>,
    device_signature: Option<String>,
) -> Result<CheckInShown, AppError> {
    use super::context::{client_address, request, respond_privately, set_cookie, signed_in};
    use crate::{
        domain::china_time,
        server::attendance::{self, CheckInResult, SignedInProof},
    };

    respond_privately(
        async {
            let (state, headers) = request()?;
            let now = state.clock.now();
            let circumstances = crate::server::request::confirmation_context(
                &headers,
                client_address(&state),
                position,
            );
            let outcome = match credential {
                Some(credential) => {
                    let caller =
                        crate::server::request::current_actor(&state.db, &headers, now).await?;
                    let confirmed = attendance::confirm_with_passkey(
                        &state,
                        caller.as_ref(),
                        &scan,
                        &credential,
                        &circumstances,
                        now,
                    )
                    .await?;
                    if let Some(cookie) = confirmed.set_cookie {
                        set_cookie(&cookie);
                    }
                    confirmed.outcome
                }
                None => {
                    let (_, _, actor) = signed_in().await?;
                    let proof = SignedInProof::from_signature(device_signature.as_deref());
                    attendance::confirm_signed_in(&state, &actor, &scan, proof, &circumstances, now)
                        .await?
                }
            };
            Ok(CheckInShown {
                purpose: match outcome.roll_call {
                    Some(_) => ScanPurpose::RollCall,
                    None => ScanPurpose::Mark(outcome.direction),
                },
                duplicate: outcome.result == CheckInResult::Duplicate,
                assurance: outcome.assurance,
                at: outcome
                    .at
                    .with_timezone(&china_time())
                    .format("%H:%M:%S")
                    .to_string(),
            })
        }
        .await,
    )
}

/// The face check the check-in page asks a signed-in worker for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceStep {
    /// Their separate consent is in force already: no box to tick.
    pub consented: bool,
    /// The outcome of the check they just came back from, if any.
    pub returned: Option<bool>,
}

/// Starts the face check of a scan (a plain form of the check-in
/// island). The browser goes on to `/face-check/go`, which links to the
/// provider's page; once done there, it comes back to the check-in page
/// (`code`, with its hand-off token), where the kept scan is confirmed.
/// `consent` is the ticked box.
#[server(prefix = "/sfn", endpoint = "start-face-check")]
pub async fn start_face_check(
    scan: String,
    code: String,
    handoff: Option<String>,
    consent: Option<String>,
) -> Result<String, AppError> {
    use super::context::{client_address, end_form, signed_in, After};
    use crate::server::{
        attendance::{self},
        face_checks::{self, FaceCheckRequest},
        flash::Done,
    };

    let started = async {
        let (state, headers, actor) = signed_in().await?;
        let now = state.clock.now();
        let circumstances =
            crate::server::request::confirmation_context(&headers, client_address(&state), None);
        let session_id =
            attendance::hold_scan_for_face_check(&state, &actor, &scan, &circumstances, now)
                .await?;
        let request = FaceCheckRequest {
            scan_id: &scan,
            session_id,
            device_id: circumstances.device_id.as_deref(),
            code: &code,
            handoff: handoff.as_deref().filter(|token| !token.is_empty()),
            consent: consent.is_some_and(|ticked| ticked == "true" || ticked == "on"),
        };
        let started = face_checks::start(&state, &actor, &request, now).await?;
        Ok(format!("/face-check/go?nonce={}", started.nonce))
    }
    .await;
    let next = started.as_deref().unwrap_or("/").to_owned();
    end_form(started, Done::FaceCheckOpened, After::Page(&next))
}
