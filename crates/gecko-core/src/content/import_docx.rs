//! Word (.docx) → Markdown, through `docx-rs`'s reader.
//!
//! Kept: headings (from the paragraph style's name or outline level, so localised style ids like
//! Japanese "1" work), numbered and bulleted lists with their levels (from the paragraph's or
//! its style's numbering; inside a table cell as inline HTML lists), tables (first row as
//! header, merged cells padded so the grid stays rectangular), external links, bold, italic, strikethrough, text boxes (as paragraphs after
//! their anchor) and embedded images, which are extracted under random names and referenced as
//! `media/<name>` (see `media.rs`). The non-obvious choice is emphasis: CommonMark's `**` does
//! not close after punctuation followed by a CJK letter (`**“引号”**后`), so emphasis whose
//! text starts or ends with punctuation is written as inline `<strong>`/`<em>`/`<del>` instead.
//!
//! Limitations: headings inside table cells become plain text; footnotes, comments, headers
//! and footers are not imported (the reader does not
//! expose them); links to bookmarks inside the document (a table of contents) become plain
//! text, since Markdown headings carry no bookmark ids; a numbered list restarts at 1 after an
//! interrupting paragraph.

use super::media::{new_media_name, sniff_image, MEDIA_PREFIX};
use crate::error::{CoreError, Result};
use docx_rs::{
    Bold, DocumentChild, Docx, DrawingData, Hyperlink, HyperlinkData, InsertChild, Italic,
    Paragraph, ParagraphChild, Run, RunChild, RunProperty, Strike, StructuredDataTagChild, Table,
    TableCellContent, TableChild, TableRowChild, TextBox, TextBoxContentChild,
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

/// Converts a .docx file to Markdown. Nothing is written anywhere.
pub fn docx_to_markdown(bytes: &[u8]) -> Result<DocxMarkdown> {
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Format {
    bold: bool,
    italic: bool,
    strike: bool,
}

#[derive(Debug)]
enum Inline {
    Text(String, Format),
    /// Already Markdown (an image).
    Markdown(String),
    Link(String, Vec<Inline>),
    Break,
}

struct Converter<'a> {
    /// Paragraph style id → heading level.
    heading_styles: HashMap<&'a str, usize>,
    /// Paragraph style id → (numbering id, level) of styles that number their paragraphs.
    list_styles: HashMap<&'a str, (usize, usize)>,
    /// (numbering id, level) → ordered?
    list_formats: HashMap<(usize, usize), bool>,
    /// Relationship id → external URL.
    links: HashMap<&'a str, &'a str>,
    /// Relationship id → `media/<name>`.
    image_refs: HashMap<&'a str, String>,
    images: Vec<ExtractedImage>,
    /// File names of the images the text refers to (headers' images are not written).
    used_images: HashSet<String>,
    out: String,
    /// Content column of each open list level.
    list_stack: Vec<usize>,
    first_heading: Option<String>,
    /// Text boxes met inside the current paragraph, emitted after it.
    pending_boxes: Vec<&'a TextBox>,
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

    fn paragraph(&mut self, p: &'a Paragraph) {
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

    fn numbering(&self, p: &Paragraph) -> Option<(usize, usize)> {
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

    fn end_list(&mut self) {
        if !self.list_stack.is_empty() {
            self.list_stack.clear();
            self.out.push('\n');
        }
    }

    fn table(&mut self, table: &'a Table) {
        self.end_list();
        let mut rows: Vec<Vec<String>> = Vec::new();
        for TableChild::TableRow(row) in &table.rows {
            let mut cells = Vec::new();
            for TableRowChild::TableCell(cell) in &row.cells {
                let (span, continued) = cell_merge(cell);
                let text = if continued {
                    String::new()
                } else {
                    self.cell_text(&cell.children)
                };
                cells.push(text);
                cells.extend(std::iter::repeat_n(String::new(), span.saturating_sub(1)));
            }
            rows.push(cells);
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        for (i, row) in rows.iter_mut().enumerate() {
            row.resize(width, String::new());
            self.out.push('|');
            for cell in row.iter() {
                self.out.push(' ');
                self.out.push_str(cell);
                self.out.push_str(" |");
            }
            self.out.push('\n');
            if i == 0 {
                self.out.push('|');
                self.out.push_str(&" --- |".repeat(width));
                self.out.push('\n');
            }
        }
        self.out.push('\n');
    }

    /// A cell's paragraphs on one line, separated by `<br>`. A table cell cannot hold Markdown
    /// blocks, so its lists become inline HTML lists (which keep their nesting); nested tables
    /// are flattened to their cells' text.
    fn cell_text(&mut self, children: &'a [TableCellContent]) -> String {
        let mut parts = Vec::new();
        let mut list = CellList::default();
        for child in children {
            match child {
                TableCellContent::Paragraph(p) => {
                    let inlines = self.inlines(&p.children);
                    let text = render_inlines(&inlines);
                    match self.numbering(p) {
                        Some((id, level)) if !text.trim().is_empty() => {
                            let ordered = self.list_formats.get(&(id, level)).copied();
                            list.item(level, ordered.unwrap_or(false), text.trim());
                        }
                        _ => {
                            parts.extend(list.finish());
                            parts.push(text);
                        }
                    }
                    // Text boxes inside cells are rare; their text joins the cell.
                    for text_box in std::mem::take(&mut self.pending_boxes) {
                        for child in &text_box.children {
                            if let TextBoxContentChild::Paragraph(p) = child {
                                let inner = self.inlines(&p.children);
                                parts.push(render_inlines(&inner));
                            }
                        }
                    }
                }
                TableCellContent::Table(t) => {
                    parts.extend(list.finish());
                    for TableChild::TableRow(row) in &t.rows {
                        for TableRowChild::TableCell(cell) in &row.cells {
                            parts.push(self.cell_text(&cell.children));
                        }
                    }
                }
                _ => {}
            }
        }
        parts.extend(list.finish());
        let parts: Vec<&str> = parts
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        parts.join("<br>")
    }

    fn inlines(&mut self, children: &'a [ParagraphChild]) -> Vec<Inline> {
        let mut out = Vec::new();
        for child in children {
            match child {
                ParagraphChild::Run(run) => self.run(run, &mut out),
                ParagraphChild::Insert(insert) => {
                    for child in &insert.children {
                        if let InsertChild::Run(run) = child {
                            self.run(run, &mut out);
                        }
                    }
                }
                ParagraphChild::Hyperlink(link) => self.hyperlink(link, &mut out),
                ParagraphChild::StructuredDataTag(sdt) => {
                    for child in &sdt.children {
                        if let StructuredDataTagChild::Run(run) = child {
                            self.run(run, &mut out);
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn hyperlink(&mut self, link: &'a Hyperlink, out: &mut Vec<Inline>) {
        let inner = self.inlines(&link.children);
        let url = match &link.link {
            HyperlinkData::External { rid, path } => self
                .links
                .get(rid.as_str())
                .copied()
                .or((!path.is_empty()).then_some(path.as_str())),
            HyperlinkData::Anchor { .. } => None,
        };
        match url {
            Some(url) if !plain_text(&inner).trim().is_empty() => {
                out.push(Inline::Link(url.to_string(), inner))
            }
            _ => out.extend(inner),
        }
    }

    fn run(&mut self, run: &'a Run, out: &mut Vec<Inline>) {
        let format = run_format(&run.run_property);
        for child in &run.children {
            match child {
                RunChild::Text(t) => out.push(Inline::Text(t.text.clone(), format)),
                RunChild::Tab(_) | RunChild::PTab(_) => out.push(Inline::Text(" ".into(), format)),
                RunChild::Break(_) | RunChild::CarriageReturn(_) => out.push(Inline::Break),
                RunChild::Drawing(drawing) => match &drawing.data {
                    Some(DrawingData::Pic(pic)) => self.image(&pic.id, out),
                    Some(DrawingData::TextBox(text_box)) => self.pending_boxes.push(text_box),
                    None => {}
                },
                RunChild::Shape(shape) => {
                    if let Some(data) = &shape.image_data {
                        self.image(&data.id, out);
                    }
                }
                _ => {}
            }
        }
    }

    fn image(&mut self, rid: &str, out: &mut Vec<Inline>) {
        if let Some(reference) = self.image_refs.get(rid) {
            let file_name = reference.trim_start_matches(MEDIA_PREFIX).to_string();
            out.push(Inline::Markdown(format!("![image]({reference})")));
            self.used_images.insert(file_name);
        }
    }
}

/// A list inside a table cell, written as nested inline HTML.
#[derive(Default)]
struct CellList {
    html: String,
    /// The open lists, innermost last: `"ul"` or `"ol"`.
    open: Vec<&'static str>,
}

impl CellList {
    fn item(&mut self, level: usize, ordered: bool, text: &str) {
        let tag = if ordered { "ol" } else { "ul" };
        // As in the body: a level deeper than the open ones nests one step only.
        let depth = level.min(self.open.len());
        while self.open.len() > depth + 1 {
            self.close_one();
        }
        if self.open.len() == depth + 1 {
            if self.open.last() == Some(&tag) {
                self.html.push_str("</li><li>");
            } else {
                self.close_one();
                self.open_one(tag);
            }
        } else {
            self.open_one(tag);
        }
        self.html.push_str(text);
    }

    fn open_one(&mut self, tag: &'static str) {
        self.html.push_str(&format!("<{tag}><li>"));
        self.open.push(tag);
    }

    fn close_one(&mut self) {
        if let Some(tag) = self.open.pop() {
            self.html.push_str(&format!("</li></{tag}>"));
        }
    }

    /// The finished list, if one was open.
    fn finish(&mut self) -> Option<String> {
        while !self.open.is_empty() {
            self.close_one();
        }
        (!self.html.is_empty()).then(|| std::mem::take(&mut self.html))
    }
}

fn run_format(p: &RunProperty) -> Format {
    Format {
        bold: p.bold.as_ref() == Some(&Bold::new()),
        italic: p.italic.as_ref() == Some(&Italic::new()),
        strike: p.strike.as_ref() == Some(&Strike::new()),
    }
}

/// (columns spanned, whether this cell continues a vertical merge from above).
fn cell_merge(cell: &docx_rs::TableCell) -> (usize, bool) {
    // docx-rs keeps these fields private but serialises them.
    let property = serde_json::to_value(&cell.property).unwrap_or_default();
    let span = property["gridSpan"].as_u64().unwrap_or(1).clamp(1, 64) as usize;
    let continued = property["verticalMerge"].as_str() == Some("continue");
    (span, continued)
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

fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t, _) => out.push_str(t),
            Inline::Link(_, inner) => out.push_str(&plain_text(inner)),
            Inline::Break => out.push(' '),
            Inline::Markdown(_) => {}
        }
    }
    out
}

/// Markdown for a run of inlines: adjacent text of one format is merged before it is wrapped,
/// so `**a****b**` never appears.
fn render_inlines(inlines: &[Inline]) -> String {
    let mut out = String::new();
    let mut pending: Option<(String, Format)> = None;
    let flush = |out: &mut String, pending: &mut Option<(String, Format)>| {
        if let Some((text, format)) = pending.take() {
            out.push_str(&emphasis(&escape(&text), format));
        }
    };
    for inline in inlines {
        match inline {
            Inline::Text(text, format) => match &mut pending {
                Some((acc, f)) if f == format => acc.push_str(text),
                _ => {
                    flush(&mut out, &mut pending);
                    pending = Some((text.clone(), *format));
                }
            },
            Inline::Markdown(md) => {
                flush(&mut out, &mut pending);
                out.push_str(md);
            }
            Inline::Break => {
                flush(&mut out, &mut pending);
                out.push_str("<br>");
            }
            Inline::Link(url, inner) => {
                flush(&mut out, &mut pending);
                out.push('[');
                out.push_str(render_inlines(inner).trim());
                out.push_str("](");
                out.push_str(&escape_url(url));
                out.push(')');
            }
        }
    }
    flush(&mut out, &mut pending);
    out
}

fn emphasis(text: &str, format: Format) -> String {
    if format == Format::default() {
        return text.to_string();
    }
    let core = text.trim();
    if core.is_empty() {
        return text.to_string();
    }
    let start = text.len() - text.trim_start().len();
    let (lead, rest) = text.split_at(start);
    let trail = &rest[core.len()..];
    let is_punct = |c: Option<char>| c.is_some_and(|c| !c.is_alphanumeric());
    let html = is_punct(core.chars().next()) || is_punct(core.chars().last());
    let mut open = String::new();
    let mut close = String::new();
    for (on, md, tag) in [
        (format.strike, "~~", "del"),
        (format.bold, "**", "strong"),
        (format.italic, "*", "em"),
    ] {
        if on {
            if html {
                open.push_str(&format!("<{tag}>"));
                close.insert_str(0, &format!("</{tag}>"));
            } else {
                open.push_str(md);
                close.insert_str(0, md);
            }
        }
    }
    format!("{lead}{open}{core}{close}{trail}")
}

/// Backslash-escapes the characters that would otherwise start Markdown syntax inside a line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            '\u{a0}' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes what would turn a paragraph into a heading, list item or rule.
fn escape_line_start(line: &str) -> String {
    if line.starts_with(['#', '+', '-', '=']) {
        return format!("\\{line}");
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

fn escape_url(url: &str) -> String {
    url.trim()
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('<', "%3C")
        .replace('>', "%3E")
        .replace('|', "%7C")
}
