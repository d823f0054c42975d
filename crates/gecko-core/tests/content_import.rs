//! Importing the real corpus: every Markdown and Word file imports, keeps its structure
//! (headings, list items, table cells, images, links counted independently before and after),
//! Markdown bodies stay byte for byte, and wrong files are refused with a clear error.

mod common;

use common::world;
use gecko_core::content::import_docx::docx_to_markdown;
use gecko_core::content::render::parser_options;
use gecko_core::testing::{self, each_backend};
use gecko_core::ErrorCode;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use quick_xml::events::{BytesStart, Event as Xml};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    headings: usize,
    list_items: usize,
    table_cells: usize,
    images: usize,
    links: usize,
}

fn corpus(kind: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(kind);
    let dir = if dir.exists() {
        dir
    } else {
        PathBuf::from("/work/shared/corpus").join(kind)
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "empty corpus {}", dir.display());
    files
}

// ---- Markdown side -------------------------------------------------------------------------

/// Counts in Markdown, from pulldown-cmark's events plus raw HTML tags written in the text.
fn markdown_counts(md: &str) -> Counts {
    let mut c = Counts::default();
    let mut cell: Option<bool> = None;
    for event in Parser::new_ext(md, parser_options()) {
        match &event {
            Event::Start(Tag::Heading { .. }) => c.headings += 1,
            Event::Start(Tag::Item) => c.list_items += 1,
            Event::Start(Tag::TableCell) => cell = Some(false),
            Event::End(TagEnd::TableCell) if cell.take() == Some(true) => {
                c.table_cells += 1;
            }
            Event::Start(Tag::Image { .. }) => c.images += 1,
            Event::Start(Tag::Link { .. }) => c.links += 1,
            Event::Html(html) | Event::InlineHtml(html) => {
                let h = html_counts(html);
                c.headings += h.headings;
                c.list_items += h.list_items;
                c.table_cells += h.table_cells;
                c.images += h.images;
                c.links += h.links;
            }
            _ => {}
        }
        if let Some(nonempty) = cell.as_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => *nonempty = true,
                Event::Start(Tag::Image { .. }) => *nonempty = true,
                _ => {}
            }
        }
    }
    c
}

/// Counts of tags in HTML text.
fn html_counts(html: &str) -> Counts {
    let lower = html.to_lowercase();
    let tags = |names: &[&str]| {
        names
            .iter()
            .map(|n| lower.matches(n).count())
            .sum::<usize>()
    };
    Counts {
        headings: tags(&["<h1", "<h2", "<h3", "<h4", "<h5", "<h6"]),
        list_items: tags(&["<li>", "<li "]),
        table_cells: tags(&["<td", "<th>", "<th "]),
        images: tags(&["<img"]),
        // Footnote references render as `<a href="#fn-…">`; they are not links of the text.
        links: tags(&["<a "]) - tags(&["<a href=\"#fn-"]),
    }
}

/// The body after front matter, found the simple way: the second fence line.
fn expected_body(source: &str) -> &str {
    for fence in ["---", "+++"] {
        if let Some(rest) = source.strip_prefix(&format!("{fence}\n")) {
            if let Some(end) = rest.find(&format!("\n{fence}\n")) {
                return &rest[end + fence.len() + 2..];
            }
        }
    }
    source
}

// ---- Word side -----------------------------------------------------------------------------

fn zip_text(bytes: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    Some(text)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| a.value.to_string())
}

/// Every start or empty element of an XML text, with a callback per element.
fn each_element(xml: &str, mut f: impl FnMut(&BytesStart)) {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event().unwrap() {
            Xml::Start(e) | Xml::Empty(e) => f(&e),
            Xml::Eof => break,
            _ => {}
        }
    }
}

/// Styles that make headings, and styles that number their paragraphs (style id → numId).
fn styles(xml: &str) -> (HashSet<String>, HashMap<String, String>) {
    let mut headings = HashSet::new();
    let mut numbered = HashMap::new();
    let mut current: Option<String> = None;
    each_element(xml, |e| match e.name().as_ref() {
        "w:style" => current = attr(e, "w:styleId"),
        "w:name" => {
            let name = attr(e, "w:val").unwrap_or_default().to_lowercase();
            let heading = name == "title"
                || name
                    .strip_prefix("heading ")
                    .is_some_and(|n| n.parse::<u8>().is_ok());
            if heading {
                headings.extend(current.clone());
            }
        }
        "w:outlineLvl"
            if attr(e, "w:val")
                .and_then(|v| v.parse::<u8>().ok())
                .is_some_and(|v| v < 9) =>
        {
            headings.extend(current.clone());
        }
        "w:numId" => {
            if let Some(id) = &current {
                numbered.insert(id.clone(), attr(e, "w:val").unwrap_or_default());
            }
        }
        _ => {}
    });
    (headings, numbered)
}

