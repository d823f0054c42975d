//! The per-device, per-user notification schedule (see the module docs of
//! [`crate::reminders`]).

use crate::core::Core;
use crate::error::Result;
use crate::governance::reminders::{
    mark_reminder, skip_stale_reminders, ReminderStatus, ReminderType,
};
use crate::governance::time::parse_timezone;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashSet;

/// The longest the scheduler sleeps without looking again: a wall-clock change, a wake from
/// sleep (the monotonic timer stops while the computer sleeps) or a meeting written by another
/// client is noticed within this time.
pub const MAX_SLEEP: std::time::Duration = std::time::Duration::from_secs(60);

/// How long to sleep at `now` when the next reminder is due at `next`: until it is due, at most
/// [`MAX_SLEEP`], zero when it is already due.
pub fn sleep_for(now: DateTime<Utc>, next: Option<DateTime<Utc>>) -> std::time::Duration {
    match next {
        None => MAX_SLEEP,
        Some(at) => (at - now).to_std().unwrap_or_default().min(MAX_SLEEP),
    }
}

/// A random id for this installation, made once and kept by the app.
pub fn new_device_id() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// A notification this device must show now; it is already claimed, report how it went with
/// [`Core::record_notification`].
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Notification {
    pub delivery_id: i64,
    pub reminder_id: i64,
    pub meeting_id: i64,
    pub reminder_type: ReminderType,
    /// When the reminder was due.
    pub due_at: DateTime<Utc>,
    /// The meeting's title.
    pub title: String,
    /// The start in the community's time zone, then the place or link.
    pub body: String,
    pub meeting_starts_at: DateTime<Utc>,
    pub timezone: String,
}

#[derive(sqlx::FromRow)]
struct OwedRow {
    id: i64,
    meeting_id: i64,
    reminder_type: String,
    scheduled_at: DateTime<Utc>,
    title: String,
    meeting_starts_at: DateTime<Utc>,
    location: Option<String>,
    timezone: Option<String>,
}

/// Reminders owed to user `$2` on device `$3` whose meeting has not started at `$1`: the user
/// is an assignee or a participant by email, the reminder was not cancelled or skipped when
/// planned, and this device has no delivery row for it at its current time.
const OWED: &str = "FROM meeting_reminders r JOIN meetings m ON m.id = r.meeting_id \
     JOIN communities c ON c.id = m.community_id \
     WHERE r.status IN ('pending', 'sent', 'failed') \
     AND m.status NOT IN ('cancelled', 'completed') AND c.is_active AND m.scheduled_at > $1 \
     AND (EXISTS (SELECT 1 FROM meeting_assignees a WHERE a.meeting_id = m.id AND a.user_id = $2) \
       OR EXISTS (SELECT 1 FROM meeting_participants p JOIN users u \
         ON lower(u.email) = lower(p.email) WHERE p.meeting_id = m.id AND u.id = $2)) \
     AND NOT EXISTS (SELECT 1 FROM reminder_deliveries d WHERE d.reminder_id = r.id \
       AND d.scheduled_at = r.scheduled_at AND d.device_id = $3 AND d.user_id = $2)";

/// "2026-03-10 14:00 Asia/Shanghai · https://meet.example.org/j/1".
fn body(starts_at: DateTime<Utc>, timezone: &str, location: Option<&str>) -> String {
    let tz = parse_timezone(Some(timezone));
    let local = starts_at.with_timezone(&tz).format("%Y-%m-%d %H:%M");
    match location.map(str::trim).filter(|l| !l.is_empty()) {
        Some(place) => format!("{local} {} · {place}", tz.name()),
        None => format!("{local} {}", tz.name()),
    }
}

impl Core {
    /// The signed-in user reminders are for; nobody before sign-in or during first-run setup.
    async fn reminder_user(&self) -> Option<i64> {
        self.actor().await.ok().map(|a| a.id)
    }

    /// When the next notification for this device's signed-in user is due (possibly already
    /// past: then the scheduler should call [`Core::take_due_notifications`] at once).
    pub async fn next_notification_at(&self, device_id: &str) -> Result<Option<DateTime<Utc>>> {
        let Some(user_id) = self.reminder_user().await else {
            return Ok(None);
        };
        let next: Option<Option<DateTime<Utc>>> = self
            .db
            .scalar_optional(
                &format!("SELECT min(r.scheduled_at) {OWED}"),
                crate::args![self.now(), user_id, device_id],
            )
            .await?;
        Ok(next.flatten())
    }

