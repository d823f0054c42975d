//! Helpers shared by the data-safety tests: a row in every table, whole-database dumps, the
//! invariants a half-written transaction would break, and file-tree fingerprints.

#![allow(dead_code)]

use chrono::{DateTime, Duration, NaiveDate, Utc};
use gecko_core::communities::CommunityInput;
use gecko_core::db::{Arg, Db};
use gecko_core::safety::tables::TABLES;
use gecko_core::safety::transfer::read_table;
use gecko_core::{args, Core};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

pub fn community(name: &str, slug: &str) -> CommunityInput {
    CommunityInput {
        name: name.into(),
        slug: slug.into(),
        description: String::new(),
        url: None,
        logo_url: None,
        timezone: "Asia/Shanghai".into(),
        language: "zh-CN".into(),
    }
}

/// A plain user (no community, not a superuser) with the test password.
pub async fn add_user(root: &Core, name: &str) {
    root.create_user(gecko_core::users::NewUser {
        username: name.into(),
        email: format!("{name}@example.org"),
        full_name: name.into(),
        password: gecko_core::testing::PASSWORD.into(),
        is_superuser: false,
    })
    .await
    .unwrap();
}

async fn insert(db: &Db, sql: &str, args: Vec<Arg>) -> i64 {
    db.scalar(&format!("{sql} RETURNING id"), args)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e:?}"))
}

