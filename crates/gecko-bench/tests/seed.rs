//! The generator makes the asked-for volume, the same twice for one seed, on both backends.

use chrono::{TimeZone, Utc};
use gecko_bench::{seed, Volume};
use gecko_core::testing::each_backend;

#[tokio::test]
async fn a_scaled_seed_has_the_right_counts_and_is_deterministic() {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    each_backend(|t| async move {
        let t = t; // keep the whole TestDb (its temp folder) alive
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let volume = Volume::scaled(100);
        let report = seed(&t.db, volume, 7, now).await.unwrap();
        let count = |table: &str| report.rows.iter().find(|(t, _)| *t == table).unwrap().1;
        assert_eq!(count("users"), 50);
        assert_eq!(count("communities"), 10);
        assert_eq!(count("contents"), 120);
        assert_eq!(count("publish_records"), 480);
        assert_eq!(count("meetings"), 6);
        assert_eq!(count("meeting_reminders"), 30);
        assert_eq!(count("meeting_participants"), 30);
        assert_eq!(count("committee_members"), 2);
        assert_eq!(count("audit_logs"), 1200);
        assert!(
            count("community_users") >= 50,
            "every user belongs somewhere"
        );

        // Same seed, same data: compare a fingerprint of the contents with a second database.
        let fingerprint = |db: gecko_core::db::Db| async move {
            let rows: Vec<(String, String, String)> = db
                .fetch_all(
                    "SELECT title, status, CAST(tags AS TEXT) FROM contents ORDER BY id",
                    vec![],
                )
                .await
                .unwrap();
            rows
        };
        let other = gecko_core::testing::sqlite().await;
        seed(&other.db, volume, 7, now).await.unwrap();
        let a = fingerprint(t.db.clone()).await;
        let b = fingerprint(other.db.clone()).await;
        assert_eq!(
            a.iter().map(|r| (&r.0, &r.1)).collect::<Vec<_>>(),
            b.iter().map(|r| (&r.0, &r.1)).collect::<Vec<_>>()
        );
    })
    .await;
}
