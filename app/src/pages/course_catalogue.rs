use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::{
    api::catalogue::list_courses,
    components::{AppHeader, CatalogueBanner, CourseCard, ErrorNotice, Loading, Pager},
    domain::{CourseList, CourseQueryParams, TrainingType},
    error::AppError,
    i18n::use_lang,
    pages::choose_city_first,
    url::with_query,
};

/// 职业技能培训需求指导目录 of a city: search, filters and pages.
#[component]
pub fn CourseCataloguePage() -> impl IntoView {
    let t = use_lang().texts();
    let query = use_query_map();
    let params = query.with_untracked(|q| CourseQueryParams {
        city: q.get("city"),
        q: q.get("q"),
        training_type: q.get("type"),
        urgent: q.get("urgent"),
        page: q.get("page"),
        per_page: q.get("per_page"),
    });
    let shown = params.clone();
    view! {
        <Title text=t.courses/>
        <Meta name="description" content=t.courses_intro/>
        <AppHeader/>
        <main class="page">
            <h1>{t.courses}</h1>
            <p class="intro">{t.courses_intro}</p>
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    match list_courses(params).await {
                        Ok(list) => view! { <CourseResults list params=shown/> }.into_any(),
                        Err(error) => course_error(error),
                    }
                })}
            </Suspense>
        </main>
    }
}

fn course_error(error: AppError) -> AnyView {
    choose_city_first(&error).unwrap_or_else(|| view! { <ErrorNotice error/> }.into_any())
}

#[component]
fn CourseResults(list: CourseList, params: CourseQueryParams) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let city = list.city.code();
    let page_href = |page: u32| {
        let page = page.to_string();
        with_query(
            "/courses",
            &[
                ("city", Some(city)),
                ("q", params.q.as_deref()),
                ("type", params.training_type.as_deref()),
                ("urgent", params.urgent.as_deref()),
                ("page", Some(page.as_str())),
            ],
        )
    };
    let courses = list.courses;
    let (page, pages) = (courses.page, courses.pages());
    let previous = (page > 1).then(|| page_href(page.min(pages + 1) - 1));
    let next = courses.has_next().then(|| page_href(page + 1));
    let urgent_checked = params
        .urgent
        .as_deref()
        .is_some_and(|v| !v.is_empty() && v != "0");
    let chosen_type = params.training_type.clone().unwrap_or_default();
    view! {
        {match list.catalogue {
            Some(info) => view! { <CatalogueBanner info offer_city_change=true/> }.into_any(),
            None => {
                view! {
                    <p class="city-line">
                        {list.city.label(lang)} " · " <a href="/">{t.change_city}</a>
                    </p>
                }
                    .into_any()
            }
        }}
        <form method="get" action="/courses" class="search-form" role="search">
            <input type="hidden" name="city" value=city/>
            <div class="search-row">
                <input
                    type="search"
                    name="q"
                    value=params.q.clone().unwrap_or_default()
                    placeholder=t.course_search_placeholder
                    aria-label=t.course_search_placeholder
                    maxlength="40"
                    enterkeyhint="search"
                />
                <button type="submit" class="button">{t.search}</button>
            </div>
            <div class="filter-row">
                <label class="select-label">
                    <span class="visually-hidden">{t.training_type}</span>
                    <select name="type" aria-label=t.training_type>
                        <option value="">{t.all_types}</option>
                        {TrainingType::ALL
                            .iter()
                            .map(|tt| {
                                view! {
                                    <option value=tt.code() selected=chosen_type == tt.code()>
                                        {tt.label(lang)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="check-label">
                    <input type="checkbox" name="urgent" value="1" checked=urgent_checked/>
                    <span>{t.urgent_only}</span>
                </label>
                <button type="submit" class="button secondary">{t.apply}</button>
            </div>
        </form>
        <p class="result-count" aria-live="polite">{(t.results)(courses.total)}</p>
        {if courses.items.is_empty() {
            view! { <p class="empty">{t.no_courses}</p> }.into_any()
        } else {
            view! {
                <ul class="card-list">
                    {courses.items.into_iter().map(|course| view! { <CourseCard course/> }).collect_view()}
                </ul>
            }
                .into_any()
        }}
        <Pager page pages previous next/>
    }
}
