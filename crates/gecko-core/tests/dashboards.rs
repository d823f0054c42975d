//! Dashboards on both backends: every figure against a fixed dataset with the exact expected
//! numbers, month boundaries in the community's time zone (Asia/Shanghai for A, Europe/Berlin
//! with its daylight-saving change for B), and who may see what.

use chrono::{DateTime, NaiveDate, Utc};
use gecko_core::clock::ManualClock;
use gecko_core::communities::CommunityInput;
use gecko_core::content::WorkStatus;
use gecko_core::dashboards::analytics::AnalyticsQuery;
use gecko_core::dashboards::audit_log::{AuditFilter, AuditPageRequest};
use gecko_core::dashboards::my_work::{MyWorkFilter, WorkCounts, WorkItemKind};
use gecko_core::dashboards::overview::{CalendarKind, CalendarRange};
use gecko_core::dashboards::{Granularity, NamedCount};
use gecko_core::db::Db;
use gecko_core::testing::{self, each_backend, setup_root, sign_in, PASSWORD};
use gecko_core::users::NewUser;
use gecko_core::{Core, ErrorCode, Role};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn named(pairs: &[(&str, i64)]) -> Vec<NamedCount> {
    pairs
        .iter()
        .map(|(name, count)| NamedCount {
            name: name.to_string(),
            count: *count,
        })
        .collect()
}

fn counts(planning: i64, in_progress: i64, completed: i64) -> WorkCounts {
    WorkCounts {
        planning,
        in_progress,
        completed,
    }
}

struct World {
    db: Db,
    clock: ManualClock,
    root: Core,
    alice: Core,
    bob: Core,
    carl: Core,
    a: i64,
    b: i64,
    bob_id: i64,
    /// Content and meeting ids by name.
    ids: std::collections::HashMap<&'static str, i64>,
}

fn community(name: &str, slug: &str, tz: &str) -> CommunityInput {
    CommunityInput {
        name: name.into(),
        slug: slug.into(),
        description: String::new(),
        url: None,
        logo_url: None,
        timezone: tz.into(),
        language: "zh-CN".into(),
    }
}

async fn user(root: &Core, name: &str) -> i64 {
    root.create_user(NewUser {
        username: name.into(),
        email: format!("{name}@example.org"),
        full_name: name.to_uppercase(),
        password: PASSWORD.into(),
        is_superuser: false,
    })
    .await
    .unwrap()
    .id
}

