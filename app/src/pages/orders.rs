//! Training orders: the list each role works from, the employer's order
//! form, an order with its jobs, bids and history and the forms each role
//! may use on it, and the job line workers read on courses and classes.
//! Every form posts to a server function and works without JavaScript.

use leptos::{prelude::*, server_fn::ServerFn};

use super::{
    classes::{course_choices_of, CourseChoice},
    frame::{optional_section, path_value, personal_page, query_value, PageTitle},
    jobs::JobPromiseCard,
};
use crate::{
    api::orders::{
        BidForOrder, ClearOrderWarning, ConfirmRetention, DecideOrder, PickBid, PostOrder,
        RecordOutcome, WithdrawOrder,
    },
    components::ErrorNotice,
    domain::{
        BidStatus, City, OfferStatus, OrderDetail, OrderFunnel, OrderKind, OrderStatus,
        OrderSummary, OrderWarningView, Role, TraineeOutcome,
    },
    error::AppError,
    i18n::{explain_order_warning, order_step_label, use_lang},
    server::{
        classes::local_time,
        database_failure, db, hires, orders,
        visit::{parse_id, PageRequest},
    },
};

/// How many job rows the order form offers.
const POSITION_ROWS: usize = 3;

// ---- The list --------------------------------------------------------------

/// `/orders?status=`: an employer's own orders, an institution's open and
/// assigned ones, a bureau's city's, the province's all; the approved ones
/// for anyone else.
#[component]
pub fn OrdersRoute() -> impl IntoView {
    let status = query_value("status").and_then(|code| OrderStatus::parse(&code).ok());
    let city = query_value("city").and_then(|code| City::parse(&code).ok());
    let title: PageTitle = |lang| lang.order_texts().orders_title;
    personal_page(
        title,
        move |visit| async move {
            let role = visit.actor.as_ref().map(|actor| actor.role);
            let found = orders::list(&visit.state, visit.actor.as_ref(), city, status).await?;
            Ok((role, found))
        },
        |found| view! { <OrdersPage found/> }.into_any(),
    )
}

