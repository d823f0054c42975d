//! Committee members: people on a committee, who need not have an account in the app.
//!
//! Roles are a list: any of the standard titles (主席, 副主席, 委员, 常务委员) or free text,
//! several at once. A role may not contain a comma, because the CSV format keeps a member's
//! roles comma-separated in one cell; the same rules check typed and imported members.

use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::db::{Arg, Tx};
use crate::error::{CoreError, Result};
use crate::validate;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::types::Json;

/// The titles offered in the role picker; anything else is a custom role.
pub const STANDARD_ROLES: [&str; 4] = ["主席", "副主席", "委员", "常务委员"];

const MAX_ROLES: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, specta::Type)]
pub struct CommitteeMemberInput {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub wechat: Option<String>,
    pub organization: Option<String>,
    pub gitcode_id: Option<String>,
    pub github_id: Option<String>,
    pub roles: Vec<String>,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub is_active: bool,
    pub bio: Option<String>,
    pub avatar_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, sqlx::FromRow)]
pub struct CommitteeMemberView {
    pub id: i64,
    pub committee_id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub wechat: Option<String>,
    pub organization: Option<String>,
    pub gitcode_id: Option<String>,
    pub github_id: Option<String>,
    #[specta(type = Vec<String>)]
    pub roles: Json<Vec<String>>,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub is_active: bool,
    pub bio: Option<String>,
    pub avatar_url: Option<String>,
    pub joined_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CommitteeMemberView {
    /// The member as input again (what an edit form or a CSV row holds).
    pub fn to_input(&self) -> CommitteeMemberInput {
        CommitteeMemberInput {
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            wechat: self.wechat.clone(),
            organization: self.organization.clone(),
            gitcode_id: self.gitcode_id.clone(),
            github_id: self.github_id.clone(),
            roles: self.roles.0.clone(),
            term_start: self.term_start,
            term_end: self.term_end,
            is_active: self.is_active,
            bio: self.bio.clone(),
            avatar_url: self.avatar_url.clone(),
        }
    }
}

pub(crate) const SELECT_MEMBER: &str = "SELECT m.id, m.committee_id, m.name, m.email, m.phone, \
     m.wechat, m.organization, m.gitcode_id, m.github_id, m.roles, m.term_start, m.term_end, \
     m.is_active, m.bio, m.avatar_url, m.joined_at, m.created_at, m.updated_at \
     FROM committee_members m JOIN committees c ON c.id = m.committee_id";

fn member_not_found() -> CoreError {
    CoreError::not_found(("committee member", "委员会成员"))
}

/// Checks a member's fields and returns them trimmed and normalised (emails lower-case,
/// roles de-duplicated in their given order).
pub fn validated(input: &CommitteeMemberInput) -> Result<CommitteeMemberInput> {
    let mut roles: Vec<String> = Vec::new();
    for role in &input.roles {
        let role = validate::text("roles", role, 1, 50)?;
        if role.contains([',', '，', '、']) {
            return Err(CoreError::validation(
                "roles",
                "A role may not contain a comma; enter each role separately.",
                "角色名称不能包含逗号，请逐个填写角色。",
            ));
        }
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    if roles.len() > MAX_ROLES {
        return Err(CoreError::validation(
            "roles",
            format!("A member can have at most {MAX_ROLES} roles."),
            format!("每位成员最多 {MAX_ROLES} 个角色。"),
        ));
    }
    let term_start = input
        .term_start
        .map(|d| validate::date("term_start", d))
        .transpose()?;
    let term_end = input
        .term_end
        .map(|d| validate::date("term_end", d))
        .transpose()?;
    if let (Some(start), Some(end)) = (term_start, term_end) {
        if end < start {
            return Err(CoreError::validation(
                "term_end",
                "The term cannot end before it starts; check both dates.",
                "任期结束日期不能早于开始日期，请检查两个日期。",
            ));
        }
    }
    Ok(CommitteeMemberInput {
        name: validate::text("name", &input.name, 1, 200)?,
        email: validate::optional_email("email", input.email.as_deref())?,
        phone: validate::optional_text("phone", input.phone.as_deref(), 50)?,
        wechat: validate::optional_text("wechat", input.wechat.as_deref(), 100)?,
        organization: validate::optional_text("organization", input.organization.as_deref(), 200)?,
        gitcode_id: validate::optional_text("gitcode_id", input.gitcode_id.as_deref(), 100)?,
        github_id: validate::optional_text("github_id", input.github_id.as_deref(), 100)?,
        roles,
        term_start: input.term_start,
        term_end: input.term_end,
        is_active: input.is_active,
        bio: validate::optional_text("bio", input.bio.as_deref(), 5000)?,
        avatar_url: validate::url("avatar_url", input.avatar_url.as_deref())?,
    })
}

/// Inserts an already validated member.
pub(crate) async fn insert_member(
    tx: &mut Tx,
    committee_id: i64,
    m: &CommitteeMemberInput,
    now: DateTime<Utc>,
) -> Result<i64> {
    tx.scalar(
        "INSERT INTO committee_members (committee_id, name, email, phone, wechat, organization, \
         gitcode_id, github_id, roles, term_start, term_end, is_active, bio, avatar_url, \
         joined_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $15) \
         RETURNING id",
        [
            crate::args![committee_id],
            member_fields(m),
            crate::args![now],
        ]
        .concat(),
    )
    .await
}

/// The thirteen stored fields of a member, in column order (name … avatar_url).
fn member_fields(m: &CommitteeMemberInput) -> Vec<Arg> {
    crate::args![
        &m.name,
        &m.email,
        &m.phone,
        &m.wechat,
        &m.organization,
        &m.gitcode_id,
        &m.github_id,
        json!(m.roles),
        m.term_start,
        m.term_end,
        m.is_active,
        &m.bio,
        &m.avatar_url,
    ]
}

impl Core {
    /// A committee's members, in office first, then by name.
    pub async fn list_committee_members(
        &self,
        committee_id: i64,
    ) -> Result<Vec<CommitteeMemberView>> {
        let scope = self.scope().await?;
        self.find_committee(scope.community_id, committee_id)
            .await?;
        self.committee_members(committee_id).await
    }

    pub(crate) async fn committee_members(
        &self,
        committee_id: i64,
    ) -> Result<Vec<CommitteeMemberView>> {
        self.db
            .fetch_all(
                &format!(
                    "{SELECT_MEMBER} WHERE m.committee_id = $1 \
                     ORDER BY m.is_active DESC, m.name, m.id"
                ),
                crate::args![committee_id],
            )
            .await
    }

    async fn find_member(&self, community_id: i64, id: i64) -> Result<CommitteeMemberView> {
        let row: Option<CommitteeMemberView> = self
            .db
            .fetch_optional(
                &format!("{SELECT_MEMBER} WHERE m.id = $1 AND c.community_id = $2"),
                crate::args![id, community_id],
            )
            .await?;
        row.ok_or_else(member_not_found)
    }

    pub async fn get_committee_member(&self, id: i64) -> Result<CommitteeMemberView> {
        let scope = self.scope().await?;
        self.find_member(scope.community_id, id).await
    }

    pub async fn create_committee_member(
        &self,
        committee_id: i64,
        input: CommitteeMemberInput,
    ) -> Result<CommitteeMemberView> {
        let scope = self.admin_scope().await?;
        let m = validated(&input)?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        super::ensure_committee(&mut tx, scope.community_id, committee_id).await?;
        let id = insert_member(&mut tx, committee_id, &m, now).await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("create_committee_member", "committee_member")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(json!({ "committee_id": committee_id, "name": m.name, "roles": m.roles })),
        )
        .await?;
        tx.commit().await?;
        self.find_member(scope.community_id, id).await
    }

    pub async fn update_committee_member(
        &self,
        id: i64,
        input: CommitteeMemberInput,
    ) -> Result<CommitteeMemberView> {
        let scope = self.admin_scope().await?;
        let before = self.find_member(scope.community_id, id).await?;
        let m = validated(&input)?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        tx.execute(
            "UPDATE committee_members SET name = $1, email = $2, phone = $3, wechat = $4, \
             organization = $5, gitcode_id = $6, github_id = $7, roles = $8, term_start = $9, \
             term_end = $10, is_active = $11, bio = $12, avatar_url = $13, updated_at = $14 \
             WHERE id = $15",
            [member_fields(&m), crate::args![now, id]].concat(),
        )
        .await?;
        let old = serde_json::to_value(before.to_input())?;
        let new = serde_json::to_value(&m)?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("update_committee_member", "committee_member")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(super::changes(&old, &new, &["bio"])),
        )
        .await?;
        tx.commit().await?;
        self.find_member(scope.community_id, id).await
    }

    pub async fn delete_committee_member(&self, id: i64) -> Result<()> {
        let scope = self.admin_scope().await?;
        let before = self.find_member(scope.community_id, id).await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        tx.execute(
            "DELETE FROM committee_members WHERE id = $1",
            crate::args![id],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("delete_committee_member", "committee_member")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(json!({ "committee_id": before.committee_id, "name": before.name })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
