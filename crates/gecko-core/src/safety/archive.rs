//! The backup archive: one `.tar.gz` holding `manifest.json`, `database.sqlite3` and `media/`.
//!
//! The manifest is written first so that listing backups reads a few bytes, not the whole
//! archive. Unpacking accepts only those three names, plain files and folders, and paths with
//! no `..` or root: an archive is untrusted input until it has passed every check.

use crate::db::Backend;
use crate::error::{CoreError, ErrorCode, Result};
use chrono::{DateTime, Utc};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Component, Path};

pub const FORMAT: &str = "opengecko-backup";
pub const FORMAT_VERSION: i32 = 1;
pub const MANIFEST_NAME: &str = "manifest.json";
pub const DATABASE_NAME: &str = "database.sqlite3";
pub const MEDIA_NAME: &str = "media";
/// A manifest is a few hundred bytes; anything bigger is not ours.
const MANIFEST_MAX: u64 = 1 << 20;

/// What a backup holds, stored beside the database in the archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct BackupManifest {
    pub format: String,
    pub format_version: i32,
    pub app_version: String,
    /// The highest migration applied to the database inside.
    pub schema_version: i64,
    /// Where the data came from (a team server's backup is stored as SQLite too).
    pub source_backend: Backend,
    pub created_at: DateTime<Utc>,
    /// Rows per table, counted in the archived database itself.
    pub tables: BTreeMap<String, i64>,
    pub media_files: i64,
    pub database_bytes: i64,
}

pub fn io_error(what: &str, err: impl std::fmt::Display) -> CoreError {
    tracing::error!(error = %err, what, "file operation failed");
    CoreError::io(
        format!("The {what} could not be written or read. Check the folder and free disk space."),
        "文件读写失败，请检查文件夹权限和磁盘剩余空间。",
    )
}

pub fn not_a_backup(why: &str) -> CoreError {
    tracing::warn!(why, "refused archive");
    CoreError::validation(
        "archive",
        "This file is not a readable openGecko backup (it is damaged or of another kind). \
         Nothing was changed; choose another backup file.",
        "该文件不是可读取的 openGecko 备份（已损坏或不是本应用的备份）。未做任何更改，请选择其他备份文件。",
    )
}

/// Writes the archive to `dest` (the caller renames it into place once complete).
pub fn write(dest: &Path, manifest: &BackupManifest, database: &Path, media: &Path) -> Result<()> {
    let file = File::create(dest).map_err(|e| io_error("backup file", e))?;
    let gz = GzEncoder::new(BufWriter::new(file), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    let fail = |e: std::io::Error| io_error("backup file", e);

    let manifest_json = serde_json::to_vec_pretty(manifest)?;
    let mut header = tar::Header::new_gnu();
    header.set_size(manifest_json.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(manifest.created_at.timestamp().max(0) as u64);
    header.set_cksum();
    tar.append_data(&mut header, MANIFEST_NAME, manifest_json.as_slice())
        .map_err(fail)?;
    tar.append_path_with_name(database, DATABASE_NAME)
        .map_err(fail)?;
    if media.is_dir() {
        tar.append_dir_all(MEDIA_NAME, media).map_err(fail)?;
    }

    let gz = tar.into_inner().map_err(fail)?;
    let mut buffered = gz.finish().map_err(fail)?;
    buffered.flush().map_err(fail)?;
    let file = buffered.into_inner().map_err(|e| fail(e.into_error()))?;
    file.sync_all().map_err(fail)
}

fn open(archive: &Path) -> Result<tar::Archive<GzDecoder<BufReader<File>>>> {
    let file = File::open(archive).map_err(|e| {
        tracing::warn!(error = %e, "backup file unreadable");
        CoreError::not_found(("backup file", "备份文件"))
    })?;
    Ok(tar::Archive::new(GzDecoder::new(BufReader::new(file))))
}

fn parse_manifest(entry: impl Read) -> Result<BackupManifest> {
    let mut text = Vec::new();
    entry
        .take(MANIFEST_MAX)
        .read_to_end(&mut text)
        .map_err(|_| not_a_backup("manifest unreadable"))?;
    let manifest: BackupManifest =
        serde_json::from_slice(&text).map_err(|_| not_a_backup("manifest is not ours"))?;
    if manifest.format != FORMAT {
        return Err(not_a_backup("wrong format name"));
    }
    if manifest.format_version > FORMAT_VERSION {
        return Err(CoreError::new(
            ErrorCode::AppTooOld,
            "This backup was made by a newer openGecko. Update the app to restore it.",
            "该备份由更新版本的 openGecko 创建，请先更新本应用再恢复。",
        ));
    }
    Ok(manifest)
}

/// Reads only the manifest (the first entry of our archives).
pub fn read_manifest(archive: &Path) -> Result<BackupManifest> {
    let mut tar = open(archive)?;
    let mut entries = tar.entries().map_err(|_| not_a_backup("not a tar.gz"))?;
    let first = entries
        .next()
        .ok_or_else(|| not_a_backup("empty archive"))?
        .map_err(|_| not_a_backup("first entry unreadable"))?;
    let path = first.path().map_err(|_| not_a_backup("bad path"))?;
    if path.as_ref() != Path::new(MANIFEST_NAME) {
        return Err(not_a_backup("manifest is not the first entry"));
    }
    parse_manifest(first)
}

/// What an archive may contain: our three names, nothing absolute, nothing climbing out.
fn allowed(path: &Path) -> bool {
    let mut components = path.components();
    let first_ok = match components.next() {
        Some(Component::Normal(first)) => {
            first == MANIFEST_NAME || first == DATABASE_NAME || first == MEDIA_NAME
        }
        _ => false,
    };
    first_ok && components.all(|c| matches!(c, Component::Normal(_)))
}

/// Unpacks the whole archive into the empty folder `into`, reading it to its end (so the
/// gzip checksum of every byte is verified), and returns its manifest.
pub fn unpack(archive: &Path, into: &Path) -> Result<BackupManifest> {
    let mut tar = open(archive)?;
    let mut manifest = None;
    let mut has_database = false;
    for entry in tar.entries().map_err(|_| not_a_backup("not a tar.gz"))? {
        let mut entry = entry.map_err(|_| not_a_backup("damaged entry"))?;
        let path = entry
            .path()
            .map_err(|_| not_a_backup("bad path"))?
            .into_owned();
        if !allowed(&path) {
            return Err(not_a_backup("unexpected entry"));
        }
        let kind = entry.header().entry_type();
        if !(kind.is_file() || kind.is_dir()) {
            return Err(not_a_backup("link or device entry"));
        }
        if path == Path::new(MANIFEST_NAME) {
            manifest = Some(parse_manifest(&mut entry)?);
            continue;
        }
        if path == Path::new(DATABASE_NAME) {
            has_database = true;
        }
        let unpacked = entry
            .unpack_in(into)
            .map_err(|_| not_a_backup("entry cannot be unpacked"))?;
        if !unpacked {
            return Err(not_a_backup("entry outside the archive"));
        }
    }
    match (manifest, has_database) {
        (Some(manifest), true) => Ok(manifest),
        _ => Err(not_a_backup("manifest or database missing")),
    }
}
