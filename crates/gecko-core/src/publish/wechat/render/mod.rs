//! Markdown → the HTML WeChat's editor keeps intact.
//!
//! WeChat drops classes, `<style>`, scripts and most list formatting, and loses newlines in
//! `<pre>`. So every style is inline, list markers are written out as text (never left to
//! `<ul>`/`<ol>`), code lines are joined with `<br>` and spaces become `&nbsp;`, and links that
//! WeChat would not let a reader follow become numbered references at the end, numbered
//! together with footnotes.

use super::references::{Reference, References};
use super::theme::{Theme, WechatTheme, LIST_MARKER_STYLE};
use crate::publish::markdown::{self, escape_html, html_text, is_line_break_tag};
use pulldown_cmark::{Alignment, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashMap;

mod tags;

/// The rendered article and what the sender needs to know about it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct WechatHtml {
    pub html: String,
    /// Image sources as written in the Markdown, each once (before any replacement).
    pub images: Vec<String>,
    /// The numbered references listed at the end.
    pub references: Vec<Reference>,
}

/// Renders with image sources kept as written.
pub fn render(markdown: &str, theme: WechatTheme) -> WechatHtml {
    render_with_images(markdown, theme, &HashMap::new())
}

/// Renders, replacing each image source found in `image_urls` (source → uploaded URL).
pub fn render_with_images(
    markdown: &str,
    theme: WechatTheme,
    image_urls: &HashMap<String, String>,
) -> WechatHtml {
    let clean = markdown::strip_zero_width(markdown);
    let body = markdown::body(&clean);
    let mut r = Renderer::new(theme.styles(), image_urls);
    for event in Parser::new_ext(body, markdown::options()) {
        r.event(event);
    }
    let (html, references) = r.finish();
    WechatHtml {
        html,
        images: markdown::image_sources(body),
        references,
    }
}

/// Whether WeChat lets a reader follow this link inside an article.
pub fn is_wechat_link(url: &str) -> bool {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.host_str()
                .map(|h| h.eq_ignore_ascii_case("mp.weixin.qq.com"))
        })
        .unwrap_or(false)
}

enum LinkKind {
    /// A mp.weixin.qq.com link: kept as a real link.
    Wechat,
    /// Any other absolute URL: becomes a numbered reference.
    External { url: String, text: String },
    /// Relative links and anchors mean nothing inside WeChat: the text alone is kept.
    Plain,
}

enum Block {
    /// Inside a list item or footnote: paragraphs are joined with `<br>`, not wrapped.
    Item {
        paragraphs: u32,
    },
    Other,
}

struct ListState {
    next: Option<u64>,
}

struct Renderer<'a> {
    theme: &'static Theme,
    image_urls: &'a HashMap<String, String>,
    out: String,
    /// Set while inside a footnote definition: its label and the output saved meanwhile.
    footnote: Option<(String, String)>,
    footnote_html: HashMap<String, String>,
    refs: References,
    blocks: Vec<Block>,
    lists: Vec<ListState>,
    links: Vec<LinkKind>,
    image: Option<(String, String)>,
    code: Option<String>,
    html_block: Option<String>,
    alignments: Vec<Alignment>,
    in_head: bool,
    cell: usize,
}

impl<'a> Renderer<'a> {
    fn new(theme: &'static Theme, image_urls: &'a HashMap<String, String>) -> Self {
        Renderer {
            theme,
            image_urls,
            out: String::new(),
            footnote: None,
            footnote_html: HashMap::new(),
            refs: References::default(),
            blocks: Vec::new(),
            lists: Vec::new(),
            links: Vec::new(),
            image: None,
            code: None,
            html_block: None,
            alignments: Vec::new(),
            in_head: false,
            cell: 0,
        }
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn open(&mut self, tag: &str, style: &str) {
        self.out.push_str(&format!("<{tag} style=\"{style}\">"));
    }

    fn text(&mut self, text: &str) {
        if let Some((_, alt)) = self.image.as_mut() {
            alt.push_str(text);
            return;
        }
        if let Some(code) = self.code.as_mut() {
            code.push_str(text);
            return;
        }
        if let Some(html) = self.html_block.as_mut() {
            html.push_str(text);
            return;
        }
        for link in self.links.iter_mut() {
            if let LinkKind::External { text: t, .. } = link {
                t.push_str(text);
            }
        }
        let escaped = escape_html(text);
        self.out.push_str(&escaped);
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t),
            Event::Code(t) => {
                if self.image.is_some() {
                    return self.text(&t);
                }
                let style = self.theme.code;
                self.open("code", style);
                self.text(&t);
                self.push("</code>");
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::Html(t) => {
                if let Some(buf) = self.html_block.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::InlineHtml(t) => {
                if is_line_break_tag(&t) && self.image.is_none() {
                    self.push("<br>");
                }
            }
            Event::FootnoteReference(label) => {
                let n = self.refs.footnote(&label);
                let style = self.theme.sup;
                self.open("sup", style);
                self.push(&format!("[{n}]</sup>"));
            }
            // A line break inside a Chinese paragraph must not become a visible space.
            Event::SoftBreak => {
                if !self.out.chars().next_back().is_some_and(is_cjk) {
                    self.text(" ");
                }
            }
            Event::HardBreak => {
                if self.code.is_none() && self.image.is_none() {
                    self.push("<br>");
                }
            }
            Event::Rule => {
                let style = self.theme.hr;
                self.push(&format!("<hr style=\"{style}\">"));
            }
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
        }
    }

    fn in_item(&self) -> bool {
        matches!(self.blocks.last(), Some(Block::Item { .. }))
    }

    /// Closes the document: the references section, then the root wrapper.
    fn finish(mut self) -> (String, Vec<Reference>) {
        let t = self.theme;
        self.refs.number_unreferenced_footnotes(&self.footnote_html);
        let mut html = format!("<section style=\"{}\">", t.root);
        html.push_str(&self.out);
        html.push_str(&self.refs.section_html(t, &self.footnote_html));
        html.push_str("</section>");
        (html, self.refs.into_list())
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

fn heading(t: &'static Theme, level: HeadingLevel) -> (&'static str, &'static str) {
    match level {
        HeadingLevel::H1 => ("h1", t.h1),
        HeadingLevel::H2 => ("h2", t.h2),
        HeadingLevel::H3 => ("h3", t.h3),
        HeadingLevel::H4 => ("h4", t.h4),
        HeadingLevel::H5 => ("h5", t.h4),
        HeadingLevel::H6 => ("h6", t.h4),
    }
}

/// A code block's text as one line of HTML: lines joined by `<br>`, every space and tab a
/// non-breaking space, so WeChat keeps both line breaks and indentation.
fn code_lines(code: &str) -> String {
    let code = code.strip_suffix('\n').unwrap_or(code);
    code.split('\n')
        .map(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            escape_html(line)
                .replace('\t', "    ")
                .replace(' ', "&nbsp;")
        })
        .collect::<Vec<_>>()
        .join("<br>")
}