/// (name, community, status, work status, source type, author, category, created, scheduled)
type ContentRow = (
    &'static str,
    char,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const CONTENTS: &[ContentRow] = &[
    (
        "A1",
        'a',
        "draft",
        "planning",
        "contribution",
        "Ann",
        "news",
        "2026-04-02T02:00:00Z",
        Some("2026-04-25T02:00:00Z"),
    ),
    (
        "A2",
        'a',
        "reviewing",
        "in_progress",
        "release_note",
        "Ann",
        "release",
        "2026-04-03T02:00:00Z",
        Some("2026-04-22T02:00:00Z"),
    ),
    (
        "A3",
        'a',
        "approved",
        "completed",
        "event_summary",
        "Ben",
        "news",
        "2026-03-10T02:00:00Z",
        None,
    ),
    // 23:00 on 31 March in Shanghai.
    (
        "A4",
        'a',
        "published",
        "completed",
        "contribution",
        "Ann",
        "",
        "2026-03-31T15:00:00Z",
        None,
    ),
    // 00:30 on 1 April in Shanghai.
    (
        "A5",
        'a',
        "published",
        "planning",
        "contribution",
        "Ben",
        "news",
        "2026-03-31T16:30:00Z",
        None,
    ),
    (
        "B1",
        'b',
        "draft",
        "planning",
        "contribution",
        "Cy",
        "",
        "2026-04-01T10:00:00Z",
        Some("2026-04-21T08:00:00Z"),
    ),
    (
        "B2",
        'b',
        "published",
        "completed",
        "contribution",
        "Cy",
        "",
        "2026-03-20T10:00:00Z",
        None,
    ),
];

/// (content, channel, status, created, published)
const RECORDS: &[(&str, &str, &str, &str, Option<&str>)] = &[
    // 23:30 on 31 March in Shanghai: March.
    (
        "A4",
        "wechat",
        "published",
        "2026-03-31T15:00:00Z",
        Some("2026-03-31T15:30:00Z"),
    ),
    // 00:30 on 1 April in Shanghai (16:30 UTC on 31 March): April.
    (
        "A5",
        "hugo",
        "published",
        "2026-03-31T16:00:00Z",
        Some("2026-03-31T16:30:00Z"),
    ),
    ("A5", "wechat", "failed", "2026-04-05T01:00:00Z", None),
    (
        "A4",
        "hugo",
        "published",
        "2025-05-10T01:00:00Z",
        Some("2025-05-10T01:00:00Z"),
    ),
    // 01:00 on 1 May 2025 in Shanghai: the first month of the 12.
    (
        "A4",
        "csdn",
        "published",
        "2025-04-30T17:00:00Z",
        Some("2025-04-30T17:00:00Z"),
    ),
    // 23:00 on 30 April 2025 in Shanghai: one month too old for the trend.
    (
        "A4",
        "zhihu",
        "published",
        "2025-04-30T15:00:00Z",
        Some("2025-04-30T15:00:00Z"),
    ),
    ("A5", "csdn", "pending", "2026-04-10T01:00:00Z", None),
    // Berlin is on summer time (UTC+2) since 29 March: 23:30 on 31 March, then 00:30 on 1 April.
    (
        "B2",
        "wechat",
        "published",
        "2026-03-31T21:30:00Z",
        Some("2026-03-31T21:30:00Z"),
    ),
    (
        "B2",
        "hugo",
        "published",
        "2026-03-31T22:30:00Z",
        Some("2026-03-31T22:30:00Z"),
    ),
];

/// (name, community, start, status, work status)
const MEETINGS: &[(&str, char, &str, &str, &str)] = &[
    (
        "M1",
        'a',
        "2026-04-21T06:00:00Z",
        "scheduled",
        "in_progress",
    ),
    ("M2", 'a', "2026-04-01T06:00:00Z", "completed", "completed"),
    ("M3", 'a', "2026-04-23T06:00:00Z", "cancelled", "planning"),
    ("MB", 'b', "2026-04-24T08:00:00Z", "scheduled", "planning"),
];

async fn world(t: &testing::TestDb) -> World {
    let clock = testing::test_clock();
    let root = t.client(&clock);
    setup_root(&root).await;
    let a = root
        .create_community(community("Alpha", "alpha", "Asia/Shanghai"))
        .await
        .unwrap()
        .id;
    let b = root
        .create_community(community("Beta", "beta", "Europe/Berlin"))
        .await
        .unwrap()
        .id;
    let alice_id = user(&root, "alice").await;
    let bob_id = user(&root, "bob").await;
    let carl_id = user(&root, "carl").await;
    root.switch_community(a).await.unwrap();
    root.add_member(alice_id, Role::Admin).await.unwrap();
    root.add_member(bob_id, Role::User).await.unwrap();
    root.switch_community(b).await.unwrap();
    root.add_member(bob_id, Role::User).await.unwrap();
    root.add_member(carl_id, Role::Admin).await.unwrap();

    let db = t.db.clone();
    let cid = |c: char| if c == 'a' { a } else { b };
    let mut ids = std::collections::HashMap::new();
    for (name, c, status, work, source, author, category, created, scheduled) in CONTENTS {
        db.execute(
            "INSERT INTO contents (community_id, created_by_user_id, owner_id, title, source_type, \
             author, category, status, work_status, scheduled_publish_at, created_at, updated_at) \
             VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
            gecko_core::args![
                cid(*c),
                bob_id,
                *name,
                *source,
                *author,
                *category,
                *status,
                *work,
                scheduled.map(at),
                at(created)
            ],
        )
        .await
        .unwrap();
        let id: i64 = db
            .scalar(
                "SELECT id FROM contents WHERE title = $1",
                gecko_core::args![*name],
            )
            .await
            .unwrap();
        ids.insert(*name, id);
    }
    for name in ["A1", "A2", "A3", "B1"] {
        assign(&db, "content_assignees", "content_id", ids[name], bob_id).await;
    }
    assign(&db, "content_assignees", "content_id", ids["A5"], alice_id).await;

    for (content, channel, status, created, published) in RECORDS {
        let community = if content.starts_with('A') { a } else { b };
        db.execute(
            "INSERT INTO publish_records (content_id, community_id, channel, status, \
             published_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            gecko_core::args![
                ids[content],
                community,
                *channel,
                *status,
                published.map(at),
                at(created)
            ],
        )
        .await
        .unwrap();
    }
    // Two snapshots of A4's WeChat record (the later one counts), one of A5's Hugo record, and
    // one of a record outside the analytics period.
    for (record_created, channel, counts, collected) in [
        (
            "2026-03-31T15:00:00Z",
            "wechat",
            [100, 10, 5, 1],
            "2026-04-01T00:00:00Z",
        ),
        (
            "2026-03-31T15:00:00Z",
            "wechat",
            [150, 12, 6, 2],
            "2026-04-05T00:00:00Z",
        ),
        (
            "2026-03-31T16:00:00Z",
            "hugo",
            [40, 4, 3, 0],
            "2026-04-05T00:00:00Z",
        ),
        (
            "2025-05-10T01:00:00Z",
            "hugo",
            [999, 99, 9, 9],
            "2026-04-05T00:00:00Z",
        ),
    ] {
        db.execute(
            "INSERT INTO content_analytics (publish_record_id, read_count, like_count, \
             share_count, comment_count, collected_at) \
             SELECT id, $3, $4, $5, $6, $7 FROM publish_records WHERE created_at = $1 \
             AND channel = $2",
            gecko_core::args![
                at(record_created),
                channel,
                counts[0],
                counts[1],
                counts[2],
                counts[3],
                at(collected)
            ],
        )
        .await
        .unwrap();
    }
    for (channel, enabled) in [("wechat", true), ("hugo", true), ("csdn", false)] {
        db.execute(
            "INSERT INTO channel_configs (community_id, channel, enabled) VALUES ($1, $2, $3)",
            gecko_core::args![a, channel, enabled],
        )
        .await
        .unwrap();
    }

    for c in [a, b] {
        db.execute(
            "INSERT INTO committees (community_id, name, slug, created_at, updated_at) \
             VALUES ($1, 'TSC', 'tsc', $2, $2)",
            gecko_core::args![c, at("2026-01-01T00:00:00Z")],
        )
        .await
        .unwrap();
    }
    for (name, c, start, status, work) in MEETINGS {
        db.execute(
            "INSERT INTO meetings (committee_id, community_id, title, scheduled_at, status, \
             work_status, created_at, updated_at) \
             SELECT id, $1, $2, $3, $4, $5, $6, $6 FROM committees WHERE community_id = $1",
            gecko_core::args![
                cid(*c),
                *name,
                at(start),
                *status,
                *work,
                at("2026-01-01T00:00:00Z")
            ],
        )
        .await
        .unwrap();
        let id: i64 = db
            .scalar(
                "SELECT id FROM meetings WHERE title = $1",
                gecko_core::args![*name],
            )
            .await
            .unwrap();
        ids.insert(*name, id);
    }
    for name in ["M1", "M2", "MB"] {
        assign(&db, "meeting_assignees", "meeting_id", ids[name], bob_id).await;
    }

    clock.set(at("2026-04-20T04:00:00Z"));
    let client = |login: &'static str| {
        let c = t.client(&clock);
        async move {
            sign_in(&c, login).await;
            c
        }
    };
    World {
        alice: client("alice").await,
        bob: client("bob").await,
        carl: client("carl").await,
        db,
        clock,
        root,
        a,
        b,
        bob_id,
        ids,
    }
}