/// At least one row in each of the 22 tables (after `setup_root`), with NULLs, both booleans,
/// nested JSON, dates, Chinese text and an id gap.
pub async fn populate_every_table(core: &Core, n: i64) {
    let db = core.db();
    let now: DateTime<Utc> = core.now();
    let root: i64 = db
        .scalar("SELECT id FROM users WHERE username = 'root'", args![])
        .await
        .unwrap();
    for i in 0..n {
        let t = now + Duration::minutes(i);
        let user = insert(
            db,
            "INSERT INTO users (username, email, hashed_password, full_name, is_active, \
             is_superuser, is_default_admin, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, FALSE, FALSE, $6, $6)",
            args![
                format!("user{i}"),
                format!("user{i}@例子.org"),
                "$2b$04$hash",
                format!("用户 {i}"),
                i % 2 == 0,
                t
            ],
        )
        .await;
        let community = insert(
            db,
            "INSERT INTO communities (name, slug, description, url, logo_url, settings, \
             is_active, created_at, updated_at) VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $7)",
            args![format!("社区 {i}"), format!("c-{i}"), "a \"quoted\" 'text'\nline two",
                  (i % 2 == 0).then(|| format!("https://c{i}.example.org")),
                  json!({"timezone": "Asia/Shanghai", "language": "zh-CN", "nested": {"k": [1, 2, i]}}),
                  i % 3 != 0, t],
        )
        .await;
        insert(
            db,
            "INSERT INTO community_users (user_id, community_id, role, joined_at) \
             VALUES ($1, $2, 'admin', $3)",
            args![user, community, t],
        )
        .await;
        let content = insert(
            db,
            "INSERT INTO contents (community_id, created_by_user_id, owner_id, title, \
             content_markdown, content_html, source_type, source_file, author, tags, category, \
             cover_image, status, work_status, scheduled_publish_at, version, created_at, \
             updated_at) VALUES ($1, $2, NULL, $3, $4, $5, 'release_note', NULL, $6, $7, $8, \
             $9, 'approved', 'in_progress', $10, $11, $12, $12)",
            args![
                community,
                user,
                format!("标题 {i}"),
                "# 标题\n\n正文 **bold**",
                "<h1>标题</h1>",
                "作者",
                json!(["rust", "发布", i]),
                "news",
                Some("media/cover.png"),
                (i % 2 == 1).then_some(t + Duration::days(3)),
                7_i64 + i,
                t
            ],
        )
        .await;
        db.execute(
            "INSERT INTO content_search (content_id, community_id, search_text) \
             VALUES ($1, $2, $3)",
            args![content, community, format!("标题 {i}\n# 标题")],
        )
        .await
        .unwrap();
        insert(
            db,
            "INSERT INTO content_collaborators (content_id, user_id, added_at) \
             VALUES ($1, $2, $3)",
            args![content, root, t],
        )
        .await;
        insert(
            db,
            "INSERT INTO content_assignees (content_id, user_id, assigned_at, \
             assigned_by_user_id) VALUES ($1, $2, $3, $4)",
            args![content, user, t, Some(root)],
        )
        .await;
        let record = insert(
            db,
            "INSERT INTO publish_records (content_id, community_id, channel, status, \
             platform_article_id, platform_url, published_at, error_message, created_at) \
             VALUES ($1, $2, 'wechat', 'failed', NULL, $3, NULL, $4, $5)",
            args![
                content,
                community,
                "https://mp.example/abc",
                "限流 (rate limited)",
                t
            ],
        )
        .await;
        insert(
            db,
            "INSERT INTO content_analytics (publish_record_id, read_count, like_count, \
             share_count, comment_count, collected_at) VALUES ($1, $2, $3, 0, 5, $4)",
            args![record, 100_i32 + i as i32, 7_i32, t],
        )
        .await;
        insert(
            db,
            "INSERT INTO channel_configs (community_id, channel, config, enabled) \
             VALUES ($1, 'hugo', $2, $3)",
            args![
                community,
                json!({"repo": "git@x:y.git", "secret": {"v": 1, "ct": "AbC=="}}),
                i % 2 == 0
            ],
        )
        .await;
        let committee = insert(
            db,
            "INSERT INTO committees (community_id, name, slug, description, is_active, \
             meeting_frequency, notification_email, notification_wechat, established_at, \
             created_at, updated_at) VALUES ($1, $2, $3, '', TRUE, 'monthly', $4, NULL, $5, $6, $6)",
            args![community, format!("技术委员会 {i}"), format!("tc-{i}"), "tc@example.org",
                  Some(t - Duration::days(400)), t],
        )
        .await;
        insert(
            db,
            "INSERT INTO committee_members (committee_id, name, email, phone, wechat, \
             organization, gitcode_id, github_id, roles, term_start, term_end, is_active, bio, \
             avatar_url, joined_at, created_at, updated_at) VALUES ($1, $2, $3, NULL, 'wx', \
             'Org', NULL, 'gh', $4, $5, $6, FALSE, NULL, NULL, $7, $7, $7)",
            args![
                committee,
                format!("成员 {i}"),
                format!("m{i}@example.org"),
                json!(["chair", "maintainer"]),
                NaiveDate::from_ymd_opt(2025, 1, 1 + i as u32),
                Option::<NaiveDate>::None,
                t
            ],
        )
        .await;
        let meeting = insert(
            db,
            "INSERT INTO meetings (committee_id, community_id, title, description, scheduled_at, \
             duration, location_type, location, status, work_status, agenda, minutes, \
             attachments, reminder_sent, reminder_before_hours, created_by_user_id, created_at, \
             updated_at) VALUES ($1, $2, $3, NULL, $4, $5, 'online', 'https://meet', \
             'scheduled', 'planning', $6, NULL, $7, $8, 24, $9, $10, $10)",
            args![
                committee,
                community,
                format!("例会 {i}"),
                t + Duration::days(7),
                90_i32,
                "1. 议程",
                json!([{"name": "slides.pdf", "size": 1024}]),
                i % 2 == 0,
                Some(root),
                t
            ],
        )
        .await;
        insert(
            db,
            "INSERT INTO meeting_assignees (meeting_id, user_id, assigned_at, \
             assigned_by_user_id) VALUES ($1, $2, $3, NULL)",
            args![meeting, user, t],
        )
        .await;
        insert(
            db,
            "INSERT INTO meeting_reminders (meeting_id, reminder_type, scheduled_at, \
             sent_at, notification_channels, status, error_message, created_at) VALUES ($1, \
             'one_day', $2, $3, $4, 'sent', NULL, $5)",
            args![
                meeting,
                t + Duration::days(6),
                Some(t + Duration::days(6)),
                json!(["email", "system"]),
                t
            ],
        )
        .await;
        let reminder: i64 = db
            .scalar(
                "SELECT id FROM meeting_reminders WHERE meeting_id = $1",
                args![meeting],
            )
            .await
            .unwrap();
        insert(
            db,
            "INSERT INTO reminder_deliveries (reminder_id, scheduled_at, device_id, user_id, \
             status, error_message, claimed_at, finished_at) VALUES ($1, $2, $3, $4, 'failed', \
             $5, $6, $7)",
            args![
                reminder,
                t + Duration::days(6),
                format!("device-{i}"),
                user,
                "没有通知服务",
                t,
                (i % 2 == 0).then_some(t)
            ],
        )
        .await;
        insert(
            db,
            "INSERT INTO reminder_emails (reminder_id, scheduled_at, device_id, status, \
             recipients, error_message, claimed_at, finished_at) VALUES ($1, $2, $3, 'sent', \
             $4, NULL, $5, $5)",
            args![
                reminder,
                t + Duration::days(6),
                "device-x",
                3_i32 + i as i32,
                t
            ],
        )
        .await;
        insert(
            db,
            "INSERT INTO smtp_settings (community_id, host, port, tls_mode, username, \
             password_encrypted, from_address, updated_at) VALUES ($1, 'smtp.example.org', \
             $2, 'starttls', $3, NULL, 'noreply@example.org', $4)",
            args![community, 587_i32, (i % 2 == 0).then_some("mailer"), t],
        )
        .await;
        insert(
            db,
            "INSERT INTO meeting_participants (meeting_id, name, email, source, \
             created_at) VALUES ($1, $2, $3, 'committee_import', $4)",
            args![
                meeting,
                format!("与会者 {i}"),
                format!("p{i}@example.org"),
                t
            ],
        )
        .await;
        insert(
            db,
            "INSERT INTO audit_logs (user_id, community_id, action, resource_type, \
             resource_id, details, ip_address, created_at) VALUES ($1, $2, 'test', 'content', \
             $3, $4, '127.0.0.1', $5)",
            args![
                Some(user),
                Some(community),
                Some(content),
                json!({"title": ["旧", "新"]}),
                t
            ],
        )
        .await;
        insert(
            db,
            "INSERT INTO password_reset_tokens (user_id, token, expires_at, used, \
             created_at) VALUES ($1, $2, $3, $4, $5)",
            args![
                user,
                format!("token-{i}"),
                t + Duration::hours(1),
                i % 2 == 1,
                t
            ],
        )
        .await;
        db.execute(
            "INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2, $3)",
            args![format!("test.key.{i}"), format!("值 {i}"), t],
        )
        .await
        .unwrap();
    }
    // An id gap: the copy must keep ids, not renumber.
    let gap = insert(
        db,
        "INSERT INTO users (username, email, hashed_password, created_at, \
         updated_at) VALUES ('gone', 'gone@example.org', 'x', $1, $1)",
        args![now],
    )
    .await;
    db.execute("DELETE FROM users WHERE id = $1", args![gap])
        .await
        .unwrap();
    insert(
        db,
        "INSERT INTO users (username, email, hashed_password, created_at, updated_at) \
         VALUES ('after-gap', 'after@example.org', 'x', $1, $1)",
        args![now],
    )
    .await;
}

