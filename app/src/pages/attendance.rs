//! Attendance pages: the worker's check-in page (opened by scanning; the
//! confirmation is an island), the classroom screen with its rotating
//! code (an island), the live roster (an island), the worker's hours, and
//! the bureau's risk warnings.

use leptos::{prelude::*, server_fn::ServerFn};

use super::frame::{bare_page, optional_section, path_value, personal_page, query_value};
use crate::views::{
    AssuranceSummary, CityFaceRule, EnrolmentView, HoursLedger, SessionBrief, WarningView,
};
use crate::{
    api::{
        attendance::{ClearWarning, CodeSource, SetCityFaceCheck, SetHeadcount},
        check_in::FaceStep,
        roster::RosterShown,
    },
    components::{ErrorNotice, HandOff, IslandScripts},
    domain::{hours, InAppBrowser, MarkAssurance, Role, ScanPurpose, SessionMode},
    error::{AppError, Refusal},
    i18n::{use_lang, Lang},
    islands::{CheckInConfirm, ClassroomCode, DeviceKeySetup, LiveRoster},
    server::{
        attendance,
        classes::{self, local_time},
        device_keys, face_checks, hours_ledger, request, screens,
        visit::{parse_id, see_other, set_cookie, PageRequest},
        warning_review,
    },
};

/// `/my/classes`: the worker's enrolments with their hours.
#[component]
pub fn MyClassesRoute() -> impl IntoView {
    personal_page(
        |lang| lang.attendance_texts().my_hours,
        |visit| async move { Ok(enrolments_with_hours(&visit).await) },
        |found| {
            let enrolments = found.and_then(|enrolments| enrolments);
            view! { <MyClassesPage enrolments/> }.into_any()
        },
    )
}

async fn enrolments_with_hours(visit: &PageRequest) -> Result<Vec<EnrolmentHours>, AppError> {
    let actor = visit.signed_in()?;
    let list = classes::my_enrolments(&visit.state, actor).await?;
    let mut with_hours = Vec::with_capacity(list.len());
    for enrolment in list {
        let ledger = hours_ledger::ledger(&visit.state, actor, enrolment.id, visit.now).await;
        with_hours.push((enrolment, ledger));
    }
    Ok(with_hours)
}

/// `/c/{code}`: opened by the phone's camera from the classroom code.
/// Checking the code writes nothing; the page's script takes the scan at
/// once. The page gives a browser without one its device cookie. An
/// in-app browser (WeChat, Alipay) is sent on to `?handoff=…` and told how
/// to open that address in the phone's own browser, where the code still
/// holds within the scan grace.
#[component]
pub fn CheckInRoute() -> impl IntoView {
    let code = path_value("code");
    let handoff = query_value("handoff");
    let face = query_value("face");
    let shown_code = code.clone();
    personal_page(
        |lang| lang.check_in_texts().page_title,
        move |visit| check_code(visit, code, handoff, face),
        move |found| view! { <CheckInPage code=shown_code found/> }.into_any(),
    )
}

/// What the check-in page shows.
pub struct CheckInFound {
    pub purpose: ScanPurpose,
    pub session: SessionBrief,
    /// The signed-in worker's name.
    pub signed_in_as: Option<String>,
    /// The hand-off token the page's address carries.
    pub handoff: Option<String>,
    /// An in-app browser that hides passkeys: the page explains the
    /// hand-off to the phone's own browser.
    pub in_app: Option<InAppBrowser>,
    /// How long a handed-off code holds after its step, in seconds.
    pub handoff_seconds: i64,
    /// A signed-in worker on the password fallback (no passkey, no device
    /// key): their account id, to offer the device key here.
    pub device_key_offer: Option<String>,
    /// The face check a signed-in worker passes before confirming.
    pub face: Option<FaceStep>,
    /// The class asks everyone for a face check, and nobody is signed in.
    pub face_sign_in_first: bool,
}

