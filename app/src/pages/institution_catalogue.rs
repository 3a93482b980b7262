use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::{
    api::catalogue::list_institutions,
    components::{AppHeader, CatalogueBanner, ErrorNotice, InstitutionCard, Loading, Pager},
    domain::{InstitutionList, InstitutionNature, InstitutionQueryParams},
    error::AppError,
    i18n::use_lang,
    pages::choose_city_first,
    url::with_query,
};

/// 补贴性职业技能培训机构目录 of a city: search, filters and pages.
#[component]
pub fn InstitutionCataloguePage() -> impl IntoView {
    let t = use_lang().texts();
    let query = use_query_map();
    let params = query.with_untracked(|q| InstitutionQueryParams {
        city: q.get("city"),
        q: q.get("q"),
        nature: q.get("nature"),
        occupation: q.get("occupation"),
        page: q.get("page"),
        per_page: q.get("per_page"),
    });
    let shown = params.clone();
    view! {
        <Title text=t.institutions/>
        <Meta name="description" content=t.institutions_intro/>
        <AppHeader/>
        <main class="page">
            <h1>{t.institutions}</h1>
            <p class="intro">{t.institutions_intro}</p>
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    match list_institutions(params).await {
                        Ok(list) => view! { <InstitutionResults list params=shown/> }.into_any(),
                        Err(error) => institution_error(error),
                    }
                })}
            </Suspense>
        </main>
    }
}

fn institution_error(error: AppError) -> AnyView {
    choose_city_first(&error).unwrap_or_else(|| view! { <ErrorNotice error/> }.into_any())
}

#[component]
fn InstitutionResults(list: InstitutionList, params: InstitutionQueryParams) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let city = list.city.code();
    let page_href = |page: u32| {
        let page = page.to_string();
        with_query(
            "/institutions",
            &[
                ("city", Some(city)),
                ("q", params.q.as_deref()),
                ("nature", params.nature.as_deref()),
                ("occupation", params.occupation.as_deref()),
                ("page", Some(page.as_str())),
            ],
        )
    };
    let institutions = list.institutions;
    let (page, pages) = (institutions.page, institutions.pages());
    let previous = (page > 1).then(|| page_href(page.min(pages + 1) - 1));
    let next = institutions.has_next().then(|| page_href(page + 1));
    let chosen_nature = params.nature.clone().unwrap_or_default();
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
        <form method="get" action="/institutions" class="search-form" role="search">
            <input type="hidden" name="city" value=city/>
            <div class="search-row">
                <input
                    type="search"
                    name="q"
                    value=params.q.clone().unwrap_or_default()
                    placeholder=t.institution_search_placeholder
                    aria-label=t.institution_search_placeholder
                    maxlength="40"
                    enterkeyhint="search"
                />
                <button type="submit" class="button">{t.search}</button>
            </div>
            <div class="filter-row">
                <select name="nature" aria-label=t.nature>
                    <option value="">{t.nature} ": " {t.all_natures}</option>
                    {InstitutionNature::ALL
                        .iter()
                        .map(|nature| {
                            view! {
                                <option value=nature.code() selected=chosen_nature == nature.code()>
                                    {nature.label(lang)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <input
                    type="search"
                    name="occupation"
                    value=params.occupation.clone().unwrap_or_default()
                    placeholder=t.occupation_filter_placeholder
                    aria-label=t.occupation_filter
                    maxlength="40"
                />
                <button type="submit" class="button secondary">{t.apply}</button>
            </div>
        </form>
        <p class="result-count" aria-live="polite">{(t.results)(institutions.total)}</p>
        {if institutions.items.is_empty() {
            view! { <p class="empty">{t.no_institutions}</p> }.into_any()
        } else {
            view! {
                <ul class="card-list">
                    {institutions
                        .items
                        .into_iter()
                        .map(|institution| view! { <InstitutionCard institution/> })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <Pager page pages previous next/>
    }
}
