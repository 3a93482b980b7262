//! `skillpass catalogue import|export`: the bureau's IT staff move a
//! catalogue in and out as the filled-in template (附表1/附表2) from the
//! server's command line. Import prints the preview's problems exactly as
//! the import page shows them and stores nothing unless `--confirm` is
//! given and there are none.

use std::{collections::HashMap, path::PathBuf};

use anyhow::{bail, Context};
use app::{
    domain::{parse_edition_year, CatalogueKind, City, ExportFormat},
    i18n::Lang,
    server::{
        catalogue_publishing::{editions, exports, imports},
        db::catalogue_publishing as store,
        spreadsheet::{ListFile, ListFormat},
        AppState,
    },
};

pub const USAGE: &str = "\
  catalogue import --city CODE --kind course|institution --year YYYY [--confirm] [--lang zh|en] FILE
                   read a filled-in 附表1 (course) or 附表2 (institution), print
                   every problem (exit status 1 if any); with --confirm and no
                   problems, store it as the year's draft
  catalogue export --city CODE --kind course|institution --year YYYY
                   --format xlsx|csv|csv-gbk FILE
                   write the year's edition as the filled-in template";

/// The options and the file of a `catalogue` command.
struct Arguments {
    options: HashMap<String, String>,
    flags: Vec<String>,
    file: PathBuf,
}

fn parse_arguments(args: &[String]) -> anyhow::Result<Arguments> {
    let mut options = HashMap::new();
    let mut flags = Vec::new();
    let mut file = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.strip_prefix("--") {
            Some(flag @ "confirm") => flags.push(flag.to_owned()),
            Some(name) => {
                let value = rest
                    .next()
                    .with_context(|| format!("--{name} needs a value"))?;
                options.insert(name.to_owned(), value.clone());
            }
            None if file.is_none() => file = Some(PathBuf::from(arg)),
            None => bail!("more than one FILE given"),
        }
    }
    Ok(Arguments {
        options,
        flags,
        file: file.context("FILE is missing")?,
    })
}

impl Arguments {
    fn required(&self, name: &str) -> anyhow::Result<&str> {
        self.options
            .get(name)
            .map(String::as_str)
            .with_context(|| format!("--{name} is required"))
    }

    /// The edition the command is about.
    fn edition(&self) -> anyhow::Result<(CatalogueKind, City, i32)> {
        let zh = |error: app::domain::InputError| anyhow::anyhow!(error.message(Lang::Zh));
        Ok((
            CatalogueKind::parse(self.required("kind")?).map_err(zh)?,
            City::parse(self.required("city")?).map_err(zh)?,
            parse_edition_year(self.required("year")?).map_err(zh)?,
        ))
    }
}

/// Runs `catalogue import` or `catalogue export`; `Ok(false)` when an
/// import found problems.
pub async fn run(state: &AppState, args: &[String]) -> anyhow::Result<bool> {
    let Some((verb, rest)) = args.split_first() else {
        bail!("usage:\n{USAGE}");
    };
    let arguments = parse_arguments(rest).with_context(|| format!("usage:\n{USAGE}"))?;
    match verb.as_str() {
        "import" => import(state, &arguments).await,
        "export" => export(state, &arguments).await.map(|()| true),
        other => bail!("unknown catalogue command {other:?}; usage:\n{USAGE}"),
    }
}

async fn import(state: &AppState, arguments: &Arguments) -> anyhow::Result<bool> {
    let (kind, city, year) = arguments.edition()?;
    let lang = match arguments.options.get("lang").map(String::as_str) {
        None | Some("zh") => Lang::Zh,
        Some("en") => Lang::En,
        Some(other) => bail!("--lang is zh or en, not {other:?}"),
    };
    let bytes = std::fs::read(&arguments.file)
        .with_context(|| format!("reading {}", arguments.file.display()))?;
    let format = if bytes.starts_with(b"PK\x03\x04") {
        ListFormat::Xlsx
    } else {
        ListFormat::Csv
    };
    let file = ListFile { format, bytes };
    let now = state.clock.now();
    let fail = |error: app::error::AppError| anyhow::anyhow!(error.message(lang));
    let read = imports::read_template(state, kind, city, year, &file, state.clock.today())
        .await
        .map_err(fail)?;
    let rows = read.courses.len() + read.institutions.len();
    for problem in &read.problems {
        println!("{}", imports::problem_view(problem, lang).line(lang));
    }
    if !read.problems.is_empty() {
        println!(
            "{} rows read, {} problems; nothing stored",
            rows,
            read.problems.len()
        );
        return Ok(false);
    }
    if !arguments.flags.iter().any(|f| f == "confirm") {
        println!("{rows} rows read, no problems; run again with --confirm to store them as the {year} draft");
        return Ok(true);
    }
    match imports::import_at_once(state, None, kind, city, year, &file, now)
        .await
        .map_err(fail)?
    {
        Ok(id) => {
            println!("{rows} rows stored as the {year} draft (edition {id})");
            Ok(true)
        }
        Err(problems) => {
            for problem in &problems {
                println!("{}", imports::problem_view(problem, lang).line(lang));
            }
            Ok(false)
        }
    }
}

async fn export(state: &AppState, arguments: &Arguments) -> anyhow::Result<()> {
    let (kind, city, year) = arguments.edition()?;
    let format = ExportFormat::parse(arguments.required("format")?)
        .map_err(|error| anyhow::anyhow!(error.message(Lang::Zh)))?;
    let fail = |error: app::error::AppError| anyhow::anyhow!(error.message(Lang::Zh));
    let row = store::find_edition(&state.db, kind, city, year)
        .await
        .context("reading the edition")?
        .with_context(|| format!("no {} edition of {year} for {}", kind.code(), city.code()))?;
    let detail = editions::load_detail(&state.db, &row, false)
        .await
        .map_err(fail)?;
    let file = exports::write(&detail, format).await.map_err(fail)?;
    std::fs::write(&arguments.file, &file.bytes)
        .with_context(|| format!("writing {}", arguments.file.display()))?;
    println!(
        "{} rows written to {} ({})",
        detail.courses.len() + detail.institutions.len(),
        arguments.file.display(),
        file.file_name
    );
    Ok(())
}
