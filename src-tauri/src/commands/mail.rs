//! Email: SMTP settings (app and community), test mails, meeting email reminders, and
//! password reset by mailed code.

use super::{core, CmdResult};
use crate::state::AppState;
use gecko_core::mail::{SmtpSettingsInput, SmtpSettingsView};
use gecko_core::password_reset::PasswordResetInput;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn get_app_smtp_settings(
    state: State<'_, AppState>,
) -> CmdResult<Option<SmtpSettingsView>> {
    core(&state).await?.get_app_smtp_settings().await
}

#[tauri::command]
#[specta::specta]
pub async fn save_app_smtp_settings(
    state: State<'_, AppState>,
    input: SmtpSettingsInput,
) -> CmdResult<SmtpSettingsView> {
    core(&state).await?.save_app_smtp_settings(input).await
}

#[tauri::command]
#[specta::specta]
pub async fn send_app_test_mail(state: State<'_, AppState>, to: String) -> CmdResult<()> {
    core(&state).await?.send_app_test_mail(to).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_community_smtp_settings(
    state: State<'_, AppState>,
) -> CmdResult<Option<SmtpSettingsView>> {
    core(&state).await?.get_community_smtp_settings().await
}

#[tauri::command]
#[specta::specta]
pub async fn save_community_smtp_settings(
    state: State<'_, AppState>,
    input: SmtpSettingsInput,
) -> CmdResult<SmtpSettingsView> {
    core(&state)
        .await?
        .save_community_smtp_settings(input)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn send_community_test_mail(state: State<'_, AppState>, to: String) -> CmdResult<()> {
    core(&state).await?.send_community_test_mail(to).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_meeting_email_reminders(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> CmdResult<bool> {
    core(&state)
        .await?
        .get_meeting_email_reminders(meeting_id)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_meeting_email_reminders(
    state: State<'_, AppState>,
    meeting_id: i64,
    enabled: bool,
) -> CmdResult<bool> {
    core(&state)
        .await?
        .set_meeting_email_reminders(meeting_id, enabled)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn password_reset_available(state: State<'_, AppState>) -> CmdResult<bool> {
    core(&state).await?.password_reset_available().await
}

#[tauri::command]
#[specta::specta]
pub async fn request_password_reset(state: State<'_, AppState>, email: String) -> CmdResult<()> {
    core(&state).await?.request_password_reset(email).await
}

#[tauri::command]
#[specta::specta]
pub async fn reset_password_with_code(
    state: State<'_, AppState>,
    input: PasswordResetInput,
) -> CmdResult<()> {
    core(&state).await?.reset_password_with_code(input).await
}
