//! Content analytics: read, like, share and comment counts per publish record, entered by hand
//! with the time they were collected (WeChat's statistics API can fill the same rows later).

use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::error::{CoreError, Result};
use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct AnalyticsInput {
    pub read_count: i32,
    pub like_count: i32,
    pub share_count: i32,
    pub comment_count: i32,
    /// When the numbers were read off the platform; now when absent.
    pub collected_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, sqlx::FromRow)]
pub struct AnalyticsView {
    pub id: i64,
    pub publish_record_id: i64,
    pub read_count: i32,
    pub like_count: i32,
    pub share_count: i32,
    pub comment_count: i32,
    pub collected_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT id, publish_record_id, read_count, like_count, share_count, \
     comment_count, collected_at FROM content_analytics";

impl Core {
    pub async fn add_content_analytics(
        &self,
        record_id: i64,
        input: AnalyticsInput,
    ) -> Result<AnalyticsView> {
        let scope = self.scope().await?;
        self.record(&scope, record_id).await?;
        for (field, v) in [
            ("read_count", input.read_count),
            ("like_count", input.like_count),
            ("share_count", input.share_count),
            ("comment_count", input.comment_count),
        ] {
            if v < 0 {
                return Err(CoreError::validation(
                    field,
                    "Counts cannot be negative.",
                    "数量不能为负数。",
                ));
            }
        }
        let now = self.now();
        let collected =
            crate::validate::instant("collected_at", input.collected_at.unwrap_or(now))?;
        if collected > now + chrono::Duration::minutes(5) {
            return Err(CoreError::validation(
                "collected_at",
                "The collection time cannot be in the future.",
                "采集时间不能晚于现在。",
            ));
        }
        let collected = collected.trunc_subsecs(6);
        let mut tx = self.db.begin().await?;
        let id: i64 = tx
            .scalar(
                "INSERT INTO content_analytics (publish_record_id, read_count, like_count, \
                 share_count, comment_count, collected_at) VALUES ($1, $2, $3, $4, $5, $6) \
                 RETURNING id",
                crate::args![
                    record_id,
                    input.read_count,
                    input.like_count,
                    input.share_count,
                    input.comment_count,
                    collected
                ],
            )
            .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("add_content_analytics", "content_analytics")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(json!({ "publish_record_id": record_id })),
        )
        .await?;
        tx.commit().await?;
        self.db
            .fetch_one(&format!("{SELECT} WHERE id = $1"), crate::args![id])
            .await
    }

    /// The analytics of one record, newest first.
    pub async fn list_content_analytics(&self, record_id: i64) -> Result<Vec<AnalyticsView>> {
        let scope = self.scope().await?;
        self.record(&scope, record_id).await?;
        self.db
            .fetch_all(
                &format!(
                    "{SELECT} WHERE publish_record_id = $1 ORDER BY collected_at DESC, id DESC"
                ),
                crate::args![record_id],
            )
            .await
    }
}
