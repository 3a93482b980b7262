//! Class pages: the list (open classes for workers, own classes for an
//! institution, the city's applications for a bureau), a class with its
//! sessions, and the application form (its session rows and position
//! button are islands; it posts without JavaScript too).

use leptos::{prelude::*, server_fn::ServerFn};

use super::{
    frame::{optional_section, path_value, personal_page, query_value},
    subsidies::RatingsSection,
};
use crate::views::{ClassDetail, ClassRatings, ClassSummary, EnrolmentNotice};
use crate::{
    api::classes::{DecideClass, Enrol, SetClassFaceCheck, SubmitClassApplication},
    components::{ErrorNotice, IslandScripts},
    domain::{hours, City, ClassStatus, Provider, Role, SessionMode, TrainingType},
    error::AppError,
    i18n::{use_lang, Lang},
    islands::{LocateButton, SessionRows},
    server::{
        access::Actor,
        classes::{self, local_time, ClassQuery},
        completion, database_failure, db, request,
        visit::{parse_id, PageRequest},
    },
};

/// `/classes`: open classes of the city for workers and visitors, the
/// caller's own or overseen classes for staff.
#[component]
pub fn ClassListRoute() -> impl IntoView {
    let city = query_value("city");
    personal_page(
        |lang| lang.class_texts().list_title,
        move |visit| list_classes(visit, city),
        |found| {
            let (viewer, classes) = match found {
                Ok((viewer, classes)) => (viewer, classes),
                Err(error) => (Viewer::Visitor, Err(error)),
            };
            view! { <ClassListPage viewer classes/> }.into_any()
        },
    )
}

#[allow(clippy::type_complexity)]
async fn list_classes(
    visit: PageRequest,
    city: Option<String>,
) -> Result<(Viewer, Result<Vec<ClassSummary>, AppError>), AppError> {
    let viewer = Viewer::of(visit.actor.as_ref());
    let city = city
        .as_deref()
        .and_then(|code| City::parse(code).ok())
        .or_else(|| visit.actor.as_ref().and_then(|actor| actor.city))
        .or_else(|| request::remembered_city(&visit.headers));
    let query = ClassQuery {
        city: match viewer {
            Viewer::Bureau | Viewer::Institution | Viewer::Province => None,
            _ => city,
        },
        status: None,
        course_id: None,
    };
    let classes = classes::list(&visit.state, visit.actor.as_ref(), &query, visit.now).await;
    Ok((viewer, classes))
}

/// `/classes/{id}`: a class with its sessions, and enrolment for workers.
#[component]
pub fn ClassDetailRoute() -> impl IntoView {
    let id = path_value("id");
    personal_page(
        |lang| lang.class_texts().detail_title,
        move |visit| class_with_notice(visit, id),
        |found| {
            let (viewer, class, notice, ratings) = match found {
                Ok(found) => found,
                Err(error) => (Viewer::Visitor, Err(error), None, None),
            };
            view! { <ClassDetailPage viewer class notice ratings/> }.into_any()
        },
    )
}

/// A class as its reader sees it: the class, the enrolment notice a
/// worker reads before enrolling, and the ratings.
type ClassAsSeen = (
    Viewer,
    Result<ClassDetail, AppError>,
    Option<EnrolmentNotice>,
    Option<ClassRatings>,
);

async fn class_with_notice(visit: PageRequest, raw_id: String) -> Result<ClassAsSeen, AppError> {
    let viewer = Viewer::of(visit.actor.as_ref());
    let actor = visit.actor.as_ref();
    let class = match parse_id(&raw_id) {
        Ok(id) => classes::detail(&visit.state, actor, id).await,
        Err(error) => Err(error),
    };
    let Ok(found) = &class else {
        return Ok((viewer, class, None, None));
    };
    let ratings =
        optional_section(completion::class_ratings(&visit.state, actor, found.summary.id).await)?;
    let notice = match actor {
        Some(actor) if actor.role == Role::Worker && found.my_enrolment_id.is_none() => {
            optional_section(
                classes::enrolment_notice(&visit.state, actor, found.summary.id).await,
            )?
        }
        _ => None,
    };
    Ok((viewer, class, notice, ratings))
}

