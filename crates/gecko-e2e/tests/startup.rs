//! Start-up time and memory on a full database (run by scripts/bench.sh, not by the test suite).
//!
//! `GECKO_STARTUP_DB` names a SQLite file made by `gecko-seed`. The time runs from asking
//! WebDriver for a session (which launches the app) to the first page reporting itself ready,
//! so it includes WebDriver's own start-up and slightly overstates what a user waits.

use gecko_e2e::App;
use std::time::Instant;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs GECKO_STARTUP_DB; run by scripts/bench.sh"]
async fn startup_time_and_memory_on_five_years_of_data() {
    let db = std::env::var("GECKO_STARTUP_DB").expect("GECKO_STARTUP_DB");
    let started = Instant::now();
    let mut app = App::launch_with_database("startup", Some(std::path::Path::new(&db))).await;
    app.wait("body[data-ready=\"true\"]").await;
    let ready = started.elapsed();
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
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
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
