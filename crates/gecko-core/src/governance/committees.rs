//! Committees of a community: create, edit, deactivate, delete.
//!
//! The slug is unique inside the community and fixed at creation (links and calendar UIDs use
//! it). Deleting a committee deletes its members and meetings with it (foreign-key cascades),
//! and then the meetings' attachment files.

use super::{changes, committee_not_found, wire_enum};
use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::error::{CoreError, Result};
use crate::validate;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

wire_enum!(
    /// How often a committee meets.
    MeetingFrequency {
        Monthly = "monthly",
        Quarterly = "quarterly",
        Yearly = "yearly",
    }
);

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct CommitteeInput {
    pub name: String,
    /// Ignored on update: a committee's slug never changes.
    pub slug: String,
    pub description: String,
    pub meeting_frequency: Option<MeetingFrequency>,
    pub notification_email: Option<String>,
    /// Name of the WeChat group that gets notices.
    pub notification_wechat: Option<String>,
    pub established_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CommitteeView {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub description: String,
    pub is_active: bool,
    pub meeting_frequency: Option<MeetingFrequency>,
    pub notification_email: Option<String>,
    pub notification_wechat: Option<String>,
    pub established_on: Option<NaiveDate>,
    /// Members currently in office (active).
    pub active_member_count: i64,
    pub member_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct CommitteeRow {
    id: i64,
    name: String,
    slug: String,
    description: String,
    is_active: bool,
    meeting_frequency: Option<String>,
    notification_email: Option<String>,
    notification_wechat: Option<String>,
    established_at: Option<DateTime<Utc>>,
    active_member_count: i64,
    member_count: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<CommitteeRow> for CommitteeView {
    fn from(r: CommitteeRow) -> Self {
        CommitteeView {
            id: r.id,
            name: r.name,
            slug: r.slug,
            description: r.description,
            is_active: r.is_active,
            meeting_frequency: r
                .meeting_frequency
                .as_deref()
                .and_then(MeetingFrequency::parse),
            notification_email: r.notification_email,
            notification_wechat: r.notification_wechat,
            established_on: r.established_at.map(|t| t.date_naive()),
            active_member_count: r.active_member_count,
            member_count: r.member_count,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

pub(crate) const SELECT_COMMITTEE: &str = "SELECT c.id, c.name, c.slug, c.description, \
     c.is_active, c.meeting_frequency, c.notification_email, c.notification_wechat, \
     c.established_at, \
     (SELECT count(*) FROM committee_members m WHERE m.committee_id = c.id AND m.is_active) \
       AS active_member_count, \
     (SELECT count(*) FROM committee_members m WHERE m.committee_id = c.id) AS member_count, \
     c.created_at, c.updated_at FROM committees c";

struct ValidCommittee {
    name: String,
    description: String,
    meeting_frequency: Option<&'static str>,
    notification_email: Option<String>,
    notification_wechat: Option<String>,
    /// The design stores a date-time; a date is kept as midnight UTC of that day.
    established_at: Option<DateTime<Utc>>,
}

fn validated(input: &CommitteeInput) -> Result<ValidCommittee> {
    Ok(ValidCommittee {
        name: validate::text("name", &input.name, 1, 200)?,
        description: validate::text("description", &input.description, 0, 5000)?,
        meeting_frequency: input.meeting_frequency.map(MeetingFrequency::as_str),
        notification_email: validate::optional_email(
            "notification_email",
            input.notification_email.as_deref(),
        )?,
        notification_wechat: validate::optional_text(
            "notification_wechat",
            input.notification_wechat.as_deref(),
            100,
        )?,
        established_at: input
            .established_on
            .map(|d| validate::date("established_on", d))
            .transpose()?
            .map(|d| d.and_time(NaiveTime::MIN).and_utc()),
    })
}

/// The audited fields of a committee, before or after a change.
fn audit_fields(v: &CommitteeView) -> serde_json::Value {
    json!({
        "name": v.name,
        "description": v.description,
        "is_active": v.is_active,
        "meeting_frequency": v.meeting_frequency,
        "notification_email": v.notification_email,
        "notification_wechat": v.notification_wechat,
        "established_on": v.established_on,
    })
}

impl Core {
    pub(crate) async fn find_committee(&self, community_id: i64, id: i64) -> Result<CommitteeView> {
        let row: Option<CommitteeRow> = self
            .db
            .fetch_optional(
                &format!("{SELECT_COMMITTEE} WHERE c.id = $1 AND c.community_id = $2"),
                crate::args![id, community_id],
            )
            .await?;
        row.map(Into::into).ok_or_else(committee_not_found)
    }

    /// The current community's committees, active first, then by name.
    pub async fn list_committees(&self) -> Result<Vec<CommitteeView>> {
        let scope = self.scope().await?;
        let rows: Vec<CommitteeRow> = self
            .db
            .fetch_all(
                &format!(
                    "{SELECT_COMMITTEE} WHERE c.community_id = $1 \
                     ORDER BY c.is_active DESC, c.name, c.id"
                ),
                crate::args![scope.community_id],
            )
            .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    pub async fn get_committee(&self, id: i64) -> Result<CommitteeView> {
        let scope = self.scope().await?;
        self.find_committee(scope.community_id, id).await
    }

    pub async fn create_committee(&self, input: CommitteeInput) -> Result<CommitteeView> {
        let scope = self.admin_scope().await?;
        let slug = validate::slug("slug", input.slug.trim())?;
        let c = validated(&input)?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        let clash: i64 = tx
            .scalar(
                "SELECT count(*) FROM committees WHERE community_id = $1 AND slug = $2",
                crate::args![scope.community_id, &slug],
            )
            .await?;
        if clash > 0 {
            return Err(CoreError {
                field: Some("slug".into()),
                ..CoreError::conflict(
                    "This community already has a committee with this slug; choose another.",
                    "本社区已有使用该标识的委员会，请换一个。",
                )
            });
        }
        let id: i64 = tx
            .scalar(
                "INSERT INTO committees (community_id, name, slug, description, \
                 meeting_frequency, notification_email, notification_wechat, established_at, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
                 RETURNING id",
                crate::args![
                    scope.community_id,
                    &c.name,
                    &slug,
                    &c.description,
                    c.meeting_frequency,
                    &c.notification_email,
                    &c.notification_wechat,
                    c.established_at,
                    now
                ],
            )
            .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("create_committee", "committee")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(json!({ "name": c.name, "slug": slug })),
        )
        .await?;
        tx.commit().await?;
        self.find_committee(scope.community_id, id).await
    }

    /// Edits everything but the slug and the active flag.
    pub async fn update_committee(&self, id: i64, input: CommitteeInput) -> Result<CommitteeView> {
        let scope = self.admin_scope().await?;
        let before = self.find_committee(scope.community_id, id).await?;
        let c = validated(&input)?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        let updated = tx
            .execute(
                "UPDATE committees SET name = $1, description = $2, meeting_frequency = $3, \
                 notification_email = $4, notification_wechat = $5, established_at = $6, \
                 updated_at = $7 WHERE id = $8 AND community_id = $9",
                crate::args![
                    &c.name,
                    &c.description,
                    c.meeting_frequency,
                    &c.notification_email,
                    &c.notification_wechat,
                    c.established_at,
                    now,
                    id,
                    scope.community_id
                ],
            )
            .await?;
        if updated == 0 {
            return Err(committee_not_found());
        }
        let after = CommitteeView {
            name: c.name,
            description: c.description,
            meeting_frequency: input.meeting_frequency,
            notification_email: c.notification_email,
            notification_wechat: c.notification_wechat,
            established_on: c.established_at.map(|t| t.date_naive()),
            ..before.clone()
        };
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("update_committee", "committee")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(changes(&audit_fields(&before), &audit_fields(&after), &[])),
        )
        .await?;
        tx.commit().await?;
        self.find_committee(scope.community_id, id).await
    }

    /// Deactivates (or reactivates) a committee; its members and meetings stay.
    pub async fn set_committee_active(&self, id: i64, active: bool) -> Result<CommitteeView> {
        let scope = self.admin_scope().await?;
        let before = self.find_committee(scope.community_id, id).await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        tx.execute(
            "UPDATE committees SET is_active = $1, updated_at = $2 \
             WHERE id = $3 AND community_id = $4",
            crate::args![active, now, id, scope.community_id],
        )
        .await?;
        let action = if active {
            "activate_committee"
        } else {
            "deactivate_committee"
        };
        audit::record(
            &mut tx,
            now,
            AuditEntry::new(action, "committee")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(json!({ "is_active": [before.is_active, active] })),
        )
        .await?;
        tx.commit().await?;
        self.find_committee(scope.community_id, id).await
    }

    /// Deletes a committee with its members, meetings, reminders and participants.
    pub async fn delete_committee(&self, id: i64) -> Result<()> {
        let scope = self.admin_scope().await?;
        let before = self.find_committee(scope.community_id, id).await?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        let files = super::attachments::files_of_committee(&mut tx, id).await?;
        let meetings: i64 = tx
            .scalar(
                "SELECT count(*) FROM meetings WHERE committee_id = $1",
                crate::args![id],
            )
            .await?;
        tx.execute(
            "DELETE FROM committees WHERE id = $1 AND community_id = $2",
            crate::args![id, scope.community_id],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("delete_committee", "committee")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(json!({
                    "name": before.name,
                    "slug": before.slug,
                    "members": before.member_count,
                    "meetings": meetings,
                })),
        )
        .await?;
        tx.commit().await?;
        self.remove_media_files(&files).await;
        Ok(())
    }
}
