//! The SQLite and PostgreSQL migrations build the same schema.
//!
//! Both databases are migrated from empty and read back from their
//! catalogues; each schema becomes a set of facts (a table, a column with
//! its normalised type, nullability and default, an index, a foreign key,
//! the string literals of a table's CHECK constraints, a trigger). A fact
//! found on one side only fails the test unless [`ALLOWED_DIFFERENCES`]
//! lists it with a reason. Runs on every suite run: it needs both a SQLite
//! file and the PostgreSQL server, whichever database the suite uses.

use std::collections::BTreeSet;

use sqlx::{Connection, Row};

use crate::helpers::{fresh_postgres_url, fresh_sqlite_url};

/// Facts that may exist on one side only, each with the reason.
const ALLOWED_DIFFERENCES: &[(&str, &str)] = &[];

#[tokio::test]
async fn the_sqlite_and_postgresql_migrations_build_the_same_schema() {
    let sqlite = sqlite_schema().await;
    let postgres = postgres_schema().await;
    let allowed: BTreeSet<&str> = ALLOWED_DIFFERENCES.iter().map(|(fact, _)| *fact).collect();
    let only_in = |this: &BTreeSet<String>, other: &BTreeSet<String>| -> Vec<String> {
        this.difference(other)
            .filter(|fact| !allowed.contains(fact.as_str()))
            .cloned()
            .collect()
    };
    let only_sqlite = only_in(&sqlite, &postgres);
    let only_postgres = only_in(&postgres, &sqlite);
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the two schemas differ\n\nonly in SQLite:\n  {}\n\nonly in PostgreSQL:\n  {}\n",
        only_sqlite.join("\n  "),
        only_postgres.join("\n  ")
    );
    let stale: Vec<&str> = allowed
        .iter()
        .filter(|fact| sqlite.contains(**fact) == postgres.contains(**fact))
        .copied()
        .collect();
    assert!(
        stale.is_empty(),
        "allowed differences that no longer differ: {stale:?}"
    );
}

#[tokio::test]
async fn the_schema_reader_sees_every_kind_of_fact_on_both_sides() {
    // Guards the comparison above against passing because a reader
    // returned nothing of one kind.
    for (side, facts) in [
        ("SQLite", sqlite_schema().await),
        ("PostgreSQL", postgres_schema().await),
    ] {
        for kind in [
            "table ",
            "column ",
            "index ",
            "unique index ",
            "foreign key ",
            "checks ",
            "trigger ",
        ] {
            assert!(
                facts.iter().any(|fact| fact.starts_with(kind)),
                "{side} schema has no {kind:?} facts"
            );
        }
        assert!(facts.contains("column training_classes.capacity integer not null"));
        assert!(facts.contains("checks class_sessions: 3, literals 'offline' 'online'"));
    }
}

