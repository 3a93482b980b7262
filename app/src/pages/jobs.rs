//! The job a training ends in, as a worker reads it on a course, a class
//! and an order: "培训后由 X 录用：N 个岗位，月薪 A–B 元" and the positions.

use leptos::prelude::*;

use crate::{domain::JobPromise, i18n::use_lang};

/// "培训后由 X 录用：N 个岗位，月薪 A–B 元" with the positions: on a class,
/// a course and an order.
#[component]
pub(super) fn JobPromiseCard(jobs: JobPromise) -> impl IntoView {
    let t = use_lang().order_texts();
    let line = (t.job_line)(
        &jobs.employer_name,
        jobs.openings,
        jobs.wage_min_yuan,
        jobs.wage_max_yuan,
    );
    view! {
        <section class="card job-promise" data-job-promise=jobs.order_id>
            <p class="job-line"><a href=format!("/orders/{}", jobs.order_id)>{line}</a></p>
            <ul class="positions">
                {jobs.positions.into_iter().map(|p| view! {
                    <li>
                        <strong>{p.title}</strong> " × " {p.openings}
                        <br/>
                        {t.monthly_wage} " " {(t.wage_range)(p.wage_min_yuan, p.wage_max_yuan)}
                        " · " {t.contract_months} " " {(t.months)(p.contract_months)}
                        <br/>
                        {t.workplace} " " {p.workplace} " · " {t.starts_on} " " {p.starts_on.to_string()}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
