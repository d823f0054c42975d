//! The content list: filters, text search, sort and pages, answered by one count and one page
//! query built from the same WHERE clause.
//!
//! Everything is plain SQL shared by both backends except the tag filter: tags are a JSON array,
//! searched with `json_each` on SQLite and with jsonb containment (GIN-indexed, see migration
//! 0002) on PostgreSQL. Text search is a case-insensitive substring match on title and body,
//! run against `content_search.search_text`, a copy lower-cased by the app on every save: no
//! `lower()` per row at query time and the same Unicode case folding on both backends. Needles
//! of 3+ characters are answered from a trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL
//! when the server allows the extension). Limitation: 1–2 character needles (common in
//! Chinese) scan every text.

use super::model::{
    ContentStatus, ContentSummary, SourceType, SummaryRow, WorkStatus, SUMMARY_COLUMNS,
};
use crate::core::Core;
use crate::db::{like_pattern, Arg, Backend};
use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};

pub const PAGE_SIZE_DEFAULT: u32 = 50;
pub const PAGE_SIZE_MAX: u32 = 200;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ContentSort {
    #[default]
    UpdatedAt,
    CreatedAt,
    Title,
    ScheduledPublishAt,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SortDirection {
    Asc,
    #[default]
    Desc,
}

/// What the list shows. Every field may be left out.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct ContentFilter {
    pub status: Option<ContentStatus>,
    pub work_status: Option<WorkStatus>,
    pub source_type: Option<SourceType>,
    pub category: Option<String>,
    pub tag: Option<String>,
    pub owner_id: Option<i64>,
    pub assignee_id: Option<i64>,
    /// Case-insensitive text found in the title or the body.
    pub search: Option<String>,
    /// `Some(false)`: only contents without a scheduled publish time (the calendar's tray).
    pub scheduled: Option<bool>,
    pub sort: ContentSort,
    pub direction: SortDirection,
    /// 1-based.
    pub page: Option<u32>,
    /// 1 to 200; 50 when left out.
    pub page_size: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ContentPage {
    pub items: Vec<ContentSummary>,
    /// All matches, across pages.
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

#[derive(sqlx::FromRow)]
struct PageRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    total: i64,
}

/// A WHERE clause under construction, with its numbered arguments.
pub(crate) struct Where {
    clauses: Vec<String>,
    pub args: Vec<Arg>,
}

impl Where {
    pub fn new(community_id: i64) -> Where {
        Where {
            clauses: vec!["c.community_id = $1".into()],
            args: vec![community_id.into()],
        }
    }

    /// Adds an argument and returns its placeholder.
    pub fn arg(&mut self, value: impl Into<Arg>) -> String {
        self.args.push(value.into());
        format!("${}", self.args.len())
    }

    pub fn and(&mut self, clause: String) {
        self.clauses.push(clause);
    }

    pub fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }
}

fn filter_where(filter: &ContentFilter, community_id: i64, backend: Backend) -> Result<Where> {
    let mut w = Where::new(community_id);
    if let Some(status) = filter.status {
        let p = w.arg(status.as_str());
        w.and(format!("c.status = {p}"));
    }
    if let Some(work_status) = filter.work_status {
        let p = w.arg(work_status.as_str());
        w.and(format!("c.work_status = {p}"));
    }
    if let Some(source_type) = filter.source_type {
        let p = w.arg(source_type.as_str());
        w.and(format!("c.source_type = {p}"));
    }
    if let Some(category) = filter
        .category
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let p = w.arg(category);
        w.and(format!("c.category = {p}"));
    }
    if let Some(tag) = filter
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let p = w.arg(tag);
        w.and(match backend {
            Backend::Sqlite => {
                format!("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = {p})")
            }
            Backend::Postgres => format!("c.tags @> jsonb_build_array(CAST({p} AS TEXT))"),
        });
    }
    if let Some(owner) = filter.owner_id {
        let p = w.arg(owner);
        w.and(format!("c.owner_id = {p}"));
    }
    if let Some(assignee) = filter.assignee_id {
        let p = w.arg(assignee);
        w.and(format!(
            "EXISTS (SELECT 1 FROM content_assignees ca WHERE ca.content_id = c.id \
             AND ca.user_id = {p})"
        ));
    }
    if let Some(text) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        crate::validate::no_nul("search", text)?;
        if text.chars().count() > 200 {
            return Err(CoreError::validation(
                "search",
                "Search for at most 200 characters.",
                "搜索内容最多 200 个字符。",
            ));
        }
        let clause = search_clause(&mut w, text, backend);
        w.and(clause);
    }
    match filter.scheduled {
        Some(true) => w.and("c.scheduled_publish_at IS NOT NULL".into()),
        Some(false) => w.and("c.scheduled_publish_at IS NULL".into()),
        None => {}
    }
    Ok(w)
}

