//! Content commands on both backends: saving with optimistic concurrency, the workflow for
//! every pair of states and every role, work status, people, the list, the calendar and covers.

#[path = "../common/mod.rs"]
mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::{audit_count, draft, world, ROLES};
use gecko_core::content::{
    ContentFilter, ContentSort, ContentStatus, ContentUpdate, ContentView, SortDirection,
    SourceType, WorkStatus,
};
use gecko_core::testing::{self, each_backend};
use gecko_core::ErrorCode;

mod calendar;
mod covers;
mod list;
mod people;
mod saving;
mod workflow;

fn update_of(c: &ContentView) -> ContentUpdate {
    ContentUpdate {
        version: c.summary.version,
        title: c.summary.title.clone(),
        content_markdown: c.content_markdown.clone(),
        source_type: c.summary.source_type,
        author: c.summary.author.clone(),
        tags: c.summary.tags.clone(),
        category: c.summary.category.clone(),
        scheduled_publish_at: c.summary.scheduled_publish_at,
    }
}

async fn content_count(w: &common::World) -> i64 {
    w.root
        .db()
        .scalar("SELECT count(*) FROM contents", vec![])
        .await
        .unwrap()
}
