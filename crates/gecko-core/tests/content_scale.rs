//! The content list at the product's scale: 12,000 contents (SPEC §11), seeded in one
//! transaction, then filtered, searched and paged on both backends with the times printed.
//! Run with `--release` for numbers comparable to the app; the assertions only guard against
//! a query that scans badly (a generous bound that a debug build also meets).

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::world;
use gecko_core::content::{
    render_markdown, search_text, ContentFilter, ContentSort, ContentStatus, SortDirection,
};
use gecko_core::testing::{self, each_backend};
use gecko_core::Core;
use serde_json::json;
use std::time::Instant;

const CONTENTS: usize = 12_000;
const BATCH: usize = 500;
const TAGS: [&str; 8] = [
    "rust",
    "kubernetes",
    "release",
    "community",
    "ai",
    "database",
    "go",
    "meetup",
];
const STATUSES: [&str; 4] = ["draft", "reviewing", "approved", "published"];
const WORK: [&str; 3] = ["planning", "in_progress", "completed"];
const SOURCES: [&str; 3] = ["contribution", "release_note", "event_summary"];

fn body(i: usize) -> String {
    let mut b = format!("# Article {i}\n\n");
    for p in 0..12 {
        b.push_str(&format!(
            "Paragraph {p} of article {i} talks about open source communities, release planning \
             and the people who run them. 社区运营与版本发布的第 {p} 段内容，介绍贡献者的故事。\n\n"
        ));
    }
    if i.is_multiple_of(97) {
        b.push_str("A rare word: Zanzibar-Needle.\n");
    }
    b
}

async fn seed(core: &Core, community_id: i64, owners: &[i64]) {
    let start = Utc.with_ymd_and_hms(2021, 1, 1, 0, 0, 0).unwrap();
    let mut tx = core.db().begin().await.unwrap();
    for batch in 0..CONTENTS / BATCH {
        let mut sql = String::from(
            "INSERT INTO contents (community_id, created_by_user_id, owner_id, title, \
             content_markdown, content_html, source_type, author, tags, category, status, \
             work_status, scheduled_publish_at, version, created_at, updated_at) VALUES ",
        );
        let mut args = Vec::new();
        for j in 0..BATCH {
            let i = batch * BATCH + j;
            let n = args.len();
            if j > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, 'seed', ${}, ${}, ${}, ${}, ${}, 1, ${}, ${})",
                n + 1,
                n + 2,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6,
                n + 7,
                n + 8,
                n + 9,
                n + 10,
                n + 11,
                n + 12,
                n + 13
            ));
            let created = start + Duration::minutes(i as i64 * 217);
            let owner = owners[i % owners.len()];
            let tags = json!([TAGS[i % TAGS.len()], TAGS[(i / 3) % TAGS.len()]]);
            let title = format!("Article {i}: {} notes", TAGS[i % TAGS.len()]);
            let body = body(i);
            // The HTML cache is as large as the body in real data; the list must not read it.
            let html = render_markdown(&body);
            args.extend(gecko_core::args![
                community_id,
                owner,
                title,
                body,
                html,
                SOURCES[i % 3],
                tags,
                ["news", "tech", "event"][i % 3],
                STATUSES[i % 4],
                WORK[i % 3],
                i.is_multiple_of(5).then(|| created + Duration::days(7)),
                created,
                created + Duration::hours(1)
            ]);
        }
        tx.execute(&sql, args).await.unwrap();
    }
    // What `create_content` writes beside each content for text search.
    let rows: Vec<(i64, String, String)> = tx
        .fetch_all(
            "SELECT id, title, content_markdown FROM contents WHERE community_id = $1",
            gecko_core::args![community_id],
        )
        .await
        .unwrap();
    for chunk in rows.chunks(BATCH) {
        let mut sql = String::from(
            "INSERT INTO content_search (content_id, community_id, search_text) VALUES ",
        );
        let mut args = Vec::new();
        for (k, (id, title, body)) in chunk.iter().enumerate() {
            if k > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("(${}, ${}, ${})", 3 * k + 1, 3 * k + 2, 3 * k + 3));
            args.extend(gecko_core::args![
                *id,
                community_id,
                search_text(title, body)
            ]);
        }
        tx.execute(&sql, args).await.unwrap();
    }
    // A third of the contents have an assignee.
    let assignee = owners[0];
    tx.execute(
        "INSERT INTO content_assignees (content_id, user_id, assigned_at) \
         SELECT id, $1, created_at FROM contents WHERE community_id = $2 AND id % 3 = 0",
        gecko_core::args![assignee, community_id],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // What autovacuum does to a settled database: fresh statistics for the planner.
    if core.db().backend() == gecko_core::db::Backend::Postgres {
        for table in ["contents", "content_search", "content_assignees"] {
            core.db()
                .execute(&format!("VACUUM ANALYZE {table}"), vec![])
                .await
                .unwrap();
        }
    }
}

