//! The generator: SPEC §11's volume across ten communities, from one seed.

use crate::corpus;
use chrono::{DateTime, Duration, Utc};
use gecko_core::content::model::search_text;
use gecko_core::content::render_markdown;
use gecko_core::db::{Arg, Backend, Db, Tx};
use gecko_core::governance::reminders::plan;
use gecko_core::{args, Result};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

mod governance;

use governance::governance;

/// How much to make. [`Volume::spec`] is five years of ten communities.
#[derive(Debug, Clone, Copy)]
pub struct Volume {
    pub communities: i64,
    pub users: i64,
    pub contents: i64,
    pub publish_records: i64,
    pub meetings: i64,
    pub committee_members: i64,
    pub audit_entries: i64,
}

impl Volume {
    pub fn spec() -> Volume {
        Volume {
            communities: 10,
            users: 50,
            contents: 12_000,
            publish_records: 48_000,
            meetings: 600,
            committee_members: 200,
            audit_entries: 120_000,
        }
    }

    /// The same shape, `divisor` times smaller (communities and users stay).
    pub fn scaled(divisor: i64) -> Volume {
        let s = Volume::spec();
        Volume {
            contents: s.contents / divisor,
            publish_records: s.publish_records / divisor,
            meetings: s.meetings / divisor,
            committee_members: s.committee_members / divisor,
            audit_entries: s.audit_entries / divisor,
            ..s
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub rows: Vec<(&'static str, i64)>,
}

const FTS_AUTOMERGE_OFF: &str =
    "INSERT INTO content_search_fts (content_search_fts, rank) VALUES ('automerge', 0)";
const FTS_OPTIMIZE: &str =
    "INSERT INTO content_search_fts (content_search_fts) VALUES ('optimize')";
const FTS_AUTOMERGE_DEFAULT: &str =
    "INSERT INTO content_search_fts (content_search_fts, rank) VALUES ('automerge', 4)";

/// Everyone's password in generated data.
pub const PASSWORD: &str = "password123";

const STATUSES: [&str; 4] = ["draft", "reviewing", "approved", "published"];
const WORK: [&str; 3] = ["planning", "in_progress", "completed"];
const SOURCES: [&str; 3] = ["contribution", "release_note", "event_summary"];
const CATEGORIES: [&str; 6] = ["news", "release", "tech", "event", "report", "community"];
const TAGS: [&str; 12] = [
    "kubernetes",
    "rust",
    "release",
    "meetup",
    "cloud-native",
    "ai",
    "security",
    "sig",
    "community",
    "docs",
    "infra",
    "summit",
];
const CHANNELS: [&str; 4] = ["wechat", "hugo", "csdn", "zhihu"];
const ZONES: [&str; 3] = ["Asia/Shanghai", "Asia/Shanghai", "America/New_York"];
const ACTIONS: [(&str, &str); 8] = [
    ("update_content", "content"),
    ("change_status", "content"),
    ("create_content", "content"),
    ("publish_to_wechat", "publish_record"),
    ("publish_to_hugo", "publish_record"),
    ("login", "user"),
    ("create_meeting", "meeting"),
    ("update_meeting", "meeting"),
];

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A time in the five years before `now` (and up to 90 days after, for schedules).
fn some_time(rng: &mut StdRng, now: DateTime<Utc>, future_days: i64) -> DateTime<Utc> {
    let span = 5 * 365 * 24 * 60 + future_days * 24 * 60;
    now - Duration::days(5 * 365) + Duration::minutes(rng.random_range(0..span))
}

struct Ids {
    users: Vec<i64>,
    communities: Vec<i64>,
    /// Members of each community (by index of `communities`).
    members: Vec<Vec<i64>>,
    contents: Vec<(i64, i64, DateTime<Utc>)>,
}

/// Fills an empty, migrated database. Deterministic for a given `seed` and `now`.
pub async fn seed(db: &Db, volume: Volume, seed: u64, now: DateTime<Utc>) -> Result<SeedReport> {
    let mut rng = StdRng::seed_from_u64(seed);
    let articles: Vec<(String, String, String)> = corpus::markdown_articles()
        .into_iter()
        .map(|(name, body)| {
            let html = render_markdown(&body);
            (name, body, html)
        })
        .collect();
    let hash = bcrypt::hash(PASSWORD, 4).expect("bcrypt");
    let mut tx = db.begin().await?;
    if db.backend() == Backend::Sqlite {
        // The trigram index of 12,000 bodies merges its segments over and over; with the
        // default 2 MB page cache every merge re-reads them from the file.
        tx.execute("PRAGMA cache_size = -262144", args![]).await?;
    }

    let phase = |name: &str, started: std::time::Instant| {
        eprintln!("  {name:<14} {:>6.1} s", started.elapsed().as_secs_f64());
    };
    let started = std::time::Instant::now();
    let mut ids = people(&mut tx, &mut rng, volume, &hash, now).await?;
    phase("people", started);
    let started = std::time::Instant::now();
    if db.backend() == Backend::Sqlite {
        // The trigram index merges its segments as it grows; merging once at the end is faster.
        tx.execute(FTS_AUTOMERGE_OFF, args![]).await?;
    }
    contents(&mut tx, &mut rng, volume, &articles, &mut ids, now).await?;
    if db.backend() == Backend::Sqlite {
        tx.execute(FTS_OPTIMIZE, args![]).await?;
        tx.execute(FTS_AUTOMERGE_DEFAULT, args![]).await?;
    }
    phase("contents", started);
    let started = std::time::Instant::now();
    publications(&mut tx, &mut rng, volume, &ids, now).await?;
    phase("publications", started);
    let started = std::time::Instant::now();
    governance(&mut tx, &mut rng, volume, &ids, now).await?;
    phase("governance", started);
    let started = std::time::Instant::now();
    audit(&mut tx, &mut rng, volume, &ids, now).await?;
    phase("audit", started);
    let started = std::time::Instant::now();
    tx.commit().await?;
    phase("commit", started);
    // Planner statistics, as autovacuum (PostgreSQL) or the app's `PRAGMA optimize` (SQLite)
    // would gather them soon after a bulk change.
    db.execute("ANALYZE", args![]).await?;

    let mut report = SeedReport::default();
    for table in [
        "users",
        "communities",
        "community_users",
        "contents",
        "content_assignees",
        "publish_records",
        "content_analytics",
        "committees",
        "committee_members",
        "meetings",
        "meeting_participants",
        "meeting_reminders",
        "audit_logs",
    ] {
        let n: i64 = db
            .scalar(&format!("SELECT count(*) FROM {table}"), vec![])
            .await?;
        report.rows.push((table, n));
    }
    Ok(report)
}

async fn people(
    tx: &mut Tx,
    rng: &mut StdRng,
    volume: Volume,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Ids> {
    let since = now - Duration::days(5 * 365 + 30);
    let mut users = Vec::new();
    for i in 1..=volume.users {
        let id: i64 = tx
            .scalar(
                "INSERT INTO users (username, email, hashed_password, full_name, is_superuser, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
                args![
                    format!("user{i:02}"),
                    format!("user{i:02}@example.org"),
                    hash,
                    format!("User {i:02}"),
                    i == 1,
                    since
                ],
            )
            .await?;
        users.push(id);
    }
    let mut communities = Vec::new();
    let mut members = Vec::new();
    for c in 1..=volume.communities {
        let zone = pick(rng, &ZONES);
        let id: i64 = tx
            .scalar(
                "INSERT INTO communities (name, slug, description, settings, created_at, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                args![
                    format!("Community {c:02}"),
                    format!("community-{c:02}"),
                    format!("Generated community {c}"),
                    json!({ "timezone": zone, "language": "zh-CN" }),
                    since
                ],
            )
            .await?;
        // Every user belongs to two to four communities; the first member is the admin.
        let mut in_community: Vec<i64> = users
            .iter()
            .enumerate()
            .filter(|(u, _)| (*u as i64 + c) % 4 == 0 || (*u as i64) % 10 == c % 10)
            .map(|(_, id)| *id)
            .collect();
        in_community.dedup();
        for (k, user) in in_community.iter().enumerate() {
            tx.execute(
                "INSERT INTO community_users (user_id, community_id, role, joined_at) \
                 VALUES ($1, $2, $3, $4)",
                args![*user, id, if k == 0 { "admin" } else { "user" }, since],
            )
            .await?;
        }
        communities.push(id);
        members.push(in_community);
    }
    Ok(Ids {
        users,
        communities,
        members,
        contents: Vec::new(),
    })
}

async fn contents(
    tx: &mut Tx,
    rng: &mut StdRng,
    volume: Volume,
    articles: &[(String, String, String)],
    ids: &mut Ids,
    now: DateTime<Utc>,
) -> Result<()> {
    for n in 0..volume.contents {
        let c = (n % volume.communities) as usize;
        let community = ids.communities[c];
        let owner = *pick(rng, &ids.members[c]);
        let (name, body, html) = pick(rng, articles);
        let title = format!("{} #{n}", name.trim_end_matches(".md").replace('-', " "));
        let created = some_time(rng, now, 0);
        let status = *pick(rng, &STATUSES);
        let scheduled = rng.random_bool(0.4).then(|| some_time(rng, now, 90));
        let mut tags: Vec<&str> = (0..rng.random_range(1..4))
            .map(|_| *pick(rng, &TAGS))
            .collect();
        tags.dedup();
        let id: i64 = tx
            .scalar(
                "INSERT INTO contents (community_id, created_by_user_id, owner_id, title, \
                 content_markdown, content_html, source_type, author, tags, category, status, \
                 work_status, scheduled_publish_at, created_at, updated_at) \
                 VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
                 RETURNING id",
                args![
                    community,
                    owner,
                    &title,
                    body,
                    html,
                    *pick(rng, &SOURCES),
                    format!("Author {}", rng.random_range(1..40)),
                    json!(tags),
                    *pick(rng, &CATEGORIES),
                    status,
                    *pick(rng, &WORK),
                    scheduled,
                    created,
                    created + Duration::hours(rng.random_range(0..500))
                ],
            )
            .await?;
        tx.execute(
            "INSERT INTO content_search (content_id, community_id, search_text) \
             VALUES ($1, $2, $3)",
            args![id, community, search_text(&title, body)],
        )
        .await?;
        let assignee = *pick(rng, &ids.members[c]);
        tx.execute(
            "INSERT INTO content_assignees (content_id, user_id, assigned_at, assigned_by_user_id) \
             VALUES ($1, $2, $3, $4)",
            args![id, assignee, created, owner],
        )
        .await?;
        ids.contents.push((id, community, created));
    }
    Ok(())
}

async fn publications(
    tx: &mut Tx,
    rng: &mut StdRng,
    volume: Volume,
    ids: &Ids,
    now: DateTime<Utc>,
) -> Result<()> {
    for n in 0..volume.publish_records {
        let (content, community, created) = ids.contents[(n as usize) % ids.contents.len()];
        let channel = *pick(rng, &CHANNELS);
        let at = (created + Duration::days(rng.random_range(0..30))).min(now);
        let status = match rng.random_range(0..10) {
            0 => "failed",
            1 => "draft",
            _ => "published",
        };
        let record: i64 = tx
            .scalar(
                "INSERT INTO publish_records (content_id, community_id, channel, status, \
                 platform_article_id, platform_url, published_at, error_message, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                args![
                    content,
                    community,
                    channel,
                    status,
                    (status != "failed").then(|| format!("{channel}-{n}")),
                    (status == "published").then(|| format!("https://example.org/{channel}/{n}")),
                    (status == "published").then_some(at),
                    (status == "failed").then_some("The platform refused the request."),
                    at
                ],
            )
            .await?;
        if status == "published" && n % 4 == 0 {
            tx.execute(
                "INSERT INTO content_analytics (publish_record_id, read_count, like_count, \
                 share_count, comment_count, collected_at) VALUES ($1, $2, $3, $4, $5, $6)",
                args![
                    record,
                    rng.random_range(0..20_000_i32),
                    rng.random_range(0..500_i32),
                    rng.random_range(0..200_i32),
                    rng.random_range(0..100_i32),
                    (at + Duration::days(7)).min(now)
                ],
            )
            .await?;
        }
    }
    Ok(())
}

async fn audit(
    tx: &mut Tx,
    rng: &mut StdRng,
    volume: Volume,
    ids: &Ids,
    now: DateTime<Utc>,
) -> Result<()> {
    for _ in 0..volume.audit_entries {
        let c = rng.random_range(0..ids.communities.len());
        let (action, resource) = *pick(rng, &ACTIONS);
        let user = *pick(rng, &ids.members[c]);
        let resource_id: Arg = Arg::I64(Some(rng.random_range(1..10_000)));
        tx.execute(
            "INSERT INTO audit_logs (user_id, community_id, action, resource_type, resource_id, \
             details, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            vec![
                Arg::from(user),
                Arg::from(ids.communities[c]),
                Arg::from(action),
                Arg::from(resource),
                resource_id,
                Arg::from(json!({ "generated": true })),
                Arg::from(some_time(rng, now, 0)),
            ],
        )
        .await?;
    }
    let _ = &ids.users;
    Ok(())
}
