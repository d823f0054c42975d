//! `import_content`: a Markdown or Word file becomes a draft owned by the importer.
//!
//! The file's extension says what it claims to be and its bytes must agree: a .docx is a ZIP
//! (starts with `PK\x03\x04`), a .md is UTF-8 text without NUL bytes. Metadata that does not fit
//! the content's limits (a 600-character title, 40 tags) is shortened rather than refused: an
//! import should not fail on a byline. Images from a .docx are written before the transaction
//! and removed again if it fails.

use super::content_audit;
use super::crud::insert_content;
use super::import_docx::docx_to_markdown;
use super::import_md::{parse_markdown, FrontMatterDate};
use super::model::{
    SourceType, ValidFields, AUTHOR_MAX, CATEGORY_MAX, TAGS_MAX, TAG_MAX, TITLE_MAX,
};
use super::ContentView;
use crate::audit;
use crate::core::Core;
use crate::error::{CoreError, Result};
use chrono::{DateTime, Datelike, NaiveTime, Utc};
use serde_json::json;

/// Largest file accepted for import.
pub const IMPORT_MAX_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Markdown,
    Docx,
}

fn wrong_type(file_name: &str, claimed: &str) -> CoreError {
    CoreError::validation(
        "file",
        format!("\"{file_name}\" is named like a {claimed} file but its contents are not; choose the real file."),
        format!("“{file_name}”的扩展名是 {claimed}，但文件内容并不是，请选择正确的文件。"),
    )
}

fn kind_of(file_name: &str, bytes: &[u8]) -> Result<FileKind> {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "md" | "markdown" => {
            if bytes.starts_with(b"PK\x03\x04") || bytes.contains(&0) {
                return Err(wrong_type(file_name, "Markdown"));
            }
            Ok(FileKind::Markdown)
        }
        "docx" => {
            if !bytes.starts_with(b"PK\x03\x04") {
                return Err(wrong_type(file_name, "Word (.docx)"));
            }
            Ok(FileKind::Docx)
        }
        _ => Err(CoreError::validation(
            "file",
            "Only Markdown (.md, .markdown) and Word (.docx) files can be imported.",
            "只能导入 Markdown（.md、.markdown）或 Word（.docx）文件。",
        )),
    }
}

