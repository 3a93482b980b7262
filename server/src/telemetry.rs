//! Structured logs through `tracing`.

use tracing_subscriber::{fmt, prelude::*, EnvFilter};

use crate::configuration::LogFormat;

/// Installs the global subscriber. The filter comes from `SKILLPASS_LOG`
/// (e.g. `debug` or `info,sqlx=debug`); the default is `info`.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_env("SKILLPASS_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let registry = tracing_subscriber::registry().with(filter);
    let installed = match format {
        LogFormat::Text => registry.with(fmt::layer().with_target(false)).try_init(),
        LogFormat::Json => registry
            .with(fmt::layer().json().flatten_event(true))
            .try_init(),
    };
    // A second init (tests start many servers in one process) keeps the first.
    drop(installed);
}
