//! Oversight pages: progress against the yearly migrant-worker training
//! targets (an area's, or the province's with its map and every area's
//! line) and the targets themselves. Each chart is drawn on the server
//! with its table beside it; every table is exported as XLSX or CSV.

use chrono::{Datelike, NaiveDate};
use leptos::{prelude::*, server_fn::ServerFn};

use super::frame::{personal_page, query_value, PageTitle};
use crate::{
    api::oversight::SetTarget,
    components::{shade_of, AreaMap, Bar, BarChart, ErrorNotice, MapArea, YearChart, YearLine},
    domain::{
        china_date, last_day_of_month, parse_edition_year, share_of_year, City, ProgressTable, Role,
    },
    error::AppError,
    i18n::{use_lang, Lang},
    server::{
        oversight::{
            self,
            exports::{breakdown, table_cells, table_heading},
        },
        visit::PageRequest,
    },
    views::{AreaProgress, ProgressView, TargetView},
};

const PROGRESS_TITLE: PageTitle = |lang| lang.oversight_texts().progress_title;
const TARGETS_TITLE: PageTitle = |lang| lang.oversight_texts().targets_title;

/// How the map shades the areas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shade {
    Progress,
    PersonTimes,
}

/// The year asked for in the page's query, this year (China time) unless
/// given.
fn asked_year(visit: &PageRequest, asked: Option<&str>) -> Result<i32, AppError> {
    match asked.map(str::trim).filter(|year| !year.is_empty()) {
        Some(year) => Ok(parse_edition_year(year)?),
        None => Ok(china_date(visit.now).year()),
    }
}

/// `/oversight?year=&city=&shade=`: a bureau's city's progress, the
/// province's (with its map), or one area's for the province.
#[component]
pub fn ProgressRoute() -> impl IntoView {
    let year = query_value("year");
    let city = query_value("city");
    let shade = match query_value("shade").as_deref() {
        Some("person_times") => Shade::PersonTimes,
        _ => Shade::Progress,
    };
    personal_page(
        PROGRESS_TITLE,
        move |visit| async move {
            let actor = visit.signed_in()?;
            let year = asked_year(&visit, year.as_deref())?;
            let city = City::parse_optional(city.as_deref())?;
            let view = oversight::progress(&visit.state, actor, year, city, visit.now).await?;
            Ok((view, actor.role == Role::Province))
        },
        move |found| view! { <ProgressPage found shade/> }.into_any(),
    )
}

#[component]
fn ProgressPage(found: Result<(ProgressView, bool), AppError>, shade: Shade) -> impl IntoView {
    let lang = use_lang();
    let t = lang.oversight_texts();
    let (view, province) = match found {
        Ok(found) => found,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let area_name = area_label(view.total.city, lang);
    let query = page_query(view.year, view.total.city);
    let whole_province = view.total.city.is_none();
    view! {
        <main class="page wide" data-progress=view.total.city.map_or("province", City::code)>
            <h1>{format!("{} · {} · {}", t.progress_title, area_name, view.year)}</h1>
            <ProgressFilter year=view.year city=view.total.city province/>
            <p class="definition">{t.definition}</p>
            <p class="card-meta">{(t.as_of)(&view.today.to_string())}</p>
            <StandingFigures line=view.total.clone()/>
            {(province && !whole_province).then(|| view! {
                <p><a href=format!("/oversight?year={}", view.year)>{t.back_to_province}</a></p>
            })}
            <section>
                <h2>{t.months_heading}</h2>
                <YearChart title=t.cumulative_chart.to_owned() line=year_line(&view, lang)/>
                <ProgressTableView view=view.clone() table=ProgressTable::Months query=query.clone()/>
            </section>
            {whole_province.then(|| view! { <ProvinceMap view=view.clone() shade/> })}
            {whole_province.then(|| view! {
                <section>
                    <h2>{t.areas_heading}</h2>
                    <BarChart title=t.areas_heading.to_owned() bars=area_bars(&view.areas, lang)/>
                    <ProgressTableView view=view.clone() table=ProgressTable::Areas query=query.clone()/>
                </section>
            })}
            <Breakdown view=view.clone() table=ProgressTable::TrainingTypes query=query.clone()/>
            <Breakdown view=view.clone() table=ProgressTable::Categories query=query.clone()/>
            <Breakdown view=view.clone() table=ProgressTable::Occupations query=query.clone()/>
            <ScorecardLinks city=view.total.city/>
            <p><a href=format!("/oversight/targets?year={}", view.year)>{t.targets_title}</a></p>
        </main>
    }
    .into_any()
}

/// The scorecards of the area shown.
#[component]
fn ScorecardLinks(city: Option<City>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.scorecard_texts();
    let query = city.map_or(String::new(), |city| format!("?city={}", city.code()));
    view! {
        <p class="big-actions">
            <a class="button secondary" href=format!("/oversight/institutions{query}")>{t.institutions_title}</a>
            <a class="button secondary" href=format!("/oversight/courses{query}")>{t.courses_title}</a>
        </p>
    }
}

/// "福州市", or "全省" for the whole province.
fn area_label(city: Option<City>, lang: Lang) -> &'static str {
    city.map_or(lang.oversight_texts().province, |city| city.label(lang))
}

