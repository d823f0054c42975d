//! The automatic backups: a background task that sleeps until the next daily backup time, asks
//! the core to run it into `<app data>/backups`, and sleeps again.
//!
//! The core decides whether a backup is owed (`scheduled_backup_tick`: once per daily slot,
//! failures recorded for the settings page), so waking early is harmless. Each sleep is capped
//! at [`MAX_SLEEP`] so that a changed time, a switched database or a computer that was asleep
//! is noticed within minutes, without a per-second loop.

use crate::state::AppState;
use chrono::{DateTime, Duration as Days, FixedOffset, Local, NaiveTime, Offset, Utc};
use gecko_core::safety::BackupSettings;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tauri::{AppHandle, Manager};

/// The longest the task sleeps before looking again.
const MAX_SLEEP: Duration = Duration::from_secs(15 * 60);
/// Wakes a little after the slot so that "the slot has passed" holds when the core checks.
const MARGIN: Duration = Duration::from_secs(2);

/// Where the automatic backups are kept.
pub fn backups_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// Starts the task; it lives as long as the app.
pub fn spawn(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            let wait = tick(&app).await;
            tokio::time::sleep(wait).await;
        }
    });
}

/// Runs the backup if one is owed; returns how long to sleep before the next look.
async fn tick(app: &AppHandle) -> Duration {
    let state = app.state::<AppState>();
    // No database open (a team server that is down): the database page says so; look later.
    let Ok(core) = state.core().await else {
        return MAX_SLEEP;
    };
    let offset = Local::now().offset().fix();
    let dir = backups_dir(&state.data_dir);
    match core.scheduled_backup_tick(&dir, Utc::now(), offset).await {
        Ok(Some(done)) => tracing::info!(
            file = %done.backup.file_name,
            size = done.backup.size,
            pruned = done.pruned.len(),
            "automatic backup written"
        ),
        Ok(None) => {}
        // Recorded by the core as the last result, which the backups page shows.
        Err(e) => tracing::error!(code = ?e.code, "automatic backup failed"),
    }
    match core.backup_schedule().await {
        Ok(status) => until_next(&status.settings, Utc::now(), offset),
        Err(_) => MAX_SLEEP,
    }
}

/// Time until the next daily slot (plus a margin), at most [`MAX_SLEEP`].
fn until_next(settings: &BackupSettings, now: DateTime<Utc>, offset: FixedOffset) -> Duration {
    let time = NaiveTime::parse_from_str(&settings.daily_time, "%H:%M").ok();
    let Some(time) = time.filter(|_| settings.enabled) else {
        return MAX_SLEEP;
    };
    let local_now = now.with_timezone(&offset);
    let Some(today) = local_now
        .date_naive()
        .and_time(time)
        .and_local_timezone(offset)
        .single()
    else {
        return MAX_SLEEP;
    };
    let next = if today > local_now {
        today
    } else {
        today + Days::days(1)
    };
    let until = (next - local_now).to_std().unwrap_or(Duration::ZERO);
    (until + MARGIN).min(MAX_SLEEP)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn settings(time: &str, enabled: bool) -> BackupSettings {
        BackupSettings {
            enabled,
            daily_time: time.into(),
            keep_days: 30,
        }
    }

    #[test]
    fn sleeps_until_the_slot_when_it_is_near_and_caps_long_waits() {
        let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
        // 02:55 in Beijing: the 03:00 slot is five minutes away.
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 18, 55, 0).unwrap();
        assert_eq!(
            until_next(&settings("03:00", true), now, beijing),
            Duration::from_secs(5 * 60) + MARGIN
        );
        // Just after the slot, the next one is a day away: capped.
        let after = Utc.with_ymd_and_hms(2026, 3, 1, 19, 0, 1).unwrap();
        assert_eq!(
            until_next(&settings("03:00", true), after, beijing),
            MAX_SLEEP
        );
    }

    #[test]
    fn disabled_or_unreadable_settings_only_look_again_later() {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 18, 59, 0).unwrap();
        let utc = FixedOffset::east_opt(0).unwrap();
        assert_eq!(until_next(&settings("19:00", false), now, utc), MAX_SLEEP);
        assert_eq!(until_next(&settings("7 pm", true), now, utc), MAX_SLEEP);
        assert_eq!(
            until_next(&settings("19:00", true), now, utc),
            Duration::from_secs(60) + MARGIN
        );
    }
}
