//! The classroom screen's rotating code: shown on the staff screen (with
//! the check-in count and the display link) and on the display page a
//! display link opens (the code only).

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};

use super::{mark_hydrated, page_lang};
use crate::{
    api::attendance::{
        current_code, issue_display_link, screen_count, CodeSource, ScreenCode, ShownDisplayLink,
    },
    domain::Direction,
    error::AppError,
};

/// How often the staff screen refreshes the check-in count.
const COUNT_EVERY: Duration = Duration::from_secs(5);
/// How long the screen waits before asking again after a failure.
const RETRY_AFTER: Duration = Duration::from_secs(10);

/// The code for check-in or check-out, fetched again as it rotates.
#[island]
pub fn ClassroomCode(source: CodeSource) -> impl IntoView {
    let lang = page_lang();
    let t = lang.screen_texts();
    mark_hydrated();
    let screen = Screen::new(source.clone());
    Effect::new(move |_| screen.fetch());
    let staff_session = match source {
        CodeSource::Session(id) => Some(id),
        CodeSource::DisplayLink(_) => None,
    };
    let code_box = move || match screen.shown.get() {
        Some(Ok(code)) => {
            let class = if code.open_now {
                "screen-code"
            } else {
                "screen-code closed"
            };
            view! { <div class=class data-code="" data-url=code.url inner_html=code.svg></div> }
                .into_any()
        }
        _ => view! { <div class="screen-code" data-code=""></div> }.into_any(),
    };
    let window_line = move || match screen.shown.get() {
        Some(Ok(code)) => code.window_line,
        _ => String::new(),
    };
    let roll_call_line = move || match screen.shown.get() {
        Some(Ok(code)) => code.roll_call_line,
        _ => None,
    };
    let problem = move || match screen.shown.get() {
        Some(Err(error)) => error.message(lang),
        _ => String::new(),
    };
    view! {
        <div class="screen-switch" role="group" aria-label=t.check_in_or_out>
            {[Direction::In, Direction::Out]
                .into_iter()
                .map(|direction| {
                    let pressed = move || screen.direction.get() == direction;
                    view! {
                        <button
                            type="button"
                            class=move || if pressed() { "button" } else { "button secondary" }
                            aria-pressed=move || pressed().to_string()
                            data-direction=direction.code()
                            on:click=move |_| screen.turn_to(direction)
                        >
                            {direction.label(lang)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
        {move || roll_call_line().map(|line| view! {
            <p class="screen-roll-call" role="status" data-roll-call="">{line}</p>
        })}
        {code_box}
        <p class="screen-hint">{t.scan_hint}</p>
        <p class="screen-window" data-window="">{window_line}</p>
        {staff_session.map(|session_id| view! { <CheckedInCount session_id/> })}
        <p class="form-status" role="alert" data-status="">{problem}</p>
        {staff_session.map(|session_id| view! { <DisplayLinkOffer session_id/> })}
    }
}

/// What the screen shows and how it keeps it fresh.
#[derive(Clone, Copy)]
struct Screen {
    source: StoredValue<CodeSource>,
    direction: RwSignal<Direction>,
    shown: RwSignal<Option<Result<ScreenCode, AppError>>>,
    next_fetch: StoredValue<Option<TimeoutHandle>>,
}

impl Screen {
    fn new(source: CodeSource) -> Screen {
        Screen {
            source: StoredValue::new(source),
            direction: RwSignal::new(Direction::In),
            shown: RwSignal::new(None),
            next_fetch: StoredValue::new(None),
        }
    }

    fn turn_to(self, direction: Direction) {
        self.direction.set(direction);
        self.fetch();
    }

    /// Asks for the current code; shows it unless the direction changed
    /// meanwhile, and asks again when it rotates.
    fn fetch(self) {
        let wanted = self.direction.get_untracked();
        let (session_id, token) = self.source.with_value(CodeSource::parts);
        spawn_local(async move {
            let found = current_code(session_id, token, wanted.code().to_owned()).await;
            if self.direction.get_untracked() != wanted {
                return;
            }
            let wait = match &found {
                Ok(code) => Duration::from_millis(code.next_rotation_ms.max(300) + 200),
                Err(_) => RETRY_AFTER,
            };
            self.shown.set(Some(found));
            self.fetch_after(wait);
        });
    }

    fn fetch_after(self, wait: Duration) {
        if let Some(handle) = self.next_fetch.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || self.fetch(), wait).ok();
        self.next_fetch.set_value(handle);
    }
}

/// "Checked in: 12 / 30", refreshed every few seconds, linking to the
/// roster.
#[component]
fn CheckedInCount(session_id: i64) -> impl IntoView {
    let t = page_lang().screen_texts();
    let count = RwSignal::new(None::<(usize, usize)>);
    let refresh = move || {
        spawn_local(async move {
            // The code matters more than the count: a failed count keeps
            // the last one.
            if let Ok(found) = screen_count(session_id).await {
                count.set(Some(found));
            }
        })
    };
    Effect::new(move |_| {
        refresh();
        set_interval(refresh, COUNT_EVERY);
    });
    let shown = move || match count.get() {
        Some((checked_in, enrolled)) => format!("{checked_in} / {enrolled}"),
        None => "…".to_owned(),
    };
    view! {
        <p class="screen-count">
            <a href=format!("/sessions/{session_id}/roster")>
                {t.checked_in} <span data-count="">{shown}</span>
            </a>
        </p>
    }
}

/// "Copy display link": asks for today's link, shows it (to copy by hand
/// where the clipboard is not available) and copies it.
#[component]
fn DisplayLinkOffer(session_id: i64) -> impl IntoView {
    let lang = page_lang();
    let t = lang.screen_texts();
    let link = RwSignal::new(None::<ShownDisplayLink>);
    let status = RwSignal::new(String::new());
    let copy = move |_| {
        spawn_local(async move {
            match issue_display_link(session_id).await {
                Ok(issued) => {
                    let said = if copy_to_clipboard(&issued.url).await {
                        (t.link_copied)(&issued.valid_until)
                    } else {
                        (t.link_copy_by_hand)(&issued.valid_until)
                    };
                    link.set(Some(issued));
                    status.set(said);
                }
                Err(error) => status.set(error.message(lang)),
            }
        })
    };
    view! {
        <div class="display-link">
            <button class="button secondary" type="button" data-copy-display-link="" on:click=copy>
                {t.copy_display_link}
            </button>
            <label hidden=move || link.with(Option::is_none) data-display-link-box="">
                <span>{t.display_link_label}</span>
                <input
                    type="url"
                    readonly=""
                    data-display-link=""
                    prop:value=move || link.with(|link| link.as_ref().map(|l| l.url.clone()).unwrap_or_default())
                />
            </label>
            <p class="hint">{t.display_link_hint}</p>
            <p class="form-status" role="status" data-display-link-status="">{move || status.get()}</p>
        </div>
    }
}

/// Copies `text` to the clipboard; false where the browser refuses (no
/// permission, or not a secure context).
async fn copy_to_clipboard(text: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let promise = window.navigator().clipboard().write_text(text);
        wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        false
    }
}
