//! The passkey ceremonies: signing in, registering, a one-time code from
//! the bureau, adding a passkey. The island sits in its page's form and
//! takes over the form's submission once the browser proves it can use
//! passkeys; the password fallback in the same form stays a plain POST.
//! Without JavaScript or WebAuthn the island shows no button and the
//! fallback stays open.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{mark_hydrated, page_lang};
use crate::{error::AppError, i18n::PasskeyTexts};

/// Which ceremony the form starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ceremony {
    /// Any passkey of this site on the phone; then the form's `next` page.
    SignIn,
    /// A new worker's account, from the form's details.
    Register,
    /// A recovery or a staff enrolment, with the form's `login` and `code`.
    OneTimeCode,
    /// Another passkey for the signed-in account; a session that signed
    /// in with a password asks for it again.
    AddPasskey { password_again: bool },
}

impl Ceremony {
    fn label(&self, t: &PasskeyTexts) -> &'static str {
        match self {
            Ceremony::SignIn => t.sign_in_with_passkey,
            Ceremony::Register => t.register_with_passkey,
            Ceremony::OneTimeCode => t.set_up_passkey,
            Ceremony::AddPasskey { .. } => t.add_passkey,
        }
    }
}

/// Where a ceremony stands, as the island shows it.
#[derive(Clone, Debug, PartialEq)]
// The browser half moves it on; the server renders only the first state.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Progress {
    Idle,
    Working,
    /// The server refused (its reason), or the phone's prompt was
    /// dismissed or failed (`None`).
    Failed(Option<AppError>),
}

