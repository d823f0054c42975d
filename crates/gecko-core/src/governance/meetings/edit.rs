//! Creating, editing and deleting a meeting: the input checked in the community's zone, the
//! row and its reminder rows written in one transaction, each change audited.

use super::*;

struct ValidMeeting {
    title: String,
    description: Option<String>,
    scheduled_at: DateTime<Utc>,
    duration: i32,
    location_type: Option<LocationType>,
    location: Option<String>,
    status: MeetingStatus,
    work_status: WorkStatus,
    agenda: Option<String>,
    minutes: Option<String>,
    reminder_before_hours: i32,
}

impl ValidMeeting {
    /// The eleven stored fields, in column order (title … reminder_before_hours).
    fn fields(&self) -> Vec<Arg> {
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

    fn audit_fields(&self, committee_id: i64) -> serde_json::Value {
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
        })
    }
}

fn validated(input: &MeetingInput, tz: Tz) -> Result<ValidMeeting> {
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

fn row_fields(r: &MeetingRow) -> serde_json::Value {
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
    })
}

impl Core {
    pub async fn create_meeting(&self, input: MeetingInput) -> Result<MeetingView> {
        let scope = self.admin_scope().await?;
        let tz = community_timezone(&self.db, scope.community_id).await?;
        let m = validated(&input, tz)?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        crate::governance::ensure_committee(&mut tx, scope.community_id, input.committee_id)
            .await?;
        let id: i64 = tx
            .scalar(
                "INSERT INTO meetings (title, description, scheduled_at, duration, \
                 location_type, location, status, work_status, agenda, minutes, \
                 reminder_before_hours, committee_id, community_id, created_by_user_id, \
                 created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) \
                 RETURNING id",
                [
                    m.fields(),
                    crate::args![input.committee_id, scope.community_id, scope.user_id(), now],
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
        tx.execute(
            "UPDATE meetings SET title = $1, description = $2, scheduled_at = $3, duration = $4, \
             location_type = $5, location = $6, status = $7, work_status = $8, agenda = $9, \
             minutes = $10, reminder_before_hours = $11, committee_id = $12, updated_at = $13 \
             WHERE id = $14",
            [m.fields(), crate::args![input.committee_id, now, id]].concat(),
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
                    &m.audit_fields(input.committee_id),
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