/// `/classes/new`: an institution applies to open a class (or resubmits
/// a returned application, `?resubmit={id}`; or trains a training order
/// assigned to it, `?order={id}`, with the order's course and level).
#[component]
pub fn NewClassRoute() -> impl IntoView {
    let resubmit = query_value("resubmit").and_then(|id| parse_id(&id).ok());
    let order = query_value("order").and_then(|id| parse_id(&id).ok());
    personal_page(
        |lang| lang.class_texts().apply_to_open,
        move |visit| async move {
            let (courses, platforms) = application_choices(&visit).await?;
            let training_types = training_types_of(&visit);
            let employer = visit
                .actor
                .as_ref()
                .is_some_and(|a| a.role == Role::Employer);
            match order {
                Some(order_id) => Ok((
                    only_the_orders(&visit, order_id, courses).await,
                    platforms,
                    training_types,
                    employer,
                )),
                None => Ok((courses, platforms, training_types, employer)),
            }
        },
        move |found| {
            let (courses, platforms, training_types, employer) = match found {
                Ok(found) => found,
                Err(error) => (Err(error), Vec::new(), Vec::new(), false),
            };
            view! { <NewClassPage courses platforms training_types employer resubmit order/> }
                .into_any()
        },
    )
}

/// The one course and level of the order `order_id` (which must be
/// assigned to the institution) among `courses`.
async fn only_the_orders(
    visit: &PageRequest,
    order_id: i64,
    courses: Result<Vec<CourseChoice>, AppError>,
) -> Result<Vec<CourseChoice>, AppError> {
    let order =
        crate::server::orders::detail(&visit.state, visit.actor.as_ref(), order_id, visit.now)
            .await?;
    let level = order.summary.certificate_level.code();
    Ok(courses?
        .into_iter()
        .filter(|course| course.course_id == order.course_id)
        .map(|mut course| {
            course.levels.retain(|(code, _)| code == level);
            course
        })
        .collect())
}

#[allow(clippy::type_complexity)]
async fn application_choices(
    visit: &PageRequest,
) -> Result<(Result<Vec<CourseChoice>, AppError>, Vec<(i64, String)>), AppError> {
    match platform_choices(visit).await {
        Ok(platforms) => Ok((course_choices(visit).await, platforms)),
        Err(error) => Ok((Err(error), Vec::new())),
    }
}

/// The training types the caller's institution or employer may apply for
/// (an employer only the training of its own employees); none for anyone
/// else, whose form shows why it cannot be used.
fn training_types_of(visit: &PageRequest) -> Vec<TrainingType> {
    let Some((provider, _)) = visit.actor.as_ref().and_then(|a| a.own_provider().ok()) else {
        return Vec::new();
    };
    TrainingType::ALL
        .iter()
        .copied()
        .filter(|training_type| provider.may_run(*training_type))
        .collect()
}

/// The online platforms of the applicant's city whose keys work, for the
/// class to choose the one that reports its online sessions.
async fn platform_choices(visit: &PageRequest) -> Result<Vec<(i64, String)>, AppError> {
    let (_, city) = visit.signed_in()?.own_provider()?;
    let rows = db::attendance::list_platforms(&visit.state.db, Some(city.code()))
        .await
        .map_err(database_failure("listing online platforms"))?;
    Ok(rows
        .into_iter()
        .filter(|row| row.revoked_at.is_none())
        .map(|row| (row.id, row.name))
        .collect())
}

/// The courses of the applicant's city's published catalogue, each with
/// its subsidised levels: for an institution those it may train, for an
/// employer training its own employees every course.
async fn course_choices(visit: &PageRequest) -> Result<Vec<CourseChoice>, AppError> {
    let (provider, city) = visit.signed_in()?.own_provider()?;
    let today = crate::domain::china_date(visit.now);
    let rows = match provider {
        Provider::Institution(institution_id) => {
            db::classes::list_trainable_courses(&visit.state.db, institution_id, city.code(), today)
                .await
        }
        Provider::Employer(_) => {
            db::classes::list_city_courses(&visit.state.db, city.code(), today).await
        }
    }
    .map_err(database_failure("listing trainable courses"))?;
    course_choices_of(visit, rows).await
}

