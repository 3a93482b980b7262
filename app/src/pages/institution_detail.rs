use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::{
    api::catalogue::load_institution,
    components::{rating_text, AppHeader, CatalogueBanner, ErrorNotice, Loading},
    domain::{tel_uri, InstitutionDetail},
    i18n::use_lang,
    url::with_query,
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
                        Ok(institution) => view! { <InstitutionView institution/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn InstitutionView(institution: InstitutionDetail) -> impl IntoView {
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
