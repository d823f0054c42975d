//! Test support: run the same test body on a temporary SQLite file and on a fresh schema of a
//! real PostgreSQL server.
//!
//! PostgreSQL comes from `GECKO_TEST_PG_URL`. Without it the PostgreSQL half is skipped with a
//! warning, except under `CI=true`, where a missing server fails the test: CI must never pass
//! on one backend only.

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
