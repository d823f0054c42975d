//! Data safety through the real window: first-run setup → a community → back up now → a second
//! community → a foreign file is refused → restore the backup → sign in again → the second
//! community is gone, the first is there; the files and the database on disk are checked; and
//! undoing the restore brings the second community back.
//!
//! Native file dialogs cannot be clicked through WebDriver, so the test types the paths into
//! the text fields next to the "Choose…" buttons.

use gecko_e2e::{open_db, testid, App, ROOT_PASSWORD};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn safety_backup_and_restore_flow() {
    let mut app = App::launch("safety").await;
    let files = tempfile::tempdir().unwrap();
    let backup = files.path().join("before-volcano.tar.gz");
    let foreign = files.path().join("holiday-photos.tar.gz");
    std::fs::write(&foreign, b"these are not the bytes of a backup").unwrap();

    app.setup_root().await;
    app.create_community("Open Euler", "openeuler", false).await;

    // Back up now, to a path the test controls.
    app.click("nav-backups").await;
    app.wait("[data-page=\"backups\"]").await;
    app.shot("backups-zh").await;
    app.type_into("backup-path", &backup.display().to_string())
        .await;
    app.click("backup-now").await;
    app.wait_text("backup-last-result", "before-volcano.tar.gz")
        .await;
    assert!(backup.is_file(), "the backup file was written");
    app.shot("backed-up-zh").await;

    // The automatic backup of the first start is listed with its date and size.
    let listed = app.text("backup-list").await;
    assert!(
        listed.contains("opengecko-backup-"),
        "automatic backup listed: {listed}"
    );

    // Something changes after the backup.
    app.create_community("Volcano", "volcano", false).await;

    // A file that is not a backup is refused with a clear message, and nothing changes.
    app.click("nav-backups").await;
    app.wait("[data-page=\"backups\"]").await;
    app.type_into("restore-path", &foreign.display().to_string())
        .await;
    app.click("restore-check").await;
    app.wait_id("restore-path-error").await;
    let refusal = app.text("restore-path-error").await;
    assert!(!refusal.is_empty());
    app.shot("foreign-file-refused-zh").await;

    // Restore the backup: the check shows what it holds before anything is replaced.
    app.replace_text("restore-path", &backup.display().to_string())
        .await;
    app.click("restore-check").await;
    app.wait_id("restore-summary").await;
    assert_eq!(app.text("restore-communities").await, "1");
    app.shot("restore-confirm-zh").await;
    app.click("restore-confirm").await;

    // Everyone is signed out; the accounts are the backup's.
    app.wait("[data-page=\"login\"]").await;
    app.shot("signed-out-after-restore").await;
    app.sign_in("root", ROOT_PASSWORD).await;
    app.click("nav-communities").await;
    app.wait_id("community-row-openeuler").await;
    app.wait_gone(&testid("community-row-volcano")).await;
    app.shot("communities-after-restore").await;

    // Undo is offered; English screens too.
    app.click("lang-toggle").await;
    app.click("nav-backups").await;
    app.wait("[data-page=\"backups\"]").await;
    app.wait_id("restore-undo").await;
    app.wait_text("backup-now", "Back up now").await;
    app.shot("backups-en").await;
    app.type_into("restore-path", &foreign.display().to_string())
        .await;
    app.click("restore-check").await;
    app.wait_text("restore-path-error", "backup").await;
    app.shot("foreign-file-refused-en").await;
    app.replace_text("restore-path", &backup.display().to_string())
        .await;
    app.click("restore-check").await;
    app.wait_id("restore-summary").await;
    app.shot("restore-confirm-en").await;
    app.click("restore-cancel").await;
    app.wait_gone(&testid("restore-summary")).await;
    app.click("nav-settings").await;
    app.wait("[data-page=\"settings\"]").await;
    app.shot("settings-database-en").await;

    // On disk: the restored database holds only the first community, the restore is audited,
    // and the database from before the restore is kept aside for undo.
    let db = open_db(&app.data_dir()).await;
    let slugs: Vec<(String,)> = db
        .fetch_all("SELECT slug FROM communities ORDER BY slug", vec![])
        .await
        .unwrap();
    assert_eq!(slugs, vec![("openeuler".to_string(),)]);
    let restores: i64 = db
        .scalar(
            "SELECT count(*) FROM audit_logs WHERE action = 'restore_database'",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(restores, 1);
    db.close().await;
    let kept_aside = std::fs::read_dir(app.data_dir())
        .unwrap()
        .flatten()
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("opengecko.db.before-restore-")
        });
    assert!(kept_aside, "the database from before the restore is kept");
    assert!(app.data_dir().join("backups").is_dir());

    // Undo the restore: the second community comes back.
    app.click("nav-backups").await;
    app.click("restore-undo").await;
    let confirm = app.wait(".el-message-box .el-button--primary").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    confirm.click().await.expect("confirm undo");
    app.sign_in("root", ROOT_PASSWORD).await;
    app.click("nav-communities").await;
    app.wait_id("community-row-volcano").await;
    app.shot("communities-after-undo-en").await;
    app.quit().await;
}
