//! The fixed dataset every dashboard test reads: two communities in different time zones,
//! three users, contents, publish records and meetings with known dates.

use super::*;

pub(super) struct World {
    pub(super) db: Db,
    pub(super) clock: ManualClock,
    pub(super) root: Core,
    pub(super) alice: Core,
    pub(super) bob: Core,
    pub(super) carl: Core,
    pub(super) a: i64,
    pub(super) b: i64,
    pub(super) bob_id: i64,
    /// Content and meeting ids by name.
    pub(super) ids: std::collections::HashMap<&'static str, i64>,
}

pub(super) fn community(name: &str, slug: &str, tz: &str) -> CommunityInput {
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

pub(super) async fn user(root: &Core, name: &str) -> i64 {
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
pub(super) type ContentRow = (
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

pub(super) const CONTENTS: &[ContentRow] = &[
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
pub(super) const RECORDS: &[(&str, &str, &str, &str, Option<&str>)] = &[
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
pub(super) const MEETINGS: &[(&str, char, &str, &str, &str)] = &[
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

pub(super) async fn world(t: &testing::TestDb) -> World {
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

pub(super) async fn assign(db: &Db, table: &str, column: &str, id: i64, user_id: i64) {
    db.execute(
        &format!("INSERT INTO {table} ({column}, user_id, assigned_at) VALUES ($1, $2, $3)"),
        gecko_core::args![id, user_id, at("2026-01-01T00:00:00Z")],
    )
    .await
    .unwrap();
}
