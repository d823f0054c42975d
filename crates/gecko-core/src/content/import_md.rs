//! Markdown files (.md, .markdown) with optional front matter.
//!
//! Front matter is YAML between `---` lines or TOML between `+++` lines, as static-site
//! generators write it. From it come the title, tags (`tags` or `tag`, a list or a comma-
//! separated string), category (`categories` or `category`; the first of a list), author
//! (`author` or `authors`, HTML stripped) and date. Everything after the closing line is the
//! body, kept byte for byte: the file's Markdown is the author's, and re-flowing it would lose
//! their diff. Without front matter the title is the first level-1 heading, else the file name.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use serde_json::Value;

/// A date from front matter: an instant when it has an offset, else a local date or time to be
/// read in the community's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterDate {
    Instant(DateTime<Utc>),
    Local(NaiveDateTime),
    Day(NaiveDate),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportedMarkdown<'a> {
    /// From the front matter or the first `# heading`; `None` means "use the file name".
    pub title: Option<String>,
    /// The text after the front matter, byte for byte.
    pub body: &'a str,
    pub tags: Vec<String>,
    pub category: Option<String>,
    pub author: Option<String>,
    pub date: Option<FrontMatterDate>,
}

/// Splits `text` into front matter (kind, text) and body; the body is a slice of `text`.
fn split_front_matter(text: &str) -> (Option<(char, &str)>, &str) {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let fence = if rest.starts_with("---") {
        "---"
    } else if rest.starts_with("+++") {
        "+++"
    } else {
        return (None, text);
    };
    let Some(first_line_end) = rest.find('\n') else {
        return (None, text);
    };
    if rest[..first_line_end].trim_end() != fence {
        return (None, text);
    }
    let inner_start = start + first_line_end + 1;
    let mut offset = inner_start;
    for line in text[inner_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == fence || (fence == "---" && bare == "...") {
            let kind = fence.chars().next().unwrap_or('-');
            return (
                Some((kind, &text[inner_start..offset])),
                &text[offset + line.len()..],
            );
        }
        offset += line.len();
    }
    (None, text)
}

/// Whole numbers stay numbers; any other number becomes its text, as front matter's readers
/// only ever want it as text (a tag `1.5`).
// Limitation: YAML gives a float back as a number, so a float written with trailing zeros
// (`1.50`) or an exponent comes through as its shortest form (`1.5`).
fn yaml_to_json(yaml: &yaml_serde::Value) -> Value {
    use yaml_serde::Value as Yaml;
    match yaml {
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Number(n) => match n.as_i64() {
            Some(i) => Value::from(i),
            None => Value::String(n.to_string()),
        },
        Yaml::Bool(b) => Value::Bool(*b),
        Yaml::Sequence(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Mapping(map) => Value::Object(
            map.iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) => s.clone(),
                        Yaml::Number(n) => n.to_string(),
                        _ => return None,
                    };
                    Some((key, yaml_to_json(v)))
                })
                .collect(),
        ),
        Yaml::Tagged(tagged) => yaml_to_json(&tagged.value),
        Yaml::Null => Value::Null,
    }
}

fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

fn parse_strict(kind: char, text: &str) -> Option<Value> {
    if kind == '+' {
        let table: toml::Table = text.parse().ok()?;
        return Some(toml_to_json(&toml::Value::Table(table)));
    }
    let yaml: yaml_serde::Value = yaml_serde::from_str(text).ok()?;
    Some(yaml_to_json(&yaml))
}

/// Front matter as a JSON object. Generators accept sloppier input than the standards (Hugo
/// reads `day = 07`, which TOML forbids), so when the whole block does not parse, each
/// top-level entry is parsed on its own and the ones that parse are kept.
fn parse_front_matter(kind: char, text: &str) -> Value {
    if let Some(value) = parse_strict(kind, text) {
        return value;
    }
    let mut merged = serde_json::Map::new();
    let mut entry = String::new();
    let mut flush = |entry: &mut String| {
        if let Some(Value::Object(map)) = parse_strict(kind, entry) {
            merged.extend(map);
        }
        entry.clear();
    };
    for line in text.lines() {
        let continues = line.starts_with([' ', '\t', '-']) || line.trim().is_empty();
        if !continues {
            flush(&mut entry);
            // A TOML table header starts nested keys this lenient reading does not need.
            if kind == '+' && line.trim_start().starts_with('[') {
                break;
            }
        }
        entry.push_str(line);
        entry.push('\n');
    }
    flush(&mut entry);
    Value::Object(merged)
}

/// A scalar as text; a list gives its items (strings or scalars).
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(map) => map.get("name").map(strings).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn first_of<'v>(meta: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    keys.iter()
        .find_map(|k| meta.get(*k).filter(|v| !v.is_null()))
}

