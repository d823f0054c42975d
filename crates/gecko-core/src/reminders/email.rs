//! Email reminders: optional per meeting, sent with its `preparation` reminder (start − the
//! meeting's lead time) to its participants and assignees, with the meeting's `.ics` attached.
//!
//! Exactly once in total, whatever the number of clients: a row of `reminder_emails` (reminder
//! at its time) is inserted with `ON CONFLICT DO NOTHING` before sending, and only the client
//! whose insert went through sends. A client that cannot send (no server set up, secrets
//! locked on that computer) does not claim, so another one can.

use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::error::Result;
use crate::governance::time::parse_timezone;
use crate::mail::send::{self, OutgoingMail};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

#[derive(sqlx::FromRow)]
struct DueEmail {
    id: i64,
    meeting_id: i64,
    community_id: i64,
}

#[derive(sqlx::FromRow)]
struct MeetingMail {
    title: String,
    scheduled_at: DateTime<Utc>,
    duration: i32,
    location: Option<String>,
    agenda: Option<String>,
    timezone: Option<String>,
}

fn text(m: &MeetingMail) -> String {
    let tz = parse_timezone(m.timezone.as_deref());
    let start = m.scheduled_at.with_timezone(&tz);
    let end = (m.scheduled_at + Duration::minutes(i64::from(m.duration))).with_timezone(&tz);
    let mut out = format!(
        "{}\n\n时间 / Time: {} – {} ({}, UTC{})\n",
        m.title,
        start.format("%Y-%m-%d %H:%M"),
        end.format("%H:%M"),
        tz.name(),
        start.format("%:z"),
    );
    if let Some(place) = m.location.as_deref().filter(|l| !l.trim().is_empty()) {
        out.push_str(&format!("地点 / Place: {place}\n"));
    }
    if let Some(agenda) = m.agenda.as_deref().filter(|a| !a.trim().is_empty()) {
        out.push_str(&format!("\n议程 / Agenda:\n{agenda}\n"));
    }
    out.push_str("\n日历文件见附件。The calendar file is attached.\n");
    out
}

impl Core {
    /// Sends the email reminders that are due now (see the module docs). Returns how many
    /// messages this client sent.
    pub async fn send_due_reminder_emails(&self, device_id: &str) -> Result<usize> {
        let now = self.now();
        let due: Vec<DueEmail> = self
            .db
            .fetch_all(
                "SELECT r.id, r.meeting_id, m.community_id FROM meeting_reminders r \
                 JOIN meetings m ON m.id = r.meeting_id \
                 JOIN communities c ON c.id = m.community_id \
                 WHERE m.email_reminders AND r.reminder_type = 'preparation' \
                 AND r.status IN ('pending', 'sent', 'failed') \
                 AND m.status NOT IN ('cancelled', 'completed') AND c.is_active \
                 AND m.scheduled_at > $1 AND r.scheduled_at <= $1 \
                 AND NOT EXISTS (SELECT 1 FROM reminder_emails e WHERE e.reminder_id = r.id \
                   AND e.scheduled_at = r.scheduled_at) \
                 ORDER BY r.scheduled_at, r.id",
                crate::args![now],
            )
            .await?;
        let mut sent = 0;
        for d in due {
            let server = match self.mail_server(Some(d.community_id)).await {
                Ok(Some(server)) => server,
                Ok(None) => continue,
                Err(e) => {
                    tracing::info!(code = ?e.code, "email reminder left to another client");
                    continue;
                }
            };
            let claimed: Option<i64> = self
                .db
                .scalar_optional(
                    "INSERT INTO reminder_emails (reminder_id, scheduled_at, device_id, status, \
                     recipients, claimed_at) \
                     SELECT r.id, r.scheduled_at, $2, 'claimed', 0, $3 FROM meeting_reminders r \
                     WHERE r.id = $1 AND r.scheduled_at <= $3 \
                     ON CONFLICT (reminder_id, scheduled_at) DO NOTHING RETURNING id",
                    crate::args![d.id, device_id, now],
                )
                .await?;
            let Some(claim) = claimed else {
                continue;
            };
            let outcome = self
                .send_meeting_email(&server, d.meeting_id, d.community_id)
                .await;
            let (status, recipients, error) = match &outcome {
                Ok(n) => ("sent", *n, None),
                Err(e) => ("failed", 0, Some(e.message.clone())),
            };
            self.db
                .execute(
                    "UPDATE reminder_emails SET status = $1, recipients = $2, error_message = $3, \
                     finished_at = $4 WHERE id = $5",
                    crate::args![status, recipients, error, self.now(), claim],
                )
                .await?;
            tracing::info!(reminder = d.id, status, "email reminder");
            if outcome.is_ok() {
                sent += 1;
            }
        }
        Ok(sent)
    }

