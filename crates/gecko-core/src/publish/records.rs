//! Publish records: one row per attempt, `pending` → `draft` | `published` | `failed`.
//!
//! A record that reaches `published` makes its content `published` in the same transaction
//! (status changed, version bumped), so the two can never disagree.

use super::Channel;
use crate::audit::{self, AuditEntry};
use crate::core::{Core, Scope};
use crate::error::{CoreError, ErrorCode, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    Pending,
    Draft,
    Published,
    Failed,
}

impl RecordStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordStatus::Pending => "pending",
            RecordStatus::Draft => "draft",
            RecordStatus::Published => "published",
            RecordStatus::Failed => "failed",
        }
    }

    fn parse(s: &str) -> RecordStatus {
        match s {
            "draft" => RecordStatus::Draft,
            "published" => RecordStatus::Published,
            "failed" => RecordStatus::Failed,
            _ => RecordStatus::Pending,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct PublishRecordView {
    pub id: i64,
    pub content_id: i64,
    pub channel: Channel,
    pub status: RecordStatus,
    /// WeChat draft media id, or the Hugo file path inside the site.
    pub platform_article_id: Option<String>,
    pub platform_url: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    /// What went wrong, in English then Chinese.
    pub error_message: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    content_id: i64,
    channel: String,
    status: String,
    platform_article_id: Option<String>,
    platform_url: Option<String>,
    published_at: Option<DateTime<Utc>>,
    error_message: Option<String>,
    created_at: DateTime<Utc>,
}

impl From<RecordRow> for PublishRecordView {
    fn from(r: RecordRow) -> Self {
        PublishRecordView {
            id: r.id,
            content_id: r.content_id,
            channel: Channel::parse(&r.channel).unwrap_or(Channel::Hugo),
            status: RecordStatus::parse(&r.status),
            platform_article_id: r.platform_article_id,
            platform_url: r.platform_url,
            published_at: r.published_at,
            error_message: r.error_message,
            created_at: r.created_at,
        }
    }
}

const SELECT_RECORD: &str = "SELECT id, content_id, channel, status, platform_article_id, \
     platform_url, published_at, error_message, created_at FROM publish_records";

fn not_a_draft() -> CoreError {
    CoreError::new(
        ErrorCode::InvalidTransition,
        "Only a WeChat, CSDN or Zhihu record waiting as a draft can be marked published.",
        "只有处于草稿状态的微信、CSDN 或知乎发布记录才能标记为已发布。",
    )
}

/// How an attempt ended.
pub(crate) enum Settle {
    Draft {
        platform_id: String,
    },
    Published {
        platform_id: Option<String>,
        url: Option<String>,
    },
    Failed(CoreError),
}

impl Core {
    pub(crate) async fn record(&self, scope: &Scope, id: i64) -> Result<PublishRecordView> {
        let row: Option<RecordRow> = self
            .db
            .fetch_optional(
                &format!("{SELECT_RECORD} WHERE id = $1 AND community_id = $2"),
                crate::args![id, scope.community_id],
            )
            .await?;
        row.map(Into::into)
            .ok_or_else(|| CoreError::not_found(("publish record", "发布记录")))
    }

    /// Writes the `pending` record of an attempt and commits it at once.
    pub(crate) async fn start_record(
        &self,
        scope: &Scope,
        content_id: i64,
        channel: Channel,
    ) -> Result<i64> {
        let mut tx = self.db.begin().await?;
        let id: i64 = tx
            .scalar(
                "INSERT INTO publish_records (content_id, community_id, channel, status, created_at) \
                 VALUES ($1, $2, $3, 'pending', $4) RETURNING id",
                crate::args![content_id, scope.community_id, channel.as_str(), self.now()],
            )
            .await?;
        audit::record(
            &mut tx,
            self.now(),
            AuditEntry::new("publish_attempt", "publish_record")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(json!({ "content_id": content_id, "channel": channel.as_str() })),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Settles a record; `published` also publishes its content.
    /// Moves a record from `from` to the outcome; refused when the record is no longer in
    /// `from` (two clients marking the same draft: only one wins).
    pub(crate) async fn settle_record(
        &self,
        scope: &Scope,
        id: i64,
        from: RecordStatus,
        settle: Settle,
    ) -> Result<PublishRecordView> {
        let now = self.now();
        let (status, platform_id, url, error) = match &settle {
            Settle::Draft { platform_id } => {
                (RecordStatus::Draft, Some(platform_id.clone()), None, None)
            }
            Settle::Published { platform_id, url } => (
                RecordStatus::Published,
                platform_id.clone(),
                url.clone(),
                None,
            ),
            Settle::Failed(e) => (
                RecordStatus::Failed,
                None,
                None,
                Some(format!("{}\n{}", e.message, e.message_zh)),
            ),
        };
        let published_at = (status == RecordStatus::Published).then_some(now);
        let mut tx = self.db.begin().await?;
        let content_id: i64 = tx
            .scalar_optional(
                "UPDATE publish_records SET status = $1, \
                 platform_article_id = COALESCE($2, platform_article_id), \
                 platform_url = COALESCE($3, platform_url), published_at = $4, error_message = $5 \
                 WHERE id = $6 AND community_id = $7 AND status = $8 RETURNING content_id",
                crate::args![
                    status.as_str(),
                    platform_id,
                    url,
                    published_at,
                    error,
                    id,
                    scope.community_id,
                    from.as_str()
                ],
            )
            .await?
            .ok_or_else(not_a_draft)?;
        if status == RecordStatus::Published {
            self.publish_content_row(&mut tx, scope, content_id).await?;
        }
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("settle_publish_record", "publish_record")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(json!({ "status": [from.as_str(), status.as_str()] })),
        )
        .await?;
        tx.commit().await?;
        if let Settle::Failed(e) = &settle {
            tracing::warn!(record = id, code = ?e.code, "publish failed");
        } else {
            tracing::info!(record = id, status = status.as_str(), "publish settled");
        }
        self.record(scope, id).await
    }

    /// Marks the content published (once) and bumps its version.
    async fn publish_content_row(
        &self,
        tx: &mut crate::db::Tx,
        scope: &Scope,
        content_id: i64,
    ) -> Result<()> {
        let old: Option<String> = tx
            .scalar_optional(
                "SELECT status FROM contents WHERE id = $1 AND community_id = $2",
                crate::args![content_id, scope.community_id],
            )
            .await?;
        if old.as_deref() == Some("published") || old.is_none() {
            return Ok(());
        }
        tx.execute(
            "UPDATE contents SET status = 'published', version = version + 1, updated_at = $1 \
             WHERE id = $2 AND community_id = $3",
            crate::args![self.now(), content_id, scope.community_id],
        )
        .await?;
        audit::record(
            tx,
            self.now(),
            AuditEntry::new("change_content_status", "content")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(content_id)
                .details(json!({ "status": [old, "published"] })),
        )
        .await
    }

    /// The user finished publishing by hand (WeChat back office, CSDN, Zhihu).
    pub async fn mark_publish_record_published(
        &self,
        record_id: i64,
        url: Option<String>,
    ) -> Result<PublishRecordView> {
        let scope = self.scope().await?;
        let record = self.record(&scope, record_id).await?;
        let url = url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
        if let Some(u) = &url {
            let ok = url::Url::parse(u).is_ok_and(|p| matches!(p.scheme(), "http" | "https"));
            if !ok {
                return Err(CoreError::validation(
                    "url",
                    "Enter the article's address as a full URL, like https://…",
                    "请输入文章的完整网址，例如 https://…",
                ));
            }
        }
        if record.channel == Channel::Hugo {
            return Err(not_a_draft());
        }
        self.settle_record(
            &scope,
            record_id,
            RecordStatus::Draft,
            Settle::Published {
                platform_id: None,
                url,
            },
        )
        .await
    }

    /// Publish records of the current community, newest first; optionally of one content.
    pub async fn list_publish_records(
        &self,
        content_id: Option<i64>,
    ) -> Result<Vec<PublishRecordView>> {
        let scope = self.scope().await?;
        let rows: Vec<RecordRow> = self
            .db
            .fetch_all(
                &format!(
                    "{SELECT_RECORD} WHERE community_id = $1 AND ($2 IS NULL OR content_id = $2) \
                     ORDER BY created_at DESC, id DESC LIMIT 500"
                ),
                crate::args![scope.community_id, content_id],
            )
            .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }
}
