//! Times every list, dashboard and calendar command on a generated database and prints p50 /
//! p95 / max next to its target.
//!
//! `gecko-bench sqlite <file>` or `gecko-bench postgres <url>` (seed it first with
//! `gecko-seed`); `--runs N` repeats each operation N times (default 30); `--only TEXT` runs only the
//! operations whose name contains TEXT.

use chrono::{Duration as Days, TimeZone, Utc};
use gecko_bench::stats::{ms, summarize};
use gecko_core::auth::LoginInput;
use gecko_core::content::{ContentFilter, ContentSort, ContentStatus, SortDirection, WorkStatus};
use gecko_core::dashboards::analytics::AnalyticsQuery;
use gecko_core::dashboards::audit_log::{AuditFilter, AuditPageRequest};
use gecko_core::dashboards::my_work::{MyWorkFilter, WorkItemKind};
use gecko_core::dashboards::overview::CalendarRange;
use gecko_core::dashboards::Granularity;
use gecko_core::db::{Backend, Db};
use gecko_core::governance::calendar::MeetingFilter;
use gecko_core::publish::wechat::{render, WechatTheme};
use gecko_core::{Core, CoreConfig};
use std::future::Future;
use std::time::{Duration, Instant};

struct Bench {
    runs: usize,
    /// Only operations whose name contains this run (`--only`).
    only: Option<String>,
    target_ms: f64,
    rows: Vec<(String, f64, f64, f64)>,
}

impl Bench {
    async fn time<T, F, Fut>(&mut self, name: &str, mut op: F)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = gecko_core::Result<T>>,
    {
        if self
            .only
            .as_deref()
            .is_some_and(|only| !name.contains(only))
        {
            return;
        }
        let mut samples: Vec<Duration> = Vec::with_capacity(self.runs);
        for _ in 0..self.runs {
            let started = Instant::now();
            if let Err(e) = op().await {
                eprintln!("{name}: {}", e.message);
                std::process::exit(1);
            }
            samples.push(started.elapsed());
        }
        let s = summarize(samples);
        let row = (name.to_string(), ms(s.p50), ms(s.p95), ms(s.max));
        let verdict = if row.2 <= self.target_ms {
            "ok"
        } else {
            "MISS"
        };
        println!(
            "{:<44} {:>8.2} {:>8.2} {:>8.2}   {verdict}",
            row.0, row.1, row.2, row.3
        );
        self.rows.push(row);
    }
}

