//! Markdown helpers shared by every renderer: one parser configuration, front matter,
//! zero-width characters, raw HTML, and image sources.
//!
//! Raw HTML in an article is never passed through to any channel: a `<br>` becomes a line
//! break, every other tag is dropped and the text between tags is kept (escaped). This keeps a
//! pasted `<script>` or a styled `<div>` from reaching WeChat or Zhihu.

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

/// Characters that are invisible but break WeChat's editor and search.
const ZERO_WIDTH: [char; 6] = [
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{180E}',
];

pub fn is_zero_width(c: char) -> bool {
    ZERO_WIDTH.contains(&c)
}

pub fn strip_zero_width(text: &str) -> String {
    text.chars().filter(|c| !is_zero_width(*c)).collect()
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// The body without a leading `---` YAML or `+++` TOML front-matter block.
pub fn body(markdown: &str) -> &str {
    let mut parser = Parser::new_ext(markdown, options()).into_offset_iter();
    if let Some((Event::Start(Tag::MetadataBlock(_)), _)) = parser.next() {
        for (event, range) in parser {
            if let Event::End(TagEnd::MetadataBlock(
                MetadataBlockKind::YamlStyle | MetadataBlockKind::PlusesStyle,
            )) = event
            {
                return markdown[range.end..].trim_start_matches(['\r', '\n']);
            }
        }
    }
    markdown
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_zero_width(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// `<br>`, `<br/>`, `<br />` in any case.
pub fn is_line_break_tag(html: &str) -> bool {
    let t = html.trim().to_ascii_lowercase().replace([' ', '/'], "");
    t == "<br>"
}

/// The text of a raw HTML fragment: comments, `<script>`/`<style>` bodies and tags removed,
/// `<br>` turned into `\n`.
pub fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let lower = after.to_ascii_lowercase();
        let skip_to = if lower.starts_with("<!--") {
            lower.find("-->").map(|i| i + 3)
        } else if lower.starts_with("<script") || lower.starts_with("<style") {
            let close = if lower.starts_with("<script") {
                "</script>"
            } else {
                "</style>"
            };
            lower.find(close).map(|i| i + close.len())
        } else {
            after.find('>').map(|i| i + 1)
        };
        match skip_to {
            Some(end) => {
                if is_line_break_tag(&after[..end]) {
                    out.push('\n');
                }
                rest = &after[end..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every image source in the body, each once, in order of first appearance.
pub fn image_sources(markdown: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for event in Parser::new_ext(body(markdown), options()) {
        if let Event::Start(Tag::Image { dest_url, .. }) = event {
            let url = dest_url.to_string();
            if !url.is_empty() && !seen.contains(&url) {
                seen.push(url);
            }
        }
    }
    seen
}

pub fn is_remote(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A local image's file inside the media folder. `None` for remote URLs, for site-relative
/// paths (`/images/x.png`) and for anything that would leave the media folder: an article
/// written by someone else must not make this computer copy or upload its other files.
pub fn resolve_local(media_dir: &Path, src: &str) -> Option<PathBuf> {
    if is_remote(src) || src.starts_with("data:") || src.contains("://") {
        return None;
    }
    let src = src.strip_prefix("file://").unwrap_or(src);
    let path = Path::new(src);
    if path
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return None;
    }
    if path.is_absolute() {
        return path.starts_with(media_dir).then(|| path.to_path_buf());
    }
    Some(media_dir.join(path))
}

/// Whether `src` names a local media file (as opposed to a URL or a site path).
pub fn is_local(src: &str) -> bool {
    !is_remote(src) && !src.contains("://") && !src.starts_with('/') && !src.starts_with("data:")
}

/// The article as plain text: paragraphs, headings and list items on their own lines; code
/// blocks and raw HTML left out.
pub fn plain_text(markdown: &str) -> String {
    let clean = strip_zero_width(markdown);
    let mut out = String::new();
    let mut in_code = false;
    for event in Parser::new_ext(body(&clean), options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) if !in_code => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow,
            ) => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The first `max` characters of the plain text, whitespace collapsed: a digest nobody wrote.
pub fn excerpt(markdown: &str, max: usize) -> String {
    plain_text(markdown)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect()
}

/// Rewrites the destination of every image in the body through `map` (returning `None` keeps
/// the original). Works on the source text, so the rest of the Markdown is untouched.
pub fn rewrite_images(markdown: &str, mut map: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut copied = 0;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let Event::Start(Tag::Image { dest_url, .. }) = event else {
            continue;
        };
        let Some(new_url) = map(&dest_url) else {
            continue;
        };
        let source = &markdown[range.clone()];
        // The destination sits after the alt text; search from the last "](" of the image.
        let Some(paren) = source.rfind("](") else {
            continue;
        };
        let Some(pos) = source[paren..].find(dest_url.as_ref()) else {
            continue;
        };
        let at = range.start + paren + pos;
        if at < copied {
            continue;
        }
        out.push_str(&markdown[copied..at]);
        out.push_str(&new_url.replace(' ', "%20"));
        copied = at + dest_url.len();
    }
    out.push_str(&markdown[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_dropped_in_both_styles() {
        assert_eq!(body("---\ntitle: x\n---\n\n# Hi\n"), "# Hi\n");
        assert_eq!(body("+++\ntitle = 'x'\n+++\nHi"), "Hi");
        assert_eq!(body("# No front matter"), "# No front matter");
    }

    #[test]
    fn raw_html_keeps_only_text() {
        assert_eq!(
            html_text("<div class=\"x\">a<br/>b<script>alert(1)</script><!-- c --></div>"),
            "a\nb"
        );
    }

    #[test]
    fn only_files_inside_the_media_folder_are_local() {
        let media = Path::new("/data/media");
        assert_eq!(resolve_local(media, "a/b.png"), Some(media.join("a/b.png")));
        assert_eq!(
            resolve_local(media, "/data/media/c.png"),
            Some(media.join("c.png"))
        );
        assert_eq!(resolve_local(media, "/home/me/.ssh/id_rsa"), None);
        assert_eq!(resolve_local(media, "../secret.png"), None);
        assert_eq!(resolve_local(media, "https://x.example/a.png"), None);
    }

    #[test]
    fn plain_text_and_excerpts_skip_markup_and_code() {
        let md = "# T\n\nA *b* `c` & d\n\n```\nlet x = 1;\n```\n\n- one\n- two\n";
        assert_eq!(plain_text(md), "T\nA b c & d\none\ntwo");
        assert_eq!(excerpt(md, 9), "T A b c &");
    }

    #[test]
    fn image_urls_are_rewritten_in_place() {
        let md = "Text ![a](x.png \"t\") and ![b](<y z.png>) and [x.png](x.png)";
        let out = rewrite_images(md, |u| Some(format!("/images/{u}")));
        assert_eq!(
            out,
            "Text ![a](/images/x.png \"t\") and ![b](</images/y%20z.png>) and [x.png](x.png)"
        );
    }
}
