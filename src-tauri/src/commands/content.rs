//! Contents: the editor, the list, the workflow, people, covers and the calendar.
//!
//! Imports and covers arrive as a path chosen in the native open dialog; the shell reads the
//! file and hands its name and bytes to the core, which checks size, type and rights.

use super::{core, CmdResult};
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use gecko_core::content::{
    ContentFilter, ContentPage, ContentStatus, ContentSummary, ContentUpdate, ContentView,
    NewContent, WorkStatus,
};
use gecko_core::CoreError;
use std::path::Path;
use tauri::State;

/// The core refuses files over 10 MB; reading one byte more than that is enough for it to say
/// so, without loading a huge file into memory.
const READ_LIMIT: u64 = 10 * 1024 * 1024 + 1;

/// The file's name and (at most [`READ_LIMIT`]) bytes; a file that cannot be read is the
/// user's to fix.
async fn read_chosen_file(path: &str) -> CmdResult<(String, Vec<u8>)> {
    let name = Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let owned = path.to_owned();
    let read = tokio::task::spawn_blocking(move || {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::fs::File::open(owned)?
            .take(READ_LIMIT)
            .read_to_end(&mut bytes)?;
        Ok::<_, std::io::Error>(bytes)
    })
    .await
    .unwrap_or_else(|join| Err(std::io::Error::other(join.to_string())));
    match read {
        Ok(bytes) => Ok((name, bytes)),
        Err(err) => {
            tracing::warn!(error = %err, "chosen file not readable");
            Err(CoreError::io(
                format!(
                    "\"{name}\" could not be read; check that the file exists and may be opened."
                ),
                format!("无法读取“{name}”，请确认文件存在且可以打开。"),
            ))
        }
    }
}

#[tauri::command]
#[specta::specta]
pub async fn preview_markdown(state: State<'_, AppState>, markdown: String) -> CmdResult<String> {
    core(&state).await?.preview_markdown(markdown).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_contents(
    state: State<'_, AppState>,
    filter: ContentFilter,
) -> CmdResult<ContentPage> {
    core(&state).await?.list_contents(filter).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_content(state: State<'_, AppState>, id: i64) -> CmdResult<ContentView> {
    core(&state).await?.get_content(id).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_content(
    state: State<'_, AppState>,
    input: NewContent,
) -> CmdResult<ContentView> {
    core(&state).await?.create_content(input).await
}

/// Imports the .md, .markdown or .docx file at `path` as a new draft.
#[tauri::command]
#[specta::specta]
pub async fn import_content(state: State<'_, AppState>, path: String) -> CmdResult<ContentView> {
    let core = core(&state).await?;
    let (name, bytes) = read_chosen_file(&path).await?;
    core.import_content(name, bytes).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_content(
    state: State<'_, AppState>,
    id: i64,
    input: ContentUpdate,
) -> CmdResult<ContentView> {
    core(&state).await?.update_content(id, input).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_content(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    core(&state).await?.delete_content(id).await
}

#[tauri::command]
#[specta::specta]
pub async fn change_content_status(
    state: State<'_, AppState>,
    id: i64,
    status: ContentStatus,
) -> CmdResult<ContentView> {
    core(&state).await?.change_content_status(id, status).await
}

#[tauri::command]
#[specta::specta]
pub async fn change_work_status(
    state: State<'_, AppState>,
    id: i64,
    work_status: WorkStatus,
) -> CmdResult<ContentView> {
    core(&state)
        .await?
        .change_work_status(id, work_status)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_content_collaborators(
    state: State<'_, AppState>,
    id: i64,
    user_ids: Vec<i64>,
) -> CmdResult<ContentView> {
    core(&state)
        .await?
        .set_content_collaborators(id, user_ids)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_content_assignees(
    state: State<'_, AppState>,
    id: i64,
    user_ids: Vec<i64>,
) -> CmdResult<ContentView> {
    core(&state)
        .await?
        .set_content_assignees(id, user_ids)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn transfer_content_ownership(
    state: State<'_, AppState>,
    id: i64,
    user_id: i64,
) -> CmdResult<ContentView> {
    core(&state)
        .await?
        .transfer_content_ownership(id, user_id)
        .await
}

/// Sets the cover from the image file at `path` (jpg, png or webp, at most 10 MB).
#[tauri::command]
#[specta::specta]
pub async fn set_content_cover(
    state: State<'_, AppState>,
    id: i64,
    path: String,
) -> CmdResult<ContentView> {
    let core = core(&state).await?;
    let (name, bytes) = read_chosen_file(&path).await?;
    core.set_content_cover(id, name, bytes).await
}

#[tauri::command]
#[specta::specta]
pub async fn content_calendar(
    state: State<'_, AppState>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> CmdResult<Vec<ContentSummary>> {
    core(&state).await?.content_calendar(from, to).await
}

/// Moves a content to `date` (a day of the community's calendar), keeping its local time.
#[tauri::command]
#[specta::specta]
pub async fn reschedule_content(
    state: State<'_, AppState>,
    id: i64,
    date: NaiveDate,
) -> CmdResult<ContentView> {
    core(&state).await?.reschedule_content(id, date).await
}
