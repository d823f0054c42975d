//! Opening a database and bringing its schema up to date.
//!
//! SQLite settings live in one place, [`sqlite_options`]. PostgreSQL migrations run on a
//! dedicated connection that is closed afterwards: sqlx leaks the migration advisory lock when a
//! failed run returns its connection to a pool, and the next client of the team would hang.

use super::{Backend, Db};
use crate::error::{CoreError, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, PgConnection};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATIONS_SQLITE: Migrator = sqlx::migrate!("../../migrations/sqlite");
pub static MIGRATIONS_POSTGRES: Migrator = sqlx::migrate!("../../migrations/postgres");

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DbTarget {
    Sqlite { path: PathBuf },
    Postgres { url: String },
}

pub fn sqlite_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("temp_store", "memory")
        .optimize_on_close(true, None)
}

fn unavailable(detail: impl std::fmt::Display) -> CoreError {
    tracing::warn!(%detail, "could not open database");
    CoreError::new(
        ErrorCode::Unavailable,
        "The database cannot be reached. Check the address, the server and the password.",
        "无法连接数据库，请检查地址、服务器和密码。",
    )
}

pub fn parse_pg_url(url: &str) -> Result<PgConnectOptions> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(CoreError::validation(
            "url",
            "A PostgreSQL URL starts with postgres:// or postgresql://.",
            "PostgreSQL 地址须以 postgres:// 或 postgresql:// 开头。",
        ));
    }
    // Lists filter on values a cached generic plan cannot see: a two-character search needle
    // has no trigram for the index, a common word matches half the rows. Planning each query
    // for its own values costs a millisecond; a wrong generic plan cost 0.9 s at SPEC §11 size.
    PgConnectOptions::from_str(url)
        .map(|options| options.options([("plan_cache_mode", "force_custom_plan")]))
        .map_err(|_| {
            CoreError::validation(
                "url",
                "This is not a valid PostgreSQL URL.",
                "这不是有效的 PostgreSQL 地址。",
            )
        })
}

fn migrate_error(err: MigrateError) -> CoreError {
    match err {
        MigrateError::VersionMissing(_) => CoreError::new(
            ErrorCode::AppTooOld,
            "This database was updated by a newer openGecko. Update the app to open it.",
            "该数据库已被更新版本的 openGecko 升级，请先更新本应用。",
        ),
        MigrateError::Execute(e) => e.into(),
        other => {
            tracing::error!(error = %other, "migration failed");
            CoreError::new(
                ErrorCode::Internal,
                "The database could not be brought up to date. Nothing was changed.",
                "数据库升级失败，未做任何修改。",
            )
        }
    }
}

impl Db {
    /// Opens (creating if needed) a local SQLite file and applies pending migrations.
    pub async fn open_sqlite(path: &Path) -> Result<Db> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                tracing::error!(error = %e, "cannot create data folder");
                CoreError::io("The data folder cannot be created.", "无法创建数据文件夹。")
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(sqlite_options(path))
            .await
            .map_err(unavailable)?;
        let db = Db::Sqlite(pool);
        db.migrate().await?;
        Ok(db)
    }

    /// Connects to a PostgreSQL server without touching its schema.
    pub async fn connect_postgres(options: PgConnectOptions) -> Result<Db> {
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .map_err(unavailable)?;
        Ok(Db::Postgres(pool))
    }

    /// Connects to a PostgreSQL server and applies pending migrations.
    pub async fn open_postgres(url: &str) -> Result<Db> {
        let db = Db::connect_postgres(parse_pg_url(url)?).await?;
        db.migrate().await?;
        Ok(db)
    }

    pub async fn open(target: &DbTarget) -> Result<Db> {
        match target {
            DbTarget::Sqlite { path } => Db::open_sqlite(path).await,
            DbTarget::Postgres { url } => Db::open_postgres(url).await,
        }
    }

    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite(pool) => MIGRATIONS_SQLITE.run(pool).await.map_err(migrate_error),
            Db::Postgres(pool) => {
                let options = pool.connect_options();
                let mut conn = PgConnection::connect_with(&options)
                    .await
                    .map_err(unavailable)?;
                // `run_direct` on the concrete connection: `run` cannot be proven `Send` for
                // the callers that spawn this (sqlx's "Acquire is not general enough").
                let outcome = MIGRATIONS_POSTGRES
                    .run_direct(None, &mut conn, false)
                    .await
                    .map_err(migrate_error);
                let _ = conn.close().await;
                outcome
            }
        }
    }

    /// How many migrations this database still lacks (0 when up to date).
    pub async fn pending_migrations(&self) -> Result<usize> {
        let (migrator, applied): (&Migrator, Vec<i64>) = match self {
            Db::Sqlite(_) => (&MIGRATIONS_SQLITE, self.applied_versions().await?),
            Db::Postgres(_) => (&MIGRATIONS_POSTGRES, self.applied_versions().await?),
        };
        Ok(migrator
            .iter()
            .filter(|m| !applied.contains(&m.version))
            .count())
    }

    async fn applied_versions(&self) -> Result<Vec<i64>> {
        let exists: bool = match self.backend() {
            Backend::Sqlite => {
                self.scalar::<i64>(
                    "SELECT count(*) FROM sqlite_master WHERE name = '_sqlx_migrations'",
                    vec![],
                )
                .await?
                    > 0
            }
            Backend::Postgres => {
                self.scalar::<bool>("SELECT to_regclass('_sqlx_migrations') IS NOT NULL", vec![])
                    .await?
            }
        };
        if !exists {
            return Ok(vec![]);
        }
        let rows: Vec<(i64,)> = self
            .fetch_all("SELECT version FROM _sqlx_migrations WHERE success", vec![])
            .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }
}

/// Checks that a PostgreSQL URL answers, without changing anything.
pub async fn test_postgres(url: &str) -> Result<String> {
    let db = Db::connect_postgres(parse_pg_url(url)?).await?;
    let version = db.scalar::<String>("SHOW server_version", vec![]).await;
    db.close().await;
    version.map_err(unavailable)
}
