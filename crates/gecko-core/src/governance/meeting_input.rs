//! Checking a meeting's input, and the fields its audit entries compare.
//!
//! The email-reminder flag is not part of [`ValidMeeting`]: on edit an empty flag keeps the
//! stored one, so the caller resolves it against the row before writing and auditing.

use super::meetings::{
    LocationType, MeetingInput, MeetingRow, MeetingStatus, WorkStatus, DEFAULT_DURATION_MINUTES,
    DEFAULT_REMINDER_BEFORE_HOURS,
};
use super::time::parse_start;
use crate::db::Arg;
use crate::error::{CoreError, Result};
use crate::validate;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::json;

pub(super) struct ValidMeeting {
    pub title: String,
    pub description: Option<String>,
    pub scheduled_at: DateTime<Utc>,
    pub duration: i32,
    pub location_type: Option<LocationType>,
    pub location: Option<String>,
    pub status: MeetingStatus,
    pub work_status: WorkStatus,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    pub reminder_before_hours: i32,
}

impl ValidMeeting {
    /// The eleven stored fields, in column order (title … reminder_before_hours).
    pub fn fields(&self) -> Vec<Arg> {
        crate::args![
            &self.title,
            &self.description,
            self.scheduled_at,
            self.duration,
            self.location_type.map(LocationType::as_str),
            &self.location,
            self.status.as_str(),
            self.work_status.as_str(),
            &self.agenda,
            &self.minutes,
            self.reminder_before_hours,
        ]
    }

    pub fn audit_fields(&self, committee_id: i64, email_reminders: bool) -> serde_json::Value {
        json!({
            "committee_id": committee_id,
            "title": self.title,
            "description": self.description,
            "scheduled_at": self.scheduled_at,
            "duration": self.duration,
            "location_type": self.location_type,
            "location": self.location,
            "status": self.status,
            "work_status": self.work_status,
            "agenda": self.agenda,
            "minutes": self.minutes,
            "reminder_before_hours": self.reminder_before_hours,
            "email_reminders": email_reminders,
        })
    }
}

pub(super) fn validated(input: &MeetingInput, tz: Tz) -> Result<ValidMeeting> {
    let duration = input.duration_minutes.unwrap_or(DEFAULT_DURATION_MINUTES);
    if !(1..=7 * 24 * 60).contains(&duration) {
        return Err(CoreError::validation(
            "duration_minutes",
            "The duration must be between 1 minute and 7 days.",
            "会议时长须在 1 分钟到 7 天之间。",
        ));
    }
    let lead = input
        .reminder_before_hours
        .unwrap_or(DEFAULT_REMINDER_BEFORE_HOURS);
    if !(0..=24 * 60).contains(&lead) {
        return Err(CoreError::validation(
            "reminder_before_hours",
            "The reminder lead time must be between 0 and 1440 hours (60 days).",
            "提前提醒时间须在 0 到 1440 小时（60 天）之间。",
        ));
    }
    Ok(ValidMeeting {
        title: validate::text("title", &input.title, 1, 500)?,
        description: validate::optional_text("description", input.description.as_deref(), 10_000)?,
        scheduled_at: parse_start("starts_at", &input.starts_at, tz)?,
        duration,
        location_type: input.location_type,
        location: validate::optional_text("location", input.location.as_deref(), 500)?,
        status: input.status.unwrap_or(MeetingStatus::Scheduled),
        work_status: input.work_status.unwrap_or(WorkStatus::Planning),
        agenda: validate::optional_text("agenda", input.agenda.as_deref(), 100_000)?,
        minutes: validate::optional_text("minutes", input.minutes.as_deref(), 200_000)?,
        reminder_before_hours: lead,
    })
}

pub(super) fn row_fields(r: &MeetingRow) -> serde_json::Value {
    json!({
        "committee_id": r.committee_id,
        "title": r.title,
        "description": r.description,
        "scheduled_at": r.scheduled_at,
        "duration": r.duration,
        "location_type": r.location_type.as_deref().and_then(LocationType::parse),
        "location": r.location,
        "status": r.status(),
        "work_status": WorkStatus::parse(&r.work_status),
        "agenda": r.agenda,
        "minutes": r.minutes,
        "reminder_before_hours": r.reminder_before_hours,
        "email_reminders": r.email_reminders,
    })
}
