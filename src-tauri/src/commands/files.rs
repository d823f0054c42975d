//! Reading and writing the files the user picked (CSV, ICS). The core works on bytes and
//! text; the shell owns the file system side, so a path chosen in a native dialog (or typed)
//! never reaches the core.

use gecko_core::CoreError;
use std::path::Path;

/// Files larger than this are refused before they are read (the CSV import's own limit is
/// 10 MB; a little slack lets the core give its precise message).
const MAX_READ_BYTES: u64 = 11 * 1024 * 1024;

fn unreadable(err: std::io::Error) -> CoreError {
    tracing::warn!(error = %err, "chosen file not read");
    CoreError::io(
        "The file could not be read; check that it exists and can be opened.",
        "无法读取该文件，请确认文件存在且可以打开。",
    )
}

fn unwritable(err: std::io::Error) -> CoreError {
    tracing::warn!(error = %err, "chosen file not written");
    CoreError::io(
        "The file could not be saved there; choose a folder you can write to.",
        "无法保存到该位置，请选择一个可写入的文件夹。",
    )
}

fn no_path() -> CoreError {
    CoreError::validation("path", "Choose a file first.", "请先选择文件。")
}

pub async fn read(path: &str) -> Result<Vec<u8>, CoreError> {
    let path = path.trim();
    if path.is_empty() {
        return Err(no_path());
    }
    let meta = tokio::fs::metadata(path).await.map_err(unreadable)?;
    if !meta.is_file() {
        return Err(unreadable(std::io::Error::other("not a file")));
    }
    if meta.len() > MAX_READ_BYTES {
        return Err(CoreError::validation(
            "file",
            "The file is larger than 10 MB.",
            "文件大于 10 MB。",
        ));
    }
    tokio::fs::read(path).await.map_err(unreadable)
}

/// Writes `text` to `path`, replacing the file the user chose to overwrite. The text goes to a
/// temporary file beside it first and is renamed over it once on disk, so the file is never
/// seen (or left, after a crash) half-written.
pub async fn write(path: &str, text: &str) -> Result<(), CoreError> {
    use tokio::io::AsyncWriteExt;
    let path = Path::new(path.trim());
    let Some(name) = path.file_name() else {
        return Err(no_path());
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let part = dir.join(format!(
        ".{}.{}.part",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = async {
        let mut file = tokio::fs::File::create(&part).await?;
        file.write_all(text.as_bytes()).await?;
        file.sync_all().await?;
        tokio::fs::rename(&part, path).await
    }
    .await;
    if let Err(e) = written {
        let _ = tokio::fs::remove_file(&part).await;
        return Err(unwritable(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use gecko_core::ErrorCode;

    #[tokio::test]
    async fn reads_what_it_wrote_and_names_what_went_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.ics");
        let path = file.to_str().unwrap();
        write(path, "BEGIN:VCALENDAR\r\n").await.unwrap();
        assert_eq!(read(path).await.unwrap(), b"BEGIN:VCALENDAR\r\n");

        assert_eq!(read("  ").await.unwrap_err().code, ErrorCode::Validation);
        let missing = dir.path().join("missing.csv");
        assert_eq!(
            read(missing.to_str().unwrap()).await.unwrap_err().code,
            ErrorCode::Io
        );
        assert_eq!(
            read(dir.path().to_str().unwrap()).await.unwrap_err().code,
            ErrorCode::Io
        );
        let nowhere = dir.path().join("no-such-folder/x.ics");
        assert_eq!(
            write(nowhere.to_str().unwrap(), "x")
                .await
                .unwrap_err()
                .code,
            ErrorCode::Io
        );

        // Overwriting replaces the whole file and leaves nothing beside it; a folder in the
        // way is an error that leaves the folder as it was and no temporary file behind.
        write(path, "second").await.unwrap();
        assert_eq!(read(path).await.unwrap(), b"second");
        let folder = dir.path().join("taken");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("inside.txt"), "kept").unwrap();
        assert_eq!(
            write(folder.to_str().unwrap(), "x").await.unwrap_err().code,
            ErrorCode::Io
        );
        assert_eq!(
            std::fs::read_to_string(folder.join("inside.txt")).unwrap(),
            "kept"
        );
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.ics", "taken"]);
    }
}
