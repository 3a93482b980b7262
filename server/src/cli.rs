//! Command-line entry: `skillpass [serve | migrate | load-demo-data |
//! create-province-account | verify-audit | audit-head | catalogue | openapi
//! | help]`.

use std::process::ExitCode;

use app::server::crypto::SecretKeys;

use crate::{
    configuration::Config,
    demo,
    startup::{self, Application},
    telemetry,
};

/// The usage text with the catalogue commands spelled out.
fn usage() -> String {
    USAGE.replace("{CATALOGUE}", crate::catalogue_cli::USAGE)
}

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
  verify-audit [--anchor SEQ:HASH:SIGNATURE]
                   check that the audit trail's keyed hash chain is intact;
                   with an anchor from audit-head, also that record SEQ
                   still carries HASH (exit status 1 and the reason if not)
  audit-head       verify the chain, then print its head as one line
                   `audit-head SEQ HASH SIGNATURE` to keep elsewhere
{CATALOGUE}
  openapi          print the API's OpenAPI document (JSON), then exit
  help             print this text

Settings come from environment variables (see README): SKILLPASS_LISTEN,
SKILLPASS_DATABASE_URL, SKILLPASS_PUBLIC_ORIGIN, SKILLPASS_DEMO_DATA,
SKILLPASS_SITE_ROOT, SKILLPASS_LOG, SKILLPASS_LOG_FORMAT, SKILLPASS_SECRET_KEY
(the audit chain and anchors are keyed from it).";

/// Prints the generated API document, needing no settings or database.
fn print_openapi_document() -> ExitCode {
    match crate::rest::openapi_document().to_pretty_json() {
        Ok(document) => {
            println!("{document}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("skillpass openapi: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the command named on the command line.
pub async fn main() -> ExitCode {
    let command = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "serve".to_owned());
    if matches!(command.as_str(), "help" | "--help" | "-h") {
        println!("{}", usage());
        return ExitCode::SUCCESS;
    }
    if command == "openapi" {
        return print_openapi_document();
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
        "verify-audit" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            verify_audit(&config, &args).await
        }
        "audit-head" => audit_head(&config).await,
        "catalogue" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            match catalogue(&config, &args).await {
                Ok(true) => Ok(()),
                Ok(false) => return ExitCode::FAILURE,
                Err(error) => Err(error),
            }
        }
        other => {
            eprintln!("unknown command {other:?}\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "stopped");
            // Logs go to standard output; the reason gets one line of its own.
            eprintln!("skillpass {command}: {error:#}");
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
    let state = startup::app_state(config, db.clone())?;
    demo::load_once(&state).await?;
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
        app::server::accounts::create_staff_unchecked(&state, None, &account, state.clock.now())
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

/// `catalogue import|export` on the configured database.
async fn catalogue(config: &Config, args: &[String]) -> anyhow::Result<bool> {
    let db = startup::open_database(config).await?;
    let state = startup::app_state(config, db.clone())?;
    let outcome = crate::catalogue_cli::run(&state, args).await;
    db.close().await;
    outcome
}

/// Checks the whole chain, and the anchor when one is given.
async fn verify_audit(config: &Config, args: &[String]) -> anyhow::Result<()> {
    use app::server::audit::{verify_chain_against, Anchor};
    let keys = SecretKeys::derive(config.secret_key.bytes());
    let anchor = match args {
        [] => None,
        [flag, text] if flag == "--anchor" => {
            Some(Anchor::parse_signed(text, &keys).map_err(|reason| anyhow::anyhow!(reason))?)
        }
        _ => anyhow::bail!("usage: skillpass verify-audit [--anchor SEQ:HASH:SIGNATURE]"),
    };
    let db = startup::open_database(config).await?;
    let report = verify_chain_against(&db, anchor.as_ref())
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    db.close().await;
    let (records, legacy, _) = intact(report)?;
    let anchored = anchor.map_or(String::new(), |a| {
        format!(", record {} matches the anchor", a.seq)
    });
    println!("audit trail intact: {records} records ({legacy} unkeyed from before keying), every hash verified{anchored}");
    Ok(())
}

/// Prints the verified head with its signature, for keeping elsewhere
/// (paper, another system): `verify-audit --anchor` checks against it.
async fn audit_head(config: &Config) -> anyhow::Result<()> {
    use app::server::audit::{verify_chain, Anchor};
    let keys = SecretKeys::derive(config.secret_key.bytes());
    let db = startup::open_database(config).await?;
    let report = verify_chain(&db)
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    db.close().await;
    let (records, _, head_hash) = intact(report)?;
    println!("audit-head {}", Anchor::sign(&keys, records, &head_hash));
    Ok(())
}

/// The figures of an intact chain, or the break as the error.
fn intact(report: app::server::audit::ChainReport) -> anyhow::Result<(i64, i64, String)> {
    use app::server::audit::ChainReport;
    match report {
        ChainReport::Intact {
            records,
            legacy,
            head_hash,
        } => Ok((records, legacy, head_hash)),
        ChainReport::Broken { seq, problem } => {
            anyhow::bail!("audit trail BROKEN at record {seq}: {problem}")
        }
    }
}
