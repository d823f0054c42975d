//! Reminder rows of meetings (table `meeting_reminders`) and the queries a scheduler needs.
//!
//! Each meeting has exactly five rows, one per [`ReminderType`] (the table's
//! `UNIQUE(meeting_id, reminder_type)` makes a duplicate impossible; rows are upserted). They
//! are computed by the pure [`plan`], written with the meeting, and rewritten in the same
//! transaction when its start, lead time or cancelled state changes. A row already `sent` or
//! `failed` keeps that history unless its time moved. No background task lives here: the
//! app's scheduler sleeps until [`next_reminder_at`], calls [`skip_stale_reminders`], takes
//! [`due_reminders`] and records each outcome with [`mark_reminder`].

use super::time::{local_text, parse_timezone};
use super::wire_enum;
use crate::core::Core;
use crate::db::{Db, Tx};
use crate::error::Result;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

wire_enum!(
    ReminderType {
        Preparation = "preparation",
        OneWeek = "one_week",
        ThreeDays = "three_days",
        OneDay = "one_day",
        TwoHours = "two_hours",
    }
);

wire_enum!(
    ReminderStatus {
        Pending = "pending",
        Sent = "sent",
        Failed = "failed",
        Skipped = "skipped",
        Cancelled = "cancelled",
    }
);

/// One reminder row as it should be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct PlannedReminder {
    pub reminder_type: ReminderType,
    pub scheduled_at: DateTime<Utc>,
    pub status: ReminderStatus,
}

/// The five reminders of a meeting starting at `start`: `preparation` at start − lead time,
/// the others at fixed distances. A reminder whose time is not after `now` is `skipped`, and so
/// is a fixed one that falls on the preparation reminder's time (the default 24-hour lead is
/// the one-day reminder): one notification, not two at once. All are `cancelled` for a
/// cancelled meeting.
pub fn plan(
    start: DateTime<Utc>,
    lead_hours: i32,
    cancelled: bool,
    now: DateTime<Utc>,
) -> Vec<PlannedReminder> {
    [
        (
            ReminderType::Preparation,
            Duration::hours(i64::from(lead_hours)),
        ),
        (ReminderType::OneWeek, Duration::days(7)),
        (ReminderType::ThreeDays, Duration::days(3)),
        (ReminderType::OneDay, Duration::days(1)),
        (ReminderType::TwoHours, Duration::hours(2)),
    ]
    .into_iter()
    .map(|(reminder_type, before)| {
        let scheduled_at = start - before;
        let same_as_preparation = reminder_type != ReminderType::Preparation
            && before == Duration::hours(i64::from(lead_hours));
        let status = if cancelled {
            ReminderStatus::Cancelled
        } else if scheduled_at <= now || same_as_preparation {
            ReminderStatus::Skipped
        } else {
            ReminderStatus::Pending
        };
        PlannedReminder {
            reminder_type,
            scheduled_at,
            status,
        }
    })
    .collect()
}

/// Writes the planned rows of a meeting, inserting or updating each.
pub(crate) async fn write_plan(
    tx: &mut Tx,
    meeting_id: i64,
    plan: &[PlannedReminder],
    now: DateTime<Utc>,
) -> Result<()> {
    for r in plan {
        tx.execute(
            "INSERT INTO meeting_reminders (meeting_id, reminder_type, scheduled_at, status, \
             created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (meeting_id, reminder_type) DO UPDATE SET \
             scheduled_at = excluded.scheduled_at, status = excluded.status, sent_at = NULL, \
             error_message = NULL \
             WHERE meeting_reminders.status NOT IN ('sent', 'failed') \
             OR meeting_reminders.scheduled_at <> excluded.scheduled_at",
            crate::args![
                meeting_id,
                r.reminder_type.as_str(),
                r.scheduled_at,
                r.status.as_str(),
                now
            ],
        )
        .await?;
    }
    Ok(())
}

/// One stored reminder row.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ReminderView {
    pub id: i64,
    pub meeting_id: i64,
    pub reminder_type: ReminderType,
    pub scheduled_at: DateTime<Utc>,
    pub status: ReminderStatus,
    pub sent_at: Option<DateTime<Utc>>,
    pub error_message: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ReminderRow {
    id: i64,
    meeting_id: i64,
    reminder_type: String,
    scheduled_at: DateTime<Utc>,
    status: String,
    sent_at: Option<DateTime<Utc>>,
    error_message: Option<String>,
}