async fn check_code(
    visit: PageRequest,
    code: String,
    handoff: Option<String>,
    face: Option<String>,
) -> Result<CheckInFound, AppError> {
    if request::device_id(&visit.headers).is_none() {
        set_cookie(&attendance::new_device_cookie(
            visit.state.security.secure_cookies,
        ));
    }
    let in_app = visit.in_app_browser();
    let handoff = match (in_app, handoff) {
        (Some(_), None) => {
            let token = attendance::handoff_token(&visit.state, &code, visit.now)?;
            let handed_on = [("handoff", Some(token.as_str()))];
            see_other(&crate::url::with_query(&format!("/c/{code}"), &handed_on));
            Some(token)
        }
        (_, handoff) => handoff,
    };
    let scanned = attendance::Scanned {
        code: &code,
        handoff: handoff.as_deref(),
    };
    // Back from the face check, the code has rotated; its scan is held.
    let after_face_check = match (visit.actor.as_ref(), face.as_deref()) {
        (Some(actor), Some(nonce)) => {
            face_checks::came_back_to(&visit.state, actor, nonce, &code).await?
        }
        _ => false,
    };
    let inspected = if after_face_check {
        attendance::inspect_code_after_face_check(&visit.state, &code, visit.now).await?
    } else {
        attendance::inspect_code(&visit.state, scanned, visit.now).await?
    };
    let device_key_offer = match visit.actor.as_ref() {
        Some(actor) if actor.role == Role::Worker => {
            device_keys::offered_to(&visit.state, actor).await?
        }
        _ => None,
    };
    let session_id = inspected.session.session_id;
    let face_step = match visit.actor.as_ref() {
        Some(actor) => face_checks::step_for(&visit.state, actor, session_id, face.as_deref())
            .await?
            .map(|step| FaceStep {
                consented: step.consented,
                returned: step.returned,
            }),
        None => None,
    };
    let face_sign_in_first = visit.actor.is_none()
        && face_checks::class_requires(&visit.state, inspected.session.class_id).await?;
    Ok(CheckInFound {
        face: face_step,
        face_sign_in_first,
        purpose: inspected.code.purpose,
        session: attendance::brief(&inspected.session),
        signed_in_as: visit
            .actor
            .as_ref()
            .filter(|actor| actor.role == Role::Worker)
            .map(|actor| actor.display_name.clone()),
        handoff,
        in_app,
        handoff_seconds: visit.state.attendance.scan_grace.num_seconds(),
        device_key_offer,
    })
}

/// `/face-check/return?nonce=…`: where the provider's page sends the
/// worker back. The signed outcome is fetched and kept, and the worker
/// goes on (303) to the check-in page they came from, which tells it. A
/// check still running, or a provider out of reach, is told here with
/// the way to try again.
#[component]
pub fn FaceCheckReturnRoute() -> impl IntoView {
    let nonce = query_value("nonce");
    personal_page(
        |lang| lang.face_check_texts().title,
        move |visit| async move {
            let actor = visit.signed_in()?;
            let nonce = nonce.ok_or(AppError::Refused(Refusal::Expired))?;
            let device = request::device_id(&visit.headers);
            let back =
                face_checks::finish(&visit.state, actor, &nonce, device.as_deref(), visit.now)
                    .await?;
            see_other(&back.return_to);
            Ok(back.return_to)
        },
        |found| view! { <FaceCheckReturnPage found/> }.into_any(),
    )
}

/// `/face-check/go?nonce=…`: the step between the check-in page's form
/// and the provider's page, a link the worker follows (a form of this site
/// may not send the browser to another site itself), for the browser
/// that started the check only.
#[component]
pub fn FaceCheckGoRoute() -> impl IntoView {
    let nonce = query_value("nonce");
    personal_page(
        |lang| lang.face_check_texts().title,
        move |visit| async move {
            let actor = visit.signed_in()?;
            let nonce = nonce.ok_or(AppError::Refused(Refusal::Expired))?;
            let device = request::device_id(&visit.headers);
            face_checks::provider_page(&visit.state, actor, &nonce, device.as_deref(), visit.now)
                .await
        },
        |found| view! { <FaceCheckGoPage found/> }.into_any(),
    )
}

#[component]
fn FaceCheckGoPage(found: Result<String, AppError>) -> impl IntoView {
    let t = use_lang().face_check_texts();
    let next = match found {
        Ok(address) => view! {
            <p class="hint">{t.go_intro}</p>
            <p><a class="button big" href=address rel="noreferrer" data-face-go="">{t.go}</a></p>
        }
        .into_any(),
        Err(error) => view! { <ErrorNotice error/> }.into_any(),
    };
    view! {
        <main class="page check-in">
            <h1>{t.title}</h1>
            {next}
        </main>
    }
}

