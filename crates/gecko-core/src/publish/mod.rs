//! Publishing: turning one content item into what each channel needs, and recording every
//! attempt.
//!
//! Renderers (`wechat::render`, `hugo`, `clipboard`) are pure functions over an [`Article`] so
//! that the preview shows exactly what will be sent. The non-obvious decision: network and
//! file work happens OUTSIDE database transactions; a publish writes a `pending` record first,
//! commits, does the slow work, then settles the record in a second transaction, so a crash or
//! a remote failure leaves an honest trail instead of a half-written row.

pub mod analytics;
pub mod channels;
pub mod clipboard;
pub mod flow;
pub mod hugo;
pub mod markdown;
pub mod records;
pub mod secrets;
pub mod wechat;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

/// A publishing channel; the wire value is the database's `channel` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Wechat,
    Hugo,
    Csdn,
    Zhihu,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Wechat,
        Channel::Hugo,
        Channel::Csdn,
        Channel::Zhihu,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Wechat => "wechat",
            Channel::Hugo => "hugo",
            Channel::Csdn => "csdn",
            Channel::Zhihu => "zhihu",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// What every renderer needs to know about one content item. Built from a `contents` row by
/// the publish flow, or by hand in tests and previews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Article {
    pub content_id: i64,
    pub title: String,
    pub author: String,
    /// The Markdown body; a leading YAML/TOML front-matter block is ignored.
    pub markdown: String,
    pub tags: Vec<String>,
    pub category: String,
    /// A path inside the media folder, an absolute path, or an http(s) URL.
    pub cover: Option<String>,
    /// The digest / description.
    pub summary: String,
    /// The publication date: the scheduled time when there is one, else the creation time.
    pub date: DateTime<Utc>,
    /// IANA name of the community's timezone, e.g. `Asia/Shanghai`.
    pub timezone: String,
}

/// Per-`Core` publishing state: the unlocked secret key and the WeChat token cache.
#[derive(Default)]
pub struct PublishState {
    pub(crate) key: RwLock<Option<secrets::SecretKey>>,
    pub(crate) tokens: Mutex<HashMap<i64, wechat::client::CachedToken>>,
}
