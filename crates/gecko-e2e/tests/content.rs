//! Content through the real window: setup → a community with a second (admin) user → write an
//! article (autosave) → submit → approve as the other admin → schedule → drag it on the
//! calendar to another day → the database has the new date at the same local time; then a
//! Word file from the corpus is imported and its images load in the preview. Screens in
//! Chinese and English.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use gecko_e2e::{corpus_file, open_db, testid, App};

const BOB_PASSWORD: &str = "bob password 123";

/// Community days are Asia/Shanghai days (UTC+8 all year).
fn shanghai_today() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

async fn content_id(app: &App, title: &str) -> i64 {
    let db = open_db(&app.data_dir()).await;
    db.scalar(
        "SELECT id FROM contents WHERE title = $1",
        gecko_core::args![title],
    )
    .await
    .unwrap()
}

async fn wait_saved(app: &App) {
    app.wait("[data-testid=\"content-save-state\"][data-state=\"saved\"]")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_flow() {
    let mut app = App::launch("content").await;
    app.setup_root().await;

    // A community, and bob as its second admin.
    app.create_community("Open Euler", "openeuler", false).await;
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    app.click("nav-users").await;
    app.click("user-new").await;
    app.type_into("user-username", "bob").await;
    app.type_into("user-email", "bob@example.org").await;
    app.type_into("user-fullname", "Bob Li").await;
    app.type_into("user-password", BOB_PASSWORD).await;
    app.click("user-save").await;
    app.wait_id("user-row-bob").await;
    // Let the dialog's closing animation end before clicking behind it.
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    app.choose("community-switcher", "community-option-openeuler", None)
        .await;
    app.click("nav-members").await;
    app.click("member-add").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    app.choose("member-user-select", "member-option-bob", Some("bob"))
        .await;
    app.choose("member-role-select", "role-option-admin", None)
        .await;
    app.click("member-save").await;
    app.wait_id("member-row-bob").await;

    // Write an article.
    app.click("nav-content").await;
    app.wait("[data-page=\"content-list\"]").await;
    app.shot("content-list-empty-zh").await;
    app.click("content-new").await;
    app.wait("[data-page=\"content-editor\"]").await;
    app.type_into("content-title", "Release 24.03 notes").await;
    app.type_into("content-body", "# Release\u{E007}\u{E007}First draft.")
        .await;
    app.click("content-create").await;
    app.wait_id("content-status").await;
    let id = content_id(&app, "Release 24.03 notes").await;

    // Edit it: autosave writes it without a save button.
    let body = app.wait_id("content-body").await;
    body.send_keys("\u{E007}\u{E007}Second draft with **bold** news.\u{E007}\u{E007}- kernel 6.6\u{E007}- new installer")
        .await
        .unwrap();
    app.wait_text("content-preview", "new installer").await;
    wait_saved(&app).await;
    let db = open_db(&app.data_dir()).await;
    let body: String = db
        .scalar(
            "SELECT content_markdown FROM contents WHERE id = $1",
            gecko_core::args![id],
        )
        .await
        .unwrap();
    assert!(body.contains("Second draft"), "autosaved body: {body}");
    app.shot("content-editor-zh").await;

    // Someone else saves in between: the next autosave is a conflict, the dialog shows both
    // versions, and "keep mine" saves over the stored one.
    db.execute(
        "UPDATE contents SET content_markdown = 'Edited elsewhere', version = version + 1 \
         WHERE id = $1",
        gecko_core::args![id],
    )
    .await
    .unwrap();
    let body_input = app.wait_id("content-body").await;
    body_input.send_keys("\u{E007}- faster boot").await.unwrap();
    app.wait_text("conflict-stored-body", "Edited elsewhere")
        .await;
    app.wait_text("conflict-mine-body", "faster boot").await;
    app.shot("content-conflict-zh").await;
    app.click("conflict-keep-mine").await;
    wait_saved(&app).await;
    let body: String = db
        .scalar(
            "SELECT content_markdown FROM contents WHERE id = $1",
            gecko_core::args![id],
        )
        .await
        .unwrap();
    assert!(body.contains("faster boot"), "kept my version: {body}");
    assert!(!body.contains("Edited elsewhere"));

    // Submit for review as root, approve as bob.
    app.click("content-submit").await;
    app.wait("[data-testid=\"content-status\"][data-status=\"reviewing\"]")
        .await;
    app.sign_out().await;
    app.sign_in("bob", BOB_PASSWORD).await;
    app.click("nav-content").await;
    app.click(&format!("content-row-{id}")).await;
    app.click("content-approve").await;
    app.wait("[data-testid=\"content-status\"][data-status=\"approved\"]")
        .await;

    // Schedule it on the 10th of this month at 09:30, community time.
    let today = shanghai_today();
    let first = today.with_day(10).unwrap();
    let second = today.with_day(17).unwrap();
    app.type_into(
        "content-scheduled",
        &format!("{} 09:30\u{E007}", first.format("%Y-%m-%d")),
    )
    .await;
    app.click("content-title").await;
    wait_saved(&app).await;
    let stored: Option<DateTime<Utc>> = db
        .scalar(
            "SELECT scheduled_publish_at FROM contents WHERE id = $1",
            gecko_core::args![id],
        )
        .await
        .unwrap();
    let expected = first.and_hms_opt(1, 30, 0).unwrap().and_utc();
    assert_eq!(stored, Some(expected), "09:30 in Shanghai is 01:30 UTC");
    app.shot("content-editor-scheduled-zh").await;

    // The calendar shows it on the 10th; drag it to the 17th.
    app.click("nav-content-calendar").await;
    app.wait("[data-page=\"content-calendar\"]").await;
    let event = testid(&format!("calendar-event-{id}"));
    app.wait(&format!("{event}[data-day=\"{first}\"]")).await;
    app.shot("content-calendar-zh").await;
    app.drag(
        &event,
        &format!("td.fc-daygrid-day[data-date=\"{second}\"]"),
    )
    .await;
    app.wait(&format!("{event}[data-day=\"{second}\"]")).await;
    let mut moved = None;
    for _ in 0..50 {
        moved = db
            .scalar(
                "SELECT scheduled_publish_at FROM contents WHERE id = $1",
                gecko_core::args![id],
            )
            .await
            .unwrap();
        if moved != Some(expected) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(
        moved,
        Some(second.and_hms_opt(1, 30, 0).unwrap().and_utc()),
        "same local time on the new day"
    );
    app.shot("content-calendar-after-drag-zh").await;

    // Import a Word file with images: the preview loads them from the media folder.
    let docx = corpus_file("docx/images-inline-and-floating.docx");
    app.click("nav-content").await;
    app.type_into("content-import-path", docx.to_str().unwrap())
        .await;
    app.click("content-import-go").await;
    app.wait("[data-page=\"content-editor\"]").await;
    app.wait("[data-testid=\"content-preview\"] img").await;
    let mut loaded = serde_json::Value::Null;
    for _ in 0..50 {
        loaded = app
            .eval(
                "const imgs = [...document.querySelectorAll('[data-testid=\"content-preview\"] img')];\
                 return imgs.map(i => i.complete ? i.naturalWidth : 0);",
            )
            .await;
        if loaded
            .as_array()
            .is_some_and(|a| a.iter().all(|w| w.as_u64() > Some(0)))
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let widths = loaded.as_array().cloned().unwrap_or_default();
    assert!(!widths.is_empty(), "the imported preview has images");
    assert!(
        widths.iter().all(|w| w.as_u64() > Some(0)),
        "every preview image loaded: {widths:?}"
    );
    app.shot("content-import-preview-zh").await;

    // The same pages in English.
    app.click("lang-toggle").await;
    app.wait_text("nav-content", "Content").await;
    app.shot("content-editor-en").await;
    app.click("nav-content").await;
    app.wait(&testid(&format!("content-row-{id}"))).await;
    app.shot("content-list-en").await;
    app.click("nav-content-calendar").await;
    app.wait(&event).await;
    app.shot("content-calendar-en").await;
    app.quit().await;
}
