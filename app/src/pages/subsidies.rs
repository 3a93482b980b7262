//! Completion and subsidy pages, whose forms all work without JavaScript:
//! the worker's trainings from enrolment to payment (with the claim and
//! rating forms),
//! the inbox, the institution's completion sheet, and the bureau's claim
//! review and certificate verification. A page whose content could not be
//! loaded answers with the status that fits.

use leptos::{prelude::*, server_fn::ServerFn};

use super::frame::{path_value, personal_page, query_value};
use crate::views::{
    CertificateView, CheckView, ClaimDetail, ClaimSummary, ClassRatings, CompletionSheet, Inbox,
    RatingView, Recommended, StepState, TrainingJourney,
};
use crate::{
    api::orders::AnswerOffer,
    api::subsidies::{
        ClaimSubsidy, FileClassClaims, HideRating, RateTraining, ReadAllMessages, RecordAssessment,
        RecoverClaim, ReplyToRating, ReviewClaims, VerifyCertificate,
    },
    components::ErrorNotice,
    domain::{
        tenths_text, CertificateKind, CertificateLevel, CertificateStatus, CheckOutcome,
        ClaimStatus, Fen, Payee, Role,
    },
    error::{AppError, Refusal},
    i18n::{use_lang, Lang},
    server::{
        classes::local_time,
        completion, inbox, journey,
        subsidies::{self, ClaimQuery},
        visit::parse_id,
    },
};

/// `/my/subsidies`: the worker's trainings, each followed from enrolment
/// to payment.
#[component]
pub fn MySubsidiesRoute() -> impl IntoView {
    personal_page(
        |lang| lang.subsidy_texts().my_training_and_subsidies,
        |visit| async move {
            let actor = visit.signed_in()?;
            journey::my_journeys(&visit.state, actor, visit.lang, visit.now).await
        },
        |journeys| view! { <MySubsidiesPage journeys/> }.into_any(),
    )
}

/// `/inbox`: the person's messages.
#[component]
pub fn InboxRoute() -> impl IntoView {
    personal_page(
        |lang| lang.subsidy_texts().messages,
        |visit| async move {
            let actor = visit.signed_in()?;
            let messages = inbox::inbox(&visit.state, actor, visit.lang).await?;
            // The messages are what the inbox is for: they show even when
            // the recommendations cannot be read.
            let recommended = super::recommended::for_visitor(&visit)
                .await
                .unwrap_or_default();
            Ok((messages, recommended))
        },
        |loaded| match loaded {
            Ok((inbox, recommended)) => {
                view! { <InboxPage inbox=Ok(inbox) recommended/> }.into_any()
            }
            Err(error) => view! { <InboxPage inbox=Err(error) recommended=Vec::new()/> }.into_any(),
        },
    )
}

/// `/classes/{id}/completion`: the class's completion sheet.
#[component]
pub fn CompletionRoute() -> impl IntoView {
    let id = path_value("id");
    personal_page(
        |lang| lang.subsidy_texts().completion_and_subsidies,
        move |visit| async move {
            let actor = visit.signed_in()?;
            let id = parse_id(&id)?;
            completion::completion_sheet(&visit.state, actor, id, visit.now).await
        },
        |sheet| view! { <CompletionPage sheet/> }.into_any(),
    )
}

/// `/subsidy-claims`: the bureau's claims (of one status with
/// `?status=`) and the certificates waiting to be verified.
#[component]
pub fn ClaimReviewRoute() -> impl IntoView {
    let status = query_value("status").and_then(|code| ClaimStatus::parse(&code).ok());
    personal_page(
        |lang| lang.subsidy_texts().subsidy_review,
        move |visit| async move {
            let actor = visit.signed_in()?;
            if !matches!(actor.role, Role::Bureau | Role::Province) {
                return Err(AppError::Refused(Refusal::OutOfScope));
            }
            let claims = subsidies::list(&visit.state, actor, ClaimQuery { status }).await?;
            let pending = CertificateStatus::Pending;
            let certificates =
                completion::certificates(&visit.state, actor, pending, visit.now).await;
            Ok((claims, certificates))
        },
        move |found| {
            let (claims, certificates) = match found {
                Ok((claims, certificates)) => (Ok(claims), certificates),
                Err(error) => (Err(error), Ok(Vec::new())),
            };
            view! { <ClaimReviewPage status claims certificates/> }.into_any()
        },
    )
}