#[component]
fn FaceCheckReturnPage(found: Result<String, AppError>) -> impl IntoView {
    let t = use_lang().face_check_texts();
    let next = match found {
        Ok(back) => {
            view! { <p><a class="button" href=back>{t.back_to_check_in}</a></p> }.into_any()
        }
        Err(error) => view! {
            <ErrorNotice error/>
            <p><a class="button secondary" href="" data-face-try-again="">{t.try_again}</a></p>
        }
        .into_any(),
    };
    view! {
        <main class="page check-in">
            <h1>{t.title}</h1>
            {next}
        </main>
    }
}

/// The session a staff page is about; the page's script loads the roster
/// or the codes itself.
async fn overseen_session(visit: &PageRequest, raw_id: &str) -> Result<SessionBrief, AppError> {
    let actor = visit.signed_in()?;
    let id = parse_id(raw_id)?;
    attendance::session_for_staff(&visit.state, actor, id, visit.now).await
}

/// `/sessions/{id}/screen`: the classroom screen with the rotating code.
#[component]
pub fn ScreenRoute() -> impl IntoView {
    let id = path_value("id");
    personal_page(
        |lang| lang.screen_texts().display_title,
        move |visit| async move { Ok(overseen_session(&visit, &id).await) },
        |found| {
            let session = found.and_then(|session| session);
            view! { <ScreenPage session/> }.into_any()
        },
    )
}

/// `/screen/{token}`: the classroom display opened from a display link:
/// no sign-in, no site header, only the rotating code. A link of another
/// day (410) or a forged one (400) answers with its status and a sentence
/// in the page's language.
#[component]
pub fn DisplayScreenRoute() -> impl IntoView {
    let token = path_value("token");
    let shown_token = token.clone();
    bare_page(
        |lang| lang.screen_texts().display_title,
        move |visit| async move { screens::screen_session(&visit.state, &token, visit.now).await },
        move |session| view! { <DisplayScreenPage token=shown_token session/> }.into_any(),
    )
}

/// `/sessions/{id}/roster`: the live roster, with corrections for the
/// institution and the bureau.
#[component]
pub fn RosterRoute() -> impl IntoView {
    let id = path_value("id");
    personal_page(
        |lang| lang.roster_texts().page_title,
        move |visit| async move { Ok(roster_of(&visit, &id).await) },
        |found| {
            let roster = found.and_then(|roster| roster);
            view! { <RosterPage roster/> }.into_any()
        },
    )
}

/// The roster of a session the caller oversees, in the page's language,
/// and whether the caller may correct it.
async fn roster_of(visit: &PageRequest, raw_id: &str) -> Result<RosterOnPage, AppError> {
    let actor = visit.signed_in()?;
    let id = parse_id(raw_id)?;
    let roster = attendance::roster(&visit.state, actor, id, visit.now).await?;
    Ok(RosterOnPage {
        first: crate::api::roster::shown(&roster, visit.lang),
        session: roster.session,
        // The roster is read only by those who oversee the class: of
        // them, its provider's staff and the bureau run it.
        may_correct: matches!(
            actor.role,
            Role::Institution | Role::Employer | Role::Bureau
        ),
    })
}

/// What the roster page shows first.
pub struct RosterOnPage {
    session: SessionBrief,
    first: RosterShown,
    may_correct: bool,
}

/// `/risk-warnings`: the bureau's open fraud warnings.
#[component]
pub fn RiskWarningsRoute() -> impl IntoView {
    personal_page(
        |lang| lang.attendance_texts().risk_warnings,
        |visit| async move {
            Ok(match visit.signed_in() {
                Ok(actor) => {
                    let warnings =
                        warning_review::list(&visit.state, actor, true, visit.lang, visit.now)
                            .await;
                    // The province chooses a city on the API; the page
                    // shows a bureau its own.
                    let summary = match actor.city {
                        Some(city) => optional_section(
                            device_keys::assurance_summary(
                                &visit.state,
                                actor,
                                Some(city),
                                visit.now,
                            )
                            .await,
                        )?,
                        None => None,
                    };
                    let face_rule = match actor.city {
                        Some(city) => optional_section(
                            face_checks::city_rule(&visit.state, actor, city, visit.now).await,
                        )?,
                        None => None,
                    };
                    warnings.map(|warnings| (warnings, summary, face_rule))
                }
                Err(error) => Err(error),
            })
        },
        |found| match found.and_then(|found| found) {
            Ok((warnings, summary, face_rule)) => {
                view! { <RiskWarningsPage warnings=Ok(warnings) summary face_rule/> }.into_any()
            }
            Err(error) => {
                view! { <RiskWarningsPage warnings=Err(error) summary=None face_rule=None/> }
                    .into_any()
            }
        },
    )
}

