//! Content: articles written in the editor or imported from Markdown and Word files, pushed
//! through review, scheduled on the calendar and later published.
//!
//! Every command here loads a content with `WHERE id = $1 AND community_id = $2` (the session's
//! community), so another community's content is "not found". Who may do what is decided in one
//! place, [`Access`]: owner, collaborators and admins edit; assignees only move the work status.
//! Every write bumps `contents.version`, which is what makes a stale editor save a conflict
//! instead of a silent overwrite.

mod calendar;
mod crud;
mod docx_inlines;
mod docx_markdown;
mod docx_tables;
mod import;
pub mod import_docx;
pub mod import_md;
mod list;
pub mod media;
pub mod model;
mod people;
pub mod render;
pub mod workflow;

pub use list::{ContentFilter, ContentPage, ContentSort, SortDirection};
pub use model::{
    search_text, ContentStatus, ContentSummary, ContentUpdate, ContentView, NewContent, SourceType,
    WorkStatus,
};
pub use render::render_markdown;

use crate::audit::AuditEntry;
use crate::core::Scope;
use crate::db::Tx;
use crate::error::{CoreError, Result};
use chrono::{DateTime, Utc};

pub(crate) fn content_not_found() -> CoreError {
    CoreError::not_found(("content", "内容"))
}

/// The caller's relation to one content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Access {
    pub owner: bool,
    pub collaborator: bool,
    pub assignee: bool,
    /// Community admin or superuser.
    pub admin: bool,
}

impl Access {
    /// Edit, delete, submit for review, set the cover, reschedule.
    pub fn may_edit(self) -> bool {
        self.owner || self.collaborator || self.admin
    }

    /// Owner, collaborators, assignees and admins move the work status.
    pub fn may_change_work_status(self) -> bool {
        self.may_edit() || self.assignee
    }

    /// Transfer ownership, choose collaborators and assignees.
    pub fn may_manage_people(self) -> bool {
        self.owner || self.admin
    }

    pub fn require(allowed: bool) -> Result<()> {
        if allowed {
            Ok(())
        } else {
            Err(CoreError::forbidden())
        }
    }
}

/// The small columns of one content plus the caller's relation to it.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ContentMeta {
    pub owner_id: Option<i64>,
    pub title: String,
    pub status: String,
    pub work_status: String,
    pub version: i64,
    pub cover_image: Option<String>,
    pub scheduled_publish_at: Option<DateTime<Utc>>,
    is_collaborator: bool,
    is_assignee: bool,
}

impl ContentMeta {
    pub fn access(&self, scope: &Scope) -> Access {
        Access {
            owner: self.owner_id == Some(scope.user_id()),
            collaborator: self.is_collaborator,
            assignee: self.is_assignee,
            admin: scope.is_admin(),
        }
    }
}

pub(crate) const META_SQL: &str = "SELECT c.owner_id, c.title, c.status, c.work_status, \
     c.version, c.cover_image, c.scheduled_publish_at, \
     EXISTS (SELECT 1 FROM content_collaborators cc \
             WHERE cc.content_id = c.id AND cc.user_id = $3) AS is_collaborator, \
     EXISTS (SELECT 1 FROM content_assignees ca \
             WHERE ca.content_id = c.id AND ca.user_id = $3) AS is_assignee \
     FROM contents c WHERE c.id = $1 AND c.community_id = $2";

/// Loads a content of the scope's community inside a write transaction.
pub(crate) async fn load_meta(
    tx: &mut Tx,
    scope: &Scope,
    id: i64,
) -> Result<(ContentMeta, Access)> {
    let meta: ContentMeta = tx
        .fetch_optional(
            META_SQL,
            crate::args![id, scope.community_id, scope.user_id()],
        )
        .await?
        .ok_or_else(content_not_found)?;
    let access = meta.access(scope);
    Ok((meta, access))
}

/// An audit entry about content `id`, by the scope's user in its community.
pub(crate) fn content_audit(action: &'static str, scope: &Scope, id: i64) -> AuditEntry {
    AuditEntry::new(action, "content")
        .by(scope.user_id())
        .community(scope.community_id)
        .resource(id)
}

/// Marks a write on a content: a new version and `updated_at`.
pub(crate) async fn touch(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> Result<i64> {
    tx.scalar(
        "UPDATE contents SET version = version + 1, updated_at = $2 WHERE id = $1 \
         RETURNING version",
        crate::args![id, now],
    )
    .await
}
