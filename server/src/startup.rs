//! Builds the application from its configuration: database, migrations,
//! demo data, routes, and the listening socket.

use std::{future::Future, path::Path};

use std::{net::SocketAddr, sync::Arc};

use anyhow::Context;
use app::{
    server::{
        clock::Clock, crypto::SecretKeys, db::Database, face_provider::FaceProvider,
        request::ClientAddresses, security::Security, sms_gateway::SmsGateway, AppState,
    },
    shell, App,
};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::{CompressionLayer, CompressionLevel},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

use crate::{
    configuration::{redact_database_url, Config},
    demo, rest, web,
};

/// The name cargo-leptos gives the CSS, JS and WASM files (`output-name`).
pub const OUTPUT_NAME: &str = "skillpass";

/// A server ready to accept connections.
pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Database,
    /// Shared with the request handlers; the housekeeping task uses it too.
    state: AppState,
}

impl Application {
    /// Opens and migrates the database, loads demo data when asked, and
    /// binds the listening socket.
    pub async fn build(config: &Config) -> anyhow::Result<Application> {
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        Application::build_on(config, listener).await
    }

    /// Like [`Application::build`] on a socket bound already (tests bind
    /// port 0 first so the public origin can name the port).
    pub async fn build_on(config: &Config, listener: TcpListener) -> anyhow::Result<Application> {
        let db = open_database(config).await?;
        let state = app_state(config, db.clone())?;
        if config.demo_data {
            demo::load_once(&state).await.context("loading demo data")?;
        }
        let router = router(state.clone(), config);
        Ok(Application {
            listener,
            router,
            db,
            state,
        })
    }

    /// The port actually bound (useful with port 0 in tests).
    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|addr| addr.port())
            .unwrap_or_default()
    }

    /// The database pool, for tests and subcommands.
    pub fn database(&self) -> &Database {
        &self.db
    }

    /// The state the application serves with (tests move its clock).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then finishes the requests in
    /// flight and closes the database.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let checkpoints = tokio::spawn(housekeeping(self.state.clone()));
        let deliveries = tokio::spawn(deliveries(self.state.clone()));
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await
            .context("serving HTTP")?;
        checkpoints.abort();
        deliveries.abort();
        self.db.close().await;
        Ok(())
    }
}

/// Delivers due recommendations from the outbox every
/// `SKILLPASS_DELIVERY_EVERY_SECONDS` (each message by one process), in a
/// task of its own so a slow SMS gateway holds up nothing else.
async fn deliveries(state: AppState) {
    let every = state.recommendations.delivery_every_seconds;
    if every == 0 {
        return;
    }
    let mut ticks = tokio::time::interval(std::time::Duration::from_secs(every));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if let Err(error) = app::server::outbox::deliver_due(&state, state.clock.now()).await {
            tracing::warn!(%error, "delivering recommendations");
        }
    }
}

/// Housekeeping off the request path: keeps the SQLite write-ahead log
/// short (every second), settles the roll-calls that closed (every five
/// seconds; each is claimed by one process), forgets expired passkey
/// ceremonies and check-in scans and brings catalogue adjustments whose
/// date has come into force (every minute; each is applied by one
/// process).
async fn housekeeping(state: AppState) {
    let db = &state.db;
    let mut every_second = tokio::time::interval(std::time::Duration::from_secs(1));
    let mut ticks: u64 = 0;
    loop {
        every_second.tick().await;
        if let Err(error) = db.checkpoint().await {
            tracing::warn!(%error, "WAL checkpoint");
        }
        ticks += 1;
        if ticks.is_multiple_of(5) {
            if let Err(error) = app::server::roll_calls::settle_due(&state, state.clock.now()).await
            {
                tracing::warn!(%error, "settling roll-calls");
            }
        }
        if ticks.is_multiple_of(60) {
            if let Err(error) = app::server::passkeys::sweep_expired(db, state.clock.now()).await {
                tracing::warn!(%error, "sweeping expired ceremonies");
            }
            let adjustments = app::server::catalogue_publishing::adjustments::apply_due(
                &state,
                state.clock.now(),
            );
            if let Err(error) = adjustments.await {
                tracing::warn!(%error, "bringing catalogue adjustments into force");
            }
        }
    }
}

