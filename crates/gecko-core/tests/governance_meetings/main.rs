//! Meetings, their reminder rows, participants, assignees, attachments and the overview, on
//! both backends.

#[path = "../governance_support/mod.rs"]
mod governance_support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use gecko_core::governance::attachments::MAX_ATTACHMENT_BYTES;
use gecko_core::governance::calendar::MeetingFilter;
use gecko_core::governance::meetings::{LocationType, MeetingStatus, WorkStatus};
use gecko_core::governance::members::CommitteeMemberInput;
use gecko_core::governance::participants::{ParticipantImport, ParticipantInput};
use gecko_core::governance::reminders::{self, ReminderStatus, ReminderType};
use gecko_core::testing::{self, each_backend};
use gecko_core::{Core, ErrorCode};
use governance_support::{audit_count, code, committee, count, meeting, world, world_with_meeting};

mod attachments;
mod calendar;
mod fields;
mod overview;
mod people;
mod reminder_rows;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// (type, time, status) of a meeting's reminder rows, in plan order.
async fn reminder_rows(core: &Core, meeting_id: i64) -> Vec<(String, DateTime<Utc>, String)> {
    let mut rows: Vec<(String, DateTime<Utc>, String)> = core
        .list_meeting_reminders(meeting_id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            let kind = r.reminder_type.as_str().to_string();
            (kind, r.scheduled_at, r.status.as_str().to_string())
        })
        .collect();
    let order = [
        "preparation",
        "one_week",
        "three_days",
        "one_day",
        "two_hours",
    ];
    rows.sort_by_key(|r| order.iter().position(|o| *o == r.0));
    rows
}

fn clock_now(core: &Core) -> DateTime<Utc> {
    core.now()
}

fn person(name: &str, email: Option<&str>, active: bool) -> CommitteeMemberInput {
    CommitteeMemberInput {
        name: name.into(),
        email: email.map(Into::into),
        is_active: active,
        ..Default::default()
    }
}
