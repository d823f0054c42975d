//! Dashboards through the real window: figures seeded through the core on the app's own SQLite
//! file, then my work, the community overview, analytics, workload and the audit log each show
//! them, in Chinese and in English; a work status changes in place and the audit log exports.

use chrono::{Duration, Utc};
use gecko_core::communities::CommunityInput;
use gecko_core::testing::{sign_in, PASSWORD};
use gecko_core::users::NewUser;
use gecko_core::{Core, CoreConfig, Role};
use gecko_e2e::{open_db, App, ROOT_PASSWORD};

const PAGES: [&str; 5] = ["overview", "my-work", "analytics", "workload", "audit"];

/// A community with three contents (two drafts assigned to root, one published on WeChat and
/// failed on Hugo), one upcoming meeting assigned to root, WeChat enabled. Returns
/// (draft D1 id, meeting id).
async fn seed(app: &App) -> (i64, i64) {
    let db = open_db(&app.data_dir()).await;
    let core = Core::new(db.clone(), CoreConfig::new(app.data_dir().join("media")));
    sign_in(&core, "root").await;
    let community = core
        .create_community(CommunityInput {
            name: "Dash Alpha".into(),
            slug: "dash-alpha".into(),
            description: String::new(),
            url: None,
            logo_url: None,
            timezone: "Asia/Shanghai".into(),
            language: "zh-CN".into(),
        })
        .await
        .unwrap();
    let bob = core
        .create_user(NewUser {
            username: "bob".into(),
            email: "bob@example.org".into(),
            full_name: "Bob Li".into(),
            password: PASSWORD.into(),
            is_superuser: false,
        })
        .await
        .unwrap();
    core.switch_community(community.id).await.unwrap();
    core.add_member(bob.id, Role::User).await.unwrap();
    let root_id: i64 = db
        .scalar("SELECT id FROM users WHERE username = 'root'", vec![])
        .await
        .unwrap();

    let now = Utc::now();
    let created = now - Duration::hours(2);
    for (title, status, work, scheduled) in [
        (
            "D1 草稿",
            "draft",
            "planning",
            Some(now + Duration::days(2)),
        ),
        (
            "D2 draft",
            "draft",
            "in_progress",
            Some(now + Duration::days(5)),
        ),
        ("D3 published", "published", "completed", None),
    ] {
        db.execute(
            "INSERT INTO contents (community_id, created_by_user_id, owner_id, title, author, \
             category, status, work_status, scheduled_publish_at, created_at, updated_at) \
             VALUES ($1, $2, $2, $3, 'Ann', 'news', $4, $5, $6, $7, $7)",
            gecko_core::args![
                community.id,
                root_id,
                title,
                status,
                work,
                scheduled,
                created
            ],
        )
        .await
        .unwrap();
    }
    let id = |title: &'static str| {
        let db = db.clone();
        async move {
            db.scalar::<i64>(
                "SELECT id FROM contents WHERE title = $1",
                gecko_core::args![title],
            )
            .await
            .unwrap()
        }
    };
    let (d1, d2, d3) = (
        id("D1 草稿").await,
        id("D2 draft").await,
        id("D3 published").await,
    );
    for content in [d1, d2] {
        db.execute(
            "INSERT INTO content_assignees (content_id, user_id, assigned_at) VALUES ($1, $2, $3)",
            gecko_core::args![content, root_id, created],
        )
        .await
        .unwrap();
    }
    for (channel, status, published) in [
        ("wechat", "published", Some(created)),
        ("hugo", "failed", None),
    ] {
        db.execute(
            "INSERT INTO publish_records (content_id, community_id, channel, status, \
             published_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            gecko_core::args![d3, community.id, channel, status, published, created],
        )
        .await
        .unwrap();
    }
    db.execute(
        "INSERT INTO content_analytics (publish_record_id, read_count, like_count, share_count, \
         comment_count, collected_at) SELECT id, 321, 12, 3, 4, $1 FROM publish_records \
         WHERE channel = 'wechat'",
        gecko_core::args![now],
    )
    .await
    .unwrap();
    db.execute(
        "INSERT INTO channel_configs (community_id, channel, enabled) VALUES ($1, 'wechat', $2)",
        gecko_core::args![community.id, true],
    )
    .await
    .unwrap();
    db.execute(
        "INSERT INTO committees (community_id, name, slug, created_at, updated_at) \
         VALUES ($1, 'TSC', 'tsc', $2, $2)",
        gecko_core::args![community.id, created],
    )
    .await
    .unwrap();
    db.execute(
        "INSERT INTO meetings (committee_id, community_id, title, scheduled_at, created_at, \
         updated_at) SELECT id, $1, 'TSC 例会', $2, $3, $3 FROM committees",
        gecko_core::args![community.id, now + Duration::days(3), created],
    )
    .await
    .unwrap();
    let meeting: i64 = db.scalar("SELECT id FROM meetings", vec![]).await.unwrap();
    db.execute(
        "INSERT INTO meeting_assignees (meeting_id, user_id, assigned_at) VALUES ($1, $2, $3)",
        gecko_core::args![meeting, root_id, created],
    )
    .await
    .unwrap();
    (d1, meeting)
}

