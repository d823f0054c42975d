//! Harness for end-to-end tests through the real openGecko window.
//!
//! Each [`App`] starts `tauri-driver` (which starts WebKitWebDriver, which starts the built app)
//! with its own empty data and config folders, so every test begins on a fresh local database.
//! Every WebDriver call has a timeout: a hung window fails the test instead of hanging CI.
//!
//! - [`driver`]: starting and stopping the app, screenshots, its folders and memory;
//! - [`actions`]: one user gesture or one wait at a time (click, type, choose, wait for text);
//! - [`flows`]: the few sequences many tests share (first-run setup, sign in and out, a new
//!   community);
//! - [`data`]: what tests read besides the window (the app's database, the shared corpus);
//! - [`desktop`] and [`seed`]: the session bus and X display, and a second client of the
//!   database.

pub mod actions;
pub mod data;
pub mod desktop;
pub mod driver;
pub mod flows;
pub mod seed;

pub use data::{corpus_file, open_db};
pub use driver::App;
pub use flows::ROOT_PASSWORD;

use std::time::Duration;

/// How long any one WebDriver call or wait may take.
const STEP: Duration = Duration::from_secs(20);

/// Awaits `fut` for at most [`STEP`]; an error or a timeout fails the test, naming `what`.
async fn within<T, E: std::fmt::Debug>(
    what: &str,
    fut: impl std::future::Future<Output = Result<T, E>>,
) -> T {
    match tokio::time::timeout(STEP, fut).await {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => panic!("{what}: {e:?}"),
        Err(_) => panic!("{what}: timed out after {STEP:?}"),
    }
}

/// The CSS selector of the element with this `data-testid`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}
