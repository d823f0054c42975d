//! User accounts.

use super::{core, CmdResult};
use crate::state::AppState;
use gecko_core::users::{NewUser, PasswordChange, UserUpdate, UserView};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_users(state: State<'_, AppState>) -> CmdResult<Vec<UserView>> {
    core(&state).await?.list_users().await
}

#[tauri::command]
#[specta::specta]
pub async fn search_users(state: State<'_, AppState>, query: String) -> CmdResult<Vec<UserView>> {
    core(&state).await?.search_users(query).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_user(state: State<'_, AppState>, input: NewUser) -> CmdResult<UserView> {
    core(&state).await?.create_user(input).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_user(state: State<'_, AppState>, input: UserUpdate) -> CmdResult<UserView> {
    core(&state).await?.update_user(input).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_user_active(
    state: State<'_, AppState>,
    user_id: i64,
    active: bool,
) -> CmdResult<UserView> {
    core(&state).await?.set_user_active(user_id, active).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_superuser(
    state: State<'_, AppState>,
    user_id: i64,
    superuser: bool,
) -> CmdResult<UserView> {
    core(&state).await?.set_superuser(user_id, superuser).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_user_password(
    state: State<'_, AppState>,
    user_id: i64,
    password: String,
) -> CmdResult<()> {
    core(&state)
        .await?
        .set_user_password(user_id, password)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn change_own_password(
    state: State<'_, AppState>,
    input: PasswordChange,
) -> CmdResult<()> {
    core(&state).await?.change_own_password(input).await
}
