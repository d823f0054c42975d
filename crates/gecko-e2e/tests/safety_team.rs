//! Moving to a team server through the real window: first-run setup → a community → Settings →
//! "copy my data there, then switch" to an empty PostgreSQL database → sign in again → the
//! community is on the server; the administrators' `pg_dump` line is shown, and the team
//! database is copied back into a local file.
//!
//! Needs `GECKO_TEST_PG_URL` (skipped without it, except under CI=true); each run creates its
//! own empty database on that server.

use gecko_core::db::{parse_pg_url, Db};
use gecko_e2e::{App, ROOT_PASSWORD};

/// A new, empty database on the test server; returns its URL.
async fn empty_database(base: &str) -> String {
    let admin = Db::connect_postgres(parse_pg_url(base).expect("GECKO_TEST_PG_URL"))
        .await
        .expect("connect to the test server");
    let name = format!("gecko_e2e_{:08x}", std::process::id() ^ 0x5afe);
    admin
        .execute(&format!("DROP DATABASE IF EXISTS {name}"), vec![])
        .await
        .expect("drop old test database");
    admin
        .execute(&format!("CREATE DATABASE {name}"), vec![])
        .await
        .expect("create test database");
    admin.close().await;
    let (server, _) = base.rsplit_once('/').expect("URL names a database");
    format!("{server}/{name}")
}

async fn scroll_to_dump_command(app: &App) {
    let script = "document.querySelector('[data-testid=\"team-dump-command\"]').scrollIntoView()";
    app.client
        .execute(script, vec![])
        .await
        .expect("scroll to the pg_dump line");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn safety_move_to_team_server_flow() {
    let Some(base) = std::env::var("GECKO_TEST_PG_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI needs GECKO_TEST_PG_URL"
        );
        eprintln!("warning: GECKO_TEST_PG_URL not set; team server flow skipped");
        return;
    };
    let url = empty_database(&base).await;
    let files = tempfile::tempdir().unwrap();
    let copy = files.path().join("team-copy.db");

    let mut app = App::launch("safety-team").await;
    app.setup_root().await;
    app.create_community("Open Euler", "openeuler", false).await;

    app.click("nav-settings").await;
    app.wait("[data-page=\"settings\"]").await;
    app.type_into("db-url", &url).await;
    app.shot("move-to-server-zh").await;
    app.click("db-move").await;
    let confirm = app.wait(".el-message-box .el-button--primary").await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    confirm.click().await.expect("confirm move");

    // The same accounts sign in on the server, and the community came along.
    app.sign_in("root", ROOT_PASSWORD).await;
    // The local key came along: no team-key dialog should stand in the way; if one shows
    // (a key created on the server), acknowledge it.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    if app.exists("[data-testid=\"team-key-saved\"]").await {
        app.click("team-key-saved").await;
    }
    app.click("nav-communities").await;
    app.wait_id("community-row-openeuler").await;

    // Team server tools in Settings → Database.
    app.click("nav-settings").await;
    app.wait_id("team-dump-command").await;
    let command = app.text("team-dump-command").await;
    assert!(command.contains("pg_dump"), "{command}");
    assert!(command.contains("PGPASSWORD=<password>"), "{command}");
    scroll_to_dump_command(&app).await;
    app.shot("team-tools-zh").await;
    app.type_into("team-copy-path", &copy.display().to_string())
        .await;
    app.click("team-copy").await;
    for _ in 0..100 {
        if copy.is_file() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    app.click("lang-toggle").await;
    app.wait_text("team-copy", "Copy into file").await;
    scroll_to_dump_command(&app).await;
    app.shot("team-tools-en").await;
    app.click("nav-backups").await;
    app.wait("[data-page=\"backups\"]").await;
    app.shot("backups-on-team-server-en").await;
    app.quit().await;

    // On the server and in the copied file: the community made on the local database.
    let server = Db::connect_postgres(parse_pg_url(&url).unwrap())
        .await
        .unwrap();
    let slugs: Vec<(String,)> = server
        .fetch_all("SELECT slug FROM communities", vec![])
        .await
        .unwrap();
    assert_eq!(slugs, vec![("openeuler".to_string(),)]);
    server.close().await;
    let local = Db::open_sqlite(&copy).await.expect("the copied file opens");
    let slugs: Vec<(String,)> = local
        .fetch_all("SELECT slug FROM communities", vec![])
        .await
        .unwrap();
    assert_eq!(slugs, vec![("openeuler".to_string(),)]);
    local.close().await;

    let admin = Db::connect_postgres(parse_pg_url(&base).unwrap())
        .await
        .unwrap();
    let name = url.rsplit('/').next().unwrap();
    let _ = admin
        .execute(
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            vec![],
        )
        .await;
    admin.close().await;
}