async fn check_figures(app: &App) {
    app.click("nav-overview").await;
    app.wait("[data-page=\"overview\"]").await;
    app.wait_text("overview-status-draft", "2").await;
    assert_eq!(app.text("overview-status-published").await, "1");
    assert_eq!(app.text("overview-status-reviewing").await, "0");
    assert_eq!(app.text("overview-members").await, "2");
    assert_eq!(app.text("overview-committees").await, "1");
    assert_eq!(app.text("overview-upcoming-count").await, "1");
    assert_eq!(app.text("overview-channel-wechat").await, "1");
    app.wait("[data-testid=\"overview-calendar\"] .fc-event")
        .await;

    app.click("nav-analytics").await;
    app.wait("[data-page=\"analytics\"]").await;
    app.wait_text("analytics-total-contents", "3").await;
    assert_eq!(app.text("analytics-attempts").await, "2");
    assert_eq!(app.text("analytics-success-rate").await, "50.0%");
    assert_eq!(app.text("analytics-reads").await, "321");
    assert_eq!(app.text("analytics-comments").await, "4");

    app.click("nav-workload").await;
    app.wait("[data-page=\"workload\"]").await;
    app.wait_text("workload-total-root", "3").await;
    assert_eq!(app.text("workload-total-bob").await, "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboards_show_the_seeded_figures() {
    let mut app = App::launch("dashboards").await;

    // First-run setup, then the data through the core, then a fresh sign-in to see it.
    app.setup_root().await;
    let (d1, meeting) = seed(&app).await;
    app.sign_out().await;
    app.sign_in("root", ROOT_PASSWORD).await;
    app.choose("community-switcher", "community-option-dash-alpha", None)
        .await;

    check_figures(&app).await;

    // My work: counts, then a work status changed in place.
    app.click("nav-my-work").await;
    app.wait("[data-page=\"my-work\"]").await;
    app.wait_text("my-work-count-planning-value", "2").await;
    assert_eq!(app.text("my-work-count-in_progress-value").await, "1");
    assert_eq!(app.text("my-work-count-completed-value").await, "0");
    app.wait_id(&format!("my-work-item-meeting-{meeting}"))
        .await;
    app.shot("my-work-zh").await;
    app.choose(
        &format!("my-work-set-content-{d1}"),
        "my-work-set-option-completed",
        None,
    )
    .await;
    app.wait_text("my-work-count-completed-value", "1").await;
    assert_eq!(app.text("my-work-count-planning-value").await, "1");

    // Audit log: every entry for the superuser; export the view to a file.
    app.click("nav-audit").await;
    app.wait("[data-page=\"audit\"]").await;
    app.wait_id("audit-row-action").await;
    app.type_into("audit-action", "change_work_status").await;
    app.click("audit-search").await;
    app.wait_text("audit-shown", "1").await;
    app.shot("audit-zh").await;
    let csv_path = app.data_dir().join("audit-export.csv");
    app.click("audit-export").await;
    app.type_into("audit-export-path", &csv_path.display().to_string())
        .await;
    app.click("audit-export-confirm").await;
    for _ in 0..50 {
        if csv_path.exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Let the dialog's closing animation finish before clicking through the page again.
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let csv = std::fs::read_to_string(&csv_path).expect("the export wrote the file");
    assert!(csv.starts_with("\u{feff}id,time,user,community,action"));
    assert_eq!(csv.matches("change_work_status").count(), 1);

    // Screenshots of every page, in Chinese then in English.
    for lang in ["zh", "en"] {
        if lang == "en" {
            app.click("lang-toggle").await;
            app.wait_text("nav-members", "Members").await;
        }
        for page in PAGES {
            app.click(&format!("nav-{page}")).await;
            app.wait(&format!("[data-page=\"{page}\"]")).await;
            match page {
                "overview" => app.wait_text("overview-status-draft", "2").await,
                "analytics" => app.wait_text("analytics-reads", "321").await,
                "workload" => app.wait_text("workload-total-root", "3").await,
                _ => {}
            }
            app.shot(&format!("{page}-{lang}")).await;
        }
    }
    check_figures(&app).await;

    // The change made in the window is in the database, and audited once.
    let db = open_db(&app.data_dir()).await;
    let work: String = db
        .scalar(
            "SELECT work_status FROM contents WHERE id = $1",
            gecko_core::args![d1],
        )
        .await
        .unwrap();
    assert_eq!(work, "completed");
    app.quit().await;
}
