//! Recommendation campaigns (项目找人、人策匹配): a bureau drafts one with
//! an offer of its city, a message and an audience, sees how many workers
//! the audience reaches and how many of each category (never who), and
//! sends it: one message per worker goes into the outbox, delivered in the
//! background ([`outbox`](super::outbox)). The province reads every
//! campaign; institutions and employers none. Drafting, changing and
//! sending are in the audit trail.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::{
    access::Actor,
    audit,
    catalogue_publishing::exports::ExportFile,
    classes::{self, subsidised_course},
    database_failure,
    db::{
        campaigns::{self as store, AudienceQuery, CampaignDraft, CampaignRow},
        orders::find_order,
    },
    AppState,
};
use crate::{
    domain::{
        china_date, china_time, funnel, Audience, AudienceSize, CampaignInput, CampaignStatus,
        CategoryCount, CertificateLevel, City, ClassStatus, ExportFormat, FunnelLine, FunnelStep,
        InputError, NewCampaign, OfferKind, Provider, RecipientProgress, Role, WorkerCategory,
    },
    error::{AppError, Conflict, Missing},
    i18n::Lang,
    views::{CampaignView, MessageCount},
};

/// What an offer recommends: an occupation at a level.
struct Offer {
    occupation_key: String,
    occupation_name: String,
    level: CertificateLevel,
}

/// The city whose campaigns `actor` drafts and sends: a bureau's own.
async fn sending_city(
    state: &AppState,
    actor: &Actor,
    target: &str,
    now: DateTime<Utc>,
) -> Result<City, AppError> {
    match (actor.role, actor.city) {
        (Role::Bureau, Some(city)) => Ok(city),
        _ => Err(audit::refuse(&state.db, actor, target, now).await),
    }
}

/// Whose campaigns `actor` reads: a bureau its city's, the province every
/// city's (`None`).
async fn reading_scope(
    state: &AppState,
    actor: &Actor,
    target: &str,
    now: DateTime<Utc>,
) -> Result<Option<City>, AppError> {
    match (actor.role, actor.city) {
        (Role::Bureau, Some(city)) => Ok(Some(city)),
        (Role::Province, _) => Ok(None),
        _ => Err(audit::refuse(&state.db, actor, target, now).await),
    }
}

/// The offer a campaign of `city` may recommend: a course of the city's
/// published catalogue at a subsidised level, an approved class of the
/// city that is open to everyone, has seats and has not ended, or an
/// approved order of the city.
async fn checked_offer(
    state: &AppState,
    city: City,
    campaign: &NewCampaign,
    now: DateTime<Utc>,
) -> Result<Offer, AppError> {
    match (campaign.offer_kind, campaign.level) {
        (OfferKind::Course, Some(level)) => {
            let course =
                subsidised_course(&state.db, city, campaign.offer_id, level, china_date(now))
                    .await?;
            Ok(Offer {
                occupation_key: course.occupation_key,
                occupation_name: course.occupation_name,
                level,
            })
        }
        (OfferKind::Course, None) => Err(AppError::Invalid(InputError::Required {
            field: crate::domain::Field::CertificateLevel,
        })),
        (OfferKind::Class, _) => {
            let class = classes::find(&state.db, campaign.offer_id).await?;
            if class.city_code != city {
                return Err(AppError::NotFound(Missing::Class));
            }
            let public = matches!(class.provider(), Provider::Institution(_));
            let running = class.last_session_end.is_some_and(|end| end > now);
            if class.status != ClassStatus::Approved || !public || !running {
                return Err(AppError::Conflict(Conflict::ClassNotOpen));
            }
            if class.enrolled_count >= class.capacity {
                return Err(AppError::Conflict(Conflict::ClassFull));
            }
            Ok(Offer {
                occupation_key: class.occupation_key,
                occupation_name: class.occupation_name,
                level: class.certificate_level,
            })
        }
        (OfferKind::Order, _) => {
            let order = find_order(&state.db, campaign.offer_id)
                .await
                .map_err(database_failure("reading an order"))?
                .ok_or(AppError::NotFound(Missing::Order))?;
            if order.city_code != city {
                return Err(AppError::NotFound(Missing::Order));
            }
            if !order.status.is_public() {
                return Err(AppError::Conflict(Conflict::OrderNotInState));
            }
            Ok(Offer {
                occupation_key: order.occupation_key,
                occupation_name: order.occupation_name,
                level: order.certificate_level,
            })
        }
    }
}

