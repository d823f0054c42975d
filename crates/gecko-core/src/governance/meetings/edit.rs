//! Creating, editing and deleting a meeting: the input checked in the community's zone, the
//! row and its reminder rows written in one transaction, each change audited.

use super::*;
use crate::governance::meeting_input::{row_fields, validated};

impl Core {
    pub async fn create_meeting(&self, input: MeetingInput) -> Result<MeetingView> {
        let scope = self.admin_scope().await?;
        let tz = community_timezone(&self.db, scope.community_id).await?;
        let m = validated(&input, tz)?;
        let email_reminders = input.email_reminders.unwrap_or(false);
        let now = self.now();

        let mut tx = self.db.begin().await?;
        crate::governance::ensure_committee(&mut tx, scope.community_id, input.committee_id)
            .await?;
        let id: i64 = tx
            .scalar(
                "INSERT INTO meetings (title, description, scheduled_at, duration, \
                 location_type, location, status, work_status, agenda, minutes, \
                 reminder_before_hours, committee_id, community_id, created_by_user_id, \
                 created_at, updated_at, email_reminders) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, \
                 $16) RETURNING id",
                [
                    m.fields(),
                    crate::args![
                        input.committee_id,
                        scope.community_id,
                        scope.user_id(),
                        now,
                        email_reminders
                    ],
                ]
                .concat(),
            )
            .await?;
        let plan = reminders::plan(
            m.scheduled_at,
            m.reminder_before_hours,
            m.status == MeetingStatus::Cancelled,
            now,
        );
        reminders::write_plan(&mut tx, id, &plan, now).await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("create_meeting", "meeting")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(json!({
                    "committee_id": input.committee_id,
                    "title": m.title,
                    "scheduled_at": m.scheduled_at,
                    "email_reminders": email_reminders,
                })),
        )
        .await?;
        tx.commit().await?;
        self.reminders_changed();
        tracing::info!(meeting = id, "meeting created");
        self.meeting_view(scope.community_id, id).await
    }

    /// Replaces a meeting's fields (the committee may change within the community).
    pub async fn update_meeting(&self, id: i64, input: MeetingInput) -> Result<MeetingView> {
        let scope = self.admin_scope().await?;
        let tz = community_timezone(&self.db, scope.community_id).await?;
        let m = validated(&input, tz)?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        lock_meeting(&mut tx, scope.community_id, id).await?;
        let before: MeetingRow = tx
            .fetch_one(
                &format!("{SELECT_MEETING} WHERE m.id = $1"),
                crate::args![id],
            )
            .await?;
        crate::governance::ensure_committee(&mut tx, scope.community_id, input.committee_id)
            .await?;
        let email_reminders = input.email_reminders.unwrap_or(before.email_reminders);
        tx.execute(
            "UPDATE meetings SET title = $1, description = $2, scheduled_at = $3, duration = $4, \
             location_type = $5, location = $6, status = $7, work_status = $8, agenda = $9, \
             minutes = $10, reminder_before_hours = $11, committee_id = $12, updated_at = $13, \
             email_reminders = $14 WHERE id = $15",
            [
                m.fields(),
                crate::args![input.committee_id, now, email_reminders, id],
            ]
            .concat(),
        )
        .await?;
        let cancelled = m.status == MeetingStatus::Cancelled;
        if before.scheduled_at != m.scheduled_at
            || before.reminder_before_hours != m.reminder_before_hours
            || (before.status() == MeetingStatus::Cancelled) != cancelled
        {
            let plan = reminders::plan(m.scheduled_at, m.reminder_before_hours, cancelled, now);
            reminders::write_plan(&mut tx, id, &plan, now).await?;
        }
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("update_meeting", "meeting")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(changes(
                    &row_fields(&before),
                    &m.audit_fields(input.committee_id, email_reminders),
                    &["description", "agenda", "minutes"],
                )),
        )
        .await?;
        tx.commit().await?;
        self.reminders_changed();
        self.meeting_view(scope.community_id, id).await
    }

    /// Deletes a meeting with its reminders, participants and assignees, then its files.
    pub async fn delete_meeting(&self, id: i64) -> Result<()> {
        let scope = self.admin_scope().await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        lock_meeting(&mut tx, scope.community_id, id).await?;
        let before: MeetingRow = tx
            .fetch_one(
                &format!("{SELECT_MEETING} WHERE m.id = $1"),
                crate::args![id],
            )
            .await?;
        tx.execute("DELETE FROM meetings WHERE id = $1", crate::args![id])
            .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("delete_meeting", "meeting")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(json!({
                    "committee_id": before.committee_id,
                    "title": before.title,
                    "scheduled_at": before.scheduled_at,
                })),
        )
        .await?;
        tx.commit().await?;
        self.reminders_changed();
        let files: Vec<String> = before.attachments.0.into_iter().map(|a| a.path).collect();
        self.remove_media_files(&files).await;
        Ok(())
    }
}
