//! Query arguments that bind the same way on both backends.
//!
//! Times are bound to SQLite as fixed-width RFC 3339 text (`…T08:00:00.000000Z`) so that text
//! order is time order; PostgreSQL gets native `timestamptz`, `date` and `jsonb`.

use crate::error::{CoreError, Result};
use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use sqlx::postgres::PgArguments;
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::sqlite::SqliteArguments;
use sqlx::{Postgres, Sqlite};

#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    I64(Option<i64>),
    I32(Option<i32>),
    F64(Option<f64>),
    Str(Option<String>),
    Bool(Option<bool>),
    Time(Option<DateTime<Utc>>),
    Date(Option<NaiveDate>),
    Json(serde_json::Value),
}

/// The text form SQLite stores for an instant.
pub fn sqlite_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

macro_rules! from_value {
    ($ty:ty, $variant:ident) => {
        impl From<$ty> for Arg {
            fn from(v: $ty) -> Self {
                Arg::$variant(Some(v.into()))
            }
        }
        impl From<Option<$ty>> for Arg {
            fn from(v: Option<$ty>) -> Self {
                Arg::$variant(v.map(Into::into))
            }
        }
    };
}

from_value!(i64, I64);
from_value!(i32, I32);
from_value!(f64, F64);
from_value!(String, Str);
from_value!(bool, Bool);
from_value!(DateTime<Utc>, Time);
from_value!(NaiveDate, Date);

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Str(Some(v.to_string()))
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Str(Some(v.clone()))
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Arg::Str(v.map(str::to_string))
    }
}
impl From<&Option<String>> for Arg {
    fn from(v: &Option<String>) -> Self {
        Arg::Str(v.clone())
    }
}
impl From<serde_json::Value> for Arg {
    fn from(v: serde_json::Value) -> Self {
        Arg::Json(v)
    }
}
impl From<&DateTime<Utc>> for Arg {
    fn from(v: &DateTime<Utc>) -> Self {
        Arg::Time(Some(*v))
    }
}

/// The years both backends store and order alike: SQLite keeps times as text (a sign or a fifth
/// digit breaks text order) and PostgreSQL refuses dates before 4713 BC.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// Refuses, before any SQL runs, values one backend would store and the other reject: a NUL
/// character (PostgreSQL text and jsonb cannot hold it, SQLite's full-text search stops at it)
/// and a date outside [`YEARS`]. Commands check their fields first and name them; this is the
/// net for whatever reaches a query unchecked, so it never becomes an internal error.
pub(crate) fn storable(args: &[Arg]) -> Result<()> {
    fn json_ok(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::String(s) => !s.contains('\0'),
            serde_json::Value::Array(a) => a.iter().all(json_ok),
            serde_json::Value::Object(o) => o.iter().all(|(k, v)| !k.contains('\0') && json_ok(v)),
            _ => true,
        }
    }
    let ok = args.iter().all(|arg| match arg {
        Arg::Str(Some(s)) => !s.contains('\0'),
        Arg::Time(Some(t)) => YEARS.contains(&t.year()),
        Arg::Date(Some(d)) => YEARS.contains(&d.year()),
        Arg::Json(v) => json_ok(v),
        _ => true,
    });
    if ok {
        return Ok(());
    }
    Err(CoreError::new(
        crate::error::ErrorCode::Validation,
        "The input holds a NUL character or a date outside the years 1 to 9999; correct it and \
         try again.",
        "输入中含有 NUL 字符或超出 1 至 9999 年的日期，请修改后重试。",
    ))
}

macro_rules! bind_sqlite_each {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for arg in $args {
            q = match arg {
                Arg::I64(v) => q.bind(v),
                Arg::I32(v) => q.bind(v),
                Arg::F64(v) => q.bind(v),
                Arg::Str(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
                Arg::Time(v) => q.bind(v.as_ref().map(sqlite_time)),
                Arg::Date(v) => q.bind(v.map(|d| d.format("%Y-%m-%d").to_string())),
                Arg::Json(v) => q.bind(v.to_string()),
            };
        }
        q
    }};
}

macro_rules! bind_pg_each {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for arg in $args {
            q = match arg {
                Arg::I64(v) => q.bind(v),
                Arg::I32(v) => q.bind(v),
                Arg::F64(v) => q.bind(v),
                Arg::Str(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
                Arg::Time(v) => q.bind(v),
                Arg::Date(v) => q.bind(v),
                Arg::Json(v) => q.bind(sqlx::types::Json(v)),
            };
        }
        q
    }};
}

pub(super) fn bind_sqlite(
    q: Query<'static, Sqlite, SqliteArguments>,
    args: Vec<Arg>,
) -> Query<'static, Sqlite, SqliteArguments> {
    bind_sqlite_each!(q, args)
}

pub(super) fn bind_sqlite_as<T>(
    q: QueryAs<'static, Sqlite, T, SqliteArguments>,
    args: Vec<Arg>,
) -> QueryAs<'static, Sqlite, T, SqliteArguments> {
    bind_sqlite_each!(q, args)
}

pub(super) fn bind_sqlite_scalar<T>(
    q: QueryScalar<'static, Sqlite, T, SqliteArguments>,
    args: Vec<Arg>,
) -> QueryScalar<'static, Sqlite, T, SqliteArguments> {
    bind_sqlite_each!(q, args)
}

pub(super) fn bind_pg(
    q: Query<'static, Postgres, PgArguments>,
    args: Vec<Arg>,
) -> Query<'static, Postgres, PgArguments> {
    bind_pg_each!(q, args)
}

pub(super) fn bind_pg_as<T>(
    q: QueryAs<'static, Postgres, T, PgArguments>,
    args: Vec<Arg>,
) -> QueryAs<'static, Postgres, T, PgArguments> {
    bind_pg_each!(q, args)
}

pub(super) fn bind_pg_scalar<T>(
    q: QueryScalar<'static, Postgres, T, PgArguments>,
    args: Vec<Arg>,
) -> QueryScalar<'static, Postgres, T, PgArguments> {
    bind_pg_each!(q, args)
}