async fn assign(db: &Db, table: &str, column: &str, id: i64, user_id: i64) {
    db.execute(
        &format!("INSERT INTO {table} ({column}, user_id, assigned_at) VALUES ($1, $2, $3)"),
        gecko_core::args![id, user_id, at("2026-01-01T00:00:00Z")],
    )
    .await
    .unwrap();
}

fn code<T: std::fmt::Debug>(r: Result<T, gecko_core::CoreError>) -> ErrorCode {
    r.expect_err("expected an error").code
}

#[tokio::test]
async fn my_work_lists_every_assignment_soonest_first_with_counts() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mine = w.bob.my_work(MyWorkFilter::default()).await.unwrap();
        let titles: Vec<&str> = mine.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["M2", "M1", "B1", "A2", "MB", "A1", "A3"]);
        assert_eq!(mine.counts, counts(3, 2, 2));
        assert_eq!(mine.items[2].community_name, "Beta");
        assert_eq!(mine.items[0].kind, WorkItemKind::Meeting);
        assert_eq!(mine.items[0].due_at, Some(at("2026-04-01T06:00:00Z")));

        let meetings = w
            .bob
            .my_work(MyWorkFilter {
                kind: Some(WorkItemKind::Meeting),
                work_status: None,
            })
            .await
            .unwrap();
        assert_eq!(meetings.counts, counts(1, 1, 1));
        assert_eq!(meetings.items.len(), 3);
        let planning = w
            .bob
            .my_work(MyWorkFilter {
                kind: None,
                work_status: Some(WorkStatus::Planning),
            })
            .await
            .unwrap();
        let titles: Vec<&str> = planning.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["B1", "MB", "A1"]);
        assert_eq!(planning.counts, counts(3, 2, 2));

        // Alice has one content; carl nothing.
        let alice = w.alice.my_work(MyWorkFilter::default()).await.unwrap();
        assert_eq!(alice.items.len(), 1);
        assert_eq!(alice.counts, counts(1, 0, 0));
        assert!(w
            .carl
            .my_work(MyWorkFilter::default())
            .await
            .unwrap()
            .items
            .is_empty());
    })
    .await;
}

