use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::scorecards::{shown_percent, shown_score};
use crate::{
    api::catalogue::load_institution,
    components::{rating_text, AppHeader, CatalogueBanner, ErrorNotice, Loading},
    domain::{tel_uri, InstitutionDetail},
    error::AppError,
    i18n::use_lang,
    server::{scorecards::public_institution_card, visit::state_and_headers},
    url::with_query,
    views::Scorecard,
};

/// One institution row: contact, address and the occupations it may train.
#[component]
pub fn InstitutionDetailPage() -> impl IntoView {
    let id = super::frame::path_value("id");
    view! {
        <AppHeader/>
        <main class="page">
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    match load_institution(id).await {
                        Ok(institution) => {
                            let results = results_of(institution.id).await;
                            view! { <InstitutionView institution results/> }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// The institution's training results, once it has run a class. The
/// page is the institution's contact sheet first: when the results cannot
/// be read it is shown without them (the failure is logged).
async fn results_of(institution_id: i64) -> Option<Scorecard> {
    let read = async {
        let (state, _) = state_and_headers()?;
        let now = state.clock.now();
        public_institution_card(&state, institution_id, now).await
    };
    read.await.unwrap_or_else(|error: AppError| {
        tracing::warn!(%error, institution_id, "reading an institution's results");
        None
    })
}

/// What the public sees of an institution's scorecard: its completion and
/// certification rates and the average of each rating criterion.
#[component]
fn PublicResults(card: Scorecard) -> impl IntoView {
    let lang = use_lang();
    let t = lang.scorecard_texts();
    view! {
        <section class="results" data-results="">
            <h2>{t.public_heading}</h2>
            <dl class="figures">
                <div><dt>{t.completion_rate}</dt><dd>{shown_percent(card.completion_rate, lang)}</dd></div>
                <div><dt>{t.certification_rate}</dt><dd>{shown_percent(card.certification_rate, lang)}</dd></div>
                <div><dt>{t.teaching}</dt><dd>{shown_score(card.teaching, lang)}</dd></div>
                <div><dt>{t.facilities}</dt><dd>{shown_score(card.facilities, lang)}</dd></div>
                <div><dt>{t.usefulness}</dt><dd>{shown_score(card.usefulness, lang)}</dd></div>
            </dl>
            <p class="card-meta">{(t.ratings_count)(card.ratings)} " · " {t.public_note}</p>
        </section>
    }
}

#[component]
fn InstitutionView(institution: InstitutionDetail, results: Option<Scorecard>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let back = with_query(
        "/institutions",
        &[("city", Some(institution.catalogue.city.code()))],
    );
    let phone = institution.contact_phone.clone();
    view! {
        <Title text=institution.name.clone()/>
        <Meta
            name="description"
            content=format!("{} · {}", institution.name, t.institutions_intro)
        />
        <a class="back-link" href=back>"‹ " {t.back}</a>
        <h1 class="detail-title">
            {institution.name.clone()}
            <span class="badge nature">{institution.nature.label(lang)}</span>
        </h1>
        <CatalogueBanner info=institution.catalogue.clone()/>
        <p class="rating-line">{rating_text(lang, institution.rating)}</p>
        <a class="button big call" href=tel_uri(&phone)>{(t.call)(&phone)}</a>
        {results.map(|card| view! { <PublicResults card/> })}
        <dl class="facts">
            <dt>{t.address}</dt>
            <dd>{institution.address.clone()}</dd>
            <dt>{t.contact_person}</dt>
            <dd>{institution.contact_person.clone()}</dd>
            <dt>{t.contact_phone}</dt>
            <dd>
                <a href=tel_uri(&phone)>{phone.clone()}</a>
            </dd>
            {(!institution.remarks.is_empty())
                .then(|| view! { <dt>{t.remarks}</dt> <dd>{institution.remarks.clone()}</dd> })}
        </dl>
        <section aria-labelledby="occupations-title">
            <h2 id="occupations-title">{t.occupations_taught}</h2>
            <ul class="occupation-list">
                {institution
                    .occupations
                    .into_iter()
                    .map(|occupation| {
                        let label = match &occupation.code {
                            Some(code) => format!("{} ({code})", occupation.name),
                            None => occupation.name.clone(),
                        };
                        match occupation.course_id {
                            Some(id) => view! {
                                <li><a class="chip" href=format!("/courses/{id}")>{label}</a></li>
                            }
                                .into_any(),
                            None => view! { <li><span class="chip">{label}</span></li> }.into_any(),
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
