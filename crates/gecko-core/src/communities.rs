//! Communities, the tenants: every other object belongs to exactly one.
//!
//! The slug is fixed at creation. Deleting a community takes its contents, channels,
//! committees, meetings and audit entries with it (foreign-key cascades), so it asks for the
//! slug typed back as confirmation, and the deletion is logged without a community so that the
//! record survives.

use crate::audit::{self, AuditEntry};
use crate::core::{Core, Role};
use crate::error::{CoreError, Result};
use crate::validate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub const DEFAULT_TIMEZONE: &str = "Asia/Shanghai";
pub const DEFAULT_LANGUAGE: &str = "zh-CN";

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CommunityView {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub description: String,
    pub url: Option<String>,
    pub logo_url: Option<String>,
    pub timezone: String,
    pub language: String,
    pub is_active: bool,
    pub member_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct CommunityRow {
    id: i64,
    name: String,
    slug: String,
    description: String,
    url: Option<String>,
    logo_url: Option<String>,
    timezone: Option<String>,
    language: Option<String>,
    is_active: bool,
    member_count: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<CommunityRow> for CommunityView {
    fn from(r: CommunityRow) -> Self {
        CommunityView {
            id: r.id,
            name: r.name,
            slug: r.slug,
            description: r.description,
            url: r.url,
            logo_url: r.logo_url,
            timezone: r.timezone.unwrap_or_else(|| DEFAULT_TIMEZONE.into()),
            language: r.language.unwrap_or_else(|| DEFAULT_LANGUAGE.into()),
            is_active: r.is_active,
            member_count: r.member_count,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT_COMMUNITY: &str = "SELECT c.id, c.name, c.slug, c.description, c.url, c.logo_url, \
     c.settings ->> 'timezone' AS timezone, c.settings ->> 'language' AS language, c.is_active, \
     (SELECT count(*) FROM community_users cu WHERE cu.community_id = c.id) AS member_count, \
     c.created_at, c.updated_at FROM communities c";

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct CommunityInput {
    pub name: String,
    /// Ignored on update: a slug never changes.
    pub slug: String,
    pub description: String,
    pub url: Option<String>,
    pub logo_url: Option<String>,
    pub timezone: String,
    pub language: String,
}

struct ValidCommunity {
    name: String,
    description: String,
    url: Option<String>,
    logo_url: Option<String>,
    settings: serde_json::Value,
}

fn validated(input: &CommunityInput) -> Result<ValidCommunity> {
    let name = validate::text("name", &input.name, 1, 200)?;
    let description = validate::text("description", &input.description, 0, 5000)?;
    let url = validate::url("url", input.url.as_deref())?;
    let logo_url = validate::url("logo_url", input.logo_url.as_deref())?;
    let timezone = validate::timezone("timezone", input.timezone.trim())?;
    let language = match input.language.trim() {
        "" | "zh-CN" => "zh-CN",
        "en" => "en",
        _ => {
            return Err(CoreError::validation(
                "language",
                "Choose Chinese (zh-CN) or English (en).",
                "请选择中文（zh-CN）或英文（en）。",
            ))
        }
    };
    Ok(ValidCommunity {
        name,
        description,
        url,
        logo_url,
        settings: json!({ "timezone": timezone.name(), "language": language }),
    })
}

fn community_not_found() -> CoreError {
    CoreError::not_found(("community", "社区"))
}

fn name_taken() -> CoreError {
    CoreError {
        field: Some("name".into()),
        ..CoreError::conflict(
            "A community with this name or slug already exists.",
            "已存在同名或同标识的社区。",
        )
    }
}

impl Core {
    async fn find_community(&self, id: i64) -> Result<CommunityView> {
        let row: Option<CommunityRow> = self
            .db
            .fetch_optional(
                &format!("{SELECT_COMMUNITY} WHERE c.id = $1"),
                crate::args![id],
            )
            .await?;
        row.map(Into::into).ok_or_else(community_not_found)
    }

    /// One community the caller may see.
    pub async fn get_community(&self, id: i64) -> Result<CommunityView> {
        let actor = self.actor().await?;
        self.role_in(&actor, id).await?;
        self.find_community(id).await
    }

    /// Every community, active or not, for superusers.
    pub async fn list_communities(&self) -> Result<Vec<CommunityView>> {
        self.superuser().await?;
        let rows: Vec<CommunityRow> = self
            .db
            .fetch_all(
                &format!("{SELECT_COMMUNITY} ORDER BY c.name"),
                crate::args![],
            )
            .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// A superuser creates a community and becomes its first admin.
    pub async fn create_community(&self, input: CommunityInput) -> Result<CommunityView> {
        let actor = self.superuser().await?;
        let slug = validate::slug("slug", input.slug.trim())?;
        let c = validated(&input)?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        let clash: i64 = tx
            .scalar(
                "SELECT count(*) FROM communities WHERE name = $1 OR slug = $2",
                crate::args![&c.name, &slug],
            )
            .await?;
        if clash > 0 {
            return Err(name_taken());
        }
        let id: i64 = tx
            .scalar(
                "INSERT INTO communities (name, slug, description, url, logo_url, settings, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                crate::args![
                    &c.name,
                    &slug,
                    &c.description,
                    &c.url,
                    &c.logo_url,
                    c.settings.clone(),
                    now
                ],
            )
            .await?;
        tx.execute(
            "INSERT INTO community_users (user_id, community_id, role, joined_at) \
             VALUES ($1, $2, 'admin', $3)",
            crate::args![actor.id, id, now],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("create_community", "community")
                .by(actor.id)
                .community(id)
                .resource(id)
                .details(json!({ "name": c.name, "slug": slug, "settings": c.settings })),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(community = id, "community created");
        self.find_community(id).await
    }

    /// The community's admins (and superusers) edit everything but the slug.
    pub async fn update_community(&self, id: i64, input: CommunityInput) -> Result<CommunityView> {
        let actor = self.actor().await?;
        if self.role_in(&actor, id).await? != Role::Admin {
            return Err(CoreError::forbidden());
        }
        let before = self.find_community(id).await?;
        let c = validated(&input)?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        let clash: i64 = tx
            .scalar(
                "SELECT count(*) FROM communities WHERE name = $1 AND id <> $2",
                crate::args![&c.name, id],
            )
            .await?;
        if clash > 0 {
            return Err(name_taken());
        }
        tx.execute(
            "UPDATE communities SET name = $1, description = $2, url = $3, logo_url = $4, \
             settings = $5, updated_at = $6 WHERE id = $7",
            crate::args![
                &c.name,
                &c.description,
                &c.url,
                &c.logo_url,
                c.settings.clone(),
                now,
                id
            ],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("update_community", "community")
                .by(actor.id)
                .community(id)
                .resource(id)
                .details(json!({
                    "name": [before.name, c.name],
                    "timezone": [before.timezone, c.settings["timezone"]],
                    "language": [before.language, c.settings["language"]],
                })),
        )
        .await?;
        tx.commit().await?;
        self.find_community(id).await
    }

    pub async fn set_community_active(&self, id: i64, active: bool) -> Result<CommunityView> {
        let actor = self.superuser().await?;
        let before = self.find_community(id).await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        tx.execute(
            "UPDATE communities SET is_active = $1, updated_at = $2 WHERE id = $3",
            crate::args![active, now, id],
        )
        .await?;
        let action = if active {
            "activate_community"
        } else {
            "deactivate_community"
        };
        audit::record(
            &mut tx,
            now,
            AuditEntry::new(action, "community")
                .by(actor.id)
                .community(id)
                .resource(id)
                .details(json!({ "is_active": [before.is_active, active] })),
        )
        .await?;
        tx.commit().await?;
        self.find_community(id).await
    }

    /// Deletes a community and everything in it; `confirm_slug` must repeat its slug.
    pub async fn delete_community(&self, id: i64, confirm_slug: String) -> Result<()> {
        let actor = self.superuser().await?;
        let before = self.find_community(id).await?;
        if confirm_slug.trim() != before.slug {
            return Err(CoreError::validation(
                "confirm_slug",
                format!("Type the community's slug \"{}\" to confirm.", before.slug),
                format!("请输入社区标识“{}”以确认删除。", before.slug),
            ));
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        tx.execute("DELETE FROM communities WHERE id = $1", crate::args![id])
            .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("delete_community", "community")
                .by(actor.id)
                .resource(id)
                .details(json!({ "name": before.name, "slug": before.slug })),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(community = id, "community deleted");
        Ok(())
    }
}
