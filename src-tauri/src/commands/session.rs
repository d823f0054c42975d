//! Signing in and out, first-run setup, and the current community.

use super::{core, CmdResult};
use crate::state::AppState;
use gecko_core::auth::{FirstRun, LoginInput, SessionInfo, SetupInput};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn first_run(state: State<'_, AppState>) -> CmdResult<FirstRun> {
    core(&state).await?.first_run().await
}

#[tauri::command]
#[specta::specta]
pub async fn complete_setup(
    state: State<'_, AppState>,
    input: SetupInput,
) -> CmdResult<SessionInfo> {
    core(&state).await?.complete_setup(input).await
}

#[tauri::command]
#[specta::specta]
pub async fn login(state: State<'_, AppState>, input: LoginInput) -> CmdResult<SessionInfo> {
    core(&state).await?.login(input).await
}

#[tauri::command]
#[specta::specta]
pub async fn logout(state: State<'_, AppState>) -> CmdResult<()> {
    core(&state).await?.logout().await
}

#[tauri::command]
#[specta::specta]
pub async fn current_session(state: State<'_, AppState>) -> CmdResult<Option<SessionInfo>> {
    core(&state).await?.current_session().await
}

#[tauri::command]
#[specta::specta]
pub async fn switch_community(
    state: State<'_, AppState>,
    community_id: i64,
) -> CmdResult<SessionInfo> {
    core(&state).await?.switch_community(community_id).await
}
