//! Data safety: backups, restore, and moving data between a local SQLite file and a team
//! PostgreSQL server.
//!
//! A backup is always a `.tar.gz` holding a SQLite snapshot (taken with `VACUUM INTO` from a
//! live local file, or copied in one `REPEATABLE READ` snapshot from a team server), the media
//! folder and a manifest. Restoring replaces files, so it is a plain function the shell calls
//! with the database closed ([`restore::restore_into`]); everything is checked in a scratch
//! folder first, and a refused archive changes nothing.

pub mod archive;
pub mod backup;
pub mod restore;
pub mod settings;
pub mod tables;
pub mod team;
pub mod transfer;

pub use archive::BackupManifest;
pub use backup::{list_backups, BackupInfo, ScheduledBackup};
pub use restore::{restore_into, undo_restore, verify_backup, BackupCheck, RestoreOutcome};
pub use settings::{backup_due, BackupResult, BackupSettings, BackupStatus};
pub use team::{pg_dump_command, PgDumpCommand};
pub use transfer::{copy_database, TableCount, TransferReport};

use crate::db::MIGRATIONS_SQLITE;
use crate::error::{CoreError, Result};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AssertSqlSafe, Connection, SqliteConnection};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The local database file inside the app's data folder.
pub const DB_FILE_NAME: &str = "opengecko.db";
/// The media folder inside the app's data folder.
pub const MEDIA_DIR_NAME: &str = "media";

/// The highest migration this app knows.
pub fn app_schema_version() -> i64 {
    MIGRATIONS_SQLITE
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

/// A working folder that is removed however the operation ends.
pub(crate) struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(parent: &Path, prefix: &str) -> Result<Scratch> {
        let name = format!(".{prefix}-{:016x}", rand::random::<u64>());
        let path = parent.join(name);
        std::fs::create_dir_all(&path).map_err(|e| archive::io_error("working folder", e))?;
        Ok(Scratch(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.0) {
            tracing::warn!(error = %e, path = %self.0.display(), "scratch folder left behind");
        }
    }
}

/// One plain connection to an existing SQLite file: no pool, no migrations, nothing created.
pub(crate) async fn open_file(path: &Path) -> Result<SqliteConnection> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    SqliteConnection::connect_with(&options)
        .await
        .map_err(|_| archive::not_a_backup("database cannot be opened"))
}

/// What a SQLite file holds, read without changing it.
pub(crate) struct FileFacts {
    pub integrity_ok: bool,
    /// `None` when the file has no migration table (not an openGecko database).
    pub schema_version: Option<i64>,
    pub tables: BTreeMap<String, i64>,
}

pub(crate) async fn inspect_file(conn: &mut SqliteConnection) -> Result<FileFacts> {
    let not_ours = |_| archive::not_a_backup("not a SQLite database");
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .map_err(not_ours)?;
    let integrity_ok = integrity == ["ok"];
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut *conn)
            .await
            .map_err(not_ours)?;
    let schema_version = if names.iter().any(|n| n == "_sqlx_migrations") {
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *conn)
            .await
            .map_err(not_ours)?
    } else {
        None
    };
    let mut tables = BTreeMap::new();
    for table in tables::TABLES
        .iter()
        .filter(|t| names.iter().any(|n| n == t.name))
    {
        let sql = AssertSqlSafe(format!("SELECT count(*) FROM {}", table.name));
        let rows: i64 = sqlx::query_scalar(sql)
            .fetch_one(&mut *conn)
            .await
            .map_err(not_ours)?;
        tables.insert(table.name.to_string(), rows);
    }
    Ok(FileFacts {
        integrity_ok,
        schema_version,
        tables,
    })
}

/// Leaves a SQLite file self-contained (no `-wal` beside it) so it can be moved alone.
pub(crate) async fn settle_file(path: &Path) -> Result<()> {
    let mut conn = open_file(path).await?;
    let result: std::result::Result<(), sqlx::Error> = async {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await?;
        sqlx::query("PRAGMA journal_mode = DELETE")
            .execute(&mut conn)
            .await?;
        Ok(())
    }
    .await;
    let _ = conn.close().await;
    result.map_err(CoreError::from)
}

/// `path` with `suffix` added to its file name (`a.db` + `-wal` → `a.db-wal`).
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}
