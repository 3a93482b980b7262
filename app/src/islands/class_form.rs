//! The class application form's interactive parts: session rows added and
//! removed in place, and filling the venue's coordinates from the phone's
//! position. Without JavaScript the form still posts: it then offers a
//! fixed number of blank rows, and blank rows are no sessions.

use leptos::prelude::*;

use super::{mark_hydrated, page_lang};

/// `rows` session rows to start with; `modes` are the session modes'
/// codes and names, the first the default.
#[island]
pub fn SessionRows(rows: usize, modes: Vec<(String, String)>) -> impl IntoView {
    let t = page_lang().class_form_texts();
    mark_hydrated();
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let keys = RwSignal::new((0..rows).collect::<Vec<usize>>());
    let next_key = StoredValue::new(rows);
    let modes = StoredValue::new(modes);
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        keys.update(|keys| keys.push(key));
    };
    view! {
        <For each=move || keys.get() key=|key| *key let:key>
            <div class="session-row" data-session="">
                <input name=format!("sessions[{key}][date]") type="date" aria-label=t.date/>
                <input name=format!("sessions[{key}][start]") type="time" aria-label=t.start/>
                <input name=format!("sessions[{key}][end]") type="time" aria-label=t.end/>
                <select name=format!("sessions[{key}][mode]") aria-label=t.mode>
                    {modes.get_value().into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                </select>
                <button
                    class="button small secondary"
                    type="button"
                    data-remove-session=""
                    hidden=move || !interactive.get()
                    on:click=move |_| keys.update(|keys| keys.retain(|other| *other != key))
                >
                    {t.remove}
                </button>
            </div>
        </For>
        <button class="button small" type="button" data-add-session="" hidden=move || !interactive.get() on:click=add>
            {t.add_session}
        </button>
    }
}

/// Fills the form's `latitude` and `longitude` from the phone's position.
#[island]
pub fn LocateButton() -> impl IntoView {
    let t = page_lang().class_form_texts();
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let button = NodeRef::<leptos::html::Button>::new();
    let locate = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(form) = button
            .get_untracked()
            .and_then(|button| super::browser::form_around(&button))
        {
            super::browser::locate(move |position| {
                super::browser::set_field(&form, "latitude", &format!("{:.6}", position.latitude));
                super::browser::set_field(
                    &form,
                    "longitude",
                    &format!("{:.6}", position.longitude),
                );
            });
        }
    };
    view! {
        <button class="button small secondary" type="button" data-locate="" node_ref=button hidden=move || !interactive.get() on:click=locate>
            {t.use_my_position}
        </button>
    }
}
