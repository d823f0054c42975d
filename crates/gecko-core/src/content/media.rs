//! The media folder: cover images and images extracted from imported documents.
//!
//! Files get random names (`<32 hex>.<ext>`) so nothing a user typed ever becomes a path, and a
//! content refers to one as `media/<name>`: relative, so the Markdown stays portable. The app
//! shell serves [`crate::CoreConfig::media_dir`] under that `media/` prefix for the preview
//! (see [`Core::media_path`]), and publishing uploads the file and replaces the reference. The
//! type of an uploaded image is read from its first bytes, never from its name.

use super::{content_audit, load_meta, touch, Access, ContentView};
use crate::audit;
use crate::core::Core;
use crate::error::{CoreError, Result};
use serde_json::json;
use std::path::{Path, PathBuf};

/// How contents refer to a media file: `media/<file name>`.
pub const MEDIA_PREFIX: &str = "media/";

/// Largest cover image accepted.
pub const COVER_MAX_BYTES: usize = 10 * 1024 * 1024;

/// An image type the product shows and publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageKind {
    pub mime: &'static str,
    pub extension: &'static str,
}

/// The image type of `bytes` from their magic numbers, whatever the file is called.
pub fn sniff_image(bytes: &[u8]) -> Option<ImageKind> {
    let kind = infer::get(bytes)?;
    let extension = match kind.mime_type() {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "image/gif" => "gif",
        "image/bmp" => "bmp",
        "image/tiff" => "tif",
        _ => return None,
    };
    Some(ImageKind {
        mime: kind.mime_type(),
        extension,
    })
}

/// A new random file name for the media folder.
pub(crate) fn new_media_name(extension: &str) -> String {
    format!("{:032x}.{extension}", rand::random::<u128>())
}

/// Writes one file into the media folder, creating the folder when needed.
pub(crate) async fn write_media_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let io_error = |err: std::io::Error| {
        tracing::error!(error = %err, dir = %dir.display(), "media folder not writable");
        CoreError::io(
            "The image could not be saved in the app's media folder; check the disk space and \
             the folder's permissions.",
            "无法将图片保存到应用的媒体文件夹，请检查磁盘空间和文件夹权限。",
        )
    };
    tokio::fs::create_dir_all(dir).await.map_err(io_error)?;
    tokio::fs::write(dir.join(name), bytes)
        .await
        .map_err(io_error)
}

/// Writes `bytes` under a new random name; returns the `media/<name>` reference.
pub(crate) async fn save_media(dir: &Path, bytes: &[u8], extension: &str) -> Result<String> {
    let name = new_media_name(extension);
    write_media_file(dir, &name, bytes).await?;
    Ok(format!("{MEDIA_PREFIX}{name}"))
}

/// The file behind a `media/<name>` reference, if the reference is one this module made.
pub fn resolve_media(dir: &Path, reference: &str) -> Option<PathBuf> {
    let name = reference.strip_prefix(MEDIA_PREFIX)?;
    let (stem, extension) = name.split_once('.')?;
    let safe = stem.len() == 32
        && stem.bytes().all(|b| b.is_ascii_hexdigit())
        && !extension.is_empty()
        && extension.len() <= 5
        && extension.bytes().all(|b| b.is_ascii_alphanumeric());
    safe.then(|| dir.join(name))
}

/// Removes a media file; a file already gone is fine, another failure is only logged (the
/// content change it follows has been committed).
pub(crate) async fn remove_media_file(dir: &Path, reference: &str) {
    if let Some(path) = resolve_media(dir, reference) {
        if let Err(err) = tokio::fs::remove_file(&path).await {
            if err.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(error = %err, path = %path.display(), "old media file kept");
            }
        }
    }
}

impl Core {
    /// The file a `media/<name>` reference points to, for the shell to serve to the preview.
    pub fn media_path(&self, reference: &str) -> Option<PathBuf> {
        resolve_media(&self.config.media_dir, reference)
    }

    /// Sets the cover image (jpg, png or webp, at most 10 MB), replacing the old file.
    pub async fn set_content_cover(
        &self,
        id: i64,
        file_name: String,
        bytes: Vec<u8>,
    ) -> Result<ContentView> {
        let scope = self.scope().await?;
        if bytes.len() > COVER_MAX_BYTES {
            return Err(CoreError::validation(
                "cover_image",
                "The cover image is larger than 10 MB; choose a smaller image.",
                "封面图片超过 10 MB，请选择更小的图片。",
            ));
        }
        let kind = sniff_image(&bytes)
            .filter(|k| matches!(k.extension, "jpg" | "png" | "webp"))
            .ok_or_else(|| {
                CoreError::validation(
                    "cover_image",
                    format!(
                        "\"{file_name}\" is not a JPEG, PNG or WebP image; choose one of those."
                    ),
                    format!("“{file_name}”不是 JPEG、PNG 或 WebP 图片，请选择这几种格式之一。"),
                )
            })?;
        {
            // Check the rights before a file is written.
            let mut tx = self.db.begin().await?;
            let (_, access) = load_meta(&mut tx, &scope, id).await?;
            Access::require(access.may_edit())?;
        }

        let reference = save_media(&self.config.media_dir, &bytes, kind.extension).await?;
        let now = self.now();
        let result = async {
            let mut tx = self.db.begin().await?;
            let (meta, access) = load_meta(&mut tx, &scope, id).await?;
            Access::require(access.may_edit())?;
            tx.execute(
                "UPDATE contents SET cover_image = $1 WHERE id = $2",
                crate::args![&reference, id],
            )
            .await?;
            touch(&mut tx, id, now).await?;
            audit::record(
                &mut tx,
                now,
                content_audit("set_cover", &scope, id).details(json!({
                    "cover_image": [meta.cover_image, reference],
                    "file_name": file_name,
                    "bytes": bytes.len(),
                })),
            )
            .await?;
            tx.commit().await?;
            Ok::<_, CoreError>(meta.cover_image)
        }
        .await;
        match result {
            Ok(old) => {
                if let Some(old) = old {
                    remove_media_file(&self.config.media_dir, &old).await;
                }
                self.content_view(&scope, id).await
            }
            Err(err) => {
                remove_media_file(&self.config.media_dir, &reference).await;
                Err(err)
            }
        }
    }
}
