//! Publishing through the real window: first-run setup → a community → an approved article
//! (seeded through the core into the app's SQLite file while the app runs: the content pages
//! are built on another branch) → channel settings → Hugo into a temporary site → WeChat into
//! the local stand-in of its API → Zhihu to the clipboard, marked published → analytics; then
//! the same pages in English. The database, the Hugo site and the WeChat server are checked.

use gecko_core::content::{ContentStatus, NewContent};
use gecko_core::testing::wechat_server::WechatServer;
use gecko_core::{Core, CoreConfig};
use gecko_e2e::{open_db, testid, App, ROOT_PASSWORD};
use std::path::Path;

const TITLE: &str = "Gecko 1.0: \"发布\" test";

/// A minimal Hugo site: a config and the two layouts Hugo needs to render posts.
fn hugo_site(dir: &Path) {
    std::fs::write(
        dir.join("config.toml"),
        "baseURL = 'https://example.org/'\ntitle = 'E2E site'\n",
    )
    .unwrap();
    let layouts = dir.join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(
        layouts.join("single.html"),
        "<h1>{{ .Title }}</h1>{{ .Content }}",
    )
    .unwrap();
    std::fs::write(
        layouts.join("list.html"),
        "{{ range .Pages }}{{ .Title }}{{ end }}",
    )
    .unwrap();
}

/// Seeds an approved article with a cover, signed in as root through a second core on the
/// app's database file.
async fn seed_article(data_dir: &Path, community_slug: &str) -> i64 {
    let media = data_dir.join("media");
    std::fs::create_dir_all(&media).unwrap();
    let mut cover = vec![0xFF, 0xD8, 0xFF, 0xE0];
    cover.resize(3000, 0);
    std::fs::write(media.join("cover.jpg"), cover).unwrap();

    let core = Core::new(open_db(data_dir).await, CoreConfig::new(media));
    core.login(gecko_core::auth::LoginInput {
        login: "root".into(),
        password: ROOT_PASSWORD.into(),
    })
    .await
    .unwrap();
    let session = core.current_session().await.unwrap().unwrap();
    let community = session
        .communities
        .iter()
        .find(|c| c.slug == community_slug)
        .unwrap();
    core.switch_community(community.id).await.unwrap();
    let content = core
        .create_content(NewContent {
            title: TITLE.into(),
            content_markdown: "## Why\n\nWe ship **today**. See [the site](https://example.org).\n\n\
                               - one\n  - nested\n\n```rust\nfn main() {\n    println!(\"hi\");\n}\n```\n"
                .into(),
            source_type: None,
            author: "Gecko Team".into(),
            tags: vec!["release".into(), "社区".into()],
            category: "news".into(),
            scheduled_publish_at: None,
        })
        .await
        .unwrap();
    let id = content.summary.id;
    for status in [ContentStatus::Reviewing, ContentStatus::Approved] {
        core.change_content_status(id, status).await.unwrap();
    }
    core.db()
        .execute(
            "UPDATE contents SET cover_image = 'cover.jpg' WHERE id = $1",
            gecko_core::args![id],
        )
        .await
        .unwrap();
    core.logout().await.unwrap();
    id
}

/// The newest record of `channel` for the content: (id, status, platform id, url).
async fn latest_record(
    data_dir: &Path,
    channel: &str,
) -> (i64, String, Option<String>, Option<String>) {
    open_db(data_dir)
        .await
        .fetch_one(
            "SELECT id, status, platform_article_id, platform_url FROM publish_records \
             WHERE channel = $1 ORDER BY id DESC LIMIT 1",
            gecko_core::args![channel],
        )
        .await
        .unwrap()
}

