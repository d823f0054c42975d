//! Test support: run the same test body on a temporary SQLite file and on a fresh schema of a
//! real PostgreSQL server.
//!
//! PostgreSQL comes from `GECKO_TEST_PG_URL`. Without it the PostgreSQL half is skipped with a
//! warning, except under `CI=true`, where a missing server fails the test: CI must never pass
//! on one backend only.

pub mod wechat_server;

use crate::clock::ManualClock;
use crate::db::{Backend, Db};
use crate::{Core, CoreConfig};
use chrono::{TimeZone, Utc};
use sqlx::postgres::PgConnectOptions;
use std::future::Future;
use std::str::FromStr;
use std::sync::Arc;

pub struct TestDb {
    pub db: Db,
    pub dir: tempfile::TempDir,
}

impl TestDb {
    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// A new client (its own session) on this database, with a fast bcrypt and a manual clock
    /// shared by all its clients.
    pub fn client(&self, clock: &ManualClock) -> Core {
        let mut config = CoreConfig::new(self.dir.path().join("media"));
        config.bcrypt_cost = 4;
        Core::with_clock(self.db.clone(), config, Arc::new(clock.clone()))
    }
}

pub fn test_clock() -> ManualClock {
    ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap())
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open_sqlite(&dir.path().join("test.db"))
        .await
        .expect("open sqlite");
    TestDb { db, dir }
}

/// A fresh schema on the test server, or `None` when no server is configured outside CI.
pub async fn postgres() -> Option<TestDb> {
    let url = match std::env::var("GECKO_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("CI=true but GECKO_TEST_PG_URL is not set: the PostgreSQL tests cannot run");
            }
            eprintln!("warning: GECKO_TEST_PG_URL not set; PostgreSQL half skipped");
            return None;
        }
    };
    let schema = format!("t_{}", rand::random::<u64>());
    let base = PgConnectOptions::from_str(&url).expect("GECKO_TEST_PG_URL is not a valid URL");
    let admin = Db::connect_postgres(base.clone())
        .await
        .expect("connect to test PostgreSQL");
    admin
        .execute(&format!("CREATE SCHEMA {schema}"), vec![])
        .await
        .expect("create test schema");
    admin.close().await;
    let db = Db::connect_postgres(base.options([("search_path", schema.as_str())]))
        .await
        .expect("connect to test schema");
    db.migrate().await.expect("migrate test schema");
    Some(TestDb {
        db,
        dir: tempfile::tempdir().expect("temp dir"),
    })
}

/// Runs `body` once per backend; a failure names the backend.
pub async fn each_backend<F, Fut>(body: F)
where
    F: Fn(TestDb) -> Fut,
    Fut: Future<Output = ()>,
{
    eprintln!("-- backend: sqlite");
    body(sqlite().await).await;
    if let Some(pg) = postgres().await {
        eprintln!("-- backend: postgres");
        body(pg).await;
    }
}

/// Completes first-run setup on `core` and returns it signed in as superuser `root`.
pub async fn setup_root(core: &Core) {
    core.first_run().await.expect("first run");
    core.complete_setup(crate::auth::SetupInput {
        username: "root".into(),
        email: "root@example.org".into(),
        full_name: "Root".into(),
        password: PASSWORD.into(),
    })
    .await
    .expect("complete setup");
}

pub const PASSWORD: &str = "correct horse battery";

/// Signs `core` in as `login`.
pub async fn sign_in(core: &Core, login: &str) {
    core.login(crate::auth::LoginInput {
        login: login.into(),
        password: PASSWORD.into(),
    })
    .await
    .unwrap_or_else(|e| panic!("sign in as {login}: {e}"));
}

/// Who may call a command, as the permission matrix checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A setting of this computer, not of the shared data (language, which database).
    Local,
    /// Works without a session (sign in, first run).
    Public,
    /// Only the default administrator, during first-run setup.
    Setup,
    /// Any signed-in user, on their own things.
    SignedIn,
    /// Members of the community that owns the object.
    Member,
    /// Admins of the community that owns the object.
    Admin,
    /// The object's owner, collaborators (or, for the work status, assignees) and the admins of
    /// its community: a plain member with no part in it is refused like a non-admin.
    Editor,
    /// Superusers only.
    Superuser,
}

