//! "My work": every content and meeting assigned to the signed-in user, in all the communities
//! it belongs to, soonest due first.
//!
//! The due time of a content is its scheduled publish time, of a meeting its start; items with
//! no due time come last. Changing the work status from this page acts in the item's own
//! community (not the session's current one), with the same rules as the item's own page.

use crate::audit::{self, AuditEntry};
use crate::content::WorkStatus;
use crate::core::Core;
use crate::error::{CoreError, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum WorkItemKind {
    Content,
    Meeting,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct WorkItem {
    pub kind: WorkItemKind,
    pub id: i64,
    pub community_id: i64,
    pub community_name: String,
    pub title: String,
    /// The content's review status or the meeting's status.
    pub status: String,
    pub work_status: WorkStatus,
    /// Scheduled publish time or meeting start.
    pub due_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct WorkCounts {
    pub planning: i64,
    pub in_progress: i64,
    pub completed: i64,
}

impl WorkCounts {
    pub(crate) fn add(&mut self, status: WorkStatus, n: i64) {
        match status {
            WorkStatus::Planning => self.planning += n,
            WorkStatus::InProgress => self.in_progress += n,
            WorkStatus::Completed => self.completed += n,
        }
    }

    pub fn total(&self) -> i64 {
        self.planning + self.in_progress + self.completed
    }
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
pub struct MyWorkFilter {
    pub kind: Option<WorkItemKind>,
    pub work_status: Option<WorkStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct MyWork {
    /// Items matching the whole filter, soonest due first.
    pub items: Vec<WorkItem>,
    /// Per work status over the items of the chosen kind (the work-status filter aside).
    pub counts: WorkCounts,
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    kind: String,
    id: i64,
    community_id: i64,
    community_name: String,
    title: String,
    status: String,
    work_status: String,
    due_at: Option<DateTime<Utc>>,
}

/// Assignments in active communities the user still belongs to (superusers: all of them).
const ITEMS_SQL: &str = "\
    SELECT 'content' AS kind, c.id, c.community_id, cm.name AS community_name, c.title, \
           c.status, c.work_status, c.scheduled_publish_at AS due_at \
    FROM content_assignees a JOIN contents c ON c.id = a.content_id \
    JOIN communities cm ON cm.id = c.community_id AND cm.is_active \
    WHERE a.user_id = $1 AND ($2 OR EXISTS (SELECT 1 FROM community_users cu \
          WHERE cu.user_id = $1 AND cu.community_id = c.community_id)) \
    UNION ALL \
    SELECT 'meeting' AS kind, m.id, m.community_id, cm.name AS community_name, m.title, \
           m.status, m.work_status, m.scheduled_at AS due_at \
    FROM meeting_assignees a JOIN meetings m ON m.id = a.meeting_id \
    JOIN communities cm ON cm.id = m.community_id AND cm.is_active \
    WHERE a.user_id = $1 AND ($2 OR EXISTS (SELECT 1 FROM community_users cu \
          WHERE cu.user_id = $1 AND cu.community_id = m.community_id))";

impl Core {
    pub async fn my_work(&self, filter: MyWorkFilter) -> Result<MyWork> {
        let actor = self.actor().await?;
        let rows: Vec<ItemRow> = self
            .db
            .fetch_all(ITEMS_SQL, crate::args![actor.id, actor.is_superuser])
            .await?;

        let mut counts = WorkCounts::default();
        let mut items = Vec::new();
        for r in rows {
            let kind = if r.kind == "meeting" {
                WorkItemKind::Meeting
            } else {
                WorkItemKind::Content
            };
            if filter.kind.is_some_and(|k| k != kind) {
                continue;
            }
            let work_status = WorkStatus::stored(&r.work_status)?;
            counts.add(work_status, 1);
            if filter.work_status.is_some_and(|w| w != work_status) {
                continue;
            }
            items.push(WorkItem {
                kind,
                id: r.id,
                community_id: r.community_id,
                community_name: r.community_name,
                title: r.title,
                status: r.status,
                work_status,
                due_at: r.due_at,
            });
        }

        // Soonest first; undated last; ties by kind and id so the order is stable.
        items.sort_by(|a, b| {
            let due = |i: &WorkItem| (i.due_at.is_none(), i.due_at);
            due(a)
                .cmp(&due(b))
                .then((a.kind as u8).cmp(&(b.kind as u8)))
                .then(a.id.cmp(&b.id))
        });
        Ok(MyWork { items, counts })
    }

    /// Changes the work status of a content or meeting from "My work". Contents follow their
    /// own rule (owner, collaborators, assignees, admins); a meeting's assignees and the
    /// community's admins may change a meeting's.
    pub async fn set_work_item_status(
        &self,
        kind: WorkItemKind,
        id: i64,
        work_status: WorkStatus,
    ) -> Result<()> {
        self.actor().await?;
        let table = match kind {
            WorkItemKind::Content => "contents",
            WorkItemKind::Meeting => "meetings",
        };
        let what = match kind {
            WorkItemKind::Content => ("content", "内容"),
            WorkItemKind::Meeting => ("meeting", "会议"),
        };
        let community_id: i64 = self
            .db
            .scalar_optional(
                &format!("SELECT community_id FROM {table} WHERE id = $1"),
                crate::args![id],
            )
            .await?
            .ok_or_else(|| CoreError::not_found(what))?;
        let scope = self
            .scope_in(community_id)
            .await
            .map_err(|e| match e.code {
                crate::ErrorCode::NotFound => CoreError::not_found(what),
                _ => e,
            })?;
        if kind == WorkItemKind::Content {
            self.change_work_status_in(scope, id, work_status).await?;
            return Ok(());
        }

        let now = self.now();
        let mut tx = self.db.begin().await?;
        let (before, assigned): (String, bool) = tx
            .fetch_one(
                "SELECT m.work_status, EXISTS (SELECT 1 FROM meeting_assignees a \
                 WHERE a.meeting_id = m.id AND a.user_id = $2) FROM meetings m WHERE m.id = $1",
                crate::args![id, scope.user_id()],
            )
            .await?;
        if !assigned && !scope.is_admin() {
            return Err(CoreError::forbidden());
        }
        if before == work_status.as_str() {
            return Ok(());
        }
        tx.execute(
            "UPDATE meetings SET work_status = $1, updated_at = $2 WHERE id = $3",
            crate::args![work_status.as_str(), now, id],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("change_work_status", "meeting")
                .by(scope.user_id())
                .community(community_id)
                .resource(id)
                .details(json!({ "work_status": [before, work_status.as_str()] })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