#[derive(Default)]
struct Para {
    style: Option<String>,
    /// `Some(numId)` when the paragraph has its own numbering (numId may be absent).
    numbering: Option<Option<String>>,
    level: usize,
    outline: bool,
    content: bool,
    in_table: bool,
}

/// Walks document.xml, counting what the Markdown must keep. Everything inside `mc:Fallback`
/// is skipped: it repeats its `mc:Choice` for older readers.
#[derive(Default)]
struct DocxCounter {
    heading_styles: HashSet<String>,
    numbered_styles: HashMap<String, String>,
    image_rels: HashSet<String>,
    link_rels: HashSet<String>,
    counts: Counts,
    max_level: usize,
    paras: Vec<Para>,
    /// (has content, continues a vertical merge) per open top-level cell.
    cells: Vec<(bool, bool)>,
    /// `Some(has text)` for an external link, `None` for a bookmark link.
    links: Vec<Option<bool>>,
    table_depth: usize,
}

impl DocxCounter {
    fn mark_content(&mut self) {
        if let Some(p) = self.paras.last_mut() {
            p.content = true;
        }
        if let Some(cell) = self.cells.last_mut() {
            cell.0 = true;
        }
        if let Some(Some(link)) = self.links.last_mut() {
            *link = true;
        }
    }

    fn open(&mut self, e: &BytesStart, parent: &str) {
        let name = e.name().as_ref().to_string();
        match name.as_str() {
            "w:p" => self.paras.push(Para {
                in_table: self.table_depth > 0,
                ..Default::default()
            }),
            "w:tbl" => self.table_depth += 1,
            "w:tc" if self.table_depth == 1 => self.cells.push((false, false)),
            "w:vMerge"
                if self.table_depth == 1 && attr(e, "w:val").as_deref() != Some("restart") =>
            {
                // A continued merge is an empty cell in the Markdown: it never counts.
                if let Some(cell) = self.cells.last_mut() {
                    cell.1 = true;
                }
            }
            "w:pStyle" if parent == "w:pPr" => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = attr(e, "w:val");
                }
            }
            "w:outlineLvl" if parent == "w:pPr" => {
                let level = attr(e, "w:val").and_then(|v| v.parse::<u8>().ok());
                if let (Some(p), Some(level)) = (self.paras.last_mut(), level) {
                    p.outline = level < 9;
                }
            }
            "w:numPr" if parent == "w:pPr" => {
                if let Some(p) = self.paras.last_mut() {
                    p.numbering = Some(None);
                }
            }
            "w:numId" if parent == "w:numPr" => {
                if let Some(p) = self.paras.last_mut() {
                    p.numbering = Some(attr(e, "w:val"));
                }
            }
            "w:ilvl" if parent == "w:numPr" => {
                if let Some(p) = self.paras.last_mut() {
                    p.level = attr(e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0);
                }
            }
            "w:hyperlink" => {
                let external = attr(e, "r:id").is_some_and(|id| self.link_rels.contains(&id));
                self.links.push(external.then_some(false));
            }
            "a:blip" | "v:imagedata" => {
                let rid = attr(e, "r:embed").or_else(|| attr(e, "r:id"));
                if rid.is_some_and(|id| self.image_rels.contains(&id)) {
                    self.counts.images += 1;
                    self.mark_content();
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "w:p" => {
                let Some(p) = self.paras.pop() else { return };
                if !p.content {
                    return;
                }
                // Headings inside table cells become plain text in Markdown; lists stay lists.
                let heading = !p.in_table
                    && (p.outline
                        || p.style
                            .as_ref()
                            .is_some_and(|s| self.heading_styles.contains(s)));
                let num_id = match &p.numbering {
                    Some(direct) => direct.clone(),
                    None => p
                        .style
                        .as_ref()
                        .and_then(|s| self.numbered_styles.get(s).cloned()),
                };
                if heading {
                    self.counts.headings += 1;
                } else if num_id.is_some_and(|id| id != "0") {
                    self.counts.list_items += 1;
                    self.max_level = self.max_level.max(p.level + 1);
                }
            }
            "w:tbl" => self.table_depth -= 1,
            "w:tc" if self.table_depth == 1 => {
                self.counts.table_cells += usize::from(self.cells.pop() == Some((true, false)));
            }
            "w:hyperlink" => {
                self.counts.links += usize::from(self.links.pop() == Some(Some(true)));
            }
            _ => {}
        }
    }
}

