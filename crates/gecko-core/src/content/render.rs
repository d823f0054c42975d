//! Markdown → safe HTML: the one renderer behind the editor's preview, the saved HTML cache and
//! publishing.
//!
//! pulldown-cmark turns Markdown (with tables, footnotes, task lists and strikethrough) into
//! HTML, and `ammonia` then removes everything that could run or load: scripts, event handlers,
//! `javascript:` links, frames, forms, styles. Only images may load anything. The non-obvious
//! part is nesting: a hostile body of ten thousand nested quotes or lists is flattened beyond
//! [`MAX_NESTING`] levels before it becomes HTML, so no later stage (sanitiser, webview,
//! publisher) has to walk a tree that deep.

use ammonia::Builder;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};
use std::sync::LazyLock;

/// Deeper structure than this is kept as text but loses its extra containers.
pub const MAX_NESTING: usize = 64;

/// The Markdown dialect of openGecko: CommonMark plus GitHub's tables, footnotes, task lists and
/// strikethrough. Publishing must parse with exactly these options.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
}

/// The parsed events of `md`, with nesting deeper than [`MAX_NESTING`] flattened and footnote
/// labels prefixed with `fn-` (they become HTML ids). Publishers that build their own output
/// (e.g. WeChat's inline-styled HTML) start from here.
pub fn events(md: &str) -> impl Iterator<Item = Event<'_>> {
    let mut depth = 0usize;
    Parser::new_ext(md, parser_options()).filter_map(move |event| match event {
        Event::Start(tag) => {
            depth += 1;
            (depth <= MAX_NESTING).then(|| Event::Start(prefix_footnote(tag)))
        }
        Event::End(end) => {
            depth = depth.saturating_sub(1);
            (depth < MAX_NESTING).then_some(Event::End(end))
        }
        Event::FootnoteReference(label) => Some(Event::FootnoteReference(footnote_id(&label))),
        other => Some(other),
    })
}

fn footnote_id(label: &str) -> CowStr<'static> {
    CowStr::from(format!("fn-{label}"))
}

fn prefix_footnote(tag: Tag<'_>) -> Tag<'_> {
    match tag {
        Tag::FootnoteDefinition(label) => Tag::FootnoteDefinition(footnote_id(&label)),
        other => other,
    }
}

/// Renders Markdown to sanitised HTML, safe to show in the app's webview or to publish.
pub fn render_markdown(md: &str) -> String {
    let mut html = String::with_capacity(md.len() + md.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events(md));
    sanitize_html(&html)
}

/// Bodies longer than this are rendered on a blocking thread, off the async workers.
const INLINE_RENDER_MAX: usize = 64 * 1024;

/// [`render_markdown`] for commands: a large body (a 5 MB one takes over a second) is rendered
/// on tokio's blocking pool so it does not stall other commands.
pub(crate) async fn render_markdown_async(md: &str) -> String {
    if md.len() <= INLINE_RENDER_MAX {
        return render_markdown(md);
    }
    let owned = md.to_string();
    match tokio::task::spawn_blocking(move || render_markdown(&owned)).await {
        Ok(html) => html,
        // Only a panic in the renderer gets here; render where we are instead.
        Err(_) => render_markdown(md),
    }
}

/// Sanitises HTML that came from [`render_markdown`]'s first stage or from elsewhere (e.g. an
/// imported document): nothing executable survives, and only images load anything.
pub fn sanitize_html(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    // Task-list checkboxes; `attribute_filter` below keeps only the checkbox kind.
    builder.add_tags(["input"]);
    for (tag, attributes) in [
        ("input", &["type", "checked", "disabled"][..]),
        // Table column alignment arrives as `style="text-align: …"`; only that property is kept.
        ("th", &["style"]),
        ("td", &["style"]),
        // Footnote anchors and code-block languages.
        ("div", &["id", "class"]),
        ("sup", &["id", "class"]),
        ("code", &["class"]),
    ] {
        builder.add_tag_attributes(tag, attributes);
    }
    builder
        .filter_style_properties(["text-align"].into())
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("input", "type") => (value == "checkbox").then_some(value.into()),
            // Ids are limited to footnote labels so an article cannot clobber the app's globals
            // (`<div id="config">` would shadow `window.config`).
            (_, "id") => value.starts_with("fn").then_some(value.into()),
            (_, "class") => (value.starts_with("language-") || value.starts_with("footnote-"))
                .then_some(value.into()),
            _ => Some(value.into()),
        });
    builder
});
