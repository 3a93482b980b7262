//! What the personal pages share: they load their content for the person
//! asking, answer with the status of a failure, are never cached and are
//! not indexed.

use std::future::Future;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    components::{AppHeader, Loading},
    error::AppError,
    i18n::{use_lang, Lang},
    server::{
        flash::Flash,
        visit::{answer_with_status_of, never_cache, set_cookie, PageRequest},
    },
};

/// A part of a page that the viewer may not be allowed to see: shown
/// when it loads, left out when the viewer is refused it, it does not
/// exist or its state does not offer it (403/404/409), and a failure of
/// ours (a database outage) fails the whole page with its status instead
/// of vanishing without a word.
pub(crate) fn optional_section<T>(loaded: Result<T, AppError>) -> Result<Option<T>, AppError> {
    match loaded {
        Ok(section) => Ok(Some(section)),
        Err(AppError::Refused(_) | AppError::NotFound(_) | AppError::Conflict(_)) => Ok(None),
        Err(error) => Err(error),
    }
}

/// The value of query parameter `name` of the page being rendered.
pub(crate) fn query_value(name: &'static str) -> Option<String> {
    use_query_map().with_untracked(|query| query.get(name))
}

/// The value of path parameter `name` of the page being rendered.
pub(crate) fn path_value(name: &'static str) -> String {
    use_params_map()
        .with_untracked(|params| params.get(name))
        .unwrap_or_default()
}

/// A page's title, read from a text table in the visitor's language.
pub(crate) type PageTitle = fn(Lang) -> &'static str;

/// A personal page: the site header, then `body` of what `load` found
/// for this visit (or why nothing was found). A body with an island
/// renders [`IslandScripts`](crate::components::IslandScripts) itself.
pub(crate) fn personal_page<T, Fut>(
    title: PageTitle,
    load: impl FnOnce(PageRequest) -> Fut + Send + 'static,
    body: impl FnOnce(Result<T, AppError>) -> AnyView + Send + 'static,
) -> impl IntoView
where
    T: Send + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    view! {
        <AppHeader/>
        <FlashNotice/>
        {bare_page(title, load, body)}
    }
}

/// What the last form posted without JavaScript did, told once: read from
/// its cookie, which this answer clears.
#[component]
pub(crate) fn FlashNotice() -> impl IntoView {
    let lang = use_lang();
    let state = use_context::<crate::server::AppState>()?;
    let flash = use_context::<http::request::Parts>()
        .and_then(|parts| crate::server::request::flash(&parts.headers, &state.security.keys))?;
    set_cookie(&Flash::clearing_cookie());
    never_cache();
    Some(match flash {
        Flash::Done(done) => view! {
            <p class="notice ok flash" role="status" data-flash="done">{done.message(lang)}</p>
        }
        .into_any(),
        Flash::Problem(error) => view! {
            <p class="error-notice flash" role="alert" data-flash="problem" data-code=error.code()>
                {error.message(lang)}
            </p>
        }
        .into_any(),
        Flash::Report {
            summary,
            examples,
            more,
        } => {
            let more = (more > 0).then(|| format!(" {}", lang.form_texts().and_more));
            view! {
                <p class="notice ok flash" role="status" data-flash="report">
                    {summary} {examples.join("；")} {more}
                </p>
            }
            .into_any()
        }
        Flash::CodeIssued(issued) => {
            let t = lang.form_texts();
            view! {
                <div class="notice ok flash" role="status" data-flash="code">
                    <p>{t.code_issued_for} {issued.holder}</p>
                    <p class="issued-code" data-issued-code="">{issued.code}</p>
                    <p>{(t.code_valid_until)(&issued.valid_until)}</p>
                </div>
            }
            .into_any()
        }
    })
}

/// Like [`personal_page`] without the site header: the classroom display,
/// which must offer no way into the rest of the site.
pub(crate) fn bare_page<T, Fut>(
    title: PageTitle,
    load: impl FnOnce(PageRequest) -> Fut + Send + 'static,
    body: impl FnOnce(Result<T, AppError>) -> AnyView + Send + 'static,
) -> impl IntoView
where
    T: Send + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let lang = use_lang();
    never_cache();
    let content = Suspend::new(async move {
        let found = match PageRequest::current().await {
            Ok(visit) => load(visit).await,
            Err(error) => Err(error),
        };
        if let Err(error) = &found {
            answer_with_status_of(error);
        }
        body(found)
    });
    view! {
        <Title text=title(lang)/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=Loading>{content}</Suspense>
    }
}
