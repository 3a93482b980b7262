//! The scorecards of institutions and courses: the candidates for removal
//! with the figures that put them there, then the ranking with every
//! figure; a bureau its city's, the province any city's, an institution
//! its own.

use leptos::prelude::*;

use super::frame::{personal_page, query_value, PageTitle};
use crate::{
    components::ErrorNotice,
    domain::{City, ScoredBy},
    error::AppError,
    i18n::{use_lang, Lang},
    server::scorecards,
    views::{RemovalFinding, Scorecard, ScorecardList},
};

/// `/oversight/institutions?city=`.
#[component]
pub fn InstitutionScorecardsRoute() -> impl IntoView {
    scorecards_route(ScoredBy::Institution)
}

/// `/oversight/courses?city=`.
#[component]
pub fn CourseScorecardsRoute() -> impl IntoView {
    scorecards_route(ScoredBy::Course)
}

fn scorecards_route(by: ScoredBy) -> impl IntoView {
    let city = query_value("city");
    let title: PageTitle = match by {
        ScoredBy::Institution => |lang| lang.scorecard_texts().institutions_title,
        ScoredBy::Course => |lang| lang.scorecard_texts().courses_title,
    };
    personal_page(
        title,
        move |visit| async move {
            let actor = visit.signed_in()?;
            let city = City::parse_optional(city.as_deref())?;
            scorecards::scorecards(&visit.state, actor, by, city, visit.now).await
        },
        move |found| view! { <ScorecardsPage found by/> }.into_any(),
    )
}

#[component]
fn ScorecardsPage(found: Result<ScorecardList, AppError>, by: ScoredBy) -> impl IntoView {
    let lang = use_lang();
    let t = lang.scorecard_texts();
    let list = match found {
        Ok(list) => list,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let title = match by {
        ScoredBy::Institution => t.institutions_title,
        ScoredBy::Course => t.courses_title,
    };
    let area = list
        .city
        .map_or(lang.oversight_texts().province, |city| city.label(lang));
    let candidates: Vec<Scorecard> = list
        .scorecards
        .iter()
        .filter(|card| !card.removal.is_empty())
        .cloned()
        .collect();
    let rules = &list.rules;
    view! {
        <main class="page wide" data-scorecards=match by { ScoredBy::Institution => "institutions", ScoredBy::Course => "courses" }>
            <h1>{format!("{title} · {area}")}</h1>
            <p class="definition">{t.intro}</p>
            <section data-candidates="">
                <h2>{t.candidates_heading}</h2>
                <p class="card-meta">{(t.rules)(rules.min_completion_percent, rules.min_employment_percent, rules.on_recovered_subsidy)}</p>
                {if candidates.is_empty() {
                    view! { <p class="notice">{t.no_candidates}</p> }.into_any()
                } else {
                    view! {
                        <ul class="card-list">
                            {candidates.into_iter().map(|card| view! {
                                <li class="card" data-candidate=card.id>
                                    <span class="card-title">{card.name.clone()}</span>
                                    {card.removal.iter().map(|finding| view! {
                                        <span class="badge warn">{finding_text(finding, lang)}</span>
                                    }).collect_view()}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section>
                <h2>{t.ranking_heading}</h2>
                {if list.scorecards.is_empty() {
                    view! { <p class="notice">{t.nothing_yet}</p> }.into_any()
                } else {
                    view! { <ScorecardTable cards=list.scorecards.clone() by/> }.into_any()
                }}
            </section>
        </main>
    }
    .into_any()
}

/// "完成率 45.0%，低于 60%".
pub fn finding_text(finding: &RemovalFinding, lang: Lang) -> String {
    let t = lang.scorecard_texts();
    match finding {
        RemovalFinding::LowCompletion { percent, below } => (t.low_completion)(*percent, *below),
        RemovalFinding::LowEmployment { percent, below } => (t.low_employment)(*percent, *below),
        RemovalFinding::SubsidyRecovered { claims } => (t.subsidy_recovered)(*claims),
    }
}

/// A percentage or "样本不足".
pub fn shown_percent(value: Option<f64>, lang: Lang) -> String {
    value.map_or_else(
        || lang.scorecard_texts().too_few.to_owned(),
        |value| format!("{value:.1}%"),
    )
}

/// An average score or "样本不足".
pub fn shown_score(value: Option<f64>, lang: Lang) -> String {
    value.map_or_else(
        || lang.scorecard_texts().too_few.to_owned(),
        |value| format!("{value:.1}"),
    )
}

#[component]
fn ScorecardTable(cards: Vec<Scorecard>, by: ScoredBy) -> impl IntoView {
    let lang = use_lang();
    let t = lang.scorecard_texts();
    let name = match by {
        ScoredBy::Institution => t.name_institution,
        ScoredBy::Course => t.name_course,
    };
    let header = [
        t.rank,
        name,
        t.classes,
        t.enrolled,
        t.completed,
        t.completion_rate,
        t.certification_rate,
        t.hired,
        t.employment_rate,
        t.teaching,
        t.facilities,
        t.usefulness,
        t.warnings_per_100,
        t.recovered,
    ];
    view! {
        <div class="table-scroll">
            <table class="data-table">
                <thead><tr>{header.into_iter().map(|name| view! { <th scope="col">{name}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {cards.into_iter().enumerate().map(|(index, card)| view! {
                        <tr data-scorecard=card.id>
                            <td>{index + 1}</td>
                            <th scope="row">{card.name.clone()}</th>
                            <td>{card.classes}</td>
                            <td>{card.enrolled}</td>
                            <td>{card.completed}</td>
                            <td data-rate="completion">{shown_percent(card.completion_rate, lang)}</td>
                            <td data-rate="certification">{shown_percent(card.certification_rate, lang)}</td>
                            <td>{card.hired}</td>
                            <td data-rate="employment">{shown_percent(card.employment_rate, lang)}</td>
                            <td>{shown_score(card.teaching, lang)}</td>
                            <td>{shown_score(card.facilities, lang)}</td>
                            <td>{shown_score(card.usefulness, lang)}</td>
                            <td>{card.warnings_per_100_check_ins.map_or_else(|| t.too_few.to_owned(), |v| format!("{v:.1}"))}</td>
                            <td>{card.recovered_subsidies}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
