//! Restoring a backup into the app's data folder, and undoing that.
//!
//! Everything is checked in a scratch folder before anything is replaced: the archive is ours
//! (manifest), its database passes `PRAGMA integrity_check`, holds the rows the manifest
//! counted, is not newer than this app, and takes this app's migrations. Only then is the
//! current database (with its `-wal`/`-shm`) and media folder renamed aside with a timestamp
//! and the restored ones moved in. The database must be closed while this runs: the shell
//! closes its `Db`, calls [`restore_into`], then opens the database again.

use super::archive::{self, io_error, not_a_backup, BackupManifest};
use super::{
    app_schema_version, inspect_file, open_file, settle_file, with_suffix, Scratch, DB_FILE_NAME,
    MEDIA_DIR_NAME,
};
use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::db::{Db, MIGRATIONS_SQLITE};
use crate::error::{CoreError, ErrorCode, Result};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Connection;
use std::path::{Path, PathBuf};

/// Written beside the database after a restore so that [`undo_restore`] knows what to put back.
const UNDO_MARKER: &str = "restore-undo.json";

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupCheck {
    pub manifest: BackupManifest,
    /// Migrations this app applies to the restored copy (0 when it is current).
    pub migrations_applied: i64,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RestoreOutcome {
    pub check: BackupCheck,
    /// The timestamp suffix of the previous database and media, kept aside for undo; `None`
    /// when there was no database before.
    pub previous_saved_as: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct UndoOutcome {
    /// Suffix under which the undone (restored) database was kept, in case it is wanted.
    pub restored_saved_as: String,
}

#[derive(Serialize, Deserialize)]
struct UndoMarker {
    stamp: String,
    had_database: bool,
    had_media: bool,
}

struct Staged {
    check: BackupCheck,
    database: PathBuf,
    media: PathBuf,
}

fn too_new() -> CoreError {
    CoreError::new(
        ErrorCode::AppTooOld,
        "This backup comes from a newer openGecko. Update the app, then restore it. Nothing was \
         changed.",
        "该备份来自更新版本的 openGecko。请先更新本应用再恢复。未做任何更改。",
    )
}

/// Unpacks `archive` into `scratch` and runs every check; migrates the copy there.
async fn stage(archive_path: &Path, scratch: &Path) -> Result<Staged> {
    let (from_file, into) = (archive_path.to_path_buf(), scratch.to_path_buf());
    let manifest = tokio::task::spawn_blocking(move || archive::unpack(&from_file, &into))
        .await
        .unwrap_or_else(|_| Err(not_a_backup("unpacking stopped")))?;
    let database = scratch.join(archive::DATABASE_NAME);

    let mut conn = open_file(&database).await?;
    let facts = inspect_file(&mut conn).await;
    let _ = conn.close().await;
    let facts = facts?;
    if !facts.integrity_ok {
        return Err(not_a_backup("integrity check failed"));
    }
    let from = facts
        .schema_version
        .ok_or_else(|| not_a_backup("no migration table"))?;
    if from > app_schema_version() || manifest.schema_version > app_schema_version() {
        return Err(too_new());
    }
    if from != manifest.schema_version || facts.tables != manifest.tables {
        return Err(not_a_backup("database does not match its manifest"));
    }
    if !facts.tables.contains_key("users") {
        return Err(not_a_backup("not an openGecko database"));
    }

    let migrations_applied = MIGRATIONS_SQLITE
        .iter()
        .filter(|m| m.version > from)
        .count() as i64;
    let db = Db::open_sqlite(&database).await.map_err(|e| {
        tracing::warn!(error = %e, "restored copy could not be migrated");
        if e.is(ErrorCode::AppTooOld) {
            too_new()
        } else {
            not_a_backup("migrations failed")
        }
    })?;
    db.close().await;
    Ok(Staged {
        check: BackupCheck {
            manifest,
            migrations_applied,
        },
        database,
        media: scratch.join(archive::MEDIA_NAME),
    })
}

/// Runs every restore check on `archive` in a temporary folder; changes nothing.
pub async fn verify_backup(archive_path: &Path) -> Result<BackupCheck> {
    let scratch = Scratch::new(&std::env::temp_dir(), "opengecko-check")?;
    Ok(stage(archive_path, &scratch.0).await?.check)
}

/// Renames done so far, undone in reverse if a later step fails.
struct Moves(Vec<(PathBuf, PathBuf)>);

impl Moves {
    fn rename(&mut self, from: &Path, to: &Path) -> Result<()> {
        std::fs::rename(from, to).map_err(|e| io_error("data folder", e))?;
        self.0.push((from.to_path_buf(), to.to_path_buf()));
        Ok(())
    }

    fn roll_back(self) {
        for (from, to) in self.0.into_iter().rev() {
            if let Err(e) = std::fs::rename(&to, &from) {
                tracing::error!(error = %e, path = %to.display(), "could not move back");
            }
        }
    }
}

fn stamp() -> String {
    Utc::now().format("%Y%m%d-%H%M%S-%3f").to_string()
}

/// Moves the database (with its `-wal`/`-shm`) and the media folder to `.<tag>-<stamp>` names.
/// Returns whether a database and a media folder were there.
fn move_aside(moves: &mut Moves, data_dir: &Path, tag: &str) -> Result<(bool, bool)> {
    let live = data_dir.join(DB_FILE_NAME);
    let aside = data_dir.join(format!("{DB_FILE_NAME}.{tag}"));
    let had_database = live.exists();
    for suffix in ["", "-wal", "-shm"] {
        let from = with_suffix(&live, suffix);
        if from.exists() {
            moves.rename(&from, &with_suffix(&aside, suffix))?;
        }
    }
    let media = data_dir.join(MEDIA_DIR_NAME);
    let had_media = media.exists();
    if had_media {
        moves.rename(&media, &data_dir.join(format!("{MEDIA_DIR_NAME}.{tag}")))?;
    }
    Ok((had_database, had_media))
}

async fn record_restore(database: &Path, manifest: &BackupManifest, archive: &Path) -> Result<()> {
    let db = Db::open_sqlite(database).await?;
    let now = chrono::SubsecRound::trunc_subsecs(Utc::now(), 6);
    let outcome = async {
        let mut tx = db.begin().await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("restore_database", "database").details(json!({
                "archive": archive.file_name().map(|n| n.to_string_lossy().into_owned()),
                "backup_created_at": manifest.created_at,
                "schema_version": manifest.schema_version,
            })),
        )
        .await?;
        tx.commit().await
    }
    .await;
    db.close().await;
    outcome
}

/// Restores `archive` into `data_dir` (database closed!). A refused archive changes nothing.
pub async fn restore_into(data_dir: &Path, archive_path: &Path) -> Result<RestoreOutcome> {
    let scratch = Scratch::new(data_dir, "opengecko-restore")?;
    let staged = stage(archive_path, &scratch.0).await?;
    record_restore(&staged.database, &staged.check.manifest, archive_path).await?;
    settle_file(&staged.database).await?;
    if !staged.media.exists() {
        std::fs::create_dir_all(&staged.media).map_err(|e| io_error("media folder", e))?;
    }

    let stamp = stamp();
    let mut moves = Moves(Vec::new());
    let swapped = (|| {
        let (had_database, had_media) =
            move_aside(&mut moves, data_dir, &format!("before-restore-{stamp}"))?;
        moves.rename(&staged.database, &data_dir.join(DB_FILE_NAME))?;
        moves.rename(&staged.media, &data_dir.join(MEDIA_DIR_NAME))?;
        let marker = UndoMarker {
            stamp: stamp.clone(),
            had_database,
            had_media,
        };
        std::fs::write(data_dir.join(UNDO_MARKER), serde_json::to_vec(&marker)?)
            .map_err(|e| io_error("data folder", e))?;
        Ok::<_, CoreError>(had_database)
    })();
    match swapped {
        Ok(had_database) => {
            tracing::info!(stamp, "backup restored");
            Ok(RestoreOutcome {
                check: staged.check,
                previous_saved_as: had_database.then(|| format!("before-restore-{stamp}")),
            })
        }
        Err(e) => {
            moves.roll_back();
            Err(e)
        }
    }
}

/// Puts back the database and media that the last restore set aside (database closed!). The
/// restored ones are kept under `.undone-<time>` names, never deleted.
pub fn undo_restore(data_dir: &Path) -> Result<UndoOutcome> {
    let marker_path = data_dir.join(UNDO_MARKER);
    let marker: UndoMarker = std::fs::read(&marker_path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| CoreError::not_found(("restore to undo", "可撤销的恢复")))?;

    let undone_tag = format!("undone-{}", stamp());
    let mut moves = Moves(Vec::new());
    let result = (|| {
        move_aside(&mut moves, data_dir, &undone_tag)?;
        let aside = data_dir.join(format!("{DB_FILE_NAME}.before-restore-{}", marker.stamp));
        let live = data_dir.join(DB_FILE_NAME);
        if marker.had_database {
            for suffix in ["", "-wal", "-shm"] {
                let from = with_suffix(&aside, suffix);
                if from.exists() {
                    moves.rename(&from, &with_suffix(&live, suffix))?;
                }
            }
        }
        if marker.had_media {
            let media_aside =
                data_dir.join(format!("{MEDIA_DIR_NAME}.before-restore-{}", marker.stamp));
            moves.rename(&media_aside, &data_dir.join(MEDIA_DIR_NAME))?;
        }
        std::fs::remove_file(&marker_path).map_err(|e| io_error("data folder", e))
    })();
    match result {
        Ok(()) => Ok(UndoOutcome {
            restored_saved_as: undone_tag,
        }),
        Err(e) => {
            moves.roll_back();
            Err(e)
        }
    }
}

impl Core {
    /// Checks a backup file as a restore would, for the confirmation screen; changes nothing.
    pub async fn check_backup(&self, archive: PathBuf) -> Result<BackupCheck> {
        self.superuser().await?;
        verify_backup(&archive).await
    }
}
