//! Word (.docx) → Markdown, through `docx-rs`'s reader.
//!
//! Kept: headings (from the paragraph style's name or outline level, so localised style ids
//! like Japanese "1" work), numbered and bulleted lists with their levels (from the
//! paragraph's or its style's numbering; inside a table cell as inline HTML lists), tables
//! (first row as header, merged cells padded so the grid stays rectangular), external links,
//! bold, italic, strikethrough, text boxes (as paragraphs after their anchor) and embedded
//! images, extracted under random names and referenced as `media/<name>` (see `media.rs`).
//! The Markdown itself is written by `docx_markdown.rs`; runs, links and images are read by
//! `docx_inlines.rs` and tables by `docx_tables.rs`.
//!
//! Limitations: headings inside table cells become plain text; footnotes, comments, headers and
//! footers are not imported (the reader does not expose them); links to bookmarks inside the
//! document (a table of contents) become plain text, since Markdown headings carry no bookmark
//! ids; a numbered list restarts at 1 after an interrupting paragraph.

use super::docx_markdown::{escape_line_start, plain_text, render_inlines, Inline};
use super::media::{new_media_name, sniff_image, MEDIA_PREFIX};
use crate::error::{CoreError, Result};
use docx_rs::{
    DocumentChild, Docx, Paragraph, StructuredDataTagChild, TextBox, TextBoxContentChild,
};
use std::collections::{HashMap, HashSet};

/// An image taken out of the document, to be written to the media folder.
#[derive(Debug, Clone)]
pub struct ExtractedImage {
    /// The file name inside the media folder (`<32 hex>.<ext>`).
    pub file_name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct DocxMarkdown {
    pub markdown: String,
    /// The text of the first level-1 heading, if any.
    pub first_heading: Option<String>,
    pub images: Vec<ExtractedImage>,
}

fn unreadable() -> CoreError {
    CoreError::validation(
        "file",
        "This .docx file could not be read; it may be damaged. Open it in Word or LibreOffice, \
         save it again as .docx, and import that copy.",
        "无法读取此 .docx 文件，文件可能已损坏。请用 Word 或 LibreOffice 打开后重新另存为 .docx 再导入。",
    )
}

/// Unpacked, a .docx may not be larger than this (a 10 MB file of text unpacks to far less).
pub const UNPACKED_MAX_BYTES: u64 = 128 * 1024 * 1024;

/// Refuses an archive whose entries would unpack to more than `max` bytes in total, before
/// anything is unpacked: a 10 MB zip bomb otherwise becomes gigabytes in memory.
pub fn check_unpacked_size(bytes: &[u8], max: u64) -> Result<()> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|_| unreadable())?;
        total = total.saturating_add(entry.size());
    }
    if total > max {
        return Err(CoreError::validation(
            "file",
            "This .docx file unpacks to far more data than a document holds; it was not \
             imported. Re-save it from Word or LibreOffice and try again.",
            "此 .docx 文件解压后的数据量远超正常文档，未导入。请用 Word 或 LibreOffice 重新保存后再试。",
        ));
    }
    Ok(())
}

/// Converts a .docx file to Markdown. Nothing is written anywhere.
pub fn docx_to_markdown(bytes: &[u8]) -> Result<DocxMarkdown> {
    check_unpacked_size(bytes, UNPACKED_MAX_BYTES)?;
    let options = docx_rs::ReadDocxOptions::default().with_image_previews(false);
    // A reader bug on a strange file must not take the app down with it.
    let docx = std::panic::catch_unwind(|| docx_rs::read_docx_with_options(bytes, options))
        .map_err(|_| {
            tracing::warn!("docx reader panicked");
            unreadable()
        })?
        .map_err(|err| {
            tracing::info!(error = %err, "docx not readable");
            unreadable()
        })?;
    let mut converter = Converter::new(&docx);
    for child in &docx.document.children {
        converter.document_child(child);
    }
    converter.end_list();
    let used = converter.used_images;
    let images = converter
        .images
        .into_iter()
        .filter(|image| used.contains(&image.file_name))
        .collect();
    let mut markdown = converter.out;
    while markdown.ends_with("\n\n") {
        markdown.pop();
    }
    Ok(DocxMarkdown {
        markdown,
        first_heading: converter.first_heading,
        images,
    })
}

