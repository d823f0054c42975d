//! Dashboards and the audit log at SPEC §11 size (10 communities, 12,000 contents, 48,000
//! publish records, 120,000 audit entries), on both backends. Timings are printed; the bounds
//! are loose because tests run unoptimised on a shared machine.

use chrono::NaiveDate;
use gecko_core::communities::CommunityInput;
use gecko_core::dashboards::analytics::AnalyticsQuery;
use gecko_core::dashboards::audit_log::{AuditFilter, AuditPageRequest};
use gecko_core::dashboards::Granularity;
use gecko_core::db::Backend;
use gecko_core::testing::{self, each_backend, setup_root};
use std::time::{Duration, Instant};

const BOUND: Duration = Duration::from_millis(250);

/// `n` rows from 1 to `count`, per backend, with `time(expr_minutes)` giving a stored instant.
fn numbers(backend: Backend, count: i64) -> String {
    match backend {
        Backend::Sqlite => format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) "
        ),
        Backend::Postgres => format!("WITH n(i) AS (SELECT generate_series(1, {count})) "),
    }
}

fn time(backend: Backend, minutes: &str) -> String {
    match backend {
        Backend::Sqlite => format!(
            "strftime('%Y-%m-%dT%H:%M:%S', '2022-01-01 00:00:00', '+' || ({minutes}) || \
             ' minutes') || '.000000Z'"
        ),
        Backend::Postgres => {
            format!("(TIMESTAMPTZ '2022-01-01 00:00:00+00' + ({minutes}) * INTERVAL '1 minute')")
        }
    }
}

#[tokio::test]
async fn dashboards_and_audit_pages_stay_fast_at_full_size() {
    each_backend(|t| async move {
        let clock = testing::test_clock();
        clock.set(
            chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z")
                .unwrap()
                .into(),
        );
        let root = t.client(&clock);
        setup_root(&root).await;
        let mut communities = Vec::new();
        for i in 0..10 {
            let c = root
                .create_community(CommunityInput {
                    name: format!("C{i}"),
                    slug: format!("c{i}"),
                    description: String::new(),
                    url: None,
                    logo_url: None,
                    timezone: "Asia/Shanghai".into(),
                    language: "zh-CN".into(),
                })
                .await
                .unwrap();
            communities.push(c.id);
        }
        let first = communities[0];
        let b = t.backend();
        let db = &t.db;
        let seeded = Instant::now();
        // Contents i in community (i % 10), one every 2 hours over ~2.7 years.
        db.execute(
            &format!(
                "{} INSERT INTO contents (community_id, title, author, category, status, \
                 work_status, created_at, updated_at) SELECT {first} + (i % 10), 'T' || i, \
                 'A' || (i % 7), 'K' || (i % 5), 'draft', 'planning', {t}, {t} FROM n",
                numbers(b, 12_000),
                t = time(b, "i * 120")
            ),
            vec![],
        )
        .await
        .unwrap();
        db.execute(
            &format!(
                "{} INSERT INTO publish_records (content_id, community_id, channel, status, \
                 published_at, created_at) SELECT c.id, c.community_id, \
                 CASE i % 4 WHEN 0 THEN 'wechat' WHEN 1 THEN 'hugo' WHEN 2 THEN 'csdn' \
                 ELSE 'zhihu' END, CASE WHEN i % 5 = 0 THEN 'failed' ELSE 'published' END, \
                 CASE WHEN i % 5 = 0 THEN NULL ELSE {t} END, {t} \
                 FROM n CROSS JOIN (SELECT MIN(id) AS base FROM contents) m \
                 JOIN contents c ON c.id = m.base + (i - 1) / 4",
                numbers(b, 48_000),
                t = time(b, "i * 30")
            ),
            vec![],
        )
        .await
        .unwrap();
        db.execute(
            &format!(
                "{} INSERT INTO audit_logs (user_id, community_id, action, resource_type, \
                 resource_id, details, created_at) SELECT NULL, {first} + (i % 10), \
                 CASE WHEN i % 3 = 0 THEN 'update' ELSE 'create' END, 'content', i, '{{}}', {t} \
                 FROM n",
                numbers(b, 120_000),
                t = time(b, "i * 12")
            ),
            vec![],
        )
        .await
        .unwrap();
        if b == Backend::Postgres {
            db.execute("ANALYZE", vec![]).await.unwrap();
        } else {
            db.execute("ANALYZE", vec![]).await.unwrap();
        }
        eprintln!("seeded in {:?}", seeded.elapsed());

        let mut timings = Vec::new();
        macro_rules! timed {
            ($name:expr, $e:expr) => {{
                let started = Instant::now();
                let out = $e;
                let took = started.elapsed();
                eprintln!("{:>28}: {:?}", $name, took);
                timings.push(($name, took));
                out
            }};
        }

        let all = AuditFilter::default();
        let one = AuditFilter {
            community_id: Some(first),
            ..Default::default()
        };
        let page = timed!("audit page 1 (all)", {
            root.list_audit_log(AuditPageRequest {
                filter: all.clone(),
                after: None,
                limit: Some(100),
            })
            .await
            .unwrap()
        });
        assert_eq!(page.entries.len(), 100);
        // Walk 60 pages of one community, then time the next one.
        let mut after = None;
        for _ in 0..60 {
            let p = root
                .list_audit_log(AuditPageRequest {
                    filter: one.clone(),
                    after,
                    limit: Some(100),
                })
                .await
                .unwrap();
            after = p.next;
        }
        let deep = timed!("audit page 61 (community)", {
            root.list_audit_log(AuditPageRequest {
                filter: one.clone(),
                after: after.clone(),
                limit: Some(100),
            })
            .await
            .unwrap()
        });
        assert_eq!(deep.entries.len(), 100);
        assert!(deep.entries.iter().all(|e| e.community_id == Some(first)));
        let filtered = timed!("audit page 1 (action)", {
            root.list_audit_log(AuditPageRequest {
                filter: AuditFilter {
                    action: Some("update".into()),
                    ..one.clone()
                },
                after: None,
                limit: Some(100),
            })
            .await
            .unwrap()
        });
        assert_eq!(filtered.entries.len(), 100);

        let overview = timed!(
            "community overview",
            root.community_overview(first).await.unwrap()
        );
        assert_eq!(overview.contents.draft, 1_200);
        let year = timed!("analytics 1 year by day", {
            root.community_analytics(AnalyticsQuery {
                community_id: first,
                from: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
                granularity: Granularity::Day,
            })
            .await
            .unwrap()
        });
        assert_eq!(year.trend.len(), 365);
        let all_time = timed!("analytics 5 years by month", {
            root.community_analytics(AnalyticsQuery {
                community_id: first,
                from: NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                granularity: Granularity::Month,
            })
            .await
            .unwrap()
        });
        assert_eq!(all_time.total_contents, 1_200);
        assert_eq!(all_time.publish_attempts, 4_800);
        timed!("workload", root.workload_overview().await.unwrap());
        let csv = timed!(
            "audit CSV of one community",
            root.audit_log_csv(one.clone()).await.unwrap()
        );
        // Header, 12,000 seeded entries and the community's own creation.
        assert_eq!(csv.matches("\r\n").count(), 12_002);

        for (name, took) in timings {
            if name != "audit CSV of one community" {
                assert!(took < BOUND, "{name}: {took:?}");
            }
        }
    })
    .await;
}