/// The campaign and its audience, once both passed their rules.
async fn checked(
    state: &AppState,
    city: City,
    input: &CampaignInput,
    now: DateTime<Utc>,
) -> Result<(NewCampaign, Offer, Audience), AppError> {
    let campaign = NewCampaign::parse(input)?;
    let offer = checked_offer(state, city, &campaign, now).await?;
    let audience = Audience::parse(&input.audience, offer.level)?;
    Ok((campaign, offer, audience))
}

/// China midnight at the start of `day`, as an instant.
fn start_of(day: NaiveDate) -> Option<DateTime<Utc>> {
    china_time()
        .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .single()
        .map(|time| time.with_timezone(&Utc))
}

fn audience_query<'a>(
    city: City,
    occupation_key: &'a str,
    level: CertificateLevel,
    audience: &'a Audience,
    now: DateTime<Utc>,
) -> AudienceQuery<'a> {
    AudienceQuery {
        city,
        occupation_key,
        level,
        audience,
        registered_from: audience.registered_from.and_then(start_of),
        registered_before: audience
            .registered_until
            .and_then(|day| day.succ_opt())
            .and_then(start_of),
        now,
    }
}

/// How many workers the audience reaches, in all and by category.
async fn audience_size(
    state: &AppState,
    query: &AudienceQuery<'_>,
) -> Result<AudienceSize, AppError> {
    let rows = store::count_audience(&state.db, query)
        .await
        .map_err(database_failure("counting an audience"))?;
    let mut size = AudienceSize::default();
    for row in rows {
        match row.category.as_str() {
            "" => size.workers = row.workers,
            "-" => size.without_category = row.workers,
            code => {
                if let Ok(category) = WorkerCategory::parse(code) {
                    size.by_category.push(CategoryCount {
                        category,
                        workers: row.workers,
                    });
                }
            }
        }
    }
    size.by_category.sort_by_key(|count| count.category);
    Ok(size)
}

/// How many workers a campaign as typed would reach now, before it is
/// saved: for the form.
pub async fn preview(
    state: &AppState,
    actor: &Actor,
    input: &CampaignInput,
    now: DateTime<Utc>,
) -> Result<AudienceSize, AppError> {
    let city = sending_city(state, actor, "campaign:new", now).await?;
    let (_, offer, audience) = checked(state, city, input, now).await?;
    let query = audience_query(city, &offer.occupation_key, offer.level, &audience, now);
    audience_size(state, &query).await
}

fn draft<'a>(
    city: City,
    campaign: &'a NewCampaign,
    offer: &'a Offer,
    audience: &'a str,
) -> CampaignDraft<'a> {
    CampaignDraft {
        city,
        offer_kind: campaign.offer_kind.code(),
        offer_id: campaign.offer_id,
        occupation_key: &offer.occupation_key,
        occupation_name: &offer.occupation_name,
        level: offer.level,
        message_zh: &campaign.message_zh,
        message_en: &campaign.message_en,
        audience,
    }
}

/// What the audit trail keeps of a draft: the offer, the message and
/// the audience's filters (none of it personal data).
fn what_is_sent(campaign: &NewCampaign, filters: &str) -> String {
    format!(
        "{}:{} message={} audience={filters}",
        campaign.offer_kind.code(),
        campaign.offer_id,
        campaign.message_zh
    )
}

fn audience_json(audience: &Audience) -> Result<String, AppError> {
    serde_json::to_string(audience).map_err(|_| super::internal_absence("an audience as JSON"))
}

/// A bureau drafts a campaign of its city.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    input: &CampaignInput,
    now: DateTime<Utc>,
) -> Result<CampaignView, AppError> {
    let city = sending_city(state, actor, "campaign:new", now).await?;
    let (campaign, offer, audience) = checked(state, city, input, now).await?;
    let filters = audience_json(&audience)?;
    let failed = || database_failure("drafting a campaign");
    let mut tx = state.db.begin().await.map_err(failed())?;
    let id = store::insert_campaign(
        &mut tx,
        &draft(city, &campaign, &offer, &filters),
        &actor.user_id,
        now,
    )
    .await
    .map_err(failed())?;
    let reason = what_is_sent(&campaign, &filters);
    audit::record_done(
        &mut tx,
        actor,
        "campaign.create",
        &format!("campaign:{id}"),
        &reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    detail(state, actor, id, now, false).await
}

/// A bureau changes a draft of its city.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &CampaignInput,
    now: DateTime<Utc>,
) -> Result<CampaignView, AppError> {
    let target = format!("campaign:{id}");
    let city = sending_city(state, actor, &target, now).await?;
    let row = find_in(state, actor, id, Some(city), now).await?;
    if row.status != CampaignStatus::Draft.code() {
        return Err(AppError::Conflict(Conflict::CampaignSent));
    }
    let (campaign, offer, audience) = checked(state, city, input, now).await?;
    let filters = audience_json(&audience)?;
    let failed = || database_failure("changing a campaign");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::update_draft(&mut tx, id, &draft(city, &campaign, &offer, &filters))
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::CampaignSent));
    }
    let reason = what_is_sent(&campaign, &filters);
    audit::record_done(
        &mut tx,
        actor,
        "campaign.update",
        &target,
        &reason,
        city,
        now,
    )
    .await?;
    tx.commit().await.map_err(failed())?;
    detail(state, actor, id, now, false).await
}

