//! The class and attendance pages: server-rendered documents (no
//! WebAssembly) driven by `/classes.js`. Each handler reads who is
//! asking, calls the same services the JSON API uses, and renders.

use app::{
    domain::{City, Role},
    error::{AppError, Refusal},
    i18n::Lang,
    pages::{
        CheckInPage, ClassDetailPage, ClassListPage, CourseChoice, DisplayScreenPage,
        MyClassesPage, NewClassPage, RiskWarningsPage, RosterPage, ScreenPage, Viewer,
    },
    server::{
        access::Actor,
        account_pages::{bare_document, document},
        attendance::{self, SessionBrief},
        classes::{self, ClassQuery},
        db::classes::list_trainable_courses,
        request, risk, sessions, AppState,
    },
};
use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Response},
    routing::get,
    Router,
};
use chrono::Utc;
use leptos::prelude::*;
use serde::Deserialize;

pub(crate) const SCRIPTS: &[&str] = &["/api.js", "/passkey.js", "/classes.js"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/classes", get(class_list))
        .route("/classes/new", get(new_class))
        .route("/classes/{id}", get(class_detail))
        .route("/my/classes", get(my_classes))
        .route("/c/{code}", get(check_in))
        .route("/sessions/{id}/screen", get(screen))
        .route("/screen/{token}", get(display_screen))
        .route("/sessions/{id}/roster", get(roster))
        .route("/risk-warnings", get(risk_warnings))
}

/// Who is asking, the page language and the current path.
pub(crate) struct Visit {
    pub(crate) lang: Lang,
    pub(crate) actor: Option<Actor>,
    path: String,
}

pub(crate) async fn visit(state: &AppState, headers: &HeaderMap, uri: &axum::http::Uri) -> Visit {
    let actor = sessions::current_actor(&state.db, headers, Utc::now())
        .await
        .ok()
        .flatten();
    Visit {
        lang: request::lang(headers),
        actor,
        path: uri.path().to_owned(),
    }
}

pub(crate) fn render(
    state: &AppState,
    visit: &Visit,
    title: (&'static str, &'static str),
    body: impl FnOnce() -> AnyView,
) -> Response {
    let title = match visit.lang {
        Lang::Zh => title.0,
        Lang::En => title.1,
    };
    let html = document(
        &state.leptos_options,
        visit.lang,
        &visit.path,
        title,
        SCRIPTS,
        body,
    );
    ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

pub(crate) fn signed_in(visit: &Visit) -> Result<&Actor, AppError> {
    visit
        .actor
        .as_ref()
        .ok_or(AppError::Refused(Refusal::SignInRequired))
}

pub(crate) fn parse_id(raw: &str) -> Result<i64, AppError> {
    app::domain::parse_bounded_int(app::domain::Field::Id, raw, 1, i64::MAX).map_err(Into::into)
}

/// Renders a page around content that may have failed to load; such a
/// page answers with the failure's status (401, 403, 404, ...).
pub(crate) fn page_around<T: 'static>(
    state: &AppState,
    visit: &Visit,
    title: (&'static str, &'static str),
    content: Result<T, AppError>,
    body: impl FnOnce(Result<T, AppError>) -> AnyView,
) -> Response {
    let failure = content.as_ref().err().map(AppError::status);
    let mut response = render(state, visit, title, move || body(content));
    if let Some(status) = failure.and_then(|code| StatusCode::from_u16(code).ok()) {
        *response.status_mut() = status;
    }
    response
}

/// The signed-in reader and the id in the path, or why there is none.
pub(crate) fn reader_and_id<'a>(visit: &'a Visit, raw: &str) -> Result<(&'a Actor, i64), AppError> {
    Ok((signed_in(visit)?, parse_id(raw)?))
}

#[derive(Deserialize)]
struct ListQuery {
    city: Option<String>,
}