/// `/subsidy-claims/{id}`: one claim with its checks and history.
#[component]
pub fn ClaimRoute() -> impl IntoView {
    let id = path_value("id");
    personal_page(
        |lang| lang.subsidy_texts().subsidy_claim,
        move |visit| async move {
            let actor = visit.signed_in()?;
            let id = parse_id(&id)?;
            let claim = subsidies::detail(&visit.state, actor, id, visit.lang, visit.now).await?;
            let may_recover = subsidies::may_recover(actor, &claim.summary);
            Ok((claim, may_recover))
        },
        |found| {
            let (claim, may_recover) = match found {
                Ok((claim, may_recover)) => (Ok(claim), may_recover),
                Err(error) => (Err(error), false),
            };
            view! { <ClaimPage claim may_recover/> }.into_any()
        },
    )
}

fn yuan(amount: Fen, lang: Lang) -> String {
    (lang.subsidy_texts().yuan)(&amount.yuan_text())
}

fn claim_badge(status: ClaimStatus, lang: Lang) -> impl IntoView {
    let class = match status {
        ClaimStatus::Paid | ClaimStatus::Approved | ClaimStatus::ChecksPassed => "badge ok",
        ClaimStatus::Rejected | ClaimStatus::Recovered => "badge bad",
        ClaimStatus::Held => "badge warn",
        _ => "badge",
    };
    view! { <span class=class data-claim-status=status.code()>{status.label(lang)}</span> }
}

