//! Meetings of a community's committees: create, read, edit, delete, and the calendar list.
//!
//! A meeting's start is an instant; input accepts local wall-clock time in the community's
//! zone or an RFC 3339 instant (see [`super::time`]), and every view carries the instant plus
//! its local text. Reminder rows follow the meeting in the same transaction: written on
//! create, recomputed when the start, the lead time or the cancelled state changes.

use super::assignees::AssigneeView;
use super::attachments::Attachment;
use super::reminders;
use super::time::{community_timezone, local_text};
use super::{changes, lock_meeting, meeting_not_found, wire_enum};
use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::error::Result;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::types::Json;

mod edit;

wire_enum!(
    LocationType {
        Online = "online",
        Offline = "offline",
        Hybrid = "hybrid",
    }
);

wire_enum!(
    MeetingStatus {
        Scheduled = "scheduled",
        InProgress = "in_progress",
        Completed = "completed",
        Cancelled = "cancelled",
    }
);

/// Meetings share the content's work status (one type on the wire).
pub use crate::content::WorkStatus;

pub const DEFAULT_DURATION_MINUTES: i32 = 120;
pub const DEFAULT_REMINDER_BEFORE_HOURS: i32 = 24;

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct MeetingInput {
    pub committee_id: i64,
    pub title: String,
    pub description: Option<String>,
    /// `2026-03-10 14:00` (community time zone) or `2026-03-10T14:00:00+08:00`.
    pub starts_at: String,
    /// Minutes; 120 when empty.
    pub duration_minutes: Option<i32>,
    pub location_type: Option<LocationType>,
    /// The room's address or the meeting link.
    pub location: Option<String>,
    /// `scheduled` when empty.
    pub status: Option<MeetingStatus>,
    /// `planning` when empty.
    pub work_status: Option<WorkStatus>,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    /// Hours before the start for the `preparation` reminder; 24 when empty.
    pub reminder_before_hours: Option<i32>,
    /// Whether the `preparation` reminder also goes out by email (see
    /// [`crate::reminders::email`]). Empty: off for a new meeting, unchanged on edit.
    pub email_reminders: Option<bool>,
}

/// A meeting as the calendar and lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct MeetingSummary {
    pub id: i64,
    pub committee_id: i64,
    pub committee_name: String,
    pub title: String,
    pub scheduled_at: DateTime<Utc>,
    /// The start in the community's time zone, ISO 8601 with offset.
    pub scheduled_local: String,
    pub ends_at: DateTime<Utc>,
    pub timezone: String,
    pub duration_minutes: i32,
    pub location_type: Option<LocationType>,
    pub location: Option<String>,
    pub status: MeetingStatus,
    pub work_status: WorkStatus,
    pub reminder_before_hours: i32,
    pub updated_at: DateTime<Utc>,
}

/// One meeting with everything about it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct MeetingView {
    #[serde(flatten)]
    pub summary: MeetingSummary,
    pub description: Option<String>,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    pub attachments: Vec<Attachment>,
    pub assignees: Vec<AssigneeView>,
    pub participant_count: i64,
    pub email_reminders: bool,
    pub created_by_user_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct MeetingRow {
    pub id: i64,
    pub committee_id: i64,
    pub committee_name: String,
    pub title: String,
    pub description: Option<String>,
    pub scheduled_at: DateTime<Utc>,
    pub duration: i32,
    pub location_type: Option<String>,
    pub location: Option<String>,
    pub status: String,
    pub work_status: String,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    pub attachments: Json<Vec<Attachment>>,
    pub reminder_before_hours: i32,
    pub email_reminders: bool,
    pub created_by_user_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) const SELECT_MEETING: &str = "SELECT m.id, m.committee_id, c.name AS committee_name, \
     m.title, m.description, m.scheduled_at, m.duration, m.location_type, m.location, m.status, \
     m.work_status, m.agenda, m.minutes, m.attachments, m.reminder_before_hours, \
     m.email_reminders, m.created_by_user_id, m.created_at, m.updated_at \
     FROM meetings m JOIN committees c ON c.id = m.committee_id";

impl MeetingRow {
    pub(crate) fn status(&self) -> MeetingStatus {
        // The table's CHECK constraint admits only known words.
        MeetingStatus::parse(&self.status).unwrap_or(MeetingStatus::Scheduled)
    }

    pub(crate) fn ends_at(&self) -> DateTime<Utc> {
        self.scheduled_at + Duration::minutes(i64::from(self.duration))
    }

    pub(crate) fn summary(&self, tz: Tz) -> MeetingSummary {
        MeetingSummary {
            id: self.id,
            committee_id: self.committee_id,
            committee_name: self.committee_name.clone(),
            title: self.title.clone(),
            scheduled_at: self.scheduled_at,
            scheduled_local: local_text(self.scheduled_at, tz),
            ends_at: self.ends_at(),
            timezone: tz.name().to_string(),
            duration_minutes: self.duration,
            location_type: self.location_type.as_deref().and_then(LocationType::parse),
            location: self.location.clone(),
            status: self.status(),
            work_status: WorkStatus::parse(&self.work_status).unwrap_or(WorkStatus::Planning),
            reminder_before_hours: self.reminder_before_hours,
            updated_at: self.updated_at,
        }
    }
}

impl Core {
    pub(crate) async fn meeting_row(&self, community_id: i64, id: i64) -> Result<MeetingRow> {
        let row: Option<MeetingRow> = self
            .db
            .fetch_optional(
                &format!("{SELECT_MEETING} WHERE m.id = $1 AND m.community_id = $2"),
                crate::args![id, community_id],
            )
            .await?;
        row.ok_or_else(meeting_not_found)
    }

    pub(crate) async fn meeting_view(&self, community_id: i64, id: i64) -> Result<MeetingView> {
        let row = self.meeting_row(community_id, id).await?;
        let tz = community_timezone(&self.db, community_id).await?;
        let participant_count: i64 = self
            .db
            .scalar(
                "SELECT count(*) FROM meeting_participants WHERE meeting_id = $1",
                crate::args![id],
            )
            .await?;
        Ok(MeetingView {
            summary: row.summary(tz),
            assignees: self.meeting_assignees(id).await?,
            participant_count,
            email_reminders: row.email_reminders,
            description: row.description,
            agenda: row.agenda,
            minutes: row.minutes,
            attachments: row.attachments.0,
            created_by_user_id: row.created_by_user_id,
            created_at: row.created_at,
        })
    }

    pub async fn get_meeting(&self, id: i64) -> Result<MeetingView> {
        let scope = self.scope().await?;
        self.meeting_view(scope.community_id, id).await
    }
}
