//! The governance page's first screen: committees with their active member counts, the next
//! meetings and the latest past ones.

use super::committees::CommitteeView;
use super::meetings::{MeetingRow, MeetingSummary, SELECT_MEETING};
use super::time::community_timezone;
use crate::core::Core;
use crate::error::Result;
use serde::Serialize;

/// How many meetings each list shows.
const LIST_LENGTH: i64 = 10;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct GovernanceOverview {
    pub committees: Vec<CommitteeView>,
    /// Meetings not yet started and not cancelled, soonest first.
    pub upcoming_meetings: Vec<MeetingSummary>,
    /// Meetings that started already, latest first.
    pub recent_meetings: Vec<MeetingSummary>,
}

impl Core {
    pub async fn governance_overview(&self) -> Result<GovernanceOverview> {
        let scope = self.scope().await?;
        let tz = community_timezone(&self.db, scope.community_id).await?;
        let now = self.now();
        let committees = self.list_committees().await?;
        let upcoming: Vec<MeetingRow> = self
            .db
            .fetch_all(
                &format!(
                    "{SELECT_MEETING} WHERE m.community_id = $1 AND m.scheduled_at >= $2 \
                     AND m.status <> 'cancelled' ORDER BY m.scheduled_at, m.id LIMIT $3"
                ),
                crate::args![scope.community_id, now, LIST_LENGTH],
            )
            .await?;
        let recent: Vec<MeetingRow> = self
            .db
            .fetch_all(
                &format!(
                    "{SELECT_MEETING} WHERE m.community_id = $1 AND m.scheduled_at < $2 \
                     ORDER BY m.scheduled_at DESC, m.id DESC LIMIT $3"
                ),
                crate::args![scope.community_id, now, LIST_LENGTH],
            )
            .await?;
        Ok(GovernanceOverview {
            committees,
            upcoming_meetings: upcoming.iter().map(|r| r.summary(tz)).collect(),
            recent_meetings: recent.iter().map(|r| r.summary(tz)).collect(),
        })
    }
}