#[component]
pub fn OrdersPage(found: Result<(Option<Role>, Vec<OrderSummary>), AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.order_texts();
    let (role, list) = match found {
        Ok(found) => found,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let intro = match role {
        Some(Role::Employer) => t.orders_intro_employer,
        Some(Role::Institution) => t.orders_intro_institution,
        Some(Role::Bureau | Role::Province) => t.orders_intro_bureau,
        _ => t.orders_intro_public,
    };
    view! {
        <main class="page">
            <h1>{t.orders_title}</h1>
            <p class="intro">{intro}</p>
            {(role == Some(Role::Employer)).then(|| view! {
                <p><a class="button big" href="/orders/new" data-post-order="">{t.post_order}</a></p>
            })}
            {matches!(role, Some(Role::Employer | Role::Bureau | Role::Province)).then(|| view! {
                <p class="export-links">
                    <a class="button secondary" href="/api/v1/orders/export?format=xlsx" download="" rel="external">{t.export_xlsx}</a>
                    " "
                    <a class="button secondary" href="/api/v1/orders/export?format=csv" download="" rel="external">{t.export_csv}</a>
                </p>
            })}
            {if list.is_empty() {
                view! { <p class="notice">{t.no_orders}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {list.into_iter().map(|order| view! { <OrderCard order/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </main>
    }
    .into_any()
}

#[component]
fn OrderCard(order: OrderSummary) -> impl IntoView {
    let lang = use_lang();
    let t = lang.order_texts();
    let line = (t.job_line)(
        &order.employer_name,
        order.openings,
        order.wage_min_yuan,
        order.wage_max_yuan,
    );
    view! {
        <li class="card" data-order=order.id data-status=order.status.code()>
            <h2><a href=format!("/orders/{}", order.id)>{order.occupation_name.clone()} " · " {order.certificate_level.label(lang)}</a></h2>
            <p>{order.kind.label(lang)} " · " <span class="badge">{order.status.label(lang)}</span></p>
            <p class="job-line">{line}</p>
            <p>{t.trainees} " " {order.trainees_wanted} " · " {t.start_training_by} " " {order.start_training_by.clone()}</p>
            {order.institution_name.clone().map(|name| view! { <p>{t.trains_it} " " {name}</p> })}
            {order.funnel.map(|funnel| view! { <FunnelLine funnel/> })}
        </li>
    }
}

/// How far an order got, stage by stage.
#[component]
fn FunnelLine(funnel: OrderFunnel) -> impl IntoView {
    let t = use_lang().order_texts();
    let stages = funnel
        .stages()
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(" → ");
    view! {
        <p class="funnel" data-funnel=stages.clone()><span class="card-meta">{t.funnel_title}</span><br/>{stages.clone()}</p>
    }
}

// ---- The order form ---------------------------------------------------------

/// What the order form offers: the city's courses with their levels and
/// the institutions of the city's catalogue.
pub struct OrderChoices {
    courses: Vec<CourseChoice>,
    institutions: Vec<(i64, String)>,
    resubmit: Option<OrderDetail>,
}

/// `/orders/new` (or `?resubmit={id}` for a returned order): the employer's
/// order form.
#[component]
pub fn NewOrderRoute() -> impl IntoView {
    let resubmit = query_value("resubmit").and_then(|id| parse_id(&id).ok());
    let title: PageTitle = |lang| lang.order_texts().new_order_title;
    personal_page(
        title,
        move |visit| order_choices(visit, resubmit),
        |found| view! { <NewOrderPage found/> }.into_any(),
    )
}

async fn order_choices(
    visit: PageRequest,
    resubmit: Option<i64>,
) -> Result<OrderChoices, AppError> {
    let actor = visit.signed_in()?;
    let (_, city) = actor.own_employer()?;
    let today = crate::domain::china_date(visit.now);
    let failed = || database_failure("listing the city's catalogues");
    let rows = db::classes::list_city_courses(&visit.state.db, city.code(), today)
        .await
        .map_err(failed())?;
    let courses = course_choices_of(&visit, rows).await?;
    let institutions =
        db::catalogue::list_city_institution_names(&visit.state.db, city.code(), today)
            .await
            .map_err(failed())?;
    let resubmit = match resubmit {
        Some(id) => Some(orders::detail(&visit.state, Some(actor), id, visit.now).await?),
        None => None,
    };
    Ok(OrderChoices {
        courses,
        institutions,
        resubmit,
    })
}

#[component]
pub fn NewOrderPage(found: Result<OrderChoices, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.order_texts();
    let choices = match found {
        Ok(choices) => choices,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let resubmit_id = choices.resubmit.as_ref().map(|order| order.summary.id);
    let title = if resubmit_id.is_some() {
        t.resubmit_order
    } else {
        t.new_order_title
    };
    view! {
        <main class="page">
            <h1>{title}</h1>
            <form class="stack-form" method="post" action=PostOrder::url() data-form="order">
                {resubmit_id.map(|id| view! { <input type="hidden" name="order_id" value=id/> })}
                <label>
                    <span>{t.kind}</span>
                    <select name="kind" required>
                        {OrderKind::ALL.iter().map(|kind| view! { <option value=kind.code()>{kind.label(lang)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t.course_and_level}</span>
                    <select name="course_level" required>
                        {choices.courses.into_iter().flat_map(|course| {
                            course.levels.into_iter().map(move |(code, label)| {
                                let value = format!("{}:{code}", course.course_id);
                                view! { <option value=value>{format!("{} · {label}", course.label)}</option> }
                            })
                        }).collect_view()}
                    </select>
                </label>
                <label><span>{t.trainees_wanted}</span><input name="trainees_wanted" type="number" min="1" max="500" required/></label>
                <label><span>{t.start_training_by}</span><input name="start_training_by" type="date" required/></label>
                <label>
                    <span>{t.institution}</span>
                    <select name="institution_id">
                        <option value="">{t.any_institution}</option>
                        {choices.institutions.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label><span>{t.requirements}</span><textarea name="requirements" maxlength="500" rows="3"></textarea></label>
                <PositionRows/>
                <button class="button big" type="submit">{if resubmit_id.is_some() { t.resubmit_order } else { t.submit_order }}</button>
            </form>
        </main>
    }
    .into_any()
}

#[component]
fn PositionRows() -> impl IntoView {
    let t = use_lang().order_texts();
    view! {
        <fieldset data-positions="">
            <legend>{t.positions_legend}</legend>
            <p class="hint">{t.positions_hint}</p>
            {(0..POSITION_ROWS).map(|i| {
                let name = move |field: &str| format!("positions[{i}][{field}]");
                let required = i == 0;
                view! {
                    <div class="position-row">
                        <label><span>{t.position}</span><input name=name("title") maxlength="40" required=required/></label>
                        <label><span>{t.openings}</span><input name=name("openings") type="number" min="1" max="500" required=required/></label>
                        <label><span>{t.wage_min}</span><input name=name("wage_min_yuan") type="number" min="1" required=required/></label>
                        <label><span>{t.wage_max}</span><input name=name("wage_max_yuan") type="number" min="1" required=required/></label>
                        <label><span>{t.workplace}</span><input name=name("workplace") maxlength="80" required=required/></label>
                        <label><span>{t.contract_months}</span><input name=name("contract_months") type="number" min="1" max="120" required=required/></label>
                        <label><span>{t.starts_on}</span><input name=name("starts_on") type="date" required=required/></label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}

// ---- One order --------------------------------------------------------------

/// What the order page shows its reader and which forms it offers.
pub struct OrderPageData {
    order: OrderDetail,
    role: Option<Role>,
    /// The reader works for the employer that posted it.
    owner: bool,
    /// The reader's institution, when it is one.
    institution_id: Option<i64>,
    /// The reader may decide it (its city's bureau).
    supervisor: bool,
    /// The trainees of its classes, for the employer, its bureau and the
    /// province.
    trainees: Option<Vec<TraineeOutcome>>,
}

/// `/orders/:id`.
#[component]
pub fn OrderRoute() -> impl IntoView {
    let id = path_value("id");
    let title: PageTitle = |lang| lang.order_texts().order_title;
    personal_page(
        title,
        move |visit| async move {
            let id = parse_id(&id)?;
            let actor = visit.actor.as_ref();
            let order = orders::detail(&visit.state, actor, id, visit.now).await?;
            // Only the employer and its supervisors see the trainees.
            let trainees = match actor {
                Some(actor) if !order.class_ids.is_empty() && order.summary.funnel.is_some() => {
                    optional_section(hires::trainees(&visit.state, actor, id, visit.now).await)?
                }
                _ => None,
            };
            Ok(OrderPageData {
                trainees,
                owner: actor.is_some_and(|a| a.is_staff_of_employer(order.summary.employer_id)),
                institution_id: actor
                    .filter(|a| a.role == Role::Institution)
                    .and_then(|a| a.institution_id),
                supervisor: actor.is_some_and(|a| a.may_supervise_city(order.summary.city)),
                role: actor.map(|a| a.role),
                order,
            })
        },
        |found| view! { <OrderPage found/> }.into_any(),
    )
}

#[component]
pub fn OrderPage(found: Result<OrderPageData, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.order_texts();
    let data = match found {
        Ok(data) => data,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let order = data.order;
    let summary = order.summary.clone();
    let id = summary.id;
    let status = summary.status;
    let bid_already = !order.bids.is_empty();
    let may_bid = data.institution_id.is_some() && status == OrderStatus::Approved && !bid_already;
    let trains_it = data.institution_id.is_some() && summary.institution_id == data.institution_id;
    let may_withdraw = data.owner
        && status
            .after(crate::domain::OrderStep::Withdraw, false)
            .is_some();
    view! {
        <main class="page" data-order-status=status.code()>
            <h1>{summary.occupation_name.clone()} " · " {summary.certificate_level.label(lang)}</h1>
            <p class="intro">{summary.kind.label(lang)} " · " <span class="badge">{status.label(lang)}</span></p>
            <dl class="facts">
                <dt>{t.employer}</dt><dd>{summary.employer_name.clone()}</dd>
                <dt>{t.trainees}</dt><dd>{summary.trainees_wanted}</dd>
                <dt>{t.start_training_by}</dt><dd>{summary.start_training_by.clone()}</dd>
                <dt>{t.trains_it}</dt><dd>{summary.institution_name.clone().unwrap_or_else(|| t.open_to_any.to_owned())}</dd>
                <dt>{t.requirements}</dt><dd>{order.requirements.clone()}</dd>
            </dl>
            {(status == OrderStatus::Returned && !order.decision_reason.is_empty()).then(|| view! {
                <p class="notice warn" role="note">{t.returned_because} {order.decision_reason.clone()}</p>
            })}
            <JobPromiseCard jobs=order.jobs.clone()/>
            {summary.funnel.map(|funnel| view! { <FunnelLine funnel/> })}
            {(data.owner && status == OrderStatus::Returned).then(|| view! {
                <p><a class="button" href=format!("/orders/new?resubmit={id}")>{t.resubmit_order}</a></p>
            })}
            {(data.supervisor && status == OrderStatus::Submitted).then(|| view! { <OrderDecisionForm id/> })}
            {may_bid.then(|| view! { <BidForm id/> })}
            {(trains_it && status == OrderStatus::Assigned).then(|| view! {
                <p><a class="button big" href=format!("/classes/new?order={id}") data-open-class="">{t.open_class}</a></p>
            })}
            <OrderBids bids=order.bids.clone() id may_pick={data.owner && status == OrderStatus::Approved} shown={data.owner || data.supervisor || data.institution_id.is_some() || data.role == Some(Role::Province)}/>
            {(!order.class_ids.is_empty()).then(|| view! {
                <section aria-labelledby="order-classes-title">
                    <h2 id="order-classes-title">{t.classes_title}</h2>
                    <ul>
                        {order.class_ids.iter().map(|class_id| view! {
                            <li><a href=format!("/classes/{class_id}")>{format!("#{class_id}")}</a></li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {data.trainees.map(|trainees| view! {
                <TraineesSection id trainees positions=order.jobs.positions.iter().map(|p| p.title.clone()).collect() may_record=data.owner/>
            })}
            {(!order.warnings.is_empty()).then(|| view! { <OrderWarnings id warnings=order.warnings.clone() may_clear=data.supervisor/> })}
            {may_withdraw.then(|| view! { <WithdrawForm id/> })}
            <OrderHistory order=order.clone()/>
        </main>
    }
    .into_any()
}

/// The trainees of the order's classes with what became of them, and
/// (for the employer) the forms that record it.
#[component]
fn TraineesSection(
    id: i64,
    trainees: Vec<TraineeOutcome>,
    positions: Vec<String>,
    may_record: bool,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.order_texts();
    view! {
        <section aria-labelledby="trainees-title" data-trainees="">
            <h2 id="trainees-title">{t.trainees_title}</h2>
            {if trainees.is_empty() {
                view! { <p class="notice">{t.no_trainees}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {trainees.into_iter().map(|trainee| {
                            let positions = positions.clone();
                            view! { <TraineeCard id trainee positions may_record/> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn TraineeCard(
    id: i64,
    trainee: TraineeOutcome,
    positions: Vec<String>,
    may_record: bool,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.order_texts();
    let enrolment_id = trainee.enrolment_id;
    let status = trainee.status;
    let facts = [
        trainee.completed.then_some(t.completed),
        trainee.certified.then_some(t.certified),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let outcome = status.map(|s| s.label(lang)).unwrap_or_default();
    let may_offer =
        may_record && trainee.completed && matches!(status, None | Some(OfferStatus::NotOffered));
    let may_hire = may_record && status == Some(OfferStatus::Accepted);
    let retention_due: Vec<u32> = if may_record && status == Some(OfferStatus::Hired) {
        [
            (3, trainee.retained_3_months),
            (6, trainee.retained_6_months),
        ]
        .into_iter()
        .filter(|(_, done)| done.is_none())
        .map(|(months, _)| months)
        .collect()
    } else {
        Vec::new()
    };
    view! {
        <li class="card" data-trainee=enrolment_id data-offer-status=status.map(|s| s.code()).unwrap_or_default()>
            <h3>{trainee.worker_name.clone()} " " <span class="card-meta">{trainee.id_number_masked.clone().unwrap_or_default()}</span></h3>
            <p>{facts} {(!outcome.is_empty()).then(|| view! { " · " <span class="badge">{outcome}</span> })}</p>
            {(!trainee.position_title.is_empty()).then(|| view! { <p>{trainee.position_title.clone()} " " {trainee.starts_on.clone().unwrap_or_default()}</p> })}
            {may_offer.then(|| view! {
                <form class="stack-form" method="post" action=RecordOutcome::url()>
                    <input type="hidden" name="order_id" value=id/>
                    <input type="hidden" name="enrolment_id" value=enrolment_id/>
                    <input type="hidden" name="outcome" value="offer"/>
                    <label><span>{t.position}</span>
                        <select name="position">{positions.iter().map(|p| view! { <option value=p.clone()>{p.clone()}</option> }).collect_view()}</select>
                    </label>
                    <label><span>{t.starts_on}</span><input name="starts_on" type="date" required/></label>
                    <button class="button" type="submit" data-record-offer="">{t.record_offer}</button>
                </form>
            })}
            {(may_offer && status.is_none()).then(|| view! {
                <form class="stack-form" method="post" action=RecordOutcome::url()>
                    <input type="hidden" name="order_id" value=id/>
                    <input type="hidden" name="enrolment_id" value=enrolment_id/>
                    <input type="hidden" name="outcome" value="not_offered"/>
                    <label><span>{t.not_offered_reason}</span><input name="reason" required maxlength="200"/></label>
                    <button class="button secondary" type="submit">{t.record_not_offered}</button>
                </form>
            })}
            {may_hire.then(|| view! {
                <form class="stack-form" method="post" action=RecordOutcome::url()>
                    <input type="hidden" name="order_id" value=id/>
                    <input type="hidden" name="enrolment_id" value=enrolment_id/>
                    <input type="hidden" name="outcome" value="hired"/>
                    <label><span>{t.starts_on}</span><input name="starts_on" type="date" required value=trainee.starts_on.clone().unwrap_or_default()/></label>
                    <button class="button" type="submit" data-record-hire="">{t.record_hire}</button>
                </form>
            })}
            {retention_due.into_iter().map(|months| view! {
                <form class="stack-form" method="post" action=ConfirmRetention::url()>
                    <input type="hidden" name="order_id" value=id/>
                    <input type="hidden" name="enrolment_id" value=enrolment_id/>
                    <input type="hidden" name="months" value=months/>
                    <label><span>{t.left_on}</span><input name="left_on" type="date"/></label>
                    <button class="button secondary" type="submit">{(t.confirm_retention)(months)}</button>
                </form>
            }).collect_view()}
        </li>
    }
    .into_any()
}

/// The order's risk warnings, explained; the bureau clears them.
#[component]
fn OrderWarnings(id: i64, warnings: Vec<OrderWarningView>, may_clear: bool) -> impl IntoView {
    let lang = use_lang();
    let t = lang.order_texts();
    view! {
        <section aria-labelledby="order-warnings-title" data-order-warnings="">
            <h2 id="order-warnings-title">{t.warnings_title}</h2>
            <ul class="card-list">
                {warnings.into_iter().map(|warning| view! {
                    <li class="card" data-order-warning=warning.kind.code()>
                        <p>{explain_order_warning(&warning, lang)}</p>
                        {warning.cleared.then(|| view! { <p class="card-meta">{t.cleared_because} {warning.clear_reason.clone()}</p> })}
                        {(may_clear && !warning.cleared).then(|| view! {
                            <form class="stack-form" method="post" action=ClearOrderWarning::url()>
                                <input type="hidden" name="order_id" value=id/>
                                <input type="hidden" name="warning_id" value=warning.id/>
                                <label><span>{t.clear_reason}</span><input name="reason" required maxlength="200"/></label>
                                <button class="button secondary" type="submit">{t.clear}</button>
                            </form>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn OrderDecisionForm(id: i64) -> impl IntoView {
    let t = use_lang().order_texts();
    view! {
        <section class="decision" aria-labelledby="order-decision-title">
            <h2 id="order-decision-title">{t.decision_title}</h2>
            <form class="stack-form" method="post" action=DecideOrder::url()>
                <input type="hidden" name="order_id" value=id/>
                <input type="hidden" name="decision" value="approve"/>
                <button class="button big" type="submit" data-approve-order="">{t.approve}</button>
            </form>
            <form class="stack-form" method="post" action=DecideOrder::url()>
                <input type="hidden" name="order_id" value=id/>
                <input type="hidden" name="decision" value="return"/>
                <label><span>{t.return_reason}</span><input name="reason" required maxlength="200"/></label>
                <button class="button big secondary" type="submit">{t.return_order}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn BidForm(id: i64) -> impl IntoView {
    let t = use_lang().order_texts();
    view! {
        <section aria-labelledby="bid-title">
            <h2 id="bid-title">{t.bid_title}</h2>
            <p class="intro">{t.bid_intro}</p>
            <form class="stack-form" method="post" action=BidForOrder::url()>
                <input type="hidden" name="order_id" value=id/>
                <label><span>{t.plan}</span><textarea name="plan" required minlength="10" maxlength="1000" rows="4"></textarea></label>
                <button class="button big" type="submit" data-send-bid="">{t.send_bid}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn WithdrawForm(id: i64) -> impl IntoView {
    let t = use_lang().order_texts();
    view! {
        <section aria-labelledby="withdraw-title">
            <h2 id="withdraw-title">{t.withdraw_title}</h2>
            <form class="stack-form" method="post" action=WithdrawOrder::url()>
                <input type="hidden" name="order_id" value=id/>
                <label><span>{t.withdraw_reason}</span><input name="reason" required maxlength="200"/></label>
                <button class="button secondary" type="submit">{t.withdraw}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn OrderBids(
    bids: Vec<crate::domain::BidView>,
    id: i64,
    may_pick: bool,
    shown: bool,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.order_texts();
    shown.then(|| view! {
        <section aria-labelledby="bids-title">
            <h2 id="bids-title">{t.bids_title}</h2>
            {if bids.is_empty() {
                view! { <p class="notice">{t.no_bids}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {bids.into_iter().map(|bid| view! {
                            <li class="card" data-bid=bid.id data-bid-status=bid.status.code()>
                                <h3>{bid.institution_name.clone()}</h3>
                                <p>{bid.plan.clone()}</p>
                                {(may_pick && bid.status == BidStatus::Open).then(|| view! {
                                    <form method="post" action=PickBid::url()>
                                        <input type="hidden" name="order_id" value=id/>
                                        <input type="hidden" name="bid_id" value=bid.id/>
                                        <button class="button" type="submit" data-pick-bid="">{t.pick}</button>
                                    </form>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }.into_any())
}

#[component]
fn OrderHistory(order: OrderDetail) -> impl IntoView {
    let lang = use_lang();
    let t = lang.order_texts();
    let local = |at: &str| {
        chrono::DateTime::parse_from_rfc3339(at)
            .map(|at| local_time(at.with_timezone(&chrono::Utc)))
            .unwrap_or_default()
    };
    (!order.history.is_empty()).then(|| view! {
        <section aria-labelledby="order-history-title">
            <h2 id="order-history-title">{t.history_title}</h2>
            <ol class="history">
                {order.history.into_iter().map(|step| view! {
                    <li data-step=step.action.clone()>
                        <time>{local(&step.at)}</time>
                        " " {step.actor_name} " · " {order_step_label(&step.action, lang).to_owned()} {(!step.reason.is_empty()).then(|| format!(" · {}", step.reason))}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }.into_any())
}
