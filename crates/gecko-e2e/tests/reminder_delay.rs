//! Benchmark: how late a reminder's notification reaches the session bus after its due time.
//! Eight meetings are written with reminders due 3 s apart, the window is hidden, and the
//! delay of each `Notify` call (bus timestamp − due time) is printed with min, median and max.
//! Run it with `bash scripts/bench-reminders.sh`.

use chrono::Duration;
use gecko_e2e::desktop::{close_windows, NotifyMonitor};
use gecko_e2e::{seed, App, ROOT_PASSWORD};

const MEETINGS: i64 = 8;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark of about two minutes; run by scripts/bench-reminders.sh"]
async fn reminder_delay_figures() {
    let monitor = NotifyMonitor::start();
    let app = App::launch("reminder-delay").await;
    app.setup_root().await;
    let other = seed::signed_in_core(&app.data_dir(), "root", ROOT_PASSWORD).await;
    let committee = seed::community_with_committee(&other, "bench").await;

    // The first is due after the app's longest sleep, so it has seen the new rows.
    let first = seed::whole_second_after(Duration::seconds(62));
    let mut due = Vec::new();
    for i in 0..MEETINGS {
        let at = first + Duration::seconds(3 * i);
        let title = format!("Bench {i} {}", at.timestamp());
        seed::meeting_reminding_at(&other, committee, &title, at, "root@example.org").await;
        due.push((title, at));
    }
    close_windows("openGecko");

    let mut delays = Vec::new();
    for (title, at) in &due {
        let wait = (*at - chrono::Utc::now()).to_std().unwrap_or_default();
        let seen = monitor
            .wait_for(title, wait + std::time::Duration::from_secs(10))
            .await
            .unwrap_or_else(|| panic!("no Notify for {title}"));
        let delay_ms = (seen.time - at.timestamp() as f64) * 1000.0;
        println!("{title}: Notify {delay_ms:.1} ms after due");
        delays.push(delay_ms);
    }
    for (title, _) in &due {
        assert_eq!(monitor.calls_titled(title).len(), 1, "{title} fired twice");
    }
    delays.sort_by(f64::total_cmp);
    println!(
        "reminder delay over {} reminders: min {:.1} ms, median {:.1} ms, max {:.1} ms",
        delays.len(),
        delays[0],
        delays[delays.len() / 2],
        delays[delays.len() - 1]
    );
    assert!(delays[0] >= 0.0, "a notification came before its due time");
    app.quit().await;
}
