//! Meetings: the calendar and overview reads, a meeting's fields, assignees, participants,
//! attachments, reminders, and the ICS export (the core makes the text, the shell saves it).

use super::{core, files, CmdResult};
use crate::state::AppState;
use gecko_core::governance::assignees::AssigneeView;
use gecko_core::governance::calendar::{GovernanceOverview, MeetingFilter};
use gecko_core::governance::meetings::{MeetingInput, MeetingSummary, MeetingView};
use gecko_core::governance::participants::{ParticipantImport, ParticipantInput, ParticipantView};
use gecko_core::governance::reminders::ReminderView;
use gecko_core::CoreError;
use tauri::State;
use tauri_plugin_opener::OpenerExt;

#[tauri::command]
#[specta::specta]
pub async fn governance_overview(state: State<'_, AppState>) -> CmdResult<GovernanceOverview> {
    core(&state).await?.governance_overview().await
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_calendar(
    state: State<'_, AppState>,
    filter: MeetingFilter,
) -> CmdResult<Vec<MeetingSummary>> {
    core(&state).await?.meeting_calendar(filter).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_meeting(state: State<'_, AppState>, id: i64) -> CmdResult<MeetingView> {
    core(&state).await?.get_meeting(id).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_meeting(
    state: State<'_, AppState>,
    input: MeetingInput,
) -> CmdResult<MeetingView> {
    core(&state).await?.create_meeting(input).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_meeting(
    state: State<'_, AppState>,
    id: i64,
    input: MeetingInput,
) -> CmdResult<MeetingView> {
    core(&state).await?.update_meeting(id, input).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_meeting(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    core(&state).await?.delete_meeting(id).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_meeting_assignees(
    state: State<'_, AppState>,
    meeting_id: i64,
    user_ids: Vec<i64>,
) -> CmdResult<Vec<AssigneeView>> {
    core(&state)
        .await?
        .set_meeting_assignees(meeting_id, user_ids)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_meeting_participants(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> CmdResult<Vec<ParticipantView>> {
    core(&state)
        .await?
        .list_meeting_participants(meeting_id)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn add_meeting_participant(
    state: State<'_, AppState>,
    meeting_id: i64,
    input: ParticipantInput,
) -> CmdResult<ParticipantView> {
    core(&state)
        .await?
        .add_meeting_participant(meeting_id, input)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_meeting_participant(
    state: State<'_, AppState>,
    participant_id: i64,
) -> CmdResult<()> {
    core(&state)
        .await?
        .remove_meeting_participant(participant_id)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn import_participants_from_committee(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> CmdResult<ParticipantImport> {
    core(&state)
        .await?
        .import_participants_from_committee(meeting_id)
        .await
}

/// Copies the file at `source` into the media folder and lists it on the meeting.
#[tauri::command]
#[specta::specta]
pub async fn add_meeting_attachment(
    state: State<'_, AppState>,
    meeting_id: i64,
    source: String,
) -> CmdResult<MeetingView> {
    core(&state)
        .await?
        .add_meeting_attachment(meeting_id, source.trim().into())
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_meeting_attachment(
    state: State<'_, AppState>,
    meeting_id: i64,
    path: String,
) -> CmdResult<MeetingView> {
    core(&state)
        .await?
        .remove_meeting_attachment(meeting_id, path)
        .await
}

/// Opens a stored attachment with the system's default app for its type.
#[tauri::command]
#[specta::specta]
pub async fn open_meeting_attachment(
    state: State<'_, AppState>,
    meeting_id: i64,
    path: String,
) -> CmdResult<()> {
    let file = core(&state)
        .await?
        .meeting_attachment_file(meeting_id, path)
        .await?;
    state
        .app
        .opener()
        .open_path(file.to_string_lossy(), None::<&str>)
        .map_err(|err| {
            tracing::warn!(error = %err, "attachment not opened");
            CoreError::io(
                "No app on this computer could open the file.",
                "本机没有可以打开该文件的应用。",
            )
        })
}

#[tauri::command]
#[specta::specta]
pub async fn list_meeting_reminders(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> CmdResult<Vec<ReminderView>> {
    core(&state).await?.list_meeting_reminders(meeting_id).await
}

/// Saves one meeting as an `.ics` file at `path`.
#[tauri::command]
#[specta::specta]
pub async fn export_meeting_ics(
    state: State<'_, AppState>,
    meeting_id: i64,
    path: String,
) -> CmdResult<()> {
    let text = core(&state).await?.export_meeting_ics(meeting_id).await?;
    files::write(&path, &text).await
}

/// Saves every meeting of the current community as one `.ics` calendar at `path`.
#[tauri::command]
#[specta::specta]
pub async fn export_community_meetings_ics(
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<()> {
    let text = core(&state).await?.export_community_meetings_ics().await?;
    files::write(&path, &text).await
}
