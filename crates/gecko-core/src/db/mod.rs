//! Storage: one handle over the embedded SQLite file or a shared PostgreSQL server.
//!
//! Repository code is written once against [`Db`] and [`Tx`]: SQL with `$n` placeholders (both
//! drivers accept them) and a list of [`Arg`]s. The handle dispatches to the right pool, so the
//! same row structs decode from both backends. Where the SQL itself must differ (date
//! bucketing, JSON containment) callers branch on [`Db::backend`].
//!
//! SQLite write transactions begin `IMMEDIATE`: a deferred one that reads, then writes after
//! another connection committed fails at once with "database is locked", whatever the timeout.

mod args;
mod connect;

pub use args::{Arg, YEARS};
pub use connect::{parse_pg_url, test_postgres, DbTarget, MIGRATIONS_POSTGRES, MIGRATIONS_SQLITE};

use crate::error::Result;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, PgPool, Postgres, Sqlite, SqlitePool, Transaction};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A write transaction. Dropping it without [`Tx::commit`] rolls everything back.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A row type that decodes from both backends (`#[derive(sqlx::FromRow)]` gives this).
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

/// A single value that decodes from both backends.
pub trait Scalar:
    for<'r> sqlx::Decode<'r, Sqlite>
    + sqlx::Type<Sqlite>
    + for<'r> sqlx::Decode<'r, Postgres>
    + sqlx::Type<Postgres>
    + Send
    + Unpin
{
}
impl<T> Scalar for T where
    T: for<'r> sqlx::Decode<'r, Sqlite>
        + sqlx::Type<Sqlite>
        + for<'r> sqlx::Decode<'r, Postgres>
        + sqlx::Type<Postgres>
        + Send
        + Unpin
{
}

/// Builds a `Vec<Arg>` from values of any type that converts into [`Arg`].
#[macro_export]
macro_rules! args {
    ($($value:expr),* $(,)?) => { vec![$($crate::db::Arg::from($value)),*] };
}

/// The query methods, written once and stamped onto both [`Db`] (pool) and [`Tx`].
macro_rules! query_methods {
    ([$($m:tt)?] $exec:ident) => {
        pub async fn execute(& $($m)? self, sql: &str, args: Vec<Arg>) -> Result<u64> {
            args::storable(&args)?;
            let sql = sqlx::AssertSqlSafe(sql.to_string());
            Ok(match self {
                Self::Sqlite(c) => {
                    args::bind_sqlite(sqlx::query(sql), args)
                        .execute($exec!(c))
                        .await?
                        .rows_affected()
                }
                Self::Postgres(c) => {
                    args::bind_pg(sqlx::query(sql), args).execute($exec!(c)).await?.rows_affected()
                }
            })
        }

        pub async fn fetch_all<T: Row>(& $($m)? self, sql: &str, args: Vec<Arg>) -> Result<Vec<T>> {
            args::storable(&args)?;
            let sql = sqlx::AssertSqlSafe(sql.to_string());
            Ok(match self {
                Self::Sqlite(c) => {
                    args::bind_sqlite_as(sqlx::query_as(sql), args).fetch_all($exec!(c)).await?
                }
                Self::Postgres(c) => {
                    args::bind_pg_as(sqlx::query_as(sql), args).fetch_all($exec!(c)).await?
                }
            })
        }

        pub async fn fetch_optional<T: Row>(
            & $($m)? self,
            sql: &str,
            args: Vec<Arg>,
        ) -> Result<Option<T>> {
            args::storable(&args)?;
            let sql = sqlx::AssertSqlSafe(sql.to_string());
            Ok(match self {
                Self::Sqlite(c) => {
                    args::bind_sqlite_as(sqlx::query_as(sql), args)
                        .fetch_optional($exec!(c))
                        .await?
                }
                Self::Postgres(c) => {
                    args::bind_pg_as(sqlx::query_as(sql), args).fetch_optional($exec!(c)).await?
                }
            })
        }

        pub async fn fetch_one<T: Row>(& $($m)? self, sql: &str, args: Vec<Arg>) -> Result<T> {
            args::storable(&args)?;
            let sql = sqlx::AssertSqlSafe(sql.to_string());
            Ok(match self {
                Self::Sqlite(c) => {
                    args::bind_sqlite_as(sqlx::query_as(sql), args).fetch_one($exec!(c)).await?
                }
                Self::Postgres(c) => {
                    args::bind_pg_as(sqlx::query_as(sql), args).fetch_one($exec!(c)).await?
                }
            })
        }

        pub async fn scalar<T: Scalar>(& $($m)? self, sql: &str, args: Vec<Arg>) -> Result<T> {
            args::storable(&args)?;
            let sql = sqlx::AssertSqlSafe(sql.to_string());
            Ok(match self {
                Self::Sqlite(c) => {
                    args::bind_sqlite_scalar(sqlx::query_scalar(sql), args)
                        .fetch_one($exec!(c))
                        .await?
                }
                Self::Postgres(c) => {
                    args::bind_pg_scalar(sqlx::query_scalar(sql), args)
                        .fetch_one($exec!(c))
                        .await?
                }
            })
        }

        pub async fn scalar_optional<T: Scalar>(
            & $($m)? self,
            sql: &str,
            args: Vec<Arg>,
        ) -> Result<Option<T>> {
            args::storable(&args)?;
            let sql = sqlx::AssertSqlSafe(sql.to_string());
            Ok(match self {
                Self::Sqlite(c) => {
                    args::bind_sqlite_scalar(sqlx::query_scalar(sql), args)
                        .fetch_optional($exec!(c))
                        .await?
                }
                Self::Postgres(c) => {
                    args::bind_pg_scalar(sqlx::query_scalar(sql), args)
                        .fetch_optional($exec!(c))
                        .await?
                }
            })
        }
    };
}

macro_rules! pool_exec {
    ($c:ident) => {
        &*$c
    };
}
macro_rules! tx_exec {
    ($c:ident) => {
        &mut **$c
    };
}

impl Db {
    query_methods!([] pool_exec);

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Starts a write transaction (`BEGIN IMMEDIATE` on SQLite).
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    query_methods!([mut] tx_exec);

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

/// `lower(col) LIKE` pattern for a user's search text, with `%`, `_` and `\` escaped
/// (use with `ESCAPE '\'`).
pub fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for ch in text.to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('%');
    out
}