pub(super) struct Converter<'a> {
    /// Paragraph style id → heading level.
    pub(super) heading_styles: HashMap<&'a str, usize>,
    /// Paragraph style id → (numbering id, level) of styles that number their paragraphs.
    pub(super) list_styles: HashMap<&'a str, (usize, usize)>,
    /// (numbering id, level) → ordered?
    pub(super) list_formats: HashMap<(usize, usize), bool>,
    /// Relationship id → external URL.
    pub(super) links: HashMap<&'a str, &'a str>,
    /// Relationship id → `media/<name>`.
    pub(super) image_refs: HashMap<&'a str, String>,
    pub(super) images: Vec<ExtractedImage>,
    /// File names of the images the text refers to (headers' images are not written).
    pub(super) used_images: HashSet<String>,
    pub(super) out: String,
    /// Content column of each open list level.
    pub(super) list_stack: Vec<usize>,
    pub(super) first_heading: Option<String>,
    /// Text boxes met inside the current paragraph, emitted after it.
    pub(super) pending_boxes: Vec<&'a TextBox>,
}

impl<'a> Converter<'a> {
    fn new(docx: &'a Docx) -> Self {
        let mut heading_styles = HashMap::new();
        let mut list_styles = HashMap::new();
        for style in &docx.styles.styles {
            let name = serde_json::to_value(&style.name)
                .ok()
                .and_then(|v| v.as_str().map(str::to_lowercase))
                .unwrap_or_default();
            let level = if name == "title" {
                Some(1)
            } else if let Some(n) = style.name.get_heading_number() {
                Some(n)
            } else {
                style
                    .paragraph_property
                    .outline_lvl
                    .as_ref()
                    .map(|o| o.v + 1)
            };
            if let Some(level) = level.filter(|l| (1..=9).contains(l)) {
                heading_styles.insert(style.style_id.as_str(), level.min(6));
            }
            if let Some(numbering) = &style.paragraph_property.numbering_property {
                if let Some(id) = numbering.id.as_ref().map(|i| i.id).filter(|id| *id != 0) {
                    let level = numbering.level.as_ref().map(|l| l.val).unwrap_or(0);
                    list_styles.insert(style.style_id.as_str(), (id, level));
                }
            }
        }

        let mut list_formats = HashMap::new();
        for numbering in &docx.numberings.numberings {
            let Some(abstract_num) = docx
                .numberings
                .abstract_nums
                .iter()
                .find(|a| a.id == numbering.abstract_num_id)
            else {
                continue;
            };
            for level in &abstract_num.levels {
                let ordered = !matches!(level.format.val.as_str(), "bullet" | "none");
                list_formats.insert((numbering.id, level.level), ordered);
            }
        }

        let links = docx
            .hyperlinks
            .iter()
            .map(|(id, target, _)| (id.as_str(), target.as_str()))
            .collect();

        let mut image_refs = HashMap::new();
        let mut images = Vec::new();
        for (rid, _path, image, _) in &docx.images {
            let extension = sniff_image(&image.0)
                .map(|k| k.extension)
                .or_else(|| svg_or_metafile(&image.0))
                .unwrap_or("bin");
            let file_name = new_media_name(extension);
            image_refs.insert(rid.as_str(), format!("{MEDIA_PREFIX}{file_name}"));
            images.push(ExtractedImage {
                file_name,
                bytes: image.0.clone(),
            });
        }

        Converter {
            heading_styles,
            list_styles,
            list_formats,
            links,
            image_refs,
            images,
            used_images: HashSet::new(),
            out: String::new(),
            list_stack: Vec::new(),
            first_heading: None,
            pending_boxes: Vec::new(),
        }
    }

    fn document_child(&mut self, child: &'a DocumentChild) {
        match child {
            DocumentChild::Paragraph(p) => self.paragraph(p),
            DocumentChild::Table(t) => self.table(t),
            DocumentChild::StructuredDataTag(sdt) => self.sdt_children(&sdt.children),
            _ => {}
        }
    }

    fn sdt_children(&mut self, children: &'a [StructuredDataTagChild]) {
        for child in children {
            match child {
                StructuredDataTagChild::Paragraph(p) => self.paragraph(p),
                StructuredDataTagChild::Table(t) => self.table(t),
                StructuredDataTagChild::StructuredDataTag(inner) => {
                    self.sdt_children(&inner.children)
                }
                _ => {}
            }
        }
    }

