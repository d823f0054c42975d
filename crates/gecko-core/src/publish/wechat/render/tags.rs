//! The renderer's opening and closing of each Markdown element: the inline style WeChat keeps
//! for it, list markers written as text, and links turned into numbered references.

use super::*;

impl<'a> Renderer<'a> {
    pub(super) fn start(&mut self, tag: Tag) {
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

    pub(super) fn end(&mut self, tag: TagEnd) {
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
}
