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
