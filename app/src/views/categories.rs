//! What the bureau's list of declared worker categories shows.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::{CategorySource, CategoryStatus, City, WorkerCategory};

/// A declared category as the bureau's list shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CategoryView {
    pub id: i64,
    pub worker_name: String,
    pub id_number_masked: Option<String>,
    pub city: Option<City>,
    pub category: WorkerCategory,
    pub status: CategoryStatus,
    pub source: CategorySource,
    pub declared_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub note: String,
}