fn session_line(session: &SessionBrief, lang: Lang) -> String {
    let t = lang.check_in_texts();
    (t.session_line)(
        session.position,
        session.session_count,
        &local_time(session.starts_at),
    )
}

/// Opened by scanning the classroom code: who, where, and one big button
/// that confirms with the passkey (the island takes the scan as soon as
/// the page is interactive, so the code's seconds are not lost).
#[component]
pub fn CheckInPage(code: String, found: Result<CheckInFound, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.check_in_texts();
    let found = match found {
        Ok(found) => found,
        Err(error) => {
            return view! {
                <main class="page check-in">
                    <h1>{t.page_title}</h1>
                    <ErrorNotice error/>
                </main>
            }
            .into_any()
        }
    };
    let CheckInFound {
        purpose,
        session,
        signed_in_as,
        handoff,
        in_app,
        handoff_seconds,
        device_key_offer,
        face,
        face_sign_in_first,
    } = found;
    let this_page =
        crate::url::with_query(&format!("/c/{code}"), &[("handoff", handoff.as_deref())]);
    let sign_in_link = crate::url::with_query("/sign-in", &[("next", Some(&this_page))]);
    let signed_in = signed_in_as.is_some();
    let scanned = code.clone();
    // Inside the app the scan is taken with the fresh code itself: the
    // hand-off link is kept for the phone's own browser, where it works once.
    let island_handoff = if in_app.is_some() { None } else { handoff };
    let confirm =
        view! { <CheckInConfirm code handoff=island_handoff signed_in sign_in_link face/> };
    let confirm = match in_app {
        None => confirm.into_any(),
        Some(app) => view! {
            <HandOff app seconds=Some(handoff_seconds)/>
            <details class="fallback" data-stay-in-app="">
                <summary>{t.handoff.stay_here}</summary>
                {confirm}
            </details>
        }
        .into_any(),
    };
    view! {
        <main class="page check-in" data-check-in=scanned>
            <h1>{purpose.label(lang)}</h1>
            {(purpose == ScanPurpose::RollCall).then(|| view! {
                <p class="notice" data-roll-call-intro="">{t.roll_call_intro}</p>
            })}
            <p class="check-in-class">{session.occupation_name.clone()}</p>
            <p class="intro">{session.institution_name.clone()} " · " {session.venue.clone()}</p>
            <p class="intro">{session_line(&session, lang)}</p>
            {signed_in_as.map(|name| view! {
                <p class="card-meta">{t.signed_in_as} {name}</p>
            })}
            <p class="hint">{t.position_hint}</p>
            {face_sign_in_first.then(|| view! {
                <p class="notice" data-face-sign-in-first="">{lang.face_check_texts().sign_in_first}</p>
            })}
            {confirm}
            {device_key_offer.map(|account_id| view! {
                <details class="fallback" data-device-key-offer="">
                    <summary>{t.offer_device_key}</summary>
                    <DeviceKeySetup account_id password_again=true/>
                </details>
            })}
        </main>
        <IslandScripts/>
    }
    .into_any()
}

