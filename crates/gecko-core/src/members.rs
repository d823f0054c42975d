//! Membership of users in communities, with their role.
//!
//! A community never loses its last admin: removing or demoting them is refused.

use crate::audit::{self, AuditEntry};
use crate::core::{Core, Role};
use crate::db::Tx;
use crate::error::{CoreError, ErrorCode, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, sqlx::FromRow)]
pub struct MemberView {
    pub user_id: i64,
    pub username: String,
    pub full_name: String,
    pub email: String,
    pub role: String,
    pub is_active: bool,
    pub joined_at: DateTime<Utc>,
}

fn member_not_found() -> CoreError {
    CoreError::not_found(("member", "成员"))
}

async fn current_role(tx: &mut Tx, community_id: i64, user_id: i64) -> Result<Option<Role>> {
    let role: Option<String> = tx
        .scalar_optional(
            "SELECT role FROM community_users WHERE community_id = $1 AND user_id = $2",
            crate::args![community_id, user_id],
        )
        .await?;
    Ok(role.as_deref().and_then(Role::parse))
}

async fn ensure_not_last_admin(tx: &mut Tx, community_id: i64) -> Result<()> {
    let admins: i64 = tx
        .scalar(
            "SELECT count(*) FROM community_users WHERE community_id = $1 AND role = 'admin'",
            crate::args![community_id],
        )
        .await?;
    if admins <= 1 {
        return Err(CoreError::new(
            ErrorCode::Conflict,
            "A community needs at least one admin; make someone else admin first.",
            "社区至少需要一位管理员，请先将其他成员设为管理员。",
        ));
    }
    Ok(())
}

impl Core {
    /// Members of the current community.
    pub async fn list_members(&self) -> Result<Vec<MemberView>> {
        let scope = self.scope().await?;
        self.db
            .fetch_all(
                "SELECT u.id AS user_id, u.username, u.full_name, u.email, cu.role, u.is_active, \
                 cu.joined_at FROM community_users cu JOIN users u ON u.id = cu.user_id \
                 WHERE cu.community_id = $1 ORDER BY u.username",
                crate::args![scope.community_id],
            )
            .await
    }

    /// Adds a user to the current community with the role asked for.
    pub async fn add_member(&self, user_id: i64, role: Role) -> Result<Vec<MemberView>> {
        let scope = self.admin_scope().await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let exists: i64 = tx
            .scalar(
                "SELECT count(*) FROM users WHERE id = $1 AND is_active AND NOT is_default_admin",
                crate::args![user_id],
            )
            .await?;
        if exists == 0 {
            return Err(CoreError::not_found(("user", "用户")));
        }
        if current_role(&mut tx, scope.community_id, user_id)
            .await?
            .is_some()
        {
            return Err(CoreError::conflict(
                "This user is already a member of the community.",
                "该用户已是社区成员。",
            ));
        }
        tx.execute(
            "INSERT INTO community_users (user_id, community_id, role, joined_at) \
             VALUES ($1, $2, $3, $4)",
            crate::args![user_id, scope.community_id, role.as_str(), now],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("add_member", "membership")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(user_id)
                .details(json!({ "role": role.as_str() })),
        )
        .await?;
        tx.commit().await?;
        self.list_members().await
    }

    pub async fn set_member_role(&self, user_id: i64, role: Role) -> Result<Vec<MemberView>> {
        let scope = self.admin_scope().await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = current_role(&mut tx, scope.community_id, user_id)
            .await?
            .ok_or_else(member_not_found)?;
        if before == Role::Admin && role == Role::User {
            ensure_not_last_admin(&mut tx, scope.community_id).await?;
        }
        tx.execute(
            "UPDATE community_users SET role = $1 WHERE community_id = $2 AND user_id = $3",
            crate::args![role.as_str(), scope.community_id, user_id],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("change_member_role", "membership")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(user_id)
                .details(json!({ "role": [before.as_str(), role.as_str()] })),
        )
        .await?;
        tx.commit().await?;
        self.list_members().await
    }

    pub async fn remove_member(&self, user_id: i64) -> Result<Vec<MemberView>> {
        let scope = self.admin_scope().await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = current_role(&mut tx, scope.community_id, user_id)
            .await?
            .ok_or_else(member_not_found)?;
        if before == Role::Admin {
            ensure_not_last_admin(&mut tx, scope.community_id).await?;
        }
        tx.execute(
            "DELETE FROM community_users WHERE community_id = $1 AND user_id = $2",
            crate::args![scope.community_id, user_id],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("remove_member", "membership")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(user_id)
                .details(json!({ "role": before.as_str() })),
        )
        .await?;
        tx.commit().await?;
        self.list_members().await
    }
}
