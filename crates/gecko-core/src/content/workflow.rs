//! The review workflow and the work status.
//!
//! The transition table is the product's: draft → reviewing | published; reviewing → approved |
//! draft; approved → published | draft; published is final. Who may take each step is decided
//! by [`Step`]: submitting and publishing an approved content belong to its editors; approving,
//! rejecting (any step back to draft) and publishing straight from draft belong to admins. A
//! step that is not in the table is `invalid_transition` for everyone, checked before the
//! caller's rights, so the answer does not depend on who asks.

use super::model::{ContentStatus, WorkStatus};
use super::{content_audit, load_meta, touch, Access, ContentView};
use crate::audit;
use crate::core::{Core, Scope};
use crate::error::{CoreError, ErrorCode, Result};
use serde_json::json;

/// A step of the workflow and who may take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// draft → reviewing: anyone who may edit.
    Submit,
    /// reviewing → approved: admins.
    Approve,
    /// reviewing | approved → draft: admins.
    Reject,
    /// approved → published: anyone who may edit.
    Publish,
    /// draft → published, skipping review: admins.
    PublishDirectly,
}

impl Step {
    /// The step from `from` to `to`, or `None` when the table does not allow it.
    pub fn between(from: ContentStatus, to: ContentStatus) -> Option<Step> {
        use ContentStatus::*;
        match (from, to) {
            (Draft, Reviewing) => Some(Step::Submit),
            (Draft, Published) => Some(Step::PublishDirectly),
            (Reviewing, Approved) => Some(Step::Approve),
            (Reviewing, Draft) | (Approved, Draft) => Some(Step::Reject),
            (Approved, Published) => Some(Step::Publish),
            _ => None,
        }
    }

    pub fn needs_admin(self) -> bool {
        matches!(self, Step::Approve | Step::Reject | Step::PublishDirectly)
    }

    fn allowed(self, access: Access) -> bool {
        if self.needs_admin() {
            access.admin
        } else {
            access.may_edit()
        }
    }
}

/// The statuses a user with `access` may move a content from `from` to, in table order.
pub(crate) fn next_statuses(from: ContentStatus, access: Access) -> Vec<ContentStatus> {
    ContentStatus::ALL
        .iter()
        .copied()
        .filter(|to| Step::between(from, *to).is_some_and(|step| step.allowed(access)))
        .collect()
}

/// Whether content in `status` may be sent to a channel: approved content, or any status for
/// a community admin (who may publish straight from draft).
pub(crate) fn may_publish(status: ContentStatus, admin: bool) -> bool {
    status == ContentStatus::Approved || admin
}

fn invalid_transition(from: ContentStatus, to: ContentStatus) -> CoreError {
    let hint_en = match from {
        ContentStatus::Published => "a published content stays published".to_string(),
        _ => format!(
            "from {} it can go to {}",
            from.as_str(),
            next_states(from).join(" or ")
        ),
    };
    let hint_zh = match from {
        ContentStatus::Published => "已发布的内容不能再改变状态".to_string(),
        _ => format!(
            "从 {} 只能变为 {}",
            from.as_str(),
            next_states(from).join(" 或 ")
        ),
    };
    CoreError {
        field: Some("status".into()),
        ..CoreError::new(
            ErrorCode::InvalidTransition,
            format!(
                "A content cannot go from {} to {}: {hint_en}.",
                from.as_str(),
                to.as_str()
            ),
            format!(
                "内容不能从 {} 变为 {}：{hint_zh}。",
                from.as_str(),
                to.as_str()
            ),
        )
    }
}

fn next_states(from: ContentStatus) -> Vec<&'static str> {
    ContentStatus::ALL
        .iter()
        .filter(|to| Step::between(from, **to).is_some())
        .map(|to| to.as_str())
        .collect()
}

impl Core {
    /// Moves a content along the review workflow.
    pub async fn change_content_status(
        &self,
        id: i64,
        status: ContentStatus,
    ) -> Result<ContentView> {
        let scope = self.scope().await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let (meta, access) = load_meta(&mut tx, &scope, id).await?;
        let from = ContentStatus::stored(&meta.status)?;
        let step = Step::between(from, status).ok_or_else(|| invalid_transition(from, status))?;
        Access::require(step.allowed(access))?;

        // The status in the WHERE makes two reviewers acting at once a conflict, not a skip.
        let moved = tx
            .execute(
                "UPDATE contents SET status = $1 WHERE id = $2 AND status = $3",
                crate::args![status.as_str(), id, from.as_str()],
            )
            .await?;
        if moved == 0 {
            return Err(CoreError::conflict(
                "Someone changed this content's status just now; reload it and try again.",
                "刚有人修改了此内容的状态，请刷新后重试。",
            ));
        }
        touch(&mut tx, id, now).await?;
        audit::record(
            &mut tx,
            now,
            content_audit("change_status", &scope, id).details(json!({
                "old_status": from.as_str(),
                "new_status": status.as_str(),
                "status": [from.as_str(), status.as_str()],
            })),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(
            content = id,
            from = from.as_str(),
            to = status.as_str(),
            "content status"
        );
        self.content_view(&scope, id).await
    }

    /// Sets the work status (owner, collaborators, assignees, admins).
    pub async fn change_work_status(
        &self,
        id: i64,
        work_status: WorkStatus,
    ) -> Result<ContentView> {
        let scope = self.scope().await?;
        self.change_work_status_in(scope, id, work_status).await
    }

    /// The same change inside a given scope ("My work" acts in the item's own community).
    pub(crate) async fn change_work_status_in(
        &self,
        scope: Scope,
        id: i64,
        work_status: WorkStatus,
    ) -> Result<ContentView> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let (meta, access) = load_meta(&mut tx, &scope, id).await?;
        Access::require(access.may_change_work_status())?;
        let before = WorkStatus::stored(&meta.work_status)?;
        if before == work_status {
            drop(tx);
            return self.content_view(&scope, id).await;
        }
        tx.execute(
            "UPDATE contents SET work_status = $1 WHERE id = $2",
            crate::args![work_status.as_str(), id],
        )
        .await?;
        touch(&mut tx, id, now).await?;
        audit::record(
            &mut tx,
            now,
            content_audit("change_work_status", &scope, id)
                .details(json!({ "work_status": [before.as_str(), work_status.as_str()] })),
        )
        .await?;
        tx.commit().await?;
        self.content_view(&scope, id).await
    }
}
