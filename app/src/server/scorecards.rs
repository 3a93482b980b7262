//! The scorecards of institutions and courses (oversight, measure 2 of
//! 闽人社发〔2024〕2号): what each delivered, how its trainees rated it, its
//! risk record, and whether the rules put it up for removal at the next
//! catalogue adjustment. A bureau reads its city's, the province every
//! city's, an institution its own; the public reads an institution's
//! ratings and rates on its page.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{
    access::Actor,
    audit, database_failure,
    db::scorecards::{self as store, RatingSums, RiskCounts, TraineeCounts},
    AppState,
};
use crate::{
    domain::{City, Rate, RemovalReason, RemovalRules, Role, ScoredBy, MIN_SAMPLE},
    error::AppError,
    views::{RemovalFinding, RemovalRulesView, Scorecard, ScorecardList},
};

/// Whose scorecards `actor` may read when asking for `asked`: the city
/// and, for an institution, its own card only.
struct Scope {
    city: Option<City>,
    subject: Option<i64>,
}

async fn reading_scope(
    state: &AppState,
    actor: &Actor,
    by: ScoredBy,
    asked: Option<City>,
    now: DateTime<Utc>,
) -> Result<Scope, AppError> {
    match (actor.role, actor.city, asked, by) {
        (Role::Province, _, asked, _) => Ok(Scope {
            city: asked,
            subject: None,
        }),
        (Role::Bureau, Some(own), None, _) => Ok(Scope {
            city: Some(own),
            subject: None,
        }),
        (Role::Bureau, Some(own), Some(asked), _) if asked == own => Ok(Scope {
            city: Some(own),
            subject: None,
        }),
        (Role::Institution, city, None, ScoredBy::Institution)
            if actor.institution_id.is_some() =>
        {
            Ok(Scope {
                city,
                subject: actor.institution_id,
            })
        }
        _ => {
            let target = format!(
                "scorecards:{}:{}",
                by.code(),
                asked.map_or("own", City::code)
            );
            Err(audit::refuse(&state.db, actor, &target, now).await)
        }
    }
}

/// The ranked scorecards `actor` may read, with the removal candidates
/// marked by `rules`.
pub async fn scorecards(
    state: &AppState,
    actor: &Actor,
    by: ScoredBy,
    asked: Option<City>,
    now: DateTime<Utc>,
) -> Result<ScorecardList, AppError> {
    let scope = reading_scope(state, actor, by, asked, now).await?;
    let rules = state.removal_rules;
    let mut cards = cards_of(state, by, scope.city, scope.subject, &rules, now).await?;
    rank(&mut cards);
    Ok(ScorecardList {
        city: scope.city,
        rules: RemovalRulesView {
            min_completion_percent: rules.min_completion_percent,
            min_employment_percent: rules.min_employment_percent,
            on_recovered_subsidy: rules.on_recovered_subsidy,
        },
        scorecards: cards,
    })
}

