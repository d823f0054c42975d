//! Shared set-up of the mail tests: SMTP settings pointing at the local test server, opening
//! the secrets, and more clients of the same database.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use gecko_core::clock::ManualClock;
use gecko_core::mail::sink::SmtpSink;
use gecko_core::mail::{SmtpSettingsInput, TlsMode};
use gecko_core::publish::secrets::FileKeyStore;
use gecko_core::testing::{self, TestDb};
use gecko_core::Core;

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Settings for the test server; with a password, user `mailer` signs in with it.
pub fn smtp(sink: &SmtpSink, password: Option<&str>) -> SmtpSettingsInput {
    SmtpSettingsInput {
        host: "127.0.0.1".into(),
        port: i32::from(sink.port),
        tls_mode: TlsMode::None,
        username: password.map(|_| "mailer".into()),
        password: password.map(str::to_string),
        from_address: "gecko@example.org".into(),
    }
}

pub async fn unlock(t: &TestDb, core: &Core) {
    core.unlock_secrets(&FileKeyStore::in_folder(t.dir.path()))
        .await
        .expect("unlock secrets");
}

/// The stored password column of the app's server (`None`) or a community's.
pub async fn stored_password(core: &Core, community_id: Option<i64>) -> Option<String> {
    let rows: Vec<(Option<i64>, Option<String>)> = core
        .db()
        .fetch_all(
            "SELECT community_id, password_encrypted FROM smtp_settings",
            vec![],
        )
        .await
        .unwrap();
    rows.into_iter()
        .find(|(c, _)| *c == community_id)
        .and_then(|(_, p)| p)
}

pub async fn client(t: &TestDb, clock: &ManualClock, login: &str) -> Core {
    let c = t.client(clock);
    testing::sign_in(&c, login).await;
    c
}