async fn sqlite_schema() -> BTreeSet<String> {
    let url = fresh_sqlite_url();
    let options = url
        .parse::<sqlx::sqlite::SqliteConnectOptions>()
        .expect("a SQLite URL")
        .create_if_missing(true)
        .foreign_keys(true);
    let mut db = sqlx::SqliteConnection::connect_with(&options)
        .await
        .expect("a SQLite file");
    sqlx::migrate!("./migrations/sqlite")
        .run(&mut db)
        .await
        .expect("the SQLite migrations apply");
    let mut facts = BTreeSet::new();
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut db)
    .await
    .expect("tables");
    for (table, sql) in &tables {
        facts.insert(format!("table {table}"));
        let columns = sqlx::query(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid",
        )
        .bind(table)
        .fetch_all(&mut db)
        .await
        .expect("columns");
        let mut primary_key: Vec<(i64, String)> = Vec::new();
        for column in columns {
            let name: String = column.get("name");
            let declared: String = column.get("type");
            let pk: i64 = column.get("pk");
            if pk > 0 {
                primary_key.push((pk, name.clone()));
            }
            let not_null = column.get::<i64, _>("notnull") == 1 || pk > 0;
            let default = column
                .get::<Option<String>, _>("dflt_value")
                .filter(|_| pk == 0);
            facts.insert(column_fact(
                table,
                &name,
                sqlite_affinity(&declared),
                not_null,
                default.as_deref(),
            ));
        }
        primary_key.sort();
        let key: Vec<String> = primary_key.into_iter().map(|(_, name)| name).collect();
        facts.insert(format!("primary key {table} ({})", key.join(", ")));
        facts.insert(checks_fact(table, &check_expressions(sql)));
        let indexes = sqlx::query(
            "SELECT l.name, l.\"unique\", l.origin, m.sql FROM pragma_index_list(?) AS l \
             LEFT JOIN sqlite_master AS m ON m.type = 'index' AND m.name = l.name",
        )
        .bind(table)
        .fetch_all(&mut db)
        .await
        .expect("indexes");
        for index in indexes {
            let origin: String = index.get("origin");
            if origin == "pk" {
                continue;
            }
            let name: String = index.get("name");
            let unique = index.get::<i64, _>("unique") == 1;
            let definition = match index.get::<Option<String>, _>("sql") {
                Some(sql) => index_shape(&without_comments(&sql)),
                None => {
                    let columns: Vec<String> =
                        sqlx::query_scalar("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                            .bind(&name)
                            .fetch_all(&mut db)
                            .await
                            .expect("index columns");
                    format!("({})", columns.join(","))
                }
            };
            facts.insert(index_fact(table, unique, &definition));
        }
        let keys = sqlx::query(
            "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?) \
             ORDER BY id, seq",
        )
        .bind(table)
        .fetch_all(&mut db)
        .await
        .expect("foreign keys");
        // One row per column of a key: gather the columns of each key id.
        let mut grouped: Vec<(i64, ForeignKey)> = Vec::new();
        for key in keys {
            let id: i64 = key.get("id");
            let from: String = key.get("from");
            let to: String = key.get::<Option<String>, _>("to").unwrap_or_default();
            match grouped.last_mut() {
                Some((last_id, last)) if *last_id == id => {
                    last.from.push(from);
                    last.to.push(to);
                }
                _ => grouped.push((
                    id,
                    ForeignKey {
                        target: key.get("table"),
                        from: vec![from],
                        to: vec![to],
                        on_delete: key.get::<String, _>("on_delete").to_lowercase(),
                    },
                )),
            }
        }
        for (_, key) in grouped {
            facts.insert(foreign_key_fact(
                table,
                &key.from,
                &key.target,
                &key.to,
                &key.on_delete,
            ));
        }
    }
    let triggers: Vec<(String, String)> =
        sqlx::query_as("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            .fetch_all(&mut db)
            .await
            .expect("triggers");
    for (table, sql) in triggers {
        let words: Vec<String> = sql.split_whitespace().map(str::to_lowercase).collect();
        let timing = words
            .iter()
            .position(|word| matches!(word.as_str(), "before" | "after" | "instead"))
            .expect("a trigger names its timing");
        let event = words[timing + 1..]
            .iter()
            .find(|word| matches!(word.as_str(), "insert" | "update" | "delete"))
            .expect("a trigger names its event");
        facts.insert(format!("trigger {table} {} {event}", words[timing]));
    }
    facts
}

async fn postgres_schema() -> BTreeSet<String> {
    let mut db = sqlx::PgConnection::connect(&fresh_postgres_url().await)
        .await
        .expect("PostgreSQL is required for the schema comparison");
    sqlx::migrate!("./migrations/postgres")
        .run(&mut db)
        .await
        .expect("the PostgreSQL migrations apply");
    let mut facts = BTreeSet::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
         AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut db)
    .await
    .expect("tables");
    facts.extend(tables.iter().map(|table| format!("table {table}")));
    let columns = sqlx::query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                data_type::text AS data_type, is_nullable::text AS is_nullable, \
                column_default::text AS column_default, is_identity::text AS is_identity \
         FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut db)
    .await
    .expect("columns");
    for column in columns {
        let table: String = column.get("table_name");
        let default = column
            .get::<Option<String>, _>("column_default")
            .filter(|_| column.get::<String, _>("is_identity") == "NO");
        facts.insert(column_fact(
            &table,
            &column.get::<String, _>("column_name"),
            postgres_stored_as(&column.get::<String, _>("data_type")),
            column.get::<String, _>("is_nullable") == "NO",
            default.as_deref(),
        ));
    }
    let indexes = sqlx::query(
        "SELECT t.relname::text AS table_name, ix.indisunique, ix.indisprimary, \
                pg_get_indexdef(ix.indexrelid) AS definition, \
                (SELECT string_agg(a.attname::text, ', ' ORDER BY k.ord) \
                   FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) \
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS key_columns \
         FROM pg_index ix \
         JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = current_schema() AND t.relname <> '_sqlx_migrations'",
    )
    .fetch_all(&mut db)
    .await
    .expect("indexes");
    for index in indexes {
        let table: String = index.get("table_name");
        if index.get::<bool, _>("indisprimary") {
            let columns: String = index.get("key_columns");
            facts.insert(format!("primary key {table} ({columns})"));
        } else {
            let shape = index_shape(&index.get::<String, _>("definition"));
            facts.insert(index_fact(&table, index.get("indisunique"), &shape));
        }
    }
    let checks: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.relname::text, pg_get_constraintdef(c.oid) \
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
         WHERE c.contype = 'c' AND c.connamespace = current_schema()::regnamespace",
    )
    .fetch_all(&mut db)
    .await
    .expect("checks");
    for table in &tables {
        let expressions: Vec<String> = checks
            .iter()
            .filter(|(owner, _)| owner == table)
            .map(|(_, definition)| definition.clone())
            .collect();
        facts.insert(checks_fact(table, &expressions));
    }
    let keys = sqlx::query(
        "SELECT t.relname::text AS table_name, r.relname::text AS target, \
                c.confdeltype::text AS on_delete, \
                (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) \
                   FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) \
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS from_columns, \
                (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) \
                   FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord) \
                   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS to_columns \
         FROM pg_constraint c \
         JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid \
         WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace",
    )
    .fetch_all(&mut db)
    .await
    .expect("foreign keys");
    for key in keys {
        let on_delete = match key.get::<String, _>("on_delete").as_str() {
            "c" => "cascade",
            "n" => "set null",
            "d" => "set default",
            "r" => "restrict",
            _ => "no action",
        };
        let split = |name: &str| -> Vec<String> {
            key.get::<String, _>(name)
                .split(',')
                .map(str::to_owned)
                .collect()
        };
        facts.insert(foreign_key_fact(
            &key.get::<String, _>("table_name"),
            &split("from_columns"),
            &key.get::<String, _>("target"),
            &split("to_columns"),
            on_delete,
        ));
    }
    let triggers: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT DISTINCT event_object_table::text, lower(action_timing::text), \
                lower(event_manipulation::text) \
         FROM information_schema.triggers WHERE trigger_schema = current_schema()",
    )
    .fetch_all(&mut db)
    .await
    .expect("triggers");
    for (table, timing, event) in triggers {
        facts.insert(format!("trigger {table} {timing} {event}"));
    }
    facts
}