/// Every row of every table, typed and normalised (times in µs UTC, JSON parsed, booleans).
pub async fn dump(db: &Db) -> BTreeMap<&'static str, Vec<Vec<Arg>>> {
    let mut out = BTreeMap::new();
    for table in TABLES {
        out.insert(table.name, read_table(db, table).await.unwrap());
    }
    out
}

pub async fn counts(db: &Db) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for table in TABLES {
        let n: i64 = db
            .scalar(&format!("SELECT count(*) FROM {}", table.name), args![])
            .await
            .unwrap();
        out.insert(table.name.to_string(), n);
    }
    out
}

/// What a half-applied `create_community` would break: every community has its admin
/// membership and its audit entry (all three are written in one transaction).
pub async fn assert_communities_whole(db: &Db) {
    let orphans: i64 = db
        .scalar(
            "SELECT count(*) FROM communities c WHERE NOT EXISTS (SELECT 1 FROM community_users \
             cu WHERE cu.community_id = c.id AND cu.role = 'admin') OR NOT EXISTS (SELECT 1 FROM \
             audit_logs a WHERE a.action = 'create_community' AND a.resource_id = c.id)",
            args![],
        )
        .await
        .unwrap();
    assert_eq!(
        orphans, 0,
        "a community without its membership or audit entry"
    );
    let stray: i64 = db
        .scalar(
            "SELECT count(*) FROM audit_logs a WHERE a.action = 'create_community' AND NOT \
             EXISTS (SELECT 1 FROM communities c WHERE c.id = a.resource_id)",
            args![],
        )
        .await
        .unwrap();
    assert_eq!(stray, 0, "an audit entry for a community that is not there");
}

pub async fn integrity_ok(db: &Db) {
    let rows: Vec<(String,)> = db
        .fetch_all("PRAGMA integrity_check", args![])
        .await
        .unwrap();
    assert_eq!(rows, vec![("ok".to_string(),)]);
}

/// Every file under `dir` with its bytes: compared before and after a refused restore.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                out.insert(format!("{rel}/"), vec![]);
                walk(base, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}
