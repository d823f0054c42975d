//! Taking backups: on demand to a file the user picks, and on schedule into the backups folder
//! with old archives pruned.
//!
//! The database is never copied as a file while it is live: a local file is snapshotted with
//! `VACUUM INTO` (a read transaction, so the app keeps writing meanwhile), a team server is
//! copied into a new SQLite file inside one snapshot. The archive is written under a `.partial`
//! name and renamed only once complete, so a crash never leaves a half archive that looks whole.

use super::archive::{self, io_error, BackupManifest};
use super::{inspect_file, open_file, settle_file, transfer, Scratch};
use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::db::{Backend, Db};
use crate::error::{CoreError, ErrorCode, Result};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::Connection;
use std::path::{Path, PathBuf};

/// File names of scheduled backups: `opengecko-backup-20260301-030000.tar.gz` (UTC).
pub const SCHEDULED_PREFIX: &str = "opengecko-backup-";
const SUFFIX: &str = ".tar.gz";
const STAMP: &str = "%Y%m%d-%H%M%S";

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    /// From the manifest; the file's modification time when the manifest is unreadable.
    pub created_at: DateTime<Utc>,
    pub size: i64,
    /// The manifest is readable and ours (a full check is [`super::verify_backup`]).
    pub ok: bool,
    pub manifest: Option<BackupManifest>,
    pub problem: Option<CoreError>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ScheduledBackup {
    pub backup: BackupInfo,
    /// File names of the archives removed for being older than the kept days.
    pub pruned: Vec<String>,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn info_for(path: &Path) -> Result<BackupInfo> {
    let meta = std::fs::metadata(path).map_err(|e| io_error("backup file", e))?;
    let modified: DateTime<Utc> = meta
        .modified()
        .map(Into::into)
        .unwrap_or_else(|_| Utc::now());
    let manifest = archive::read_manifest(path);
    Ok(BackupInfo {
        path: path.to_string_lossy().into_owned(),
        file_name: file_name(path),
        created_at: manifest.as_ref().map_or(modified, |m| m.created_at),
        size: meta.len() as i64,
        ok: manifest.is_ok(),
        problem: manifest.as_ref().err().cloned(),
        manifest: manifest.ok(),
    })
}

/// Every `.tar.gz` in `dir`, newest first; an unreadable one is listed with `ok: false`.
pub fn list_backups(dir: &Path) -> Result<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(io_error("backups folder", e)),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_file() && file_name(&path).ends_with(SUFFIX) {
            out.push(info_for(&path)?);
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.created_at));
    Ok(out)
}

fn media_file_count(dir: &Path) -> i64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let path = e.path();
            if path.is_dir() {
                media_file_count(&path)
            } else {
                1
            }
        })
        .sum()
}

/// Scheduled archives in `dir` whose name says they are older than `cutoff`.
fn expired(dir: &Path, cutoff: DateTime<Utc>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|path| {
            let name = file_name(path);
            let stamp = name
                .strip_prefix(SCHEDULED_PREFIX)
                .and_then(|s| s.strip_suffix(SUFFIX));
            stamp
                .and_then(|s| NaiveDateTime::parse_from_str(s, STAMP).ok())
                .is_some_and(|t| t.and_utc() < cutoff)
        })
        .collect()
}

impl Core {
    /// Snapshots the database into `scratch/database.sqlite3`.
    async fn snapshot_into(&self, file: &Path) -> Result<()> {
        match self.db.backend() {
            Backend::Sqlite => {
                let target = file.to_string_lossy().into_owned();
                self.db
                    .execute("VACUUM INTO $1", crate::args![target])
                    .await?;
            }
            Backend::Postgres => {
                let copy = Db::open_sqlite(file).await?;
                let outcome = transfer::copy_database(&self.db, &copy).await;
                copy.close().await;
                outcome?;
            }
        }
        settle_file(file).await
    }

