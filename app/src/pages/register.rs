use leptos::{prelude::*, server_fn::ServerFn};

use crate::{
    api::accounts::RegisterWithPassword,
    components::{HandOff, IslandScripts},
    domain::{City, InAppBrowser, WorkerCategory},
    i18n::use_lang,
    islands::{Ceremony, PasskeyButton},
};

/// `/register`.
#[component]
pub fn RegisterRoute() -> impl IntoView {
    let title: super::frame::PageTitle = |lang| lang.account_texts().register;
    super::frame::personal_page(title, super::sign_in::in_app_browser, |in_app| {
        let in_app = in_app.ok().flatten();
        view! { <RegisterPage in_app/> }.into_any()
    })
}

/// Worker registration: real name, ID number, mobile, city, categories,
/// then a passkey (the island) or a password, which works without
/// JavaScript.
#[component]
pub fn RegisterPage(in_app: Option<InAppBrowser>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.account_texts();
    view! {
        <main class="page">
            <h1>{t.register}</h1>
            {in_app.map(|app| view! { <HandOff app seconds=None/> })}
            <p class="intro">{t.register_intro}</p>
            <form class="stack-form" data-form="register" method="post" action=RegisterWithPassword::url()>
                <label>
                    <span>{t.real_name}</span>
                    <input name="real_name" autocomplete="name" required maxlength="30"/>
                </label>
                <label>
                    <span>{t.id_number}</span>
                    <input name="id_number" inputmode="text" autocomplete="off" required maxlength="18" pattern="[0-9]{17}[0-9Xx]" title=t.id_number_hint/>
                    <small>{t.id_number_hint}</small>
                </label>
                <label>
                    <span>{t.mobile}</span>
                    <input name="mobile" type="tel" inputmode="numeric" autocomplete="tel" required maxlength="14"/>
                </label>
                <label>
                    <span>{t.city}</span>
                    <select name="city" required>
                        {City::ALL.iter().map(|c| view! { <option value=c.code()>{c.label(lang)}</option> }).collect_view()}
                    </select>
                </label>
                <fieldset>
                    <legend>{t.worker_categories}</legend>
                    {WorkerCategory::ALL
                        .iter()
                        .map(|c| {
                            view! {
                                <label class="check-label">
                                    <input type="checkbox" name="categories[]" value=c.code()/>
                                    <span>{c.label(lang)}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <p class="hint" data-recommendations-sentence="">{t.recommendations_sentence}</p>
                <p class="hint">{t.passkey_explainer}</p>
                <PasskeyButton ceremony=Ceremony::Register/>
                <details class="fallback" data-fallback open>
                    <summary>{t.or_password}</summary>
                    <label>
                        <span>{t.password}</span>
                        <input name="password" type="password" autocomplete="new-password" minlength="8" maxlength="128"/>
                        <small>{t.password_hint}</small>
                    </label>
                    <button type="submit" class="button big secondary" data-submit="password">{t.register_with_password}</button>
                </details>
            </form>
            <p><a href="/sign-in">{t.sign_in}</a> " · " <a href="/recover">{t.recover}</a></p>
        </main>
        <IslandScripts/>
    }
}
