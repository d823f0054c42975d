//! Where this computer keeps secrets that must not live in the database (the team server's
//! password, later the encryption key): a file per secret under the app's config folder,
//! readable only by the user (mode 0600).
//!
//! Limitation: the OS keyring (Secret Service) is not used yet; on a desktop with a keyring
//! the password still goes to the private file.

use gecko_core::CoreError;
use std::io::Write;
use std::path::PathBuf;
use tauri::{AppHandle, Manager};

fn folder(app: &AppHandle) -> Result<PathBuf, CoreError> {
    let dir = app
        .path()
        .app_config_dir()
        .map_err(|_| no_folder())?
        .join("secrets");
    std::fs::create_dir_all(&dir).map_err(|_| no_folder())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(dir)
}

fn no_folder() -> CoreError {
    CoreError::io(
        "The app's private folder cannot be written.",
        "无法写入应用的私有文件夹。",
    )
}

/// A file name derived from the secret's name, safe on every file system.
fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

pub fn store(app: &AppHandle, name: &str, value: &str) -> Result<(), CoreError> {
    let path = folder(app)?.join(file_name(name));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path).map_err(|_| no_folder())?;
    file.write_all(value.as_bytes()).map_err(|_| no_folder())?;
    Ok(())
}

pub fn load(app: &AppHandle, name: &str) -> Option<String> {
    let path = folder(app).ok()?.join(file_name(name));
    std::fs::read_to_string(path).ok()
}