/// A bureau sends a draft of its city: the draft is taken first (so a
/// change or a second send in between cannot mix in), its offer checked
/// again (a class may have filled up), and one inbox message per worker
/// the audience reaches now goes into the outbox, due at once.
pub async fn send(
    state: &AppState,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<CampaignView, AppError> {
    let target = format!("campaign:{id}");
    let city = sending_city(state, actor, &target, now).await?;
    find_in(state, actor, id, Some(city), now).await?;
    let failed = || database_failure("sending a campaign");
    let mut tx = state.db.begin().await.map_err(failed())?;
    if !store::claim_draft(&mut tx, id, &actor.user_id, now)
        .await
        .map_err(failed())?
    {
        return Err(AppError::Conflict(Conflict::CampaignSent));
    }
    let row = store::find_campaign_in_tx(&mut tx, id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Campaign))?;
    let input = stored_input(&row)?;
    let (_, offer, audience) = checked(state, city, &input, now).await?;
    let query = audience_query(city, &offer.occupation_key, offer.level, &audience, now);
    let recipients = store::enqueue_inbox_messages(&mut tx, id, &query)
        .await
        .map_err(failed())?;
    if recipients == 0 {
        return Err(AppError::Conflict(Conflict::AudienceEmpty));
    }
    let recipients = i64::try_from(recipients).unwrap_or(i64::MAX);
    store::record_recipients(&mut tx, id, recipients)
        .await
        .map_err(failed())?;
    let reason = format!("recipients:{recipients}");
    audit::record_done(&mut tx, actor, "campaign.send", &target, &reason, city, now).await?;
    tx.commit().await.map_err(failed())?;
    detail(state, actor, id, now, false).await
}

/// The campaign as its form would send it again (to check a draft's
/// offer and audience once more when it is sent).
fn stored_input(row: &CampaignRow) -> Result<CampaignInput, AppError> {
    let audience: Audience = serde_json::from_str(&row.audience)
        .map_err(|_| super::internal_absence("a campaign's stored audience"))?;
    let date = |day: Option<NaiveDate>| day.map(|d| d.to_string()).unwrap_or_default();
    Ok(CampaignInput {
        offer_kind: row.offer_kind.clone(),
        offer_id: row.offer_id.to_string(),
        certificate_level: row.certificate_level.clone(),
        message_zh: row.message_zh.clone(),
        message_en: row.message_en.clone(),
        audience: crate::domain::AudienceInput {
            categories: audience
                .categories
                .iter()
                .map(|c| c.code().to_owned())
                .collect(),
            living_allowance_eligible: audience.living_allowance_eligible,
            without_this_certificate: audience.without_this_certificate,
            holding_level_below: audience.holding_level_below,
            not_in_training: audience.not_in_training,
            registered_from: date(audience.registered_from),
            registered_until: date(audience.registered_until),
        },
    })
}

/// Campaign `id`, when `actor` may read it; refused (and recorded) when
/// it is another city's.
async fn find_in(
    state: &AppState,
    actor: &Actor,
    id: i64,
    scope: Option<City>,
    now: DateTime<Utc>,
) -> Result<CampaignRow, AppError> {
    let row = store::find_campaign(&state.db, id)
        .await
        .map_err(database_failure("reading a campaign"))?
        .ok_or(AppError::NotFound(Missing::Campaign))?;
    if scope.is_some_and(|city| city.code() != row.city_code) {
        return Err(audit::refuse(&state.db, actor, &format!("campaign:{id}"), now).await);
    }
    Ok(row)
}