    pub(super) fn paragraph(&mut self, p: &'a Paragraph) {
        let inlines = self.inlines(&p.children);
        let text = render_inlines(&inlines);
        let boxes = std::mem::take(&mut self.pending_boxes);
        if !text.trim().is_empty() {
            if let Some(level) = self.heading_level(p) {
                self.heading(level, &text, &inlines);
            } else if let Some((id, level)) = self.numbering(p) {
                self.list_item(id, level, &text);
            } else {
                self.end_list();
                self.out.push_str(&escape_line_start(text.trim()));
                self.out.push_str("\n\n");
            }
        }
        for text_box in boxes {
            for child in &text_box.children {
                match child {
                    TextBoxContentChild::Paragraph(p) => self.paragraph(p),
                    TextBoxContentChild::Table(t) => self.table(t),
                }
            }
        }
    }

    fn heading_level(&self, p: &Paragraph) -> Option<usize> {
        if let Some(outline) = &p.property.outline_lvl {
            if outline.v < 9 {
                return Some((outline.v + 1).min(6));
            }
        }
        let style = p.property.style.as_ref()?;
        self.heading_styles.get(style.val.as_str()).copied()
    }

    pub(super) fn numbering(&self, p: &Paragraph) -> Option<(usize, usize)> {
        if let Some(numbering) = &p.property.numbering_property {
            let id = numbering.id.as_ref().map(|i| i.id)?;
            // numId 0 switches numbering off, even one inherited from the style.
            if id == 0 {
                return None;
            }
            return Some((id, numbering.level.as_ref().map(|l| l.val).unwrap_or(0)));
        }
        let style = p.property.style.as_ref()?;
        self.list_styles.get(style.val.as_str()).copied()
    }

    fn heading(&mut self, level: usize, text: &str, inlines: &[Inline]) {
        self.end_list();
        let one_line = text.replace("<br>", " ");
        if level == 1 && self.first_heading.is_none() {
            let plain = plain_text(inlines);
            self.first_heading = Some(plain.trim().to_string());
        }
        self.out.push_str(&"#".repeat(level));
        self.out.push(' ');
        self.out.push_str(one_line.trim());
        self.out.push_str("\n\n");
    }

    fn list_item(&mut self, id: usize, level: usize, text: &str) {
        let ordered = self
            .list_formats
            .get(&(id, level))
            .copied()
            .unwrap_or(false);
        // A level deeper than the open ones nests one step only: Markdown cannot skip a level.
        let depth = level.min(self.list_stack.len());
        self.list_stack.truncate(depth);
        let indent = self.list_stack.last().copied().unwrap_or(0);
        let marker = if ordered { "1. " } else { "- " };
        self.out.push_str(&" ".repeat(indent));
        self.out.push_str(marker);
        self.out.push_str(&escape_line_start(text.trim()));
        self.out.push('\n');
        self.list_stack.push(indent + marker.len());
    }

    pub(super) fn end_list(&mut self) {
        if !self.list_stack.is_empty() {
            self.list_stack.clear();
            self.out.push('\n');
        }
    }
}

fn svg_or_metafile(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xD7, 0xCD, 0xC6, 0x9A]) {
        Some("wmf")
    } else if bytes.len() > 44 && &bytes[40..44] == b" EMF" {
        Some("emf")
    } else if bytes.trim_ascii_start().starts_with(b"<") {
        Some("svg")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_with(name: &str, content: &[u8]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(name, options).unwrap();
        zip.write_all(content).unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn zip_bombs_are_refused_before_unpacking() {
        let bomb = zip_with("word/document.xml", &vec![b' '; 64 * 1024]);
        assert!(bomb.len() < 1024, "highly compressible");
        let err = check_unpacked_size(&bomb, 32 * 1024).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("file"));
        assert!(check_unpacked_size(&bomb, 64 * 1024).is_ok());
    }

    #[test]
    fn a_zip_that_is_not_a_document_is_unreadable() {
        let err = docx_to_markdown(&zip_with("hello.txt", b"hi")).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("file"));
        assert!(docx_to_markdown(b"PK\x03\x04garbage").is_err());
    }
}
