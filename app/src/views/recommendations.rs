//! What the worker's recommendation settings show.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Whether the worker receives pushed recommendations, and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RecommendationConsent {
    pub receive: bool,
    /// When the consent in force was given (`null` when off).
    pub since: Option<DateTime<Utc>>,
}

/// One thing recommended to a worker ("为你推荐"), with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Recommended {
    /// The key opening and dismissing name: `campaign:12`,
    /// `course:5:level4`, `class:9`, `order:3` or `allowance`.
    pub item: String,
    /// Why it is chosen: `pushed` (a bureau's campaign), `urgent`,
    /// `starting_soon`, `leads_to_job`, `next_level` or `living_allowance`.
    pub kind: String,
    pub title: String,
    pub detail: String,
    /// Why it is shown, in the reader's language.
    pub reason: String,
    /// Opens the offer in one tap, recording that it was opened.
    pub open: String,
}
