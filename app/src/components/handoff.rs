//! The hand-off from an in-app browser (WeChat, Alipay, QQ), which hides
//! passkeys from sites, to the phone's own browser: why, the steps, and a
//! picture of the app's menu.

use leptos::prelude::*;

use crate::{domain::InAppBrowser, i18n::use_lang};

/// Inside WeChat or Alipay: why and how to open the page in the phone's
/// own browser, with a picture of the app's menu.
/// `seconds`: on the check-in page, how long the scanned code still holds
/// in the other browser; elsewhere the worker is told to sign in there.
#[component]
pub fn HandOff(app: InAppBrowser, seconds: Option<i64>) -> impl IntoView {
    let t = &use_lang().check_in_texts().handoff;
    view! {
        <section class="handoff notice" data-handoff="">
            <h2>{t.title}</h2>
            <p>{t.why}</p>
            <ol>
                <li>{t.open_menu}</li>
                <li>{(t.choose)(app)}</li>
                <li>{match seconds {
                    Some(seconds) => (t.confirm_there)(seconds),
                    None => t.sign_in_there.to_owned(),
                }}</li>
            </ol>
            <MenuPicture app/>
        </section>
    }
}

/// The app's top bar with «···» ringed, and the menu it opens with the
/// item to choose ringed (an SVG drawn here, its words from the texts).
#[component]
fn MenuPicture(app: InAppBrowser) -> impl IntoView {
    let t = &use_lang().check_in_texts().handoff;
    view! {
        <svg class="handoff-picture" viewBox="0 0 320 200" role="img" aria-label=t.picture_label>
            <rect x="1" y="1" width="318" height="198" rx="14" fill="#ffffff" stroke="#dde3e0" stroke-width="2"/>
            <rect x="1" y="1" width="318" height="44" rx="14" fill="#ededed"/>
            <text x="160" y="29" text-anchor="middle" font-size="16" fill="#1b1f1d">{t.picture_title}</text>
            <text x="272" y="30" text-anchor="middle" font-size="22" font-weight="700" fill="#1b1f1d">"···"</text>
            <circle cx="272" cy="23" r="17" fill="none" stroke="#c0392b" stroke-width="3"/>
            <path d="M272 42 L272 70" stroke="#c0392b" stroke-width="3" marker-end="url(#handoff-arrow)"/>
            <defs>
                <marker id="handoff-arrow" markerWidth="8" markerHeight="8" refX="4" refY="4" orient="auto">
                    <path d="M0 0 L8 4 L0 8 z" fill="#c0392b"/>
                </marker>
            </defs>
            <rect x="150" y="78" width="160" height="108" rx="10" fill="#ffffff" stroke="#5b6560" stroke-width="1.5"/>
            <rect x="162" y="90" width="136" height="26" rx="6" fill="#f5f7f6"/>
            <rect x="162" y="124" width="136" height="34" rx="6" fill="#fff4d6" stroke="#c0392b" stroke-width="3"/>
            <text x="230" y="147" text-anchor="middle" font-size="15" font-weight="700" fill="#1b1f1d">{(t.menu_item)(app)}</text>
            <rect x="162" y="166" width="136" height="12" rx="6" fill="#f5f7f6"/>
        </svg>
    }
}