/// Removes HTML tags from a byline such as `<a href="…">Name</a>`.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

pub fn parse_date(text: &str) -> Option<FrontMatterDate> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(FrontMatterDate::Instant(t.with_timezone(&Utc)));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(FrontMatterDate::Local(t));
        }
    }
    if let Ok(t) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S %z") {
        return Some(FrontMatterDate::Instant(t.with_timezone(&Utc)));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(FrontMatterDate::Day)
}

/// The text of the first level-1 heading of `body`.
pub fn first_heading(body: &str) -> Option<String> {
    let mut inside = false;
    let mut title = String::new();
    for event in super::render::events(body) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => inside = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if inside => break,
            Event::Text(t) | Event::Code(t) if inside => title.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => title.push(' '),
            _ => {}
        }
    }
    let title = title.trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// Reads a Markdown file's front matter and body.
pub fn parse_markdown(text: &str) -> ImportedMarkdown<'_> {
    let (front, mut body) = split_front_matter(text);
    let meta = match front {
        Some((kind, fm)) => parse_front_matter(kind, fm),
        None => Value::Null,
    };
    // Two `---` rules around a plain paragraph are not front matter: keep the whole text.
    if front.is_some() && !meta.is_object() {
        body = text;
    }
    let text_of = |keys: &[&str]| -> Option<String> {
        first_of(&meta, keys).map(strings).and_then(|v| {
            v.into_iter()
                .map(|s| s.trim().to_string())
                .find(|s| !s.is_empty())
        })
    };
    let tags = first_of(&meta, &["tags", "tag"])
        .map(|v| match v {
            Value::String(s) => s.split([',', '，']).map(str::to_string).collect(),
            other => strings(other),
        })
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let author = first_of(&meta, &["author", "authors"])
        .map(|v| {
            strings(v)
                .iter()
                .map(|a| strip_tags(a))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|a| !a.is_empty());
    ImportedMarkdown {
        title: text_of(&["title"]).or_else(|| first_heading(body)),
        body,
        tags,
        category: text_of(&["categories", "category"]),
        author,
        date: text_of(&["date"]).as_deref().and_then(parse_date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_and_exact_body() {
        let file = "---\ntitle: \"Hello\"\ntags: [a, b]\ncategories: [News, X]\nauthor: <a href=\"x\">Ann</a>\ndate: 2025-06-03T15:00:00+08:00\n---\n\n# Other\r\nbody *x*\n";
        let md = parse_markdown(file);
        assert_eq!(md.title.as_deref(), Some("Hello"));
        assert_eq!(md.tags, ["a", "b"]);
        assert_eq!(md.category.as_deref(), Some("News"));
        assert_eq!(md.author.as_deref(), Some("Ann"));
        assert_eq!(md.body, "\n# Other\r\nbody *x*\n");
        assert!(
            matches!(md.date, Some(FrontMatterDate::Instant(t)) if t.to_rfc3339() == "2025-06-03T07:00:00+00:00")
        );
    }

    #[test]
    fn toml_front_matter_with_local_date() {
        let file = "+++\ntitle = \"T\"\nauthors = [\"A\", \"B\"]\ndate = 2025-02-07\ntag = \"x, y\"\n+++\nbody";
        let md = parse_markdown(file);
        assert_eq!(md.title.as_deref(), Some("T"));
        assert_eq!(md.author.as_deref(), Some("A, B"));
        assert_eq!(md.body, "body");
        assert!(matches!(md.date, Some(FrontMatterDate::Day(_))));
    }

    #[test]
    fn without_front_matter_the_first_heading_is_the_title() {
        let md = parse_markdown("intro\n\n## two\n\n# The *Title*\n");
        assert_eq!(md.title.as_deref(), Some("The Title"));
        assert_eq!(parse_markdown("no heading").title, None);
        // A thematic break at the top is not front matter.
        let md = parse_markdown("---\n\ntext");
        assert_eq!(md.body, "---\n\ntext");
    }

    #[test]
    fn sloppy_front_matter_keeps_what_parses() {
        let md =
            parse_markdown("+++\ntitle = \"T\"\nday = 07\ntags = [\"a\"]\n[extra]\nx = 1\n+++\nx");
        assert_eq!(md.title.as_deref(), Some("T"));
        assert_eq!(md.tags, ["a"]);
        assert_eq!(md.body, "x");
        let md = parse_markdown("---\ntitle: T\nbad: [unclosed\ntags:\n  - a\n---\nx");
        assert_eq!(md.title.as_deref(), Some("T"));
        assert_eq!(md.tags, ["a"]);
        let md = parse_markdown("+++\ntitle = \n+++\n# Heading");
        assert_eq!(md.title.as_deref(), Some("Heading"));
    }
}
