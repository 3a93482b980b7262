//! The bureau's verification of declared worker categories: the city's
//! categories by status, a verify and a refuse form for each (a note is
//! required), and the list import. Every form posts to a server function
//! and works without JavaScript.

use leptos::{prelude::*, server_fn::ServerFn};

use super::frame::{personal_page, query_value, PageTitle};

use crate::views::CategoryView;
use crate::{
    api::categories::{DecideCategory, ImportCategories},
    components::ErrorNotice,
    domain::{CategoryStatus, Role},
    error::AppError,
    i18n::use_lang,
    server::{categories, classes::local_time, spreadsheet::XLSX_MIME},
};

/// `/worker-categories?status=`: the bureau's verification of declared
/// categories (declared ones by default).
#[component]
pub fn WorkerCategoriesRoute() -> impl IntoView {
    let status = query_value("status")
        .and_then(|code| CategoryStatus::parse(&code).ok())
        .unwrap_or(CategoryStatus::Declared);
    let title: PageTitle = |lang| lang.category_texts().page_title;
    personal_page(
        title,
        move |visit| async move {
            let actor = visit.signed_in()?;
            let may_decide = actor.role == Role::Bureau;
            let found = categories::list(&visit.state, actor, status, visit.now).await?;
            Ok((found, may_decide))
        },
        move |found| {
            let (categories, may_decide) = match found {
                Ok((categories, may_decide)) => (Ok(categories), may_decide),
                Err(error) => (Err(error), false),
            };
            view! { <WorkerCategoriesPage status categories may_decide/> }.into_any()
        },
    )
}

/// The categories in `status`, with the decision forms and the import.
#[component]
pub fn WorkerCategoriesPage(
    status: CategoryStatus,
    categories: Result<Vec<CategoryView>, AppError>,
    may_decide: bool,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.category_texts();
    view! {
        <main class="page wide">
            <h1>{t.page_title}</h1>
            <p class="intro">{t.intro}</p>
            <nav class="tabs" aria-label=t.filter_by_status>
                {CategoryStatus::ALL.iter().map(|tab| view! {
                    <a href=format!("/worker-categories?status={}", tab.code()) aria-current=(status == *tab).then_some("page")>{tab.label(lang)}</a>
                }).collect_view()}
            </nav>
            {match categories {
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="notice">{t.none_in_status}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="card-list">
                        {list.into_iter().map(|category| view! { <CategoryCard category may_decide/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            {may_decide.then(|| view! { <ImportForm/> })}
        </main>
    }
}

#[component]
fn CategoryCard(category: CategoryView, may_decide: bool) -> impl IntoView {
    let lang = use_lang();
    let t = lang.category_texts();
    let decided = category.decided_at.map(|at| {
        format!(
            "{} {} · {} · {}",
            t.decided,
            local_time(at),
            category.decided_by.clone().unwrap_or_default(),
            category.source.label(lang)
        )
    });
    let offers = |target: CategoryStatus| may_decide && category.status != target;
    view! {
        <li class="card" data-worker-category=category.id.to_string()>
            <p class="card-title">
                {category.worker_name.clone()} " · " {category.category.label(lang)}
                " " <span class="badge">{category.status.label(lang)}</span>
            </p>
            <p class="card-meta">
                {category.id_number_masked.clone().unwrap_or_default()} " · "
                {t.declared_on} " " {local_time(category.declared_at)}
            </p>
            {decided.map(|line| view! { <p class="card-meta">{line}</p> })}
            {(!category.note.is_empty()).then(|| view! { <p class="step-detail">{category.note.clone()}</p> })}
            {(offers(CategoryStatus::Verified) || offers(CategoryStatus::Refused)).then(|| view! {
                <form class="stack-form" method="post" action=DecideCategory::url()>
                    <input type="hidden" name="category_id" value=category.id/>
                    <label><span>{t.note}</span><input name="note" required maxlength="200"/></label>
                    {offers(CategoryStatus::Verified).then(|| view! {
                        <button class="button" type="submit" name="decision" value="verify">{t.verify}</button>
                    })}
                    {offers(CategoryStatus::Refused).then(|| view! {
                        <button class="button danger" type="submit" name="decision" value="refuse">{t.refuse}</button>
                    })}
                </form>
            })}
        </li>
    }
}

#[component]
fn ImportForm() -> impl IntoView {
    let t = use_lang().category_texts();
    let accept = format!(".csv,text/csv,.xlsx,{XLSX_MIME}");
    view! {
        <section aria-labelledby="import-title">
            <h2 id="import-title">{t.import_title}</h2>
            <p class="intro">{t.import_intro}</p>
            <form class="stack-form" method="post" enctype="multipart/form-data" action=ImportCategories::url()>
                <label><span>{t.import_file}</span><input type="file" name="file" required accept=accept/></label>
                <label><span>{t.import_note}</span><input name="note" maxlength="200"/></label>
                <button class="button" type="submit">{t.import_button}</button>
            </form>
        </section>
    }
}