/// Each course of `rows` with its subsidised levels and their amounts.
pub(super) async fn course_choices_of(
    visit: &PageRequest,
    rows: Vec<db::classes::TrainableCourseRow>,
) -> Result<Vec<CourseChoice>, AppError> {
    let mut choices = Vec::with_capacity(rows.len());
    for row in rows {
        let kind = row.certificate_kind;
        let standard = db::catalogue::find_subsidy_standard(&visit.state.db, row.id, kind)
            .await
            .map_err(database_failure("reading a subsidy standard"))?;
        choices.push(CourseChoice {
            course_id: row.id,
            label: row.occupation_name,
            levels: standard
                .amounts()
                .iter()
                .map(|amount| {
                    let label = amount.level.label(visit.lang);
                    (
                        amount.level.code().to_owned(),
                        format!("{label} {}", amount.amount.yuan_text()),
                    )
                })
                .collect(),
        });
    }
    Ok(choices)
}

/// Who is looking at a class page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Visitor,
    Worker,
    Institution,
    Bureau,
    Province,
    Employer,
    /// A third-party supervisor of the class's city: reads and inspects.
    Supervisor,
}

impl Viewer {
    pub fn of(actor: Option<&Actor>) -> Viewer {
        match actor.map(|a| a.role) {
            None => Viewer::Visitor,
            Some(Role::Worker) => Viewer::Worker,
            Some(Role::Institution) => Viewer::Institution,
            Some(Role::Bureau) => Viewer::Bureau,
            Some(Role::Province) => Viewer::Province,
            Some(Role::Employer) => Viewer::Employer,
            Some(Role::Supervisor) => Viewer::Supervisor,
        }
    }
}

fn status_badge(status: ClassStatus, lang: Lang) -> impl IntoView {
    let class = match status {
        ClassStatus::Approved => "badge ok",
        ClassStatus::Submitted => "badge",
        ClassStatus::Returned => "badge warn",
    };
    view! { <span class=class>{status.label(lang)}</span> }
}

