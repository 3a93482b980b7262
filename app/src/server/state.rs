//! The state every request handler and server function can reach.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use std::sync::Arc;

use super::{
    attendance::AttendancePolicy, clock::Clock, db::Database, face_provider::FaceProvider,
    recommendations::RecommendationPolicy, request::ClientAddresses, security::Security,
    sms_gateway::SmsGateway, subsidies::SubsidyPolicy, throttle::RateLimits,
};

/// Built once in `startup.rs` and passed down; app processes keep nothing
/// else, so several can serve one PostgreSQL database.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Database,
    /// The time the rules see (the system clock; tests move it forward).
    pub clock: Clock,
    pub leptos_options: LeptosOptions,
    pub security: Arc<Security>,
    /// Check-in windows, scan grace and venue radius.
    pub attendance: AttendancePolicy,
    /// Claim and rating thresholds, living allowance per day.
    pub subsidy: SubsidyPolicy,
    /// Rate limits per address, account and phone number.
    pub limits: RateLimits,
    /// Which proxies may name the client in `X-Forwarded-For`.
    pub client_addresses: Arc<ClientAddresses>,
    /// Bounds the password hashes (argon2) running at once in this
    /// process: a guard of the CPU, not state shared between requests.
    pub password_hashing: Arc<tokio::sync::Semaphore>,
    /// The face-verification provider, when one is connected
    /// (`SKILLPASS_FACE_PROVIDER_URL`); face checks are off without it.
    pub face_provider: Option<Arc<FaceProvider>>,
    /// The weekly limit of pushed recommendations and how often this
    /// process delivers them.
    pub recommendations: RecommendationPolicy,
    /// When an institution or a course is a candidate for removal
    /// (`SKILLPASS_REMOVAL_*`).
    pub removal_rules: crate::domain::RemovalRules,
    /// The SMS gateway, when one is connected (`SKILLPASS_SMS_GATEWAY_URL`);
    /// recommendations reach the in-app inbox only without it.
    pub sms_gateway: Option<Arc<SmsGateway>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