fn filter(edit: impl FnOnce(&mut ContentFilter)) -> ContentFilter {
    let mut f = ContentFilter::default();
    edit(&mut f);
    f
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (kind, target) = match (args.first(), args.get(1)) {
        (Some(k), Some(t)) => (k.clone(), t.clone()),
        _ => {
            eprintln!(
                "usage: gecko-bench (sqlite <file> | postgres <url>) [--runs N] [--only TEXT]"
            );
            std::process::exit(2)
        }
    };
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let db = match kind.as_str() {
        "sqlite" => Db::open_sqlite(std::path::Path::new(&target)).await,
        _ => Db::open_postgres(&target).await,
    }
    .expect("open the database");
    let media = std::env::temp_dir().join("gecko-bench-media");
    let core = Core::new(db.clone(), CoreConfig::new(media));
    core.login(LoginInput {
        login: "user01".into(),
        password: gecko_bench::seed::PASSWORD.into(),
    })
    .await
    .expect("sign in as user01 (seed the database with gecko-seed first)");
    let community: i64 = db
        .scalar(
            "SELECT id FROM communities WHERE slug = 'community-01'",
            vec![],
        )
        .await
        .expect("community-01");
    core.switch_community(community)
        .await
        .expect("switch community");
    let me: i64 = db
        .scalar("SELECT id FROM users WHERE username = 'user01'", vec![])
        .await
        .unwrap();

    let target_ms = if db.backend() == Backend::Sqlite {
        50.0
    } else {
        100.0
    };
    println!(
        "backend {kind}, {runs} runs each, target p95 < {target_ms} ms\n{:<44} {:>8} {:>8} {:>8}",
        "operation (ms)", "p50", "p95", "max"
    );
    let mut bench = Bench {
        runs,
        only,
        target_ms,
        rows: Vec::new(),
    };
    let core = &core;

    bench
        .time("content list, first page", || {
            core.list_contents(filter(|_| {}))
        })
        .await;
    bench
        .time("content list, status", || {
            core.list_contents(filter(|f| f.status = Some(ContentStatus::Reviewing)))
        })
        .await;
    bench
        .time("content list, work status", || {
            core.list_contents(filter(|f| f.work_status = Some(WorkStatus::InProgress)))
        })
        .await;
    bench
        .time("content list, category", || {
            core.list_contents(filter(|f| f.category = Some("release".into())))
        })
        .await;
    bench
        .time("content list, tag", || {
            core.list_contents(filter(|f| f.tag = Some("rust".into())))
        })
        .await;
    bench
        .time("content list, owner", || {
            core.list_contents(filter(|f| f.owner_id = Some(me)))
        })
        .await;
    bench
        .time("content list, assignee", || {
            core.list_contents(filter(|f| f.assignee_id = Some(me)))
        })
        .await;
    bench
        .time("content list, sorted by title asc", || {
            core.list_contents(filter(|f| {
                f.sort = ContentSort::Title;
                f.direction = SortDirection::Asc;
            }))
        })
        .await;
    bench
        .time("content list, text search 'kubernetes'", || {
            core.list_contents(filter(|f| f.search = Some("kubernetes".into())))
        })
        .await;
    bench
        .time("content list, text search '发布'", || {
            core.list_contents(filter(|f| f.search = Some("发布".into())))
        })
        .await;
    let month = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    bench
        .time("content calendar, one month", || {
            core.content_calendar(month, month + Days::days(31))
        })
        .await;
    bench
        .time("meeting calendar, one month", || {
            core.meeting_calendar(MeetingFilter {
                from: Some(month),
                to: Some(month + Days::days(31)),
                committee_id: None,
                status: None,
            })
        })
        .await;
    bench
        .time("governance overview", || core.governance_overview())
        .await;

    bench
        .time("community overview", || core.community_overview(community))
        .await;
    bench
        .time("overview calendar, one month", || {
            core.overview_calendar(CalendarRange {
                community_id: community,
                from: month,
                to: month + Days::days(31),
            })
        })
        .await;
    bench
        .time("my work", || core.my_work(MyWorkFilter::default()))
        .await;
    bench
        .time("my work, meetings in progress", || {
            core.my_work(MyWorkFilter {
                kind: Some(WorkItemKind::Meeting),
                work_status: Some(WorkStatus::InProgress),
            })
        })
        .await;
    bench
        .time("workload overview", || core.workload_overview())
        .await;
    let today = Utc::now().date_naive();
    for (label, days, granularity) in [
        ("analytics, 30 days by day", 29, Granularity::Day),
        ("analytics, one year by week", 364, Granularity::Week),
        (
            "analytics, five years by month",
            5 * 365,
            Granularity::Month,
        ),
    ] {
        bench
            .time(label, || {
                core.community_analytics(AnalyticsQuery {
                    community_id: community,
                    from: today - Days::days(days),
                    to: today,
                    granularity,
                })
            })
            .await;
    }
    let audit = |filter: AuditFilter| AuditPageRequest {
        filter,
        after: None,
        limit: None,
    };
    bench
        .time("audit log, first page", || {
            core.list_audit_log(audit(AuditFilter {
                community_id: Some(community),
                ..AuditFilter::default()
            }))
        })
        .await;
    bench
        .time("audit log, every community, first page", || {
            core.list_audit_log(audit(AuditFilter::default()))
        })
        .await;
    bench
        .time("audit log, by user and action", || {
            core.list_audit_log(audit(AuditFilter {
                community_id: Some(community),
                username: Some("user02".into()),
                action: Some("update_content".into()),
                ..AuditFilter::default()
            }))
        })
        .await;
    bench
        .time("audit log, one month", || {
            core.list_audit_log(audit(AuditFilter {
                community_id: Some(community),
                from: Some(month),
                to: Some(month + Days::days(31)),
                ..AuditFilter::default()
            }))
        })
        .await;

    let longest = gecko_bench::corpus::markdown_articles()
        .into_iter()
        .max_by_key(|(_, body)| body.len())
        .unwrap();
    bench
        .time(&format!("WeChat HTML of {}", longest.0), || async {
            Ok(render(&longest.1, WechatTheme::default()))
        })
        .await;
    let docx = std::fs::read_dir(gecko_bench::corpus::corpus_dir().join("docx"))
        .unwrap()
        .flatten()
        .max_by_key(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .unwrap()
        .path();
    let bytes = std::fs::read(&docx).unwrap();
    let name = docx.file_name().unwrap().to_string_lossy().into_owned();
    bench
        .time(&format!("import {name}"), || {
            core.import_content(name.clone(), bytes.clone())
        })
        .await;

    let misses = bench.rows.iter().filter(|r| r.2 > target_ms).count();
    println!(
        "{misses} of {} operations miss the target",
        bench.rows.len()
    );
}
