//! Communities and their members.

use super::{core, CmdResult};
use crate::state::AppState;
use gecko_core::communities::{CommunityInput, CommunityView};
use gecko_core::members::MemberView;
use gecko_core::Role;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_communities(state: State<'_, AppState>) -> CmdResult<Vec<CommunityView>> {
    core(&state).await?.list_communities().await
}

#[tauri::command]
#[specta::specta]
pub async fn get_community(state: State<'_, AppState>, id: i64) -> CmdResult<CommunityView> {
    core(&state).await?.get_community(id).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_community(
    state: State<'_, AppState>,
    input: CommunityInput,
) -> CmdResult<CommunityView> {
    core(&state).await?.create_community(input).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_community(
    state: State<'_, AppState>,
    id: i64,
    input: CommunityInput,
) -> CmdResult<CommunityView> {
    core(&state).await?.update_community(id, input).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_community_active(
    state: State<'_, AppState>,
    id: i64,
    active: bool,
) -> CmdResult<CommunityView> {
    core(&state).await?.set_community_active(id, active).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_community(
    state: State<'_, AppState>,
    id: i64,
    confirm_slug: String,
) -> CmdResult<()> {
    core(&state).await?.delete_community(id, confirm_slug).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_members(state: State<'_, AppState>) -> CmdResult<Vec<MemberView>> {
    core(&state).await?.list_members().await
}

#[tauri::command]
#[specta::specta]
pub async fn add_member(
    state: State<'_, AppState>,
    user_id: i64,
    role: Role,
) -> CmdResult<Vec<MemberView>> {
    core(&state).await?.add_member(user_id, role).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_member_role(
    state: State<'_, AppState>,
    user_id: i64,
    role: Role,
) -> CmdResult<Vec<MemberView>> {
    core(&state).await?.set_member_role(user_id, role).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_member(state: State<'_, AppState>, user_id: i64) -> CmdResult<Vec<MemberView>> {
    core(&state).await?.remove_member(user_id).await
}
