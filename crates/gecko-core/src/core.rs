//! The `Core`: one open database, one signed-in session, and the checks every command starts
//! with.
//!
//! The session lives here, not in the UI. Each command re-reads the signed-in user, so a
//! deactivation or a lost membership takes effect on the very next call. Objects are always
//! looked up inside the session's current community, so another community's object is simply
//! "not found".

use crate::clock::{now_micros, Clock, SystemClock};
use crate::db::Db;
use crate::error::{CoreError, ErrorCode, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct CoreConfig {
    /// bcrypt cost; 12 in the app, lower in tests only.
    pub bcrypt_cost: u32,
    /// Folder for images, covers and attachments.
    pub media_dir: PathBuf,
}

impl CoreConfig {
    pub fn new(media_dir: PathBuf) -> Self {
        CoreConfig {
            bcrypt_cost: 12,
            media_dir,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    User,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "user" => Some(Role::User),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Session {
    pub user_id: i64,
    pub community_id: Option<i64>,
}

/// The signed-in user, freshly read for this command.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: i64,
    pub username: String,
    pub is_superuser: bool,
}

/// An actor acting inside its current community.
#[derive(Debug, Clone)]
pub struct Scope {
    pub actor: Actor,
    pub community_id: i64,
    /// Superusers act as admins everywhere.
    pub role: Role,
}

impl Scope {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    pub fn user_id(&self) -> i64 {
        self.actor.id
    }
}

pub struct Core {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: CoreConfig,
    pub(crate) session: Mutex<Option<Session>>,
    pub(crate) login_guard: Mutex<crate::auth::LoginGuard>,
    /// Bumped when meetings, their people or the session change, so the reminder scheduler
    /// wakes and recomputes its next time (see [`Core::watch_reminders`]).
    pub(crate) reminders_changed: tokio::sync::watch::Sender<u64>,
    /// The unlocked secret key and the WeChat token cache.
    pub(crate) publish: crate::publish::PublishState,
}

#[derive(sqlx::FromRow)]
struct ActorRow {
    id: i64,
    username: String,
    is_active: bool,
    is_superuser: bool,
    is_default_admin: bool,
}

impl Core {
    pub fn new(db: Db, config: CoreConfig) -> Core {
        Core::with_clock(db, config, Arc::new(SystemClock))
    }

    pub fn with_clock(db: Db, config: CoreConfig, clock: Arc<dyn Clock>) -> Core {
        Core {
            db,
            clock,
            config,
            session: Mutex::new(None),
            login_guard: Mutex::new(Default::default()),
            reminders_changed: tokio::sync::watch::Sender::new(0),
            publish: Default::default(),
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn config(&self) -> &CoreConfig {
        &self.config
    }

    pub fn now(&self) -> DateTime<Utc> {
        now_micros(self.clock.as_ref())
    }

    pub(crate) fn session(&self) -> Option<Session> {
        self.session
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub(crate) fn set_session(&self, session: Option<Session>) {
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = session;
        self.reminders_changed();
    }

    /// Tells the reminder scheduler that what it waits for may have changed.
    pub(crate) fn reminders_changed(&self) {
        self.reminders_changed
            .send_modify(|n| *n = n.wrapping_add(1));
    }

    /// A receiver that sees a change whenever a meeting, its assignees or participants, or the
    /// session change in this client. Changes written by other clients of a shared database
    /// are not seen here: the scheduler's capped sleep catches those.
    pub fn watch_reminders(&self) -> tokio::sync::watch::Receiver<u64> {
        self.reminders_changed.subscribe()
    }

    async fn load_actor(&self) -> Result<(Actor, bool)> {
        let session = self.session().ok_or_else(CoreError::unauthenticated)?;
        let row: Option<ActorRow> = self
            .db
            .fetch_optional(
                "SELECT id, username, is_active, is_superuser, is_default_admin FROM users \
                 WHERE id = $1",
                crate::args![session.user_id],
            )
            .await?;
        match row {
            Some(r) if r.is_active => Ok((
                Actor {
                    id: r.id,
                    username: r.username,
                    is_superuser: r.is_superuser,
                },
                r.is_default_admin,
            )),
            _ => {
                self.set_session(None);
                Err(CoreError::unauthenticated())
            }
        }
    }

    /// The signed-in user. The default administrator gets `SetupRequired` here: it may only
    /// complete the first-run setup.
    pub async fn actor(&self) -> Result<Actor> {
        let (actor, is_default_admin) = self.load_actor().await?;
        if is_default_admin {
            return Err(CoreError::new(
                ErrorCode::SetupRequired,
                "Finish the first-run setup before doing anything else.",
                "请先完成首次设置。",
            ));
        }
        Ok(actor)
    }

    /// The signed-in default administrator, for the setup command only.
    pub(crate) async fn default_admin(&self) -> Result<Actor> {
        let (actor, is_default_admin) = self.load_actor().await?;
        if !is_default_admin {
            return Err(CoreError::forbidden());
        }
        Ok(actor)
    }

    pub async fn superuser(&self) -> Result<Actor> {
        let actor = self.actor().await?;
        if !actor.is_superuser {
            return Err(CoreError::forbidden());
        }
        Ok(actor)
    }

    /// The actor's role in `community_id`, or "not found" when it may not see it.
    pub async fn role_in(&self, actor: &Actor, community_id: i64) -> Result<Role> {
        let row: Option<(String, bool)> = self
            .db
            .fetch_optional(
                "SELECT COALESCE(cu.role, ''), c.is_active FROM communities c \
                 LEFT JOIN community_users cu ON cu.community_id = c.id AND cu.user_id = $2 \
                 WHERE c.id = $1",
                crate::args![community_id, actor.id],
            )
            .await?;
        let not_found = || CoreError::not_found(("community", "社区"));
        let (role, active) = row.ok_or_else(not_found)?;
        if actor.is_superuser {
            return Ok(Role::Admin);
        }
        match Role::parse(&role) {
            Some(role) if active => Ok(role),
            _ => Err(not_found()),
        }
    }

    /// The actor inside its current community.
    pub async fn scope(&self) -> Result<Scope> {
        let actor = self.actor().await?;
        let community_id = self.session().and_then(|s| s.community_id).ok_or_else(|| {
            CoreError::new(
                ErrorCode::NotFound,
                "Choose a community first.",
                "请先选择一个社区。",
            )
        })?;
        let role = self.role_in(&actor, community_id).await?;
        Ok(Scope {
            actor,
            community_id,
            role,
        })
    }

    /// Like [`Core::scope`] but only for the community's admins (and superusers).
    pub async fn admin_scope(&self) -> Result<Scope> {
        let scope = self.scope().await?;
        if !scope.is_admin() {
            return Err(CoreError::forbidden());
        }
        Ok(scope)
    }
}