/// The first `max` characters of `text`, trimmed.
fn shorten(text: &str, max: usize) -> String {
    text.trim()
        .chars()
        .take(max)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The file name without folders (a path from a drag-and-drop must not leak the user's tree).
fn bare_file_name(file_name: &str) -> String {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    shorten(name, 500)
}

struct Imported {
    title: Option<String>,
    body: String,
    tags: Vec<String>,
    category: String,
    author: String,
    date: Option<FrontMatterDate>,
    images: Vec<super::import_docx::ExtractedImage>,
}

impl Core {
    /// Imports a .md/.markdown or .docx file (at most 10 MB) as a new draft owned by the caller.
    pub async fn import_content(&self, file_name: String, bytes: Vec<u8>) -> Result<ContentView> {
        let scope = self.scope().await?;
        if bytes.len() > IMPORT_MAX_BYTES {
            return Err(CoreError::validation(
                "file",
                "The file is larger than 10 MB; split it or shrink its images, then import again.",
                "文件超过 10 MB，请拆分文件或压缩其中的图片后再导入。",
            ));
        }
        let source_file = bare_file_name(&file_name);
        let kind = kind_of(&source_file, &bytes)?;
        let imported = match kind {
            FileKind::Markdown => {
                let text = std::str::from_utf8(&bytes).map_err(|_| {
                    CoreError::validation(
                        "file",
                        "This Markdown file is not UTF-8 text; save it as UTF-8 and import again.",
                        "此 Markdown 文件不是 UTF-8 文本，请另存为 UTF-8 编码后重新导入。",
                    )
                })?;
                if text.contains('\0') {
                    return Err(CoreError::validation(
                        "file",
                        "This file holds NUL characters, so it is not a Markdown text file.",
                        "此文件含有 NUL 字符，不是 Markdown 文本文件。",
                    ));
                }
                let md = parse_markdown(text);
                Imported {
                    title: md.title,
                    body: md.body.to_string(),
                    tags: md.tags,
                    category: md.category.unwrap_or_default(),
                    author: md.author.unwrap_or_default(),
                    date: md.date,
                    images: Vec::new(),
                }
            }
            FileKind::Docx => {
                // Reading a Word file is CPU work: keep it off the async workers.
                let owned = bytes.clone();
                let doc = tokio::task::spawn_blocking(move || docx_to_markdown(&owned))
                    .await
                    .map_err(|_| CoreError::internal())??;
                Imported {
                    title: doc.first_heading,
                    body: doc.markdown,
                    tags: Vec::new(),
                    category: String::new(),
                    author: String::new(),
                    date: None,
                    images: doc.images,
                }
            }
        };

        let stem = source_file
            .rsplit_once('.')
            .map(|(stem, _)| stem)
            .unwrap_or(&source_file);
        let title = imported
            .title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| stem.to_string());
        let tags: Vec<String> = imported
            .tags
            .iter()
            .map(|t| shorten(t, TAG_MAX))
            .take(TAGS_MAX)
            .collect();
        let scheduled = match imported.date {
            Some(date) => Some(self.date_in_community(scope.community_id, date).await?),
            None => None,
        }
        // A front-matter date no backend can store (year 0, 10000) is dropped like an
        // unreadable one: the import is lenient about front matter.
        .filter(|t| crate::db::YEARS.contains(&t.year()));
        let fields = ValidFields::new(
            &shorten(&title, TITLE_MAX),
            imported.body,
            SourceType::Contribution,
            &shorten(&imported.author, AUTHOR_MAX),
            &tags,
            &shorten(&imported.category, CATEGORY_MAX),
            scheduled,
        )?;
        let html = super::render::render_markdown_async(&fields.content_markdown).await;

        let media_dir = self.config.media_dir.clone();
        let mut written = Vec::new();
        let result = async {
            for image in &imported.images {
                written.push(image.file_name.clone());
                super::media::write_media_file(&media_dir, &image.file_name, &image.bytes).await?;
            }
            let now = self.now();
            let mut tx = self.db.begin().await?;
            let id = insert_content(&mut tx, &scope, now, &fields, &html, Some(&source_file))
                .await?;
            audit::record(
                &mut tx,
                now,
                content_audit("import_content", &scope, id)
                    .details(json!({
                        "file_name": source_file,
                        "kind": match kind { FileKind::Markdown => "markdown", FileKind::Docx => "docx" },
                        "bytes": bytes.len(),
                        "images": imported.images.len(),
                        "title": fields.title,
                    })),
            )
            .await?;
            tx.commit().await?;
            Ok::<_, CoreError>(id)
        }
        .await;
        match result {
            Ok(id) => {
                tracing::info!(content = id, images = written.len(), "content imported");
                self.content_view(&scope, id).await
            }
            Err(err) => {
                for name in written {
                    let _ = tokio::fs::remove_file(media_dir.join(name)).await;
                }
                Err(err)
            }
        }
    }

    /// A front-matter date as an instant; local dates and times are read in the community's
    /// time zone, a bare day at the calendar's default hour.
    async fn date_in_community(
        &self,
        community_id: i64,
        date: FrontMatterDate,
    ) -> Result<DateTime<Utc>> {
        let tz = self.community_timezone(community_id).await?;
        Ok(match date {
            FrontMatterDate::Instant(t) => t,
            FrontMatterDate::Local(t) => super::calendar::local_instant(tz, t.date(), t.time()),
            FrontMatterDate::Day(d) => super::calendar::local_instant(
                tz,
                d,
                NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            ),
        })
    }
}