    /// Writes one complete archive at `dest`; records nothing.
    pub(crate) async fn write_backup(
        &self,
        dest: &Path,
        created_at: DateTime<Utc>,
    ) -> Result<BackupInfo> {
        if !file_name(dest).ends_with(SUFFIX) {
            return Err(CoreError::validation(
                "dest",
                "Name the backup file so it ends with .tar.gz.",
                "备份文件名须以 .tar.gz 结尾。",
            ));
        }
        let folder = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !folder.is_dir() {
            return Err(CoreError::validation(
                "dest",
                "The folder for the backup does not exist. Choose another folder.",
                "备份所在的文件夹不存在，请选择其他文件夹。",
            ));
        }

        let scratch = Scratch::new(folder, "opengecko-backup")?;
        let database = scratch.0.join(archive::DATABASE_NAME);
        self.snapshot_into(&database).await?;

        // The helpers speak of untrusted archives; here a failure is the snapshot's own.
        let snapshot_failed = |_| {
            tracing::error!("snapshot unreadable or failed its integrity check");
            CoreError::new(
                ErrorCode::Internal,
                "The database copy failed its integrity check; no backup was written. Try \
                 again, and if it repeats, restore an earlier backup.",
                "数据库副本未通过完整性检查，未写入备份。请重试；若仍失败，请恢复较早的备份。",
            )
        };
        let mut conn = open_file(&database).await.map_err(snapshot_failed)?;
        let facts = inspect_file(&mut conn).await;
        let _ = conn.close().await;
        let facts = facts.map_err(snapshot_failed)?;
        if !facts.integrity_ok {
            return Err(snapshot_failed(CoreError::internal()));
        }
        let media = self.config.media_dir.clone();
        let manifest = BackupManifest {
            format: archive::FORMAT.into(),
            format_version: archive::FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            schema_version: facts.schema_version.unwrap_or(0),
            source_backend: self.db.backend(),
            created_at,
            tables: facts.tables,
            media_files: media_file_count(&media),
            database_bytes: std::fs::metadata(&database).map_or(0, |m| m.len() as i64),
        };

        let partial = super::with_suffix(dest, ".partial");
        // Compressing takes seconds on a big database: keep it off the async workers.
        let (to, db_file, media_dir) = (partial.clone(), database.clone(), media.clone());
        let written = tokio::task::spawn_blocking(move || {
            archive::write(&to, &manifest, &db_file, &media_dir)
        })
        .await
        .unwrap_or_else(|e| Err(io_error("backup file", e)))
        .and_then(|()| std::fs::rename(&partial, dest).map_err(|e| io_error("backup file", e)));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        tracing::info!(file = %file_name(dest), "backup written");
        info_for(dest)
    }

    /// Backs up the database and media to `dest` (a `.tar.gz`), while the app keeps working.
    pub async fn backup_now(&self, dest: PathBuf) -> Result<BackupInfo> {
        let actor = self.superuser().await?;
        let now = self.now();
        let outcome = self.write_backup(&dest, now).await;
        self.record_backup_result(now, &outcome).await;
        let info = outcome?;

        let mut tx = self.db.begin().await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("backup_database", "database")
                .by(actor.id)
                .details(json!({ "file": info.file_name, "size": info.size })),
        )
        .await?;
        tx.commit().await?;
        Ok(info)
    }

    /// For the shell's background task (no one need be signed in): writes a dated archive into
    /// `dir`, records the result for the settings page, and, only when it succeeded, removes
    /// scheduled archives older than `keep_days`.
    pub async fn run_scheduled_backup(
        &self,
        dir: &Path,
        keep_days: i64,
        now: DateTime<Utc>,
    ) -> Result<ScheduledBackup> {
        if !(1..=3650).contains(&keep_days) {
            return Err(CoreError::validation(
                "keep_days",
                "Keep backups for 1 to 3650 days.",
                "备份保留天数须在 1 到 3650 之间。",
            ));
        }
        let outcome = match std::fs::create_dir_all(dir) {
            Ok(()) => {
                let name = format!("{SCHEDULED_PREFIX}{}{SUFFIX}", now.format(STAMP));
                self.write_backup(&dir.join(name), now).await
            }
            Err(e) => Err(io_error("backups folder", e)),
        };
        self.record_backup_result(now, &outcome).await;
        let backup = outcome?;

        let mut pruned = Vec::new();
        for old in expired(dir, now - Duration::days(keep_days)) {
            match std::fs::remove_file(&old) {
                Ok(()) => pruned.push(file_name(&old)),
                Err(e) => tracing::warn!(error = %e, file = %file_name(&old), "cannot prune"),
            }
        }
        Ok(ScheduledBackup { backup, pruned })
    }

    /// The backups in `dir`, for superusers.
    pub async fn list_backups(&self, dir: PathBuf) -> Result<Vec<BackupInfo>> {
        self.superuser().await?;
        list_backups(&dir)
    }
}
