//! Process inspections (过程检查): `/oversight/inspections?city=` lists a
//! city's inspections by institution and class with the classes never
//! inspected; `/classes/{id}/inspections` shows one class's, where the
//! bureau or its supervisor schedules and records them and files photos,
//! and the institution answers a 整改. Every form works without
//! JavaScript.

use leptos::{prelude::*, server_fn::ServerFn};

use super::frame::{path_value, personal_page, query_value, PageTitle};
use crate::{
    api::inspections::{
        AddInspectionPhoto, AnswerRectification, RecordInspection, ScheduleInspection,
    },
    components::ErrorNotice,
    domain::{
        counted_fewer_than_checked_in, City, InspectionMode, InspectionResult, InspectionStatus,
    },
    error::AppError,
    i18n::use_lang,
    server::{classes::local_time, inspections, visit::parse_id},
    views::{
        ClassInspections, InspectableSession, InspectionOverview, InspectionView,
        ProviderInspections, UninspectedClass,
    },
};

const LIST_TITLE: PageTitle = |lang| lang.inspection_texts().list_title;
const CLASS_TITLE: PageTitle = |lang| lang.inspection_texts().class_title;

/// `/oversight/inspections?city=`.
#[component]
pub fn InspectionsRoute() -> impl IntoView {
    let city = query_value("city");
    personal_page(
        LIST_TITLE,
        move |visit| async move {
            let actor = visit.signed_in()?;
            let city = City::parse_optional(city.as_deref())?;
            inspections::overview(&visit.state, actor, city, visit.now).await
        },
        |found| view! { <InspectionsPage found/> }.into_any(),
    )
}

