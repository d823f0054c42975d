//! The system tray: the app keeps running there when its window is closed, so reminders still
//! fire. The tray's menu opens the window again or quits.
//!
//! On Linux the tray needs libayatana-appindicator at run time; the library panics when it is
//! missing, so building the tray is guarded. Without a tray, closing the window quits as usual
//! rather than leaving an app nobody can reach.

use std::sync::atomic::{AtomicBool, Ordering};
use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Window, WindowEvent};

static TRAY_READY: AtomicBool = AtomicBool::new(false);

/// Adds the tray icon (menu labels in the app's language).
pub fn install(app: &AppHandle) {
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(app)));
    match built {
        Ok(Ok(())) => TRAY_READY.store(true, Ordering::SeqCst),
        Ok(Err(e)) => tracing::warn!(error = %e, "no tray icon"),
        Err(_) => tracing::warn!("no tray icon (is libayatana-appindicator3 installed?)"),
    }
}

fn labels(language: &str) -> (&'static str, &'static str) {
    if language.starts_with("zh") {
        ("打开 openGecko", "退出")
    } else {
        ("Open openGecko", "Quit")
    }
}

fn build(app: &AppHandle) -> tauri::Result<()> {
    let (open_label, quit_label) = labels(&crate::settings::language(app));
    let open = MenuItem::with_id(app, "open", open_label, true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", quit_label, true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;
    let mut tray = TrayIconBuilder::with_id("main")
        .tooltip("openGecko")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id.as_ref() {
            "open" => show_window(app),
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

fn show_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Closing the main window hides it to the tray (when there is one).
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        if window.label() == "main" && TRAY_READY.load(Ordering::SeqCst) {
            api.prevent_close();
            if window.hide().is_ok() {
                tracing::info!("window hidden to the tray");
            }
        }
    }
}