/// The classroom screen: the rotating QR code, full screen.
#[component]
pub fn ScreenPage(session: Result<SessionBrief, AppError>) -> impl IntoView {
    let lang = use_lang();
    let session = match session {
        Ok(session) => session,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let source = CodeSource::Session(session.session_id);
    view! {
        <main class="screen" data-screen=session.session_id.to_string()>
            <p class="screen-title">{session.occupation_name.clone()} " · " {session_line(&session, lang)}</p>
            <ClassroomCode source/>
        </main>
        <IslandScripts/>
    }
    .into_any()
}

/// The classroom display opened from a display link: only the rotating
/// code, its direction and its times. No roster, no names, no links.
#[component]
pub fn DisplayScreenPage(token: String, session: Result<SessionBrief, AppError>) -> impl IntoView {
    let lang = use_lang();
    let session = match session {
        Ok(session) => session,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let source = CodeSource::DisplayLink(token.clone());
    view! {
        <main class="screen" data-screen-token=token>
            <p class="screen-title">{session.occupation_name.clone()} " · " {session_line(&session, lang)}</p>
            <ClassroomCode source/>
        </main>
        <IslandScripts/>
    }
    .into_any()
}

/// The live roster: counts and names update without reloading (the
/// island); the headcount form works without JavaScript.
#[component]
pub fn RosterPage(roster: Result<RosterOnPage, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.roster_texts();
    let RosterOnPage {
        session,
        first,
        may_correct,
    } = match roster {
        Ok(roster) => roster,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let session_id = session.session_id;
    view! {
        <main class="page" data-roster=session_id.to_string()>
            <h1>{t.page_title}</h1>
            <p class="intro">{session.occupation_name.clone()} " · " {session_line(&session, lang)}</p>
            {may_correct.then(|| view! {
                <form class="stack-form inline-form" method="post" action=SetHeadcount::url()>
                    <input type="hidden" name="session_id" value=session_id/>
                    <label><span>{t.people_counted}</span>
                        <input name="headcount" type="number" min="0" max="1000" required/></label>
                    <button class="button" type="submit">{t.save}</button>
                </form>
            })}
            <LiveRoster session_id may_correct first/>
        </main>
        <IslandScripts/>
    }
    .into_any()
}

/// One enrolment with its hours (or why they could not be read).
pub type EnrolmentHours = (EnrolmentView, Result<HoursLedger, AppError>);

/// The worker's enrolments with the hours of each.
#[component]
pub fn MyClassesPage(enrolments: Result<Vec<EnrolmentHours>, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.attendance_texts();
    view! {
        <main class="page">
            <h1>{t.my_enrolments_and_hours}</h1>
            {match enrolments {
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
                Ok(list) if list.is_empty() => view! {
                    <p class="notice">{t.no_enrolments}</p>
                    <a class="button big" href="/classes">{t.find_a_class}</a>
                }.into_any(),
                Ok(list) => list.into_iter().map(|(enrolment, ledger)| view! {
                    <section class="card ledger">
                        <h2><a href=format!("/classes/{}", enrolment.class_id)>{enrolment.occupation_name.clone()}</a></h2>
                        <p class="card-meta">{enrolment.institution_name.clone()} " · " {enrolment.certificate_level.label(lang)}</p>
                        {match ledger {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(ledger) => view! { <Ledger ledger/> }.into_any(),
                        }}
                    </section>
                }).collect_view().into_any(),
            }}
        </main>
    }
}

#[component]
fn Ledger(ledger: HoursLedger) -> impl IntoView {
    let lang = use_lang();
    let t = lang.attendance_texts();
    let weak = ledger
        .lines
        .iter()
        .filter(|line| {
            matches!(
                line.assurance,
                Some(MarkAssurance::Password | MarkAssurance::Staff)
            )
        })
        .count();
    view! {
        <p class="ledger-total">
            {t.attendance} <strong>{format!("{}%", ledger.attendance_percent)}</strong>
            " · " {hours(ledger.attended_minutes)} " / " {hours(ledger.scheduled_minutes)} {t.hours_unit}
            {(ledger.scheduled_online_minutes > 0).then(|| view! {
                " · " {t.online} {hours(ledger.online_minutes)} {t.hours_unit}
            })}
        </p>
        {(weak > 0).then(|| view! {
            <p class="hint" data-weak-sessions=weak>
                {(t.weak_sessions)(weak)} " " <a href="/account#device-key-title">{t.move_up}</a>
            </p>
        })}
        <ol class="session-list">
            {ledger.lines.into_iter().map(|line| {
                let state = match (line.mode, line.check_in, line.check_out) {
                    (SessionMode::Online, ..) if line.attended_minutes > 0 => t.studied_online,
                    (SessionMode::Online, ..) => t.no_online_study,
                    (_, Some(_), Some(_)) => t.checked_in_and_out,
                    (_, Some(_), None) => t.checked_in_not_out,
                    _ => t.not_checked_in,
                };
                view! {
                    <li>
                        <span>{local_time(line.starts_at)}</span>
                        <span class="card-meta">
                            {state} " · " {hours(line.attended_minutes)} " / " {hours(line.scheduled_minutes)} {t.hours_unit}
                            {line.assurance.map(|level| view! { " · " <span data-assurance=level.code()>{level.label(lang)}</span> })}
                        </span>
                        {line.roll_calls.into_iter().map(|standing| match standing.answer {
                            Some(level) => view! {
                                <span class="card-meta" data-roll-call=standing.seq>
                                    {(t.roll_call_answered)(standing.seq, level.label(lang))}
                                </span>
                            }.into_any(),
                            None => view! {
                                <span class="hint warning" data-roll-call-missed=standing.seq>
                                    {(t.roll_call_missed)(standing.seq)}
                                </span>
                            }.into_any(),
                        }).collect_view()}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// What the city's phones and check-ins can prove: workers by phone class,
/// check-ins by assurance level.
#[component]
fn AssuranceFigures(summary: AssuranceSummary) -> impl IntoView {
    let lang = use_lang();
    let t = lang.attendance_texts();
    view! {
        <section class="card" aria-labelledby="assurance-title" data-assurance-summary="">
            <h2 id="assurance-title">{t.assurance_summary}</h2>
            <dl class="facts">
                <dt>{t.workers_by_phone}</dt>
                <dd>
                    {summary.workers.iter().map(|group| {
                        let name = group.capability.map_or(t.phone_not_seen, |class| class.label(lang));
                        let code = group.capability.map_or("unknown", |class| class.code());
                        view! { <span data-capability=code>{name} " " {group.count}</span> " · " }
                    }).collect_view()}
                </dd>
                <dt>{t.marks_by_assurance}</dt>
                <dd>
                    {summary.marks.iter().map(|group| view! {
                        <span data-level=group.assurance.code()>{group.assurance.label(lang)} " " {group.count}</span> " · "
                    }).collect_view()}
                </dd>
            </dl>
        </section>
    }
}

/// The bureau's risk warnings, each explained, with the clearing form.
/// The bureau's rule for its workers on the password fallback: a face
/// check before each confirmation, switched with a reason.
#[component]
fn CityFaceRuleForm(rule: CityFaceRule) -> impl IntoView {
    let t = use_lang().face_check_texts();
    let (now, label, switch_to) = if rule.password_fallback {
        (t.city_rule_now_on, t.city_rule_off, "false")
    } else {
        (t.city_rule_now_off, t.city_rule_on, "true")
    };
    let blocked = !rule.password_fallback && !rule.provider_connected;
    view! {
        <section class="decision" data-city-face-rule=rule.password_fallback.to_string()>
            <h2>{t.city_rule_title}</h2>
            <p class="hint">{t.city_rule_intro} " " {now}
                {(!rule.reason.is_empty()).then(|| format!("（{}）", rule.reason))}
            </p>
            {if blocked {
                view! { <p class="notice">{t.no_provider}</p> }.into_any()
            } else {
                view! {
                    <form class="stack-form" method="post" action=SetCityFaceCheck::url()>
                        <input type="hidden" name="password_fallback" value=switch_to/>
                        <label>
                            <span>{t.reason}</span>
                            <input name="reason" required maxlength="200"/>
                        </label>
                        <button class="button secondary" type="submit">{label}</button>
                    </form>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
pub fn RiskWarningsPage(
    warnings: Result<Vec<WarningView>, AppError>,
    summary: Option<AssuranceSummary>,
    face_rule: Option<CityFaceRule>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.attendance_texts();
    view! {
        <main class="page">
            <h1>{t.risk_warnings}</h1>
            {summary.map(|summary| view! { <AssuranceFigures summary/> })}
            {face_rule.map(|rule| view! { <CityFaceRuleForm rule/> })}
            {match warnings {
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
                Ok(list) if list.is_empty() => view! {
                    <p class="notice ok">{t.no_open_warnings}</p>
                }.into_any(),
                Ok(list) => view! {
                    <ul class="card-list">
                        {list.into_iter().map(|warning| view! {
                            <li class="card warning" data-kind=warning.kind.code()>
                                <p class="card-title">{warning.title.clone()}</p>
                                <p>{warning.explanation.clone()}</p>
                                <p class="card-meta">
                                    <a href=format!("/classes/{}", warning.class_id)>{warning.institution_name.clone()} " · " {warning.occupation_name.clone()}</a>
                                    " · " <a href=format!("/sessions/{}/roster", warning.session_id)>{t.session_prefix} {warning.session_position} {t.session_suffix}</a>
                                    " · " {local_time(warning.raised_at)}
                                </p>
                                {warning.open.then(|| view! {
                                    <form class="stack-form" method="post" action=ClearWarning::url()>
                                        <input type="hidden" name="warning_id" value=warning.id/>
                                        <label><span>{t.finding}</span><input name="reason" required maxlength="200"/></label>
                                        <button class="button secondary" type="submit">{t.clear_after_checking}</button>
                                    </form>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </main>
    }
}
