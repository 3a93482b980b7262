//! Employers: the registration form (company and first sign-in), the
//! bureau's list by verification status, and one employer's page with the
//! bureau's decision or the company's correction. Every form posts to a
//! server function and works without JavaScript.

use leptos::{prelude::*, server_fn::ServerFn};

use super::frame::{path_value, personal_page, query_value, PageTitle};
use crate::{
    api::employers::{CorrectEmployer, DecideEmployer, RegisterEmployer},
    components::ErrorNotice,
    domain::{City, EmployerStatus, EmployerView, Role},
    error::AppError,
    i18n::use_lang,
    server::{classes::local_time, employers, visit::parse_id},
};

/// `/employers/register`: a company registers itself and its clerk.
#[component]
pub fn EmployerRegisterRoute() -> impl IntoView {
    let title: PageTitle = |lang| lang.order_texts().register_title;
    personal_page(
        title,
        |_| async { Ok(()) },
        |_| view! { <EmployerRegisterPage/> }.into_any(),
    )
}

#[component]
pub fn EmployerRegisterPage() -> impl IntoView {
    let t = use_lang().order_texts();
    view! {
        <main class="page">
            <h1>{t.register_title}</h1>
            <p class="intro">{t.register_intro}</p>
            <form class="stack-form" method="post" action=RegisterEmployer::url() data-form="employer">
                <fieldset>
                    <legend>{t.company_section}</legend>
                    <CompanyFields company=None/>
                </fieldset>
                <fieldset>
                    <legend>{t.account_section}</legend>
                    <label><span>{t.your_name}</span><input name="display_name" required maxlength="30" autocomplete="name"/></label>
                    <label><span>{t.username}</span><input name="username" required maxlength="32" autocomplete="username"/><small>{t.username_hint}</small></label>
                    <label><span>{t.password}</span><input name="password" type="password" required minlength="8" autocomplete="new-password"/><small>{t.password_hint}</small></label>
                </fieldset>
                <button class="button big" type="submit">{t.register}</button>
            </form>
        </main>
    }
    .into_any()
}

/// The company's fields, empty or filled with `company`'s details.
#[component]
fn CompanyFields(company: Option<EmployerView>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.order_texts();
    let value = |pick: fn(&EmployerView) -> String| company.as_ref().map(pick).unwrap_or_default();
    let city = company.as_ref().map(|c| c.city);
    view! {
        <label><span>{t.company_name}</span><input name="name" required maxlength="80" value=value(|c| c.name.clone())/></label>
        <label><span>{t.credit_code}</span><input name="credit_code" required maxlength="24" autocapitalize="characters" value=value(|c| c.credit_code.clone())/><small>{t.credit_code_hint}</small></label>
        <label><span>{t.address}</span><input name="address" required maxlength="120" value=value(|c| c.address.clone())/></label>
        <label>
            <span>{t.city}</span>
            <select name="city" required>
                {City::ALL.iter().map(|c| view! { <option value=c.code() selected={city == Some(*c)}>{c.label(lang)}</option> }).collect_view()}
            </select>
        </label>
        <label><span>{t.contact_person}</span><input name="contact_person" required maxlength="30" value=value(|c| c.contact_person.clone())/></label>
        <label><span>{t.contact_mobile}</span><input name="contact_mobile" type="tel" inputmode="tel" required value=value(|c| c.contact_mobile.clone())/></label>
    }
    .into_any()
}

/// `/employers?status=`: the bureau's (its city) or the province's (all)
/// registered employers, pending ones first by default.
#[component]
pub fn EmployersRoute() -> impl IntoView {
    let status = query_value("status")
        .and_then(|code| EmployerStatus::parse(&code).ok())
        .unwrap_or(EmployerStatus::Pending);
    let title: PageTitle = |lang| lang.order_texts().employers_title;
    personal_page(
        title,
        move |visit| async move {
            let actor = visit.signed_in()?;
            employers::list(&visit.state, actor, None, Some(status), visit.now).await
        },
        move |found| view! { <EmployersPage status found/> }.into_any(),
    )
}