/// A foreign key as SQLite lists it, one row per column.
struct ForeignKey {
    target: String,
    from: Vec<String>,
    to: Vec<String>,
    on_delete: String,
}

fn column_fact(
    table: &str,
    column: &str,
    stored_as: &str,
    not_null: bool,
    default: Option<&str>,
) -> String {
    let mut fact = format!("column {table}.{column} {stored_as}");
    if not_null {
        fact.push_str(" not null");
    }
    if let Some(default) = default {
        fact.push_str(&format!(" default {}", normalised_default(default)));
    }
    fact
}

fn index_fact(table: &str, unique: bool, shape: &str) -> String {
    let kind = if unique { "unique index" } else { "index" };
    format!("{kind} {table} {shape}")
}

fn foreign_key_fact(
    table: &str,
    from: &[String],
    target: &str,
    to: &[String],
    on_delete: &str,
) -> String {
    format!(
        "foreign key {table} ({}) -> {target} ({}) on delete {on_delete}",
        from.join(","),
        to.join(",")
    )
}

/// A table's CHECK constraints, compared by their count and the string
/// literals they name (the allowed codes): the two databases print the
/// same rule differently (`IN (…)` against `= ANY (ARRAY[…])`).
fn checks_fact(table: &str, expressions: &[String]) -> String {
    let literals: BTreeSet<String> = expressions
        .iter()
        .flat_map(|expression| string_literals(expression))
        .map(|literal| format!("'{literal}'"))
        .collect();
    let literals: Vec<String> = literals.into_iter().collect();
    format!(
        "checks {table}: {}, literals {}",
        expressions.len(),
        literals.join(" ")
    )
}

