//! Where the phone says it is, as the check-in island reports it; the
//! server checks it against the venue (`classes`).

use serde::{Deserialize, Serialize};

/// What the phone reported about its position.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReportedPosition {
    pub latitude: f64,
    pub longitude: f64,
    /// Radius of uncertainty, in metres.
    pub accuracy_m: f64,
}
