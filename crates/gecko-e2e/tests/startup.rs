//! Start-up time and memory on a full database (run by scripts/bench.sh, not by the test suite).
//!
//! `GECKO_STARTUP_DB` names a SQLite file made by `gecko-seed`. The start-up time runs from the
//! app's process start (read from `/proc`) to the first page reporting itself ready, seen by
//! polling every 20 ms; copying the database and starting WebDriver come before and do not count.

use gecko_e2e::App;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs GECKO_STARTUP_DB; run by scripts/bench.sh"]
async fn startup_time_and_memory_on_five_years_of_data() {
    let db = std::env::var("GECKO_STARTUP_DB").expect("GECKO_STARTUP_DB");
    let mut app = App::launch_with_database("startup", Some(std::path::Path::new(&db))).await;
    app.wait_polling("body[data-ready=\"true\"]", Duration::from_millis(20))
        .await;
    let ready = app.process_age().expect("the app's process start time");
    let after_start = app.memory_mib();

    app.type_into("login-username", "user01").await;
    app.type_into("login-password", gecko_bench_password())
        .await;
    app.click("login-submit").await;
    app.wait_id("current-user").await;
    let pages = app.nav_ids().await;
    for id in &pages {
        app.click(id).await;
        app.wait("[data-page]").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        println!("memory after {id}: {:.0} MiB", app.memory_mib());
    }
    let after_pages = app.memory_mib();
    for (process, mib) in app.memory_by_process() {
        println!("memory of {process}: {mib:.0} MiB");
    }
    app.shot("last-page").await;
    println!(
        "start-up to a usable first page: {} ms (target < 1500 ms)",
        ready.as_millis()
    );
    println!("memory after start: {after_start:.0} MiB (target < 200 MiB)");
    println!(
        "memory after opening {} pages once: {after_pages:.0} MiB",
        pages.len()
    );
    app.quit().await;
}

fn gecko_bench_password() -> &'static str {
    "password123"
}
