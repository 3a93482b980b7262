//! The worker's check-in, on the page the classroom code opens: the scan
//! is taken as soon as the page is interactive (the code's seconds are
//! short), the phone is asked where it is, and one big button confirms
//! with the passkey. A signed-in worker without a passkey confirms with
//! the account instead: signed with this phone's device key when it holds
//! one, otherwise at the lowest assurance.

use leptos::{prelude::*, server_fn::ServerFn};

use super::{mark_hydrated, page_lang};
use crate::{
    api::check_in::{CheckInShown, CheckInTicket, FaceStep, StartFaceCheck},
    domain::{MarkAssurance, ReportedPosition},
    error::AppError,
};

/// How the worker confirms the scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Confirmation {
    Passkey,
    SignedInAccount,
}

/// Where the check-in stands, as the island shows it.
#[derive(Clone, Debug)]
// The browser half moves it on; the server renders only the first state.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Progress {
    Scanning,
    Ready(CheckInTicket),
    Working(CheckInTicket),
    Done(CheckInShown),
    /// The server refused (its reason), or the phone's prompt was
    /// dismissed or the network failed (`None`). The ticket, if any, may
    /// be tried again.
    Failed(Option<CheckInTicket>, Option<AppError>),
}

impl Progress {
    fn ticket(&self) -> Option<CheckInTicket> {
        match self {
            Progress::Ready(ticket) | Progress::Working(ticket) => Some(ticket.clone()),
            Progress::Failed(ticket, _) => ticket.clone(),
            Progress::Scanning | Progress::Done(_) => None,
        }
    }
}

/// The confirmation buttons and the outcome of a check-in with `code`
/// (and its hand-off token, when it came over from an in-app browser).
/// `sign_in_link` takes a worker who uses a password to sign in and back.
/// With `face`, the worker passes a face check of the scan first.
#[island]
pub fn CheckInConfirm(
    code: String,
    handoff: Option<String>,
    signed_in: bool,
    sign_in_link: String,
    face: Option<FaceStep>,
) -> impl IntoView {
    let lang = page_lang();
    let t = lang.check_in_texts();
    mark_hydrated();
    let progress = RwSignal::new(Progress::Scanning);
    let position = RwSignal::new(None::<ReportedPosition>);
    // Unknown on the server; in the browser, whether it has WebAuthn.
    let passkeys_usable = RwSignal::new(None::<bool>);
    let face_step = face.map(|step| {
        view! { <FaceCheckForm step code=code.clone() handoff=handoff.clone() progress/> }
    });
    // Confirming waits for a passed face check, where one is asked for.
    let face_pending = face.is_some_and(|step| step.returned != Some(true));
    let code = StoredValue::new(code);
    #[cfg(not(feature = "hydrate"))]
    let _ = &handoff;
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        passkeys_usable.set(Some(super::browser::has_webauthn()));
        if signed_in {
            super::device_key::report_capability();
        }
        super::browser::locate(move |found| position.set(Some(found)));
        check_in_browser::take_scan(code.get_value(), handoff.clone(), progress);
    });
    let confirm = move |how: Confirmation| {
        #[cfg(feature = "hydrate")]
        check_in_browser::confirm(code.get_value(), how, progress, position);
        #[cfg(not(feature = "hydrate"))]
        let _ = (how, code, position);
    };
    let ready = move || {
        matches!(
            progress.get(),
            Progress::Ready(_) | Progress::Failed(Some(_), _)
        )
    };
    let done = move || matches!(progress.get(), Progress::Done(_));
    let level = move || match progress.get() {
        Progress::Done(shown) => Some(shown.assurance),
        _ => None,
    };
    let way_up = move || match level() {
        Some(MarkAssurance::Password) => Some(t.up_from_password),
        Some(MarkAssurance::DeviceKey) => Some(t.up_from_device_key),
        _ => None,
    };
    let status = move || match progress.get() {
        Progress::Working(_) => t.working.to_owned(),
        Progress::Failed(_, Some(error)) => error.message(lang),
        Progress::Failed(_, None) => t.cancelled.to_owned(),
        Progress::Scanning | Progress::Ready(_) | Progress::Done(_) => String::new(),
    };
    let outcome = move || match progress.get() {
        Progress::Done(shown) => {
            let verb = shown.purpose.label(lang);
            if shown.duplicate {
                (t.already_recorded)(verb, &shown.at)
            } else {
                (t.recorded)(verb, &shown.at)
            }
        }
        _ => String::new(),
    };
    view! {
        <div class="check-in-confirm">
            {face_step}
            <button
                class="button big"
                type="button"
                data-confirm="passkey"
                hidden=move || face_pending || done() || passkeys_usable.get() == Some(false)
                disabled=move || !ready()
                on:click=move |_| confirm(Confirmation::Passkey)
            >
                {t.confirm_with_passkey}
            </button>
            {signed_in.then(|| view! {
                <details class="fallback" data-fallback="" open=move || passkeys_usable.get() == Some(false) hidden=move || face_pending || done()>
                    <summary>{t.without_passkey}</summary>
                    <button
                        class="button secondary"
                        type="button"
                        data-confirm="session"
                        disabled=move || !ready()
                        on:click=move |_| confirm(Confirmation::SignedInAccount)
                    >
                        {t.confirm}
                    </button>
                </details>
            })}
            {(!signed_in).then(|| view! {
                <p class="hint">
                    {t.password_workers_first}
                    <a href=sign_in_link>{t.sign_in}</a>
                    {t.then_come_back}
                </p>
            })}
            <p class=move || if matches!(progress.get(), Progress::Failed(..)) { "form-status error" } else { "form-status" } role="alert" aria-live="assertive" data-status="">
                {status}
            </p>
            <div class="check-in-result ok" data-result="" hidden=move || !done()>{outcome}</div>
            <p class="card-meta" data-assurance=move || level().map(|level| level.code()) hidden=move || level().is_none()>
                {move || level().map(|level| (t.assurance)(level.label(lang)))}
            </p>
            <p class="hint" hidden=move || way_up().is_none()>
                {move || way_up().unwrap_or_default()} " "
                <a href="/account#device-key-title">{t.go_to_account}</a>
            </p>
        </div>
    }
}

