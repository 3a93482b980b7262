//! "为你推荐": what a worker's home page and inbox recommend, each with
//! why. First the offers bureaus pushed to them, then offers chosen by
//! rules even without a campaign: the next level of a certificate they
//! hold, classes of their city starting soon with seats, orders that end
//! in a job, urgently-needed courses of their city, and a note when they
//! may receive the living allowance. A worker who turned recommendations
//! off is shown none of them (个人信息保护法: personalised
//! recommendations can be refused). A dismissed one is not shown again;
//! opening a pushed one and dismissing are recorded for the campaigns'
//! funnel.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::{
    access::Actor,
    catalogue,
    classes::{self, subsidised_course, ClassQuery},
    database_failure,
    db::{
        campaigns::{self as store, Reaction},
        catalogue::find_subsidy_standard,
        categories::{list_categories_of_worker, list_verified_categories},
        Database,
    },
    orders,
    recommendations::consent_of,
    AppState,
};
use crate::{
    domain::{
        china_date, Audience, CategoryStatus, CertificateLevel, City, CourseQuery, OfferKind,
        PageRequest, RecommendedItem, Role, WorkerCategory,
    },
    error::{AppError, Missing, Refusal},
    i18n::Lang,
    views::Recommended,
};

/// Pushed offers are shown for this many days after their delivery.
const PUSHED_FOR_DAYS: i64 = 30;
/// At most this many recommendations are shown at once.
const SHOWN: usize = 8;
/// Pushed offers shown, newest first.
const PUSHED: i64 = 5;
/// Of each kind chosen by rules.
const PER_RULE: usize = 2;
/// A class "starts soon" within this many days.
const SOON_DAYS: i64 = 14;

/// Where a recommendation is opened.
pub const OPEN_PATH: &str = "/recommended/open";

/// What one worker is recommended now, in `lang`.
pub async fn for_worker(
    state: &AppState,
    actor: &Actor,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Vec<Recommended>, AppError> {
    let (Role::Worker, Some(city)) = (actor.role, actor.city) else {
        return Err(AppError::Refused(Refusal::OutOfScope));
    };
    if !consent_of(&state.db, &actor.user_id).await?.receive {
        return Ok(Vec::new());
    }
    let failed = || database_failure("choosing recommendations");
    let dismissed: HashSet<String> = store::list_dismissed(&state.db, &actor.user_id)
        .await
        .map_err(failed())?
        .into_iter()
        .collect();
    let mut shown = Shown {
        dismissed,
        offers: HashSet::new(),
        items: Vec::new(),
    };
    let chooser = Chooser {
        state,
        actor,
        city,
        lang,
        now,
    };
    chooser.pushed(&mut shown).await?;
    chooser.next_levels(&mut shown).await?;
    chooser.classes_soon(&mut shown).await?;
    chooser.jobs(&mut shown).await?;
    chooser.urgent_courses(&mut shown).await?;
    chooser.living_allowance(&mut shown).await?;
    shown.items.truncate(SHOWN);
    Ok(shown.items)
}

/// What is chosen so far: each offer once, none the worker dismissed.
struct Shown {
    dismissed: HashSet<String>,
    /// The paths of the offers chosen, so one offer is shown once.
    offers: HashSet<String>,
    items: Vec<Recommended>,
}

impl Shown {
    /// Adds a recommendation unless its offer is shown already or it was
    /// dismissed (its offer then comes back under no other reason).
    fn add(&mut self, item: RecommendedItem, offer_path: String, wording: Wording) {
        let key = item.key();
        let first_time = self.offers.insert(offer_path);
        if !first_time || self.dismissed.contains(&key) {
            return;
        }
        self.items.push(Recommended {
            open: format!("{OPEN_PATH}?item={key}"),
            item: key,
            kind: wording.kind.to_owned(),
            title: wording.title,
            detail: wording.detail,
            reason: wording.reason,
        });
    }
}

/// What a recommendation says.
struct Wording {
    kind: &'static str,
    title: String,
    detail: String,
    reason: String,
}

struct Chooser<'a> {
    state: &'a AppState,
    actor: &'a Actor,
    city: City,
    lang: Lang,
    now: DateTime<Utc>,
}

