//! The account pages (register, sign in, recover, my account, staff tools)
//! rendered as whole documents on the server. They are plain forms that
//! `/passkey.js` drives, so they load no WebAssembly: the catalogue pages a
//! worker opens first stay small.

use leptos::{config::LeptosOptions, prelude::*};
use leptos_meta::HashedStylesheet;

use crate::{
    components::AppHeader,
    domain::{AccountView, Me},
    error::AppError,
    i18n::{AccountTexts, Lang},
    pages::{AccountPage, RecoverPage, RegisterPage, SignInPage, StaffAccountsPage},
};

/// Which account page to render, with the data it shows.
pub enum AccountPageKind {
    Register,
    SignIn,
    Recover,
    Account {
        me: Result<Option<Me>, AppError>,
    },
    Staff {
        me: Result<Option<Me>, AppError>,
        staff: Result<Vec<AccountView>, AppError>,
    },
}

impl AccountPageKind {
    fn title(&self, t: &AccountTexts) -> &'static str {
        match self {
            AccountPageKind::Register => t.register,
            AccountPageKind::SignIn => t.sign_in,
            AccountPageKind::Recover => t.recover,
            AccountPageKind::Account { .. } => t.account_title,
            AccountPageKind::Staff { .. } => t.staff_accounts,
        }
    }
}

/// The full HTML document of an account page at `path`.
pub fn render(options: &LeptosOptions, lang: Lang, path: &str, page: AccountPageKind) -> String {
    let title = page.title(lang.account_texts());
    document(
        options,
        lang,
        path,
        title,
        &["/api.js", "/passkey.js"],
        move || match page {
            AccountPageKind::Register => view! { <RegisterPage/> }.into_any(),
            AccountPageKind::SignIn => view! { <SignInPage/> }.into_any(),
            AccountPageKind::Recover => view! { <RecoverPage/> }.into_any(),
            AccountPageKind::Account { me } => view! { <AccountPage me/> }.into_any(),
            AccountPageKind::Staff { me, staff } => {
                view! { <StaffAccountsPage me staff/> }.into_any()
            }
        },
    )
}

/// A whole server-rendered document (no WebAssembly): the site's head,
/// header and styles, `body`, and the plain scripts that drive its forms.
pub fn document(
    options: &LeptosOptions,
    lang: Lang,
    path: &str,
    title: &str,
    scripts: &[&'static str],
    body: impl FnOnce() -> AnyView,
) -> String {
    framed_document(options, lang, Some(path), title, scripts, body)
}

/// Like [`document`] without the site header: the classroom display page,
/// which must offer no way into the rest of the site.
pub fn bare_document(
    options: &LeptosOptions,
    lang: Lang,
    title: &str,
    scripts: &[&'static str],
    body: impl FnOnce() -> AnyView,
) -> String {
    framed_document(options, lang, None, title, scripts, body)
}

/// The document, with the site header when `header_path` names the page.
fn framed_document(
    options: &LeptosOptions,
    lang: Lang,
    header_path: Option<&str>,
    title: &str,
    scripts: &[&'static str],
    body: impl FnOnce() -> AnyView,
) -> String {
    let owner = Owner::new();
    owner.with(|| {
        provide_context(lang);
        let title = format!("{title} · {}", lang.texts().app_name);
        let body = body();
        let header = header_path.map(|here| {
            let here = here.to_owned();
            view! { <AppHeader here/> }
        });
        let scripts: Vec<_> = scripts
            .iter()
            .map(|src| view! { <script src=*src defer></script> })
            .collect();
        view! {
            <!DOCTYPE html>
            <html lang=lang.tag()>
                <head>
                    <meta charset="utf-8"/>
                    <meta name="viewport" content="width=device-width, initial-scale=1"/>
                    <meta name="theme-color" content="#0b6e4f"/>
                    <meta name="robots" content="noindex"/>
                    <title>{title}</title>
                    <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                    <HashedStylesheet options=options.clone() id="leptos"/>
                    <link rel="stylesheet" href="/account.css"/>
                    {scripts}
                </head>
                <body>
                    {header}
                    {body}
                </body>
            </html>
        }
        .to_html()
    })
}