/// The face check of the scan: the separate consent (until it is in
/// force), then a plain form that takes the browser to the provider's
/// page and back here; or the outcome it came back with.
#[component]
fn FaceCheckForm(
    step: FaceStep,
    code: String,
    handoff: Option<String>,
    progress: RwSignal<Progress>,
) -> impl IntoView {
    let t = page_lang().face_check_texts();
    if step.returned == Some(true) {
        return view! {
            <p class="check-in-result ok" data-face-check="passed">{t.passed}</p>
        }
        .into_any();
    }
    let scan = move || {
        progress
            .get()
            .ticket()
            .map(|ticket| ticket.scan)
            .unwrap_or_default()
    };
    view! {
        <section class="face-check" data-face-check="">
            <h2>{t.title}</h2>
            <p class="hint">{t.why}</p>
            {(step.returned == Some(false)).then(|| view! {
                <p class="form-status error" data-face-check="failed">{t.failed}</p>
            })}
            <form class="stack-form" method="post" action=StartFaceCheck::url()>
                <input type="hidden" name="scan" prop:value=scan/>
                <input type="hidden" name="code" value=code/>
                {handoff.map(|token| view! { <input type="hidden" name="handoff" value=token/> })}
                {if step.consented {
                    view! { <p class="hint" data-face-consented="">{t.consented}</p> }.into_any()
                } else {
                    view! {
                        <label class="check">
                            <input type="checkbox" name="consent" value="true" required data-face-consent=""/>
                            <span>{t.consent}</span>
                        </label>
                    }
                    .into_any()
                }}
                <button class="button big" type="submit" data-face-start="" disabled=move || scan().is_empty()>
                    {t.start}
                </button>
            </form>
        </section>
    }
    .into_any()
}

#[cfg(feature = "hydrate")]
mod check_in_browser {
    use leptos::{prelude::*, task::spawn_local};

    use super::{Confirmation, Progress};
    use crate::{
        api::check_in::{confirm_check_in, take_scan as scan_code, CheckInTicket},
        domain::ReportedPosition,
        islands::{browser, device_key},
    };

    /// Where this tab keeps the scan of `code`, so a reload within the
    /// grace time does not need the (rotated) code again.
    fn kept_under(code: &str) -> String {
        format!("scan:{code}")
    }

    /// Takes the scan of `code`, or the one this tab kept.
    pub fn take_scan(code: String, handoff: Option<String>, progress: RwSignal<Progress>) {
        let key = kept_under(&code);
        let kept = browser::remembered(&key)
            .and_then(|json| serde_json::from_str::<KeptScan>(&json).ok())
            .filter(|kept| kept.code == code);
        if let Some(kept) = kept {
            progress.set(Progress::Ready(kept.ticket));
            return;
        }
        spawn_local(async move {
            match scan_code(code.clone(), handoff).await {
                Ok(ticket) => {
                    let kept = KeptScan {
                        code,
                        ticket: ticket.clone(),
                    };
                    if let Ok(json) = serde_json::to_string(&kept) {
                        browser::remember(&key, &json);
                    }
                    progress.set(Progress::Ready(ticket));
                }
                Err(error) => progress.set(Progress::Failed(None, Some(error))),
            }
        });
    }

    /// Confirms the scan `how` the worker chose.
    pub fn confirm(
        code: String,
        how: Confirmation,
        progress: RwSignal<Progress>,
        position: RwSignal<Option<ReportedPosition>>,
    ) {
        let Some(ticket) = progress.get_untracked().ticket() else {
            return;
        };
        if matches!(progress.get_untracked(), Progress::Working(_)) {
            return;
        }
        progress.set(Progress::Working(ticket.clone()));
        let position = position.get_untracked();
        spawn_local(async move {
            let (credential, device_signature) = match how {
                Confirmation::Passkey => match browser::use_passkey(ticket.options.clone()).await {
                    Ok(credential) => (Some(credential), None),
                    Err(_) => {
                        progress.set(Progress::Failed(Some(ticket), None));
                        return;
                    }
                },
                Confirmation::SignedInAccount => (None, device_signature(&ticket).await),
            };
            let scan = ticket.scan.clone();
            match confirm_check_in(scan, position, credential, device_signature).await {
                Ok(shown) => {
                    browser::forget(&kept_under(&code));
                    progress.set(Progress::Done(shown));
                }
                Err(error) => {
                    // A passkey challenge answers once: a failed scan is
                    // not kept for a reload.
                    browser::forget(&kept_under(&code));
                    progress.set(Progress::Failed(Some(ticket), Some(error)));
                }
            }
        });
    }

    /// This phone's device key's signature of the scan's challenge, when
    /// the phone holds one (the server then asks for it).
    async fn device_signature(ticket: &CheckInTicket) -> Option<String> {
        if !device_key::supported() {
            return None;
        }
        let key = device_key::held().await?;
        key.sign(&ticket.device_challenge).await.ok()
    }

    /// A scan as this tab keeps it.
    #[derive(serde::Serialize, serde::Deserialize)]
    struct KeptScan {
        code: String,
        ticket: CheckInTicket,
    }
}