/// A pending reminder whose time has come, with what a notification shows.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct DueReminder {
    pub id: i64,
    pub meeting_id: i64,
    pub community_id: i64,
    pub reminder_type: ReminderType,
    pub scheduled_at: DateTime<Utc>,
    pub meeting_title: String,
    pub meeting_starts_at: DateTime<Utc>,
    /// The start in the community's time zone, ISO 8601 with offset.
    pub meeting_starts_local: String,
    pub timezone: String,
    pub location: Option<String>,
    /// Users to notify: the meeting's assignees and the community's users whose email is a
    /// participant's.
    pub user_ids: Vec<i64>,
}

#[derive(sqlx::FromRow)]
struct DueRow {
    id: i64,
    meeting_id: i64,
    community_id: i64,
    reminder_type: String,
    scheduled_at: DateTime<Utc>,
    title: String,
    meeting_starts_at: DateTime<Utc>,
    location: Option<String>,
    timezone: Option<String>,
}

const PENDING: &str = "FROM meeting_reminders r JOIN meetings m ON m.id = r.meeting_id \
     WHERE r.status = 'pending' AND m.status <> 'cancelled'";

/// Pending reminders due at `now` (oldest first). A scheduler should fire those whose meeting
/// has not started yet and mark the others `skipped`.
pub async fn due_reminders(db: &Db, now: DateTime<Utc>) -> Result<Vec<DueReminder>> {
    let rows: Vec<DueRow> = db
        .fetch_all(
            &format!(
                "SELECT r.id, r.meeting_id, m.community_id, r.reminder_type, r.scheduled_at, \
                 m.title, m.scheduled_at AS meeting_starts_at, m.location, \
                 (SELECT settings ->> 'timezone' FROM communities c WHERE c.id = m.community_id) \
                   AS timezone \
                 {PENDING} AND r.scheduled_at <= $1 ORDER BY r.scheduled_at, r.id"
            ),
            crate::args![now],
        )
        .await?;
    let mut due = Vec::with_capacity(rows.len());
    for r in rows {
        let tz = parse_timezone(r.timezone.as_deref());
        due.push(DueReminder {
            id: r.id,
            meeting_id: r.meeting_id,
            community_id: r.community_id,
            reminder_type: ReminderType::parse(&r.reminder_type).unwrap_or(ReminderType::OneDay),
            scheduled_at: r.scheduled_at,
            meeting_title: r.title,
            meeting_starts_at: r.meeting_starts_at,
            meeting_starts_local: local_text(r.meeting_starts_at, tz),
            timezone: tz.name().to_string(),
            location: r.location,
            user_ids: recipients(db, r.meeting_id, r.community_id).await?,
        });
    }
    Ok(due)
}

async fn recipients(db: &Db, meeting_id: i64, community_id: i64) -> Result<Vec<i64>> {
    db.fetch_all::<(i64,)>(
        "SELECT a.user_id FROM meeting_assignees a WHERE a.meeting_id = $1 \
         UNION \
         SELECT u.id FROM users u \
         JOIN community_users cu ON cu.user_id = u.id AND cu.community_id = $2 \
         JOIN meeting_participants p ON p.meeting_id = $1 AND lower(p.email) = lower(u.email) \
         WHERE u.is_active ORDER BY 1",
        crate::args![meeting_id, community_id],
    )
    .await
    .map(|rows| rows.into_iter().map(|(id,)| id).collect())
}

/// When the next pending reminder is due, for the scheduler's sleep.
pub async fn next_reminder_at(db: &Db) -> Result<Option<DateTime<Utc>>> {
    db.scalar_optional(
        &format!("SELECT r.scheduled_at {PENDING} ORDER BY r.scheduled_at LIMIT 1"),
        crate::args![],
    )
    .await
}

/// Marks `skipped` the pending reminders of meetings that have already started at `now`: after
/// the computer slept or the app was closed they are too late to be useful. Returns how many.
pub async fn skip_stale_reminders(db: &Db, now: DateTime<Utc>) -> Result<u64> {
    let skipped = db
        .execute(
            "UPDATE meeting_reminders SET status = 'skipped' WHERE status = 'pending' \
             AND scheduled_at <= $1 \
             AND meeting_id IN (SELECT id FROM meetings WHERE scheduled_at <= $1)",
            crate::args![now],
        )
        .await?;
    if skipped > 0 {
        tracing::info!(skipped, "stale reminders skipped");
    }
    Ok(skipped)
}

