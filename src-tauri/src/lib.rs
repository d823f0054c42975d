//! openGecko Desktop's shell: wires the core's commands to the window, and owns what only a
//! desktop app has (the settings store, the tray, native notifications).
//!
//! This file is the table of contents; each concern lives in its own module.

mod backups;
mod commands;
mod keystore;
mod media;
mod reminders;
mod secrets;
mod settings;
mod state;
mod tray;
mod webview;

pub use commands::specta_builder;

use tauri::Manager;

static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// When this process started its run, for the start-up measurement.
pub(crate) fn started() -> std::time::Instant {
    *STARTED.get_or_init(std::time::Instant::now)
}

pub fn run() {
    started();
    webview::prepare_environment();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();

    let builder = specta_builder();
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .register_asynchronous_uri_scheme_protocol(media::SCHEME, media::handle)
        .invoke_handler(builder.invoke_handler())
        .on_window_event(tray::on_window_event)
        .setup(move |app| {
            builder.mount_events(app);
            let state = tauri::async_runtime::block_on(state::AppState::open(app.handle()))?;
            app.manage(state);
            backups::spawn(app.handle().clone());
            tray::install(app.handle());
            reminders::start(app.handle());
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "openGecko could not start");
            std::process::exit(1);
        });
}
