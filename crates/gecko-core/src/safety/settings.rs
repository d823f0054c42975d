//! The automatic-backup settings and the last backup's result, kept in `app_settings`.
//!
//! A failed backup is recorded with its error, never hidden: the settings page shows the last
//! result, and the background task decides with [`backup_due`] whether today's backup is owed.

use super::backup::{BackupInfo, ScheduledBackup};
use crate::audit::{self, AuditEntry};
use crate::core::Core;
use crate::error::{CoreError, Result};
use chrono::{DateTime, Duration, FixedOffset, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::path::Path;

const SETTINGS_KEY: &str = "backup.settings";
const LAST_RESULT_KEY: &str = "backup.last_result";
const UPSERT_SETTING: &str = "INSERT INTO app_settings (key, value, updated_at) \
     VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, \
     updated_at = excluded.updated_at";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct BackupSettings {
    pub enabled: bool,
    /// Local time of day, `HH:MM`.
    pub daily_time: String,
    pub keep_days: i32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings {
            enabled: true,
            daily_time: "03:00".into(),
            keep_days: 30,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct BackupResult {
    pub at: DateTime<Utc>,
    pub ok: bool,
    pub file: Option<String>,
    pub size: Option<i64>,
    pub error: Option<String>,
    pub error_zh: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct BackupStatus {
    pub settings: BackupSettings,
    pub last_result: Option<BackupResult>,
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

/// Whether the daily backup is owed at `now`: the most recent daily slot (in `offset`, the
/// computer's UTC offset) has passed and no attempt was made since. A failed attempt counts,
/// so a broken disk is reported once a day, not retried in a loop.
pub fn backup_due(
    settings: &BackupSettings,
    last_attempt: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> bool {
    let Some(time) = parse_time(&settings.daily_time).filter(|_| settings.enabled) else {
        return false;
    };
    let local_now = now.with_timezone(&offset);
    let slot_today = local_now.date_naive().and_time(time);
    let Some(slot_today) = slot_today.and_local_timezone(offset).single() else {
        return false;
    };
    let slot = if slot_today > local_now {
        slot_today - Duration::days(1)
    } else {
        slot_today
    };
    last_attempt.is_none_or(|last| last < slot.with_timezone(&Utc))
}

fn validated(input: BackupSettings) -> Result<BackupSettings> {
    let Some(time) = parse_time(&input.daily_time) else {
        return Err(CoreError::validation(
            "daily_time",
            "Give the daily backup time as HH:MM, for example 03:00.",
            "请以 HH:MM 格式填写每日备份时间，例如 03:00。",
        ));
    };
    if !(1..=3650).contains(&input.keep_days) {
        return Err(CoreError::validation(
            "keep_days",
            "Keep backups for 1 to 3650 days.",
            "备份保留天数须在 1 到 3650 之间。",
        ));
    }
    Ok(BackupSettings {
        daily_time: time.format("%H:%M").to_string(),
        ..input
    })
}

impl Core {
    async fn setting(&self, key: &str) -> Result<Option<String>> {
        self.db
            .scalar_optional(
                "SELECT value FROM app_settings WHERE key = $1",
                crate::args![key],
            )
            .await
    }

    /// The schedule and last result, without a session: for the shell's background task.
    pub async fn backup_schedule(&self) -> Result<BackupStatus> {
        let settings = match self.setting(SETTINGS_KEY).await? {
            Some(text) => serde_json::from_str(&text)?,
            None => BackupSettings::default(),
        };
        let last_result = match self.setting(LAST_RESULT_KEY).await? {
            Some(text) => Some(serde_json::from_str(&text)?),
            None => None,
        };
        Ok(BackupStatus {
            settings,
            last_result,
        })
    }

    /// One tick of the shell's background task: runs the scheduled backup into `dir` when
    /// [`backup_due`] says so (with the stored keep days), else does nothing. `offset` is the
    /// computer's UTC offset, for the daily time.
    pub async fn scheduled_backup_tick(
        &self,
        dir: &Path,
        now: DateTime<Utc>,
        offset: FixedOffset,
    ) -> Result<Option<ScheduledBackup>> {
        let status = self.backup_schedule().await?;
        let last_attempt = status.last_result.map(|r| r.at);
        if !backup_due(&status.settings, last_attempt, now, offset) {
            return Ok(None);
        }
        let keep_days = i64::from(status.settings.keep_days);
        self.run_scheduled_backup(dir, keep_days, now)
            .await
            .map(Some)
    }

    pub async fn get_backup_settings(&self) -> Result<BackupStatus> {
        self.superuser().await?;
        self.backup_schedule().await
    }

    pub async fn set_backup_settings(&self, input: BackupSettings) -> Result<BackupStatus> {
        let actor = self.superuser().await?;
        let settings = validated(input)?;
        let before = self.backup_schedule().await?.settings;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        tx.execute(
            UPSERT_SETTING,
            crate::args![SETTINGS_KEY, serde_json::to_string(&settings)?, now],
        )
        .await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("update_backup_settings", "app_settings")
                .by(actor.id)
                .details(json!({
                    "enabled": [before.enabled, settings.enabled],
                    "daily_time": [before.daily_time, settings.daily_time],
                    "keep_days": [before.keep_days, settings.keep_days],
                })),
        )
        .await?;
        tx.commit().await?;
        self.backup_schedule().await
    }

    /// Stores the outcome of a backup attempt. Best effort: when the database itself is what
    /// failed, the error is still returned to the caller and logged.
    pub(crate) async fn record_backup_result(
        &self,
        at: DateTime<Utc>,
        outcome: &Result<BackupInfo>,
    ) {
        let result = match outcome {
            Ok(info) => BackupResult {
                at,
                ok: true,
                file: Some(info.file_name.clone()),
                size: Some(info.size),
                error: None,
                error_zh: None,
            },
            Err(e) => BackupResult {
                at,
                ok: false,
                file: None,
                size: None,
                error: Some(e.message.clone()),
                error_zh: Some(e.message_zh.clone()),
            },
        };
        let Ok(value) = serde_json::to_string(&result) else {
            return;
        };
        let stored = self
            .db
            .execute(
                UPSERT_SETTING,
                crate::args![LAST_RESULT_KEY, value, self.now()],
            )
            .await;
        if let Err(e) = stored {
            tracing::error!(error = %e, "backup result could not be recorded");
        }
        if !result.ok {
            tracing::error!(error = ?result.error, "backup failed");
        }
    }
}
