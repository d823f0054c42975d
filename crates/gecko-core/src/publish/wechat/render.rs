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

    fn start(&mut self, tag: Tag) {
        let t = self.theme;
        match tag {
            Tag::Paragraph => {
                if let Some(Block::Item { paragraphs }) = self.blocks.last_mut() {
                    if *paragraphs > 0 {
                        self.out.push_str("<br>");
                    }
                    *paragraphs += 1;
                } else {
                    self.open("p", t.p);
                }
            }
            Tag::Heading { level, .. } => {
                let (name, style) = heading(t, level);
                self.open(name, style);
            }
            Tag::BlockQuote(_) => {
                self.open("blockquote", t.blockquote);
                self.blocks.push(Block::Other);
            }
            Tag::CodeBlock(_) => self.code = Some(String::new()),
            Tag::HtmlBlock => self.html_block = Some(String::new()),
            Tag::List(start) => {
                self.open("section", t.list);
                self.lists.push(ListState { next: start });
                self.blocks.push(Block::Other);
            }
            Tag::Item => {
                self.open("section", t.item);
                let depth = self.lists.len();
                let marker = match self.lists.last_mut().and_then(|l| l.next.as_mut()) {
                    Some(n) => {
                        let m = format!("{n}.");
                        *n += 1;
                        m
                    }
                    None => ["•", "◦", "▪", "▫"][(depth.max(1) - 1) % 4].to_string(),
                };
                self.push(&format!(
                    "<span style=\"{LIST_MARKER_STYLE}{}\">{marker}</span>",
                    t.marker_color
                ));
                self.blocks.push(Block::Item { paragraphs: 0 });
            }
            Tag::FootnoteDefinition(label) => {
                let saved = std::mem::take(&mut self.out);
                self.footnote = Some((label.to_string(), saved));
                self.blocks.push(Block::Item { paragraphs: 0 });
            }
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.open("p", t.p);
            }
            Tag::Table(alignments) => {
                self.alignments = alignments;
                self.open("section", t.table_wrap);
                self.open("table", t.table);
            }
            Tag::TableHead => {
                self.in_head = true;
                self.cell = 0;
                self.push("<thead><tr>");
            }
            Tag::TableRow => {
                self.cell = 0;
                self.push("<tr>");
            }
            Tag::TableCell => {
                let align = match self.alignments.get(self.cell) {
                    Some(Alignment::Center) => "text-align:center;",
                    Some(Alignment::Right) => "text-align:right;",
                    _ => "text-align:left;",
                };
                let (name, base) = if self.in_head {
                    ("th", t.th)
                } else {
                    ("td", t.td)
                };
                self.push(&format!("<{name} style=\"{base}{align}\">"));
            }
            Tag::Emphasis => self.push("<em>"),
            Tag::Strong => self.open("strong", t.strong),
            Tag::Strikethrough => self.push("<del>"),
            Tag::Superscript => self.push("<sup>"),
            Tag::Subscript => self.push("<sub>"),
            Tag::Link { dest_url, .. } => {
                let url = dest_url.to_string();
                let kind = if is_wechat_link(&url) {
                    self.push(&format!(
                        "<a href=\"{}\" style=\"{}\">",
                        escape_html(&url),
                        t.link
                    ));
                    LinkKind::Wechat
                } else if url::Url::parse(&url)
                    .is_ok_and(|u| u.has_host() || u.scheme() == "mailto")
                {
                    self.open("span", t.link);
                    LinkKind::External {
                        url,
                        text: String::new(),
                    }
                } else {
                    LinkKind::Plain
                };
                self.links.push(kind);
            }
            Tag::Image { dest_url, .. } => {
                self.image = Some((dest_url.to_string(), String::new()));
            }
            Tag::MetadataBlock(_) => self.html_block = Some(String::new()),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let t = self.theme;
        match tag {
            TagEnd::Paragraph => {
                if !self.in_item() {
                    self.push("</p>");
                }
            }
            TagEnd::Heading(level) => {
                let (name, _) = heading(t, level);
                self.push(&format!("</{name}>"));
            }
            TagEnd::BlockQuote(_) => {
                self.blocks.pop();
                self.push("</blockquote>");
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                self.open("pre", t.pre);
                self.open("code", t.pre_code);
                self.push(&code_lines(&code));
                self.push("</code></pre>");
            }
            TagEnd::HtmlBlock => {
                let raw = self.html_block.take().unwrap_or_default();
                let text = html_text(&raw);
                let text = text.trim();
                if !text.is_empty() {
                    self.open("p", t.p);
                    let lines: Vec<String> = text.lines().map(escape_html).collect();
                    self.push(&lines.join("<br>"));
                    self.push("</p>");
                }
            }
            TagEnd::MetadataBlock(_) => self.html_block = None,
            TagEnd::List(_) => {
                self.lists.pop();
                self.blocks.pop();
                self.push("</section>");
            }
            TagEnd::Item => {
                self.blocks.pop();
                self.push("</section>");
            }
            TagEnd::FootnoteDefinition => {
                self.blocks.pop();
                if let Some((label, saved)) = self.footnote.take() {
                    let html = std::mem::replace(&mut self.out, saved);
                    self.footnote_html.insert(label, html);
                }
            }
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.push("</p>"),
            TagEnd::Table => self.push("</tbody></table></section>"),
            TagEnd::TableHead => {
                self.in_head = false;
                self.push("</tr></thead><tbody>");
            }
            TagEnd::TableRow => self.push("</tr>"),
            TagEnd::TableCell => {
                let name = if self.in_head { "th" } else { "td" };
                self.cell += 1;
                self.push(&format!("</{name}>"));
            }
            TagEnd::Emphasis => self.push("</em>"),
            TagEnd::Strong => self.push("</strong>"),
            TagEnd::Strikethrough => self.push("</del>"),
            TagEnd::Superscript => self.push("</sup>"),
            TagEnd::Subscript => self.push("</sub>"),
            TagEnd::Link => match self.links.pop() {
                Some(LinkKind::Wechat) => self.push("</a>"),
                Some(LinkKind::External { url, text }) => {
                    let n = self.refs.link(&url, &text);
                    self.push("</span>");
                    self.open("sup", t.sup);
                    self.push(&format!("[{n}]</sup>"));
                }
                _ => {}
            },
            TagEnd::Image => {
                if let Some((src, alt)) = self.image.take() {
                    let src = self.image_urls.get(&src).cloned().unwrap_or(src);
                    self.push(&format!(
                        "<img src=\"{}\" alt=\"{}\" style=\"{}\">",
                        escape_html(&src),
                        escape_html(alt.trim()),
                        t.img
                    ));
                }
            }
        }
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
