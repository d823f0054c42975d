//! Word paragraph content → inline Markdown, for the Word importer: runs with their bold,
//! italic and strikethrough, external links, line breaks, embedded images (recorded as used)
//! and text boxes (kept for after the paragraph).

use super::docx_markdown::{plain_text, Format, Inline};
use super::import_docx::Converter;
use super::media::MEDIA_PREFIX;
use docx_rs::{
    Bold, DrawingData, Hyperlink, HyperlinkData, InsertChild, Italic, ParagraphChild, Run,
    RunChild, RunProperty, Strike, StructuredDataTagChild,
};

impl<'a> Converter<'a> {
    pub(super) fn inlines(&mut self, children: &'a [ParagraphChild]) -> Vec<Inline> {
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

fn run_format(p: &RunProperty) -> Format {
    Format {
        bold: p.bold.as_ref() == Some(&Bold::new()),
        italic: p.italic.as_ref() == Some(&Italic::new()),
        strike: p.strike.as_ref() == Some(&Strike::new()),
    }
}
