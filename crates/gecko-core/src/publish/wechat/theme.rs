//! Visual themes for WeChat articles: every style is a literal inline `style` value, because
//! WeChat's editor strips classes and `<style>` blocks.
//!
//! Styles repeated on every list item and code span are kept short on purpose: they are paid
//! for once per occurrence against WeChat's 20,000-character content limit.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum WechatTheme {
    #[default]
    Default,
    Tech,
}

impl WechatTheme {
    pub fn parse(s: &str) -> Option<WechatTheme> {
        match s {
            "default" => Some(WechatTheme::Default),
            "tech" => Some(WechatTheme::Tech),
            _ => None,
        }
    }

    pub(crate) fn styles(self) -> &'static Theme {
        match self {
            WechatTheme::Default => &DEFAULT,
            WechatTheme::Tech => &TECH,
        }
    }
}

/// The start of every list marker's style: one signature that tests (and the UI preview) can
/// count.
pub const LIST_MARKER_STYLE: &str = "display:inline-block;min-width:1.5em;";

pub(crate) struct Theme {
    pub root: &'static str,
    pub p: &'static str,
    pub h1: &'static str,
    pub h2: &'static str,
    pub h3: &'static str,
    pub h4: &'static str,
    pub blockquote: &'static str,
    pub code: &'static str,
    pub pre: &'static str,
    pub pre_code: &'static str,
    pub link: &'static str,
    pub list: &'static str,
    pub item: &'static str,
    pub marker_color: &'static str,
    pub table_wrap: &'static str,
    pub table: &'static str,
    pub th: &'static str,
    pub td: &'static str,
    pub hr: &'static str,
    pub img: &'static str,
    pub sup: &'static str,
    pub refs: &'static str,
    pub refs_title: &'static str,
    pub ref_item: &'static str,
    pub strong: &'static str,
}

static DEFAULT: Theme = Theme {
    root: "font-size:16px;line-height:1.75;color:#333;letter-spacing:0.5px;\
           word-break:break-word;",
    p: "margin:0 0 1em 0;",
    h1: "font-size:22px;font-weight:bold;margin:1.2em 0 0.8em;color:#222;",
    h2: "font-size:20px;font-weight:bold;margin:1.2em 0 0.8em;padding-bottom:0.3em;\
         border-bottom:2px solid #07c160;color:#222;",
    h3: "font-size:18px;font-weight:bold;margin:1em 0 0.6em;color:#07c160;",
    h4: "font-size:16px;font-weight:bold;margin:1em 0 0.6em;color:#333;",
    blockquote: "margin:1em 0;padding:0.6em 1em;border-left:4px solid #07c160;\
                 background:#f6f8f6;color:#555;",
    code: "font-family:Menlo,monospace;padding:0 4px;background:#f3f3f3;color:#c7254e;",
    pre: "margin:1em 0;padding:1em;background:#f6f8fa;border-radius:4px;overflow-x:auto;\
          font-size:13px;line-height:1.6;",
    pre_code: "font-family:Menlo,Consolas,monospace;color:#333;background:none;",
    link: "color:#07c160;",
    list: "margin:0.4em 0 0.8em 0;padding-left:1.2em;",
    item: "margin:0.3em 0;",
    marker_color: "color:#07c160;",
    table_wrap: "overflow-x:auto;max-width:100%;margin:1em 0;",
    table: "border-collapse:collapse;min-width:100%;font-size:14px;",
    th: "border:1px solid #ddd;padding:6px 10px;background:#f0f9f4;font-weight:bold;",
    td: "border:1px solid #ddd;padding:6px 10px;",
    hr: "border:none;border-top:1px solid #ddd;margin:1.5em 0;",
    img: "display:block;max-width:100%;height:auto;margin:0.8em auto;",
    sup: "font-size:12px;color:#07c160;",
    refs: "margin-top:2em;padding-top:1em;border-top:1px solid #eee;font-size:13px;color:#666;",
    refs_title: "font-weight:bold;margin:0 0 0.5em 0;",
    ref_item: "margin:0 0 0.3em 0;word-break:break-all;",
    strong: "font-weight:bold;color:#222;",
};

static TECH: Theme = Theme {
    root: "font-size:15px;line-height:1.8;color:#2c3e50;word-break:break-word;",
    p: "margin:0 0 1em 0;",
    h1: "font-size:22px;font-weight:bold;margin:1.2em 0 0.8em;color:#1e6bb8;",
    h2: "font-size:19px;font-weight:bold;margin:1.2em 0 0.8em;padding:0.2em 0.6em;\
         border-left:5px solid #1e6bb8;background:#eef5fc;color:#1e6bb8;",
    h3: "font-size:17px;font-weight:bold;margin:1em 0 0.6em;color:#1e6bb8;",
    h4: "font-size:15px;font-weight:bold;margin:1em 0 0.6em;color:#2c3e50;",
    blockquote: "margin:1em 0;padding:0.6em 1em;border-left:4px solid #1e6bb8;\
                 background:#f4f8fb;color:#4a5a6a;",
    code: "font-family:Menlo,monospace;padding:0 4px;background:#eef2f6;color:#1e6bb8;",
    pre: "margin:1em 0;padding:1em;background:#282c34;border-radius:6px;overflow-x:auto;\
          font-size:13px;line-height:1.6;",
    pre_code: "font-family:'Fira Code',Menlo,Consolas,monospace;color:#abb2bf;background:none;",
    link: "color:#1e6bb8;",
    list: "margin:0.4em 0 0.8em 0;padding-left:1.2em;",
    item: "margin:0.3em 0;",
    marker_color: "color:#1e6bb8;",
    table_wrap: "overflow-x:auto;max-width:100%;margin:1em 0;",
    table: "border-collapse:collapse;min-width:100%;font-size:13px;",
    th: "border:1px solid #c8d6e5;padding:6px 10px;background:#1e6bb8;color:#fff;",
    td: "border:1px solid #c8d6e5;padding:6px 10px;",
    hr: "border:none;border-top:1px dashed #1e6bb8;margin:1.5em 0;",
    img: "display:block;max-width:100%;height:auto;margin:0.8em auto;border-radius:4px;",
    sup: "font-size:12px;color:#1e6bb8;",
    refs: "margin-top:2em;padding-top:1em;border-top:1px solid #c8d6e5;font-size:13px;\
           color:#4a5a6a;",
    refs_title: "font-weight:bold;margin:0 0 0.5em 0;color:#1e6bb8;",
    ref_item: "margin:0 0 0.3em 0;word-break:break-all;",
    strong: "font-weight:bold;color:#1e6bb8;",
};