#[component]
fn InspectionsPage(found: Result<InspectionOverview, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.inspection_texts();
    let overview = match found {
        Ok(overview) => overview,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let heading = match overview.city {
        Some(city) => format!("{} · {}", t.list_title, city.label(lang)),
        None => t.list_title.to_owned(),
    };
    view! {
        <main class="page wide" data-inspections=overview.city.map_or("all", City::code)>
            <h1>{heading}</h1>
            <p class="intro">{t.intro}</p>
            <section>
                <h2>{t.by_provider_heading}</h2>
                <ProviderTable lines=overview.by_provider/>
            </section>
            <section data-section="never-inspected">
                <h2>{t.never_heading}</h2>
                <NeverInspected classes=overview.never_inspected/>
            </section>
            <section>
                <h2>{t.records_heading}</h2>
                <InspectionList inspections=overview.inspections with_class=true/>
            </section>
        </main>
    }
    .into_any()
}

#[component]
fn ProviderTable(lines: Vec<ProviderInspections>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.inspection_texts();
    if lines.is_empty() {
        return view! { <p class="notice">{t.no_inspections}</p> }.into_any();
    }
    let result = |result: InspectionResult| result.label(lang);
    view! {
        <div class="table-scroll">
            <table class="data-table" data-table="by-provider">
                <thead><tr>
                    <th scope="col">{t.provider}</th>
                    <th scope="col">{t.classes}</th>
                    <th scope="col">{t.inspected_classes}</th>
                    <th scope="col">{result(InspectionResult::Pass)}</th>
                    <th scope="col">{result(InspectionResult::Rectify)}</th>
                    <th scope="col">{result(InspectionResult::Fail)}</th>
                    <th scope="col">{t.awaiting_answer}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|line| view! {
                        <tr>
                            <th scope="row">{line.provider_name}</th>
                            <td>{line.classes}</td>
                            <td>{line.inspected_classes}</td>
                            <td>{line.passed}</td>
                            <td>{line.rectify}</td>
                            <td>{line.failed}</td>
                            <td>{line.awaiting_answer}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn NeverInspected(classes: Vec<UninspectedClass>) -> impl IntoView {
    let t = use_lang().inspection_texts();
    if classes.is_empty() {
        return view! { <p class="notice ok">{t.all_inspected}</p> }.into_any();
    }
    view! {
        <ul class="card-list">
            {classes.into_iter().map(|class| {
                let dates = match (class.first_session_at, class.last_session_ends_at) {
                    (Some(first), Some(last)) => format!("{} – {}", local_time(first), local_time(last)),
                    _ => String::new(),
                };
                view! {
                    <li class="card" data-uninspected=class.class_id>
                        <span class="card-title">{format!("{} · {}", class.provider_name, class.occupation_name)}</span>
                        <span class="card-meta">{format!("{} {} · {dates}", t.enrolled, class.enrolled)}</span>
                        <a class="button secondary" href=format!("/classes/{}/inspections", class.class_id)>{t.open_class}</a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Inspections as cards: what was found, and the answer to a 整改.
#[component]
fn InspectionList(inspections: Vec<InspectionView>, with_class: bool) -> impl IntoView {
    let t = use_lang().inspection_texts();
    if inspections.is_empty() {
        return view! { <p class="notice">{t.no_inspections}</p> }.into_any();
    }
    view! {
        <ul class="card-list">
            {inspections.into_iter().map(|inspection| view! {
                <InspectionCard inspection with_class may_answer=false may_inspect=false/>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// One inspection; with the answer form for the class's provider, and
/// the record and photo forms for its inspectors.
#[component]
fn InspectionCard(
    inspection: InspectionView,
    with_class: bool,
    may_answer: bool,
    may_inspect: bool,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.inspection_texts();
    let session = (t.session_label)(
        inspection.session_position,
        &local_time(inspection.session_starts_at),
    );
    let title = if with_class {
        format!(
            "{} · {} · {session}",
            inspection.provider_name, inspection.occupation_name
        )
    } else {
        session
    };
    let status = match inspection.result {
        Some(result) => result.label(lang),
        None => inspection.status.label(lang),
    };
    let fewer = inspection
        .headcount
        .is_some_and(|counted| counted_fewer_than_checked_in(counted, inspection.check_ins));
    let id = inspection.id;
    let scheduled = inspection.status == InspectionStatus::Scheduled;
    view! {
        <li class="card" data-inspection=id data-result=inspection.result.map(InspectionResult::code)>
            <span class="card-title">{title}</span>
            <span class="badge">{status}</span>
            <span class="card-meta">
                {format!("{} · {} {}", inspection.mode.label(lang), t.scheduled_by, inspection.scheduled_by)}
                {inspection.inspector.clone().map(|name| format!(" · {} {name}", t.inspector))}
                {inspection.inspected_at.map(|at| format!(" · {}", local_time(at)))}
            </span>
            {inspection.headcount.map(|counted| view! {
                <span data-headcount=counted>{(t.headcount_against)(counted, inspection.check_ins)}</span>
            })}
            {fewer.then(|| view! { <p class="notice warn" data-fewer-counted="">{t.fewer_counted}</p> })}
            {inspection.teaching_matches_plan.map(|matches| view! {
                <span>{format!("{}：{}", t.teaching, if matches { t.teaching_as_planned } else { t.teaching_off_plan })}</span>
            })}
            {(!inspection.teaching_note.is_empty()).then(|| view! {
                <p><strong>{t.teaching_note}</strong>" "{inspection.teaching_note.clone()}</p>
            })}
            {(!inspection.findings.is_empty()).then(|| view! {
                <p><strong>{t.findings}</strong>" "{inspection.findings.clone()}</p>
            })}
            {(!inspection.answer.is_empty()).then(|| view! {
                <p data-answer=""><strong>{t.answer}</strong>" "{inspection.answer.clone()}</p>
            })}
            {(inspection.awaiting_answer && !may_answer).then(|| view! { <p class="card-meta">{t.answer_due}</p> })}
            <Photos inspection=inspection.clone()/>
            {(inspection.awaiting_answer && may_answer).then(|| view! { <AnswerForm id/> })}
            {(scheduled && may_inspect).then(|| view! {
                <details>
                    <summary>{t.record_scheduled_heading}</summary>
                    <RecordForm target=RecordTarget::Scheduled(id)/>
                </details>
            })}
            {(!scheduled && may_inspect).then(|| view! { <PhotoForm id count=inspection.photos.len()/> })}
        </li>
    }
}

/// The photos, as the service lists them: only for the bureau and its
/// supervisors.
#[component]
fn Photos(inspection: InspectionView) -> impl IntoView {
    let t = use_lang().inspection_texts();
    (!inspection.photos.is_empty()).then(|| {
        view! {
            <div class="inspection-photos">
                <p class="card-meta">{t.photos}</p>
                {inspection.photos.iter().enumerate().map(|(index, photo)| {
                    let src = format!("/api/v1/inspections/{}/photos/{}", inspection.id, photo.id);
                    let caption = (t.photo_caption)(index + 1, photo.content_type.code(), photo.byte_count);
                    view! {
                        <figure>
                            <a href=src.clone()><img src=src.clone() alt=caption.clone() loading="lazy" width="160"/></a>
                            <figcaption>{caption}<br/><code class="checksum">{photo.sha256.clone()}</code></figcaption>
                        </figure>
                    }
                }).collect_view()}
            </div>
        }
    })
}

#[component]
fn AnswerForm(id: i64) -> impl IntoView {
    let t = use_lang().inspection_texts();
    view! {
        <form class="stack-form" method="post" action=AnswerRectification::url() data-form="answer">
            <input type="hidden" name="inspection_id" value=id/>
            <p class="card-meta">{t.answer_intro}</p>
            <label><span>{t.answer_heading}</span><textarea name="answer" required maxlength="1000" rows="4"></textarea></label>
            <button type="submit" class="button">{t.answer_button}</button>
        </form>
    }
}

#[component]
fn PhotoForm(id: i64, count: usize) -> impl IntoView {
    let t = use_lang().inspection_texts();
    (count < crate::domain::MAX_PHOTOS_PER_INSPECTION as usize).then(|| {
        view! {
            <form class="stack-form" method="post" enctype="multipart/form-data" action=AddInspectionPhoto::url() data-form="photo">
                <input type="hidden" name="inspection_id" value=id/>
                <label><span>{t.photo}</span><input type="file" name="photo" required accept="image/jpeg,image/png,image/webp"/></label>
                <p class="card-meta">{t.photo_limits}</p>
                <button type="submit" class="button secondary">{t.upload_button}</button>
            </form>
        }
    })
}

/// `/classes/{id}/inspections`.
#[component]
pub fn ClassInspectionsRoute() -> impl IntoView {
    let id = path_value("id");
    personal_page(
        CLASS_TITLE,
        move |visit| async move {
            let actor = visit.signed_in()?;
            let class_id = parse_id(&id)?;
            inspections::of_class(&visit.state, actor, class_id, visit.now).await
        },
        |found| view! { <ClassInspectionsPage found/> }.into_any(),
    )
}

#[component]
fn ClassInspectionsPage(found: Result<ClassInspections, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.inspection_texts();
    let class = match found {
        Ok(class) => class,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let (may_inspect, may_answer) = (class.may_inspect, class.may_answer);
    let started: Vec<InspectableSession> = class
        .sessions
        .iter()
        .filter(|session| session.started)
        .cloned()
        .collect();
    view! {
        <main class="page" data-class-inspections=class.class_id>
            <a class="back-link" href=format!("/classes/{}", class.class_id)>"‹ " {t.class}</a>
            <h1>{t.class_title}</h1>
            <p class="card-meta">{format!("{} · {} · {}", class.provider_name, class.occupation_name, class.city.label(lang))}</p>
            <p class="intro">{t.intro}</p>
            {may_inspect.then(|| view! { <p class="card-meta">{t.photos_private}</p> })}
            {if class.inspections.is_empty() {
                view! { <p class="notice">{t.no_inspections}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {class.inspections.into_iter().map(|inspection| view! {
                            <InspectionCard inspection with_class=false may_answer may_inspect/>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {may_inspect.then(|| view! {
                <section>
                    <h2>{t.record_heading}</h2>
                    {if started.is_empty() {
                        view! { <p class="notice">{t.no_started_session}</p> }.into_any()
                    } else {
                        view! { <RecordForm target=RecordTarget::Session(started)/> }.into_any()
                    }}
                </section>
                <section>
                    <h2>{t.schedule_heading}</h2>
                    <ScheduleForm sessions=class.sessions.clone()/>
                </section>
            })}
        </main>
    }
    .into_any()
}

/// What the record form records on: a session to pick, or a scheduled
/// inspection.
#[derive(Clone)]
enum RecordTarget {
    Session(Vec<InspectableSession>),
    Scheduled(i64),
}

#[component]
fn SessionPicker(sessions: Vec<InspectableSession>) -> impl IntoView {
    let t = use_lang().inspection_texts();
    view! {
        <label>
            <span>{t.session}</span>
            <select name="session_id" required>
                {sessions.into_iter().map(|session| {
                    let label = format!(
                        "{} · {} {}",
                        (t.session_label)(session.position, &local_time(session.starts_at)),
                        t.check_ins,
                        session.check_ins
                    );
                    view! { <option value=session.session_id>{label}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn ModePicker() -> impl IntoView {
    let lang = use_lang();
    let t = lang.inspection_texts();
    view! {
        <label>
            <span>{t.mode}</span>
            <select name="mode">
                {InspectionMode::ALL.iter().map(|mode| view! {
                    <option value=mode.code()>{mode.label(lang)}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn RecordForm(target: RecordTarget) -> impl IntoView {
    let lang = use_lang();
    let t = lang.inspection_texts();
    let which = match target {
        RecordTarget::Session(sessions) => view! { <SessionPicker sessions/> }.into_any(),
        RecordTarget::Scheduled(id) => {
            view! { <input type="hidden" name="inspection_id" value=id/> }.into_any()
        }
    };
    view! {
        <form class="stack-form" method="post" action=RecordInspection::url() data-form="record-inspection">
            <p class="card-meta">{t.record_intro}</p>
            {which}
            <ModePicker/>
            <label>
                <span>{t.headcount}</span>
                <input type="number" name="headcount" min="0" max="1000" required inputmode="numeric"/>
            </label>
            <fieldset>
                <legend>{t.teaching}</legend>
                <label class="inline"><input type="radio" name="teaching_matches_plan" value="yes" required/>{t.teaching_as_planned}</label>
                <label class="inline"><input type="radio" name="teaching_matches_plan" value="no"/>{t.teaching_off_plan}</label>
            </fieldset>
            <label><span>{t.teaching_note}</span><textarea name="teaching_note" maxlength="500" rows="2"></textarea></label>
            <label><span>{t.findings}</span><textarea name="findings" maxlength="2000" rows="4"></textarea></label>
            <label>
                <span>{t.result}</span>
                <select name="result">
                    {InspectionResult::ALL.iter().map(|result| view! {
                        <option value=result.code()>{result.label(lang)}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button">{t.record_button}</button>
        </form>
    }
}

#[component]
fn ScheduleForm(sessions: Vec<InspectableSession>) -> impl IntoView {
    let t = use_lang().inspection_texts();
    let upcoming: Vec<InspectableSession> = sessions.into_iter().filter(|s| !s.started).collect();
    if upcoming.is_empty() {
        return ().into_any();
    }
    view! {
        <form class="stack-form" method="post" action=ScheduleInspection::url() data-form="schedule-inspection">
            <SessionPicker sessions=upcoming/>
            <ModePicker/>
            <button type="submit" class="button secondary">{t.schedule_button}</button>
        </form>
    }
    .into_any()
}
