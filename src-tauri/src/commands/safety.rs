//! Data safety: back up now, the automatic backups and their list, a checked restore with undo,
//! and moving data between the local file and a team server.
//!
//! Restore and undo replace files, so the shell closes the database around them
//! ([`AppState::while_closed`]); the caller must be a signed-in superuser, which the core is
//! asked BEFORE anything is closed.

use super::settings::{switch_to, DatabaseTarget};
use super::{core, CmdResult};
use crate::backups::backups_dir;
use crate::state::AppState;
use gecko_core::db::Backend;
use gecko_core::publish::secrets::KeyStore;
use gecko_core::safety::{
    self, BackupCheck, BackupInfo, BackupSettings, BackupStatus, PgDumpCommand, RestoreOutcome,
    TransferReport, UndoOutcome,
};
use gecko_core::CoreError;
use serde::Serialize;
use std::path::PathBuf;
use tauri::State;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupOverview {
    /// Where the automatic backups are written.
    pub folder: String,
    pub status: BackupStatus,
    /// Newest first; unreadable archives are listed with `ok: false`.
    pub backups: Vec<BackupInfo>,
    /// A restore was made and can be undone.
    pub can_undo_restore: bool,
    /// `sqlite` or `postgres`: restore applies to the local file only.
    pub backend: Backend,
}

/// A path typed or picked in the UI; an empty one is refused like any missing field.
fn path_input(field: &str, text: &str) -> CmdResult<PathBuf> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CoreError::validation(
            field,
            "Choose a file first.",
            "请先选择文件。",
        ));
    }
    Ok(PathBuf::from(text))
}

/// The settings, last result and archives of the automatic backups (superusers).
#[tauri::command]
#[specta::specta]
pub async fn backup_overview(state: State<'_, AppState>) -> CmdResult<BackupOverview> {
    let core = core(&state).await?;
    let status = core.get_backup_settings().await?;
    let folder = backups_dir(&state.data_dir);
    let backups = core.list_backups(folder.clone()).await?;
    Ok(BackupOverview {
        folder: folder.display().to_string(),
        status,
        backups,
        can_undo_restore: safety::can_undo_restore(&state.data_dir),
        backend: core.db().backend(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn set_backup_settings(
    state: State<'_, AppState>,
    input: BackupSettings,
) -> CmdResult<BackupStatus> {
    core(&state).await?.set_backup_settings(input).await
}

/// Writes one archive (database snapshot + media) to `dest`, a `.tar.gz` the user picked.
#[tauri::command]
#[specta::specta]
pub async fn backup_now(state: State<'_, AppState>, dest: String) -> CmdResult<BackupInfo> {
    let dest = path_input("dest", &dest)?;
    core(&state).await?.backup_now(dest).await
}

/// Runs every restore check on a backup file and says what it holds; changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn check_backup(state: State<'_, AppState>, path: String) -> CmdResult<BackupCheck> {
    let path = path_input("path", &path)?;
    core(&state).await?.check_backup(path).await
}

/// Replaces the local database and media with the backup's; everyone is signed out.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> CmdResult<RestoreOutcome> {
    let path = path_input("path", &path)?;
    let core = core(&state).await?;
    core.superuser().await?;
    if core.db().backend() != Backend::Sqlite {
        return Err(CoreError::validation(
            "path",
            "This app uses a team server; a backup restores the local file only. Switch to the \
             local database first, or ask the server's administrator to restore the server.",
            "当前使用团队服务器；备份只能恢复到本地数据库。请先切换到本地数据库，或请服务器管理员恢复服务器。",
        ));
    }
    drop(core);
    let outcome = state
        .while_closed(|data_dir| async move { safety::restore_into(&data_dir, &path).await })
        .await?;
    tracing::info!(previous = ?outcome.previous_saved_as, "restore finished; signed out");
    Ok(outcome)
}

/// Puts back the database the last restore replaced; everyone is signed out.
#[tauri::command]
#[specta::specta]
pub async fn undo_restore(state: State<'_, AppState>) -> CmdResult<UndoOutcome> {
    core(&state).await?.superuser().await?;
    let outcome = state
        .while_closed(|data_dir| async move { safety::undo_restore(&data_dir) })
        .await?;
    tracing::info!(kept_as = %outcome.restored_saved_as, "restore undone; signed out");
    Ok(outcome)
}

/// Copies the local data into an EMPTY PostgreSQL server, then switches this computer to it.
#[tauri::command]
#[specta::specta]
pub async fn move_to_postgres(
    state: State<'_, AppState>,
    url: String,
) -> CmdResult<TransferReport> {
    let url = url.trim().to_string();
    // The copied secrets were encrypted with this computer's local key: it becomes the team
    // server's key on this computer, so nothing has to be typed in after the move.
    let local_key = crate::keystore::ShellKeyStore::current(&state.app, &state.data_dir).load()?;
    let report = core(&state).await?.move_to_postgres(url.clone()).await?;
    // Limitation: if the switch itself fails now (keyring refused the password, server gone),
    // the data is on the server but this computer stays on the local file; the person sees
    // the error and can "Switch to this database" by hand, since the server is no longer empty.
    switch_to(&state, DatabaseTarget::Postgres { url }).await?;
    if let Some(key) = local_key {
        crate::keystore::ShellKeyStore::current(&state.app, &state.data_dir).save(&key)?;
    }
    Ok(report)
}

/// Copies the current database into a new local SQLite file; the app keeps using the server.
#[tauri::command]
#[specta::specta]
pub async fn copy_to_local_file(
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<TransferReport> {
    let path = path_input("path", &path)?;
    core(&state).await?.copy_to_local_file(path).await
}

/// The `pg_dump` line administrators run to back up the team server (no password in it).
#[tauri::command]
#[specta::specta]
pub async fn team_backup_command(state: State<'_, AppState>) -> CmdResult<PgDumpCommand> {
    core(&state).await?.team_backup_command().await
}
