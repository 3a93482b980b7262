//! Setting up the device key on the worker's account page: the browser
//! makes a non-extractable P-256 key, keeps it, and registers its public
//! half with the password again. For phones that cannot hold a passkey.

use leptos::prelude::*;

use super::{mark_hydrated, page_lang};
use crate::error::AppError;

/// Where the setup stands.
#[derive(Clone, Debug, PartialEq)]
// The browser half moves it on; the server renders only the first state.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Setup {
    /// Not known before the browser looks (also without JavaScript).
    Unknown,
    Unsupported,
    /// This browser holds a key already.
    Held,
    Ready,
    Working,
    Done,
    /// The server refused (its reason), or WebCrypto failed (`None`).
    Failed(Option<AppError>),
}

/// The device key section of worker `account_id`'s account page.
/// `password_again`: the session signed in with a password, which the
/// server asks for once more.
#[island]
pub fn DeviceKeySetup(account_id: String, password_again: bool) -> impl IntoView {
    let lang = page_lang();
    let t = lang.device_key_texts();
    mark_hydrated();
    let setup = RwSignal::new(Setup::Unknown);
    let password = RwSignal::new(String::new());
    let account_id = StoredValue::new(account_id);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| setup_in_browser::look(setup));
    let start = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        #[cfg(feature = "hydrate")]
        setup_in_browser::set_up(account_id.get_value(), password.get_untracked(), setup);
        #[cfg(not(feature = "hydrate"))]
        let _ = account_id;
    };
    let offered = move || {
        matches!(
            setup.get(),
            Setup::Unknown | Setup::Ready | Setup::Failed(_)
        )
    };
    let status = move || match setup.get() {
        Setup::Unsupported => t.unsupported.to_owned(),
        Setup::Held => t.held_here.to_owned(),
        Setup::Working => t.working.to_owned(),
        Setup::Done => t.done.to_owned(),
        Setup::Failed(Some(error)) => error.message(lang),
        Setup::Failed(None) => t.failed.to_owned(),
        Setup::Unknown | Setup::Ready => String::new(),
    };
    view! {
        <section aria-labelledby="device-key-title" data-device-key="">
            <h2 id="device-key-title">{t.title}</h2>
            <p class="intro">{t.intro}</p>
            <form class="stack-form" hidden=move || !offered() on:submit=start>
                {password_again.then(|| view! {
                    <label>
                        <span>{t.password_again}</span>
                        <input
                            type="password"
                            name="password"
                            autocomplete="current-password"
                            required
                            prop:value=password
                            on:input=move |event| password.set(event_target_value(&event))
                        />
                    </label>
                })}
                <button class="button" type="submit" disabled=move || !matches!(setup.get(), Setup::Ready | Setup::Failed(_))>
                    {t.set_up}
                </button>
            </form>
            <p class=move || if matches!(setup.get(), Setup::Failed(_)) { "form-status error" } else { "form-status" } role="status" aria-live="polite" data-device-key-status="">
                {status}
            </p>
        </section>
    }
}

#[cfg(feature = "hydrate")]
mod setup_in_browser {
    use leptos::{prelude::*, task::spawn_local};

    use super::Setup;
    use crate::{
        api::device_keys::register_device_key, domain::registration_message, islands::device_key,
    };

    /// Finds out whether this browser can keep a key, and whether it does.
    pub fn look(setup: RwSignal<Setup>) {
        device_key::report_capability();
        if !device_key::supported() {
            setup.set(Setup::Unsupported);
            return;
        }
        spawn_local(async move {
            let held = device_key::held().await.is_some();
            setup.set(if held { Setup::Held } else { Setup::Ready });
        });
    }

    /// Makes the key, keeps it, and registers it.
    pub fn set_up(account_id: String, password: String, setup: RwSignal<Setup>) {
        if setup.get_untracked() == Setup::Working {
            return;
        }
        setup.set(Setup::Working);
        spawn_local(async move {
            let made = async {
                let key = device_key::make().await?;
                let signature = key.sign(&registration_message(&account_id)).await?;
                Ok::<_, wasm_bindgen::JsValue>((key, signature))
            }
            .await;
            let Ok((key, signature)) = made else {
                setup.set(Setup::Failed(None));
                return;
            };
            let password = Some(password).filter(|password| !password.is_empty());
            let public_key = key.public_key.clone();
            if let Err(error) = register_device_key(password, public_key, signature).await {
                setup.set(Setup::Failed(Some(error)));
                return;
            }
            // Kept only once the server took it, so a refused key never
            // looks like this phone's.
            match key.keep().await {
                Ok(()) => setup.set(Setup::Done),
                Err(_) => setup.set(Setup::Failed(None)),
            }
        });
    }
}
