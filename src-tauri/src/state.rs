//! The app's state: the open `Core`, which can be swapped when the user switches databases.
//!
//! If the configured database cannot be opened at start (a team server that is down), the app
//! still starts: commands answer "unavailable" and the UI offers the database settings, where
//! the user can retry or go back to the local file.

use crate::settings::{self, DatabaseChoice};
use gecko_core::db::Db;
use gecko_core::{Core, CoreConfig, CoreError};
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{AppHandle, Manager};
use tokio::sync::RwLock;

pub struct AppState {
    pub app: AppHandle,
    pub data_dir: PathBuf,
    core: RwLock<Result<Arc<Core>, CoreError>>,
}

impl AppState {
    pub async fn open(app: &AppHandle) -> Result<AppState, Box<dyn std::error::Error>> {
        let data_dir = app.path().app_data_dir()?;
        std::fs::create_dir_all(&data_dir)?;
        let choice = settings::database_choice(app);
        let core = open_core(app, &data_dir, &choice).await.map(Arc::new);
        if let Err(e) = &core {
            tracing::warn!(code = ?e.code, "database not opened at start");
        }
        Ok(AppState {
            app: app.clone(),
            data_dir,
            core: RwLock::new(core),
        })
    }

    /// The open core, or the reason there is none.
    pub async fn core(&self) -> Result<Arc<Core>, CoreError> {
        self.core.read().await.clone()
    }

    /// Replaces the open core with one on `choice` (already tested and migrated).
    pub async fn replace(&self, core: Core) {
        let mut slot = self.core.write().await;
        if let Ok(old) = &*slot {
            old.db().close().await;
        }
        *slot = Ok(Arc::new(core));
    }
}

pub async fn open_core(
    app: &AppHandle,
    data_dir: &std::path::Path,
    choice: &DatabaseChoice,
) -> Result<Core, CoreError> {
    let db = match choice {
        DatabaseChoice::Sqlite => Db::open_sqlite(&data_dir.join("opengecko.db")).await?,
        DatabaseChoice::Postgres { url } => {
            let full = settings::url_with_password(app, url)?;
            Db::open_postgres(&full).await?
        }
    };
    Ok(Core::new(db, CoreConfig::new(data_dir.join("media"))))
}
