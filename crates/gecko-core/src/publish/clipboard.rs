//! CSDN and Zhihu: what the user pastes by hand, as rich text (HTML) and plain text.
//!
//! Neither platform has a usable publishing API, so these are pure renderers. The HTML is
//! plain and semantic (no styles, no classes, no raw HTML from the article); CSDN also gets
//! the Markdown with remote images kept absolute and a list of local images to upload by hand.

use super::markdown::{self, escape_html};
use super::Article;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ClipboardPayload {
    /// Rich text for the clipboard's `text/html`.
    pub html: String,
    /// Plain text for the clipboard's `text/plain` (Markdown for CSDN).
    pub text: String,
    /// Local images the user must upload by hand (paths as written in the article).
    pub images_to_upload: Vec<String>,
}

/// Semantic HTML without any style, class or raw HTML.
pub fn semantic_html(markdown_body: &str) -> String {
    let clean = markdown::strip_zero_width(markdown_body);
    let body = markdown::body(&clean);
    let events = Parser::new_ext(body, markdown::options()).filter_map(|event| {
        Some(match event {
            Event::Html(t) | Event::InlineHtml(t) => {
                let text = markdown::html_text(&t);
                if text.trim().is_empty() {
                    return None;
                }
                Event::Text(CowStr::from(text))
            }
            Event::Start(Tag::Heading { level, .. }) => Event::Start(Tag::Heading {
                level,
                id: None,
                classes: vec![],
                attrs: vec![],
            }),
            // A fenced language would become class="language-x".
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented))
            }
            // Alignment would become style="text-align".
            Event::Start(Tag::Table(a)) => {
                Event::Start(Tag::Table(vec![pulldown_cmark::Alignment::None; a.len()]))
            }
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => return None,
            Event::Start(Tag::MetadataBlock(_)) | Event::End(TagEnd::MetadataBlock(_)) => {
                return None
            }
            Event::FootnoteReference(label) => Event::Text(CowStr::from(format!("[{label}]"))),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                Event::Text(CowStr::from(format!("[{label}] ")))
            }
            Event::End(TagEnd::FootnoteDefinition) => return None,
            Event::TaskListMarker(done) => {
                Event::Text(CowStr::from(if done { "☑ " } else { "☐ " }))
            }
            other => other,
        })
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Zhihu: semantic HTML plus the article as plain text.
pub fn zhihu(article: &Article) -> ClipboardPayload {
    let body = markdown::strip_zero_width(markdown::body(&article.markdown));
    ClipboardPayload {
        html: format!(
            "<h1>{}</h1>\n{}",
            escape_html(&article.title),
            semantic_html(&body)
        ),
        text: format!("{}\n\n{}", article.title, markdown::plain_text(&body)),
        images_to_upload: local_images(&article.markdown),
    }
}

/// CSDN: the Markdown (remote images absolute) and the local images to upload by hand.
pub fn csdn(article: &Article, site_url: Option<&str>) -> ClipboardPayload {
    let body = markdown::strip_zero_width(markdown::body(&article.markdown));
    // Root-relative images become absolute on the community's site when it has one.
    let body = match site_url {
        Some(site) => markdown::rewrite_images(&body, |src| {
            src.starts_with('/')
                .then(|| format!("{}{src}", site.trim_end_matches('/')))
        }),
        None => body,
    };
    ClipboardPayload {
        html: semantic_html(&body),
        images_to_upload: local_images(&body),
        text: body,
    }
}

fn local_images(markdown_body: &str) -> Vec<String> {
    markdown::image_sources(markdown_body)
        .into_iter()
        .filter(|s| markdown::is_local(s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semantic_html_has_no_style_class_or_raw_html() {
        let md = "# T {#id .cls}\n\n```rust\nfn x() {}\n```\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n\
                  <div style=\"color:red\">x</div>\n\nA[^1] - [ ] task\n\n[^1]: note\n";
        let html = semantic_html(md);
        assert!(!html.contains("class=") && !html.contains("style=") && !html.contains("<div"));
        assert!(html.contains("<table>") && html.contains("<pre><code>") && html.contains("<h1>"));
    }
}
