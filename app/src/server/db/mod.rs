//! All SQL lives here. One repository layer serves SQLite (the embedded
//! default) and PostgreSQL (production): each function is written once and
//! compiled for both pools by [`on_pool!`], so behaviour cannot drift.

pub mod attendance;
pub mod audit;
pub mod campaigns;
pub mod catalogue;
pub mod catalogue_publishing;
pub mod categories;
pub mod classes;
pub mod completion;
pub mod consents;
pub mod device_keys;
pub mod employers;
pub mod employment;
pub mod face_checks;
pub mod hires;
pub mod identity;
pub mod inspections;
pub mod orders;
pub mod oversight;
pub mod roll_calls;
pub mod scorecards;
pub mod subsidies;
pub mod throttles;

use std::{path::Path, str::FromStr, time::Duration};

use crate::server::crypto::AuditChainKey;
use sqlx::{
    postgres::PgPoolOptions,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    PgPool, Postgres, Sqlite, SqlitePool, Transaction,
};

/// A connection pool to one of the two supported databases. SQLite allows
/// one writer at a time, so writes there go through a pool of one
/// connection (they queue without busy-waiting) while reads use the rest.
/// Each carries the key that chains the audit trail, so every append in
/// any transaction is keyed without callers passing it along.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite {
        readers: SqlitePool,
        writer: SqlitePool,
        audit_chain: AuditChainKey,
    },
    Postgres {
        pool: PgPool,
        audit_chain: AuditChainKey,
    },
}

/// An open transaction on either database, with the audit chain key of
/// the database it was begun on.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>, AuditChainKey),
    Postgres(Transaction<'static, Postgres>, AuditChainKey),
}

/// Runs the same read against whichever database `$db` is; `$pool` is
/// bound to the concrete pool in each arm.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::server::db::Database::Sqlite { readers: $pool, .. } => $body,
            $crate::server::db::Database::Postgres { pool: $pool, .. } => $body,
        }
    };
}

/// Like [`on_pool!`] for a statement that writes outside a transaction.
macro_rules! on_writer {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::server::db::Database::Sqlite { writer: $pool, .. } => $body,
            $crate::server::db::Database::Postgres { pool: $pool, .. } => $body,
        }
    };
}

/// Runs the same code inside whichever transaction `$tx` holds; `$conn` is
/// bound to the connection (`&mut *tx`) in each arm.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::server::db::Tx::Sqlite(tx, _) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::server::db::Tx::Postgres(tx, _) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

pub(crate) use {on_pool, on_tx, on_writer};

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("database URL must start with sqlite: or postgres:, got {scheme:?}")]
    UnsupportedScheme { scheme: String },
    #[error("cannot create the directory for the SQLite file {path:?}")]
    CreateDirectory {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the database")]
    Open(#[from] sqlx::Error),
}

impl Database {
    /// Opens a pool for a `sqlite:` or `postgres:` URL. A SQLite file and
    /// its directory are created when missing; SQLite runs in WAL mode so
    /// readers never wait for the writer and a committed write survives a
    /// crash of the process. `audit_chain` keys the audit trail.
    pub async fn connect(
        url: &str,
        max_connections: u32,
        audit_chain: AuditChainKey,
    ) -> Result<Database, ConnectError> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true);
            if let Some(parent) = Path::new(options.get_filename()).parent() {
                if !parent.as_os_str().is_empty() {
                    tokio::fs::create_dir_all(parent).await.map_err(|source| {
                        ConnectError::CreateDirectory {
                            path: parent.display().to_string(),
                            source,
                        }
                    })?;
                }
            }
            // The writer never checkpoints the WAL itself (that would stall
            // writes); `checkpoint` does it from a reader connection.
            let writer = SqlitePoolOptions::new()
                .max_connections(1)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options.clone().pragma("wal_autocheckpoint", "0"))
                .await?;
            let readers = SqlitePoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(options)
                .await?;
            Ok(Database::Sqlite {
                readers,
                writer,
                audit_chain,
            })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(5))
                .connect(url)
                .await?;
            Ok(Database::Postgres { pool, audit_chain })
        } else {
            let scheme = url.split(':').next().unwrap_or_default().to_owned();
            Err(ConnectError::UnsupportedScheme { scheme })
        }
    }

    /// `"sqlite"` or `"postgres"`, for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Database::Sqlite { .. } => "sqlite",
            Database::Postgres { .. } => "postgres",
        }
    }

    /// Checks that the database answers a trivial query.
    #[tracing::instrument(skip(self))]
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    /// Copies committed WAL pages into the SQLite database file without
    /// blocking the writer; a no-op on PostgreSQL. Run it periodically.
    pub async fn checkpoint(&self) -> Result<(), sqlx::Error> {
        match self {
            Database::Sqlite { readers, .. } => sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(readers)
                .await
                .map(|_| ()),
            Database::Postgres { .. } => Ok(()),
        }
    }

    /// Starts a transaction.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Database::Sqlite {
                writer,
                audit_chain,
                ..
            } => Tx::Sqlite(writer.begin().await?, audit_chain.clone()),
            Database::Postgres { pool, audit_chain } => {
                Tx::Postgres(pool.begin().await?, audit_chain.clone())
            }
        })
    }

    /// Closes every connection, waiting for those in use.
    pub async fn close(&self) {
        match self {
            Database::Sqlite {
                readers, writer, ..
            } => {
                readers.close().await;
                writer.close().await;
            }
            Database::Postgres { pool, .. } => pool.close().await,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx, _) => tx.commit().await,
            Tx::Postgres(tx, _) => tx.commit().await,
        }
    }

    /// The key that chains audit records appended in this transaction.
    pub fn audit_chain(&self) -> &AuditChainKey {
        match self {
            Tx::Sqlite(_, key) | Tx::Postgres(_, key) => key,
        }
    }
}

impl Database {
    /// The key that chains this database's audit records.
    pub fn audit_chain(&self) -> &AuditChainKey {
        match self {
            Database::Sqlite { audit_chain, .. } | Database::Postgres { audit_chain, .. } => {
                audit_chain
            }
        }
    }
}

/// Turns a stored code that no longer parses into a decode error, so a
/// corrupt row is reported (and logged) rather than shown.
pub(crate) fn stored<T>(
    column: &'static str,
    parsed: Result<T, crate::domain::InputError>,
) -> Result<T, sqlx::Error> {
    parsed.map_err(|error| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: Box::new(error),
    })
}

/// Whether `error` is a unique violation of `constraint`. PostgreSQL names
/// the constraint; SQLite does not, so there the caller's statement must
/// have only one unique constraint that can fail.
pub(crate) fn is_unique_violation(error: &sqlx::Error, constraint: &str) -> bool {
    match error {
        sqlx::Error::Database(db_error) => {
            db_error.kind() == sqlx::error::ErrorKind::UniqueViolation
                && db_error.constraint().is_none_or(|name| name == constraint)
        }
        _ => false,
    }
}