/// The checks of a claim, each in plain words with its figures.
#[component]
fn CheckList(checks: Vec<CheckView>) -> impl IntoView {
    view! {
        <ul class="check-list">
            {checks.into_iter().map(|check| {
                let class = match check.outcome {
                    CheckOutcome::Passed => "check passed",
                    CheckOutcome::Failed => "check failed",
                    CheckOutcome::Pending => "check pending",
                };
                view! {
                    <li class=class data-check=check.kind.code()>
                        <span>{check.explanation.clone()}</span>
                        {check.advice.map(|advice| view! { <span class="card-meta">{advice}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// What the subsidy is made of.
#[component]
fn AmountLines(claim: ClaimSummary) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    let amount = claim.amount;
    view! {
        <dl class="facts amount">
            <dt>{t.training_subsidy}</dt>
            <dd>{yuan(amount.training, lang)}</dd>
            {(amount.uplift_percent > 0).then(|| view! {
                <dt>{t.category_uplift}</dt>
                <dd>{format!("+{}% · {}", amount.uplift_percent, yuan(amount.uplift, lang))}</dd>
            })}
            {(amount.living_days > 0).then(|| view! {
                <dt>{t.living_allowance}</dt>
                <dd>{format!("{} × {} · {}", amount.living_days, t.days, yuan(amount.living_allowance, lang))}</dd>
            })}
            <dt>{t.total}</dt>
            <dd class="total" data-total="">{yuan(amount.total, lang)}</dd>
            <dt>{t.paid_to}</dt>
            <dd>{claim.payee.label(lang)} {(!claim.payee_name.is_empty()).then(|| format!("（{}）", claim.payee_name))}</dd>
            {(claim.recovered > Fen::ZERO).then(|| view! {
                <dt>{t.recovered}</dt>
                <dd>{yuan(claim.recovered, lang)}</dd>
            })}
        </dl>
    }
}

/// The worker's trainings, each from enrolment to payment.
#[component]
pub fn MySubsidiesPage(journeys: Result<Vec<TrainingJourney>, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    view! {
        <main class="page">
            <h1>{t.my_training_and_subsidies}</h1>
            <a class="button secondary" href="/inbox">{t.messages}</a>
            {match journeys {
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
                Ok(list) if list.is_empty() => view! {
                    <p class="notice">{t.not_enrolled_yet}</p>
                    <a class="button" href="/classes">{t.find_a_class}</a>
                }.into_any(),
                Ok(list) => list.into_iter().map(|journey| view! { <JourneyCard journey/> }).collect_view().into_any(),
            }}
        </main>
    }
}

/// The worker's answer to a job offered after the training.
#[component]
fn OfferAnswer(offer: crate::domain::OfferView) -> impl IntoView {
    let t = use_lang().order_texts();
    let starts = offer.starts_on.clone().unwrap_or_default();
    view! {
        <div class="notice job-offer" data-job-offer=offer.id>
            <p>{(t.offer_detail)(&offer.employer_name, &offer.position_title, &starts)}</p>
            <form method="post" action=AnswerOffer::url()>
                <input type="hidden" name="offer_id" value=offer.id/>
                <button class="button big" type="submit" name="answer" value="accept" data-accept-offer="">{t.accept_offer}</button>
                " "
                <button class="button secondary" type="submit" name="answer" value="decline">{t.decline_offer}</button>
            </form>
        </div>
    }
    .into_any()
}

#[component]
fn JourneyCard(journey: TrainingJourney) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    let enrolment_id = journey.enrolment_id;
    view! {
        <section class="card journey" data-enrolment=enrolment_id.to_string()>
            <h2 class="card-title">
                <a href=format!("/classes/{}", journey.class_id)>{journey.occupation_name.clone()}</a>
                " · " {journey.certificate_level.label(lang)}
            </h2>
            <p class="card-meta">{journey.institution_name.clone()}</p>
            <ol class="timeline">
                {journey.steps.into_iter().map(|step| {
                    let class = match step.state {
                        StepState::Done => "step done",
                        StepState::Current => "step current",
                        StepState::Waiting => "step waiting",
                        StepState::Failed => "step failed",
                    };
                    view! {
                        <li class=class>
                            <span class="step-title">{step.title}</span>
                            {step.at.map(|at| view! { <span class="card-meta">{local_time(at)}</span> })}
                            {(!step.detail.is_empty()).then(|| view! { <span class="step-detail">{step.detail}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {journey.claim.map(|claim| view! {
                <div class="claim" data-claim=claim.summary.id.to_string()>
                    <p>{t.subsidy_claim_label} {claim_badge(claim.summary.status, lang)}</p>
                    <AmountLines claim=claim.summary.clone()/>
                    <h3>{t.automatic_checks}</h3>
                    <CheckList checks=claim.checks/>
                </div>
            })}
            {journey.job_offer.filter(|offer| offer.status == crate::domain::OfferStatus::Offered).map(|offer| view! { <OfferAnswer offer/> })}
            {journey.next_step.map(|text| view! { <p class="notice">{text}</p> })}
            {journey.may_claim.then(|| view! { <ClaimForm enrolment_id/> })}
            {journey.rating.clone().map(|rating| view! { <MyRating rating/> })}
            {journey.may_rate.then(|| view! { <RatingForm enrolment_id existing=journey.rating/> })}
        </section>
    }
}

#[component]
fn ClaimForm(enrolment_id: i64) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    view! {
        <form class="stack-form" method="post" action=ClaimSubsidy::url()>
            <input type="hidden" name="enrolment_id" value=enrolment_id/>
            <label>
                <span>{t.pay_subsidy_to}</span>
                <select name="payee">
                    // An institution names itself as payee when it files on the
                    // worker's behalf, on its completion sheet.
                    {[Payee::Worker, Payee::Employer].into_iter().map(|payee| view! { <option value=payee.code()>{payee.label(lang)}</option> }).collect_view()}
                </select>
            </label>
            <label>
                <span>{t.employer_name}</span>
                <input name="payee_name" maxlength="100"/>
            </label>
            <button class="button big" type="submit">{t.claim_the_subsidy}</button>
        </form>
    }
}

fn score_label(value: i64) -> String {
    "★".repeat(value.clamp(0, 5) as usize)
}

#[component]
fn MyRating(rating: RatingView) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    view! {
        <div class="my-rating">
            <p>
                {t.my_rating_teaching} {score_label(rating.teaching)}
                {t.my_rating_facilities} {score_label(rating.facilities)}
                {t.my_rating_usefulness} {score_label(rating.usefulness)}
            </p>
            {(!rating.comment.is_empty()).then(|| view! { <p>{rating.comment.clone()}</p> })}
            {rating.reply.map(|reply| view! { <p class="reply">{t.institution_reply} {reply}</p> })}
        </div>
    }
}

#[component]
fn ScoreSelect(name: &'static str, label: &'static str, value: i64) -> impl IntoView {
    view! {
        <label>
            <span>{label}</span>
            <select name=name>
                {(1..=5).rev().map(|score| view! {
                    <option value=score.to_string() selected=score == value>{format!("{score} {}", score_label(score))}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn RatingForm(enrolment_id: i64, existing: Option<RatingView>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    let (teaching, facilities, usefulness, comment) =
        existing.as_ref().map_or((5, 5, 5, String::new()), |r| {
            (r.teaching, r.facilities, r.usefulness, r.comment.clone())
        });
    let title = if existing.is_some() {
        t.change_my_rating
    } else {
        t.rate_this_class
    };
    view! {
        <details class="rating-form" open=existing.is_none()>
            <summary>{title}</summary>
            <form class="stack-form" method="post" action=RateTraining::url()>
                <input type="hidden" name="enrolment_id" value=enrolment_id/>
                <ScoreSelect name="teaching" label=t.score_teaching value=teaching/>
                <ScoreSelect name="facilities" label=t.score_facilities value=facilities/>
                <ScoreSelect name="usefulness" label=t.score_usefulness value=usefulness/>
                <label>
                    <span>{t.your_comment}</span>
                    <textarea name="comment" maxlength="500" rows="3">{comment}</textarea>
                </label>
                <button class="button" type="submit">{t.submit_rating}</button>
            </form>
        </details>
    }
}

/// The inbox.
#[component]
pub fn InboxPage(inbox: Result<Inbox, AppError>, recommended: Vec<Recommended>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    view! {
        <main class="page">
            <h1>{t.messages}</h1>
            <super::recommended::ForYou items=recommended/>
            {match inbox {
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
                Ok(inbox) if inbox.messages.is_empty() => view! {
                    <p class="notice">{t.no_messages}</p>
                }.into_any(),
                Ok(inbox) => view! {
                    {(inbox.unread > 0).then(|| view! {
                        <form class="stack-form" method="post" action=ReadAllMessages::url()>
                            <button class="button secondary" type="submit">{t.mark_all_read} {format!(" ({})", inbox.unread)}</button>
                        </form>
                    })}
                    <ul class="card-list inbox">
                        {inbox.messages.into_iter().map(|message| view! {
                            <li class=if message.read { "card message" } else { "card message unread" }>
                                <a class="card-link" href=message.link.clone()>
                                    <span class="card-title">{message.title.clone()}</span>
                                    {(!message.body.is_empty()).then(|| view! { <span>{message.body.clone()}</span> })}
                                    <span class="card-meta">{local_time(message.at)}</span>
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </main>
    }
}

/// The institution's completion sheet: assessment per worker, and the
/// claim it may file on the worker's behalf.
#[component]
pub fn CompletionPage(sheet: Result<CompletionSheet, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    let sheet = match sheet {
        Ok(sheet) => sheet,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let kind = sheet.certificate_kind;
    let may_record = sheet.finished && sheet.may_record;
    view! {
        <main class="page">
            <a class="back-link" href=format!("/classes/{}", sheet.class_id)>"‹ " {sheet.occupation_name.clone()}</a>
            <h1>{t.completion_and_subsidies}</h1>
            {(!sheet.finished).then(|| view! {
                <p class="notice">{t.opens_after_training}</p>
            })}
            {(may_record && sheet.awaiting_claims > 0).then(|| {
                let count = sheet.awaiting_claims;
                view! {
                    <form class="stack-form" method="post" action=FileClassClaims::url()>
                        <input type="hidden" name="class_id" value=sheet.class_id/>
                        <input type="hidden" name="payee" value="institution"/>
                        <button class="button" type="submit">
                            {(t.claim_for_all_passed)(count)}
                        </button>
                    </form>
                }
            })}
            <ul class="card-list">
                {sheet.entries.into_iter().map(|entry| {
                    let id = entry.enrolment_id;
                    view! {
                        <li class="card" data-enrolment=id.to_string()>
                            <p class="card-title">{entry.worker_name.clone()} " " <span class="card-meta">{entry.id_number_masked.clone().unwrap_or_default()}</span></p>
                            <p class="card-meta">
                                {t.attendance} {entry.attendance_percent} "% · "
                                {entry.sessions_attended} " / " {sheet.session_count} {t.sessions_suffix}
                            </p>
                            {entry.score.map(|score| view! {
                                <p>
                                    {if entry.passed == Some(true) { t.assessment_passed } else { t.assessment_failed }}
                                    {score} {t.points}
                                    {entry.certificate_status.map(|s| format!(" · {}", s.label(lang)))}
                                </p>
                            })}
                            {entry.claim_status.map(|status| view! { <p>{t.subsidy_label} {claim_badge(status, lang)}</p> })}
                            {(may_record && entry.certificate_status.is_none_or(|s| matches!(s, CertificateStatus::Pending | CertificateStatus::NotRequired))).then(|| view! {
                                <AssessmentForm enrolment_id=id kind/>
                            })}
                            {(may_record && entry.claim_status.is_none()).then(|| view! {
                                <form class="stack-form" method="post" action=ClaimSubsidy::url()>
                                    <input type="hidden" name="enrolment_id" value=id/>
                                    <input type="hidden" name="payee" value="institution"/>
                                    <button class="button secondary" type="submit">{t.claim_for_worker}</button>
                                </form>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </main>
    }
    .into_any()
}

#[component]
fn AssessmentForm(enrolment_id: i64, kind: CertificateKind) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    let levels: Vec<CertificateLevel> = CertificateLevel::ALL
        .iter()
        .copied()
        .filter(|level| level.fits(kind))
        .collect();
    view! {
        <details class="assessment-form">
            <summary>{t.record_assessment}</summary>
            <form class="stack-form" method="post" action=RecordAssessment::url()>
                <input type="hidden" name="enrolment_id" value=enrolment_id/>
                <label class="check"><input type="checkbox" name="passed" checked=""/> <span>{t.passed}</span></label>
                <label><span>{t.score}</span><input name="score" type="number" min="0" max="100" required/></label>
                <label><span>{t.certificate_number}</span><input name="certificate_number" maxlength="40"/></label>
                <label>
                    <span>{t.certificate_level}</span>
                    <select name="certificate_level">
                        {levels.into_iter().map(|level| view! { <option value=level.code()>{level.label(lang)}</option> }).collect_view()}
                    </select>
                </label>
                <label><span>{t.issue_date}</span><input name="issued_on" type="date"/></label>
                <button class="button" type="submit">{t.save}</button>
            </form>
        </details>
    }
}

/// The bureau's review: claims by status with batch actions, and the
/// certificates awaiting verification.
#[component]
pub fn ClaimReviewPage(
    status: Option<ClaimStatus>,
    claims: Result<Vec<ClaimSummary>, AppError>,
    certificates: Result<Vec<CertificateView>, AppError>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    let tabs = [
        ClaimStatus::ChecksPassed,
        ClaimStatus::UnderReview,
        ClaimStatus::Approved,
        ClaimStatus::Held,
        ClaimStatus::Paid,
        ClaimStatus::Rejected,
        ClaimStatus::Recovered,
    ];
    view! {
        <main class="page wide">
            <h1>{t.subsidy_review}</h1>
            <nav class="tabs" aria-label=t.filter_by_status>
                <a href="/subsidy-claims" aria-current=status.is_none().then_some("page")>{t.all}</a>
                {tabs.into_iter().map(|tab| view! {
                    <a href=format!("/subsidy-claims?status={}", tab.code()) aria-current=(status == Some(tab)).then_some("page")>{tab.label(lang)}</a>
                }).collect_view()}
            </nav>
            {match claims {
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
                Ok(list) if list.is_empty() => view! {
                    <p class="notice">{t.no_claims_in_status}</p>
                }.into_any(),
                Ok(list) => view! { <ReviewForm claims=list/> }.into_any(),
            }}
            <h2>{t.certificates_to_verify}</h2>
            <CertificateList certificates/>
        </main>
    }
}

#[component]
fn ReviewForm(claims: Vec<ClaimSummary>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    view! {
        <form class="stack-form review" method="post" action=ReviewClaims::url()>
            <ul class="card-list">
                {claims.into_iter().map(|claim| view! {
                    <li class="card claim-row">
                        <label class="check">
                            <input type="checkbox" name="claim_ids[]" value=claim.id.to_string()/>
                            <span>
                                <a href=format!("/subsidy-claims/{}", claim.id)>{format!("#{} ", claim.id)} {claim.worker_name.clone()}</a>
                                " " {claim_badge(claim.status, lang)}
                            </span>
                        </label>
                        <span class="card-meta">
                            {claim.occupation_name.clone()} " · " {claim.certificate_level.label(lang)} " · "
                            {claim.institution_name.clone().unwrap_or_default()} " · " {yuan(claim.amount.total, lang)}
                        </span>
                    </li>
                }).collect_view()}
            </ul>
            <label>
                <span>{t.for_selected_claims}</span>
                <select name="action">
                    <option value="start_review">{t.start_review}</option>
                    <option value="approve">{t.approve}</option>
                    <option value="reject">{t.reject}</option>
                    <option value="pay">{t.record_payment}</option>
                    <option value="recheck">{t.run_checks_again}</option>
                </select>
            </label>
            <label><span>{t.reason}</span><input name="reason" maxlength="200"/></label>
            <label><span>{t.payment_reference}</span><input name="payment_reference" maxlength="64"/></label>
            <button class="button" type="submit">{t.apply}</button>
        </form>
    }
}

#[component]
fn CertificateList(certificates: Result<Vec<CertificateView>, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    match certificates {
        Err(error) => view! { <ErrorNotice error/> }.into_any(),
        Ok(list) if list.is_empty() => view! {
            <p class="notice ok">{t.no_certificates}</p>
        }
        .into_any(),
        Ok(list) => view! {
            <ul class="card-list">
                {list.into_iter().map(|certificate| {
                    let enrolment_id = certificate.enrolment_id;
                    view! {
                        <li class="card" data-certificate=certificate.enrolment_id.to_string()>
                            <p class="card-title">{certificate.worker_name.clone()} " · " {certificate.occupation_name.clone()}</p>
                            <p class="card-meta">
                                {certificate.certificate_kind.label(lang)} " · "
                                {certificate.certificate_level.map(|l| l.label(lang)).unwrap_or_default()} " · "
                                {certificate.certificate_number.clone().unwrap_or_default()} " · "
                                {certificate.issued_on.clone().unwrap_or_default()}
                            </p>
                            <p class="card-meta">{certificate.institution_name.clone()} " · " {t.assessment_score} {certificate.score}</p>
                            <form class="stack-form inline" method="post" action=VerifyCertificate::url()>
                                <input type="hidden" name="enrolment_id" value=enrolment_id/>
                                <input type="hidden" name="result" value="verified"/>
                                <button class="button" type="submit">{t.certificate_verified}</button>
                            </form>
                            <form class="stack-form" method="post" action=VerifyCertificate::url()>
                                <input type="hidden" name="enrolment_id" value=enrolment_id/>
                                <input type="hidden" name="result" value="invalid"/>
                                <label><span>{t.why_invalid}</span><input name="reason" required maxlength="200"/></label>
                                <button class="button danger" type="submit">{t.invalid_certificate}</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

/// One claim for the staff who oversee it: amount, checks, history, and
/// the recovery form once paid (`may_recover`).
#[component]
pub fn ClaimPage(claim: Result<ClaimDetail, AppError>, may_recover: bool) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    let claim = match claim {
        Ok(claim) => claim,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let summary = claim.summary.clone();
    let id = summary.id;
    view! {
        <main class="page">
            <a class="back-link" href="/subsidy-claims">"‹ " {t.subsidy_review}</a>
            <h1>{format!("#{id} ")} {summary.worker_name.clone()} " " {claim_badge(summary.status, lang)}</h1>
            <p class="card-meta">
                {summary.id_number_masked.clone().unwrap_or_default()} " · " {summary.occupation_name.clone()} " · "
                {summary.certificate_level.label(lang)} " · " {summary.institution_name.clone().unwrap_or_default()}
            </p>
            <AmountLines claim=summary.clone()/>
            <h2>{t.automatic_checks}</h2>
            <CheckList checks=claim.checks/>
            <h2>{t.history}</h2>
            <ol class="timeline">
                {claim.events.into_iter().map(|event| view! {
                    <li class="step done">
                        <span class="step-title">{event.to_status.label(lang)}</span>
                        <span class="card-meta">
                            {local_time(event.at)} " · "
                            {event.actor.unwrap_or_else(|| t.automatic_checks_actor.to_owned())}
                        </span>
                        {event.amount.map(|amount| view! { <span>{yuan(amount, lang)}</span> })}
                        {(!event.reason.is_empty()).then(|| view! { <span class="step-detail">{event.reason.clone()}</span> })}
                    </li>
                }).collect_view()}
            </ol>
            {may_recover.then(|| view! {
                <h2>{t.recover_the_subsidy}</h2>
                <form class="stack-form" method="post" action=RecoverClaim::url()>
                    <input type="hidden" name="claim_id" value=id/>
                    <label><span>{t.recovery_amount}</span><input name="amount" required inputmode="decimal" value=summary.amount.total.yuan_text().replace(',', "")/></label>
                    <label><span>{t.recovery_reason}</span><input name="reason" required maxlength="200"/></label>
                    <button class="button danger" type="submit">{t.record_recovery}</button>
                </form>
            })}
        </main>
    }
    .into_any()
}

/// The ratings of a class, with the institution's reply form and the
/// bureau's hide form.
#[component]
pub fn RatingsSection(ratings: ClassRatings, may_reply: bool, may_hide: bool) -> impl IntoView {
    let lang = use_lang();
    let t = lang.subsidy_texts();
    let summary = ratings.summary;
    let heading = match (summary.count, summary.average_tenths) {
        (0, _) => t.ratings_none.to_owned(),
        (count, Some(tenths)) => (t.ratings_average)(&tenths_text(tenths), count),
        (count, None) => (t.ratings_count)(count),
    };
    view! {
        <section class="ratings" aria-labelledby="ratings-title">
            <h2 id="ratings-title">{heading}</h2>
            <ul class="card-list">
                {ratings.ratings.into_iter().map(|rating| {
                    let id = rating.id;
                    view! {
                        <li class="card rating" data-rating=id.to_string()>
                            <p class="card-meta">
                                {t.rating_teaching} {score_label(rating.teaching)}
                                {t.rating_facilities} {score_label(rating.facilities)}
                                {t.rating_usefulness} {score_label(rating.usefulness)}
                                " · " {local_time(rating.created_at)}
                            </p>
                            {if rating.hidden {
                                view! {
                                    <p class="hidden-comment">
                                        {t.hidden_by_bureau}
                                        {rating.hidden_reason.clone().map(|reason| format!(" ({reason})"))}
                                        {(!rating.comment.is_empty()).then(|| format!(" · {}", rating.comment))}
                                    </p>
                                }.into_any()
                            } else {
                                view! { <p>{rating.comment.clone()}</p> }.into_any()
                            }}
                            {rating.reply.clone().map(|reply| view! { <p class="reply">{t.reply_label} {reply}</p> })}
                            {(may_reply && rating.reply.is_none()).then(|| view! {
                                <form class="stack-form" method="post" action=ReplyToRating::url()>
                                    <input type="hidden" name="rating_id" value=id/>
                                    <label><span>{t.reply_once}</span><textarea name="reply" required maxlength="500" rows="2"></textarea></label>
                                    <button class="button secondary" type="submit">{t.reply}</button>
                                </form>
                            })}
                            {(may_hide && !rating.hidden && !rating.comment.is_empty()).then(|| view! {
                                <form class="stack-form" method="post" action=HideRating::url()>
                                    <input type="hidden" name="rating_id" value=id/>
                                    <label><span>{t.why_hide}</span><input name="reason" required maxlength="200"/></label>
                                    <button class="button danger" type="submit">{t.hide_comment}</button>
                                </form>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
