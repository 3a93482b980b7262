use leptos::prelude::*;

use crate::{
    domain::{tel_uri, CourseSummary, InstitutionSummary, RatingSummary},
    i18n::{use_lang, Lang},
};

/// A course in a list: the whole card opens its detail.
#[component]
pub fn CourseCard(course: CourseSummary) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let code = course
        .occupation_code
        .unwrap_or_else(|| t.no_occupation_code.to_owned());
    let kind = course
        .training_type
        .map(|tt| tt.label(lang))
        .unwrap_or_else(|| course.certificate_kind.label(lang));
    view! {
        <li class="card">
            <a class="card-link" href=format!("/courses/{}", course.id)>
                <span class="card-title">
                    <span class="card-name">{course.occupation_name}</span>
                    {course.urgent.then(|| view! { <span class="badge urgent">{t.urgent}</span> })}
                </span>
                <span class="card-meta">{code} " · " {kind}</span>
                <span class="card-subsidy">
                    {(t.subsidy_range)(&course.min_amount.yuan_text(), &course.max_amount.yuan_text())}
                </span>
                <span class="card-meta">{(t.institution_count)(course.institution_count)}</span>
            </a>
        </li>
    }
}

/// An institution in a list: the name opens its detail, the phone dials.
#[component]
pub fn InstitutionCard(institution: InstitutionSummary) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let call_label = (t.call)(&institution.contact_phone);
    view! {
        <li class="card">
            <a class="card-link" href=format!("/institutions/{}", institution.id)>
                <span class="card-title">
                    <span class="card-name">{institution.name}</span>
                    <span class="badge nature">{institution.nature.label(lang)}</span>
                </span>
                <span class="card-meta">{institution.address}</span>
                <span class="card-meta">{(t.occupation_count)(institution.occupation_count)}</span>
                <span class="card-meta rating">{rating_text(lang, institution.rating)}</span>
            </a>
            <a class="button call" href=tel_uri(&institution.contact_phone) aria-label=call_label>
                {(t.call)(&institution.contact_phone)}
            </a>
        </li>
    }
}

/// 学员评价 in one line: the average from five ratings on, otherwise only
/// how many there are.
pub fn rating_text(lang: Lang, rating: RatingSummary) -> String {
    let t = lang.texts();
    match (rating.count, rating.average_tenths) {
        (0, _) => t.no_ratings.to_owned(),
        (count, Some(tenths)) => (t.rated)(&format!("{}.{}", tenths / 10, tenths % 10), count),
        (count, None) => (t.ratings_without_average)(count),
    }
}
