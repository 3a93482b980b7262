//! Face checks at check-in (人脸核验): which confirmations need one, the
//! worker's separate consent, and the check itself with the connected
//! provider (see [`super::face_provider`]). A city's bureau may require a
//! check for a whole class, or for its workers who confirm at password
//! level. SkillPass keeps the outcome of each check and who agreed to it,
//! never a face.

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    audit::{self, outcome, Entry},
    check_in_codes, consents,
    crypto::random_token,
    database_failure,
    db::{
        attendance::find_session_context,
        classes::{find_class, insert_class_event},
        face_checks::{self as store, CityRuleRow, FaceCheckRow, FaceRuleRow},
        identity::find_user,
    },
    device_keys,
    face_provider::{FaceProvider, FaceVerdict, ProviderError},
    passkeys,
    throttle::{self, Counted},
    AppState,
};

use crate::views::CityFaceRule;
use crate::{
    domain::{City, MarkAssurance, Reason, Role},
    error::{AppError, CheckInProblem, Conflict, Missing, Refusal},
};

/// The consent a face check needs, as the consents table names it.
pub const CONSENT_PURPOSE: &str = "face_verification";

/// The version of the consent wording shown to the worker (the text is
/// in `i18n/check_in.rs`); a new wording gets a new version.
pub const CONSENT_WORDING: &str = "face-verification/2026-12";

/// Which face-check rules apply to a confirmation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaceRules {
    /// The class asks every confirmation for one.
    pub class_requires: bool,
    /// The city asks confirmations at password level for one.
    pub password_fallback: bool,
}

impl FaceRules {
    /// Whether a confirmation at `assurance` needs a face check.
    pub fn require(self, assurance: MarkAssurance) -> bool {
        self.class_requires || (self.password_fallback && assurance == MarkAssurance::Password)
    }
}

impl From<FaceRuleRow> for FaceRules {
    fn from(row: FaceRuleRow) -> Self {
        FaceRules {
            class_requires: row.class_requires,
            password_fallback: row.password_fallback,
        }
    }
}

async fn rules_of_session(state: &AppState, session_id: i64) -> Result<FaceRules, AppError> {
    store::find_rules_of_session(&state.db, session_id)
        .await
        .map_err(database_failure("reading the face-check rules"))?
        .map(FaceRules::from)
        .ok_or(AppError::NotFound(Missing::Session))
}

fn provider(state: &AppState) -> Result<&FaceProvider, AppError> {
    state
        .face_provider
        .as_deref()
        .ok_or(AppError::CheckIn(CheckInProblem::FaceProviderUnavailable))
}

/// Refuses a confirmation of `scan_id` by `user_id` at `assurance` that a
/// rule asks a face check of, unless this worker passed one for this very
/// scan.
pub async fn require_passed(
    state: &AppState,
    session_id: i64,
    scan_id: &str,
    user_id: &str,
    assurance: MarkAssurance,
) -> Result<(), AppError> {
    if !rules_of_session(state, session_id)
        .await?
        .require(assurance)
    {
        return Ok(());
    }
    provider(state)?;
    let passed = store::scan_matched(&state.db, scan_id, user_id)
        .await
        .map_err(database_failure("reading a face check"))?;
    if passed {
        Ok(())
    } else {
        Err(AppError::CheckIn(CheckInProblem::FaceCheckRequired))
    }
}

/// The level a worker's confirmation will have: what they hold.
async fn expected_assurance(state: &AppState, user_id: &str) -> Result<MarkAssurance, AppError> {
    if !passkeys::passkeys_of(&state.db, user_id).await?.is_empty() {
        return Ok(MarkAssurance::Passkey);
    }
    Ok(match device_keys::key_of(state, user_id).await? {
        Some(_) => MarkAssurance::DeviceKey,
        None => MarkAssurance::Password,
    })
}

/// A face check the check-in page offers a worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaceStepFor {
    /// The worker's consent is in force already.
    pub consented: bool,
    /// The outcome of the check the worker just came back from, if the
    /// page's address names one of theirs.
    pub returned: Option<bool>,
}

