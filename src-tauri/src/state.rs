//! The app's state: the open `Core`, which can be swapped when the user switches databases.
//!
//! If the configured database cannot be opened at start (a team server that is down), the app
//! still starts: commands answer "unavailable" and the UI offers the database settings, where
//! the user can retry or go back to the local file.

use crate::settings::{self, DatabaseChoice};
use gecko_core::db::Db;
use gecko_core::{Core, CoreConfig, CoreError, ErrorCode};
use std::future::Future;
use std::path::{Path, PathBuf};
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

    /// Closes the database, runs `step` on the data folder while nothing has it open, then
    /// opens the configured database again. The write lock is held throughout, so no command
    /// reaches a closed database; the new core has no session, so everyone signs in again.
    pub async fn while_closed<T, F, Fut>(&self, step: F) -> Result<T, CoreError>
    where
        F: FnOnce(PathBuf) -> Fut,
        Fut: Future<Output = Result<T, CoreError>>,
    {
        let mut slot = self.core.write().await;
        if let Ok(old) = &*slot {
            old.db().close().await;
        }
        *slot = Err(CoreError::new(
            ErrorCode::Unavailable,
            "The database is being replaced. Try again in a moment.",
            "正在替换数据库，请稍后再试。",
        ));

        let outcome = step(self.data_dir.clone()).await;

        let choice = settings::database_choice(&self.app);
        let reopened = open_core(&self.app, &self.data_dir, &choice).await;
        if let Err(e) = &reopened {
            tracing::error!(code = ?e.code, "database not reopened");
        }
        *slot = reopened.map(Arc::new);
        outcome
    }
}

pub async fn open_core(
    app: &AppHandle,
    data_dir: &std::path::Path,
    choice: &DatabaseChoice,
) -> Result<Core, CoreError> {
    let db = match choice {
        DatabaseChoice::Sqlite => Db::open_sqlite(&local_database(data_dir)).await?,
        DatabaseChoice::Postgres { url } => {
            let full = settings::url_with_password(app, url)?;
            Db::open_postgres(&full).await?
        }
    };
    let media = data_dir.join(gecko_core::safety::MEDIA_DIR_NAME);
    Ok(Core::new(db, CoreConfig::new(media)))
}

/// The local database file in the app's data folder.
pub fn local_database(data_dir: &Path) -> PathBuf {
    data_dir.join(gecko_core::safety::DB_FILE_NAME)
}
