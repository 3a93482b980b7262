//! `/classes/{id}/employment`: the trainees of an employer's own training
//! with the employment start the employer declared (直补企业), and the
//! form that declares it. The employer, the city's bureau and the
//! province read it; only the employer declares. Names and masked ID
//! numbers only.

use leptos::{prelude::*, server_fn::ServerFn};

use super::frame::{path_value, personal_page};
use crate::{
    api::orders::DeclareEmployment,
    components::ErrorNotice,
    domain::{Role, TraineeEmployment},
    error::AppError,
    i18n::use_lang,
    server::{employment, visit::parse_id},
};

/// What the page shows: the class, its trainees, and whether the reader
/// is the employer (who declares).
struct EmploymentSheet {
    class_id: i64,
    trainees: Vec<TraineeEmployment>,
    may_declare: bool,
}

#[component]
pub fn EmploymentRoute() -> impl IntoView {
    let id = path_value("id");
    personal_page(
        |lang| lang.order_texts().employment_title,
        move |visit| async move {
            let actor = visit.signed_in()?;
            let class_id = parse_id(&id)?;
            let trainees = employment::of_class(&visit.state, actor, class_id, visit.now).await?;
            Ok(EmploymentSheet {
                class_id,
                trainees,
                may_declare: actor.role == Role::Employer,
            })
        },
        |sheet| view! { <EmploymentPage sheet/> }.into_any(),
    )
}

#[component]
fn EmploymentPage(sheet: Result<EmploymentSheet, AppError>) -> impl IntoView {
    let t = use_lang().order_texts();
    let sheet = match sheet {
        Ok(sheet) => sheet,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let may_declare = sheet.may_declare;
    view! {
        <main class="page">
            <a class="back-link" href=format!("/classes/{}", sheet.class_id)>"‹ " {t.employment_link}</a>
            <h1>{t.employment_title}</h1>
            <p class="intro">{t.employment_intro}</p>
            {if sheet.trainees.is_empty() {
                view! { <p class="notice">{t.no_trainees_yet}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list" data-employment="">
                        {sheet.trainees.into_iter().map(|trainee| view! { <EmploymentCard trainee may_declare/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </main>
    }
    .into_any()
}

#[component]
fn EmploymentCard(trainee: TraineeEmployment, may_declare: bool) -> impl IntoView {
    let t = use_lang().order_texts();
    let enrolment_id = trainee.enrolment_id;
    let declared = trainee.employed_since.clone();
    view! {
        <li class="card" data-trainee=enrolment_id>
            <h3>{trainee.worker_name.clone()} " " <span class="card-meta">{trainee.id_number_masked.clone().unwrap_or_default()}</span></h3>
            <p>{t.employed_since} ": " {declared.clone().unwrap_or_else(|| t.not_declared.to_owned())}</p>
            {may_declare.then(|| view! {
                <form class="stack-form" method="post" action=DeclareEmployment::url()>
                    <input type="hidden" name="enrolment_id" value=enrolment_id/>
                    <label><span>{t.employed_since}</span><input name="employed_since" type="date" required value=declared.unwrap_or_default()/></label>
                    <button class="button" type="submit" data-declare-employment="">{t.declare}</button>
                </form>
            })}
        </li>
    }
}