/// One campaign with, for a draft, the audience it reaches now and, once
/// sent, how its messages stand and its funnel.
pub async fn show(
    state: &AppState,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<CampaignView, AppError> {
    detail(state, actor, id, now, true).await
}

/// [`show`], with the funnel only when asked for (a campaign just sent
/// has none worth computing yet).
async fn detail(
    state: &AppState,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
    with_funnel: bool,
) -> Result<CampaignView, AppError> {
    let target = format!("campaign:{id}");
    let scope = reading_scope(state, actor, &target, now).await?;
    let row = find_in(state, actor, id, scope, now).await?;
    let mut view = view(&row)?;
    if view.status == CampaignStatus::Draft {
        let query = audience_query(
            view.city,
            &row.occupation_key,
            view.certificate_level,
            &view.audience,
            now,
        );
        view.audience_size = Some(audience_size(state, &query).await?);
    } else {
        view.messages = store::count_messages(&state.db, id)
            .await
            .map_err(database_failure("counting a campaign's messages"))?
            .into_iter()
            .map(|count| MessageCount {
                channel: count.channel,
                state: count.state,
                messages: count.messages,
            })
            .collect();
        if with_funnel {
            view.funnel = funnel_of(state, id).await?;
        }
    }
    Ok(view)
}

/// The funnel of campaign `id`'s recipients, from their records.
async fn funnel_of(state: &AppState, id: i64) -> Result<Vec<FunnelLine>, AppError> {
    let failed = || database_failure("following a campaign's recipients");
    let rows = store::list_recipient_progress(&state.db, id)
        .await
        .map_err(failed())?;
    let mut categories: HashMap<String, Vec<WorkerCategory>> = HashMap::new();
    for (worker, code) in store::list_recipient_categories(&state.db, id)
        .await
        .map_err(failed())?
    {
        if let Ok(category) = WorkerCategory::parse(&code) {
            categories.entry(worker).or_default().push(category);
        }
    }
    let recipients: Vec<RecipientProgress> = rows
        .into_iter()
        .map(|row| RecipientProgress {
            categories: categories.remove(&row.worker_id).unwrap_or_default(),
            reached: [
                true,
                row.delivered > 0,
                row.opened > 0,
                row.enrolled > 0,
                row.attended > 0,
                row.completed > 0,
                row.certified > 0,
                row.hired > 0,
            ],
        })
        .collect();
    Ok(funnel(&recipients))
}

/// A sent campaign's funnel as a file (XLSX or CSV): a line per worker
/// category, a column per step with its share of the step before.
pub async fn export_funnel(
    state: &AppState,
    actor: &Actor,
    id: i64,
    format: ExportFormat,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ExportFile, AppError> {
    let view = show(state, actor, id, now).await?;
    let t = lang.campaign_texts();
    let mut header = vec![t.category_column.to_owned()];
    for step in FunnelStep::ALL {
        header.push(step.label(lang).to_owned());
        header.push(format!("{}{}", step.label(lang), t.share_suffix));
    }
    let title = (t.funnel_file_title)(id, &view.occupation_name);
    let mut rows = Vec::new();
    for line in &view.funnel {
        let mut row = vec![line
            .category
            .map_or(t.all_recipients, |category| category.label(lang))
            .to_owned()];
        for count in &line.steps {
            row.push(count.workers.to_string());
            row.push(
                count
                    .share_of_previous
                    .map(|share| format!("{share:.1}%"))
                    .unwrap_or_default(),
            );
        }
        rows.push(row);
    }
    ExportFile::titled_table(title, header, rows, format, "funnel").await
}

/// The campaigns `actor` may read, newest first.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<CampaignView>, AppError> {
    let scope = reading_scope(state, actor, "campaigns", now).await?;
    store::list_campaigns(&state.db, scope)
        .await
        .map_err(database_failure("listing campaigns"))?
        .iter()
        .map(view)
        .collect()
}

fn view(row: &CampaignRow) -> Result<CampaignView, AppError> {
    let stored = || database_failure("reading a campaign")(sqlx::Error::RowNotFound);
    let offer_kind = OfferKind::parse(&row.offer_kind).map_err(|_| stored())?;
    Ok(CampaignView {
        id: row.id,
        city: City::parse(&row.city_code).map_err(|_| stored())?,
        offer_kind,
        offer_id: row.offer_id,
        offer_path: offer_kind.path(row.offer_id),
        occupation_name: row.occupation_name.clone(),
        certificate_level: CertificateLevel::parse(&row.certificate_level).map_err(|_| stored())?,
        message_zh: row.message_zh.clone(),
        message_en: row.message_en.clone(),
        audience: serde_json::from_str(&row.audience).map_err(|_| stored())?,
        status: CampaignStatus::parse(&row.status).map_err(|_| stored())?,
        created_at: row.created_at,
        sent_at: row.sent_at,
        recipients: row.recipients,
        audience_size: None,
        messages: Vec::new(),
        funnel: Vec::new(),
    })
}
