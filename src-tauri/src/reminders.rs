//! The reminder task: sleeps until the next reminder owed to this device's signed-in user,
//! then shows it as a native notification, whether the window is shown, hidden or minimised;
//! it also sends the meetings' email reminders (once in total across clients, see the core).
//!
//! It runs in Rust, not in the webview, whose timers are throttled while the window is hidden.
//! The sleep ends at the due time, when this client changes a meeting or the session (the
//! core's watch), or after at most [`MAX_SLEEP`]: the monotonic timer stops while the computer
//! sleeps, and rows written by other clients of a shared database send no signal, so the task
//! looks again at least once a minute. It never wakes every second.

use crate::settings;
use crate::state::AppState;
use gecko_core::reminders::{sleep_for, Notification, MAX_SLEEP};
use gecko_core::Core;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

/// Starts the task for the app's whole life.
pub fn start(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move { run(app).await });
}

async fn run(app: AppHandle) {
    let device = settings::device_id(&app);
    tracing::info!("reminder task started");
    loop {
        let core = match app.state::<AppState>().core().await {
            Ok(core) => core,
            // No database open (a team server that is down): look again later.
            Err(_) => {
                tokio::time::sleep(MAX_SLEEP).await;
                continue;
            }
        };
        // Subscribed before reading, so a change made meanwhile still ends the sleep.
        let mut changes = core.watch_reminders();

        fire_due(&app, &core, &device).await;
        if let Err(e) = core.send_due_reminder_emails(&device).await {
            tracing::warn!(code = ?e.code, "email reminders not sent");
        }

        let next = match (
            core.next_notification_at(&device).await,
            core.next_reminder_email_at().await,
        ) {
            (Ok(a), Ok(b)) => a.into_iter().chain(b).min(),
            (Err(e), _) | (_, Err(e)) => {
                tracing::warn!(code = ?e.code, "next reminder time not read");
                None
            }
        };
        let wait = sleep_for(core.now(), next);
        drop(core);
        tokio::select! {
            _ = tokio::time::sleep_until(tokio::time::Instant::now() + wait) => {}
            _ = changes.changed() => {}
        }
    }
}

async fn fire_due(app: &AppHandle, core: &Core, device: &str) {
    let due = match core.take_due_notifications(device).await {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!(code = ?e.code, "due reminders not read");
            return;
        }
    };
    for n in due {
        let outcome = show(app, &n);
        if let Err(reason) = &outcome {
            tracing::warn!(reminder = n.reminder_id, %reason, "notification not shown");
        } else {
            tracing::info!(
                reminder = n.reminder_id,
                meeting = n.meeting_id,
                "reminder fired"
            );
        }
        if let Err(e) = core.record_notification(&n, outcome).await {
            tracing::warn!(code = ?e.code, "reminder outcome not recorded");
        }
    }
}

/// Hands the notification to the OS.
// Limitation: on Linux the plugin reports success once the message is queued for the session
// bus; a desktop without a notification service shows nothing and the row still says `sent`.
fn show(app: &AppHandle, n: &Notification) -> Result<(), String> {
    app.notification()
        .builder()
        .title(&n.title)
        .body(&n.body)
        .show()
        .map_err(|e| e.to_string())
}
