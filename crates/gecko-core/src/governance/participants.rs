//! Meeting participants: name and email, unique per meeting whatever the email's case (emails
//! are stored lower-case, so the table's `UNIQUE(meeting_id, email)` enforces it). They are
//! added by hand or imported from the committee's active members who have an email.

use super::lock_meeting;
use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::error::{CoreError, Result};
use crate::validate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashSet;

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct ParticipantInput {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, sqlx::FromRow)]
pub struct ParticipantView {
    pub id: i64,
    pub meeting_id: i64,
    pub name: String,
    pub email: String,
    /// `manual` or `committee_import`.
    pub source: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ParticipantImport {
    pub added: u32,
    pub skipped_duplicates: u32,
    pub skipped_without_email: u32,
}

const SELECT_PARTICIPANT: &str = "SELECT p.id, p.meeting_id, p.name, p.email, p.source, \
     p.created_at FROM meeting_participants p JOIN meetings m ON m.id = p.meeting_id";

impl Core {
    pub(crate) async fn meeting_participants(
        &self,
        meeting_id: i64,
    ) -> Result<Vec<ParticipantView>> {
        self.db
            .fetch_all(
                &format!("{SELECT_PARTICIPANT} WHERE p.meeting_id = $1 ORDER BY p.name, p.id"),
                crate::args![meeting_id],
            )
            .await
    }

    pub async fn list_meeting_participants(&self, meeting_id: i64) -> Result<Vec<ParticipantView>> {
        let scope = self.scope().await?;
        self.meeting_row(scope.community_id, meeting_id).await?;
        self.meeting_participants(meeting_id).await
    }

    pub async fn add_meeting_participant(
        &self,
        meeting_id: i64,
        input: ParticipantInput,
    ) -> Result<ParticipantView> {
        let scope = self.admin_scope().await?;
        let name = validate::text("name", &input.name, 1, 200)?;
        let email = validate::email("email", &input.email)?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        lock_meeting(&mut tx, scope.community_id, meeting_id).await?;
        let taken: i64 = tx
            .scalar(
                "SELECT count(*) FROM meeting_participants WHERE meeting_id = $1 \
                 AND lower(email) = $2",
                crate::args![meeting_id, &email],
            )
            .await?;
        if taken > 0 {
            return Err(CoreError {
                field: Some("email".into()),
                ..CoreError::conflict(
                    "Someone with this email already takes part in the meeting.",
                    "使用该邮箱的与会人已在本次会议中。",
                )
            });
        }
        let id: i64 = tx
            .scalar(
                "INSERT INTO meeting_participants (meeting_id, name, email, source, created_at) \
                 VALUES ($1, $2, $3, 'manual', $4) RETURNING id",
                crate::args![meeting_id, &name, &email, now],
            )
            .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("add_participant", "meeting_participant")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(id)
                .details(json!({ "meeting_id": meeting_id, "name": name, "email": email })),
        )
        .await?;
        tx.commit().await?;
        self.reminders_changed();
        let row: ParticipantView = self
            .db
            .fetch_one(
                &format!("{SELECT_PARTICIPANT} WHERE p.id = $1"),
                crate::args![id],
            )
            .await?;
        Ok(row)
    }

    pub async fn remove_meeting_participant(&self, participant_id: i64) -> Result<()> {
        let scope = self.admin_scope().await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let row: Option<ParticipantView> = tx
            .fetch_optional(
                &format!("{SELECT_PARTICIPANT} WHERE p.id = $1 AND m.community_id = $2"),
                crate::args![participant_id, scope.community_id],
            )
            .await?;
        let row = row.ok_or_else(|| CoreError::not_found(("participant", "与会人")))?;
        tx.execute(
            "DELETE FROM meeting_participants WHERE id = $1",
            crate::args![participant_id],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("remove_participant", "meeting_participant")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(participant_id)
                .details(json!({ "meeting_id": row.meeting_id, "email": row.email })),
        )
        .await?;
        tx.commit().await?;
        self.reminders_changed();
        Ok(())
    }

    /// Adds the committee's active members who have an email and are not yet participants.
    pub async fn import_participants_from_committee(
        &self,
        meeting_id: i64,
    ) -> Result<ParticipantImport> {
        let scope = self.admin_scope().await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        lock_meeting(&mut tx, scope.community_id, meeting_id).await?;
        let members: Vec<(String, Option<String>)> = tx
            .fetch_all(
                "SELECT cm.name, cm.email FROM committee_members cm \
                 JOIN meetings m ON m.committee_id = cm.committee_id \
                 WHERE m.id = $1 AND cm.is_active ORDER BY cm.id",
                crate::args![meeting_id],
            )
            .await?;
        let existing: Vec<(String,)> = tx
            .fetch_all(
                "SELECT lower(email) FROM meeting_participants WHERE meeting_id = $1",
                crate::args![meeting_id],
            )
            .await?;
        let mut seen: HashSet<String> = existing.into_iter().map(|(e,)| e).collect();
        let mut outcome = ParticipantImport {
            added: 0,
            skipped_duplicates: 0,
            skipped_without_email: 0,
        };
        for (name, email) in members {
            let Some(email) = email
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty())
            else {
                outcome.skipped_without_email += 1;
                continue;
            };
            if !seen.insert(email.clone()) {
                outcome.skipped_duplicates += 1;
                continue;
            }
            tx.execute(
                "INSERT INTO meeting_participants (meeting_id, name, email, source, created_at) \
                 VALUES ($1, $2, $3, 'committee_import', $4)",
                crate::args![meeting_id, &name, &email, now],
            )
            .await?;
            outcome.added += 1;
        }
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("import_participants", "meeting")
                .by(scope.user_id())
                .community(scope.community_id)
                .resource(meeting_id)
                .details(json!(outcome)),
        )
        .await?;
        tx.commit().await?;
        self.reminders_changed();
        Ok(outcome)
    }
}