    /// Claims and returns the notifications this device must show now (see the module docs
    /// for catch-up). Each returned one is claimed for this device and user: no other client
    /// on this device will return it again.
    pub async fn take_due_notifications(&self, device_id: &str) -> Result<Vec<Notification>> {
        let now = self.now();
        skip_stale_reminders(&self.db, now).await?;
        let Some(user_id) = self.reminder_user().await else {
            return Ok(Vec::new());
        };
        let rows: Vec<OwedRow> = self
            .db
            .fetch_all(
                &format!(
                    "SELECT r.id, r.meeting_id, r.reminder_type, r.scheduled_at, m.title, \
                     m.scheduled_at AS meeting_starts_at, m.location, \
                     c.settings ->> 'timezone' AS timezone \
                     {OWED} AND r.scheduled_at <= $1 \
                     ORDER BY m.id, r.scheduled_at DESC, r.id"
                ),
                crate::args![now, user_id, device_id],
            )
            .await?;

        let mut shown_meetings = HashSet::new();
        let mut out = Vec::new();
        for r in rows {
            // Rows come latest first per meeting: the first one is shown, the rest are late.
            let latest = shown_meetings.insert(r.meeting_id);
            let status = if latest { "claimed" } else { "skipped" };
            let Some(delivery_id) = self.claim(r.id, device_id, user_id, status, now).await? else {
                continue;
            };
            if !latest {
                continue;
            }
            let tz = parse_timezone(r.timezone.as_deref());
            tracing::info!(reminder = r.id, meeting = r.meeting_id, "reminder due");
            out.push(Notification {
                delivery_id,
                reminder_id: r.id,
                meeting_id: r.meeting_id,
                reminder_type: ReminderType::parse(&r.reminder_type)
                    .unwrap_or(ReminderType::Preparation),
                due_at: r.scheduled_at,
                body: body(r.meeting_starts_at, tz.name(), r.location.as_deref()),
                title: r.title,
                meeting_starts_at: r.meeting_starts_at,
                timezone: tz.name().to_string(),
            });
        }
        Ok(out)
    }

    /// Inserts the delivery row unless one exists; its id when this call created it.
    async fn claim(
        &self,
        reminder_id: i64,
        device_id: &str,
        user_id: i64,
        status: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>> {
        let finished = (status == "skipped").then_some(now);
        let error = (status == "skipped").then_some("a later reminder of the meeting was due");
        self.db
            .scalar_optional(
                "INSERT INTO reminder_deliveries (reminder_id, scheduled_at, device_id, user_id, \
                 status, error_message, claimed_at, finished_at) \
                 SELECT r.id, r.scheduled_at, $2, $3, $4, $5, $6, $7 FROM meeting_reminders r \
                 WHERE r.id = $1 AND r.scheduled_at <= $6 \
                 ON CONFLICT (reminder_id, scheduled_at, device_id, user_id) DO NOTHING \
                 RETURNING id",
                crate::args![
                    reminder_id,
                    device_id,
                    user_id,
                    status,
                    error,
                    now,
                    finished
                ],
            )
            .await
    }

    /// Records whether a claimed notification was shown (`Err` carries the reason), on the
    /// delivery row and on the reminder row (`sent`/`failed`, first outcome wins).
    pub async fn record_notification(
        &self,
        notification: &Notification,
        outcome: std::result::Result<(), String>,
    ) -> Result<()> {
        let now = self.now();
        let (status, error) = match &outcome {
            Ok(()) => (ReminderStatus::Sent, None),
            Err(reason) => (ReminderStatus::Failed, Some(reason.as_str())),
        };
        self.db
            .execute(
                "UPDATE reminder_deliveries SET status = $1, error_message = $2, finished_at = $3 \
                 WHERE id = $4 AND status = 'claimed'",
                crate::args![status.as_str(), error, now, notification.delivery_id],
            )
            .await?;
        mark_reminder(&self.db, notification.reminder_id, status, error, now).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_sleep_is_capped_and_never_negative() {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        assert_eq!(sleep_for(now, None), MAX_SLEEP);
        let soon = now + chrono::Duration::milliseconds(1500);
        assert_eq!(sleep_for(now, Some(soon)).as_millis(), 1500);
        assert_eq!(
            sleep_for(now, Some(now + chrono::Duration::hours(5))),
            MAX_SLEEP
        );
        assert_eq!(
            sleep_for(now, Some(now - chrono::Duration::hours(1))).as_millis(),
            0
        );
    }

    #[test]
    fn the_body_shows_local_time_and_place() {
        let start = Utc.with_ymd_and_hms(2026, 3, 10, 6, 0, 0).unwrap();
        assert_eq!(
            body(start, "Asia/Shanghai", Some("https://meet.example.org/j/1")),
            "2026-03-10 14:00 Asia/Shanghai · https://meet.example.org/j/1"
        );
        assert_eq!(
            body(start, "Europe/Berlin", Some("  ")),
            "2026-03-10 07:00 Europe/Berlin"
        );
        assert_ne!(new_device_id(), new_device_id());
        assert_eq!(new_device_id().len(), 32);
    }
}