/// Waits until no dialog overlay is visible (closed dialogs stay in the page, hidden).
async fn no_open_dialog(app: &App) {
    let script = "return [...document.querySelectorAll('.el-overlay')]\
                  .every(e => getComputedStyle(e).display === 'none')";
    for _ in 0..50 {
        if app.client.execute(script, vec![]).await.ok() == Some(serde_json::Value::Bool(true)) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("a dialog stayed open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_flow() {
    let wechat = WechatServer::start("wxe2e0001", "e2e-app-secret-value").await;
    let site = tempfile::tempdir().unwrap();
    hugo_site(site.path());

    let mut app = App::launch("publishing").await;
    app.setup_root().await;
    app.create_community("Open Euler", "openeuler", true).await;
    let content_id = seed_article(&app.data_dir(), "openeuler").await;

    // Channels (Chinese first).
    app.click("nav-channels").await;
    app.wait("[data-page=\"channels\"]").await;
    app.shot("channels-empty").await;

    app.click("channel-hugo-enabled").await;
    app.type_into("channel-hugo-site-path", "relative/path")
        .await;
    app.click("channel-hugo-save").await;
    app.wait(".el-form-item.is-error").await;
    app.shot("channels-hugo-error").await;
    app.type_into("channel-hugo-site-path", &site.path().display().to_string())
        .await;
    app.type_into("channel-hugo-content-dir", "content/posts")
        .await;
    app.click("channel-hugo-save").await;
    app.wait_gone(".el-form-item.is-error").await;

    app.click("channel-wechat-enabled").await;
    app.type_into("channel-wechat-app-id", "wxe2e0001").await;
    app.type_into("channel-wechat-app-secret", "e2e-app-secret-value")
        .await;
    app.type_into("channel-wechat-api-base", &wechat.base_url)
        .await;
    app.click("channel-wechat-save").await;
    // The saved secret comes back masked: last four characters only.
    for _ in 0..50 {
        let shown = app
            .wait_id("channel-wechat-app-secret")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        if shown.starts_with("••••") {
            assert_eq!(shown, "••••alue");
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    app.click("channel-zhihu-enabled").await;
    app.click("channel-zhihu-save").await;
    app.click("channel-csdn-enabled").await;
    app.click("channel-csdn-save").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    app.shot("channels-saved").await;
    let configs: Vec<(String, bool)> = open_db(&app.data_dir())
        .await
        .fetch_all(
            "SELECT channel, enabled FROM channel_configs ORDER BY channel",
            vec![],
        )
        .await
        .unwrap();
    let enabled: Vec<(&str, bool)> = configs.iter().map(|(c, e)| (c.as_str(), *e)).collect();
    assert_eq!(
        enabled,
        vec![
            ("csdn", true),
            ("hugo", true),
            ("wechat", true),
            ("zhihu", true)
        ]
    );
    let stored: String = open_db(&app.data_dir())
        .await
        .scalar(
            "SELECT CAST(config AS TEXT) FROM channel_configs WHERE channel = 'wechat'",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        !stored.contains("e2e-app-secret-value"),
        "secret stored in clear"
    );

    // The publishing list shows the approved article.
    app.click("nav-publishing").await;
    app.wait("[data-page=\"publishing\"]").await;
    app.shot("publishing-list").await;
    app.click(&format!("publish-open-{content_id}")).await;
    app.wait("[data-page=\"publish\"]").await;

    // Hugo: the preview is the file; publishing writes it into the site.
    app.click("publish-channel-hugo").await;
    app.wait_text("preview-hugo-text", "opengecko_id").await;
    let preview = app.text("preview-hugo-text").await;
    app.shot("publish-hugo-preview").await;
    app.click("publish-submit").await;
    app.wait("[data-channel=\"hugo\"][data-status=\"published\"]")
        .await;
    let (_, status, path, _) = latest_record(&app.data_dir(), "hugo").await;
    assert_eq!(status, "published");
    let path = path.expect("the Hugo record names its file");
    assert!(path.starts_with("content/posts/"), "{path}");
    let written = std::fs::read_to_string(site.path().join(&path)).unwrap();
    assert_eq!(
        written.trim(),
        preview.trim(),
        "the preview is what was written"
    );
    assert!(written.starts_with("---\n"), "YAML front matter: {written}");
    let front = gecko_core::publish::hugo::parse_front_matter(&written).expect("front matter");
    assert_eq!(front.title, TITLE);
    assert_eq!(front.opengecko_id, content_id);
    assert!(!front.draft);
    assert_eq!(front.author, "Gecko Team");
    assert_eq!(front.tags, vec!["release".to_string(), "社区".to_string()]);
    assert!(
        front.date.ends_with("+08:00"),
        "date in the community's offset: {}",
        front.date
    );

    // WeChat: a themed preview in a sandboxed frame; publishing makes a draft on the server.
    app.click("publish-channel-wechat").await;
    let frame = app.wait_id("preview-wechat-frame").await;
    assert_eq!(frame.attr("sandbox").await.unwrap().as_deref(), Some(""));
    app.choose("wechat-theme", "theme-tech", None).await;
    app.shot("publish-wechat-preview").await;
    app.click("publish-submit").await;
    app.wait("[data-channel=\"wechat\"][data-status=\"draft\"]")
        .await;
    let (wechat_record, status, media_id, _) = latest_record(&app.data_dir(), "wechat").await;
    assert_eq!(status, "draft");
    let drafts = wechat.state.lock().unwrap().drafts.clone();
    assert_eq!(drafts.len(), 1);
    assert_eq!(media_id.as_deref(), Some("draft-1"));
    assert_eq!(drafts[0]["title"], TITLE);
    assert!(drafts[0]["content"].as_str().unwrap().contains("style="));
    app.shot("publish-wechat-draft").await;

    // Analytics entered by hand for the WeChat record.
    app.click(&format!("record-analytics-{wechat_record}"))
        .await;
    app.type_into("analytics-read_count", "120").await;
    app.type_into("analytics-like_count", "7").await;
    app.click("analytics-add").await;
    app.wait(&format!("{} .el-table__row", testid("analytics-table")))
        .await;
    app.shot("analytics").await;
    let counts: (i32, i32) = open_db(&app.data_dir())
        .await
        .fetch_one(
            "SELECT read_count, like_count FROM content_analytics WHERE publish_record_id = $1",
            gecko_core::args![wechat_record],
        )
        .await
        .unwrap();
    assert_eq!(counts, (120, 7));
    app.click("analytics-close").await;
    no_open_dialog(&app).await;

    // Zhihu: copy (rich text + plain text), then mark published with the article's URL.
    app.click("publish-channel-zhihu").await;
    app.wait_text("preview-zhihu-html", "<h2>").await;
    app.shot("publish-zhihu-preview").await;
    app.click("publish-submit").await;
    app.wait("[data-channel=\"zhihu\"][data-status=\"draft\"]")
        .await;
    let (zhihu_record, status, _, _) = latest_record(&app.data_dir(), "zhihu").await;
    assert_eq!(status, "draft");
    // The UI reports a successful clipboard write (rich text and plain text in one item).
    assert_eq!(
        app.attr("publish-submit", "data-copied").await.as_deref(),
        Some("true")
    );
    app.click(&format!("record-mark-{zhihu_record}")).await;
    app.type_into("mark-url", "not a url").await;
    app.click("mark-save").await;
    app.wait(".el-dialog .el-form-item.is-error").await;
    app.type_into("mark-url", "https://zhuanlan.zhihu.com/p/123")
        .await;
    app.click("mark-save").await;
    app.wait("[data-channel=\"zhihu\"][data-status=\"published\"]")
        .await;
    let (_, status, _, url) = latest_record(&app.data_dir(), "zhihu").await;
    assert_eq!(status, "published");
    assert_eq!(url.as_deref(), Some("https://zhuanlan.zhihu.com/p/123"));
    app.shot("publish-records").await;

    // English.
    app.click("lang-toggle").await;
    app.wait_text("nav-publishing", "Publishing").await;
    app.shot("publish-records-en").await;
    app.click("publish-channel-wechat").await;
    app.wait_id("preview-wechat-frame").await;
    app.shot("publish-wechat-en").await;
    app.click("publish-channel-csdn").await;
    app.wait_id("preview-csdn-text").await;
    app.shot("publish-csdn-en").await;
    app.click("nav-publishing").await;
    app.wait("[data-page=\"publishing\"]").await;
    app.shot("publishing-list-en").await;
    app.click("nav-channels").await;
    app.wait("[data-page=\"channels\"]").await;
    app.shot("channels-en").await;

    let content_status: String = open_db(&app.data_dir())
        .await
        .scalar(
            "SELECT status FROM contents WHERE id = $1",
            gecko_core::args![content_id],
        )
        .await
        .unwrap();
    assert_eq!(content_status, "published");
    app.quit().await;
}
