//! Signing in and out, the first-run setup, and slowing down password guessing.
//!
//! Wrong password, unknown user and deactivated user all get the same answer, and an unknown
//! user still costs one bcrypt verification so timing tells nothing either. After
//! [`FREE_ATTEMPTS`] failures for one name, each further attempt waits twice as long as the
//! last, up to [`MAX_LOCK`].

use crate::audit::{self, AuditEntry};
use crate::core::{Core, Role, Session};
use crate::db::Backend;
use crate::error::{CoreError, ErrorCode, Result};
use crate::users::{self, NewUser, UserView};
use chrono::{DateTime, Duration, Utc};
use rand::distr::{Alphanumeric, SampleString};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;

mod session;
mod setup;

pub const FREE_ATTEMPTS: u32 = 5;
pub const FIRST_LOCK_SECONDS: i64 = 30;
pub const MAX_LOCK: Duration = Duration::minutes(15);
pub const DEFAULT_ADMIN_USERNAME: &str = "admin";

#[derive(Debug, Default)]
pub(crate) struct LoginGuard {
    failures: HashMap<String, (u32, Option<DateTime<Utc>>)>,
}

impl LoginGuard {
    fn locked_until(&self, key: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.failures
            .get(key)
            .and_then(|(_, until)| *until)
            .filter(|until| *until > now)
    }

    fn fail(&mut self, key: &str, now: DateTime<Utc>) {
        let entry = self.failures.entry(key.to_string()).or_insert((0, None));
        entry.0 += 1;
        if entry.0 >= FREE_ATTEMPTS {
            let doublings = (entry.0 - FREE_ATTEMPTS).min(10);
            let wait = Duration::seconds(FIRST_LOCK_SECONDS << doublings).min(MAX_LOCK);
            entry.1 = Some(now + wait);
        }
    }

    fn succeed(&mut self, key: &str) {
        self.failures.remove(key);
    }
}

/// What the UI should show when the app opens.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FirstRun {
    /// Real users exist: show the sign-in screen.
    Ready,
    /// The database was empty; this session is signed in as the default administrator and must
    /// complete setup. On a shared server the password is shown once, so that a colleague on
    /// another computer can complete setup instead.
    SetupRequired {
        username: String,
        one_time_password: Option<String>,
    },
    /// Another client created the default administrator; sign in with the password it showed.
    AwaitingSetup { username: String },
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct LoginInput {
    /// Username or email.
    pub login: String,
    pub password: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct SetupInput {
    pub username: String,
    pub email: String,
    pub full_name: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MyCommunity {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub role: Role,
    pub timezone: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SessionInfo {
    pub user: UserView,
    pub is_default_admin: bool,
    pub communities: Vec<MyCommunity>,
    pub current_community_id: Option<i64>,
    pub backend: Backend,
}

fn invalid_credentials() -> CoreError {
    CoreError::new(
        ErrorCode::InvalidCredentials,
        "The username or password is incorrect.",
        "用户名或密码错误。",
    )
}

#[derive(sqlx::FromRow)]
struct LoginRow {
    id: i64,
    hashed_password: String,
    is_active: bool,
}

/// A hash of a random password, verified against when the user is unknown so that the answer
/// takes as long as for a real account.
fn decoy_hash(cost: u32) -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| bcrypt::hash("decoy-password-never-used", cost).unwrap_or_default())
}

impl Core {
    pub async fn login(&self, input: LoginInput) -> Result<SessionInfo> {
        let login = input.login.trim().to_lowercase();
        let now = self.now();
        let row: Option<LoginRow> = self
            .db
            .fetch_optional(
                "SELECT id, hashed_password, is_active FROM users \
                 WHERE lower(username) = $1 OR lower(email) = $1",
                crate::args![&login],
            )
            .await?;
        // Failures count per account, whichever of its names was typed.
        let key = match &row {
            Some(r) => format!("user:{}", r.id),
            None => format!("login:{login}"),
        };
        if let Some(until) = self.guard().locked_until(&key, now) {
            let wait = (until - now).num_seconds().max(1);
            return Err(CoreError::new(
                ErrorCode::RateLimited,
                format!("Too many failed attempts. Try again in {wait} seconds."),
                format!("失败次数过多，请 {wait} 秒后再试。"),
            ));
        }

        let hash = row
            .as_ref()
            .map(|r| r.hashed_password.as_str())
            .unwrap_or_else(|| decoy_hash(self.config.bcrypt_cost));
        let password_ok = bcrypt::verify(&input.password, hash).unwrap_or(false);

        match row {
            Some(r) if password_ok && r.is_active => {
                self.guard().succeed(&key);
                let mut tx = self.db.begin().await?;
                audit::record(
                    &mut tx,
                    now,
                    AuditEntry::new("login", "user").by(r.id).resource(r.id),
                )
                .await?;
                tx.commit().await?;
                let community_id = self.default_community(r.id).await?;
                self.set_session(Some(Session {
                    user_id: r.id,
                    community_id,
                }));
                self.session_info().await
            }
            row => {
                self.guard().fail(&key, now);
                let mut tx = self.db.begin().await?;
                let entry =
                    AuditEntry::new("login_failed", "user").details(json!({ "login": login }));
                let entry = match row {
                    Some(r) => entry.resource(r.id),
                    None => entry,
                };
                audit::record(&mut tx, now, entry).await?;
                tx.commit().await?;
                Err(invalid_credentials())
            }
        }
    }

    pub async fn logout(&self) -> Result<()> {
        if let Some(session) = self.session() {
            let mut tx = self.db.begin().await?;
            audit::record(
                &mut tx,
                self.now(),
                AuditEntry::new("logout", "user")
                    .by(session.user_id)
                    .resource(session.user_id),
            )
            .await?;
            tx.commit().await?;
        }
        self.set_session(None);
        Ok(())
    }

    async fn default_community(&self, user_id: i64) -> Result<Option<i64>> {
        self.db
            .scalar_optional(
                "SELECT c.id FROM communities c JOIN community_users cu ON cu.community_id = c.id \
                 WHERE cu.user_id = $1 AND c.is_active ORDER BY c.name LIMIT 1",
                crate::args![user_id],
            )
            .await
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, LoginGuard> {
        self.login_guard.lock().unwrap_or_else(|p| p.into_inner())
    }
}
