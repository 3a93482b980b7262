use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::{
    api::catalogue::load_course,
    components::{AppHeader, CatalogueBanner, ErrorNotice, InstitutionCard, Loading},
    domain::CourseDetail,
    i18n::use_lang,
    url::with_query,
};

use super::jobs::JobPromiseCard;

/// The jobs of the approved orders of the course; none when they cannot
/// be read (the course itself still shows).
async fn jobs_for(course_id: i64) -> Vec<crate::domain::JobPromise> {
    let Ok(visit) = crate::server::visit::PageRequest::current().await else {
        return Vec::new();
    };
    crate::server::orders::jobs_for_course(&visit.state.db, course_id)
        .await
        .unwrap_or_else(|error| {
            tracing::warn!(?error, course_id, "the course's orders could not be read");
            Vec::new()
        })
}

/// One course row: subsidy per level, uplifts, and who may teach it.
#[component]
pub fn CourseDetailPage() -> impl IntoView {
    let id = super::frame::path_value("id");
    view! {
        <AppHeader/>
        <main class="page">
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    match load_course(id).await {
                        Ok(course) => {
                            let jobs = jobs_for(course.id).await;
                            view! {
                                <CourseView course/>
                                {jobs.into_iter().map(|jobs| view! { <JobPromiseCard jobs/> }).collect_view()}
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn CourseView(course: CourseDetail) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let back = with_query("/courses", &[("city", Some(course.catalogue.city.code()))]);
    let code = course
        .occupation_code
        .clone()
        .unwrap_or_else(|| t.no_occupation_code.to_owned());
    view! {
        <Title text=course.occupation_name.clone()/>
        <Meta
            name="description"
            content=format!("{} · {}", course.occupation_name, t.courses_intro)
        />
        <a class="back-link" href=back>"‹ " {t.back}</a>
        <h1 class="detail-title">
            {course.occupation_name.clone()}
            {course.urgent.then(|| view! { <span class="badge urgent">{t.urgent}</span> })}
        </h1>
        <CatalogueBanner info=course.catalogue.clone()/>
        <dl class="facts">
            <dt>{t.occupation_code}</dt>
            <dd>{code}</dd>
            {course
                .training_type
                .map(|tt| view! { <dt>{t.training_type}</dt> <dd>{tt.label(lang)}</dd> })}
            <dt>{t.certificate_kind}</dt>
            <dd>{course.certificate_kind.label(lang)}</dd>
        </dl>
        <section aria-labelledby="subsidy-title">
            <h2 id="subsidy-title">{t.subsidy_standard}</h2>
            <table class="subsidy-table">
                <thead>
                    <tr>
                        <th scope="col">{t.level}</th>
                        <th scope="col">{t.amount}</th>
                    </tr>
                </thead>
                <tbody>
                    {course
                        .subsidy
                        .amounts()
                        .iter()
                        .map(|row| {
                            view! {
                                <tr>
                                    <td>{row.level.label(lang)}</td>
                                    <td class="amount">{(t.yuan)(&row.amount.yuan_text())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {(!course.subsidy.uplifts().is_empty())
                .then(|| {
                    view! {
                        <h3>{t.uplifts}</h3>
                        <ul class="uplifts">
                            {course
                                .subsidy
                                .uplifts()
                                .iter()
                                .map(|u| view! { <li>{(t.uplift)(u.category.label(lang), u.percent.get())}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
        </section>
        {(!course.remarks.is_empty())
            .then(|| {
                view! {
                    <section>
                        <h2>{t.remarks}</h2>
                        <p>{course.remarks.clone()}</p>
                    </section>
                }
            })}
        <section aria-labelledby="institutions-title">
            <h2 id="institutions-title">{t.institutions_for_course}</h2>
            {if course.institutions.is_empty() {
                view! { <p class="empty">{t.no_institutions_for_course}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {course
                            .institutions
                            .into_iter()
                            .map(|institution| view! { <InstitutionCard institution/> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
