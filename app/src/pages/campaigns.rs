//! The bureau's training campaigns (培训推送): the list, the form that
//! drafts one with its audience, and one campaign with the audience it
//! reaches (a draft) or its delivery and funnel (sent), as a chart, a
//! table and files. The province reads every city's. Every form posts to
//! a server function and works without JavaScript.

use leptos::{prelude::*, server_fn::ServerFn};

use super::frame::{path_value, personal_page, PageTitle};
use crate::{
    api::campaigns::{SaveCampaign, SendCampaign},
    components::ErrorNotice,
    domain::{
        AudienceSize, CampaignStatus, CertificateLevel, FunnelLine, OfferKind, Role,
        WorkerCategory, MESSAGE_EN_MAX, MESSAGE_ZH_MAX,
    },
    error::{AppError, Refusal},
    i18n::{use_lang, Lang},
    server::{
        campaigns, classes::local_time, recommendations::RecommendationPolicy, visit::parse_id,
    },
    views::{CampaignView, MessageCount},
};

const TITLE: PageTitle = |lang| lang.campaign_texts().campaigns_title;

/// `/campaigns`: a bureau's campaigns of its city, the province's of all.
#[component]
pub fn CampaignsRoute() -> impl IntoView {
    personal_page(
        TITLE,
        |visit| async move {
            let actor = visit.signed_in()?;
            let list = campaigns::list(&visit.state, actor, visit.now).await?;
            Ok((list, actor.role == Role::Bureau))
        },
        |found| view! { <CampaignsPage found/> }.into_any(),
    )
}

