//! Who a content belongs to: its owner, its collaborators (who may edit) and its assignees (who
//! are responsible and see it on "My work").
//!
//! The creator is recorded once and never changes; ownership moves only by transfer. Everyone
//! named here must be a member of the content's community at the time they are named: a stranger
//! could otherwise be handed rights in a community they cannot even open.

use super::{content_audit, load_meta, touch, Access, ContentView};
use crate::audit;
use crate::core::Core;
use crate::db::Tx;
use crate::error::{CoreError, Result};
use serde_json::json;
use std::collections::BTreeSet;

/// More people than this on one content is surely a mistake.
const PEOPLE_MAX: usize = 100;

#[derive(Clone, Copy)]
enum Role {
    Collaborator,
    Assignee,
}

impl Role {
    fn table(self) -> &'static str {
        match self {
            Role::Collaborator => "content_collaborators",
            Role::Assignee => "content_assignees",
        }
    }
}

/// Checks that every id is an active member of the community; returns them sorted, unique.
async fn members_only(tx: &mut Tx, community_id: i64, user_ids: &[i64]) -> Result<Vec<i64>> {
    let wanted: BTreeSet<i64> = user_ids.iter().copied().collect();
    if wanted.len() > PEOPLE_MAX {
        return Err(CoreError::validation(
            "user_ids",
            format!("Choose at most {PEOPLE_MAX} people."),
            format!("最多选择 {PEOPLE_MAX} 人。"),
        ));
    }
    let members: BTreeSet<i64> = tx
        .fetch_all::<(i64,)>(
            "SELECT cu.user_id FROM community_users cu JOIN users u ON u.id = cu.user_id \
             WHERE cu.community_id = $1 AND u.is_active",
            crate::args![community_id],
        )
        .await?
        .into_iter()
        .map(|(id,)| id)
        .collect();
    if let Some(stranger) = wanted.iter().find(|id| !members.contains(id)) {
        return Err(CoreError::validation(
            "user_ids",
            format!(
                "User {stranger} is not an active member of this community; add them to the \
                 community first."
            ),
            format!("用户 {stranger} 不是本社区的有效成员，请先将其加入社区。"),
        ));
    }
    Ok(wanted.into_iter().collect())
}

impl Core {
    /// Replaces the collaborators (owner or admins). Collaborators may edit.
    pub async fn set_content_collaborators(
        &self,
        id: i64,
        user_ids: Vec<i64>,
    ) -> Result<ContentView> {
        self.set_people(id, user_ids, Role::Collaborator).await
    }

    /// Replaces the assignees (owner or admins). Assignees see the content on "My work".
    pub async fn set_content_assignees(&self, id: i64, user_ids: Vec<i64>) -> Result<ContentView> {
        self.set_people(id, user_ids, Role::Assignee).await
    }

    async fn set_people(&self, id: i64, user_ids: Vec<i64>, role: Role) -> Result<ContentView> {
        let scope = self.scope().await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let (_, access) = load_meta(&mut tx, &scope, id).await?;
        Access::require(access.may_manage_people())?;
        let wanted = members_only(&mut tx, scope.community_id, &user_ids).await?;
        let table = role.table();
        let before: Vec<i64> = tx
            .fetch_all::<(i64,)>(
                &format!("SELECT user_id FROM {table} WHERE content_id = $1 ORDER BY user_id"),
                crate::args![id],
            )
            .await?
            .into_iter()
            .map(|(id,)| id)
            .collect();
        if before == wanted {
            drop(tx);
            return self.content_view(&scope, id).await;
        }

        // Only the differences are written, so an assignee's `assigned_at` survives an edit of
        // the list.
        for gone in before.iter().filter(|u| !wanted.contains(u)) {
            tx.execute(
                &format!("DELETE FROM {table} WHERE content_id = $1 AND user_id = $2"),
                crate::args![id, *gone],
            )
            .await?;
        }
        for new in wanted.iter().filter(|u| !before.contains(u)) {
            let sql = match role {
                Role::Collaborator => {
                    "INSERT INTO content_collaborators (content_id, user_id, \
                                       added_at) VALUES ($1, $2, $3)"
                }
                Role::Assignee => {
                    "INSERT INTO content_assignees (content_id, user_id, \
                                   assigned_at, assigned_by_user_id) VALUES ($1, $2, $3, $4)"
                }
            };
            let mut args = crate::args![id, *new, now];
            if matches!(role, Role::Assignee) {
                args.push(scope.user_id().into());
            }
            tx.execute(sql, args).await?;
        }
        touch(&mut tx, id, now).await?;
        let (action, key) = match role {
            Role::Collaborator => ("set_collaborators", "collaborator_ids"),
            Role::Assignee => ("set_assignees", "assignee_ids"),
        };
        audit::record(
            &mut tx,
            now,
            content_audit(action, &scope, id).details(json!({ key: [before, wanted] })),
        )
        .await?;
        tx.commit().await?;
        self.content_view(&scope, id).await
    }

    /// Hands the content to another member (owner or admins). The creator stays recorded.
    pub async fn transfer_content_ownership(&self, id: i64, user_id: i64) -> Result<ContentView> {
        let scope = self.scope().await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let (meta, access) = load_meta(&mut tx, &scope, id).await?;
        Access::require(access.may_manage_people())?;
        members_only(&mut tx, scope.community_id, &[user_id]).await?;
        if meta.owner_id == Some(user_id) {
            drop(tx);
            return self.content_view(&scope, id).await;
        }
        tx.execute(
            "UPDATE contents SET owner_id = $1 WHERE id = $2",
            crate::args![user_id, id],
        )
        .await?;
        touch(&mut tx, id, now).await?;
        audit::record(
            &mut tx,
            now,
            content_audit("transfer_ownership", &scope, id)
                .details(json!({ "owner_id": [meta.owner_id, user_id] })),
        )
        .await?;
        tx.commit().await?;
        self.content_view(&scope, id).await
    }
}
