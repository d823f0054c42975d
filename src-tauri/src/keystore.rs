//! The core's [`KeyStore`] over this computer's secret store (OS keyring, else a private file):
//! where the key that encrypts channel secrets is kept, one key per database.
//!
//! The entry is named after the database the app uses (the local file's folder, or the team
//! server's URL without its password), so switching databases never offers one database's key
//! to another.

use crate::secrets;
use crate::settings::{self, DatabaseChoice};
use gecko_core::publish::secrets::{KeyStore, Secret};
use gecko_core::Result;
use std::path::Path;
use tauri::AppHandle;

pub struct ShellKeyStore {
    app: AppHandle,
    name: String,
}

impl ShellKeyStore {
    /// The key store of the database the app is using now.
    pub fn current(app: &AppHandle, data_dir: &Path) -> ShellKeyStore {
        let name = match settings::database_choice(app) {
            DatabaseChoice::Sqlite => format!("secret-key sqlite {}", data_dir.display()),
            DatabaseChoice::Postgres { url } => format!("secret-key postgres {url}"),
        };
        ShellKeyStore {
            app: app.clone(),
            name,
        }
    }
}

impl KeyStore for ShellKeyStore {
    fn load(&self) -> Result<Option<Secret>> {
        Ok(secrets::load(&self.app, &self.name).map(Secret::new))
    }

    fn save(&self, key: &Secret) -> Result<()> {
        secrets::store(&self.app, &self.name, key.expose())
    }
}