impl Chooser<'_> {
    fn db(&self) -> &Database {
        &self.state.db
    }

    async fn pushed(&self, shown: &mut Shown) -> Result<(), AppError> {
        let t = self.lang.recommended_texts();
        let failed = || database_failure("reading pushed recommendations");
        let categories = list_categories_of_worker(self.db(), &self.actor.user_id)
            .await
            .map_err(failed())?;
        let own: Vec<WorkerCategory> = categories
            .iter()
            .filter(|row| row.status != CategoryStatus::Refused)
            .map(|row| row.category)
            .collect();
        let delivered = store::list_delivered_to(self.db(), &self.actor.user_id, PUSHED)
            .await
            .map_err(failed())?;
        let fresh = self.now - Duration::days(PUSHED_FOR_DAYS);
        for row in delivered.into_iter().filter(|row| row.delivered_at > fresh) {
            let campaign = row.campaign;
            // "因为你是返乡农民工": only when the campaign chose that category.
            let chosen: Vec<WorkerCategory> = serde_json::from_str::<Audience>(&campaign.audience)
                .map(|audience| audience.categories)
                .unwrap_or_default();
            let category = own
                .iter()
                .find(|category| chosen.contains(category))
                .map(|category| category.label(self.lang));
            let Ok(kind) = OfferKind::parse(&campaign.offer_kind) else {
                continue;
            };
            let level = CertificateLevel::parse(&campaign.certificate_level)
                .map(|level| level.label(self.lang))
                .unwrap_or_default();
            let city = City::parse(&campaign.city_code).unwrap_or(self.city);
            let detail = match self.lang {
                Lang::En if !campaign.message_en.is_empty() => campaign.message_en.clone(),
                _ => campaign.message_zh.clone(),
            };
            shown.add(
                RecommendedItem::Campaign(campaign.id),
                kind.path(campaign.offer_id),
                Wording {
                    kind: "pushed",
                    title: (t.offer_title)(&campaign.occupation_name, level),
                    detail,
                    reason: (t.because_pushed)(category, city.label(self.lang)),
                },
            );
        }
        Ok(())
    }

    /// The next level of each certificate held, where the city's
    /// catalogue subsidises it.
    async fn next_levels(&self, shown: &mut Shown) -> Result<(), AppError> {
        let t = self.lang.recommended_texts();
        let held = store::list_held_certificates(self.db(), &self.actor.user_id)
            .await
            .map_err(database_failure("reading a worker's certificates"))?;
        let holds = |key: &str, level: CertificateLevel| {
            held.iter()
                .any(|c| c.occupation_key == key && c.certificate_level == level.code())
        };
        let mut offered = 0;
        for certificate in &held {
            let Ok(level) = CertificateLevel::parse(&certificate.certificate_level) else {
                continue;
            };
            let next = CertificateLevel::ALL
                .iter()
                .copied()
                .find(|above| above.below() == Some(level));
            let Some(next) = next.filter(|next| !holds(&certificate.occupation_key, *next)) else {
                continue;
            };
            if offered == PER_RULE {
                break;
            }
            let today = china_date(self.now);
            let course =
                match subsidised_course(self.db(), self.city, certificate.course_id, next, today)
                    .await
                {
                    Ok(course) => course,
                    // Not in the city's catalogue now, or not at that level.
                    Err(AppError::Invalid(_) | AppError::NotFound(_)) => continue,
                    Err(error) => return Err(error),
                };
            offered += 1;
            shown.add(
                RecommendedItem::Course(course.id, next),
                OfferKind::Course.path(course.id),
                Wording {
                    kind: "next_level",
                    title: (t.offer_title)(&course.occupation_name, next.label(self.lang)),
                    detail: t.next_level_detail.to_owned(),
                    reason: (t.because_next_level)(
                        &certificate.occupation_name,
                        level.label(self.lang),
                    ),
                },
            );
        }
        Ok(())
    }

    /// Classes of the city whose first session is within two weeks and
    /// that have seats.
    async fn classes_soon(&self, shown: &mut Shown) -> Result<(), AppError> {
        let t = self.lang.recommended_texts();
        let query = ClassQuery {
            city: Some(self.city),
            ..ClassQuery::default()
        };
        let classes = classes::list(self.state, Some(self.actor), &query, self.now).await?;
        let soon = self.now + Duration::days(SOON_DAYS);
        let mut starting: Vec<_> = classes
            .iter()
            .filter(|class| {
                class.seats_left > 0
                    && class
                        .first_session_at
                        .is_some_and(|at| at > self.now && at <= soon)
            })
            .collect();
        starting.sort_by_key(|class| class.first_session_at);
        for class in starting.into_iter().take(PER_RULE) {
            let day = class
                .first_session_at
                .map(|at| china_date(at).to_string())
                .unwrap_or_default();
            shown.add(
                RecommendedItem::Class(class.id),
                OfferKind::Class.path(class.id),
                Wording {
                    kind: "starting_soon",
                    title: (t.offer_title)(
                        &class.occupation_name,
                        class.certificate_level.label(self.lang),
                    ),
                    detail: (t.class_detail)(&class.institution_name, &class.venue),
                    reason: (t.because_starting_soon)(&day, class.seats_left),
                },
            );
        }
        Ok(())
    }

    /// Approved orders of the city: training that ends in a job.
    async fn jobs(&self, shown: &mut Shown) -> Result<(), AppError> {
        let t = self.lang.recommended_texts();
        let orders = orders::list(self.state, Some(self.actor), Some(self.city), None).await?;
        for order in orders
            .iter()
            .filter(|o| o.status.is_public())
            .take(PER_RULE)
        {
            shown.add(
                RecommendedItem::Order(order.id),
                OfferKind::Order.path(order.id),
                Wording {
                    kind: "leads_to_job",
                    title: (t.offer_title)(
                        &order.occupation_name,
                        order.certificate_level.label(self.lang),
                    ),
                    detail: (t.order_detail)(order.kind.label(self.lang)),
                    reason: (t.because_job)(
                        &order.employer_name,
                        order.openings,
                        order.wage_min_yuan,
                        order.wage_max_yuan,
                    ),
                },
            );
        }
        Ok(())
    }

    /// Urgently-needed courses of the city, at their first subsidised
    /// level.
    async fn urgent_courses(&self, shown: &mut Shown) -> Result<(), AppError> {
        let t = self.lang.recommended_texts();
        let query = CourseQuery {
            city: self.city,
            text: None,
            training_type: None,
            urgent_only: true,
            page: PageRequest {
                page: 1,
                per_page: 3,
            },
        };
        let list = catalogue::list_courses(self.db(), &query, china_date(self.now)).await?;
        for course in list.courses.items.iter().take(PER_RULE) {
            let standard = find_subsidy_standard(self.db(), course.id, course.certificate_kind)
                .await
                .map_err(database_failure("reading a course's subsidy"))?;
            let Some(level) = standard.amounts().first().map(|amount| amount.level) else {
                continue;
            };
            shown.add(
                RecommendedItem::Course(course.id, level),
                OfferKind::Course.path(course.id),
                Wording {
                    kind: "urgent",
                    title: (t.offer_title)(&course.occupation_name, level.label(self.lang)),
                    detail: t.urgent_detail.to_owned(),
                    reason: (t.because_urgent)(self.city.label(self.lang)),
                },
            );
        }
        Ok(())
    }

    /// The note that a verified category brings the living allowance.
    async fn living_allowance(&self, shown: &mut Shown) -> Result<(), AppError> {
        let t = self.lang.recommended_texts();
        let verified = list_verified_categories(self.db(), &self.actor.user_id)
            .await
            .map_err(database_failure("reading a worker's categories"))?;
        if let Some(category) = verified.iter().find(|c| c.living_allowance_eligible()) {
            shown.add(
                RecommendedItem::LivingAllowance,
                format!("/courses?city={}", self.city.code()),
                Wording {
                    kind: "living_allowance",
                    title: t.allowance_title.to_owned(),
                    detail: t.allowance_detail.to_owned(),
                    reason: (t.because_allowance)(category.label(self.lang)),
                },
            );
        }
        Ok(())
    }
}

