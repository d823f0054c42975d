//! The governance reads across meetings: the calendar (month and week views, filtered by
//! committee and status) and the overview, the governance page's first screen.
//!
//! Both take instants; the UI turns the visible local month or week into `from`/`to` in the
//! community's time zone, so a meeting late on the last local day of a month is in that month.

use super::committees::CommitteeView;
use super::meetings::{MeetingRow, MeetingStatus, MeetingSummary, SELECT_MEETING};
use super::time::community_timezone;
use crate::core::Core;
use crate::error::Result;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How many meetings each list shows.
const LIST_LENGTH: i64 = 10;

/// Filters of the calendar; every one is optional.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
pub struct MeetingFilter {
    /// Meetings starting at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Meetings starting before this instant.
    pub to: Option<DateTime<Utc>>,
    pub committee_id: Option<i64>,
    pub status: Option<MeetingStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct GovernanceOverview {
    pub committees: Vec<CommitteeView>,
    /// Meetings not yet started and not cancelled, soonest first.
    pub upcoming_meetings: Vec<MeetingSummary>,
    /// Meetings that started already, latest first.
    pub recent_meetings: Vec<MeetingSummary>,
}

impl Core {
    /// The current community's meetings matching `filter`, by start time (for the calendar's
    /// month and week views pass the visible range as `from`/`to`).
    pub async fn meeting_calendar(&self, filter: MeetingFilter) -> Result<Vec<MeetingSummary>> {
        let scope = self.scope().await?;
        let tz = community_timezone(&self.db, scope.community_id).await?;
        let mut sql = format!("{SELECT_MEETING} WHERE m.community_id = $1");
        let mut args = crate::args![scope.community_id];
        if let Some(from) = filter.from {
            args.push(from.into());
            sql.push_str(&format!(" AND m.scheduled_at >= ${}", args.len()));
        }
        if let Some(to) = filter.to {
            args.push(to.into());
            sql.push_str(&format!(" AND m.scheduled_at < ${}", args.len()));
        }
        if let Some(committee_id) = filter.committee_id {
            args.push(committee_id.into());
            sql.push_str(&format!(" AND m.committee_id = ${}", args.len()));
        }
        if let Some(status) = filter.status {
            args.push(status.as_str().into());
            sql.push_str(&format!(" AND m.status = ${}", args.len()));
        }
        sql.push_str(" ORDER BY m.scheduled_at, m.id");
        let rows: Vec<MeetingRow> = self.db.fetch_all(&sql, args).await?;
        Ok(rows.iter().map(|r| r.summary(tz)).collect())
    }

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