#[tokio::test]
async fn work_status_changes_in_place_with_the_items_own_rules() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let audits_before: i64 =
            w.db.scalar("SELECT COUNT(*) FROM audit_logs", vec![])
                .await
                .unwrap();
        // Bob (current community: none chosen) changes a meeting of A and a content of B.
        w.bob
            .set_work_item_status(WorkItemKind::Meeting, w.ids["M1"], WorkStatus::Completed)
            .await
            .unwrap();
        w.bob
            .set_work_item_status(WorkItemKind::Content, w.ids["B1"], WorkStatus::InProgress)
            .await
            .unwrap();
        let mine = w.bob.my_work(MyWorkFilter::default()).await.unwrap();
        assert_eq!(mine.counts, counts(2, 2, 3));
        let audits_after: i64 =
            w.db.scalar("SELECT COUNT(*) FROM audit_logs", vec![])
                .await
                .unwrap();
        assert_eq!(audits_after, audits_before + 2);

        // Not assigned and not admin: refused. Admin of A: allowed. Admin of B on A: not found.
        assert_eq!(
            code(
                w.bob
                    .set_work_item_status(WorkItemKind::Meeting, w.ids["M3"], WorkStatus::Completed)
                    .await
            ),
            ErrorCode::Forbidden
        );
        w.alice
            .set_work_item_status(WorkItemKind::Meeting, w.ids["M3"], WorkStatus::InProgress)
            .await
            .unwrap();
        assert_eq!(
            code(
                w.carl
                    .set_work_item_status(WorkItemKind::Meeting, w.ids["M1"], WorkStatus::Planning)
                    .await
            ),
            ErrorCode::NotFound
        );
        assert_eq!(
            code(
                w.carl
                    .set_work_item_status(WorkItemKind::Content, w.ids["A1"], WorkStatus::Planning)
                    .await
            ),
            ErrorCode::NotFound
        );
        assert_eq!(
            code(
                w.bob
                    .set_work_item_status(WorkItemKind::Content, 999_999, WorkStatus::Planning)
                    .await
            ),
            ErrorCode::NotFound
        );
    })
    .await;
}

