//! The content's vocabulary: its enums, the views the UI receives, the inputs it sends, and the
//! rules every input must pass before anything is written.
//!
//! Enums cross the boundary as snake_case strings and are stored as the same strings, so the
//! database, the Rust type and the UI use one word for each state. A view of one content carries
//! the body; the list's summary never does, so a page of 200 rows stays small.

use crate::error::{CoreError, Result};
use crate::validate;
use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 500;
pub const AUTHOR_MAX: usize = 200;
pub const CATEGORY_MAX: usize = 100;
pub const TAG_MAX: usize = 50;
pub const TAGS_MAX: usize = 30;
/// A body larger than this is refused (the import limit is the same).
pub const BODY_MAX_BYTES: usize = 10 * 1024 * 1024;

macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),* }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($wire => Some($name::$variant),)* _ => None }
            }

            /// A stored value; anything else means the row was written by something else.
            pub(crate) fn stored(s: &str) -> Result<$name> {
                Self::parse(s).ok_or_else(|| {
                    tracing::error!(value = s, kind = stringify!($name), "unknown stored value");
                    CoreError::internal()
                })
            }
        }
    };
}

wire_enum!(
    /// Where a content came from.
    SourceType { Contribution = "contribution", ReleaseNote = "release_note", EventSummary = "event_summary" }
);
wire_enum!(
    /// The review workflow; see `workflow.rs` for the transitions.
    ContentStatus { Draft = "draft", Reviewing = "reviewing", Approved = "approved", Published = "published" }
);
wire_enum!(
    /// Progress of the work, independent of the review workflow.
    WorkStatus { Planning = "planning", InProgress = "in_progress", Completed = "completed" }
);

/// One content with its body, as the editor needs it: the list's summary (flattened on the
/// wire) plus the body, the people and the caller's rights.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ContentView {
    #[serde(flatten)]
    pub summary: ContentSummary,
    pub community_id: i64,
    pub content_markdown: String,
    /// Sanitised HTML rendered from the Markdown at the last save.
    pub content_html: String,
    pub source_file: Option<String>,
    /// Immutable; empty once that user was deleted.
    pub created_by_user_id: Option<i64>,
    pub collaborator_ids: Vec<i64>,
    pub assignee_ids: Vec<i64>,
    /// Whether the signed-in user may edit (and delete) it.
    pub can_edit: bool,
    /// The statuses the signed-in user may move it to (the workflow table and their role).
    pub next_statuses: Vec<ContentStatus>,
    /// Whether the signed-in user may send it to a publishing channel.
    pub can_publish: bool,
}

/// A content in a list or calendar: everything but the body.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ContentSummary {
    pub id: i64,
    pub title: String,
    pub source_type: SourceType,
    pub author: String,
    pub tags: Vec<String>,
    pub category: String,
    /// A media reference (`media/<file>`), see `media.rs`.
    pub cover_image: Option<String>,
    pub status: ContentStatus,
    pub work_status: WorkStatus,
    pub scheduled_publish_at: Option<DateTime<Utc>>,
    pub owner_id: Option<i64>,
    /// The owner's username, for the list's owner column.
    pub owner_name: Option<String>,
    /// Send it back with the next update; a stale one is refused with a conflict.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The columns of [`ContentSummary`], selected from `contents c`.
pub(crate) const SUMMARY_COLUMNS: &str = "c.id, c.title, c.source_type, c.author, c.tags, \
     c.category, c.cover_image, c.status, c.work_status, c.scheduled_publish_at, c.owner_id, \
     (SELECT u.username FROM users u WHERE u.id = c.owner_id) AS owner_name, c.version, \
     c.created_at, c.updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) source_type: String,
    pub(crate) author: String,
    pub(crate) tags: sqlx::types::Json<Vec<String>>,
    pub(crate) category: String,
    pub(crate) cover_image: Option<String>,
    pub(crate) status: String,
    pub(crate) work_status: String,
    pub(crate) scheduled_publish_at: Option<DateTime<Utc>>,
    pub(crate) owner_id: Option<i64>,
    pub(crate) owner_name: Option<String>,
    pub(crate) version: i64,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) updated_at: DateTime<Utc>,
}

