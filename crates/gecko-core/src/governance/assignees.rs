//! Meeting assignees: the community's users responsible for a meeting (they see it under "my
//! work" and get its reminders). Only members of the meeting's community can be assigned.

use super::lock_meeting;
use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::error::{CoreError, Result};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, sqlx::FromRow)]
pub struct AssigneeView {
    pub user_id: i64,
    pub username: String,
    pub full_name: String,
}

impl Core {
    pub(crate) async fn meeting_assignees(&self, meeting_id: i64) -> Result<Vec<AssigneeView>> {
        self.db
            .fetch_all(
                "SELECT u.id AS user_id, u.username, u.full_name FROM meeting_assignees a \
                 JOIN users u ON u.id = a.user_id WHERE a.meeting_id = $1 ORDER BY u.username",
                crate::args![meeting_id],
            )
            .await
    }

    /// Replaces the meeting's assignees with `user_ids` (each must be in the community).
    pub async fn set_meeting_assignees(
        &self,
        meeting_id: i64,
        user_ids: Vec<i64>,
    ) -> Result<Vec<AssigneeView>> {
        let scope = self.admin_scope().await?;
        let mut wanted = user_ids;
        wanted.sort_unstable();
        wanted.dedup();
        let now = self.now();

        let mut tx = self.db.begin().await?;
        lock_meeting(&mut tx, scope.community_id, meeting_id).await?;
        for &user_id in &wanted {
            let member: i64 = tx
                .scalar(
                    "SELECT count(*) FROM community_users cu JOIN users u ON u.id = cu.user_id \
                     WHERE cu.community_id = $1 AND cu.user_id = $2 AND u.is_active",
                    crate::args![scope.community_id, user_id],
                )
                .await?;
            if member == 0 {
                return Err(CoreError::validation(
                    "user_ids",
                    "Only active members of this community can be assigned to its meetings.",
                    "只能指派本社区的在职成员负责会议。",
                ));
            }
        }
        let before: Vec<(i64,)> = tx
            .fetch_all(
                "SELECT user_id FROM meeting_assignees WHERE meeting_id = $1 ORDER BY user_id",
                crate::args![meeting_id],
            )
            .await?;
        let before: Vec<i64> = before.into_iter().map(|(id,)| id).collect();
        for &old in before.iter().filter(|id| !wanted.contains(id)) {
            tx.execute(
                "DELETE FROM meeting_assignees WHERE meeting_id = $1 AND user_id = $2",
                crate::args![meeting_id, old],
            )
            .await?;
        }
        for &new in wanted.iter().filter(|id| !before.contains(id)) {
            tx.execute(
                "INSERT INTO meeting_assignees (meeting_id, user_id, assigned_at, \
                 assigned_by_user_id) VALUES ($1, $2, $3, $4)",
                crate::args![meeting_id, new, now, scope.user_id()],
            )
            .await?;
        }
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("set_meeting_assignees", "meeting")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(meeting_id)
                .details(json!({ "assignees": [before, wanted] })),
        )
        .await?;
        tx.commit().await?;
        self.reminders_changed();
        self.meeting_assignees(meeting_id).await
    }
}
