//! Secrets at rest: Fernet-encrypted before they reach the database, with the key kept out of
//! it.
//!
//! The key lives in a [`KeyStore`] (the OS keyring in the app; a 0600 key file where there is
//! none). The database holds only a check value: a fixed text encrypted with the key. A client
//! with the wrong key fails to open the check value and is refused BEFORE it decrypts (or
//! overwrites) any real secret. On a shared PostgreSQL the first client creates the key and
//! shows it once as the "team key"; every other client must enter it.

use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::db::Backend;
use crate::error::{CoreError, Result};
use serde::Serialize;
use serde_json::json;
use std::fmt;
use std::path::{Path, PathBuf};

const CHECK_SETTING: &str = "secrets.key_check";
const CHECK_PLAINTEXT: &[u8] = b"opengecko secret key check v1";
const MASK: &str = "••••";

/// A secret value in memory. It never prints itself and cannot be serialised, so it cannot
/// reach a log, an error message or the UI by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The plain value, for the one place that must send it (an API call, an encryption).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `••••` followed by the last four characters (only `••••` for very short values).
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(••••)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

pub fn mask(plain: &str) -> String {
    let chars: Vec<char> = plain.chars().collect();
    if chars.len() <= 6 {
        return MASK.to_string();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{MASK}{tail}")
}

/// Whether a value sent back by the UI is a mask (meaning "keep the stored secret").
pub fn is_masked(value: &str) -> bool {
    value.starts_with(MASK)
}

/// The unlocked Fernet key.
#[derive(Clone)]
pub struct SecretKey(Secret);

impl SecretKey {
    fn parse(key: &str) -> Option<SecretKey> {
        fernet::Fernet::new(key.trim()).map(|_| SecretKey(Secret::new(key.trim())))
    }

    fn fernet(&self) -> fernet::Fernet {
        // The key was validated by `parse`; a failure here would be a bug, not user input.
        fernet::Fernet::new(self.0.expose()).unwrap_or_else(|| unreachable!("validated key"))
    }

    pub(crate) fn encrypt(&self, plain: &Secret) -> String {
        self.fernet().encrypt(plain.expose().as_bytes())
    }

    pub(crate) fn decrypt(&self, token: &str) -> Option<Secret> {
        let bytes = self.fernet().decrypt(token).ok()?;
        String::from_utf8(bytes).ok().map(Secret)
    }

    fn opens(&self, check: &str) -> bool {
        self.fernet()
            .decrypt(check)
            .is_ok_and(|b| b == CHECK_PLAINTEXT)
    }
}

/// Where the key is kept outside the database.
pub trait KeyStore: Send + Sync {
    fn load(&self) -> Result<Option<Secret>>;
    fn save(&self, key: &Secret) -> Result<()>;
}

/// A key file readable only by its owner (mode 0600), for systems without a keyring.
pub struct FileKeyStore {
    path: PathBuf,
}

impl FileKeyStore {
    /// The key file `secret.key` inside `folder` (created when needed).
    pub fn in_folder(folder: &Path) -> Self {
        FileKeyStore {
            path: folder.join("secret.key"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn key_file_error(err: std::io::Error) -> CoreError {
    tracing::error!(error = %err, "secret key file");
    CoreError::io(
        "The secret key file could not be read or written. Check the app data folder's \
         permissions.",
        "无法读写密钥文件，请检查应用数据文件夹的权限。",
    )
}

impl KeyStore for FileKeyStore {
    fn load(&self) -> Result<Option<Secret>> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) if !text.trim().is_empty() => Ok(Some(Secret::new(text.trim()))),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(key_file_error(e)),
        }
    }

    fn save(&self, key: &Secret) -> Result<()> {
        use std::io::Write;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(key_file_error)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&self.path).map_err(key_file_error)?;
        // An existing file keeps its old mode on open: tighten it explicitly.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(key_file_error)?;
        }
        file.write_all(key.expose().as_bytes())
            .map_err(key_file_error)?;
        Ok(())
    }
}

/// What unlocking found.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum KeyStatus {
    /// The key on this computer opens this database's secrets.
    Unlocked,
    /// This client created the key. On a shared PostgreSQL `team_key` is the key to show ONCE
    /// so other members can enter it; on a local file it is `None`.
    Created { team_key: Option<String> },
    /// The database already has a key that this computer does not: enter the team key.
    TeamKeyRequired,
}

fn wrong_key() -> CoreError {
    CoreError::validation(
        "team_key",
        "This key does not match the team's key, so it cannot open the saved secrets. Ask the \
         person who set up the shared database for the team key.",
        "该密钥与团队密钥不一致，无法解开已保存的机密。请向设置共享数据库的人索取团队密钥。",
    )
}