/// Records what happened to a pending reminder (`sent`, `failed` with the reason, or
/// `skipped`). Returns false when it was no longer pending: another client took it first.
pub async fn mark_reminder(
    db: &Db,
    id: i64,
    outcome: ReminderStatus,
    error: Option<&str>,
    at: DateTime<Utc>,
) -> Result<bool> {
    let sent_at = (outcome == ReminderStatus::Sent).then_some(at);
    let changed = db
        .execute(
            "UPDATE meeting_reminders SET status = $1, sent_at = $2, error_message = $3 \
             WHERE id = $4 AND status = 'pending'",
            crate::args![outcome.as_str(), sent_at, error, id],
        )
        .await?;
    tracing::info!(
        reminder = id,
        outcome = outcome.as_str(),
        "reminder recorded"
    );
    Ok(changed == 1)
}

impl Core {
    /// A meeting's reminder rows, earliest first.
    pub async fn list_meeting_reminders(&self, meeting_id: i64) -> Result<Vec<ReminderView>> {
        let scope = self.scope().await?;
        self.meeting_row(scope.community_id, meeting_id).await?;
        let rows: Vec<ReminderRow> = self
            .db
            .fetch_all(
                "SELECT id, meeting_id, reminder_type, scheduled_at, status, sent_at, \
                 error_message FROM meeting_reminders WHERE meeting_id = $1 \
                 ORDER BY scheduled_at, id",
                crate::args![meeting_id],
            )
            .await?;
        // The table's CHECK constraints admit only known words.
        Ok(rows
            .into_iter()
            .map(|r| ReminderView {
                id: r.id,
                meeting_id: r.meeting_id,
                reminder_type: ReminderType::parse(&r.reminder_type)
                    .unwrap_or(ReminderType::Preparation),
                scheduled_at: r.scheduled_at,
                status: ReminderStatus::parse(&r.status).unwrap_or(ReminderStatus::Pending),
                sent_at: r.sent_at,
                error_message: r.error_message,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn plan_counts_back_from_the_start_and_skips_the_past() {
        let start = Utc.with_ymd_and_hms(2026, 3, 10, 6, 0, 0).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 3, 5, 0, 0, 0).unwrap();
        let rows = plan(start, 48, false, now);
        let got: Vec<(&str, String, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.reminder_type.as_str(),
                    r.scheduled_at.to_rfc3339(),
                    r.status.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("preparation", "2026-03-08T06:00:00+00:00".into(), "pending"),
                ("one_week", "2026-03-03T06:00:00+00:00".into(), "skipped"),
                ("three_days", "2026-03-07T06:00:00+00:00".into(), "pending"),
                ("one_day", "2026-03-09T06:00:00+00:00".into(), "pending"),
                ("two_hours", "2026-03-10T04:00:00+00:00".into(), "pending"),
            ]
        );
        assert!(plan(start, 24, true, now)
            .iter()
            .all(|r| r.status == ReminderStatus::Cancelled));
    }

    #[test]
    fn a_fixed_reminder_at_the_preparation_time_is_skipped() {
        let start = Utc.with_ymd_and_hms(2026, 3, 20, 6, 0, 0).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        for (lead, twin) in [
            (24, "one_day"),
            (72, "three_days"),
            (168, "one_week"),
            (2, "two_hours"),
        ] {
            let rows = plan(start, lead, false, now);
            let pending: Vec<&str> = rows
                .iter()
                .filter(|r| r.status == ReminderStatus::Pending)
                .map(|r| r.reminder_type.as_str())
                .collect();
            assert_eq!(pending.len(), 4, "lead {lead}: {pending:?}");
            assert!(pending.contains(&"preparation"));
            assert!(
                !pending.contains(&twin),
                "lead {lead}: {twin} doubles preparation"
            );
        }
        // A lead time of its own keeps all five.
        assert!(plan(start, 30, false, now)
            .iter()
            .all(|r| r.status == ReminderStatus::Pending));
    }
}
