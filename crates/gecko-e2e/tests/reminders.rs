//! A reminder really fires: the app is set up through its window, a meeting is written to its
//! database by a second client (the meeting screens are another part of the app), the window
//! is closed (it hides to the tray), and the session bus must carry exactly one `Notify` call
//! with the meeting's title within 2 seconds of the reminder's due time.

use chrono::Duration;
use gecko_e2e::desktop::{close_windows, visible_windows, NotifyMonitor};
use gecko_e2e::{open_db, seed, App, ROOT_PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_fires_once_as_a_native_notification_with_the_window_hidden() {
    let monitor = NotifyMonitor::start();
    let mut app = App::launch("reminders").await;
    app.setup_root().await;
    app.shot("signed-in").await;

    // Another client writes the meeting. The app learns of it at its next look (at most a
    // minute later), so the reminder is due 65 seconds from now.
    let other = seed::signed_in_core(&app.data_dir(), "root", ROOT_PASSWORD).await;
    let committee = seed::community_with_committee(&other, "e2e").await;
    let due = seed::whole_second_after(Duration::seconds(65));
    let title = format!("E2E 提醒 {}", due.timestamp());
    let meeting =
        seed::meeting_reminding_at(&other, committee, &title, due, "root@example.org").await;

    // Close the window: it hides to the tray and the app keeps running.
    close_windows("openGecko");
    for _ in 0..50 {
        if visible_windows("openGecko").is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        visible_windows("openGecko").is_empty(),
        "the window is still shown after closing it"
    );

    // Exactly one Notify, within 2 s of the due time, showing time and place.
    let wait = (due - chrono::Utc::now()).to_std().unwrap_or_default();
    let seen = monitor
        .wait_for(&title, wait + std::time::Duration::from_secs(10))
        .await
        .unwrap_or_else(|| panic!("no Notify for {title}; bus saw {:?}", monitor.calls()));
    let delay = seen.time - due.timestamp() as f64;
    println!("reminder due {due}, Notify {delay:.3} s later");
    assert!(
        (0.0..=2.0).contains(&delay),
        "Notify came {delay:.3} s after the due time"
    );
    assert_eq!(
        seen.body,
        format!(
            "{} Asia/Shanghai · https://meet.example.org/j/e2e",
            (due + Duration::hours(2))
                .with_timezone(&chrono_tz_shanghai())
                .format("%Y-%m-%d %H:%M")
        )
    );
    // A few more seconds: still only one, though the app kept looking.
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    assert_eq!(
        monitor.calls_titled(&title).len(),
        1,
        "fired more than once"
    );

    // The app recorded the delivery for its device and the reminder as sent.
    let db = open_db(&app.data_dir()).await;
    let rows: Vec<(String, String)> = db
        .fetch_all(
            "SELECT r.status, d.status FROM meeting_reminders r \
             JOIN reminder_deliveries d ON d.reminder_id = r.id \
             WHERE r.meeting_id = $1 AND r.reminder_type = 'two_hours'",
            gecko_core::args![meeting],
        )
        .await
        .unwrap();
    assert_eq!(rows, vec![("sent".to_string(), "sent".to_string())]);
    app.quit().await;
}

fn chrono_tz_shanghai() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).unwrap()
}
