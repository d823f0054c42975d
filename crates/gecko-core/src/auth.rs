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
    /// Called once when the app opens a database: creates the default administrator on an
    /// empty database and tells the UI which screen to show.
    pub async fn first_run(&self) -> Result<FirstRun> {
        let default_admin: Option<(i64, String)> = self
            .db
            .fetch_optional(
                "SELECT id, username FROM users WHERE is_default_admin",
                crate::args![],
            )
            .await?;
        if let Some((_, username)) = default_admin {
            return Ok(FirstRun::AwaitingSetup { username });
        }
        let users: i64 = self
            .db
            .scalar("SELECT count(*) FROM users", crate::args![])
            .await?;
        if users > 0 {
            return Ok(FirstRun::Ready);
        }

        let password = Alphanumeric.sample_string(&mut rand::rng(), 20);
        let hash = users::hash_password(&password, self.config.bcrypt_cost)?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let inserted: Option<i64> = tx
            .scalar_optional(
                "INSERT INTO users (username, email, hashed_password, full_name, is_superuser, \
                 is_default_admin, created_at, updated_at) \
                 VALUES ($1, 'admin@localhost', $2, 'Default administrator', TRUE, TRUE, $3, $3) \
                 ON CONFLICT DO NOTHING RETURNING id",
                crate::args![DEFAULT_ADMIN_USERNAME, hash, now],
            )
            .await?;
        let Some(id) = inserted else {
            // Another client won the race and created it.
            return Ok(FirstRun::AwaitingSetup {
                username: DEFAULT_ADMIN_USERNAME.into(),
            });
        };
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("create_default_admin", "user").resource(id),
        )
        .await?;
        tx.commit().await?;

        self.set_session(Some(Session {
            user_id: id,
            community_id: None,
        }));
        let one_time_password = match self.db.backend() {
            Backend::Sqlite => None,
            Backend::Postgres => Some(password),
        };
        Ok(FirstRun::SetupRequired {
            username: DEFAULT_ADMIN_USERNAME.into(),
            one_time_password,
        })
    }

    /// Creates the first real superuser and deletes the default administrator, in one
    /// transaction; the session then belongs to the new superuser.
    pub async fn complete_setup(&self, input: SetupInput) -> Result<SessionInfo> {
        let default_admin = self.default_admin().await?;
        let new_user = NewUser {
            username: input.username,
            email: input.email,
            full_name: input.full_name,
            password: input.password,
            is_superuser: true,
        }
        .validated()?;
        let hash = users::hash_password(&new_user.password, self.config.bcrypt_cost)?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        tx.execute(
            "DELETE FROM users WHERE id = $1 AND is_default_admin",
            crate::args![default_admin.id],
        )
        .await?;
        let id = users::insert(&mut tx, &new_user, &hash, now).await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("complete_setup", "user")
                .by(id)
                .resource(id)
                .details(json!({ "username": new_user.username })),
        )
        .await?;
        tx.commit().await?;

        tracing::info!("first-run setup completed");
        self.set_session(Some(Session {
            user_id: id,
            community_id: None,
        }));
        self.session_info().await
    }

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

    /// Who is signed in, their communities and the current one; `None` when signed out.
    pub async fn current_session(&self) -> Result<Option<SessionInfo>> {
        if self.session().is_none() {
            return Ok(None);
        }
        match self.session_info().await {
            Ok(info) => Ok(Some(info)),
            Err(e) if e.is(ErrorCode::Unauthenticated) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn switch_community(&self, community_id: i64) -> Result<SessionInfo> {
        let actor = self.actor().await?;
        self.role_in(&actor, community_id).await?;
        self.set_session(Some(Session {
            user_id: actor.id,
            community_id: Some(community_id),
        }));
        self.session_info().await
    }

    pub(crate) async fn session_info(&self) -> Result<SessionInfo> {
        let session = self.session().ok_or_else(CoreError::unauthenticated)?;
        let user = users::find(&self.db, session.user_id)
            .await?
            .filter(|u| u.is_active)
            .ok_or_else(|| {
                self.set_session(None);
                CoreError::unauthenticated()
            })?;
        let is_default_admin: bool = self
            .db
            .scalar(
                "SELECT is_default_admin FROM users WHERE id = $1",
                crate::args![user.id],
            )
            .await?;
        let communities = self.my_communities(user.id, user.is_superuser).await?;
        // A community that disappeared or that the user left is no longer current.
        let current = session
            .community_id
            .filter(|id| communities.iter().any(|c| c.id == *id))
            .or_else(|| communities.first().map(|c| c.id));
        self.set_session(Some(Session {
            user_id: user.id,
            community_id: current,
        }));
        Ok(SessionInfo {
            user,
            is_default_admin,
            communities,
            current_community_id: current,
            backend: self.db.backend(),
        })
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

    /// The communities a user may switch to: its active memberships, or every community for a
    /// superuser.
    async fn my_communities(&self, user_id: i64, is_superuser: bool) -> Result<Vec<MyCommunity>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            name: String,
            slug: String,
            role: Option<String>,
            timezone: Option<String>,
        }
        let rows: Vec<Row> = self
            .db
            .fetch_all(
                "SELECT c.id, c.name, c.slug, cu.role, c.settings ->> 'timezone' AS timezone \
                 FROM communities c \
                 LEFT JOIN community_users cu ON cu.community_id = c.id AND cu.user_id = $1 \
                 WHERE ($2 OR (cu.user_id IS NOT NULL AND c.is_active)) ORDER BY c.name",
                crate::args![user_id, is_superuser],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| MyCommunity {
                id: r.id,
                name: r.name,
                slug: r.slug,
                role: if is_superuser {
                    Role::Admin
                } else {
                    r.role
                        .as_deref()
                        .and_then(Role::parse)
                        .unwrap_or(Role::User)
                },
                timezone: r
                    .timezone
                    .unwrap_or_else(|| crate::communities::DEFAULT_TIMEZONE.into()),
            })
            .collect())
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, LoginGuard> {
        self.login_guard.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl FirstRun {
    /// The variant's name, as serialised.
    pub fn kind(&self) -> &'static str {
        match self {
            FirstRun::Ready => "ready",
            FirstRun::SetupRequired { .. } => "setup_required",
            FirstRun::AwaitingSetup { .. } => "awaiting_setup",
        }
    }
}
