//! Command-line entry: `skillpass [serve | migrate | load-demo-data | help]`.

use std::process::ExitCode;

use crate::{
    configuration::Config,
    demo,
    startup::{self, Application},
    telemetry,
};

const USAGE: &str = "\
SkillPass (技能培训通) server

Usage: skillpass [COMMAND]

Commands:
  serve            start the web server (the default)
  migrate          create or update the database schema, then exit
  load-demo-data   load the demo catalogues (once), then exit
  create-province-account USERNAME NAME
                   create a province staff account and print its one-time
                   enrolment code (the first account of a new deployment)
  verify-audit     check that the audit trail's hash chain is intact
  help             print this text

Settings come from environment variables (see README): SKILLPASS_LISTEN,
SKILLPASS_DATABASE_URL, SKILLPASS_PUBLIC_ORIGIN, SKILLPASS_DEMO_DATA,
SKILLPASS_SITE_ROOT, SKILLPASS_LOG, SKILLPASS_LOG_FORMAT.";

/// Runs the command named on the command line.
pub async fn main() -> ExitCode {
    let command = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "serve".to_owned());
    if matches!(command.as_str(), "help" | "--help" | "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let outcome = match command.as_str() {
        "serve" => serve(config).await,
        "migrate" => startup::open_database(&config).await.map(|_| ()),
        "load-demo-data" => load_demo_data(&config).await,
        "create-province-account" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            create_province_account(&config, &args).await
        }
        "verify-audit" => verify_audit(&config).await,
        other => {
            eprintln!("unknown command {other:?}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "stopped");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    tracing::info!(?config, "starting");
    let app = Application::build(&config).await?;
    tracing::info!(
        "SkillPass is ready: {} (listening on {}:{})",
        config.public_origin,
        config.listen.ip(),
        app.port()
    );
    app.run_until(startup::shutdown_signal()).await
}

async fn load_demo_data(config: &Config) -> anyhow::Result<()> {
    let db = startup::open_database(config).await?;
    demo::load_once(&db).await?;
    db.close().await;
    Ok(())
}

async fn create_province_account(config: &Config, args: &[String]) -> anyhow::Result<()> {
    use app::domain::{NewStaffAccount, StaffAccountInput};
    let [username, name] = args else {
        anyhow::bail!("usage: skillpass create-province-account USERNAME NAME");
    };
    let input = StaffAccountInput {
        role: "province".to_owned(),
        display_name: name.clone(),
        username: username.clone(),
        ..Default::default()
    };
    let account = NewStaffAccount::try_from(&input)
        .map_err(|error| anyhow::anyhow!(error.message(app::i18n::Lang::Zh)))?;
    let db = startup::open_database(config).await?;
    let state = startup::app_state(config, db.clone())?;
    let issued =
        app::server::accounts::create_staff_unchecked(&state, None, &account, chrono::Utc::now())
            .await
            .map_err(|error| anyhow::anyhow!(error.message(app::i18n::Lang::Zh)))?;
    db.close().await;
    println!("Province account {username} created.");
    println!(
        "One-time enrolment code: {} (valid until {})",
        issued.code,
        issued.expires_at.format("%Y-%m-%d %H:%M UTC")
    );
    println!(
        "Open {}/enrol to set up a passkey with it.",
        config.public_origin
    );
    Ok(())
}

async fn verify_audit(config: &Config) -> anyhow::Result<()> {
    use app::server::audit::{verify_chain, ChainReport};
    let db = startup::open_database(config).await?;
    let report = verify_chain(&db)
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    db.close().await;
    match report {
        ChainReport::Intact { records } => {
            println!("audit trail intact: {records} records, every hash verified");
            Ok(())
        }
        ChainReport::Broken { seq, problem } => {
            anyhow::bail!("audit trail BROKEN at record {seq}: {problem}")
        }
    }
}