async fn class_list(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Query(query): Query<ListQuery>,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let viewer = Viewer::of(visit.actor.as_ref());
    let city = query
        .city
        .as_deref()
        .and_then(|code| City::parse(code).ok())
        .or_else(|| visit.actor.as_ref().and_then(|a| a.city))
        .or_else(|| request::remembered_city(&headers));
    let query = ClassQuery {
        city: match viewer {
            Viewer::Bureau | Viewer::Institution | Viewer::Province => None,
            _ => city,
        },
        status: None,
        course_id: None,
    };
    let classes = classes::list(&state, visit.actor.as_ref(), &query, Utc::now()).await;
    render(&state, &visit, ("班级", "Classes"), move || {
        view! { <ClassListPage viewer classes/> }.into_any()
    })
}

async fn class_detail(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Path(raw): Path<String>,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let viewer = Viewer::of(visit.actor.as_ref());
    let class = match parse_id(&raw) {
        Ok(id) => classes::detail(&state, visit.actor.as_ref(), id).await,
        Err(error) => Err(error),
    };
    let ratings = match &class {
        Ok(class) => {
            app::server::completion::class_ratings(&state, visit.actor.as_ref(), class.summary.id)
                .await
                .ok()
        }
        Err(_) => None,
    };
    let notice = match (&class, visit.actor.as_ref()) {
        (Ok(class), Some(actor))
            if actor.role == Role::Worker && class.my_enrolment_id.is_none() =>
        {
            classes::enrolment_notice(&state, actor, class.summary.id)
                .await
                .ok()
        }
        _ => None,
    };
    render(&state, &visit, ("班级", "Class"), move || {
        view! { <ClassDetailPage viewer class notice ratings/> }.into_any()
    })
}

#[derive(Deserialize)]
struct NewClassQuery {
    resubmit: Option<String>,
}

async fn new_class(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Query(query): Query<NewClassQuery>,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let (courses, platforms) = match platform_choices(&state, &visit).await {
        Ok(platforms) => (course_choices(&state, &visit).await, platforms),
        Err(error) => (Err(error), Vec::new()),
    };
    let resubmit = query.resubmit.as_deref().and_then(|id| parse_id(id).ok());
    render(
        &state,
        &visit,
        ("申请开班", "Apply to open a class"),
        move || view! { <NewClassPage courses platforms resubmit/> }.into_any(),
    )
}

/// The online platforms of the institution's city whose keys work, for
/// the class to choose the one that reports its online sessions.
async fn platform_choices(state: &AppState, visit: &Visit) -> Result<Vec<(i64, String)>, AppError> {
    let actor = signed_in(visit)?;
    let (_, city) = actor.own_institution()?;
    let rows = app::server::db::attendance::list_platforms(&state.db, Some(city.code()))
        .await
        .map_err(app::server::database_failure("listing online platforms"))?;
    Ok(rows
        .into_iter()
        .filter(|row| row.revoked_at.is_none())
        .map(|row| (row.id, row.name))
        .collect())
}

/// The courses of the institution's city's published catalogue that it
/// may train, each with its subsidised levels.
async fn course_choices(state: &AppState, visit: &Visit) -> Result<Vec<CourseChoice>, AppError> {
    let actor = signed_in(visit)?;
    let (institution_id, city) = actor.own_institution()?;
    let rows = list_trainable_courses(&state.db, institution_id, city.code())
        .await
        .map_err(app::server::database_failure("listing trainable courses"))?;
    let mut choices = Vec::with_capacity(rows.len());
    for row in rows {
        let kind = app::domain::CertificateKind::parse(&row.certificate_kind)?;
        let standard = app::server::db::catalogue::find_subsidy_standard(&state.db, row.id, kind)
            .await
            .map_err(app::server::database_failure("reading a subsidy standard"))?;
        choices.push(CourseChoice {
            course_id: row.id,
            label: row.occupation_name,
            levels: standard
                .amounts()
                .iter()
                .map(|amount| {
                    (
                        amount.level.code().to_owned(),
                        format!(
                            "{} {}",
                            amount.level.label(visit.lang),
                            amount.amount.yuan_text()
                        ),
                    )
                })
                .collect(),
        });
    }
    Ok(choices)
}

