//! What the islands ask of the browser itself: WebAuthn, the form around
//! an island, the phone's position, the tab's storage and moving to
//! another page. Compiled for the browser only.

use leptos::prelude::window;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlDetailsElement, HtmlFormElement, SubmitEvent};
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};

use crate::domain::ReportedPosition;

/// Whether this browser can use passkeys at all (the WeChat in-app
/// browser and many phones without Google services cannot).
pub fn has_webauthn() -> bool {
    js_sys::Reflect::has(&window(), &JsValue::from_str("PublicKeyCredential")).unwrap_or(false)
}

/// Asks the phone to create a passkey for the server's options.
pub async fn create_passkey(
    options: CreationChallengeResponse,
) -> Result<RegisterPublicKeyCredential, JsValue> {
    let options = web_sys::CredentialCreationOptions::from(options);
    let promise = window()
        .navigator()
        .credentials()
        .create_with_options(&options)?;
    let credential = JsFuture::from(promise).await?;
    Ok(credential
        .unchecked_into::<web_sys::PublicKeyCredential>()
        .into())
}

/// Asks the phone for a passkey that answers the server's challenge.
pub async fn use_passkey(
    options: RequestChallengeResponse,
) -> Result<PublicKeyCredential, JsValue> {
    let options = web_sys::CredentialRequestOptions::from(options);
    let promise = window()
        .navigator()
        .credentials()
        .get_with_options(&options)?;
    let credential = JsFuture::from(promise).await?;
    Ok(credential
        .unchecked_into::<web_sys::PublicKeyCredential>()
        .into())
}

/// What the phone calls itself ("Linux armv8l"), to tell passkeys apart.
pub fn device_label() -> String {
    window().navigator().platform().unwrap_or_default()
}

/// The form an island sits in.
pub fn form_around(element: &Element) -> Option<HtmlFormElement> {
    element
        .closest("form")
        .ok()
        .flatten()
        .and_then(|form| form.dyn_into().ok())
}

/// Runs `handler` whenever `form` is submitted, for as long as the page
/// lives.
pub fn on_submit(form: &HtmlFormElement, handler: impl FnMut(SubmitEvent) + 'static) {
    let handler = Closure::<dyn FnMut(SubmitEvent)>::new(handler);
    if form
        .add_event_listener_with_callback("submit", handler.as_ref().unchecked_ref())
        .is_ok()
    {
        handler.forget();
    }
}

/// The `data-submit` of the button that submitted the form (`password`
/// for the password fallback).
pub fn submitted_with(event: &SubmitEvent) -> Option<String> {
    event
        .submitter()
        .and_then(|button| button.get_attribute("data-submit"))
}

/// Whether the person is typing in the form's password fallback: pressing
/// Enter there submits the password, not the passkey button that comes
/// first in the form.
pub fn typing_in_fallback() -> bool {
    leptos::prelude::document()
        .active_element()
        .and_then(|element| element.closest("details[data-fallback]").ok().flatten())
        .is_some()
}

/// The value of the form's field `name` ("" when there is none).
pub fn field(form: &HtmlFormElement, name: &str) -> String {
    web_sys::FormData::new_with_form(form)
        .ok()
        .and_then(|data| data.get(name).as_string())
        .unwrap_or_default()
}

/// Sets the value of the form's input `name`.
pub fn set_field(form: &HtmlFormElement, name: &str, value: &str) {
    if let Ok(Some(input)) = form.query_selector(&format!("input[name=\"{name}\"]")) {
        if let Ok(input) = input.dyn_into::<web_sys::HtmlInputElement>() {
            input.set_value(value);
        }
    }
}

/// Every value of the form's fields called `name` (ticked boxes).
pub fn fields(form: &HtmlFormElement, name: &str) -> Vec<String> {
    web_sys::FormData::new_with_form(form)
        .map(|data| {
            data.get_all(name)
                .iter()
                .filter_map(|value| value.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Closes the form's password fallback (`<details data-fallback>`), which
/// the server renders open for browsers without JavaScript or passkeys.
pub fn close_fallback(form: &HtmlFormElement) {
    if let Ok(Some(details)) = form.query_selector("details[data-fallback]") {
        if let Ok(details) = details.dyn_into::<HtmlDetailsElement>() {
            details.set_open(false);
        }
    }
}

/// Opens another page of the site.
pub fn go_to(path: &str) {
    _ = window().location().set_href(path);
}

/// Loads the current page again.
pub fn reload() {
    _ = window().location().reload();
}

/// Asks the phone where it is, and calls `found` if it answers (the worker
/// may refuse; the check-in then goes on without a position).
pub fn locate(found: impl FnOnce(ReportedPosition) + 'static) {
    let Ok(geolocation) = window().navigator().geolocation() else {
        return;
    };
    // Read by name: web-sys offers the position's types only as unstable
    // APIs.
    let success = Closure::once_into_js(move |position: JsValue| {
        let coordinates = read(&position, "coords");
        let number = |name: &str| read(&coordinates, name).as_f64();
        if let (Some(latitude), Some(longitude), Some(accuracy_m)) =
            (number("latitude"), number("longitude"), number("accuracy"))
        {
            found(ReportedPosition {
                latitude,
                longitude,
                accuracy_m,
            });
        }
    });
    let failure = Closure::once_into_js(|_: JsValue| {});
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(8_000);
    options.set_maximum_age(60_000);
    _ = geolocation.get_current_position_with_error_callback_and_options(
        success.unchecked_ref(),
        Some(failure.unchecked_ref()),
        &options,
    );
}

fn read(object: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// What this tab keeps under `key` (gone when the tab closes).
pub fn remembered(key: &str) -> Option<String> {
    let storage = window().session_storage().ok().flatten()?;
    storage.get_item(key).ok().flatten()
}

/// Keeps `value` under `key` for this tab.
pub fn remember(key: &str, value: &str) {
    if let Ok(Some(storage)) = window().session_storage() {
        _ = storage.set_item(key, value);
    }
}

/// Forgets what this tab kept under `key`.
pub fn forget(key: &str) {
    if let Ok(Some(storage)) = window().session_storage() {
        _ = storage.remove_item(key);
    }
}