#[component]
pub fn EmployersPage(
    status: EmployerStatus,
    found: Result<Vec<EmployerView>, AppError>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.order_texts();
    view! {
        <main class="page wide">
            <h1>{t.employers_title}</h1>
            <nav class="tabs" aria-label=t.filter_by_status>
                {EmployerStatus::ALL.iter().map(|tab| view! {
                    <a href=format!("/employers?status={}", tab.code()) aria-current=(status == *tab).then_some("page")>{tab.label(lang)}</a>
                }).collect_view()}
            </nav>
            {match found {
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="notice">{t.no_employers}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="card-list">
                        {list.into_iter().map(|employer| view! {
                            <li class="card" data-employer=employer.id>
                                <h2><a href=format!("/employers/{}", employer.id)>{employer.name.clone()}</a></h2>
                                <p>{employer.credit_code.clone()} " · " {employer.city.label(lang)}</p>
                                <p>{employer.contact_person.clone()} " " {employer.contact_mobile.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </main>
    }
    .into_any()
}

/// What the employer page needs besides the employer.
pub struct EmployerPageData {
    employer: EmployerView,
    /// The city's bureau: decides.
    supervisor: bool,
    /// The employer's own staff: corrects.
    own: bool,
}

/// `/employers/:id`.
#[component]
pub fn EmployerRoute() -> impl IntoView {
    let id = path_value("id");
    let title: PageTitle = |lang| lang.order_texts().employer_title;
    personal_page(
        title,
        move |visit| async move {
            let id = parse_id(&id)?;
            let actor = visit.signed_in()?;
            let employer = employers::employer(&visit.state, actor, id, visit.now).await?;
            Ok(EmployerPageData {
                supervisor: actor.may_supervise_city(employer.city),
                own: actor.role == Role::Employer && actor.employer_id == Some(id),
                employer,
            })
        },
        |found| view! { <EmployerPage found/> }.into_any(),
    )
}

#[component]
pub fn EmployerPage(found: Result<EmployerPageData, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.order_texts();
    let data = match found {
        Ok(data) => data,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let employer = data.employer;
    let status = employer.status;
    let registered = chrono::DateTime::parse_from_rfc3339(&employer.registered_at)
        .map(|at| local_time(at.with_timezone(&chrono::Utc)))
        .unwrap_or_default();
    view! {
        <main class="page" data-employer-status=status.code()>
            <h1>{employer.name.clone()}</h1>
            <p class="intro"><span class="badge">{status.label(lang)}</span></p>
            <dl class="facts">
                <dt>{t.credit_code}</dt><dd>{employer.credit_code.clone()}</dd>
                <dt>{t.address}</dt><dd>{employer.address.clone()}</dd>
                <dt>{t.city}</dt><dd>{employer.city.label(lang)}</dd>
                <dt>{t.contact_person}</dt><dd>{employer.contact_person.clone()} " " {employer.contact_mobile.clone()}</dd>
                <dt>{t.registered_at}</dt><dd>{registered}</dd>
            </dl>
            {(status == EmployerStatus::Rejected).then(|| view! {
                <p class="notice warn" role="note">{t.rejected_because} {employer.decision_reason.clone()}</p>
            })}
            {(data.own && status == EmployerStatus::Pending).then(|| view! {
                <p class="notice" role="status">{t.pending_notice}</p>
            })}
            {(data.own && status == EmployerStatus::Verified).then(|| view! {
                <p><a class="button big" href="/orders/new">{t.post_order}</a> " " <a class="button secondary" href="/orders">{t.orders_title}</a></p>
            })}
            {(data.supervisor && status == EmployerStatus::Pending).then(|| view! { <EmployerDecisionForm id=employer.id/> })}
            {(data.own && status == EmployerStatus::Rejected).then(|| view! {
                <section aria-labelledby="correct-title">
                    <h2 id="correct-title">{t.correct_title}</h2>
                    <form class="stack-form" method="post" action=CorrectEmployer::url()>
                        <input type="hidden" name="employer_id" value=employer.id/>
                        <CompanyFields company=Some(employer.clone())/>
                        <button class="button" type="submit">{t.correct}</button>
                    </form>
                </section>
            })}
        </main>
    }
    .into_any()
}

#[component]
fn EmployerDecisionForm(id: i64) -> impl IntoView {
    let t = use_lang().order_texts();
    view! {
        <section class="decision" aria-labelledby="employer-decision-title">
            <h2 id="employer-decision-title">{t.decision_title}</h2>
            <form class="stack-form" method="post" action=DecideEmployer::url()>
                <input type="hidden" name="employer_id" value=id/>
                <input type="hidden" name="decision" value="verify"/>
                <button class="button big" type="submit" data-verify-employer="">{t.verify}</button>
            </form>
            <form class="stack-form" method="post" action=DecideEmployer::url()>
                <input type="hidden" name="employer_id" value=id/>
                <input type="hidden" name="decision" value="reject"/>
                <label><span>{t.reject_reason}</span><input name="reason" required maxlength="200"/></label>
                <button class="button big secondary" type="submit">{t.reject}</button>
            </form>
        </section>
    }
    .into_any()
}
