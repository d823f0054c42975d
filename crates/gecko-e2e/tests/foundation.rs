//! First-run setup → sign in → create communities → add a member → switch community →
//! switch language → sign out, through the real window; then the database is checked.

use gecko_e2e::{open_db, testid, App, ROOT_PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn foundation_flow() {
    let mut app = App::launch("foundation").await;

    // First run on an empty local database goes straight to setup.
    app.wait("[data-page=\"setup\"]").await;
    app.shot("setup").await;
    app.setup_root().await;
    app.shot("signed-in-after-setup").await;

    // Sign out, fail once, sign in.
    app.sign_out().await;
    app.type_into("login-username", "root").await;
    app.type_into("login-password", "wrong password").await;
    app.click("login-submit").await;
    app.wait_id("login-error").await;
    app.shot("login-error").await;
    app.type_into("login-password", ROOT_PASSWORD).await;
    app.click("login-submit").await;
    app.wait_text("current-user", "root").await;

    // Two communities.
    app.click("nav-communities").await;
    app.wait("[data-page=\"communities\"]").await;
    for (name, slug) in [("Open Euler", "openeuler"), ("Volcano", "volcano")] {
        app.click("community-new").await;
        app.type_into("community-name", name).await;
        app.type_into("community-slug", slug).await;
        app.type_into("community-description", &format!("{name} community"))
            .await;
        app.shot(&format!("community-form-{slug}")).await;
        app.click("community-save").await;
        app.wait_id(&format!("community-row-{slug}")).await;
    }
    app.shot("communities").await;

    // A user to add.
    app.click("nav-users").await;
    app.wait("[data-page=\"users\"]").await;
    app.click("user-new").await;
    app.type_into("user-username", "alice").await;
    app.type_into("user-email", "alice@example.org").await;
    app.type_into("user-fullname", "Alice Zhang").await;
    app.type_into("user-password", "alice password 1").await;
    app.click("user-save").await;
    app.wait_id("user-row-alice").await;
    app.shot("users").await;

    // Add alice to Open Euler.
    app.choose("community-switcher", "community-option-openeuler", None)
        .await;
    app.click("nav-members").await;
    app.wait("[data-page=\"members\"]").await;
    app.click("member-add").await;
    app.choose("member-user-select", "member-option-alice", Some("ali"))
        .await;
    app.choose("member-role-select", "role-option-user", None)
        .await;
    app.click("member-save").await;
    app.wait_id("member-row-alice").await;
    app.shot("members-openeuler").await;

    // Volcano's members do not include alice.
    app.choose("community-switcher", "community-option-volcano", None)
        .await;
    app.wait_id("member-row-root").await;
    app.wait_gone(&testid("member-row-alice")).await;
    app.shot("members-volcano").await;

    // English, on every page.
    let chinese = app.text("nav-members").await;
    app.click("lang-toggle").await;
    app.wait_text("nav-members", "Members").await;
    assert_ne!(chinese, app.text("nav-members").await);
    app.shot("members-en").await;
    for page in ["communities", "users", "settings"] {
        app.click(&format!("nav-{page}")).await;
        app.wait(&format!("[data-page=\"{page}\"]")).await;
        app.shot(&format!("{page}-en")).await;
    }

    app.sign_out().await;
    app.shot("signed-out-en").await;

    // What the UI did is in the database.
    let db = open_db(&app.data_dir()).await;
    let users: Vec<(String, bool)> = db
        .fetch_all(
            "SELECT username, is_superuser FROM users ORDER BY username",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(users, vec![("alice".into(), false), ("root".into(), true)]);
    let membership: Vec<(String, String)> = db
        .fetch_all(
            "SELECT c.slug, cu.role FROM community_users cu JOIN communities c ON c.id = \
             cu.community_id JOIN users u ON u.id = cu.user_id WHERE u.username = 'alice'",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(membership, vec![("openeuler".into(), "user".into())]);
    let failed: i64 = db
        .scalar(
            "SELECT count(*) FROM audit_logs WHERE action = 'login_failed'",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(failed, 1);
    app.quit().await;
}