#[tokio::test]
async fn overview_counts_and_the_12_months_are_in_the_communitys_time_zone() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let o = w.alice.community_overview(w.a).await.unwrap();
        assert_eq!(o.timezone, "Asia/Shanghai");
        assert_eq!(
            (
                o.contents.draft,
                o.contents.reviewing,
                o.contents.approved,
                o.contents.published
            ),
            (1, 1, 1, 2)
        );
        assert_eq!(
            (o.members, o.committees, o.upcoming_meeting_count),
            (3, 1, 1)
        );
        assert_eq!(o.enabled_channels, ["wechat", "hugo"]);
        assert_eq!(
            o.published_by_channel,
            named(&[("wechat", 1), ("hugo", 2), ("csdn", 1), ("zhihu", 1)])
        );
        assert_eq!(
            o.monthly_published,
            named(&[
                ("2025-05", 2),
                ("2025-06", 0),
                ("2025-07", 0),
                ("2025-08", 0),
                ("2025-09", 0),
                ("2025-10", 0),
                ("2025-11", 0),
                ("2025-12", 0),
                ("2026-01", 0),
                ("2026-02", 0),
                ("2026-03", 1),
                ("2026-04", 1),
            ])
        );
        let recent: Vec<&str> = o.recent_contents.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(recent, ["A2", "A1", "A5", "A4", "A3"]);
        let upcoming: Vec<&str> = o
            .upcoming_meetings
            .iter()
            .map(|m| m.title.as_str())
            .collect();
        assert_eq!(upcoming, ["M1"]);

        // Berlin: 23:30 on 31 March (summer time) is March, 00:30 on 1 April is April.
        let ob = w.bob.community_overview(w.b).await.unwrap();
        let last2: Vec<_> = ob.monthly_published[10..].to_vec();
        assert_eq!(last2, named(&[("2026-03", 1), ("2026-04", 1)]));
        assert_eq!(ob.monthly_published.iter().map(|m| m.count).sum::<i64>(), 2);
        assert_eq!(
            (ob.contents.draft, ob.contents.published, ob.members),
            (1, 1, 3)
        );
        assert!(ob.enabled_channels.is_empty());

        // Nobody sees another community's numbers.
        assert_eq!(
            code(w.carl.community_overview(w.a).await),
            ErrorCode::NotFound
        );
        assert_eq!(
            code(w.alice.community_overview(w.b).await),
            ErrorCode::NotFound
        );
    })
    .await;
}

#[tokio::test]
async fn calendar_shows_scheduled_contents_publications_and_meetings() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let events = w
            .alice
            .overview_calendar(CalendarRange {
                community_id: w.a,
                from: at("2026-03-31T00:00:00Z"),
                to: at("2026-04-30T00:00:00Z"),
            })
            .await
            .unwrap();
        let seen: Vec<(CalendarKind, &str)> =
            events.iter().map(|e| (e.kind, e.title.as_str())).collect();
        assert_eq!(
            seen,
            [
                (CalendarKind::Publication, "A4"),
                (CalendarKind::Publication, "A5"),
                (CalendarKind::Meeting, "M2"),
                (CalendarKind::Meeting, "M1"),
                (CalendarKind::ScheduledContent, "A2"),
                (CalendarKind::ScheduledContent, "A1"),
            ]
        );
        assert_eq!(events[0].channel.as_deref(), Some("wechat"));
        let range = |c| CalendarRange {
            community_id: c,
            from: at("2026-03-31T00:00:00Z"),
            to: at("2026-04-30T00:00:00Z"),
        };
        assert_eq!(
            code(w.carl.overview_calendar(range(w.a)).await),
            ErrorCode::NotFound
        );
        let too_long = CalendarRange {
            community_id: w.a,
            from: at("2026-01-01T00:00:00Z"),
            to: at("2026-06-01T00:00:00Z"),
        };
        assert_eq!(
            code(w.alice.overview_calendar(too_long).await),
            ErrorCode::Validation
        );
    })
    .await;
}