fn locked() -> CoreError {
    CoreError::validation(
        "team_key",
        "Secrets are locked on this computer. Enter the team key in Settings first.",
        "本机尚未解锁机密信息，请先在设置中输入团队密钥。",
    )
}

impl Core {
    async fn key_check(&self) -> Result<Option<String>> {
        self.db
            .scalar_optional(
                "SELECT value FROM app_settings WHERE key = $1",
                crate::args![CHECK_SETTING],
            )
            .await
    }

    fn set_key(&self, key: SecretKey) {
        *self.publish.key.write().unwrap_or_else(|p| p.into_inner()) = Some(key);
    }

    pub(crate) fn secret_key(&self) -> Result<SecretKey> {
        self.publish
            .key
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(locked)
    }

    pub fn secrets_unlocked(&self) -> bool {
        self.secret_key().is_ok()
    }

    /// Loads the key from `store` and checks it against the database; creates the key when
    /// the database has none yet.
    pub async fn unlock_secrets(&self, store: &dyn KeyStore) -> Result<KeyStatus> {
        let actor = self.actor().await?;
        let check = self.key_check().await?;
        let stored = store.load()?;
        match (check, stored) {
            (Some(check), Some(key)) => {
                let key = SecretKey::parse(key.expose()).ok_or_else(wrong_key)?;
                if !key.opens(&check) {
                    return Err(wrong_key());
                }
                self.set_key(key);
                Ok(KeyStatus::Unlocked)
            }
            (Some(_), None) => Ok(KeyStatus::TeamKeyRequired),
            (None, stored) => {
                let key = match stored.and_then(|k| SecretKey::parse(k.expose())) {
                    Some(key) => key,
                    None => SecretKey(Secret::new(fernet::Fernet::generate_key())),
                };
                let mut tx = self.db.begin().await?;
                let inserted = tx
                    .execute(
                        "INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (key) DO NOTHING",
                        crate::args![
                            CHECK_SETTING,
                            key.fernet().encrypt(CHECK_PLAINTEXT),
                            self.now()
                        ],
                    )
                    .await?;
                if inserted == 0 {
                    // Another client of the team created the key first.
                    return Ok(KeyStatus::TeamKeyRequired);
                }
                audit::record(
                    &mut tx,
                    self.now(),
                    AuditEntry::new("create_secret_key", "app_settings").by(actor.id),
                )
                .await?;
                store.save(&key.0)?;
                tx.commit().await?;
                let team_key =
                    (self.db.backend() == Backend::Postgres).then(|| key.0.expose().to_string());
                self.set_key(key);
                Ok(KeyStatus::Created { team_key })
            }
        }
    }

    /// Enters the team key on this computer: refused unless it opens the check value.
    pub async fn set_team_key(&self, store: &dyn KeyStore, team_key: &str) -> Result<()> {
        let actor = self.actor().await?;
        let key = SecretKey::parse(team_key).ok_or_else(wrong_key)?;
        let check = self.key_check().await?.ok_or_else(|| {
            CoreError::validation(
                "team_key",
                "This database has no team key yet; unlock secrets to create one.",
                "该数据库尚无团队密钥；请先解锁以创建。",
            )
        })?;
        if !key.opens(&check) {
            return Err(wrong_key());
        }
        store.save(&key.0)?;
        let mut tx = self.db.begin().await?;
        audit::record(
            &mut tx,
            self.now(),
            AuditEntry::new("enter_team_key", "app_settings")
                .by(actor.id)
                .details(json!({})),
        )
        .await?;
        tx.commit().await?;
        self.set_key(key);
        Ok(())
    }

    pub(crate) fn encrypt_secret(&self, plain: &Secret) -> Result<String> {
        Ok(self.secret_key()?.encrypt(plain))
    }

    pub(crate) fn decrypt_secret(&self, token: &str) -> Result<Secret> {
        self.secret_key()?.decrypt(token).ok_or_else(wrong_key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print_themselves() {
        let s = Secret::new("super-secret-value");
        assert_eq!(format!("{s}"), "••••");
        assert_eq!(format!("{s:?}"), "Secret(••••)");
        assert_eq!(s.masked(), "••••alue");
        assert_eq!(mask("abc"), "••••");
    }

    #[test]
    fn a_key_opens_only_its_own_check_value() {
        let a = SecretKey::parse(&fernet::Fernet::generate_key()).unwrap();
        let b = SecretKey::parse(&fernet::Fernet::generate_key()).unwrap();
        let check = a.fernet().encrypt(CHECK_PLAINTEXT);
        assert!(a.opens(&check));
        assert!(!b.opens(&check));
        assert!(SecretKey::parse("not a key").is_none());
    }
}
