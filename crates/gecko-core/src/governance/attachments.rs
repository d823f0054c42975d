//! Meeting attachments: files copied into the media folder under random names.
//!
//! The meeting keeps a JSON list `[{name, path}]` where `name` is what the user sees and
//! `path` is relative to `CoreConfig::media_dir` (so the folder can move). The copy is made
//! before the database transaction and removed again if the transaction fails; deleting a
//! meeting or committee removes its files after the commit (a leftover file is harmless, a
//! missing one is not).

use super::lock_meeting;
use super::meetings::MeetingView;
use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::db::Tx;
use crate::error::{CoreError, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::types::Json;
use std::path::{Path, PathBuf};

/// Largest file accepted as an attachment.
pub const MAX_ATTACHMENT_BYTES: u64 = 50 * 1024 * 1024;
const FOLDER: &str = "meetings";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Attachment {
    /// The original file name, shown to people.
    pub name: String,
    /// Where the copy lives, relative to the media folder, e.g. `meetings/3f9c….pdf`.
    pub path: String,
}

fn io_error(what: &str, err: std::io::Error) -> CoreError {
    tracing::warn!(error = %err, "attachment file {what}");
    CoreError::io(
        format!("The file could not be {what}; check that it exists and can be read."),
        "无法读取或保存该文件，请确认文件存在且可读。",
    )
}

/// A random file name that keeps the original extension (so the OS opens it with the right
/// app) but nothing else of the user's name.
fn stored_name(original: &str) -> String {
    let ext = Path::new(original)
        .extension()
        .and_then(|e| e.to_str())
        .filter(|e| e.len() <= 10 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(|e| format!(".{}", e.to_ascii_lowercase()))
        .unwrap_or_default();
    format!("{:032x}{ext}", rand::random::<u128>())
}

pub(crate) async fn files_of_committee(tx: &mut Tx, committee_id: i64) -> Result<Vec<String>> {
    let lists: Vec<(Json<Vec<Attachment>>,)> = tx
        .fetch_all(
            "SELECT attachments FROM meetings WHERE committee_id = $1",
            crate::args![committee_id],
        )
        .await?;
    Ok(lists
        .into_iter()
        .flat_map(|(list,)| list.0.into_iter().map(|a| a.path))
        .collect())
}

async fn attachments_of(tx: &mut Tx, meeting_id: i64) -> Result<Vec<Attachment>> {
    let (list,): (Json<Vec<Attachment>>,) = tx
        .fetch_one(
            "SELECT attachments FROM meetings WHERE id = $1",
            crate::args![meeting_id],
        )
        .await?;
    Ok(list.0)
}

async fn save_attachments(
    tx: &mut Tx,
    meeting_id: i64,
    list: &[Attachment],
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE meetings SET attachments = $1, updated_at = $2 WHERE id = $3",
        crate::args![json!(list), now, meeting_id],
    )
    .await?;
    Ok(())
}

impl Core {
    fn attachment_path(&self, relative: &str) -> PathBuf {
        self.config.media_dir.join(relative)
    }

    /// Removes stored files after their rows are gone; failures are only logged.
    pub(crate) async fn remove_media_files(&self, relative: &[String]) {
        for path in relative {
            // Only our own folder: a path in the JSON must never reach outside it.
            if !path.starts_with(&format!("{FOLDER}/")) || path.contains("..") {
                continue;
            }
            if let Err(err) = tokio::fs::remove_file(self.attachment_path(path)).await {
                tracing::warn!(error = %err, path, "attachment file not removed");
            }
        }
    }

    /// The absolute path of an attachment, for the shell to open or save it.
    pub async fn meeting_attachment_file(&self, meeting_id: i64, path: String) -> Result<PathBuf> {
        let scope = self.scope().await?;
        let row = self.meeting_row(scope.community_id, meeting_id).await?;
        row.attachments
            .0
            .iter()
            .find(|a| a.path == path)
            .map(|a| self.attachment_path(&a.path))
            .ok_or_else(|| CoreError::not_found(("attachment", "附件")))
    }

    /// Copies the file at `source` into the media folder and lists it on the meeting.
    pub async fn add_meeting_attachment(
        &self,
        meeting_id: i64,
        source: PathBuf,
    ) -> Result<MeetingView> {
        let scope = self.admin_scope().await?;
        self.meeting_row(scope.community_id, meeting_id).await?;
        let name = source
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
            .filter(|n| !n.is_empty() && n.chars().count() <= 255)
            .ok_or_else(|| {
                CoreError::validation(
                    "source",
                    "Choose a file with a name of at most 255 characters.",
                    "请选择文件名不超过 255 个字符的文件。",
                )
            })?;
        let meta = tokio::fs::metadata(&source)
            .await
            .map_err(|e| io_error("read", e))?;
        if !meta.is_file() {
            return Err(CoreError::validation(
                "source",
                "Choose a file, not a folder.",
                "请选择文件而不是文件夹。",
            ));
        }
        if meta.len() > MAX_ATTACHMENT_BYTES {
            return Err(CoreError::validation(
                "source",
                "The file is larger than 50 MB; share a link to it instead.",
                "文件超过 50 MB，请改为分享链接。",
            ));
        }

        let relative = format!("{FOLDER}/{}", stored_name(&name));
        let target = self.attachment_path(&relative);
        if let Some(dir) = target.parent() {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|e| io_error("saved", e))?;
        }
        tokio::fs::copy(&source, &target)
            .await
            .map_err(|e| io_error("copied", e))?;
        let attachment = Attachment {
            name,
            path: relative,
        };
        let saved = self
            .list_attachment(scope.community_id, scope.user_id(), meeting_id, &attachment)
            .await;
        if saved.is_err() {
            let _ = tokio::fs::remove_file(&target).await;
        }
        saved?;
        self.meeting_view(scope.community_id, meeting_id).await
    }

    async fn list_attachment(
        &self,
        community_id: i64,
        user_id: i64,
        meeting_id: i64,
        attachment: &Attachment,
    ) -> Result<()> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        lock_meeting(&mut tx, community_id, meeting_id).await?;
        let mut list = attachments_of(&mut tx, meeting_id).await?;
        list.push(attachment.clone());
        save_attachments(&mut tx, meeting_id, &list, now).await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("add_meeting_attachment", "meeting")
                .by(user_id)
                .community(community_id)
                .resource(meeting_id)
                .details(json!({ "name": attachment.name, "path": attachment.path })),
        )
        .await?;
        tx.commit().await
    }

    /// Takes an attachment off the meeting and deletes its stored copy.
    pub async fn remove_meeting_attachment(
        &self,
        meeting_id: i64,
        path: String,
    ) -> Result<MeetingView> {
        let scope = self.admin_scope().await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        lock_meeting(&mut tx, scope.community_id, meeting_id).await?;
        let mut list = attachments_of(&mut tx, meeting_id).await?;
        let index = list
            .iter()
            .position(|a| a.path == path)
            .ok_or_else(|| CoreError::not_found(("attachment", "附件")))?;
        let removed = list.remove(index);
        save_attachments(&mut tx, meeting_id, &list, now).await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("remove_meeting_attachment", "meeting")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(meeting_id)
                .details(json!({ "name": removed.name, "path": removed.path })),
        )
        .await?;
        tx.commit().await?;
        self.remove_media_files(&[removed.path]).await;
        self.meeting_view(scope.community_id, meeting_id).await
    }
}