#[tokio::test]
async fn workload_is_per_user_across_communities_for_superusers_only() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let rows = w.root.workload_overview().await.unwrap();
        let names: Vec<&str> = rows.iter().map(|r| r.username.as_str()).collect();
        assert_eq!(names, ["bob", "alice", "root", "carl"]);
        let bob = &rows[0];
        assert_eq!(bob.user_id, w.bob_id);
        assert_eq!(bob.contents, counts(2, 1, 1));
        assert_eq!(bob.meetings, counts(1, 1, 1));
        assert_eq!(
            (
                bob.content_sources.contribution,
                bob.content_sources.release_note,
                bob.content_sources.event_summary
            ),
            (2, 1, 1)
        );
        assert_eq!(bob.total, 7);
        assert_eq!(rows[1].contents, counts(1, 0, 0));
        assert_eq!(rows[1].total, 1);
        assert_eq!(rows[3].total, 0);

        assert_eq!(
            code(w.alice.workload_overview().await),
            ErrorCode::Forbidden
        );
        assert_eq!(code(w.bob.workload_overview().await), ErrorCode::Forbidden);
    })
    .await;
}

#[tokio::test]
async fn analytics_over_a_period_with_local_buckets() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let q = |g, from, to| AnalyticsQuery {
            community_id: w.a,
            from: day(from),
            to: day(to),
            granularity: g,
        };
        let m = w
            .bob
            .community_analytics(q(Granularity::Month, "2026-03-01", "2026-04-30"))
            .await
            .unwrap();
        assert_eq!(m.total_contents, 5);
        assert_eq!((m.publish_attempts, m.published, m.failed), (4, 2, 1));
        assert!((m.success_rate - 0.5).abs() < 1e-9);
        let channels: Vec<(&str, i64, i64, i64)> = m
            .by_channel
            .iter()
            .map(|c| (c.channel.as_str(), c.attempts, c.published, c.failed))
            .collect();
        assert_eq!(
            channels,
            [("wechat", 2, 1, 1), ("csdn", 1, 0, 0), ("hugo", 1, 1, 0)]
        );
        assert_eq!(m.by_author, named(&[("Ann", 3), ("Ben", 2)]));
        assert_eq!(
            m.by_category,
            named(&[("news", 3), ("", 1), ("release", 1)])
        );
        let trend: Vec<(&str, i64, i64, i64)> = m
            .trend
            .iter()
            .map(|p| (p.bucket.as_str(), p.contents, p.attempts, p.published))
            .collect();
        assert_eq!(trend, [("2026-03", 2, 1, 1), ("2026-04", 3, 3, 1)]);
        assert_eq!(
            (
                m.engagement.reads,
                m.engagement.likes,
                m.engagement.shares,
                m.engagement.comments
            ),
            (190, 16, 9, 2)
        );

        let d = w
            .bob
            .community_analytics(q(Granularity::Day, "2026-03-31", "2026-04-01"))
            .await
            .unwrap();
        let trend: Vec<(&str, i64, i64, i64)> = d
            .trend
            .iter()
            .map(|p| (p.bucket.as_str(), p.contents, p.attempts, p.published))
            .collect();
        assert_eq!(trend, [("2026-03-31", 1, 1, 1), ("2026-04-01", 1, 1, 1)]);

        let wk = w
            .bob
            .community_analytics(q(Granularity::Week, "2026-04-01", "2026-04-12"))
            .await
            .unwrap();
        let trend: Vec<(&str, i64, i64)> = wk
            .trend
            .iter()
            .map(|p| (p.bucket.as_str(), p.contents, p.attempts))
            .collect();
        assert_eq!(trend, [("2026-03-30", 3, 2), ("2026-04-06", 0, 1)]);
        assert_eq!(wk.total_contents, 3);

        // An empty period gives zeros, not a division by zero.
        let none = w
            .bob
            .community_analytics(q(Granularity::Month, "2024-01-01", "2024-01-31"))
            .await
            .unwrap();
        assert_eq!((none.publish_attempts, none.success_rate), (0, 0.0));

        assert_eq!(
            code(
                w.carl
                    .community_analytics(q(Granularity::Month, "2026-03-01", "2026-04-30"))
                    .await
            ),
            ErrorCode::NotFound
        );
        assert_eq!(
            code(
                w.bob
                    .community_analytics(q(Granularity::Month, "2026-04-30", "2026-03-01"))
                    .await
            ),
            ErrorCode::Validation
        );
        assert_eq!(
            code(
                w.bob
                    .community_analytics(q(Granularity::Day, "2020-01-01", "2026-01-01"))
                    .await
            ),
            ErrorCode::Validation
        );
    })
    .await;
}

