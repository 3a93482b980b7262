//! What the bureau's and the province's pages and the API show of
//! recommendation campaigns.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::{
    Audience, AudienceSize, CampaignStatus, CertificateLevel, City, FunnelLine, OfferKind,
};

/// A campaign: its offer, message and audience, and how its messages
/// stand.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CampaignView {
    pub id: i64,
    pub city: City,
    pub offer_kind: OfferKind,
    pub offer_id: i64,
    /// Where a worker opens the offer.
    pub offer_path: String,
    pub occupation_name: String,
    pub certificate_level: CertificateLevel,
    pub message_zh: String,
    pub message_en: String,
    pub audience: Audience,
    pub status: CampaignStatus,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// How many workers the audience reached when it was sent.
    pub recipients: Option<i64>,
    /// For a draft shown on its own: how many workers it would reach now.
    pub audience_size: Option<AudienceSize>,
    /// For a sent campaign shown on its own: its messages per channel and
    /// state.
    pub messages: Vec<MessageCount>,
    /// For a sent campaign shown on its own: sent → delivered → opened →
    /// enrolled → attended → completed → certified → hired, in all and by
    /// worker category, computed from the records.
    pub funnel: Vec<FunnelLine>,
}

/// How many of a campaign's messages are in one state on one channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MessageCount {
    /// `inbox` or `sms`.
    pub channel: String,
    /// `pending`, `delivered`, `failed` or `dropped`.
    pub state: String,
    pub messages: i64,
}