#[component]
pub fn CampaignsPage(found: Result<(Vec<CampaignView>, bool), AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.campaign_texts();
    let (list, may_send) = match found {
        Ok(found) => found,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    view! {
        <main class="page wide">
            <h1>{t.campaigns_title}</h1>
            {if may_send {
                view! { <a class="button big" href="/campaigns/new">{t.new_campaign}</a> }.into_any()
            } else {
                view! { <p class="notice">{t.read_only}</p> }.into_any()
            }}
            {if list.is_empty() {
                view! { <p class="notice">{t.no_campaigns}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {list.into_iter().map(|campaign| view! {
                            <li class="card" data-campaign=campaign.id>
                                <a class="card-link" href=format!("/campaigns/{}", campaign.id)>
                                    <span class="card-title">{offer_line(&campaign, lang)}</span>
                                    <span>{campaign.message_zh.clone()}</span>
                                    <span class="card-meta">{status_line(&campaign, lang)}</span>
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </main>
    }
    .into_any()
}

/// "课程 · 电工（四级）· 福州市".
fn offer_line(campaign: &CampaignView, lang: Lang) -> String {
    format!(
        "{} · {}（{}） · {}",
        campaign.offer_kind.label(lang),
        campaign.occupation_name,
        campaign.certificate_level.label(lang),
        campaign.city.label(lang)
    )
}

fn status_line(campaign: &CampaignView, lang: Lang) -> String {
    let t = lang.campaign_texts();
    match (campaign.sent_at, campaign.recipients) {
        (Some(at), Some(count)) => (t.sent_on)(&local_time(at), count),
        _ => campaign.status.label(lang).to_owned(),
    }
}

/// `/campaigns/new`: a bureau drafts a campaign.
#[component]
pub fn NewCampaignRoute() -> impl IntoView {
    personal_page(
        TITLE,
        |visit| async move {
            let actor = visit.signed_in()?;
            if actor.role != Role::Bureau {
                return Err(AppError::Refused(Refusal::OutOfScope));
            }
            Ok(())
        },
        |allowed| match allowed {
            Ok(()) => view! {
                <main class="page">
                    <h1>{use_lang().campaign_texts().new_campaign}</h1>
                    <CampaignForm campaign=None/>
                </main>
            }
            .into_any(),
            Err(error) => view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
        },
    )
}

/// The draft form, empty or filled with `campaign`.
#[component]
fn CampaignForm(campaign: Option<CampaignView>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.campaign_texts();
    let kind = campaign.as_ref().map(|c| c.offer_kind);
    let level = campaign
        .as_ref()
        .filter(|c| c.offer_kind == OfferKind::Course)
        .map(|c| c.certificate_level);
    let audience = campaign
        .as_ref()
        .map(|c| c.audience.clone())
        .unwrap_or_default();
    let text = |pick: fn(&CampaignView) -> String| campaign.as_ref().map(pick).unwrap_or_default();
    let date = |day: Option<chrono::NaiveDate>| day.map(|d| d.to_string()).unwrap_or_default();
    let check = |name: &'static str, label: &'static str, on: bool| {
        view! { <label class="check-label"><input type="checkbox" name=name value="on" checked=on/>{label}</label> }
    };
    view! {
        <form class="stack-form" method="post" action=SaveCampaign::url() data-form="campaign">
            {campaign.as_ref().map(|c| view! { <input type="hidden" name="id" value=c.id/> })}
            <fieldset>
                <legend>{t.offer}</legend>
                <label>
                    <span>{t.offer}</span>
                    <select name="offer_kind" required>
                        {OfferKind::ALL.iter().map(|k| view! {
                            <option value=k.code() selected={kind == Some(*k)}>{k.label(lang)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label><span>{t.offer_id}</span><input name="offer_id" inputmode="numeric" required value=text(|c| c.offer_id.to_string())/></label>
                <label>
                    <span>{t.level_for_course}</span>
                    <select name="certificate_level">
                        <option value="">"—"</option>
                        {CertificateLevel::ALL.iter().map(|l| view! {
                            <option value=l.code() selected={level == Some(*l)}>{l.label(lang)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t.message_zh}</span>
                    <input name="message_zh" required maxlength=MESSAGE_ZH_MAX value=text(|c| c.message_zh.clone())/>
                    <small>{t.message_hint}</small>
                </label>
                <label><span>{t.message_en}</span><input name="message_en" maxlength=MESSAGE_EN_MAX value=text(|c| c.message_en.clone())/></label>
            </fieldset>
            <fieldset>
                <legend>{t.audience}</legend>
                <p class="hint">{t.audience_hint}</p>
                <p>{t.categories_any}</p>
                {WorkerCategory::ALL.iter().map(|c| view! {
                    <label class="check-label">
                        <input type="checkbox" name="categories[]" value=c.code() checked=audience.categories.contains(c)/>
                        {c.label(lang)}
                    </label>
                }).collect_view()}
                {check("living_allowance_eligible", t.living_allowance_eligible, audience.living_allowance_eligible)}
                {check("without_this_certificate", t.without_this_certificate, audience.without_this_certificate)}
                {check("holding_level_below", t.holding_level_below, audience.holding_level_below)}
                {check("not_in_training", t.not_in_training, audience.not_in_training)}
                <label><span>{t.registered_from}</span><input type="date" name="registered_from" value=date(audience.registered_from)/></label>
                <label><span>{t.registered_until}</span><input type="date" name="registered_until" value=date(audience.registered_until)/></label>
            </fieldset>
            <button class="button big" type="submit">
                {if campaign.is_some() { t.save_changes } else { t.save_draft }}
            </button>
        </form>
    }
}

/// `/campaigns/:id`.
#[component]
pub fn CampaignRoute() -> impl IntoView {
    let id = path_value("id");
    personal_page(
        TITLE,
        move |visit| async move {
            let actor = visit.signed_in()?;
            let id = parse_id(&id)?;
            let campaign = campaigns::show(&visit.state, actor, id, visit.now).await?;
            let may_send = actor.role == Role::Bureau && actor.city == Some(campaign.city);
            Ok((campaign, may_send, visit.state.recommendations))
        },
        |found| view! { <CampaignPage found/> }.into_any(),
    )
}

#[component]
pub fn CampaignPage(
    found: Result<(CampaignView, bool, RecommendationPolicy), AppError>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.campaign_texts();
    let (campaign, may_send, policy) = match found {
        Ok(found) => found,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let draft = campaign.status == CampaignStatus::Draft;
    view! {
        <main class="page wide" data-campaign=campaign.id data-status=campaign.status.code()>
            <a class="back-link" href="/campaigns">"‹ " {t.campaigns_title}</a>
            <h1>{offer_line(&campaign, lang)}</h1>
            <p><a href=campaign.offer_path.clone()>{campaign.offer_path.clone()}</a></p>
            <p class="message">{campaign.message_zh.clone()}</p>
            <p class="card-meta">{status_line(&campaign, lang)}</p>
            {campaign.audience_size.clone().map(|size| view! { <AudienceTable size/> })}
            {(draft && may_send).then(|| {
                let count = campaign.audience_size.as_ref().map_or(0, |size| size.workers);
                view! {
                    <form class="stack-form" method="post" action=SendCampaign::url() data-form="send-campaign">
                        <input type="hidden" name="id" value=campaign.id/>
                        <p class="hint">{
                            let (from, until) = policy.quiet_hours.hours();
                            (t.send_note)(policy.weekly_limit, from, until)
                        }</p>
                        <button class="button big" type="submit" disabled=count == 0>{(t.send_to)(count)}</button>
                    </form>
                    <details>
                        <summary>{t.save_changes}</summary>
                        <CampaignForm campaign=Some(campaign.clone())/>
                    </details>
                }
            })}
            {(!draft).then(|| view! {
                <MessagesTable counts=campaign.messages.clone()/>
                <FunnelSection id=campaign.id lines=campaign.funnel.clone()/>
            })}
        </main>
    }
    .into_any()
}

/// How many workers a draft reaches, by category; never who.
#[component]
fn AudienceTable(size: AudienceSize) -> impl IntoView {
    let lang = use_lang();
    let t = lang.campaign_texts();
    view! {
        <section aria-labelledby="audience-title">
            <h2 id="audience-title" data-audience=size.workers>{(t.reaches)(size.workers)}</h2>
            <table class="data-table">
                <thead><tr><th>{t.category_column}</th><th>{t.workers_column}</th></tr></thead>
                <tbody>
                    {size.by_category.iter().map(|count| view! {
                        <tr><td>{count.category.label(lang)}</td><td>{count.workers}</td></tr>
                    }).collect_view()}
                    <tr><td>{t.without_category}</td><td>{size.without_category}</td></tr>
                </tbody>
            </table>
            <p class="hint">{t.by_category_note}</p>
        </section>
    }
}

/// A sent campaign's messages per channel and state.
#[component]
fn MessagesTable(counts: Vec<MessageCount>) -> impl IntoView {
    let t = use_lang().campaign_texts();
    let channel = move |code: &str| match code {
        "sms" => t.channel_sms,
        _ => t.channel_inbox,
    };
    view! {
        <section aria-labelledby="messages-title">
            <h2 id="messages-title">{t.messages}</h2>
            <table class="data-table">
                <tbody>
                    {counts.into_iter().map(|count| view! {
                        <tr><td>{channel(&count.channel)}</td><td>{count.state.clone()}</td><td>{count.messages}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// The funnel of every recipient as a bar chart, each line as a table
/// row, and the files.
#[component]
fn FunnelSection(id: i64, lines: Vec<FunnelLine>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.campaign_texts();
    let share = |share: Option<f64>| share.map(|s| format!("{s:.1}%")).unwrap_or_default();
    view! {
        <section aria-labelledby="funnel-title">
            <h2 id="funnel-title">{t.funnel}</h2>
            {lines.first().cloned().map(|all| view! { <FunnelChart line=all/> })}
            <div class="table-scroll">
                <table class="data-table" data-funnel="">
                    <thead>
                        <tr>
                            <th>{t.category_column}</th>
                            {crate::domain::FunnelStep::ALL.iter().map(|step| view! { <th>{step.label(lang)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {lines.into_iter().map(|line| view! {
                            <tr data-category=line.category.map(|c| c.code()).unwrap_or("all")>
                                <th>{line.category.map_or(t.all_recipients, |c| c.label(lang))}</th>
                                {line.steps.iter().map(|count| view! {
                                    <td>{count.workers} <small>{share(count.share_of_previous)}</small></td>
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p>
                <a class="button secondary" href=format!("/api/v1/campaigns/{id}/funnel?format=xlsx")>{t.export_xlsx}</a>
                " "
                <a class="button secondary" href=format!("/api/v1/campaigns/{id}/funnel?format=csv")>{t.export_csv}</a>
            </p>
        </section>
    }
}

/// One bar per step, as wide as its share of the workers sent to.
#[component]
fn FunnelChart(line: FunnelLine) -> impl IntoView {
    const ROW: usize = 34;
    const LABEL: f64 = 110.0;
    const BAR: f64 = 400.0;
    let lang = use_lang();
    let sent = line.steps.first().map_or(0, |count| count.workers).max(1);
    let description = line
        .steps
        .iter()
        .map(|count| format!("{} {}", count.step.label(lang), count.workers))
        .collect::<Vec<_>>()
        .join(", ");
    let height = ROW * line.steps.len();
    view! {
        <svg class="funnel-chart" role="img" viewBox=format!("0 0 600 {height}") aria-label=lang.campaign_texts().funnel>
            <desc>{description}</desc>
            {line.steps.iter().enumerate().map(|(row, count)| {
                let y = (row * ROW) as f64;
                let width = BAR * count.workers as f64 / sent as f64;
                view! {
                    <text x="0" y=y + 21.0 font-size="14">{count.step.label(lang)}</text>
                    <rect x=LABEL y=y + 6.0 width=width height="22" rx="3" fill="#1f6feb"></rect>
                    <text x=LABEL + width + 6.0 y=y + 22.0 font-size="14">{count.workers}</text>
                }
            }).collect_view()}
        </svg>
    }
}