/// Whether the check-in page of `session_id` asks `actor` for a face
/// check, with their consent and the check they came back from.
pub async fn step_for(
    state: &AppState,
    actor: &Actor,
    session_id: i64,
    returned_nonce: Option<&str>,
) -> Result<Option<FaceStepFor>, AppError> {
    if actor.role != Role::Worker {
        return Ok(None);
    }
    let rules = rules_of_session(state, session_id).await?;
    if !rules.require(expected_assurance(state, &actor.user_id).await?) {
        return Ok(None);
    }
    let returned = match returned_nonce {
        Some(nonce) => store::find_face_check(&state.db, nonce)
            .await
            .map_err(database_failure("reading a face check"))?
            .filter(|check| check.user_id == actor.user_id && check.session_id == session_id)
            .and_then(|check| check.outcome)
            .map(|outcome| outcome == FaceVerdict::Match.code()),
        None => None,
    };
    Ok(Some(FaceStepFor {
        consented: consent_of(state, actor).await?.is_some(),
        returned,
    }))
}

/// When the worker's consent to face checks was given, if it is in force.
pub async fn consent_of(
    state: &AppState,
    actor: &Actor,
) -> Result<Option<DateTime<Utc>>, AppError> {
    consents::given_at(&state.db, &actor.user_id, CONSENT_PURPOSE).await
}

/// Withdraws the worker's consent to face checks (a right the Personal
/// Information Protection Law gives); `false` when none was in force.
pub async fn withdraw_consent(
    state: &AppState,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let failed = || database_failure("withdrawing a consent");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let withdrawn = consents::withdraw(&mut tx, actor, CONSENT_PURPOSE, now).await?;
    tx.commit().await.map_err(failed())?;
    Ok(withdrawn)
}

/// A face check the worker asks to start, for a scan the caller already
/// found to be theirs and still pending.
pub struct FaceCheckRequest<'a> {
    pub scan_id: &'a str,
    pub session_id: i64,
    /// The browser's device cookie: the check finishes in this browser
    /// only.
    pub device_id: Option<&'a str>,
    /// The code page to come back to, with its hand-off token.
    pub code: &'a str,
    pub handoff: Option<&'a str>,
    /// The worker ticked the separate consent.
    pub consent: bool,
}

/// A face check the provider opened.
#[derive(Clone, Debug)]
pub struct StartedCheck {
    pub nonce: String,
    /// The provider's page the worker goes to.
    pub verify_url: String,
}

/// Starts a face check of a pending scan: records the consent (once) and
/// the check, hands the worker's name and ID number to the provider with
/// a new nonce, and answers the provider's page to send the worker to.
pub async fn start(
    state: &AppState,
    actor: &Actor,
    request: &FaceCheckRequest<'_>,
    now: DateTime<Utc>,
) -> Result<StartedCheck, AppError> {
    if actor.role != Role::Worker {
        return Err(AppError::Refused(Refusal::OutOfScope));
    }
    let device_id = request
        .device_id
        .ok_or(AppError::CheckIn(CheckInProblem::FaceCheckOtherBrowser))?;
    require_code_of_session(state, request)?;
    throttle::count(
        &state.db,
        &state.limits,
        Counted::FaceCheckStart,
        &actor.user_id,
        now,
    )
    .await?;
    let rules = rules_of_session(state, request.session_id).await?;
    if !rules.require(expected_assurance(state, &actor.user_id).await?) {
        return Err(AppError::CheckIn(CheckInProblem::FaceCheckNotRequired));
    }
    let provider = provider(state)?;
    let consented = consent_of(state, actor).await?.is_some();
    if !consented && !request.consent {
        return Err(AppError::CheckIn(CheckInProblem::FaceConsentRequired));
    }
    let (name, id_number) = identity_of(state, &actor.user_id).await?;
    let nonce = random_token();
    let return_to = crate::url::with_query(
        &format!("/c/{}", request.code),
        &[("handoff", request.handoff), ("face", Some(&nonce))],
    );
    let check = FaceCheckRow {
        nonce: nonce.clone(),
        scan_id: request.scan_id.to_owned(),
        user_id: actor.user_id.clone(),
        browser_hash: state.security.keys.token_hash(device_id),
        session_id: request.session_id,
        return_to,
        verify_url: None,
        started_at: now,
        outcome: None,
        checked_at: None,
    };
    let city = session_city(state, request.session_id).await?;
    record_start(state, actor, &check, !consented, city, now).await?;
    let return_url = format!(
        "{}/face-check/return?nonce={nonce}",
        state.security.public_origin
    );
    let verify_url = provider
        .open(&nonce, &name, &id_number, &return_url)
        .await
        .map_err(provider_failure)?;
    store::set_verify_url(&state.db, &nonce, &verify_url)
        .await
        .map_err(database_failure("keeping a face check's page"))?;
    Ok(StartedCheck { nonce, verify_url })
}

