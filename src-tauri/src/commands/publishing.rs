//! Publishing: the secret key, channel settings, previews, publishing, publish records and
//! their analytics.

use super::{core, CmdResult};
use crate::keystore::ShellKeyStore;
use crate::state::AppState;
use gecko_core::publish::analytics::{AnalyticsInput, AnalyticsView};
use gecko_core::publish::candidates::PublishCandidate;
use gecko_core::publish::channels::{ChannelConfigInput, ChannelConfigView};
use gecko_core::publish::flow::{PublishOptions, PublishPreview, PublishResult};
use gecko_core::publish::records::PublishRecordView;
use gecko_core::publish::secrets::KeyStatus;
use gecko_core::publish::Channel;
use tauri::State;

fn key_store(state: &AppState) -> ShellKeyStore {
    ShellKeyStore::current(&state.app, &state.data_dir)
}

/// Opens this database's secrets with the key kept on this computer (the UI calls it after
/// signing in, which also follows every database switch). On a new shared database it creates
/// the team key and returns it once.
#[tauri::command]
#[specta::specta]
pub async fn unlock_secrets(state: State<'_, AppState>) -> CmdResult<KeyStatus> {
    core(&state).await?.unlock_secrets(&key_store(&state)).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_team_key(state: State<'_, AppState>, team_key: String) -> CmdResult<()> {
    core(&state)
        .await?
        .set_team_key(&key_store(&state), &team_key)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_channel_configs(state: State<'_, AppState>) -> CmdResult<Vec<ChannelConfigView>> {
    core(&state).await?.get_channel_configs().await
}

#[tauri::command]
#[specta::specta]
pub async fn save_channel_config(
    state: State<'_, AppState>,
    channel: Channel,
    input: ChannelConfigInput,
) -> CmdResult<ChannelConfigView> {
    core(&state)
        .await?
        .save_channel_config(channel, input)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_publish_candidates(
    state: State<'_, AppState>,
) -> CmdResult<Vec<PublishCandidate>> {
    core(&state).await?.list_publish_candidates().await
}

#[tauri::command]
#[specta::specta]
pub async fn preview_publish(
    state: State<'_, AppState>,
    content_id: i64,
    channel: Channel,
    options: PublishOptions,
) -> CmdResult<PublishPreview> {
    core(&state)
        .await?
        .preview_publish(content_id, channel, options)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn publish_content(
    state: State<'_, AppState>,
    content_id: i64,
    channel: Channel,
    options: PublishOptions,
) -> CmdResult<PublishResult> {
    core(&state)
        .await?
        .publish_content(content_id, channel, options)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_publish_records(
    state: State<'_, AppState>,
    content_id: Option<i64>,
) -> CmdResult<Vec<PublishRecordView>> {
    core(&state).await?.list_publish_records(content_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn mark_publish_record_published(
    state: State<'_, AppState>,
    record_id: i64,
    url: Option<String>,
) -> CmdResult<PublishRecordView> {
    core(&state)
        .await?
        .mark_publish_record_published(record_id, url)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn add_content_analytics(
    state: State<'_, AppState>,
    record_id: i64,
    input: AnalyticsInput,
) -> CmdResult<AnalyticsView> {
    core(&state)
        .await?
        .add_content_analytics(record_id, input)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_content_analytics(
    state: State<'_, AppState>,
    record_id: i64,
) -> CmdResult<Vec<AnalyticsView>> {
    core(&state).await?.list_content_analytics(record_id).await
}