/// The shared state of request handlers (also used by subcommands).
pub fn app_state(config: &Config, db: Database) -> anyhow::Result<AppState> {
    if config.secret_key.is_development {
        tracing::warn!(
            "SKILLPASS_SECRET_KEY is not set: using the development key, which must never protect real personal data"
        );
    }
    let security = Security::new(config.secret_key.bytes(), &config.public_origin)
        .context("setting up passkeys")?;
    let client_addresses = ClientAddresses::new(config.trusted_proxies.clone());
    Ok(AppState {
        db,
        clock: Clock::default(),
        leptos_options: leptos_options(config),
        security: Arc::new(security),
        attendance: config.attendance,
        subsidy: config.subsidy,
        limits: config.limits,
        client_addresses: Arc::new(client_addresses),
        password_hashing: Arc::new(tokio::sync::Semaphore::new(password_hashing_slots())),
        face_provider: config
            .face_provider
            .clone()
            .map(FaceProvider::new)
            .transpose()
            .context("setting up the face-verification provider's client")?
            .map(Arc::new),
        recommendations: config.recommendations,
        removal_rules: config.removal_rules,
        sms_gateway: config
            .sms_gateway
            .clone()
            .map(SmsGateway::new)
            .transpose()
            .context("setting up the SMS gateway's client")?
            .map(Arc::new),
    })
}

/// How many password hashes may run at once: one per core, so a burst of
/// password sign-ins cannot starve every other request of CPU.
fn password_hashing_slots() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
}

/// Connects to the configured database and applies pending migrations.
pub async fn open_database(config: &Config) -> anyhow::Result<Database> {
    let audit_chain = SecretKeys::derive(config.secret_key.bytes()).audit_chain();
    let db = Database::connect(
        &config.database_url,
        config.database_max_connections,
        audit_chain,
    )
    .await
    .with_context(|| format!("opening {}", redact_database_url(&config.database_url)))?;
    migrate(&db).await?;
    let keys = app::server::crypto::SecretKeys::derive(config.secret_key.bytes());
    let bound = app::server::accounts::bind_legacy_id_numbers(&db, &keys, chrono::Utc::now())
        .await
        .map_err(|error| anyhow::anyhow!("binding stored ID numbers to their accounts: {error}"))?;
    if bound > 0 {
        tracing::info!(bound, "ID numbers sealed to their accounts");
    }
    tracing::info!(database = db.kind(), "database ready");
    Ok(db)
}

/// Applies the migrations of the database's kind.
pub async fn migrate(db: &Database) -> anyhow::Result<()> {
    match db {
        Database::Sqlite { writer, .. } => migrate_sqlite(writer).await,
        Database::Postgres { pool, .. } => sqlx::migrate!("./migrations/postgres")
            .run(pool)
            .await
            .map_err(anyhow::Error::from),
    }
    .context("applying database migrations")
}

/// SQLite changes a column's constraints only by rebuilding its table
/// (a new table, the rows copied, the old one dropped). Dropping a table
/// that others reference would, with foreign keys on, delete through
/// their `ON DELETE CASCADE`; SQLite's documented procedure turns the
/// keys off first, which cannot be done inside the transaction each
/// migration runs in. So the migrations run on a connection of their own
/// opened with foreign keys off, and every key is checked afterwards: a
/// row left pointing nowhere fails the start.
async fn migrate_sqlite(writer: &sqlx::SqlitePool) -> anyhow::Result<()> {
    use sqlx::{Connection, Row};

    let options = writer
        .connect_options()
        .as_ref()
        .clone()
        .foreign_keys(false);
    let mut connection = sqlx::SqliteConnection::connect_with(&options).await?;
    sqlx::migrate!("./migrations/sqlite")
        .run(&mut connection)
        .await?;
    let dangling = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut connection)
        .await?;
    connection.close().await?;
    if let Some(first) = dangling.first() {
        let table: String = first.try_get(0)?;
        let parent: String = first.try_get(2)?;
        anyhow::bail!(
            "{} rows point nowhere after the migrations, the first in {table} (to {parent})",
            dangling.len()
        );
    }
    Ok(())
}

/// Leptos settings derived from ours. Hashed asset names are used when the
/// build wrote `hash.txt` next to the executable (cargo-leptos `hash-files`).
fn leptos_options(config: &Config) -> LeptosOptions {
    let hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|path| path.exists());
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(config.listen)
        .hash_files(hash_files)
        .build()
}

/// Every route: pages, server functions, the REST API, health and assets.
pub fn router(state: AppState, config: &Config) -> Router {
    let leptos_options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let site_root = Path::new(leptos_options.site_root.as_ref()).to_path_buf();
    Router::new()
        .merge(web::router(config))
        .nest("/api/v1", rest::router())
        .merge(web::pkg_router(&site_root, leptos_options.hash_files))
        .leptos_routes_with_context(&state, routes, web::provide_script_nonce, {
            let leptos_options = leptos_options.clone();
            move || shell(leptos_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(web::provide_script_nonce, shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::same_origin_only,
        ))
        .layer(axum::middleware::from_fn(web::limit_body))
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Precise(4)),
        )
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::custom(web::panic_response))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::security_headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Longest a request may take; also bounds how long shutdown waits.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