/// Counts in a .docx, read straight from its XML parts, and the deepest list level.
fn docx_counts(bytes: &[u8]) -> (Counts, usize) {
    let document = zip_text(bytes, "word/document.xml").unwrap();
    let (heading_styles, numbered_styles) =
        styles(&zip_text(bytes, "word/styles.xml").unwrap_or_default());
    let mut counter = DocxCounter {
        heading_styles,
        numbered_styles,
        ..Default::default()
    };
    let rels = zip_text(bytes, "word/_rels/document.xml.rels").unwrap_or_default();
    each_element(&rels, |e| {
        if e.name().as_ref() == "Relationship" {
            let kind = attr(e, "Type").unwrap_or_default();
            let id = attr(e, "Id").unwrap_or_default();
            if kind.ends_with("/image") {
                counter.image_rels.insert(id);
            } else if kind.ends_with("/hyperlink") {
                counter.link_rels.insert(id);
            }
        }
    });

    let mut reader = quick_xml::Reader::from_str(&document);
    let mut names: Vec<String> = Vec::new();
    let in_text = |names: &[String]| names.last().map(String::as_str) == Some("w:t");
    loop {
        let event = reader.read_event().unwrap();
        let in_fallback = names.iter().any(|n| n == "mc:Fallback");
        match &event {
            Xml::Start(e) | Xml::Empty(e) => {
                let name = e.name().as_ref().to_string();
                if !in_fallback {
                    counter.open(e, names.last().map(String::as_str).unwrap_or(""));
                }
                if matches!(event, Xml::Start(_)) {
                    names.push(name);
                } else if !in_fallback {
                    counter.close(&name);
                }
            }
            Xml::Text(t) if !in_fallback && in_text(&names) => {
                let text: &str = t.as_ref();
                if text.chars().any(|c| !c.is_whitespace()) {
                    counter.mark_content();
                }
            }
            Xml::GeneralRef(_) if !in_fallback && in_text(&names) => counter.mark_content(),
            Xml::End(_) => {
                let name = names.pop().unwrap();
                if !in_fallback {
                    counter.close(&name);
                }
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    (counter.counts, counter.max_level)
}

/// The deepest list nesting in rendered HTML.
fn html_list_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for (i, _) in html.match_indices('<') {
        let tag = &html.as_bytes()[i..];
        if tag.starts_with(b"<ul>") || tag.starts_with(b"<ol>") || tag.starts_with(b"<ol ") {
            depth += 1;
            max = max.max(depth);
        } else if tag.starts_with(b"</ul") || tag.starts_with(b"</ol") {
            depth = depth.saturating_sub(1);
        }
    }
    max
}

// ---- Tests ---------------------------------------------------------------------------------

#[tokio::test]
async fn every_markdown_file_imports_byte_for_byte() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let alice = w.client("alice");
        for path in corpus("markdown") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let source = std::fs::read_to_string(&path).unwrap();
            let before = markdown_counts(expected_body(&source));
            let v = alice
                .import_content(name.clone(), source.clone().into_bytes())
                .await
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(
                v.content_markdown,
                expected_body(&source),
                "{name}: body changed"
            );
            assert_eq!(v.source_file.as_deref(), Some(name.as_str()));
            assert_eq!(v.summary.owner_id, Some(w.id("alice")));
            assert!(!v.summary.title.trim().is_empty());
            let after = html_counts(&v.content_html);
            eprintln!(
                "{name}: {before:?} title={:?} tags={:?} category={:?} author={:?} date={:?}",
                v.summary.title,
                v.summary.tags,
                v.summary.category,
                v.summary.author,
                v.summary.scheduled_publish_at
            );
            assert_eq!(before, after, "{name}: structure lost in the rendered HTML");
            assert!(
                before.headings + before.list_items + before.links > 0,
                "{name}: nothing counted"
            );
        }
        // Front matter fields arrive where they belong.
        let list = alice.list_contents(Default::default()).await.unwrap();
        let by_file = |f: &str| list.items.iter().find(|i| i.title.contains(f)).cloned();
        let sofa = by_file("开源之夏").unwrap();
        assert_eq!(sofa.tags, vec!["SOFAStack"]);
        assert_eq!(sofa.category, "SOFAStack");
        assert_eq!(
            sofa.scheduled_publish_at.unwrap().to_rfc3339(),
            "2025-06-03T07:00:00+00:00"
        );
        let kitex = by_file("Kitex").unwrap();
        assert_eq!(kitex.author, "DMwangnima");
        let cargo = by_file("Cargo: 1.79").unwrap();
        assert_eq!(cargo.author, "Ed Page");
        let no_fm = list
            .items
            .iter()
            .find(|i| i.title == "zh-tech-platform-engineering-no-frontmatter")
            .or_else(|| list.items.iter().find(|i| i.title.contains("平台工程")));
        assert!(no_fm.is_some(), "title from heading or file name");
        assert_eq!(
            common::audit_count(alice, "import_content", sofa.id).await,
            1
        );
    })
    .await;
}

