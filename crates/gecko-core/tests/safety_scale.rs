//! Backup, restore and move at the size the spec names (§11: 12,000 contents, 48,000 publish
//! records, 120,000 audit entries), with timings printed. Ignored by default (about a minute
//! in a debug build); run with `cargo test -p gecko-core --test safety_scale -- --ignored
//! --nocapture`.

#[path = "safety_common/mod.rs"]
mod common;

use common::{counts, integrity_ok};
use gecko_core::args;
use gecko_core::db::Db;
use gecko_core::safety::{copy_database, restore_into, verify_backup, DB_FILE_NAME};
use gecko_core::testing::{self, setup_root};
use std::time::Instant;

#[tokio::test]
#[ignore = "a measurement, about a minute in a debug build"]
async fn backup_restore_and_move_at_five_years_of_ten_communities() {
    let t = testing::sqlite().await;
    let clock = testing::test_clock();
    let root = t.client(&clock);
    setup_root(&root).await;
    let body = "正文 lorem ipsum ".repeat(120);
    let fill = [
        "INSERT INTO communities (name, slug, settings, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) \
         SELECT 'c' || i, 'c' || i, '{}', '2026-01-01T00:00:00.000000Z', \
         '2026-01-01T00:00:00.000000Z' FROM n",
        "INSERT INTO contents (community_id, title, content_markdown, content_html, tags, \
         created_at, updated_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n \
         WHERE i < 12000) SELECT 1 + i % 10, 'title ' || i, $1, '<p>' || $1 || '</p>', \
         '[\"a\",\"b\"]', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z' FROM n",
        "INSERT INTO publish_records (content_id, community_id, channel, status, created_at) \
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 47999) \
         SELECT 1 + i / 4, 1 + (i / 4) % 10, 'wechat', 'published', \
         '2026-01-01T00:00:00.000000Z' FROM n",
        "INSERT INTO audit_logs (community_id, action, resource_type, resource_id, details, \
         created_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \
         120000) SELECT 1 + i % 10, 'update_content', 'content', i, \
         '{\"title\":[\"old\",\"new\"]}', '2026-01-01T00:00:00.000000Z' FROM n",
    ];
    for sql in fill {
        if sql.contains("$1") {
            t.db.execute(sql, args![body.clone()]).await.unwrap();
        } else {
            t.db.execute(sql, args![]).await.unwrap();
        }
    }
    let before = counts(&t.db).await;
    let db_bytes = std::fs::metadata(t.dir.path().join("test.db"))
        .unwrap()
        .len();

    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("scale.tar.gz");
    let started = Instant::now();
    let info = root.backup_now(dest.clone()).await.unwrap();
    let backup_ms = started.elapsed().as_millis();

    let started = Instant::now();
    verify_backup(&dest).await.unwrap();
    let verify_ms = started.elapsed().as_millis();

    let data = tempfile::tempdir().unwrap();
    let started = Instant::now();
    restore_into(data.path(), &dest).await.unwrap();
    let restore_ms = started.elapsed().as_millis();
    let restored = Db::open_sqlite(&data.path().join(DB_FILE_NAME))
        .await
        .unwrap();
    integrity_ok(&restored).await;
    assert_eq!(counts(&restored).await["contents"], before["contents"]);

    eprintln!(
        "database {db_bytes} bytes; backup {} bytes in {backup_ms} ms; verify {verify_ms} ms; \
         restore {restore_ms} ms",
        info.size
    );
    if let Some(pg) = testing::postgres().await {
        let started = Instant::now();
        let report = copy_database(&t.db, &pg.db).await.unwrap();
        eprintln!(
            "move to PostgreSQL: {} rows in {} ms (measured {} ms)",
            report.total_rows,
            report.millis,
            started.elapsed().as_millis()
        );
        assert_eq!(counts(&pg.db).await, counts(&t.db).await);
    }
}