/// Where recommendation `key` leads. A pushed one leads to its offer only
/// for a worker it was delivered to, and is recorded as opened when
/// `counted` (a tap on this site's own page, not a link from elsewhere);
/// the funnel follows pushed ones only, so no other item is recorded.
pub async fn open(
    state: &AppState,
    actor: Option<&Actor>,
    key: &str,
    counted: bool,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let item = RecommendedItem::parse(key)?;
    let worker = actor.filter(|actor| actor.role == Role::Worker);
    let path = match item {
        RecommendedItem::Campaign(id) => {
            let Some(worker) = worker else {
                return Err(AppError::NotFound(Missing::Campaign));
            };
            pushed_offer(&state.db, id, &worker.user_id).await?
        }
        RecommendedItem::Course(id, _) => OfferKind::Course.path(id),
        RecommendedItem::Class(id) => OfferKind::Class.path(id),
        RecommendedItem::Order(id) => OfferKind::Order.path(id),
        RecommendedItem::LivingAllowance => match worker.and_then(|w| w.city) {
            Some(city) => format!("/courses?city={}", city.code()),
            None => "/courses".to_owned(),
        },
    };
    if let (Some(worker), Some(_), true) = (worker, item.campaign(), counted) {
        store::record_reaction(
            &state.db,
            &worker.user_id,
            &item.key(),
            item.campaign(),
            Reaction::Opened,
            now,
        )
        .await
        .map_err(database_failure("recording an opened recommendation"))?;
    }
    Ok(path)
}

/// The worker hides recommendation `key` for good.
pub async fn dismiss(
    state: &AppState,
    actor: &Actor,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if actor.role != Role::Worker {
        return Err(AppError::Refused(Refusal::OutOfScope));
    }
    let item = RecommendedItem::parse(key)?;
    if let RecommendedItem::Campaign(id) = item {
        pushed_offer(&state.db, id, &actor.user_id).await?;
    }
    store::record_reaction(
        &state.db,
        &actor.user_id,
        &item.key(),
        item.campaign(),
        Reaction::Dismissed,
        now,
    )
    .await
    .map_err(database_failure("recording a dismissed recommendation"))
}

/// The offer of campaign `id`, if it was delivered to `worker_id`.
async fn pushed_offer(db: &Database, id: i64, worker_id: &str) -> Result<String, AppError> {
    let failed = || database_failure("reading a pushed recommendation");
    if !store::was_delivered_to(db, id, worker_id)
        .await
        .map_err(failed())?
    {
        return Err(AppError::NotFound(Missing::Campaign));
    }
    let campaign = store::find_campaign(db, id)
        .await
        .map_err(failed())?
        .ok_or(AppError::NotFound(Missing::Campaign))?;
    OfferKind::parse(&campaign.offer_kind)
        .map(|kind| kind.path(campaign.offer_id))
        .map_err(|_| super::internal_absence("a campaign's offer kind"))
}