/// The page's own query (year and area), for its exports and links.
fn page_query(year: i32, city: Option<City>) -> String {
    match city {
        Some(city) => format!("year={year}&city={}", city.code()),
        None => format!("year={year}"),
    }
}

/// The year, and for the province the area, to show.
#[component]
fn ProgressFilter(year: i32, city: Option<City>, province: bool) -> impl IntoView {
    let lang = use_lang();
    let t = lang.oversight_texts();
    view! {
        <form class="filters" method="get" action="/oversight">
            <label>
                {t.year}
                <input type="number" name="year" min="2020" max="2100" value=year inputmode="numeric"/>
            </label>
            {province.then(|| view! {
                <label>
                    {t.area}
                    <select name="city">
                        <option value="" selected=city.is_none()>{t.province}</option>
                        {City::ALL.iter().map(|area| view! {
                            <option value=area.code() selected=city == Some(*area)>{area.label(lang)}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
            <button type="submit" class="button secondary">{t.show}</button>
        </form>
    }
}

/// The headline figures of the area shown.
#[component]
fn StandingFigures(line: AreaProgress) -> impl IntoView {
    let lang = use_lang();
    let t = lang.oversight_texts();
    let standing = line.standing;
    let figure =
        |value: Option<i64>| value.map_or_else(|| t.no_target.to_owned(), |v| v.to_string());
    let status = standing.on_schedule().map(|on| {
        let (class, text) = if on {
            ("badge ok", t.on_schedule)
        } else {
            ("badge warn", t.behind_schedule)
        };
        view! { <span class=class data-on-schedule=on.to_string()>{text}</span> }
    });
    view! {
        <dl class="figures" data-standing="">
            <div><dt>{t.person_times}</dt><dd data-figure="person_times">{standing.person_times}</dd></div>
            <div><dt>{t.target}</dt><dd data-figure="target">{figure(standing.target)}</dd></div>
            <div>
                <dt>{t.percent_of_target}</dt>
                <dd data-figure="percent">{standing.percent_of_target.map_or_else(|| t.no_target.to_owned(), |p| format!("{p:.1}%"))}</dd>
            </div>
            <div><dt>{t.pace}</dt><dd data-figure="pace">{figure(standing.pace)}</dd></div>
            <div><dt>{t.forecast}</dt><dd data-figure="forecast">{figure(standing.forecast)}</dd></div>
        </dl>
        {status}
    }
}

/// The year's line: person-times so far at each month's end up to today,
/// the schedule and, this year, the forecast.
fn year_line(view: &ProgressView, lang: Lang) -> YearLine {
    let t = lang.oversight_texts();
    let year = view.year;
    let today = share_of_year(year, view.today);
    let done = view
        .by_month
        .iter()
        .filter_map(|month| {
            let before = NaiveDate::from_ymd_opt(year, month.month, 1)?.pred_opt()?;
            let end = share_of_year(year, last_day_of_month(year, month.month));
            (share_of_year(year, before) < today).then_some((end.min(today), month.cumulative))
        })
        .collect();
    let this_year = view.today.year() == year;
    YearLine {
        done,
        target: view.total.standing.target,
        forecast: view
            .total
            .standing
            .forecast
            .filter(|_| this_year)
            .map(|forecast| (today, forecast)),
        months: (1..=12).map(|month| (t.month_name)(month)).collect(),
        legend: [
            t.legend_done.to_owned(),
            t.legend_pace.to_owned(),
            t.legend_forecast.to_owned(),
        ],
    }
}

/// Each area's bar: its share of its target, marked where the schedule
/// puts it.
fn area_bars(areas: &[AreaProgress], lang: Lang) -> Vec<Bar> {
    let t = lang.oversight_texts();
    areas
        .iter()
        .map(|line| {
            let standing = &line.standing;
            let share = |value: Option<i64>| match standing.target {
                Some(target) if target > 0 => value.map(|v| v as f64 / target as f64),
                _ => None,
            };
            Bar {
                label: area_label(line.city, lang).to_owned(),
                share: share(Some(standing.person_times)).unwrap_or(0.0),
                caption: standing
                    .percent_of_target
                    .map_or_else(|| t.no_target.to_owned(), |p| format!("{p:.1}%")),
                mark: share(standing.pace),
            }
        })
        .collect()
}

/// The map of the province, shaded by progress or by person-times, with
/// the switch between the two.
#[component]
fn ProvinceMap(view: ProgressView, shade: Shade) -> impl IntoView {
    let lang = use_lang();
    let t = lang.oversight_texts();
    let most = view
        .areas
        .iter()
        .map(|line| line.standing.person_times)
        .max()
        .unwrap_or(0);
    let areas = view
        .areas
        .iter()
        .filter_map(|line| {
            let city = line.city?;
            let standing = &line.standing;
            let name = city.label(lang).to_owned();
            Some(MapArea {
                city,
                shade: match shade {
                    Shade::Progress => standing.percent_of_target.map(|p| shade_of(p, 100.0)),
                    Shade::PersonTimes => Some(shade_of(standing.person_times as f64, most as f64)),
                },
                figures: area_figures(line, lang),
                href: format!("/oversight?{}", page_query(view.year, Some(city))),
                open_label: (t.open_area)(&name),
                name,
            })
        })
        .collect();
    let legend = match shade {
        Shade::Progress => ["0%".to_owned(), "100%".to_owned()],
        Shade::PersonTimes => ["0".to_owned(), most.to_string()],
    };
    let switch = |to: Shade, code: &str, text: &'static str| {
        let href = format!("/oversight?year={}&shade={code}", view.year);
        if to == shade {
            view! { <strong aria-current="true">{text}</strong> }.into_any()
        } else {
            view! { <a href=href>{text}</a> }.into_any()
        }
    };
    view! {
        <section data-map="">
            <h2>{t.map_heading}</h2>
            <p class="card-meta">{t.map_hint}</p>
            <p class="map-switch">
                {switch(Shade::Progress, "progress", t.shade_by_progress)}
                " · "
                {switch(Shade::PersonTimes, "person_times", t.shade_by_person_times)}
            </p>
            <AreaMap title=t.map_heading.to_owned() areas legend/>
        </section>
    }
}

/// "3000 / 12500 · 24.0%", or the person-times alone without a target.
fn area_figures(line: &AreaProgress, lang: Lang) -> String {
    let t = lang.oversight_texts();
    let standing = &line.standing;
    match (standing.target, standing.percent_of_target) {
        (Some(target), Some(percent)) => {
            format!("{} / {target} · {percent:.1}%", standing.person_times)
        }
        _ => format!("{} ({}: {})", standing.person_times, t.target, t.no_target),
    }
}

/// A breakdown: its chart (the ten largest lines) and its table.
#[component]
fn Breakdown(view: ProgressView, table: ProgressTable, query: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.oversight_texts();
    let lines = breakdown(&view, table, lang);
    let largest = lines.iter().map(|line| line.1).max().unwrap_or(0).max(1);
    let bars = lines
        .into_iter()
        .take(10)
        .map(|(label, count)| Bar {
            label,
            share: count as f64 / largest as f64,
            caption: count.to_string(),
            mark: None,
        })
        .collect();
    let note = (table == ProgressTable::Categories).then_some(t.category_note);
    let empty = view.total.standing.person_times == 0;
    view! {
        <section data-breakdown=table.code()>
            <h2>{table_heading(table, lang)}</h2>
            {note.map(|note| view! { <p class="card-meta">{note}</p> })}
            {if empty {
                view! { <p class="notice">{t.nothing_counted}</p> }.into_any()
            } else {
                view! { <BarChart title=table_heading(table, lang).to_owned() bars/> }.into_any()
            }}
            <ProgressTableView view table query/>
        </section>
    }
}

/// One table of the page as its file shows it, with its export links.
#[component]
fn ProgressTableView(view: ProgressView, table: ProgressTable, query: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.oversight_texts();
    let (header, rows) = table_cells(&view, table, lang);
    let export = |format: &str| {
        format!(
            "/api/v1/progress/export?{query}&table={}&format={format}",
            table.code()
        )
    };
    view! {
        <div class="table-scroll">
            <table class="data-table" data-table=table.code()>
                <thead><tr>{header.into_iter().map(|name| view! { <th scope="col">{name}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="exports">
            <a class="button secondary" href=export("xlsx")>{t.export_xlsx}</a>
            " "
            <a class="button secondary" href=export("csv")>{t.export_csv}</a>
        </p>
    }
}

/// `/oversight/targets?year=`: the targets of a year; the province
/// changes them here with a reason.
#[component]
pub fn TargetsRoute() -> impl IntoView {
    let year = query_value("year");
    personal_page(
        TARGETS_TITLE,
        move |visit| async move {
            let actor = visit.signed_in()?;
            let year = asked_year(&visit, year.as_deref())?;
            let list = oversight::targets(&visit.state, actor, i64::from(year), visit.now).await?;
            Ok((year, list, actor.role == Role::Province))
        },
        |found| view! { <TargetsPage found/> }.into_any(),
    )
}

#[component]
fn TargetsPage(found: Result<(i32, Vec<TargetView>, bool), AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.oversight_texts();
    let (year, list, may_set) = match found {
        Ok(found) => found,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let areas: Vec<City> = if may_set {
        City::ALL.to_vec()
    } else {
        list.iter().map(|target| target.city).collect()
    };
    let target_of = |city: City| list.iter().find(|target| target.city == city).cloned();
    view! {
        <main class="page wide" data-targets=year>
            <h1>{format!("{} · {year}", t.targets_title)}</h1>
            <form class="filters" method="get" action="/oversight/targets">
                <label>
                    {t.year}
                    <input type="number" name="year" min="2020" max="2100" value=year inputmode="numeric"/>
                </label>
                <button type="submit" class="button secondary">{t.show}</button>
            </form>
            <p class="definition">{t.definition}</p>
            <p class="notice">{if may_set { t.set_by_province } else { t.targets_read_only }}</p>
            <ul class="card-list">
                {areas.into_iter().map(|city| {
                    let target = target_of(city);
                    view! { <TargetCard city year target may_set/> }
                }).collect_view()}
            </ul>
            <p><a href=format!("/oversight?year={year}")>{t.progress_title}</a></p>
        </main>
    }
    .into_any()
}

/// One area's target, and the province's form to change it.
#[component]
fn TargetCard(city: City, year: i32, target: Option<TargetView>, may_set: bool) -> impl IntoView {
    let lang = use_lang();
    let t = lang.oversight_texts();
    let figure = target.as_ref().map_or_else(
        || t.no_target.to_owned(),
        |target| target.person_times.to_string(),
    );
    let reason = target
        .as_ref()
        .map(|target| target.reason.clone())
        .unwrap_or_default();
    let form = may_set.then(|| {
        view! {
            <form class="inline-form" method="post" action=SetTarget::url()>
                <input type="hidden" name="year" value=year/>
                <input type="hidden" name="city" value=city.code()/>
                <label>
                    {t.target}
                    <input type="number" name="person_times" min="0" max="1000000" required inputmode="numeric"
                        value=target.as_ref().map(|target| target.person_times)/>
                </label>
                <label>{t.reason}<input type="text" name="reason" maxlength="200" required/></label>
                <button type="submit" class="button secondary">{t.save_target}</button>
            </form>
        }
    });
    view! {
        <li class="card" data-target=city.code()>
            <span class="card-title">{city.label(lang)}</span>
            <span data-person-times="">{figure}</span>
            <span class="card-meta">{reason}</span>
            {form}
        </li>
    }
}
