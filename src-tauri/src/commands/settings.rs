//! This computer's settings: language and which database to use.

use super::CmdResult;
use crate::settings::{self as prefs, DatabaseChoice};
use crate::state::{open_core, AppState};
use gecko_core::auth::FirstRun;
use gecko_core::CoreError;
use serde::{Deserialize, Serialize};
use tauri::State;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    pub language: String,
    pub database: DatabaseChoice,
    /// Why the configured database is not open, if it is not.
    pub database_error: Option<CoreError>,
    pub data_dir: String,
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        language: prefs::language(&state.app),
        database: prefs::database_choice(&state.app),
        database_error: state.core().await.err(),
        data_dir: state.data_dir.display().to_string(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn set_language(state: State<'_, AppState>, language: String) -> CmdResult<()> {
    if !matches!(language.as_str(), "zh-CN" | "en") {
        return Err(CoreError::validation(
            "language",
            "Choose Chinese (zh-CN) or English (en).",
            "请选择中文（zh-CN）或英文（en）。",
        ));
    }
    prefs::set_language(&state.app, &language)
}

/// Checks that a PostgreSQL server answers; returns its version. Changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn test_database(url: String) -> CmdResult<String> {
    gecko_core::db::test_postgres(url.trim()).await
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DatabaseTarget {
    Sqlite,
    /// The full URL, password included; the password is kept out of the settings file.
    Postgres {
        url: String,
    },
}

/// Opens (and migrates) the chosen database, then makes it the app's database, also after a
/// restart. On any failure the current database stays open.
#[tauri::command]
#[specta::specta]
pub async fn switch_database(
    state: State<'_, AppState>,
    target: DatabaseTarget,
) -> CmdResult<FirstRun> {
    switch_to(&state, target).await
}

/// Remembers the password, opens and migrates `target`, stores the choice, swaps the core.
pub(crate) async fn switch_to(state: &AppState, target: DatabaseTarget) -> CmdResult<FirstRun> {
    let (choice, password) = match target {
        DatabaseTarget::Sqlite => (DatabaseChoice::Sqlite, None),
        DatabaseTarget::Postgres { url } => {
            let (url, password) = prefs::split_password(url.trim())?;
            (DatabaseChoice::Postgres { url }, password)
        }
    };
    if let DatabaseChoice::Postgres { url } = &choice {
        prefs::remember_password(&state.app, url, password.as_deref())?;
    }
    let core = open_core(&state.app, &state.data_dir, &choice).await?;
    let first_run = core.first_run().await?;
    prefs::set_database_choice(&state.app, &choice)?;
    state.replace(core).await;
    tracing::info!(kind = ?choice, "database switched");
    Ok(first_run)
}

/// The UI calls this once its first page has rendered with data: the time since launch is
/// logged, and printed for the start-up benchmark.
#[tauri::command]
#[specta::specta]
pub async fn ui_ready(page: String) -> CmdResult<()> {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let ms = crate::started().elapsed().as_millis();
        tracing::info!(ms, page = %page, "first page ready");
        println!("opengecko: first page ready after {ms} ms ({page})");
    });
    Ok(())
}
