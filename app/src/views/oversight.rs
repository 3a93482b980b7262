//! What oversight pages and the API show.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::City;

/// One area's yearly target in person-times.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TargetView {
    pub city: City,
    pub year: i64,
    pub person_times: i64,
    /// When the province last set it (`null` for the loaded table).
    pub set_at: Option<DateTime<Utc>>,
    /// Where it comes from, or why it was changed.
    pub reason: String,
}