/// How SQLite stores a declared type (its type affinity); `BOOLEAN` is
/// numeric, and sqlx stores a bool there as an integer.
fn sqlite_affinity(declared: &str) -> &'static str {
    let declared = declared.to_uppercase();
    if declared.contains("INT") || declared == "BOOLEAN" {
        "integer"
    } else if ["CHAR", "CLOB", "TEXT"]
        .iter()
        .any(|word| declared.contains(word))
    {
        "text"
    } else if declared.contains("BLOB") {
        "bytes"
    } else if ["REAL", "FLOA", "DOUB"]
        .iter()
        .any(|word| declared.contains(word))
    {
        "real"
    } else {
        "numeric"
    }
}

/// What a PostgreSQL type becomes on SQLite through sqlx: times and dates
/// are text, booleans are integers.
fn postgres_stored_as(data_type: &str) -> &'static str {
    match data_type {
        "bigint" | "integer" | "smallint" | "boolean" => "integer",
        "text" | "character varying" | "timestamp with time zone" | "date" => "text",
        "double precision" | "real" => "real",
        "bytea" => "bytes",
        _ => "numeric",
    }
}

/// `''::text` → `''`, `false` → `0`, `true` → `1`.
fn normalised_default(default: &str) -> String {
    let without_cast = default.split("::").next().unwrap_or(default).trim();
    let unwrapped = without_cast.trim_start_matches('(').trim_end_matches(')');
    match unwrapped.to_lowercase().as_str() {
        "false" => "0".to_owned(),
        "true" => "1".to_owned(),
        _ => unwrapped.to_owned(),
    }
}

/// The indexed columns and, for a partial index, the literals of its
/// condition, read from `CREATE [UNIQUE] INDEX … ON t [USING btree] (…)
/// [WHERE …]` as either database prints it.
fn index_shape(sql: &str) -> String {
    let lower = sql.to_lowercase();
    let after_on = lower.find(" on ").map_or(0, |at| at + 4);
    let open = lower[after_on..]
        .find('(')
        .map_or(lower.len(), |at| after_on + at);
    let close = matching_paren(&lower, open).unwrap_or(lower.len());
    let columns: String = lower[open..(close + 1).min(lower.len())]
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect();
    match lower[close.min(lower.len())..].find(" where ") {
        Some(_) => {
            let literals: Vec<String> = string_literals(&sql[close..])
                .into_iter()
                .map(|literal| format!("'{literal}'"))
                .collect();
            format!("{columns} where {}", literals.join(" "))
        }
        None => columns,
    }
}

/// The expressions of every `CHECK (…)` in a `CREATE TABLE` statement
/// (not a column such as `checked_at`).
fn check_expressions(sql: &str) -> Vec<String> {
    let sql = without_comments(sql);
    let upper = sql.to_uppercase();
    let mut expressions = Vec::new();
    let mut from = 0;
    while let Some(at) = upper[from..].find("CHECK") {
        let start = from + at;
        from = start + "CHECK".len();
        let word_before = upper[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        let rest = upper[from..].trim_start();
        if word_before || !rest.starts_with('(') {
            continue;
        }
        let open = upper.len() - rest.len();
        let close = matching_paren(&sql, open).unwrap_or(sql.len() - 1);
        expressions.push(sql[open..=close].to_owned());
        from = close + 1;
    }
    expressions
}

/// The statement without its `-- …` comments (SQLite keeps them in the
/// text it stores; they may hold apostrophes and words like "check").
fn without_comments(sql: &str) -> String {
    sql.lines()
        .map(|line| {
            let mut in_string = false;
            for (at, c) in line.char_indices() {
                match c {
                    '\'' => in_string = !in_string,
                    '-' if !in_string && line[at..].starts_with("--") => return &line[..at],
                    _ => {}
                }
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn matching_paren(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut in_string = false;
    for (at, c) in text.char_indices().skip_while(|(at, _)| *at < open) {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

fn string_literals(text: &str) -> Vec<String> {
    text.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}
