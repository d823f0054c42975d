//! The `gecko-media:` URI scheme: serves the media folder's images to the webview, so imported
//! images and covers show in the preview.
//!
//! Only a name the core itself made (`<32 hex>.<ext>`, checked by `Core::media_path`) is looked
//! up, so no request can reach a file outside the media folder; and only bytes whose magic
//! numbers say "image" are answered, with the sniffed type. Anything else is a 404.

use crate::state::AppState;
use gecko_core::content::media::{sniff_image, MEDIA_PREFIX};
use tauri::http::{Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

pub const SCHEME: &str = "gecko-media";

fn not_found() -> Response<Vec<u8>> {
    Response::builder()
        .status(StatusCode::NOT_FOUND)
        .body(Vec::new())
        .unwrap_or_default()
}

/// The image named by the request's last path segment, or `None`.
async fn load(app: &tauri::AppHandle<impl Runtime>, path: &str) -> Option<Response<Vec<u8>>> {
    let name = path.rsplit('/').next()?;
    let state = app.try_state::<AppState>()?;
    let core = state.core().await.ok()?;
    // Signed-in users only, like every command.
    core.actor().await.ok()?;
    let file = core.media_path(&format!("{MEDIA_PREFIX}{name}"))?;
    let bytes = tokio::fs::read(file).await.ok()?;
    let kind = sniff_image(&bytes)?;
    Response::builder()
        .header("Content-Type", kind.mime)
        .header("X-Content-Type-Options", "nosniff")
        .body(bytes)
        .ok()
}

pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: tauri::http::Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let path = request.uri().path().to_owned();
    tauri::async_runtime::spawn(async move {
        let response = load(&app, &path).await.unwrap_or_else(not_found);
        responder.respond(response);
    });
}
