//! The interactive parts of the pages, and the only code compiled to
//! WebAssembly. Each island is rendered on the server with its page and
//! hydrated in the browser; a page without an island loads no script.
//! An island's texts come from the same tables as its page's.

#[cfg(feature = "hydrate")]
mod browser;
mod check_in;
mod class_form;
mod classroom_code;
#[cfg(feature = "hydrate")]
mod device_key;
mod device_key_setup;
mod live_roster;
mod passkey;

pub use check_in::CheckInConfirm;
pub use class_form::{LocateButton, SessionRows};
pub use classroom_code::ClassroomCode;
pub use device_key_setup::DeviceKeySetup;
pub use live_roster::LiveRoster;
pub use passkey::{Ceremony, PasskeyButton};

use leptos::prelude::*;

use crate::i18n::Lang;

/// Starts the islands of the page, called by the browser entry point
/// (`frontend`). Calling into this crate from there also links this crate's
/// island exports into the WebAssembly: a crate nothing calls is left out
/// whole, its islands with it.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}

/// The page's language: on the server the request's, in the browser the
/// one the server wrote in `<html lang>`, so hydration renders the same
/// text.
fn page_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<Lang>().unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|tag| Lang::from_tag(&tag))
            .unwrap_or_default()
    }
}

/// Marks the page as interactive once an island has hydrated
/// (`<body data-hydrated>`), so browser tests can wait for it. Effects run
/// in the browser only.
fn mark_hydrated() {
    Effect::new(|_| {
        if let Some(body) = document().body() {
            _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