#[tokio::test]
async fn every_docx_file_imports_with_its_structure() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let alice = w.client("alice");
        for path in corpus("docx") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).unwrap();
            let (before, max_level) = docx_counts(&bytes);
            let started = Instant::now();
            let v = alice
                .import_content(name.clone(), bytes.clone())
                .await
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let elapsed = started.elapsed();
            let after = markdown_counts(&v.content_markdown);
            eprintln!("{name} ({} bytes): import {elapsed:?}; docx {before:?}; markdown {after:?}; list depth {max_level}", bytes.len());
            assert_eq!(before, after, "{name}\n{}", v.content_markdown);
            assert_eq!(html_list_depth(&v.content_html), max_level, "{name}: list nesting");
            assert_eq!(v.source_file.as_deref(), Some(name.as_str()));
            // Every image reference resolves to a written file with the document's bytes.
            for part in v.content_markdown.split("](").skip(1) {
                let reference = &part[..part.find(')').unwrap()];
                if reference.starts_with("media/") {
                    let file = alice.media_path(reference).unwrap();
                    assert!(std::fs::metadata(&file).unwrap().len() > 0, "{reference}");
                }
            }
            // The preview renders it, images included.
            assert_eq!(html_counts(&v.content_html).images, after.images, "{name}");
        }
    })
    .await;
}

#[test]
fn time_to_convert_the_largest_docx() {
    let files = corpus("docx");
    let largest = files
        .iter()
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap();
    let bytes = std::fs::read(largest).unwrap();
    let started = Instant::now();
    let doc = docx_to_markdown(&bytes).unwrap();
    eprintln!(
        "largest docx {} ({} bytes): converted in {:?}, {} bytes of Markdown, {} images",
        largest.display(),
        bytes.len(),
        started.elapsed(),
        doc.markdown.len(),
        doc.images.len()
    );
    assert!(!doc.markdown.is_empty());
}

#[tokio::test]
async fn wrong_files_are_refused_clearly() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let alice = w.client("alice");
        let docx = std::fs::read(&corpus("docx")[0]).unwrap();
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("notes.md", docx.clone()),                   // a ZIP named .md
            ("report.docx", b"# just markdown".to_vec()), // text named .docx
            ("binary.md", b"abc\0def".to_vec()),          // NUL bytes
            ("latin1.md", b"caf\xe9".to_vec()),           // not UTF-8
            ("slides.pptx", docx.clone()),                // unsupported kind
            ("broken.docx", b"PK\x03\x04 not really a zip".to_vec()),
            ("big.md", vec![b'a'; 10 * 1024 * 1024 + 1]),
        ];
        for (name, bytes) in cases {
            let err = alice.import_content(name.into(), bytes).await.unwrap_err();
            assert_eq!(err.code, ErrorCode::Validation, "{name}");
            assert_eq!(err.field.as_deref(), Some("file"), "{name}");
            assert!(!err.message_zh.is_empty());
        }
        let count: i64 = alice
            .db()
            .scalar("SELECT count(*) FROM contents", vec![])
            .await
            .unwrap();
        assert_eq!(count, 0, "nothing was imported");

        // Case-insensitive extensions, folders stripped from the recorded name.
        let v = alice
            .import_content(
                "C:\\Users\\me\\Notes.MARKDOWN".into(),
                b"no title here".to_vec(),
            )
            .await
            .unwrap();
        assert_eq!(v.source_file.as_deref(), Some("Notes.MARKDOWN"));
        assert_eq!(v.summary.title, "Notes");
        let nobody = t.client(&clock);
        let err = nobody
            .import_content("a.md".into(), b"x".to_vec())
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Unauthenticated);
    })
    .await;
}