async fn my_classes(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let now = Utc::now();
    let enrolments = async {
        let actor = signed_in(&visit)?;
        let list = classes::my_enrolments(&state, actor).await?;
        let mut with_hours = Vec::with_capacity(list.len());
        for enrolment in list {
            let ledger = attendance::ledger(&state, actor, enrolment.id, now).await;
            with_hours.push((enrolment, ledger));
        }
        Ok(with_hours)
    }
    .await;
    render(&state, &visit, ("我的学时", "My hours"), move || {
        view! { <MyClassesPage enrolments/> }.into_any()
    })
}

/// Opened by the phone's camera from the classroom code. Checking the code
/// writes nothing; the page's script takes the scan at once.
async fn check_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Path(code): Path<String>,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let checked = attendance::inspect_code(&state, &code, Utc::now())
        .await
        .map(|(code, session)| (code.direction, attendance::brief(&session)));
    let signed_in_as = visit
        .actor
        .as_ref()
        .filter(|actor| actor.role == Role::Worker)
        .map(|actor| actor.display_name.clone());
    let mut response = page_around(
        &state,
        &visit,
        ("扫码签到", "Check-in"),
        checked,
        move |checked| view! { <CheckInPage code checked signed_in_as/> }.into_any(),
    );
    if attendance::device_id(&headers).is_none() {
        let cookie = attendance::new_device_cookie(state.security.secure_cookies);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The session a staff page is about; the page's script loads the roster
/// or the codes itself.
async fn overseen_session(
    state: &AppState,
    visit: &Visit,
    raw: &str,
) -> Result<SessionBrief, AppError> {
    let (actor, id) = reader_and_id(visit, raw)?;
    attendance::session_for_staff(state, actor, id, Utc::now()).await
}

async fn screen(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Path(raw): Path<String>,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let session = overseen_session(&state, &visit, &raw).await;
    render(
        &state,
        &visit,
        ("签到二维码", "Check-in code"),
        move || view! { <ScreenPage session/> }.into_any(),
    )
}

async fn roster(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Path(raw): Path<String>,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let session = overseen_session(&state, &visit, &raw).await;
    let may_correct = matches!(
        visit.actor.as_ref().map(|a| a.role),
        Some(Role::Institution | Role::Bureau)
    );
    render(&state, &visit, ("签到名单", "Roster"), move || {
        view! { <RosterPage session may_correct/> }.into_any()
    })
}

async fn risk_warnings(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    let visit = visit(&state, &headers, &uri).await;
    let warnings = match signed_in(&visit) {
        Ok(actor) => risk::list(&state, actor, true, visit.lang, Utc::now()).await,
        Err(error) => Err(error),
    };
    render(
        &state,
        &visit,
        ("风险预警", "Risk warnings"),
        move || view! { <RiskWarningsPage warnings/> }.into_any(),
    )
}

/// The scripts of the display page: the code only, no passkey forms.
const DISPLAY_SCRIPTS: &[&str] = &["/api.js", "/classes.js"];

/// The classroom display opened from a display link: no sign-in, no site
/// header, only the rotating code. A link of another day (410) or a
/// forged one (400) answers with its status and a sentence in the page's
/// language.
async fn display_screen(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let lang = request::lang(&headers);
    let session = app::server::screens::screen_session(&state, &token, Utc::now()).await;
    let failure = session.as_ref().err().map(AppError::status);
    let html = bare_document(
        &state.leptos_options,
        lang,
        lang.screen_texts().display_title,
        DISPLAY_SCRIPTS,
        move || view! { <DisplayScreenPage token session/> }.into_any(),
    );
    let mut response = ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response();
    if let Some(status) = failure.and_then(|code| StatusCode::from_u16(code).ok()) {
        *response.status_mut() = status;
    }
    response
}
