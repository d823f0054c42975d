//! Writing Markdown for the Word importer: inline text with emphasis and links, the escaping
//! that keeps a document's text from turning into Markdown syntax, and lists inside table cells.
//!
//! The non-obvious choice is emphasis: CommonMark's `**` does not close after punctuation
//! followed by a CJK letter (`**“引号”**后`), so emphasis whose text starts or ends with
//! punctuation is written as inline `<strong>`/`<em>`/`<del>` instead, which renders the same.

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Format {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
}

#[derive(Debug)]
pub(crate) enum Inline {
    Text(String, Format),
    /// Already Markdown (an image).
    Markdown(String),
    Link(String, Vec<Inline>),
    Break,
}

/// A list inside a table cell, written as nested inline HTML.
#[derive(Default)]
pub(crate) struct CellList {
    html: String,
    /// The open lists, innermost last: `"ul"` or `"ol"`.
    open: Vec<&'static str>,
}

impl CellList {
    pub fn item(&mut self, level: usize, ordered: bool, text: &str) {
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
    pub fn finish(&mut self) -> Option<String> {
        while !self.open.is_empty() {
            self.close_one();
        }
        (!self.html.is_empty()).then(|| std::mem::take(&mut self.html))
    }
}

pub(crate) fn plain_text(inlines: &[Inline]) -> String {
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
pub(crate) fn render_inlines(inlines: &[Inline]) -> String {
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

pub(crate) fn emphasis(text: &str, format: Format) -> String {
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
pub(crate) fn escape(text: &str) -> String {
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
pub(crate) fn escape_line_start(line: &str) -> String {
    if line.starts_with(['#', '+', '-', '=']) {
        return format!("\\{line}");
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

pub(crate) fn escape_url(url: &str) -> String {
    url.trim()
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('<', "%3C")
        .replace('>', "%3E")
        .replace('|', "%7C")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOLD: Format = Format {
        bold: true,
        italic: false,
        strike: false,
    };

    #[test]
    fn emphasis_survives_cjk_punctuation() {
        assert_eq!(emphasis(" word ", BOLD), " **word** ");
        assert_eq!(emphasis("“引号”", BOLD), "<strong>“引号”</strong>");
        let all = Format {
            bold: true,
            italic: true,
            strike: true,
        };
        assert_eq!(emphasis("x", all), "~~***x***~~");
        assert_eq!(emphasis("   ", BOLD), "   ");
    }

    #[test]
    fn text_never_becomes_syntax() {
        assert_eq!(escape("a*b_[c]<d>|e"), "a\\*b\\_\\[c\\]\\<d\\>\\|e");
        assert_eq!(escape_line_start("1. not a list"), "1\\. not a list");
        assert_eq!(escape_line_start("# not a heading"), "\\# not a heading");
        assert_eq!(escape_line_start("2024 was good"), "2024 was good");
        assert_eq!(
            escape_url("https://x.org/a b(1)"),
            "https://x.org/a%20b%281%29"
        );
    }

    #[test]
    fn cell_lists_nest_and_close() {
        let mut list = CellList::default();
        list.item(0, false, "a");
        list.item(1, true, "b");
        list.item(5, true, "c");
        list.item(0, false, "d");
        assert_eq!(
            list.finish().unwrap(),
            "<ul><li>a<ol><li>b<ol><li>c</li></ol></li></ol></li><li>d</li></ul>"
        );
        assert!(list.finish().is_none());
    }
}
