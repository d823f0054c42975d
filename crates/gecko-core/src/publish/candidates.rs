//! The publishing list: the current community's contents that are ready to publish (approved)
//! or already published, with how many publish records each has.
//!
//! It is deliberately narrower than the content list: publishing needs titles, statuses and a
//! record count, never bodies, so one query with a grouped count answers it.

use crate::content::ContentStatus;
use crate::core::Core;
use crate::error::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// One row of the publishing list.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct PublishCandidate {
    pub content_id: i64,
    pub title: String,
    pub status: ContentStatus,
    pub author: String,
    pub updated_at: DateTime<Utc>,
    /// Publish records of this content, any status.
    pub record_count: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    title: String,
    status: String,
    author: String,
    updated_at: DateTime<Utc>,
    record_count: i64,
}

impl Core {
    /// Approved and published contents of the current community, most recently changed first
    /// (at most 500; older ones stay reachable from the content list).
    pub async fn list_publish_candidates(&self) -> Result<Vec<PublishCandidate>> {
        let scope = self.scope().await?;
        let rows: Vec<Row> = self
            .db
            .fetch_all(
                "SELECT c.id, c.title, c.status, c.author, c.updated_at, \
                 CAST((SELECT COUNT(*) FROM publish_records r WHERE r.content_id = c.id) \
                 AS BIGINT) AS record_count \
                 FROM contents c WHERE c.community_id = $1 \
                 AND c.status IN ('approved', 'published') \
                 ORDER BY c.updated_at DESC, c.id DESC LIMIT 500",
                crate::args![scope.community_id],
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(PublishCandidate {
                    content_id: r.id,
                    title: r.title,
                    status: ContentStatus::stored(&r.status)?,
                    author: r.author,
                    updated_at: r.updated_at,
                    record_count: r.record_count,
                })
            })
            .collect()
    }
}
