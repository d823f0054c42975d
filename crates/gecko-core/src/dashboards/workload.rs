//! The workload overview (superusers): for every active user, the contents and meetings
//! assigned to them across all communities, by work status and, for contents, by source type.

use super::my_work::WorkCounts;
use crate::content::WorkStatus;
use crate::core::Core;
use crate::error::Result;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct SourceTypeCounts {
    pub contribution: i64,
    pub release_note: i64,
    pub event_summary: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct UserWorkload {
    pub user_id: i64,
    pub username: String,
    pub full_name: String,
    pub contents: WorkCounts,
    pub meetings: WorkCounts,
    pub content_sources: SourceTypeCounts,
    /// Contents plus meetings.
    pub total: i64,
}

impl Core {
    /// One row per active user, most loaded first (the UI sorts by any column).
    pub async fn workload_overview(&self) -> Result<Vec<UserWorkload>> {
        self.superuser().await?;
        let users: Vec<(i64, String, String)> = self
            .db
            .fetch_all(
                "SELECT id, username, full_name FROM users WHERE is_active \
                 AND NOT is_default_admin ORDER BY id",
                vec![],
            )
            .await?;
        let mut rows: BTreeMap<i64, UserWorkload> = users
            .into_iter()
            .map(|(user_id, username, full_name)| {
                let row = UserWorkload {
                    user_id,
                    username,
                    full_name,
                    contents: WorkCounts::default(),
                    meetings: WorkCounts::default(),
                    content_sources: SourceTypeCounts::default(),
                    total: 0,
                };
                (user_id, row)
            })
            .collect();

        let contents: Vec<(i64, String, String, i64)> = self
            .db
            .fetch_all(
                // Driven from the contents side (CROSS JOIN fixes the order on SQLite), so the
                // two columns come from ix_contents_work_status and no body is read.
                "SELECT a.user_id, c.work_status, c.source_type, COUNT(*) \
                 FROM contents c CROSS JOIN content_assignees a WHERE a.content_id = c.id \
                 GROUP BY a.user_id, c.work_status, c.source_type",
                vec![],
            )
            .await?;
        for (user_id, work_status, source_type, n) in contents {
            let Some(row) = rows.get_mut(&user_id) else {
                continue;
            };
            row.contents.add(WorkStatus::stored(&work_status)?, n);
            match source_type.as_str() {
                "release_note" => row.content_sources.release_note += n,
                "event_summary" => row.content_sources.event_summary += n,
                _ => row.content_sources.contribution += n,
            }
        }

        let meetings: Vec<(i64, String, i64)> = self
            .db
            .fetch_all(
                "SELECT a.user_id, m.work_status, COUNT(*) \
                 FROM meeting_assignees a JOIN meetings m ON m.id = a.meeting_id \
                 GROUP BY a.user_id, m.work_status",
                vec![],
            )
            .await?;
        for (user_id, work_status, n) in meetings {
            if let Some(row) = rows.get_mut(&user_id) {
                row.meetings.add(WorkStatus::stored(&work_status)?, n);
            }
        }

        let mut out: Vec<UserWorkload> = rows
            .into_values()
            .map(|mut r| {
                r.total = r.contents.total() + r.meetings.total();
                r
            })
            .collect();
        out.sort_by(|a, b| b.total.cmp(&a.total).then(a.user_id.cmp(&b.user_id)));
        Ok(out)
    }
}
