use leptos::{prelude::*, server_fn::ServerFn};

use super::frame::{personal_page, PageTitle};
use crate::{
    api::accounts::{SetPasswordWithCode, SignInWithPassword},
    components::{HandOff, IslandScripts},
    domain::InAppBrowser,
    i18n::use_lang,
    islands::{Ceremony, PasskeyButton},
};

/// `/sign-in`.
#[component]
pub fn SignInRoute() -> impl IntoView {
    let title: PageTitle = |lang| lang.account_texts().sign_in;
    // Where to go after signing in (`?next=/c/…`), when a page of ours.
    let next = super::frame::query_value("next").filter(|path| crate::url::is_local_path(path));
    personal_page(title, in_app_browser, move |in_app| {
        let in_app = in_app.ok().flatten();
        view! { <SignInPage next in_app/> }.into_any()
    })
}

/// `/recover` and `/enrol`: a one-time code from the bureau.
#[component]
pub fn RecoverRoute() -> impl IntoView {
    let title: PageTitle = |lang| lang.account_texts().recover;
    personal_page(title, nothing_to_load, |_| {
        view! { <RecoverPage/> }.into_any()
    })
}

/// The load of the sign-in and registration pages: the in-app browser
/// they are opened in, if any, whose page then explains the hand-off.
pub(super) async fn in_app_browser(
    visit: crate::server::visit::PageRequest,
) -> Result<Option<InAppBrowser>, crate::error::AppError> {
    Ok(visit.in_app_browser())
}

/// The load of a form page that shows nothing of the person.
pub(super) async fn nothing_to_load(
    _: crate::server::visit::PageRequest,
) -> Result<(), crate::error::AppError> {
    Ok(())
}

/// Sign-in for everyone: a passkey without typing a name (the island), or
/// the password fallback with an ID number (workers) or user name (staff),
/// which works without JavaScript.
#[component]
pub fn SignInPage(next: Option<String>, in_app: Option<InAppBrowser>) -> impl IntoView {
    let t = use_lang().account_texts();
    view! {
        <main class="page">
            <h1>{t.sign_in}</h1>
            {in_app.map(|app| view! { <HandOff app seconds=None/> })}
            <p class="intro">{t.sign_in_intro}</p>
            <p class="intro">{t.staff_sign_in_intro}</p>
            <form class="stack-form" data-form="sign-in" method="post" action=SignInWithPassword::url()>
                {next.map(|next| view! { <input type="hidden" name="next" value=next/> })}
                <PasskeyButton ceremony=Ceremony::SignIn/>
                <details class="fallback" data-fallback open>
                    <summary>{t.or_password}</summary>
                    <label>
                        <span>{t.login_name}</span>
                        <input name="login" autocomplete="username" maxlength="32"/>
                    </label>
                    <label>
                        <span>{t.password}</span>
                        <input name="password" type="password" autocomplete="current-password" maxlength="128"/>
                    </label>
                    <button type="submit" class="button big secondary" data-submit="password">{t.sign_in_with_password}</button>
                </details>
            </form>
            <p>{t.no_account_yet} " " <a href="/register">{t.register}</a></p>
            <p>{use_lang().order_texts().employer_question} " " <a href="/employers/register">{use_lang().order_texts().register_title}</a></p>
            <p>{t.lost_access} " " <a href="/recover">{t.recover}</a></p>
        </main>
        <IslandScripts/>
    }
}

/// Recovery for workers and enrolment for new staff: an ID number or user
/// name and the one-time code a staff member handed over.
#[component]
pub fn RecoverPage() -> impl IntoView {
    let t = use_lang().account_texts();
    view! {
        <main class="page">
            <h1>{t.recover}</h1>
            <p class="intro">{t.recover_intro}</p>
            <form class="stack-form" data-form="code" method="post" action=SetPasswordWithCode::url()>
                <label>
                    <span>{t.login_name}</span>
                    <input name="login" autocomplete="username" required maxlength="32"/>
                </label>
                <label>
                    <span>{t.one_time_code}</span>
                    <input name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="9"/>
                </label>
                <PasskeyButton ceremony=Ceremony::OneTimeCode/>
                <details class="fallback" data-fallback open>
                    <summary>{t.or_password}</summary>
                    <label>
                        <span>{t.password}</span>
                        <input name="password" type="password" autocomplete="new-password" minlength="8" maxlength="128"/>
                        <small>{t.password_hint}</small>
                    </label>
                    <button type="submit" class="button big secondary" data-submit="password">{t.set_password}</button>
                </details>
            </form>
        </main>
        <IslandScripts/>
    }
}
