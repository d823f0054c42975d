//! Tuning of the window's web view.
//!
//! On Linux the UI runs in WebKitGTK. Its memory caches are sized for a single-document app,
//! and JavaScriptCore is told to size its heap small (below). `GECKO_WEBKIT_DEFAULTS=1` keeps
//! WebKit's cache defaults, for comparison.
//!
//! Not done: turning GPU compositing off (`HardwareAccelerationPolicy::Never`) halved a plain
//! page's web process under Xvfb (182 → 94 MiB), but WebKitWebDriver's screenshots of an open
//! dialog then never completed, so the window's rendering path stays WebKit's default.

use tauri::Manager;

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

/// Applies the settings to the main window's web view. Runs in the app's setup, before the
/// first page has rendered.
pub(crate) fn tune(app: &tauri::AppHandle) {
    if std::env::var("GECKO_WEBKIT_DEFAULTS").as_deref() == Ok("1") {
        return;
    }
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    if let Err(e) = window.with_webview(platform::tune) {
        tracing::warn!(error = %e, "web view settings not applied");
    }
}

#[cfg(target_os = "linux")]
mod platform {
    use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};

    pub(super) fn tune(webview: tauri::webview::PlatformWebview) {
        if let Some(context) = webview.inner().context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    pub(super) fn tune(_webview: tauri::webview::PlatformWebview) {}
}
