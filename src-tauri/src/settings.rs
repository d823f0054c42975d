//! This computer's own preferences, kept with tauri-plugin-store: which database to open and
//! the UI language. A PostgreSQL URL is stored without its password; the password goes to the
//! private secret store.

use crate::secrets;
use gecko_core::CoreError;
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use tauri_plugin_store::StoreExt;

const STORE: &str = "settings.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DatabaseChoice {
    Sqlite,
    /// The URL without its password.
    Postgres {
        url: String,
    },
}

pub fn database_choice(app: &AppHandle) -> DatabaseChoice {
    app.store(STORE)
        .ok()
        .and_then(|s| s.get("database"))
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or(DatabaseChoice::Sqlite)
}

pub fn set_database_choice(app: &AppHandle, choice: &DatabaseChoice) -> Result<(), CoreError> {
    let store = app.store(STORE).map_err(|_| store_error())?;
    store.set(
        "database",
        serde_json::to_value(choice).map_err(|_| store_error())?,
    );
    store.save().map_err(|_| store_error())
}

pub fn language(app: &AppHandle) -> String {
    app.store(STORE)
        .ok()
        .and_then(|s| s.get("language"))
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "zh-CN".into())
}

pub fn set_language(app: &AppHandle, language: &str) -> Result<(), CoreError> {
    let store = app.store(STORE).map_err(|_| store_error())?;
    store.set("language", language);
    store.save().map_err(|_| store_error())
}

/// This installation's id for reminder deliveries, made on first use and kept in the store (a
/// store that cannot be written gives a fresh id per run: reminders may then repeat once after
/// a restart).
pub fn device_id(app: &AppHandle) -> String {
    let store = app.store(STORE).ok();
    if let Some(id) = store
        .as_ref()
        .and_then(|s| s.get("device_id"))
        .and_then(|v| v.as_str().map(str::to_string))
    {
        return id;
    }
    let id = gecko_core::reminders::new_device_id();
    if let Some(store) = store {
        store.set("device_id", id.as_str());
        if store.save().is_err() {
            tracing::warn!("device id not saved");
        }
    }
    id
}

fn store_error() -> CoreError {
    CoreError::io("The settings file cannot be written.", "无法写入设置文件。")
}

/// Splits a URL into the form kept in settings (no password) and its password.
pub fn split_password(url: &str) -> Result<(String, Option<String>), CoreError> {
    gecko_core::db::parse_pg_url(url)?;
    let mut parsed = url::Url::parse(url).map_err(|_| {
        CoreError::validation(
            "url",
            "This is not a valid PostgreSQL URL.",
            "这不是有效的 PostgreSQL 地址。",
        )
    })?;
    let password = parsed.password().map(percent_decode);
    let _ = parsed.set_password(None);
    Ok((parsed.to_string(), password))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

fn secret_name(url: &str) -> String {
    format!("postgres-password {url}")
}

pub fn remember_password(
    app: &AppHandle,
    url: &str,
    password: Option<&str>,
) -> Result<(), CoreError> {
    match password {
        Some(p) => secrets::store(app, &secret_name(url), p),
        None => Ok(()),
    }
}

/// The stored URL with its password put back, for connecting.
pub fn url_with_password(app: &AppHandle, url: &str) -> Result<String, CoreError> {
    let Some(password) = secrets::load(app, &secret_name(url)) else {
        return Ok(url.to_string());
    };
    let mut parsed = url::Url::parse(url).map_err(|_| {
        CoreError::validation(
            "url",
            "This is not a valid PostgreSQL URL.",
            "这不是有效的 PostgreSQL 地址。",
        )
    })?;
    let _ = parsed.set_password(Some(&password));
    Ok(parsed.to_string())
}

#[cfg(test)]
mod tests {
    use super::split_password;

    #[test]
    fn urls_are_kept_without_their_password() {
        let (url, password) =
            split_password("postgres://gecko:s%40cr%2Bt@db.example.org:5433/team").unwrap();
        assert_eq!(url, "postgres://gecko@db.example.org:5433/team");
        assert_eq!(password.as_deref(), Some("s@cr+t"));
        let (url, password) = split_password("postgresql://db.example.org/team").unwrap();
        assert_eq!(
            (url.as_str(), password),
            ("postgresql://db.example.org/team", None)
        );
        assert!(split_password("mysql://x@y/z").is_err());
    }
}
