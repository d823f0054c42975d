//! Tuning of the window's web view.
//!
//! On Linux the UI runs in WebKitGTK; JavaScriptCore is told to size its heap small (below).
//! Setting WebKit's cache model to "document viewer" was measured too and changed nothing
//! (182 vs 179 MiB for a plain page), so it is not done.
//!
//! Not done: turning GPU compositing off (`HardwareAccelerationPolicy::Never`) halved a plain
//! page's web process under Xvfb (182 → 94 MiB), but WebKitWebDriver's screenshots of an open
//! dialog then never completed, so the window's rendering path stays WebKit's default.

/// JavaScriptCore sizes its garbage-collected heap from the machine's memory: on a 24 GiB
/// machine the heap of this app's pages grew to several hundred MiB of garbage before a full
/// collection. Telling it the machine has 256 MiB makes it collect sooner; measured on the
/// five-year database, the web process after opening every page went from ~720 to ~370 MiB
/// with page switches as fast as before. The web process inherits this process's environment,
/// so this must run before the first web view starts, and a value the user set is kept.
const JSC_RAM_SIZE: &str = "268435456";

/// Sets the JavaScriptCore options above. Call first thing in `run`, before any thread starts.
pub(crate) fn prepare_environment() {
    if std::env::var_os("JSC_forceRAMSize").is_none() {
        std::env::set_var("JSC_forceRAMSize", JSC_RAM_SIZE);
    }
}