/// Contents whose title or body contains `text`, whatever its case. `content_search` holds the
/// lower-cased text; on SQLite a needle of 3+ characters is looked up in its FTS5 trigram
/// index, a shorter one is a LIKE scan; on PostgreSQL the LIKE scans the community's rows
/// (migration 0008 says why not a trigram index).
fn search_clause(w: &mut Where, text: &str, backend: Backend) -> String {
    let needle = text.to_lowercase();
    if backend == Backend::Sqlite && needle.chars().count() >= 3 {
        // One FTS5 phrase: the needle's trigrams in a row, i.e. the substring.
        let p = w.arg(format!("\"{}\"", needle.replace('"', "\"\"")));
        return format!(
            "c.id IN (SELECT rowid FROM content_search_fts WHERE content_search_fts MATCH {p})"
        );
    }
    let p = w.arg(like_pattern(text));
    // Backslash is PostgreSQL's default LIKE escape.
    let escape = match backend {
        Backend::Sqlite => " ESCAPE '\\'",
        Backend::Postgres => "",
    };
    format!(
        "c.id IN (SELECT s.content_id FROM content_search s \
         WHERE s.community_id = $1 AND s.search_text LIKE {p}{escape})"
    )
}

fn order_by(sort: ContentSort, direction: SortDirection, backend: Backend) -> String {
    let dir = match direction {
        SortDirection::Asc => "ASC",
        SortDirection::Desc => "DESC",
    };
    // Titles compare by code point on both backends (SQLite's only order), case-insensitively.
    let collate = match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " COLLATE \"C\"",
    };
    match sort {
        ContentSort::UpdatedAt => format!("c.updated_at {dir}, c.id {dir}"),
        ContentSort::CreatedAt => format!("c.created_at {dir}, c.id {dir}"),
        ContentSort::Title => format!("lower(c.title){collate} {dir}, c.id {dir}"),
        // Unscheduled contents come last whichever the direction.
        ContentSort::ScheduledPublishAt => {
            format!("(c.scheduled_publish_at IS NULL), c.scheduled_publish_at {dir}, c.id {dir}")
        }
    }
}

impl Core {
    /// A page of the current community's contents, without bodies.
    pub async fn list_contents(&self, filter: ContentFilter) -> Result<ContentPage> {
        let scope = self.scope().await?;
        let page = filter.page.unwrap_or(1).max(1);
        let page_size = filter.page_size.unwrap_or(PAGE_SIZE_DEFAULT);
        if !(1..=PAGE_SIZE_MAX).contains(&page_size) {
            return Err(CoreError::validation(
                "page_size",
                format!("Show 1 to {PAGE_SIZE_MAX} contents per page."),
                format!("每页可显示 1 到 {PAGE_SIZE_MAX} 条内容。"),
            ));
        }
        let backend = self.db.backend();
        let mut w = filter_where(&filter, scope.community_id, backend)?;
        let count_args = w.args.clone();
        let count_sql = format!("SELECT count(*) FROM contents c WHERE {}", w.sql());
        let limit = w.arg(i64::from(page_size));
        let offset = w.arg(i64::from(page - 1) * i64::from(page_size));
        // A text search scans every row: its total rides along on the page's rows (a window
        // count) so the scan runs once. Other filters count from an index and let the page
        // query stop after LIMIT rows, which a window count would prevent.
        let searching = filter
            .search
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty());
        let window = if searching { "count(*) OVER ()" } else { "0" };
        let rows: Vec<PageRow> = self
            .db
            .fetch_all(
                &format!(
                    "SELECT {SUMMARY_COLUMNS}, CAST({window} AS BIGINT) AS total FROM contents c \
                     WHERE {} ORDER BY {} LIMIT {limit} OFFSET {offset}",
                    w.sql(),
                    order_by(filter.sort, filter.direction, backend)
                ),
                w.args,
            )
            .await?;
        let total = match rows.first() {
            Some(row) if searching => row.total,
            _ => self.db.scalar(&count_sql, count_args).await?,
        };
        Ok(ContentPage {
            items: rows
                .into_iter()
                .map(|r| r.summary.into_summary())
                .collect::<Result<_>>()?,
            total,
            page,
            page_size,
        })
    }
}