    /// When the next email reminder falls due (only future ones: one that is due but cannot
    /// be sent yet is retried at the scheduler's next look, not in a tight loop).
    pub async fn next_reminder_email_at(&self) -> Result<Option<DateTime<Utc>>> {
        let next: Option<Option<DateTime<Utc>>> = self
            .db
            .scalar_optional(
                "SELECT min(r.scheduled_at) FROM meeting_reminders r \
                 JOIN meetings m ON m.id = r.meeting_id \
                 WHERE m.email_reminders AND r.reminder_type = 'preparation' \
                 AND r.status IN ('pending', 'sent', 'failed') \
                 AND m.status NOT IN ('cancelled', 'completed') AND r.scheduled_at > $1",
                crate::args![self.now()],
            )
            .await?;
        Ok(next.flatten())
    }

    /// Sends the meeting's email to its participants and assignees; how many addresses.
    async fn send_meeting_email(
        &self,
        server: &crate::mail::MailServer,
        meeting_id: i64,
        community_id: i64,
    ) -> Result<i32> {
        let meeting: MeetingMail = self
            .db
            .fetch_one(
                "SELECT m.title, m.scheduled_at, m.duration, m.location, m.agenda, \
                 c.settings ->> 'timezone' AS timezone FROM meetings m \
                 JOIN communities c ON c.id = m.community_id WHERE m.id = $1",
                crate::args![meeting_id],
            )
            .await?;
        let addresses: Vec<(String,)> = self
            .db
            .fetch_all(
                "SELECT lower(p.email) FROM meeting_participants p WHERE p.meeting_id = $1 \
                 UNION SELECT lower(u.email) FROM meeting_assignees a \
                 JOIN users u ON u.id = a.user_id WHERE a.meeting_id = $1 AND u.is_active \
                 ORDER BY 1",
                crate::args![meeting_id],
            )
            .await?;
        let to: Vec<String> = addresses.into_iter().map(|(e,)| e).collect();
        if to.is_empty() {
            return Ok(0);
        }
        let ics = self.calendar_of(community_id, Some(meeting_id)).await?;
        let mail = OutgoingMail {
            to: to.clone(),
            subject: format!("会议提醒 / Meeting reminder: {}", meeting.title),
            text: text(&meeting),
            attachment: Some((
                format!("meeting-{meeting_id}.ics"),
                "text/calendar; charset=utf-8".into(),
                ics.into_bytes(),
            )),
        };
        send::send(server, &mail).await?;
        Ok(i32::try_from(to.len()).unwrap_or(i32::MAX))
    }

    /// Whether the meeting's reminders also go out by email.
    pub async fn get_meeting_email_reminders(&self, meeting_id: i64) -> Result<bool> {
        let scope = self.scope().await?;
        self.meeting_row(scope.community_id, meeting_id).await?;
        self.db
            .scalar(
                "SELECT email_reminders FROM meetings WHERE id = $1",
                crate::args![meeting_id],
            )
            .await
    }

    /// Turns the meeting's email reminders on or off (community admins).
    pub async fn set_meeting_email_reminders(
        &self,
        meeting_id: i64,
        enabled: bool,
    ) -> Result<bool> {
        let scope = self.admin_scope().await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        crate::governance::lock_meeting(&mut tx, scope.community_id, meeting_id).await?;
        tx.execute(
            "UPDATE meetings SET email_reminders = $1, updated_at = $2 WHERE id = $3",
            crate::args![enabled, now, meeting_id],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("set_meeting_email_reminders", "meeting")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(meeting_id)
                .details(json!({ "email_reminders": enabled })),
        )
        .await?;
        tx.commit().await?;
        self.reminders_changed();
        Ok(enabled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_mail_lists_time_place_and_agenda() {
        let m = MeetingMail {
            title: "TSC 例会".into(),
            scheduled_at: Utc.with_ymd_and_hms(2026, 3, 10, 6, 0, 0).unwrap(),
            duration: 90,
            location: Some("Room 5".into()),
            agenda: Some("1. 预算".into()),
            timezone: Some("Asia/Shanghai".into()),
        };
        let t = text(&m);
        assert!(
            t.contains("2026-03-10 14:00 – 15:30 (Asia/Shanghai, UTC+08:00)"),
            "{t}"
        );
        assert!(t.contains("地点 / Place: Room 5"));
        assert!(t.contains("议程 / Agenda:\n1. 预算"));
    }
}
