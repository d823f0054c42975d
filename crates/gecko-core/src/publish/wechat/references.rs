//! The numbered references at the end of a WeChat article: external links and footnotes share
//! one numbering, in order of first mention, and the same URL keeps its number.

use super::theme::Theme;
use crate::publish::markdown::escape_html;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Reference {
    pub number: u32,
    /// The URL for a link; `None` for a footnote.
    pub url: Option<String>,
    pub label: String,
}

enum RefEntry {
    Link { url: String, text: String },
    Footnote(String),
}

#[derive(Default)]
pub(crate) struct References {
    entries: Vec<RefEntry>,
    by_key: HashMap<String, u32>,
}

impl References {
    fn number(&mut self, key: String, entry: RefEntry) -> u32 {
        if let Some(n) = self.by_key.get(&key) {
            return *n;
        }
        self.entries.push(entry);
        let n = self.entries.len() as u32;
        self.by_key.insert(key, n);
        n
    }

    /// The number of a link to `url`; `text` is its first link text.
    pub fn link(&mut self, url: &str, text: &str) -> u32 {
        let entry = RefEntry::Link {
            url: url.to_string(),
            text: text.trim().to_string(),
        };
        self.number(format!("url:{url}"), entry)
    }

    pub fn footnote(&mut self, label: &str) -> u32 {
        self.number(format!("fn:{label}"), RefEntry::Footnote(label.to_string()))
    }

    /// Footnotes defined but never referenced still get a number, after all the others.
    pub fn number_unreferenced_footnotes(&mut self, definitions: &HashMap<String, String>) {
        let mut labels: Vec<&String> = definitions
            .keys()
            .filter(|l| !self.by_key.contains_key(&format!("fn:{l}")))
            .collect();
        labels.sort();
        for label in labels {
            self.footnote(label);
        }
    }

    /// The closing "参考资料" section; empty when there is nothing to list.
    pub fn section_html(&self, t: &Theme, footnote_html: &HashMap<String, String>) -> String {
        if self.entries.is_empty() {
            return String::new();
        }
        let mut html = format!("<section style=\"{}\">", t.refs);
        html.push_str(&format!("<p style=\"{}\">参考资料</p>", t.refs_title));
        for (i, entry) in self.entries.iter().enumerate() {
            let body = match entry {
                RefEntry::Link { url, text } if text.is_empty() || text == url => escape_html(url),
                RefEntry::Link { url, text } => {
                    format!("{}: {}", escape_html(text), escape_html(url))
                }
                RefEntry::Footnote(label) => footnote_html
                    .get(label)
                    .cloned()
                    .unwrap_or_else(|| escape_html(label)),
            };
            html.push_str(&format!(
                "<p style=\"{}\">[{}] {body}</p>",
                t.ref_item,
                i + 1
            ));
        }
        html.push_str("</section>");
        html
    }

    pub fn into_list(self) -> Vec<Reference> {
        self.entries
            .into_iter()
            .zip(1..)
            .map(|(entry, number)| match entry {
                RefEntry::Link { url, text } => Reference {
                    number,
                    url: Some(url),
                    label: text,
                },
                RefEntry::Footnote(label) => Reference {
                    number,
                    url: None,
                    label,
                },
            })
            .collect()
    }
}