#[component]
pub fn ClassListPage(
    viewer: Viewer,
    classes: Result<Vec<ClassSummary>, AppError>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.class_texts();
    let heading = match viewer {
        Viewer::Institution | Viewer::Employer => t.our_classes,
        Viewer::Bureau | Viewer::Province => t.applications_and_classes,
        _ => t.open_classes,
    };
    view! {
        <main class="page">
            <h1>{heading}</h1>
            {(matches!(viewer, Viewer::Institution | Viewer::Employer)).then(|| view! {
                <a class="button big" href="/classes/new">{t.apply_to_open}</a>
            })}
            {(viewer == Viewer::Worker).then(|| view! {
                <a class="button secondary" href="/my/classes">{t.my_enrolments_and_hours}</a>
            })}
            {(viewer == Viewer::Worker).then(|| view! {
                <a class="button secondary" href="/my/subsidies">{t.my_training_and_subsidies}</a>
            })}
            {(matches!(viewer, Viewer::Bureau | Viewer::Province)).then(|| view! {
                <a class="button secondary" href="/risk-warnings">{t.risk_warnings}</a>
                <a class="button secondary" href="/subsidy-claims">{t.subsidy_review}</a>
            })}
            {match classes {
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
                Ok(list) if list.is_empty() => view! {
                    <p class="notice">{t.no_classes}</p>
                }.into_any(),
                Ok(list) => view! {
                    <ul class="card-list">
                        {list.into_iter().map(|class| view! { <ClassCard class/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </main>
    }
}

#[component]
fn ClassCard(class: ClassSummary) -> impl IntoView {
    let lang = use_lang();
    let t = lang.class_texts();
    let href = format!("/classes/{}", class.id);
    let first = class.first_session_at.map(local_time).unwrap_or_default();
    view! {
        <li class="card">
            <a class="card-link" href=href>
                <span class="card-title">{class.occupation_name.clone()} " · " {class.certificate_level.label(lang)}</span>
                <span class="card-meta">{class.institution_name.clone()}</span>
                <span class="card-meta">
                    {t.first_session} {first} " · "
                    {class.session_count} {t.sessions_suffix}
                </span>
                <span class="card-meta">
                    {status_badge(class.status, lang)} " "
                    {format!("{} / {}", class.enrolled, class.capacity)} {t.enrolled_suffix}
                </span>
            </a>
        </li>
    }
}

#[component]
pub fn ClassDetailPage(
    viewer: Viewer,
    class: Result<ClassDetail, AppError>,
    notice: Option<EnrolmentNotice>,
    ratings: Option<ClassRatings>,
) -> impl IntoView {
    view! {
        <main class="page">
            {match class {
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
                Ok(class) => view! {
                    <ClassView viewer class notice/>
                    {ratings.map(|ratings| view! {
                        <RatingsSection ratings may_reply={viewer == Viewer::Institution} may_hide={viewer == Viewer::Bureau}/>
                    })}
                }.into_any(),
            }}
        </main>
    }
}

#[component]
fn ClassView(viewer: Viewer, class: ClassDetail, notice: Option<EnrolmentNotice>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.class_texts();
    let summary = class.summary.clone();
    // The history is given only to those who oversee the class: among
    // institutions and employers, the one that runs it.
    let runs_it =
        matches!(viewer, Viewer::Institution | Viewer::Employer) && class.history.is_some();
    let oversees = runs_it || matches!(viewer, Viewer::Bureau | Viewer::Province);
    let employer_run = summary.employer_id.is_some();
    let approved = summary.status == ClassStatus::Approved;
    let training_type = TrainingType::parse(&summary.training_type)
        .map(|t| t.label(lang))
        .unwrap_or_default();
    view! {
        <h1>{summary.occupation_name.clone()}</h1>
        <p class="intro">{summary.institution_name.clone()} " · " {status_badge(summary.status, lang)}</p>
        {employer_run.then(|| view! { <p class="notice" data-employer-run="">{(lang.order_texts().employer_run_note)(&summary.institution_name)}</p> })}
        {class.jobs.clone().map(|jobs| view! { <super::jobs::JobPromiseCard jobs/> })}
        <dl class="facts">
            <dt>{t.certificate_level}</dt><dd>{summary.certificate_level.label(lang)}</dd>
            <dt>{t.training_type}</dt><dd>{training_type}</dd>
            <dt>{t.teacher}</dt><dd>{summary.teacher.clone()}</dd>
            <dt>{t.venue}</dt><dd>{summary.venue.clone()}</dd>
            <dt>{t.seats}</dt>
            <dd>{format!("{} / {}", summary.enrolled, summary.capacity)}</dd>
            <dt>{t.total_hours}</dt>
            <dd>{hours(class.total_minutes)} {t.hours_online_open} {hours(class.online_minutes)} {t.hours_online_close}</dd>
        </dl>
        {class.face_check_required.then(|| view! {
            <p class="notice" data-face-check-required="">{lang.face_check_texts().class_requires}</p>
        })}
        {(!class.decision_reason.is_empty()).then(|| view! {
            <p class="demo-banner" role="note">{t.returned_because} {class.decision_reason.clone()}</p>
        })}
        {(viewer == Viewer::Worker || viewer == Viewer::Visitor).then(|| view! {
            <EnrolSection class_id=summary.id seats_left=summary.seats_left enrolled=class.my_enrolment_id signed_in={viewer == Viewer::Worker} notice open=approved/>
        })}
        {(viewer == Viewer::Bureau && summary.status == ClassStatus::Submitted).then(|| view! {
            <DecisionForm class_id=summary.id/>
        })}
        {(viewer == Viewer::Bureau && summary.status != ClassStatus::Returned).then(|| view! {
            <FaceCheckRuleForm class_id=summary.id required=class.face_check_required/>
        })}
        {(approved && oversees).then(|| view! {
            <p><a class="button secondary" href=format!("/classes/{}/completion", summary.id)>{t.completion_and_subsidies}</a></p>
        })}
        {(approved && (oversees || viewer == Viewer::Supervisor)).then(|| view! {
            <p><a class="button secondary" href=format!("/classes/{}/inspections", summary.id) data-inspections-link="">{lang.inspection_texts().list_title}</a></p>
        })}
        {(approved && oversees && employer_run).then(|| view! {
            <p><a class="button secondary" href=format!("/classes/{}/employment", summary.id) data-employment-link="">{lang.order_texts().employment_link}</a></p>
        })}
        {(viewer == Viewer::Worker && class.my_enrolment_id.is_some()).then(|| view! {
            <p><a class="button secondary" href="/my/subsidies">{t.my_training_and_subsidies}</a></p>
        })}
        {(runs_it && summary.status == ClassStatus::Returned).then(|| view! {
            <p><a class="button" href=format!("/classes/new?resubmit={}", summary.id)>{t.change_and_resubmit}</a></p>
        })}
        <h2>{t.sessions}</h2>
        <ol class="session-list">
            {class.sessions.iter().map(|session| {
                let mode = session.mode.label(lang);
                let links = (approved && oversees).then(|| {
                    let id = session.id;
                    view! {
                        <span class="session-actions">
                            {runs_it.then(|| view! {
                                <a class="button small" href=format!("/sessions/{id}/screen")>{t.show_code}</a>
                            })}
                            <a class="button small secondary" href=format!("/sessions/{id}/roster")>{t.roster}</a>
                        </span>
                    }
                });
                view! {
                    <li>
                        <span>{local_time(session.starts_at)} " – " {local_time(session.ends_at).split(' ').nth(1).unwrap_or_default().to_owned()}</span>
                        <span class="card-meta">{mode} " · " {hours(session.minutes)} {t.hours_unit}
                            {(session.mode == SessionMode::Offline).then_some("")}
                        </span>
                        {links}
                    </li>
                }
            }).collect_view()}
        </ol>
        {class.history.map(|history| view! {
            <h2>{t.history}</h2>
            <ul class="history">
                {history.into_iter().map(|event| {
                    let action = match event.action.as_str() {
                        "submitted" => t.event_submitted,
                        "approved" => t.event_approved,
                        "returned" => t.event_returned,
                        "resubmitted" => t.event_resubmitted,
                        "face_check_on" => lang.face_check_texts().event_on,
                        "face_check_off" => lang.face_check_texts().event_off,
                        _ => "",
                    };
                    view! {
                        <li>{local_time(event.at)} " · " {event.actor} " · " {action}
                            {(!event.reason.is_empty()).then(|| format!("：{}", event.reason))}
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn EnrolSection(
    class_id: i64,
    seats_left: i64,
    enrolled: Option<i64>,
    signed_in: bool,
    notice: Option<EnrolmentNotice>,
    open: bool,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.class_texts();
    if let Some(_enrolment) = enrolled {
        return view! {
            <p class="notice ok" role="status">{t.enrolled_notice}</p>
            <a class="button secondary" href="/my/classes">{t.see_my_hours}</a>
        }
        .into_any();
    }
    if !signed_in {
        return view! {
            <div class="notice" role="status">
                <p>{t.sign_in_to_enrol}</p>
                <a class="button big" href="/sign-in">{t.sign_in}</a>
                <a class="button big secondary" href="/register">{t.register}</a>
            </div>
        }
        .into_any();
    }
    let claimed = notice.as_ref().is_some_and(|n| !n.subsidy_available);
    view! {
        {notice.map(|notice| view! { <SubsidyNotice notice/> })}
        {if !open {
            view! { <p class="notice">{t.not_approved_yet}</p> }.into_any()
        } else if seats_left <= 0 {
            view! { <p class="notice">{t.class_full}</p> }.into_any()
        } else {
            view! {
                <form class="stack-form" method="post" action=Enrol::url()>
                    <input type="hidden" name="class_id" value=class_id/>
                    <button class="button big" type="submit">
                        {if claimed { t.enrol_anyway } else { t.enrol }}
                    </button>
                </form>
            }.into_any()
        }}
    }
    .into_any()
}

#[component]
fn SubsidyNotice(notice: EnrolmentNotice) -> impl IntoView {
    let lang = use_lang();
    let t = lang.class_texts();
    let what = format!(
        "{} · {}",
        notice.occupation_name,
        notice.certificate_level.label(lang)
    );
    if notice.subsidy_available {
        view! {
            <p class="notice ok" role="status" data-subsidy="available">
                {t.subsidy_available}
                {what}
            </p>
        }
        .into_any()
    } else {
        view! {
            <div class="demo-banner" role="alert" data-subsidy="claimed">
                <p>{t.subsidy_claimed} {what}</p>
                <ul>
                    {notice.prior_claims.into_iter().map(|claim| view! {
                        <li>{local_time(claim.created_at)} " · " {claim.status.label(lang)}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any()
    }
}

#[component]
fn DecisionForm(class_id: i64) -> impl IntoView {
    let t = use_lang().class_texts();
    view! {
        <section class="decision">
            <h2>{t.decision}</h2>
            <form class="stack-form" method="post" action=DecideClass::url()>
                <input type="hidden" name="class_id" value=class_id/>
                <input type="hidden" name="decision" value="approve"/>
                <button class="button big" type="submit">{t.approve}</button>
            </form>
            <form class="stack-form" method="post" action=DecideClass::url()>
                <input type="hidden" name="class_id" value=class_id/>
                <input type="hidden" name="decision" value="return"/>
                <label>
                    <span>{t.return_reason}</span>
                    <input name="reason" required maxlength="200"/>
                </label>
                <button class="button big secondary" type="submit">{t.return_for_changes}</button>
            </form>
        </section>
    }
}

/// The bureau's switch for a class's face check, with the reason the
/// class's history keeps.
#[component]
fn FaceCheckRuleForm(class_id: i64, required: bool) -> impl IntoView {
    let t = use_lang().face_check_texts();
    let (label, switch_to) = if required {
        (t.class_rule_off, "false")
    } else {
        (t.class_rule_on, "true")
    };
    view! {
        <section class="decision" data-face-check-rule="">
            <h2>{t.class_rule_title}</h2>
            <form class="stack-form" method="post" action=SetClassFaceCheck::url()>
                <input type="hidden" name="class_id" value=class_id/>
                <input type="hidden" name="required" value=switch_to/>
                <label>
                    <span>{t.reason}</span>
                    <input name="reason" required maxlength="200"/>
                </label>
                <button class="button secondary" type="submit">{label}</button>
            </form>
        </section>
    }
}

/// Blank session rows the application form starts with: enough for a
/// short course without JavaScript (with it, rows can be added).
const NEW_CLASS_SESSION_ROWS: usize = 8;

/// One course the institution may open a class for, with its levels.
#[derive(Clone, Debug)]
pub struct CourseChoice {
    pub course_id: i64,
    pub label: String,
    /// `(level code, label)`.
    pub levels: Vec<(String, String)>,
}

#[component]
pub fn NewClassPage(
    courses: Result<Vec<CourseChoice>, AppError>,
    /// The active online platforms of the city: `(id, name)`.
    platforms: Vec<(i64, String)>,
    /// The training types the applicant may choose.
    training_types: Vec<TrainingType>,
    /// The applicant is an employer training its own staff (its own
    /// commitment wording).
    employer: bool,
    resubmit: Option<i64>,
    /// The training order the class trains.
    order: Option<i64>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.class_texts();
    let title = match resubmit {
        Some(_) => t.change_application,
        None => t.apply_to_open,
    };
    let modes: Vec<(String, String)> = SessionMode::ALL
        .iter()
        .map(|mode| (mode.code().to_owned(), mode.label(lang).to_owned()))
        .collect();
    let courses = match courses {
        Ok(courses) => courses,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    view! {
        <main class="page">
            <h1>{title}</h1>
            <form class="stack-form" method="post" action=SubmitClassApplication::url() data-form="class">
                {resubmit.map(|class_id| view! { <input type="hidden" name="class_id" value=class_id/> })}
                {order.map(|order_id| view! { <input type="hidden" name="order_id" value=order_id/> })}
                <label>
                    <span>{t.course_and_level}</span>
                    <select name="course_level" required>
                        {courses.into_iter().flat_map(|course| {
                            course.levels.into_iter().map(move |(code, label)| {
                                let value = format!("{}:{code}", course.course_id);
                                view! { <option value=value>{format!("{} · {label}", course.label)}</option> }
                            })
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t.training_type}</span>
                    <select name="training_type">
                        {training_types.iter().map(|t| view! { <option value=t.code()>{t.label(lang)}</option> }).collect_view()}
                    </select>
                </label>
                <label><span>{t.capacity}</span><input name="capacity" type="number" min="1" max="200" value="30" required/></label>
                <label><span>{t.teacher}</span><input name="teacher" maxlength="30" required/></label>
                <label><span>{t.venue}</span><input name="venue" maxlength="120" required/></label>
                <fieldset>
                    <legend>{t.venue_coordinates}</legend>
                    <label><span>{t.latitude}</span><input name="latitude" inputmode="decimal" required/></label>
                    <label><span>{t.longitude}</span><input name="longitude" inputmode="decimal" required/></label>
                    <LocateButton/>
                </fieldset>
                <fieldset data-sessions="">
                    <legend>{t.session_plan}</legend>
                    <SessionRows rows=NEW_CLASS_SESSION_ROWS modes/>
                </fieldset>
                <label>
                    <span>{t.online_platform}</span>
                    <select name="online_platform_id">
                        <option value="">{t.no_online_sessions}</option>
                        {platforms.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label class="check-label">
                    <input type="checkbox" name="commitment" required/>
                    <span>{if employer { t.employer_commitment } else { t.commitment }}</span>
                </label>
                <button class="button big" type="submit">{t.submit}</button>
            </form>
        </main>
        <IslandScripts/>
    }
    .into_any()
}