#[tokio::test]
async fn audit_log_pages_by_keyset_filters_and_exports_per_role() {
    each_backend(|t| async move {
        let w = world(&t).await;
        // A fixed log in place of what setting up wrote: 5 entries in A (two at the same
        // instant), 3 in B, 2 without a community.
        w.db.execute("DELETE FROM audit_logs", vec![])
            .await
            .unwrap();
        let alice_id: i64 =
            w.db.scalar("SELECT id FROM users WHERE username = 'alice'", vec![])
                .await
                .unwrap();
        let entries: [(Option<i64>, Option<i64>, &str, &str, &str); 10] = [
            (
                Some(w.a),
                Some(alice_id),
                "create",
                "content",
                "2026-04-01T00:00:00Z",
            ),
            (
                Some(w.a),
                Some(w.bob_id),
                "update",
                "content",
                "2026-04-02T00:00:00Z",
            ),
            (
                Some(w.a),
                Some(alice_id),
                "update",
                "meeting",
                "2026-04-03T00:00:00Z",
            ),
            (
                Some(w.a),
                Some(w.bob_id),
                "update",
                "content",
                "2026-04-03T00:00:00Z",
            ),
            (
                Some(w.a),
                Some(alice_id),
                "=cmd",
                "content",
                "2026-04-04T00:00:00Z",
            ),
            (
                Some(w.b),
                Some(w.bob_id),
                "create",
                "content",
                "2026-04-01T00:00:00Z",
            ),
            (Some(w.b), None, "update", "content", "2026-04-02T00:00:00Z"),
            (Some(w.b), None, "delete", "content", "2026-04-03T00:00:00Z"),
            (
                None,
                Some(alice_id),
                "login",
                "user",
                "2026-04-01T00:00:00Z",
            ),
            (None, None, "login_failed", "user", "2026-04-02T00:00:00Z"),
        ];
        for (community, user, action, resource, time) in entries {
            w.db.execute(
                "INSERT INTO audit_logs (user_id, community_id, action, resource_type, details, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                gecko_core::args![
                    user,
                    community,
                    action,
                    resource,
                    serde_json::json!({"n": 1}),
                    at(time)
                ],
            )
            .await
            .unwrap();
        }

        let filter = |c: Option<i64>| AuditFilter {
            community_id: c,
            ..Default::default()
        };
        // Pages of 2 through A's 5 entries: 2, 2, 1, newest first, none twice.
        let mut seen = Vec::new();
        let mut after = None;
        let mut sizes = Vec::new();
        loop {
            let page = w
                .alice
                .list_audit_log(AuditPageRequest {
                    filter: filter(Some(w.a)),
                    after: after.clone(),
                    limit: Some(2),
                })
                .await
                .unwrap();
            sizes.push(page.entries.len());
            seen.extend(
                page.entries
                    .iter()
                    .map(|e| (e.created_at, e.id, e.action.clone())),
            );
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(sizes, [2, 2, 1]);
        let actions: Vec<&str> = seen.iter().map(|s| s.2.as_str()).collect();
        assert_eq!(actions, ["=cmd", "update", "update", "update", "create"]);
        assert!(seen.windows(2).all(|p| (p[0].0, p[0].1) > (p[1].0, p[1].1)));

        let all = w
            .root
            .list_audit_log(AuditPageRequest {
                filter: filter(None),
                after: None,
                limit: None,
            })
            .await
            .unwrap();
        assert_eq!(all.entries.len(), 10);
        assert_eq!(all.next, None);

        let count = |f: AuditFilter| {
            let alice = &w.alice;
            async move {
                alice
                    .list_audit_log(AuditPageRequest {
                        filter: f,
                        after: None,
                        limit: Some(100),
                    })
                    .await
                    .unwrap()
                    .entries
                    .len()
            }
        };
        assert_eq!(
            count(AuditFilter {
                username: Some("BOB".into()),
                ..filter(Some(w.a))
            })
            .await,
            2
        );
        assert_eq!(
            count(AuditFilter {
                action: Some("update".into()),
                ..filter(Some(w.a))
            })
            .await,
            3
        );
        assert_eq!(
            count(AuditFilter {
                resource_type: Some("meeting".into()),
                ..filter(Some(w.a))
            })
            .await,
            1
        );
        assert_eq!(
            count(AuditFilter {
                from: Some(at("2026-04-02T00:00:00Z")),
                to: Some(at("2026-04-04T00:00:00Z")),
                ..filter(Some(w.a))
            })
            .await,
            3
        );

        // Admin of A: only A. Plain user: refused. Nobody but superusers reads everything.
        assert_eq!(
            code(
                w.alice
                    .list_audit_log(AuditPageRequest {
                        filter: filter(Some(w.b)),
                        after: None,
                        limit: None
                    })
                    .await
            ),
            ErrorCode::NotFound
        );
        assert_eq!(
            code(
                w.alice
                    .list_audit_log(AuditPageRequest {
                        filter: filter(None),
                        after: None,
                        limit: None
                    })
                    .await
            ),
            ErrorCode::Forbidden
        );
        assert_eq!(
            code(
                w.bob
                    .list_audit_log(AuditPageRequest {
                        filter: filter(Some(w.a)),
                        after: None,
                        limit: None
                    })
                    .await
            ),
            ErrorCode::Forbidden
        );
        assert_eq!(
            w.carl
                .list_audit_log(AuditPageRequest {
                    filter: filter(Some(w.b)),
                    after: None,
                    limit: None
                })
                .await
                .unwrap()
                .entries
                .len(),
            3
        );

        // Export: BOM, header + 5 rows, a formula-looking cell neutralised, the file written.
        let csv = w.alice.audit_log_csv(filter(Some(w.a))).await.unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(csv.matches("\r\n").count(), 6);
        assert!(csv.contains(",'=cmd,"));
        let path = t.dir.path().join("audit.csv");
        let n = w
            .alice
            .export_audit_log(filter(Some(w.a)), path.display().to_string())
            .await
            .unwrap();
        assert_eq!(n, 5);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), csv);
        assert_eq!(
            code(w.alice.audit_log_csv(filter(Some(w.b))).await),
            ErrorCode::NotFound
        );

        // Reading never wrote to the log.
        let total: i64 =
            w.db.scalar("SELECT COUNT(*) FROM audit_logs", vec![])
                .await
                .unwrap();
        assert_eq!(total, 10);
        let _ = &w.clock;
    })
    .await;
}