/// An institution's card as its public page shows it (ratings and
/// rates), or `None` before it ran a class.
pub async fn public_institution_card(
    state: &AppState,
    institution_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<Scorecard>, AppError> {
    let rules = state.removal_rules;
    let cards = cards_of(
        state,
        ScoredBy::Institution,
        None,
        Some(institution_id),
        &rules,
        now,
    )
    .await?;
    Ok(cards.into_iter().next())
}

async fn cards_of(
    state: &AppState,
    by: ScoredBy,
    city: Option<City>,
    subject: Option<i64>,
    rules: &RemovalRules,
    now: DateTime<Utc>,
) -> Result<Vec<Scorecard>, AppError> {
    let failed = || database_failure("reading the scorecards");
    let trainees = store::count_trainees(&state.db, by, city, subject, now)
        .await
        .map_err(failed())?;
    let ratings: HashMap<String, RatingSums> =
        store::sum_ratings(&state.db, by, city, subject, now)
            .await
            .map_err(failed())?
            .into_iter()
            .map(|row| (row.subject_key.clone(), row))
            .collect();
    let risks: HashMap<String, RiskCounts> = store::count_risks(&state.db, by, city, subject, now)
        .await
        .map_err(failed())?
        .into_iter()
        .map(|row| (row.subject_key.clone(), row))
        .collect();
    Ok(trainees
        .iter()
        .map(|counts| {
            let key = &counts.subject_key;
            card(
                counts,
                ratings.get(key).cloned().unwrap_or_default(),
                risks.get(key).cloned().unwrap_or_default(),
                rules,
            )
        })
        .collect())
}

/// A percentage, or `None` for too few trainees.
fn percent(rate: Rate) -> Option<f64> {
    match rate {
        Rate::Percent(percent) => Some(percent),
        Rate::TooFewTrainees => None,
    }
}

/// The average of `sum` over `count` scores, one decimal, or `None`
/// under [`MIN_SAMPLE`].
fn average(sum: i64, count: i64) -> Option<f64> {
    (count >= MIN_SAMPLE).then(|| (sum as f64 / count as f64 * 10.0).round() / 10.0)
}

fn card(
    counts: &TraineeCounts,
    ratings: RatingSums,
    risks: RiskCounts,
    rules: &RemovalRules,
) -> Scorecard {
    let completion = Rate::of(counts.completed, counts.assessed);
    let employment = Rate::of(counts.hired, counts.placed_outcomes);
    let warnings_per_100 = (counts.enrolled >= MIN_SAMPLE && risks.check_ins > 0)
        .then(|| (risks.warnings * 1000 / risks.check_ins) as f64 / 10.0);
    let removal = rules
        .reasons(completion, employment, risks.recovered_subsidies)
        .into_iter()
        .map(|reason| match reason {
            RemovalReason::LowCompletion(percent) => RemovalFinding::LowCompletion {
                percent,
                below: rules.min_completion_percent,
            },
            RemovalReason::LowEmployment(percent) => RemovalFinding::LowEmployment {
                percent,
                below: rules.min_employment_percent,
            },
            RemovalReason::SubsidyRecovered(claims) => RemovalFinding::SubsidyRecovered { claims },
        })
        .collect();
    Scorecard {
        id: counts.subject_id,
        name: counts.subject_name.clone(),
        city: City::parse(&counts.subject_city).ok(),
        classes: counts.classes,
        enrolled: counts.enrolled,
        assessed: counts.assessed,
        completed: counts.completed,
        completion_rate: percent(completion),
        certified: counts.certified,
        certification_rate: percent(Rate::of(counts.certified, counts.completed)),
        placed_outcomes: counts.placed_outcomes,
        hired: counts.hired,
        employment_rate: percent(employment),
        ratings: ratings.ratings,
        teaching: average(ratings.teaching, ratings.ratings),
        facilities: average(ratings.facilities, ratings.ratings),
        usefulness: average(ratings.usefulness, ratings.ratings),
        check_ins: risks.check_ins,
        warnings: risks.warnings,
        warnings_per_100_check_ins: warnings_per_100,
        recovered_subsidies: risks.recovered_subsidies,
        removal,
    }
}

/// The mean of the three criteria, for ranking.
fn mean_rating(card: &Scorecard) -> Option<f64> {
    Some((card.teaching? + card.facilities? + card.usefulness?) / 3.0)
}

/// Highest completion rate first, then the highest mean rating, then by
/// name; figures resting on too few trainees rank after every figure.
fn rank(cards: &mut [Scorecard]) {
    let key = |value: Option<f64>| value.map_or(f64::NEG_INFINITY, |v| v);
    cards.sort_by(|a, b| {
        key(b.completion_rate)
            .total_cmp(&key(a.completion_rate))
            .then(key(mean_rating(b)).total_cmp(&key(mean_rating(a))))
            .then_with(|| a.name.cmp(&b.name))
    });
}