/// Every command the app exposes, with its access rule. The shell's tests check that this list
/// matches the registered commands exactly; the core's matrix test walks all of it.
pub const COMMANDS: &[(&str, Access)] = &[
    ("app_info", Access::Local),
    ("set_language", Access::Local),
    ("test_database", Access::Local),
    ("switch_database", Access::Local),
    ("ui_ready", Access::Local),
    ("first_run", Access::Public),
    ("login", Access::Public),
    ("logout", Access::Public),
    ("current_session", Access::Public),
    ("complete_setup", Access::Setup),
    ("switch_community", Access::Member),
    ("list_users", Access::Superuser),
    ("search_users", Access::Admin),
    ("create_user", Access::Superuser),
    ("update_user", Access::Superuser),
    ("set_user_active", Access::Superuser),
    ("set_superuser", Access::Superuser),
    ("set_user_password", Access::Superuser),
    ("change_own_password", Access::SignedIn),
    ("list_communities", Access::Superuser),
    ("get_community", Access::Member),
    ("create_community", Access::Superuser),
    ("update_community", Access::Admin),
    ("set_community_active", Access::Superuser),
    ("delete_community", Access::Superuser),
    ("list_members", Access::Member),
    ("add_member", Access::Admin),
    ("set_member_role", Access::Admin),
    ("remove_member", Access::Admin),
    ("list_committees", Access::Member),
    ("get_committee", Access::Member),
    ("create_committee", Access::Admin),
    ("update_committee", Access::Admin),
    ("set_committee_active", Access::Admin),
    ("delete_committee", Access::Admin),
    ("list_committee_members", Access::Member),
    ("create_committee_member", Access::Admin),
    ("update_committee_member", Access::Admin),
    ("delete_committee_member", Access::Admin),
    ("preview_committee_member_import", Access::Admin),
    ("import_committee_members", Access::Admin),
    ("export_committee_members", Access::Member),
    ("governance_overview", Access::Member),
    ("meeting_calendar", Access::Member),
    ("get_meeting", Access::Member),
    ("create_meeting", Access::Admin),
    ("update_meeting", Access::Admin),
    ("delete_meeting", Access::Admin),
    ("set_meeting_assignees", Access::Admin),
    ("list_meeting_participants", Access::Member),
    ("add_meeting_participant", Access::Admin),
    ("remove_meeting_participant", Access::Admin),
    ("import_participants_from_committee", Access::Admin),
    ("add_meeting_attachment", Access::Admin),
    ("remove_meeting_attachment", Access::Admin),
    ("open_meeting_attachment", Access::Member),
    ("list_meeting_reminders", Access::Member),
    ("export_meeting_ics", Access::Member),
    ("export_community_meetings_ics", Access::Member),
    ("backup_overview", Access::Superuser),
    ("set_backup_settings", Access::Superuser),
    ("backup_now", Access::Superuser),
    ("check_backup", Access::Superuser),
    ("restore_backup", Access::Superuser),
    ("undo_restore", Access::Superuser),
    ("move_to_postgres", Access::Superuser),
    ("copy_to_local_file", Access::Superuser),
    ("team_backup_command", Access::Superuser),
    ("preview_markdown", Access::SignedIn),
    ("list_contents", Access::Member),
    ("get_content", Access::Member),
    ("create_content", Access::Member),
    ("import_content", Access::Member),
    ("update_content", Access::Editor),
    ("delete_content", Access::Editor),
    ("change_content_status", Access::Editor),
    ("change_work_status", Access::Editor),
    ("set_content_collaborators", Access::Editor),
    ("set_content_assignees", Access::Editor),
    ("transfer_content_ownership", Access::Editor),
    ("set_content_cover", Access::Editor),
    ("content_calendar", Access::Member),
    ("reschedule_content", Access::Editor),
    ("my_work", Access::SignedIn),
    ("set_work_item_status", Access::Member),
    ("community_overview", Access::Member),
    ("overview_calendar", Access::Member),
    ("workload_overview", Access::Superuser),
    ("community_analytics", Access::Member),
    ("list_audit_log", Access::Admin),
    ("export_audit_log", Access::Admin),
    ("unlock_secrets", Access::SignedIn),
    ("set_team_key", Access::SignedIn),
    ("get_channel_configs", Access::Admin),
    ("save_channel_config", Access::Admin),
    ("list_publish_candidates", Access::Member),
    ("preview_publish", Access::Member),
    ("publish_content", Access::Member),
    ("list_publish_records", Access::Member),
    ("mark_publish_record_published", Access::Member),
    ("add_content_analytics", Access::Member),
    ("list_content_analytics", Access::Member),
    ("get_app_smtp_settings", Access::Superuser),
    ("save_app_smtp_settings", Access::Superuser),
    ("send_app_test_mail", Access::Superuser),
    ("get_community_smtp_settings", Access::Admin),
    ("save_community_smtp_settings", Access::Admin),
    ("send_community_test_mail", Access::Admin),
    ("get_meeting_email_reminders", Access::Member),
    ("set_meeting_email_reminders", Access::Admin),
    ("password_reset_available", Access::Public),
    ("request_password_reset", Access::Public),
    ("reset_password_with_code", Access::Public),
];