/// The median of five timed runs after one warm-up, in milliseconds.
async fn time_list(core: &Core, filter: &ContentFilter) -> (f64, i64) {
    let total = core.list_contents(filter.clone()).await.unwrap().total;
    let mut times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        core.list_contents(filter.clone()).await.unwrap();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times[2], total)
}

#[tokio::test]
async fn twelve_thousand_contents_list_fast() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        let w = world(&t, &clock, "Asia/Shanghai").await;
        let owners = [w.id("alice"), w.id("bob"), w.id("carol"), w.id("dave")];
        let started = Instant::now();
        seed(&w.root, w.a, &owners).await;
        let backend = format!("{:?}", t.backend());
        eprintln!(
            "[{backend}] seeded {CONTENTS} contents in {:?}",
            started.elapsed()
        );

        let dave = w.client("dave");
        let cases: Vec<(&str, ContentFilter, i64)> = vec![
            (
                "first page, newest first",
                ContentFilter::default(),
                CONTENTS as i64,
            ),
            (
                "status + tag + category, by title",
                ContentFilter {
                    status: Some(ContentStatus::Published),
                    tag: Some("kubernetes".into()),
                    category: Some("news".into()),
                    sort: ContentSort::Title,
                    direction: SortDirection::Asc,
                    ..Default::default()
                },
                -1,
            ),
            (
                "assignee, by schedule",
                ContentFilter {
                    assignee_id: Some(w.id("alice")),
                    sort: ContentSort::ScheduledPublishAt,
                    ..Default::default()
                },
                (CONTENTS / 3) as i64,
            ),
            (
                "text search (body), case-insensitive",
                ContentFilter {
                    search: Some("zanzibar-NEEDLE".into()),
                    ..Default::default()
                },
                CONTENTS.div_ceil(97) as i64,
            ),
            (
                "text search (title) + status",
                ContentFilter {
                    search: Some("article 1234:".into()),
                    status: Some(ContentStatus::Approved),
                    ..Default::default()
                },
                1,
            ),
            (
                "text search, 2 characters (no trigram: a scan)",
                ContentFilter {
                    search: Some("社区".into()),
                    ..Default::default()
                },
                CONTENTS as i64,
            ),
            (
                "last page of 200",
                ContentFilter {
                    page: Some(60),
                    page_size: Some(200),
                    ..Default::default()
                },
                CONTENTS as i64,
            ),
        ];
        for (name, filter, expected_total) in cases {
            let (ms, total) = time_list(dave, &filter).await;
            eprintln!("[{backend}] {name}: {ms:.1} ms (total {total})");
            if expected_total >= 0 {
                assert_eq!(total, expected_total, "{name}");
            } else {
                assert!(total > 0, "{name}");
            }
            assert!(ms < 2000.0, "{name} took {ms} ms");
        }
        let started = Instant::now();
        let month = dave
            .content_calendar(
                Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap(),
                Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap(),
            )
            .await
            .unwrap();
        eprintln!(
            "[{backend}] calendar month: {:.1} ms ({} items)",
            started.elapsed().as_secs_f64() * 1000.0,
            month.len()
        );
        assert!(!month.is_empty());
    })
    .await;
}