impl SummaryRow {
    pub(crate) fn into_summary(self) -> Result<ContentSummary> {
        Ok(ContentSummary {
            id: self.id,
            title: self.title,
            source_type: SourceType::stored(&self.source_type)?,
            author: self.author,
            tags: self.tags.0,
            category: self.category,
            cover_image: self.cover_image,
            status: ContentStatus::stored(&self.status)?,
            work_status: WorkStatus::stored(&self.work_status)?,
            scheduled_publish_at: self.scheduled_publish_at,
            owner_id: self.owner_id,
            owner_name: self.owner_name,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// A whole content row: the summary's columns and the rest.
#[derive(sqlx::FromRow)]
pub(crate) struct ContentRow {
    #[sqlx(flatten)]
    pub summary: SummaryRow,
    pub community_id: i64,
    pub content_markdown: String,
    pub content_html: String,
    pub source_file: Option<String>,
    pub created_by_user_id: Option<i64>,
}

/// The columns of [`ContentRow`], selected from `contents c`.
pub(crate) fn content_columns() -> String {
    format!(
        "{SUMMARY_COLUMNS}, c.community_id, c.content_markdown, c.content_html, c.source_file, \
         c.created_by_user_id"
    )
}

/// What the editor sends to create a content.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
pub struct NewContent {
    pub title: String,
    pub content_markdown: String,
    pub source_type: Option<SourceType>,
    pub author: String,
    pub tags: Vec<String>,
    pub category: String,
    pub scheduled_publish_at: Option<DateTime<Utc>>,
}

/// What the editor (or its autosave) sends to save a content: the whole editable state plus the
/// `version` it was based on.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct ContentUpdate {
    pub version: i64,
    pub title: String,
    pub content_markdown: String,
    pub source_type: SourceType,
    pub author: String,
    pub tags: Vec<String>,
    pub category: String,
    pub scheduled_publish_at: Option<DateTime<Utc>>,
}

/// Editable fields after validation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValidFields {
    pub title: String,
    pub content_markdown: String,
    pub source_type: SourceType,
    pub author: String,
    pub tags: Vec<String>,
    pub category: String,
    pub scheduled_publish_at: Option<DateTime<Utc>>,
}

impl ValidFields {
    pub(crate) fn new(
        title: &str,
        content_markdown: String,
        source_type: SourceType,
        author: &str,
        tags: &[String],
        category: &str,
        scheduled_publish_at: Option<DateTime<Utc>>,
    ) -> Result<ValidFields> {
        let title = validate::text("title", title, 1, TITLE_MAX)?;
        validate::no_nul("content_markdown", &content_markdown)?;
        if content_markdown.len() > BODY_MAX_BYTES {
            return Err(CoreError::validation(
                "content_markdown",
                "The text is larger than 10 MB; split it into several contents.",
                "正文超过 10 MB，请拆分为多篇内容。",
            ));
        }
        Ok(ValidFields {
            title,
            content_markdown,
            source_type,
            author: validate::text("author", author, 0, AUTHOR_MAX)?,
            tags: valid_tags(tags)?,
            category: validate::text("category", category, 0, CATEGORY_MAX)?,
            scheduled_publish_at: scheduled_publish_at
                .map(|t| validate::instant("scheduled_publish_at", t))
                .transpose()?
                .map(|t| t.trunc_subsecs(6)),
        })
    }
}

/// What text search looks in: title and body, lower-cased here (Unicode-aware) and stored in
/// `content_search.search_text`, so the list's search is a plain substring scan.
pub fn search_text(title: &str, content_markdown: &str) -> String {
    let mut text = String::with_capacity(title.len() + content_markdown.len() + 1);
    text.push_str(&title.to_lowercase());
    text.push('\n');
    text.push_str(&content_markdown.to_lowercase());
    text
}

/// Trimmed, non-empty, unique (first spelling wins), at most [`TAGS_MAX`] of [`TAG_MAX`] chars.
pub(crate) fn valid_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        validate::no_nul("tags", tag)?;
        let tag = tag.trim();
        if tag.is_empty() || out.iter().any(|t| t == tag) {
            continue;
        }
        if tag.chars().count() > TAG_MAX {
            return Err(CoreError::validation(
                "tags",
                format!("A tag may have at most {TAG_MAX} characters: shorten \"{tag}\"."),
                format!("标签最多 {TAG_MAX} 个字符，请缩短“{tag}”。"),
            ));
        }
        out.push(tag.to_string());
    }
    if out.len() > TAGS_MAX {
        return Err(CoreError::validation(
            "tags",
            format!("Use at most {TAGS_MAX} tags."),
            format!("标签最多 {TAGS_MAX} 个。"),
        ));
    }
    Ok(out)
}