/// The passkey button of a form, with the ceremony's progress.
#[island]
pub fn PasskeyButton(ceremony: Ceremony) -> impl IntoView {
    let lang = page_lang();
    let t = lang.passkey_texts();
    mark_hydrated();
    // Unknown on the server; in the browser, whether it has WebAuthn.
    let usable = RwSignal::new(None::<bool>);
    let progress = RwSignal::new(Progress::Idle);
    let anchor = NodeRef::<leptos::html::Div>::new();
    let label = ceremony.label(t);
    let password_again = matches!(
        ceremony,
        Ceremony::AddPasskey {
            password_again: true
        }
    );
    // Signing in and registering tell the server what this phone can do
    // (only the class), with the password form too.
    let reports_capability = matches!(ceremony, Ceremony::SignIn | Ceremony::Register);
    let capability = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(anchor) = anchor.get() {
            ceremony_in_browser::take_over_form(&anchor, ceremony.clone(), usable, progress);
        }
        if reports_capability {
            leptos::task::spawn_local(async move {
                capability.set(super::device_key::capability().await.code().to_owned());
            });
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = ceremony;
    let hidden = move || usable.get() != Some(true);
    let said = move || match progress.get() {
        Progress::Idle => String::new(),
        Progress::Working => t.working.to_owned(),
        Progress::Failed(Some(error)) => error.message(lang),
        Progress::Failed(None) => t.cancelled.to_owned(),
    };
    view! {
        <div class="passkey-step" node_ref=anchor>
            {reports_capability.then(|| view! {
                <input type="hidden" name="phone_capability" data-phone-capability="" prop:value=move || capability.get()/>
            })}
            {password_again.then(|| view! {
                <label hidden=hidden>
                    <span>{t.password_again}</span>
                    <input type="password" name="password" autocomplete="current-password" maxlength="128"/>
                </label>
            })}
            <button
                type="submit"
                class="button big"
                data-submit="passkey"
                hidden=hidden
                disabled=move || progress.get() == Progress::Working
            >
                {label}
            </button>
            <p class="hint" hidden=move || usable.get() != Some(false)>{t.no_webauthn}</p>
            <p
                class=move || if matches!(progress.get(), Progress::Failed(_)) { "form-status error" } else { "form-status" }
                role="alert"
                data-status=""
            >
                {said}
            </p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod ceremony_in_browser {
    use leptos::{prelude::*, task::spawn_local};
    use web_sys::HtmlFormElement;

    use super::{Ceremony, Progress};
    use crate::{
        api::passkeys::{
            finish_passkey_registration, finish_passkey_sign_in, start_adding_passkey,
            start_passkey_sign_in, start_with_code, start_worker_registration,
        },
        domain::{AuthenticationAnswer, RegistrationAnswer, RegistrationChallenge},
        islands::browser,
    };

    /// Where the browser goes after a ceremony.
    enum After {
        Page(String),
        Reload,
    }

    /// Shows the button where the browser has WebAuthn and runs the
    /// ceremony when the form is submitted with it.
    pub fn take_over_form(
        anchor: &web_sys::HtmlDivElement,
        ceremony: Ceremony,
        usable: RwSignal<Option<bool>>,
        progress: RwSignal<Progress>,
    ) {
        let available = browser::has_webauthn();
        usable.set(Some(available));
        let Some(form) = browser::form_around(anchor) else {
            return;
        };
        if !available {
            return;
        }
        browser::close_fallback(&form);
        let submitted = form.clone();
        browser::on_submit(&form, move |event| {
            if browser::submitted_with(&event).as_deref() == Some("password")
                || browser::typing_in_fallback()
            {
                return;
            }
            event.prevent_default();
            if progress.get_untracked() == Progress::Working {
                return;
            }
            progress.set(Progress::Working);
            let (form, ceremony) = (submitted.clone(), ceremony.clone());
            spawn_local(async move {
                match run(&ceremony, &form).await {
                    Ok(After::Page(path)) => browser::go_to(&path),
                    Ok(After::Reload) => browser::reload(),
                    Err(failed) => progress.set(failed),
                }
            });
        });
    }

    async fn run(ceremony: &Ceremony, form: &HtmlFormElement) -> Result<After, Progress> {
        let field = |name: &str| browser::field(form, name);
        match ceremony {
            Ceremony::SignIn => {
                let challenge = start_passkey_sign_in().await.map_err(refused)?;
                let credential = browser::use_passkey(challenge.options)
                    .await
                    .map_err(cancelled)?;
                let answer = AuthenticationAnswer {
                    ceremony: challenge.ceremony,
                    credential,
                };
                finish_passkey_sign_in(answer).await.map_err(refused)?;
                let next = field("next");
                let next = if crate::url::is_local_path(&next) {
                    next
                } else {
                    "/account".to_owned()
                };
                Ok(After::Page(next))
            }
            Ceremony::Register => {
                let challenge = start_worker_registration(
                    field("real_name"),
                    field("id_number"),
                    field("mobile"),
                    field("city"),
                    browser::fields(form, "categories[]"),
                )
                .await
                .map_err(refused)?;
                register(challenge).await?;
                Ok(After::Page("/account".to_owned()))
            }
            Ceremony::OneTimeCode => {
                let challenge = start_with_code(field("login"), field("code"))
                    .await
                    .map_err(refused)?;
                register(challenge).await?;
                Ok(After::Page("/account".to_owned()))
            }
            Ceremony::AddPasskey { .. } => {
                let password = Some(field("password")).filter(|password| !password.is_empty());
                let challenge = start_adding_passkey(password).await.map_err(refused)?;
                register(challenge).await?;
                Ok(After::Reload)
            }
        }
    }

    /// Creates the passkey the challenge asks for and has the server keep
    /// it (which signs its owner in).
    async fn register(challenge: RegistrationChallenge) -> Result<(), Progress> {
        let credential = browser::create_passkey(challenge.options.clone())
            .await
            .map_err(cancelled)?;
        let answer = RegistrationAnswer {
            ceremony: challenge.ceremony,
            credential,
            label: browser::device_label(),
        };
        finish_passkey_registration(answer).await.map_err(refused)
    }

    fn refused(error: crate::error::AppError) -> Progress {
        Progress::Failed(Some(error))
    }

    fn cancelled(_: wasm_bindgen::JsValue) -> Progress {
        Progress::Failed(None)
    }
}
