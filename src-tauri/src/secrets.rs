//! Where this computer keeps secrets that must not live in the database (the team server's
//! password, the encryption key): the OS keyring (Secret Service on Linux) when one answers,
//! otherwise a file per secret under the app's config folder, readable only by the user (0600).
//!
//! A read looks in the keyring first, then in the file, so a secret saved while no keyring ran
//! is still found after one appears.

use gecko_core::CoreError;
use std::io::Write;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager};

const SERVICE: &str = "org.opengecko.desktop";

fn folder(app: &AppHandle) -> Result<PathBuf, CoreError> {
    let dir = app
        .path()
        .app_config_dir()
        .map_err(|_| no_folder())?
        .join("secrets");
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

/// Runs a keyring call on its own thread: the Secret Service client blocks on its own runtime,
/// which must not be nested inside the app's.
fn off_runtime<T: Send + 'static>(call: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    std::thread::spawn(call).join().ok()
}

pub fn store(app: &AppHandle, name: &str, value: &str) -> Result<(), CoreError> {
    let (key, secret) = (name.to_string(), value.to_string());
    let saved = off_runtime(move || {
        keyring::Entry::new(SERVICE, &key).and_then(|e| e.set_password(&secret))
    });
    match saved.unwrap_or(Err(keyring::Error::NoEntry)) {
        Ok(()) => {
            tracing::info!("secret saved in the OS keyring");
            Ok(())
        }
        Err(e) => {
            tracing::info!(reason = %e, "no OS keyring; secret saved in a private file");
            store_file(&folder(app)?, name, value)
        }
    }
}

pub fn load(app: &AppHandle, name: &str) -> Option<String> {
    let key = name.to_string();
    let found = off_runtime(move || keyring::Entry::new(SERVICE, &key)?.get_password());
    if let Some(Ok(value)) = found {
        return Some(value);
    }
    load_file(&folder(app).ok()?, name)
}

pub(crate) fn store_file(dir: &Path, name: &str, value: &str) -> Result<(), CoreError> {
    std::fs::create_dir_all(dir).map_err(|_| no_folder())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(dir.join(file_name(name)))
        .map_err(|_| no_folder())?;
    file.write_all(value.as_bytes()).map_err(|_| no_folder())
}

pub(crate) fn load_file(dir: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(file_name(name))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_files_are_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = dir.path().join("secrets");
        store_file(&secrets, "postgres-password postgres://u@h/db", "p@ss:w/rd").unwrap();
        assert_eq!(
            load_file(&secrets, "postgres-password postgres://u@h/db").unwrap(),
            "p@ss:w/rd"
        );
        assert_eq!(load_file(&secrets, "another"), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file = std::fs::read_dir(&secrets)
                .unwrap()
                .next()
                .unwrap()
                .unwrap();
            assert_eq!(file.metadata().unwrap().permissions().mode() & 0o777, 0o600);
            let dir_mode = std::fs::metadata(&secrets).unwrap().permissions().mode() & 0o777;
            assert_eq!(dir_mode, 0o700);
        }
    }
}
