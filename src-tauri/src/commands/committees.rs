//! Committees and their members, with the members' CSV import and export.

use super::{core, files, CmdResult};
use crate::state::AppState;
use gecko_core::governance::committees::{CommitteeInput, CommitteeView};
use gecko_core::governance::csv::{ImportPreview, ImportResult};
use gecko_core::governance::members::{CommitteeMemberInput, CommitteeMemberView};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_committees(state: State<'_, AppState>) -> CmdResult<Vec<CommitteeView>> {
    core(&state).await?.list_committees().await
}

#[tauri::command]
#[specta::specta]
pub async fn get_committee(state: State<'_, AppState>, id: i64) -> CmdResult<CommitteeView> {
    core(&state).await?.get_committee(id).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_committee(
    state: State<'_, AppState>,
    input: CommitteeInput,
) -> CmdResult<CommitteeView> {
    core(&state).await?.create_committee(input).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_committee(
    state: State<'_, AppState>,
    id: i64,
    input: CommitteeInput,
) -> CmdResult<CommitteeView> {
    core(&state).await?.update_committee(id, input).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_committee_active(
    state: State<'_, AppState>,
    id: i64,
    active: bool,
) -> CmdResult<CommitteeView> {
    core(&state).await?.set_committee_active(id, active).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_committee(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    core(&state).await?.delete_committee(id).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_committee_members(
    state: State<'_, AppState>,
    committee_id: i64,
) -> CmdResult<Vec<CommitteeMemberView>> {
    core(&state)
        .await?
        .list_committee_members(committee_id)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn create_committee_member(
    state: State<'_, AppState>,
    committee_id: i64,
    input: CommitteeMemberInput,
) -> CmdResult<CommitteeMemberView> {
    core(&state)
        .await?
        .create_committee_member(committee_id, input)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn update_committee_member(
    state: State<'_, AppState>,
    id: i64,
    input: CommitteeMemberInput,
) -> CmdResult<CommitteeMemberView> {
    core(&state).await?.update_committee_member(id, input).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_committee_member(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    core(&state).await?.delete_committee_member(id).await
}

/// Checks the CSV file at `path` and writes nothing.
#[tauri::command]
#[specta::specta]
pub async fn preview_committee_member_import(
    state: State<'_, AppState>,
    committee_id: i64,
    path: String,
) -> CmdResult<ImportPreview> {
    let core = core(&state).await?;
    let bytes = files::read(&path).await?;
    core.preview_committee_member_import(committee_id, bytes)
        .await
}

/// Imports every member of the CSV file at `path`, or none when a row is wrong.
#[tauri::command]
#[specta::specta]
pub async fn import_committee_members(
    state: State<'_, AppState>,
    committee_id: i64,
    path: String,
) -> CmdResult<ImportResult> {
    let core = core(&state).await?;
    let bytes = files::read(&path).await?;
    core.import_committee_members(committee_id, bytes).await
}

/// Writes the committee's members as CSV to `path`.
#[tauri::command]
#[specta::specta]
pub async fn export_committee_members(
    state: State<'_, AppState>,
    committee_id: i64,
    path: String,
) -> CmdResult<()> {
    let text = core(&state)
        .await?
        .export_committee_members(committee_id)
        .await?;
    files::write(&path, &text).await
}