/// The provider's page of `actor`'s check `nonce`, still to be done, for
/// the browser that started it: the page this site links to (a form of
/// this site may not send the browser to another site itself).
pub async fn provider_page(
    state: &AppState,
    actor: &Actor,
    nonce: &str,
    device_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let check = own_check(state, actor, nonce, device_id, now).await?;
    match (check.outcome, check.verify_url) {
        (None, Some(url)) => Ok(url),
        _ => Err(AppError::Refused(Refusal::Expired)),
    }
}

/// The check `nonce` when it is `actor`'s and was started in this
/// browser; refusals are audited.
async fn own_check(
    state: &AppState,
    actor: &Actor,
    nonce: &str,
    device_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<FaceCheckRow, AppError> {
    let check = store::find_face_check(&state.db, nonce)
        .await
        .map_err(database_failure("reading a face check"))?
        .ok_or(AppError::Refused(Refusal::Expired))?;
    if check.user_id != actor.user_id {
        let target = format!("session:{}", check.session_id);
        return Err(audit::refuse(&state.db, actor, &target, now).await);
    }
    let same_browser =
        device_id.is_some_and(|id| state.security.keys.token_hash(id) == check.browser_hash);
    if !same_browser {
        record_other_browser(state, actor, &check, now).await?;
        return Err(AppError::CheckIn(CheckInProblem::FaceCheckOtherBrowser));
    }
    Ok(check)
}

/// Refuses a code (or hand-off token) that cannot go into the return
/// path as it is, or that is not a code of the scan's session.
fn require_code_of_session(
    state: &AppState,
    request: &FaceCheckRequest<'_>,
) -> Result<(), AppError> {
    let invalid = || AppError::CheckIn(CheckInProblem::CodeInvalid);
    if !is_url_token(request.code) || !request.handoff.is_none_or(is_url_token) {
        return Err(invalid());
    }
    let code =
        check_in_codes::authentic(&state.security.keys, request.code).map_err(|_| invalid())?;
    if code.session_id == request.session_id {
        Ok(())
    } else {
        Err(invalid())
    }
}

/// The check, and the consent when it is given now, with the audit entry
/// that names who asked and for which session.
async fn record_start(
    state: &AppState,
    actor: &Actor,
    check: &FaceCheckRow,
    consent_given_now: bool,
    city: Option<City>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let failed = || database_failure("starting a face check");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if consent_given_now {
        consents::give(&mut tx, actor, CONSENT_PURPOSE, CONSENT_WORDING, now).await?;
    }
    store::insert_face_check(&mut tx, check)
        .await
        .map_err(failed())?;
    let target = format!("session:{}", check.session_id);
    let entry = Entry {
        actor: Some(actor),
        action: "face_check.start",
        target: &target,
        outcome: outcome::DONE,
        reason: "",
        city,
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())
}

async fn session_city(state: &AppState, session_id: i64) -> Result<Option<City>, AppError> {
    Ok(find_session_context(&state.db, session_id)
        .await
        .map_err(database_failure("reading a session"))?
        .map(|session| session.city_code))
}

/// The worker's real name and ID number, for the provider only.
async fn identity_of(state: &AppState, user_id: &str) -> Result<(String, String), AppError> {
    let user = find_user(&state.db, user_id)
        .await
        .map_err(database_failure("reading an account"))?
        .ok_or(AppError::NotFound(Missing::Account))?;
    let cipher = user
        .id_number_cipher
        .as_deref()
        .ok_or(AppError::Refused(Refusal::OutOfScope))?;
    let id_number = state
        .security
        .keys
        .open_id_number(cipher, &user.id)
        .map_err(|error| {
            tracing::error!(%error, "opening an ID number for a face check");
            AppError::Internal
        })?;
    Ok((user.display_name, id_number))
}

/// Letters, digits, `-`, `_` and `.`: a code or hand-off token that can
/// go into a path of this site as it is.
fn is_url_token(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 200
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn provider_failure(error: ProviderError) -> AppError {
    tracing::warn!(%error, "face-verification provider");
    AppError::CheckIn(CheckInProblem::FaceProviderUnavailable)
}

/// Where a worker back from the provider's page goes next.
#[derive(Clone, Debug)]
pub struct FaceCheckReturn {
    /// The check-in page, naming the check.
    pub return_to: String,
    pub matched: bool,
}

/// The worker is back from the provider's page: fetches the signed
/// outcome of the check bound to `nonce` and keeps it (once).
pub async fn finish(
    state: &AppState,
    actor: &Actor,
    nonce: &str,
    device_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<FaceCheckReturn, AppError> {
    let check = own_check(state, actor, nonce, device_id, now).await?;
    if let Some(outcome) = &check.outcome {
        return Ok(FaceCheckReturn {
            matched: outcome == FaceVerdict::Match.code(),
            return_to: check.return_to,
        });
    }
    let verdict = provider(state)?
        .verdict(nonce)
        .await
        .map_err(provider_failure)?;
    if verdict == FaceVerdict::Pending {
        return Err(AppError::CheckIn(CheckInProblem::FaceCheckPending));
    }
    let city = session_city(state, check.session_id).await?;
    let failed = || database_failure("keeping a face check's outcome");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if store::settle_face_check(&mut tx, nonce, verdict.code(), now)
        .await
        .map_err(failed())?
    {
        let target = format!("session:{}", check.session_id);
        let entry = Entry {
            actor: Some(actor),
            action: "face_check.result",
            target: &target,
            outcome: if verdict == FaceVerdict::Match {
                outcome::DONE
            } else {
                outcome::FAILED
            },
            reason: verdict.code(),
            city,
        };
        audit::record_in(&mut tx, &entry, now).await?;
    }
    tx.commit().await.map_err(failed())?;
    Ok(FaceCheckReturn {
        matched: verdict == FaceVerdict::Match,
        return_to: check.return_to,
    })
}

/// A check brought back to another browser than the one that started
/// it: a check link sent to someone else, as a relay would. Audited.
async fn record_other_browser(
    state: &AppState,
    actor: &Actor,
    check: &FaceCheckRow,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let target = format!("session:{}", check.session_id);
    let entry = Entry {
        actor: Some(actor),
        action: "face_check.result",
        target: &target,
        outcome: outcome::FAILED,
        reason: "returned to another browser",
        city: session_city(state, check.session_id).await?,
    };
    audit::record(&state.db, &entry, now).await
}

/// Whether `nonce` names a check of `actor` started from the page of
/// `code`: that page may then be shown after the code has rotated.
pub async fn came_back_to(
    state: &AppState,
    actor: &Actor,
    nonce: &str,
    code: &str,
) -> Result<bool, AppError> {
    let check = store::find_face_check(&state.db, nonce)
        .await
        .map_err(database_failure("reading a face check"))?;
    let page = format!("/c/{code}?");
    Ok(check
        .is_some_and(|check| check.user_id == actor.user_id && check.return_to.starts_with(&page)))
}

/// The bureau of the class's city asks every confirmation in the class
/// for a face check (`required`), or stops asking, with a reason kept in
/// the class's history and the audit trail.
pub async fn set_class_rule(
    state: &AppState,
    actor: &Actor,
    class_id: i64,
    required: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let reason = Reason::parse(reason)?;
    let class = find_class(&state.db, class_id)
        .await
        .map_err(database_failure("reading a class"))?
        .ok_or(AppError::NotFound(Missing::Class))?;
    let city = class.city_code;
    if !actor.may_supervise_city(city) {
        return Err(audit::refuse(&state.db, actor, &format!("class:{class_id}"), now).await);
    }
    if required && state.face_provider.is_none() {
        return Err(AppError::Conflict(Conflict::FaceProviderNotConnected));
    }
    let failed = || database_failure("setting a class's face-check rule");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let changed = store::update_class_rule(&mut tx, class_id, required)
        .await
        .map_err(failed())?;
    if changed {
        let action = if required {
            "face_check_on"
        } else {
            "face_check_off"
        };
        insert_class_event(
            &mut tx,
            class_id,
            &actor.user_id,
            action,
            reason.as_str(),
            "",
            now,
        )
        .await
        .map_err(failed())?;
        let target = format!("class:{class_id}");
        let audit_action = format!("class.{action}");
        let entry = Entry {
            actor: Some(actor),
            action: &audit_action,
            target: &target,
            outcome: outcome::DONE,
            reason: reason.as_str(),
            city: Some(city),
        };
        audit::record_in(&mut tx, &entry, now).await?;
    }
    tx.commit().await.map_err(failed())?;
    Ok(changed)
}

/// The city's rule, for its bureau and the province.
pub async fn city_rule(
    state: &AppState,
    actor: &Actor,
    city: City,
    now: DateTime<Utc>,
) -> Result<CityFaceRule, AppError> {
    if !(actor.may_supervise_city(city) || actor.role == Role::Province) {
        return Err(audit::refuse(&state.db, actor, &format!("city:{}", city.code()), now).await);
    }
    let row = store::find_city_rule(&state.db, city.code())
        .await
        .map_err(database_failure("reading a city's face-check rule"))?;
    Ok(CityFaceRule {
        password_fallback: row.as_ref().is_some_and(|row| row.password_fallback),
        changed_at: row.as_ref().map(|row| row.changed_at),
        reason: row.map(|row| row.reason).unwrap_or_default(),
        provider_connected: state.face_provider.is_some(),
    })
}

/// The bureau sets whether its workers on the password fallback pass a
/// face check before each confirmation, with a reason in the audit trail.
pub async fn set_city_rule(
    state: &AppState,
    actor: &Actor,
    city: City,
    password_fallback: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<CityFaceRule, AppError> {
    let reason = Reason::parse(reason)?;
    if !actor.may_supervise_city(city) {
        return Err(audit::refuse(&state.db, actor, &format!("city:{}", city.code()), now).await);
    }
    if password_fallback && state.face_provider.is_none() {
        return Err(AppError::Conflict(Conflict::FaceProviderNotConnected));
    }
    let failed = || database_failure("setting a city's face-check rule");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let rule = CityRuleRow {
        city_code: city,
        password_fallback,
        changed_by: actor.user_id.clone(),
        changed_at: now,
        reason: reason.as_str().to_owned(),
    };
    store::upsert_city_rule(&mut tx, &rule)
        .await
        .map_err(failed())?;
    let target = format!("city:{}", city.code());
    let entry = Entry {
        actor: Some(actor),
        action: if password_fallback {
            "city.face_check_password_fallback_on"
        } else {
            "city.face_check_password_fallback_off"
        },
        target: &target,
        outcome: outcome::DONE,
        reason: reason.as_str(),
        city: Some(city),
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(failed())?;
    city_rule(state, actor, city, now).await
}

/// Whether the class asks every confirmation for a face check.
pub async fn class_requires(state: &AppState, class_id: i64) -> Result<bool, AppError> {
    Ok(store::find_class_rule(&state.db, class_id)
        .await
        .map_err(database_failure("reading a class"))?
        .unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_class_rule_asks_every_level_and_a_city_rule_only_the_password() {
        let class = FaceRules {
            class_requires: true,
            password_fallback: false,
        };
        let city = FaceRules {
            class_requires: false,
            password_fallback: true,
        };
        for level in [
            MarkAssurance::Passkey,
            MarkAssurance::DeviceKey,
            MarkAssurance::Password,
        ] {
            assert!(class.require(level));
            assert_eq!(city.require(level), level == MarkAssurance::Password);
            assert!(!FaceRules::default().require(level));
        }
    }

    #[test]
    fn only_plain_tokens_go_into_the_return_path() {
        assert!(is_url_token("17-i-5678-abcDEF_09"));
        assert!(!is_url_token(""));
        assert!(!is_url_token("../admin"));
        assert!(!is_url_token("a?b"));
        assert!(!is_url_token("//evil.example"));
    }
}
